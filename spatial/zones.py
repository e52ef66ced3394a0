"""Rural and deprived zones: derived from towns, counties and the amayesh rule of the profile."""

from __future__ import annotations

import weakref
from collections.abc import Callable

import geopandas as gpd
import pandas as pd

from spatial.i18n import digits
from spatial.policy import Profile, RuralRule

# Where rural zones are measured from: a town's area where one is known, else its point.
SETTLEMENT_LAYERS = ("town_areas", "towns")


def rural_zones(province: gpd.GeoDataFrame, towns: gpd.GeoDataFrame, rule: RuralRule) -> gpd.GeoDataFrame:
    """Land of the province farther than the urban radius from the edge of every qualifying town.

    ``towns`` may hold points (a town's centre), polygons (its built-up area or city limits) or both;
    a town without a population column, or with an empty one, counts as urban.
    """
    if "population" in towns:
        population = pd.to_numeric(towns["population"], errors="coerce").astype("Float64")
        urban_towns = towns[(population.isna() | (population >= rule.min_town_population)).to_numpy(dtype=bool)]
    else:
        urban_towns = towns
    urban = urban_towns.geometry.buffer(rule.urban_radius_m, quad_segs=16).union_all()
    rural = province.geometry.union_all().difference(urban)
    areas = int(urban_towns.geom_type.isin(["Polygon", "MultiPolygon"]).sum())
    points = len(urban_towns) - areas
    radius, population = f"{rule.urban_radius_m:,.0f}", f"{rule.min_town_population:,}"
    return gpd.GeoDataFrame(
        {
            "zone": ["rural"],
            "zone_fa": ["روستایی"],
            "area_km2": [round(rural.area / 1e6, 1)],
            "rule": [
                f"farther than {radius} m from the edge of {len(urban_towns)} towns "
                f"({areas} as areas, {points} as points; population >= {population} or unknown)"
            ],
            "rule_fa": [
                f"دورتر از {digits(radius, 'fa')} متر از لبهٔ {digits(len(urban_towns), 'fa')} شهر "
                f"({digits(areas, 'fa')} به صورت محدوده، {digits(points, 'fa')} به صورت نقطه؛ "
                f"جمعیت دست‌کم {digits(population, 'fa')} یا نامعلوم)"
            ],
            "basis": [rule.basis],
            "basis_fa": [rule.basis_in("fa")],
        },
        geometry=[rural],
        crs=province.crs,
    )


def settlements_for_rural_zones(layers: dict[str, gpd.GeoDataFrame]) -> gpd.GeoDataFrame | None:
    """The town areas and town points the rural zones are measured from (None when neither is loaded).

    A town whose area carries its geonames_id counts from the area alone (so the area's population
    decides whether it is urban); a town with no area, or a planner's points, still counts from its point.
    """
    areas, points = (layers.get(i) for i in SETTLEMENT_LAYERS)
    if areas is not None and points is not None and "geonames_id" in areas and "geonames_id" in points:
        points = points[~points["geonames_id"].isin(areas["geonames_id"])]
    frames = [f for f in (areas, points) if f is not None and not f.empty]
    if not frames:
        return None
    keep = [f[[c for c in ("name_en", "population") if c in f] + [f.geometry.name]] for f in frames]
    keep = [f.rename_geometry("geometry") if f.geometry.name != "geometry" else f for f in keep]
    return gpd.GeoDataFrame(pd.concat(keep, ignore_index=True), geometry="geometry", crs=frames[0].crs)


def deprived_flags_set(counties: pd.DataFrame) -> int:
    """How many counties have a deprived flag set (yes or no); 0 means the table is still a placeholder."""
    return int(counties["deprived"].notna().sum())


# Rural zones already derived, per (province, town areas, towns) layer objects and rule: every page rerun and
# every model asks again for the same layers; kept while those layers live.
_DERIVED: dict[tuple[object, ...], tuple[tuple[Callable[[], object], ...], gpd.GeoDataFrame]] = {}


def _none() -> None:
    return None


def with_derived(layers: dict[str, gpd.GeoDataFrame], profile: Profile) -> dict[str, gpd.GeoDataFrame]:
    """The layers plus the rural zones the profile's rule derives from their towns (unless the caller brought some).

    The one place rural zones come from: the model and the Map explorer both call it with the active profile.
    The same layers and rule give the same zones object (derived once).
    """
    if "rural_zones" in layers or "province" not in layers:
        return layers
    sources = tuple(layers.get(i) for i in ("province", *SETTLEMENT_LAYERS))
    key = (tuple(id(s) for s in sources), profile.rural)
    known = _DERIVED.get(key)
    if known is not None and all(ref() is source for ref, source in zip(known[0], sources, strict=True)):
        return {**layers, "rural_zones": known[1]}
    settlements = settlements_for_rural_zones(layers)
    if settlements is None:
        return layers
    zones = rural_zones(layers["province"], settlements, profile.rural)
    refs = tuple(_none if s is None else weakref.ref(s, lambda _: _DERIVED.pop(key, None)) for s in sources)
    _DERIVED[key] = (refs, zones)
    return {**layers, "rural_zones": zones}
