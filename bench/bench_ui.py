"""Benchmark the app in a real browser: first page load, and a weight move until the map and ranking update.

    .venv/bin/python bench/bench_ui.py          # starts the app on a free port, drives Debian chromium

Targets (issue "The planner's web app"): first page load on the bundled data <= 5 s after the
server is up; from moving a weight to the updated map and ranking on screen at 100 m <= 1 s.
Prints the measured figures and their ratio to the targets; asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from tests.ui.test_browser import CHROMIUM, CHROMIUM_ARGS, _sites_text, _slider, serve_app  # noqa: E402

LOAD_TARGET_S = 5.0
WEIGHT_TARGET_S = 1.0
SLIDERS = ("In a rural zone", "Distance from large cities", "Access to a town (labour, services)")


def _map_and_idle(page: Page) -> None:
    page.frame_locator("iframe").first.locator(".leaflet-container").wait_for(timeout=120_000)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=120_000)


def main() -> int:
    with tempfile.TemporaryDirectory() as workspace, serve_app(Path(workspace)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1300})
        start = time.perf_counter()
        page.goto(url)
        _map_and_idle(page)
        first_load = time.perf_counter() - start

        start = time.perf_counter()
        page.goto(f"{url}/suitability")
        _map_and_idle(page)
        page.locator('[data-testid="stDataFrame"]').last.locator('[role="gridcell"]').first.wait_for(state="attached")
        suitability_cold = time.perf_counter() - start

        moves = []
        for i in range(6):
            slider = _slider(page, SLIDERS[i % len(SLIDERS)])
            before = _sites_text(page)
            slider.focus()
            start = time.perf_counter()
            slider.press("Home" if i % 2 == 0 else "End")
            while _sites_text(page) == before and time.perf_counter() - start < 30:
                page.wait_for_timeout(10)
            _map_and_idle(page)
            moves.append(time.perf_counter() - start)
        browser.close()
    move = statistics.median(moves)
    print(
        f"first page load (Map explorer, bundled data): {first_load:.2f} s; target {LOAD_TARGET_S:g} s "
        f"(ratio {first_load / LOAD_TARGET_S:.2f})\n"
        f"Suitability page, first open (model built at 100 m): {suitability_cold:.2f} s\n"
        f"weight move to updated map and ranking, 100 m, median of {len(moves)}: {move:.2f} s "
        f"(all: {', '.join(f'{m:.2f}' for m in moves)}); "
        f"target {WEIGHT_TARGET_S:g} s (ratio {move / WEIGHT_TARGET_S:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
