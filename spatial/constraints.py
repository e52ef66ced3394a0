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
    """Criteria distance rasters, computed once per (layers, filter) and shared by the criteria that use them."""

    grid: Grid
    rasters: dict[tuple[tuple[str, ...], Where | None], np.ndarray] = field(default_factory=dict)

    def distance(
        self, layers: dict[str, gpd.GeoDataFrame], layer_ids: tuple[str, ...], where: Where | None
    ) -> np.ndarray | None:
        """Metres from each cell to the nearest selected feature; None when the layers are missing."""
        available = tuple(i for i in layer_ids if i in layers)
        if not available:
            return None
        key = (available, where)
        if key not in self.rasters:
            features = select_features(layers, available, where)
            assert features is not None
            self.rasters[key] = distance_m(rasterize_features(features.geometry, self.grid), self.grid.cell_m)
        return self.rasters[key]


@dataclass(frozen=True)
class ConstraintMask:
    """Which rules exclude each cell (bit i = ``rules[i]``; uint8/16/32 by rule count), and which were skipped."""

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
) -> ConstraintMask:
    """Apply every rule whose layers are available; the others are returned as skipped.

    Rounding goes the way the law would: a cell is excluded when ANY part of it lies within the
    rule's distance of a feature (the buffer, enlarged to circumscribe the true circle, is burnt
    with all_touched) or when a feature itself touches the cell. So every cell left is at least the
    legal distance from every feature, and so is every site polygon made of such cells.
    """
    if len(rules) > MAX_RULES:
        raise PolicyError("profile", "constraint", f"{len(rules)} rules, above {MAX_RULES}", "merge some rules")
    dtype = next(t for t, n in (("uint8", 8), ("uint16", 16), ("uint32", 32)) if len(rules) <= n)
    bits = np.zeros(grid.shape, dtype=dtype)
    applied: list[ConstraintRule] = []
    skipped: list[ConstraintRule] = []
    unmatched: list[ConstraintRule] = []
    for rule in rules:
        if group not in rule.buffer_m:
            raise PolicyError(
                "profile", f"constraint.{rule.id}.buffer_m.{group}", "no distance for this group", "add it"
            )
        features = select_features(layers, rule.layers, rule.where)
        if features is None or features.empty:
            skipped.append(rule)
            if features is not None:
                unmatched.append(rule)
            continue
        bits[within_distance(features.geometry, rule.buffer_m[group], grid) & study_area] |= bits.dtype.type(
            1 << len(applied)
        )
        applied.append(rule)
    return ConstraintMask(bits, tuple(applied), tuple(skipped), study_area, group, tuple(unmatched))


def within_distance(geoms: gpd.GeoSeries, distance_m: float, grid: Grid) -> np.ndarray:
    """Cells any part of which lies within ``distance_m`` of a feature (or touches one when 0).

    Buffers are polygons inscribed in the true circle; they are enlarged to circumscribe it (over-
    exclusion at most 0.12 % of the distance) and burnt with all_touched, so a cell is kept only when
    every point of it is farther than the distance.
    """
    touched = rasterize_features(geoms, grid)
    if distance_m > 0:
        radius = distance_m / math.cos(math.pi / (4 * QUAD_SEGS))
        touched |= rasterize_mask(geoms.buffer(radius, quad_segs=QUAD_SEGS), grid, all_touched=True)
    return touched


@dataclass(frozen=True)
class RuleCheck:
    """One rule checked at one location (a point, a cell or a site polygon)."""

    rule: ConstraintRule
    buffer_m: float
    distance_m: float | None  # None: not checked (layers missing, or no feature passes the rule's filter)
    nearest: str  # the nearest qualifying feature's name, or why the rule was not checked
    source_layer: str

    @property
    def applied(self) -> bool:
        """False when the rule could not be checked."""
        return self.distance_m is not None

    @property
    def excludes(self) -> bool:
        """True when the location lies closer than the rule's distance (the legal minimum itself is allowed)."""
        return self.distance_m is not None and self.distance_m < self.buffer_m


def check_rules(
    geometry: BaseGeometry,
    layers: dict[str, gpd.GeoDataFrame],
    rules: tuple[ConstraintRule, ...],
    *,
    group: str,
) -> list[RuleCheck]:
    """Every rule for a point or a polygon (EPSG:32639): exact distance to the nearest feature, its name."""
    checks = []
    for rule in rules:
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
        checks.append(
            RuleCheck(
                rule,
                rule.buffer_m[group],
                float(distances.min()),
                name or f"feature {distances.idxmin()}",
                str(nearest.source_layer),
            )
        )
    return checks
