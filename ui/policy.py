"""Policy: read the active profile with its legal basis; edit a copy and save it under a new name."""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd
import streamlit as st

from spatial.data import save_profile, saved_profiles
from spatial.errors import GilanInputError, PolicyError
from spatial.i18n import embed, t
from spatial.policy import (
    DEFAULT_PROFILE,
    new_distance_criterion,
    new_distance_rule,
    new_slope_rule,
    parse_profile,
    require_text,
    set_basis,
    setting_sections,
    standardise_table,
    typed_standardise,
    with_criterion,
)
from ui.common import (
    active_profile,
    analysis_layers,
    bundled_layers,
    current_language,
    project_name,
    workspace,
    writable_project,
)
from ui.policy_editor import (
    CONTROL_POINTS_LTR,
    distance_criterion_form,
    distance_rule_form,
    slope_rule_form,
    transformation_editor,
)
from ui.tables import table

lang = current_language()
st.title(t("page_policy", lang))
folder = workspace()
names = saved_profiles(folder)
name = st.selectbox(t("profile", lang), names, index=names.index(DEFAULT_PROFILE), key="policy_profile")
try:
    profile, doc = active_profile(name)
except GilanInputError as err:
    st.error(str(err))
    st.stop()
st.markdown(f"**{profile.title_fa if lang == 'fa' else profile.title_en}** · {profile.version}")
st.caption(f"{profile.basis_in(lang)} · sha256 {profile.digest}")
with st.expander(t("policy_settings", lang)):
    sections = setting_sections(profile)
    table(
        pd.DataFrame(
            {
                t("col_setting", lang): [
                    f"{t(f'section_{key}', lang)} ({embed(f'[{key}]', lang)})" for key, _, _ in sections
                ],
                t("col_values", lang): [
                    embed("; ".join(f"{k} = {v}" for k, v in values.items()), lang) for _, values, _ in sections
                ],
                t("col_basis", lang): [basis.basis_in(lang) for _, _, basis in sections],
            }
        ),
        lang,
    )

st.subheader(t("policy_edit", lang))
st.caption(t("policy_edit_help", lang))
rules = pd.DataFrame(
    {
        "id": [r.id for r in profile.constraints],
        t("col_rule", lang): [r.title(lang) for r in profile.constraints],  # shown, not edited: the id names it
        **{
            f"{t('col_distance', lang)}{'، ' if lang == 'fa' else ', '}{t(f'group_{g}', lang)}": [
                r.buffer_m[g] for r in profile.constraints
            ]
            for g in profile.groups
        },
        t("col_basis", lang): [r.basis_in(lang) for r in profile.constraints],
    }
)
edited_rules = st.data_editor(
    rules,
    hide_index=True,
    width="stretch",
    disabled=["id", t("col_rule", lang)],
    key=f"rules-{name}",
    column_config={"id": st.column_config.TextColumn(t("col_rule_id", lang))},
)
criteria = pd.DataFrame(
    {
        "id": [c.id for c in profile.criteria],
        t("col_criterion", lang): [c.title(lang) for c in profile.criteria],
        t("col_weight", lang): [c.weight for c in profile.criteria],
        t("col_basis", lang): [c.basis_in(lang) for c in profile.criteria],
    }
)
edited_criteria = st.data_editor(
    criteria,
    hide_index=True,
    width="stretch",
    disabled=["id", t("col_criterion", lang)],
    key=f"criteria-{name}",
    column_config={"id": st.column_config.TextColumn(t("col_criterion_id", lang))},
)
st.subheader(t("pe_transform", lang))
if lang == "fa":
    st.markdown(CONTROL_POINTS_LTR, unsafe_allow_html=True)
st.caption(t("pe_transform_help", lang))
transformations = {
    c.id: transformation_editor(c, key=f"{name}-{c.id}", profile=name, lang=lang) for c in profile.criteria
}

