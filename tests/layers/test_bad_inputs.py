"""Bad inputs planners really bring, as a table: each case builds the file (or name, or output
path) the way a Windows GIS desktop, Excel, a phone or a web map would, and must give its named
error with a one-line message naming the input, the problem and the fix, leaving nothing behind
and changing nothing saved before.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from affine import Affine
from rasterio.errors import NotGeoreferencedWarning
from shapely.geometry import LineString, Point, box

from layers.catalogue import load_catalogue
from layers.errors import (
    ColumnError,
    EmptyLayerError,
    EncodingError,
    FileTooLargeError,
    GeometryTypeError,
    GilanInputError,
    InvalidGeometryError,
    LayerError,
    MissingCRSError,
    MissingFileError,
    OutputPathError,
    OutsideGilanError,
    PolicyError,
    TableError,
    UnsupportedFormatError,
)
from layers.io import (
    TEMP_MARK,
    atomic_path,
    check_output_path,
    clean_stale_temporaries,
    load_bundled,
    read_layer_file,
    read_matrix_csv,
    read_plot_table,
    read_vector_file,
    write_outputs,
)
from layers.projects import create_project, owner_folder, project_folder
from layers.workspace import read_profile_document, save_upload, workspace_plots

CATALOGUE = load_catalogue()
PLOTS = CATALOGUE["plots"]
ESTATES = load_bundled("estates")["name_en"].tolist()
SHAFT = "Shaft industrial estate"
SQUARE = box(49.5, 37.2, 49.6, 37.3)  # about 8.9 km x 11.1 km near Rasht
SAATY = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])  # Saaty's worked 3 x 3 example
HEADER = "estate,plot_id,area_ha,status,years_idle\n"
OLD_PLOTS = f"{HEADER}{SHAFT},A1,2.0,idle,3\n"


@dataclass(frozen=True)
class Env:
    """Where a case runs: the planner's files, a workspace saved earlier, an output folder of an earlier run."""

    src: Path
    workspace: Path
    out: Path


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Env], Any]  # builds the input, returns what the call takes (a path or a name)
    call: Callable[[Env, Any], object]
    error: type[GilanInputError]
    words: tuple[str, ...]


# ---- building inputs ---------------------------------------------------------------------------


def _write(name: str, data: str | bytes) -> Callable[[Env], Path]:
    def make(env: Env) -> Path:
        path = env.src / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path

    return make


def _zip(env: Env, name: str, members: dict[str, bytes]) -> Path:
    path = env.src / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    return path


def _shapefile_parts(env: Env, gdf: gpd.GeoDataFrame, **kw: object) -> dict[str, bytes]:
    folder = env.src / "desktop"
    folder.mkdir(exist_ok=True)
    gdf.to_file(folder / "layer.shp", **kw)
    parts = {p.suffix: p.read_bytes() for p in folder.iterdir()}
    for p in folder.iterdir():
        p.unlink()
    folder.rmdir()
    return parts


def _shapefile_zip(
    gdf: gpd.GeoDataFrame, *, drop: tuple[str, ...] = (), folder: str = "", extra: dict[str, bytes] | None = None
) -> Callable[[Env], Path]:
    def make(env: Env) -> Path:
        parts = _shapefile_parts(env, gdf)
        members = {f"{folder}layer{s}": data for s, data in parts.items() if s not in drop}
        return _zip(env, "layer.zip", members | (extra or {}))

    return make


def _gdf(geoms: list, crs: object = 4326) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name_en": [f"f{i}" for i in range(len(geoms))]}, geometry=geoms, crs=crs)


def _vector(name: str, gdf: gpd.GeoDataFrame) -> Callable[[Env], Path]:
    def make(env: Env) -> Path:
        path = env.src / name
        gdf.to_file(path)
        return path

    return make


def _geojson(name: str, geometries: list[str]) -> Callable[[Env], Path]:
    """GeoJSON written as text, as phones and web maps do (NaN as written by some exporters)."""
    features = ",".join(
        f'{{"type":"Feature","properties":{{"name_en":"f{i}"}},"geometry":{g}}}' for i, g in enumerate(geometries)
    )
    return _write(name, f'{{"type":"FeatureCollection","features":[{features}]}}')


POLY = '{"type":"Polygon","coordinates":[[[49.5,37.2],[49.6,37.2],[49.6,37.3],[49.5,37.2]]]}'
POLY_NAN = '{"type":"Polygon","coordinates":[[[49.5,37.2],[NaN,37.2],[49.6,37.3],[49.5,37.2]]]}'
POINT = '{"type":"Point","coordinates":[49.58,37.28]}'


NEAR_RASHT = Affine(0.001, 0, 49.5, 0, -0.001, 37.3)  # 0.001 degree cells from 49.5 E, 37.3 N


def _geotiff(
    name: str,
    *,
    transform: Affine = NEAR_RASHT,
    size: int = 50,
    crs: str | None = "EPSG:4326",
    cut: float | None = None,
    **profile: object,
) -> Callable[[Env], Path]:
    def make(env: Env) -> Path:
        path = env.src / name
        meta = {"driver": "GTiff", "width": size, "height": size, "count": 1, "dtype": "float32"} | profile
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NotGeoreferencedWarning)  # that is the point of some cases
            dst = rasterio.open(path, "w", crs=crs, transform=transform, **meta)
        with dst:
            if size <= 1000:
                cells = np.arange(size * size).reshape(1, size, size) % 250
                dst.write(np.repeat(cells, dst.count, axis=0).astype(meta["dtype"]))
        if cut is not None:  # a download that stopped part-way
            data = path.read_bytes()
            path.write_bytes(data[: int(len(data) * cut)])
        return path

    return make


