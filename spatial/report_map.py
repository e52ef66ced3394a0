"""Static maps for reports, drawn from our own layers (no web tiles): scale bar, north arrow, symbols.

The legend is drawn in the report's HTML; ``LEGEND`` lists the symbols with their label keys in the
translation table. Labels on the map (towns, the scale bar) are in the report's language, in the report's
Vazirmatn font; matplotlib lays Persian text out with libraqm (joined letters, right to left).
"""

from __future__ import annotations

import functools
import io
import math
from pathlib import Path
from typing import Any

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")  # no screen: render to memory
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager, patheffects
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox
from shapely.geometry.base import BaseGeometry

from spatial.i18n import digits, t
from spatial.model import SuitabilityModel

FONT_DIR = Path(__file__).resolve().parents[1] / "static" / "fonts" / "vazirmatn"

SCORE_CMAP = LinearSegmentedColormap.from_list("suitability", ["#a50026", "#f46d43", "#fee08b", "#a6d96a", "#1a9850"])
# (label key, kind, colour): the report's HTML legend draws the same swatches.
LEGEND = (
    ("score", "ramp", ""),
    ("map_excluded", "fill", "#7f7f7f"),
    ("map_site", "outline", "#000000"),
    ("map_other_sites", "outline", "#555555"),
    ("layer_sea", "fill", "#cfe6f5"),
    ("map_rivers", "line", "#2bb3c0"),
    ("map_protected", "fill", "#3fae5b"),
    ("map_towns", "point", "#111111"),
    ("map_town_areas", "fill", "#bdbdbd"),
    ("map_estates", "point", "#e53935"),
    ("layer_counties", "line", "#6d6d6d"),
)


@functools.cache
def map_font() -> list[str]:
    """The report's font (Vazirmatn: Persian and Latin), registered with matplotlib once, then matplotlib's own
    DejaVu Sans for the letters Vazirmatn lacks (GeoNames' transliterations: 'ẕ', 'ā')."""
    for weight in ("Regular", "Bold"):
        font_manager.fontManager.addfont(str(FONT_DIR / f"Vazirmatn-{weight}.ttf"))
    return ["Vazirmatn", "DejaVu Sans"]


def town_labels(
    towns: gpd.GeoDataFrame, bounds: tuple[float, float, float, float], lang: str
) -> list[tuple[float, float, str]]:
    """(x, y, name) of the towns inside ``bounds``: Persian names on a Persian map (English where a town has none)."""
    west, south, east, north = bounds
    out = []
    for town in towns.itertuples():
        x, y = town.geometry.x, town.geometry.y
        if west < x < east and south < y < north:
            persian = getattr(town, "name_fa", None)
            fa = persian if lang == "fa" and isinstance(persian, str) and persian.strip() else None
            out.append((x, y, fa or str(town.name_en)))
    return out


def _nice_length(span_m: float) -> float:
    """A round scale-bar length near a fifth of the map width."""
    target = span_m / 5
    power = 10 ** math.floor(math.log10(target))
    return max(n * power for n in (1, 2, 5) if n * power <= target)


def _scale_bar_and_north(ax: plt.Axes, bounds: tuple[float, float, float, float], lang: str) -> None:
    west, south, east, north = bounds
    length = _nice_length(east - west)
    x0, y0 = west + (east - west) * 0.05, south + (north - south) * 0.05
    ax.plot([x0, x0 + length], [y0, y0], color="black", linewidth=3, solid_capstyle="butt")
    if length >= 1000:
        label = t("map_km", lang).format(km=digits(f"{length / 1000:g}", lang))
    else:
        label = t("metres", lang).format(m=digits(f"{length:g}", lang))
    ax.text(x0 + length / 2, y0 + (north - south) * 0.015, label, ha="center", va="bottom", fontsize=8)
    xn, yn = east - (east - west) * 0.06, north - (north - south) * 0.16
    ax.annotate(
        "N",
        xy=(xn, yn + (north - south) * 0.1),
        xytext=(xn, yn),
        ha="center",
        va="center",
        fontsize=10,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": "black", "linewidth": 1.5},
    )


LABEL_RINGS_PT = (11.0, 17.0, 23.0, 29.0)  # how far a site number may move from its site, ring by ring
LABEL_GAP_PT = 4.0  # the least gap between two numbers: "1" beside "4" would read as "14"
LABEL_DIRECTIONS = (45, 135, 315, 225, 90, 0, 180, 270)  # degrees, tried in this order on each ring
# Where a site number may go, in points from its site, in the order tried: on the site, then ring by ring.
LABEL_OFFSETS_PT = (
    (0.0, 0.0),
    *((r * math.cos(math.radians(a)), r * math.sin(math.radians(a))) for r in LABEL_RINGS_PT for a in LABEL_DIRECTIONS),
)
LEADER = {"arrowstyle": "-", "color": "#000000", "linewidth": 0.6, "shrinkA": 1, "shrinkB": 0}
HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]


