"""A project built from real files and a DEM of half the province gives the same sites in the app and the CLI.

The project is built with the command line (``project create`` and ``project add``) from the files in
../shared/data/real/ (OpenStreetMap counties with their label points, GEM active faults) and a
hand-made DEM over the west half of Gilan; it is then opened in a new app session through the URL
(owner key and project name), run with ``--project``, and run again from its exported GeoPackage
with ``--data``. All three must rank the same sites.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from affine import Affine
from streamlit.testing.v1 import AppTest

from layers.io import load_bundled, write_geotiff
from layers.projects import owner_folder, project_data, project_folder
from spatial.cli import main
from tests.conftest import REAL_DATA, requires_shared
from tests.ui.conftest import APP

OWNER = "c0ffee" + "0" * 26


def _half_province_dem(path: Path) -> float:
    """A plane rising 4 m per 100 m eastwards (4 % slope) over the west half of the province; returns the cut."""
    west, south, east, north = load_bundled("province").total_bounds
    middle = (west + east) / 2
    cols, rows = int((middle - west) // 500) + 1, int((north - south) // 500) + 1
    heights = np.tile(np.arange(cols, dtype="float32") * 20.0, (rows, 1))  # 20 m per 500 m cell
    write_geotiff(heights, Affine(500, 0, west, 0, -500, north), path)
    return middle


def _cli(*args: str) -> None:
    assert main(list(args)) == 0, args


def _app_sites(project: str) -> list[tuple[int, float, float, str]]:
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params["workspace"] = OWNER  # a new browser session opening the bookmarked link
    at.query_params["project"] = project
    at.run()
    at.switch_page("ui/suitability.py").run()
    assert not at.exception, at.exception
    caveats = " ".join(w.value for w in at.warning)
    assert "layer 'dem' covers only" in caveats  # the partial DEM is stated, not silently used
    table = next(df.value for df in at.dataframe if "Rank range (5-95 %)" in df.value.columns)
    rank, area, score, where = (table.iloc[:, i] for i in (0, 1, 2, -1))
    return [(int(r), float(s), float(a), str(w)) for r, s, a, w in zip(rank, score, area, where, strict=True)]


def _cli_sites(path: Path) -> list[tuple[int, float, float, str]]:
    sites = gpd.read_file(path, layer="sites")
    return [
        (int(r.rank), round(float(r.site_score), 3), round(float(r.area_ha), 0), f"{r.lon:.4f}, {r.lat:.4f}")
        for r in sites.itertuples()
    ]


@requires_shared(REAL_DATA / "gilan_counties_osm.geojson")
def test_a_project_from_real_files_gives_the_same_sites_in_the_app_and_on_the_command_line(
    tmp_path: Path, own_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dem = tmp_path / "dem_west.tif"
    middle = _half_province_dem(dem)
    _cli("project", "--owner", OWNER, "create", "gilan-real", "--title", "Gilan, real files")
    counties = str(REAL_DATA / "gilan_counties_osm.geojson")
    faults = str(REAL_DATA / "gilan_active_faults_gem.geojson")
    assert main(["project", "--owner", OWNER, "add", "gilan-real", counties, "--role", "counties"]) == 2
    assert "drop other geometry" in capsys.readouterr().err  # the label points: refused, with the way out
    _cli("project", "--owner", OWNER, "add", "gilan-real", counties, "--role", "counties", "--drop-other-geometry")
    _cli("project", "--owner", OWNER, "add", "gilan-real", faults, "--role", "faults")
    _cli("project", "--owner", OWNER, "add", "gilan-real", str(dem), "--role", "dem")
    capsys.readouterr()

    by_project, by_file, handover = tmp_path / "p.gpkg", tmp_path / "f.gpkg", tmp_path / "gilan-real.gpkg"
    _cli("suitability", "--owner", OWNER, "--project", "gilan-real", "--out", str(by_project))
    printed = capsys.readouterr().out
    assert "the planner's own counties (gilan_counties_osm.geojson), dem (dem_west.tif)" in printed
    assert "faults (gilan_active_faults_gem.geojson)" in printed
    assert "'active_faults' not applied" not in printed and "'slope_limit' not applied" not in printed
    _cli("project", "--owner", OWNER, "export", "gilan-real", str(handover))
    _cli("suitability", "--data", str(handover), "--out", str(by_file))

    app = _app_sites("gilan-real")
    project, from_file = _cli_sites(by_project), _cli_sites(by_file)
    assert project == from_file
    assert app == project
    assert len(project) == 10  # land east of the DEM is still ranked: nothing silently dropped
    sites = gpd.read_file(by_project, layer="sites")
    east = sites.geometry.centroid.x > middle
    assert east.any() and (sites.incomplete_criteria[east] == "slope").all()
    stored = project_data(project_folder(owner_folder(OWNER), "gilan-real"))
    assert set(sites.county) <= set(stored.layers["counties"]["name_en"])  # the real counties, not the Voronoi cells
    assert len(stored.layers["counties"]) == 17
