"""A slope limit, available as a rule once a DEM is loaded, checked on the cells and on the exported sites."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from affine import Affine
from shapely.geometry import Point

from layers.io import RasterLayer
from spatial.constraints import check_rules
from spatial.errors import PolicyError
from spatial.model import build_model
from spatial.pipeline import resolve_scenario, run_scenario
from spatial.policy import parse_profile
from tests.spatial.engine_fixtures import TINY_DOC, tiny_layers

SLOPE_RULE = {
    "id": "slope_limit",
    "title_en": "Steep land",
    "title_fa": "زمین پرشیب",
    "layers": ["dem"],
    "slope_above_percent": 15.0,
    "buffer_m": {"d": 0.0, "e": 0.0},
    "basis": "design choice (test)",
}
# Elevation by column 0, 0, 0, 0, 60 m: central differences give slopes of 0, 0, 0, 30 and 60 %.
DEM = RasterLayer("dem", np.tile(np.array([0, 0, 0, 0, 60], dtype="float32"), (5, 1)), Affine(100, 0, 0, 0, -100, 500))


def _profile(rule: dict = SLOPE_RULE):
    doc = copy.deepcopy(TINY_DOC)
    doc["constraint"].append(copy.deepcopy(rule))
    return parse_profile(doc, name="tiny")


def test_cells_steeper_than_the_limit_are_excluded_once_a_dem_is_loaded() -> None:
    model = build_model(tiny_layers(), _profile(), group="d", dem=DEM)
    steep = model.mask.excluded_by("slope_limit")
    assert steep[:, 3:].all() and not steep[:, :3].any()  # 30 % and 60 % go, 0 % stays
    assert [r.id for r in model.mask.reasons(2, 4)] == ["slope_limit"]


def test_without_a_dem_the_slope_limit_is_said_to_be_not_applied() -> None:
    model = build_model(tiny_layers(), _profile(), group="d")
    assert "constraint 'slope_limit' not applied: layer(s) dem missing" in " ".join(w.text() for w in model.warnings)


def test_sites_obey_the_slope_limit_and_the_check_says_how_steep_they_are() -> None:
    profile = _profile()
    model = build_model(tiny_layers(), profile, group="d", dem=DEM)
    table = run_scenario(model, resolve_scenario(profile)).table
    assert table is not None
    for site in table.geometry:
        check = {c.rule.id: c for c in check_rules(site, {}, profile.constraints, group="d", slope=model.slope_on_grid)}
        assert check["slope_limit"].applied and not check["slope_limit"].excludes
        assert check["slope_limit"].slope_percent == pytest.approx(0.0)
    at_steep = check_rules(Point(450, 250), {}, profile.constraints, group="d", slope=model.slope_on_grid)
    slope_check = next(c for c in at_steep if c.rule.id == "slope_limit")
    assert slope_check.excludes and slope_check.slope_percent == pytest.approx(60.0)
    assert slope_check.limit_text() == "slope 15 %" and slope_check.measured_text() == "steepest cell 60.0 %"


def test_a_slope_limit_on_another_layer_is_refused() -> None:
    with pytest.raises(PolicyError, match="slope_above_percent"):
        _profile({**SLOPE_RULE, "layers": ["towns"]})
