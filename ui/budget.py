"""Land budget: land left after constraints, by county, against the land the province needs."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from spatial.budget import PROVINCE, land_budget_by_county
from spatial.data import read_province_facts, workspace_plots
from spatial.errors import GilanInputError
from spatial.i18n import t
from spatial.inventory import estates_inventory, revocable_ha_by_county
from ui.common import analysis_layers, caveats, coverage_only, current_language, model_for, settings_bar, workspace
from ui.maps import rule_colour

lang = current_language()
st.title(t("page_budget", lang))
try:
    profile, _, group, resolution, _ = settings_bar(lang)
    with st.status(t("building", lang), expanded=False) as status:
        model, _ = model_for(profile, group, resolution, progress=status.write, coverage_only=coverage_only())
        status.update(label=t("model_ready", lang), state="complete")
    layers, _, _ = analysis_layers()
    inventory = estates_inventory(layers["estates"], workspace_plots(workspace()), profile.inventory)
except GilanInputError as err:
    st.error(str(err))
    st.stop()

st.subheader(t("budget_demand", lang))
defaults = profile.budget
cols = st.columns(4)
settings = replace(
    defaults,
    new_units=int(cols[0].number_input(t("budget_units", lang), 0, 100_000, defaults.new_units, step=50)),
    ha_per_unit=float(cols[1].number_input(t("budget_ha_unit", lang), 0.01, 100.0, defaults.ha_per_unit, step=0.1)),
    green_share=float(cols[2].number_input(t("budget_green", lang), 0.0, 0.5, defaults.green_share, step=0.01)),
    utilities_share=float(
        cols[3].number_input(t("budget_utilities", lang), 0.0, 0.5, defaults.utilities_share, step=0.01)
    ),
)
st.caption(f"{defaults.basis} · {t('budget_gross', lang)}: {settings.gross_ha:,.0f} ha")

budget = land_budget_by_county(
    model, layers, settings, idle_ha_by_county=revocable_ha_by_county(inventory), facts=read_province_facts()
)
table = budget.table
if budget.missing_rules:
    st.error(t("budget_overstated", lang).format(rules=", ".join(budget.missing_rules)))
province = table.loc[PROVINCE]
cols = st.columns(4)
cols[0].metric(t("budget_land", lang), f"{province.land_ha:,.0f} ha")
cols[1].metric(t("budget_excluded", lang), f"{province.excluded_ha:,.0f} ha")
cols[2].metric(t("budget_developable", lang), f"{province.developable_ha:,.0f} ha")
cols[3].metric(t("budget_demand_ha", lang), f"{province.demand_ha:,.0f} ha")

counties = table.drop(index=PROVINCE)
parts = {f"{t('budget_only', lang)} {r.title(lang)}": counties[f"only_{r.id}_ha"] for r in model.mask.rules}
parts[t("budget_several", lang)] = counties.excluded_by_several_ha
st.markdown(f"**{t('budget_excluded_by_county', lang)}**")
# Each rule in the colour the maps give it (the profile's), "several rules" in grey.
st.bar_chart(pd.DataFrame(parts), height=360, color=[*(rule_colour(r) for r in model.mask.rules), "#9e9e9e"])

columns = ["land_ha", "land_ha_measured", "excluded_ha", "developable_ha", "developable_after_screening_ha"]
columns += ["demand_ha", "balance_ha"]
shown = counties[[c for c in [*columns, "existing_industrial_ha", "idle_ha"] if c in counties]]
if "land_ha_measured" in shown:
    st.caption(t("budget_measured_note", lang))
st.dataframe(pd.concat([shown, table.loc[[PROVINCE], shown.columns]]).round(0), width="stretch")
with st.expander(t("budget_by_rule", lang)):
    st.dataframe(table.round(0), width="stretch")
st.markdown(f"**{t('budget_cross_check', lang)}**")
st.dataframe(budget.cross_check.round(0), hide_index=True, width="stretch")
caveats(model, lang)
st.download_button(
    t("download_budget", lang),
    lambda: table.reset_index().to_csv(index=False).encode("utf-8-sig"),
    file_name=f"land_budget_{profile.name}_{group}.csv",
    mime="text/csv",
)
