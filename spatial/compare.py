"""Two scenarios' sites side by side: which site of one is which site of the other, and which are only in one.

Sites are matched by the overlap of their polygons (two runs on different groups or profiles cut
different polygons from the same land), never by rank or position in a table.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from spatial.sites import match_sites


@dataclass(frozen=True)
class SiteComparison:
    """Each site of A with its matching rank in B (NA when none), and the sites found in only one scenario."""

    rank_in_b: pd.Series  # indexed like A's table, Int64
    only_in_a: gpd.GeoDataFrame  # A's sites that overlap no site of B
    only_in_b: gpd.GeoDataFrame  # B's sites that overlap no site of A


def compare_sites(a: gpd.GeoDataFrame | None, b: gpd.GeoDataFrame | None) -> SiteComparison:
    """Match the ranked sites of two runs by polygon overlap; a run without sites matches nothing."""
    empty = gpd.GeoDataFrame({"rank": pd.Series(dtype="int64")}, geometry=gpd.GeoSeries(), crs=None)
    a = empty if a is None else a
    b = empty.set_crs(a.crs, allow_override=True) if b is None else b
    if a.crs is not None and b.crs is not None and a.crs != b.crs:
        b = b.to_crs(a.crs)
    rank_in_b = match_sites(a, b) if len(a) else pd.Series(dtype="Int64")
    rank_in_a = match_sites(b, a) if len(b) else pd.Series(dtype="Int64")
    return SiteComparison(rank_in_b=rank_in_b, only_in_a=a[rank_in_b.isna()], only_in_b=b[rank_in_a.isna()])
