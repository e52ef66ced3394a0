"""A planner's projects: named sets of their own layers, profiles, plot table and notes, kept on disk.

Layout under the workspace root ($GILAN_WORKSPACE, else ~/.local/share/gilan-siting)::

    owners/<key>/projects/<name>/project.toml   title, created, where each layer came from
                                 notes.md
                                 layers/<role>.gpkg, dem.tif, plots.csv
                                 policies/<profile>.toml

The owner key is a random 128-bit id: the app keeps it in the page's URL, the command line reads
``--owner`` or $GILAN_OWNER (default ``local``). Two owners never see each other's projects, unless
one imports a GeoPackage the other exported. ``bundled`` is the read-only default project: the
bundled Gilan data and profiles, nothing of the planner's.

Every change is atomic: a project appears, is renamed, replaced or deleted whole, or not at all.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import sqlite3
import tempfile
import tomllib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import rasterio
import tomli_w

from layers.catalogue import ANALYSIS_CRS, Catalogue
from layers.errors import PolicyError, ProjectError, UnsupportedFormatError
from layers.io import (
    MAX_UPLOAD_BYTES,
    PROFILE_REFERENCE,
    RasterLayer,
    atomic_path,
    clean_stale_temporaries,
    geopackage_layers,
    library_text,
    read_raster_file,
    read_vector_file,
    write_geotiff,
    write_outputs,
    write_table,
    write_vector,
)
from layers.validate import check_columns, check_plot_rows
from layers.workspace import (
    layer_sources,
    now_text,
    read_metadata,
    workspace_layers,
    workspace_plots,
    workspace_root,
    write_metadata,
)

OWNER_ENV = "GILAN_OWNER"
LOCAL_OWNER = "local"
BUNDLED = "bundled"
PROJECT_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
OWNER_KEY = re.compile(r"[0-9a-f]{32}")
FORMAT = "gilan-project 1"
META_TABLE, PROFILES_TABLE, PLOTS_TABLE, DEM_TABLE = "gilan_project", "gilan_profiles", "plots", "dem"
MAX_PROJECT_FILE_BYTES = 2 * MAX_UPLOAD_BYTES  # a project file holds several layers and a DEM
ProfileCheck = Callable[[dict[str, object], str], None]


@dataclass
class ProjectData:
    """What a project holds, read and validated: its layers by role, DEM, plot table, profiles and notes."""

    name: str
    layers: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    dem: RasterLayer | None = None
    plots: pd.DataFrame | None = None
    profiles: dict[str, dict[str, object]] = field(default_factory=dict)  # name -> TOML document
    notes: str = ""
    sources: dict[str, str] = field(default_factory=dict)  # role -> the file it came from

    @property
    def supplied(self) -> frozenset[str]:
        """The layer ids the planner supplied (they replace the bundled layers of the same id)."""
        extra = {"dem"} if self.dem is not None else set()
        return frozenset(self.layers) | extra | ({"plots"} if self.plots is not None else set())


@dataclass(frozen=True)
class ProjectInfo:
    """One line of the project list."""

    name: str
    title: str
    created: str
    layers: tuple[str, ...]
    profiles: tuple[str, ...]


def owner_folder(key: str, root: Path | None = None) -> Path:
    """The folder of one owner's projects (created on first use); ``key`` is 32 hex digits or 'local'."""
    if not (OWNER_KEY.fullmatch(key) or key == LOCAL_OWNER):
        raise ProjectError(
            key[:40], "an owner key is 32 hexadecimal digits (the app shows yours) or 'local'", "copy the key again"
        )
    root = root or workspace_root()
    folder = root / "owners" / key
    (folder / "projects").mkdir(parents=True, exist_ok=True)
    _adopt_old_session(root / "sessions" / key, folder)
    return folder


def _adopt_old_session(old: Path, owner: Path) -> None:
    """Uploads from before projects existed (one folder per session) become the owner's project 'my-data'."""
    target = owner / "projects" / "my-data"
    if (old / "layers").is_dir() and not target.exists() and any((old / "layers").iterdir()):
        (old / "project.toml").write_bytes(tomli_w.dumps({"title": "my data", "created": now_text()}).encode())
        os.rename(old, target)


def check_project_name(name: str) -> str:
    """A project name is a folder name: a-z, 0-9 and '-', starting with a letter or digit, at most 63."""
    if name == BUNDLED:
        raise ProjectError(name, "'bundled' is the read-only bundled data", "pick another name")
    if not PROJECT_NAME.fullmatch(name):
        shown = name if len(name) <= 40 else name[:37] + "..."
        suggestion = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")[:63] or "my-project"
        raise ProjectError(
            shown, "a project name uses a-z, 0-9 and '-' (it names a folder)", f"use a name like '{suggestion}'"
        )
    return name


