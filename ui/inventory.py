"""Estates inventory: land allocated, free, idle and revoked; idle plots as revocation candidates."""

from __future__ import annotations

import streamlit as st

from spatial.data import check_plot_rows, workspace_plots
from spatial.errors import GilanInputError
from spatial.i18n import t
from spatial.inventory import estates_inventory
from spatial.policy import DEFAULT_PROFILE
from ui.common import active_profile, analysis_layers, analysis_state, current_language, workspace

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
st.caption(t("inventory_rule", lang).format(years=profile.inventory.revoke_after_years, basis=profile.inventory.basis))
cols = st.columns(3)
cols[0].metric(t("inventory_area", lang), f"{inventory.area_ha.sum():,.0f} ha")
cols[1].metric(t("inventory_idle", lang), "-" if plots is None else f"{inventory.idle_ha.sum():,.1f} ha")
cols[2].metric(t("inventory_revocable", lang), "-" if plots is None else f"{inventory.revocable_ha.sum():,.1f} ha")
st.dataframe(inventory, hide_index=True, width="stretch")
st.download_button(
    t("download_inventory", lang),
    lambda: inventory.to_csv(index=False).encode("utf-8-sig"),
    file_name="estates_inventory.csv",
    mime="text/csv",
)