def _plots_csv(body: str, *, name: str = "plots.csv", header: str = HEADER) -> Callable[[Env], Path]:
    return _write(name, header + body)


def _excel_workbook(name: str) -> Callable[[Env], Path]:
    def make(env: Env) -> Path:
        return _zip(env, name, {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})

    return make


def _plot_polygons_with_repeated_id(env: Env) -> Path:
    path = env.src / "plots.gpkg"
    gpd.GeoDataFrame(
        {"estate": [SHAFT, SHAFT], "plot_id": ["B7", "B7"], "area_ha": [1.0, 1.2], "status": ["idle", "free"]},
        geometry=[box(49.5, 37.2, 49.501, 37.201), box(49.502, 37.2, 49.503, 37.201)],
        crs=4326,
    ).to_file(path)
    return path


def _saved_profile_not_utf8(env: Env) -> str:
    (env.workspace / "policies" / "mine.toml").write_bytes('[profile]\nname = "شفت"\n'.encode("cp1256"))
    return "mine"


def _file_geodatabase(env: Env) -> Path:
    path = env.src / "Gilan.gdb"
    path.mkdir()
    (path / "a00000001.gdbtable").write_bytes(b"\x03\x00\x00\x00")
    return path


def _web_mercator_geojson(env: Env) -> Path:
    """A web-map export: EPSG:3857 metres, and (as RFC 7946 wants) no 'crs' member."""
    path = env.src / "web.geojson"
    doc = json.loads(_gdf([SQUARE]).to_crs(3857).to_json(drop_id=True))
    doc.pop("crs", None)
    path.write_text(json.dumps(doc))
    return path


def _read_only_folder(env: Env) -> Path:
    if os.geteuid() == 0:  # root writes into any folder with mode bits; /sys refuses even root
        return Path("/sys/sites.gpkg")
    folder = env.src / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    return folder / "sites.gpkg"


# ---- calling the API as the command line and the app do ----------------------------------------


def layer(**kw: object) -> Callable[[Env, Any], object]:
    return lambda env, path: read_layer_file(path, **kw)


def matrix(env: Env, path: Path) -> object:
    return read_matrix_csv(path)


def plots(env: Env, path: Path) -> object:
    return read_plot_table(path, spec=PLOTS, known_estates=ESTATES)


def upload(role: str, **kw: object) -> Callable[[Env, Any], object]:
    def call(env: Env, path: Path) -> object:
        return save_upload(
            path.read_bytes(),
            path.name,
            role=role,
            workspace=env.workspace,
            catalogue=CATALOGUE,
            known_estates=ESTATES,
            **kw,  # type: ignore[arg-type]
        )

    return call


def profile(env: Env, name: str) -> object:
    return read_profile_document(name, env.workspace)


def output(suffixes: set[str]) -> Callable[[Env, Any], object]:
    return lambda env, path: check_output_path(path, label="--out", suffixes=suffixes)


def _old_run_replaced_badly(env: Env, _: object) -> object:
    def disk_full(path: Path) -> None:
        path.write_bytes(b"half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return write_outputs(
        [(env.out / "sites.gpkg", lambda p: p.write_bytes(b"new run")), (env.out / "sites_explained.csv", disk_full)]
    )


def _same_file_twice(env: Env, _: object) -> object:
    target = env.out / "sites.gpkg"
    return write_outputs([(target, lambda p: p.write_bytes(b"a")), (env.out / "." / "sites.gpkg", lambda p: None)])


HUGE = 25_000  # cells a side: 2.3 GB of float32 once warped, written sparse (a few kB on disk)

