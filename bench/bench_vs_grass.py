"""Benchmark: the whole `suitability` command against the same model in GRASS GIS 8.2, process against process.

Both sides read the bundled GeoPackage (data/gilan/gilan.gpkg) from disk, compute the same rules and
criteria on the same aligned grid, and write their outputs. Each side is timed as one whole process
by the wall clock, start-up included:

- ours: ``python -m spatial suitability --resolution R --group G --out sites.gpkg --score score.tif``
  (imports, profile, layers, constraints, criteria, score, regions cut into estate-sized sites,
  polygons, ranking, 200 Monte Carlo weight draws, the explanation table, three files);
- GRASS: ``grass --tmp-location EPSG:32639 --exec bash model.sh`` (session start, v.in.ogr, the
  rules, criteria and score, r.clump, r.stats of the regions, r.out.gdal of the score, rule bits and
  suitable cells), once per constraint method:
  vector, the method of spatial/constraints.py: v.buffer (enlarged to circumscribe the true circle)
  and v.to.rast -d, so a cell goes when any part of it lies within the distance;
  raster: r.grow.distance on the full grid, cell centre to feature cell centre <= distance + half a
  cell diagonal (a centre-based rule, made conservative by the half diagonal).

GRASS is given what our model actually applies (model.mask.rules, model.criteria and
model.weight_vector() of an untimed in-process build: rules without features and placeholder
criteria are left out). The same build gives our constraint masks, score and regions for the
agreement check, which fails the bench (exit 1) beyond the tolerances below. Reweighting is timed in
that process too. Every target of issue 14 is printed next to the figure it is about, and nowhere else.

    make bench            # or: .venv/bin/python bench/bench_vs_grass.py --resolutions 100 30

Needs Debian grass-core (apt-packages-bench.txt). Figures vary with the machine and its load.
"""

from __future__ import annotations

import argparse
import math
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import rasterio
from scipy import ndimage

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from bench.bench_targets import (  # noqa: E402
    BYTES_PER_CELL_TARGET,
    BYTES_PER_CELL_TARGET_M,
    COLD_TARGET_M,
    COLD_TARGET_S,
    REWEIGHT_TARGET_M,
    REWEIGHT_TARGET_S,
    ours_command,
    reweight_latency,
    run_process,
)
from layers.catalogue import GEOPACKAGE, load_catalogue  # noqa: E402
from layers.io import load_all_bundled  # noqa: E402
from spatial.constraints import QUAD_SEGS, select_features  # noqa: E402
from spatial.grid import Grid, analysis_grid  # noqa: E402
from spatial.model import SuitabilityModel  # noqa: E402
from spatial.pipeline import build_scenario_model, resolve_scenario  # noqa: E402
from spatial.policy import Criterion, Profile, Standardise, Where, load_profile  # noqa: E402

PROFILE = "gilan-industrial"

# Targets of issue 14.
RATIO_TARGET = 8.0  # 30 m: GRASS whole process / ours whole process, at least
RATIO_TARGET_M = 30.0
# The speed and memory targets, and how our whole process is run and timed, are bench_targets.py's.

# Agreement: beyond these the bench fails. Shares are of the province's cells.
PROVINCE_TOLERANCE = 0.0001  # cells inside the province on one side only
MASK_TOLERANCE = 0.005  # cells one side excludes and the other does not, overall and for each rule
SCORE_TOLERANCE = 1e-4  # largest |score difference| over the province
SUITABLE_TOLERANCE = 0.005  # suitable cells (not excluded, score >= min_score) on one side only
REGION_AREA_TOLERANCE = 0.01  # relative difference of the land in regions >= min_area
REGION_COUNT_TOLERANCE = 0.1  # relative difference of the number of regions >= min_area (at least 1 region)

# v.buffer buffers lines and areas through GEOS with 12 segments a quadrant (vector/v.buffer/geos.c) and
# points with its own arcs, whose segment count follows `tolerance`; this one gives ours, 4 * QUAD_SEGS.
GRASS_AREA_SEGMENTS = 48
OUR_SEGMENTS = 4 * QUAD_SEGS
GRASS_POINT_TOLERANCE = 1 - math.cos(math.pi / (OUR_SEGMENTS - 0.5))
WEIGHT_DRAWS = 11
EIGHT_NEIGHBOURS = np.ones((3, 3), dtype=bool)  # 8-connected regions, as r.clump -d


