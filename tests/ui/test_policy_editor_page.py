"""The Policy page's editor under AppTest: transformations with their live curve, and new rules and criteria."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from affine import Affine
from streamlit.testing.v1 import AppTest

from layers.io import write_geotiff
from layers.projects import create_project, owner_folder
from tests.ui.conftest import open_page, project_dir

SESSION = "0123456789abcdef0123456789abcdef"
PROFILE = "gilan-industrial"


def _key(name: str) -> str:
    return f"{PROFILE}-{name}"


def _curve(at: AppTest, criterion_title: str) -> pd.DataFrame:
    """The data of the curve drawn in a criterion's expander (raw value, standardised value)."""
    expander = next(e for e in at.expander if e.label.startswith(criterion_title))
    chart = expander.get("vega_lite_chart")[0]
    data = pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas()
    return data.set_axis(["raw", "value"], axis=1)


def _save(at: AppTest, name: str) -> AppTest:
    at.text_input(key=_key("new-name")).set_value(name)
    return at.button(key="policy_save").click().run()


def _saved(workspace: Path, name: str) -> dict:
    return tomllib.loads((project_dir(workspace, SESSION) / "policies" / f"{name}.toml").read_text())


def _criterion(doc: dict, criterion_id: str) -> dict:
    return next(c for c in doc["criterion"] if c["id"] == criterion_id)


def test_an_edited_transformation_is_drawn_before_saving_and_saved_in_the_copy(own_workspace: Path) -> None:
    at = open_page("ui/policy.py", session_id=SESSION)
    assert not at.exception
    saved_curve = _curve(at, "Access to main roads")  # linear decreasing, control [250, 10000]
    assert saved_curve["raw"].iloc[-1] == 10000 + 0.25 * 9750 and saved_curve["value"].iloc[-1] == 0.0
    at.text_input(key=_key("road_access-control")).set_value("500, 8000")
    at.selectbox(key=_key("road_access-function")).set_value("sigmoid").run()
    edited = _curve(at, "Access to main roads")
    assert edited["raw"].iloc[0] == 0.0 and edited["raw"].iloc[-1] == 8000 + 0.25 * 7500  # a distance is >= 0
    t = ((edited["raw"] - 500) / 7500).clip(0, 1)
    np.testing.assert_allclose(edited["value"], np.cos(t * np.pi / 2) ** 2, atol=1e-6)  # 1 up to 500 m, 0 from 8 km
    _save(at, "gilan-roads-500")
    assert not at.exception and "Saved gilan-roads-500" in at.success[0].value
    doc = _saved(own_workspace, "gilan-roads-500")
    road = _criterion(doc, "road_access")["standardise"]
    assert road == {"function": "sigmoid", "direction": "decreasing", "control": [500.0, 8000.0]}
    cluster = _criterion(doc, "cluster")["standardise"]
    assert cluster == {"function": "j_shaped", "direction": "decreasing", "control": [2000.0, 30000.0]}  # as it was


def test_control_points_that_do_not_fit_the_direction_draw_no_curve_and_are_not_saved(own_workspace: Path) -> None:
    at = open_page("ui/policy.py", session_id=SESSION)
    at.selectbox(key=_key("labour_access-direction")).set_value("symmetric").run()
    expander = next(e for e in at.expander if e.label.startswith("Access to a town"))
    assert "needs 4 increasing control points" in expander.warning[0].value
    assert not expander.get("vega_lite_chart")
    _save(at, "gilan-symmetric")
    assert "criterion.labour_access.standardise.control" in at.error[0].value
    assert not (project_dir(own_workspace, SESSION) / "policies" / "gilan-symmetric.toml").exists()


def test_a_new_distance_rule_without_a_basis_is_refused_and_nothing_is_saved(own_workspace: Path) -> None:
    at = open_page("ui/policy.py", session_id=SESSION)
    at.checkbox(key=_key("new-rule-add")).check().run()
    at.multiselect(key=_key("new-rule-layers")).select("wells").run()
    at.number_input(key=_key("new-rule-buffer-d")).set_value(100.0)
    at.number_input(key=_key("new-rule-buffer-e")).set_value(150.0)
    _save(at, "gilan-wells")
    assert not at.exception
    assert "Not saved" in at.error[0].value and "constraint.setback_wells.basis" in at.error[0].value
    assert "no legal basis or source" in at.error[0].value
    assert not project_dir(own_workspace, SESSION).exists()  # not even the project the save would have made
    at.text_area(key=_key("new-rule-basis")).set_value("DOE siting rules: 100 m from a deep well")
    _save(at, "gilan-wells")
    assert "Saved gilan-wells" in at.success[0].value
    rule = _saved(own_workspace, "gilan-wells")["constraint"][-1]
    assert rule["id"] == "setback_wells" and rule["layers"] == ["wells"]
    assert rule["buffer_m"] == {"d": 100.0, "e": 150.0} and rule["basis"].startswith("DOE siting rules")
    assert rule["title_en"].startswith("Distance from")  # the title suggested from the layer
    assert rule["title_fa"].startswith("فاصله از") and "basis_fa" not in rule  # the suggestion in Persian too


