"""Rasters made light for a web map: warped to Web Mercator at screen resolution."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import rasterio.warp
from affine import Affine

from spatial.constraints import RuleCheck
from spatial.grid import Grid
from spatial.i18n import embed, listing, t
from spatial.model import Caveat
from spatial.policy import Profile

WEB_MERCATOR = "EPSG:3857"


def web_mercator(
    values: np.ndarray, grid: Grid, *, max_px: int = 1200, where: np.ndarray | None = None
) -> tuple[np.ndarray, list[list[float]]]:
    """``values`` warped (nearest cell) to Web Mercator, at most ``max_px`` wide or high, and its lat/lon bounds;
    NaN where a cell is outside ``where`` (a bool grid), when given.

    Leaflet stretches an image overlay linearly between its corner coordinates in Web Mercator,
    so the raster must be in that projection to sit right on the map. Which cell each pixel shows depends
    on the grid only, so it is found once per grid (see _mercator_cells) and a new score is only looked up
    (at 30 m a lookup of a million pixels instead of a pass over 43 M cells).
    """
    cells, bounds = _mercator_cells(grid, max_px)
    shown = cells >= 0
    index = np.maximum(cells, 0)
    if where is not None:
        shown &= where.reshape(-1)[index]
    flat = np.asarray(values, dtype="float32").reshape(-1)
    return np.where(shown, flat[index], np.float32(np.nan)), bounds


@functools.lru_cache(maxsize=8)
def _mercator_cells(grid: Grid, max_px: int) -> tuple[np.ndarray, list[list[float]]]:
    """Per Web Mercator pixel, the flat index of the grid cell GDAL's nearest-neighbour warp shows (-1 off the
    grid): the warp of the cells' own indices, so a lookup gives exactly what warping the values gives."""
    west, south, east, north = rasterio.warp.transform_bounds(grid.crs, WEB_MERCATOR, *grid.bounds)
    scale = max((east - west), (north - south)) / max_px
    width, height = math.ceil((east - west) / scale), math.ceil((north - south) / scale)
    cells = np.full((height, width), -1, dtype="int32")
    rasterio.warp.reproject(
        np.arange(grid.width * grid.height, dtype="int32").reshape(grid.shape),
        cells,
        src_transform=grid.transform,
        src_crs=grid.crs,
        dst_transform=Affine(scale, 0, west, 0, -scale, north),
        dst_crs=WEB_MERCATOR,
        src_nodata=None,
        dst_nodata=-1,
        resampling=rasterio.warp.Resampling.nearest,
    )
    cells.flags.writeable = False
    lon0, lat0, lon1, lat1 = rasterio.warp.transform_bounds(WEB_MERCATOR, "EPSG:4326", west, south, east, north)
    return cells, [[lat0, lon0], [lat1, lon1]]


def persian_names(*frames: gpd.GeoDataFrame | None) -> dict[str, str]:
    """English name -> Persian name of every feature of ``frames`` that has both (counties, province, estates)."""
    names: dict[str, str] = {}
    for frame in frames:
        if frame is None or not {"name_en", "name_fa"} <= set(frame.columns):
            continue
        for en, fa in zip(frame["name_en"], frame["name_fa"], strict=True):
            if isinstance(en, str) and isinstance(fa, str) and fa.strip():
                names.setdefault(en, fa.strip())
    return names


def caveat_text(caveat: Caveat, profile: Profile, layer_titles: Mapping[str, tuple[str, str]], lang: str) -> str:
    """A caveat in ``lang``; in Persian, rule, criterion and layer ids are named by their Persian titles, and
    every embedded name or number is isolated for bidi (English keeps the ids the command line prints).

    ``layer_titles`` maps a layer id to its (English, Persian) titles, as the catalogue gives them.
    """
    if lang != "fa":
        return caveat.text(lang)
    titles = {r.id: r.title(lang) for r in profile.constraints} | {c.id: c.title(lang) for c in profile.criteria}

    def layer(name: str) -> str:
        pair = layer_titles.get(name.strip())
        return embed(pair[1] if lang == "fa" else pair[0], lang) if pair else embed(name.strip(), lang)

    values = dict(caveat.values)
    for name in ("rule", "criterion", "item"):
        if name in values:
            values[name] = embed(titles.get(values[name], values[name]), lang)
    for name in ("layer", "layers"):
        if name in values:
            values[name] = listing((layer(v) for v in values[name].split(",")), lang)
    for name in ("where", "values", "column", "weight", "cells", "km2", "share"):
        if name in values:
            values[name] = embed(values[name], lang)
    return t(caveat.key, lang).format(**values)


def rule_check_texts(check: RuleCheck, lang: str) -> tuple[str, str]:
    """A rule check's measured value and its limit in ``lang``: ('981 m', '1,000 m') or slope figures."""
    if check.rule.slope_above_percent is not None:
        limit = t("slope_limit_text", lang).format(limit=f"{check.buffer_m:g}")
        measured = (
            t("slope_measured_text", lang).format(slope=f"{check.slope_percent:.1f}")
            if check.slope_percent is not None
            else "-"
        )
        return embed(measured, lang), embed(limit, lang)
    limit = t("metres", lang).format(m=f"{check.buffer_m:,.0f}")
    measured = "-" if check.distance_m is None else t("metres", lang).format(m=f"{check.distance_m:,.0f}")
    return embed(measured, lang), embed(limit, lang)
