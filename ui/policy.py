"""Policy: read the active profile with its legal basis; edit a copy and save it under a new name."""

from __future__ import annotations

import copy

import pandas as pd
import streamlit as st

from spatial.data import save_profile, saved_profiles
from spatial.errors import GilanInputError, PolicyError
from spatial.i18n import t
from spatial.policy import DEFAULT_PROFILE, parse_profile
from ui.common import active_profile, current_language, project_name, workspace, writable_project

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

st.subheader(t("policy_edit", lang))
st.caption(t("policy_edit_help", lang))
rules = pd.DataFrame(
    {
        "id": [r.id for r in profile.constraints],
        **{
            f"{t('col_distance', lang)}, {t(f'group_{g}', lang)}": [r.buffer_m[g] for r in profile.constraints]
            for g in profile.groups
        },
        t("col_basis", lang): [r.basis_in(lang) for r in profile.constraints],
    }
)
edited_rules = st.data_editor(
    rules,
    hide_index=True,
    width="stretch",
    disabled=["id"],
    key=f"rules-{name}",
    column_config={"id": st.column_config.TextColumn(t("col_rule_id", lang))},
)
criteria = pd.DataFrame(
    {
        "id": [c.id for c in profile.criteria],
        t("col_weight", lang): [c.weight for c in profile.criteria],
        t("col_basis", lang): [c.basis_in(lang) for c in profile.criteria],
    }
)
edited_criteria = st.data_editor(
    criteria,
    hide_index=True,
    width="stretch",
    disabled=["id"],
    key=f"criteria-{name}",
    column_config={"id": st.column_config.TextColumn(t("col_criterion_id", lang))},
)
min_area = st.number_input(t("min_area", lang), min_value=0.0, value=profile.sites.min_area_ha, step=1.0)
new_name = st.text_input(t("policy_new_name", lang), value=f"{name}-copy")


def _number(value: object, *, key: str) -> float:
    """A cell of the editor as a number; an emptied or text cell is refused naming its key."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = float("nan")
    if number != number:
        raise PolicyError(new_name, key, f"'{value}' is not a number", "type a number in that cell")
    return number


if st.button(t("policy_save", lang)):
    new = copy.deepcopy(doc)
    new["profile"]["name"] = new_name  # type: ignore[index]
    try:
        for table, row in zip(new["constraint"], edited_rules.itertuples(index=False), strict=True):  # type: ignore[arg-type]
            for i, group in enumerate(profile.groups):
                table["buffer_m"][group] = _number(row[1 + i], key=f"constraint.{table['id']}.buffer_m.{group}")
            table["basis_fa" if lang == "fa" else "basis"] = str(row[-1])
        for table, row in zip(new["criterion"], edited_criteria.itertuples(index=False), strict=True):  # type: ignore[arg-type]
            table["weight"] = _number(row[1], key=f"criterion.{table['id']}.weight")
            table["basis_fa" if lang == "fa" else "basis"] = str(row[2])
        new["sites"]["min_area_ha"] = float(min_area)  # type: ignore[index]
        parse_profile(new, name=new_name)
        save_profile(new, new_name, writable_project())
    except GilanInputError as err:
        st.error(f"{t('policy_not_saved', lang)} {err}")
    else:
        st.success(t("policy_saved", lang).format(name=new_name, original=name))
        if st.session_state.pop("project_created", None):
            st.info(t("project_created_for_you", lang).format(name=project_name()))
