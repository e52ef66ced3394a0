"""The data doors of the app: what ui/ may use from layers/ (ui talks to spatial only; layers does the I/O).

Bundled layers and the catalogue, the planner's projects (uploads, saved profiles, plot tables, notes),
the facts tables and the downloads. Nothing here computes; it names, in one place, what the pages read
and write.
"""

from __future__ import annotations

from layers.businesses import read_business_upload
from layers.catalogue import GEOPACKAGE, Catalogue, LayerSpec, load_catalogue
from layers.io import (
    DEPRIVED_TABLE,
    MAX_UPLOAD_BYTES,
    RasterLayer,
    geotiff_bytes,
    load_all_bundled,
    read_province_facts,
    read_solar_facts,
    sites_csv,
    vector_bytes,
)
from layers.projects import (
    BUNDLED,
    ProjectData,
    create_project,
    delete_project,
    import_project_bytes,
    list_projects,
    owner_folder,
    project_data,
    project_file_bytes,
    project_folder,
    project_names,
    read_notes,
    rename_project,
    save_notes,
)
from layers.validate import check_plot_rows
from layers.workspace import (
    WORKSPACE_ENV,
    layer_sources,
    read_profile_document,
    remove_layer,
    save_profile,
    save_upload,
    saved_profiles,
    workspace_layers,
    workspace_plots,
    workspace_version,
)

__all__ = [
    "BUNDLED",
    "DEPRIVED_TABLE",
    "GEOPACKAGE",
    "MAX_UPLOAD_BYTES",
    "WORKSPACE_ENV",
    "Catalogue",
    "LayerSpec",
    "ProjectData",
    "RasterLayer",
    "check_plot_rows",
    "create_project",
    "delete_project",
    "geotiff_bytes",
    "import_project_bytes",
    "layer_sources",
    "list_projects",
    "load_all_bundled",
    "load_catalogue",
    "owner_folder",
    "project_data",
    "project_file_bytes",
    "project_folder",
    "project_names",
    "read_business_upload",
    "read_notes",
    "read_profile_document",
    "read_province_facts",
    "read_solar_facts",
    "remove_layer",
    "rename_project",
    "save_notes",
    "save_profile",
    "save_upload",
    "saved_profiles",
    "sites_csv",
    "vector_bytes",
    "workspace_layers",
    "workspace_plots",
    "workspace_version",
]
