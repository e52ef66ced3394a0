"""A tiny synthetic province for engine tests: 5 x 5 cells of 100 m, counted by hand."""

from __future__ import annotations

import copy
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point, box

from spatial.policy import Profile, parse_profile

CELL_M = 100.0
PROVINCE = gpd.GeoDataFrame({"name_en": ["Tiny"]}, geometry=[box(0, 0, 500, 500)], crs=32639)

TINY_DOC: dict[str, Any] = {
    "profile": {
        "name": "tiny",
        "version": "1",
        "title_en": "t",
        "title_fa": "ت",
        "basis": "test",
        "groups": ["d", "e"],
    },
    "analysis": {"resolution_m": CELL_M, "basis": "test"},
    "constraint": [
        {
            "id": "settlements",
            "title_en": "Settlements",
            "title_fa": "سکونتگاه",
            "layers": ["towns", "villages"],
            "buffer_m": {"d": 100.0, "e": 155.0},
            "basis": "DOE rule (test)",
        },
        {
            "id": "parks",
            "title_en": "Parks",
            "title_fa": "پارک",
            "layers": ["protected_areas"],
            "where": {"column": "type", "any_of": ["national park"]},
            "buffer_m": {"d": 0.0, "e": 0.0},
            "basis": "DOE rule (test)",
        },
        {
            "id": "forest",
            "title_en": "Forest",
            "title_fa": "جنگل",
            "layers": ["forest"],
            "buffer_m": {"d": 0.0, "e": 0.0},
            "basis": "Forest law (test)",
        },
    ],
    "criterion": [
        {
            "id": "near_town",
            "title_en": "Near town",
            "title_fa": "نزدیک شهر",
            "measure": "distance",
            "layer": "towns",
            "standardise": {"function": "linear", "direction": "decreasing", "control": [0.0, 400.0]},
            "weight": 0.75,
            "basis": "test",
        },
        {
            "id": "rural",
            "title_en": "Rural",
            "title_fa": "روستایی",
            "measure": "zone",
            "layer": "rural_zones",
            "standardise": {"function": "linear", "direction": "increasing", "control": [0.0, 1.0]},
            "weight": 0.25,
            "basis": "test",
        },
    ],
    "aggregation": {"method": "wlc", "owa_order_weights": [], "basis": "test"},
    "sites": {
        "min_score": 0.5,
        "min_area_ha": 3.0,
        "max_area_ha": 100.0,
        "max_sites": 5,
        "min_compactness": 0.0,
        "top_k": 1,
        "draws": 100,
        "concentration": 50.0,
        "basis": "test",
    },
    "amayesh": {"rural": {"urban_radius_m": 0.0, "min_town_population": 0, "basis": "test"}},
    "budget": {
        "new_units": 10,
        "ha_per_unit": 0.6,
        "green_share": 0.1,
        "utilities_share": 0.3,
        "allocation": "population",
        "basis": "test",
    },
    "inventory": {"revoke_after_years": 2.0, "basis": "test"},
}


def tiny_profile(**changes: Any) -> Profile:
    """The tiny profile, with ``section={key: value}`` changes."""
    doc = copy.deepcopy(TINY_DOC)
    for section, values in changes.items():
        doc[section].update(values)
    return parse_profile(doc, name="tiny")


def tiny_layers(town_xy: tuple[float, float] = (50.0, 450.0)) -> dict[str, gpd.GeoDataFrame]:
    """Province, one town at the centre of the top-left cell, one park, the whole province rural."""
    towns = gpd.GeoDataFrame(
        {"name_en": ["Alpha"], "population": pd.array([5000], dtype="Int64")}, geometry=[Point(town_xy)], crs=32639
    )
    parks = gpd.GeoDataFrame(
        {"name_en": ["Park"], "type": ["National park (2002)"]}, geometry=[box(400, 0, 500, 100)], crs=32639
    )
    rural = gpd.GeoDataFrame({"zone": ["rural"]}, geometry=[box(0, 0, 500, 500)], crs=32639)
    return {"province": PROVINCE, "towns": towns, "protected_areas": parks, "rural_zones": rural}
