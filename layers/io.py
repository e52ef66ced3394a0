"""Reading planning layers: the bundled Gilan data and a planner's own files.

Formats: GeoPackage, GeoJSON, zipped Shapefile (vectors) and GeoTIFF (rasters). Everything comes
back in the analysis CRS (EPSG:32639) or as a named error; nothing is written except through
``atomic_path``, so a failure never leaves a half-written file behind.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import rasterio
import rasterio.warp
from affine import Affine
from pyogrio.errors import DataSourceError

from layers.catalogue import ANALYSIS_CRS, DATA_DIR, GEOPACKAGE, Catalogue, LayerSpec, load_catalogue
from layers.errors import (
    EmptyLayerError,
    EncodingError,
    FileTooLargeError,
    MissingCRSError,
    OutsideGilanError,
    PolicyError,
    UnsafeArchiveError,
    UnsupportedFormatError,
)
from layers.validate import GILAN_LONLAT_BOX, check_columns, validate_vector

MAX_UPLOAD_BYTES = 200 * 1024**2  # what a planner's browser may send
MAX_EXPANDED_BYTES = 1024**3  # what a zip may expand to on disk
MAX_ZIP_MEMBERS = 1000
VECTOR_SUFFIXES = {".gpkg", ".geojson", ".json", ".zip"}
RASTER_SUFFIXES = {".tif", ".tiff"}
DEPRIVED_TABLE = DATA_DIR / "deprived_counties.csv"


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


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it over ``target``, else delete it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=target.suffix)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()  # let the writer create it (GDAL refuses to open an empty file as a GeoPackage)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _check_size(path: Path, layer: str, max_bytes: int) -> None:
    size = path.stat().st_size
    if size > max_bytes:
        raise FileTooLargeError(
            layer,
            f"the file is {size / 1024**2:.0f} MB, above the {max_bytes / 1024**2:.0f} MB limit",
            "clip it to Gilan or simplify it before uploading, or raise the limit in the settings",
        )
    if size == 0:
        raise EmptyLayerError(layer, "the file is empty (0 bytes)", "export the layer again")


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
    except zipfile.BadZipFile as err:
        raise UnsafeArchiveError(layer, f"the file is not a readable zip ({err})", "zip the layer again") from err
    return [dest / i.filename for i in infos if not i.is_dir()]


def _read_vector(path: Path, *, layer: str, sublayer: str | None) -> gpd.GeoDataFrame:
    """Read a vector file with pyogrio, insisting on UTF-8 text unless a code page is declared."""
    try:
        names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    except DataSourceError as err:
        raise UnsupportedFormatError(
            layer, f"the file cannot be read as vector data ({err})", "export it again"
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
        gdf = pyogrio.read_dataframe(path, layer=sublayer, encoding=None if declared else "UTF-8")
    except UnicodeDecodeError as err:
        raise EncodingError(
            layer,
            "attribute text is not UTF-8",
            "save the layer as UTF-8, or add a .cpg file naming the code page (e.g. 1256 for Windows Persian)",
        ) from err
    except DataSourceError as err:
        raise UnsupportedFormatError(layer, f"the file cannot be read ({err})", "export it again") from err
    return _flatten_nested(gdf)


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


def read_vector_file(
    path: Path,
    *,
    layer: str | None = None,
    spec: LayerSpec | None = None,
    sublayer: str | None = None,
    repair: bool = False,
    assume_crs: str | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> gpd.GeoDataFrame:
    """Read, check and reproject a planner's GeoPackage, GeoJSON or zipped Shapefile."""
    layer = layer or (spec.id if spec else path.name)
    _check_size(path, layer, max_bytes)
    suffix = path.suffix.lower()
    if suffix not in VECTOR_SUFFIXES:
        raise UnsupportedFormatError(
            layer, f"'{path.suffix}' files are not supported", "upload a .gpkg, .geojson or a zipped Shapefile"
        )
    if suffix == ".zip":
        with tempfile.TemporaryDirectory(prefix="gilan-upload-") as tmp:
            files = safe_extract_zip(path, Path(tmp), layer=layer)
            shps = [f for f in files if f.suffix.lower() == ".shp"]
            if len(shps) != 1:
                raise UnsupportedFormatError(
                    layer, f"the zip holds {len(shps)} .shp files", "zip exactly one Shapefile (.shp, .shx, .dbf, .prj)"
                )
            gdf = _read_vector(shps[0], layer=layer, sublayer=None)
    else:
        gdf = _read_vector(path, layer=layer, sublayer=sublayer)
    return validate_vector(gdf, layer=layer, spec=spec, repair=repair, assume_crs=assume_crs)


