"""Shared test helpers: tiny layers in Gilan and the path of ../shared/data/real."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from layers.catalogue import PROJECT_DIR

SHARED_DATA = PROJECT_DIR.parent / "shared" / "data"
REAL_DATA = SHARED_DATA / "real"


def requires_shared(path: Path) -> pytest.MarkDecorator:
    """Skip, with the reason, when a file of ../shared/data is not beside the project."""
    return pytest.mark.skipif(not path.exists(), reason=f"{path} not found: ../shared/data is not beside this clone")


@pytest.fixture
def counties_4326() -> gpd.GeoDataFrame:
    """Two 0.1-degree squares near Rasht, in lon/lat, with the counties role's columns."""
    return gpd.GeoDataFrame(
        {"name_en": ["A", "B"], "pop_2016": [1000, 2000]},
        geometry=[box(49.5, 37.2, 49.6, 37.3), box(49.6, 37.2, 49.7, 37.3)],
        crs=4326,
    )


@pytest.fixture
def towns_4326() -> gpd.GeoDataFrame:
    """Two towns near Rasht in lon/lat."""
    return gpd.GeoDataFrame(
        {"name_en": ["Rasht", "Khomam"]}, geometry=[Point(49.59, 37.28), Point(49.66, 37.39)], crs=4326
    )
