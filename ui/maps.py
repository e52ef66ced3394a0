"""Folium maps of planning layers, shared by every page: styles, popups, legend, offline assets.

Leaflet is served from static/vendor (Streamlit static serving), never from a CDN, and no web
tiles are drawn unless the planner asks for them: the app works with no internet.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import json
import weakref
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, cast

import branca
import folium
import folium.features
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from folium.plugins import MeasureControl
from PIL import Image

from spatial.data import LayerSpec
from spatial.i18n import LABELS, t
from spatial.policy import ConstraintRule

LEAFLET_JS = "/app/static/vendor/leaflet/leaflet.js"
LEAFLET_CSS = "/app/static/vendor/leaflet/leaflet.css"
MEASURE_JS = "/app/static/vendor/leaflet-measure/leaflet-measure.min.js"  # npm leaflet-measure 2.1.7
MEASURE_CSS = "/app/static/vendor/leaflet-measure/leaflet-measure.css"
GILAN_CENTRE = (37.3, 49.6)
LEGEND_WIDTH_PX = 300  # the legend's box at most, its padding and border aside
LEGEND_PX = LEGEND_WIDTH_PX + 32  # with them and Leaflet's margin: the strip an open legend takes on the left
T = TypeVar("T")


@dataclass(frozen=True)
class Style:
    """How one layer is drawn."""

    color: str
    fill: str | None = None
    fill_opacity: float = 0.0
    weight: float = 1.5
    dash: str | None = None
    radius: int = 0  # > 0 draws points as circle markers
    simplify_m: float = 50.0
    show: bool = True


STYLES: dict[str, Style] = {
    "provinces": Style("#9e9e9e", "#f2f2f2", 0.6, 0.8, simplify_m=500),
    "caspian_sea": Style("#7fb3d5", "#cfe6f5", 0.9, 0.5),
    "province": Style("#222222", weight=2.5),
    "counties": Style("#6d6d6d", "#fff4d6", 0.35, 1.0, dash="4 3"),
    "rural_zones": Style("#6a9f3a", "#b9dc8c", 0.3, 0.5, show=False),
    "landcover_screening": Style("#2e7d32", "#a5d6a7", 0.25, 0.5, show=False),
    "elevation_zones": Style("#8c6d31", "#e7cb94", 0.25, 0.5, show=False),
    "town_areas": Style("#111111", "#bdbdbd", 0.3, 1.0, dash="3 3"),
    "farmland": Style("#b58b00", "#f3d36b", 0.45, 0.6),
    "forest": Style("#1e5631", "#4c9a2a", 0.5, 0.6),
    "flood_beds": Style("#2166ac", "#92c5de", 0.5, 0.6),
    "parcels": Style("#7b3294", "#c2a5cf", 0.3, 1.5),
    "plots": Style("#7b3294", "#c2a5cf", 0.3, 1.0),
    "roads": Style("#5b3a1a", weight=1.6),
    "shoreline": Style("#1f5fa8", weight=2.0),
    "rivers": Style("#2bb3c0", weight=1.8),
    "protected_areas": Style("#1b7a3a", "#3fae5b", 0.45, 1.2, dash="6 4"),
    "estate_footprints": Style("#b3261e", "#e57368", 0.35, 1.2, dash="6 4"),
    "towns": Style("#111111", "#ffffff", 1.0, 1.5, radius=4),
    "villages": Style("#444444", "#dddddd", 1.0, 1.0, radius=3),
    "health_education": Style("#08519c", "#6baed6", 1.0, 1.0, radius=4),
    "wells": Style("#006d2c", "#74c476", 1.0, 1.0, radius=3),
    "estates": Style("#b3261e", "#e53935", 0.9, 1.0, radius=6),
}
WEB_DECIMALS = 6  # degrees kept for the browser: 0.1 m at most, far below a cell or any layer's accuracy


def in_wgs84(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``frame`` in WGS 84 for a web map, its coordinates rounded to WEB_DECIMALS (full doubles were 40 % of a
    map's bytes, to carry nanometres)."""
    out = frame.to_crs(4326)
    out["geometry"] = shapely.transform(out.geometry.to_numpy(), lambda xy: np.round(xy, WEB_DECIMALS))
    return out


POPUP_SKIP = {"geometry", "deprived_basis", "geonames_id", "county_code", "wdbii_level", "mapped_area_ha"}


