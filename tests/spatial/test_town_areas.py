"""Towns as areas: settlement rules and rural zones measured from the edge, by hand and on the bundled data."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from layers.build_gilan import town_areas
from layers.catalogue import DATA_DIR, load_catalogue
from layers.io import load_all_bundled
from spatial.constraints import check_rules, within_distance
from spatial.grid import Grid
from spatial.policy import RuralRule, load_profile
from spatial.zones import rural_zones, settlements_for_rural_zones, with_derived

CRS = "EPSG:32639"
PROVINCE = gpd.GeoDataFrame(geometry=[box(0, 0, 10_000, 10_000)], crs=CRS)  # 100 km²
# A 64-gon (quad_segs=16) of radius r has area 32 r² sin(2 pi / 64) = 3.1365 r².
DISC_KM2 = 32 * math.sin(2 * math.pi / 64)
LAYERS = load_all_bundled()
PROFILE = load_profile("gilan-industrial")


def _towns(populations: list[int | None]) -> gpd.GeoDataFrame:
    points = [Point(2_500 + 5_000 * i, 5_000) for i in range(len(populations))]
    return gpd.GeoDataFrame(
        {
            "geonames_id": list(range(1, len(populations) + 1)),
            "name_en": [f"T{i}" for i in range(len(populations))],
            "population": pd.array(populations, dtype="Int64"),
        },
        geometry=points,
        crs=CRS,
    )


def test_a_disc_holds_population_over_density_and_the_census_figure_wins_over_geonames() -> None:
    census = pd.DataFrame({"geonames_id": [2], "population_2016": [31_416], "source": ["census"]})
    discs = town_areas(_towns([10_000, 20_000, None]), census, 1_000.0).set_index("name_en")
    assert list(discs.index) == ["T0", "T1"]  # unknown population: no disc, never a guessed one
    assert discs.geometry.area["T0"] / 1e6 == pytest.approx(10.0, rel=1e-6)  # 10,000 people at 1,000 per km²
    assert discs.geometry.area["T1"] / 1e6 == pytest.approx(31.416, rel=1e-6)
    assert discs.at["T1", "population_source"] == "census"
    assert discs.at["T1", "radius_m"] == round(math.sqrt(31.416e6 / math.pi))  # 3,162 m
    assert discs.geometry["T0"].centroid.distance(Point(2_500, 5_000)) < 1e-6


def test_a_rule_excludes_every_cell_within_its_distance_of_an_areas_edge() -> None:
    grid = Grid(west=0.0, north=10_000.0, cell_m=100.0, width=100, height=100, crs=CRS)
    town = gpd.GeoSeries([box(4_000, 4_000, 6_000, 6_000)], crs=CRS)
    excluded = within_distance(town, 1_000.0, grid)
    row = grid.rowcol(0, 5_050)[0]
    assert excluded[row, grid.rowcol(5_050, 0)[1]]  # inside the town
    assert excluded[row, grid.rowcol(3_050, 0)[1]]  # the cell 3,000-3,100 m: 900 m from the edge
    assert not excluded[row, grid.rowcol(2_850, 0)[1]]  # the cell 2,800-2,900 m: 1,100 m from the edge
    assert not excluded[row, grid.rowcol(7_150, 0)[1]]


def test_rural_land_lies_beyond_the_urban_radius_from_the_edge_of_an_area() -> None:
    area = gpd.GeoDataFrame({"name_en": ["town"]}, geometry=[box(4_000, 4_000, 6_000, 6_000)], crs=CRS)
    rule = RuralRule(urban_radius_m=1_000, min_town_population=10_000, basis="test")
    rural = rural_zones(PROVINCE, area, rule)  # no population column: the planner's polygon counts as urban
    # 100 km² minus the 2 km square, four 2 km x 1 km sides and four rounded corners (one 64-gon of 1 km).
    assert rural.area.iloc[0] / 1e6 == pytest.approx(100 - 4 - 8 - DISC_KM2, abs=1e-6)
    assert not rural.geometry.iloc[0].contains(Point(3_100, 5_000))  # 900 m from the edge
    assert rural.geometry.iloc[0].contains(Point(2_900, 5_000))  # 1,100 m from the edge
    assert "1 as areas" in rural.rule.iloc[0]


def test_a_town_with_an_area_counts_from_the_area_and_one_without_from_its_point() -> None:
    towns = _towns([10_000, None])
    areas = town_areas(towns, pd.DataFrame(columns=["geonames_id", "population_2016", "source"]), 1_000.0)
    settlements = settlements_for_rural_zones({"towns": towns, "town_areas": areas})
    assert settlements is not None
    assert sorted(settlements.geom_type) == ["Point", "Polygon"]  # T0's point is replaced by its disc
    derived = with_derived({"province": PROVINCE, "towns": towns, "town_areas": areas}, PROFILE)
    rural = derived["rural_zones"].geometry.iloc[0]
    radius = PROFILE.rural.urban_radius_m
    disc_radius = math.sqrt(10e6 / math.pi)  # 1,784 m
    assert not rural.contains(Point(2_500, 5_000 + disc_radius + radius - 50))  # north of T0's disc
    assert rural.contains(Point(2_500, 5_000 + disc_radius + radius + 50))
    assert not rural.contains(Point(7_500, 5_000 + radius - 50))  # T1 has no disc: 2 km from its point
    assert rural.contains(Point(7_500, 5_000 + radius + 50))


def test_2_6_km_from_central_rasht_is_inside_the_town_and_excluded_by_the_settlement_rule() -> None:
    rasht = LAYERS["towns"].set_index("name_en").at["Rasht", "geometry"]
    inside_rasht = Point(rasht.x + 2_600, rasht.y)
    rule = next(r for r in PROFILE.constraints if r.id == "settlements")
    check = check_rules(inside_rasht, LAYERS, (rule,), group="d")[0]
    assert check.excludes and check.distance_m == 0.0 and check.nearest == "Rasht"
    rural = with_derived(LAYERS, PROFILE)["rural_zones"].geometry.iloc[0]
    assert not rural.contains(inside_rasht)
    # Rasht's disc holds 679,995 people at its own published density: its published 180 km².
    disc = LAYERS["town_areas"].set_index("name_en").at["Rasht", "geometry"]
    assert disc.area / 1e6 == pytest.approx(180.0, rel=1e-6)
    assert rural.distance(disc) == pytest.approx(PROFILE.rural.urban_radius_m, rel=0.01)


def test_the_density_and_the_populations_carry_their_sources_and_the_layer_is_illustrative() -> None:
    density = pd.read_csv(DATA_DIR / "facts" / "town_density.csv").iloc[0]
    assert density.population_2016 / density.area_km2 == pytest.approx(3_777.75)
    assert "census" in density.source and "180" in density.source
    populations = pd.read_csv(DATA_DIR / "facts" / "town_populations.csv")
    assert populations.source.str.contains("2016 census").all()
    areas = LAYERS["town_areas"]
    np.testing.assert_allclose(areas.area / 1e6, areas.population / 3_777.75, rtol=1e-6)
    spec = load_catalogue()["town_areas"]
    assert spec.status == "illustrative" and spec.geometry == "Polygon"
    rule = next(r for r in PROFILE.constraints if r.id == "settlements")
    assert "town_areas" in rule.layers and "towns" in rule.layers
