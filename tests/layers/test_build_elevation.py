"""Elevation zones from ETOPO5: class breaks on a tiny hand-made raster, and the bundled screening layer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from affine import Affine
from shapely.geometry import box

from layers.build_gilan import elevation_zones
from layers.catalogue import DATA_DIR, load_catalogue
from layers.io import load_bundled

ZONES = pd.read_csv(DATA_DIR / "facts" / "elevation_zones.csv")


def test_each_cell_falls_in_the_zone_of_its_value_and_the_breaks_belong_to_the_upper_zone() -> None:
    # Four 5' cells near Rasht: 50 m and -20 m (below the sea: still lowland), 100 m (on the break), 1,500 m.
    values = np.array([[50.0, 100.0], [-20.0, 1_500.0]], dtype="float32")
    transform = Affine(1 / 12, 0, 49.5, 0, -1 / 12, 37.3)
    land = box(0, 0, 1e7, 1e7)  # everything is land
    zoned = elevation_zones(values, transform, ZONES, land).set_index("zone")
    assert list(zoned.index) == ["lowland", "foothill", "highland"]
    one_cell = zoned.at["foothill", "geometry"].area  # the cells differ by under 0.1 % at this latitude
    assert zoned.at["lowland", "geometry"].area == pytest.approx(2 * one_cell, rel=0.002)
    assert zoned.at["highland", "geometry"].area == pytest.approx(one_cell, rel=0.002)
    assert 60e6 < one_cell < 75e6  # about 7.4 km x 9.3 km


def test_the_bundled_zones_cover_the_provinces_land_and_say_what_they_are_good_for() -> None:
    zones = load_bundled("elevation_zones").set_index("zone")
    province = load_bundled("province").geometry.iloc[0]
    land = province.difference(load_bundled("caspian_sea").geometry.union_all())
    assert zones.area.sum() == pytest.approx(land.area, rel=1e-6)
    assert list(zones.index) == ["lowland", "foothill", "highland"]
    assert (zones.area_km2 > 4_000).all()  # the plain, the foothills and the mountains each hold a third or so
    assert zones.basis.str.contains("Working class break").all()
    spec = load_catalogue()["elevation_zones"]
    assert spec.status == "screening" and "Public domain" in spec.licence
    assert "slope" in spec.accuracy and "meaningless" in spec.accuracy