def project_names(owner: Path) -> list[str]:
    """The owner's project names, sorted."""
    return sorted(p.name for p in (owner / "projects").iterdir() if p.is_dir() and PROJECT_NAME.fullmatch(p.name))


def project_folder(owner: Path, name: str) -> Path | None:
    """The folder of an existing project (None for the bundled data); the error lists the known ones."""
    if name == BUNDLED:
        return None
    check_project_name(name)
    folder = owner / "projects" / name
    if not folder.is_dir():
        known = project_names(owner)
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"use one of {[BUNDLED, *known]}"
        raise ProjectError(name, "there is no such project", f"{hint} (create one: python -m spatial project create)")
    for sub in ("layers", "policies"):  # what a process killed while saving left behind
        clean_stale_temporaries(folder / sub)
    return folder


def _new_folder(owner: Path, name: str, fill: Callable[[Path], None]) -> Path:
    """Build a project in a hidden folder, then rename it into place: it appears whole or not at all."""
    target = owner / "projects" / check_project_name(name)
    if target.exists():
        raise ProjectError(name, "a project of this name exists", "pick another name, or delete that project first")
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.gilan-tmp-", dir=owner / "projects"))
    try:
        (staging / "layers").mkdir()
        (staging / "policies").mkdir()
        fill(staging)
        os.rename(staging, target)  # refused if the name was taken meanwhile (a non-empty folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def create_project(owner: Path, name: str, *, title: str = "") -> Path:
    """A new, empty project."""
    return _new_folder(owner, name, lambda f: write_metadata(f, {"title": title or name, "created": now_text()}))


def rename_project(owner: Path, old: str, new: str) -> Path:
    """Rename a project (its layers, profiles and notes move with it)."""
    source = project_folder(owner, old)
    assert source is not None
    target = owner / "projects" / check_project_name(new)
    if target.exists():
        raise ProjectError(new, "a project of this name exists", "pick another name")
    os.rename(source, target)
    return target


def delete_project(owner: Path, name: str) -> None:
    """Delete a project and everything in it (renamed away first, so it never lingers half-deleted)."""
    folder = project_folder(owner, name)
    assert folder is not None
    doomed = Path(tempfile.mkdtemp(prefix=f".{name}.gilan-deleted-", dir=owner / "projects"))
    os.replace(folder, doomed)
    shutil.rmtree(doomed, ignore_errors=True)


def list_projects(owner: Path) -> list[ProjectInfo]:
    """The owner's projects with their title, creation time, layers and profiles."""
    out = []
    for name in project_names(owner):
        folder = owner / "projects" / name
        meta = read_metadata(folder)
        layers = sorted(p.stem for p in (folder / "layers").glob("*") if p.suffix in (".gpkg", ".tif", ".csv"))
        profiles = sorted(p.stem for p in (folder / "policies").glob("*.toml"))
        out.append(
            ProjectInfo(name, str(meta.get("title", name)), str(meta.get("created", "")), (*layers,), (*profiles,))
        )
    return out


def read_notes(folder: Path | None) -> str:
    """The project's notes (Markdown); empty for the bundled data."""
    path = folder / "notes.md" if folder is not None else None
    return path.read_text(encoding="utf-8") if path is not None and path.is_file() else ""


def save_notes(folder: Path, text: str) -> None:
    """Replace the project's notes, atomically."""
    with atomic_path(folder / "notes.md") as tmp:
        tmp.write_text(text, encoding="utf-8")


def project_data(folder: Path | None) -> ProjectData:
    """Everything a stored project holds (it was validated when it was stored); empty for the bundled data."""
    if folder is None:
        return ProjectData(BUNDLED)
    layers, dem = workspace_layers(folder)
    profiles = {}
    for path in sorted((folder / "policies").glob("*.toml")):
        if PROFILE_REFERENCE.fullmatch(path.stem):
            profiles[path.stem] = tomllib.loads(path.read_text(encoding="utf-8"))
    sources = layer_sources(folder)
    return ProjectData(folder.name, layers, dem, workspace_plots(folder), profiles, read_notes(folder), sources)


