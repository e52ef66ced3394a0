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


def test_every_bundled_layer_is_in_the_switcher_with_its_status(html_en: str) -> None:
    for layer_id in LAYERS:
        spec = CATALOGUE[layer_id]
        assert f"{spec.title_en} ({spec.status})" in html_en
    assert "L.control.layers" in html_en


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
