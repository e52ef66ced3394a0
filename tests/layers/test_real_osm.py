"""A real upload: OpenStreetMap's 17 Gilan counties (ODbL), read from ../shared/data/real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from layers.catalogue import load_catalogue
from layers.errors import GeometryTypeError
from layers.io import load_bundled, read_vector_file
from layers.validate import validate_vector
from tests.conftest import REAL_DATA, requires_shared

OSM_COUNTIES = REAL_DATA / "gilan_counties_osm.geojson"
pytestmark = requires_shared(OSM_COUNTIES)
COUNTIES = load_catalogue()["counties"]


def test_osm_export_with_label_nodes_is_refused_for_the_counties_role_with_counts() -> None:
    with pytest.raises(GeometryTypeError) as caught:
        read_vector_file(OSM_COUNTIES, spec=COUNTIES)
    assert "17 MultiPolygon, 15 Point" in str(caught.value)


def test_osm_export_mixing_polygons_and_label_nodes_is_refused_without_a_role_too() -> None:
    with pytest.raises(GeometryTypeError) as caught:
        read_vector_file(OSM_COUNTIES)
    assert "mixes geometry types Point, Polygon (17 MultiPolygon, 15 Point)" in str(caught.value)
    assert "split the file by geometry type" in str(caught.value)


def _polygons_only(tmp: Path) -> Path:
    """What the message asks the planner to do: keep the county polygons, drop the label nodes."""
    doc = json.loads(OSM_COUNTIES.read_text(encoding="utf-8"))
    doc["features"] = [f for f in doc["features"] if f["geometry"]["type"] != "Point"]
    path = tmp / "counties_polygons.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_osm_tags_are_spread_into_columns_a_planner_can_map(tmp_path: Path) -> None:
    raw = read_vector_file(_polygons_only(tmp_path))
    assert {"name", "name:en", "wikidata", "admin_level"} <= set(raw.columns)
    polygons = raw.rename(columns={"name:en": "name_en"})
    counties = validate_vector(polygons, layer="osm counties", spec=COUNTIES)
    assert len(counties) == 17
    assert "Khomam County" in set(counties.name_en)
    assert counties.crs == "EPSG:32639"


def test_coastal_counties_reach_into_the_sea_until_clipped_to_the_shoreline(tmp_path: Path) -> None:
    counties = read_vector_file(_polygons_only(tmp_path))
    assert set(counties.geom_type) == {"MultiPolygon"}
    total_km2 = counties.area.sum() / 1e6
    assert total_km2 == pytest.approx(19_440, rel=0.01)  # as ../shared/data/README.md says
    sea = load_bundled("caspian_sea").geometry.union_all()
    land_km2 = counties.geometry.difference(sea).area.sum() / 1e6
    province_km2 = load_bundled("province").area.sum() / 1e6
    # On land the OSM counties come back to about the province's size (14,042-14,711 km² by source).
    assert 13_800 < land_km2 < 14_900
    assert abs(land_km2 - province_km2) / province_km2 < 0.04


def test_the_osm_export_is_accepted_as_counties_once_the_planner_drops_its_label_points() -> None:
    counties = read_vector_file(OSM_COUNTIES, spec=COUNTIES, drop_other_geometry=True)
    assert len(counties) == 17 and set(counties.geom_type) == {"MultiPolygon"}
    assert counties.attrs["dropped"] == "dropped 15 Point feature(s), kept 17 Polygon"
    assert "Rasht County" in set(counties.name_en)  # OSM's name:en tag serves as name_en
