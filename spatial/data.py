"""The data doors of the app: what ui/ may use from layers/ (ui talks to spatial only; layers does the I/O).

Bundled layers and the catalogue, the session's workspace (uploads, saved profiles, plot tables),
the facts tables and the downloads. Nothing here computes; it names, in one place, what the pages read
and write.
"""

from __future__ import annotations

from layers.catalogue import GEOPACKAGE, Catalogue, LayerSpec, load_catalogue
from layers.io import (
    DEPRIVED_TABLE,
    MAX_UPLOAD_BYTES,
    RasterLayer,
    geotiff_bytes,
    load_all_bundled,
    read_province_facts,
    sites_csv,
    vector_bytes,
)
from layers.validate import check_plot_rows
from layers.workspace import (
    WORKSPACE_ENV,
    read_profile_document,
    remove_layer,
    save_profile,
    save_upload,
    saved_profiles,
    session_workspace,
    workspace_layers,
    workspace_plots,
    workspace_version,
)

__all__ = [
    "DEPRIVED_TABLE",
    "GEOPACKAGE",
    "MAX_UPLOAD_BYTES",
    "WORKSPACE_ENV",
    "Catalogue",
    "LayerSpec",
    "RasterLayer",
    "check_plot_rows",
    "geotiff_bytes",
    "load_all_bundled",
    "load_catalogue",
    "read_profile_document",
    "read_province_facts",
    "remove_layer",
    "save_profile",
    "save_upload",
    "saved_profiles",
    "session_workspace",
    "sites_csv",
    "vector_bytes",
    "workspace_layers",
    "workspace_plots",
    "workspace_version",
]
