"""One project folder's contents: uploaded layers, saved policy profiles, the plot table, where each came from.

A project folder (see layers/projects.py for where projects live and how they are listed, handed
over and deleted) holds ``layers/``, ``policies/`` and ``project.toml``. Every write is atomic and
happens only after the upload passed validation: a failed upload leaves the project exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import tomllib
from collections.abc import Collection
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pandas as pd
import pyogrio
import tomli_w

from layers.catalogue import Catalogue
from layers.errors import FileTooLargeError, PolicyError, ProjectError, UnsupportedFormatError
from layers.io import (
    MAX_UPLOAD_BYTES,
    POLICY_DIR,
    PROFILE_REFERENCE,
    RASTER_SUFFIXES,
    VECTOR_SUFFIXES,
    RasterLayer,
    atomic_path,
    library_text,
    read_layer_file,
    read_plot_table,
    read_policy_document,
    read_raster_file,
    write_geotiff,
    write_table,
    write_vector,
)

WORKSPACE_ENV = "GILAN_WORKSPACE"
PROFILE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
LAYER_ID = re.compile(r"[a-z0-9_]{1,64}")


def _upload_name(filename: str, suffix: str) -> str:
    """The uploaded file's own name, safe as one file name in a temporary folder (library text shows it)."""
    name = PurePosixPath(filename.replace("\\", "/")).name
    stem = re.sub(r"[^\w.-]+", "_", name[: len(name) - len(suffix)]).strip("._")[:80]
    return f"{stem or 'upload'}{suffix}"


def workspace_root() -> Path:
    """The folder that holds every owner's projects: $GILAN_WORKSPACE or ~/.local/share/gilan-siting."""
    configured = os.environ.get(WORKSPACE_ENV)
    return Path(configured) if configured else Path.home() / ".local" / "share" / "gilan-siting"


def now_text() -> str:
    """The time now (UTC, seconds) as ISO 8601 text."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def read_metadata(folder: Path) -> dict[str, object]:
    """A project's project.toml (title, created, layer sources); empty when there is none."""
    path = folder / "project.toml"
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ProjectError(
            folder.name, f"project.toml cannot be read ({library_text(err)})", "fix or delete it"
        ) from err


def write_metadata(folder: Path, meta: dict[str, object]) -> None:
    """Replace a project's project.toml, atomically."""
    with atomic_path(folder / "project.toml") as tmp:
        tmp.write_bytes(tomli_w.dumps(meta).encode())


def layer_sources(folder: Path) -> dict[str, str]:
    """Role -> the file name each stored layer came from."""
    layers = read_metadata(folder).get("layers", {})
    return {str(role): str(v.get("file", "")) for role, v in layers.items()} if isinstance(layers, dict) else {}


def record_source(folder: Path, role: str, source: str | None) -> None:
    """Note where a stored layer came from (file name and time) in project.toml; None forgets it."""
    meta = read_metadata(folder)
    sources = dict(meta.get("layers", {}))  # type: ignore[call-overload]
    if source is None:
        sources.pop(role, None)
    else:
        sources[role] = {"file": source, "added": now_text()}
    write_metadata(folder, {**meta, "layers": sources})


