"""Relocation: the exact optimum on instances small enough to enumerate, and capacity that binds."""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

from layers.businesses import check_business_rows
from layers.errors import ColumnError
from spatial.policy import load_profile
from spatial.relocate import ESTATE, NEW_SITE, Destinations, relocate

PROFILE = load_profile("gilan-trades")  # 2 trips per worker and per visit; estates take groups up to d


def _businesses(rows: list[tuple[str, str, float, int, int, float, float]]) -> gpd.GeoDataFrame:
    """(id, group, land_ha, workers, daily_visits, x km, y km) on a plane in metres."""
    frame = pd.DataFrame(rows, columns=["id", "group", "land_ha", "workers", "daily_visits", "x", "y"])
    frame["name"], frame["trade"], frame["location"] = frame["id"], "car showroom", "lon/lat"
    points = [Point(1000 * x, 1000 * y) for x, y in zip(frame.x, frame.y, strict=True)]
    return gpd.GeoDataFrame(frame.drop(columns=["x", "y"]), geometry=points, crs=32639)


def _destinations(rows: list[tuple[str, str, str, float, float, float]]) -> Destinations:
    """(name, kind, max_group, free_ha, x km, y km)."""
    table = pd.DataFrame(rows, columns=["name", "kind", "max_group", "free_ha", "x", "y"])
    table[["x", "y"]] *= 1000
    return Destinations(table)


def _enumerate(businesses: gpd.GeoDataFrame, dest: Destinations, max_new: int | None = None):
    """Every assignment (a destination index or None per business): fewest unplaced, then least travel."""
    d = dest.table
    trips = 2 * businesses.workers.to_numpy() + 2 * businesses.daily_visits.to_numpy()
    order = {g: i for i, g in enumerate("abcde")}
    best = None
    for choice in itertools.product([None, *range(len(d))], repeat=len(businesses)):
        used = np.zeros(len(d))
        cost, ok = 0.0, True
        for i, j in enumerate(choice):
            if j is None:
                continue
            if order[businesses.group.iloc[i]] > order[d.max_group.iloc[j]]:
                ok = False
                break
            used[j] += businesses.land_ha.iloc[i]
            p = businesses.geometry.iloc[i]
            cost += trips[i] * np.hypot(p.x - d.x.iloc[j], p.y - d.y.iloc[j]) / 1000
        opened = {j for j in choice if j is not None and d.kind.iloc[j] == NEW_SITE}
        if not ok or (used > d.free_ha.to_numpy() + 1e-9).any() or (max_new is not None and len(opened) > max_new):
            continue
        key = (sum(j is None for j in choice), round(cost, 9))
        if best is None or key < best[0]:
            best = (key, choice)
    return best


def _solved(businesses, dest, max_new=None):
    result = relocate(businesses, dest, PROFILE, max_new_sites=max_new)
    names = dict(zip(result.assigned.id, result.assigned.destination, strict=True))
    return result, tuple(
        None if b not in names else int(dest.table.index[dest.table.name == names[b]][0]) for b in businesses.id
    )


def test_the_solver_returns_the_enumerated_optimum() -> None:
    # Three showrooms of group d, one of group e; the near estate takes 5 ha of group <= d, the far
    # new site 20 ha of group <= e. By hand: A (2 ha) and B (3 ha) fill the near estate; C (4 ha) and
    # the group-e D go to the new site; moving B to the site instead would cost more travel.
    businesses = _businesses(
        [
            ("A", "d", 2.0, 10, 20, 0, 0),
            ("B", "d", 3.0, 5, 40, 1, 0),
            ("C", "d", 4.0, 3, 5, 0, 1),
            ("D", "e", 1.0, 2, 2, 5, 5),
        ]
    )
    dest = _destinations([("Near estate", ESTATE, "d", 5.0, 0.5, 0.0), ("site 1", NEW_SITE, "e", 20.0, 6.0, 6.0)])
    result, choice = _solved(businesses, dest)
    (unplaced, cost), best = _enumerate(businesses, dest)
    assert unplaced == 0
    assert choice == best == (0, 0, 1, 1)
    assert result.daily_km == pytest.approx(cost)
    assert result.unplaced.empty
    per = result.destinations.set_index("name")
    assert per.loc["Near estate", "used_ha"] == 5.0 and per.loc["Near estate", "left_ha"] == 0.0
    assert per.loc["site 1", "used_ha"] == 5.0 and per.loc["site 1", "left_ha"] == 15.0
    assert len(result.flows) == 4 and result.flows.geom_type.eq("LineString").all()


def test_when_capacity_binds_the_business_that_travels_least_farther_moves() -> None:
    # Both need 4 ha; the one estate nearby has 5 ha, the other is 10 km away. A has 100 trips a
    # day, B 10: A takes the near estate, B the far one, whatever order they are listed in.
    rows = [("A", "c", 4.0, 20, 30, 0, 0), ("B", "c", 4.0, 2, 3, 0, 0)]
    dest = _destinations([("Near", ESTATE, "d", 5.0, 1, 0), ("Far", ESTATE, "d", 5.0, 10, 0)])
    for ordered in (rows, rows[::-1]):
        result, choice = _solved(_businesses(ordered), dest)
        where = dict(zip(result.assigned.id, result.assigned.destination, strict=True))
        assert where == {"A": "Near", "B": "Far"}
        assert result.daily_km == pytest.approx(100 * 1 + 10 * 10)
        assert choice == _enumerate(_businesses(ordered), dest)[1]


