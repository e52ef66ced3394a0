"""Rural zones on a tiny province you can check by hand."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from spatial.policy import RuralRule
from spatial.zones import deprived_flags_set, rural_zones, with_derived

PROVINCE = gpd.GeoDataFrame(geometry=[box(0, 0, 10_000, 10_000)], crs=32639)  # 100 km²
# A 64-gon (quad_segs=16) of radius r has area 32 r² sin(2 pi / 64) = 3.1365 r².
DISC_KM2 = 32 * math.sin(2 * math.pi / 64)


def _towns(populations: list[int | None]) -> gpd.GeoDataFrame:
    points = [Point(2_500 + 5_000 * (i % 2), 2_500 + 5_000 * (i // 2)) for i in range(len(populations))]
    return gpd.GeoDataFrame({"population": pd.array(populations, dtype="Int64")}, geometry=points, crs=32639)


def test_rural_land_is_the_province_minus_a_disc_around_each_town() -> None:
    rule = RuralRule(urban_radius_m=1_000, min_town_population=0, basis="test")
    rural = rural_zones(PROVINCE, _towns([5_000, 20_000]), rule)
    assert rural.area.iloc[0] / 1e6 == pytest.approx(100 - 2 * DISC_KM2, abs=1e-6)
    assert not rural.geometry.iloc[0].contains(Point(2_500, 2_500))
    assert rural.geometry.iloc[0].contains(Point(5_000, 5_000))


def test_small_towns_below_the_threshold_stay_rural_and_unknown_population_counts_as_urban() -> None:
    rule = RuralRule(urban_radius_m=1_000, min_town_population=10_000, basis="test")
    rural = rural_zones(PROVINCE, _towns([5_000, 20_000, None]), rule)
    assert rural.area.iloc[0] / 1e6 == pytest.approx(100 - 2 * DISC_KM2, abs=1e-6)
    assert "2 towns" in rural.rule.iloc[0]


def test_unset_deprived_flags_are_not_counted_as_set() -> None:
    counties = gpd.GeoDataFrame(
        {"name_en": ["A", "B", "C"], "deprived": pd.array([True, False, None], dtype="boolean")},
        geometry=[box(0, 0, 1, 1)] * 3,
        crs=32639,
    )
    assert deprived_flags_set(counties) == 2


def test_derived_rural_zones_follow_the_active_profiles_rule_and_never_replace_given_ones() -> None:
    from tests.spatial.engine_fixtures import tiny_profile

    layers = {"province": PROVINCE, "towns": _towns([5_000, 20_000])}
    wide = with_derived(
        layers, tiny_profile(amayesh={"rural": {"urban_radius_m": 2_000.0, "min_town_population": 0, "basis": "t"}})
    )
    narrow = with_derived(
        layers, tiny_profile(amayesh={"rural": {"urban_radius_m": 1_000.0, "min_town_population": 0, "basis": "t"}})
    )
    assert wide["rural_zones"].area.iloc[0] / 1e6 == pytest.approx(100 - 2 * 4 * DISC_KM2, abs=1e-6)
    assert narrow["rural_zones"].area.iloc[0] / 1e6 == pytest.approx(100 - 2 * DISC_KM2, abs=1e-6)
    given = {**layers, "rural_zones": PROVINCE}
    assert with_derived(given, tiny_profile())["rural_zones"] is PROVINCE


def test_the_same_layers_and_rule_give_the_same_zones_and_new_towns_new_zones() -> None:
    """Rural zones are derived once per layers and rule (every page rerun asks again), never reused for other
    towns or another rule."""
    from tests.spatial.engine_fixtures import tiny_profile

    def rule(radius: float) -> dict[str, object]:
        return {"rural": {"urban_radius_m": radius, "min_town_population": 0, "basis": "t"}}

    towns = _towns([5_000, 20_000])
    first = with_derived({"province": PROVINCE, "towns": towns}, tiny_profile(amayesh=rule(1_000.0)))["rural_zones"]
    again = with_derived({"province": PROVINCE, "towns": towns}, tiny_profile(amayesh=rule(1_000.0)))["rural_zones"]
    assert again is first
    wider = with_derived({"province": PROVINCE, "towns": towns}, tiny_profile(amayesh=rule(2_000.0)))["rural_zones"]
    assert wider.area.iloc[0] / 1e6 == pytest.approx(100 - 2 * 4 * DISC_KM2, abs=1e-6)
    one_town = with_derived({"province": PROVINCE, "towns": towns.iloc[:1]}, tiny_profile(amayesh=rule(1_000.0)))
    assert one_town["rural_zones"].area.iloc[0] / 1e6 == pytest.approx(100 - DISC_KM2, abs=1e-6)
