"""Constraint bitmask with reasons, on the tiny 5 x 5 province (cells of 100 m, counted by hand)."""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import LineString, Point, box

from spatial.constraints import check_rules, constraint_mask, within_distance
from spatial.grid import analysis_grid, rasterize_features, rasterize_mask
from spatial.model import build_model
from tests.spatial.engine_fixtures import PROVINCE, tiny_layers, tiny_profile

PROFILE = tiny_profile()
GRID = analysis_grid(PROVINCE.geometry.iloc[0], 100)
STUDY = rasterize_mask(PROVINCE.geometry, GRID)


def _mask(group: str, town_xy: tuple[float, float] = (250.0, 250.0), layers=None):
    layers = layers or tiny_layers(town_xy)
    return constraint_mask(GRID, layers, PROFILE.constraints, group=group, study_area=STUDY)


def test_a_buffer_that_cuts_a_cell_but_misses_its_centre_excludes_the_cell() -> None:
    mask = _mask("d")
    settlements = mask.excluded_by("settlements")
    # Town at the centre cell's centre, 100 m (group d): the diagonal cells' centres are 141 m away,
    # but their nearest corners only 71 m, so all 9 cells of the 3 x 3 block are excluded; the next
    # ring is 150 m away or more.
    assert settlements.sum() == 9
    assert settlements[1:4, 1:4].all()
    parks = mask.excluded_by("parks")
    assert parks.sum() == 1 and parks[4, 4]
    assert mask.excluded.sum() == 10


def test_group_e_reaches_the_edge_of_the_next_ring_but_not_farther() -> None:
    # 155 m: the 4 cells of the second ring straight above, below, left and right are 150 m away
    # (excluded); the others of that ring are 158 m or more (kept).
    settlements = _mask("e").excluded_by("settlements")
    assert settlements.sum() == 13
    assert settlements[0, 2] and settlements[2, 0] and not settlements[0, 1] and not settlements[0, 0]


def test_every_kept_cell_is_at_least_the_legal_distance_from_every_feature() -> None:
    for group in ("d", "e"):
        for town in [(250.0, 250.0), (333.0, 171.0), (0.0, 0.0), (499.0, 1.0)]:
            layers = tiny_layers(town)
            mask = _mask(group, layers=layers)
            limit = PROFILE.constraints[0].buffer_m[group]
            for row, col in zip(*np.nonzero(~mask.excluded), strict=True):
                cx, cy = GRID.centre(row, col)
                cell = box(cx - 50, cy - 50, cx + 50, cy + 50)
                assert layers["towns"].distance(cell).min() >= limit


def test_a_line_feature_excludes_every_cell_it_touches_even_with_no_buffer() -> None:
    layers = {
        "province": PROVINCE,
        "forest": gpd.GeoDataFrame(geometry=[LineString([(0, 120), (500, 130)])], crs=32639),
    }
    mask = _mask("d", layers=layers)
    assert mask.excluded_by("forest").sum() == 5  # the line stays in row 3 (y 100..200)
    assert mask.excluded_by("forest")[3].all()


@pytest.mark.parametrize(
    "geometry",
    [LineString([(0, 120), (500, 130)]), LineString([(10, 10), (490, 470)]), Point(100, 100), box(130, 130, 260, 340)],
    ids=["line", "diagonal", "corner point", "polygon"],
)
def test_a_buffer_excludes_every_cell_its_feature_touches(geometry) -> None:
    # Only the buffer is burnt for a distance above 0: it holds the feature, so it holds the cells the
    # feature touches. 1 m reaches no cell the feature does not touch except across the point's corner.
    feature = gpd.GeoSeries([geometry], crs=32639)
    touched = rasterize_features(feature, GRID)
    excluded = within_distance(feature, 1.0, GRID)
    assert touched.any() and not (touched & ~excluded).any()
    assert int(excluded.sum()) == (4 if geometry.geom_type == "Point" else int(touched.sum()))


def test_each_excluded_cell_remembers_every_rule_that_excludes_it() -> None:
    mask = _mask("d", town_xy=(450.0, 50.0))  # town inside the park cell
    assert [r.id for r in mask.reasons(4, 4)] == ["settlements", "parks"]
    assert [r.id for r in mask.reasons(3, 4)] == ["settlements"]
    assert [r.id for r in mask.reasons(3, 3)] == ["settlements"]  # corner (400, 100) is 71 m from the town
    assert mask.reasons(0, 0) == []
    assert int(mask.bits[4, 4]) == 0b11


