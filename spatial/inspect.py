"""Everything about one location: the rules that exclude it, each criterion's contribution, its zones."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from spatial.constraints import RuleCheck, why
from spatial.errors import PolicyError
from spatial.model import SuitabilityModel


@dataclass(frozen=True)
class LocationReport:
    """One location explained."""

    x: float
    y: float
    row: int
    col: int
    county: str
    rural: bool
    deprived: bool
    excluded: bool
    rules: list[RuleCheck]
    criteria: pd.DataFrame  # criterion, title_en, title_fa, raw, standardised, weight, contribution
    score: float | None  # weighted linear combination; None when excluded


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
            "raw": [float(model.raw[c.id][row, col]) for c in model.criteria],
            "standardised": z,
            "weight": w,
            "contribution": w * z,
        }
    )
    excluded = bool(model.mask.excluded[row, col])
    county_id = int(model.county_ids[row, col])
    return LocationReport(
        x=x,
        y=y,
        row=row,
        col=col,
        county=model.county_names[county_id - 1] if county_id else "",
        rural=bool(model.rural[row, col]),
        deprived=bool(model.deprived[row, col]),
        excluded=excluded,
        rules=why(x, y, layers, model.profile.constraints, group=model.group),
        criteria=criteria,
        score=None if excluded else float(np.sum(w * z)),
    )
