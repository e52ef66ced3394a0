"""Compare: scenario A (the Suitability page's) against B, another group, profile or weight set, site by site."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from spatial.compare import compare_sites
from spatial.data import saved_profiles
from spatial.errors import GilanInputError
from spatial.i18n import embed, t
from spatial.pipeline import Scenario, resolve_scenario
from ui.analysis import show_result_map, suitability_map
from ui.common import (
    active_profile,
    coverage_only,
    current_language,
    model_for,
    place_names,
    result_for,
    session_model,
    widget_key,
    workspace,
)
from ui.tables import county_label, table
from ui.weights import weights_editor

lang = current_language()
st.title(t("page_compare", lang))
model, key, scenario = session_model(lang)
st.caption(t("compare_help", lang))


def _described(s: Scenario) -> str:
    return t("scenario_settings", lang).format(
        profile=s.profile.title_fa if lang == "fa" else s.profile.title_en,
        group=t(f"group_{s.group}", lang),
        cell=embed(f"{s.resolution_m:g}", lang),
        method=t(f"method_{s.method}", lang),
    )


with st.expander(t("scenario_b_settings", lang), expanded=True):
    cols = st.columns(2)
    names = saved_profiles(workspace())
    here = scenario.profile.name
    name_b = cols[0].selectbox(
        t("profile", lang),
        names,
        index=names.index(st.session_state.get("b_profile", here))
        if st.session_state.get("b_profile", here) in names
        else names.index(here)
        if here in names
        else 0,
        key="b_profile",
    )
    try:
        profile_b = scenario.profile if name_b == here else active_profile(name_b)[0]
    except GilanInputError as err:
        st.error(str(err))
        st.stop()
    groups = list(profile_b.groups)
    wanted = st.session_state.get(widget_key("b_group", lang), scenario.group)
    group_b = cols[1].radio(
        t("group", lang),
        groups,
        index=groups.index(wanted) if wanted in groups else 0,
        horizontal=True,
        key=widget_key("b_group", lang),
        format_func=lambda g: t(f"group_{g}", lang),
    )
    try:
        model_b, key_b = (
            (model, key)
            if (name_b, group_b) == (here, scenario.group)
            else model_for(profile_b, group_b, scenario.resolution_m, coverage_only=coverage_only())
        )
    except GilanInputError as err:
        st.error(str(err))
        st.stop()
    same_profile = name_b == here
    start = dict(scenario.weights) if same_profile else profile_b.weights()
    st.markdown(f"**{t('scenario_b_weights', lang)}**")
    weights_b = weights_editor(model_b.criteria, key="scenario_b", lang=lang, start=start)
    try:
        # One profile: B differs only in group and weights; another profile: its own threshold and site rules.
        scenario_b = resolve_scenario(
            profile_b,
            group=group_b,
            resolution_m=scenario.resolution_m,
            method=scenario.method,
            weights=weights_b,
            **(
                {
                    "min_score": scenario.min_score,
                    "max_sites": scenario.max_sites,
                    "min_spacing_m": scenario.min_spacing_m,
                    "min_area_ha": scenario.min_area_ha,
                }
                if same_profile
                else {}
            ),
            coverage_only=scenario.coverage_only,
        )
    except GilanInputError as err:
        st.error(str(err))
        st.stop()

runs = {
    "A": (model, key, result_for(model, key, scenario)),
    "B": (model_b, key_b, result_for(model_b, key_b, scenario_b)),
}
for column, (name, (run_model, run_key, result)) in zip(st.columns(2), runs.items(), strict=True):
    with column:
        st.subheader(t("scenario", lang).format(name=t(f"scenario_{name}", lang)))
        st.caption(_described(result.scenario))
        show_result_map(
            suitability_map(run_model, result, run_key, lang=lang, legend_open=False),
            height=460,
            key=f"compare-{name}-{lang}",
        )
        if result.problem:
            st.warning(result.problem)

a, b = runs["A"][2].table, runs["B"][2].table
matched = compare_sites(a, b)


names = place_names(lang)


def _site_rows(sites: gpd.GeoDataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("site_rank", lang): sites["rank"],
            t("site_county", lang): sites.county.map(lambda c: county_label(c, lang, names)),
            t("site_area_ha", lang): sites.area_ha.round(0),
            t("site_site_score", lang): sites.site_score.round(3),
            t("col_lon_lat", lang): [
                embed(f"{x:.4f}, {y:.4f}", lang) for x, y in zip(sites.lon, sites.lat, strict=True)
            ],
        }
    )


if a is not None:
    rank_b = matched.rank_in_b
    st.subheader(t("rank_changes", lang))
    table(
        pd.DataFrame(
            {
                t("rank_in_a", lang): a["rank"],
                t("site_county", lang): a.county.map(lambda c: county_label(c, lang, names)),
                t("site_area_ha", lang): a.area_ha.round(0),
                t("rank_in_b", lang): rank_b.astype("string").fillna(t("not_a_site", lang)),
                t("rank_change", lang): (a["rank"] - rank_b).astype("string"),
            }
        ),
        lang,
        thousands=False,
    )
for name, only in (("A", matched.only_in_a), ("B", matched.only_in_b)):
    st.subheader(t("only_in", lang).format(name=t(f"scenario_{name}", lang), count=len(only)))
    if len(only):
        table(_site_rows(only), lang, thousands=False)
    else:
        st.caption(t("only_in_none", lang))
