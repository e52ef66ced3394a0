"""Programme profiles (workshops, trades, solar): each extends gilan-industrial, states its basis, and ranks sites."""

from __future__ import annotations

from pathlib import Path

import pytest

from layers.catalogue import load_catalogue
from layers.errors import PolicyError
from layers.io import POLICY_DIR, load_all_bundled, merge_profile, read_policy_document
from spatial.pipeline import build_scenario_model, resolve_scenario, run_scenario
from spatial.policy import load_profile

PROGRAMMES = ("gilan-workshops", "gilan-trades", "gilan-solar")
BASE = load_profile("gilan-industrial")


def test_merge_lays_tables_over_tables_and_arrays_of_tables_by_id() -> None:
    base = {
        "profile": {"name": "a", "groups": ["d", "e"]},
        "criterion": [{"id": "x", "weight": 0.5, "basis": "b"}, {"id": "y", "weight": 0.5}],
    }
    child = {
        "profile": {"name": "b"},
        "criterion": [{"id": "x", "weight": 0.2}, {"id": "y", "remove": True}, {"id": "z", "weight": 0.8}],
    }
    merged = merge_profile(base, child)
    assert merged["profile"] == {"name": "b", "groups": ["d", "e"]}
    assert merged["criterion"] == [{"id": "x", "weight": 0.2, "basis": "b"}, {"id": "z", "weight": 0.8}]
    assert base["criterion"][0]["weight"] == 0.5  # the base document is not changed


def test_a_profile_that_extends_itself_in_a_loop_is_refused(tmp_path: Path) -> None:
    (tmp_path / "loop-a.toml").write_text('[profile]\nextends = "loop-b"\n', encoding="utf-8")
    (tmp_path / "loop-b.toml").write_text('[profile]\nextends = "loop-a"\n', encoding="utf-8")
    with pytest.raises(PolicyError, match="a loop"):
        read_policy_document("loop-a", tmp_path)


@pytest.mark.parametrize("name", PROGRAMMES)
def test_a_programme_profile_states_its_purpose_and_every_basis_in_both_languages(name: str) -> None:
    profile = load_profile(name)
    assert profile.name == name and profile.programme and profile.programme != BASE.programme
    assert profile.purpose("en") and profile.purpose("fa") != profile.purpose("en")
    assert profile.basis and profile.basis_fa
    for item in (*profile.constraints, *profile.criteria):
        assert item.basis and item.basis_fa, item.id
    assert sum(c.weight for c in profile.criteria) == pytest.approx(1.0)
    own = read_policy_document(name)
    raw = (POLICY_DIR / f"{name}.toml").read_text(encoding="utf-8")
    assert 'extends = "gilan-industrial"' in raw and own["profile"]["name"] == name
    inherited = {r.id: r for r in BASE.constraints if r.id != "slope_limit"}
    for rule in profile.constraints:
        if rule.id in inherited:  # the DOE distances come from the base profile, unchanged
            assert rule.buffer_m == {g: inherited[rule.id].buffer_m[g] for g in profile.groups}, rule.id


def test_the_trades_profile_reverses_the_anti_concentration_criterion_and_says_so() -> None:
    trades = load_profile("gilan-trades")
    ids = [c.id for c in trades.criteria]
    assert "anti_concentration" not in ids
    city = next(c for c in trades.criteria if c.id == "city_access")
    anti = next(c for c in BASE.criteria if c.id == "anti_concentration")
    assert (city.standardise.direction, anti.standardise.direction) == ("decreasing", "increasing")
    assert "REVERSES" in trades.basis and "anti-concentration" in city.basis


def test_the_solar_profile_has_its_own_slope_limit() -> None:
    solar = load_profile("gilan-solar")
    limit = next(r for r in solar.constraints if r.id == "slope_limit")
    assert limit.slope_above_percent == 10.0 and "photovoltaics" in limit.basis
    assert next(r for r in BASE.constraints if r.id == "slope_limit").slope_above_percent == 15.0


@pytest.fixture(scope="module")
def bundled():
    catalogue = load_catalogue()
    return load_all_bundled(catalogue), catalogue


@pytest.mark.parametrize(
    ("name", "caveat"),
    [
        ("gilan-workshops", "criterion 'village_access'"),  # no villages layer is bundled: said, not hidden
        ("gilan-trades", "'settlements' uses illustrative layer(s) town_areas"),
        ("gilan-solar", "criterion 'slope'"),  # no DEM bundled: its 0.3 weight is said to be left out
    ],
)
def test_each_programme_ranks_sites_on_the_bundled_data_within_its_own_area_limits(
    name: str, caveat: str, bundled
) -> None:
    layers, catalogue = bundled
    profile = load_profile(name)
    scenario = resolve_scenario(profile)
    result = run_scenario(build_scenario_model(scenario, layers, illustrative=catalogue.illustrative), scenario)
    assert result.table is not None and len(result.table) >= 3, result.problem
    areas = result.table.area_ha
    assert areas.min() >= profile.sites.min_area_ha - 1e-6 and areas.max() <= profile.sites.max_area_ha + 1e-6
    assert caveat in " ".join(c.text() for c in result.caveats)


def test_a_basis_restated_in_one_language_replaces_the_bases_text_in_the_other() -> None:
    """A child's new English basis must not sit under the base's Persian basis of another text."""
    base = {"criterion": [{"id": "x", "basis": "Decree 1", "basis_fa": "مصوبه ۱"}], "sites": {"basis": "A"}}
    english = merge_profile(base, {"criterion": [{"id": "x", "basis": "Decree 2"}]})
    assert english["criterion"] == [{"id": "x", "basis": "Decree 2"}]  # Persian pages show the new English text
    persian = merge_profile(base, {"criterion": [{"id": "x", "basis_fa": "مصوبه ۲"}]})
    assert persian["criterion"] == [{"id": "x", "basis": "مصوبه ۲", "basis_fa": "مصوبه ۲"}]
    both = merge_profile(base, {"criterion": [{"id": "x", "basis": "Decree 2", "basis_fa": "مصوبه ۲"}]})
    assert both["criterion"] == [{"id": "x", "basis": "Decree 2", "basis_fa": "مصوبه ۲"}]
    same = merge_profile(base, {"criterion": [{"id": "x", "basis": "Decree 1", "weight": 0.3}]})
    assert same["criterion"][0]["basis_fa"] == "مصوبه ۱"  # the same English basis keeps its translation
    assert merge_profile(base, {"sites": {"min_area_ha": 5.0}})["sites"] == {"basis": "A", "min_area_ha": 5.0}
