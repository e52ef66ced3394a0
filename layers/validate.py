"""Checks that turn a planner's vector layer into clean data in the analysis CRS, or say why not.

Inputs are checked in one place, in a fixed order, then reprojected; where GeoPandas would warn,
we raise a named error that says which layer, what is wrong and how to fix it.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from layers.catalogue import ANALYSIS_CRS, LayerSpec
from layers.errors import (
    ColumnError,
    EmptyLayerError,
    GeometryTypeError,
    InvalidGeometryError,
    MissingCRSError,
    OutsideGilanError,
)

# Generous lon/lat box around Gilan (48.5-50.6 E, 36.5-38.5 N) for the "is this in Gilan?" check.
GILAN_LONLAT_BOX = (47.5, 35.5, 51.5, 39.5)
FAMILIES = {
    "Point": {"Point", "MultiPoint"},
    "LineString": {"LineString", "MultiLineString"},
    "Polygon": {"Polygon", "MultiPolygon"},
}
_TRUE = {"true", "yes", "1", "y", "t"}
_FALSE = {"false", "no", "0", "n", "f"}
_SHOWN = 5  # how many offending features or values a message lists
OSM_TAGS = {"name_en": "name:en", "name_fa": "name:fa"}  # catalogue column -> OpenStreetMap tag
PLOT_STATUSES = ("allocated", "free", "idle", "revoked")
# Persian and Arabic-Indic digits, the Arabic decimal point and thousands separator, as Excel in a
# Persian locale may write them: unambiguous, so they are read rather than refused.
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫", "01234567890123456789.", "٬")


def _ids(index: pd.Index) -> str:
    shown = ", ".join(str(i) for i in index[:_SHOWN])
    more = f" and {len(index) - _SHOWN} more" if len(index) > _SHOWN else ""
    return f"{shown}{more}"


def coordinate(value: float) -> str:
    """A coordinate for a message: short even when a file holds 1e300 or infinity."""
    return f"{value:.2f}" if abs(value) < 1e7 else f"{value:.3g}"


def ascii_number_text(text: str) -> str:
    """Number text with Persian or Arabic-Indic digits written as ASCII digits, stripped."""
    return text.translate(_DIGITS).strip()


def looks_like_lonlat(gdf: gpd.GeoDataFrame) -> bool:
    """Whether every coordinate lies within longitude -180..180 and latitude -90..90 (NaN ignored)."""
    with np.errstate(invalid="ignore"):
        bounds = np.array(gdf.geometry.bounds, dtype=float)
    bounds[~np.isfinite(bounds)] = np.nan  # infinite coordinates are refused by check_geometry, by row
    if not np.isfinite(bounds).any():
        return True
    minx, miny = np.nanmin(bounds[:, 0]), np.nanmin(bounds[:, 1])
    maxx, maxy = np.nanmax(bounds[:, 2]), np.nanmax(bounds[:, 3])
    return bool(minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90)


def crs_hint(gdf: gpd.GeoDataFrame) -> str:
    """Guess the CRS a planner probably meant from the coordinate range."""
    minx, miny, maxx, maxy = gdf.total_bounds
    if minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90:
        return "the coordinates look like longitude/latitude: EPSG:4326"
    if minx >= 100_000 and maxx <= 900_000 and miny >= 3_900_000 and maxy <= 4_400_000:
        return "the coordinates look like UTM zone 39N metres: EPSG:32639"
    if minx >= 5_200_000 and maxx <= 5_800_000 and miny >= 4_200_000 and maxy <= 4_800_000:
        return "the coordinates look like Web Mercator metres (web maps): EPSG:3857"
    return "the CRS the data was made in"


def parse_crs(text: str, *, layer: str) -> CRS:
    """The CRS a planner typed (EPSG:4326, 32639, a WKT), or a named error if pyproj does not know it."""
    try:
        return CRS.from_user_input(text.strip())
    except CRSError as err:
        raise MissingCRSError(
            layer,
            f"the CRS you picked, '{text[:60]}', is not a coordinate reference system pyproj knows",
            "give an EPSG code such as EPSG:4326 (longitude/latitude) or EPSG:32639 (UTM zone 39N)",
        ) from err


def check_crs(gdf: gpd.GeoDataFrame, *, layer: str, assume_crs: str | None = None) -> gpd.GeoDataFrame:
    """Reproject to the analysis CRS; refuse data with no CRS or data that misses Gilan."""
    if gdf.crs is None:
        if assume_crs is None:
            raise MissingCRSError(
                layer,
                "the file has no coordinate reference system (CRS)",
                f"add a .prj to the Shapefile or pick the CRS in the upload form ({crs_hint(gdf)})",
            )
        gdf = gdf.set_crs(parse_crs(assume_crs, layer=layer))
    lonlat = gdf.to_crs(4326).total_bounds
    x0, y0, x1, y1 = GILAN_LONLAT_BOX
    overlaps = lonlat[0] <= x1 and lonlat[2] >= x0 and lonlat[1] <= y1 and lonlat[3] >= y0
    if not np.all(np.isfinite(lonlat)) or not overlaps:
        name = CRS.from_user_input(gdf.crs).to_string()
        raise OutsideGilanError(
            layer,
            f"in its stated CRS {name} the data lies at lon {coordinate(lonlat[0])}..{coordinate(lonlat[2])}, "
            f"lat {coordinate(lonlat[1])}..{coordinate(lonlat[3])}, outside Gilan",
            f"the stated CRS is probably wrong ({crs_hint(gdf)}); correct it, or check that x and y are not swapped",
        )
    return gdf.to_crs(ANALYSIS_CRS)


def _keep_family(geom: shapely.Geometry, family: set[str]) -> shapely.Geometry:
    """The parts of a repaired geometry that belong to the wanted family (drops stray lines)."""
    if geom.geom_type in family:
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in family]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def check_geometry(
    gdf: gpd.GeoDataFrame,
    *,
    layer: str,
    geometry: str | None = None,
    repair: bool = False,
    drop_other_geometry: bool = False,
    areas_too: bool = False,
) -> gpd.GeoDataFrame:
    """Refuse missing, empty, invalid or wrongly typed geometry; repair invalid ones if asked.

    ``areas_too``: a Point role that takes polygons as well (points, polygons or both in one file).

    With ``drop_other_geometry`` the features of another geometry type than the role's are dropped
    (an OpenStreetMap export's label points beside its polygons); what was dropped is kept in
    ``gdf.attrs["dropped"]`` for the planner to read.
    """
    missing = gdf.index[gdf.geometry.isna() | gdf.geometry.is_empty]
    if len(missing):
        raise InvalidGeometryError(
            layer,
            f"{len(missing)} feature(s) have no geometry (rows {_ids(missing)})",
            "delete those rows or draw their geometry, then upload again",
        )
    with np.errstate(invalid="ignore"):
        coords, owner = shapely.get_coordinates(gdf.geometry.values, return_index=True)
        broken = gdf.index[np.unique(owner[~np.isfinite(coords).all(axis=1)])]
    if len(broken):
        raise InvalidGeometryError(
            layer,
            f"1 feature has coordinates that are not numbers (NaN or infinity): row {broken[0]}"
            if len(broken) == 1
            else f"{len(broken)} features have coordinates that are not numbers (NaN or infinity), "
            f"first at row {broken[0]} (rows {_ids(broken)})",
            "delete or redraw those features in your GIS; repair cannot guess a missing coordinate",
        )
    family = FAMILIES.get(geometry or "")
    if family and areas_too:
        family = family | FAMILIES["Polygon"]
        geometry = f"{geometry} or Polygon"
    found = gdf.geom_type.value_counts()
    counts = ", ".join(f"{n} {kind}" for kind, n in found.items())
    kinds = sorted({next((f for f, members in FAMILIES.items() if kind in members), kind) for kind in found.index})
    if not family and len(kinds) > 1:
        raise GeometryTypeError(
            layer,
            f"the file mixes geometry types {', '.join(kinds)} ({counts})",
            "split the file by geometry type (one file per type) and check each with its role",
        )
    if family and not set(found.index) <= family:
        wanted = gdf.geom_type.isin(family)
        if drop_other_geometry and wanted.any():
            dropped = ", ".join(f"{n} {kind}" for kind, n in found.items() if kind not in family)
            gdf = gdf[wanted].copy()
            gdf.attrs["dropped"] = f"dropped {dropped} feature(s), kept {int(wanted.sum())} {geometry}"
        else:
            raise GeometryTypeError(
                layer,
                f"this role needs {geometry} features but the file has {counts}",
                f"keep only the {geometry} features (the 'drop other geometry types' option), remove the others "
                f"(e.g. OSM label nodes) in your GIS, or pick another role",
            )
    invalid = gdf.index[~gdf.geometry.is_valid]
    if len(invalid):
        if not repair:
            reasons = shapely.is_valid_reason(gdf.geometry.loc[invalid[:_SHOWN]].values)
            detail = "; ".join(f"row {i}: {r}" for i, r in zip(invalid[:_SHOWN], reasons, strict=True))
            raise InvalidGeometryError(
                layer,
                f"{len(invalid)} feature(s) have invalid geometry ({detail})",
                "tick 'repair geometry' (make_valid) or fix them in your GIS",
            )
        gdf = gdf.copy()
        fixed = gdf.geometry.loc[invalid].make_valid()
        gdf.loc[invalid, gdf.geometry.name] = [_keep_family(g, family or {g.geom_type}) for g in fixed]
        emptied = gdf.index[gdf.geometry.is_empty]
        if len(emptied):
            raise InvalidGeometryError(
                layer,
                f"repair left {len(emptied)} feature(s) empty (rows {_ids(emptied)})",
                "fix those features in your GIS",
            )
    return gdf


def _coerce(values: pd.Series, kind: str) -> tuple[pd.Series, pd.Index]:
    """Values cast to the catalogue type, and the index of those that would not cast."""
    if kind in ("int", "float") and pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.astype(float)  # already numbers (NaN: empty): nothing to parse
        if kind == "float":
            return numbers, pd.Index([])
        fractional = numbers.notna() & (numbers % 1 != 0)
        return numbers.where(~fractional).astype("Int64"), values.index[fractional]
    present = values.notna() & (values.astype(str).str.strip() != "")
    if kind == "str":
        return values.where(present, None).astype("string"), pd.Index([])
    if kind == "bool":
        text = values.astype(str).str.strip().str.lower()
        out = pd.Series(pd.NA, index=values.index, dtype="boolean")
        out[present & text.isin(_TRUE)] = True
        out[present & text.isin(_FALSE)] = False
        return out, values.index[present & ~text.isin(_TRUE | _FALSE)]
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        values = values.where(~present, values.astype(str).map(ascii_number_text))
    numbers = pd.to_numeric(values.where(present), errors="coerce")
    bad = values.index[present & numbers.isna()]
    if kind == "int":
        fractional = present & numbers.notna() & (numbers % 1 != 0)
        bad = bad.union(values.index[fractional])
        return numbers.where(~fractional).astype("Int64"), bad
    return numbers.astype(float), bad


def check_columns(
    gdf: pd.DataFrame,
    *,
    layer: str,
    columns: dict[str, str],
    optional: dict[str, str] | None = None,
    filled: Collection[str] = (),
) -> pd.DataFrame:
    """Require ``columns``, then cast them and any ``optional`` ones present.

    Empty cells stay empty (unknown), except in the ``filled`` columns, where every row needs a value.
    """
    missing = [c for c in columns if c not in gdf.columns]
    if missing:
        geometry = getattr(gdf, "_geometry_column_name", None)
        raise ColumnError(
            layer,
            f"missing column(s) {missing}; the file has {[c for c in gdf.columns if c != geometry]}",
            "rename your columns to these names (case matters) or add them",
        )
    gdf = gdf.copy()
    present = {c: k for c, k in (optional or {}).items() if c in gdf.columns}
    for column, kind in {**columns, **present}.items():
        cast, bad = _coerce(gdf[column], kind)
        if len(bad):
            examples = ", ".join(repr(gdf.at[i, column]) for i in bad[:_SHOWN])
            decimals = " with a decimal point (2.5, not 2,5 or 2/5)" if kind == "float" else ""
            raise ColumnError(
                layer,
                f"column '{column}' must hold {kind} values but rows {_ids(bad)} hold {examples}",
                f"correct those cells{decimals}"
                + ("" if column in filled else " or leave them empty (empty means unknown)"),
            )
        empty = gdf.index[cast.isna()] if column in filled else pd.Index([])
        if len(empty):
            raise ColumnError(
                layer, f"column '{column}' is empty in rows {_ids(empty)}", f"fill in '{column}' in every row"
            )
        gdf[column] = cast
    return gdf


def validate_vector(
    gdf: gpd.GeoDataFrame,
    *,
    layer: str,
    spec: LayerSpec | None = None,
    repair: bool = False,
    assume_crs: str | None = None,
    drop_other_geometry: bool = False,
) -> gpd.GeoDataFrame:
    """All checks, in order: not empty, geometry, CRS inside Gilan, columns; returns EPSG:32639 data."""
    if gdf.empty:
        raise EmptyLayerError(layer, "the file has no features", "export the layer again with its features")
    geometry = spec.geometry if spec else None
    gdf = check_geometry(
        gdf,
        layer=layer,
        geometry=geometry,
        repair=repair,
        drop_other_geometry=drop_other_geometry,
        areas_too=bool(spec and spec.areas_too),
    )
    dropped = gdf.attrs.get("dropped")
    gdf = check_crs(gdf, layer=layer, assume_crs=assume_crs)
    if spec:
        # OpenStreetMap exports name their columns by tag: take name:en for name_en when the file has no name_en.
        aliases = {c: OSM_TAGS[c] for c in {*spec.columns, *spec.optional_columns} if c in OSM_TAGS}
        gdf = gdf.rename(columns={tag: c for c, tag in aliases.items() if c not in gdf and tag in gdf})
        gdf = check_columns(gdf, layer=layer, columns=spec.columns, optional=spec.optional_columns)
    if dropped:
        gdf.attrs["dropped"] = dropped
    return gdf


def closest_name(name: str, known: Collection[str]) -> str | None:
    """The known name a planner probably meant: another case, a unique prefix, or a near spelling."""
    folded = {k.casefold(): k for k in known}
    key = " ".join(name.split()).casefold()
    if key in folded:
        return folded[key]
    starts = [k for f, k in folded.items() if len(key) >= 3 and f.startswith(key)]
    if len(starts) == 1:
        return starts[0]
    near = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
    if near:
        return folded[near[0]]
    # 'Shaf' for 'Shaft industrial estate': compare with each name's first word too.
    first = {k.split()[0]: v for k, v in folded.items() if k.split()}
    near = difflib.get_close_matches(key, list(first), n=1, cutoff=0.6)
    return first[near[0]] if near else None


def _plot_label(plots: pd.DataFrame, row: object) -> str:
    return f"plot '{plots.at[row, 'plot_id']}' of '{plots.at[row, 'estate']}' (row {row})"


def check_plot_rows(plots: pd.DataFrame, *, layer: str, known_estates: Collection[str] | None = None) -> pd.DataFrame:
    """Plot rules on a typed plot table: areas and idle years finite and not negative, a known status,
    one row per plot of an estate, and (when ``known_estates`` is given) estate names that exist.

    Estate names and statuses written in another case or spacing are corrected to the known spelling.
    """
    plots = plots.copy()
    plots["estate"] = plots["estate"].astype("string").str.split().str.join(" ")
    plots["plot_id"] = plots["plot_id"].astype("string").str.strip()
    for column in ("area_ha", "years_idle"):
        if column not in plots:
            continue
        values = plots[column].astype(float)
        bad = plots.index[values.notna() & (~np.isfinite(values) | (values < 0))]
        if len(bad):
            first = bad[0]
            raise ColumnError(
                layer,
                f"{_plot_label(plots, first)} has {column} {values[first]:g}"
                + (f" ({len(bad)} rows in all: {_ids(bad)})" if len(bad) > 1 else "")
                + f"; {column} must be a finite number, zero or more",
                f"correct {column} in those rows ({'hectares' if column == 'area_ha' else 'years'}, e.g. 2.5)",
            )
    status = plots["status"].astype("string").str.strip().str.lower()
    bad = plots.index[~status.isin(PLOT_STATUSES)]
    if len(bad):
        given = str(plots.at[bad[0], "status"])
        guess = closest_name(given, PLOT_STATUSES)
        raise ColumnError(
            layer,
            f"{_plot_label(plots, bad[0])} has status '{given}', not one of {', '.join(PLOT_STATUSES)}"
            + (f"; did you mean '{guess}'?" if guess else "")
            + (f" ({len(bad)} rows in all: {_ids(bad)})" if len(bad) > 1 else ""),
            f"use one of {', '.join(PLOT_STATUSES)} in column 'status'",
        )
    plots["status"] = status
    if known_estates is not None:
        known = {" ".join(k.split()).casefold(): k for k in known_estates}
        spelled = plots["estate"].map(lambda e: known.get(str(e).casefold()))
        unknown = plots.index[spelled.isna()]
        if len(unknown):
            given = str(plots.at[unknown[0], "estate"])
            guess = closest_name(given, list(known.values()))
            others = sorted(set(plots.loc[unknown, "estate"].astype(str)) - {given})
            raise ColumnError(
                layer,
                f"'{given}' (row {unknown[0]}) is not a known estate"
                + (f"; did you mean '{guess}'?" if guess else "")
                + (f" Also unknown: {', '.join(repr(o) for o in others[:_SHOWN])}" if others else ""),
                "write each estate's name as in the estates layer (name_en), or upload your estates layer first",
            )
        plots["estate"] = spelled.astype("string")
    repeated = plots[plots.duplicated(["estate", "plot_id"], keep=False)]
    if len(repeated):
        estate, plot_id = repeated.iloc[0]["estate"], repeated.iloc[0]["plot_id"]
        rows = repeated.index[(repeated["estate"] == estate) & (repeated["plot_id"] == plot_id)]
        raise ColumnError(
            layer,
            f"plot id '{plot_id}' appears {len(rows)} times in estate '{estate}' (rows {_ids(rows)})"
            + (
                f"; {repeated.groupby(['estate', 'plot_id']).ngroups - 1} more plot ids repeat"
                if repeated.groupby(["estate", "plot_id"]).ngroups > 1
                else ""
            ),
            "give each plot of an estate its own plot_id, or delete the repeated rows",
        )
    return plots
