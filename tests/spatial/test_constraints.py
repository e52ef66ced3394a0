"""Constraint bitmask with reasons, on the tiny 5 x 5 province."""

from __future__ import annotations

import numpy as np
import pytest

from spatial.constraints import constraint_mask, why
from spatial.grid import analysis_grid, rasterize_mask
from tests.spatial.engine_fixtures import PROVINCE, tiny_layers, tiny_profile

PROFILE = tiny_profile()
GRID = analysis_grid(PROVINCE.geometry.iloc[0], 100)
STUDY = rasterize_mask(PROVINCE.geometry, GRID)


def _mask(group: str, town_xy: tuple[float, float] = (250.0, 250.0)):
    return constraint_mask(GRID, tiny_layers(town_xy), PROFILE.constraints, group=group, study_area=STUDY)


def test_group_d_excludes_the_town_cell_and_its_four_neighbours_plus_the_park() -> None:
    mask = _mask("d")
    settlements = mask.excluded_by("settlements")
    # 100 m reaches the 4 edge neighbours (100 m) but not the diagonals (141 m).
    assert settlements.sum() == 5
    assert settlements[2, 2] and settlements[1, 2] and not settlements[1, 1]
    parks = mask.excluded_by("parks")
    assert parks.sum() == 1 and parks[4, 4]
    assert mask.excluded.sum() == 6


def test_group_e_reaches_the_diagonals() -> None:
    assert _mask("e").excluded_by("settlements").sum() == 9  # 150 m > 141 m


def test_each_excluded_cell_remembers_every_rule_that_excludes_it() -> None:
    mask = _mask("d", town_xy=(450.0, 50.0))  # town inside the park cell
    assert [r.id for r in mask.reasons(4, 4)] == ["settlements", "parks"]
    assert [r.id for r in mask.reasons(3, 4)] == ["settlements"]
    assert mask.reasons(0, 0) == []
    assert int(mask.bits[4, 4]) == 0b11


def test_rules_whose_layers_are_missing_are_skipped_not_silently_passed() -> None:
    mask = _mask("d")
    assert [r.id for r in mask.rules] == ["settlements", "parks"]
    assert [r.id for r in mask.skipped] == ["forest"]


def test_why_gives_exact_distance_nearest_feature_and_basis() -> None:
    checks = {c.rule.id: c for c in why(250.0, 370.0, tiny_layers((250.0, 250.0)), PROFILE.constraints, group="d")}
    assert checks["settlements"].distance_m == pytest.approx(120.0)
    assert checks["settlements"].nearest == "Alpha"
    assert not checks["settlements"].excludes  # 120 m > 100 m for group d
    assert checks["settlements"].rule.basis == "DOE rule (test)"
    assert checks["parks"].distance_m == pytest.approx(np.hypot(150, 270))
    assert not checks["forest"].applied
    e_checks = {c.rule.id: c for c in why(250.0, 370.0, tiny_layers((250.0, 250.0)), PROFILE.constraints, group="e")}
    assert e_checks["settlements"].excludes  # 120 m <= 150 m for group e
