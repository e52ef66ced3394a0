"""Relocating nuisance trades: a capacitated location-allocation solved exactly (scipy's milp, HiGHS).

Each business moves whole to one destination (an existing estate's free land, or a new candidate
site from a suitability run) that is cleared for its DOE pollution group and has land left. The
solver first places as many businesses as it can, then, among those placements, minimises the
weighted distance travelled each day by workers and customers (so where land is short, the moves
that cost least travel are made first); optionally at most ``max_new_sites``
new sites open. A business that cannot be placed is listed with the reason.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import LineString, Point

from layers.businesses import GROUPS
from spatial.display import persian_names
from spatial.errors import ScenarioError
from spatial.i18n import t
from spatial.policy import Profile, RelocationSettings

ESTATE, NEW_SITE = "existing estate", "new site"


@dataclass(frozen=True)
class Destinations:
    """Where businesses may go: name, kind, the most polluting group it is cleared for, free land, x/y (m)."""

    table: pd.DataFrame  # columns: name, kind, max_group, free_ha, x, y (and name_fa: the name in Persian)


@dataclass(frozen=True)
class Relocation:
    """The solved assignment: one row per business, per destination, and the flows to draw."""

    # id, name, trade, group, land_ha, origin, destination, kind, distance_km, daily_km, origin_fa, destination_fa
    assigned: pd.DataFrame
    destinations: pd.DataFrame  # name, kind, max_group, free_ha, used_ha, left_ha, businesses, opened, name_fa
    unplaced: pd.DataFrame  # id, name, trade, group, land_ha, reason, reason_fa
    flows: gpd.GeoDataFrame  # LineString origin -> destination, EPSG:32639
    daily_km: float  # the objective: person-km travelled per day by workers and customers
    status: str


def locate_businesses(table: pd.DataFrame, towns: gpd.GeoDataFrame, counties: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Each business as a point in EPSG:32639 with how it was located (its lon/lat, its town, its county), in
    English (location) and in Persian (location_fa)."""
    crs = towns.crs
    town_fa, county_fa = _persian_names(towns), _persian_names(counties)
    town_points = {str(n).strip().lower(): g for n, g in zip(towns["name_en"], towns.geometry, strict=True)}
    if "name_fa" in towns:
        town_points |= {str(n).strip(): g for n, g in zip(towns["name_fa"], towns.geometry, strict=True)}
    county_points = {
        str(n).strip().lower().removesuffix(" county"): g.representative_point()
        for n, g in zip(counties["name_en"], counties.geometry, strict=True)
    }
    points, basis, basis_fa = [], [], []
    for row, r in table.iterrows():
        lon, lat = r.get("lon"), r.get("lat")
        if pd.notna(lon) and pd.notna(lat):
            points.append(gpd.GeoSeries([Point(lon, lat)], crs=4326).to_crs(crs).iloc[0])
            basis.append(t("relocation_at_lonlat", "en"))
            basis_fa.append(t("relocation_at_lonlat", "fa"))
            continue
        town, county = r.get("town"), r.get("county")
        if pd.notna(town) and str(town).strip():
            key = str(town).strip()
            point = town_points.get(key) or town_points.get(key.lower())
            if point is None:
                close = difflib.get_close_matches(key.lower(), sorted(town_points), n=1)
                hint = f"did you mean '{close[0]}'?" if close else "give lon/lat, or the county"
                raise ScenarioError("businesses", f"row {row}: town '{key}' is not in the towns layer", hint)
            points.append(point)
            basis.append(t("relocation_at_town", "en").format(town=key))
            basis_fa.append(t("relocation_at_town", "fa").format(town=town_fa.get(key.lower(), key)))
            continue
        key = str(county).strip().lower().removesuffix(" county")
        if key not in county_points:
            close = difflib.get_close_matches(key, sorted(county_points), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "give lon/lat or a town"
            raise ScenarioError("businesses", f"row {row}: county '{county}' is not in the counties layer", hint)
        points.append(county_points[key])
        basis.append(t("relocation_at_county", "en").format(county=county))
        basis_fa.append(t("relocation_at_county", "fa").format(county=county_fa.get(key, county)))
    return gpd.GeoDataFrame(table.assign(location=basis, location_fa=basis_fa), geometry=points, crs=crs)


def _persian_names(layer: gpd.GeoDataFrame) -> dict[str, str]:
    """display.persian_names keyed as a planner's table is matched: lower case, without ' county'."""
    return {en.strip().lower().removesuffix(" county"): fa for en, fa in persian_names(layer).items()}


def destinations_from(
    inventory: pd.DataFrame | None,
    estates: gpd.GeoDataFrame,
    sites: gpd.GeoDataFrame | None,
    *,
    site_group: str,
    profile: Profile,
    counties_fa: dict[str, str] | None = None,
) -> Destinations:
    """Existing estates with free land (from the plot table) and the new sites of a run, with their capacity.

    An estate's free land is the plot table's 'free' hectares (none without a plot table); a new
    site offers its area times the plots' share of gross estate land (1 - green - utilities shares
    of the profile's budget). Estates are cleared up to the profile's ``estate_max_group``, new sites
    up to the group of the run that found them. ``counties_fa``: Persian county names (English name in lower
    case -> Persian), for the destinations' Persian names.
    """
    settings = _settings(profile)
    estates_fa, counties_fa = _persian_names(estates), counties_fa or {}
    rows = []
    if inventory is not None and "free_ha" in inventory:
        located = estates.set_index("name_en").geometry
        for r in inventory.itertuples():
            if pd.notna(r.free_ha) and r.free_ha > 0 and r.name_en in located.index:
                point = located[r.name_en].representative_point()
                persian = estates_fa.get(str(r.name_en).strip().lower(), r.name_en)
                rows.append((r.name_en, ESTATE, settings.estate_max_group, float(r.free_ha), point.x, point.y, persian))
    if sites is not None and len(sites):
        share = 1 - profile.budget.green_share - profile.budget.utilities_share
        for r in sites.itertuples():
            centre = r.geometry.representative_point()
            county = getattr(r, "county", "")
            names = [
                t("relocation_site_in" if county else "relocation_site", lang).format(
                    rank=r.rank, county=counties_fa.get(str(county).lower(), county) if lang == "fa" else county
                )
                for lang in ("en", "fa")
            ]
            rows.append((names[0], NEW_SITE, site_group, float(r.area_ha) * share, centre.x, centre.y, names[1]))
    table = pd.DataFrame(rows, columns=["name", "kind", "max_group", "free_ha", "x", "y", "name_fa"])
    return Destinations(table)


def _settings(profile: Profile) -> RelocationSettings:
    if profile.relocation is None:
        raise ScenarioError(
            f"profile {profile.name}", "has no [relocation] section", "add one (see gilan-industrial) or extend it"
        )
    return profile.relocation


def relocate(
    businesses: gpd.GeoDataFrame,
    destinations: Destinations,
    profile: Profile,
    *,
    max_new_sites: int | None = None,
) -> Relocation:
    """Solve the assignment exactly; businesses from ``locate_businesses``."""
    from scipy.optimize import Bounds, LinearConstraint, milp  # imported here: only relocation needs a solver
    from scipy.sparse import coo_matrix

    settings = _settings(profile)
    if max_new_sites is not None and max_new_sites < 0:
        raise ScenarioError("--new-sites", f"{max_new_sites} is negative", "give 0 or more")
    dest = destinations.table.reset_index(drop=True)
    n, m = len(businesses), len(dest)
    land = businesses["land_ha"].to_numpy(float)
    trips = settings.worker_trips * businesses["workers"].to_numpy(float)
    trips += settings.visit_trips * businesses["daily_visits"].to_numpy(float)
    rank = {g: i for i, g in enumerate(GROUPS)}
    allowed_group = np.array(
        [[rank[g] <= rank.get(str(d), -1) for d in dest["max_group"]] for g in businesses["group"]]
    ).reshape(n, m)
    fits = land[:, None] <= dest["free_ha"].to_numpy(float)[None, :] + 1e-9
    ok = allowed_group & fits
    xy = np.column_stack([businesses.geometry.x, businesses.geometry.y])
    km = np.hypot(xy[:, None, 0] - dest["x"].to_numpy()[None, :], xy[:, None, 1] - dest["y"].to_numpy()[None, :])
    km /= 1000.0
    pairs = np.argwhere(ok)  # one binary variable per allowed (business, destination) pair
    free = dest["free_ha"].to_numpy(float)
    limited = np.flatnonzero(dest["kind"].to_numpy() == NEW_SITE) if max_new_sites is not None else np.array([], int)
    n_x, n_y = len(pairs), len(limited)
    opens = {int(j): n_x + n + t for t, j in enumerate(limited)}  # the column of y_j, "site j is opened"
    cost = np.concatenate([trips[pairs[:, 0]] * km[pairs[:, 0], pairs[:, 1]], np.zeros(n + n_y)])
    cost[n_x : n_x + n] = 1.0 + float(cost.sum())  # leaving any business unplaced costs more than every placement
    entries: list[tuple[int, int, float]] = []
    lower: list[float] = []
    upper: list[float] = []
    for i in range(n):  # each business goes to one destination or stays unplaced
        entries += [(len(lower), int(k), 1.0) for k in np.flatnonzero(pairs[:, 0] == i)]
        entries.append((len(lower), n_x + i, 1.0))
        lower.append(1.0)
        upper.append(1.0)
    for j in range(m):  # the land of each destination (of a new site under the limit: only if it is opened)
        row = len(lower)
        entries += [(row, int(k), float(land[pairs[k, 0]])) for k in np.flatnonzero(pairs[:, 1] == j)]
        if j in opens:
            entries.append((row, opens[j], -float(free[j])))
        lower.append(-np.inf)
        upper.append(0.0 if j in opens else float(free[j]))
    for k in np.flatnonzero(np.isin(pairs[:, 1], limited)):  # no business on a site that is not opened
        entries += [(len(lower), int(k), 1.0), (len(lower), opens[int(pairs[k, 1])], -1.0)]
        lower.append(-np.inf)
        upper.append(0.0)
    if n_y:  # at most max_new_sites new sites open
        entries += [(len(lower), col, 1.0) for col in opens.values()]
        lower.append(0.0)
        upper.append(float(max_new_sites or 0))
    r, c, v = (np.array(x) for x in zip(*entries, strict=True))
    rows = coo_matrix((v, (r, c)), shape=(len(lower), len(cost)))
    constraint = LinearConstraint(rows.tocsr(), np.array(lower), np.array(upper))
    result = milp(
        cost,
        constraints=constraint,
        integrality=np.ones(len(cost)),
        bounds=Bounds(0, 1),
        options={"time_limit": 60.0},
    )
    if result.x is None:
        raise ScenarioError("relocation", f"the solver found no assignment ({result.message})", "check the inputs")
    chosen = result.x > 0.5
    return _report(businesses, dest, pairs[chosen[:n_x]], km, trips, land, allowed_group, fits, result.message)


def _report(
    businesses: gpd.GeoDataFrame,
    dest: pd.DataFrame,
    placed: np.ndarray,
    km: np.ndarray,
    trips: np.ndarray,
    land: np.ndarray,
    allowed_group: np.ndarray,
    fits: np.ndarray,
    status: str,
) -> Relocation:
    columns = ["id", "name", "trade", "group", "land_ha"]
    base = pd.DataFrame(businesses.drop(columns="geometry")).reset_index(drop=True)
    if "name" not in base:
        base["name"] = base["id"]
    where = dict(zip(placed[:, 0].tolist(), placed[:, 1].tolist(), strict=True))
    assigned = base.loc[list(where), columns].copy()
    assigned["origin"] = base.loc[list(where), "location"]
    assigned["destination"] = [dest.at[j, "name"] for j in where.values()]
    assigned["kind"] = [dest.at[j, "kind"] for j in where.values()]
    assigned["origin_fa"] = base.loc[list(where), "location_fa" if "location_fa" in base else "location"]
    persian = "name_fa" if "name_fa" in dest else "name"
    assigned["destination_fa"] = [dest.at[j, persian] for j in where.values()]
    assigned["distance_km"] = [km[i, j] for i, j in where.items()]
    assigned["daily_km"] = [trips[i] * km[i, j] for i, j in where.items()]
    used = pd.Series(land[list(where)], index=list(where.values())).groupby(level=0).sum()
    count = pd.Series(1, index=list(where.values())).groupby(level=0).sum()
    per_dest = dest[["name", "kind", "max_group", "free_ha"]].copy()
    per_dest["name_fa"] = dest[persian]
    per_dest["used_ha"] = used.reindex(per_dest.index).fillna(0.0)
    per_dest["left_ha"] = per_dest["free_ha"] - per_dest["used_ha"]
    per_dest["businesses"] = count.reindex(per_dest.index).fillna(0).astype(int)
    per_dest["opened"] = per_dest["businesses"] > 0
    missing = [i for i in range(len(base)) if i not in where]
    unplaced = base.loc[missing, columns].copy()
    unplaced["reason"] = [_reason(i, base, dest, allowed_group, fits, "en") for i in missing]
    unplaced["reason_fa"] = [_reason(i, base, dest, allowed_group, fits, "fa") for i in missing]
    lines = [
        LineString([businesses.geometry.iloc[i], Point(dest.at[j, "x"], dest.at[j, "y"])]) for i, j in where.items()
    ]
    flows = gpd.GeoDataFrame(assigned.reset_index(drop=True), geometry=lines, crs=businesses.crs)
    return Relocation(
        assigned.reset_index(drop=True),
        per_dest,
        unplaced.reset_index(drop=True),
        flows,
        float(assigned["daily_km"].sum()),
        status,
    )


def _reason(
    i: int, base: pd.DataFrame, dest: pd.DataFrame, allowed_group: np.ndarray, fits: np.ndarray, lang: str
) -> str:
    """Why business ``i`` was not placed, in ``lang``."""
    group = base.at[i, "group"]
    letter = t(f"value_group_{group}", lang) if lang == "fa" else group
    if not allowed_group[i].any():
        return t("relocation_no_destination", lang).format(group=letter)
    if not (allowed_group[i] & fits[i]).any():
        largest = dest.loc[allowed_group[i], "free_ha"].max()
        return t("relocation_too_large", lang).format(
            need=f"{base.at[i, 'land_ha']:,.2f}", group=letter, largest=f"{largest:,.2f}"
        )
    return t("relocation_full", lang)


def plan_relocation(
    businesses: gpd.GeoDataFrame,
    layers: dict[str, gpd.GeoDataFrame],
    sites: gpd.GeoDataFrame | None,
    *,
    profile: Profile,
    site_group: str,
    plots: pd.DataFrame | None,
    max_new_sites: int | None = None,
) -> Relocation:
    """The whole relocation for every door (command line, app), for businesses from ``locate_businesses``:
    gather the destinations (estates' free land from the plot table, and the run's new sites), solve."""
    from spatial.inventory import estates_inventory

    inventory = estates_inventory(layers["estates"], plots, profile.inventory) if plots is not None else None
    counties_fa = _persian_names(layers["counties"]) if "counties" in layers else {}
    places = destinations_from(
        inventory, layers["estates"], sites, site_group=site_group, profile=profile, counties_fa=counties_fa
    )
    return relocate(businesses, places, profile, max_new_sites=max_new_sites)


def relocation_group(profile: Profile, table: pd.DataFrame) -> str:
    """The group new sites are found for: the most polluting of the profile's groups among the businesses."""
    present = [g for g in profile.groups if g in set(table["group"])]
    return present[-1] if present else profile.groups[0]
