"""The Policy page's editor: typed control points, transformations, and new rules and criteria as TOML tables."""

from __future__ import annotations

import copy
import re

import numpy as np
import pytest

from spatial.criteria import standardisation_curve, standardise
from spatial.data import load_catalogue
from spatial.errors import PolicyError
from spatial.policy import (
    check_standardise,
    distance_layers,
    format_control_points,
    new_distance_criterion,
    new_distance_rule,
    new_slope_rule,
    parse_control_points,
    parse_profile,
    require_text,
    standardise_table,
    typed_standardise,
    unique_id,
    with_criterion,
)
from tests.spatial.engine_fixtures import TINY_DOC


@pytest.mark.parametrize(
    ("typed", "points"),
    [
        ("250, 10000", (250.0, 10000.0)),
        ("۲۵۰، ۱۰۰۰۰", (250.0, 10000.0)),  # Persian digits and the Persian comma
        ("2 12", (2.0, 12.0)),
        ("0.5; 1", (0.5, 1.0)),
        ("۲٫۵, 3", (2.5, 3.0)),  # the Persian decimal separator
        (" 0, 1000, 2000, 5000 ", (0.0, 1000.0, 2000.0, 5000.0)),
    ],
)
def test_control_points_are_read_as_the_planner_types_them(typed: str, points: tuple[float, ...]) -> None:
    assert parse_control_points(typed, key="k", profile="p") == points


@pytest.mark.parametrize("typed", ["", "   ", "abc", "250, ten", "nan, 1", "1, inf"])
def test_control_points_that_are_not_numbers_are_refused_naming_the_key(typed: str) -> None:
    with pytest.raises(PolicyError, match=r"key 'criterion.roads.standardise.control'.*not a list of numbers"):
        parse_control_points(typed, key="criterion.roads.standardise.control", profile="p")


def test_control_points_are_shown_without_trailing_zeros() -> None:
    assert format_control_points((250.0, 10000.0)) == "250, 10000"
    assert format_control_points((0.0, 0.5)) == "0, 0.5"
    assert parse_control_points(format_control_points((2.5, 1e6)), key="k", profile="p") == (2.5, 1e6)


def _membership(spec, x: float) -> float:
    return float(standardise(np.array([x], dtype="float32"), spec)[0])


def test_a_linear_decreasing_curve_is_1_at_a_0_at_b_and_half_way_between() -> None:
    spec = check_standardise("linear", "decreasing", (250.0, 10000.0), key="k", profile="p")
    assert _membership(spec, 250) == 1.0
    assert _membership(spec, 10000) == 0.0
    assert _membership(spec, 5125) == pytest.approx(0.5)
    raw, value = standardisation_curve(spec)
    assert raw[0] == pytest.approx(250 - 0.25 * 9750) and raw[-1] == pytest.approx(10000 + 0.25 * 9750)
    assert value[0] == 1.0 and value[-1] == 0.0  # flat beyond the control points


def test_sigmoid_j_shaped_and_symmetric_curves_at_hand_checked_points() -> None:
    sigmoid = check_standardise("sigmoid", "increasing", (0.0, 100.0), key="k", profile="p")
    assert _membership(sigmoid, 50) == pytest.approx(0.5)  # sin²(π/4)
    j_shaped = check_standardise("j_shaped", "decreasing", (0.0, 100.0), key="k", profile="p")
    assert _membership(j_shaped, 0) == 1.0 and _membership(j_shaped, 100) == pytest.approx(0.5)  # 1 / (1 + 1²)
    hill = check_standardise("linear", "symmetric", (0.0, 100.0, 200.0, 400.0), key="k", profile="p")
    assert [_membership(hill, x) for x in (50, 150, 300)] == pytest.approx([0.5, 1.0, 0.5])