def label_sites(
    ax: plt.Axes, points: list[tuple[float, float]], labels: list[str], *, avoid: list[Bbox] | None = None
) -> list[Annotation]:
    """Each site's number on its site, in the order given (rank); a number that would cover one already
    placed, another site or a box in ``avoid`` (town names) moves to the first free place on rings around
    its site, joined to it by a thin line. On a province map, sites a few kilometres apart would otherwise
    print over each other ("1" and "3" read as "13")."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    ax.apply_aspect()  # the scale of an equal-aspect map is fixed at drawing: fix it now
    pt_per_px = 72.0 / ax.figure.dpi
    style: dict[str, Any] = {"fontsize": 8, "fontweight": "bold", "ha": "center", "va": "center", "zorder": 5}
    at_site = []
    for (x, y), label in zip(points, labels, strict=True):
        probe = ax.text(x, y, label, **style)
        at_site.append(probe.get_window_extent(renderer))
        probe.remove()
    placed = list(avoid or [])
    texts = []
    for i, ((x, y), label) in enumerate(zip(points, labels, strict=True)):
        others = [box for j, box in enumerate(at_site) if j > i]  # sites still to label: a moved number avoids them
        offset = (0.0, 0.0)
        for dx, dy in LABEL_OFFSETS_PT:
            box = at_site[i].translated(dx / pt_per_px, dy / pt_per_px).padded(LABEL_GAP_PT / pt_per_px)
            if not any(box.overlaps(b) for b in placed + (others if dx or dy else [])):
                offset = (dx, dy)
                break
        moved = offset != (0.0, 0.0)
        if moved:
            ax.plot([x], [y], marker="o", markersize=2.5, color="#000000", zorder=5)
        texts.append(
            ax.annotate(
                label,
                (x, y),
                xytext=offset,
                textcoords="offset points",
                arrowprops=LEADER if moved else None,
                path_effects=HALO,
                **style,
            )
        )
        placed.append(at_site[i].translated(offset[0] / pt_per_px, offset[1] / pt_per_px))
    return texts


def site_map_png(
    model: SuitabilityModel,
    score: np.ndarray,
    layers: dict[str, gpd.GeoDataFrame],
    *,
    focus: BaseGeometry,
    sites: gpd.GeoDataFrame,
    margin_m: float = 8_000,
    width_in: float = 6.5,
    lang: str = "en",
) -> bytes:
    """A PNG map around ``focus`` (a site, or the province): score, exclusions, context layers, sites; labels
    in ``lang``."""
    west, south, east, north = focus.buffer(margin_m).bounds
    height_in = width_in * (north - south) / (east - west)
    with plt.rc_context({"font.family": map_font()}):
        fig, ax = plt.subplots(figsize=(width_in, min(height_in, 8.5)), dpi=150)
        _draw(ax, model, score, layers, focus=focus, sites=sites, bounds=(west, south, east, north), lang=lang)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.02)
    plt.close(fig)
    return buffer.getvalue()


def _draw(
    ax: plt.Axes,
    model: SuitabilityModel,
    score: np.ndarray,
    layers: dict[str, gpd.GeoDataFrame],
    *,
    focus: BaseGeometry,
    sites: gpd.GeoDataFrame,
    bounds: tuple[float, float, float, float],
    lang: str,
) -> None:
    west, south, east, north = bounds
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("equal")
    ax.set_axis_off()
    style = {
        "caspian_sea": {"color": "#cfe6f5", "edgecolor": "#7fb3d5", "linewidth": 0.5},
        "protected_areas": {"color": "#3fae5b", "alpha": 0.45, "edgecolor": "#1b7a3a", "linewidth": 0.6},
        "counties": {"facecolor": "none", "edgecolor": "#6d6d6d", "linewidth": 0.6, "linestyle": "--"},
        "town_areas": {"color": "#bdbdbd", "alpha": 0.5, "edgecolor": "#111111", "linewidth": 0.5, "linestyle": ":"},
        "province": {"facecolor": "none", "edgecolor": "#222222", "linewidth": 1.2},
        "rivers": {"color": "#2bb3c0", "linewidth": 0.9},
        "shoreline": {"color": "#1f5fa8", "linewidth": 0.9},
    }
    for layer_id, kwargs in style.items():
        if layer_id in layers:
            layers[layer_id].plot(ax=ax, **kwargs)
    for layer_id, colour, size in (("estates", "#e53935", 22), ("towns", "#111111", 12)):
        if layer_id in layers:
            layers[layer_id].plot(ax=ax, color=colour, markersize=size, edgecolor="white", linewidth=0.5)
    sites.boundary.plot(ax=ax, color="#555555", linewidth=0.8)
    gpd.GeoSeries([focus], crs=sites.crs).boundary.plot(ax=ax, color="#000000", linewidth=2.0)
    # Rasters last (geopandas redraws the figure after each layer) and cropped to the map, below the vectors.
    grid = model.grid
    r0, c0 = (max(0, v) for v in grid.rowcol(west, north))
    r1, c1 = (min(n, v + 1) for n, v in zip(grid.shape, grid.rowcol(east, south), strict=True))
    extent = (
        grid.west + c0 * grid.cell_m,
        grid.west + c1 * grid.cell_m,
        grid.north - r1 * grid.cell_m,
        grid.north - r0 * grid.cell_m,
    )
    window = (slice(r0, r1), slice(c0, c1))
    ax.imshow(
        score[window], extent=extent, cmap=SCORE_CMAP, vmin=0, vmax=1, interpolation="nearest", alpha=0.85, zorder=0
    )
    excluded = np.where(model.mask.excluded[window], 1.0, np.nan)
    ax.imshow(excluded, extent=extent, cmap="Greys", vmin=0, vmax=1.6, alpha=0.75, interpolation="nearest", zorder=0.5)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    # Labels last, once the map's scale is final: site numbers are placed clear of the town names.
    towns = layers.get("towns")
    names = [
        ax.annotate(name, (x, y), fontsize=6, xytext=(3, 3), textcoords="offset points")
        for x, y, name in ([] if towns is None else town_labels(towns, bounds, lang))
    ]
    shown = [
        ((point.x, point.y), digits(site.rank, lang))
        for site in sites.itertuples()
        for point in [site.geometry.representative_point()]
        if west < point.x < east and south < point.y < north
    ]
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    label_sites(
        ax, [p for p, _ in shown], [label for _, label in shown], avoid=[n.get_window_extent(renderer) for n in names]
    )
    _scale_bar_and_north(ax, bounds, lang)