def export_project(folder: Path, path: Path) -> None:
    """Write the whole project as one GeoPackage (layers by role, DEM, plot table, profiles, notes), atomically."""
    data = project_data(folder)
    meta = read_metadata(folder)
    rows = {
        "format": FORMAT,
        "name": data.name,
        "title": str(meta.get("title", data.name)),
        "created": str(meta.get("created", "")),
        "exported": now_text(),
        "notes": data.notes,
        **{f"source:{role}": file for role, file in data.sources.items()},
    }

    def write(tmp: Path) -> None:
        pyogrio.write_dataframe(pd.DataFrame({"key": list(rows), "value": list(rows.values())}), tmp, layer=META_TABLE)
        for role, gdf in data.layers.items():
            pyogrio.write_dataframe(gdf, tmp, layer=role)
        if data.profiles:
            texts = [tomli_w.dumps(doc) for doc in data.profiles.values()]
            pyogrio.write_dataframe(
                pd.DataFrame({"name": list(data.profiles), "toml": texts}), tmp, layer=PROFILES_TABLE
            )
        if data.plots is not None:
            pyogrio.write_dataframe(data.plots.astype(str), tmp, layer=PLOTS_TABLE)
        if data.dem is not None:
            rows_, cols = data.dem.values.shape
            with rasterio.open(
                tmp,
                "w",
                driver="GPKG",
                width=cols,
                height=rows_,
                count=1,
                dtype="float32",
                crs=ANALYSIS_CRS,
                transform=data.dem.transform,
                RASTER_TABLE=DEM_TABLE,
                APPEND_SUBDATASET="YES",
                TILE_FORMAT="TIFF",
            ) as dst:
                dst.write(data.dem.values, 1)  # TIFF tiles keep NaN (no nodata value: GeoPackage cannot record NaN)

    write_outputs([(path, write)])


def _check_size(label: str, size: int, limit: int) -> None:
    if size > limit:
        raise ProjectError(
            label,
            f"the file is {size / 1024**2:.0f} MB, above the {limit / 1024**2:.0f} MB limit",
            "clip its layers to Gilan, or hand the DEM over separately",
        )


def _tables(path: Path, label: str) -> dict[str, str]:
    """The GeoPackage's tables and their kind (features, attributes, 2d-gridded-coverage, tiles)."""
    geopackage_layers(path, layer=label)  # size, existence and 'is it a GeoPackage' checks with our messages
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return {str(n): str(k) for n, k in db.execute("SELECT table_name, data_type FROM gpkg_contents")}
    except sqlite3.Error as err:
        raise UnsupportedFormatError(
            label, f"the GeoPackage's table list cannot be read ({library_text(err)})", "save it again from QGIS"
        ) from err


def _text_table(path: Path, table: str, label: str, columns: Collection[str]) -> pd.DataFrame:
    frame = pd.DataFrame(pyogrio.read_dataframe(path, layer=table, read_geometry=False)).astype(str)
    missing = [c for c in columns if c not in frame]
    if missing:
        raise ProjectError(label, f"table '{table}' has no column(s) {missing}", "export the project again")
    return frame


def read_project_file(
    path: Path,
    catalogue: Catalogue,
    *,
    check_profile: ProfileCheck | None = None,
    known_estates: Collection[str] | None = None,
    max_bytes: int = MAX_PROJECT_FILE_BYTES,
) -> tuple[ProjectData, list[str]]:
    """Read and validate a project GeoPackage (or a filled data request) in memory, before anything is stored.

    Every layer named after a catalogue role is validated like an upload for that role; the DEM and
    the plot table too; every profile is parsed with ``check_profile``. Returns the data and one note
    per table that was skipped (empty, or not a catalogue role), so nothing is dropped unsaid.
    """
    label = path.name
    if path.is_file():
        _check_size(label, path.stat().st_size, max_bytes)
    tables = _tables(path, label)
    meta: dict[str, str] = {}
    if META_TABLE in tables:
        frame = _text_table(path, META_TABLE, label, ("key", "value"))
        meta = dict(zip(frame["key"], frame["value"], strict=True))
        if meta.get("format") != FORMAT:
            raise ProjectError(
                label, f"the project format is '{meta.get('format')}', this tool reads '{FORMAT}'", "export it again"
            )
    name = meta.get("name") or re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-")[:63] or "imported"
    data = ProjectData(name, notes=meta.get("notes", ""))
    data.sources = {k.removeprefix("source:"): v for k, v in meta.items() if k.startswith("source:")}
    notes: list[str] = []
    known = {s.id for s in catalogue}
    for table, kind in sorted(tables.items()):
        if table in (META_TABLE, PROFILES_TABLE, "readme"):
            continue
        if table == DEM_TABLE and kind == "2d-gridded-coverage":
            data.dem = read_raster_file(path, layer="dem", table=DEM_TABLE, max_bytes=max_bytes)
            continue
        if table == PLOTS_TABLE:
            spec = catalogue["plots"]
            frame = check_columns(
                _text_table(path, table, label, spec.columns),
                layer="plots",
                columns=spec.columns,
                optional=spec.optional_columns,
                filled=tuple(spec.columns),
            )
            estates = data.layers["estates"]["name_en"].astype(str).tolist() if "estates" in data.layers else None
            rows = check_plot_rows(frame, layer="plots", known_estates=estates or known_estates)
            data.plots = rows.reset_index(drop=True)
            continue
        if table not in known or kind != "features":
            close = difflib.get_close_matches(table, sorted(known), n=1)
            notes.append(
                f"skipped '{table}': not a layer of the catalogue" + (f" (did you mean '{close[0]}'?)" if close else "")
            )
            continue
        if int(pyogrio.read_info(path, layer=table)["features"]) == 0:
            notes.append(f"skipped '{table}': empty (not filled yet)")
            continue
        data.layers[table] = read_vector_file(path, spec=catalogue[table], sublayer=table, max_bytes=max_bytes)
    if PROFILES_TABLE in tables:
        frame = _text_table(path, PROFILES_TABLE, label, ("name", "toml"))
        for profile_name, text in zip(frame["name"], frame["toml"], strict=True):
            if not PROFILE_REFERENCE.fullmatch(profile_name):
                raise PolicyError(profile_name[:40], "", "a profile in the file has no plain name", "rename it")
            try:
                doc = tomllib.loads(text)
            except tomllib.TOMLDecodeError as err:
                raise PolicyError(profile_name, "", f"not valid TOML ({library_text(err)})", "export it again") from err
            if check_profile is not None:
                check_profile(doc, profile_name)
            data.profiles[profile_name] = doc
    if not (data.layers or data.dem is not None or data.plots is not None or data.profiles):
        raise ProjectError(label, "the file holds no layer, DEM, plot table or profile to use", "fill it in QGIS first")
    return data, notes


