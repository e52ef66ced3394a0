"""The rendered map HTML: layers, legend, popups, Persian names, and no internet assets."""

from __future__ import annotations

import re

import pytest

from layers.catalogue import PROJECT_DIR, load_catalogue
from layers.io import load_all_bundled
from ui.maps import LEAFLET_CSS, LEAFLET_JS, MEASURE_CSS, MEASURE_JS, layer_map

CATALOGUE = load_catalogue()
LAYERS = load_all_bundled(CATALOGUE)


def _readable(html: str) -> str:
    """The rendered page with the JSON escapes of its embedded data undone (\\u0634 -> ش, \\" -> ")."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html).replace('\\"', '"')


def _render(**kwargs: object) -> str:
    return _readable(layer_map(LAYERS, list(CATALOGUE), **kwargs).get_root().render())  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def html_en() -> str:
    return _render(lang="en")


def test_an_open_legend_keeps_its_strip_free_and_a_folded_one_does_not(html_en: str) -> None:
    """The province is fitted to the right of an open legend (bottom left, at most LEGEND_WIDTH_PX wide)."""
    import folium

    from ui.maps import LEGEND_PX, LEGEND_WIDTH_PX, finish_map

    assert f"max-width:{LEGEND_WIDTH_PX}px" in html_en and "<details open>" in html_en
    fitted = re.search(r"fitBounds\((.*?)\);", html_en, re.S)
    assert fitted and re.search(rf'"paddingTopLeft":\s*\[{LEGEND_PX},\s*0\]', fitted.group(1))
    folded = finish_map(folium.Map(), "<details open>legend</details>", LAYERS["province"], legend_open=False)
    html = _readable(folded.get_root().render())
    assert "<details>legend" in html and "fitBounds" in html and "paddingTopLeft" not in html


def test_every_bundled_layer_is_in_the_switcher_with_its_status(html_en: str) -> None:
    for layer_id in LAYERS:
        spec = CATALOGUE[layer_id]
        assert f"{spec.title_en} ({spec.status})" in html_en
    assert "L.control.layers" in html_en


def test_the_scale_bar_is_metric_only(html_en: str) -> None:
    assert "L.control.scale({imperial: false" in html_en
    assert "L.control.scale()" not in html_en  # folium's own bar, in miles too


def test_legend_marks_illustrative_layers(html_en: str) -> None:
    assert 'id="map-legend"' in html_en
    for layer_id in ("estates", "protected_areas", "estate_footprints"):
        assert f'data-layer="{layer_id}"' in html_en
    assert "(illustrative &#9888;)" in html_en
    assert "(approximate)" in html_en


def test_popups_carry_the_estate_attributes_and_unknown_for_empty_figures(html_en: str) -> None:
    assert ".bindPopup(" in html_en
    assert '"Production units"' in html_en and '"Location basis"' in html_en and '"Data status"' in html_en
    assert "Nalkiashar industrial estate" in html_en
    assert '"idle_units": "unknown"' in html_en


def test_persian_names_are_in_the_page_as_text(html_en: str) -> None:
    assert "شهرک صنعتی سفیدرود" in html_en
    assert "تالاب انزلی" in html_en


def test_map_loads_nothing_from_the_internet_unless_asked(html_en: str) -> None:
    urls = re.findall(r'(?:src|href)="(https?://[^"]+)"', html_en)
    assert urls == []
    assert LEAFLET_JS in html_en and LEAFLET_CSS in html_en
    assert MEASURE_JS in html_en and MEASURE_CSS in html_en and "L.Control.Measure" in html_en  # the measure tool
    assert '"primaryLengthUnit": "kilometers"' in html_en and '"primaryAreaUnit": "hectares"' in html_en
    for asset in (MEASURE_JS, MEASURE_CSS, LEAFLET_JS):  # each one is in the repository, served as static
        assert (PROJECT_DIR / asset.removeprefix("/app/")).is_file(), asset
    assert "tile.openstreetmap.org" not in html_en
    online = _render(osm_background=True)
    assert "tile.openstreetmap.org" in online


def test_persian_map_has_persian_legend_and_right_to_left_text() -> None:
    html = _render(lang="fa")
    assert "<b>راهنما</b>" in html
    assert 'dir="rtl"' in html
    assert "شهرک‌ها و نواحی صنعتی (نمایشی)" in html
    assert '"نامعلوم"' in html  # unknown figures in Persian


def test_rule_colours_follow_the_rule_not_its_place_in_the_list() -> None:
    from dataclasses import replace

    from spatial.policy import load_profile
    from ui.maps import rule_colour

    rules = load_profile("gilan-industrial").constraints
    assert rule_colour(rules[0]) == rules[0].colour == "#6a3d9a"
    unnamed = [replace(r, colour="") for r in rules]
    assert [rule_colour(r) for r in unnamed] == [rule_colour(r) for r in reversed(unnamed)][::-1]


def test_the_legend_folds_and_starts_folded_on_small_maps() -> None:
    import folium

    from ui.maps import finish_map, score_legend_html

    legend = score_legend_html([("Rivers", "#00bcd4")], "en", [])
    open_html = finish_map(folium.Map(), legend, None).get_root().render()
    folded_html = finish_map(folium.Map(), legend, None, legend_open=False).get_root().render()
    assert "details open" in open_html and "bottomleft" in open_html  # the content is JSON-escaped
    assert "details" in folded_html and "details open" not in folded_html


def test_rendered_code_is_kept_exactly_as_jinja_would_render_it() -> None:
    import jinja2

    from ui.maps import RenderedCode, element_template

    for text in ["var a = {b: 1};\n", "x\n\n", "no newline", "", "data:image/png;base64,iVBORw0KGgo=\n"]:
        kept = element_template(text)
        assert isinstance(kept, RenderedCode)
        assert kept.render(this=None, kwargs={}) == jinja2.Template(text).render()
    for template in ["{{ this.x }}", "{% if a %}b{% endif %}", "{# note #}", "a\r\nb"]:
        assert isinstance(element_template(template), jinja2.Template)  # real templates are still compiled


def test_folium_templates_are_compiled_once_and_render_as_jinja_does() -> None:
    import folium.template

    from ui.maps import folium_template

    source = ".{{ this.class_name }} { {{ this.style }} }"
    first, again = folium_template(source), folium_template(source)
    assert first is again  # compiled once
    element = type("E", (), {"class_name": "popup", "style": "margin: auto;"})()
    assert (
        first.render(this=element)
        == folium.template.Template(source).render(this=element)
        == ".popup { margin: auto; }"
    )


def test_a_layers_geojson_is_made_once_per_layer_object() -> None:
    """Every rerun draws the same layers: their GeoJSON is made once per layer object, again for a new one."""
    from ui.maps import _PER_LAYER, per_layer

    calls: list[int] = []
    towns = LAYERS["towns"].copy()
    first = per_layer(towns, "k", lambda: calls.append(1) or {"n": len(calls)})
    assert per_layer(towns, "k", lambda: calls.append(1) or {"n": len(calls)}) is first and len(calls) == 1
    other = towns.copy()
    assert per_layer(other, "k", lambda: calls.append(1) or {"n": len(calls)}) == {"n": 2}
    assert per_layer(towns, "other key", lambda: {"n": 0}) == {"n": 0}
    keys = {key for key in _PER_LAYER if key[0] == id(other)}
    del other  # a freed layer's GeoJSON is let go
    assert not keys & set(_PER_LAYER)


def test_a_result_map_keeps_its_background_and_swaps_only_score_and_sites() -> None:
    """The background (counties, constraints, legend) renders the same for two weight sets, so the browser
    keeps the map; the score and the sites come as feature groups."""
    import re

    from streamlit_folium import generate_js_hash, generate_leaflet_string

    from spatial.pipeline import resolve_scenario, run_scenario
    from ui.analysis import suitability_map
    from ui.common import active_profile, model_for

    profile, _ = active_profile("gilan-industrial")
    model, key = model_for(profile, "d", 100.0)
    scripts, groups = [], []
    for weights in ({"rural": 1.0}, {"anti_concentration": 1.0}):
        result = run_scenario(model, resolve_scenario(profile, group="d", resolution_m=100.0, weights=weights))
        drawn = suitability_map(model, result, key, lang="en")
        scripts.append(generate_js_hash(generate_leaflet_string(drawn.base), "k"))
        groups.append([re.sub(r"_[0-9a-f]{32}", "", generate_leaflet_string(g)) for g in drawn.layers])
        assert [g.layer_name for g in drawn.layers] == ["Suitability score", "Candidate sites"]
    assert scripts[0] == scripts[1]  # the same component: no reload of the map
    assert groups[0][0] != groups[1][0]  # a new score image
    popup = groups[1][1]
    assert "P(stays in top 5)" in popup and "{k}" not in popup  # the sites' popups name the profile's top_k
    # Numbers on opaque badges, the better rank on top where badges overlap (not "9" and "5" read as "95").
    assert popup.count("border-radius:9px") == len(result.table)
    assert '"zIndexOffset": 99000' in popup and '"zIndexOffset": 98000' in popup


def test_the_score_image_is_the_ramp_in_steps_of_1_254_with_unknown_cells_clear() -> None:
    import base64
    import io

    import numpy as np
    from PIL import Image

    from ui.maps import mask_png, score_png

    def decoded(url: str) -> np.ndarray:
        return np.asarray(Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGBA"))

    rgba = decoded(score_png(np.array([[0.0, 0.5, 1.0], [np.nan, 0.25, 0.75]], dtype="float32")))
    # SCORE_STOPS: 0 -> (165, 0, 38), 0.25 -> (244, 109, 67), 0.5 -> (254, 224, 139),
    # 0.75 -> (166, 217, 106), 1 -> (26, 152, 80)
    assert rgba[0].tolist() == [[165, 0, 38, 200], [254, 224, 139, 200], [26, 152, 80, 200]]
    assert rgba[1, 0].tolist() == [0, 0, 0, 0]
    # 0.25 and 0.75 lie half-way between two steps: drawn at the nearer one, within a step's colour change
    assert np.abs(rgba[1, 1:].astype(int) - [[244, 109, 67, 200], [166, 217, 106, 200]]).max() <= 2
    mask = decoded(mask_png(np.array([[True, False]]), "#1f78b4", alpha=150))
    assert mask.tolist() == [[[31, 120, 180, 150], [0, 0, 0, 0]]]


def test_persian_popups_of_rural_zones_show_the_rule_and_basis_in_persian() -> None:
    from spatial.policy import load_profile
    from spatial.zones import with_derived
    from ui.maps import _layer_geojson

    zones = with_derived(LAYERS, load_profile("gilan-industrial"))["rural_zones"]
    spec, style = CATALOGUE["rural_zones"], layer_map.__globals__["STYLES"]["rural_zones"]
    data, fields, aliases = _layer_geojson(zones, spec, style, "fa")
    assert "rule_fa" in fields and "basis_fa" in fields and "rule" not in fields and "basis" not in fields
    assert "zone_fa" in fields and "zone" not in fields
    properties = data["features"][0]["properties"]
    assert "متر از لبهٔ" in properties["rule_fa"] and not re.search("[A-Za-z]{4}", properties["rule_fa"])
    assert properties["zone_fa"] == "روستایی" and aliases[fields.index("zone_fa")] == "پهنه"
    assert aliases[fields.index("rule_fa")] == "قاعده"
    _, english, _ = _layer_geojson(zones, spec, style, "en")
    assert "rule" in english and "zone" in english and not {"rule_fa", "zone_fa", "basis_fa"} & set(english)


def test_the_planners_own_layers_are_drawn_on_the_result_map_in_their_style(monkeypatch: pytest.MonkeyPatch) -> None:
    """Own parcels are shown at first, own roads are in the switcher; both are in the legend as the planner's."""
    import geopandas as gpd
    from shapely.geometry import LineString, box

    import ui.analysis
    from spatial.pipeline import resolve_scenario, run_scenario
    from ui.common import active_profile, model_for
    from ui.maps import STYLES

    profile, _ = active_profile("gilan-industrial")
    model, key = model_for(profile, "d", 100.0)
    result = run_scenario(model, resolve_scenario(profile, group="d", resolution_m=100.0))
    crs = LAYERS["province"].crs
    west, south, _, _ = LAYERS["province"].total_bounds
    own = {
        "parcels": gpd.GeoDataFrame(
            {"name_en": ["P1"]}, geometry=[box(west + 5e4, south + 5e4, west + 52e3, south + 52e3)], crs=crs
        ),
        "roads": gpd.GeoDataFrame(
            {"road_class": ["main"]},
            geometry=[LineString([(west + 4e4, south + 4e4), (west + 6e4, south + 6e4)])],
            crs=crs,
        ),
    }
    monkeypatch.setattr(ui.analysis, "analysis_layers", lambda: (LAYERS | own, None, frozenset(own)))
    base = ui.analysis.suitability_map(model, result, key, lang="en").base
    html = _readable(base.get_root().render())
    titles = {child.layer_name: child.show for child in base._children.values() if hasattr(child, "layer_name")}
    assert titles["Candidate parcels (planner's) (your data)"] is True  # parcels drawn at first
    assert titles["Roads (highways, transit and main roads) (your data)"] is False  # roads from the switcher
    assert STYLES["parcels"].color in html and STYLES["roads"].color in html  # in their own styles
    assert 'data-layer="parcels"' in html and 'data-layer="roads"' in html  # and in the legend
    assert '"name_en": "P1"' in html


def test_web_maps_carry_coordinates_to_a_tenth_of_a_metre_not_to_nanometres(html_en: str) -> None:
    """Layers reach the browser with 6 decimals of a degree: every vertex within 0.1 m of the exact one."""
    from ui.maps import in_wgs84

    towns = LAYERS["towns"]
    rounded = in_wgs84(towns)
    assert rounded.to_crs(towns.crs).distance(towns).max() < 0.1
    assert not re.search(r"\d+\.\d{7,}", rounded.to_json())
    data = html_en[html_en.find('"features"') : html_en.find("fitBounds(")]  # the layers' GeoJSON, not the bounds
    assert not re.search(r"\[-?\d+\.\d{7,}, -?\d+\.\d{7,}\]", data)
