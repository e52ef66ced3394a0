"""Constraints that remember their reasons: a bit per rule in every excluded cell.

``constraint_mask`` turns the profile's rules into one unsigned-integer raster where bit i says "rule i
excludes this cell"; ``why`` explains a single location with the exact distance to the nearest
feature of every rule, the feature's name and the rule's legal basis.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry.base import BaseGeometry

from spatial.errors import PolicyError
from spatial.grid import Grid, distance_m, rasterize_features, rasterize_mask
from spatial.i18n import LABELS
from spatial.policy import ConstraintRule, Where

MAX_RULES = 32
QUAD_SEGS = 16


def select_features(
    layers: dict[str, gpd.GeoDataFrame], layer_ids: tuple[str, ...], where: Where | None
) -> gpd.GeoDataFrame | None:
    """The features of the available ``layer_ids`` that pass ``where``; None when no layer is available."""
    frames = []
    for layer_id in layer_ids:
        gdf = layers.get(layer_id)
        if gdf is None:
            continue
        if where is not None:
            if where.column not in gdf.columns:
                columns = [c for c in gdf.columns if c != gdf.geometry.name]
                close = difflib.get_close_matches(where.column, columns, n=1)
                raise PolicyError(
                    "profile",
                    f"where.column '{where.column}'",
                    f"layer '{layer_id}' has no such column (it has {columns})",
                    f"use '{close[0]}'" if close else "name one of its columns in the rule's where filter",
                )
            values = gdf[where.column]
            if where.at_least is not None:
                keep = pd.to_numeric(values, errors="coerce").ge(where.at_least).fillna(False).astype(bool)
            else:
                text = values.astype("string").str.lower().fillna("")
                keep = text.apply(lambda v: any(word in v for word in where.any_of)).astype(bool)
            gdf = gdf[keep]
        frames.append(gdf.assign(source_layer=layer_id))
    if not frames:
        return None
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs)


@dataclass
class DistanceCache:
    """Criteria distance rasters, computed once per (layers, filter) and shared by the criteria that use them;
    with ``study`` (a bool grid), only their values of those cells are kept, in raster order."""

    grid: Grid
    study: np.ndarray | None = None
    rasters: dict[tuple[tuple[str, ...], Where | None], np.ndarray] = field(default_factory=dict)

    def distance(
        self, layers: dict[str, gpd.GeoDataFrame], layer_ids: tuple[str, ...], where: Where | None
    ) -> np.ndarray | None:
        """Metres from each cell (of ``study``) to the nearest selected feature; None when the layers are missing."""
        available = tuple(i for i in layer_ids if i in layers)
        if not available:
            return None
        key = (available, where)
        if key not in self.rasters:
            features = select_features(layers, available, where)
            assert features is not None
            metres = distance_m(rasterize_features(features.geometry, self.grid), self.grid.cell_m)
            self.rasters[key] = metres if self.study is None else metres[self.study]
        return self.rasters[key]


@dataclass(frozen=True)
class ConstraintMask:
    """Which rules exclude each cell (bit i = ``rules[i]``; uint8/16/32 by the count of rules applied), and which
    were skipped."""

    bits: np.ndarray
    rules: tuple[ConstraintRule, ...]
    skipped: tuple[ConstraintRule, ...]  # not applied: layer missing, or its filter matched no feature
    study_area: np.ndarray
    group: str
    unmatched: tuple[ConstraintRule, ...] = ()  # the skipped rules whose layer is there but matched nothing

    @property
    def excluded(self) -> np.ndarray:
        """True where at least one rule excludes the cell."""
        return self.bits != 0

    def reasons(self, row: int, col: int) -> list[ConstraintRule]:
        """The rules that exclude cell (row, col)."""
        value = int(self.bits[row, col])
        return [rule for i, rule in enumerate(self.rules) if value & (1 << i)]

    def excluded_by(self, rule_id: str) -> np.ndarray:
        """True where rule ``rule_id`` excludes the cell (whatever other rules say)."""
        index = [r.id for r in self.rules].index(rule_id)
        return (self.bits & self.bits.dtype.type(1 << index)) != 0


def constraint_mask(
    grid: Grid,
    layers: dict[str, gpd.GeoDataFrame],
    rules: tuple[ConstraintRule, ...],
    *,
    group: str,
    study_area: np.ndarray,
    slope: np.ndarray | None = None,
) -> ConstraintMask:
    """Apply every rule whose layers are available; the others are returned as skipped.

    Rounding goes the way the law would: a cell is excluded when ANY part of it lies within the
    rule's distance of a feature (the buffer, enlarged to circumscribe the true circle, is burnt
    with all_touched) or when a feature itself touches the cell. So every cell left is at least the
    legal distance from every feature, and so is every site polygon made of such cells.
    """
    if len(rules) > MAX_RULES:
        raise PolicyError("profile", "constraint", f"{len(rules)} rules, above {MAX_RULES}", "merge some rules")
    applied: list[tuple[ConstraintRule, gpd.GeoDataFrame | None]] = []  # None: a slope limit
    skipped: list[ConstraintRule] = []
    unmatched: list[ConstraintRule] = []
    for rule in rules:
        if group not in rule.buffer_m:
            raise PolicyError(
                "profile", f"constraint.{rule.id}.buffer_m.{group}", "no distance for this group", "add it"
            )
        if rule.slope_above_percent is not None:  # a slope limit: where the DEM is known and steeper
            if slope is None:
                skipped.append(rule)
            else:
                applied.append((rule, None))
            continue
        features = select_features(layers, rule.layers, rule.where)
        if features is None or features.empty:
            skipped.append(rule)
            if features is not None:
                unmatched.append(rule)
            continue
        applied.append((rule, features))
    # One bit per rule that applies (rules without features take none): 6 rules fit a byte per cell.
    dtype = next(t for t, n in (("uint8", 8), ("uint16", 16), ("uint32", 32)) if len(applied) <= n)
    bits = np.zeros(grid.shape, dtype=dtype)
    for i, (rule, features) in enumerate(applied):
        if features is None:
            assert slope is not None and rule.slope_above_percent is not None
            with np.errstate(invalid="ignore"):
                excluded = slope > rule.slope_above_percent
        else:
            excluded = within_distance(features.geometry, rule.buffer_m[group], grid)
        excluded &= study_area
        np.bitwise_or(bits, bits.dtype.type(1 << i), out=bits, where=excluded)
    return ConstraintMask(bits, tuple(rule for rule, _ in applied), tuple(skipped), study_area, group, tuple(unmatched))


def within_distance(geoms: gpd.GeoSeries, distance_m: float, grid: Grid) -> np.ndarray:
    """Cells any part of which lies within ``distance_m`` of a feature (or touches one when 0).

    Buffers are polygons inscribed in the true circle; they are enlarged to circumscribe it (over-
    exclusion at most 0.12 % of the distance) and burnt with all_touched, so a cell is kept only when
    every point of it is farther than the distance. A buffer holds its features, so the cells they touch
    are among the buffer's: the features themselves are burnt only for a distance of 0.
    """
    if distance_m <= 0:
        return rasterize_features(geoms, grid)
    radius = distance_m / math.cos(math.pi / (4 * QUAD_SEGS))
    return rasterize_mask(geoms.buffer(radius, quad_segs=QUAD_SEGS), grid, all_touched=True)


@dataclass(frozen=True)
class RuleCheck:
    """One rule checked at one location (a point, a cell or a site polygon)."""

    rule: ConstraintRule
    buffer_m: float  # the rule's distance, or its slope limit in percent
    distance_m: float | None  # None: not checked (layers missing, or no feature passes the rule's filter)
    nearest: str  # the nearest qualifying feature's name, or why the rule was not checked
    source_layer: str
    slope_percent: float | None = None  # a slope limit's check: the steepest cell of the location
    nearest_fa: str = ""  # the nearest feature's Persian name (name_fa), when its layer has one

    def nearest_in(self, lang: str) -> str:
        """The nearest feature's name in ``lang`` ('fa': its Persian name when known), or why nothing was checked."""
        return self.nearest_fa if lang == "fa" and self.nearest_fa else self.nearest

    @property
    def applied(self) -> bool:
        """False when the rule could not be checked."""
        return self.distance_m is not None or self.slope_percent is not None

    @property
    def excludes(self) -> bool:
        """True when the location lies closer than the rule's distance (the legal minimum itself is allowed),
        or, for a slope limit, is steeper than the limit."""
        if self.slope_percent is not None:
            return self.slope_percent > self.buffer_m
        return self.distance_m is not None and self.distance_m < self.buffer_m

    def limit_text(self) -> str:
        """The limit in words: '1,000 m' or 'slope 15 %'."""
        return f"slope {self.buffer_m:g} %" if self.rule.slope_above_percent is not None else f"{self.buffer_m:,.0f} m"

    def measured_text(self) -> str:
        """What was measured: '981 m to Bujagh', 'steepest cell 12.3 %', or why nothing was."""
        if self.slope_percent is not None:
            return f"steepest cell {self.slope_percent:.1f} %"
        if self.distance_m is not None:
            return f"{self.distance_m:,.0f} m to {self.nearest}"
        return self.nearest or "layer missing"