def _display_frame(gdf: gpd.GeoDataFrame, spec: LayerSpec, style: Style, lang: str) -> gpd.GeoDataFrame:
    """A light WGS84 copy for the browser: simplified, with every value as display text."""
    out = gdf.copy()
    if style.simplify_m and not style.radius:
        out["geometry"] = out.geometry.simplify(style.simplify_m, preserve_topology=True)
    out = in_wgs84(out)
    for column in [c for c in out.columns if c != "geometry"]:
        values = out[column].astype(object)
        out[column] = [t("unknown", lang) if pd.isna(v) or v == "" else str(v) for v in values]
    out["data_status"] = t(f"status_{spec.status}", lang)
    return out


# Columns with a Persian twin: a Persian popup shows the twin instead; an English one leaves out the long ones.
TWINS = {"name_fa": "name_en", "zone_fa": "zone", "rule_fa": "rule", "basis_fa": "basis"}


def _popup_fields(frame: gpd.GeoDataFrame, lang: str) -> tuple[list[str], list[str]]:
    if lang == "fa":
        hidden = {english for persian, english in TWINS.items() if persian in frame}
    else:
        hidden = {persian for persian in TWINS if persian != "name_fa"}
    fields = [c for c in frame.columns if c not in POPUP_SKIP and c not in hidden]
    aliases = [t(f"field_{c}", lang) if f"field_{c}" in LABELS else c for c in fields]
    return fields, aliases


_PER_LAYER: dict[tuple[int, object], tuple[weakref.ref[gpd.GeoDataFrame], object]] = {}


def per_layer(gdf: gpd.GeoDataFrame, key: object, make: Callable[[], T]) -> T:
    """``make()``, made once per layer object and ``key`` and kept while the layer lives.

    Every rerun draws the same layers: their conversion to GeoJSON was most of a map's server time.
    """
    cache_key = (id(gdf), key)
    known = _PER_LAYER.get(cache_key)
    if known is not None and known[0]() is gdf:
        return cast(T, known[1])
    value = make()
    _PER_LAYER[cache_key] = (weakref.ref(gdf, lambda _: _PER_LAYER.pop(cache_key, None)), value)
    return value


def _layer_geojson(
    gdf: gpd.GeoDataFrame, spec: LayerSpec, style: Style, lang: str
) -> tuple[dict, list[str], list[str]]:
    """A catalogue layer as the browser gets it: its GeoJSON, popup fields and their titles."""
    frame = _display_frame(gdf, spec, style, lang)
    return json.loads(frame.to_json()), *_popup_fields(frame, lang)


def add_layer(
    fmap: folium.Map, gdf: gpd.GeoDataFrame, spec: LayerSpec, *, lang: str = "en", show: bool | None = None
) -> None:
    """Draw one catalogue layer with its style, a tooltip and a popup of every attribute (``show``: drawn at
    first, else only from the layer switcher; the style's choice by default)."""
    style = STYLES.get(spec.id, Style("#444444", "#999999", 0.3))
    data, fields, aliases = per_layer(
        gdf, (spec.id, spec.status, style, lang), lambda: _layer_geojson(gdf, spec, style, lang)
    )
    name_field = "name_fa" if lang == "fa" and "name_fa" in fields else "name_en"
    tooltip = folium.GeoJsonTooltip([name_field], labels=False) if name_field in fields else None
    path_style = {
        "color": style.color,
        "weight": style.weight,
        "fillColor": style.fill or style.color,
        "fillOpacity": style.fill_opacity,
        "dashArray": style.dash,
    }
    marker = (
        folium.CircleMarker(radius=style.radius, fill=True, **{k: v for k, v in path_style.items() if v is not None})
        if style.radius
        else None
    )
    folium.GeoJson(
        data,
        name=f"{spec.title(lang)} ({t(f'status_{spec.status}', lang)})",
        style_function=lambda _feature, s=path_style: s,
        marker=marker,
        tooltip=tooltip,
        popup=folium.GeoJsonPopup(fields, aliases=aliases, localize=False, max_width=420),
        show=style.show if show is None else show,
        control=True,
    ).add_to(fmap)


