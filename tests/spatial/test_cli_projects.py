"""`python -m spatial project ...` and `--project/--data` on the data commands: bad input is one line, exit 2."""

from __future__ import annotations

import tomllib
from pathlib import Path

import geopandas as gpd
import pytest
import tomli_w
from shapely.geometry import LineString

from layers.io import POLICY_DIR
from layers.workspace import WORKSPACE_ENV
from spatial.cli import main


@pytest.fixture(autouse=True)
def own_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(WORKSPACE_ENV, str(tmp_path / "workspace"))
    monkeypatch.delenv("GILAN_OWNER", raising=False)
    return tmp_path / "workspace"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _project_with_roads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roads = gpd.GeoDataFrame({"road_class": ["main"]}, geometry=[LineString([(49.5, 37.2), (49.6, 37.25)])], crs=4326)
    roads.to_file(tmp_path / "roads.geojson")
    assert _run(["project", "create", "rasht"], capsys)[0] == 0
    assert _run(["project", "add", "rasht", str(tmp_path / "roads.geojson"), "--role", "roads"], capsys)[0] == 0


BAD = [
    ("no such project", ["suitability", "--project", "rasth"], "did you mean 'rasht'?"),
    ("both project and file", ["suitability", "--project", "rasht", "--data", "{d}/x.gpkg"], "give one"),
    ("missing project file", ["budget", "--data", "{d}/nothing.gpkg"], "there is no file"),
    ("project file not a geopackage", ["suitability", "--data", "{d}/roads.geojson"], "GeoPackage"),
    ("hostile owner key", ["suitability", "--owner", "../..", "--project", "rasht"], "32 hexadecimal digits"),
    ("project name with spaces", ["project", "create", "Rasht 2027"], "use a name like 'rasht-2027'"),
    ("project exists", ["project", "create", "rasht"], "a project of this name exists"),
    ("add without a role", ["project", "add", "rasht", "{d}/roads.geojson"], "add --role"),
    ("add with an unknown role", ["project", "add", "rasht", "{d}/roads.geojson", "--role", "raods"], "not a layer"),
    ("add a file that is not there", ["project", "add", "rasht", "{d}/gone.gpkg", "--role", "roads"], "no file"),
    ("add roads as villages", ["project", "add", "rasht", "{d}/roads.geojson", "--role", "villages"], "Point"),
    ("add a broken profile", ["project", "add", "rasht", "{d}/broken.toml"], "not valid TOML"),
    ("export the bundled data", ["project", "export", "bundled", "{d}/b.gpkg"], "read-only"),
    ("export to a word file", ["project", "export", "rasht", "{d}/b.docx"], ".gpkg"),
    ("delete without --yes", ["project", "delete", "rasht"], "add --yes"),
    ("rename onto itself", ["project", "rename", "rasht", "rasht"], "a project of this name exists"),
]


@pytest.mark.parametrize(("case", "args", "words"), BAD, ids=[c[0] for c in BAD])
def test_a_bad_project_command_is_one_line_exit_2_and_the_project_stays(
    case: str, args: list[str], words: str, tmp_path: Path, own_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project_with_roads(tmp_path, capsys)
    (tmp_path / "broken.toml").write_text("[profile\nname = 'x'\n", encoding="utf-8")
    project = own_workspace / "owners" / "local" / "projects" / "rasht"
    before = {p.relative_to(project): p.read_bytes() for p in project.rglob("*") if p.is_file()}
    code, out, err = _run([a.replace("{d}", str(tmp_path)) for a in args], capsys)
    assert code == 2, (case, out, err)
    message = err.strip().splitlines()[-1]
    assert message.startswith("error:") and words in message and "Traceback" not in err, message
    assert {p.relative_to(project): p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
    assert [p.name for p in project.parent.iterdir()] == ["rasht"]  # no other project, no hidden half of one


def test_a_project_profile_is_used_by_name_and_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _project_with_roads(tmp_path, capsys)
    doc = tomllib.loads((POLICY_DIR / "gilan-industrial.toml").read_text(encoding="utf-8"))
    doc["sites"]["min_area_ha"] = 50.0
    (tmp_path / "gilan-50ha.toml").write_bytes(tomli_w.dumps(doc).encode())
    assert _run(["project", "add", "rasht", str(tmp_path / "gilan-50ha.toml")], capsys)[0] == 0
    code, out, _ = _run(["project", "list"], capsys)
    assert code == 0 and "rasht" in out and "roads; profiles gilan-50ha" in out
    code, out, err = _run(["suitability", "--project", "rasht", "--profile", "gilan-50ha"], capsys)
    assert code == 0, err
    assert "the planner's own roads (roads.geojson)" in out
    assert "'main_roads' not applied" not in out and "'forest' not applied" in out  # the project's roads are used
    areas = [float(line.split()[1]) for line in out.splitlines() if line[:4].strip().isdigit()]
    assert areas and min(areas) >= 50  # the project's profile, not the bundled one (its minimum is 20 ha)
    code, _, err = _run(["suitability", "--profile", "gilan-50ha"], capsys)  # outside the project it is unknown
    assert code == 2 and "no such policy profile" in err


def test_rename_export_import_and_delete_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project_with_roads(tmp_path, capsys)
    assert _run(["project", "rename", "rasht", "rasht-2027"], capsys)[0] == 0
    assert _run(["project", "export", "rasht-2027", str(tmp_path / "handover.gpkg")], capsys)[0] == 0
    colleague = "d" * 32
    code, out, _ = _run(["project", "--owner", colleague, "import", str(tmp_path / "handover.gpkg")], capsys)
    assert code == 0 and "as project rasht-2027: roads" in out
    assert "rasht-2027" in _run(["project", "--owner", colleague, "list"], capsys)[1]
    assert _run(["project", "delete", "rasht-2027", "--yes"], capsys)[0] == 0
    assert "rasht-2027" not in _run(["project", "list"], capsys)[1]
    assert "rasht-2027" in _run(["project", "--owner", colleague, "list"], capsys)[1]  # the colleague's copy stays