def read_raster_file(
    path: Path, *, layer: str | None = None, assume_crs: str | None = None, max_bytes: int = MAX_UPLOAD_BYTES
) -> RasterLayer:
    """Read band 1 of a GeoTIFF and warp it to the analysis CRS at about its own resolution."""
    layer = layer or path.name
    _check_size(path, layer, max_bytes)
    try:
        with rasterio.open(path) as src:
            crs = src.crs or (rasterio.CRS.from_user_input(assume_crs) if assume_crs else None)
            if crs is None:
                raise MissingCRSError(
                    layer,
                    "the GeoTIFF has no CRS",
                    "save it with its CRS (GeoTIFF keys) or pick the CRS in the upload form",
                )
            west, south, east, north = rasterio.warp.transform_bounds(crs, "EPSG:4326", *src.bounds)
            x0, y0, x1, y1 = GILAN_LONLAT_BOX
            if east < x0 or west > x1 or north < y0 or south > y1:
                raise OutsideGilanError(
                    layer,
                    f"the raster lies at lon {west:.2f}..{east:.2f}, lat {south:.2f}..{north:.2f}, outside Gilan",
                    "check the raster's CRS, or clip a DEM that covers Gilan",
                )
            transform, width, height = rasterio.warp.calculate_default_transform(
                crs, ANALYSIS_CRS, src.width, src.height, *src.bounds
            )
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
    except rasterio.errors.RasterioIOError as err:
        raise UnsupportedFormatError(layer, f"the file cannot be read as a GeoTIFF ({err})", "export it again") from err
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


def read_policy_document(name: str, saved: Path | None = None) -> dict[str, object]:
    """The parsed TOML of policy profile ``name``: from the ``saved`` folder if there, else data/policy."""
    folders = [f for f in (saved, POLICY_DIR) if f is not None]
    path = next((f / f"{name}.toml" for f in folders if (f / f"{name}.toml").exists()), None)
    if path is None:
        known = sorted({p.stem for f in folders for p in f.glob("*.toml")})
        raise PolicyError(name, "", "no such policy profile", f"use one of {known}")
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as err:
        raise PolicyError(name, "", f"the profile is not valid TOML ({err})", f"correct {path.name}") from err


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


def read_matrix_csv(path: Path) -> tuple[list[str], np.ndarray]:
    """A pairwise-comparison matrix CSV: header row of criterion names, then rows (an optional name column first)."""
    frame = pd.read_csv(path)
    if frame.shape[1] == frame.shape[0] + 1:
        frame = frame.set_index(frame.columns[0])
    values = frame.apply(lambda col: col.map(_fraction)).to_numpy(dtype=float)
    return [str(c) for c in frame.columns], values


def _fraction(value: object) -> float:
    """'1/3' or 3 or '3' as a float; anything else as NaN (refused later with the criterion names)."""
    text = str(value).strip()
    try:
        if "/" in text:
            num, den = text.split("/", 1)
            return float(num) / float(den)
        return float(text)
    except (ValueError, ZeroDivisionError):
        return float("nan")


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
    frame = pd.read_csv(path)
    return dict(zip(frame["fact"], frame["value"].astype(float), strict=True))


def read_plot_table(path: Path, *, spec: LayerSpec, max_bytes: int = MAX_UPLOAD_BYTES) -> pd.DataFrame:
    """A planner's plot table: CSV (UTF-8), or the attributes of a GeoPackage/GeoJSON/zipped Shapefile."""
    _check_size(path, spec.id, max_bytes)
    if path.suffix.lower() != ".csv":
        return pd.DataFrame(read_vector_file(path, spec=spec, max_bytes=max_bytes).drop(columns="geometry"))
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", encoding_errors="strict")
    except UnicodeDecodeError as err:
        raise EncodingError(
            spec.id, "the CSV is not UTF-8", "save it as 'CSV UTF-8' in your spreadsheet program"
        ) from err
    except pd.errors.ParserError as err:
        raise UnsupportedFormatError(spec.id, f"the CSV cannot be read ({err})", "check its separators") from err
    if frame.empty:
        raise EmptyLayerError(spec.id, "the table has no rows", "add one row per plot")
    return check_columns(frame, layer=spec.id, columns=spec.columns, optional=spec.optional_columns)