@pytest.mark.parametrize(
    ("function", "direction", "control", "key"),
    [
        ("linear", "symmetric", (250.0, 10000.0), "standardise.control"),  # symmetric needs 4
        ("linear", "decreasing", (0.0, 1.0, 2.0, 3.0), "standardise.control"),  # a fall needs 2
        ("linear", "decreasing", (10000.0, 250.0), "standardise.control"),  # not increasing
        ("linear", "increasing", (5.0, 5.0), "standardise.control"),  # a == b
        ("gaussian", "increasing", (0.0, 1.0), "standardise.function"),
        ("linear", "upwards", (0.0, 1.0), "standardise.direction"),
    ],
)
def test_a_transformation_that_cannot_be_drawn_is_refused_naming_the_field(
    function: str, direction: str, control: tuple[float, ...], key: str
) -> None:
    with pytest.raises(PolicyError, match=f"key 'criterion.roads.{key}'"):
        check_standardise(function, direction, control, key="criterion.roads.standardise", profile="p")


def test_a_typed_transformation_becomes_the_profiles_standardise_table() -> None:
    spec = typed_standardise("sigmoid", "increasing", "۵۰۰۰, 30000", key="criterion.c.standardise", profile="p")
    assert standardise_table(spec) == {"function": "sigmoid", "direction": "increasing", "control": [5000.0, 30000.0]}
    with pytest.raises(PolicyError, match=r"key 'criterion.c.standardise.control'"):
        typed_standardise("sigmoid", "increasing", "5000, far", key="criterion.c.standardise", profile="p")


def test_blank_text_is_refused_and_typed_text_is_kept() -> None:
    assert require_text("  DOE rule  ", key="k", profile="p") == "DOE rule"
    for blank in ("", "   ", None):
        with pytest.raises(PolicyError, match=r"key 'constraint.x.basis'.*no legal basis or source"):
            require_text(blank, key="constraint.x.basis", profile="p")


def test_ids_are_made_from_a_stem_and_numbered_when_taken() -> None:
    assert unique_id("setback_wells", []) == "setback_wells"
    assert unique_id("setback_wells", ["setback_wells"]) == "setback_wells_2"
    assert unique_id("setback_wells", ["setback_wells", "setback_wells_2"]) == "setback_wells_3"
    assert unique_id("Distance to: Roads!", []) == "distance_to_roads"


def _doc() -> dict:
    return copy.deepcopy(TINY_DOC)


def test_a_new_distance_rule_is_a_constraint_table_the_profile_accepts() -> None:
    doc = _doc()
    rule = new_distance_rule(
        doc,
        title="Deep wells",
        layers=["wells"],
        buffer_m={"d": 100.0, "e": 150.0},
        basis="DOE siting rules: 100 m from a deep well",
        lang="en",
        profile="tiny-copy",
    )
    assert rule == {
        "id": "setback_wells",
        "title_en": "Deep wells",
        "title_fa": "Deep wells",
        "basis": "DOE siting rules: 100 m from a deep well",
        "layers": ["wells"],
        "buffer_m": {"d": 100.0, "e": 150.0},
    }
    doc["constraint"].append(rule)
    parsed = parse_profile(doc, name="tiny-copy")
    assert parsed.constraints[-1].buffer_m == {"d": 100.0, "e": 150.0}
    again = new_distance_rule(
        doc, title="More", layers=["wells"], buffer_m={"d": 1.0, "e": 1.0}, basis="b", lang="en", profile="p"
    )
    assert again["id"] == "setback_wells_2"


def test_a_rule_typed_in_persian_keeps_its_basis_in_persian_too() -> None:
    rule = new_distance_rule(
        _doc(), title="چاه", layers=["wells"], buffer_m={"d": 1.0, "e": 1.0}, basis="ضوابط", lang="fa", profile="p"
    )
    assert rule["title_fa"] == "چاه" and rule["basis_fa"] == "ضوابط" and rule["basis"] == "ضوابط"