CASES = [
    # AHP pairwise matrices (python -m spatial ahp m.csv)
    Case("matrix_empty_file", _write("m.csv", b""), matrix, EmptyLayerError, ("AHP matrix m.csv", "0 bytes")),
    Case("matrix_blank_lines_only", _write("m.csv", "\r\n \r\n;;\r\n"), matrix, EmptyLayerError, ("no rows",)),
    Case("matrix_1x1_without_header", _write("m.csv", "1\n"), matrix, TableError, ("single criterion", "at least 2")),
    Case("matrix_1x1_with_header", _write("m.csv", "cost\n1\n"), matrix, TableError, ("single criterion",)),
    Case(
        "matrix_two_rows_for_three_criteria",
        _write("m.csv", "1,3,5\n1/3,1,3\n"),
        matrix,
        TableError,
        ("2 rows of judgements for 3 criteria", "square (3 x 3)"),
    ),
    Case(
        "matrix_header_and_two_rows",
        _write("m.csv", "slope,roads,water\n1,3,5\n1/3,1,3\n"),
        matrix,
        TableError,
        ("2 rows of judgements for 3 criteria",),
    ),
    Case(
        "matrix_text_cell_under_header",
        _write("m.csv", "slope,roads,water\n1,high,5\n1/3,1,3\n1/5,1/3,1\n"),
        matrix,
        TableError,
        ("slope against roads", "line 2, column 2", "'high'", "1/9 to 9"),
    ),
    Case(
        "matrix_text_without_header",
        _write("m.csv", "1,high,5\nlow,1,3\n0.2,0.33,1\n"),
        matrix,
        TableError,
        ("mixes criterion names and numbers", "header row"),
    ),
    Case(
        "matrix_empty_cell",
        _write("m.csv", "1,,5\n1/3,1,3\n0.2,1/3,1\n"),
        matrix,
        TableError,
        ("c1 against c2", "is empty"),
    ),
    Case("matrix_divide_by_zero", _write("m.csv", "1,1/0\n0,1\n"), matrix, TableError, ("'1/0'",)),
    Case("matrix_infinite_cell", _write("m.csv", "1,inf\n0,1\n"), matrix, TableError, ("'inf'",)),
    Case("matrix_row_too_long", _write("m.csv", "1,3\n1/3,1,7\n"), matrix, TableError, ("row 2 has 3 judgements",)),
    Case(
        "matrix_decimal_commas_in_comma_csv",
        _write("m.csv", "1,3\n0,333,1\n"),
        matrix,
        TableError,
        ("decimal comma", "';'"),
    ),
    Case("matrix_criterion_named_twice", _write("m.csv", "a,a\n1,3\n1/3,1\n"), matrix, TableError, ("named twice",)),
    Case(
        "matrix_rows_in_another_order",
        _write("m.csv", ",slope,roads\nroads,1,3\nslope,1/3,1\n"),
        matrix,
        TableError,
        ("same order", "diagonal"),
    ),
    Case(
        "matrix_unnamed_header_column",
        _write("m.csv", "slope,,water\n1,3,5\n1/3,1,3\n1/5,1/3,1\n"),
        matrix,
        TableError,
        ("column 2 of the header has no name",),
    ),
    Case("matrix_unbalanced_quote", _write("m.csv", '"a,b\n1,3\n'), matrix, TableError, ("unbalanced quotes",)),
    Case("matrix_missing_file", lambda env: env.src / "m.csv", matrix, MissingFileError, ("there is no file",)),
    Case("matrix_is_a_folder", lambda env: env.src, matrix, MissingFileError, ("is a folder", "file itself")),
    Case(
        "matrix_names_in_code_page_1256",
        _write("m.csv", "شيب,راه\n1,3\n1/3,1\n".encode("cp1256")),
        matrix,
        EncodingError,
        ("not UTF-8", "CSV UTF-8"),
    ),
    Case("matrix_excel_workbook", _excel_workbook("m.csv"), matrix, UnsupportedFormatError, ("Excel workbook",)),
    # plot tables (--plots, and the upload on My data)
    Case(
        "plots_negative_area",
        _plots_csv(f"{SHAFT},A1,-2.0,idle,3\n"),
        plots,
        ColumnError,
        ("plot 'A1'", SHAFT, "row 2", "area_ha -2", "zero or more"),
    ),
    Case("plots_infinite_area", _plots_csv(f"{SHAFT},A1,inf,idle,3\n"), plots, ColumnError, ("area_ha inf", "finite")),
    Case("plots_nan_area", _plots_csv(f"{SHAFT},A1,NaN,idle,3\n"), plots, ColumnError, ("'NaN'", "rows 2")),
    Case("plots_text_area", _plots_csv(f"{SHAFT},A1,two,idle,3\n"), plots, ColumnError, ("'two'", "area_ha")),
    Case(
        "plots_persian_locale_decimal_slash",
        _plots_csv(f"{SHAFT},A1,2/5,idle,3\n"),
        plots,
        ColumnError,
        ("'2/5'", "decimal point"),
    ),
    Case("plots_empty_area", _plots_csv(f"{SHAFT},A1,,idle,3\n"), plots, ColumnError, ("'area_ha' is empty", "row")),
    Case("plots_empty_plot_id", _plots_csv(f"{SHAFT},,1.0,idle,3\n"), plots, ColumnError, ("'plot_id' is empty",)),
    Case(
        "plots_repeated_plot_id",
        _plots_csv(f"{SHAFT},A1,2.0,idle,3\n{SHAFT},A2,1.0,free,\n{SHAFT},A1,2.0,idle,3\n"),
        plots,
        ColumnError,
        ("'A1' appears 2 times", SHAFT, "rows 2, 4"),
    ),
    Case(
        "plots_repeated_plot_id_estate_in_lower_case",
        _plots_csv(f"{SHAFT},A1,2.0,idle,3\nshaft industrial estate,A1,2.0,idle,3\n"),
        plots,
        ColumnError,
        ("'A1' appears 2 times",),
    ),
    Case(
        "plots_estate_short_name",
        _plots_csv("Shaf,A1,2.0,idle,3\n"),
        plots,
        ColumnError,
        ("'Shaf' (row 2) is not a known estate; did you mean 'Shaft industrial estate'?", "name_en"),
    ),
    Case(
        "plots_estate_misspelt",
        _plots_csv("Shaft industrail estate,A1,2.0,idle,3\n"),
        plots,
        ColumnError,
        ("did you mean 'Shaft industrial estate'?",),
    ),
    Case(
        "plots_estate_outside_gilan",
        _plots_csv(f"{SHAFT},A1,2.0,idle,3\nTehran Abbasabad,T1,5,free,\n"),
        plots,
        ColumnError,
        ("'Tehran Abbasabad' (row 3) is not a known estate",),
    ),
    Case(
        "plots_status_misspelt",
        _plots_csv(f"{SHAFT},A1,2.0,Idel,3\n"),
        plots,
        ColumnError,
        ("status 'Idel'", "did you mean 'idle'?", "allocated, free, idle, revoked"),
    ),
    Case(
        "plots_negative_years_idle",
        _plots_csv(f"{SHAFT},A1,2.0,idle,-1\n"),
        plots,
        ColumnError,
        ("years_idle -1", "zero or more"),
    ),
    Case(
        "plots_without_status_column",
        _plots_csv(f"{SHAFT},A1,2.0\n", header="estate,plot_id,area_ha\n"),
        plots,
        ColumnError,
        ("missing column(s) ['status']",),
    ),
    Case(
        "plots_decimal_comma_in_comma_csv",
        _plots_csv(f"{SHAFT},A1,2,5,idle,3\n"),
        plots,
        TableError,
        ("row 2 has 6 cells", "header names 5 columns", "decimal comma"),
    ),
    Case(
        "plots_excel_semicolon_csv_negative_area",
        _write("plots.csv", f"\ufeffestate;plot_id;area_ha;status;years_idle\r\n{SHAFT};A1;-2,5;idle;3\r\n;;;;\r\n"),
        plots,
        ColumnError,
        ("area_ha -2.5",),
    ),
    Case(
        "plots_persian_names_in_code_page_1256",
        _write("plots.csv", f"{HEADER}شفت,A1,2.0,idle,3\n".encode("cp1256")),
        plots,
        EncodingError,
        ("not UTF-8", "1256"),
    ),
    Case(
        "plots_excel_workbook_named_csv",
        _excel_workbook("plots.csv"),
        plots,
        UnsupportedFormatError,
        ("Excel workbook", "CSV UTF-8"),
    ),
    Case("plots_header_only", _plots_csv(""), plots, EmptyLayerError, ("no rows",)),
    Case(
        "plots_column_named_twice",
        _plots_csv(f"{SHAFT},A1,2.0,idle,3\n", header="estate,plot_id,area_ha,status,area_ha\n"),
        plots,
        TableError,
        ("['area_ha'] appear twice",),
    ),
    Case(
        "plots_upload_unknown_estate",
        _plots_csv("Shaft estate 2,A1,2.0,idle,3\n"),
        upload("plots"),
        ColumnError,
        ("'Shaft estate 2' (row 2) is not a known estate",),
    ),
    Case(
        "plots_upload_geopackage_repeated_plot_id",
        _plot_polygons_with_repeated_id,
        upload("plots"),
        ColumnError,
        ("'B7' appears 2 times",),
    ),
    Case(
        "plots_upload_excel_workbook",
        _excel_workbook("plots.xlsx"),
        upload("plots"),
        UnsupportedFormatError,
        ("'.xlsx'", "CSV UTF-8"),
    ),
    # rasters
    Case(
        "raster_truncated_download",
        _geotiff("dem.tif", size=200, cut=0.5),
        layer(),
        UnsupportedFormatError,
        ("cannot be read as a GeoTIFF", "truncated", "export it again"),
    ),
    Case(
        "raster_header_only",
        _geotiff("dem.tif", cut=0.01),
        layer(),
        UnsupportedFormatError,
        ("cannot be read as a GeoTIFF",),
    ),
    Case(
        "raster_html_error_page_saved_as_tif",
        _write("dem.tif", "<html><body>404 Not Found</body></html>"),
        layer(),
        UnsupportedFormatError,
        ("cannot be read as a GeoTIFF", "dem.tif"),
    ),
    Case(
        "raster_nan_geotransform",
        _geotiff("dem.tif", transform=Affine(np.nan, 0, 49.5, 0, -0.001, 37.3)),
        layer(),
        UnsupportedFormatError,
        ("no usable georeferencing",),
    ),
    Case(
        "raster_without_georeferencing",
        _geotiff("scan.tif", transform=Affine.identity(), crs=None),
        layer(assume_crs="EPSG:4326"),
        UnsupportedFormatError,
        ("no usable georeferencing", "georeference it"),
    ),
    Case(
        "raster_far_too_many_cells",
        _geotiff(
            "dem.tif",
            size=HUGE,
            transform=Affine(0.00008, 0, 48.6, 0, -0.00008, 38.4),
            tiled=True,
            compress="deflate",
            sparse_ok=True,
            nodata=0,
        ),
        layer(),
        FileTooLargeError,
        ("GB in memory", "above the 1.5 GB limit", "cells of at least"),
    ),
    Case(
        "raster_unknown_picked_crs",
        _geotiff("dem.tif", crs=None),
        layer(assume_crs="UTM 39"),
        MissingCRSError,
        ("'UTM 39'", "not a coordinate reference system", "EPSG:32639"),
    ),
    Case(
        "raster_rgb_image_as_dem",
        _geotiff("photo.tif", count=3, dtype="uint8"),
        layer(),
        UnsupportedFormatError,
        ("3 bands of uint8", "one band", "elevation band alone"),
    ),
    Case(
        "raster_local_engineering_crs",
        _geotiff("survey.tif", crs='LOCAL_CS["site grid"]'),
        layer(),
        MissingCRSError,
        ("cannot be turned into longitude/latitude", "EPSG"),
    ),
    Case(
        "raster_upload_truncated",
        _geotiff("dem.tif", size=200, cut=0.5),
        upload("dem"),
        UnsupportedFormatError,
        ("layer 'dem'", "truncated"),
    ),
    # vectors (layers --check, --parcels, the upload)
    Case(
        "points_and_polygons_in_one_file",
        _geojson("sites.geojson", [POLY, POINT]),
        layer(),
        GeometryTypeError,
        ("mixes geometry types Point, Polygon", "split the file by geometry type"),
    ),
    Case(
        "phone_track_lines_and_waypoints",
        _vector("track.geojson", _gdf([LineString([(49.5, 37.2), (49.6, 37.3)]), Point(49.5, 37.2)])),
        layer(),
        GeometryTypeError,
        ("LineString, Point",),
    ),
    Case(
        "nan_coordinates_with_repair",
        _geojson("nan.geojson", [POLY, POLY_NAN]),
        layer(repair=True),
        InvalidGeometryError,
        ("1 feature has coordinates that are not numbers", "row 1", "repair cannot guess"),
    ),
    Case(
        "nan_coordinates_in_three_features",
        _geojson("nan.geojson", [POLY, POLY_NAN, POLY, POLY_NAN, POLY_NAN]),
        layer(),
        InvalidGeometryError,
        ("3 features have coordinates that are not numbers", "first at row 1", "rows 1, 3, 4"),
    ),
    Case(
        "infinite_point_coordinates",
        _geojson("pts.geojson", [POINT, POINT, '{"type":"Point","coordinates":[Infinity,37.2]}']),
        layer(),
        InvalidGeometryError,
        ("NaN or infinity", "row 2"),
    ),
    Case(
        "empty_polygon_geometry",
        _geojson("empty.geojson", [POLY, '{"type":"Polygon","coordinates":[]}']),
        layer(),
        InvalidGeometryError,
        ("no geometry", "rows 1"),
    ),
    Case(
        "zip_missing_shx",
        _shapefile_zip(_gdf([SQUARE]), drop=(".shx",)),
        layer(),
        UnsupportedFormatError,
        ("the zip has layer.shp but no layer.shx", "zip all parts"),
    ),
    Case(
        "zip_missing_dbf",
        _shapefile_zip(_gdf([SQUARE]), drop=(".dbf",)),
        layer(),
        UnsupportedFormatError,
        ("the zip has layer.shp but no layer.dbf",),
    ),
    Case(
        "zip_of_a_folder_missing_shx",
        _shapefile_zip(_gdf([SQUARE]), drop=(".shx",), folder="roads/"),
        layer(),
        UnsupportedFormatError,
        ("the zip has roads/layer.shp but no roads/layer.shx",),
    ),
    Case(
        "zip_with_unreadable_prj",
        _shapefile_zip(_gdf([SQUARE]), drop=(".prj",), extra={"layer.prj": b"GEOGCS[unknown"}),
        layer(),
        MissingCRSError,
        ("layer.prj is not a coordinate reference system", "pick the CRS"),
    ),
    Case(
        "zip_of_a_geotiff",
        lambda env: _zip(env, "dem.zip", {"dem/dem.tif": b"II*\x00"}),
        layer(),
        UnsupportedFormatError,
        ("no .shp file", "dem/dem.tif", "GeoTIFF itself"),
    ),
    Case(
        "zip_of_a_geopackage",
        lambda env: _zip(env, "roads.zip", {"roads.gpkg": b"SQLite format 3\x00"}),
        layer(),
        UnsupportedFormatError,
        ("no .shp file", ".gpkg or .geojson itself"),
    ),
    Case(
        "shapefile_prj_says_utm_38n_for_utm_39n_data",
        _shapefile_zip(_gdf([SQUARE]).to_crs(32639).set_crs(32638, allow_override=True)),
        layer(),
        OutsideGilanError,
        ("EPSG:32638", "outside Gilan", "EPSG:32639"),
    ),
    Case(
        "geojson_in_web_mercator_without_crs",
        _web_mercator_geojson,
        layer(),
        MissingCRSError,
        ("not longitude/latitude", "EPSG:3857", "--crs"),
    ),
    Case(
        "geojson_huge_coordinates",
        _geojson("huge.geojson", ['{"type":"Point","coordinates":[1e300,-1e300]}']),
        layer(),
        MissingCRSError,
        ("not longitude/latitude", "1e+300"),
    ),
    Case(
        "geopackage_huge_utm_coordinates",
        _vector("huge.gpkg", _gdf([Point(4e12, 5e15)], crs=32639)),
        layer(),
        OutsideGilanError,
        ("outside Gilan",),
    ),
    Case(
        "gpx_phone_track",
        _write("track.gpx", '<?xml version="1.0"?><gpx version="1.1"><trk><trkseg/></trk></gpx>'),
        layer(),
        UnsupportedFormatError,
        ("'.gpx' files are not supported", "GPS track", "GeoJSON"),
    ),
    Case(
        "kmz_from_google_earth",
        lambda env: _zip(env, "site.kmz", {"doc.kml": b"<kml/>"}),
        layer(),
        UnsupportedFormatError,
        ("'.kmz'", "Google Earth"),
    ),
    Case("bare_shp_file", _write("roads.shp", b"\x00\x00'\n"), layer(), UnsupportedFormatError, ("zip the .shp",)),
    Case("autocad_dxf", _write("plan.dxf", "0\nSECTION\n"), layer(), UnsupportedFormatError, ("CAD drawing",)),
    Case(
        "csv_of_points_as_a_layer",
        _write("wells.csv", "lon,lat\n49.5,37.2\n"),
        layer(),
        UnsupportedFormatError,
        ("delimited text",),
    ),
    Case("file_geodatabase_folder", _file_geodatabase, layer(), MissingFileError, ("File Geodatabase", "GeoPackage")),
    Case("missing_vector_file", lambda env: env.src / "roads.gpkg", layer(), MissingFileError, ("roads.gpkg",)),
    Case(
        "shapefile_without_prj_and_unknown_picked_crs",
        _shapefile_zip(_gdf([SQUARE]), drop=(".prj",)),
        layer(assume_crs="WGS84 UTM"),
        MissingCRSError,
        ("'WGS84 UTM'", "not a coordinate reference system"),
    ),
    Case(
        "upload_garbage_geopackage",
        _write("roads.gpkg", b"SQLite format 3\x00" + b"\x01" * 200),
        upload("roads"),
        UnsupportedFormatError,
        ("layer 'roads'", "cannot be read"),
    ),
    Case(
        "upload_zip_missing_shx",
        _shapefile_zip(_gdf([LineString([(49.5, 37.2), (49.6, 37.3)])]), drop=(".shx",)),
        upload("roads"),
        UnsupportedFormatError,
        ("no layer.shx",),
    ),
    # policy profile names (--profile, the app's saved profiles)
    Case("profile_parent_path", lambda env: "../policy/x", profile, PolicyError, ("plain name", "gilan-industrial")),
    Case("profile_absolute_path", lambda env: "/etc/passwd", profile, PolicyError, ("not a path",)),
    Case(
        "profile_with_toml_suffix",
        lambda env: "gilan-industrial.toml",
        profile,
        PolicyError,
        ("without '.toml'",),
    ),
    Case("profile_windows_path", lambda env: "..\\policy\\x", profile, PolicyError, ("plain name",)),
    Case("profile_empty_name", lambda env: "", profile, PolicyError, ("plain name",)),
    Case("profile_saved_not_utf8", _saved_profile_not_utf8, profile, PolicyError, ("policy 'mine'", "not UTF-8")),
    # output paths (--out, --score, report, inventory), checked before any computation
    Case(
        "output_folder_missing",
        lambda env: env.out / "2024" / "sites.gpkg",
        output({".gpkg"}),
        OutputPathError,
        ("output '--out'", "does not exist", "create the folder"),
    ),
    Case(
        "output_path_is_a_folder",
        lambda env: env.out,
        output({".gpkg"}),
        OutputPathError,
        ("is a folder", "name a file inside it"),
    ),
    Case(
        "output_wrong_suffix",
        lambda env: env.out / "sites.shp",
        output({".gpkg"}),
        OutputPathError,
        ("'sites.shp' ends in '.shp'", ".gpkg", "sites.gpkg"),
    ),
    Case(
        "output_without_suffix",
        lambda env: env.out / "report",
        output({".pdf", ".html"}),
        OutputPathError,
        ("has no suffix", ".html or .pdf"),
    ),
    Case(
        "output_parent_is_a_file",
        lambda env: env.out / "sites.gpkg" / "sites.gpkg",
        output({".gpkg"}),
        OutputPathError,
        ("does not exist",),
    ),
    Case("output_folder_read_only", _read_only_folder, output({".gpkg"}), OutputPathError, ("cannot write into",)),
    Case(
        "output_set_disk_full_on_second_file",
        lambda env: None,
        _old_run_replaced_badly,
        OutputPathError,
        ("sites_explained.csv", "No space left on device", "previous files are unchanged"),
    ),
    Case("output_set_same_file_twice", lambda env: None, _same_file_twice, OutputPathError, ("same file",)),
]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Env:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    env = Env(tmp_path / "src", tmp_path / "workspace", tmp_path / "out")
    for folder in (env.src, env.workspace / "layers", env.workspace / "policies", env.out):
        folder.mkdir(parents=True)
    (env.workspace / "layers" / "plots.csv").write_text(OLD_PLOTS, encoding="utf-8-sig")
    _gdf([LineString([(49.5, 37.2), (49.6, 37.3)])]).to_file(env.workspace / "layers" / "roads.gpkg")
    (env.workspace / "policies" / "rural-first.toml").write_text('[profile]\nname = "rural-first"\n')
    (env.out / "sites.gpkg").write_bytes(b"previous run")
    (env.out / "sites_explained.csv").write_bytes(b"previous run, explained")
    return env


