"""The whole pipeline on the bundled Gilan data at 100 m, and the suitability commands."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest

from layers.catalogue import load_catalogue
from layers.io import load_all_bundled
from spatial.cli import main
from spatial.grid import rasterize_mask
from spatial.model import build_model
from spatial.policy import load_profile
from spatial.sites import explain_sites, locate_sites, rank_stability

CATALOGUE = load_catalogue()
LAYERS = load_all_bundled(CATALOGUE)
PROFILE = load_profile("gilan-industrial")


@pytest.fixture(scope="module")
def model_d():
    illustrative = frozenset(s.id for s in CATALOGUE if s.status == "illustrative")
    return build_model(LAYERS, PROFILE, group="d", illustrative=illustrative)


def test_group_e_excludes_more_land_than_group_d(model_d) -> None:
    model_e = build_model(LAYERS, PROFILE, group="e")
    d, e = model_d.mask.excluded.sum(), model_e.mask.excluded.sum()
    assert e > d
    # Every exclusion of group d holds for group e, whose distances are never shorter.
    assert not (model_d.mask.excluded & ~model_e.mask.excluded).any()


def test_missing_layers_and_illustrative_ones_are_reported(model_d) -> None:
    text = " ".join(w.text() for w in model_d.warnings)
    for rule in ("forest", "farmland", "highways", "health_education"):
        assert f"constraint '{rule}' not applied" in text
    assert "'cluster' uses illustrative layer(s) estates" in text
    assert "deprived" in text


def test_sites_are_estate_sized_unconstrained_and_ranked(model_d) -> None:
    sites = locate_sites(model_d, model_d.score())
    table = sites.table
    rules = PROFILE.sites
    assert 1 <= len(table) <= rules.max_sites
    assert table["rank"].tolist() == list(range(1, len(table) + 1))
    assert (table.area_ha >= rules.min_area_ha).all() and (table.area_ha <= rules.max_area_ha).all()
    assert (table.compactness >= rules.min_compactness).all()
    rounded = table.site_score.round(rules.tie_decimals)
    assert (rounded.diff().dropna() <= 0).all()  # best first; ties (equal to 3 decimals) larger first
    assert (table.loc[rounded.duplicated(keep=False)].groupby(rounded).area_ha.diff().dropna() <= 0).all()
    np.testing.assert_allclose(table.area_ha, table.geometry.area / 10_000)  # the clipped area
    cells = rasterize_mask(table.geometry, model_d.grid)
    assert not (cells & model_d.mask.excluded).any()
    explained = explain_sites(model_d, sites)
    np.testing.assert_allclose(explained.groupby("rank").contribution.sum().to_numpy(), table.site_score, atol=1e-6)
    stability = rank_stability(model_d, sites)
    assert stability.p_top_k.between(0, 1).all()
    assert (stability.rank_p05 <= table["rank"]).all() and (table["rank"] <= stability.rank_p95).all()


def test_reweighting_changes_scores_without_rebuilding(model_d) -> None:
    weights = dict.fromkeys(PROFILE.weights(), 0.0) | {"rural": 1.0}
    score = model_d.score(weights)
    inside = model_d.study_area
    assert set(np.unique(score[inside])) <= {0.0, 1.0}
    assert np.array_equal(score[inside] == 1.0, model_d.rural[inside])


def test_suitability_command_writes_ranked_sites(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "sites.gpkg"
    assert main(["suitability", "--group", "d", "--out", str(out), "--score", str(tmp_path / "score.tif")]) == 0
    printed = capsys.readouterr().out
    assert "gilan-industrial" in printed and "warning: constraint 'forest' not applied" in printed
    sites = pyogrio.read_dataframe(out)
    assert {"rank", "area_ha", "site_score", "county", "p_top_k", "rank_p05", "rank_p95"} <= set(sites.columns)
    assert (tmp_path / "sites_explained.csv").exists() and (tmp_path / "score.tif").exists()


def test_why_command_explains_rasht_by_the_settlement_rule(capsys: pytest.CaptureFixture) -> None:
    assert main(["why", "--lon", "49.5886", "--lat", "37.2761"]) == 0
    out = capsys.readouterr().out
    assert "EXCLUDED" in out and "settlements" in out and "to Rasht" in out
    assert "NOT CHECKED wells" in out.replace("  ", " ").replace("  ", " ")
    assert "Excluded: the point and its 100 m cell lie within Distance from settlements" in out
    assert "Score" not in out and "contribution" not in out  # no score line beside an exclusion


def test_why_a_point_that_passes_in_an_excluded_cell_says_so_in_one_sentence(capsys: pytest.CaptureFixture) -> None:
    # 207 m from a river (limit 200 m) but the nearest corner of its 100 m cell is 116 m from it.
    assert main(["why", "--lon", "49.46461", "--lat", "36.66180"]) == 0
    out = capsys.readouterr().out
    assert "EXCLUDED " not in out
    assert (
        "Excluded cell: the point itself passes every rule, but part of its 100 m cell lies within Permanent rivers"
        in out
    )
    assert "contribution" not in out


def test_why_outside_gilan_exits_2(capsys: pytest.CaptureFixture) -> None:
    assert main(["why", "--lon", "51.4", "--lat", "35.7"]) == 2
    assert "outside Gilan" in capsys.readouterr().err


def test_ahp_command_prints_weights_and_refuses_inconsistency(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    good = tmp_path / "leader.csv"
    good.write_text(
        ",experience,education,charisma,age\n"
        "experience,1,4,3,7\neducation,1/4,1,1/3,3\ncharisma,1/3,3,1,5\nage,1/7,1/3,1/5,1\n"
    )
    assert main(["ahp", str(good)]) == 0
    out = capsys.readouterr().out
    assert "experience               0.5476" in out and "consistency ratio 0.0439" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,c\n1,9,1/9\n1/9,1,9\n9,1/9,1\n")
    assert main(["ahp", str(bad)]) == 2
    assert "consistency ratio" in capsys.readouterr().err


def test_suitability_with_topsis_scores_given_parcels(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    parcels = LAYERS["estate_footprints"][["name_en", "geometry"]]
    path = tmp_path / "parcels.gpkg"
    parcels.to_file(path)
    assert main(["suitability", "--method", "topsis", "--parcels", str(path)]) == 0
    out = capsys.readouterr().out
    assert "TOPSIS" in out.splitlines()[0]
    assert "Given parcels (exact zonal statistics)" in out
    assert "Sepidrud (Sefidrud) industrial estate:" in out


def test_budget_command_writes_county_rows_that_add_up(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    plots = tmp_path / "plots.csv"
    plots.write_text("estate,plot_id,area_ha,status,years_idle\nShaft industrial estate,A1,2.0,idle,3\n")
    out = tmp_path / "budget.csv"
    assert main(["budget", "--plots", str(plots), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "overstated" in printed and "forest" in printed
    table = pd.read_csv(out, encoding="utf-8-sig").set_index("county")
    counties = table.drop(index="Gilan")
    assert len(counties) == 17  # Khomam is its own county
    assert counties.land_ha.sum() == pytest.approx(table.loc["Gilan", "land_ha"])
    assert (table.developable_ha + table.excluded_ha - table.land_ha).abs().max() < 1e-6
    assert table.loc["Shaft", "idle_ha"] == 2.0
    # Land only: the NE outline minus the GSHHG sea is close to the official 14,042 km².
    assert 13_800 < table.loc["Gilan", "land_ha"] / 100 < 14_700


def test_inventory_command_refuses_a_plot_table_with_a_wrong_column(tmp_path: Path, capsys) -> None:
    plots = tmp_path / "plots.csv"
    plots.write_text("estate,plot,area_ha,status\nShaft industrial estate,A1,2.0,idle\n")
    assert main(["inventory", "--plots", str(plots)]) == 2
    assert "layer 'plots': missing column(s) ['plot_id']" in capsys.readouterr().err


@pytest.mark.parametrize("group", ["d", "e"])
def test_every_ranked_site_obeys_every_applied_rule_on_the_exported_polygon(group: str, model_d) -> None:
    from spatial.constraints import check_rules, select_features

    model = model_d if group == "d" else build_model(LAYERS, PROFILE, group=group)
    table = locate_sites(model, model.score()).table
    assert len(table) >= 1
    for rule in model.mask.rules:
        features = select_features(LAYERS, rule.layers, rule.where)
        distances = table.geometry.apply(lambda site, f=features: f.distance(site).min())
        assert (distances >= rule.buffer_m[group]).all(), (rule.id, distances.min())  # no tolerance
    land = LAYERS["province"].union_all().difference(LAYERS["caspian_sea"].union_all())
    assert table.geometry.apply(lambda site: site.difference(land).area).max() < 1e-3  # m²: on land only
    for site in table.geometry:
        checks = check_rules(site, LAYERS, PROFILE.constraints, group=group)
        assert not [c.rule.id for c in checks if c.excludes]  # the report's own check: zero FAILED


def test_every_county_figure_stands_beside_the_measured_land_of_the_real_county(model_d) -> None:
    from spatial.budget import PROVINCE, land_budget_by_county

    table = land_budget_by_county(model_d, LAYERS, PROFILE.budget).table
    assert table.loc["Amlash", "land_ha_measured"] == 40_400  # 404 km² on the OSM polygons
    # The fitted cell holds the county's share of the province's land: 2 % more (the Voronoi cell held 4 times more).
    assert table.loc["Amlash", "land_ha"] == pytest.approx(1.02 * table.loc["Amlash", "land_ha_measured"], rel=0.01)
    assert table.loc["Rasht", "land_ha_measured"] == 110_600  # Rasht alone: Khomam (158 km²) is its own county
    assert table.loc[PROVINCE, "land_ha_measured"] == 1_405_100  # the 17 counties of the facts: 14,051 km²


def test_the_budget_gives_screening_forest_and_cropland_beside_mapped_and_public_figures(model_d) -> None:
    from spatial.budget import PROVINCE, land_budget_by_county

    budget = land_budget_by_county(model_d, LAYERS, PROFILE.budget, facts={"forest": 564_700.0, "paddy": 238_000.0})
    table = budget.table
    province = table.loc[PROVINCE]
    # MODIS forest and woody savanna over Gilan: about 5,200 km² against the public 5,647 km².
    assert 480_000 < province.screening_forest_ha < 560_000
    assert 120_000 < province.screening_cropland_ha < 150_000
    counties = table.drop(index=PROVINCE)
    assert counties.screening_forest_ha.sum() == pytest.approx(province.screening_forest_ha)
    assert (counties.developable_after_screening_ha <= counties.developable_ha).all()
    assert province.developable_after_screening_ha < 0.6 * province.developable_ha  # the overstatement shrinks
    check = budget.cross_check.set_index("item")
    assert check.loc["forest", "public_figure_ha"] == 564_700 and check.loc["forest", "mapped_ha"] == 0
    assert check.loc["forest", "screening_ha"] == province.screening_forest_ha


def test_sites_say_whether_they_touch_the_screening_forest_and_the_profile_can_exclude_it() -> None:
    import copy

    from layers.io import read_policy_document
    from spatial.pipeline import resolve_scenario, run_scenario
    from spatial.policy import parse_profile
    from spatial.sites import SCREENING_CELL_M

    forest = LAYERS["landcover_screening"]
    forest = forest[forest["class"] == "forest"].union_all()
    model = build_model(LAYERS, PROFILE, group="d")
    table = run_scenario(model, resolve_scenario(PROFILE)).table
    for site, flag in zip(table.geometry, table.screening_forest, strict=True):
        expected = (
            "inside"
            if site.intersection(forest).area > 0
            else "within one cell"
            if site.distance(forest) <= SCREENING_CELL_M
            else ""
        )
        assert flag == expected
    assert "within one cell" in set(table.screening_forest)  # on the bundled data some top sites lie near it
    doc = copy.deepcopy(read_policy_document("gilan-industrial"))
    doc["screening"]["exclude_forest"] = True
    strict = parse_profile(doc, name="strict")
    strict_model = build_model(LAYERS, strict, group="d")
    assert "screening_forest" in [r.id for r in strict_model.mask.rules]
    assert strict_model.mask.excluded.sum() > model.mask.excluded.sum()
    strict_table = run_scenario(strict_model, resolve_scenario(strict)).table
    assert "inside" not in set(strict_table.screening_forest)
    assert (strict_table.geometry.apply(lambda site: site.intersection(forest).area) < 1.0).all()  # m²
