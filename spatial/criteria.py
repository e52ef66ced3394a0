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
from spatial.grid import Grid, rasterize_mask, rasterize_values
from spatial.policy import Criterion, Standardise


def _unit(x: np.ndarray, a: float, b: float, out: np.ndarray | None) -> np.ndarray:
    """(x - a) / (b - a) clipped to 0..1 in float32, written to ``out`` (NaN stays NaN, inf -> 1)."""
    t = np.subtract(x, np.float32(a), dtype="float32", out=out)
    t *= np.float32(1.0 / (b - a))
    return np.clip(t, 0.0, 1.0, out=t)


def _rising(x: np.ndarray, a: float, b: float, function: str, out: np.ndarray | None = None) -> np.ndarray:
    """Membership rising from 0 at a to 1 at b (J-shaped: 0.5 at a and never quite 0 below it)."""
    if function == "j_shaped":
        below = np.subtract(x, np.float32(b), dtype="float32", out=out)
        np.minimum(below, 0.0, out=below)
        below *= np.float32(1.0 / (b - a))
        below *= below
        below += 1.0
        return np.reciprocal(below, out=below)
    t = _unit(x, a, b, out)
    if function == "sigmoid":  # cos²((1 - t) π/2) = sin²(t π/2)
        t *= np.float32(np.pi / 2)
        np.sin(t, out=t)
        t *= t
    return t


def _falling(x: np.ndarray, a: float, b: float, function: str, out: np.ndarray | None = None) -> np.ndarray:
    """Membership 1 up to a, falling to 0 at b (J-shaped: 0.5 at b and never quite 0 beyond it)."""
    if function == "j_shaped":
        above = np.subtract(x, np.float32(a), dtype="float32", out=out)
        np.maximum(above, 0.0, out=above)
        above *= np.float32(1.0 / (b - a))
        above *= above
        above += 1.0
        return np.reciprocal(above, out=above)
    t = _unit(x, a, b, out)
    if function == "sigmoid":  # cos²(t π/2)
        t *= np.float32(np.pi / 2)
        np.cos(t, out=t)
        t *= t
        return t
    np.subtract(1.0, t, out=t)
    return t


def standardise(values: np.ndarray, spec: Standardise, *, out: np.ndarray | None = None) -> np.ndarray:
    """Raw values to fuzzy membership in 0..1 (float32, into ``out`` if given; NaN stays NaN, +inf is far)."""
    c = spec.control
    if spec.direction == "increasing":
        return _rising(values, c[0], c[1], spec.function, out)
    if spec.direction == "decreasing":
        return _falling(values, c[0], c[1], spec.function, out)
    rising = _rising(values, c[0], c[1], spec.function, out)
    return np.minimum(rising, _falling(values, c[2], c[3], spec.function), out=rising)


NON_NEGATIVE_MEASURES = ("distance", "slope_percent", "slope_degrees")  # no raw value of these is below 0


def standardisation_curve(
    spec: Standardise, points: int = 61, *, measure: str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The transformation as a curve to plot: raw values from a little before the first control point to a
    little after the last (never below 0 for a distance or a slope ``measure``), and their standardised values."""
    lo, hi = min(spec.control), max(spec.control)
    margin = 0.25 * (hi - lo) or 1.0
    start = lo - margin
    if measure in NON_NEGATIVE_MEASURES:
        start = max(start, min(lo, 0.0))
    raw = np.linspace(start, hi + margin, points)
    return raw, standardise(raw.astype("float32"), spec).astype(float)


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


def is_placeholder(criterion: Criterion, layers: dict[str, gpd.GeoDataFrame]) -> bool:
    """True for an attribute criterion whose column is missing or set for no feature (a placeholder, not data).

    Such a criterion is left out like a missing layer: scoring it as 0 everywhere would be a hidden penalty.
    """
    if criterion.measure != "attribute":
        return False
    features = select_features(layers, (criterion.layer,), criterion.where)
    if features is None:
        return False
    column = criterion.column or ""
    if column not in features:  # e.g. a planner's own counties without the deprived flags: no data, said loudly
        return True
    return bool(features[column].isna().all())


def raw_criterion(
    criterion: Criterion,
    grid: Grid,
    layers: dict[str, gpd.GeoDataFrame],
    cache: DistanceCache,
    *,
    slope: np.ndarray | None = None,
) -> np.ndarray | None:
    """The raw measure on the grid (a distance: of the cache's study cells, when it keeps those alone), or None
    when the criterion's layer is not available.

    ``slope`` is the slope in percent on the grid (from the DEM, computed once by the model), or None.
    """
    if criterion.measure in ("slope_percent", "slope_degrees"):
        if slope is None:
            return None
        return slope if criterion.measure == "slope_percent" else np.degrees(np.arctan(slope / 100)).astype("float32")
    if criterion.measure == "distance":
        return cache.distance(layers, (criterion.layer,), criterion.where)
    features = select_features(layers, (criterion.layer,), criterion.where)
    if features is None:
        return None
    if criterion.measure == "zone":
        return rasterize_mask(features.geometry, grid)  # bool: 1 inside, 0 outside
    column = criterion.column or ""
    values = features[column].astype("Float64").fillna(0.0).astype(float)  # unset flags of a filled table count as 0
    return rasterize_values(zip(features.geometry, values, strict=True), grid)
