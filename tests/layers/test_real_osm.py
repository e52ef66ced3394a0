"""A real upload: OpenStreetMap's 17 Gilan counties (ODbL), read from ../shared/data/real."""

from __future__ import annotations

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


def test_osm_tags_are_spread_into_columns_a_planner_can_map() -> None:
    raw = read_vector_file(OSM_COUNTIES)
    assert {"name", "name:en", "wikidata", "admin_level"} <= set(raw.columns)
    polygons = raw[raw.geom_type == "MultiPolygon"].rename(columns={"name:en": "name_en"})
    counties = validate_vector(polygons, layer="osm counties", spec=COUNTIES)
    assert len(counties) == 17
    assert "Khomam County" in set(counties.name_en)
    assert counties.crs == "EPSG:32639"


def test_coastal_counties_reach_into_the_sea_until_clipped_to_the_shoreline() -> None:
    raw = read_vector_file(OSM_COUNTIES)
    counties = raw[raw.geom_type == "MultiPolygon"]
    total_km2 = counties.area.sum() / 1e6
    assert total_km2 == pytest.approx(19_440, rel=0.01)  # as ../shared/data/README.md says
    sea = load_bundled("caspian_sea").geometry.union_all()
    land_km2 = counties.geometry.difference(sea).area.sum() / 1e6
    province_km2 = load_bundled("province").area.sum() / 1e6
    # On land the OSM counties come back to about the province's size (14,042-14,711 km² by source).
    assert 13_800 < land_km2 < 14_900
    assert abs(land_km2 - province_km2) / province_km2 < 0.04
