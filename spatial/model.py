"""The suitability model: built once from the layers, then re-weighted cheaply.

``build_model`` does the slow part (rasterising, distance transforms, standardisation) and keeps
the standardised criteria of the province's cells as one (criteria, cells) matrix; ``score``
recombines them with new weights in milliseconds. Nothing here reads or writes files.
"""

from __future__ import annotations

import sys
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

import geopandas as gpd
import numpy as np
from shapely.geometry.base import BaseGeometry

from layers.io import RasterLayer
from spatial.aggregate import owa, wlc
from spatial.carving import StudyCells
from spatial.constraints import ConstraintMask, DistanceCache, constraint_mask
from spatial.criteria import is_placeholder, raw_criterion, slope_percent, standardise
from spatial.errors import EmptyLayerError, PolicyError, ScenarioError
from spatial.grid import Grid, cell_runs, checked_grid, fill_runs, rasterize_mask, rasterize_values
from spatial.i18n import t
from spatial.policy import ConstraintRule, Criterion, Profile, check_group, check_method
from spatial.zones import deprived_flags_set, with_derived

# Score grids a model keeps for re-use (4 bytes per cell each). The app holds a session's last 2 results, and
# the download buttons of the page's previous run hold one more: a fourth is free for the next score.
SPARE_GRIDS = 4
# sys.getrefcount of a spare grid that nothing else refers to: the list, the comprehension's name, the call.
SPARE_REFERENCES = 3


@dataclass(frozen=True)
class Caveat:
    """Something the planner must know about a result (missing layer, illustrative data), in any language."""

    key: str
    values: dict[str, str]

    def text(self, lang: str = "en") -> str:
        """The caveat in 'en' or 'fa'."""
        return t(self.key, lang).format(**self.values)


