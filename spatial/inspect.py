"""Everything about one location: the rules that exclude it, each criterion's contribution, its zones.

One verdict: the analysis works on cells, so the verdict is the cell's. The point's own distances
are shown beside it, and when the point passes but its cell is excluded (part of the cell lies
within a rule's distance) the report says so in one sentence instead of giving a score.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point, box

from spatial.constraints import RuleCheck, check_rules
from spatial.errors import PolicyError
from spatial.i18n import digits, t
from spatial.model import SuitabilityModel
from spatial.policy import ConstraintRule


@dataclass(frozen=True)
class LocationReport:
    """One location explained."""

    x: float
    y: float
    row: int
    col: int
    cell_m: float
    county: str
    rural: bool
    deprived: bool
    rules: list[RuleCheck]  # every rule measured from the point itself
    cell_rules: list[RuleCheck]  # every rule measured from the nearest part of the point's cell
    cell_reasons: list[ConstraintRule]  # the rules that exclude the cell in the analysis
    criteria: pd.DataFrame  # criterion, title_en, title_fa, raw, standardised, weight, contribution
    score: float | None  # the cell's weighted linear combination; None when the cell is excluded

    @property
    def excluded(self) -> bool:
        """True when the analysis excludes the point's cell (then there is no score)."""
        return bool(self.cell_reasons)

    @property
    def point_excluded(self) -> bool:
        """True when the point itself lies closer than some rule's distance."""
        return any(c.excludes for c in self.rules)

    def cell_check(self, rule_id: str) -> RuleCheck:
        """The cell's check of one rule."""
        return next(c for c in self.cell_rules if c.rule.id == rule_id)

    def verdict(self, lang: str = "en") -> str:
        """One sentence that never contradicts the rule lines, in 'en' or 'fa'."""
        if not self.excluded:
            return t("verdict_suitable", lang).format(score=digits(f"{self.score:.3f}", lang))
        parts = []
        for rule in self.cell_reasons:
            check = self.cell_check(rule.id)
            if check.slope_percent is not None:
                parts.append(
                    t("verdict_reason_slope", lang).format(
                        rule=rule.title(lang),
                        slope=digits(f"{check.slope_percent:.1f}", lang),
                        limit=digits(f"{check.buffer_m:g}", lang),
                    )
                )
                continue
            distance = "-" if check.distance_m is None else digits(f"{check.distance_m:,.0f}", lang)
            parts.append(
                t("verdict_reason", lang).format(
                    rule=rule.title(lang),
                    distance=distance,
                    nearest=check.nearest_in(lang),
                    limit=digits(f"{check.buffer_m:,.0f}", lang),
                )
            )
        key = "verdict_excluded" if self.point_excluded else "verdict_cell_excluded"
        return t(key, lang).format(cell=digits(f"{self.cell_m:g}", lang), reasons="; ".join(parts))


def explain_location(
    model: SuitabilityModel, layers: dict[str, gpd.GeoDataFrame], x: float, y: float, weights: dict[str, float] | None
) -> LocationReport:
    """The report for point (x, y) in EPSG:32639; raises PolicyError outside the province."""
    row, col = model.grid.rowcol(x, y)
    if not model.grid.contains(row, col) or not model.study_area[row, col]:
        raise PolicyError(
            model.profile.name, "location", f"({x:.0f}, {y:.0f}) is outside Gilan", "pick a point in Gilan"
        )
    w = model.weight_vector(weights)
    z = model.standardised_at(row, col)
    criteria = pd.DataFrame(
        {
            "criterion": [c.id for c in model.criteria],
            "title_en": [c.title_en for c in model.criteria],
            "title_fa": [c.title_fa for c in model.criteria],
            "raw": [float(v) for v in model.raw_at(np.array([row]), np.array([col]))[:, 0]],
            "standardised": z,
            "weight": w,
            "contribution": w * z,
        }
    )
    cx, cy = model.grid.centre(row, col)
    half = model.grid.cell_m / 2
    cell = box(cx - half, cy - half, cx + half, cy + half)
    reasons = model.mask.reasons(row, col)
    county_id = int(model.county_ids[row, col])
    return LocationReport(
        x=x,
        y=y,
        row=row,
        col=col,
        cell_m=model.grid.cell_m,
        county=model.county_names[county_id - 1] if county_id else "",
        rural=bool(model.rural[row, col]),
        deprived=bool(model.deprived[row, col]),
        rules=check_rules(Point(x, y), layers, model.profile.constraints, group=model.group, slope=model.slope_on_grid),
        cell_rules=check_rules(cell, layers, model.profile.constraints, group=model.group, slope=model.slope_on_grid),
        cell_reasons=reasons,
        criteria=criteria,
        score=None if reasons else float(np.sum(w * z)),
    )