def test_there_are_enough_cases_and_each_has_its_own_name() -> None:
    assert len(CASES) >= 80
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_gives_its_named_error_in_one_line_and_leaves_nothing_behind(env: Env, case: Case) -> None:
    given = case.make(env)
    scratch = Path(tempfile.gettempdir())
    before = {folder: _snapshot(folder) for folder in (env.src, env.workspace, env.out)}
    with pytest.raises(GilanInputError) as caught:
        case.call(env, given)
    err, message = caught.value, str(caught.value)
    assert type(err) is case.error, message
    assert isinstance(err, LayerError | PolicyError)
    assert message.split(" '", 1)[0] in ("layer", "output", "policy"), message  # names the input first
    assert " Fix: " in message and len(message) < 600, message  # the problem, then the fix
    assert "\n" not in message and "Traceback" not in message
    for leak in (str(scratch), "gilan-upload-", TEMP_MARK, "SHAPE_RESTORE_SHX"):
        assert leak not in message, message
    for word in case.words:
        assert word in message, message
    assert list(scratch.iterdir()) == []
    for folder, files in before.items():
        assert _snapshot(folder) == files, f"{folder.name} changed"
    assert not [p for p in env.out.parent.rglob(f"*{TEMP_MARK}*")]


# ---- what must be accepted, and read right ----------------------------------------------------

