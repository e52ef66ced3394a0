"""Land budget: land left after constraints, by county, against the land the province needs."""

from __future__ import annotations

from dataclasses import replace

import altair as alt
import pandas as pd
import streamlit as st

from spatial.budget import PROVINCE, land_budget_by_county
from spatial.data import read_province_facts, workspace_plots
from spatial.errors import GilanInputError
from spatial.i18n import embed, listing, t
from spatial.inventory import estates_inventory, revocable_ha_by_county
from ui.common import (
    analysis_layers,
    caveats,
    coverage_only,
    current_language,
    page_model,
    place_names,
    settings_bar,
    workspace,
)
from ui.maps import rule_colour
from ui.tables import county_label, labelled, value_label
from ui.tables import table as table_view

lang = current_language()
st.title(t("page_budget", lang))
try:
    profile, _, group, resolution, _ = settings_bar(lang)
    model, _ = page_model(profile, group, resolution, lang, coverage_only=coverage_only())
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
gross = t("hectares", lang).format(ha=f"{settings.gross_ha:,.0f}")
st.caption(f"{defaults.basis_in(lang)} · {t('budget_gross', lang)}: {embed(gross, lang)}")

budget = land_budget_by_county(
    model, layers, settings, idle_ha_by_county=revocable_ha_by_county(inventory), facts=read_province_facts()
)
table = budget.table
if budget.missing_rules:
    titles = {r.id: r.title(lang) for r in profile.constraints}
    missing = listing((embed(titles.get(r, r), lang) for r in budget.missing_rules), lang)
    st.error(t("budget_overstated", lang).format(rules=missing))
province = table.loc[PROVINCE]
cols = st.columns(4)
for col, (label, value) in zip(
    cols,
    [
        ("budget_land", province.land_ha),
        ("budget_excluded", province.excluded_ha),
        ("budget_developable", province.developable_ha),
        ("budget_demand_ha", province.demand_ha),
    ],
    strict=True,
):
    col.metric(t(label, lang), t("hectares", lang).format(ha=f"{value:,.0f}"))

counties = table.drop(index=PROVINCE)
names = place_names(lang)
parts = {f"{t('budget_only', lang)} {r.title(lang)}": counties[f"only_{r.id}_ha"] for r in model.mask.rules}
parts[t("budget_several", lang)] = counties.excluded_by_several_ha
chart = pd.DataFrame(parts).rename(index=lambda c: county_label(c, lang, names))
st.markdown(f"**{t('budget_excluded_by_county', lang)}**")
# Counties down the side and the legend below, both unabridged (a column chart cut the Persian names); each
# rule in the colour the maps give it (the profile's), "several rules" in grey.
long = chart.rename_axis("county").reset_index().melt("county", var_name="part", value_name="ha")
long["order"] = long["part"].map({part: i for i, part in enumerate(chart.columns)})
st.altair_chart(
    alt.Chart(long)
    .mark_bar()
    .encode(
        y=alt.Y("county:N", sort=list(chart.index), title=None, axis=alt.Axis(labelLimit=0)),
        x=alt.X("ha:Q", title=t("col_excluded_ha", lang), stack="zero"),
        color=alt.Color(
            "part:N",
            sort=list(chart.columns),
            scale=alt.Scale(domain=list(chart.columns), range=[*(rule_colour(r) for r in model.mask.rules), "#9e9e9e"]),
            legend=alt.Legend(orient="bottom", columns=2, labelLimit=0, title=None),
        ),
        order=alt.Order("order:Q"),
        tooltip=[
            alt.Tooltip("county:N", title=t("col_county", lang)),
            alt.Tooltip("part:N", title=t("col_rule", lang)),
            alt.Tooltip("ha:Q", title=t("col_excluded_ha", lang), format=",.0f"),
        ],
    )
    .properties(height=alt.Step(22)),  # a row per county, each label shown
    use_container_width=True,
)

columns = ["land_ha", "land_ha_measured", "excluded_ha", "developable_ha", "developable_after_screening_ha"]
columns += ["demand_ha", "balance_ha"]
shown = counties[[c for c in [*columns, "existing_industrial_ha", "idle_ha"] if c in counties]]
if "land_ha_measured" in shown:
    st.caption(t("budget_measured_note", lang))
rules = model.mask.rules


def _readable(frame: pd.DataFrame) -> pd.DataFrame:
    """County names in the page's language as the first column, and every header translated."""
    frame = frame.round(0).reset_index()
    frame["county"] = frame["county"].map(lambda c: county_label(c, lang, names))
    return labelled(frame, lang, rules)


table_view(_readable(pd.concat([shown, table.loc[[PROVINCE], shown.columns]])), lang)
with st.expander(t("budget_by_rule", lang)):
    table_view(_readable(table), lang)
st.markdown(f"**{t('budget_cross_check', lang)}**")
check = budget.cross_check.round(0)
check["item"] = check["item"].map(lambda v: value_label(v, lang, "item"))
table_view(labelled(check, lang), lang)
caveats(model, lang)
st.download_button(
    t("download_budget", lang),
    lambda: table.reset_index().to_csv(index=False).encode("utf-8-sig"),
    file_name=f"land_budget_{profile.name}_{group}.csv",
    mime="text/csv",
    on_click="ignore",
)
