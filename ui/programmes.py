"""Programmes: the policy's profiles, relocating nuisance trades, and solar power on estates."""

from __future__ import annotations

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from spatial.data import (
    read_business_upload,
    read_province_facts,
    read_solar_facts,
    saved_profiles,
    vector_bytes,
    workspace_plots,
)
from spatial.errors import GilanInputError
from spatial.i18n import programme_title, t
from spatial.inventory import estates_inventory
from spatial.pipeline import resolve_scenario, run_scenario
from spatial.relocate import locate_businesses, plan_relocation, relocation_group
from spatial.solar import estates_solar, irradiation, province_rooftop_mwh, solar_settings, solar_totals
from ui.common import (
    active_profile,
    analysis_layers,
    analysis_state,
    current_language,
    model_for,
    place_names,
    workspace,
)
from ui.maps import base_map, finish_map
from ui.tables import county_label, labelled, table, value_label

lang = current_language()
st.title(t("page_programmes", lang))
layers, _, _ = analysis_layers()
names = saved_profiles(workspace())

st.subheader(t("programmes_profiles", lang))
rows = []
for name in names:
    try:
        profile, _ = active_profile(name)
    except GilanInputError as err:
        rows.append((name, "-", str(err)))
        continue
    rows.append((name, programme_title(profile.programme, lang), profile.purpose(lang)))
st.dataframe(
    pd.DataFrame(rows, columns=[t("profile", lang), t("programme", lang), t("purpose", lang)]),
    hide_index=True,
    width="stretch",
)


def _relocation_table(frame: pd.DataFrame) -> None:
    """A relocation table in the page's language: headers in words, places, kinds of place, pollution groups."""
    shown = frame.round(2).rename(columns={"land_ha": "land_need_ha"})  # a business's need, not an area of land
    twins = (("origin", "origin_fa"), ("destination", "destination_fa"), ("name", "name_fa"), ("reason", "reason_fa"))
    for english, persian in twins:
        if persian in shown:  # each place once, in the page's language
            if lang == "fa":
                shown[english] = shown[persian]
            shown = shown.drop(columns=persian)
    for column, kind in (("kind", "destination"), ("group", "group"), ("max_group", "group")):
        if column in shown:
            shown[column] = shown[column].map(lambda v, k=kind: value_label(v, lang, k))
    table(labelled(shown, lang), lang)


st.subheader(t("relocation", lang))
st.caption(t("relocation_help", lang))
with st.form("relocation"):
    upload = st.file_uploader(t("relocation_file", lang), type=["csv"], key="relocation_file")
    cols = st.columns(2)
    default = names.index("gilan-trades") if "gilan-trades" in names else 0
    chosen = cols[0].selectbox(t("profile", lang), names, index=default, key="relocation_profile")
    limit = cols[1].number_input(t("relocation_new_sites", lang), 0, 50, 0, key="relocation_new_sites")
    planned = st.form_submit_button(t("relocation_run", lang), key="relocation_run")
if planned and upload is None:
    st.error(t("upload_none", lang))
elif planned and upload is not None:
    try:
        profile, _ = active_profile(chosen)
        moving = read_business_upload(upload.getvalue(), upload.name)
        businesses = locate_businesses(moving, layers["towns"], layers["counties"])
        resolution = analysis_state().get("resolution")
        scenario = resolve_scenario(profile, group=relocation_group(profile, moving), resolution_m=resolution)  # type: ignore[arg-type]
        with st.spinner(t("building", lang)):
            model, _ = model_for(profile, scenario.group, scenario.resolution_m)
            result = run_scenario(model, scenario)
            moved = plan_relocation(
                businesses,
                layers,
                result.table,
                profile=profile,
                site_group=scenario.group,
                plots=workspace_plots(workspace()),
                max_new_sites=int(limit) or None,
            )
    except GilanInputError as err:
        st.error(f"{t('upload_refused', lang)} {upload.name}: {err}")
    else:
        st.session_state["relocation_plan"] = (moved, upload.name, chosen)
