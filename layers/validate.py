"""Checks that turn a planner's vector layer into clean data in the analysis CRS, or say why not.

Inputs are checked in one place, in a fixed order, then reprojected; where GeoPandas would warn,
we raise a named error that says which layer, what is wrong and how to fix it.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

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


def _ids(index: pd.Index) -> str:
    shown = ", ".join(str(i) for i in index[:_SHOWN])
    more = f" and {len(index) - _SHOWN} more" if len(index) > _SHOWN else ""
    return f"{shown}{more}"


def _crs_hint(gdf: gpd.GeoDataFrame) -> str:
    """Guess the CRS a planner probably meant from the coordinate range."""
    minx, miny, maxx, maxy = gdf.total_bounds
    if minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90:
        return "the coordinates look like longitude/latitude: EPSG:4326"
    if minx >= 100_000 and maxx <= 900_000 and miny >= 3_900_000 and maxy <= 4_400_000:
        return "the coordinates look like UTM zone 39N metres: EPSG:32639"
    return "the CRS the data was made in"


def check_crs(gdf: gpd.GeoDataFrame, *, layer: str, assume_crs: str | None = None) -> gpd.GeoDataFrame:
    """Reproject to the analysis CRS; refuse data with no CRS or data that misses Gilan."""
    if gdf.crs is None:
        if assume_crs is None:
            raise MissingCRSError(
                layer,
                "the file has no coordinate reference system (CRS)",
                f"add a .prj to the Shapefile or pick the CRS in the upload form ({_crs_hint(gdf)})",
            )
        gdf = gdf.set_crs(assume_crs)
    lonlat = gdf.to_crs(4326).total_bounds
    x0, y0, x1, y1 = GILAN_LONLAT_BOX
    overlaps = lonlat[0] <= x1 and lonlat[2] >= x0 and lonlat[1] <= y1 and lonlat[3] >= y0
    if not np.all(np.isfinite(lonlat)) or not overlaps:
        name = CRS.from_user_input(gdf.crs).to_string()
        raise OutsideGilanError(
            layer,
            f"in its stated CRS {name} the data lies at lon {lonlat[0]:.2f}..{lonlat[2]:.2f}, "
            f"lat {lonlat[1]:.2f}..{lonlat[3]:.2f}, outside Gilan",
            f"the stated CRS is probably wrong; set it to {_crs_hint(gdf)}, or check that x and y are not swapped",
        )
    return gdf.to_crs(ANALYSIS_CRS)


def _keep_family(geom: shapely.Geometry, family: set[str]) -> shapely.Geometry:
    """The parts of a repaired geometry that belong to the wanted family (drops stray lines)."""
    if geom.geom_type in family:
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in family]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def check_geometry(
    gdf: gpd.GeoDataFrame, *, layer: str, geometry: str | None = None, repair: bool = False
) -> gpd.GeoDataFrame:
    """Refuse missing, empty, invalid or wrongly typed geometry; repair invalid ones if asked."""
    missing = gdf.index[gdf.geometry.isna() | gdf.geometry.is_empty]
    if len(missing):
        raise InvalidGeometryError(
            layer,
            f"{len(missing)} feature(s) have no geometry (rows {_ids(missing)})",
            "delete those rows or draw their geometry, then upload again",
        )
    family = FAMILIES.get(geometry or "")
    found = gdf.geom_type.value_counts()
    if family and not set(found.index) <= family:
        counts = ", ".join(f"{n} {kind}" for kind, n in found.items())
        raise GeometryTypeError(
            layer,
            f"this role needs {geometry} features but the file has {counts}",
            f"remove the other features (e.g. OSM label nodes) or upload a {geometry} layer, or pick another role",
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
    present = values.notna() & (values.astype(str).str.strip() != "")
    if kind == "str":
        return values.where(present, None).astype("string"), pd.Index([])
    if kind == "bool":
        text = values.astype(str).str.strip().str.lower()
        out = pd.Series(pd.NA, index=values.index, dtype="boolean")
        out[present & text.isin(_TRUE)] = True
        out[present & text.isin(_FALSE)] = False
        return out, values.index[present & ~text.isin(_TRUE | _FALSE)]
    numbers = pd.to_numeric(values.where(present), errors="coerce")
    bad = values.index[present & numbers.isna()]
    if kind == "int":
        fractional = present & numbers.notna() & (numbers % 1 != 0)
        bad = bad.union(values.index[fractional])
        return numbers.where(~fractional).astype("Int64"), bad
    return numbers.astype(float), bad


def check_columns(
    gdf: pd.DataFrame, *, layer: str, columns: dict[str, str], optional: dict[str, str] | None = None
) -> pd.DataFrame:
    """Require ``columns``, then cast them and any ``optional`` ones present (empty cells stay empty)."""
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
            raise ColumnError(
                layer,
                f"column '{column}' must hold {kind} values but rows {_ids(bad)} hold {examples}",
                "correct those cells or leave them empty (empty means unknown)",
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
) -> gpd.GeoDataFrame:
    """All checks, in order: not empty, geometry, CRS inside Gilan, columns; returns EPSG:32639 data."""
    if gdf.empty:
        raise EmptyLayerError(layer, "the file has no features", "export the layer again with its features")
    geometry = spec.geometry if spec else None
    gdf = check_geometry(gdf, layer=layer, geometry=geometry, repair=repair)
    gdf = check_crs(gdf, layer=layer, assume_crs=assume_crs)
    if spec:
        gdf = check_columns(gdf, layer=layer, columns=spec.columns, optional=spec.optional_columns)
    return gdf
