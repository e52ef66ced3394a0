"""Suitability: rules and criteria with their legal basis, weights, the score map and ranked sites."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st
import tomli_w
from streamlit_folium import st_folium

from spatial.aggregate import owa_readings
from spatial.budget import land_budget_by_county
from spatial.criteria import standardisation_curve
from spatial.data import geotiff_bytes, read_province_facts, sites_csv, vector_bytes
from spatial.errors import GilanInputError
from spatial.i18n import embed, listing, t
from spatial.pipeline import resolve_scenario
from spatial.report import report_html, report_pdf
from spatial.sites import explain_sites, score_polygons
from ui.analysis import criterion_map, show_result_map, suitability_map
from ui.common import (
    analysis_layers,
    bundled_layers,
    caveat_line,
    caveats,
    coverage_only,
    coverage_switch,
    current_language,
    page_model,
    place_names,
    remember_analysis,
    result_for,
    settings_bar,
    site_setting,
    widget_key,
)
from ui.tables import county_label, table
from ui.weights import weights_editor

lang = current_language()


def _applied(yes: bool) -> str:
    return t("yes" if yes else "missing_layer", lang)


st.title(t("page_suitability", lang))

try:
    profile, doc, group, resolution, method = settings_bar(lang)
    model, key = page_model(profile, group, resolution, lang, coverage_only=coverage_only())
except GilanInputError as err:
    st.error(str(err))
    st.stop()

layer_titles = {spec.id: spec.title(lang) for spec in bundled_layers()[1]}


def _layers(ids: tuple[str, ...] | list[str]) -> str:
    return listing((embed(layer_titles.get(i, i), lang) for i in ids), lang)


with st.expander(t("rules_and_criteria", lang)):
    applied = {r.id for r in model.mask.rules}
    table(
        pd.DataFrame(
            {
                t("col_rule", lang): [r.title(lang) for r in profile.constraints],
                t("col_distance", lang): [
                    t("metres", lang).format(m=f"{r.buffer_m[group]:,.0f}")
                    if r.slope_above_percent is None
                    else embed(f"> {r.slope_above_percent:g} %", lang)
                    for r in profile.constraints
                ],
                t("col_layer", lang): [_layers(r.layers) for r in profile.constraints],
                t("col_applied", lang): [_applied(r.id in applied) for r in profile.constraints],
                t("col_basis", lang): [r.basis_in(lang) for r in profile.constraints],
            }
        ),
        lang,
    )
    available = {c.id for c in model.criteria}
    table(
        pd.DataFrame(
            {
                t("col_criterion", lang): [c.title(lang) for c in profile.criteria],
                t("col_measure", lang): [
                    f"{t(f'measure_{c.measure}', lang)} ({_layers([c.layer])})" for c in profile.criteria
                ],
                t("col_function", lang): [
                    listing(
                        [
                            t(f"fn_{c.standardise.function}", lang),
                            t(f"fn_{c.standardise.direction}", lang),
                            embed(" – ".join(f"{v:g}" for v in c.standardise.control), lang),
                        ],
                        lang,
                    )
                    for c in profile.criteria
                ],
                t("col_weight", lang): [c.weight for c in profile.criteria],
                t("col_applied", lang): [_applied(c.id in available) for c in profile.criteria],
                t("col_basis", lang): [c.basis_in(lang) for c in profile.criteria],
            }
        ),
        lang,
    )

if st.toggle(t("criterion_layers", lang), key=widget_key("criterion_layers", lang)):  # drawn only when asked
    shown = st.selectbox(
        t("col_criterion", lang),
        [c.id for c in model.criteria],
        format_func=lambda i: next(c.title(lang) for c in model.criteria if c.id == i),
        key=widget_key("criterion_layer", lang),
    )
    chosen = next(c for c in model.criteria if c.id == shown)
    map_col, curve_col = st.columns([2, 1])
    with map_col:
        st_folium(
            criterion_map(model, shown, lang=lang),
            height=380,
            use_container_width=True,
            returned_objects=[],
            key=f"criterion-map-{shown}-{lang}",
        )
    with curve_col:
        raw, value = standardisation_curve(chosen.standardise, measure=chosen.measure)
        st.line_chart(pd.DataFrame({t("col_standardised", lang): value}, index=raw), height=300)
        st.caption(t("criterion_curve_note", lang).format(measure=t(f"measure_{chosen.measure}", lang)))

if method == "owa":
    order = profile.aggregation.owa_order_weights
    if order:
        orness, tradeoff = owa_readings(np.asarray(order))
        st.caption(t("owa_readings", lang).format(orness=orness, tradeoff=tradeoff))
    else:
        st.info(t("owa_no_order", lang))


@st.fragment
def _results() -> None:
    """Weights, site controls, the result map, the ranking and the downloads: a weight move reruns this part
    only (the settings, the model and the rules tables above stay as they are)."""
    left, right = st.columns([1, 2.4])
    with left:
        st.subheader(t("weights", lang))
        weights = weights_editor(model.criteria, key="main", lang=lang, start=st.session_state.get("weights"))
        rules = profile.sites
        min_score = st.slider(
            t("min_score", lang),
            0.0,
            1.0,
            site_setting("min_score", rules.min_score),
            step=0.01,
            key="min_score",
            help=t("min_score_help", lang).format(default=rules.min_score),
        )
        st.markdown(f"**{t('site_controls', lang)}**")
        max_sites = st.number_input(
            t("max_sites", lang),
            min_value=1,
            max_value=max(50, rules.max_sites),
            value=int(site_setting("max_sites", rules.max_sites)),
            step=1,
            key="max_sites",
            help=t("max_sites_help", lang).format(default=rules.max_sites),
        )
        min_spacing_m = st.number_input(
            t("min_spacing_m", lang),
            min_value=0.0,
            max_value=max(20_000.0, rules.min_spacing_m),
            value=site_setting("min_spacing_m", rules.min_spacing_m),
            step=250.0,
            format="%.0f",
            key="min_spacing_m",
            help=t("min_spacing_help", lang).format(default=f"{rules.min_spacing_m:,.0f}"),
        )
        min_area_ha = st.number_input(
            t("min_area_ha", lang),
            min_value=min(1.0, rules.min_area_ha),
            max_value=rules.max_area_ha,
            value=min(site_setting("min_area_ha", rules.min_area_ha), rules.max_area_ha),
            step=5.0,
            format="%.0f",
            key="min_area_ha",
            help=t("min_area_help", lang).format(default=f"{rules.min_area_ha:g}", largest=f"{rules.max_area_ha:g}"),
        )
    st.session_state["weights"] = weights
    remember_analysis(
        min_score=float(min_score),
        max_sites=int(max_sites),
        min_spacing_m=float(min_spacing_m),
        min_area_ha=float(min_area_ha),
    )
    try:
        scenario = resolve_scenario(
            profile,
            group=group,
            resolution_m=resolution,
            method=method,
            weights=weights,
            min_score=min_score,
            max_sites=int(max_sites),
            min_spacing_m=float(min_spacing_m),
            min_area_ha=float(min_area_ha),
            coverage_only=coverage_only(),
        )
    except GilanInputError as err:
        st.error(str(err))
        st.stop()
    result = result_for(model, key, scenario)
    with right:
        show_result_map(suitability_map(model, result, key, lang=lang), height=600, key=f"suitability-map-{lang}")
    coverage_switch(model, lang)
    caveats(model, lang)

    st.subheader(t("top_sites", lang))
    if result.table is None:
        st.warning(f"{t('no_sites', lang)} {result.problem}")
        st.stop()
    assert result.sites is not None
    names = place_names(lang)
    shown = pd.DataFrame(
        {
            t("site_rank", lang): result.table["rank"],
            t("site_area_ha", lang): result.table.area_ha.round(0),
            t("site_site_score", lang): result.table.site_score.round(3),
            t("site_tied_with", lang): result.table.tied_with,
            t("site_incomplete", lang): result.table.incomplete_criteria,
            t("site_screening_forest", lang): result.table.screening_forest.map(
                lambda v: t(f"screening_{v.replace(' ', '_')}", lang) if v else None
            ),
            t("site_county", lang): result.table.county.map(lambda c: county_label(c, lang, names)),
            t("site_rural_share", lang): (result.table.rural_share * 100).round(0),
            t("site_p_top_k", lang).format(k=int(result.table.top_k.iloc[0])): result.table.p_top_k.round(2),
            t("site_rank_range", lang): [
                embed(f"{a}–{b}", lang) for a, b in zip(result.table.rank_p05, result.table.rank_p95, strict=True)
            ],
            t("col_lon_lat", lang): [
                embed(f"{x:.4f}, {y:.4f}", lang) for x, y in zip(result.table.lon, result.table.lat, strict=True)
            ],
        }
    )
    if result.table.tied_with.astype(bool).any():
        st.caption(t("ties_note", lang).format(decimals=profile.sites.tie_decimals))
    for caveat in result.score_caveats:
        st.warning(caveat_line(caveat, profile, lang))
    picked = table(shown, lang, thousands=False, on_select="rerun", selection_mode="single-row", key="sites")
    if picked and picked.selection.rows:
        st.session_state["selected_rank"] = int(result.table["rank"].iloc[picked.selection.rows[0]])
        st.caption(t("open_inspector", lang))

    layers, _, supplied = analysis_layers()
    if "parcels" in layers:
        st.subheader(t("parcels_scored", lang))
        stats = score_polygons(model, result.score, layers["parcels"])
        table(
            pd.DataFrame(
                {
                    t("field_name_en", lang): layers["parcels"]["name_en"],
                    t("parcel_mean", lang): stats.mean_score.round(3),
                    t("parcel_min", lang): stats.min_score.round(3),
                    t("parcel_excluded", lang): (stats.excluded_share * 100).round(0),
                }
            ),
            lang,
        )

    # Files are made only when a button is clicked (callables), so moving a weight stays fast.
    ranked, sites, score = result.table, result.sites, result.score
    cols = st.columns(5)
    cols[0].download_button(
        t("download_sites_gpkg", lang),
        lambda: vector_bytes(ranked, layer="sites"),
        file_name=f"sites_{profile.name}_{group}.gpkg",
        mime="application/geopackage+sqlite3",
        on_click="ignore",
    )
    cols[1].download_button(
        t("download_sites_csv", lang),
        lambda: sites_csv(ranked, explain_sites(model, sites)),
        file_name=f"sites_{profile.name}_{group}.csv",
        mime="text/csv",
        on_click="ignore",
    )
    cols[2].download_button(
        t("download_score", lang),
        lambda: geotiff_bytes(score, model.grid.transform, crs=model.grid.crs),
        file_name=f"score_{profile.name}_{group}.tif",
        mime="image/tiff",
        on_click="ignore",
    )
    cols[3].download_button(
        t("download_profile", lang),
        tomli_w.dumps(doc).encode(),
        file_name=f"{profile.name}.toml",
        mime="application/toml",
        on_click="ignore",
    )

    catalogue = bundled_layers()[1].with_supplied(supplied)

    def _report() -> bytes:
        # Runs on a separate thread when the button is clicked: use only what this run computed.
        budget = land_budget_by_county(model, layers, profile.budget, facts=read_province_facts())
        html = report_html(model, result, layers, catalogue, lang=lang, budget=budget)
        return report_pdf(html)

    cols[4].download_button(
        t("download_report", lang),
        _report,
        file_name=f"report_{profile.name}_{group}_{lang}.pdf",
        mime="application/pdf",
        on_click="ignore",
    )


_results()
