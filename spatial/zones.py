"""Rural and deprived zones: derived from towns, counties and the amayesh rule of the profile."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from spatial.policy import Profile, RuralRule


def rural_zones(province: gpd.GeoDataFrame, towns: gpd.GeoDataFrame, rule: RuralRule) -> gpd.GeoDataFrame:
    """Land of the province farther than the urban radius from every qualifying town."""
    population = towns["population"].astype("Float64")
    urban_towns = towns[population.isna() | (population >= rule.min_town_population)]
    urban = urban_towns.geometry.buffer(rule.urban_radius_m, quad_segs=16).union_all()
    rural = province.geometry.union_all().difference(urban)
    return gpd.GeoDataFrame(
        {
            "zone": ["rural"],
            "area_km2": [round(rural.area / 1e6, 1)],
            "rule": [
                f"farther than {rule.urban_radius_m:,.0f} m from {len(urban_towns)} towns "
                f"(population >= {rule.min_town_population} or unknown)"
            ],
            "basis": [rule.basis],
        },
        geometry=[rural],
        crs=province.crs,
    )


def deprived_flags_set(counties: pd.DataFrame) -> int:
    """How many counties have a deprived flag set (yes or no); 0 means the table is still a placeholder."""
    return int(counties["deprived"].notna().sum())


def with_derived(layers: dict[str, gpd.GeoDataFrame], profile: Profile) -> dict[str, gpd.GeoDataFrame]:
    """The layers plus the rural zones the profile's rule derives from their towns (unless the caller brought some).

    The one place rural zones come from: the model and the Map explorer both call it with the active profile.
    """
    if "rural_zones" in layers or "towns" not in layers or "province" not in layers:
        return layers
    return {**layers, "rural_zones": rural_zones(layers["province"], layers["towns"], profile.rural)}