# --------------------------------------------------------------------------------------------------------
# Our model as GRASS commands
# --------------------------------------------------------------------------------------------------------


def _sql(where: Where) -> str:
    """The GRASS (SQLite) condition of a rule's filter, as select_features reads it."""
    if where.at_least is not None:
        return f"CAST({where.column} AS REAL) >= {where.at_least!r}"
    words = [w.lower().replace("'", "''") for w in where.any_of]
    return " OR ".join(f"instr(lower(CAST({where.column} AS TEXT)), '{w}') > 0" for w in words)


def _f(value: float) -> str:
    return repr(float(value))


def _unit(x: str, a: float, b: float) -> str:
    return f"max(0.0, min(1.0, ({x} - {_f(a)}) / ({_f(b)} - {_f(a)})))"


def _rising(x: str, a: float, b: float, function: str) -> str:
    if function == "j_shaped":
        return f"(1.0 / (1.0 + (min({x} - {_f(b)}, 0.0) / ({_f(b)} - {_f(a)})) ^ 2))"
    if function == "sigmoid":  # GRASS trigonometry is in degrees
        return f"(sin({_unit(x, a, b)} * 90.0) ^ 2)"
    return _unit(x, a, b)


def _falling(x: str, a: float, b: float, function: str) -> str:
    if function == "j_shaped":
        return f"(1.0 / (1.0 + (max({x} - {_f(a)}, 0.0) / ({_f(b)} - {_f(a)})) ^ 2))"
    if function == "sigmoid":
        return f"(cos({_unit(x, a, b)} * 90.0) ^ 2)"
    return f"(1.0 - {_unit(x, a, b)})"


def fuzzy(x: str, spec: Standardise) -> str:
    """An r.mapcalc expression of spatial.criteria.standardise."""
    c = spec.control
    if spec.direction == "increasing":
        return _rising(x, c[0], c[1], spec.function)
    if spec.direction == "decreasing":
        return _falling(x, c[0], c[1], spec.function)
    return f"min({_rising(x, c[0], c[1], spec.function)}, {_falling(x, c[2], c[3], spec.function)})"


