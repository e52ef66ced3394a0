"""Site inspector: click the map or pick a site to see every rule and criterion behind its rank."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pyproj import Transformer

from spatial.display import rule_check_texts
from spatial.errors import GilanInputError
from spatial.i18n import embed, t
from spatial.inspect import explain_location
from spatial.sites import explain_sites
from ui.analysis import show_result_map, suitability_map
from ui.common import analysis_layers, current_language, place_names, result_for, session_model
from ui.tables import county_label, table

lang = current_language()
st.title(t("page_inspector", lang))
model, key, scenario = session_model(lang)
profile, method = scenario.profile, scenario.method
st.caption(
    t("inspector_settings", lang).format(
        profile=embed(profile.name, lang),
        group=t(f"group_{model.group}", lang),
        cell=embed(f"{model.grid.cell_m:g}", lang),
        method=t(f"method_{method}", lang),
    )
)
result = result_for(model, key, scenario)

ranks = [] if result.table is None else result.table["rank"].tolist()
default = st.session_state.get("selected_rank", ranks[0] if ranks else None)
rank = st.selectbox(
    t("pick_site", lang), ranks, index=ranks.index(default) if default in ranks else 0, disabled=not ranks
)
clicked = show_result_map(
    suitability_map(model, result, key, lang=lang, focus_rank=rank),
    height=520,
    returned_objects=["last_clicked"],
    key=f"inspector-map-{lang}",
)
to_utm = Transformer.from_crs("EPSG:4326", model.grid.crs, always_xy=True)
point = (clicked or {}).get("last_clicked")
if point:
    x, y = to_utm.transform(point["lng"], point["lat"])
    st.subheader(t("clicked_point", lang).format(lat=point["lat"], lon=point["lng"]))
elif rank is not None and result.table is not None:
    site = result.table.set_index("rank").loc[rank]
    x, y = to_utm.transform(site.lon, site.lat)
    st.subheader(t("site_centre", lang).format(rank=rank))
else:
    st.info(t("click_map", lang))
    st.stop()

layers, _, _ = analysis_layers()
try:
    report = explain_location(model, layers, x, y, dict(scenario.weights))
except GilanInputError as err:
    st.error(str(err))
    st.stop()

cols = st.columns(4)
cols[0].metric(t("site_county", lang), county_label(report.county, lang, place_names(lang)) or "-")
cols[1].metric(t("rural", lang), t("yes" if report.rural else "no", lang))
deprived = "yes" if report.deprived else "no" if model.deprived_flags_set else "not_set"
cols[2].metric(t("deprived", lang), t(deprived, lang))
cols[3].metric(t("score", lang), "-" if report.score is None else f"{report.score:.3f}")
(st.warning if report.excluded else st.success)(report.verdict(lang))

st.markdown(f"**{t('rules_here', lang)}**")
texts = [rule_check_texts(c, lang) for c in report.rules]
table(
    pd.DataFrame(
        {
            t("col_rule", lang): [c.rule.title(lang) for c in report.rules],
            t("col_state", lang): [
                t("state_excluded" if c.excludes else "state_passes" if c.applied else "state_unchecked", lang)
                for c in report.rules
            ],
            t("col_distance", lang): [
                (c.measured_text() if lang == "en" else m) if c.applied else "-"
                for c, (m, _) in zip(report.rules, texts, strict=True)
            ],
            t("col_limit", lang): [
                c.limit_text() if lang == "en" else limit for c, (_, limit) in zip(report.rules, texts, strict=True)
            ],
            t("col_nearest", lang): [
                embed(c.nearest_in(lang), lang) if c.applied and c.nearest else "-" for c in report.rules
            ],
            t("col_basis", lang): [c.rule.basis_in(lang) for c in report.rules],
        }
    ),
    lang,
)

st.markdown(f"**{t('criteria_here', lang)}**")
if report.excluded:
    st.caption(t("criteria_excluded_cell", lang))
table(
    pd.DataFrame(
        {
            t("col_criterion", lang): report.criteria[f"title_{lang}"],
            t("col_raw", lang): report.criteria.raw.round(1),
            t("col_standardised", lang): report.criteria.standardised.round(3),
            t("col_weight", lang): report.criteria.weight.round(3),
            t("col_contribution", lang): report.criteria.contribution.round(3),
        }
    ),
    lang,
)

if result.table is not None and result.sites is not None and rank is not None and not point:
    row = result.table.set_index("rank").loc[rank]
    st.markdown(f"**{t('stability', lang)}**")
    st.write(
        t("stability_text", lang).format(
            p=row.p_top_k, k=int(row.top_k), low=int(row.rank_p05), high=int(row.rank_p95), draws=profile.sites.draws
        )
    )
    explained = explain_sites(model, result.sites)
    mine = explained[explained["rank"] == rank]
    st.markdown(f"**{t('criteria_site', lang)}**")
    table(
        pd.DataFrame(
            {
                t("col_criterion", lang): mine[f"title_{lang}"],
                t("col_raw", lang): mine.raw_mean.round(1),
                t("col_standardised", lang): mine.standardised.round(3),
                t("col_weight", lang): mine.weight.round(3),
                t("col_contribution", lang): mine.contribution.round(3),
            }
        ),
        lang,
    )
