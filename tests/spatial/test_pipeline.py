"""One pipeline for every door: the scenario is resolved once, checked before work, and run the same way."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
from shapely.geometry import Polygon

from spatial import analyse
from spatial.cli import main
from spatial.errors import GilanInputError, PolicyError, ScenarioError
from spatial.model import SPARE_GRIDS, build_model
from spatial.pipeline import resolve_scenario, run_scenario
from tests.spatial.engine_fixtures import tiny_layers, tiny_profile


def test_the_profile_fills_every_default_once() -> None:
    profile = tiny_profile()
    scenario = resolve_scenario(profile)
    assert (scenario.group, scenario.resolution_m, scenario.method) == ("d", 100.0, "wlc")
    assert scenario.min_score == profile.sites.min_score
    assert scenario.weights == {"near_town": 0.75, "rural": 0.25}


def test_weights_are_checked_and_normalised_once() -> None:
    scenario = resolve_scenario(tiny_profile(), weights={"near_town": 3, "rural": 1})
    assert scenario.weights == {"near_town": 0.75, "rural": 0.25}
    assert resolve_scenario(tiny_profile(), weights={"rural": 2}).weights == {"near_town": 0.0, "rural": 1.0}


@pytest.mark.parametrize(
    ("settings", "error", "words"),
    [
        ({"group": "x"}, PolicyError, "unknown pollution group 'x'"),
        ({"method": "electre"}, PolicyError, "unknown method 'electre'"),
        ({"resolution_m": float("nan")}, ScenarioError, "not a finite number"),
        ({"resolution_m": -30}, ScenarioError, "not positive"),
        ({"min_score": 1.5}, ScenarioError, "between 0 and 1"),
        ({"weights": {"near_twn": 1.0}}, ScenarioError, "did you mean 'near_town'?"),
        ({"weights": {"rural": -1.0}}, ScenarioError, "finite number >= 0"),
        ({"weights": {"rural": float("inf")}}, ScenarioError, "finite number >= 0"),
        ({"weights": {"rural": 0.0, "near_town": 0.0}}, ScenarioError, "every weight is 0"),
    ],
)
def test_a_scenario_that_cannot_run_is_refused_before_any_work(settings: dict, error: type, words: str) -> None:
    with pytest.raises(error, match=words.replace("?", r"\?")) as caught:
        resolve_scenario(tiny_profile(), **settings)
    assert isinstance(caught.value, GilanInputError)


def test_the_threshold_is_a_setting_of_the_run() -> None:
    profile = tiny_profile()
    model = build_model(tiny_layers(), profile, group="d")
    strict = run_scenario(model, resolve_scenario(profile, min_score=0.99))
    assert strict.sites is None and "0.99" in (strict.problem or "")
    loose = run_scenario(model, resolve_scenario(profile, min_score=0.3))
    assert loose.table is not None and loose.table.area_ha.sum() > 4.0  # more than the 4 ha at 0.5


def test_a_model_of_another_group_is_refused() -> None:
    profile = tiny_profile()
    model = build_model(tiny_layers(), profile, group="d")
    with pytest.raises(ScenarioError, match="built for group d"):
        run_scenario(model, resolve_scenario(profile, group="e"))


def test_the_api_and_the_command_line_give_the_same_sites(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    result = analyse(group="e")
    assert result.table is not None
    out = tmp_path / "sites.gpkg"
    assert main(["suitability", "--group", "e", "--out", str(out)]) == 0
    capsys.readouterr()
    exported = pyogrio.read_dataframe(out)
    np.testing.assert_allclose(exported.site_score, result.table.site_score)
    np.testing.assert_allclose(exported.area_ha, result.table.area_ha)
    np.testing.assert_allclose(exported.p_top_k, result.table.p_top_k)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -0.5])
def test_the_model_refuses_weights_that_are_not_numbers_through_the_api_too(bad: float) -> None:
    model = build_model(tiny_layers(), tiny_profile(), group="d")
    with pytest.raises(ScenarioError, match="near_town"):
        model.score({"near_town": bad, "rural": 0.5})


def test_a_score_grid_is_written_again_only_when_no_result_holds_it() -> None:
    model = build_model(tiny_layers(), tiny_profile(), group="d")
    outside = ~model.study_area
    first = model.score({"near_town": 1.0, "rural": 0.0})
    kept, address = first.copy(), first.__array_interface__["data"][0]
    second = model.score({"near_town": 0.0, "rural": 1.0})  # `first` is still held: a grid of its own
    assert second is not first
    np.testing.assert_array_equal(first, kept)
    with pytest.raises(ValueError, match="read-only"):
        first[0, 0] = 0.5  # nobody can change a result's score, or the NaN outside that a re-used grid keeps
    part = first[1:3]  # a view holds the grid too
    del first
    third = model.score({"near_town": 0.5, "rural": 0.5})
    assert not np.shares_memory(third, part)
    del part
    fourth = model.score({"near_town": 1.0, "rural": 0.0})  # now the first grid is free: written again
    assert fourth.__array_interface__["data"][0] == address
    np.testing.assert_array_equal(fourth, kept)
    assert np.isnan(fourth[outside]).all() and not np.isnan(fourth[model.study_area]).any()
    assert not np.shares_memory(fourth, second) and not np.shares_memory(fourth, third)


def test_score_caveats_count_the_undefined_province_cells_only() -> None:
    model = build_model(tiny_layers(), tiny_profile(), group="d")
    score = model.score({"near_town": 1.0, "rural": 0.0})
    assert model.score_caveats(score) == []
    holes = score.copy()
    rows, cols = np.nonzero(model.study_area)
    holes[rows[:7], cols[:7]] = np.nan  # seven province cells where no weighted criterion is known
    (caveat,) = model.score_caveats(holes)
    assert caveat.key == "caveat_score_undefined" and caveat.values == {"cells": "7"}


def test_raw_measures_are_kept_for_the_province_cells_alone_and_read_back_by_cell() -> None:
    # An L-shaped province on the 5 x 5 grid (the top-right 3 x 3 block is not in it); the town sits in the
    # top-left cell, so a cell's raw distance is 100 m times its distance in cells from there.
    layers = tiny_layers()
    layers["province"] = gpd.GeoDataFrame(
        geometry=[Polygon([(0, 0), (500, 0), (500, 200), (200, 200), (200, 500), (0, 500)])], crs=32639
    )
    model = build_model(layers, tiny_profile(), group="d")
    rows, cols = np.indices(model.grid.shape).reshape(2, -1)
    inside = model.study_area[rows, cols]
    assert model.raw["near_town"].shape == (int(inside.sum()),) == (16,)
    raw = model.raw_at(rows, cols)[0]
    np.testing.assert_allclose(raw[inside], 100 * np.hypot(rows, cols)[inside], rtol=1e-6)
    assert np.isnan(raw[~inside]).all()
    assert (model.study_index(rows, cols)[inside] == np.arange(16)).all()  # raster order, the stack's columns
    assert (model.study_index(rows, cols)[~inside] == -1).all()


def test_reserved_score_grids_are_written_by_the_next_scores() -> None:
    model = build_model(tiny_layers(), tiny_profile(), group="d")
    model.reserve_score_grids()
    reserved = [g.__array_interface__["data"][0] for g in model._spare_grids]
    assert len(reserved) == SPARE_GRIDS and all(np.isnan(g[~model.study_area]).all() for g in model._spare_grids)
    scores = [model.score({"near_town": w, "rural": 1 - w}) for w in np.linspace(0, 1, SPARE_GRIDS)]  # all held
    assert [s.__array_interface__["data"][0] for s in scores] == reserved  # no new grid for the first moves
    assert not np.isnan(scores[0][model.study_area]).any() and np.isnan(scores[0][~model.study_area]).all()
