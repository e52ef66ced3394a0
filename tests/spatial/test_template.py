"""The data request: empty layers with the columns each rule needs, filled in QGIS, checked when they come back."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import LineString, box

from layers.catalogue import load_catalogue
from spatial.cli import main

CATALOGUE = load_catalogue()


def test_the_request_holds_one_empty_layer_per_missing_role_with_its_columns(tmp_path: Path, capsys) -> None:
    out = tmp_path / "request.gpkg"
    assert main(["template", "--out", str(out)]) == 0
    layers = {str(name): kind for name, kind in pyogrio.list_layers(out)}
    assert layers["roads"] == "MultiLineString" and layers["villages"] == "MultiPoint"
    assert layers["farmland"] == "MultiPolygon" and layers["readme"] is None
    assert "dem" not in layers and "towns" not in layers  # a raster, and a bundled layer
    roads = pyogrio.read_info(out, layer="roads")
    assert roads["features"] == 0 and list(roads["fields"]) == ["road_class"]
    farmland = pyogrio.read_info(out, layer="farmland")
    assert dict(zip(farmland["fields"], farmland["dtypes"], strict=True)) == {"capability_class": "int64"}
    readme = pyogrio.read_dataframe(out, layer="readme").set_index("layer")
    assert readme.loc["roads", "unlocks"] == "rules highways, main_roads, coastal_road; criteria road_access"
    assert readme.loc["dem", "geometry"].startswith("GeoTIFF")
    assert readme.loc["wells", "purpose_fa"] == CATALOGUE["wells"].purpose_fa  # the Persian twins, for Persian holders
    assert readme.loc["roads", "how_to_supply_fa"] == CATALOGUE["roads"].supply_fa


def test_a_filled_request_is_checked_layer_by_layer_and_says_what_it_unlocks(tmp_path: Path, capsys) -> None:
    out = tmp_path / "request.gpkg"
    assert main(["template", "--out", str(out)]) == 0
    capsys.readouterr()
    roads = gpd.GeoDataFrame({"road_class": ["main"]}, geometry=[LineString([(49.5, 37.2), (49.6, 37.25)])], crs=4326)
    pyogrio.write_dataframe(roads.to_crs(32639), out, layer="roads")
    assert main(["template", "--check", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "OK        roads: 1 features; unlocks rules highways, main_roads, coastal_road" in printed
    assert "empty     villages: not filled yet; would unlock rules settlements" in printed
    farmland = gpd.GeoDataFrame({"capability_class": ["good"]}, geometry=[box(49.5, 37.2, 49.6, 37.3)], crs=4326)
    pyogrio.write_dataframe(farmland, out, layer="farmland")
    assert main(["template", "--check", str(out)]) == 2
    captured = capsys.readouterr()
    assert "REFUSED   farmland: layer 'farmland': column 'capability_class'" in captured.out
    assert "1 layer(s) of the request are refused" in captured.err


@pytest.mark.parametrize("content", [b"", b"not a geopackage"])
def test_a_broken_request_is_one_line(tmp_path: Path, capsys, content: bytes) -> None:
    path = tmp_path / "request.gpkg"
    path.write_bytes(content)
    assert main(["template", "--check", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err and "request.gpkg" in err
