"""Benchmark the app in a real browser: first page load, and a weight move until the map and ranking update.

    .venv/bin/python bench/bench_ui.py          # starts the app on a free port, drives Debian chromium

Targets (issue "A working map a GIS planner would keep open all day"): first open to an idle page <= 3 s
after the server is up; switching pages <= 1 s; from moving a weight to the updated map and ranking on
screen <= 0.5 s at 100 m and <= 1.5 s at 30 m, each move after a pause of PAUSE_S as a planner's. Prints each
figure next to its target, after the floor of an almost empty Streamlit page opened and moved the same way in
the same browser; asserts nothing.

"On screen" is read in the page on every animation frame (SCREEN): the ranking table's pixels and the score
image both changed, and Streamlit's running widget gone. The table's accessibility text, which the grid
fills in about 0.2 s after it draws the new ranking, is timed and printed too.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from tests.ui.test_browser import CHROMIUM, CHROMIUM_ARGS, _free_port, _slider, serve_app  # noqa: E402

LOAD_TARGET_S = 3.0
SWITCH_TARGET_S = 1.0
WEIGHT_TARGET_S = {100: 0.5, 30: 1.5}
# A planner looks at the map before the next move. The pause matters on a virtual machine whose host takes
# back freed memory within a second: back-to-back moves would hide what touching it again costs.
PAUSE_S = 2.0
SLIDERS = ("In a rural zone", "Distance from large cities", "Access to a town (labour, services)")


def _map_and_idle(page: Page) -> None:
    page.frame_locator("iframe").first.locator(".leaflet-container").wait_for(timeout=120_000)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=120_000)


# What the planner sees, read in the page: the pixels of the ranking table (a hash of its canvas, where
# glide-data-grid draws it), the score image on the map (the last image overlay of the map's iframe), whether
# Streamlit's "running" widget shows, and the table's accessibility text (which the grid fills in some 0.2 s
# after drawing, so it is timed too but is not what the target is about).
BUSY = """() => {
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  return !!status && status.getClientRects().length > 0 && getComputedStyle(status).visibility !== 'hidden';
}"""
SCREEN = """() => {
  const tables = document.querySelectorAll('[data-testid="stDataFrame"]');
  const table = tables[tables.length - 1];
  let pixels = 'none';
  const canvas = table && table.querySelector('canvas[data-testid="data-grid-canvas"]');
  if (canvas && canvas.width && canvas.height) {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let hash = 0;
    for (let i = 0; i < data.length; i += 3) hash = (hash * 31 + data[i]) | 0;
    pixels = String(hash);
  }
  let score = 'none';
  for (const frame of document.querySelectorAll('iframe')) {
    const overlays = frame.contentDocument ? frame.contentDocument.querySelectorAll('img.leaflet-image-layer') : [];
    if (overlays.length) score = overlays[overlays.length - 1].src;
  }
  const busy = (BUSY)();
  const text = table ? Array.from(table.querySelectorAll('[role="gridcell"]'), c => c.innerText).join(' ') : '';
  return {pixels, score, busy, text};
}""".replace("(BUSY)", f"({BUSY})")
DRAWN = f"""([before]) => {{ const now = ({SCREEN})();
  return now.pixels !== before.pixels && now.score !== before.score && !now.busy; }}"""
TEXT = f"""([before]) => ({SCREEN})().text !== before.text"""
# The floor's text drawn and its page idle, read the same way.
SHOWS = f"""([want]) => !({BUSY})() && Array.from(
  document.querySelectorAll('[data-testid="stMarkdownContainer"]'), e => e.innerText.trim()).includes(want)"""


def _moves(page: Page, count: int) -> tuple[list[float], list[float]]:
    """Seconds from a weight slider's key press until the new ranking and the new score image are drawn and the
    page is idle, ``count`` times, each after a pause of PAUSE_S; and until the table's accessibility text
    shows the new ranking too (which also checks that the move changed the ranking)."""
    drawn, text = [], []
    for i in range(count):
        page.wait_for_timeout(PAUSE_S * 1000)
        slider = _slider(page, SLIDERS[i % len(SLIDERS)])
        before = page.evaluate(SCREEN)
        slider.focus()
        start = time.perf_counter()
        slider.press("Home" if i % 2 == 0 else "End")
        page.wait_for_function(DRAWN, arg=[before], polling="raf", timeout=60_000)
        drawn.append(time.perf_counter() - start)
        page.wait_for_function(TEXT, arg=[before], polling="raf", timeout=60_000)
        text.append(time.perf_counter() - start)
    return drawn, text


def _open(page: Page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url)
    _map_and_idle(page)
    page.locator('[data-testid="stDataFrame"]').last.locator('[role="gridcell"]').first.wait_for(state="attached")
    return time.perf_counter() - start


def _line(label: str, seconds: float, target: float) -> str:
    return f"{label}: {seconds:.2f} s (target <= {target:g} s, ratio {seconds / target:.2f})"


# The framework's own floor, measured the same way: a Streamlit page with one slider and one line of text.
EMPTY_APP = """
import streamlit as st
value = st.slider("Weight", 0, 100, 50)
st.write(f"value {value}")
"""


def _empty_page_floor(browser: Browser, folder: Path) -> tuple[float, float]:
    """First open to an idle page, and a slider move to the updated text, of an (almost) empty Streamlit app
    served by `streamlit run` in the same browser: what no page of ours can go below on this machine."""
    script = folder / "empty_app.py"
    script.write_text(EMPTY_APP, encoding="utf-8")
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    command += ["--server.headless", "true", "--server.fileWatcherType", "none"]
    server = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                    break
            except OSError:
                time.sleep(0.25)
        page = browser.new_page(viewport={"width": 1500, "height": 1300})
        start = time.perf_counter()
        page.goto(url)
        page.get_by_text("value 50").wait_for(timeout=60_000)
        page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)
        opened = time.perf_counter() - start
        moves = []
        for i in range(6):
            page.wait_for_timeout(PAUSE_S * 1000)
            slider = page.get_by_role("slider")
            slider.focus()
            start = time.perf_counter()
            slider.press("Home" if i % 2 == 0 else "End")
            want = "value 0" if i % 2 == 0 else "value 100"
            page.wait_for_function(SHOWS, arg=[want], polling="raf", timeout=60_000)
            moves.append(time.perf_counter() - start)
        page.close()
        return opened, statistics.median(moves)
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> int:
    lines = []
    with tempfile.TemporaryDirectory() as workspace, serve_app(Path(workspace)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        floor_open, floor_move = _empty_page_floor(browser, Path(workspace))
        lines.append(
            f"floor, an empty Streamlit page (one slider, one line), same browser: first open {floor_open:.2f} s, "
            f"slider move to updated text {floor_move:.2f} s (median of 6, each after a {PAUSE_S:g} s pause)"
        )
        page = browser.new_page(viewport={"width": 1500, "height": 1300})
        start = time.perf_counter()
        page.goto(url)
        _map_and_idle(page)
        lines.append(
            _line("first open (Map explorer, bundled data) to an idle page", time.perf_counter() - start, LOAD_TARGET_S)
        )
        for resolution in (100, 30):
            built = _open(page, f"{url}/suitability?resolution={resolution}")
            lines.append(f"Suitability at {resolution} m, first open (the model is built): {built:.2f} s")
            moves, texts = _moves(page, 6)
            lines.append(
                _line(
                    f"weight move to the new score image and ranking drawn, page idle, {resolution} m, median of "
                    f"{len(moves)}, each after a {PAUSE_S:g} s pause",
                    statistics.median(moves),
                    WEIGHT_TARGET_S[resolution],
                )
                + f"; all: {', '.join(f'{m:.2f}' for m in moves)}"
            )
            lines.append(
                f"  the ranking's accessibility text (the old end point), median {statistics.median(texts):.2f} s"
                f"; all: {', '.join(f'{m:.2f}' for m in texts)}"
            )
            if resolution == 100:
                switches = []
                for name in ("Site inspector", "Suitability", "Land budget", "Suitability"):
                    start = time.perf_counter()
                    page.locator('[data-testid="stSidebarNav"]').get_by_text(name, exact=True).click()
                    page.get_by_role("heading", name=name, exact=True).first.wait_for(timeout=60_000)
                    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=120_000)
                    switches.append(time.perf_counter() - start)
                lines.append(
                    _line(
                        f"page switch (model cached), median of {len(switches)}",
                        statistics.median(switches),
                        SWITCH_TARGET_S,
                    )
                    + f"; all: {', '.join(f'{m:.2f}' for m in switches)}"
                )
        browser.close()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
