"""Solar power on estates: rooftop and free-land photovoltaic potential per estate, in MWh per year.

The sun's path and the clear-sky irradiance over a year come from pvlib (solar position, Ineichen
clear sky with Linke turbidity, isotropic sky on the tilted plane). Gilan is one of Iran's
cloudiest provinces, so clear sky alone overstates badly: the plane-of-array irradiation is scaled
by the ratio of a published real annual global horizontal irradiation to the clear-sky one (the
figure and its source are a row of data/gilan/facts/solar.csv). That scaling treats cloud as
reducing direct and diffuse light alike, which slightly overstates the gain of tilting; the report
says so. Every other number (tilt, roof and ground shares, efficiency, losses) is a profile setting
with its basis.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from spatial.errors import ScenarioError
from spatial.policy import Profile, SolarSettings


@dataclass(frozen=True)
class Irradiation:
    """A year of irradiation at one place, kWh/m² per year."""

    clear_sky_ghi: float  # clear-sky global horizontal, from pvlib
    real_ghi: float  # the published figure
    clear_sky_poa: float  # clear-sky on the tilted plane
    poa: float  # on the tilted plane, scaled by real_ghi / clear_sky_ghi
    source: str
    source_fa: str = ""  # the source in Persian, when the facts table gives one

    def source_in(self, lang: str) -> str:
        """The source of the real figure in ``lang`` (English when no Persian text is given)."""
        return self.source_fa if lang == "fa" and self.source_fa else self.source

    @property
    def cloud_factor(self) -> float:
        """Real over clear-sky global horizontal irradiation (1 = always clear)."""
        return self.real_ghi / self.clear_sky_ghi


@lru_cache(maxsize=8)
def _clear_sky_year(lat: float, lon: float, altitude_m: float, tilt: float, azimuth: float) -> tuple[float, float]:
    import pvlib  # imported here: only solar figures need it

    site = pvlib.location.Location(lat, lon, tz="Asia/Tehran", altitude=altitude_m)
    times = pd.date_range("2023-01-01", "2024-01-01", freq="1h", inclusive="left", tz=site.tz)
    with warnings.catch_warnings():  # pvlib 0.16 still calls DatetimeIndex.dayofyear, deprecated in pandas 3
        warnings.simplefilter("ignore", pd.errors.Pandas4Warning)
        sky = site.get_clearsky(times, model="ineichen")
        sun = site.get_solarposition(times)
    plane = pvlib.irradiance.get_total_irradiance(
        tilt, azimuth, sun["apparent_zenith"], sun["azimuth"], sky["dni"], sky["ghi"], sky["dhi"], model="isotropic"
    )
    return float(sky["ghi"].sum() / 1000.0), float(plane["poa_global"].fillna(0.0).sum() / 1000.0)


def irradiation(settings: SolarSettings, facts: dict[str, float], sources: dict[str, str]) -> Irradiation:
    """The year's irradiation at the profile's reference place, scaled to the published real figure."""
    if "ghi_kwh_m2_year" not in facts:
        raise ScenarioError(
            "solar facts", "no 'ghi_kwh_m2_year' row", "add Gilan's published annual irradiation to facts/solar.csv"
        )
    ghi_clear, poa_clear = _clear_sky_year(
        settings.latitude, settings.longitude, settings.altitude_m, settings.tilt_deg, settings.azimuth_deg
    )
    real = facts["ghi_kwh_m2_year"]
    if not 0 < real <= ghi_clear:
        raise ScenarioError(
            "solar facts",
            f"the real irradiation {real:,.0f} kWh/m² is not between 0 and the clear-sky {ghi_clear:,.0f}",
            "check the figure and its unit (kWh/m² per year)",
        )
    return Irradiation(
        ghi_clear,
        real,
        poa_clear,
        poa_clear * real / ghi_clear,
        sources.get("ghi_kwh_m2_year", ""),
        sources.get("ghi_kwh_m2_year:fa", ""),
    )


def _kwh_per_m2(settings: SolarSettings, sun: Irradiation) -> float:
    """Electricity a year per m² of panels: irradiation on the panels x efficiency x performance ratio."""
    return sun.poa * settings.module_efficiency * settings.performance_ratio


def _roof_m2_of_plot_land(plot_ha: pd.Series | float, settings: SolarSettings) -> pd.Series | float:
    return plot_ha * settings.building_share * 10_000 * settings.usable_roof_share


def province_rooftop_mwh(estate_land_ha: float, profile: Profile, sun: Irradiation) -> float:
    """Rooftop MWh a year on a province's gross estate land, at the profile's shares (a cross-check)."""
    s = solar_settings(profile)
    plots = estate_land_ha * (1 - profile.budget.green_share - profile.budget.utilities_share)
    return float(_roof_m2_of_plot_land(plots, s)) * _kwh_per_m2(s, sun) / 1000


def solar_settings(profile: Profile) -> SolarSettings:
    """The profile's [solar] settings, or a clear error when it has none."""
    if profile.solar is None:
        raise ScenarioError(f"profile {profile.name}", "has no [solar] section", "add one (see gilan-industrial)")
    return profile.solar


