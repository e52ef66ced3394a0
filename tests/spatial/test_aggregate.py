"""WLC, OWA and TOPSIS: hand values, the OWA extremes, and TOPSIS against pymcdm."""

from __future__ import annotations

import numpy as np
import pytest
from pymcdm.methods import TOPSIS
from pymcdm.normalizations import vector_normalization

from spatial.aggregate import owa, owa_readings, topsis, wlc

STACK = np.array([[[1.0, 0.2]], [[0.0, 0.6]]], dtype="float32")  # 2 criteria, 1 x 2 cells
W = np.array([0.75, 0.25])


def test_wlc_by_hand() -> None:
    np.testing.assert_allclose(wlc(STACK, W)[0], [0.75, 0.3])


def test_owa_extremes_are_or_and_and_equal_order_weights_give_wlc() -> None:
    np.testing.assert_allclose(owa(STACK, W, np.array([1.0, 0.0]))[0], [1.0, 0.6])
    np.testing.assert_allclose(owa(STACK, W, np.array([0.0, 1.0]))[0], [0.0, 0.2])
    np.testing.assert_allclose(owa(STACK, W, np.array([0.5, 0.5]))[0], wlc(STACK, W)[0], rtol=1e-6)


def test_owa_readings() -> None:
    assert owa_readings(np.array([1.0, 0.0, 0.0])) == pytest.approx((1.0, 0.0))
    assert owa_readings(np.array([0.0, 0.0, 1.0])) == pytest.approx((0.0, 0.0))
    assert owa_readings(np.array([1 / 3] * 3)) == pytest.approx((0.5, 1.0))


def test_topsis_matches_pymcdm() -> None:
    rng = np.random.default_rng(7)
    matrix = rng.uniform(0.05, 1.0, size=(8, 4))
    weights = np.array([0.4, 0.3, 0.2, 0.1])
    reference = TOPSIS(normalization_function=vector_normalization)(matrix, weights, np.ones(4, dtype=int))
    np.testing.assert_allclose(topsis(matrix, weights), reference, rtol=1e-9)


def test_topsis_cost_criteria_match_pymcdm() -> None:
    matrix = np.array([[250.0, 16, 12, 5], [200, 16, 8, 3], [300, 32, 16, 4], [275, 32, 8, 4], [225, 16, 16, 2]])
    weights = np.array([0.25, 0.25, 0.25, 0.25])
    types = np.array([-1, 1, 1, 1])
    reference = TOPSIS(normalization_function=vector_normalization)(matrix, weights, types)
    np.testing.assert_allclose(topsis(matrix, weights, types > 0), reference, rtol=1e-9)


def test_owa_with_tied_values_does_not_depend_on_the_criterion_order() -> None:
    # One cell: criteria A, B tie at 0.5, C is 0.2. A and B share the mean order weight of positions
    # 1 and 2: (0.6 + 0.3) / 2 = 0.45. By hand: (0.5*0.45*0.5 + 0.3*0.45*0.5 + 0.2*0.1*0.2) /
    # (0.5*0.45 + 0.3*0.45 + 0.2*0.1) = 0.184 / 0.38.
    stack = np.array([[[0.5]], [[0.5]], [[0.2]]], dtype="float32")
    weights = np.array([0.5, 0.3, 0.2])
    order = np.array([0.6, 0.3, 0.1])
    expected = 0.184 / 0.38
    assert owa(stack, weights, order)[0, 0] == pytest.approx(expected, rel=1e-6)
    assert owa(stack[[1, 0, 2]], weights[[1, 0, 2]], order)[0, 0] == pytest.approx(expected, rel=1e-6)
    assert owa(stack[[2, 1, 0]], weights[[2, 1, 0]], order)[0, 0] == pytest.approx(expected, rel=1e-6)


def test_owa_undefined_where_every_weight_falls_on_a_zero_order_weight_is_nan_not_zero() -> None:
    stack = np.array([[[0.9, 0.1]], [[0.1, 0.9]]], dtype="float32")  # A best in cell 1, B best in cell 2
    values = owa(stack, np.array([1.0, 0.0]), np.array([0.0, 1.0]))[0]  # AND; only A has weight
    assert np.isnan(values[0])  # A is the best there, and the best position has order weight 0
    assert values[1] == pytest.approx(0.1)