GOOD_MATRICES = [
    ("no_header", b"1,3,5\n0.333333,1,3\n0.2,0.333333,1\n", ["c1", "c2", "c3"]),
    ("header", b"slope,roads,water\n1,3,5\n1/3,1,3\n1/5,1/3,1\n", ["slope", "roads", "water"]),
    ("header_and_name_column", b",slope,roads,water\nslope,1,3,5\nroads,1/3,1,3\nwater,1/5,1/3,1\n", None),
    ("header_without_corner_cell", b"slope,roads,water\nslope,1,3,5\nroads,1/3,1,3\nwater,1/5,1/3,1\n", None),
    ("name_column_without_header", b"slope,1,3,5\nroads,1/3,1,3\nwater,1/5,1/3,1\n", None),
    (
        "excel_semicolons_bom_decimal_commas",
        "\ufeffslope;roads;water;;\r\n1;3;5;;\r\n0,333333;1;3;;\r\n0,2;0,333333;1;;\r\n;;;;\r\n".encode(),
        None,
    ),
    (
        "excel_unicode_text_tabs",
        "slope\troads\twater\r\n1\t3\t5\r\n1/3\t1\t3\r\n1/5\t1/3\t1\r\n".encode("utf-16"),
        None,
    ),
    ("persian_digits", "۱,۳,۵\n۱/۳,۱,۳\n۱/۵,۱/۳,۱\n".encode(), ["c1", "c2", "c3"]),
]


