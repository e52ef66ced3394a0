"""The map of one run (spatial.pipeline.run_scenario) for a page; the analysis itself is in spatial/."""

from __future__ import annotations

import folium
import numpy as np

from spatial.display import web_mercator
from spatial.i18n import t
from spatial.model import SuitabilityModel
from spatial.pipeline import Result
from ui.common import analysis_layers, rule_overlays
from ui.maps import (
    add_image,
    add_sites,
    base_map,
    finish_map,
    png_data_url,
    rule_colour,
    score_legend_html,
    score_rgba,
)


def suitability_map(
    model: SuitabilityModel,
    result: Result,
    key: tuple[object, ...],
    *,
    lang: str,
    focus_rank: int | None = None,
    legend_open: bool = True,
) -> folium.Map:
    """Score image, one toggleable layer per constraint, ranked sites with popups, legend with caveats."""
    layers, _, _ = analysis_layers()  # the project's counties and boundary, not the bundled ones
    fmap = base_map(layers, lang=lang)
    image, bounds = web_mercator(np.where(model.eligible, result.score, np.nan), model.grid, max_px=1000)
    add_image(fmap, png_data_url(score_rgba(image)), bounds, name=t("score", lang))
    titles = []
    for rule_id, url, rule_bounds in rule_overlays(model, key):
        rule = next(r for r in model.mask.rules if r.id == rule_id)
        name = f"{t('excluded_by', lang)}: {rule.title(lang)}"
        add_image(fmap, url, rule_bounds, name=name, show=True)
        titles.append((rule.title(lang), rule_colour(rule)))
    if result.table is not None:
        add_sites(fmap, result.table, lang=lang, name=t("sites", lang))
    notes = [t("legend_not_all_rules", lang)] if model.mask.skipped else []
    extent = layers.get("province")
    if focus_rank is not None and result.table is not None:
        site = result.table[result.table["rank"] == focus_rank]
        extent = site.assign(geometry=site.buffer(6_000)) if len(site) else extent
    return finish_map(fmap, score_legend_html(titles, lang, notes), extent, legend_open=legend_open)


def criterion_map(model: SuitabilityModel, criterion_id: str, *, lang: str) -> folium.Map:
    """One criterion's standardised layer (0..1, the score's colours; blank where it is unknown)."""
    layers, _, _ = analysis_layers()
    fmap = base_map(layers, lang=lang)
    image, bounds = web_mercator(model.standardised_layer(criterion_id), model.grid, max_px=800)
    criterion = next(c for c in model.criteria if c.id == criterion_id)
    add_image(fmap, png_data_url(score_rgba(image)), bounds, name=criterion.title(lang))
    legend = score_legend_html([], lang, [t("criterion_layer_note", lang)])
    return finish_map(fmap, legend, layers.get("province"), legend_open=False)