class GrassModel:
    """A bash script of GRASS commands; each map is made once, the first time it is asked for."""

    def __init__(self, grid: Grid, kinds: dict[str, str]) -> None:
        west, south, east, north = grid.bounds
        self.cell_m = grid.cell_m
        self.kinds = kinds  # layer id -> "point", "line" or "area"
        self.commands = [
            "set -eo pipefail",
            "export GRASS_OVERWRITE=1",
            f"g.region w={west} e={east} s={south} n={north} res={grid.cell_m} -a --quiet",
        ]
        self._maps: dict[Hashable, str] = {}

    def _once(self, key: Hashable, make: Callable[[str], list[str]]) -> str:
        if key not in self._maps:
            name = f"m{len(self._maps)}"
            self._maps[key] = name
            self.commands += make(name)
        return self._maps[key]

    def vector(self, layer: str, sql: str | None = None) -> str:
        """The features of a layer of the GeoPackage, those passing ``sql`` when given."""
        if sql is None:
            return self._once(layer, lambda n: [f"v.in.ogr input={GEOPACKAGE} layer={layer} output={n} -o --quiet"])
        source = self.vector(layer)
        return self._once((layer, sql), lambda n: [f'v.extract input={source} output={n} where="{sql}" --quiet'])

    def _burn(self, vector: str, kind: str, name: str) -> list[str]:
        """Rasterise as ours: polygons by cell centre plus every cell their boundary touches; lines, points touched."""
        if kind == "point":  # the cell holding the point (v.to.rast -d crashes on points in GRASS 8.2.1)
            return [f"v.to.rast input={vector} layer=-1 type=point output={name} use=val --quiet"]
        if kind == "line":
            return [f"v.to.rast -d input={vector} layer=-1 type=line output={name} use=val --quiet"]
        return [
            f"v.to.rast input={vector} type=area output={name}_i use=val --quiet",
            f"v.to.rast -d input={vector} layer=-1 type=boundary output={name}_b use=val --quiet",
        ]

    def _parts(self, name: str, kind: str) -> list[str]:
        """The maps _burn made: a polygon's interior and boundary stay two maps, read together by r.mapcalc."""
        return [f"{name}_i", f"{name}_b"] if kind == "area" else [name]

    def cells(self, layers: tuple[str, ...], sql: str | None) -> list[str]:
        """Maps whose cells together are the cells the selected features touch (rasterize_features)."""
        return [m for layer in layers for m in self._layer_cells(layer, sql)]

    def _layer_cells(self, layer: str, sql: str | None) -> list[str]:
        source, kind = self.vector(layer, sql), self.kinds[layer]
        return self._parts(self._once(("cells", layer, sql), lambda n: self._burn(source, kind, n)), kind)

    def distance(self, layers: tuple[str, ...], sql: str | None) -> str:
        """Metres from each cell centre to the nearest feature cell centre (distance_m)."""
        parts = self.cells(layers, sql)
        source = parts[0]
        if len(parts) > 1:  # r.grow.distance reads one map
            union = f"if({' && '.join(f'isnull({p})' for p in parts)}, null(), 1)"
            source = self._once(("union", layers, sql), lambda n: [f"r.mapcalc expression='{n} = {union}' --quiet"])
        return self._once(
            ("distance", layers, sql),
            lambda n: [f"r.grow.distance input={source} distance={n} metric=euclidean --quiet"],
        )

    def buffer_cells(self, layer: str, sql: str | None, distance_m: float) -> list[str]:
        """Cells any part of which is within ``distance_m`` of a feature: v.buffer circumscribing the circle."""
        kind = self.kinds[layer]
        if kind == "point":
            radius, extra = distance_m / math.cos(math.pi / OUR_SEGMENTS), f" tolerance={GRASS_POINT_TOLERANCE:.7f}"
        else:
            radius, extra = distance_m / math.cos(math.pi / GRASS_AREA_SEGMENTS), ""
        source = self.vector(layer, sql)

        def make(name: str) -> list[str]:
            buffer = [f"v.buffer input={source} output={name}_v distance={radius!r}{extra} --quiet"]
            return buffer + self._burn(f"{name}_v", "area", name)

        return self._parts(self._once(("buffer", layer, sql, distance_m), make), "area")

    def within(self, layers: tuple[str, ...], sql: str | None, distance_m: float, method: str) -> str:
        """A 0/1 expression: the rule excludes the cell."""
        maps = self.cells(layers, sql)
        if distance_m > 0 and method == "raster":
            half_diagonal = self.cell_m * math.sqrt(2) / 2
            return f"({self.distance(layers, sql)} <= {_f(distance_m + half_diagonal)})"
        if distance_m > 0:
            maps += [m for layer in layers for m in self.buffer_cells(layer, sql, distance_m)]
        return f"({' || '.join(f'!isnull({m})' for m in maps)})"

    def mapcalc(self, name: str, expression: str) -> None:
        self.commands.append(f"r.mapcalc expression='{name} = {expression}' --quiet")


class AppliedRule(NamedTuple):
    id: str
    layers: tuple[str, ...]  # the rule's layers that hold features passing its filter
    sql: str | None  # the filter
    distance_m: float  # for the model's pollution group


@dataclass(frozen=True)
class Applied:
    """What our model applies, read from an in-process build: GRASS must compute the same."""

    grid: Grid
    rules: list[AppliedRule]  # in the order of the bits of model.mask
    criteria: list[tuple[Criterion, float]]  # available criteria and their normalised weights
    min_score: float
    min_cells: int
    towns_with_areas: tuple[int, ...] = ()  # geonames ids of the towns the rural zones measure from their area


def applied_model(model: SuitabilityModel, layers: dict[str, gpd.GeoDataFrame]) -> Applied:
    """The rules, criteria and weights our model actually uses; refuse what this bench cannot mirror."""
    profile = model.profile
    if profile.aggregation.method == "owa" and profile.aggregation.owa_order_weights:
        raise SystemExit(f"bench: GRASS mirrors a WLC score raster only; {PROFILE} sets OWA order weights")
    rules = []
    for rule in model.mask.rules:
        if rule.slope_above_percent is not None:
            raise SystemExit(f"bench: rule '{rule.id}' is a slope limit on a DEM, which GRASS does not mirror here")
        present = tuple(
            layer
            for layer in rule.layers
            if (f := select_features(layers, (layer,), rule.where)) is not None and not f.empty
        )
        sql = _sql(rule.where) if rule.where else None
        rules.append(AppliedRule(rule.id, present, sql, rule.buffer_m[model.group]))
    grid = model.grid
    return Applied(
        grid=grid,
        rules=rules,
        criteria=list(zip(model.criteria, model.weight_vector().tolist(), strict=True)),
        min_score=profile.sites.min_score,
        min_cells=math.ceil(profile.sites.min_area_ha / grid.cell_area_ha - 1e-9),
        towns_with_areas=tuple(int(i) for i in layers["town_areas"]["geonames_id"].dropna())
        if "town_areas" in layers and "geonames_id" in layers["town_areas"]
        else (),
    )


