"""Criteria rasters: raw measures (distance, zone, attribute, slope) and their fuzzy standardisation.

Standardisation follows the fuzzy membership functions planners know from TerrSet/IDRISI FUZZY:
linear, sigmoid (cosine-squared) and J-shaped, increasing, decreasing or symmetric, with control
points in the measure's own unit (metres for distances, percent for slope).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import rasterio.warp

from layers.io import RasterLayer
from spatial.constraints import DistanceCache, select_features
from spatial.grid import Grid, rasterize_values
from spatial.policy import Criterion, Standardise


def _rising(x: np.ndarray, a: float, b: float, function: str) -> np.ndarray:
    """Membership rising from 0 at a to 1 at b (J-shaped: 0.5 at a and never quite 0 below it)."""
    t = np.clip((x - a) / (b - a), 0.0, 1.0)
    if function == "linear":
        return t
    if function == "sigmoid":
        return np.cos((1.0 - t) * np.pi / 2) ** 2
    below = np.minimum(x - b, 0.0) / (b - a)
    return 1.0 / (1.0 + below**2)


def _falling(x: np.ndarray, a: float, b: float, function: str) -> np.ndarray:
    """Membership 1 up to a, falling to 0 at b (J-shaped: 0.5 at b and never quite 0 beyond it)."""
    t = np.clip((x - a) / (b - a), 0.0, 1.0)
    if function == "linear":
        return 1.0 - t
    if function == "sigmoid":
        return np.cos(t * np.pi / 2) ** 2
    above = np.maximum(x - a, 0.0) / (b - a)
    return 1.0 / (1.0 + above**2)


def standardise(values: np.ndarray, spec: Standardise) -> np.ndarray:
    """Raw values to fuzzy membership in 0..1 (float32; NaN stays NaN)."""
    x = values.astype("float64", copy=False)
    c = spec.control
    if spec.direction == "increasing":
        out = _rising(x, c[0], c[1], spec.function)
    elif spec.direction == "decreasing":
        out = _falling(x, c[0], c[1], spec.function)
    else:
        out = np.minimum(_rising(x, c[0], c[1], spec.function), _falling(x, c[2], c[3], spec.function))
    out = np.where(np.isinf(x), 1.0 if spec.direction == "increasing" else 0.0, out)
    return np.where(np.isnan(x), np.nan, out).astype("float32")


def slope_percent(dem: RasterLayer, grid: Grid) -> np.ndarray:
    """Slope in percent on ``grid`` from a DEM in metres (bilinear resampling, then central differences)."""
    elevation = np.full(grid.shape, np.nan, dtype="float32")
    rasterio.warp.reproject(
        dem.values,
        elevation,
        src_transform=dem.transform,
        src_crs=dem.crs,
        dst_transform=grid.transform,
        dst_crs=grid.crs,
        src_nodata=np.nan,
        dst_nodata=np.nan,
        resampling=rasterio.warp.Resampling.bilinear,
    )
    dz_dy, dz_dx = np.gradient(elevation, grid.cell_m)
    return (np.hypot(dz_dx, dz_dy) * 100).astype("float32")


def raw_criterion(
    criterion: Criterion,
    grid: Grid,
    layers: dict[str, gpd.GeoDataFrame],
    cache: DistanceCache,
    *,
    dem: RasterLayer | None = None,
) -> np.ndarray | None:
    """The raw measure on the grid, or None when the criterion's layer is not available."""
    if criterion.measure == "slope_percent":
        return slope_percent(dem, grid) if dem is not None else None
    if criterion.measure == "distance":
        return cache.distance(layers, (criterion.layer,), criterion.where)
    features = select_features(layers, (criterion.layer,), criterion.where)
    if features is None:
        return None
    if criterion.measure == "zone":
        return rasterize_values(((g, 1.0) for g in features.geometry), grid)
    column = criterion.column or ""
    values = features[column].astype("Float64").fillna(0.0).astype(float)  # unset flags count as 0
    return rasterize_values(zip(features.geometry, values, strict=True), grid)