def legend_row(spec: LayerSpec, lang: str) -> str:
    """A legend row of a drawn layer: its swatch, title and data status (marked when approximate)."""
    style = STYLES.get(spec.id, Style("#444444"))
    shape = "50%" if style.radius else "2px"
    swatch = (
        f'<span style="display:inline-block;width:14px;height:14px;border-radius:{shape};'
        f"border:2px {'dashed' if style.dash else 'solid'} {style.color};"
        f'background:{style.fill or "transparent"};vertical-align:middle"></span>'
    )
    status = t(f"status_{spec.status}", lang)
    mark = " &#9888;" if spec.status in ("illustrative", "screening", "missing") else ""
    return (
        f'<div class="legend-row" data-layer="{spec.id}">{swatch} {html.escape(spec.title(lang))} '
        f'<i style="color:#8a5a00">({status}{mark})</i></div>'
    )


def legend_html(specs: list[LayerSpec], lang: str) -> str:
    """HTML of the map legend: a swatch, the title and the data status of each drawn layer."""
    rows = [legend_row(spec, lang) for spec in specs]
    return _legend_box([*rows, f'<div style="color:#555;margin-top:4px">{t("no_tiles", lang)}</div>'], lang)


def _legend_box(rows: list[str], lang: str) -> str:
    """The legend's box, open at first, at most LEGEND_WIDTH_PX wide (finish_map fits the map beside it)."""
    direction = "rtl" if lang == "fa" else "ltr"
    return (
        f'<div id="map-legend" dir="{direction}" style="'
        "background:rgba(255,255,255,0.93);padding:8px 10px;border:1px solid #999;border-radius:4px;"
        f'font:11px/1.45 Vazirmatn,Tahoma,DejaVu Sans,sans-serif;max-width:{LEGEND_WIDTH_PX}px">'
        f"<details open><summary><b>{t('legend', lang)}</b></summary>{''.join(rows)}</details></div>"
    )


class Legend(branca.element.MacroElement):
    """The legend as a Leaflet control, so it shows in Streamlit's map component and in saved HTML."""

    _template = branca.element.Template(
        """{% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: "bottomleft"});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create("div");
            div.innerHTML = {{ this.content|tojson }};
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}"""
    )

    def __init__(self, content: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.content = content


def use_local_assets(fmap: folium.Map | folium.FeatureGroup) -> None:
    """Point every element at the vendored Leaflet and drop CDN assets the drawing does not need."""

    def walk(element: branca.element.Element):  # type: ignore[no-untyped-def]
        yield element
        for child in element._children.values():
            yield from walk(child)

    for element in walk(fmap):
        if isinstance(element, MeasureControl):
            element.default_js = [("leaflet_measure_js", MEASURE_JS)]
            element.default_css = [("leaflet_measure_css", MEASURE_CSS)]
        elif hasattr(element, "default_js"):
            first = element is fmap and isinstance(fmap, folium.Map)
            element.default_js = [("leaflet", LEAFLET_JS)] if first else []
            element.default_css = [("leaflet_css", LEAFLET_CSS)] if first else []


class MetricScale(branca.element.MacroElement):
    """Leaflet's scale bar in kilometres and metres only (folium's ``control_scale`` adds miles and feet)."""

    _template = branca.element.Template(
        """{% macro script(this, kwargs) %}
        L.control.scale({imperial: false, maxWidth: 150}).addTo({{ this._parent.get_name() }});
        {% endmacro %}"""
    )


def add_measure(fmap: folium.Map) -> None:
    """A tool to measure distances (km) and areas (ha) on the map, served offline like Leaflet."""
    MeasureControl(
        position="topleft",
        primary_length_unit="kilometers",
        secondary_length_unit="meters",
        primary_area_unit="hectares",
        secondary_area_unit="sqmeters",
    ).add_to(fmap)


def layer_map(
    layers: dict[str, gpd.GeoDataFrame],
    specs: list[LayerSpec],
    *,
    lang: str = "en",
    osm_background: bool = False,
) -> folium.Map:
    """A Folium map of ``layers`` (drawn in the order of ``specs``) with a switcher and legend."""
    fmap = _new_map()
    if osm_background:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", control=True).add_to(fmap)
    order = list(STYLES)  # background first, points on top
    drawn = sorted((s for s in specs if s.id in layers), key=lambda s: order.index(s.id) if s.id in order else 0)
    around = _around_province(layers)
    for spec in drawn:
        gdf = layers[spec.id]
        if spec.id == "provinces" and around is not None:  # Iran's other provinces: only those near Gilan
            gdf = per_layer(gdf, ("near", around[1]), lambda g=gdf: g.clip(around[0].to_crs(g.crs).iloc[0]))
        add_layer(fmap, gdf, spec, lang=lang)
    return finish_map(fmap, legend_html(drawn, lang), layers.get("province"))


# Suitability 0..1: red (poor) through yellow to green (good); excluded land is left clear.
SCORE_STOPS = np.array(
    [[0.0, 165, 0, 38], [0.25, 244, 109, 67], [0.5, 254, 224, 139], [0.75, 166, 217, 106], [1.0, 26, 152, 80]]
)
RULE_COLOURS = ["#6a3d9a", "#1f78b4", "#e31a1c", "#ff7f00", "#33a02c", "#b15928", "#fb9a99", "#cab2d6", "#a6cee3"]


def rule_colour(rule: ConstraintRule) -> str:
    """A rule's colour: the profile's, else one fixed by its id (never by its position in a list)."""
    if rule.colour:
        return rule.colour
    return RULE_COLOURS[zlib.crc32(rule.id.encode()) % len(RULE_COLOURS)]


SITE_COLOUR = "#000000"


SCORE_STEPS = 254  # a score is drawn in steps of 1/254, finer than the eye or the 3-decimal ranking can tell
SCORE_ALPHA = 200


def _palette_png(index: np.ndarray, palette: np.ndarray, alpha: list[int]) -> str:
    """PNG data URL of a palette image (Pillow): ``index`` into ``palette`` (RGB rows), ``alpha`` per entry."""
    image = Image.fromarray(index, mode="P")
    image.putpalette(palette.astype("uint8").tobytes())
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=1, transparency=bytes(alpha))
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@functools.cache
def _score_palette() -> np.ndarray:
    palette = np.zeros((SCORE_STEPS + 2, 3))
    for channel in range(3):
        palette[1:, channel] = np.interp(
            np.linspace(0, 1, SCORE_STEPS + 1), SCORE_STOPS[:, 0], SCORE_STOPS[:, channel + 1]
        )
    return palette.round()


