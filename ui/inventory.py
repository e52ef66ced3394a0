"""Estates inventory: land allocated, free, idle and revoked; idle plots as revocation candidates."""

from __future__ import annotations

import streamlit as st

from spatial.data import check_plot_rows, workspace_plots
from spatial.errors import GilanInputError
from spatial.i18n import t
from spatial.inventory import REUSE, estates_inventory
from spatial.policy import DEFAULT_PROFILE
from ui.common import active_profile, analysis_layers, analysis_state, current_language, place_names, workspace
from ui.tables import county_label, labelled, table, value_label

lang = current_language()
st.title(t("page_inventory", lang))
profile, _ = active_profile(str(analysis_state().get("profile", DEFAULT_PROFILE)))
plots = workspace_plots(workspace())
layers = analysis_layers()[0]
try:
    if plots is not None:  # a table saved before the upload checks existed is checked again here
        plots = check_plot_rows(plots, layer="plots", known_estates=layers["estates"]["name_en"].astype(str).tolist())
    inventory = estates_inventory(layers["estates"], plots, profile.inventory)
except GilanInputError as err:
    st.error(str(err))
    st.stop()
if plots is None:
    st.info(t("inventory_no_plots", lang))
st.caption(
    t("inventory_rule", lang).format(years=profile.inventory.revoke_after_years, basis=profile.inventory.basis_in(lang))
)
cols = st.columns(3)


def _ha(value: float, places: int) -> str:
    return t("hectares", lang).format(ha=f"{value:,.{places}f}")


cols[0].metric(t("inventory_area", lang), _ha(inventory.area_ha.sum(), 0))
cols[1].metric(t("inventory_idle", lang), "-" if plots is None else _ha(inventory.idle_ha.sum(), 1))
cols[2].metric(t("inventory_revocable", lang), "-" if plots is None else _ha(inventory.revocable_ha.sum(), 1))
names = place_names(lang)
shown = inventory.copy()
shown["county"] = shown["county"].map(lambda c: county_label(c, lang, names))
shown["type"] = shown["type"].map(lambda v: value_label(v, lang, "type"))
shown["suggested_reuse"] = shown["suggested_reuse"].map(lambda v: t("value_reuse", lang) if v == REUSE else v)
if lang == "fa":  # the Persian name first, the English one kept for matching a plot table
    shown = shown[["name_fa", "name_en", *[c for c in shown.columns if c not in ("name_fa", "name_en")]]]
table(labelled(shown, lang), lang)
st.download_button(
    t("download_inventory", lang),
    lambda: inventory.to_csv(index=False).encode("utf-8-sig"),
    file_name="estates_inventory.csv",
    mime="text/csv",
    on_click="ignore",
)
