"""Bad planner files: a table of cases, each with the named error and the words it must give."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from shapely.geometry import LineString, Point, Polygon, box

from layers.catalogue import load_catalogue
from layers.errors import (
    ColumnError,
    EmptyLayerError,
    EncodingError,
    FileTooLargeError,
    GeometryTypeError,
    InvalidGeometryError,
    LayerError,
    MissingCRSError,
    OutsideGilanError,
    UnsafeArchiveError,
    UnsupportedFormatError,
)
from layers.io import RasterLayer, atomic_path, read_layer_file, read_vector_file, safe_extract_zip

COUNTIES = load_catalogue()["counties"]
SQUARE = box(49.5, 37.2, 49.6, 37.3)  # about 8.9 km x 11.1 km near Rasht
BOWTIE = Polygon([(49.5, 37.2), (49.6, 37.3), (49.6, 37.2), (49.5, 37.3)])
UTF8_FEATURE = (
    '{"type":"Feature","properties":{"name_en":"NAME"},"geometry":{"type":"Point","coordinates":[49.5,37.2]}}'
)


def _gdf(geoms: list, crs: object = 4326, **columns: list) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(columns or {"name_en": [f"f{i}" for i in range(len(geoms))]}, geometry=geoms, crs=crs)


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _shapefile_zip(tmp: Path, gdf: gpd.GeoDataFrame, *, drop: tuple[str, ...] = (), **kw: object) -> Path:
    folder = tmp / "shp"
    folder.mkdir()
    gdf.to_file(folder / "layer.shp", **kw)
    members = {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix not in drop}
    return _zip(tmp / "layer.zip", members)


def empty_geojson(tmp: Path) -> Path:
    p = tmp / "empty.geojson"
    p.write_text('{"type":"FeatureCollection","features":[]}')
    return p


def zero_bytes(tmp: Path) -> Path:
    p = tmp / "nothing.gpkg"
    p.write_bytes(b"")
    return p


def shapefile_without_prj(tmp: Path) -> Path:
    return _shapefile_zip(tmp, _gdf([SQUARE]), drop=(".prj",))


def swapped_lat_lon(tmp: Path) -> Path:
    p = tmp / "swapped.geojson"
    _gdf([box(37.2, 49.5, 37.3, 49.6)]).to_file(p)
    return p


def wrong_crs(tmp: Path) -> Path:
    """Lon/lat numbers labelled Web Mercator: they land a few metres from (0, 0)."""
    p = tmp / "wrong_crs.gpkg"
    _gdf([SQUARE], crs=None).set_crs(3857).to_file(p)
    return p


def self_intersecting(tmp: Path) -> Path:
    p = tmp / "bowtie.gpkg"
    _gdf([SQUARE, BOWTIE]).to_file(p)
    return p


def null_geometry(tmp: Path) -> Path:
    p = tmp / "null.geojson"
    p.write_text(
        '{"type":"FeatureCollection","features":['
        + UTF8_FEATURE.replace("NAME", "ok")
        + ',{"type":"Feature","properties":{"name_en":"x"},"geometry":null}]}'
    )
    return p


def points_for_polygon_role(tmp: Path) -> Path:
    p = tmp / "points.gpkg"
    _gdf([Point(49.5, 37.2)]).to_file(p)
    return p


def missing_column(tmp: Path) -> Path:
    p = tmp / "nocol.gpkg"
    _gdf([SQUARE], NAME=["A"]).to_file(p)
    return p


def mistyped_column(tmp: Path) -> Path:
    p = tmp / "mistyped.gpkg"
    _gdf([SQUARE, SQUARE], name_en=["A", "B"], pop_2016=["1200", "many"]).to_file(p)
    return p


def zip_slip(tmp: Path) -> Path:
    return _zip(tmp / "slip.zip", {"../evil.shp": b"x", "layer.dbf": b"x"})


def zip_absolute(tmp: Path) -> Path:
    return _zip(tmp / "abs.zip", {"/tmp/evil.shp": b"x"})


def zip_corrupt(tmp: Path) -> Path:
    good = _shapefile_zip(tmp, _gdf([SQUARE])).read_bytes()
    p = tmp / "corrupt.zip"
    p.write_bytes(good[: len(good) // 2])
    return p


def zip_two_shapefiles(tmp: Path) -> Path:
    return _zip(tmp / "two.zip", {"a.shp": b"x", "b.shp": b"x"})


def geojson_not_utf8(tmp: Path) -> Path:
    p = tmp / "cp1256.geojson"
    text = '{"type":"FeatureCollection","features":[' + UTF8_FEATURE + "]}"
    p.write_bytes(text.encode().replace(b"NAME", "رشت".encode("cp1256")))
    return p


def shapefile_not_utf8(tmp: Path) -> Path:
    return _shapefile_zip(tmp, _gdf([SQUARE], name_en=["رشت"]), drop=(".cpg",), encoding="cp1256")


def unsupported_kml(tmp: Path) -> Path:
    p = tmp / "layer.kml"
    p.write_text("<kml/>")
    return p


def two_layer_geopackage(tmp: Path) -> Path:
    p = tmp / "two.gpkg"
    _gdf([SQUARE]).to_file(p, layer="a")
    _gdf([SQUARE]).to_file(p, layer="b")
    return p


def geotiff_without_crs(tmp: Path) -> Path:
    p = tmp / "dem.tif"
    profile = {"driver": "GTiff", "width": 3, "height": 3, "count": 1, "dtype": "float32"}
    with rasterio.open(p, "w", transform=from_origin(49.5, 37.3, 0.01, 0.01), **profile) as dst:
        dst.write(np.ones((1, 3, 3), dtype="float32"))
    return p


def geotiff_all_nodata(tmp: Path) -> Path:
    p = tmp / "nodata.tif"
    profile = {"driver": "GTiff", "width": 3, "height": 3, "count": 1, "dtype": "float32", "nodata": -9999}
    with rasterio.open(p, "w", crs="EPSG:4326", transform=from_origin(49.5, 37.3, 0.01, 0.01), **profile) as dst:
        dst.write(np.full((1, 3, 3), -9999, dtype="float32"))
    return p


def corrupt_geotiff(tmp: Path) -> Path:
    p = tmp / "broken.tif"
    p.write_bytes(b"II*\x00not a tiff")
    return p


CASES: list[tuple[Callable[[Path], Path], dict, type[LayerError], list[str]]] = [
    (empty_geojson, {}, EmptyLayerError, ["no features"]),
    (zero_bytes, {}, EmptyLayerError, ["0 bytes"]),
    (shapefile_without_prj, {}, MissingCRSError, ["no coordinate reference system", "EPSG:4326", ".prj"]),
    (swapped_lat_lon, {}, OutsideGilanError, ["outside Gilan", "swapped"]),
    (wrong_crs, {}, OutsideGilanError, ["EPSG:3857", "outside Gilan", "EPSG:4326"]),
    (self_intersecting, {}, InvalidGeometryError, ["1 feature(s) have invalid geometry", "row 1", "Self-intersection"]),
    (null_geometry, {}, InvalidGeometryError, ["no geometry", "rows 1"]),
    (points_for_polygon_role, {"spec": COUNTIES}, GeometryTypeError, ["needs Polygon", "1 Point"]),
    (missing_column, {"spec": COUNTIES}, ColumnError, ["missing column(s) ['name_en']", "NAME", "rename"]),
    (mistyped_column, {"spec": COUNTIES}, ColumnError, ["'pop_2016' must hold int", "rows 1", "'many'"]),
    (zip_slip, {}, UnsafeArchiveError, ["'../evil.shp' points outside the folder"]),
    (zip_absolute, {}, UnsafeArchiveError, ["'/tmp/evil.shp' points outside the folder"]),
    (zip_corrupt, {}, UnsafeArchiveError, ["not a readable zip"]),
    (zip_two_shapefiles, {}, UnsupportedFormatError, ["2 .shp files"]),
    (geojson_not_utf8, {}, EncodingError, ["not UTF-8", ".cpg"]),
    (shapefile_not_utf8, {}, EncodingError, ["not UTF-8", "1256"]),
    (unsupported_kml, {}, UnsupportedFormatError, ["'.kml' files are not supported"]),
    (two_layer_geopackage, {}, UnsupportedFormatError, ["2 layers", "['a', 'b']"]),
    (self_intersecting, {"max_bytes": 100}, FileTooLargeError, ["above the 0 MB limit"]),
    (geotiff_without_crs, {}, MissingCRSError, ["GeoTIFF has no CRS"]),
    (geotiff_all_nodata, {}, EmptyLayerError, ["every cell of the raster is nodata"]),
    (corrupt_geotiff, {}, UnsupportedFormatError, ["cannot be read as a GeoTIFF"]),
]


@pytest.mark.parametrize(("make", "kwargs", "error", "words"), CASES, ids=[c[0].__name__ for c in CASES])
def test_bad_file_gives_named_error_with_layer_problem_and_fix(
    tmp_path: Path, make: Callable[[Path], Path], kwargs: dict, error: type[LayerError], words: list[str]
) -> None:
    path = make(tmp_path)
    with pytest.raises(error) as caught:
        read_layer_file(path, layer="my upload", **kwargs)
    message = str(caught.value)
    assert message.startswith("layer 'my upload': ")
    assert "Fix: " in message
    assert "\n" not in message
    for word in words:
        assert word in message


@pytest.mark.parametrize(("make", "kwargs"), [c[:2] for c in CASES], ids=[c[0].__name__ for c in CASES])
def test_failed_load_leaves_no_files_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[Path], Path], kwargs: dict
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    src = tmp_path / "src"
    src.mkdir()
    path = make(src)
    before = sorted(p.name for p in src.iterdir())
    with pytest.raises(LayerError):
        read_layer_file(path, **kwargs)
    assert list(scratch.iterdir()) == []
    assert sorted(p.name for p in src.iterdir()) == before
    assert not (tmp_path / "evil.shp").exists()
    assert not Path("/tmp/evil.shp").exists()


def test_repair_makes_the_bowtie_valid_and_keeps_its_area(tmp_path: Path) -> None:
    gdf = read_vector_file(self_intersecting(tmp_path), repair=True)
    assert gdf.is_valid.all()
    assert gdf.crs == "EPSG:32639"
    # make_valid splits the bowtie into two triangles: half the square's area.
    assert gdf.area.iloc[1] == pytest.approx(gdf.area.iloc[0] / 2, rel=1e-3)


def test_good_shapefile_with_code_page_reads_persian_text(tmp_path: Path) -> None:
    path = _shapefile_zip(tmp_path, _gdf([SQUARE], name_en=["رشت"]), encoding="cp1256")
    gdf = read_vector_file(path, spec=COUNTIES)
    assert gdf.name_en.tolist() == ["رشت"]
    assert gdf.crs == "EPSG:32639"
    # 0.1 x 0.1 degrees at 37.25 N: 11.1 km x 8.85 km, about 98.3 km².
    assert gdf.area.iloc[0] / 1e6 == pytest.approx(98.3, rel=0.01)


def test_missing_crs_can_be_supplied_by_the_planner(tmp_path: Path) -> None:
    gdf = read_vector_file(shapefile_without_prj(tmp_path), assume_crs="EPSG:4326")
    assert gdf.crs == "EPSG:32639"


def test_optional_columns_are_typed_and_empty_cells_stay_unknown(tmp_path: Path) -> None:
    path = tmp_path / "c.gpkg"
    _gdf([SQUARE, SQUARE], name_en=["A", "B"], pop_2016=[1200.0, None], deprived=["yes", ""]).to_file(path)
    gdf = read_vector_file(path, spec=COUNTIES)
    assert gdf.pop_2016.tolist()[0] == 1200
    assert gdf.pop_2016.isna().tolist() == [False, True]
    assert gdf.deprived.tolist()[0] is True
    assert gdf.deprived.isna().tolist() == [False, True]


def test_geotiff_is_warped_to_utm_39n(tmp_path: Path) -> None:
    path = tmp_path / "dem.tif"
    values = np.arange(100, dtype="float32").reshape(1, 10, 10)
    profile = {"driver": "GTiff", "width": 10, "height": 10, "count": 1, "dtype": "float32"}
    with rasterio.open(path, "w", crs="EPSG:4326", transform=from_origin(49.5, 37.3, 0.01, 0.01), **profile) as dst:
        dst.write(values)
    raster = read_layer_file(path)
    assert isinstance(raster, RasterLayer)
    assert raster.crs == "EPSG:32639"
    # 0.01 degree of longitude at 37.25 N is about 885 m; the warp keeps a similar cell size.
    assert 700 < raster.cell_size_m < 1200
    assert np.nanmin(raster.values) >= 0
    assert np.nanmax(raster.values) <= 99


def test_zip_that_expands_past_the_limit_is_refused_before_extracting(tmp_path: Path) -> None:
    bomb = _zip(tmp_path / "bomb.zip", {"layer.shp": b"\0" * 100_000})
    assert bomb.stat().st_size < 1_000
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(UnsafeArchiveError, match="expands past"):
        safe_extract_zip(bomb, dest, layer="bomb", max_bytes=10_000)
    assert list(dest.iterdir()) == []


def test_atomic_path_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "saved.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["saved.csv"]
    with atomic_path(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["saved.csv"]


@pytest.mark.parametrize("layer", ["rivers", "wells", "qanats", "villages", "health_education"])
def test_a_planners_layer_needs_no_column_the_analysis_does_not_use(layer: str) -> None:
    """Rivers from a water company carry no WDBII level, wells often no name: only geometry is needed."""
    from shapely.geometry import LineString, Point

    from layers.catalogue import load_catalogue
    from layers.validate import validate_vector

    spec = load_catalogue()[layer]
    x, y = 400_000.0, 4_100_000.0  # in Gilan, EPSG:32639
    shape = LineString([(x, y), (x + 500, y)]) if spec.geometry == "LineString" else Point(x, y)
    checked = validate_vector(gpd.GeoDataFrame({"id": [1]}, geometry=[shape], crs=32639), layer=layer, spec=spec)
    assert len(checked) == 1


def test_a_point_role_that_takes_areas_keeps_the_polygons_and_refuses_lines(tmp_path: Path) -> None:
    villages = load_catalogue()["villages"]
    assert villages.areas_too and villages.geometry_label == "Point or Polygon"
    path = tmp_path / "villages.gpkg"
    _gdf([SQUARE, Point(49.7, 37.25)], name=["Kuchesfahan", "Lasht-e Nesha"]).to_file(path)
    data = read_vector_file(path, spec=villages)
    assert sorted(data.geom_type) == ["Point", "Polygon"] and data.crs.to_epsg() == 32639
    assert data.geometry.iloc[0].area == pytest.approx(8.9e3 * 11.1e3, rel=0.02)  # the area kept, not a point
    lines = tmp_path / "lines.gpkg"
    _gdf([LineString([(49.5, 37.2), (49.6, 37.3)])], name=["road"]).to_file(lines)
    with pytest.raises(GeometryTypeError, match="needs Point or Polygon features but the file has 1 LineString"):
        read_vector_file(lines, spec=villages)


def test_a_point_only_role_still_refuses_polygons(tmp_path: Path) -> None:
    towns = load_catalogue()["towns"]
    assert not towns.areas_too
    path = tmp_path / "towns.gpkg"
    _gdf([SQUARE]).to_file(path)
    with pytest.raises(GeometryTypeError, match="needs Point features but the file has 1 Polygon"):
        read_vector_file(path, spec=towns)
