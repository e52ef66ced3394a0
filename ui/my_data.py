"""My data: upload a planner's own layer, see it validated, and use it in the analysis."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from spatial.data import MAX_UPLOAD_BYTES, RasterLayer, remove_layer, save_upload, workspace_layers, workspace_plots
from spatial.errors import GilanInputError
from spatial.i18n import t
from ui.common import analysis_layers, bundled_layers, current_language, workspace

lang = current_language()
st.title(t("page_my_data", lang))
st.caption(t("my_data_help", lang).format(limit=MAX_UPLOAD_BYTES // 1024**2))
_, catalogue = bundled_layers()
folder = workspace()
roles = [s for s in catalogue if not s.derived]

with st.form("upload", clear_on_submit=False):
    upload = st.file_uploader(t("upload_file", lang), type=["gpkg", "geojson", "json", "zip", "tif", "tiff", "csv"])
    role = st.selectbox(
        t("upload_role", lang),
        [s.id for s in roles],
        format_func=lambda i: f"{catalogue[i].title(lang)} ({t(f'status_{catalogue[i].status}', lang)})",
    )
    crs = st.text_input(t("upload_crs", lang), placeholder="EPSG:4326")
    repair = st.checkbox(t("upload_repair", lang))
    drop_other = st.checkbox(t("upload_drop_other", lang))
    submitted = st.form_submit_button(t("upload_check_save", lang))

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
                workspace=folder,
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

own, dem = workspace_layers(folder)
plots = workspace_plots(folder)
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
    cols[0].write(f"**{catalogue[layer_id].title(lang)}** ({layer_id}): {count}")
    if cols[1].button(t("remove", lang), key=f"remove-{layer_id}"):
        remove_layer(folder, layer_id)
        st.rerun()

st.subheader(t("completeness", lang))
gaps = catalogue.constraint_gaps(frozenset(stored))
st.dataframe(
    pd.DataFrame(
        {
            t("col_class", lang): [g.constraint_class for g in gaps],
            t("col_status", lang): [t(f"gap_{g.state}", lang) for g in gaps],
            t("col_how", lang): [" ".join(s.supply for s in g.layers if s.supply) for g in gaps],
        }
    ),
    hide_index=True,
    width="stretch",
)
