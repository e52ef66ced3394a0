"""The map of one run (spatial.pipeline.run_scenario) for a page; the analysis itself is in spatial/."""

from __future__ import annotations

from dataclasses import dataclass

import folium
from streamlit_folium import st_folium

from spatial.display import web_mercator
from spatial.i18n import t
from spatial.model import SuitabilityModel
from spatial.pipeline import Result
from ui.common import analysis_layers, own_layer_specs, rule_overlays
from ui.maps import (
    add_image,
    add_layer,
    add_sites,
    base_map,
    finish_map,
    rule_colour,
    score_legend_html,
    score_png,
    use_local_assets,
)

SHOWN_OWN_LAYERS = ("parcels", "estates", "estate_footprints")  # drawn at first; the planner's other layers on demand


@dataclass
class ResultMap:
    """A result's map in two parts: what stays while the weights move (background, constraints, legend) and
    what changes with them (score, sites), so a weight move redraws the second part only."""

    base: folium.Map
    layers: list[folium.FeatureGroup]


def suitability_map(
    model: SuitabilityModel,
    result: Result,
    key: tuple[object, ...],
    *,
    lang: str,
    focus_rank: int | None = None,
    legend_open: bool = True,
) -> ResultMap:
    """Score image, one toggleable layer per constraint, ranked sites with popups, legend with caveats."""
    layers, _, supplied = analysis_layers()  # the project's counties and boundary, not the bundled ones
    fmap = base_map(layers, lang=lang)
    own = own_layer_specs(layers, supplied)
    for spec in own:  # the planner's own layers in their catalogue style; parcels shown, others in the switcher
        add_layer(fmap, layers[spec.id], spec, lang=lang, show=spec.id in SHOWN_OWN_LAYERS)
    titles = []
    for rule_id, url, rule_bounds in rule_overlays(model, key):
        rule = next(r for r in model.mask.rules if r.id == rule_id)
        name = f"{t('excluded_by', lang)}: {rule.title(lang)}"
        add_image(fmap, url, rule_bounds, name=name, show=True)
        titles.append((rule.title(lang), rule_colour(rule)))
    notes = [t("legend_not_all_rules", lang)] if model.mask.skipped else []
    extent = layers.get("province")
    if focus_rank is not None and result.table is not None:
        site = result.table[result.table["rank"] == focus_rank]
        extent = site.assign(geometry=site.buffer(6_000)) if len(site) else extent
    legend = score_legend_html(titles, lang, notes, own)
    fmap = finish_map(fmap, legend, extent, legend_open=legend_open, layer_control=False)
    score = folium.FeatureGroup(name=t("score", lang))
    image, bounds = web_mercator(result.score, model.grid, max_px=1000, where=model.eligible)
    add_image(score, score_png(image), bounds, name=t("score", lang))
    drawn = [score]
    if result.table is not None:
        sites = folium.FeatureGroup(name=t("sites", lang))
        add_sites(sites, result.table, lang=lang, name=t("sites", lang))
        drawn.append(sites)
    for group in drawn:
        use_local_assets(group)
    return ResultMap(fmap, drawn)


def show_result_map(
    result_map: ResultMap, *, key: str, height: int, returned_objects: list[str] | None = None
) -> dict[str, object]:
    """Draw a result map; while its background stays the same the browser keeps it (and the planner's zoom)
    and only swaps the score and sites, instead of reloading the whole map on every weight move."""
    return st_folium(  # type: ignore[no-any-return]
        result_map.base,
        height=height,
        use_container_width=True,
        returned_objects=returned_objects or [],
        feature_group_to_add=result_map.layers,
        layer_control=folium.LayerControl(collapsed=True),
        key=key,
    )


def criterion_map(model: SuitabilityModel, criterion_id: str, *, lang: str) -> folium.Map:
    """One criterion's standardised layer (0..1, the score's colours; blank where it is unknown)."""
    layers, _, _ = analysis_layers()
    fmap = base_map(layers, lang=lang)
    image, bounds = web_mercator(model.standardised_layer(criterion_id), model.grid, max_px=800)
    criterion = next(c for c in model.criteria if c.id == criterion_id)
    add_image(fmap, score_png(image), bounds, name=criterion.title(lang))
    legend = score_legend_html([], lang, [t("criterion_layer_note", lang)])
    return finish_map(fmap, legend, layers.get("province"), legend_open=False)