def save_upload(
    data: bytes,
    filename: str,
    *,
    role: str,
    workspace: Path,
    catalogue: Catalogue,
    repair: bool = False,
    assume_crs: str | None = None,
    known_estates: Collection[str] | None = None,
    drop_other_geometry: bool = False,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> pd.DataFrame | RasterLayer:
    """Validate an uploaded file for a catalogue role, then store it in the workspace as that role.

    A plot table (CSV or vector) is checked as a table, against ``known_estates`` when given, and
    stored as plots.csv; nothing is stored unless every check passed.
    """
    spec = catalogue[role]
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if len(data) > max_bytes:
        raise FileTooLargeError(
            role,
            f"the upload is {len(data) / 1024**2:.0f} MB, above the {max_bytes / 1024**2:.0f} MB limit",
            "clip it to Gilan",
        )
    if role == "plots" and suffix in VECTOR_SUFFIXES | {".csv"}:
        with tempfile.TemporaryDirectory(prefix="gilan-upload-") as tmp:
            source = Path(tmp) / _upload_name(filename, suffix)
            source.write_bytes(data)
            table = read_plot_table(source, spec=spec, known_estates=known_estates, max_bytes=max_bytes)
        write_table(table, workspace / "layers" / "plots.csv")
        record_source(workspace, role, PurePosixPath(filename.replace("\\", "/")).name)
        return table
    if role == "plots":
        raise UnsupportedFormatError(
            role, f"a plot table must be a CSV or vector file, not '{suffix}'", "save the table as 'CSV UTF-8'"
        )
    if spec.geometry == "Raster" and suffix not in RASTER_SUFFIXES:
        raise UnsupportedFormatError(role, f"this role needs a GeoTIFF, not '{suffix}'", "upload a .tif DEM")
    if spec.geometry != "Raster" and suffix not in VECTOR_SUFFIXES:
        raise UnsupportedFormatError(
            role, f"this role needs vector data, not '{suffix}'", "upload .gpkg, .geojson or .zip"
        )
    with tempfile.TemporaryDirectory(prefix="gilan-upload-") as tmp:
        source = Path(tmp) / _upload_name(filename, suffix)
        source.write_bytes(data)
        if spec.geometry == "Raster":
            raster = read_raster_file(source, layer=role, assume_crs=assume_crs, max_bytes=max_bytes)
            write_geotiff(raster.values, raster.transform, workspace / "layers" / f"{role}.tif")
            record_source(workspace, role, PurePosixPath(filename.replace("\\", "/")).name)
            return raster
        gdf = read_layer_file(
            source,
            layer=role,
            spec=spec,
            repair=repair,
            assume_crs=assume_crs,
            max_bytes=max_bytes,
            drop_other_geometry=drop_other_geometry,
        )
        assert isinstance(gdf, gpd.GeoDataFrame)
        write_vector(gdf, workspace / "layers" / f"{role}.gpkg", layer=role)
        record_source(workspace, role, PurePosixPath(filename.replace("\\", "/")).name)
        return gdf


def workspace_layers(workspace: Path | None) -> tuple[dict[str, gpd.GeoDataFrame], RasterLayer | None]:
    """The planner's stored layers by role (already validated and in EPSG:32639), and a DEM if stored."""
    if workspace is None:
        return {}, None
    folder = workspace / "layers"
    vectors = {p.stem: pyogrio.read_dataframe(p) for p in sorted(folder.glob("*.gpkg"))}
    dem_path = folder / "dem.tif"
    dem = read_raster_file(dem_path, layer="dem") if dem_path.exists() else None
    return vectors, dem


def workspace_plots(workspace: Path | None) -> pd.DataFrame | None:
    """The planner's plot table, if one was uploaded (already validated)."""
    if workspace is None:
        return None
    path = workspace / "layers" / "plots.csv"
    text = {"estate": str, "plot_id": str, "status": str}  # plot id 007 stays 007
    return pd.read_csv(path, encoding="utf-8-sig", dtype=text) if path.exists() else None


def workspace_version(workspace: Path | None) -> tuple[tuple[str, int, int], ...]:
    """A cheap fingerprint of a project's files (name, size, mtime) for cache keys; () for the bundled data."""
    if workspace is None:
        return ()
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(workspace.rglob("*")) if p.is_file())


def remove_layer(workspace: Path, role: str) -> None:
    """Forget a stored layer (the bundled one, if any, is used again)."""
    if not LAYER_ID.fullmatch(role):
        raise ValueError(f"layer id {role!r} is not a catalogue id")
    for suffix in (".gpkg", ".tif", ".csv"):
        (workspace / "layers" / f"{role}{suffix}").unlink(missing_ok=True)
    record_source(workspace, role, None)


def saved_profiles(workspace: Path | None) -> list[str]:
    """Names of the bundled profiles and of those saved in this project (None: the bundled data)."""
    names = {p.stem for p in POLICY_DIR.glob("*.toml")}
    names |= {p.stem for p in (workspace / "policies").glob("*.toml")} if workspace is not None else set()
    return sorted(n for n in names if PROFILE_REFERENCE.fullmatch(n))


def read_profile_document(name: str, workspace: Path | None) -> dict[str, object]:
    """A saved profile of this project, else the bundled one."""
    return read_policy_document(name, workspace / "policies" if workspace is not None else None)


def save_profile(doc: dict[str, object], name: str, workspace: Path) -> Path:
    """Save an edited profile under a new name in the workspace; bundled profiles are never overwritten."""
    if not PROFILE_NAME.match(name):
        raise PolicyError(name, "profile.name", "names use a-z, 0-9 and '-'", "pick a name like gilan-industrial-rural")
    if (POLICY_DIR / f"{name}.toml").exists():
        raise PolicyError(name, "profile.name", "a bundled profile has this name", "save the copy under another name")
    target = workspace / "policies" / f"{name}.toml"
    with atomic_path(target) as tmp:
        tmp.write_bytes(tomli_w.dumps(doc).encode())
    return target