if "relocation_plan" in st.session_state:
    moved, source, chosen = st.session_state["relocation_plan"]
    st.success(
        t("relocation_done", lang).format(
            file=source, profile=chosen, placed=len(moved.assigned), unplaced=len(moved.unplaced), km=moved.daily_km
        )
    )
    if workspace_plots(workspace()) is None:
        st.info(t("relocation_no_plots", lang))
    fmap = base_map(layers, lang=lang)
    for row in moved.flows.to_crs(4326).itertuples():
        (x0, y0), (x1, y1) = row.geometry.coords
        destination = row.destination_fa if lang == "fa" else row.destination
        folium.PolyLine([[y0, x0], [y1, x1]], color="#d95f02", weight=2, tooltip=f"{row.id} → {destination}").add_to(
            fmap
        )
        folium.CircleMarker([y0, x0], radius=4, color="#7570b3", fill=True, tooltip=f"{row.id}: {row.trade}").add_to(
            fmap
        )
        folium.CircleMarker([y1, x1], radius=6, color="#1b9e77", fill=True, tooltip=destination).add_to(fmap)
    legend = "<details open><summary><b>" + t("relocation", lang) + "</b></summary>" + t("relocation_legend", lang)
    st_folium(
        finish_map(fmap, legend + "</details>", layers.get("province")),
        height=560,
        use_container_width=True,
        returned_objects=[],
        key=f"relocation-map-{lang}",
    )
    _relocation_table(moved.assigned)
    _relocation_table(moved.destinations[moved.destinations.businesses > 0])
    if len(moved.unplaced):
        st.warning(t("relocation_unplaced", lang))
        _relocation_table(moved.unplaced)
    st.download_button(
        t("relocation_download", lang),
        lambda: vector_bytes(moved.flows, layer="flows"),
        file_name="relocation_flows.gpkg",
        mime="application/geopackage+sqlite3",
        on_click="ignore",
    )

st.subheader(t("solar", lang))
try:
    profile, _ = active_profile(str(analysis_state().get("profile", "gilan-industrial")))
    values, sources = read_solar_facts()
    sun = irradiation(solar_settings(profile), values, sources)
    inventory = estates_inventory(layers["estates"], workspace_plots(workspace()), profile.inventory)
    solar = estates_solar(inventory, profile, sun)
except GilanInputError as err:
    st.error(str(err))
    st.stop()
sums = solar_totals(solar, inventory)
cols = st.columns(3)
cols[0].metric(t("solar_clear_sky", lang), f"{sun.clear_sky_ghi:,.0f} kWh/m²")
cols[1].metric(  # the clear sky times the cloud factor: a factor, not a rise
    t("solar_real", lang), f"{sun.real_ghi:,.0f} kWh/m²", f"× {sun.cloud_factor:.2f}", "off", delta_arrow="off"
)
cols[2].metric(t("solar_total", lang), f"{sums.rooftop_mwh + sums.free_land_mwh:,.0f} MWh")
st.caption(
    t("solar_source", lang).format(
        source=sun.source_in(lang), poa=sun.poa, basis=solar_settings(profile).basis_in(lang)
    )
)
st.caption(
    t("solar_counted", lang).format(
        counted=sums.counted,
        unknown=sums.unknown,
        whole=province_rooftop_mwh(read_province_facts()["industrial_land_in_estates"], profile, sun),
    )
)
names = place_names(lang)
shown = solar.round(1)
shown["county"] = shown["county"].map(lambda c: county_label(c, lang, names))
shown["roof_basis"] = shown["roof_basis"].map(lambda v: value_label(v, lang, "roof_basis"))
if lang == "fa" and "name_fa" in inventory:  # the Persian name first, the English one kept for matching
    shown.insert(0, "name_fa", shown["name_en"].map(dict(zip(inventory["name_en"], inventory["name_fa"], strict=True))))
table(labelled(shown, lang), lang)
