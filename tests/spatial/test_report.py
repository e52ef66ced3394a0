"""The site-suitability report: a real PDF whose text carries the sites' figures in each language."""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path

import matplotlib.ft2font
import pytest

from layers.catalogue import load_catalogue
from layers.io import load_all_bundled
from spatial.cli import main
from spatial.i18n import digits
from spatial.model import build_model
from spatial.pipeline import resolve_scenario, run_scenario
from spatial.policy import load_profile
from spatial.report import report_html, report_pdf
from spatial.report_map import map_font, town_labels

CATALOGUE = load_catalogue()
LAYERS = load_all_bundled(CATALOGUE)
TOP = 2


@pytest.fixture(scope="module")
def run():
    profile = load_profile("gilan-industrial")
    model = build_model(LAYERS, profile, group="d")
    result = run_scenario(model, resolve_scenario(profile, group="d"))
    return model, result, result.sites


def _pdf_text(pdf: bytes, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return pages, " ".join(text.split())  # table cells wrap their text


def test_english_pdf_has_a_page_per_site_and_their_figures(run, tmp_path: Path) -> None:
    model, result, sites = run
    html = report_html(model, result, LAYERS, CATALOGUE, lang="en", top=TOP)
    pages, text = _pdf_text(report_pdf(html), tmp_path)
    assert pages >= 2 + TOP  # summary, one page (or more) per site, sources
    for row in sites.table.head(TOP).itertuples():
        assert f"Site {row.rank}" in text
        assert f"{row.site_score:.3f}" in text and f"{row.area_ha:.1f}" in text
    assert "P(stays in top 5)" in text  # the profile's top_k, named in the header
    assert "gilan-industrial" in text and model.profile.digest in text
    assert "Distance from settlements" in text and "DOE siting rules" in text
    assert "not checked: layer missing" in text  # missing layers are said, not hidden
    assert "Constraint classes with no data" in text and "forest" in text
    assert "illustrative" in text


def test_persian_pdf_is_right_to_left_with_persian_digits_and_an_embedded_font(run, tmp_path: Path) -> None:
    model, result, sites = run
    html = report_html(model, result, LAYERS, CATALOGUE, lang="fa", top=TOP)
    assert 'dir="rtl"' in html
    assert "کمترین فاصله از سکونتگاه" in html and "DOE siting rules" not in html  # the legal basis in Persian
    pdf = report_pdf(html)
    _, text = _pdf_text(pdf, tmp_path)
    first = sites.table.iloc[0]
    assert digits(f"{first.site_score:.3f}", "fa") in text
    assert "پایداری رتبه" in text and "مبنای قانونی" in text
    assert "احتمال ماندن در ۵ رتبهٔ نخست" in html  # the profile's top_k in the header, in Persian digits
    fonts = subprocess.run(["pdffonts", str(tmp_path / "report.pdf")], capture_output=True, text=True).stdout
    assert "Vazirmatn" in fonts and " yes " in fonts  # embedded


def test_the_report_says_which_layers_are_the_planners_and_which_are_bundled(run) -> None:
    model, result, _ = run
    html = unescape(report_html(model, result, LAYERS, CATALOGUE, top=1, supplied={"roads": "roads_gilan.gpkg"}))
    assert "the planner's file roads_gilan.gpkg" in html
    assert html.count("planner's own") == 1  # only the roads; the towns still cite GeoNames
    assert "GeoNames" in html
    assert "industrial estates: Sites for new industrial estates" in html  # the programme the run serves


def test_report_command_writes_pdf_and_html(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "report.html"
    assert main(["report", "--top", "1", "--lang", "en", "--out", str(out)]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert "wrote" in capsys.readouterr().out


def test_report_on_one_site_and_on_a_rank_that_does_not_exist(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "site2.html"
    assert main(["report", "--site", "2", "--out", str(out)]) == 0
    html = out.read_text()
    assert "Site 2 ·" in html and "Site 1 ·" not in html
    assert main(["report", "--site", "99", "--out", str(tmp_path / "none.html")]) == 2
    assert "there is no site ranked 99" in capsys.readouterr().err
    assert not (tmp_path / "none.html").exists()


def test_persian_pdf_names_counties_in_persian_and_keeps_latin_runs_and_numbers_in_place(run, tmp_path: Path) -> None:
    model, result, sites = run
    html = report_html(model, result, LAYERS, CATALOGUE, lang="fa", top=TOP)
    persian = dict(zip(LAYERS["counties"]["name_en"], LAYERS["counties"]["name_fa"], strict=True))
    first = sites.table.iloc[0]
    # Latin runs (profile name and hash) and figures with units are wrapped in bidi isolates (FSI ... PDI).
    assert f"\u2068gilan-industrial {model.profile.version} (sha256 {model.profile.digest})\u2069" in unescape(html)
    assert "\u2068۱۰۰ متر\u2069" in html
    _, text = _pdf_text(report_pdf(html), tmp_path)
    plain = "".join(ch for ch in text if ch not in "\u202a\u202b\u202c\u202d\u202e\u2068\u2069")
    assert f"· {persian[first.county]}</h2>" in html and f"· {first.county}<" not in html  # site headings
    assert persian[first.county] in plain
    assert "گروه د" in plain and re.search("۱۰۰ ?متر", plain)  # pdftotext may drop the space at the run's edge
    assert f"gilan-industrial {model.profile.version} (sha256 {model.profile.digest}" in plain  # one run, in order
    assert "روستایی" in plain and "None" not in plain


def test_report_maps_name_towns_in_the_reports_language() -> None:
    towns = LAYERS["towns"]
    rasht = towns[towns.name_en == "Rasht"].geometry.iloc[0]
    around = (rasht.x - 1_000, rasht.y - 1_000, rasht.x + 1_000, rasht.y + 1_000)
    assert town_labels(towns, around, "en") == [(rasht.x, rasht.y, "Rasht")]
    assert town_labels(towns, around, "fa") == [(rasht.x, rasht.y, "رشت")]
    nameless = towns.assign(name_fa=None)
    assert town_labels(nameless, around, "fa")[0][2] == "Rasht"  # no Persian name: the English one, never blank
    west, south, east, north = towns.total_bounds
    assert len(town_labels(towns, (west - 1, south - 1, east + 1, north + 1), "fa")) == len(towns)
    # matplotlib joins Persian letters and sets them right to left only when built with libraqm (3.11 and later).
    assert hasattr(matplotlib.ft2font, "__libraqm_version__"), "matplotlib without libraqm garbles Persian labels"
    assert map_font()[0] == "Vazirmatn"


def test_site_numbers_close_together_are_moved_apart_with_a_line_to_their_site() -> None:
    import matplotlib.pyplot as plt
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    from spatial.report_map import label_sites

    fig, ax = plt.subplots(figsize=(3, 3), dpi=150)
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.set_aspect("equal")
    renderer = fig.canvas.get_renderer()
    # Four sites on one spot, a lone one far away; then the lone one under a town name.
    texts = label_sites(ax, [(5, 5)] * 4 + [(1, 1)], ["1", "2", "3", "4", "5"])
    fig.canvas.draw()  # an annotation's place is worked out when it is drawn
    boxes = [Text.get_window_extent(text, renderer) for text in texts]  # the numbers, without their lines
    gap = 3.9 * fig.dpi / 72  # LABEL_GAP_PT apart at least, or "1" beside "4" reads as "14"
    assert all(not a.padded(gap).overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert texts[0].xyann == (0.0, 0.0) and texts[0].arrow_patch is None  # the best-ranked stays on its site
    assert all(text.xyann != (0.0, 0.0) and text.arrow_patch is not None for text in texts[1:4])
    assert texts[4].xyann == (0.0, 0.0) and texts[4].arrow_patch is None  # alone: on its site
    assert [text.xy for text in texts] == [(5, 5)] * 4 + [(1, 1)]  # every line ends at its own site
    name = Bbox.from_extents(*ax.transData.transform([(7.5, 7.5), (8.5, 8.5)]).ravel())
    (town,) = label_sites(ax, [(8, 8)], ["6"], avoid=[name])
    fig.canvas.draw()
    assert town.xyann != (0.0, 0.0) and not Text.get_window_extent(town, renderer).overlaps(name)
    plt.close(fig)
