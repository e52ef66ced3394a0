"""A layer that covers part of the province never silently drops the rest: the criterion is unknown there."""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest
from affine import Affine

from layers.io import RasterLayer
from spatial.model import build_model
from spatial.pipeline import resolve_scenario, run_scenario
from spatial.policy import parse_profile
from tests.spatial.engine_fixtures import TINY_DOC, tiny_layers


def _profile(slope_weight: float):
    doc = copy.deepcopy(TINY_DOC)
    doc["criterion"][0]["weight"] = 0.75 - slope_weight
    doc["criterion"].append(
        {
            "id": "slope",
            "title_en": "Gentle slope",
            "title_fa": "شیب کم",
            "measure": "slope_percent",
            "layer": "dem",
            "standardise": {"function": "linear", "direction": "decreasing", "control": [2.0, 12.0]},
            "weight": slope_weight,
            "basis": "test",
        }
    )
    return parse_profile(doc, name="tiny")


# A flat DEM over the west 300 m: slope 0 (standardised 1) in columns 0-1; column 2 has no east
# neighbour for the central difference, so slope is known in 10 of the 25 cells (40 %).
DEM = RasterLayer("dem", np.full((5, 3), 10.0, dtype="float32"), Affine(100, 0, 0, 0, -100, 500))


def _near(row: int, col: int) -> float:
    return max(0.0, 1 - 100 * math.hypot(row, col) / 400)  # the town sits in the top-left cell


def test_outside_the_dem_the_other_weights_are_renormalised_and_no_land_is_dropped() -> None:
    model = build_model(tiny_layers(), _profile(0.25), group="d", dem=DEM)
    score = model.score()
    assert not np.isnan(score).any()  # every cell of the province keeps a score
    assert score[0, 1] == pytest.approx(0.5 * _near(0, 1) + 0.25 + 0.25, abs=1e-6)  # slope known
    assert score[0, 2] == pytest.approx((0.5 * _near(0, 2) + 0.25) / 0.75, abs=1e-6)  # slope unknown
    text = " ".join(w.text() for w in model.warnings)
    assert "layer 'dem' covers only 0.1 km² (40 %) of the province" in text


def test_a_zero_weight_on_a_partial_layer_changes_nothing() -> None:
    with_dem = build_model(tiny_layers(), _profile(0.0), group="d", dem=DEM).score()
    without = build_model(tiny_layers(), _profile(0.0), group="d").score()
    np.testing.assert_allclose(with_dem, without, atol=1e-6)


def test_sites_that_rest_on_an_incomplete_criterion_say_so() -> None:
    profile = _profile(0.25)
    model = build_model(tiny_layers(), profile, group="d", dem=DEM)
    table = run_scenario(model, resolve_scenario(profile)).table
    assert table is not None
    assert (table.incomplete_criteria == "slope").all()  # the site reaches east of the DEM


def test_restricting_the_study_area_to_the_coverage_is_explicit_and_stated() -> None:
    profile = _profile(0.25)
    model = build_model(tiny_layers(), profile, group="d", dem=DEM, coverage_only=True)
    assert int(model.study_area.sum()) == 10  # the 10 cells where the slope is known
    assert model.study_area[:, :2].all() and not model.study_area[:, 2].any()
    assert not model.unknown  # inside the restricted area every criterion is known
    score = model.score()
    assert np.isnan(score[:, 2]).all()  # not assessed, not zero
    assert score[0, 1] == pytest.approx(0.5 * _near(0, 1) + 0.25 + 0.25, abs=1e-6)  # the same as without restriction
    text = " ".join(w.text() for w in model.warnings)
    assert "restricted, as asked, to the 0.1 km² (40 %) of the province that dem cover" in text
    assert "covers only" not in text
    table = run_scenario(model, resolve_scenario(profile, coverage_only=True)).table
    assert table is not None and (table.incomplete_criteria == "").all()
    assert table.geometry.union_all().bounds[2] <= 200 + 1e-6  # no site east of the DEM


def test_restricting_without_a_partial_layer_changes_nothing_and_says_so() -> None:
    profile = _profile(0.25)
    full = build_model(tiny_layers(), profile, group="d")
    restricted = build_model(tiny_layers(), profile, group="d", coverage_only=True)
    np.testing.assert_array_equal(full.study_area, restricted.study_area)
    assert "changed nothing" in " ".join(w.text() for w in restricted.warnings)


def test_a_criterions_standardised_layer_is_unknown_outside_its_coverage() -> None:
    model = build_model(tiny_layers(), _profile(0.25), group="d", dem=DEM)
    slope = model.standardised_layer("slope")
    assert slope.shape == model.grid.shape
    assert (slope[:, :2] == 1.0).all()  # flat DEM: slope 0, full marks
    assert np.isnan(slope[:, 2]).all()  # east of the DEM: unknown, not 0
    near = model.standardised_layer("near_town")
    assert near[0, 1] == pytest.approx(_near(0, 1), abs=1e-6)


def test_where_no_weighted_criterion_is_known_the_result_says_how_many_cells_have_no_score() -> None:
    profile = _profile(0.25)
    model = build_model(tiny_layers(), profile, group="d", dem=DEM)
    weights = {c.id: (1.0 if c.id == "slope" else 0.0) for c in profile.criteria}
    result = run_scenario(model, resolve_scenario(profile, weights=weights, min_score=0.0))
    (caveat,) = result.score_caveats  # slope is known in 10 of the 25 cells: 15 have no score
    assert caveat.key == "caveat_score_undefined" and caveat.values == {"cells": "15"}
    assert result.caveats == [*model.warnings, caveat]  # the command line and the report list it with the rest
