"""Map explorer: every catalogue layer on one map, with provenance and data completeness."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from spatial.errors import GilanInputError
from spatial.i18n import class_title, listing, t
from spatial.layer_summary import how_to_supply, summarise_catalogue
from spatial.policy import DEFAULT_PROFILE
from spatial.zones import deprived_flags_set, with_derived
from ui.common import active_profile, analysis_layers, analysis_state, bundled_layers, current_language
from ui.maps import layer_map
from ui.tables import table, value_label

lang = current_language()
st.title(t("page_map", lang))
st.caption(t("map_intro", lang))

try:
    _, catalogue = bundled_layers()
    merged, _, supplied = analysis_layers()
    # Rural zones as the session's active profile derives them from the towns in use (the planner's, if any).
    profile, _ = active_profile(str(analysis_state().get("profile", DEFAULT_PROFILE)))
    layers = with_derived(merged, profile)
    catalogue = catalogue.with_supplied(supplied)
except GilanInputError as err:
    st.error(f"{t('load_error', lang)}: {err}")
    st.stop()

osm = st.toggle(t("osm_background", lang), value=False)
fmap = layer_map(layers, list(catalogue), lang=lang, osm_background=osm)
st_folium(fmap, height=640, use_container_width=True, returned_objects=[], key=f"explorer-{lang}-{osm}")

if deprived_flags_set(layers["counties"]) == 0:
    st.info(t("deprived_placeholder", lang))

st.subheader(t("completeness", lang))
gaps = catalogue.constraint_gaps(supplied)
st.warning(t("completeness_warning", lang))
table(
    pd.DataFrame(
        {
            t("col_class", lang): [class_title(g.constraint_class, lang) for g in gaps],
            t("col_status", lang): [t(f"gap_{g.state}", lang) for g in gaps],
            t("col_layer", lang): [", ".join(s.title(lang) for s in g.layers) for g in gaps],
            t("col_how", lang): [how_to_supply(g, lang) for g in gaps],
        }
    ),
    lang,
)

st.subheader(t("provenance", lang))
rows = summarise_catalogue(catalogue, layers)
table(
    pd.DataFrame(
        {
            t("col_layer", lang): [r.title_fa if lang == "fa" else r.title_en for r in rows],
            t("col_kind", lang): [value_label(r.kind, lang, "kind") for r in rows],
            t("col_features", lang): [str(r.features) for r in rows],
            t("col_status", lang): [
                listing((str(value_label(part, lang, "status")) for part in r.status.split(", ")), lang) for r in rows
            ],
            t("col_source", lang): [r.source for r in rows],
            t("col_licence", lang): [r.licence for r in rows],
            t("col_scale", lang): [r.scale_in(lang) for r in rows],
            t("col_accuracy", lang): [r.accuracy_in(lang) for r in rows],
        }
    ),
    lang,
)