def test_rules_whose_layers_are_missing_are_skipped_not_silently_passed() -> None:
    mask = _mask("d")
    assert [r.id for r in mask.rules] == ["settlements", "parks"]
    assert [r.id for r in mask.skipped] == ["forest"]
    assert mask.unmatched == ()


def test_the_mask_keeps_one_bit_per_rule_applied_so_nine_rules_with_two_applied_fit_a_byte() -> None:
    extra = tuple(replace(PROFILE.constraints[2], id=f"forest_{i}") for i in range(6))  # no forest layer: skipped
    mask = constraint_mask(GRID, tiny_layers(), PROFILE.constraints + extra, group="d", study_area=STUDY)
    assert [r.id for r in mask.rules] == ["settlements", "parks"] and len(mask.skipped) == 7
    assert mask.bits.dtype == np.uint8
    assert [r.id for r in mask.reasons(4, 4)] == ["parks"]


def test_a_where_filter_that_matches_nothing_skips_the_rule_loudly() -> None:
    layers = tiny_layers()
    layers["protected_areas"] = layers["protected_areas"].assign(type="wildlife refuge")  # no 'national park'
    mask = _mask("d", layers=layers)
    assert [r.id for r in mask.skipped] == ["parks", "forest"]
    assert [r.id for r in mask.unmatched] == ["parks"]
    assert not mask.excluded[4, 4]
    model = build_model(layers, PROFILE, group="d")
    texts = [w.text() for w in model.warnings]
    assert any(
        "'parks' not applied" in w and "type contains national park" in w and "wildlife refuge" in w for w in texts
    )
    check = {c.rule.id: c for c in check_rules(Point(450, 50), layers, PROFILE.constraints, group="d")}["parks"]
    assert not check.applied and not check.excludes and "no feature of protected_areas" in check.nearest


def test_check_rules_gives_exact_distance_nearest_feature_and_basis() -> None:
    layers = tiny_layers((250.0, 250.0))
    checks = {c.rule.id: c for c in check_rules(Point(250.0, 370.0), layers, PROFILE.constraints, group="d")}
    assert checks["settlements"].distance_m == pytest.approx(120.0)
    assert checks["settlements"].nearest == "Alpha"
    assert checks["settlements"].nearest_in("fa") == "Alpha"  # the towns layer has no Persian name
    persian = {**layers, "towns": layers["towns"].assign(name_fa="آلفا")}
    named = {c.rule.id: c for c in check_rules(Point(250.0, 370.0), persian, PROFILE.constraints, group="d")}
    assert named["settlements"].nearest_in("fa") == "آلفا" and named["settlements"].nearest_in("en") == "Alpha"
    assert not checks["settlements"].excludes  # 120 m > 100 m for group d
    assert checks["settlements"].rule.basis == "DOE rule (test)"
    assert checks["parks"].distance_m == pytest.approx(np.hypot(150, 270))
    assert not checks["forest"].applied
    e_checks = {c.rule.id: c for c in check_rules(Point(250.0, 370.0), layers, PROFILE.constraints, group="e")}
    assert e_checks["settlements"].excludes  # 120 m < 155 m for group e
    at_limit = {c.rule.id: c for c in check_rules(Point(250.0, 350.0), layers, PROFILE.constraints, group="d")}
    assert not at_limit["settlements"].excludes  # exactly the legal minimum distance is allowed


def test_a_village_given_as_a_polygon_is_set_back_from_its_edge_not_from_a_point_inside_it() -> None:
    # A village as an area, 210..290 m each way inside the centre cell, no town (group e, 155 m): every cell
    # any part of which lies within 155 m of the area goes. The outer ring's cells are 110 m away (straight)
    # or 110.5 m (one cell aside); only the four corner cells, 155.6 m away, are kept: 21 cells. The same
    # village as a point at its centre excludes 13 (test_group_e_reaches_the_edge_of_the_next_ring...).
    layers = {k: v for k, v in tiny_layers().items() if k != "towns"}
    layers["villages"] = gpd.GeoDataFrame({"name": ["Village"]}, geometry=[box(210, 210, 290, 290)], crs=32639)
    settlements = _mask("e", layers=layers).excluded_by("settlements")
    assert settlements.sum() == 21
    assert not settlements[[0, 0, 4, 4], [0, 4, 0, 4]].any()
