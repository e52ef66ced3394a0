"""``python -m spatial layers``: provenance table, file checks, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

from layers.catalogue import PROJECT_DIR, load_catalogue
from spatial.cli import main


def test_layers_lists_every_catalogue_layer_with_provenance_and_the_gilan_area(capsys: pytest.CaptureFixture) -> None:
    assert main(["layers"]) == 0
    out = capsys.readouterr().out
    for spec in load_catalogue():
        assert spec.id in out
    assert "Public domain" in out and "LGPL 3" in out and "CC-BY 4.0" in out
    assert "illustrative" in out and "missing" in out
    area_line = [line for line in out.splitlines() if line.startswith("Gilan boundary area in EPSG:32639")]
    km2 = float(area_line[0].split(":")[-1].replace("km²", "").replace(",", ""))
    assert 14_000 < km2 < 14_800


def test_check_accepts_a_good_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "counties.geojson"
    gpd.GeoDataFrame({"name_en": ["A"]}, geometry=[box(49.5, 37.2, 49.6, 37.3)], crs=4326).to_file(path)
    assert main(["layers", "--check", str(path), "--role", "counties"]) == 0
    assert capsys.readouterr().out.startswith(f"OK: {path}: 1 features (Polygon), reprojected to EPSG:32639")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--role", "counties"], "layer 'counties': this role needs Polygon"),
        (["--role", "nonsense"], "no such layer in the catalogue"),
    ],
)
def test_check_refuses_bad_input_with_exit_2_and_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture, args: list[str], words: str
) -> None:
    path = tmp_path / "points.geojson"
    gpd.GeoDataFrame({"name_en": ["A"]}, geometry=gpd.points_from_xy([49.5], [37.2]), crs=4326).to_file(path)
    assert main(["layers", "--check", str(path), *args]) == 2
    err = capsys.readouterr().err
    assert words in err
    assert err.count("\n") == 1


def test_check_of_a_file_that_does_not_exist_exits_2(capsys: pytest.CaptureFixture) -> None:
    assert main(["layers", "--check", "/no/such/file.gpkg"]) == 2
    assert "there is no file '/no/such/file.gpkg'" in capsys.readouterr().err


def test_module_entry_point_runs_as_a_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "spatial", "layers", "--check", "/no/such.gpkg"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: ")
