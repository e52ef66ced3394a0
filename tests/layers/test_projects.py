"""Projects: kept across restarts, private to their owner, handed over as one GeoPackage, never half-written."""

from __future__ import annotations

import sqlite3
import tomllib
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from affine import Affine
from shapely.geometry import LineString, Point

from layers.catalogue import load_catalogue
from layers.errors import GilanInputError, PolicyError, ProjectError
from layers.io import POLICY_DIR, write_geotiff
from layers.projects import (
    BUNDLED,
    create_project,
    delete_project,
    export_project,
    import_project,
    import_project_bytes,
    list_projects,
    owner_folder,
    project_data,
    project_folder,
    project_names,
    read_project_file,
    rename_project,
    save_notes,
)
from layers.workspace import save_profile, save_upload

CATALOGUE = load_catalogue()
ALICE, BOB = "a" * 32, "b" * 32
ROADS = gpd.GeoDataFrame(
    {"road_class": ["highway", "main"]},
    geometry=[LineString([(49.2, 37.3), (49.9, 37.2)]), LineString([(49.5, 36.9), (49.6, 37.4)])],
    crs=4326,
)
# A 4 x 3 DEM of 100 m cells near Rasht, already in EPSG:32639 (values 0..11 m, one nodata cell).
DEM_VALUES = np.arange(12, dtype="float32").reshape(4, 3)
DEM_VALUES[0, 0] = np.nan
DEM_TRANSFORM = Affine(100, 0, 370_000, 0, -100, 4_130_000)


def _full_project(root: Path) -> Path:
    owner = owner_folder(ALICE, root)
    folder = create_project(owner, "rasht-2027", title="Rasht 2027")
    save_upload(ROADS.to_json().encode(), "roads_gilan.geojson", role="roads", workspace=folder, catalogue=CATALOGUE)
    dem = root / "dem.tif"
    write_geotiff(DEM_VALUES, DEM_TRANSFORM, dem)
    save_upload(dem.read_bytes(), "dem.tif", role="dem", workspace=folder, catalogue=CATALOGUE)
    plots = "estate,plot_id,area_ha,status,years_idle\nShaft industrial estate,007,2.5,idle,6\n"
    save_upload(plots.encode(), "plots.csv", role="plots", workspace=folder, catalogue=CATALOGUE)
    doc = tomllib.loads((POLICY_DIR / "gilan-industrial.toml").read_text(encoding="utf-8"))
    save_profile(doc, "gilan-rasht", folder)
    save_notes(folder, "Committee of 12 Azar: check the Rasht-Qazvin setback.\nیادداشت")
    return folder


def test_a_project_keeps_its_layers_profiles_plots_notes_and_sources(tmp_path: Path) -> None:
    folder = _full_project(tmp_path)
    again = project_data(project_folder(owner_folder(ALICE, tmp_path), "rasht-2027"))  # as after a restart
    assert again.supplied == {"roads", "dem", "plots"}
    assert again.sources == {"roads": "roads_gilan.geojson", "dem": "dem.tif", "plots": "plots.csv"}
    assert again.layers["roads"].crs == "EPSG:32639" and len(again.layers["roads"]) == 2
    np.testing.assert_array_equal(again.dem.values, DEM_VALUES)  # stored as it came: no resampling
    assert again.plots.plot_id.tolist() == ["007"]
    assert list(again.profiles) == ["gilan-rasht"]
    assert again.notes.endswith("یادداشت")
    [info] = list_projects(owner_folder(ALICE, tmp_path))
    assert (info.name, info.title, info.layers, info.profiles) == (
        "rasht-2027",
        "Rasht 2027",
        ("dem", "plots", "roads"),
        ("gilan-rasht",),
    )
    assert folder.parent.parent.name == ALICE


def test_two_owners_never_see_each_others_projects(tmp_path: Path) -> None:
    _full_project(tmp_path)
    bob = owner_folder(BOB, tmp_path)
    assert project_names(bob) == []
    with pytest.raises(ProjectError, match="no such project"):
        project_folder(bob, "rasht-2027")


