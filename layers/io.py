"""Reading planning layers: the bundled Gilan data and a planner's own files.

Formats: GeoPackage, GeoJSON, zipped Shapefile (vectors) and GeoTIFF (rasters); CSV tables (plots,
AHP matrices) as spreadsheet programs export them. Everything comes back in the analysis CRS
(EPSG:32639) or as a named error whose one-line message names the input, the problem and the fix
(library text only after our own sentence, without our temporary folders). Nothing is written
except through ``atomic_path`` or ``write_outputs``, so a failure never leaves a half-written file
behind, and the files of one run are renamed into place together.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
import re
import shutil
import stat
import tempfile
import time
import tomllib
import warnings
import zipfile
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyogrio.errors
import rasterio
import rasterio.errors
import rasterio.warp
from affine import Affine
from pyogrio.errors import DataSourceError
from rasterio._err import CPLE_BaseError

from layers.catalogue import ANALYSIS_CRS, DATA_DIR, GEOPACKAGE, Catalogue, LayerSpec, load_catalogue
from layers.errors import (
    EmptyLayerError,
    EncodingError,
    FileTooLargeError,
    MissingCRSError,
    MissingFileError,
    OutputPathError,
    OutsideGilanError,
    PolicyError,
    TableError,
    UnsafeArchiveError,
    UnsupportedFormatError,
)
from layers.validate import (
    GILAN_LONLAT_BOX,
    ascii_number_text,
    check_columns,
    check_plot_rows,
    coordinate,
    crs_hint,
    looks_like_lonlat,
    parse_crs,
    validate_vector,
)

MAX_UPLOAD_BYTES = 200 * 1024**2  # what a planner's browser may send
MAX_EXPANDED_BYTES = 1024**3  # what a zip may expand to on disk
MAX_ZIP_MEMBERS = 1000
MAX_RASTER_BYTES = 3 * 1024**3 // 2  # float32 cells one warped raster may hold in memory (1.5 GB)
VECTOR_SUFFIXES = {".gpkg", ".geojson", ".json", ".zip"}
RASTER_SUFFIXES = {".tif", ".tiff"}
DEPRIVED_TABLE = DATA_DIR / "deprived_counties.csv"
TEMP_MARK = ".gilan-tmp-"  # hidden temporaries are named .{target name}.gilan-tmp-XXXX{suffix}
STALE_AFTER_S = 600.0  # a temporary older than this belongs to a run that was killed
# What planners bring that we do not read, and how to turn it into something we do.
_FORMAT_HINTS = {
    ".shp": "zip the .shp together with its .shx, .dbf and .prj (and .cpg) and upload the .zip",
    ".kml": "open it in QGIS (or Google Earth Pro) and save the layer as GeoPackage or GeoJSON",
    ".kmz": "open it in QGIS (or Google Earth Pro) and save the layer as GeoPackage or GeoJSON",
    ".gpx": "a GPS track: open it in QGIS, pick the tracks or waypoints layer and save it as GeoJSON",
    ".dxf": "a CAD drawing: export the layer from AutoCAD or QGIS as GeoPackage, with its CRS",
    ".dwg": "a CAD drawing: export the layer from AutoCAD or QGIS as GeoPackage, with its CRS",
    ".csv": "for points, load the CSV in QGIS as delimited text (x = longitude, y = latitude) and save as GeoPackage",
    ".xlsx": "save the sheet as 'CSV UTF-8', or for points load it in QGIS and save as GeoPackage",
    ".xls": "save the sheet as 'CSV UTF-8', or for points load it in QGIS and save as GeoPackage",
}
_TEMP_FOLDER = re.compile(r"[^\s'\"()\[\]]*gilan-(?:upload|download)-[^\s/\\'\"()]+[/\\]")
_TEMP_FILE = re.compile(r"\.([^\s/\\'\"]+?)" + re.escape(TEMP_MARK) + r"[A-Za-z0-9_]+(?:\.[A-Za-z0-9]+)?")
# Temporaries of earlier versions (.{name}.XXXXXXXX{suffix}), left behind by killed runs.
_LEGACY_TEMP = re.compile(r"\.(?P<name>.+(?P<suffix>\.[^.]+))\.[a-z0-9_]{8}(?P=suffix)")
_JUNK = ("__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini")


@dataclass(frozen=True)
class RasterLayer:
    """A single-band raster in the analysis CRS; nodata cells are NaN."""

    name: str
    values: np.ndarray
    transform: Affine
    crs: str = ANALYSIS_CRS

    @property
    def cell_size_m(self) -> float:
        """Cell width in metres."""
        return float(self.transform.a)


def library_text(err: BaseException | str, *, path: Path | None = None, limit: int = 200) -> str:
    """Text from GDAL, sqlite or zipfile for a message: one line, short, without our temporary paths
    (and with ``path``, the file being read, shown by its name)."""
    text = str(err).replace(str(path), path.name) if path is not None else str(err)
    text = _TEMP_FILE.sub(r"\1", _TEMP_FOLDER.sub("", text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _temporary_beside(target: Path) -> Path:
    """A fresh hidden path beside ``target`` that ``clean_stale_temporaries`` recognises; not yet created."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}{TEMP_MARK}", suffix=target.suffix)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()  # let the writer create it (GDAL refuses to open an empty file as a GeoPackage)
    return tmp


def _discard(tmp: Path) -> None:
    """Delete a temporary and the side files GDAL or SQLite may have left beside it."""
    for path in (tmp, *(Path(f"{tmp}{extra}") for extra in ("-journal", "-wal", "-shm", ".aux.xml"))):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it over ``target``, else delete it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary_beside(target)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        _discard(tmp)


