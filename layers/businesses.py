"""The table of businesses to relocate (nuisance trades, wholesalers, car showrooms): read and checked.

One row per business: ``id``, ``trade``, ``group`` (DOE pollution group: a/b/c/d/e or الف/ب/ج/د/ه),
the land it needs (``land_ha`` or ``land_m2``), ``workers`` and ``daily_visits``, and where it is
now: ``lon``/``lat`` (WGS 84), else a ``town``, else a ``county`` (no street address needed).
Every problem names the row as a spreadsheet shows it (the header is row 1).
"""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePosixPath

import pandas as pd

from layers.errors import ColumnError, EmptyLayerError, FileTooLargeError, UnsupportedFormatError
from layers.io import MAX_UPLOAD_BYTES, csv_frame
from layers.validate import GILAN_LONLAT_BOX, check_columns

LAYER = "businesses"
GROUP_LETTERS = {"الف": "a", "ب": "b", "ج": "c", "د": "d", "ه": "e", "هـ": "e"}
GROUPS = ("a", "b", "c", "d", "e")  # DOE pollution groups, least to most polluting (الف .. ه)
COLUMNS = {"id": "str", "trade": "str", "group": "str", "workers": "int", "daily_visits": "int"}
OPTIONAL = {
    "name": "str",
    "land_ha": "float",
    "land_m2": "float",
    "lon": "float",
    "lat": "float",
    "town": "str",
    "county": "str",
}


def _fail(row: int, problem: str, fix: str) -> ColumnError:
    return ColumnError(LAYER, f"row {row}: {problem}", fix)


def check_business_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The table's rows, typed and checked; the index is the spreadsheet row number."""
    if frame.empty:
        raise EmptyLayerError(LAYER, "the table has no rows", "add one row per business")
    table = check_columns(frame, layer=LAYER, columns=COLUMNS, optional=OPTIONAL, filled=tuple(COLUMNS))
    repeated = table["id"][table["id"].duplicated()]
    if len(repeated):
        raise _fail(int(repeated.index[0]), f"id '{repeated.iloc[0]}' appears twice", "give every business its own id")
    groups = table["group"].astype(str).str.strip().str.lower().map(lambda g: GROUP_LETTERS.get(g, g))
    bad = groups[~groups.isin(GROUPS)]
    if len(bad):
        raise _fail(
            int(bad.index[0]),
            f"group '{table.at[bad.index[0], 'group']}' is not a DOE pollution group",
            "use a-e or الف-ه",
        )
    table["group"] = groups
    if "land_ha" not in table and "land_m2" not in table:
        raise ColumnError(LAYER, "no land_ha or land_m2 column", "add the land each business needs, in ha or m²")
    land = table["land_ha"] if "land_ha" in table else pd.Series(float("nan"), index=table.index)
    if "land_m2" in table:
        land = land.fillna(table["land_m2"] / 10_000)
    missing = land[~(land > 0)]
    if len(missing):
        raise _fail(int(missing.index[0]), "the land needed is missing, zero or negative", "give land_ha or land_m2")
    table["land_ha"] = land
    for column in ("workers", "daily_visits"):
        negative = table[column][table[column] < 0]
        if len(negative):
            raise _fail(int(negative.index[0]), f"{column} is negative", f"give {column} as 0 or more")
    nothing = pd.Series(float("nan"), index=table.index)
    has_point = table.get("lon", nothing).notna() & table.get("lat", nothing).notna()
    x0, y0, x1, y1 = GILAN_LONLAT_BOX
    if has_point.any():
        lon, lat = table.loc[has_point, "lon"], table.loc[has_point, "lat"]
        outside = lon.index[~(lon.between(x0, x1) & lat.between(y0, y1))]
        if len(outside):
            r = int(outside[0])
            raise _fail(
                r,
                f"{table.at[r, 'lat']} N, {table.at[r, 'lon']} E is not in Gilan",
                "check lon/lat (degrees, WGS 84; latitude is about 37)",
            )
    named = pd.Series(False, index=table.index)
    for column in ("town", "county"):
        if column in table:
            named |= table[column].notna() & (table[column].astype(str).str.strip() != "")
    nowhere = table.index[~has_point & ~named]
    if len(nowhere):
        raise _fail(int(nowhere[0]), "no location", "give lon and lat, or the town, or the county the business is in")
    return table


def read_business_table(path: Path, *, max_bytes: int = MAX_UPLOAD_BYTES) -> pd.DataFrame:
    """A businesses CSV (as Excel saves it: comma or semicolon, UTF-8), checked row by row."""
    if path.is_file() and path.stat().st_size > max_bytes:
        raise FileTooLargeError(LAYER, f"the file is above {max_bytes / 1024**2:.0f} MB", "split it")
    if path.suffix.lower() != ".csv":
        raise UnsupportedFormatError(LAYER, f"'{path.suffix}' is not a CSV table", "save the table as 'CSV UTF-8'")
    numeric = [c for c, kind in {**COLUMNS, **OPTIONAL}.items() if kind in ("float", "int")]
    return check_business_rows(csv_frame(path, layer=LAYER, numeric=numeric))


def read_business_upload(data: bytes, filename: str) -> pd.DataFrame:
    """``read_business_table`` for an uploaded file's bytes."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileTooLargeError(LAYER, f"the upload is above {MAX_UPLOAD_BYTES / 1024**2:.0f} MB", "split it")
    name = PurePosixPath(filename.replace("\\", "/")).name or "businesses.csv"
    with tempfile.TemporaryDirectory(prefix="gilan-upload-") as tmp:
        path = Path(tmp) / ("businesses" + PurePosixPath(name).suffix.lower())
        path.write_bytes(data)
        return read_business_table(path)