def test_a_rule_may_be_named_and_grounded_in_both_languages_at_once() -> None:
    both = new_distance_rule(
        _doc(),
        title="Wells",
        layers=["wells"],
        buffer_m={"d": 1.0, "e": 1.0},
        basis="Water law art. 5",
        lang="en",
        profile="p",
        title_other="چاه‌ها",
        basis_other="قانون آب، ماده ۵",
    )
    assert (both["title_en"], both["title_fa"]) == ("Wells", "چاه‌ها")
    assert (both["basis"], both["basis_fa"]) == ("Water law art. 5", "قانون آب، ماده ۵")
    persian = new_distance_rule(
        _doc(),
        title="چاه‌ها",
        layers=["wells"],
        buffer_m={"d": 1.0, "e": 1.0},
        basis="قانون آب",
        lang="fa",
        profile="p",
        title_other="Wells",
        basis_other="Water law",
    )
    assert (persian["title_en"], persian["title_fa"], persian["basis"], persian["basis_fa"]) == (
        "Wells",
        "چاه‌ها",
        "Water law",
        "قانون آب",
    )
    parse_profile({**_doc(), "constraint": [*_doc()["constraint"], both]}, name="p")


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"basis": ""}, "constraint.setback_wells.basis"),
        ({"basis": "   "}, "constraint.setback_wells.basis"),
        ({"title": ""}, "constraint.setback_wells.title_en"),
        ({"layers": []}, "constraint.new.layers"),
        ({"buffer_m": {"d": -5.0, "e": 1.0}}, "constraint.setback_wells.buffer_m.d"),
        ({"buffer_m": {"d": 5.0}}, "constraint.setback_wells.buffer_m.e"),
    ],
)
def test_a_new_distance_rule_without_basis_or_with_a_bad_field_is_refused(changes: dict, key: str) -> None:
    fields = {"title": "Wells", "layers": ["wells"], "buffer_m": {"d": 1.0, "e": 1.0}, "basis": "b", **changes}
    with pytest.raises(PolicyError, match=f"key '{key}'"):
        new_distance_rule(_doc(), **fields, lang="en", profile="p")


def test_a_new_slope_limit_is_the_rule_the_slope_tests_write() -> None:
    doc = _doc()
    rule = new_slope_rule(doc, title="Steep land", limit_percent=15, basis="design choice", lang="en", profile="p")
    assert rule["layers"] == ["dem"] and rule["slope_above_percent"] == 15.0
    assert rule["buffer_m"] == {"d": 0.0, "e": 0.0} and rule["id"] == "slope_limit"
    doc["constraint"].append(rule)
    assert parse_profile(doc, name="p").constraints[-1].slope_above_percent == 15.0
    assert new_slope_rule(doc, title="t", limit_percent=8, basis="b", lang="en", profile="p")["id"] == "slope_limit_2"


@pytest.mark.parametrize(
    ("limit", "basis", "key"),
    [(0.0, "b", "slope_above_percent"), (float("nan"), "b", "slope_above_percent"), (15.0, "", "basis")],
)
def test_a_slope_limit_of_zero_or_without_basis_is_refused(limit: float, basis: str, key: str) -> None:
    with pytest.raises(PolicyError, match=f"key 'constraint.slope_limit.{key}'"):
        new_slope_rule(_doc(), title="Steep", limit_percent=limit, basis=basis, lang="en", profile="p")


def _criterion(doc: dict, **changes: object) -> dict:
    fields = {
        "title": "Access to main roads",
        "layer": "roads",
        "function": "linear",
        "direction": "decreasing",
        "control": (250.0, 10000.0),
        "weight": 0.2,
        "basis": "Planning practice: freight access",
        **changes,
    }
    return new_distance_criterion(doc, **fields, lang="en", profile="p")  # type: ignore[arg-type]


