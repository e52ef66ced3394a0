"""The bundled counties: a power diagram of the seats fitted to the measured land, by hand and on the data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from layers.build_gilan import COUNTY_FIT_TOLERANCE, fit_power_diagram, power_cells
from layers.catalogue import DATA_DIR, load_catalogue
from layers.io import load_bundled

COUNTIES = load_bundled("counties")
FACTS = pd.read_csv(DATA_DIR / "facts" / "counties.csv")


def test_equal_weights_split_at_the_midpoint_and_a_weight_moves_the_edge_by_half_over_the_distance() -> None:
    generators = np.array([[0.0, 0.0], [10.0, 0.0]])
    frame = box(-10, -10, 20, 10)
    left, right = power_cells(generators, np.array([0.0, 0.0]), frame)
    assert left.bounds[2] == pytest.approx(5.0) and right.bounds[0] == pytest.approx(5.0)
    # |x|² - 0 = |x - 10|² - 40  <=>  20 x = 60: the heavier right cell grows, its edge moves from 5 to 3.
    left, right = power_cells(generators, np.array([0.0, 40.0]), frame)
    assert left.bounds[2] == pytest.approx(3.0)
    assert left.area + right.area == pytest.approx(frame.area)


def test_the_fit_gives_each_cell_its_target_area() -> None:
    land = box(0, 0, 20_000, 10_000)  # 200 km²
    generators = np.array([[5_000.0, 5_000.0], [15_000.0, 5_000.0]])
    cells, _ = fit_power_diagram(generators, np.array([150e6, 50e6]), land)
    assert cells[0].area == pytest.approx(150e6, rel=1e-4)
    assert cells[0].bounds[2] == pytest.approx(15_000, abs=2)  # a straight edge at x = 15 km


def test_every_county_holds_its_measured_land_within_the_tolerance() -> None:
    counties = COUNTIES.set_index("name_en")
    assert set(counties.index) == set(FACTS.name_en)  # all 17 counties, Khomam included
    measured_km2 = FACTS.set_index("name_en").land_km2_osm.reindex(counties.index)
    ratio = counties.area / 1e6 / measured_km2
    # Every county gets its share of the province's land, which holds 2.0 % more than the 17 measured counties.
    share = ratio / (counties.area.sum() / 1e6 / measured_km2.sum())
    assert (share - 1).abs().max() <= COUNTY_FIT_TOLERANCE
    assert (ratio - 1).abs().max() <= 0.03
    assert counties.at["Amlash", "area_km2"] == pytest.approx(404 * 1.02, rel=0.01)  # the Voronoi cell was 1,707
    assert counties.at["Rudsar", "area_km2"] == pytest.approx(1_346 * 1.02, rel=0.01)  # it was 529
    np.testing.assert_allclose(counties.fit_error_pct, (ratio - 1) * 100, atol=0.06)


def test_the_seats_that_fall_outside_their_cell_are_the_ones_the_catalogue_names() -> None:
    from layers.io import load_bundled as load

    towns = load("towns").set_index("county_seat_of")
    outside = [
        name
        for name, cell in zip(COUNTIES.name_en, COUNTIES.geometry, strict=True)
        if name in towns.index and cell.distance(towns.at[name, "geometry"]) > 0
    ]
    accuracy = load_catalogue()["counties"].accuracy
    assert sorted(outside) == ["Amlash", "Masal"]  # and Khomam, whose seat is not a GeoNames town
    for name in (*outside, "Khomam"):
        assert name in accuracy
    assert load_catalogue()["counties"].status == "illustrative"


def test_the_land_budget_shows_the_measured_land_beside_the_fitted_one() -> None:
    from layers.io import load_all_bundled
    from spatial.budget import land_budget_by_county
    from spatial.model import build_model
    from spatial.policy import load_profile

    layers = load_all_bundled()
    profile = load_profile("gilan-industrial")
    model = build_model(layers, profile, group="d", resolution_m=1_000.0)
    table = land_budget_by_county(model, layers, profile.budget).table
    assert "Khomam" in table.index
    assert table.at["Khomam", "land_ha_measured"] == 15_800
    assert table.at["Rasht", "land_ha_measured"] == 110_600  # Rasht alone, no longer holding Khomam
    counties = table.drop(index="Gilan")
    assert ((counties.land_ha / counties.land_ha_measured - 1).abs() < 0.05).all()  # 1 km cells round the edges
