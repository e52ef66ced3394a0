"""Compare: two weight scenarios side by side, with how each site's rank changes."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from spatial.i18n import t
from spatial.pipeline import run_scenario
from spatial.sites import match_sites
from ui.analysis import suitability_map
from ui.common import current_language, session_model
from ui.weights import weights_editor

lang = current_language()
st.title(t("page_compare", lang))
model, key, scenario = session_model(lang)
st.caption(t("compare_help", lang))

with st.expander(t("scenario_b_weights", lang), expanded=True):
    weights_b = weights_editor(model.criteria, key="scenario_b", lang=lang, start=dict(scenario.weights))

scenario_b = scenario.with_weights(weights_b) if weights_b else scenario
runs = {"A": run_scenario(model, scenario), "B": run_scenario(model, scenario_b)}
for column, (name, result) in zip(st.columns(2), runs.items(), strict=True):
    with column:
        st.subheader(t("scenario", lang).format(name=name))
        st_folium(
            suitability_map(model, result, key, lang=lang, legend_open=False),
            height=460,
            use_container_width=True,
            returned_objects=[],
            key=f"compare-{name}-{lang}",
        )
        if result.problem:
            st.warning(result.problem)

a, b = runs["A"].table, runs["B"].table
if a is not None and b is not None:
    rank_b = match_sites(a, b)
    st.subheader(t("rank_changes", lang))
    st.dataframe(
        pd.DataFrame(
            {
                t("rank_in_a", lang): a["rank"],
                t("site_county", lang): a.county,
                t("site_area_ha", lang): a.area_ha.round(0),
                t("rank_in_b", lang): rank_b.astype("string").fillna(t("not_a_site", lang)),
                t("rank_change", lang): (a["rank"] - rank_b).astype("string").fillna("-"),
            }
        ),
        hide_index=True,
        width="stretch",
    )
