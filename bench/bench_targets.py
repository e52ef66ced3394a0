"""Benchmark: our own figures against the speed and memory targets of issue 14 (no GRASS needed).

- reweight + relocate + rank at 30 m, in process: the part that runs when the planner moves a weight
  (model.score, locate_sites with its ranking, rank_stability), median over weight vectors, target 0.2 s;
  run_scenario as a whole (with the explanation) is printed beside it;
- bytes per cell at 30 m: peak RSS of the whole `python -m spatial suitability --resolution 30` process
  (writing the sites and the score raster) over the grid's cells, target 45;
- cold command line at 100 m: `python -m spatial suitability --resolution 100`, whole process by the wall
  clock, median of several runs, target 1.5 s; beside it, measured the same way, the floor: a process that
  only imports the libraries the command needs, and one that only imports the command's module.

    .venv/bin/python bench/bench_targets.py            # about a minute
    .venv/bin/python bench/bench_targets.py --draws 21 --runs 7

Figures vary with the machine and its load; the load average is printed with them. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from layers.catalogue import load_catalogue  # noqa: E402
from layers.io import load_all_bundled  # noqa: E402
from spatial import build_scenario_model, load_profile, resolve_scenario, run_scenario  # noqa: E402
from spatial.grid import analysis_grid  # noqa: E402
from spatial.model import SuitabilityModel  # noqa: E402
from spatial.pipeline import Scenario  # noqa: E402
from spatial.sites import explain_sites, locate_sites, rank_stability  # noqa: E402

PROFILE = "gilan-industrial"
REWEIGHT_TARGET_S = 0.2  # 30 m: score + locate_sites (ranked) + rank_stability, in process, at most
REWEIGHT_TARGET_M = 30.0
BYTES_PER_CELL_TARGET = 45.0  # 30 m: peak RSS of the whole `suitability` process / grid cells, at most
BYTES_PER_CELL_TARGET_M = 30.0
COLD_TARGET_S = 1.5  # `suitability --resolution 100`, whole process, wall clock, at most
COLD_TARGET_M = 100.0
# The libraries a `suitability` run cannot do without, imported and nothing else: the cold run's floor.
LIBRARY_FLOOR = "import geopandas, pyogrio, rasterio.features, edt"

# A small launcher forks the command: a child spawned straight from this (large) process would start its
# peak-memory count at this process's own peak (Linux carries the old memory's high-water mark over exec).
LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{seconds} {usage.ru_maxrss * 1024} {os.waitstatus_to_exitcode(status)}")
"""


def run_process(command: list[str], log: Path) -> tuple[float, int]:
    """Wall-clock seconds and peak RSS in bytes (of the largest process of its tree) of a command run to its end."""
    figures = log.with_suffix(".figures")
    with log.open("w") as out:
        subprocess.run([sys.executable, "-c", LAUNCHER, str(figures), *command], cwd=PROJECT, stdout=out, stderr=out)
    seconds, peak, code = figures.read_text().split()
    if int(code) != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise SystemExit(f"bench: `{' '.join(command)}` failed with exit code {code}:\n{tail}")
    return float(seconds), int(peak)


def ours_command(resolution: float, group: str, out: Path | None) -> list[str]:
    """Our whole `suitability` command, writing the sites and the score raster into ``out`` when given."""
    command = [sys.executable, "-m", "spatial", "suitability", "--profile", PROFILE, "--group", group]
    command += ["--resolution", f"{resolution:g}"]
    if out is not None:
        command += ["--out", str(out / "sites.gpkg"), "--score", str(out / "score.tif")]
    return command


def weight_vectors(model: SuitabilityModel, scenario: Scenario, draws: int) -> list[dict[str, float]]:
    """The scenario's weights, then Dirichlet draws over the model's criteria (the same for every run)."""
    rng = np.random.default_rng(1)
    ids = [c.id for c in model.criteria]
    return [dict(scenario.weights)] + [
        dict(zip(ids, rng.dirichlet(np.ones(len(ids))).tolist(), strict=True)) for _ in range(draws - 1)
    ]