def store_project(owner: Path, data: ProjectData, *, name: str | None = None) -> Path:
    """Store validated project data as a new project of this owner (whole, or not at all)."""

    def fill(folder: Path) -> None:
        for role, gdf in data.layers.items():
            write_vector(gdf, folder / "layers" / f"{role}.gpkg", layer=role)
        if data.dem is not None:
            write_geotiff(data.dem.values, data.dem.transform, folder / "layers" / "dem.tif")
        if data.plots is not None:
            write_table(data.plots, folder / "layers" / "plots.csv")
        for profile_name, doc in data.profiles.items():
            (folder / "policies" / f"{profile_name}.toml").write_bytes(tomli_w.dumps(doc).encode())
        if data.notes:
            (folder / "notes.md").write_text(data.notes, encoding="utf-8")
        sources = {role: {"file": file, "added": now_text()} for role, file in data.sources.items()}
        write_metadata(folder, {"title": name or data.name, "created": now_text(), "layers": sources})

    return _new_folder(owner, name or data.name, fill)


def import_project(
    owner: Path,
    path: Path,
    catalogue: Catalogue,
    *,
    name: str | None = None,
    check_profile: ProfileCheck | None = None,
    known_estates: Collection[str] | None = None,
) -> tuple[Path, list[str]]:
    """Validate a project GeoPackage, then store it as a new project (its own name, unless ``name``)."""
    if name is not None:
        check_project_name(name)
    data, notes = read_project_file(path, catalogue, check_profile=check_profile, known_estates=known_estates)
    target = name or data.name
    if target == BUNDLED or not PROJECT_NAME.fullmatch(target):
        target = "imported"
    return store_project(owner, data, name=target), notes


def project_file_bytes(folder: Path) -> bytes:
    """The project exported as GeoPackage bytes (for a download button)."""
    with tempfile.TemporaryDirectory(prefix="gilan-download-") as tmp:
        path = Path(tmp) / f"{folder.name}.gpkg"
        export_project(folder, path)
        return path.read_bytes()


def import_project_bytes(
    owner: Path,
    data: bytes,
    filename: str,
    catalogue: Catalogue,
    *,
    name: str | None = None,
    check_profile: ProfileCheck | None = None,
    known_estates: Collection[str] | None = None,
) -> tuple[Path, list[str]]:
    """``import_project`` for an uploaded file's bytes (refused above the size limit before it is written)."""
    label = Path(filename.replace("\\", "/")).name or "project.gpkg"
    _check_size(label, len(data), MAX_PROJECT_FILE_BYTES)
    if not label.lower().endswith(".gpkg"):
        raise UnsupportedFormatError(label, "a project file is a GeoPackage (.gpkg)", "export the project again")
    with tempfile.TemporaryDirectory(prefix="gilan-upload-") as tmp:
        path = Path(tmp) / re.sub(r"[^\w.-]+", "_", label)
        path.write_bytes(data)
        return import_project(
            owner, path, catalogue, name=name, check_profile=check_profile, known_estates=known_estates
        )