def test_a_new_distance_criterion_rescales_the_others_so_weights_sum_to_1() -> None:
    doc = _doc()
    table = _criterion(doc)
    assert table["id"] == "distance_to_roads" and table["measure"] == "distance"
    assert table["standardise"] == {"function": "linear", "direction": "decreasing", "control": [250.0, 10000.0]}
    assert _criterion(doc, control="250, 10000") == table  # as typed in the editor
    new = with_criterion(doc, table, rescale_others=True, profile="p")
    assert [c["weight"] for c in new["criterion"]] == pytest.approx([0.6, 0.2, 0.2])  # 0.75 and 0.25 times 0.8
    assert [c["weight"] for c in doc["criterion"]] == [0.75, 0.25]  # the original document is untouched
    assert parse_profile(new, name="p").weights()["distance_to_roads"] == 0.2
    unscaled = with_criterion(doc, table, rescale_others=False, profile="p")
    with pytest.raises(PolicyError, match=r"weights sum to 1.2000, not 1"):
        parse_profile(unscaled, name="p")


def test_the_others_weighing_nothing_cannot_make_room_for_a_partial_weight() -> None:
    doc = _doc()
    for c in doc["criterion"]:
        c["weight"] = 0.0
    with pytest.raises(PolicyError, match=r"key 'criterion.weight'"):
        with_criterion(doc, _criterion(doc), rescale_others=True, profile="p")
    whole = with_criterion(doc, _criterion(doc, weight=1.0), rescale_others=True, profile="p")
    assert parse_profile(whole, name="p").weights() == {"near_town": 0.0, "rural": 0.0, "distance_to_roads": 1.0}


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"basis": ""}, "criterion.distance_to_roads.basis"),
        ({"weight": 1.5}, "criterion.distance_to_roads.weight"),
        ({"control": (250.0,)}, "criterion.distance_to_roads.standardise.control"),
        ({"control": "250, far"}, "criterion.distance_to_roads.standardise.control"),
        ({"direction": "symmetric"}, "criterion.distance_to_roads.standardise.control"),
        ({"function": "step"}, "criterion.distance_to_roads.standardise.function"),
    ],
)
def test_a_new_criterion_with_a_bad_field_is_refused_naming_it(changes: dict, key: str) -> None:
    with pytest.raises(PolicyError, match=f"key '{key}'"):
        _criterion(_doc(), **changes)


def test_distances_are_measured_from_vector_layers_not_from_boundaries_or_the_dem() -> None:
    layers = distance_layers(load_catalogue())
    assert {"roads", "wells", "towns", "rivers", "estates"} <= set(layers)
    assert not {"dem", "province", "counties"} & set(layers)


def test_a_basis_edited_in_one_language_leaves_no_stale_text_in_the_other() -> None:
    from spatial.policy import set_basis

    table = {"basis": "Decree 1", "basis_fa": "مصوبه ۱"}
    set_basis(table, "Decree 1", lang="en")
    assert table == {"basis": "Decree 1", "basis_fa": "مصوبه ۱"}  # unchanged text: the translation stays
    set_basis(table, "Decree 2", lang="en")
    assert table == {"basis": "Decree 2"}  # Persian pages now show the English text, not the old decree
    set_basis(table, "مصوبه ۳", lang="fa")
    assert table == {"basis": "مصوبه ۳", "basis_fa": "مصوبه ۳"}  # English pages show it until translated
    untranslated = {"basis": "Decree 1"}
    set_basis(untranslated, "Decree 1", lang="fa")  # the Persian page showed the English text, unchanged
    assert untranslated == {"basis": "Decree 1"}


@pytest.mark.parametrize("section", ["criterion", "sites", "aggregation"])
def test_a_profile_with_a_blank_basis_is_refused_naming_the_key(section: str) -> None:
    doc = copy.deepcopy(TINY_DOC)
    table = doc[section][0] if isinstance(doc[section], list) else doc[section]
    table["basis"] = "  "
    with pytest.raises(PolicyError, match="has no legal basis or source") as err:
        parse_profile(doc, name="tiny")
    assert re.search(rf"key '{section}(\[0\])?\.basis'", str(err.value))
