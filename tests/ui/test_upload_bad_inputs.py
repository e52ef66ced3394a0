"""The My data page refuses what planners really upload, in one readable line, and keeps what was saved.

Each case goes through the real page (AppTest): upload, pick the role, press the button. The page
must show one red message naming the file, the problem and the fix, no exception, and the layers
saved before (a good roads layer) must stay exactly as they were.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString

from tests.ui.conftest import open_page, project_dir, upload

SESSION = "fedcba9876543210fedcba9876543210"
PLOTS_HEADER = "estate,plot_id,area_ha,status,years_idle\n"


def _roads_geojson() -> bytes:
    roads = gpd.GeoDataFrame({"road_class": ["main"]}, geometry=[LineString([(49.5, 37.2), (49.6, 37.25)])], crs=4326)
    return roads.to_json().encode()


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _no_crs() -> bytes:
    doc = json.loads(_roads_geojson())
    for feature in doc["features"]:
        feature["geometry"]["coordinates"] = [[400000, 4120000], [401000, 4121000]]
    doc.pop("crs", None)
    return json.dumps(doc).encode()


CASES = [
    ("truncated GeoTIFF", "dem.tif", "dem", b"II*\x00" + b"\x00" * 40, "truncated or corrupt"),
    ("empty file", "roads.geojson", "roads", b"", "empty"),
    ("zip without .shx", "roads.zip", "roads", _zip({"roads.shp": b"x" * 100, "roads.dbf": b"x"}), ".shx"),
    ("zip slip", "roads.zip", "roads", _zip({"../../evil.shp": b"x"}), "outside the folder"),
    ("UTM metres without CRS", "roads.geojson", "roads", _no_crs(), "EPSG:32639"),
    ("roads as villages", "roads.geojson", "villages", _roads_geojson(), "Point"),
    (
        "plots negative area",
        "plots.csv",
        "plots",
        (PLOTS_HEADER + "Shaft industrial estate,1,-2,idle,3\n").encode(),
        "-2",
    ),
    (
        "plots unknown estate",
        "plots.csv",
        "plots",
        (PLOTS_HEADER + "Shaft estate,1,2,idle,3\n").encode(),
        "Shaft industrial estate",
    ),
    (
        "plots repeated id",
        "plots.csv",
        "plots",
        (PLOTS_HEADER + "Shaft industrial estate,1,2,idle,3\n" * 2).encode(),
        "'1'",
    ),
    ("plots in Windows Persian", "plots.csv", "plots", (PLOTS_HEADER + "شفت,1,2,idle,3\n").encode("cp1256"), "UTF-8"),
]


@pytest.mark.parametrize(("case", "name", "role", "data", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_upload_is_one_readable_line_and_the_saved_layers_stay(
    case: str, name: str, role: str, data: bytes, words: str, own_workspace: Path
) -> None:
    at = open_page("ui/my_data.py", session_id=SESSION)
    upload(at, "roads.geojson", _roads_geojson(), "roads", mime="application/geo+json")
    assert at.success, "the good roads layer is saved first"
    saved = project_dir(own_workspace, SESSION) / "layers"
    before = {p.name: p.read_bytes() for p in saved.iterdir()}

    upload(at, name, data, role, mime="application/octet-stream")
    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    assert name in message and words in message and "Fix:" in message, message
    assert "\n" not in message and "Traceback" not in message and "gilan-upload-" not in message
    assert {p.name: p.read_bytes() for p in saved.iterdir()} == before
    assert not (own_workspace / "evil.shp").exists()
