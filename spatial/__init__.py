"""Gilan industrial site selection under amayesh: the analysis.

A notebook needs three lines::

    from spatial import analyse
    result = analyse(group="e", resolution_m=100)
    result.table  # ranked sites with their score, area, county, rank stability and 'tied with'

``analyse`` reads the bundled Gilan data; for other layers, build the model yourself with
``build_model(layers, profile, ...)`` and run any scenario on it with ``run_scenario``.
"""

from __future__ import annotations

from collections.abc import Mapping

from spatial.model import SuitabilityModel, build_model
from spatial.pipeline import Result, Scenario, build_scenario_model, resolve_scenario, run_scenario
from spatial.policy import Profile, load_profile

__all__ = [
    "Profile",
    "Result",
    "Scenario",
    "SuitabilityModel",
    "analyse",
    "build_model",
    "build_scenario_model",
    "load_profile",
    "resolve_scenario",
    "run_scenario",
]


def analyse(
    profile: str = "gilan-industrial",
    *,
    group: str | None = None,
    resolution_m: float | None = None,
    method: str | None = None,
    weights: Mapping[str, float] | None = None,
    min_score: float | None = None,
) -> Result:
    """Rank sites on the bundled Gilan data for a profile and any settings (the rest from the profile)."""
    from layers.catalogue import load_catalogue
    from layers.io import load_all_bundled

    scenario = resolve_scenario(
        load_profile(profile),
        group=group,
        resolution_m=resolution_m,
        method=method,
        weights=weights,
        min_score=min_score,
    )
    catalogue = load_catalogue()
    model = build_scenario_model(scenario, load_all_bundled(catalogue), illustrative=catalogue.illustrative)
    return run_scenario(model, scenario)
