"""Fuzzy standardisation with values you can compute by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from rasterio.transform import from_origin

from layers.io import RasterLayer
from spatial.criteria import slope_percent, standardisation_curve, standardise
from spatial.grid import Grid
from spatial.policy import Standardise

X = np.array([-10.0, 0.0, 25.0, 50.0, 100.0, 200.0, np.inf, np.nan])


def test_linear_increasing_and_decreasing() -> None:
    up = standardise(X, Standardise("linear", "increasing", (0.0, 100.0)))
    np.testing.assert_allclose(up[:7], [0, 0, 0.25, 0.5, 1, 1, 1])
    assert np.isnan(up[7])
    down = standardise(X, Standardise("linear", "decreasing", (0.0, 100.0)))
    np.testing.assert_allclose(down[:7], [1, 1, 0.75, 0.5, 0, 0, 0])


def test_sigmoid_is_cosine_squared_between_the_control_points() -> None:
    up = standardise(X, Standardise("sigmoid", "increasing", (0.0, 100.0)))
    assert up[1] == pytest.approx(0, abs=1e-12) and up[4] == 1
    assert up[3] == pytest.approx(0.5)  # cos²(π/4)
    assert up[2] == pytest.approx(math.cos(0.75 * math.pi / 2) ** 2)


def test_j_shaped_decreasing_is_half_at_b_and_never_zero() -> None:
    down = standardise(X, Standardise("j_shaped", "decreasing", (0.0, 100.0)))
    assert down[1] == 1
    assert down[4] == pytest.approx(0.5)
    assert down[5] == pytest.approx(1 / (1 + 4))  # two spans beyond a
    assert down[6] == 0  # infinitely far


def test_symmetric_rises_then_falls() -> None:
    values = np.array([0.0, 5.0, 15.0, 25.0, 30.0])
    out = standardise(values, Standardise("linear", "symmetric", (0.0, 10.0, 20.0, 30.0)))
    np.testing.assert_allclose(out, [0, 0.5, 1, 0.5, 0])


def test_slope_of_a_5_percent_plane() -> None:
    grid = Grid(west=0.0, north=1000.0, cell_m=100.0, width=10, height=10)
    x = (np.arange(20) + 0.5) * 50.0
    dem = RasterLayer("dem", np.tile(0.05 * x, (20, 1)).astype("float32"), from_origin(0, 1000, 50, 50))
    slope = slope_percent(dem, grid)
    np.testing.assert_allclose(slope[2:-2, 2:-2], 5.0, rtol=1e-4)


def test_slope_in_degrees_from_a_100_percent_plane() -> None:
    from spatial.criteria import raw_criterion, slope_percent
    from spatial.policy import Criterion

    grid = Grid(west=0.0, north=1000.0, cell_m=100.0, width=10, height=10)
    x = (np.arange(20) + 0.5) * 50.0
    dem = RasterLayer("dem", np.tile(x, (20, 1)).astype("float32"), from_origin(0, 1000, 50, 50))
    spec = Standardise("linear", "decreasing", (2.0, 12.0))
    criterion = Criterion("slope", "Slope", "شیب", "slope_degrees", "dem", spec, 1.0, "test")
    degrees = raw_criterion(criterion, grid, {}, None, slope=slope_percent(dem, grid))  # type: ignore[arg-type]
    assert degrees is not None
    np.testing.assert_allclose(degrees[2:-2, 2:-2], 45.0, rtol=1e-4)


def test_the_curve_spans_the_control_points_and_reads_like_the_transformation() -> None:
    raw, value = standardisation_curve(Standardise("linear", "decreasing", (1000.0, 5000.0)), points=61)
    assert raw[0] == -0.0 and raw[-1] == 6000.0  # a quarter of the span either side
    assert value[raw <= 1000].tolist() == [1.0] * int((raw <= 1000).sum())
    assert value[raw >= 5000].max() == 0.0
    assert value[np.argmin(abs(raw - 3000))] == pytest.approx(0.5)


def test_the_curve_of_a_distance_or_a_slope_starts_at_0_at_the_least() -> None:
    spec = Standardise("linear", "decreasing", (250.0, 10000.0))
    assert standardisation_curve(spec)[0][0] == 250 - 0.25 * 9750  # a raw value of no known measure
    raw, value = standardisation_curve(spec, measure="distance")
    assert raw[0] == 0.0 and raw[-1] == 10000 + 0.25 * 9750 and value[0] == 1.0
    assert standardisation_curve(Standardise("linear", "decreasing", (2.0, 12.0)), measure="slope_percent")[0][0] == 0.0
    assert standardisation_curve(Standardise("linear", "increasing", (0.0, 1.0)), measure="zone")[0][0] == -0.25
