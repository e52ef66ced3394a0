"""Sites on the tiny province: located, carved, explained, stress-tested, and the all-excluded case."""

from __future__ import annotations

import math
from dataclasses import replace

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from spatial.errors import NoSuitableLandError
from spatial.model import build_model
from spatial.sites import Sites, explain_sites, locate_sites, rank_stability, score_polygons
from tests.spatial.engine_fixtures import tiny_layers, tiny_profile


def _score(row: int, col: int) -> float:
    """Hand formula: 0.75 * (1 - d / 400) + 0.25, d = distance to the town in the top-left cell."""
    d = 100 * math.hypot(row, col)
    return 0.75 * max(0.0, 1 - d / 400) + 0.25


# Not excluded (every point of the cell more than 100 m from the town: (1, 1) goes, its corner is 71 m
# away) and score >= 0.5 (centre at most 266 m from the town).
SUITABLE = [(0, 2), (2, 0), (1, 2), (2, 1)]


def test_score_raster_matches_the_hand_formula() -> None:
    model = build_model(tiny_layers(), tiny_profile(), group="d")
    score = model.score()
    for row in range(5):
        for col in range(5):
            assert score[row, col] == pytest.approx(_score(row, col), abs=1e-6)


def test_the_latest_score_of_the_study_cells_is_handed_over_once() -> None:
    model = build_model(tiny_layers(), tiny_profile(), group="d")
    first = model.score()
    study = model.study_scores(first)
    assert study is not None
    assert np.array_equal(study.values, first[model.study_area]) and not study.values.flags.writeable
    assert np.array_equal(np.unpackbits(study.eligible, count=study.values.size), model.eligible[model.study_area])
    assert model.study_scores(first) is None  # handed over once: a second location reads the grid
    second = model.score({c.id: 1.0 for c in model.criteria})
    assert model.study_scores(np.array(second)) is None  # not the model's grid
    third = model.score()
    assert model.study_scores(second) is None  # not the latest any more
    assert locate_sites(model, third).table.equals(locate_sites(model, np.array(third)).table)  # study cells, grid


def test_one_site_of_four_cells_with_its_mean_score() -> None:
    model = build_model(tiny_layers(), tiny_profile(), group="d")
    sites = locate_sites(model, model.score())
    assert len(sites.table) == 1
    site = sites.table.iloc[0]
    assert site["rank"] == 1 and site.area_ha == 4.0
    assert site.mean_score == pytest.approx(np.mean([_score(r, c) for r, c in SUITABLE]), abs=1e-6)
    assert site.min_score == pytest.approx(_score(1, 2), abs=1e-6)
    assert site.rural_share == 1.0
    assert site.geometry.area == pytest.approx(4 * 100 * 100)


def test_a_region_above_the_maximum_area_is_cut_to_its_best_cells() -> None:
    profile = tiny_profile(sites={"max_area_ha": 3.0})
    # 60 m from the town: its edge neighbours go (50 m), the diagonal (1, 1) stays (71 m), 5 cells left.
    near = replace(profile.constraints[0], buffer_m={"d": 60.0, "e": 60.0})
    model = build_model(tiny_layers(), replace(profile, constraints=(near, *profile.constraints[1:])), group="d")
    site = locate_sites(model, model.score()).table.iloc[0]
    assert site.area_ha == 3.0
    assert site.mean_score == pytest.approx((_score(1, 1) + 2 * _score(0, 2)) / 3, abs=1e-6)


def test_explanation_contributions_add_up_to_the_site_score() -> None:
    model = build_model(tiny_layers(), tiny_profile(), group="d")
    sites = locate_sites(model, model.score())
    explained = explain_sites(model, sites)
    assert set(explained.criterion) == {"near_town", "rural"}
    assert explained.contribution.sum() == pytest.approx(sites.table.site_score.iloc[0], abs=1e-6)
    near = explained.set_index("criterion").loc["near_town"]
    distances = [100 * math.hypot(r, c) for r, c in SUITABLE]
    assert near.raw_mean == pytest.approx(np.mean(distances), rel=1e-5)
    assert near.weight == 0.75


def test_every_cell_excluded_gives_a_clear_message() -> None:
    profile = tiny_profile()
    wide = replace(profile.constraints[0], buffer_m={"d": 10_000.0, "e": 10_000.0})
    model = build_model(tiny_layers(), replace(profile, constraints=(wide,)), group="d")
    with pytest.raises(NoSuitableLandError, match="100 % of the province is excluded"):
        locate_sites(model, model.score())


def test_sites_smaller_than_the_minimum_area_are_not_sites() -> None:
    model = build_model(tiny_layers(), tiny_profile(sites={"min_area_ha": 6.0, "max_area_ha": 100.0}), group="d")
    with pytest.raises(NoSuitableLandError, match="reaches 6 ha"):
        locate_sites(model, model.score())


def test_rank_stability_of_a_dominant_site_and_of_a_tie() -> None:
    model = build_model(tiny_layers(), tiny_profile(), group="d")
    table = gpd.GeoDataFrame({"rank": [1, 2, 3]}, geometry=[box(0, 0, 1, 1)] * 3, crs=32639)
    std = np.array([[0.9, 0.9], [0.5, 0.1], [0.1, 0.5]])
    stability = rank_stability(model, Sites(table, std, std, np.array([0.5, 0.5])), draws=400)
    assert stability.p_top_k.tolist()[0] == 1.0  # best on both criteria: first whatever the weights
    assert stability.rank_p05.iloc[0] == stability.rank_p95.iloc[0] == 1
    # Sites 2 and 3 mirror each other: under weights centred on (0.5, 0.5) each is second about half the time.
    assert (stability.rank_p05.iloc[1], stability.rank_p95.iloc[1]) == (2, 3)
    assert stability.p_top_k.iloc[1] == 0.0


