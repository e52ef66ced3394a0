"""The land budget on the tiny province: every part counted by hand, and the parts add up."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from spatial.budget import PROVINCE, land_budget_by_county
from spatial.model import build_model
from tests.spatial.engine_fixtures import tiny_layers, tiny_profile


def _layers(town_xy: tuple[float, float]) -> dict[str, gpd.GeoDataFrame]:
    layers = tiny_layers(town_xy)
    layers["counties"] = gpd.GeoDataFrame(
        {"name_en": ["West", "East"], "pop_2016": pd.array([1000, 3000], dtype="Int64")},
        geometry=[box(0, 0, 200, 500), box(200, 0, 500, 500)],  # 10 and 15 cells of 1 ha
        crs=32639,
    )
    return layers


def test_parts_add_up_to_the_land_of_each_county_and_the_province() -> None:
    # Town in the park cell (row 4, col 4): settlements excludes that cell, its 2 edge neighbours and
    # the diagonal one, whose corner is 71 m away (4 ha); the park excludes its own cell (1 ha), which
    # is also within 100 m of the town.
    profile = tiny_profile()
    layers = _layers((450.0, 50.0))
    model = build_model(layers, profile, group="d")
    budget = land_budget_by_county(model, layers, profile.budget)
    table = budget.table
    assert table.loc["West", "land_ha"] == 10 and table.loc["East", "land_ha"] == 15
    east = table.loc["East"]
    assert east.excluded_by_settlements_ha == 4 and east.excluded_by_parks_ha == 1
    assert east.only_settlements_ha == 3 and east.only_parks_ha == 0 and east.excluded_by_several_ha == 1
    assert east.developable_ha == 11
    for county in ("West", "East", PROVINCE):
        row = table.loc[county]
        parts = row.developable_ha + row.only_settlements_ha + row.only_parks_ha + row.excluded_by_several_ha
        assert parts == row.land_ha
    assert table.loc[PROVINCE, "land_ha"] == 25
    assert budget.missing_rules == ("forest",)


def test_demand_is_gross_land_split_by_population_and_balanced_against_developable_land() -> None:
    profile = tiny_profile()
    layers = _layers((450.0, 50.0))
    model = build_model(layers, profile, group="d")
    idle = pd.Series({"West": 1.0})
    table = land_budget_by_county(model, layers, profile.budget, idle_ha_by_county=idle).table
    gross = 10 * 0.6 / (1 - 0.1 - 0.3)  # 10 units of 0.6 ha net, 40 % green and utilities: 10 ha
    assert table.loc[PROVINCE, "demand_ha"] == pytest.approx(gross)
    assert table.loc["West", "demand_ha"] == pytest.approx(gross / 4)
    assert table.loc["East", "balance_ha"] == pytest.approx(11 - gross * 3 / 4)
    assert table.loc["West", "idle_share_of_demand"] == pytest.approx(1.0 / (gross / 4))
    assert pd.isna(table.loc["East", "idle_ha"])  # unknown, not zero


def test_cross_check_shows_what_the_maps_miss() -> None:
    profile = tiny_profile()
    layers = _layers((450.0, 50.0))
    model = build_model(layers, profile, group="d")
    facts = {"area": 0.26, "forest": 5.0, "paddy": 7.0}
    check = land_budget_by_county(model, layers, profile.budget, facts=facts).cross_check.set_index("item")
    assert check.loc["land area", "public_figure_ha"] == pytest.approx(26.0)
    assert check.loc["land area", "missing_from_maps_ha"] == pytest.approx(1.0)
    assert check.loc["forest", "mapped_ha"] == 0 and check.loc["forest", "missing_from_maps_ha"] == 5.0


def test_demand_follows_the_profiles_key_developable_land_by_default_in_gilan() -> None:
    profile = tiny_profile(budget={"allocation": "developable_land"})
    layers = _layers((450.0, 50.0))
    model = build_model(layers, profile, group="d")
    table = land_budget_by_county(model, layers, profile.budget).table
    # West keeps all its 10 ha, East 11 of 15 ha: 10/21 and 11/21 of the 10 ha demand.
    assert table.loc["West", "demand_ha"] == pytest.approx(10 * 10 / 21)
    assert table.loc["East", "demand_ha"] == pytest.approx(10 * 11 / 21)
    assert table.loc[PROVINCE, "demand_ha"] == pytest.approx(10.0)


def test_green_space_and_utilities_are_separate_shares_of_the_gross_land() -> None:
    parts = tiny_profile().budget.parts_ha()  # 10 units x 0.6 ha = 6 ha of plots, 60 % of the gross
    assert parts == pytest.approx({"plots_ha": 6.0, "green_ha": 1.0, "utilities_ha": 3.0, "gross_ha": 10.0})
    assert parts["plots_ha"] + parts["green_ha"] + parts["utilities_ha"] == pytest.approx(parts["gross_ha"])