def test_a_new_rule_may_be_named_and_grounded_in_persian_too_on_an_english_page(own_workspace: Path) -> None:
    at = open_page("ui/policy.py", session_id=SESSION)
    at.checkbox(key=_key("new-rule-add")).check().run()
    at.multiselect(key=_key("new-rule-layers")).select("wells").run()
    at.text_input(key=_key("new-rule-title")).set_value("Deep wells")
    at.text_area(key=_key("new-rule-basis")).set_value("DOE siting rules: 100 m from a deep well")
    at.text_input(key=_key("new-rule-title-fa")).set_value("چاه‌های عمیق")
    at.text_area(key=_key("new-rule-basis-fa")).set_value("ضوابط استقرار سازمان حفاظت محیط زیست")
    _save(at, "gilan-wells")
    assert not at.exception and "Saved gilan-wells" in at.success[0].value, [e.value for e in at.error]
    rule = _saved(own_workspace, "gilan-wells")["constraint"][-1]
    assert (rule["title_en"], rule["title_fa"]) == ("Deep wells", "چاه‌های عمیق")
    assert rule["basis"].startswith("DOE siting") and rule["basis_fa"].startswith("ضوابط استقرار")


def test_a_new_distance_criterion_takes_its_weight_from_the_others(own_workspace: Path) -> None:
    at = open_page("ui/policy.py", session_id=SESSION)
    at.checkbox(key=_key("new-criterion-add")).check().run()
    at.selectbox(key=_key("new-criterion-layer")).set_value("rivers")
    at.text_input(key=_key("new-criterion-control")).set_value("200, 5000")
    at.number_input(key=_key("new-criterion-weight")).set_value(0.2)
    at.text_area(key=_key("new-criterion-basis")).set_value("Planning practice: process water")
    _save(at, "gilan-rivers")
    assert not at.exception and "Saved gilan-rivers" in at.success[0].value, [e.value for e in at.error]
    doc = _saved(own_workspace, "gilan-rivers")
    added = _criterion(doc, "distance_to_rivers")
    assert added["standardise"] == {"function": "linear", "direction": "decreasing", "control": [200.0, 5000.0]}
    assert added["weight"] == 0.2 and added["measure"] == "distance"
    assert abs(_criterion(doc, "rural")["weight"] - 0.25 * 0.8) < 1e-9  # the others scaled by 0.8
    assert abs(sum(c["weight"] for c in doc["criterion"]) - 1) < 1e-6


def _project_with_dem() -> None:
    folder = create_project(owner_folder(SESSION), "my-project")
    heights = np.tile(np.arange(20, dtype="float32") * 10.0, (20, 1))  # 10 m per 100 m cell: 10 %
    write_geotiff(heights, Affine(100, 0, 350000, 0, -100, 4130000), folder / "layers" / "dem.tif")


def test_a_slope_limit_is_offered_with_a_dem_and_needs_its_basis(own_workspace: Path) -> None:
    at = open_page("ui/policy.py", session_id=SESSION)
    assert "needs a DEM" in " ".join(c.value for c in at.caption)
    _project_with_dem()
    at = open_page("ui/policy.py", session_id=SESSION, analysis={"project": "my-project"})
    assert not at.exception
    assert "already excludes land steeper than 15 %" in " ".join(c.value for c in at.caption)
    at.checkbox(key=_key("new-slope-add")).check().run()
    at.number_input(key=_key("new-slope-limit")).set_value(8.0)
    _save(at, "gilan-slope-8")
    assert "constraint.slope_limit_2.basis" in at.error[0].value
    assert not (project_dir(own_workspace, SESSION) / "policies" / "gilan-slope-8.toml").exists()
    at.text_area(key=_key("new-slope-basis")).set_value("Estate-design choice: earthworks above 8 %")
    _save(at, "gilan-slope-8")
    assert "Saved gilan-slope-8" in at.success[0].value
    rule = _saved(own_workspace, "gilan-slope-8")["constraint"][-1]
    assert rule["layers"] == ["dem"] and rule["slope_above_percent"] == 8.0
    assert rule["buffer_m"] == {"d": 0.0, "e": 0.0} and rule["title_en"] == "Steep land"


def test_the_persian_editor_speaks_persian_and_keeps_a_persian_basis(own_workspace: Path) -> None:
    at = open_page("ui/policy.py", session_id=SESSION, lang="fa")
    assert not at.exception
    assert "تبدیل (استانداردسازی) هر معیار" in [s.value for s in at.subheader]
    assert at.selectbox(key=_key("road_access-function")).format_func("linear") == "خطی"
    at.checkbox(key=_key("new-rule-add")).check().run()
    at.multiselect(key=_key("new-rule-layers")).select("wells").run()
    at.text_input(key=_key("new-rule-title")).set_value("حریم چاه‌های عمیق")
    at.text_area(key=_key("new-rule-basis")).set_value("ضوابط استقرار صنایع: ۱۰۰ متر از چاه عمیق")
    _save(at, "gilan-wells-fa")
    assert not at.error, [e.value for e in at.error]
    rule = _saved(own_workspace, "gilan-wells-fa")["constraint"][-1]
    assert rule["title_fa"] == "حریم چاه‌های عمیق" and rule["basis_fa"] == "ضوابط استقرار صنایع: ۱۰۰ متر از چاه عمیق"


def test_every_setting_of_the_profile_is_shown_with_its_basis_in_both_languages() -> None:
    for lang, sites_title in (("en", "Site rules"), ("fa", "ضوابط پهنه‌ها")):
        at = open_page("ui/policy.py", lang=lang)
        assert not at.exception, at.exception
        settings = next(df.value for df in at.dataframe if "[sites]" in df.value.iloc[:, 0].astype(str).str.cat())
        rows = dict(zip(settings.iloc[:, 0], settings.iloc[:, 2], strict=True))
        assert len(rows) >= 6 and all(basis not in ("", "-") for basis in rows.values())
        assert any(name.startswith(sites_title) for name in rows)
        assert any("min_score = 0.6" in v for v in settings.iloc[:, 1])