def test_a_tie_of_two_sites_shares_the_score_rank_and_the_top_k_probability() -> None:
    # Only 'rural' counts (1 everywhere): every kept cell scores 1. A park on column 3 and a town at
    # (450, 450) leave two regions: columns 0-2 (15 cells) and the bottom 3 cells of column 4.
    layers = tiny_layers((450.0, 450.0))
    layers["protected_areas"] = layers["protected_areas"].set_geometry([box(310, 0, 390, 500)])
    model = build_model(layers, tiny_profile(), group="d")
    weights = {"near_town": 0.0, "rural": 1.0}
    sites = locate_sites(model, model.score(weights), weights=weights)
    table = sites.table
    assert table.area_ha.tolist() == [15.0, 3.0]  # tied: the larger first (the stated secondary key)
    assert table.site_score.tolist() == [1.0, 1.0]
    assert table.score_rank.tolist() == [1, 1] and table.tied_with.tolist() == ["2", "1"]
    stability = rank_stability(model, sites)
    assert stability.p_top_k.tolist() == [0.5, 0.5]  # top 1: the tie shares it, whatever the list order
    assert stability.rank_p05.tolist() == [1, 1] and stability.rank_p95.tolist() == [2, 2]


def test_top_k_probabilities_add_up_to_k_and_ignore_the_list_order() -> None:
    model = build_model(tiny_layers(), tiny_profile(sites={"top_k": 2}), group="d")
    std = np.array([[0.9, 0.9], [0.4, 0.4], [0.4, 0.4], [0.4, 0.4], [0.1, 0.6]])
    table = gpd.GeoDataFrame({"rank": [1, 2, 3, 4, 5]}, geometry=[box(0, 0, 1, 1)] * 5, crs=32639)
    forward = rank_stability(model, Sites(table, std, std, np.array([0.5, 0.5])), draws=300)
    assert forward.p_top_k.sum() == pytest.approx(2.0)
    backward = rank_stability(model, Sites(table, std[::-1], std[::-1], np.array([0.5, 0.5])), draws=300)
    np.testing.assert_allclose(backward.p_top_k.to_numpy()[::-1], forward.p_top_k.to_numpy())
    # The three identical sites share what site 1 and site 5 leave of the 2 slots.
    assert forward.p_top_k.iloc[1] == forward.p_top_k.iloc[2] == forward.p_top_k.iloc[3]


def test_given_polygons_are_scored_by_exact_zonal_statistics() -> None:
    model = build_model(tiny_layers(), tiny_profile(), group="d")
    score = model.score()
    parcels = gpd.GeoDataFrame({"name": ["p"]}, geometry=[box(100, 300, 300, 500)], crs=32639)
    stats = score_polygons(model, score, parcels).iloc[0]
    cells = [(0, 1), (0, 2), (1, 1), (1, 2)]
    assert stats.mean_score == pytest.approx(np.mean([_score(r, c) for r, c in cells]), abs=1e-6)
    assert stats.excluded_share == pytest.approx(0.5)  # cells (0, 1) and (1, 1) are within 100 m of the town


def test_compactness_is_counted_on_the_cell_outline() -> None:
    from spatial.sites import _compactness

    square = np.ones((3, 3), dtype=bool)
    assert _compactness(square) == pytest.approx(4 * math.pi * 9 / 12**2)  # perimeter 12 cell edges
    ring = square.copy()
    ring[1, 1] = False  # a hole adds 4 inner edges
    assert _compactness(ring) == pytest.approx(4 * math.pi * 8 / 16**2)


@pytest.mark.parametrize(("spacing_m", "expected"), [(0.0, 4), (100.0, 2), (200.0, 1)])
def test_a_large_area_yields_several_sites_kept_the_minimum_spacing_apart(spacing_m: float, expected: int) -> None:
    # One region of 4 cells (0,2), (1,2), (2,1), (2,0), cut into sites of 1 ha. The best two, (0,2) and
    # (2,0), are 141 m apart corner to corner; (1,2) and (2,1) touch one of them; 200 m keeps only one.
    profile = tiny_profile(sites={"min_area_ha": 1.0, "max_area_ha": 1.0, "min_spacing_m": spacing_m})
    model = build_model(tiny_layers(), profile, group="d")
    table = locate_sites(model, model.score()).table
    assert len(table) == expected
    assert table.area_ha.max() == 1.0
    if expected == 2:
        first, second = table.geometry
        assert first.distance(second) == pytest.approx(100 * math.sqrt(2)) and first.distance(second) >= spacing_m


def test_a_scenarios_site_rules_on_the_same_model_give_what_a_profile_with_them_gives() -> None:
    profile = tiny_profile(sites={"min_area_ha": 1.0, "max_area_ha": 1.0, "min_spacing_m": 100.0})
    model = build_model(tiny_layers(), profile, group="d")
    rules = replace(model.profile.sites, min_spacing_m=0.0, max_sites=3)
    other = build_model(tiny_layers(), replace(profile, sites=rules), group="d")
    ours = locate_sites(model, model.score(), rules=rules)
    theirs = locate_sites(other, other.score())
    assert len(ours.table) == 3
    assert ours.table.drop(columns="geometry").equals(theirs.table.drop(columns="geometry"))
    pd.testing.assert_frame_equal(
        rank_stability(model, ours, rules=rules), rank_stability(other, theirs), check_exact=True
    )
