"""Two scenarios' sites matched by polygon overlap, with those found in only one of them (counted by hand)."""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import box

from spatial.compare import compare_sites


def _sites(*boxes: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"rank": range(1, len(boxes) + 1)}, geometry=[box(*b) for b in boxes], crs=32639)


def test_sites_match_by_overlap_and_the_rest_are_listed_per_scenario() -> None:
    a = _sites((0, 0, 100, 100), (500, 500, 600, 600), (900, 0, 1000, 100))
    # B: A's site 2 is B's rank 1, A's site 1 overlaps B's rank 2 by a quarter, B's rank 3 is new.
    b = _sites((500, 500, 600, 600), (50, 50, 150, 150), (2000, 2000, 2100, 2100))
    result = compare_sites(a, b)
    assert result.rank_in_b.astype("float").fillna(0).tolist() == [2, 1, 0]
    assert result.only_in_a["rank"].tolist() == [3]
    assert result.only_in_b["rank"].tolist() == [3]


def test_touching_sites_do_not_match_and_a_run_without_sites_matches_nothing() -> None:
    a = _sites((0, 0, 100, 100))
    b = _sites((100, 0, 200, 100))  # shares an edge only: no land in common
    assert compare_sites(a, b).only_in_b["rank"].tolist() == [1]
    none = compare_sites(a, None)
    assert none.rank_in_b.isna().all() and none.only_in_a["rank"].tolist() == [1] and none.only_in_b.empty
    assert compare_sites(None, b).only_in_b["rank"].tolist() == [1]
