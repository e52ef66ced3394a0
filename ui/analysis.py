"""One suitability run for a page: score, sites, stability, and its map (analysis itself is in spatial/)."""

from __future__ import annotations

from dataclasses import dataclass

import folium
import numpy as np
import pandas as pd

from spatial.display import web_mercator
from spatial.errors import GilanInputError
from spatial.i18n import t
from spatial.model import SuitabilityModel
from spatial.sites import Sites, locate_sites, rank_stability
from ui.common import bundled_layers, rule_overlays
from ui.maps import (
    RULE_COLOURS,
    add_image,
    add_sites,
    base_map,
    finish_map,
    png_data_url,
    score_legend_html,
    score_rgba,
)


@dataclass
class Run:
    """The outcome of one set of weights."""

    score: np.ndarray
    sites: Sites | None
    table: pd.DataFrame | None  # sites with their stability, for display
    problem: str | None  # why there are no sites


def run(model: SuitabilityModel, weights: dict[str, float], method: str) -> Run:
    """Score, locate and rank sites and test their stability; 'no suitable land' is a result, not a crash."""
    score = model.score(weights, method)
    try:
        sites = locate_sites(model, score, weights=weights, method=method)
    except GilanInputError as err:  # no suitable land, an undefined OWA order: a result to show, not a crash
        return Run(score, None, None, str(err))
    stability = rank_stability(model, sites, method=method)
    table = sites.table.merge(stability.drop(columns=["draws"]), on="rank")
    return Run(score, sites, table, None)


def suitability_map(
    model: SuitabilityModel, result: Run, key: tuple[object, ...], *, lang: str, focus_rank: int | None = None
) -> folium.Map:
    """Score image, one toggleable layer per constraint, ranked sites with popups, legend with caveats."""
    layers, _ = bundled_layers()
    fmap = base_map(layers, lang=lang)
    image, bounds = web_mercator(np.where(model.eligible, result.score, np.nan), model.grid, max_px=1000)
    add_image(fmap, png_data_url(score_rgba(image)), bounds, name=t("score", lang))
    titles = []
    for i, (rule_id, url, rule_bounds) in enumerate(rule_overlays(model, key)):
        rule = next(r for r in model.mask.rules if r.id == rule_id)
        name = f"{t('excluded_by', lang)}: {rule.title(lang)}"
        add_image(fmap, url, rule_bounds, name=name, show=True)
        titles.append((rule.title(lang), RULE_COLOURS[i % len(RULE_COLOURS)]))
    if result.table is not None:
        add_sites(fmap, result.table, lang=lang, name=t("sites", lang))
    notes = [t("legend_not_all_rules", lang)] if model.mask.skipped else []
    extent = layers.get("province")
    if focus_rank is not None and result.table is not None:
        site = result.table[result.table["rank"] == focus_rank]
        extent = site.assign(geometry=site.buffer(6_000)) if len(site) else extent
    return finish_map(fmap, score_legend_html(titles, lang, notes), extent)