def score_png(score: np.ndarray) -> str:
    """PNG data URL of a 0..1 score on the score ramp, NaN cells clear, for a Leaflet image overlay.

    A palette image of the ramp's 255 colours: a third of the bytes of an RGBA image and a tenth of the
    time to encode, on every weight move.
    """
    index = np.zeros(score.shape, dtype="uint8")
    valid = np.isfinite(score)
    index[valid] = np.rint(np.clip(score[valid], 0.0, 1.0) * SCORE_STEPS).astype("uint8") + 1
    return _palette_png(index, _score_palette(), [0] + [SCORE_ALPHA] * (SCORE_STEPS + 1))


def mask_png(mask: np.ndarray, colour: str, alpha: int = 150) -> str:
    """PNG data URL: ``colour`` where ``mask`` is true, clear elsewhere."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return _palette_png(mask.astype("uint8"), np.array([[0, 0, 0], rgb]), [0, alpha])


def add_image(
    fmap: folium.Map | folium.FeatureGroup, data_url: str, bounds: list[list[float]], *, name: str, show: bool = True
) -> None:
    """An image overlay in the layer switcher."""
    folium.raster_layers.ImageOverlay(data_url, bounds=bounds, name=name, show=show, interactive=False).add_to(fmap)


# A site's number on an opaque badge: where the province map packs sites together the badges overlap
# whole, the better rank on top, instead of their digits running together ("9" and "5" read as "95").
SITE_BADGE = (
    '<div style="font:bold 12px/16px sans-serif;color:#000;background:#fff;border:1px solid #000;'
    'border-radius:9px;text-align:center;box-sizing:border-box;height:18px">{rank}</div>'
)


def add_sites(fmap: folium.Map | folium.FeatureGroup, sites: gpd.GeoDataFrame, *, lang: str, name: str) -> None:
    """Ranked sites as outlined polygons with a popup of their figures and a rank label."""
    shown = in_wgs84(sites)[["rank", "area_ha", "site_score", "county", "rural_share", "geometry"]].copy()
    titles = {c: t(f"site_{c}", lang) for c in ("rank", "area_ha", "site_score", "county", "rural_share")}
    if "p_top_k" in sites:
        shown["p_top_k"] = sites["p_top_k"].round(2).to_numpy()
        titles["p_top_k"] = t("site_p_top_k", lang).format(k=int(sites["top_k"].iloc[0]))
    shown["area_ha"] = shown.area_ha.round(0)
    shown["site_score"] = shown.site_score.round(3)
    shown["rural_share"] = (shown.rural_share * 100).round(0)
    fields = [c for c in shown.columns if c != "geometry"]
    aliases = [titles[c] for c in fields]
    folium.GeoJson(
        shown,
        name=name,
        style_function=lambda _f: {"color": SITE_COLOUR, "weight": 2.5, "fillColor": "#ffffff", "fillOpacity": 0.15},
        tooltip=folium.GeoJsonTooltip(["rank"], aliases=[t("site_rank", lang)]),
        popup=folium.GeoJsonPopup(fields, aliases=aliases, localize=False),
    ).add_to(fmap)
    for row in shown.itertuples():
        point = row.geometry.representative_point()
        width = 10 + 8 * len(str(row.rank))
        folium.Marker(
            [point.y, point.x],
            icon=folium.DivIcon(
                html=SITE_BADGE.format(rank=row.rank), icon_size=(width, 18), icon_anchor=(width // 2, 9)
            ),
            z_index_offset=100_000 - 1_000 * int(row.rank),  # a better-ranked number on top (Leaflet adds the y pixel)
        ).add_to(fmap)


def score_legend_html(
    rules: list[tuple[str, str]], lang: str, notes: list[str], own: list[LayerSpec] | None = None
) -> str:
    """Legend of a suitability map: the score ramp, each constraint's colour, the site outline, the planner's
    own layers drawn on it, and notes."""
    ramp = ", ".join(f"rgb({int(r)},{int(g)},{int(b)}) {p * 100:.0f}%" for p, r, g, b in SCORE_STOPS)
    rows = [
        f'<div>{t("score", lang)} 0 <span style="display:inline-block;width:120px;height:10px;'
        f'background:linear-gradient(to right, {ramp})"></span> 1</div>',
        *(
            f'<div><span style="display:inline-block;width:12px;height:12px;background:{c}"></span> '
            f"{html.escape(title)}</div>"
            for title, c in rules
        ),
        f'<div><span style="display:inline-block;width:12px;height:12px;border:2px solid {SITE_COLOUR}"></span> '
        f"{t('sites', lang)}</div>",
        *(legend_row(spec, lang) for spec in own or []),
        *(f'<div style="color:#8a5a00">&#9888; {html.escape(n)}</div>' for n in notes),
    ]
    return _legend_box(rows, lang)


BASE_MARGIN_M = 150_000.0  # the background is drawn this far around the province: the map's view and its pans


def _around_province(layers: dict[str, gpd.GeoDataFrame]) -> tuple[gpd.GeoSeries, tuple[float, ...]] | None:
    """The box BASE_MARGIN_M around the province (with the province's bounds, to key caches), if it is loaded."""
    province = layers.get("province")
    if province is None or province.empty:
        return None
    bounds = tuple(province.total_bounds)
    return gpd.GeoSeries([shapely.box(*bounds).buffer(BASE_MARGIN_M)], crs=province.crs), bounds


def _base_geojson(gdf: gpd.GeoDataFrame, simplify_m: float, around: gpd.GeoSeries | None) -> dict[str, object]:
    """A background layer as GeoJSON in WGS 84, simplified, with its names, within ``around`` when given
    (Iran's other provinces were four fifths of every result map's bytes, most of them never in view)."""
    frame = gdf[["geometry", *(c for c in ("name_en", "name_fa") if c in gdf)]]
    if around is not None:
        frame = frame.clip(around.to_crs(frame.crs).iloc[0])
    frame = frame[~frame.geometry.is_empty].assign(geometry=frame.geometry.simplify(simplify_m))
    return cast(dict[str, object], json.loads(in_wgs84(frame).to_json()))


def base_map(layers: dict[str, gpd.GeoDataFrame], *, lang: str) -> folium.Map:
    """A light map of Gilan for analysis pages: provinces, sea, counties and the province outline."""
    fmap = _new_map()
    around = _around_province(layers)
    for layer_id in ("provinces", "caspian_sea", "counties", "province"):
        if layer_id in layers:
            spec = _BASE_SPECS[layer_id]
            style = STYLES[layer_id]
            clip = around if layer_id in ("provinces", "caspian_sea") else None
            data = per_layer(
                layers[layer_id],
                (style, None if clip is None else clip[1]),
                lambda g=layers[layer_id], m=style.simplify_m, c=clip: _base_geojson(g, m, None if c is None else c[0]),
            )
            folium.GeoJson(
                data,
                name=t(spec, lang),
                style_function=lambda _f, s=style: {
                    "color": s.color,
                    "weight": s.weight,
                    "fillColor": s.fill or s.color,
                    "fillOpacity": s.fill_opacity * 0.6,
                    "dashArray": s.dash,
                },
                control=layer_id == "counties",
            ).add_to(fmap)
    return fmap


def _new_map() -> folium.Map:
    """An empty map of Gilan without tiles, with a metric scale bar; zoom in quarter steps, so that fitting the
    province beside the legend costs a quarter of a zoom level, not a whole one."""
    fmap = folium.Map(location=GILAN_CENTRE, zoom_start=8, tiles=None, prefer_canvas=True, zoom_snap=0.25)
    MetricScale().add_to(fmap)
    return fmap


def finish_map(
    fmap: folium.Map,
    legend: str,
    province: gpd.GeoDataFrame | None,
    *,
    legend_open: bool = True,
    layer_control: bool = True,
) -> folium.Map:
    """Add the layer switcher and the collapsible legend, fit Gilan, and use the vendored Leaflet.

    The legend sits bottom left; while it starts open, the area is fitted in the map to its right, so the
    legend never hides it; on small maps (``legend_open=False``) it starts folded to its title.
    ``layer_control=False`` when the switcher comes with layers added after the map is drawn (see
    ui.analysis.show_result_map).
    """
    if layer_control:
        folium.LayerControl(collapsed=True).add_to(fmap)
    add_measure(fmap)
    Legend(legend if legend_open else legend.replace("<details open>", "<details>", 1)).add_to(fmap)
    if province is not None:  # an open legend's strip on the left is left free: the area is fitted beside it
        west, south, east, north = province.to_crs(4326).total_bounds
        fmap.fit_bounds([[south, west], [north, east]], padding_top_left=(LEGEND_PX, 0) if legend_open else None)
    use_local_assets(fmap)
    return fmap


_BASE_SPECS = {
    "provinces": "layer_provinces",
    "caspian_sea": "layer_sea",
    "counties": "layer_counties",
    "province": "layer_province",
}


class RenderedCode:
    """Leaflet code folium has already rendered from its templates, kept as it is.

    Folium wraps every rendered piece of a map (each layer's script, each image's data URL) in a new
    branca Element, whose template is that text compiled by Jinja again: about a hundred compilations and a
    third of a second on every rerun of a result map, to give back the text unchanged. Text without any Jinja
    syntax is kept as Jinja would render it instead (one trailing newline dropped, as Jinja does).
    """

    def __init__(self, text: str) -> None:
        self.text = text[:-1] if text.endswith("\n") else text

    def render(self, *_args: object, **_kwargs: object) -> str:
        """The text (the same as Jinja's rendering of it)."""
        return self.text


_JINJA = branca.element.Template
_FOLIUM_JINJA = folium.features.Template
CACHED_SOURCE_CHARS = 20_000  # templates longer than this are data, not code: never kept


@functools.lru_cache(maxsize=256)
def _compiled(kind: type, source: str) -> object:
    return kind(source)


def element_template(source: str, *args: object, **kwargs: object) -> object:
    """What branca compiles for an element: Jinja for a real template, RenderedCode for plain text."""
    if args or kwargs or "\r" in source:
        return _JINJA(source, *args, **kwargs)
    if "{{" in source or "{%" in source or "{#" in source:
        return _compiled(_JINJA, source) if len(source) <= CACHED_SOURCE_CHARS else _JINJA(source)
    return RenderedCode(source)


def folium_template(source: str, *args: object, **kwargs: object) -> object:
    """folium's template of the same source compiled once, not at every render (a popup's or tooltip's style
    sheet is compiled again for each layer on each rerun: 48 compilations, a quarter of a second)."""
    if args or kwargs or len(source) > CACHED_SOURCE_CHARS:
        return _FOLIUM_JINJA(source, *args, **kwargs)
    return _compiled(_FOLIUM_JINJA, source)


branca.element.Template = element_template  # type: ignore[assignment] # only elements made from then on; class templates stay Jinja's
folium.features.Template = folium_template  # type: ignore[assignment,misc] # templates made inside folium's render calls
