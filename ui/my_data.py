"""My data: the planner's projects, and their own layers uploaded, validated and used in the analysis."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from spatial.data import (
    BUNDLED,
    MAX_UPLOAD_BYTES,
    RasterLayer,
    create_project,
    delete_project,
    import_project_bytes,
    layer_sources,
    project_file_bytes,
    read_notes,
    remove_layer,
    rename_project,
    save_notes,
    save_upload,
    workspace_layers,
    workspace_plots,
)
from spatial.errors import GilanInputError
from spatial.i18n import class_title, digits, t
from spatial.layer_summary import how_to_supply
from spatial.policy import parse_profile
from ui.common import (
    analysis_layers,
    bundled_layers,
    current_language,
    owner,
    owner_key,
    project_name,
    remember_analysis,
    workspace,
    writable_project,
)
from ui.tables import table

lang = current_language()
st.title(t("page_my_data", lang))
_, catalogue = bundled_layers()
roles = [s for s in catalogue if not s.derived]
name = project_name()


def _check_profile(doc: dict[str, object], profile: str) -> None:
    parse_profile(doc, name=profile)


st.subheader(t("project", lang) + ": " + (t("project_bundled", lang) if name == BUNDLED else name))
command = f"python -m spatial suitability --owner {owner_key()} --project {name}"
st.caption(
    t("project_help", lang).format(
        key=owner_key(), cli=t("project_cli", lang).format(command=command) if name != BUNDLED else ""
    )
)
if message := st.session_state.pop("project_message", None):
    st.success(message)
manage = st.columns(3)
with manage[0].form("project_new", clear_on_submit=True):
    new_name = st.text_input(t("project_new_name", lang), placeholder="rasht-2027", key="project_name")
    if st.form_submit_button(t("project_create", lang), key="project_create"):
        try:
            create_project(owner(), new_name.strip())
        except GilanInputError as err:
            st.error(str(err))
        else:
            remember_analysis(project=new_name.strip())
            st.session_state["project_message"] = t("project_created", lang).format(name=new_name.strip())
            st.rerun()
with manage[1].form("project_import", clear_on_submit=True):
    shared = st.file_uploader(t("project_import", lang), type=["gpkg"], key="project_file")
    if st.form_submit_button(t("project_import_button", lang), key="project_import") and shared is not None:
        estates = bundled_layers()[0]["estates"]["name_en"].astype(str).tolist()
        try:
            imported, notes = import_project_bytes(
                owner(), shared.getvalue(), shared.name, catalogue, check_profile=_check_profile, known_estates=estates
            )
        except GilanInputError as err:
            st.error(f"{t('upload_refused', lang)} {shared.name}: {err}")
        else:
            remember_analysis(project=imported.name)
            st.session_state["project_message"] = t("project_imported", lang).format(
                file=shared.name, name=imported.name
            ) + "".join(f"\n- {n}" for n in notes)
            st.rerun()
if name != BUNDLED:
    folder = workspace()
    assert folder is not None
    with manage[2]:
        st.download_button(
            t("project_export", lang),
            project_file_bytes(folder),
            file_name=f"{name}.gpkg",
            mime="application/geopackage+sqlite3",
            on_click="ignore",
        )
        with st.popover(t("project_rename_delete", lang)):
            renamed = st.text_input(t("project_rename_to", lang), value=name, key="project_rename_to")
            if st.button(t("project_rename", lang), key="project_rename") and renamed.strip() != name:
                try:
                    rename_project(owner(), name, renamed.strip())
                except GilanInputError as err:
                    st.error(str(err))
                else:
                    remember_analysis(project=renamed.strip())
                    st.rerun()
            sure = st.checkbox(t("project_delete_sure", lang).format(name=name), key="project_delete_sure")
            if st.button(t("project_delete", lang), disabled=not sure, key="project_delete"):
                delete_project(owner(), name)
                remember_analysis(project=BUNDLED)
                st.rerun()
    notes = st.text_area(t("project_notes", lang), value=read_notes(folder), height=100, key=f"notes-{name}")
    if st.button(t("project_notes_save", lang), key="project_notes_save"):
        save_notes(folder, notes)
        st.success(t("project_notes_saved", lang))

st.subheader(t("upload_file", lang))
st.caption(t("my_data_help", lang).format(limit=digits(MAX_UPLOAD_BYTES // 1024**2, lang)))

with st.form("upload", clear_on_submit=False):
    upload = st.file_uploader(
        t("upload_file", lang), type=["gpkg", "geojson", "json", "zip", "tif", "tiff", "csv"], key="upload_file"
    )
    role = st.selectbox(
        t("upload_role", lang),
        [s.id for s in roles],
        key="upload_role",
        format_func=lambda i: f"{catalogue[i].title(lang)} ({t(f'status_{catalogue[i].status}', lang)})",
    )
    crs = st.text_input(t("upload_crs", lang), placeholder="EPSG:4326", key="upload_crs")
    repair = st.checkbox(t("upload_repair", lang), key="upload_repair")
    drop_other = st.checkbox(t("upload_drop_other", lang), key="upload_drop_other")
    submitted = st.form_submit_button(t("upload_check_save", lang), key="upload_submit")

if submitted:
    if upload is None:
        st.error(t("upload_none", lang))
    else:
        spec = catalogue[role]
        # Plot rows must name estates of the estates layer in use (the planner's own, if uploaded).
        estates = analysis_layers()[0]["estates"]["name_en"].astype(str).tolist() if role == "plots" else None
        try:
            data = save_upload(
                upload.getvalue(),
                upload.name,
                role=role,
                workspace=writable_project(),
                catalogue=catalogue,
                repair=repair,
                assume_crs=crs.strip() or None,
                known_estates=estates,
                drop_other_geometry=drop_other,
            )
        except GilanInputError as err:
            st.error(f"{t('upload_refused', lang)} {upload.name}: {err}")
        else:
            size = f"{data.values.shape[1]} x {data.values.shape[0]}" if isinstance(data, RasterLayer) else len(data)
            st.success(t("upload_saved", lang).format(name=upload.name, role=spec.title(lang), size=size))
            if not isinstance(data, RasterLayer) and data.attrs.get("dropped"):
                st.info(f"{upload.name}: {data.attrs['dropped']}")
            if spec.constraint_class:
                st.info(t("upload_fills", lang).format(cls=spec.constraint_class))
            if st.session_state.pop("project_created", None):
                st.info(t("project_created_for_you", lang).format(name=project_name()))

folder = workspace()
own, dem = workspace_layers(folder)
plots = workspace_plots(folder)
sources = layer_sources(folder) if folder is not None else {}
stored = [*own, *(["dem"] if dem is not None else []), *(["plots"] if plots is not None else [])]
st.subheader(t("my_layers", lang))
if not stored:
    st.write(t("my_layers_none", lang))
for layer_id in stored:
    cols = st.columns([4, 1])
    count = (
        own[layer_id].shape[0]
        if layer_id in own
        else len(plots)
        if layer_id == "plots" and plots is not None
        else "raster"
    )
    source = f", {sources[layer_id]}" if layer_id in sources else ""
    cols[0].write(f"**{catalogue[layer_id].title(lang)}** ({layer_id}{source}): {count}")
    if folder is not None and cols[1].button(t("remove", lang), key=f"remove-{layer_id}"):
        remove_layer(folder, layer_id)
        st.rerun()

st.subheader(t("completeness", lang))
gaps = catalogue.constraint_gaps(frozenset(stored))
table(
    pd.DataFrame(
        {
            t("col_class", lang): [class_title(g.constraint_class, lang) for g in gaps],
            t("col_status", lang): [t(f"gap_{g.state}", lang) for g in gaps],
            t("col_how", lang): [how_to_supply(g, lang) for g in gaps],
        }
    ),
    lang,
)