def write_outputs(items: Sequence[tuple[Path, Callable[[Path], object]]]) -> list[Path]:
    """Write the files of one run as one set: each writer writes a hidden temporary beside its target,
    and only when every one is complete are they all renamed into place.

    On any failure every temporary is deleted and the previous files stay exactly as they were; a
    failing disk (full, read-only) is an OutputPathError. Returns the targets, in order.
    """
    targets = [Path(t) for t, _ in items]
    seen: dict[Path, Path] = {}
    for target in targets:
        key = target.resolve()
        if key in seen:
            raise OutputPathError(
                str(target), "two outputs of one run would be written to the same file", "give each its own name"
            )
        seen[key] = target
    temporaries: list[Path] = []
    try:
        for target, write in zip(targets, (w for _, w in items), strict=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            temporaries.append(_temporary_beside(target))
            try:
                write(temporaries[-1])
            except OSError as err:
                raise OutputPathError(
                    str(target),
                    f"writing failed ({library_text(err.strerror or err)})",
                    "free disk space or write to another folder; the previous files are unchanged",
                ) from err
        for tmp, target in zip(temporaries, targets, strict=True):
            os.replace(tmp, target)
    finally:
        for tmp in temporaries:
            _discard(tmp)
    return targets


def clean_stale_temporaries(folder: Path, *, older_than_s: float = STALE_AFTER_S) -> list[Path]:
    """Delete our hidden temporaries in ``folder`` older than ``older_than_s`` (left by a killed run).

    Returns what was deleted; fresher temporaries may belong to a run still writing and are kept.
    """
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    now = time.time()
    for path in folder.iterdir():
        name = path.name
        if not name.startswith(".") or not (TEMP_MARK in name or _LEGACY_TEMP.fullmatch(name)):
            continue
        try:
            info = path.lstat()
            if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < older_than_s:
                continue
            path.unlink()
        except OSError:  # gone already (another run cleaned it) or not ours to delete
            continue
        removed.append(path)
    return removed


def check_output_path(path: Path, *, label: str, suffixes: Collection[str]) -> None:
    """Refuse, before any computation, an output path that cannot be written as asked.

    ``label`` names the output for the planner (e.g. '--out' or 'score raster'); ``suffixes`` are
    the file suffixes this output may have (e.g. {'.gpkg'}). Refuses a path that is a folder, has
    another suffix, or lies in a folder that is missing or that this process may not write into.
    """
    allowed = sorted({s.lower() for s in suffixes})
    example = f"{path.stem or 'output'}{allowed[0]}" if allowed else path.name
    if path.is_dir():
        raise OutputPathError(label, f"'{path}' is a folder", f"name a file inside it, e.g. {path / example}")
    if path.suffix.lower() not in allowed:
        given = f"ends in '{path.suffix}'" if path.suffix else "has no suffix"
        raise OutputPathError(
            label,
            f"'{path.name}' {given}; this output is written as {' or '.join(allowed)}",
            f"name it e.g. {path.with_name(example) if path.name else example}",
        )
    folder = path.parent
    if not folder.is_dir():
        raise OutputPathError(
            label, f"the folder '{folder}' does not exist", "create the folder first, or write to an existing folder"
        )
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=f".{path.name}{TEMP_MARK}")
    except OSError as err:
        raise OutputPathError(
            label,
            f"cannot write into the folder '{folder}' ({library_text(err.strerror or err)})",
            "write to a folder you may write into, or change the folder's permissions",
        ) from err
    os.close(fd)
    os.unlink(probe)


def _check_file(path: Path, layer: str, max_bytes: int) -> None:
    """The file exists, is a file, is not empty and is not larger than ``max_bytes``."""
    if path.is_dir():
        gdb = path.suffix.lower() == ".gdb"
        raise MissingFileError(
            layer,
            f"'{path.name}' is a {'File Geodatabase ' if gdb else ''}folder, not a file",
            "export the layer from it as a GeoPackage (ArcGIS: Export Features; QGIS: Save Features As)"
            if gdb
            else "give the path of the file itself",
        )
    if not path.is_file():
        raise MissingFileError(layer, f"there is no file '{path}'", "check the folder and the file name")
    size = path.stat().st_size
    if size > max_bytes:
        raise FileTooLargeError(
            layer,
            f"the file is {size / 1024**2:.0f} MB, above the {max_bytes / 1024**2:.0f} MB limit",
            "clip it to Gilan or simplify it before uploading, or raise the limit in the settings",
        )
    if size == 0:
        raise EmptyLayerError(layer, "the file is empty (0 bytes)", "export or save the file again")


def safe_extract_zip(archive: Path, dest: Path, *, layer: str, max_bytes: int = MAX_EXPANDED_BYTES) -> list[Path]:
    """Extract a zip into ``dest`` after checking every entry; refuse anything that could escape it."""
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                raise UnsafeArchiveError(
                    layer, f"the archive holds {len(infos)} entries", "zip only the layer's own files"
                )
            total = 0
            for info in infos:
                name = PurePosixPath(info.filename.replace("\\", "/"))
                if name.is_absolute() or ".." in name.parts or (name.parts and name.parts[0].endswith(":")):
                    raise UnsafeArchiveError(
                        layer,
                        f"archive entry '{info.filename}' points outside the folder",
                        "re-create the zip from the layer's files with relative names",
                    )
                if stat.S_ISLNK(info.external_attr >> 16):
                    raise UnsafeArchiveError(
                        layer, f"archive entry '{info.filename}' is a symbolic link", "zip the real files"
                    )
                total += info.file_size
                if total > max_bytes:
                    raise UnsafeArchiveError(
                        layer,
                        f"the archive expands past {max_bytes / 1024**2:.0f} MB",
                        "clip the layer to Gilan or split it into smaller files",
                    )
            bad = zf.testzip()
            if bad is not None:
                raise UnsafeArchiveError(layer, f"archive entry '{bad}' is corrupt", "zip the layer again")
            zf.extractall(dest)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as err:
        raise UnsafeArchiveError(
            layer, f"the file is not a readable zip ({library_text(err)})", "zip the layer again"
        ) from err
    return [dest / i.filename for i in infos if not i.is_dir()]