st.subheader(t("pe_add", lang))
st.caption(t("pe_add_help", lang))
_, dem, own = analysis_layers()
_, catalogue = bundled_layers()
with st.container(border=True):
    slope = slope_rule_form(profile, has_dem=dem is not None, key=f"{name}-new-slope", lang=lang)
with st.container(border=True):
    rule = distance_rule_form(profile, catalogue, own, key=f"{name}-new-rule", lang=lang)
with st.container(border=True):
    criterion = distance_criterion_form(catalogue, own, key=f"{name}-new-criterion", profile=name, lang=lang)

st.divider()
min_area = st.number_input(
    t("min_area", lang), min_value=0.0, value=profile.sites.min_area_ha, step=1.0, key=f"{name}-min-area"
)
new_name = st.text_input(t("policy_new_name", lang), value=f"{name}-copy", key=f"{name}-new-name")
basis_key = "basis_fa" if lang == "fa" else "basis"  # the table shows (and edits) the basis in the page's language


def _number(value: object, *, key: str) -> float:
    """A cell of the editor as a number; an emptied or text cell is refused naming its key."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = float("nan")
    if number != number:
        raise PolicyError(new_name, key, f"'{value}' is not a number", "type a number in that cell")
    return number


def _text(value: object) -> str:
    """A text cell of the editor; an emptied one (None or NaN) is ''."""
    return "" if value is None or value != value else str(value)


def _edited_copy() -> dict[str, Any]:
    """The profile document with every edit of this page, checked field by field (errors name the key)."""
    new: dict[str, Any] = copy.deepcopy(doc)
    new["profile"]["name"] = new_name
    rule_tables = {table["id"]: table for table in new.get("constraint", [])}
    for row in edited_rules.itertuples(index=False):  # id, title, one distance per group, basis
        table = rule_tables.get(row[0])
        if table is None:
            continue  # a rule the profile derives from a setting ([screening]), not a table of the file
        for i, group in enumerate(profile.groups):
            table["buffer_m"][group] = _number(row[2 + i], key=f"constraint.{row[0]}.buffer_m.{group}")
        basis = require_text(_text(row[-1]), key=f"constraint.{row[0]}.{basis_key}", profile=new_name)
        set_basis(table, basis, lang=lang)
    criterion_tables = {table["id"]: table for table in new["criterion"]}
    for row in edited_criteria.itertuples(index=False):  # id, title, weight, basis
        table, field = criterion_tables[row[0]], f"criterion.{row[0]}"
        table["weight"] = _number(row[2], key=f"{field}.weight")
        set_basis(table, require_text(_text(row[3]), key=f"{field}.{basis_key}", profile=new_name), lang=lang)
        spec = typed_standardise(*transformations[row[0]], key=f"{field}.standardise", profile=new_name)
        table["standardise"] = standardise_table(spec)
    if slope is not None:
        new["constraint"].append(new_slope_rule(new, **slope, lang=lang, profile=new_name))
    if rule is not None:
        new["constraint"].append(new_distance_rule(new, **rule, lang=lang, profile=new_name))
    if criterion is not None:
        fields = dict(criterion)
        rescale = bool(fields.pop("rescale_others"))
        table = new_distance_criterion(new, **fields, lang=lang, profile=new_name)
        new = with_criterion(new, table, rescale_others=rescale, profile=new_name)
    new["sites"]["min_area_ha"] = float(min_area)
    return new


if st.button(t("policy_save", lang), key="policy_save"):
    try:
        new = _edited_copy()
        parse_profile(new, name=new_name)
        save_profile(new, new_name, writable_project())
    except GilanInputError as err:
        st.error(f"{t('policy_not_saved', lang)} {embed(err, lang)}")
    else:
        st.success(t("policy_saved", lang).format(name=new_name, original=name))
        if st.session_state.pop("project_created", None):
            st.info(t("project_created_for_you", lang).format(name=project_name()))
