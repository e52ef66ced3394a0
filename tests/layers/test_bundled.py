"""The bundled Gilan data: figures that must add up, and honesty about what is not known."""

from __future__ import annotations

import pandas as pd
import pytest

from layers.catalogue import DATA_DIR, load_catalogue
from layers.io import load_all_bundled, read_deprived_table
from tests.conftest import SHARED_DATA, requires_shared

CATALOGUE = load_catalogue()
LAYERS = load_all_bundled(CATALOGUE)


def test_every_bundled_layer_is_in_utm_39n() -> None:
    for layer_id, gdf in LAYERS.items():
        assert gdf.crs == "EPSG:32639", layer_id
        assert len(gdf) > 0, layer_id


def test_gilan_boundary_area_is_between_14000_and_14800_km2() -> None:
    area_km2 = LAYERS["province"].area.sum() / 1e6
    assert 14_000 < area_km2 < 14_800
    assert area_km2 == pytest.approx(14_440, abs=20)  # Natural Earth 1:10m, as the issue measured


def test_county_areas_partition_the_provinces_land_exactly() -> None:
    counties = LAYERS["counties"]
    assert len(counties) == 17  # Khomam (split from Rasht in 2019) is its own county
    land = LAYERS["province"].geometry.iloc[0].difference(LAYERS["caspian_sea"].geometry.union_all())
    assert counties.area.sum() == pytest.approx(land.area, rel=1e-6)
    overlaps = counties.geometry.apply(lambda g: counties.geometry.intersection(g).area.sum() - g.area)
    assert (overlaps.abs() < 1.0).all()  # square metres
    assert "separated from Rasht" in counties.set_index("name_en").at["Khomam", "note"]


def test_county_populations_add_up_to_the_2016_province_total() -> None:
    assert LAYERS["counties"].pop_2016.sum() == 2_530_696


def test_deprived_flags_are_an_unset_placeholder() -> None:
    table = read_deprived_table()
    assert len(table) == 17
    assert (table.deprived == "").all()
    assert table.basis.str.startswith("PLACEHOLDER").all()
    assert LAYERS["counties"].deprived.isna().all()


def test_estates_sit_at_county_seats_and_unknown_figures_stay_empty() -> None:
    estates = LAYERS["estates"]
    assert len(estates) == 21
    assert estates.location_basis.str.contains("county seat").all()
    nalkiashar = estates.set_index("name_en").loc["Nalkiashar industrial estate"]
    assert pd.isna(nalkiashar.units) and pd.isna(nalkiashar.area_ha)
    assert estates.idle_units.isna().all()  # no public figure: never invented


def test_estate_footprints_have_the_stated_area() -> None:
    fp = LAYERS["estate_footprints"]
    assert len(fp) == 7
    assert (fp.area / 10_000).to_numpy() == pytest.approx(fp.area_ha.to_numpy(), rel=0.01)


def test_protected_areas_keep_stated_areas_and_skip_unlocated_ones() -> None:
    pa = LAYERS["protected_areas"].set_index("name_en")
    assert "Gasht-e Rudkhan" not in pa.index and "Siahrud-Rudbar" not in pa.index
    circles = pa.drop(index="Anzali wetland")
    assert (circles.geometry.area / 10_000).to_numpy() == pytest.approx(circles.area_ha.to_numpy(), rel=0.01)
    assert "GSHHG" in pa.at["Anzali wetland", "location_basis"]
    # The lagoon's water is smaller than the 19,500 ha Ramsar site.
    assert 3_000 < pa.at["Anzali wetland", "geometry"].area / 10_000 < 19_500


def test_towns_are_the_18_geonames_places_near_the_province() -> None:
    towns = LAYERS["towns"]
    assert len(towns) == 18
    province = LAYERS["province"].geometry.iloc[0]
    assert towns.distance(province).max() < 5_000  # the 1:10m outline is coarse
    assert towns.county_seat_of.notna().sum() == 16
    rasht = towns.set_index("name_en").loc["Rasht"]
    assert rasht.population == 594_590


def test_every_town_and_town_area_has_its_persian_name() -> None:
    """facts/town_names.csv names each GeoNames town in Persian, for the Persian maps and the inspector."""
    for layer_id in ("towns", "town_areas"):
        names = LAYERS[layer_id].set_index("name_en").name_fa
        assert names.notna().all() and not names.str.contains("[A-Za-z]").any(), layer_id
    towns = LAYERS["towns"].set_index("name_en").name_fa
    assert (towns["Rasht"], towns["Hashtpar"], towns["Bandar-e Anzalī"]) == ("رشت", "هشتپر", "بندر انزلی")


def test_shoreline_runs_along_the_whole_coast() -> None:
    length_km = LAYERS["shoreline"].length.sum() / 1000
    assert 250 < length_km < 400  # Astara to Chaboksar is about 300 km


def test_bundled_data_is_small_enough_to_commit() -> None:
    size = sum(p.stat().st_size for p in DATA_DIR.rglob("*") if p.is_file())
    assert size < 20 * 1024**2


@requires_shared(SHARED_DATA / "facts")
@pytest.mark.parametrize("name", ["counties.csv", "estates.csv", "protected_areas.csv", "province.csv"])
def test_facts_are_copied_unchanged_with_their_sources(name: str) -> None:
    assert (DATA_DIR / "facts" / name).read_bytes() == (SHARED_DATA / "facts" / name).read_bytes()
    assert "source" in pd.read_csv(DATA_DIR / "facts" / name).columns


def test_the_screening_land_cover_is_bundled_with_its_status_and_classes() -> None:
    from layers.catalogue import load_catalogue
    from layers.io import load_bundled

    spec = load_catalogue()["landcover_screening"]
    assert spec.status == "screening" and "NASA" in spec.licence
    cover = load_bundled("landcover_screening").set_index("class")
    assert {"forest", "cropland", "urban", "water"} <= set(cover.index)
    assert 5_000 < cover.loc["forest", "area_km2"] < 5_500  # ../shared/data/README.md: about 5,280 km²
