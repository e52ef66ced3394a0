"""Rasters made light for a web map: warped to Web Mercator at screen resolution."""

from __future__ import annotations

import math

import numpy as np
import rasterio.warp
from affine import Affine

from spatial.grid import Grid

WEB_MERCATOR = "EPSG:3857"


def web_mercator(values: np.ndarray, grid: Grid, *, max_px: int = 1200) -> tuple[np.ndarray, list[list[float]]]:
    """``values`` warped (nearest cell) to Web Mercator, at most ``max_px`` wide or high, and its lat/lon bounds.

    Leaflet stretches an image overlay linearly between its corner coordinates in Web Mercator,
    so the raster must be in that projection to sit right on the map.
    """
    west, south, east, north = rasterio.warp.transform_bounds(grid.crs, WEB_MERCATOR, *grid.bounds)
    scale = max((east - west), (north - south)) / max_px
    width, height = math.ceil((east - west) / scale), math.ceil((north - south) / scale)
    out = np.full((height, width), np.nan, dtype="float32")
    rasterio.warp.reproject(
        values.astype("float32", copy=False),
        out,
        src_transform=grid.transform,
        src_crs=grid.crs,
        dst_transform=Affine(scale, 0, west, 0, -scale, north),
        dst_crs=WEB_MERCATOR,
        src_nodata=np.nan,
        dst_nodata=np.nan,
        resampling=rasterio.warp.Resampling.nearest,
    )
    lon0, lat0, lon1, lat1 = rasterio.warp.transform_bounds(WEB_MERCATOR, "EPSG:4326", west, south, east, north)
    return out, [[lat0, lon0], [lat1, lon1]]
