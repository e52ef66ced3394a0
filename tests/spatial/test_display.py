"""Rasters for the web map: the cached cell lookup gives exactly GDAL's nearest-neighbour warp."""

from __future__ import annotations

import math

import numpy as np
import rasterio.warp
from affine import Affine

from spatial.display import WEB_MERCATOR, web_mercator
from spatial.grid import Grid


def _gdal_nearest(values: np.ndarray, grid: Grid, max_px: int) -> np.ndarray:
    west, south, east, north = rasterio.warp.transform_bounds(grid.crs, WEB_MERCATOR, *grid.bounds)
    scale = max(east - west, north - south) / max_px
    out = np.full((math.ceil((north - south) / scale), math.ceil((east - west) / scale)), np.nan, dtype="float32")
    rasterio.warp.reproject(
        values,
        out,
        src_transform=grid.transform,
        src_crs=grid.crs,
        dst_transform=Affine(scale, 0, west, 0, -scale, north),
        dst_crs=WEB_MERCATOR,
        src_nodata=np.nan,
        dst_nodata=np.nan,
        resampling=rasterio.warp.Resampling.nearest,
    )
    return out


def test_each_pixel_shows_the_cell_gdal_would_and_a_new_score_reuses_the_lookup() -> None:
    grid = Grid(west=300_000.0, north=4_300_000.0, cell_m=500.0, width=140, height=90)
    rng = np.random.default_rng(7)
    for _ in range(2):  # the second score is looked up through the cached cells
        values = rng.random(grid.shape).astype("float32")
        values[rng.random(grid.shape) < 0.3] = np.nan  # outside the study area
        image, bounds = web_mercator(values, grid, max_px=120)
        np.testing.assert_array_equal(image, _gdal_nearest(values, grid, 120))
    assert np.isnan(image).any() and not np.isnan(image).all()
    (south, west), (north, east) = bounds
    assert 48.5 < west < east < 50.5 and 38 < south < north < 39  # UTM 39N, 300-370 km E, 4,255-4,300 km N


def test_an_image_is_its_own_array_not_a_view_of_the_cache() -> None:
    grid = Grid(west=300_000.0, north=4_300_000.0, cell_m=1000.0, width=30, height=20)
    first, _ = web_mercator(np.ones(grid.shape, dtype="float32"), grid, max_px=40)
    second, _ = web_mercator(np.zeros(grid.shape, dtype="float32"), grid, max_px=40)
    assert np.nanmax(first) == 1 and np.nanmax(second) == 0


def test_cells_outside_where_are_blank_as_if_they_were_nan() -> None:
    grid = Grid(west=300_000.0, north=4_300_000.0, cell_m=500.0, width=60, height=40)
    values = np.random.default_rng(3).random(grid.shape).astype("float32")
    where = np.zeros(grid.shape, dtype=bool)
    where[:, :30] = True  # the western half is eligible
    image, _ = web_mercator(values, grid, max_px=80, where=where)
    np.testing.assert_array_equal(image, _gdal_nearest(np.where(where, values, np.nan), grid, 80))