def _read_vector(path: Path, *, layer: str, sublayer: str | None) -> gpd.GeoDataFrame:
    """Read a vector file with pyogrio, insisting on UTF-8 text unless a code page is declared."""
    try:
        with warnings.catch_warnings():
            # GDAL's warnings (with our temporary paths) come before its errors, which we name below.
            warnings.simplefilter("ignore", RuntimeWarning)
            names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    except DataSourceError as err:
        raise UnsupportedFormatError(
            layer,
            "the file cannot be read as vector data: it is another format, or damaged "
            f"({library_text(err, path=path)})",
            "export it again from your GIS",
        ) from err
    if sublayer is None:
        if len(names) > 1:
            raise UnsupportedFormatError(
                layer, f"the file holds {len(names)} layers {names}", "name the one to use (--layer NAME)"
            )
        sublayer = names[0] if names else None
    elif sublayer not in names:
        raise UnsupportedFormatError(layer, f"the file has no layer '{sublayer}'", f"use one of {names}")
    declared = path.suffix.lower() == ".shp" and path.with_suffix(".cpg").exists()
    try:
        with warnings.catch_warnings():
            # GDAL warnings, and GEOS's on NaN coordinates (check_geometry refuses those by name).
            warnings.simplefilter("ignore", RuntimeWarning)
            gdf = pyogrio.read_dataframe(path, layer=sublayer, encoding=None if declared else "UTF-8")
    except pyogrio.errors.CRSError as err:
        raise _unreadable_crs(layer, path, f" ({library_text(err)})") from err
    except UnicodeDecodeError as err:
        raise EncodingError(
            layer,
            "attribute text is not UTF-8",
            "save the layer as UTF-8, or add a .cpg file naming the code page (e.g. 1256 for Windows Persian)",
        ) from err
    except DataSourceError as err:
        raise UnsupportedFormatError(
            layer, f"the file cannot be read ({library_text(err, path=path)})", "export it again"
        ) from err
    return _flatten_nested(gdf)


def _unreadable_crs(layer: str, path: Path, detail: str = "", hint: str = "") -> MissingCRSError:
    what = f"the zip's {path.stem}.prj" if path.suffix.lower() == ".shp" else "the file's CRS definition"
    return MissingCRSError(
        layer,
        f"{what} is not a coordinate reference system GDAL can read{detail}",
        f"export the layer again with its CRS, or pick the CRS in the upload form{hint}",
    )


