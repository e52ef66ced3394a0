"""Policy profiles: the bundled one loads; a malformed one names the key at fault."""

from __future__ import annotations

import copy

import pytest

from layers.io import read_policy_document
from spatial.errors import PolicyError
from spatial.policy import load_profile, parse_profile

DOC = read_policy_document("gilan-industrial")


def test_bundled_profile_carries_the_doe_distances_with_their_basis() -> None:
    profile = load_profile("gilan-industrial")
    assert profile.groups == ("d", "e")
    rules = {r.id: r for r in profile.constraints}
    assert rules["settlements"].buffer_m == {"d": 1000.0, "e": 1500.0}
    assert rules["health_education"].buffer_m == {"d": 500.0, "e": 1000.0}
    assert rules["highways"].buffer_m["d"] == 250.0 and rules["main_roads"].buffer_m["e"] == 150.0
    assert rules["parks_wetlands"].buffer_m == {"d": 1000.0, "e": 1000.0}
    assert rules["refuges_protected"].buffer_m == {"d": 200.0, "e": 300.0}
    assert rules["wells"].buffer_m["d"] == 100.0 and rules["caspian_shore"].buffer_m["d"] == 60.0
    assert all(r.basis for r in profile.constraints) and all(c.basis for c in profile.criteria)
    assert sum(profile.weights().values()) == pytest.approx(1.0)
    assert len(profile.digest) == 12


def _criterion(doc: dict, cid: str) -> dict:
    return next(c for c in doc["criterion"] if c["id"] == cid)


def _constraint(doc: dict, cid: str) -> dict:
    return next(c for c in doc["constraint"] if c["id"] == cid)


@pytest.mark.parametrize(
    ("mutate", "key", "words"),
    [
        (lambda d: _criterion(d, "rural").update(weight=0.5), "criterion.weight", "sum to 1.2500, not 1"),
        (
            lambda d: _constraint(d, "settlements")["buffer_m"].update(d=-5.0),
            "constraint.settlements.buffer_m.d",
            "negative",
        ),
        (lambda d: _constraint(d, "settlements")["buffer_m"].pop("e"), "constraint.settlements.buffer_m.e", "missing"),
        (lambda d: _constraint(d, "wells").update(distance=3), "constraint[9].distance", "unknown key"),
        (lambda d: _criterion(d, "cluster").pop("basis"), "criterion[4].basis", "missing"),
        (
            lambda d: _criterion(d, "cluster")["standardise"].update(function="cubic"),
            "criterion.cluster.standardise.function",
            "not allowed",
        ),
        (
            lambda d: _criterion(d, "cluster")["standardise"].update(control=[5.0]),
            "criterion.cluster.standardise.control",
            "needs 2",
        ),
        (lambda d: d["amayesh"]["rural"].update(urban_radius_m=-5), "amayesh.rural.urban_radius_m", "negative"),
        (
            lambda d: d["amayesh"]["rural"].update(min_town_population="many"),
            "amayesh.rural.min_town_population",
            "int",
        ),
        (lambda d: d.update(weights={}), "weights", "unknown top-level key"),
        (lambda d: d["profile"].pop("version"), "profile.version", "missing"),
        (lambda d: d["sites"].update(max_area_ha=1.0), "sites.max_area_ha", "below"),
        (lambda d: d["aggregation"].update(method="electre"), "aggregation.method", "not allowed"),
        (lambda d: d.pop("amayesh"), "amayesh.rural", "table is missing"),
        (lambda d: _constraint(d, "rivers").update(layers=["rivres"]), "constraint.rivers.layers", "'rivers'?"),
        (lambda d: _criterion(d, "labour_access").update(layer="townz"), "criterion.labour_access.layer", "'towns'?"),
        (lambda d: d["sites"].update(max_sites=0), "sites.max_sites", "at least 1"),
        (lambda d: d["budget"].update(allocation="votes"), "budget.allocation", "not allowed"),
    ],
)
def test_malformed_profile_names_the_key(mutate, key: str, words: str) -> None:
    doc = copy.deepcopy(DOC)
    mutate(doc)
    with pytest.raises(PolicyError) as caught:
        parse_profile(doc, name="test")
    assert caught.value.key == key
    assert words in str(caught.value)
    assert str(caught.value).startswith("policy 'test', key ")


def test_unknown_profile_lists_the_known_ones() -> None:
    known = r"\['gilan-industrial', 'gilan-solar', 'gilan-trades', 'gilan-workshops'\]"
    with pytest.raises(PolicyError, match=f"use one of {known}"):
        load_profile("tehran")


def test_reweighting_keeps_the_rest_of_the_profile() -> None:
    profile = load_profile("gilan-industrial")
    weights = dict.fromkeys(profile.weights(), 0.0) | {"rural": 0.5, "cluster": 0.5}
    changed = profile.with_weights(weights)
    assert changed.weights()["rural"] == 0.5 and changed.constraints == profile.constraints
    with pytest.raises(PolicyError, match=r"sum to 0\.5000"):
        profile.with_weights({"rural": 0.5})


def test_a_misspelt_layer_is_refused_before_any_work_naming_the_closest_id() -> None:
    doc = copy.deepcopy(DOC)
    _constraint(doc, "rivers")["layers"] = ["rivres"]
    with pytest.raises(PolicyError) as caught:
        parse_profile(doc, name="test")
    assert str(caught.value) == (
        "policy 'test', key 'constraint.rivers.layers': 'rivres' is not a layer of the catalogue. "
        "Fix: did you mean 'rivers'?"
    )


def test_every_rule_and_criterion_of_the_bundled_profile_has_its_basis_in_persian() -> None:
    profile = load_profile("gilan-industrial")
    missing = [r.id for r in profile.constraints if not r.basis_fa] + [c.id for c in profile.criteria if not c.basis_fa]
    assert not missing, f"basis_fa missing for {missing}"
    assert profile.basis_fa
    persian = set("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی")
    for item in (*profile.constraints, *profile.criteria):
        assert set(item.basis_fa) & persian, item.id  # written in Persian, not a copy of the English
        assert item.basis_in("fa") == item.basis_fa and item.basis_in("en") == item.basis


def test_every_rule_has_its_own_colour_defined_once_in_the_profile() -> None:
    profile = load_profile("gilan-industrial")
    colours = [r.colour for r in profile.constraints]
    assert all(colours) and len(set(colours)) == len(colours)
    doc = copy.deepcopy(DOC)
    _constraint(doc, "rivers")["colour"] = "blue"
    with pytest.raises(PolicyError, match="#rrggbb"):
        parse_profile(doc, name="test")