def test_the_bundled_data_is_the_read_only_default_project(tmp_path: Path) -> None:
    owner = owner_folder(ALICE, tmp_path)
    assert project_folder(owner, BUNDLED) is None
    assert project_data(None).supplied == frozenset()
    with pytest.raises(ProjectError, match="read-only"):
        create_project(owner, BUNDLED)


@pytest.mark.parametrize(
    ("name", "fix"), [("Rasht 2027", "rasht-2027"), ("../etc", "etc"), ("رشت", "my-project"), ("", "my-project")]
)
def test_a_project_name_that_is_not_a_folder_name_is_refused_with_a_suggestion(
    tmp_path: Path, name: str, fix: str
) -> None:
    with pytest.raises(ProjectError, match=f"use a name like '{fix}'"):
        create_project(owner_folder(ALICE, tmp_path), name)
    assert list((tmp_path / "owners" / ALICE / "projects").iterdir()) == []


def test_a_hostile_owner_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="32 hexadecimal digits"):
        owner_folder("../../etc", tmp_path)


def test_rename_and_delete_move_the_whole_project(tmp_path: Path) -> None:
    _full_project(tmp_path)
    owner = owner_folder(ALICE, tmp_path)
    create_project(owner, "other")
    with pytest.raises(ProjectError, match="a project of this name exists"):
        rename_project(owner, "rasht-2027", "other")
    rename_project(owner, "rasht-2027", "rasht-final")
    assert project_names(owner) == ["other", "rasht-final"]
    assert project_data(project_folder(owner, "rasht-final")).supplied == {"roads", "dem", "plots"}
    delete_project(owner, "rasht-final")
    assert project_names(owner) == ["other"]
    assert [p.name for p in (owner / "projects").iterdir()] == ["other"]  # nothing half-deleted left behind


def test_export_then_import_gives_a_colleague_the_same_project(tmp_path: Path) -> None:
    folder = _full_project(tmp_path)
    shared = tmp_path / "handover.gpkg"
    export_project(folder, shared)
    bob = owner_folder(BOB, tmp_path)
    imported, notes = import_project(bob, shared, CATALOGUE)
    assert notes == []
    assert imported.name == "rasht-2027" and imported.parent.parent.name == BOB
    mine, theirs = project_data(folder), project_data(imported)
    assert theirs.supplied == mine.supplied and theirs.sources == mine.sources
    np.testing.assert_array_equal(theirs.dem.values, mine.dem.values)
    assert theirs.dem.transform == mine.dem.transform
    assert theirs.layers["roads"].geometry.geom_equals_exact(mine.layers["roads"].geometry, 1e-6).all()
    pd.testing.assert_frame_equal(theirs.plots, mine.plots)
    assert theirs.profiles == mine.profiles and theirs.notes == mine.notes
    with pytest.raises(ProjectError, match="a project of this name exists"):
        import_project(bob, shared, CATALOGUE)
    assert import_project(bob, shared, CATALOGUE, name="copy")[0].name == "copy"