def grass_script(applied: Applied, profile: Profile, kinds: dict[str, str], method: str, out: Path) -> str:
    """Our whole model as GRASS commands, constraints by ``method`` ("vector" or "raster")."""
    g = GrassModel(applied.grid, kinds)
    g.commands.append(f"v.to.rast input={g.vector('province')} type=area output=province use=val --quiet")
    excluded = [g.within(rule.layers, rule.sql, rule.distance_m, method) for rule in applied.rules]
    bits = " + ".join(f"({e}) * {1 << i}" for i, e in enumerate(excluded))
    g.mapcalc("bits", f"if(isnull(province), null(), {bits})")
    terms = []
    for criterion, weight in applied.criteria:
        sql = _sql(criterion.where) if criterion.where else None
        if criterion.measure == "distance":
            raw = g.distance((criterion.layer,), sql)
        elif criterion.measure == "zone" and criterion.layer == "rural_zones" and "rural_zones" not in kinds:
            # derived as spatial.zones.rural_zones: the province beyond the radius from each town's area where it
            # has one (town_areas), else from its point (towns not among those areas)
            rural = profile.rural
            urban_sql = f"(population IS NULL OR population >= {rural.min_town_population})"
            sources = []
            if "town_areas" in kinds:
                sources.append(g.vector("town_areas", urban_sql))
            if "towns" in kinds:
                ids = ",".join(str(i) for i in applied.towns_with_areas)
                sources.append(g.vector("towns", urban_sql + (f" AND geonames_id NOT IN ({ids})" if ids else "")))
            urban_maps = []
            for source in sources:
                urban = f"{source}_urban"
                g.commands += [
                    f"v.buffer input={source} output={urban} distance={rural.urban_radius_m!r} "
                    f"tolerance={GRASS_POINT_TOLERANCE:.7f} --quiet",
                    f"v.to.rast input={urban} type=area output={urban} use=val --quiet",
                ]
                urban_maps.append(f"isnull({urban})")
            raw = f"(!isnull(province) && {' && '.join(urban_maps) or '1'})"
        elif criterion.measure == "zone":
            zone = g.vector(criterion.layer, sql)
            g.commands.append(f"v.to.rast input={zone} type=area output={zone}_zone use=val --quiet")
            raw = f"!isnull({zone}_zone)"
        elif criterion.measure == "attribute":
            source = g.vector(criterion.layer, sql)
            g.commands.append(
                f"v.to.rast input={source} type=area output={source}_attr use=attr "
                f"attribute_column={criterion.column} --quiet"
            )
            raw = f"if(isnull({source}_attr), 0.0, {source}_attr)"
        else:
            raise SystemExit(f"bench: criterion '{criterion.id}' ({criterion.measure}) is not mirrored in GRASS")
        terms.append(f"{_f(weight)} * {fuzzy(raw, criterion.standardise)}")
    g.mapcalc("score", f"if(isnull(province), null(), {' + '.join(terms)})")
    g.mapcalc("suitable", f"if(!isnull(province) && bits == 0 && score >= {_f(applied.min_score)}, 1, null())")
    bits_type = "Byte nodata=255" if len(excluded) < 8 else "UInt16 nodata=65535"
    g.commands += [
        "r.clump -d input=suitable output=clumps --quiet",
        f"r.stats -c -n input=clumps --quiet | awk '$2 >= {applied.min_cells}' > {out}/regions.txt",
        f"r.out.gdal -c -f input=score output={out}/score.tif format=GTiff type=Float32 --quiet",
        f"r.out.gdal -c input=bits output={out}/bits.tif format=GTiff type={bits_type} --quiet",
        f"r.out.gdal -c input=suitable output={out}/suitable.tif format=GTiff type=Byte nodata=0 --quiet",
    ]
    return "\n".join(g.commands) + "\n"