def _flatten_nested(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Spread JSON-object columns (OpenStreetMap exports keep ``tags`` as one object) into columns."""
    for column in [c for c in gdf.columns if c != gdf.geometry.name and gdf[c].dtype == object]:
        values = gdf[column].dropna()
        if len(values) and values.map(lambda v: isinstance(v, dict)).all():
            nested = pd.json_normalize(gdf[column].map(lambda v: v if isinstance(v, dict) else {}).tolist())
            nested.index = gdf.index
            nested = nested[[c for c in nested.columns if c not in gdf.columns]]
            gdf = gdf.drop(columns=column).join(nested)
    return gdf


def _is_junk(path: Path, root: Path) -> bool:
    """Files a Mac or Windows adds to a zip that are no part of the layer (__MACOSX/, ._layer.shp)."""
    parts = path.relative_to(root).parts
    return any(p in _JUNK for p in parts) or path.name.startswith("._")


def _shapefile_in(files: list[Path], root: Path, *, layer: str) -> tuple[Path, set[str]]:
    """The one Shapefile of an extracted zip, its parts renamed to one base name, and its parts' suffixes.

    Windows zips mix the case of names (ROADS.SHP, roads.prj); GDAL on Linux then misses parts.
    """
    shps = [f for f in files if f.suffix.lower() == ".shp"]
    inside = [str(f.relative_to(root)) for f in files]
    if not shps:
        kinds = {f.suffix.lower() for f in files}
        fix = (
            "upload the GeoTIFF itself, not zipped"
            if kinds & RASTER_SUFFIXES
            else "upload the .gpkg or .geojson itself, not zipped"
            if kinds & {".gpkg", ".geojson", ".json"}
            else "zip one Shapefile (.shp, .shx, .dbf, .prj)"
        )
        raise UnsupportedFormatError(layer, f"the zip holds no .shp file (it holds {inside[:5]})", fix)
    if len(shps) > 1:
        names = [str(f.relative_to(root)) for f in shps[:5]]
        raise UnsupportedFormatError(
            layer, f"the zip holds {len(shps)} .shp files {names}", "zip exactly one Shapefile (.shp, .shx, .dbf, .prj)"
        )
    shp = shps[0]
    parts: set[str] = set()
    for f in sorted(shp.parent.iterdir()):
        if f.is_file() and f.stem.lower() == shp.stem.lower():
            f.rename(shp.parent / f"{shp.stem}{f.suffix.lower()}")
            parts.add(f.suffix.lower())
    shown = str(shp.relative_to(root))
    for needed in (".shx", ".dbf"):
        if needed not in parts:
            raise UnsupportedFormatError(
                layer,
                f"the zip has {shown} but no {shown[: -len(shp.suffix)]}{needed}",
                "zip all parts of the Shapefile together (.shp, .shx, .dbf, .prj and .cpg if there is one)",
            )
    return shp.with_suffix(".shp"), parts


def read_vector_file(
    path: Path,
    *,
    layer: str | None = None,
    spec: LayerSpec | None = None,
    sublayer: str | None = None,
    repair: bool = False,
    assume_crs: str | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
    drop_other_geometry: bool = False,
) -> gpd.GeoDataFrame:
    """Read, check and reproject a planner's GeoPackage, GeoJSON or zipped Shapefile."""
    layer = layer or (spec.id if spec else path.name)
    _check_file(path, layer, max_bytes)
    suffix = path.suffix.lower()
    if suffix not in VECTOR_SUFFIXES:
        raise UnsupportedFormatError(
            layer,
            f"'{path.suffix}' files are not supported",
            _FORMAT_HINTS.get(suffix, "upload a .gpkg, .geojson or a zipped Shapefile"),
        )
    if suffix == ".zip":
        with tempfile.TemporaryDirectory(prefix="gilan-upload-") as tmp:
            root = Path(tmp)
            files = [f for f in safe_extract_zip(path, root, layer=layer) if not _is_junk(f, root)]
            shp, parts = _shapefile_in(files, root, layer=layer)
            try:
                gdf = _read_vector(shp, layer=layer, sublayer=None)
            except MissingCRSError:
                if assume_crs is None:
                    raise
                shp.with_suffix(".prj").unlink()  # the planner named the CRS: read without the broken .prj
                gdf = _read_vector(shp, layer=layer, sublayer=None)
        if gdf.crs is None and ".prj" in parts and assume_crs is None and len(gdf):
            raise _unreadable_crs(layer, shp, hint=f" ({crs_hint(gdf)})")
    else:
        gdf = _read_vector(path, layer=layer, sublayer=sublayer)
    stated_lonlat = gdf.crs is None or gdf.crs.is_geographic
    if suffix in (".geojson", ".json") and stated_lonlat and len(gdf) and not looks_like_lonlat(gdf):
        # GeoJSON is longitude/latitude by definition; metres mean a CRS the file does not say.
        if assume_crs is None:
            x0, y0, x1, y1 = (coordinate(v) for v in gdf.total_bounds)
            raise MissingCRSError(
                layer,
                f"the GeoJSON's coordinates (x {x0}..{x1}, y {y0}..{y1}) are not longitude/latitude, "
                "and a GeoJSON without a 'crs' member is read as longitude/latitude",
                f"pick the CRS in the upload form or with --crs ({crs_hint(gdf)}), or export it again in EPSG:4326",
            )
        gdf = gdf.set_crs(parse_crs(assume_crs, layer=layer), allow_override=True)
    return validate_vector(
        gdf, layer=layer, spec=spec, repair=repair, assume_crs=assume_crs, drop_other_geometry=drop_other_geometry
    )


def _raster_failure(layer: str, err: BaseException, path: Path) -> UnsupportedFormatError:
    return UnsupportedFormatError(
        layer,
        f"the file cannot be read as a GeoTIFF: it is not one, or it is truncated or corrupt "
        f"({library_text(err, path=path)})",
        "export it again from your GIS, or copy the whole file again",
    )


def read_raster_file(
    path: Path,
    *,
    layer: str | None = None,
    assume_crs: str | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_memory_bytes: int = MAX_RASTER_BYTES,
    table: str | None = None,
) -> RasterLayer:
    """Read band 1 of a GeoTIFF (or raster ``table`` of a GeoPackage) and warp it to the analysis CRS.

    A raster already in the analysis CRS is read as it is (no resampling). Refuses, before allocating,
    a raster whose warped cells would need more than ``max_memory_bytes``.
    """
    layer = layer or path.name
    _check_file(path, layer, max_bytes)
    assumed = parse_crs(assume_crs, layer=layer) if assume_crs else None
    try:
        with warnings.catch_warnings():
            # A TIFF without georeferencing warns on opening; it is refused below with its own sentence.
            warnings.simplefilter("ignore", rasterio.errors.NotGeoreferencedWarning)
            src = rasterio.open(f"GPKG:{path}:{table}" if table else path)
        with src:
            t = src.transform
            if src.width == 0 or src.height == 0:
                raise EmptyLayerError(layer, "the GeoTIFF has no cells (0 rows or columns)", "export it again")
            if not all(math.isfinite(v) for v in tuple(t)[:6]) or t.a == 0 or t.e == 0 or t.is_identity:
                raise UnsupportedFormatError(
                    layer,
                    "the GeoTIFF has no usable georeferencing (its geotransform is missing, zero or not a number)",
                    "georeference it in your GIS and save it as a GeoTIFF again",
                )
            crs = src.crs or assumed
            if crs is None:
                raise MissingCRSError(
                    layer,
                    "the GeoTIFF has no CRS",
                    "save it with its CRS (GeoTIFF keys) or pick the CRS in the upload form",
                )
            if src.count != 1 or np.issubdtype(np.dtype(src.dtypes[0]), np.complexfloating):
                raise UnsupportedFormatError(
                    layer,
                    f"the GeoTIFF has {src.count} bands of {src.dtypes[0]}; an elevation model has one band of numbers "
                    "(several bands are usually an image, not heights)",
                    "save the elevation band alone (QGIS: Export > Save As with one band, or gdal_translate -b 1)",
                )
            try:
                west, south, east, north = rasterio.warp.transform_bounds(crs, "EPSG:4326", *src.bounds)
            except (rasterio.errors.RasterioError, CPLE_BaseError) as err:
                raise MissingCRSError(
                    layer,
                    f"the GeoTIFF's CRS cannot be turned into longitude/latitude ({library_text(err, limit=80)})",
                    "save it in a CRS with an EPSG code (e.g. EPSG:32639), or pick the CRS in the upload form",
                ) from err
            x0, y0, x1, y1 = GILAN_LONLAT_BOX
            if not (east >= x0 and west <= x1 and north >= y0 and south <= y1):
                raise OutsideGilanError(
                    layer,
                    f"the raster lies at lon {coordinate(west)}..{coordinate(east)}, "
                    f"lat {coordinate(south)}..{coordinate(north)}, outside Gilan",
                    "check the raster's CRS, or clip a DEM that covers Gilan",
                )
            same = rasterio.crs.CRS.from_user_input(crs) == rasterio.crs.CRS.from_user_input(ANALYSIS_CRS)
            if same and t.b == 0 and t.d == 0 and t.e < 0 < t.a:  # north-up in the analysis CRS: no resampling
                transform, width, height = t, src.width, src.height
            else:
                transform, width, height = rasterio.warp.calculate_default_transform(
                    crs, ANALYSIS_CRS, src.width, src.height, *src.bounds
                )
            need = 4 * int(width) * int(height)
            if need > max_memory_bytes:
                cell = abs(transform.a)
                coarser = cell * math.sqrt(need / max_memory_bytes)
                raise FileTooLargeError(
                    layer,
                    f"warped to EPSG:32639 the raster has {width:,} x {height:,} cells of {cell:.3g} m: "
                    f"{need / 1024**3:.1f} GB in memory, above the {max_memory_bytes / 1024**3:.1f} GB limit",
                    f"resample it to cells of at least {math.ceil(coarser)} m, or clip it to Gilan, first",
                )
            if transform is t:
                values = src.read(1, masked=True).astype("float32").filled(np.nan)
            else:
                values = np.full((height, width), np.nan, dtype="float32")
                rasterio.warp.reproject(
                    rasterio.band(src, 1),
                    values,
                    src_crs=crs,
                    dst_transform=transform,
                    dst_crs=ANALYSIS_CRS,
                    src_nodata=src.nodata,
                    dst_nodata=np.nan,
                    resampling=rasterio.warp.Resampling.bilinear,
                )
    except (rasterio.errors.RasterioError, CPLE_BaseError) as err:
        raise _raster_failure(layer, err, path) from err
    if not np.isfinite(values).any():
        raise EmptyLayerError(layer, "every cell of the raster is nodata", "check the nodata value or the band")
    return RasterLayer(layer, values, transform)


def read_layer_file(path: Path, **kwargs: object) -> gpd.GeoDataFrame | RasterLayer:
    """Read any supported planner file: vectors as GeoDataFrames, GeoTIFFs as RasterLayer."""
    if path.suffix.lower() in RASTER_SUFFIXES:
        allowed = {k: v for k, v in kwargs.items() if k in ("layer", "assume_crs", "max_bytes")}
        return read_raster_file(path, **allowed)  # type: ignore[arg-type]
    return read_vector_file(path, **kwargs)  # type: ignore[arg-type]


def read_deprived_table(path: Path = DEPRIVED_TABLE) -> pd.DataFrame:
    """The planner-edited county table of deprived flags (empty cell: not set)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def load_bundled(layer_id: str, catalogue: Catalogue | None = None) -> gpd.GeoDataFrame:
    """One bundled layer, checked against its catalogue entry, in EPSG:32639."""
    catalogue = catalogue or load_catalogue()
    spec = catalogue[layer_id]
    if not spec.bundled:
        raise UnsupportedFormatError(
            layer_id,
            f"the layer is {'derived' if spec.derived else 'missing'}, not bundled",
            spec.supply or "upload it",
        )
    gdf = pyogrio.read_dataframe(GEOPACKAGE, layer=layer_id)
    if layer_id == "counties":
        flags = read_deprived_table()[["county_code", "deprived", "basis"]]
        gdf = gdf.merge(flags.rename(columns={"basis": "deprived_basis"}), on="county_code", how="left")
    return validate_vector(gdf, layer=layer_id, spec=spec)


POLICY_DIR = DATA_DIR.parent / "policy"
PROFILE_REFERENCE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def check_profile_name(name: str) -> None:
    """Refuse a profile name that is not a plain name (letters, digits, '-', '_'): never a path."""
    if PROFILE_REFERENCE.fullmatch(name):
        return
    shown = name if len(name) <= 60 else name[:57] + "..."
    stem = name[: -len(".toml")] if name.lower().endswith(".toml") else ""
    hint = f" (here: {stem}, without '.toml')" if PROFILE_REFERENCE.fullmatch(stem) else ""
    raise PolicyError(
        shown,
        "",
        "a profile is named by a plain name (letters, digits, '-' and '_'), not a path or a file name",
        f"use a profile name such as gilan-industrial{hint}",
    )


def merge_profile(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """``child`` laid over ``base``: tables merge key by key; arrays of tables ([[constraint]],
    [[criterion]]) merge by ``id`` (fields laid over the base entry, ``remove = true`` drops it, a new
    id is appended); any other value replaces the base's. A basis restated in one language replaces the
    base's in the other too (never a Persian basis of another rule under a new English one)."""
    out = dict(base)
    for key, value in child.items():
        old = out.get(key)
        if isinstance(value, dict) and isinstance(old, dict):
            out[key] = merge_profile(old, value)
        elif isinstance(value, list) and isinstance(old, list) and all(isinstance(v, dict) for v in value + old):
            entries = {str(e.get("id")): dict(e) for e in old}
            for entry in value:
                entry_id = str(entry.get("id"))
                if entry.get("remove") is True:
                    entries.pop(entry_id, None)
                else:
                    entries[entry_id] = merge_profile(entries.get(entry_id, {}), entry)
            out[key] = list(entries.values())
        else:
            out[key] = value
    # A basis the child restates in one language only: the base's text in the other is of another basis.
    if "basis" in child and "basis_fa" not in child and child["basis"] != base.get("basis"):
        out.pop("basis_fa", None)  # Persian pages show the child's English basis
    elif "basis_fa" in child and "basis" not in child and child["basis_fa"] != base.get("basis_fa"):
        out["basis"] = child["basis_fa"]  # English pages show the child's Persian basis until it is translated
    return out


def read_policy_document(name: str, saved: Path | None = None, _seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """The parsed TOML of policy profile ``name``: from the ``saved`` folder if there, else data/policy.

    A profile whose [profile] table says ``extends = "other"`` is returned laid over that profile
    (see ``merge_profile``), so every caller sees one whole document.
    """
    return resolve_extends(_read_one_policy(name, saved), name, saved, _seen)


def resolve_extends(
    doc: dict[str, Any], name: str, saved: Path | None = None, _seen: tuple[str, ...] = ()
) -> dict[str, Any]:
    """A profile document laid over the profile it ``extends`` (if any), found in ``saved`` or data/policy."""
    head = doc.get("profile")
    base = head.get("extends") if isinstance(head, dict) else None
    if base is None:
        return doc
    if not isinstance(base, str) or base in (*_seen, name):
        raise PolicyError(name, "profile.extends", f"{base!r} cannot be extended (a loop, or not a name)", "fix it")
    return merge_profile(read_policy_document(base, saved, (*_seen, name)), doc)


def _read_one_policy(name: str, saved: Path | None) -> dict[str, Any]:
    check_profile_name(name)
    folders = [f for f in (saved, POLICY_DIR) if f is not None]
    path = next((f / f"{name}.toml" for f in folders if (f / f"{name}.toml").is_file()), None)
    if path is None:
        known = sorted({p.stem for f in folders for p in f.glob("*.toml") if PROFILE_REFERENCE.fullmatch(p.stem)})
        raise PolicyError(name, "", "no such policy profile", f"use one of {known}")
    return read_policy_file(path)


def read_policy_file(path: Path) -> dict[str, object]:
    """The parsed TOML of a profile file (its stem is the profile's name), with our messages."""
    name = path.stem
    check_profile_name(name)
    _check_file(path, name, MAX_UPLOAD_BYTES)
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as err:
        raise PolicyError(
            name, "", f"the profile is not valid TOML ({library_text(err)})", f"correct {path.name}"
        ) from err
    except UnicodeDecodeError as err:
        raise PolicyError(name, "", "the profile is not UTF-8 text", f"save {path.name} as UTF-8") from err


def load_all_bundled(catalogue: Catalogue | None = None) -> dict[str, gpd.GeoDataFrame]:
    """Every bundled layer by id, checked and in EPSG:32639."""
    catalogue = catalogue or load_catalogue()
    return {spec.id: load_bundled(spec.id, catalogue) for spec in catalogue if spec.bundled}


def write_vector(gdf: gpd.GeoDataFrame, path: Path, *, layer: str) -> None:
    """Write a GeoPackage (or GeoJSON, by suffix) atomically: the old file survives a failure."""
    driver = "GeoJSON" if path.suffix.lower() in (".geojson", ".json") else "GPKG"
    with atomic_path(path) as tmp:
        gdf.to_file(tmp, layer=layer, driver=driver)


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write a CSV atomically (UTF-8 with a byte-order mark, so spreadsheet programs read Persian)."""
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, encoding="utf-8-sig")


def write_geotiff(values: np.ndarray, transform: Affine, path: Path, *, crs: str = ANALYSIS_CRS) -> None:
    """Write a single-band float32 GeoTIFF (NaN as nodata, deflate-compressed) atomically."""
    profile = {
        "driver": "GTiff",
        "width": values.shape[1],
        "height": values.shape[0],
        "count": 1,
        "dtype": "float32",
        "crs": crs,
        "transform": transform,
        "nodata": np.nan,
        "compress": "deflate",
    }
    with atomic_path(path) as tmp, rasterio.open(tmp, "w", **profile) as dst:
        dst.write(values.astype("float32"), 1)


@dataclass(frozen=True)
class _Rows:
    """A delimited text file as rows of stripped cells (blank rows dropped), with their line numbers."""

    cells: list[list[str]]
    lines: list[int]
    delimiter: str


def _read_text(path: Path, *, layer: str) -> str:
    """The text of a CSV as spreadsheet programs save it: UTF-8 (with or without BOM) or UTF-16 with BOM."""
    data = path.read_bytes()
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise UnsupportedFormatError(
            layer,
            "the file is an Excel workbook, not CSV text",
            "in Excel use File > Save As > 'CSV UTF-8 (Comma delimited)' and upload that file",
        )
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise EncodingError(
            layer,
            f"the CSV is not UTF-8 (byte {err.start + 1} cannot be read; "
            "Persian text saved as Windows code page 1256?)",
            "save it as 'CSV UTF-8' in your spreadsheet program, or as UTF-8 in your editor",
        ) from err
    if "\x00" in text:
        raise UnsupportedFormatError(layer, "the file holds binary data, not CSV text", "export the table as CSV")
    return text


def _split(text: str, delimiter: str) -> tuple[list[list[str]], list[int]] | None:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    cells, lines = [], []
    try:
        for row in reader:
            row = [c.strip() for c in row]
            while row and not row[-1]:
                row.pop()  # Excel pads rows with empty cells (1;2;3;;)
            if row:
                cells.append(row)
                lines.append(reader.line_num)
    except csv.Error:
        return None
    return cells, lines


def _read_rows(path: Path, *, layer: str) -> _Rows:
    """Rows of a CSV, with the separator (',', ';' or tab) that splits every row alike.

    A separator is consistent when no later row has more cells than the first, or every later
    row has exactly one more (a header without the corner cell); the one giving most columns wins.
    """
    text = _read_text(path, layer=layer)
    found: dict[str, tuple[list[list[str]], list[int]]] = {}
    for delimiter in (",", ";", "\t"):
        split = _split(text, delimiter)
        if split is not None:
            found[delimiter] = split
    if not found:
        raise TableError(layer, "the CSV cannot be split into cells (unbalanced quotes)", "export it again as CSV")
    if not all(cells for cells, _ in found.values()):  # only separators and blanks: ;;;
        raise EmptyLayerError(layer, "the file has no rows", "export the table again with its rows")

    def consistent(cells: list[list[str]]) -> bool:
        width, later = len(cells[0]), {len(r) for r in cells[1:]}
        return width > 1 and (max(later, default=0) <= width or later == {width + 1})

    def width(d: str) -> int:
        return len(found[d][0][0]) if found[d][0] else 0

    good = [d for d in found if found[d][0] and consistent(found[d][0])]
    best = max(good or list(found), key=width)
    if good and sum(width(d) == width(best) for d in good) > 1:
        raise TableError(
            layer,
            f"the separator is unclear: {' and '.join(repr(d) for d in good)} both split the table into "
            f"{width(best)} columns",
            "save it from your spreadsheet program as 'CSV UTF-8 (Comma delimited)'",
        )
    cells, lines = found[best]
    return _Rows(cells, lines, best)


def _fraction(value: str, *, decimal_comma: bool = True) -> float | None:
    """'1/3', '3', '0.333', '0,333' or Persian digits as a finite float; anything else as None."""
    text = ascii_number_text(value)
    if decimal_comma and re.fullmatch(r"[+-]?\d*,\d+", text):
        text = text.replace(",", ".")
    try:
        if "/" in text:
            num, den = text.split("/", 1)
            number = float(num) / float(den)
        else:
            number = float(text)
    except (ValueError, ZeroDivisionError):
        return None
    return number if math.isfinite(number) else None


def _numberish(value: str) -> bool:
    """Whether a cell is meant as a number (even a bad one such as 1/0 or inf), not as a name."""
    text = ascii_number_text(value)
    return _fraction(text) is not None or bool(re.fullmatch(r"[\d\s.,/+eE-]+|[+-]?(inf|infinity|nan)", text, re.I))


def read_matrix_csv(path: Path, *, max_bytes: int = MAX_UPLOAD_BYTES) -> tuple[list[str], np.ndarray]:
    """A pairwise-comparison matrix CSV: criterion names and the n x n judgements.

    With a header row of names (and optionally a first column repeating them), or without one:
    a first row of numbers only (fractions such as 1/3 count) is data, and criteria are c1..cn.
    Separators ',', ';' or tab; decimal commas and Persian digits are read. Anything else is a
    TableError naming the cell or row.
    """
    layer = f"AHP matrix {path.name}"
    _check_file(path, layer, max_bytes)
    rows = _read_rows(path, layer=layer)
    cells, lines = rows.cells, rows.lines

    def data_like(row: list[str]) -> bool:
        return any(row) and all(not c or _numberish(c) for c in row)

    if all(data_like(r) for r in cells):
        names, body, body_lines = [f"c{i + 1}" for i in range(len(cells[0]))], cells, lines
    elif all(r[0] and not _numberish(r[0]) and data_like(r[1:]) for r in cells):
        names, body, body_lines = [r[0] for r in cells], [r[1:] for r in cells], lines
    else:
        header, body, body_lines = cells[0], cells[1:], lines[1:]
        named_rows = bool(body) and all(r[0] and not _numberish(r[0]) for r in body)
        if named_rows:
            row_names = [r[0] for r in body]
            body = [r[1:] for r in body]
            if len(header) == len(body[0]) + 1:
                header = header[1:]  # the corner cell above the name column
        numeric = [c for c in header if c and _numberish(c)]
        if numeric:
            raise TableError(
                layer,
                f"the first row mixes criterion names and numbers ({', '.join(header[:6])})",
                "either name every criterion in a header row, or write only numbers (1/9 .. 9) in every cell",
            )
        if any(not c for c in header):
            raise TableError(layer, f"column {header.index('') + 1} of the header has no name", "name every criterion")
        repeated = sorted({c for c in header if header.count(c) > 1})
        if repeated:
            raise TableError(layer, f"criteria {repeated} are named twice in the header", "give each its own name")
        if named_rows and [" ".join(n.split()).casefold() for n in row_names] != [
            " ".join(n.split()).casefold() for n in header
        ]:
            raise TableError(
                layer,
                f"the rows are named {row_names[:6]} but the columns {header[:6]}; "
                "they must be the same, in the same order",
                "order the rows as the columns, so the diagonal compares each criterion with itself",
            )
        names = header
    n = len(names)
    if n < 2:
        raise TableError(
            layer, "the matrix has a single criterion: there is nothing to compare", "compare at least 2 criteria"
        )
    if len(body) != n:
        raise TableError(
            layer,
            f"the matrix has {len(body)} rows of judgements for {n} criteria; it must be square ({n} x {n})",
            f"write one row per criterion, each with {n} judgements",
        )
    values = np.ones((n, n))
    for i, (row, line) in enumerate(zip(body, body_lines, strict=True)):
        if len(row) > n:
            raise TableError(
                layer,
                f"row {line} has {len(row)} judgements for {n} criteria",
                f"write {n} judgements per row (a decimal comma in a comma-separated file splits a cell: "
                "write 0.5, or use ';' as separator)",
            )
        for j in range(n):
            cell = row[j] if j < len(row) else ""
            number = _fraction(cell)
            if number is None:
                what = "is empty" if not cell else f"is '{cell[:30]}', not a number or fraction"
                raise TableError(
                    layer,
                    f"the judgement of {names[i]} against {names[j]} (line {line}, column {j + 1}) {what}",
                    "write each judgement as a number from 1/9 to 9, e.g. 3 or 1/3",
                )
            values[i, j] = number
    return names, values


def vector_bytes(gdf: gpd.GeoDataFrame, *, layer: str) -> bytes:
    """A GeoPackage of ``gdf`` as bytes (for a download button)."""
    with tempfile.TemporaryDirectory(prefix="gilan-download-") as tmp:
        path = Path(tmp) / f"{layer}.gpkg"
        write_vector(gdf, path, layer=layer)
        return path.read_bytes()


def geotiff_bytes(values: np.ndarray, transform: Affine, *, crs: str = ANALYSIS_CRS) -> bytes:
    """A GeoTIFF of ``values`` as bytes (for a download button)."""
    with tempfile.TemporaryDirectory(prefix="gilan-download-") as tmp:
        path = Path(tmp) / "score.tif"
        write_geotiff(values, transform, path, crs=crs)
        return path.read_bytes()


def sites_csv(sites: pd.DataFrame, explained: pd.DataFrame) -> bytes:
    """Ranked sites joined to their per-criterion explanation, as UTF-8 CSV with a byte-order mark."""
    return sites.drop(columns="geometry").merge(explained, on="rank").to_csv(index=False).encode("utf-8-sig")


def write_bytes(data: bytes, path: Path) -> None:
    """Write a file atomically (reports, downloads)."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def read_province_facts(path: Path = DATA_DIR / "facts" / "province.csv") -> dict[str, float]:
    """The province's public figures (fact -> value) from the bundled facts table."""
    return read_facts(path)[0]


def read_facts(path: Path) -> tuple[dict[str, float], dict[str, str]]:
    """A bundled facts table (fact, value, unit, source and optionally source_fa): the values and the source
    of each; a Persian source (source_fa) is given under the fact's name followed by ':fa'."""
    frame = pd.read_csv(path)
    values = dict(zip(frame["fact"], frame["value"].astype(float), strict=True))
    sources = dict(zip(frame["fact"], frame["source"].astype(str), strict=True))
    if "source_fa" in frame:
        sources |= {f"{f}:fa": str(v) for f, v in zip(frame["fact"], frame["source_fa"], strict=True) if pd.notna(v)}
    return values, sources


def read_demand_table(path: Path) -> pd.Series:
    """The planner's yearly electricity demand per estate (CSV: estate, demand_mwh), by estate name."""
    _check_file(path, "demand", MAX_UPLOAD_BYTES)
    frame = check_columns(
        csv_frame(path, layer="demand", numeric=("demand_mwh",)),
        layer="demand",
        columns={"estate": "str", "demand_mwh": "float"},
        filled=("estate", "demand_mwh"),
    )
    return pd.Series(frame["demand_mwh"].to_numpy(float), index=frame["estate"].astype(str))


def read_solar_facts() -> tuple[dict[str, float], dict[str, str]]:
    """Gilan's published solar resource (data/gilan/facts/solar.csv), with sources."""
    return read_facts(DATA_DIR / "facts" / "solar.csv")


def csv_frame(path: Path, *, layer: str, numeric: Collection[str] = ()) -> pd.DataFrame:
    """A CSV table as text cells, indexed by spreadsheet row number (the header is row 1).

    With a ';' or tab separator, decimal commas in the ``numeric`` columns are read as points.
    """
    rows = _read_rows(path, layer=layer)
    header, body, lines = rows.cells[0], rows.cells[1:], rows.lines[1:]
    if not body:
        raise EmptyLayerError(layer, "the table has no rows", "add one row per plot")
    repeated = sorted({c for c in header if c and header.count(c) > 1})
    if repeated or "" in header:
        problem = f"columns {repeated} appear twice" if repeated else f"column {header.index('') + 1} has no name"
        raise TableError(layer, f"in the header row, {problem}", "give every column one distinct name")
    for row, line in zip(body, lines, strict=True):
        if len(row) > len(header):
            comma = " (a decimal comma such as 2,5 in a comma-separated file splits a cell)"
            raise TableError(
                layer,
                f"row {line} has {len(row)} cells but the header names {len(header)} columns"
                + (comma if rows.delimiter == "," else ""),
                "write decimals with a point (2.5), or quote the cell, or save from Excel with ';' as separator",
            )
    frame = pd.DataFrame([r + [""] * (len(header) - len(r)) for r in body], columns=header, index=lines, dtype=str)
    if rows.delimiter != ",":  # a ';' or tab separator comes with decimal commas: 2,5 is 2.5
        for column in [c for c in numeric if c in frame]:
            frame[column] = frame[column].str.replace(r"^([+-]?\d*),(\d+)$", r"\1.\2", regex=True)
    return frame


def read_plot_table(
    path: Path,
    *,
    spec: LayerSpec,
    known_estates: Collection[str] | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> pd.DataFrame:
    """A planner's plot table: CSV (as Excel saves it), or the attributes of a GeoPackage/GeoJSON/zipped Shapefile.

    Every row needs an estate, a plot_id, an area (finite, zero or more hectares) and a status;
    plot ids are unique within an estate, and with ``known_estates`` (the estates layer's
    name_en) every estate must be one of them (the message suggests the closest). None skips that check.
    """
    _check_file(path, spec.id, max_bytes)
    if path.suffix.lower() != ".csv":
        frame = pd.DataFrame(read_vector_file(path, spec=spec, max_bytes=max_bytes).drop(columns="geometry"))
    else:
        kinds = {**spec.columns, **spec.optional_columns}
        frame = csv_frame(path, layer=spec.id, numeric=[c for c, k in kinds.items() if k in ("float", "int")])
    frame = check_columns(
        frame, layer=spec.id, columns=spec.columns, optional=spec.optional_columns, filled=tuple(spec.columns)
    )
    return check_plot_rows(frame, layer=spec.id, known_estates=known_estates).reset_index(drop=True)


GPKG_TYPES = {"str": "object", "int": "int64", "float": "float64", "bool": "bool"}
MULTI = {"Point": "MultiPoint", "LineString": "MultiLineString", "Polygon": "MultiPolygon"}


def write_empty_layers(path: Path, layers: list[tuple[str, str, dict[str, str]]], readme: pd.DataFrame) -> None:
    """A GeoPackage of empty layers (id, geometry kind, {column: catalogue type}) and a readme table, atomically."""

    def write(tmp: Path) -> None:
        for layer_id, geometry, columns in layers:
            frame = gpd.GeoDataFrame(
                {name: pd.Series([], dtype=GPKG_TYPES[kind]) for name, kind in columns.items()},
                geometry=gpd.GeoSeries([], crs=ANALYSIS_CRS),
            )
            pyogrio.write_dataframe(frame, tmp, layer=layer_id, geometry_type=MULTI[geometry])
        pyogrio.write_dataframe(readme, tmp, layer="readme")

    write_outputs([(path, write)])


def write_relocation(path: Path, flows: gpd.GeoDataFrame, destinations: pd.DataFrame, unplaced: pd.DataFrame) -> None:
    """A relocation plan as one GeoPackage: the flow lines and two attribute tables, atomically."""

    def write(tmp: Path) -> None:
        pyogrio.write_dataframe(flows, tmp, layer="flows", geometry_type="LineString")
        pyogrio.write_dataframe(pd.DataFrame(destinations), tmp, layer="destinations")
        pyogrio.write_dataframe(pd.DataFrame(unplaced).astype({"id": str}), tmp, layer="unplaced")

    write_outputs([(path, write)])


def geopackage_layers(path: Path, *, layer: str) -> dict[str, int]:
    """The layers of a GeoPackage a planner sends back, with their feature counts."""
    _check_file(path, layer, MAX_UPLOAD_BYTES)
    try:
        return {
            str(row[0]): int(pyogrio.read_info(path, layer=str(row[0]))["features"])
            for row in pyogrio.list_layers(path)
        }
    except DataSourceError as err:
        raise UnsupportedFormatError(
            layer,
            f"the file cannot be read as a GeoPackage ({library_text(err, path=path)})",
            "save it again from QGIS",
        ) from err