def test_what_cannot_be_placed_is_listed_with_its_reason() -> None:
    businesses = _businesses(
        [("big", "d", 9.0, 1, 1, 0, 0), ("dirty", "e", 1.0, 1, 1, 0, 0), ("late", "d", 3.0, 1, 1, 0, 0)]
    )
    dest = _destinations([("Estate", ESTATE, "d", 5.0, 0, 0)])
    result = relocate(businesses, dest, PROFILE)
    reasons = dict(zip(result.unplaced.id, result.unplaced.reason, strict=True))
    assert list(result.assigned.id) == ["late"]
    assert reasons == {
        "big": "needs 9.00 ha; the largest destination for group d has 5.00 ha",
        "dirty": "no destination is cleared for group e",
    }
    persian = dict(zip(result.unplaced.id, result.unplaced.reason_fa, strict=True))  # the same, in Persian
    assert persian == {
        "big": "به 9.00 هکتار نیاز دارد؛ بزرگ‌ترین مقصد مجاز برای گروه د 5.00 هکتار دارد",
        "dirty": "هیچ مقصدی برای گروه ه مجاز نیست",
    }
    assert result.assigned.origin_fa.tolist() == ["lon/lat"]  # no Persian location given: the English one
    # 5 ha for two businesses of 3 ha, both 3 km away: the one whose move costs less travel moves.
    two = relocate(_businesses([("x", "d", 3.0, 1, 1, 3, 0), ("y", "d", 3.0, 9, 9, 3, 0)]), dest, PROFILE)
    assert list(two.assigned.id) == ["x"] and two.daily_km == pytest.approx(4 * 3)
    assert "full" in two.unplaced.reason.iloc[0] and "پر شده‌اند" in two.unplaced.reason_fa.iloc[0]


def test_a_limit_on_new_sites_is_obeyed_and_matches_enumeration() -> None:
    businesses = _businesses([("A", "d", 2.0, 5, 5, 0, 0), ("B", "d", 2.0, 5, 5, 10, 0), ("C", "d", 2.0, 5, 5, 20, 0)])
    dest = _destinations([(f"site {k}", NEW_SITE, "d", 10.0, 10 * k, 0) for k in range(3)])
    unlimited = relocate(businesses, dest, PROFILE)
    assert unlimited.daily_km == pytest.approx(0.0) and unlimited.destinations.opened.sum() == 3
    result, choice = _solved(businesses, dest, max_new=1)
    assert result.destinations.opened.sum() == 1
    assert choice == _enumerate(businesses, dest, max_new=1)[1] == (1, 1, 1)  # the middle site serves all three
    assert result.daily_km == pytest.approx(20 * 10 + 20 * 10)


def test_a_business_table_with_a_problem_names_the_row_and_the_fix() -> None:
    good = {"id": "1", "trade": "showroom", "group": "د", "workers": "3", "daily_visits": "40", "land_m2": "2500"}
    table = check_business_rows(pd.DataFrame([good | {"town": "Rasht"}], index=[2]))
    assert table.at[2, "group"] == "d" and table.at[2, "land_ha"] == 0.25
    for change, words in [
        ({"group": "z"}, "row 2: group 'z' is not a DOE pollution group"),
        ({"land_m2": "0"}, "row 2: the land needed is missing, zero or negative"),
        ({"workers": "-1"}, "row 2: workers is negative"),
        ({"workers": "three"}, "workers"),
        ({}, "row 2: no location"),
        ({"lon": "400000", "lat": "4120000"}, "is not in Gilan"),
    ]:
        with pytest.raises(ColumnError, match=words):
            check_business_rows(pd.DataFrame([good | change], index=[2]))
    with pytest.raises(ColumnError, match="row 3: id '1' appears twice"):
        check_business_rows(pd.DataFrame([good | {"town": "Rasht"}] * 2, index=[2, 3]))


def test_the_command_line_uses_an_estates_free_land_and_writes_the_flows(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    from layers.io import load_bundled
    from spatial.cli import main

    shaft = load_bundled("estates").set_index("name_en").geometry["Shaft industrial estate"]
    lon, lat = gpd.GeoSeries([shaft.representative_point()], crs=32639).to_crs(4326).iloc[0].coords[0]
    (tmp_path / "plots.csv").write_text(
        "estate,plot_id,area_ha,status,years_idle\nShaft industrial estate,A1,5.0,free,0\n", encoding="utf-8"
    )
    (tmp_path / "moving.csv").write_text(
        "id,trade,group,land_ha,workers,daily_visits,lon,lat,town\n"
        f"w1,workshop,c,4.0,10,10,{lon},{lat},\n"  # at the estate itself: 0 km, so it takes the free land
        "w2,showroom,d,3.0,5,50,,,Rasht\n",  # 4 + 3 ha > 5 ha: it goes to a new site
        encoding="utf-8",
    )
    out = tmp_path / "relocation.gpkg"
    args = ["relocate", "--businesses", str(tmp_path / "moving.csv"), "--plots", str(tmp_path / "plots.csv")]
    assert main([*args, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2 placed, 0 not" in printed
    flows = gpd.read_file(out, layer="flows")
    where = dict(zip(flows.id, flows.destination, strict=True))
    assert where["w1"] == "Shaft industrial estate" and where["w2"].startswith("site ")
    assert flows.set_index("id").distance_km["w1"] == pytest.approx(0.0, abs=1e-6)
    per = gpd.read_file(out, layer="destinations").set_index("name")
    assert per.loc["Shaft industrial estate", "left_ha"] == pytest.approx(1.0)
    (tmp_path / "bad.csv").write_text("id,trade,group,land_ha,workers,daily_visits,town\n1,x,d,1,1,1,Rsht\n")
    assert main(["relocate", "--businesses", str(tmp_path / "bad.csv")]) == 2
    assert "town 'Rsht' is not in the towns layer" in capsys.readouterr().err