# --------------------------------------------------------------------------------------------------------
# Timing whole processes
# --------------------------------------------------------------------------------------------------------


def run_grass(
    applied: Applied, profile: Profile, kinds: dict[str, str], method: str, work: Path
) -> tuple[float, int, Path]:
    """Our model in a fresh temporary GRASS location, constraints by ``method``: seconds, peak RSS, outputs folder."""
    out = work / f"grass_{method}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    script = out / "model.sh"
    script.write_text(grass_script(applied, profile, kinds, method, out))
    command = ["grass", "--tmp-location", "EPSG:32639", "--exec", "bash", str(script)]
    seconds, peak = run_process(command, out / "grass.log")
    return seconds, peak, out


# --------------------------------------------------------------------------------------------------------
# Our figures (in process: untimed, except the reweighting) and the agreement check
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """One side's masks, score and regions (before cutting into sites) on the same grid."""

    province: np.ndarray  # bool: cell centre in the province
    bits: np.ndarray  # bit i: rule i excludes the cell (0 outside the province)
    score: np.ndarray  # NaN outside the province
    suitable: np.ndarray  # bool: in the province, not excluded, score >= min_score
    regions: int  # 8-connected suitable regions of at least min_cells cells
    region_cells: int


def regions_of(suitable: np.ndarray, min_cells: int) -> tuple[int, int]:
    """Number of 8-connected regions of at least ``min_cells`` cells, and their cells."""
    labels, _ = ndimage.label(suitable, structure=EIGHT_NEIGHBOURS)
    sizes = np.bincount(labels.ravel())[1:]
    big = sizes[sizes >= min_cells]
    return len(big), int(big.sum())


def our_figures(model: SuitabilityModel, applied: Applied) -> Figures:
    score = model.score()
    with np.errstate(invalid="ignore"):
        suitable = model.eligible & (score >= applied.min_score)
    regions, cells = regions_of(suitable, applied.min_cells)
    return Figures(model.study_area.copy(), model.mask.bits.copy(), score, suitable, regions, cells)


def grass_figures(out: Path, grid: Grid) -> Figures:
    with rasterio.open(out / "bits.tif") as src:
        if src.transform != grid.transform or src.shape != grid.shape:
            raise SystemExit(f"bench: GRASS wrote a {src.shape} grid at {src.transform}, ours is {grid.shape}")
        bits = src.read(1)
        province = bits != src.nodata
    with rasterio.open(out / "score.tif") as src:
        score = src.read(1, masked=True).filled(np.nan)
    with rasterio.open(out / "suitable.tif") as src:
        suitable = src.read(1) == 1
    sizes = [int(line.split()[1]) for line in (out / "regions.txt").read_text().splitlines() if line.strip()]
    return Figures(province, np.where(province, bits, 0), score, suitable, len(sizes), sum(sizes))


class Check:
    """Figures against their tolerances; each one beyond is remembered, with where it was found."""

    def __init__(self) -> None:
        self.failures: list[str] = []

    def verdict(self, where: str, text: str, ok: bool, tolerance: str) -> str:
        if not ok:
            self.failures.append(f"{where}: {text.strip()}, beyond the tolerance of {tolerance}")
        return f"{text} (tolerance {tolerance}) {'ok' if ok else 'FAILED'}"

    def cells(self, where: str, text: str, differ: int, cells: int, tolerance: float) -> str:
        share = differ / cells
        return self.verdict(
            where, f"{text}differ on {differ:,} cells = {share:.3%}", share <= tolerance, f"{tolerance:.2%}"
        )


