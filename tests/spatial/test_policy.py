"""Policy profiles: the bundled one loads; a malformed one names the key at fault."""

from __future__ import annotations

import copy

import pytest

from layers.io import read_policy_document
from spatial.errors import PolicyError
from spatial.policy import load_profile, parse_profile

DOC = read_policy_document("gilan-industrial")


def test_bundled_profile_loads_with_its_basis() -> None:
    profile = load_profile("gilan-industrial")
    assert profile.name == "gilan-industrial"
    assert profile.rural.urban_radius_m == 2000.0
    assert "not law" in profile.rural.basis


@pytest.mark.parametrize(
    ("mutate", "key", "words"),
    [
        (lambda d: d["amayesh"]["rural"].update(urban_radius_m=-5), "amayesh.rural.urban_radius_m", "negative"),
        (lambda d: d["amayesh"]["rural"].pop("basis"), "amayesh.rural.basis", "missing"),
        (lambda d: d["amayesh"]["rural"].update(radius=1), "amayesh.rural.radius", "unknown key"),
        (
            lambda d: d["amayesh"]["rural"].update(min_town_population="many"),
            "amayesh.rural.min_town_population",
            "int",
        ),
        (lambda d: d.update(constraint={}), "constraint", "unknown top-level key"),
        (lambda d: d["profile"].pop("version"), "profile.version", "missing"),
        (lambda d: d.pop("amayesh"), "amayesh.rural", "table is missing"),
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
    with pytest.raises(PolicyError, match=r"use one of \['gilan-industrial'\]"):
        load_profile("tehran")
