"""The command line refuses bad input in one line, exit code 2, before any work, and leaves nothing behind.

Each case is what a planner really types or brings: a GPS app's latitude first, UTM metres where
degrees are asked, a decimal comma, a Persian group letter, a Word file name for a report, a folder
that does not exist, a plot table from Excel. A previously saved result beside the outputs must
stay byte for byte as it was, and no temporary file may remain.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from spatial.cli import main

OLD = b"previous run"


def _points(path: Path) -> None:
    gpd.GeoDataFrame({"name_en": ["p"]}, geometry=[Point(49.6, 37.2)], crs=4326).to_file(path)


def _parcels_outside(path: Path) -> None:
    gpd.GeoDataFrame({"name_en": ["p"]}, geometry=[box(51.3, 35.6, 51.4, 35.7)], crs=4326).to_file(path)


def _write(text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_bytes(text.encode(encoding))


PLOTS_HEADER = "estate,plot_id,area_ha,status,years_idle\n"

# (case id, arguments ({d} is the case folder), file to create there or None, words the message must hold)
CASES: list[tuple[str, list[str], tuple[str, Callable[[Path], None]] | None, str]] = [
    # cell size
    ("resolution zero", ["suitability", "--resolution", "0"], None, "must be above 0"),
    ("resolution negative", ["suitability", "--resolution", "-5"], None, "must be above 0"),
    ("resolution nan", ["suitability", "--resolution", "nan"], None, "not a finite number"),
    ("resolution inf", ["budget", "--resolution", "inf"], None, "not a finite number"),
    ("resolution with unit", ["suitability", "--resolution", "100m"], None, "'100m' is not a number"),
    ("resolution decimal comma", ["why", "--lon", "49.6", "--lat", "37.2", "--resolution", "30,5"], None, "not a"),
    ("resolution 1 m", ["suitability", "--resolution", "1"], None, "use cells of 18 m or more"),
    ("resolution 5 m", ["budget", "--resolution", "5"], None, "GB of memory"),
    ("resolution larger than Gilan", ["suitability", "--resolution", "1e7"], None, "no cell centre"),
    # locations
    ("lat and lon swapped", ["why", "--lon", "37.28", "--lat", "49.58"], None, "outside Gilan"),
    ("Tehran", ["why", "--lon", "51.39", "--lat", "35.69"], None, "35.69000 N, 51.39000 E is outside Gilan"),
    ("UTM metres as degrees", ["why", "--lon", "400000", "--lat", "4120000"], None, "looks like metres (UTM)"),
    ("latitude 100", ["why", "--lon", "49.6", "--lat", "100"], None, "not between -90 and 90"),
    ("longitude 200", ["why", "--lon", "200", "--lat", "37.2"], None, "not between -180 and 180"),
    ("latitude nan", ["why", "--lon", "49.6", "--lat", "nan"], None, "not a finite number"),
    ("longitude infinity", ["why", "--lon", "inf", "--lat", "37.2"], None, "not a finite number"),
    ("degrees with a comma", ["why", "--lon", "49,6", "--lat", "37,2"], None, "is not a number"),
    ("degrees minutes seconds", ["why", "--lon", "49°36'", "--lat", "37°16'"], None, "is not a number"),
    # counts
    ("report top zero", ["report", "--top", "0", "--out", "{d}/r.pdf"], None, "must be above 0"),
    ("report top negative", ["report", "--top", "-1", "--out", "{d}/r.pdf"], None, "must be above 0"),
    ("report top fraction", ["report", "--top", "2.5", "--out", "{d}/r.pdf"], None, "not a whole number"),
    ("report top word", ["report", "--top", "five", "--out", "{d}/r.pdf"], None, "is not a number"),
    ("report site zero", ["report", "--site", "0", "--out", "{d}/r.pdf"], None, "must be above 0"),
    # choices
    ("group in Persian", ["suitability", "--group", "د"], None, "unknown pollution group 'د'"),
    ("group upper case", ["budget", "--group", "E"], None, "use one of ['d', 'e']"),
    ("unknown method", ["suitability", "--method", "electre"], None, "invalid choice"),
    ("unknown language", ["report", "--lang", "de", "--out", "{d}/r.pdf"], None, "invalid choice"),
    # profiles
    ("profile path up", ["suitability", "--profile", "../policy/gilan-industrial"], None, "plain name"),
    ("profile absolute path", ["budget", "--profile", "/etc/passwd"], None, "plain name"),
    (
        "profile with suffix",
        ["why", "--profile", "gilan-industrial.toml", "--lon", "49.6", "--lat", "37.2"],
        None,
        "plain",
    ),
    ("profile unknown", ["suitability", "--profile", "tehran"], None, "no such policy profile"),
    # output paths
    ("out folder missing", ["suitability", "--out", "{d}/no/sites.gpkg"], None, "does not exist"),
    ("out is a folder", ["suitability", "--out", "{d}"], None, "is a folder"),
    ("out shapefile", ["suitability", "--out", "{d}/sites.shp"], None, "written as .gpkg"),
    ("score as png", ["suitability", "--score", "{d}/score.png"], None, "written as .tif or .tiff"),
    ("report as Word", ["report", "--out", "{d}/report.docx"], None, "'report.docx' ends in '.docx'"),
    ("report without suffix", ["report", "--out", "{d}/report"], None, "has no suffix"),
    ("budget as Excel", ["budget", "--out", "{d}/budget.xlsx"], None, "written as .csv"),
    ("inventory into a folder", ["inventory", "--out", "{d}"], None, "is a folder"),
    ("out in a system folder", ["suitability", "--out", "/proc/sites.gpkg"], None, "cannot write into the folder"),
    # input files
    ("parcels missing", ["suitability", "--parcels", "{d}/parcels.gpkg"], None, "there is no file"),
    ("parcels as points", ["suitability", "--parcels", "{d}/p.geojson"], ("p.geojson", _points), "needs Polygon"),
    ("parcels far away", ["suitability", "--parcels", "{d}/t.geojson"], ("t.geojson", _parcels_outside), "Gilan"),
    ("parcels as CSV", ["suitability", "--parcels", "{d}/p.csv"], ("p.csv", _write("a,b\n1,2\n")), "not supported"),
    ("plots missing", ["inventory", "--plots", "{d}/plots.csv"], None, "there is no file"),
    (
        "plots negative area",
        ["inventory", "--plots", "{d}/plots.csv"],
        ("plots.csv", _write(PLOTS_HEADER + "Shaft industrial estate,1,-2,idle,3\n")),
        "area_ha -2",
    ),
    (
        "plots repeated id",
        ["budget", "--plots", "{d}/plots.csv"],
        ("plots.csv", _write(PLOTS_HEADER + "Shaft industrial estate,1,2,idle,3\n" * 2)),
        "'1'",
    ),
    (
        "plots unknown estate",
        ["inventory", "--plots", "{d}/plots.csv"],
        ("plots.csv", _write(PLOTS_HEADER + "Shaft estate,1,2,idle,3\n")),
        "did you mean 'Shaft industrial estate'",
    ),
    (
        "plots not UTF-8",
        ["inventory", "--plots", "{d}/p.csv"],
        ("p.csv", _write(PLOTS_HEADER + "شفت,1,2,idle,3\n", "cp1256")),
        "UTF-8",
    ),
    ("AHP file missing", ["ahp", "{d}/m.csv"], None, "there is no file"),
    ("AHP text cells", ["ahp", "{d}/m.csv"], ("m.csv", _write("1,high\nlow,1\n")), "m.csv"),
    ("AHP not reciprocal", ["ahp", "{d}/m.csv"], ("m.csv", _write("1,3\n3,1\n")), "reciprocal"),
    ("AHP zero judgement", ["ahp", "{d}/m.csv"], ("m.csv", _write("1,0\n0,1\n")), "positive"),
    ("AHP one by one", ["ahp", "{d}/m.csv"], ("m.csv", _write("1\n")), "m.csv"),
    ("AHP empty file", ["ahp", "{d}/m.csv"], ("m.csv", _write("")), "empty"),
    ("AHP not square", ["ahp", "{d}/m.csv"], ("m.csv", _write("1,3,5\n0.333,1,3\n")), "m.csv"),
    (
        "check unknown role",
        ["layers", "--check", "{d}/p.geojson", "--role", "rivres"],
        ("p.geojson", _points),
        "rivers",
    ),
]


def _run(args: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as exit_:  # argparse refuses before main's own handler
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(("case", "args", "given", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_exit_2_and_nothing_changes(
    case: str,
    args: list[str],
    given: tuple[str, Callable[[Path], None]] | None,
    words: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture,
) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    for name in ("sites.gpkg", "sites_explained.csv", "report.pdf", "budget.csv"):
        (folder / name).write_bytes(OLD)  # a planner's earlier results
    if given is not None:
        given[1](folder / given[0])
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    code, out, err = _run([a.replace("{d}", str(folder)) for a in args], capsys)
    assert code == 2, (case, out, err)
    assert "Traceback" not in err and "Traceback" not in out
    message = err.strip().splitlines()[-1]
    assert message.startswith(("error:", "python -m spatial")), message
    assert "error:" in message and words in message, message
    assert "gilan-upload-" not in message and "/tmp/tmp" not in message
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert after == before  # nothing written, nothing left behind, nothing saved before changed


def test_the_next_run_cleans_up_after_a_killed_one(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    stale = tmp_path / ".sites.gpkg.gilan-tmp-abc123.gpkg"
    stale.write_bytes(b"half written")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    fresh = tmp_path / ".sites.gpkg.gilan-tmp-def456.gpkg"  # another run may still be writing this one
    fresh.write_bytes(b"being written")
    (tmp_path / "sites.gpkg").write_bytes(OLD)
    code, _, err = _run(["suitability", "--out", str(tmp_path / "sites.gpkg"), "--resolution", "5"], capsys)
    assert code == 2 and "GB of memory" in err
    assert not stale.exists() and fresh.exists()
    assert (tmp_path / "sites.gpkg").read_bytes() == OLD


def test_saatys_matrix_without_a_header_gives_the_published_weights(tmp_path: Path, capsys) -> None:
    matrix = tmp_path / "m.csv"
    matrix.write_text("1,3,5\n0.333333,1,3\n0.2,0.333333,1\n")
    code, out, _ = _run(["ahp", str(matrix)], capsys)
    assert code == 0
    weights = [float(line.split()[-1]) for line in out.splitlines()[:3]]
    assert weights == pytest.approx([0.637, 0.258, 0.105], abs=0.001)
    assert "consistency ratio 0.03" in out  # 0.033 (Saaty's example)
