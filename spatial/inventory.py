"""Estates inventory: land allocated, free, idle and revoked, and idle plots as revocation candidates.

Reallocating idle land is the cheapest new industrial land there is: amayesh asks to revoke
(khal'-e yad) land allocated but never used and give it to real producers, and revoked land may
go to knowledge-based firms or to nuisance trades moved out of cities.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from layers.validate import PLOT_STATUSES as STATUSES
from layers.validate import check_plot_rows
from spatial.policy import InventorySettings

REUSE = "knowledge-based firms (small cash payment, long instalments); nuisance trades relocated from cities"
FACT_COLUMNS = ["name_en", "name_fa", "type", "county", "area_ha", "units", "jobs", "idle_units"]


def estates_inventory(
    estates: gpd.GeoDataFrame, plots: pd.DataFrame | None, settings: InventorySettings
) -> pd.DataFrame:
    """One row per estate or zone: public figures, and the plot table's land by status where given."""
    table = pd.DataFrame(estates[FACT_COLUMNS]).set_index("name_en")
    table["plots"] = pd.array([pd.NA] * len(table), dtype="Int64")
    for status in STATUSES:
        table[f"{status}_ha"] = np.nan
    table["knowledge_based_plots"] = pd.array([pd.NA] * len(table), dtype="Int64")
    table["revocation_candidates"] = pd.array([pd.NA] * len(table), dtype="Int64")
    table["revocable_ha"] = np.nan
    table["suggested_reuse"] = ""
    if plots is not None and len(plots):
        # The same rules as on upload, so a table handed over through the API is checked too.
        plots = check_plot_rows(plots, layer="plots", known_estates=estates["name_en"].astype(str).tolist())
        grouped = plots.groupby("estate")
        table.loc[grouped.size().index, "plots"] = grouped.size()
        for status in STATUSES:
            area = plots[plots.status == status].groupby("estate")["area_ha"].sum()
            table.loc[grouped.size().index, f"{status}_ha"] = area.reindex(grouped.size().index).fillna(0.0)
        if "knowledge_based" in plots:
            kb = plots["knowledge_based"].astype("boolean").fillna(False).astype(int).groupby(plots["estate"]).sum()
            table.loc[kb.index, "knowledge_based_plots"] = kb
        years = plots["years_idle"].astype(float) if "years_idle" in plots else pd.Series(np.nan, index=plots.index)
        candidates = plots[(plots.status == "idle") & (years >= settings.revoke_after_years)]
        counts = candidates.groupby("estate").size().reindex(grouped.size().index).fillna(0).astype(int)
        table.loc[counts.index, "revocation_candidates"] = counts
        table.loc[counts.index, "revocable_ha"] = (
            candidates.groupby("estate")["area_ha"].sum().reindex(counts.index).fillna(0.0)
        )
        table.loc[counts[counts > 0].index, "suggested_reuse"] = REUSE
    return table.reset_index()


def revocable_ha_by_county(inventory: pd.DataFrame) -> pd.Series:
    """Hectares of revocation candidates per county (NaN where no plot table covers the county)."""
    return inventory.groupby("county")["revocable_ha"].sum(min_count=1)