def test_a_filled_data_request_imports_with_a_note_for_every_table_it_skips(tmp_path: Path) -> None:
    request = tmp_path / "request.gpkg"
    ROADS.to_crs(32639).to_file(request, layer="roads")
    gpd.GeoDataFrame({"name": []}, geometry=gpd.GeoSeries([], crs=32639)).to_file(request, layer="wells")
    gpd.GeoDataFrame({"x": [1]}, geometry=[Point(370_000, 4_130_000)], crs=32639).to_file(request, layer="raods")
    data, notes = read_project_file(request, CATALOGUE)
    assert set(data.layers) == {"roads"} and data.name == "request"
    assert notes == [
        "skipped 'raods': not a layer of the catalogue (did you mean 'roads'?)",
        "skipped 'wells': empty (not filled yet)",
    ]


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    zipped = tmp_path / "zipped.gpkg"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("../../evil.gpkg", b"x")
    truncated = tmp_path / "truncated.gpkg"
    export_project(_full_project(tmp_path / "full"), truncated)
    truncated.write_bytes(truncated.read_bytes()[:5000])
    wrong_column = tmp_path / "wrong_column.gpkg"
    ROADS.rename(columns={"road_class": "klass"}).to_file(wrong_column, layer="roads")
    bad_profile = tmp_path / "bad_profile.gpkg"
    ROADS.to_file(bad_profile, layer="roads")
    pyogrio.write_dataframe(
        pd.DataFrame({"name": ["broken"], "toml": ["[profile\nname="]}), bad_profile, layer="gilan_profiles"
    )
    future = tmp_path / "future.gpkg"
    ROADS.to_file(future, layer="roads")
    pyogrio.write_dataframe(
        pd.DataFrame({"key": ["format"], "value": ["gilan-project 9"]}), future, layer="gilan_project"
    )
    nothing = tmp_path / "nothing.gpkg"
    gpd.GeoDataFrame({"name": []}, geometry=gpd.GeoSeries([], crs=32639)).to_file(nothing, layer="wells")
    return {
        "a zip renamed .gpkg": (zipped, "cannot be read as a GeoPackage"),
        "a truncated file": (truncated, "GeoPackage"),
        "a wrong column": (wrong_column, "road_class"),
        "a broken profile": (bad_profile, "not valid TOML"),
        "a newer format": (future, "gilan-project 9"),
        "nothing to use": (nothing, "holds no layer"),
    }


def test_a_bad_project_file_is_refused_readably_and_nothing_is_stored(tmp_path: Path) -> None:
    bob = owner_folder(BOB, tmp_path)
    for case, (path, words) in _bad_files(tmp_path).items():
        with pytest.raises(GilanInputError) as err:
            import_project(bob, path, CATALOGUE)
        message = str(err.value)
        assert words in message and "Fix:" in message and "\n" not in message, (case, message)
        assert list((bob / "projects").iterdir()) == [], case  # no project, not even a hidden half of one
    assert not (tmp_path / "evil.gpkg").exists()


def test_an_oversized_or_misnamed_upload_is_refused_before_it_is_written(tmp_path: Path) -> None:
    bob = owner_folder(BOB, tmp_path)
    with pytest.raises(ProjectError, match="above the 400 MB limit"):
        import_project_bytes(bob, b"\0" * (400 * 1024**2 + 1), "big.gpkg", CATALOGUE)
    with pytest.raises(GilanInputError, match=r"GeoPackage \(\.gpkg\)"):
        import_project_bytes(bob, b"PK", "project.zip", CATALOGUE)
    assert list((bob / "projects").iterdir()) == []


def test_a_profile_that_fails_its_check_stops_the_import(tmp_path: Path) -> None:
    folder = _full_project(tmp_path)
    shared = tmp_path / "handover.gpkg"
    export_project(folder, shared)

    def refuse(doc: dict[str, object], name: str) -> None:
        raise PolicyError(name, "criterion.weight", "weights are negative", "fix them")

    bob = owner_folder(BOB, tmp_path)
    with pytest.raises(PolicyError, match="gilan-rasht"):
        import_project(bob, shared, CATALOGUE, check_profile=refuse)
    assert project_names(bob) == []


def test_uploads_from_before_projects_become_the_project_my_data(tmp_path: Path) -> None:
    old = tmp_path / "sessions" / ALICE / "layers"
    old.mkdir(parents=True)
    ROADS.to_crs(32639).to_file(old / "roads.gpkg", layer="roads")
    owner = owner_folder(ALICE, tmp_path)
    assert project_names(owner) == ["my-data"]
    assert set(project_data(project_folder(owner, "my-data")).layers) == {"roads"}


def test_the_exported_file_is_a_plain_geopackage_qgis_can_open(tmp_path: Path) -> None:
    shared = tmp_path / "handover.gpkg"
    export_project(_full_project(tmp_path), shared)
    with sqlite3.connect(shared) as db:
        contents = dict(db.execute("SELECT table_name, data_type FROM gpkg_contents"))
    assert contents == {
        "gilan_project": "attributes",
        "roads": "features",
        "gilan_profiles": "attributes",
        "plots": "attributes",
        "dem": "2d-gridded-coverage",
    }