def reweight_latency(model: SuitabilityModel, scenario: Scenario, draws: int) -> dict[str, list[float]]:
    """Seconds per weight vector of each step that runs when the weights change, and of run_scenario whole."""
    method = scenario.method
    locate_sites(model, model.score(dict(scenario.weights), method), method=method)  # first touch, untimed
    steps: dict[str, list[float]] = {"score": [], "locate": [], "stability": [], "explain": [], "run_scenario": []}
    for weights in weight_vectors(model, scenario, draws):
        t0 = time.perf_counter()
        score = model.score(weights, method)
        t1 = time.perf_counter()
        sites = locate_sites(model, score, weights=weights, method=method, min_score=scenario.min_score)
        t2 = time.perf_counter()
        rank_stability(model, sites, method=method)
        t3 = time.perf_counter()
        explain_sites(model, sites)
        t4 = time.perf_counter()
        run_scenario(model, scenario.with_weights(weights))
        t5 = time.perf_counter()
        for key, seconds in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
            steps[key].append(seconds)
    steps["total"] = [a + b + c for a, b, c in zip(steps["score"], steps["locate"], steps["stability"], strict=True)]
    return steps


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} on {os.cpu_count()} cores"


def bench_reweight(resolution: float, group: str, draws: int, say: Callable[[str], None]) -> None:
    """The in-process reweighting figures at one cell size."""
    scenario = resolve_scenario(load_profile(PROFILE), group=group, resolution_m=resolution)
    catalogue = load_catalogue()
    model = build_scenario_model(scenario, load_all_bundled(catalogue), illustrative=catalogue.illustrative)
    grid = model.grid
    steps = reweight_latency(model, scenario, draws)
    target = f" (target <= {REWEIGHT_TARGET_S:g} s)" if resolution == REWEIGHT_TARGET_M else ""
    say(
        f"{resolution:g} m, group {group}: {grid.width} x {grid.height} = {grid.width * grid.height / 1e6:.1f} M "
        f"cells, {model.study_area.sum() / 1e6:.1f} M in the province; {_load()}\n"
        f"  reweight + relocate + rank, in process, median of {draws} weight vectors: {_ms(steps['total'])}{target}\n"
        f"    score {_ms(steps['score'])}; locate_sites with its ranking {_ms(steps['locate'])}; "
        f"rank_stability ({model.profile.sites.draws} draws) {_ms(steps['stability'])}\n"
        f"    explain_sites {_ms(steps['explain'])}; run_scenario as a whole {_ms(steps['run_scenario'])}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", default="d", help="pollution group")
    parser.add_argument("--draws", type=int, default=11, help="weight vectors for the reweighting (median)")
    parser.add_argument("--runs", type=int, default=5, help="runs of the cold command line (median)")
    parser.add_argument("--resolutions", type=float, nargs="+", default=[100.0, 30.0], help="reweighting cell sizes")
    args = parser.parse_args()
    say = print
    say(f"model: {PROFILE} {load_profile(PROFILE).version}, group {args.group}, bundled data")
    for resolution in args.resolutions:
        bench_reweight(resolution, args.group, args.draws, say)
    with tempfile.TemporaryDirectory(prefix="gilan-bench-") as tmp:
        work = Path(tmp)
        cold = [run_process(ours_command(COLD_TARGET_M, args.group, None), work / "cold.log") for _ in range(args.runs)]
        seconds = [s for s, _ in cold]
        say(
            f"cold `python -m spatial suitability --resolution {COLD_TARGET_M:g}`, no output files, whole process, "
            f"median of {args.runs}: {statistics.median(seconds):.2f} s (min {min(seconds):.2f}, "
            f"max {max(seconds):.2f}) (target <= {COLD_TARGET_S:g} s); {_load()}"
        )
        for label, code in (("its libraries alone", LIBRARY_FLOOR), ("its own imports", "import spatial.cli")):
            floor = [run_process([sys.executable, "-c", code], work / "floor.log")[0] for _ in range(args.runs)]
            say(
                f"  floor, {label}: `python -c '{code}'`, whole process, median of {args.runs}: "
                f"{statistics.median(floor):.2f} s ({statistics.median(floor) / COLD_TARGET_S:.0%} of the target)"
            )
        _, peak = run_process(ours_command(BYTES_PER_CELL_TARGET_M, args.group, work), work / "memory.log")
        province = load_all_bundled(load_catalogue())["province"].geometry.union_all()
        grid = analysis_grid(province, BYTES_PER_CELL_TARGET_M)
        cells = grid.width * grid.height
        say(
            f"peak memory of the whole `suitability --resolution {BYTES_PER_CELL_TARGET_M:g}` process (sites and score "
            f"raster written): {peak / 1e9:.2f} GB for {cells / 1e6:.1f} M grid cells = {peak / cells:.1f} B per cell "
            f"(target <= {BYTES_PER_CELL_TARGET:g} B per cell)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