@pytest.mark.parametrize(("data", "names"), [g[1:] for g in GOOD_MATRICES], ids=[g[0] for g in GOOD_MATRICES])
def test_saaty_matrix_is_read_with_or_without_a_header(tmp_path: Path, data: bytes, names: list[str] | None) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(data)
    read_names, values = read_matrix_csv(path)
    assert read_names == (names or ["slope", "roads", "water"])
    np.testing.assert_allclose(values, SAATY, rtol=1e-5)
    # Saaty's published priorities for this matrix: 0.637, 0.258, 0.105 (principal eigenvector).
    eigenvalues, vectors = np.linalg.eig(values)
    principal = np.abs(vectors[:, np.argmax(eigenvalues.real)].real)
    np.testing.assert_allclose(principal / principal.sum(), [0.637, 0.258, 0.105], atol=1e-3)


GOOD_PLOTS = [
    ("comma_utf8", f"{HEADER}{SHAFT},A1,2.5,idle,3\n{SHAFT},007,1.5,allocated,\n".encode()),
    (
        "excel_semicolons_bom_decimal_commas",
        f"\ufeffestate;plot_id;area_ha;status;years_idle\r\n{SHAFT};A1;2,5;idle;3\r\n{SHAFT};007;1,5;allocated;\r\n"
        ";;;;\r\n".encode(),
    ),
    ("persian_digits", f"{HEADER}{SHAFT},A1,۲٫۵,idle,۳\n{SHAFT},007,۱٫۵,allocated,\n".encode()),
    (
        "estate_and_status_in_other_case",
        f"{HEADER}shaft  Industrial estate,A1,2.5,IDLE,3\n{SHAFT},007,1.5,Allocated,\n".encode(),
    ),
    ("short_last_row", f"{HEADER}{SHAFT},A1,2.5,idle,3\n{SHAFT},007,1.5,allocated\n".encode()),
]