def check_rules(
    geometry: BaseGeometry,
    layers: dict[str, gpd.GeoDataFrame],
    rules: tuple[ConstraintRule, ...],
    *,
    group: str,
    slope: tuple[np.ndarray, Grid] | None = None,
) -> list[RuleCheck]:
    """Every rule for a point or a polygon (EPSG:32639): exact distance to the nearest feature, its name.

    A slope limit is checked on ``slope`` (percent, on its grid): the steepest cell of the location.
    """
    checks = []
    for rule in rules:
        if rule.slope_above_percent is not None:
            checks.append(_check_slope(rule, geometry, slope))
            continue
        features = select_features(layers, rule.layers, rule.where)
        if features is None:
            checks.append(RuleCheck(rule, rule.buffer_m[group], None, "", ""))
            continue
        if features.empty:
            assert rule.where is not None  # a present layer with no feature at all is refused on loading
            note = f"no feature of {', '.join(rule.layers)} where {rule.where.describe()}"
            checks.append(RuleCheck(rule, rule.buffer_m[group], None, note, ""))
            continue
        distances = features.distance(geometry)
        nearest = features.loc[distances.idxmin()]
        name = next(
            (str(nearest[c]) for c in ("name_en", "name", "river_class") if c in nearest and pd.notna(nearest[c])), ""
        )
        persian = nearest.get("name_fa")
        if not isinstance(persian, str) and name and name == nearest.get("river_class"):  # an unnamed river: its class
            persian = LABELS.get(f"value_river_class_{name.replace(' ', '_')}", (name, ""))[1]
        checks.append(
            RuleCheck(
                rule,
                rule.buffer_m[group],
                float(distances.min()),
                name or f"feature {distances.idxmin()}",
                str(nearest.source_layer),
                nearest_fa=str(persian) if isinstance(persian, str) and persian.strip() else "",
            )
        )
    return checks


def _check_slope(rule: ConstraintRule, geometry: BaseGeometry, slope: tuple[np.ndarray, Grid] | None) -> RuleCheck:
    """A slope limit at a point (its cell) or over a polygon (the cells whose centre it holds)."""
    limit = float(rule.slope_above_percent or 0.0)
    if slope is None:
        return RuleCheck(rule, limit, None, "", "")
    values, grid = slope
    if geometry.geom_type == "Point":
        row, col = grid.rowcol(geometry.x, geometry.y)
        cells = values[row : row + 1, col : col + 1] if grid.contains(row, col) else values[:0, :0]
    else:
        cells = values[rasterize_mask([geometry], grid)]
    known = cells[np.isfinite(cells)]
    if known.size == 0:
        return RuleCheck(rule, limit, None, "outside the DEM", "dem")
    return RuleCheck(rule, limit, None, "", "dem", slope_percent=float(known.max()))
