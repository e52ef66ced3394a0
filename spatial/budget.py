"""Gilan's land budget: land left after constraints, by county, against the land the province needs.

Areas are counted on the model's grid, so the parts add up exactly: for every county,
land = developable + sum(excluded only by one rule) + excluded by several rules. "Excluded by a
rule" (overlaps included) is reported beside "excluded only by that rule".
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from spatial.errors import PolicyError
from spatial.grid import rasterize_mask
from spatial.model import SuitabilityModel
from spatial.policy import BudgetSettings

PROVINCE = "Gilan"


@dataclass(frozen=True)
class LandBudget:
    """Per county (and a province row): land, exclusions, developable land, demand and the balance."""

    table: pd.DataFrame
    rule_ids: tuple[str, ...]
    missing_rules: tuple[str, ...]
    cross_check: pd.DataFrame


def _county_sums(ids: np.ndarray, mask: np.ndarray, n: int, cell_ha: float) -> np.ndarray:
    """Hectares of ``mask`` in each county id 0..n (0: no county)."""
    return np.bincount(ids[mask], minlength=n + 1)[: n + 1] * cell_ha


def _allocation_key(table: pd.DataFrame, counties: gpd.GeoDataFrame | None, allocation: str) -> np.ndarray:
    """Each county's share of the provincial demand (adds up to 1), by the profile's stated key."""
    if allocation == "population":
        if counties is None or "pop_2016" not in counties:
            raise PolicyError(
                "profile", "budget.allocation", "the counties layer has no pop_2016", "use developable_land"
            )
        key = counties.set_index("name_en")["pop_2016"].astype("Float64").reindex(table.index).fillna(0)
    else:
        key = table["developable_ha" if allocation == "developable_land" else "land_ha"]
    values = key.to_numpy(dtype=float)
    if values.sum() <= 0:
        raise PolicyError("profile", "budget.allocation", f"no county has any {allocation}", "pick another key")
    return values / values.sum()


def land_budget_by_county(
    model: SuitabilityModel,
    layers: dict[str, gpd.GeoDataFrame],
    settings: BudgetSettings,
    *,
    idle_ha_by_county: pd.Series | None = None,
    facts: dict[str, float] | None = None,
) -> LandBudget:
    """The land budget of the model's province and counties (land only: the Caspian is left out)."""
    grid, cell_ha = model.grid, model.grid.cell_area_ha
    sea = layers.get("caspian_sea")
    land = model.study_area & ~(rasterize_mask(sea.geometry, grid) if sea is not None else np.zeros(grid.shape, bool))
    names = model.county_names
    n = len(names)
    ids = model.county_ids.astype("int64")
    bits = model.mask.bits
    columns: dict[str, np.ndarray] = {"land_ha": _county_sums(ids, land, n, cell_ha)}
    for i, rule in enumerate(model.mask.rules):
        bit = bits.dtype.type(1 << i)
        columns[f"excluded_by_{rule.id}_ha"] = _county_sums(ids, land & ((bits & bit) != 0), n, cell_ha)
        columns[f"only_{rule.id}_ha"] = _county_sums(ids, land & (bits == bit), n, cell_ha)
    several = land & (bits != 0) & ((bits & (bits - 1)) != 0)  # more than one bit set
    columns["excluded_by_several_ha"] = _county_sums(ids, several, n, cell_ha)
    columns["excluded_ha"] = _county_sums(ids, land & (bits != 0), n, cell_ha)
    columns["developable_ha"] = _county_sums(ids, land & (bits == 0), n, cell_ha)
    screening = layers.get("landcover_screening")
    if screening is not None and "class" in screening:
        # Kilometre cells of real land cover: beside the mapped figures, a defensible range for the
        # land the maps still miss. They never exclude land from the ranking.
        covered = {c: rasterize_mask(screening.geometry[screening["class"] == c], grid) for c in ("forest", "cropland")}
        columns["screening_forest_ha"] = _county_sums(ids, land & covered["forest"], n, cell_ha)
        columns["screening_cropland_ha"] = _county_sums(ids, land & covered["cropland"], n, cell_ha)
        free = land & (bits == 0) & ~covered["forest"] & ~covered["cropland"]
        columns["developable_after_screening_ha"] = _county_sums(ids, free, n, cell_ha)
    table = pd.DataFrame(columns, index=["(no county)", *names]).iloc[1:]

    counties = layers.get("counties")
    if counties is not None and "land_km2_osm" in counties:
        # Beside the mapped land, the land measured on the real county polygons: the bundled counties are
        # Voronoi cells, up to four times too large or too small.
        measured = counties.set_index("name_en")["land_km2_osm"].astype("Float64").reindex(table.index) * 100
        table.insert(1, "land_ha_measured", measured.to_numpy(dtype=float, na_value=np.nan))
    table["demand_ha"] = settings.gross_ha * _allocation_key(table, counties, settings.allocation)
    estates = layers.get("estates")
    # Existing industrial land: estates and rural zones of known area (free zones and planned estates left out).
    built = estates[estates["type"].isin(["estate", "rural zone"])] if estates is not None else None
    existing = built.groupby("county")["area_ha"].sum(min_count=1).reindex(names) if built is not None else None
    table["existing_industrial_ha"] = existing.to_numpy(dtype=float) if existing is not None else np.nan
    idle = idle_ha_by_county.reindex(names) if idle_ha_by_county is not None else pd.Series(np.nan, index=names)
    table["idle_ha"] = idle.to_numpy(dtype=float)
    table["balance_ha"] = table.developable_ha - table.demand_ha
    table["idle_share_of_demand"] = (table.idle_ha / table.demand_ha).clip(upper=1.0)
    province = table.sum(numeric_only=True, min_count=1)
    share = province.idle_ha / province.demand_ha
    province["idle_share_of_demand"] = min(1.0, share) if pd.notna(share) else np.nan
    table.loc[PROVINCE] = province
    table.index.name = "county"
    return LandBudget(
        table=table,
        rule_ids=tuple(r.id for r in model.mask.rules),
        missing_rules=tuple(r.id for r in model.mask.skipped),
        cross_check=cross_check(table.loc[PROVINCE], model, facts or {}),
    )


def cross_check(province: pd.Series, model: SuitabilityModel, facts: dict[str, float]) -> pd.DataFrame:
    """Public statistics beside the mapped figures: how much land the maps miss."""
    mapped = {r.id: province.get(f"excluded_by_{r.id}_ha", 0.0) for r in model.mask.rules}
    rows = [
        ("land area", facts.get("area", np.nan) * 100, province.land_ha),  # facts give km²
        ("forest", facts.get("forest", np.nan), mapped.get("forest", 0.0)),
        ("paddy (farmland)", facts.get("paddy", np.nan), mapped.get("farmland", 0.0)),
        (
            "industrial land in estates",
            facts.get("industrial_land_in_estates", np.nan),
            province.existing_industrial_ha,
        ),
    ]
    frame = pd.DataFrame(rows, columns=["item", "public_figure_ha", "mapped_ha"])
    frame["missing_from_maps_ha"] = frame.public_figure_ha - frame.mapped_ha
    frame["screening_ha"] = [
        np.nan,
        province.get("screening_forest_ha", np.nan),
        province.get("screening_cropland_ha", np.nan),
        np.nan,
    ]
    return frame
