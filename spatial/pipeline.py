"""One pipeline for every door: a scenario resolved once from the profile, and one function that runs it.

The app, the command line, the report and the bench all resolve a ``Scenario`` with
``resolve_scenario`` (the only place where a setting falls back to the profile's default, and where
every setting is checked before any work) and turn a model and a scenario into a ``Result`` with
``run_scenario``: score, ranked sites with their stability, the explanation, and every caveat.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import geopandas as gpd
import numpy as np
import pandas as pd

from layers.io import RasterLayer
from spatial.errors import NoSuitableLandError, ScenarioError
from spatial.grid import check_cell_size
from spatial.model import Caveat, SuitabilityModel, build_model
from spatial.policy import Profile, SiteRules, check_group, check_method
from spatial.sites import Sites, explain_sites, locate_sites, rank_stability


@dataclass(frozen=True)
class Scenario:
    """Everything a run depends on besides the data: checked, with the profile's defaults filled in."""

    profile: Profile
    group: str
    resolution_m: float
    method: str
    weights: Mapping[str, float]  # every criterion of the profile, summing to 1
    min_score: float  # cells at or above this score are suitable
    max_sites: int  # how many sites are ranked at most
    min_spacing_m: float  # sites cut from one large suitable area keep at least this distance apart
    min_area_ha: float  # a site has at least this much contiguous suitable land
    coverage_only: bool = False  # restrict the study area to the cells every loaded criterion covers

    def with_weights(self, weights: Mapping[str, float]) -> Scenario:
        """The same scenario with other weights (checked and normalised like the first ones)."""
        return replace(self, weights=_checked_weights(self.profile, weights))

    @property
    def site_rules(self) -> SiteRules:
        """The profile's [sites] section with this scenario's number of sites, spacing and minimum area."""
        return replace(
            self.profile.sites, max_sites=self.max_sites, min_spacing_m=self.min_spacing_m, min_area_ha=self.min_area_ha
        )


def _checked_weights(profile: Profile, weights: Mapping[str, float]) -> dict[str, float]:
    known = [c.id for c in profile.criteria]
    for name, value in weights.items():
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use the criteria {known}"
            raise ScenarioError("weights", f"'{name}' is not a criterion of {profile.name}", hint)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            raise ScenarioError("weights", f"the weight of '{name}' is {value!r}", "give a finite number >= 0")
    total = sum(weights.get(c, 0.0) for c in known)
    if total <= 0:
        raise ScenarioError("weights", "every weight is 0", "give at least one criterion a weight above 0")
    return {c: float(weights.get(c, 0.0)) / total for c in known}


def resolve_scenario(
    profile: Profile,
    *,
    group: str | None = None,
    resolution_m: float | None = None,
    method: str | None = None,
    weights: Mapping[str, float] | None = None,
    min_score: float | None = None,
    max_sites: int | None = None,
    min_spacing_m: float | None = None,
    min_area_ha: float | None = None,
    coverage_only: bool = False,
) -> Scenario:
    """Fill what the caller leaves out from the profile, and refuse what cannot be run (before any work)."""
    group = check_group(profile, profile.groups[0] if group is None else group)
    resolution = check_cell_size(profile.resolution_m if resolution_m is None else resolution_m)
    method = check_method(profile, profile.aggregation.method if method is None else method)
    threshold = profile.sites.min_score if min_score is None else min_score
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0 <= threshold <= 1:
        raise ScenarioError("minimum score", f"{threshold!r} is not a score between 0 and 1", "give e.g. 0.6")
    rules = profile.sites
    count = rules.max_sites if max_sites is None else max_sites
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ScenarioError("number of sites", f"{count!r} is not a whole number of 1 or more", "give e.g. 10")
    spacing = rules.min_spacing_m if min_spacing_m is None else min_spacing_m
    if not _finite_number(spacing) or spacing < 0:
        raise ScenarioError("minimum spacing", f"{spacing!r} m is not a distance of 0 m or more", "give e.g. 2000")
    area = rules.min_area_ha if min_area_ha is None else min_area_ha
    if not _finite_number(area) or not 0 < area <= rules.max_area_ha:
        raise ScenarioError(
            "minimum area",
            f"{area!r} ha is not above 0 and at most the profile's largest site ({rules.max_area_ha:g} ha)",
            f"give e.g. {rules.min_area_ha:g}, or raise sites.max_area_ha in the profile",
        )
    return Scenario(
        profile=profile,
        group=group,
        resolution_m=float(resolution),
        method=method,
        weights=_checked_weights(profile, profile.weights() if weights is None else weights),
        min_score=float(threshold),
        max_sites=int(count),
        min_spacing_m=float(spacing),
        min_area_ha=float(area),
        coverage_only=bool(coverage_only),
    )


def _finite_number(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def build_scenario_model(
    scenario: Scenario,
    layers: dict[str, gpd.GeoDataFrame],
    *,
    dem: RasterLayer | None = None,
    illustrative: frozenset[str] = frozenset(),
    progress: Callable[[str], None] | None = None,
) -> SuitabilityModel:
    """The model a scenario runs on: its profile, group and cell size over ``layers`` (and a DEM)."""
    return build_model(
        layers,
        scenario.profile,
        group=scenario.group,
        resolution_m=scenario.resolution_m,
        dem=dem,
        illustrative=illustrative,
        progress=progress,
        coverage_only=scenario.coverage_only,
    )


@dataclass(frozen=True)
class Result:
    """What one scenario gives on one model; ``sites`` is None when no land qualifies (``problem`` says why)."""

    scenario: Scenario
    score: np.ndarray
    sites: Sites | None
    table: gpd.GeoDataFrame | None  # ranked sites with their rank stability
    explained: pd.DataFrame | None  # per site and criterion: value, weight, contribution
    problem: str | None
    caveats: list[Caveat] = field(default_factory=list)  # the model's, then the score's own
    score_caveats: list[Caveat] = field(default_factory=list)  # the score's own (model.score_caveats), counted once


def run_scenario(model: SuitabilityModel, scenario: Scenario) -> Result:
    """Score, locate, rank, explain and stress-test: 'no suitable land' is a result, not a crash."""
    if model.group != scenario.group or model.grid.cell_m != scenario.resolution_m:
        raise ScenarioError(
            "model",
            f"built for group {model.group} at {model.grid.cell_m:g} m, asked for {scenario.group} at "
            f"{scenario.resolution_m:g} m",
            "build the model for the scenario's group and cell size",
        )
    rules = scenario.site_rules  # the scenario's site controls, on the same built model (its caches kept)
    weights = dict(scenario.weights)
    score = model.score(weights, scenario.method)
    own = model.score_caveats(score)
    caveats = [*model.warnings, *own]
    try:
        sites = locate_sites(
            model, score, weights=weights, method=scenario.method, min_score=scenario.min_score, rules=rules
        )
    except NoSuitableLandError as err:
        return Result(scenario, score, None, None, None, str(err), caveats, own)
    stability = rank_stability(model, sites, method=scenario.method, rules=rules)
    table = sites.table.merge(stability.drop(columns=["draws"]), on="rank")
    return Result(scenario, score, sites, table, explain_sites(model, sites), None, caveats, own)
