"""The number of sites, their spacing and minimum area are settings of a run (scenario), checked once."""

from __future__ import annotations

import itertools

import pytest

from spatial.errors import ScenarioError
from spatial.model import build_model
from spatial.pipeline import resolve_scenario, run_scenario
from tests.spatial.engine_fixtures import tiny_layers, tiny_profile

# Estate-sized sites of 2 ha (max 3 ha) on the 5 x 5 tiny province, so one suitable area holds several.
PROFILE = tiny_profile(sites={"max_area_ha": 3.0, "min_area_ha": 2.0})


@pytest.fixture(scope="module")
def model():
    return build_model(tiny_layers(), PROFILE, group="d")


def test_the_profile_gives_the_defaults(model) -> None:
    scenario = resolve_scenario(PROFILE)
    assert (scenario.max_sites, scenario.min_spacing_m, scenario.min_area_ha) == (5, 0.0, 2.0)
    assert scenario.site_rules == PROFILE.sites


def test_fewer_sites_keep_the_best_ones(model) -> None:
    every = run_scenario(model, resolve_scenario(PROFILE, min_score=0.2)).table
    two = run_scenario(model, resolve_scenario(PROFILE, min_score=0.2, max_sites=2)).table
    assert len(every) == 5 and len(two) == 2
    assert two.mean_score.tolist() == every.mean_score.head(2).tolist()


def test_spacing_keeps_sites_apart(model) -> None:
    close = run_scenario(model, resolve_scenario(PROFILE, min_score=0.2)).table
    apart = run_scenario(model, resolve_scenario(PROFILE, min_score=0.2, min_spacing_m=200.0)).table
    assert len(apart) < len(close)
    for a, b in itertools.combinations(apart.geometry, 2):
        assert a.distance(b) >= 200.0 - 1e-6


def test_a_larger_minimum_area_drops_smaller_sites(model) -> None:
    table = run_scenario(model, resolve_scenario(PROFILE, min_score=0.2, min_area_ha=3.0)).table
    assert table is not None and (table.area_ha >= 3.0 - 1e-6).all()


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"max_sites": 0}, "number of sites.*0 is not a whole number of 1 or more"),
        ({"max_sites": 2.5}, "number of sites"),
        ({"min_spacing_m": -1.0}, "minimum spacing.*-1.0 m"),
        ({"min_spacing_m": float("nan")}, "minimum spacing"),
        ({"min_area_ha": 0.0}, "minimum area.*not above 0"),
        ({"min_area_ha": 4.0}, r"largest site \(3 ha\).*raise sites.max_area_ha"),
    ],
)
def test_bad_site_controls_are_refused_before_any_work(settings: dict, words: str) -> None:
    with pytest.raises(ScenarioError, match=words):
        resolve_scenario(PROFILE, **settings)