def agreement(check: Check, where: str, ours: Figures, grass: Figures, applied: Applied) -> list[str]:
    """Lines comparing our masks, score and regions with GRASS's (shares are of our province's cells)."""
    cells = int(ours.province.sum())
    both = ours.province & grass.province
    differ = int((ours.province != grass.province).sum())
    lines = [check.cells(where, "province: ", differ, cells, PROVINCE_TOLERANCE)]
    lines.append("constraint masks, overall and for each rule (shares of the province's cells):")
    mine, theirs = ours.bits[both] != 0, grass.bits[both] != 0
    text = f"  excluded by any rule: ours {mine.mean():.2%}, GRASS {theirs.mean():.2%} of the province; "
    lines.append(check.cells(where, text, int((mine != theirs).sum()), cells, MASK_TOLERANCE))
    for i, rule in enumerate(applied.rules):
        mine, theirs = (ours.bits[both] >> i) & 1 == 1, (grass.bits[both] >> i) & 1 == 1
        text = f"  {rule.id}: ours exclude {int(mine.sum()):,} cells, GRASS {int(theirs.sum()):,}; "
        lines.append(check.cells(where, text, int((mine != theirs).sum()), cells, MASK_TOLERANCE))
    gap = float(np.nanmax(np.abs(ours.score[both].astype("float64") - grass.score[both])))
    text = f"score: largest |ours - GRASS| over the province {gap:.1e}"
    lines.append(check.verdict(where, text, gap <= SCORE_TOLERANCE, f"{SCORE_TOLERANCE:.0e}"))
    differ = int((ours.suitable != grass.suitable).sum())
    text = f"suitable cells (not excluded, score >= {applied.min_score:g}): "
    lines.append(check.cells(where, text, differ, cells, SUITABLE_TOLERANCE))
    ha = applied.grid.cell_area_ha
    count_ok = abs(ours.regions - grass.regions) <= max(1, REGION_COUNT_TOLERANCE * ours.regions)
    area_ok = abs(ours.region_cells - grass.region_cells) <= REGION_AREA_TOLERANCE * ours.region_cells
    tolerance = f"{REGION_COUNT_TOLERANCE:.0%} of the count or 1 region, {REGION_AREA_TOLERANCE:.0%} of the area"
    text = (
        f"regions >= {applied.min_cells * ha:g} ha, before cutting into sites: "
        f"ours {ours.regions} ({ours.region_cells * ha:,.0f} ha), GRASS {grass.regions} "
        f"({grass.region_cells * ha:,.0f} ha)"
    )
    lines.append(check.verdict(where, text, count_ok and area_ok, tolerance))
    return lines


# --------------------------------------------------------------------------------------------------------
# The bench
# --------------------------------------------------------------------------------------------------------

METHODS = {  # GRASS's constraint method: how it is printed
    "vector": "v.buffer + v.to.rast -d (our method)",
    "raster": "r.grow.distance (raster method)",
}


def layer_kinds(layers: dict[str, gpd.GeoDataFrame]) -> dict[str, str]:
    """Each bundled layer's kind for rasterising: point, line or area."""
    kinds = {}
    for layer_id, gdf in layers.items():
        types = {t.removeprefix("Multi") for t in gdf.geom_type.unique()}
        if len(types) != 1:
            raise SystemExit(f"bench: layer '{layer_id}' mixes geometry types {sorted(types)}; GRASS needs one")
        kinds[layer_id] = {"Point": "point", "LineString": "line", "Polygon": "area"}[types.pop()]
    return kinds