def estates_solar(
    inventory: pd.DataFrame,
    profile: Profile,
    sun: Irradiation,
    *,
    demand_mwh: pd.Series | None = None,
) -> pd.DataFrame:
    """Per estate: roof area (the plot table's allocated plots, else a share of the estate), rooftop and
    free-land MWh per year, and the share of the planner's demand figure they would cover."""
    s = solar_settings(profile)
    plots_share = 1 - profile.budget.green_share - profile.budget.utilities_share
    area = inventory["area_ha"].astype(float)
    unknown = pd.Series(np.nan, index=inventory.index)
    allocated = inventory["allocated_ha"].astype(float) if "allocated_ha" in inventory else unknown
    from_plots = allocated.notna()
    roof_m2 = _roof_m2_of_plot_land(allocated.where(from_plots, area * plots_share), s)
    kwh_per_m2 = _kwh_per_m2(s, sun)
    free_ha = inventory["free_ha"].astype(float) if "free_ha" in inventory else unknown
    table = pd.DataFrame(
        {
            "name_en": inventory["name_en"],
            "county": inventory["county"],
            "area_ha": area,
            "roof_basis": np.where(from_plots, "plot table (allocated plots)", "share of the estate's area"),
            "roof_m2": roof_m2,
            "rooftop_mwh": roof_m2 * kwh_per_m2 / 1000,
            "free_ha": free_ha,
            "free_land_mwh": free_ha * 10_000 * s.ground_coverage_ratio * kwh_per_m2 / 1000,
        }
    )
    table["total_mwh"] = table[["rooftop_mwh", "free_land_mwh"]].sum(axis=1, min_count=1)
    if demand_mwh is not None:
        table["demand_mwh"] = table["name_en"].map(demand_mwh)
        table["share_of_demand"] = table["total_mwh"] / table["demand_mwh"]
    return table


@dataclass(frozen=True)
class SolarTotals:
    """The province's estates and zones together; special zones (a free zone's land is not estate roofs) apart."""

    rooftop_mwh: float
    free_land_mwh: float
    counted: int  # estates and zones with a known area or plot table
    unknown: int  # without: left out, not counted as zero


def solar_totals(table: pd.DataFrame, inventory: pd.DataFrame) -> SolarTotals:
    """Sum the estates' figures, leaving out special zones and the estates whose area is unknown."""
    counted = table[inventory["type"].to_numpy() != "special zone"]
    unknown = int(counted["total_mwh"].isna().sum())
    return SolarTotals(
        float(counted["rooftop_mwh"].sum()),
        float(counted["free_land_mwh"].fillna(0).sum()),
        len(counted) - unknown,
        unknown,
    )