@dataclass
class SuitabilityModel:
    """Everything needed to score, locate, rank and explain sites for one profile and group."""

    profile: Profile
    group: str
    grid: Grid
    mask: ConstraintMask
    criteria: tuple[Criterion, ...]  # available criteria, in stack order
    dropped: tuple[Criterion, ...]  # criteria whose layer is missing
    stack: np.ndarray  # standardised criteria of the study-area cells, float32 (criteria, cells); 0 where unknown
    raw: dict[str, np.ndarray]  # raw measures by criterion id, of the study-area cells in raster order (see raw_at)
    county_ids: np.ndarray  # int16: index into ``county_names`` + 1, 0 outside
    county_names: list[str]
    rural: np.ndarray  # bool
    deprived: np.ndarray  # bool
    deprived_flags_set: bool = False  # False while the deprived-county table is still the placeholder
    warnings: list[Caveat] = field(default_factory=list)
    land: BaseGeometry | None = None  # the province's land (province minus the sea): sites are clipped to it
    # Per criterion (stack index) whose layer does not cover the whole province: True in the study-area cells
    # where it is unknown. There the score uses the other criteria, their weights re-normalised.
    unknown: dict[int, np.ndarray] = field(default_factory=dict)
    slope: np.ndarray | None = None  # slope in percent on the grid, when a DEM is loaded
    screening_forest: BaseGeometry | None = None  # MODIS forest cells (screening), for the sites' flags
    # Score grids no result holds any more, kept to be written again (see _score_grid).
    _spare_grids: list[np.ndarray] = field(default_factory=list, repr=False, compare=False)
    _spare_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    # The latest score grid (weakly: it must stay free for re-use) and its values of the study-area cells.
    _latest: tuple[weakref.ref[np.ndarray], np.ndarray] | None = field(default=None, repr=False, compare=False)

    @property
    def slope_on_grid(self) -> tuple[np.ndarray, Grid] | None:
        """The slope raster with its grid, for checking a slope limit at a place (None without a DEM)."""
        return None if self.slope is None else (self.slope, self.grid)

    @property
    def study_area(self) -> np.ndarray:
        """Cells whose centre lies in the province."""
        return self.mask.study_area

    @cached_property
    def study_runs(self) -> tuple[np.ndarray, np.ndarray]:
        """The study area as runs of cells along the rows (see grid.cell_runs): a few thousand at 30 m."""
        return cell_runs(self.study_area)

    def study_index(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Each cell's position among the study-area cells (the stack's column, ``raw``'s index); -1 outside."""
        starts, lengths = self.study_runs
        flat = np.asarray(rows, dtype=np.int64) * self.grid.width + np.asarray(cols, dtype=np.int64)
        run = np.maximum(np.searchsorted(starts, flat, side="right") - 1, 0)
        inside = (flat >= starts[run]) & (flat < starts[run] + lengths[run])
        first = np.cumsum(lengths) - lengths  # the study index of each run's first cell
        return np.where(inside, first[run] + flat - starts[run], -1)

    def raw_at(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """The raw measure of every available criterion in the given cells, float32 (criteria, cells); NaN
        outside the study area and where a criterion's layer does not reach."""
        index = self.study_index(rows, cols)
        inside = index >= 0
        out = np.full((len(self.criteria), index.size), np.nan, dtype="float32")
        for j, criterion in enumerate(self.criteria):
            out[j, inside] = self.raw[criterion.id][index[inside]]
        return out

    @cached_property
    def outside_cells(self) -> int:
        """Cells of the grid outside the study area."""
        return int(self.study_area.size - np.count_nonzero(self.study_area))

    @cached_property
    def eligible(self) -> np.ndarray:
        """Cells in the province that no constraint excludes."""
        return self.study_area & ~self.mask.excluded

    @cached_property
    def study_eligible(self) -> np.ndarray:
        """``eligible`` of the study-area cells alone, in raster order (the stack's columns), as bits (np.packbits)."""
        return np.packbits(self.eligible[self.study_area])

    def study_scores(self, score: np.ndarray) -> StudyCells | None:
        """``score``'s values of the study-area cells alone when it is this model's latest score grid, else None.

        Site location reads them instead of the grid: a third of the cells at 30 m, and no cell outside.
        They are handed over once, for the usual score then locate, and kept no longer (4 bytes per study
        cell: the whole process's peak memory would grow by them).
        """
        with self._spare_lock:
            latest, self._latest = self._latest, None
        if latest is None or latest[0]() is not score:
            return None
        return StudyCells(latest[1], self.study_eligible, self.study_runs)

    def weight_vector(self, weights: dict[str, float] | None = None) -> np.ndarray:
        """Weights in stack order; criteria that were dropped pass their weight to nobody (see warnings)."""
        weights = weights or self.profile.weights()
        w = np.array([weights.get(c.id, 0.0) for c in self.criteria], dtype="float64")
        if not np.isfinite(w).all() or (w < 0).any():
            bad = [c.id for c, v in zip(self.criteria, w, strict=True) if not np.isfinite(v) or v < 0]
            raise ScenarioError("weights", f"the weights of {bad} are not finite numbers >= 0", "give numbers >= 0")
        if w.sum() <= 0:
            raise PolicyError(self.profile.name, "criterion.weight", "no available criterion has weight", "set weights")
        return w / w.sum()

    def score(self, weights: dict[str, float] | None = None, method: str | None = None) -> np.ndarray:
        """Suitability 0..1 in the study area (NaN outside), by WLC or OWA; TOPSIS ranks sites on WLC regions."""
        w = self.weight_vector(weights)
        method = check_method(self.profile, method or self.profile.aggregation.method)
        order = self.profile.aggregation.owa_order_weights
        if method == "owa" and order:
            if len(order) != len(self.criteria):
                raise PolicyError(
                    self.profile.name,
                    "aggregation.owa_order_weights",
                    f"{len(order)} order weights for {len(self.criteria)} available criteria",
                    "give one order weight per available criterion",
                )
            values = owa(self.stack, w, np.asarray(order), unknown=self.unknown)
        else:
            values = wlc(self.stack, w)
            if self.unknown:  # re-normalise where some weight falls on an unknown criterion
                known_weight = np.full(values.shape, w.sum(), dtype="float32")
                for j, gap in self.unknown.items():
                    known_weight[gap] -= np.float32(w[j])
                with np.errstate(invalid="ignore", divide="ignore"):
                    values = np.where(known_weight > 1e-9, values / known_weight, np.nan).astype("float32")
        return self._score_grid(values)

    def _score_grid(self, values: np.ndarray) -> np.ndarray:
        """``values`` of the study-area cells on the grid, NaN outside, as a read-only array.

        At 30 m a new grid is 170 MB to allocate and fill, more than the score itself costs. So a grid
        that no result refers to any more (every view of an array holds a reference to it) is written again:
        its cells outside the study area are NaN already, and nobody could have changed them (read-only).
        """
        with self._spare_lock:
            free = [g for g in self._spare_grids if sys.getrefcount(g) <= SPARE_REFERENCES]
            if free:
                grid = free[0]
                grid.flags.writeable = True
            else:
                grid = np.full(self.grid.shape, np.nan, dtype="float32")
                if len(self._spare_grids) < SPARE_GRIDS:
                    self._spare_grids.append(grid)
            fill_runs(grid, values, self.study_runs)
            grid.flags.writeable = False
            values.flags.writeable = False
            self._latest = (weakref.ref(grid), values)
        return grid

    def reserve_score_grids(self) -> None:
        """Make the spare score grids now, and the memory of one score: a model an app keeps re-weighting then
        writes its scores into memory it has touched already. Fresh memory can cost a virtual machine several
        ms per MB on first touch, 1 to 2 s for a 30 m score grid (see spatial.memory)."""
        with self._spare_lock:
            while len(self._spare_grids) < SPARE_GRIDS:
                grid = np.full(self.grid.shape, np.nan, dtype="float32")
                grid.flags.writeable = False
                self._spare_grids.append(grid)
        self.score({c.id: 1.0 for c in self.criteria})  # its values and temporaries: freed, kept (spatial.memory)
        with self._spare_lock:
            self._latest = None

    def score_caveats(self, score: np.ndarray) -> list[Caveat]:
        """What a score raster of this model hides: province cells with no weighted criterion known, or an
        undefined OWA. Cells outside the province are NaN in every score of the model: counted off, not read."""
        undefined = int(np.count_nonzero(np.isnan(score))) - self.outside_cells
        return [Caveat("caveat_score_undefined", {"cells": f"{undefined:,}"})] if undefined else []

    def standardised_layer(self, criterion_id: str) -> np.ndarray:
        """A criterion's standardised values on the grid (0..1), NaN outside the study area and where unknown."""
        j = [c.id for c in self.criteria].index(criterion_id)
        values = self.stack[j].copy()
        if j in self.unknown:
            values[self.unknown[j]] = np.nan
        layer = np.full(self.grid.shape, np.nan, dtype="float32")
        layer[self.study_area] = values
        return layer

    def standardised_at(self, row: int, col: int) -> np.ndarray:
        """Each available criterion's standardised value in one cell (from its raw value)."""
        raw = self.raw_at(np.array([row]), np.array([col]))
        return np.array([standardise(raw[j], c.standardise)[0] for j, c in enumerate(self.criteria)])


def _screening_forest(layers: dict[str, gpd.GeoDataFrame]) -> BaseGeometry | None:
    cover = layers.get("landcover_screening")
    if cover is None or "class" not in cover or not (cover["class"] == "forest").any():
        return None
    return cover.geometry[cover["class"] == "forest"].union_all()


def _unmatched_values(rule: ConstraintRule, layers: dict[str, gpd.GeoDataFrame]) -> dict[str, str]:
    """The caveat values of a rule whose filter matched nothing: what the layer's column does hold."""
    assert rule.where is not None
    column = rule.where.column
    values = sorted(
        {str(v) for i in rule.layers if i in layers and column in layers[i] for v in layers[i][column].dropna()}
    )
    shown = ", ".join(values[:8]) + (f" and {len(values) - 8} more" if len(values) > 8 else "")
    return {
        "rule": rule.id,
        "layers": ", ".join(i for i in rule.layers if i in layers),
        "where": rule.where.describe(),
        "values": shown or "none",
    }


def _restrict_to_coverage(
    stack: np.ndarray,
    unknown: dict[int, np.ndarray],
    mask: ConstraintMask,
    criteria: list[Criterion],
    grid: Grid,
) -> tuple[np.ndarray, dict[int, np.ndarray], ConstraintMask, list[Caveat], np.ndarray]:
    """The study area cut to the cells where every criterion is known, the caveat that says so, and which of the
    study-area cells are kept."""
    province_km2 = stack.shape[1] * grid.cell_area_ha / 100
    if not unknown:
        return stack, unknown, mask, [Caveat("caveat_coverage_full", {})], np.ones(stack.shape[1], dtype=bool)
    known = ~np.logical_or.reduce(list(unknown.values()))
    if not known.any():
        raise EmptyLayerError(
            ", ".join(criteria[j].layer for j in unknown),
            "no cell of the province is covered by every partial layer",
            "run without restricting the study area to the coverage, or load layers that overlap",
        )
    study = np.zeros(grid.shape, bool)
    study[mask.study_area] = known
    kept_km2 = int(known.sum()) * grid.cell_area_ha / 100
    caveat = Caveat(
        "caveat_coverage_only",
        {
            "layers": ", ".join(sorted({criteria[j].layer for j in unknown})),
            "km2": f"{kept_km2:,.1f}",
            "share": f"{100 * kept_km2 / province_km2:.0f}",
        },
    )
    return np.ascontiguousarray(stack[:, known]), {}, replace(mask, study_area=study), [caveat], known


def build_model(
    layers: dict[str, gpd.GeoDataFrame],
    profile: Profile,
    *,
    group: str,
    resolution_m: float | None = None,
    dem: RasterLayer | None = None,
    illustrative: frozenset[str] = frozenset(),
    progress: Callable[[str], None] | None = None,
    coverage_only: bool = False,
) -> SuitabilityModel:
    """Rasterise constraints and criteria on the province grid (the slow, cacheable part).

    A criterion whose layer covers only part of the province is unknown outside it (the score uses
    the other criteria there, and each site says it rests on incomplete criteria); with
    ``coverage_only`` the study area is instead restricted, explicitly, to the cells every loaded
    criterion covers.

    ``illustrative`` names layers whose geometry is not real (catalogue status): every rule and
    criterion that uses one gets a warning, so no result hides it. ``progress`` receives the name
    of each step as it starts.
    """
    say = progress or (lambda _step: None)
    check_group(profile, group)
    if "province" not in layers or layers["province"].empty:
        raise EmptyLayerError("province", "no study area", "load the province boundary")
    province = layers["province"].geometry.union_all()
    resolution = profile.resolution_m if resolution_m is None else resolution_m
    grid = checked_grid(province, resolution, criteria=len(profile.criteria))  # before any allocation
    say("rural zones and the analysis grid")
    layers = with_derived(layers, profile)
    sea = layers.get("caspian_sea")
    land = province.difference(sea.geometry.union_all()) if sea is not None and not sea.empty else province
    study = rasterize_mask([province], grid)
    if not study.any():
        raise EmptyLayerError(
            "province", f"no cell centre of the {grid.cell_m:.0f} m grid falls inside", "use finer cells"
        )

    cache = DistanceCache(grid, study)  # the study-area cells' distances: a third of the grid's cells at 30 m
    say(f"constraints: {len(profile.constraints)} rules on {grid.width} x {grid.height} cells of {grid.cell_m:g} m")
    slope = slope_percent(dem, grid) if dem is not None else None
    mask = constraint_mask(grid, layers, profile.constraints, group=group, study_area=study, slope=slope)
    raw: dict[str, np.ndarray] = {}
    placeholders = [c for c in profile.criteria if is_placeholder(c, layers)]
    for criterion in profile.criteria:
        if criterion in placeholders:
            continue
        say(f"criterion: {criterion.title_en}")
        values = raw_criterion(criterion, grid, layers, cache, slope=slope)
        if values is not None:  # kept for the study-area cells alone (distances come so from the cache)
            raw[criterion.id] = values if values.ndim == 1 else values[study]
    criteria = [c for c in profile.criteria if c.id in raw]
    dropped = [c for c in profile.criteria if c.id not in raw]
    if not criteria:
        raise PolicyError(profile.name, "criterion", "no criterion has its layer", "load the criteria layers")
    stack = np.empty((len(criteria), int(study.sum())), dtype="float32")
    unknown: dict[int, np.ndarray] = {}
    coverage: list[Caveat] = []
    for j, criterion in enumerate(criteria):
        standardise(raw[criterion.id], criterion.standardise, out=stack[j])
        gap = np.isnan(stack[j])
        if gap.any():  # a layer that covers only part of the province: unknown there, never a silent 0 or a drop
            unknown[j] = gap
            stack[j][gap] = 0.0
            known = stack.shape[1] - int(gap.sum())
            coverage.append(
                Caveat(
                    "caveat_partial_coverage",
                    {
                        "criterion": criterion.id,
                        "layer": criterion.layer,
                        "km2": f"{known * grid.cell_area_ha / 100:,.1f}",
                        "share": f"{100 * known / stack.shape[1]:.0f}",
                    },
                )
            )

    if coverage_only:
        stack, unknown, mask, coverage, kept = _restrict_to_coverage(stack, unknown, mask, criteria, grid)
        study = mask.study_area
        raw = {criterion_id: values[kept] for criterion_id, values in raw.items()}

    counties = layers.get("counties")
    if counties is not None and not counties.empty:
        names = counties["name_en"].astype(str).tolist()
        county_ids = rasterize_values(
            zip(counties.geometry, range(1, len(names) + 1), strict=True), grid, dtype="int16"
        )
        flags = counties["deprived"].astype("boolean").fillna(False).astype(bool) if "deprived" in counties else None
        deprived = (
            rasterize_mask(counties.geometry[flags.to_numpy()], grid)
            if flags is not None
            else np.zeros(grid.shape, bool)
        )
    else:
        names, county_ids, deprived = [], np.zeros(grid.shape, "int16"), np.zeros(grid.shape, bool)
    rural_layer = layers.get("rural_zones")
    rural = rasterize_mask(rural_layer.geometry, grid) if rural_layer is not None else np.zeros(grid.shape, bool)

    warnings = coverage + [
        Caveat("caveat_rule_unmatched", _unmatched_values(r, layers))
        if r in mask.unmatched
        else Caveat("caveat_rule_missing", {"rule": r.id, "layers": ", ".join(r.layers)})
        for r in mask.skipped
    ]
    warnings += [
        Caveat(
            "caveat_criterion_placeholder"
            if c in placeholders
            else "caveat_criterion_weighted"
            if c.weight > 0
            else "caveat_criterion_missing",
            {"criterion": c.id, "layer": c.layer, "column": c.column or "", "weight": f"{c.weight:g}"},
        )
        for c in dropped
    ]
    uses = [(r.id, r.layers) for r in mask.rules] + [(c.id, (c.layer,)) for c in criteria]
    for item_id, used in uses:
        shown = [layer for layer in used if layer in illustrative and layer in layers]
        if shown:
            warnings.append(Caveat("caveat_illustrative", {"item": item_id, "layers": ", ".join(shown)}))
    flags_set = counties is not None and "deprived" in counties and deprived_flags_set(counties) > 0
    if not flags_set:
        warnings.append(Caveat("caveat_deprived_unset", {}))
    return SuitabilityModel(
        profile=profile,
        group=group,
        grid=grid,
        mask=mask,
        criteria=tuple(criteria),
        dropped=tuple(dropped),
        stack=stack,
        raw=raw,
        county_ids=county_ids,
        county_names=names,
        rural=rural,
        deprived=deprived,
        deprived_flags_set=flags_set,
        warnings=warnings,
        land=land,
        unknown=unknown,
        slope=slope,
        screening_forest=_screening_forest(layers),
    )