def bench_resolution(resolution: float, args: argparse.Namespace, work: Path, check: Check) -> None:
    """Time both sides at one cell size, check their agreement and print every figure."""
    profile = load_profile(PROFILE)
    layers = load_all_bundled(load_catalogue())
    scenario = resolve_scenario(profile, group=args.group, resolution_m=resolution)
    model = build_scenario_model(scenario, layers)
    applied = applied_model(model, layers)
    ours = our_figures(model, applied)
    steps = reweight_latency(model, scenario, WEIGHT_DRAWS)
    latency = {step: statistics.median(seconds) for step, seconds in steps.items()}
    del model  # the timed processes below get the machine's memory to themselves

    runs = [run_process(ours_command(resolution, args.group, work), work / "ours.log") for _ in range(args.runs)]
    ours_s, ours_peak = statistics.median(s for s, _ in runs), max(p for _, p in runs)
    cold_s = None
    if resolution == COLD_TARGET_M:
        cold_runs = [
            run_process(ours_command(resolution, args.group, None), work / "cold.log") for _ in range(args.runs)
        ]
        cold_s = statistics.median(s for s, _ in cold_runs)
    kinds = layer_kinds(layers)
    grass = {method: run_grass(applied, profile, kinds, method, work) for method in METHODS}

    grid = applied.grid
    cells = grid.width * grid.height
    print(
        f"\n{resolution:g} m grid: {grid.width} x {grid.height} = {cells / 1e6:.1f} M cells, "
        f"{ours.province.sum() / 1e6:.2f} M in the province"
    )
    rules = ", ".join(f"{rule.id} {rule.distance_m:g} m" for rule in applied.rules)
    print(f"  applied as our model does: rules {rules}")
    print(f"  criteria and weights: {', '.join(f'{c.id} {w:.3f}' for c, w in applied.criteria)}")
    width = max(len(label) for label in METHODS.values())
    print(f"  whole process, GeoPackage to files written (ours: median of {args.runs}; GRASS: 1 run each):")
    print(f"    ours   {'python -m spatial suitability':<{width}} {ours_s:7.2f} s")
    for method, label in METHODS.items():
        seconds = grass[method][0]
        target = f" (target >= {RATIO_TARGET:g}x)" if resolution == RATIO_TARGET_M and method == "vector" else ""
        print(f"    GRASS  {label:<{width}} {seconds:7.2f} s   GRASS / ours {seconds / ours_s:4.1f}x{target}")
    if cold_s is not None:
        print(
            f"  cold `suitability --resolution {resolution:g}`, no output files, whole process, median of "
            f"{args.runs}: {cold_s:.2f} s (target <= {COLD_TARGET_S:g} s)"
        )
    target = f" (target <= {BYTES_PER_CELL_TARGET:g} B per cell)" if resolution == BYTES_PER_CELL_TARGET_M else ""
    grass_peak = max(peak for _, peak, _ in grass.values())
    print(
        f"  peak memory of our whole process: {ours_peak / 1e9:.2f} GB = {ours_peak / cells:.1f} B per grid cell"
        f"{target}; GRASS's largest module: {grass_peak / 1e9:.2f} GB"
    )
    target = f" (target <= {REWEIGHT_TARGET_S:g} s)" if resolution == REWEIGHT_TARGET_M else ""
    print(
        f"  reweight + relocate + rank, in process, median of {WEIGHT_DRAWS} weight vectors: "
        f"{latency['total'] * 1000:.0f} ms{target}\n"
        f"    of which score {latency['score'] * 1000:.0f} ms, locate sites {latency['locate'] * 1000:.0f} ms, "
        f"rank stability ({profile.sites.draws} draws) {latency['stability'] * 1000:.0f} ms"
    )
    for method, label in METHODS.items():
        print(f"  agreement with GRASS, {label}:")
        figures = grass_figures(grass[method][2], grid)
        for line in agreement(check, f"{resolution:g} m, {method}", ours, figures, applied):
            print(f"    {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resolutions", type=float, nargs="+", default=[100.0, 30.0], help="cell sizes, metres")
    parser.add_argument(
        "--memory-only", type=float, nargs="*", default=[20.0], help="cell sizes for our peak memory alone"
    )
    parser.add_argument("--group", default="d", help="pollution group")
    parser.add_argument("--runs", type=int, default=3, help="runs of our command per timing (median)")
    parser.add_argument("--keep", type=Path, help="keep the scripts, logs and outputs in this folder")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    if shutil.which("grass") is None:
        print(
            "bench: GRASS GIS not found; install Debian grass-core (apt-packages-bench.txt), "
            "or run bench/bench_targets.py for our own figures alone",
            file=sys.stderr,
        )
        return 2
    profile = load_profile(PROFILE)
    print(f"model: {PROFILE} {profile.version}, group {args.group}, from {GEOPACKAGE.relative_to(PROJECT)}")
    check = Check()
    with tempfile.TemporaryDirectory(prefix="gilan-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for resolution in args.resolutions:
            bench_resolution(resolution, args, work, check)
        province = load_all_bundled(load_catalogue())["province"].geometry.union_all()
        for resolution in args.memory_only:
            grid = analysis_grid(province, resolution)
            cells = grid.width * grid.height
            _, peak = run_process(ours_command(resolution, args.group, work), work / "memory.log")
            print(
                f"\n{resolution:g} m: peak memory of our whole process {peak / 1e9:.2f} GB for "
                f"{cells / 1e6:.1f} M grid cells = {peak / cells:.1f} B per cell"
            )
    if check.failures:
        print("\nbench FAILED: ours and GRASS disagree beyond the tolerances:", file=sys.stderr)
        for failure in check.failures:
            print(f"  {failure}", file=sys.stderr)
        return 1
    print("\nagreement of masks, scores and regions: every figure within its tolerance")
    return 0


if __name__ == "__main__":
    sys.exit(main())