@pytest.mark.parametrize("data", [g[1] for g in GOOD_PLOTS], ids=[g[0] for g in GOOD_PLOTS])
def test_plot_tables_as_excel_saves_them_are_read_right(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "plots.csv"
    path.write_bytes(data)
    table = read_plot_table(path, spec=PLOTS, known_estates=ESTATES)
    assert table.estate.tolist() == [SHAFT, SHAFT]
    assert table.plot_id.tolist() == ["A1", "007"]
    assert table.area_ha.tolist() == [2.5, 1.5]
    assert table.status.tolist() == ["idle", "allocated"]
    assert table.years_idle.tolist()[0] == 3 and np.isnan(table.years_idle.tolist()[1])


def test_a_plot_upload_is_saved_only_after_every_check_and_reads_back_the_same(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    (workspace / "layers").mkdir(parents=True)
    data = f"{HEADER}{SHAFT},007,2.5,idle,3\n".encode()
    save_upload(data, "plots.csv", role="plots", workspace=workspace, catalogue=CATALOGUE, known_estates=ESTATES)
    stored = workspace_plots(workspace)
    assert stored is not None and stored.plot_id.tolist() == ["007"] and stored.area_ha.tolist() == [2.5]


def test_shapefile_from_a_windows_desktop_zipped_in_a_folder_is_read(tmp_path: Path) -> None:
    """ArcMap names: upper-case parts, an ESRI .prj, QGIS's .qpj, a .cpg, and a Mac's __MACOSX copy."""
    env = Env(tmp_path, tmp_path, tmp_path)
    parts = _shapefile_parts(env, _gdf([SQUARE]).assign(name_en=["رشت"]).to_crs(32639), encoding="cp1256")
    esri = (
        b'PROJCS["WGS_1984_UTM_Zone_39N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,'
        b'298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
        b'PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",51.0],'
        b'PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
    )
    members = {f"Gilan/ROADS{s.upper()}": data for s, data in parts.items() if s not in (".prj", ".cpg")}
    members |= {"Gilan/roads.prj": esri, "Gilan/roads.qpj": esri, "Gilan/ROADS.CPG": b"1256"}
    members |= {"__MACOSX/Gilan/._ROADS.SHP": b"\x00\x05\x16\x07", "Gilan/Thumbs.db": b"\x00"}
    gdf = read_vector_file(_zip(env, "roads.zip", members), spec=CATALOGUE["counties"])
    assert gdf.crs == "EPSG:32639" and gdf.name_en.tolist() == ["رشت"]
    assert gdf.area.iloc[0] / 1e6 == pytest.approx(98.3, rel=0.01)


def test_web_mercator_geojson_is_read_when_the_planner_names_its_crs(tmp_path: Path) -> None:
    path = _web_mercator_geojson(Env(tmp_path, tmp_path, tmp_path))
    gdf = read_vector_file(path, assume_crs="EPSG:3857")
    assert gdf.crs == "EPSG:32639"
    assert gdf.to_crs(4326).total_bounds == pytest.approx(SQUARE.bounds, abs=1e-6)


def test_geojson_that_states_its_utm_crs_is_read(tmp_path: Path) -> None:
    """QGIS writes a 'crs' member when it saves GeoJSON in another CRS: metres are right then."""
    path = tmp_path / "utm.geojson"
    _gdf([SQUARE]).to_crs(32639).to_file(path)
    assert '"crs"' in path.read_text()
    gdf = read_vector_file(path)
    assert gdf.to_crs(4326).total_bounds == pytest.approx(SQUARE.bounds, abs=1e-6)


def test_an_output_set_replaces_the_previous_run_only_when_every_file_is_complete(tmp_path: Path) -> None:
    sites, explained = tmp_path / "sites.gpkg", tmp_path / "sites_explained.csv"
    sites.write_bytes(b"old")
    explained.write_bytes(b"old, explained")
    seen: list[str] = []

    def first(path: Path) -> None:
        assert path.parent == tmp_path and path.name.startswith(f".sites.gpkg{TEMP_MARK}")
        path.write_bytes(b"new")

    def second(path: Path) -> None:
        seen.append(sites.read_bytes().decode())  # the first file is not in place yet
        path.write_bytes(b"new, explained")

    assert write_outputs([(sites, first), (explained, second)]) == [sites, explained]
    assert seen == ["old"]
    assert sites.read_bytes() == b"new" and explained.read_bytes() == b"new, explained"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sites.gpkg", "sites_explained.csv"]
    check_output_path(sites, label="--out", suffixes={".gpkg"})  # an existing file may be replaced


def test_stale_temporaries_of_a_killed_run_are_cleaned_and_fresh_ones_kept(tmp_path: Path) -> None:
    hour = 3600.0
    stale = [tmp_path / f".sites.gpkg{TEMP_MARK}k3j4h5g6.gpkg", tmp_path / ".sites.gpkg.k3j4h5g6.gpkg"]
    fresh = tmp_path / f".score.tif{TEMP_MARK}abcdefgh.tif"
    others = [tmp_path / "sites.gpkg", tmp_path / ".hidden_notes.txt"]
    for path in [*stale, fresh, *others]:
        path.write_bytes(b"x")
    for path in [*stale, *others]:
        os.utime(path, (path.stat().st_atime - hour, path.stat().st_mtime - hour))
    assert sorted(clean_stale_temporaries(tmp_path)) == sorted(stale)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in [fresh, *others])
    with atomic_path(tmp_path / "budget.csv") as tmp:
        assert tmp.name.startswith(f".budget.csv{TEMP_MARK}")
        tmp.write_text("ok")
    assert (tmp_path / "budget.csv").read_text() == "ok"


def test_a_broken_prj_is_set_aside_when_the_planner_names_the_crs(tmp_path: Path) -> None:
    env = Env(tmp_path, tmp_path, tmp_path)
    path = _shapefile_zip(_gdf([SQUARE]), drop=(".prj",), extra={"layer.prj": b"GEOGCS[unknown"})(env)
    gdf = read_vector_file(path, assume_crs="EPSG:4326")
    assert gdf.crs == "EPSG:32639"
    assert gdf.to_crs(4326).total_bounds == pytest.approx(SQUARE.bounds, abs=1e-6)


def test_a_project_sheds_the_temporaries_of_an_app_killed_while_saving(tmp_path: Path) -> None:
    owner = owner_folder("0123456789abcdef0123456789abcdef", tmp_path)
    layers = create_project(owner, "rasht") / "layers"
    stale = layers / f".roads.gpkg{TEMP_MARK}abcd1234.gpkg"
    stale.write_bytes(b"half")
    os.utime(stale, (stale.stat().st_atime - 3600, stale.stat().st_mtime - 3600))
    (layers / "roads.gpkg").write_bytes(b"saved")
    assert project_folder(owner, "rasht") == layers.parent
    assert [p.name for p in layers.iterdir()] == ["roads.gpkg"]
