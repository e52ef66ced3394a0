"""Benchmark: the full gilan-industrial model, this tool against GRASS GIS 8.2, side by side in one run.

Both start from the same vector layers (written once to a GeoPackage), on the same aligned grid,
with the same constraints, distances, fuzzy functions, weights, minimum score and minimum area.
GRASS runs the textbook chain (v.in.ogr, v.to.rast, r.grow.distance, r.mapcalc, r.clump, r.stats);
we run build_model + score + locate_sites (which also cuts regions to estate size, checks
compactness, polygonises and ranks: more work, not less). Printed: both times and their ratio,
our peak memory, the largest difference between the two tools' distance rasters, reweighting and
sensitivity times.

    make bench            # or: .venv/bin/python bench/bench_vs_grass.py --resolutions 100 30

Needs Debian grass-core (apt-packages-bench.txt). Figures vary with the machine; nothing here is
asserted by the test suite.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyogrio
import rasterio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from layers.catalogue import load_catalogue
from layers.io import load_all_bundled
from spatial.constraints import select_features
from spatial.grid import Grid
from spatial.model import build_model
from spatial.policy import Profile, Standardise, load_profile
from spatial.sites import locate_sites, rank_stability, site_scores
from spatial.zones import rural_zones

PROFILE = "gilan-industrial"
DISTANCE_CRITERIA = ("anti_concentration", "labour_access", "cluster")


def write_inputs(gpkg: Path, profile: Profile) -> list[str]:
    """The bundled layers both tools read, plus one layer per rule/criterion for GRASS; returns skipped rules."""
    layers = load_all_bundled(load_catalogue())
    layers["rural_zones"] = rural_zones(layers["province"], layers["towns"], profile.rural)
    counties = layers["counties"].copy()
    counties["deprived_num"] = counties["deprived"].astype("boolean").fillna(False).astype(int)
    layers["counties"] = counties
    for layer_id, gdf in layers.items():
        pyogrio.write_dataframe(gdf, gpkg, layer=layer_id)
    skipped = []
    for rule in profile.constraints:
        features = select_features(layers, rule.layers, rule.where)
        if features is None:
            skipped.append(rule.id)
        else:
            pyogrio.write_dataframe(features[["geometry"]], gpkg, layer=f"c_{rule.id}")
    for criterion in profile.criteria:
        if criterion.measure == "distance" and criterion.layer in layers:
            features = select_features(layers, (criterion.layer,), criterion.where)
            pyogrio.write_dataframe(features[["geometry"]], gpkg, layer=f"k_{criterion.id}")
    return skipped


def ours(gpkg: Path, resolution: float, group: str, out_dir: Path) -> dict[str, float]:
    """Our whole run from the GeoPackage, in this (fresh) process; prints JSON figures."""
    profile = load_profile(PROFILE)
    start = time.perf_counter()
    names = [str(n) for n in pyogrio.list_layers(gpkg)[:, 0] if not str(n).startswith(("c_", "k_"))]
    layers = {name: pyogrio.read_dataframe(gpkg, layer=name) for name in names}
    model = build_model(layers, profile, group=group, resolution_m=resolution)
    score = model.score()
    sites = locate_sites(model, score)
    end_to_end = time.perf_counter() - start

    rng = np.random.default_rng(1)
    ids = [c.id for c in model.criteria]
    relocate, rerank = [], []
    for _ in range(10):
        w = dict(zip(ids, rng.dirichlet(np.ones(len(ids))), strict=True))
        t0 = time.perf_counter()
        locate_sites(model, model.score(w), weights=w)
        relocate.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        site_scores(sites.standardised, model.weight_vector(w), "wlc").argsort()
        rerank.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    rank_stability(model, sites, draws=200)
    sensitivity = time.perf_counter() - t0
    for cid in DISTANCE_CRITERIA:
        np.save(out_dir / f"ours_{cid}_{resolution:g}.npy", model.raw[cid])
    np.save(out_dir / f"study_{resolution:g}.npy", model.study_area)
    return {
        "end_to_end_s": end_to_end,
        "reweight_relocate_s": statistics.median(relocate),
        "rerank_only_s": statistics.median(rerank),
        "sensitivity_200_s": sensitivity,
        "peak_rss_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2,
        "sites": len(sites.table),
        "excluded_cells": int(model.mask.excluded.sum()),
        "grid": [model.grid.west, model.grid.north, model.grid.cell_m, model.grid.width, model.grid.height],
    }


def _fuzzy(x: str, spec: Standardise) -> str:
    """An r.mapcalc expression of our fuzzy membership (GRASS trigonometry is in degrees)."""
    a, b = spec.control[0], spec.control[1]
    t = f"max(0.0, min(1.0, ({x} - {a}) / ({b} - {a})))"
    if spec.function == "linear":
        return t if spec.direction == "increasing" else f"(1.0 - {t})"
    if spec.function == "sigmoid":
        return f"(sin({t} * 90.0) ^ 2)" if spec.direction == "increasing" else f"(cos({t} * 90.0) ^ 2)"
    if spec.direction == "decreasing":
        return f"if({x} <= {a}, 1.0, 1.0 / (1.0 + (({x} - {a}) / ({b} - {a})) ^ 2))"
    return f"if({x} >= {b}, 1.0, 1.0 / (1.0 + (({x} - {b}) / ({b} - {a})) ^ 2))"


def grass_script(gpkg: Path, grid: Grid, profile: Profile, group: str, skipped: list[str], out_dir: Path) -> str:
    """The same model as GRASS commands; distance rasters of the criteria are exported afterwards."""
    west, south, east, north = grid.bounds
    cmds = [
        "set -e",
        f"g.region w={west} e={east} s={south} n={north} res={grid.cell_m} -a --quiet",
        "export GRASS_OVERWRITE=1",
    ]
    layers = ["province", "rural_zones", "counties"]
    layers += [f"c_{r.id}" for r in profile.constraints if r.id not in skipped]
    layers += [f"k_{c.id}" for c in profile.criteria if c.measure == "distance" and c.id in DISTANCE_CRITERIA]
    for layer in layers:
        cmds.append(f"v.in.ogr input={gpkg} layer={layer} output={layer} -o --quiet")
    cmds.append("v.to.rast input=province output=province_r use=val value=1 --quiet")
    excluded = []
    for rule in profile.constraints:
        if rule.id in skipped:
            continue
        name = f"c_{rule.id}"
        cmds.append(f"v.to.rast input={name} output={name}_r use=val value=1 type=point,line,area --quiet")
        cmds.append(f"r.grow.distance input={name}_r distance={name}_d metric=euclidean --quiet")
        excluded.append(f"{name}_d <= {rule.buffer_m[group]}")
    cmds.append(f"r.mapcalc expression='excluded = if({' || '.join(excluded)}, 1, 0)' --quiet")
    terms = []
    weights = profile.weights()
    for c in profile.criteria:
        if c.measure == "distance" and c.id in DISTANCE_CRITERIA:
            cmds.append(f"v.to.rast input=k_{c.id} output=k_{c.id}_r use=val value=1 type=point,line,area --quiet")
            cmds.append(f"r.grow.distance input=k_{c.id}_r distance=k_{c.id}_d metric=euclidean --quiet")
            terms.append(f"{weights[c.id]} * {_fuzzy(f'k_{c.id}_d', c.standardise)}")
        elif c.measure == "zone":
            cmds.append("v.to.rast input=rural_zones output=rural_r use=val value=1 --quiet")
            terms.append(f"{weights[c.id]} * {_fuzzy('if(isnull(rural_r), 0, rural_r)', c.standardise)}")
        elif c.measure == "attribute":
            cmds.append("v.to.rast input=counties output=deprived_r use=attr attribute_column=deprived_num --quiet")
            terms.append(f"{weights[c.id]} * {_fuzzy('if(isnull(deprived_r), 0, deprived_r)', c.standardise)}")
    total = sum(weights[c.id] for c in profile.criteria if c.measure in ("distance", "zone", "attribute"))
    cmds.append(f"r.mapcalc expression='score = if(province_r, ({' + '.join(terms)}) / {total}, null())' --quiet")
    rules = profile.sites
    suitable = f"if(province_r && !excluded && score >= {rules.min_score}, 1, null())"
    cmds.append(f"r.mapcalc expression='suitable = {suitable}' --quiet")
    cmds.append("r.clump -d input=suitable output=clumps --quiet")
    min_cells = int(np.ceil(rules.min_area_ha / grid.cell_area_ha))
    cmds.append(f"r.stats -c -n input=clumps | awk '$2 >= {min_cells}' > {out_dir}/grass_regions.txt")
    cmds.append("echo GRASS_DONE")
    for cid in DISTANCE_CRITERIA:
        cmds.append(
            f"r.out.gdal input=k_{cid}_d output={out_dir}/grass_{cid}_{grid.cell_m:g}.tif format=GTiff "
            "type=Float32 --quiet -f"
        )
    return "\n".join(cmds) + "\n"


def run_grass(script: str, workdir: Path) -> float:
    """Run the script in a fresh GRASS location; returns the seconds until the model is done."""
    db = workdir / "grassdb"
    shutil.rmtree(db, ignore_errors=True)
    db.mkdir()
    subprocess.run(["grass", "-c", "EPSG:32639", "-e", str(db / "gilan")], check=True, capture_output=True)
    path = workdir / "model.sh"
    path.write_text(script)
    start = time.perf_counter()
    proc = subprocess.Popen(
        ["grass", str(db / "gilan" / "PERMANENT"), "--exec", "bash", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    elapsed = None
    for line in proc.stdout:
        if line.strip() == "GRASS_DONE":
            elapsed = time.perf_counter() - start
    if proc.wait() != 0 or elapsed is None:
        raise RuntimeError(f"GRASS failed: {proc.stderr.read() if proc.stderr else ''}")
    return elapsed


def compare_distances(out_dir: Path, resolution: float) -> float:
    """Largest |ours - GRASS| over the province, in metres, across the criteria distance rasters."""
    study = np.load(out_dir / f"study_{resolution:g}.npy")
    worst = 0.0
    for cid in DISTANCE_CRITERIA:
        mine = np.load(out_dir / f"ours_{cid}_{resolution:g}.npy")
        with rasterio.open(out_dir / f"grass_{cid}_{resolution:g}.tif") as src:
            theirs = src.read(1)
        worst = max(worst, float(np.abs(mine - theirs)[study].max()))
    return worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resolutions", type=float, nargs="+", default=[100.0, 30.0])
    parser.add_argument("--group", default="d")
    parser.add_argument("--ours", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--gpkg", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ours:
        print(json.dumps(ours(args.gpkg, args.ours, args.group, args.out)))
        return 0
    if shutil.which("grass") is None:
        print("bench: GRASS GIS not found; install Debian grass-core (apt-packages-bench.txt)", file=sys.stderr)
        return 2
    profile = load_profile(PROFILE)
    with tempfile.TemporaryDirectory(prefix="gilan-bench-") as tmp:
        work = Path(tmp)
        gpkg = work / "inputs.gpkg"
        skipped = write_inputs(gpkg, profile)
        print(f"model: {PROFILE} {profile.version}, group {args.group}; rules not applied (no layer): {skipped}")
        for resolution in args.resolutions:
            command = [sys.executable, __file__, "--ours", str(resolution), "--group", args.group]
            done = subprocess.run(
                [*command, "--gpkg", str(gpkg), "--out", str(work)],
                check=True,
                capture_output=True,
                text=True,
            )
            mine = json.loads(done.stdout.strip().splitlines()[-1])
            grid = Grid(*mine["grid"][:3], int(mine["grid"][3]), int(mine["grid"][4]))
            grass_s = run_grass(grass_script(gpkg, grid, profile, args.group, skipped, work), work)
            diff = compare_distances(work, resolution)
            regions = len((work / "grass_regions.txt").read_text().splitlines())
            cells = grid.width * grid.height / 1e6
            print(
                f"\n{resolution:g} m grid ({grid.width} x {grid.height} = {cells:.1f} M cells)\n"
                f"  end to end from the vector layers: ours {mine['end_to_end_s']:.2f} s, GRASS 8.2 {grass_s:.2f} s, "
                f"ratio GRASS/ours {grass_s / mine['end_to_end_s']:.1f}x (target >= 4x)\n"
                f"  distance rasters: largest |ours - GRASS| {diff:.2f} m (half a cell: {resolution / 2:g} m)\n"
                f"  our peak memory: {mine['peak_rss_gb']:.2f} GB (target < 3 GB at 30 m)\n"
                f"  reweight + relocate + rank (median of 10): {mine['reweight_relocate_s'] * 1000:.0f} ms; "
                f"re-rank the same sites: {mine['rerank_only_s'] * 1e6:.0f} µs "
                f"(target {'50 ms' if resolution >= 100 else '0.5 s'})\n"
                f"  sensitivity, 200 weight draws: {mine['sensitivity_200_s'] * 1000:.1f} ms "
                "(target <= 10 s at 100 m)\n"
                f"  regions >= min area before cutting: GRASS {regions}; our ranked sites: {mine['sites']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
