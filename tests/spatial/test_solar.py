"""Solar on estates: hand-checkable roof and free-land figures, and clear sky scaled to the real irradiation."""

from __future__ import annotations

import pandas as pd
import pytest

from spatial.errors import ScenarioError
from spatial.policy import load_profile
from spatial.solar import Irradiation, estates_solar, irradiation

PROFILE = load_profile("gilan-industrial")  # roofs 50 % of built land, 60 % usable; 20 % modules, PR 0.75
SUN = Irradiation(clear_sky_ghi=2000.0, real_ghi=1400.0, clear_sky_poa=2400.0, poa=1680.0, source="test")


def test_rooftop_and_free_land_figures_follow_the_stated_shares() -> None:
    inventory = pd.DataFrame(
        {
            "name_en": ["A", "B", "C"],
            "county": ["Rasht", "Shaft", "Rudbar"],
            "area_ha": [100.0, 10.0, None],
            "allocated_ha": [None, 4.0, None],  # B has a plot table: 4 ha of allocated plots
            "free_ha": [None, 2.0, None],
        }
    )
    table = estates_solar(inventory, PROFILE, SUN, demand_mwh=pd.Series({"B": 2000.0})).set_index("name_en")
    kwh_m2 = 1680.0 * 0.20 * 0.75  # 252 kWh per m² of panel a year
    # A: no plot table, so its plots are 60 % of 100 ha (10 % green, 30 % utilities), half of that roofed
    assert table.at["A", "roof_m2"] == pytest.approx(100 * 0.6 * 0.5 * 10_000 * 0.6)  # 180,000 m²
    assert table.at["A", "rooftop_mwh"] == pytest.approx(180_000 * kwh_m2 / 1000)  # 45,360 MWh
    assert table.at["A", "roof_basis"] == "share of the estate's area"
    # B: 4 ha of allocated plots, half roofed, 60 % usable: 12,000 m²; 2 ha free land, 40 % covered: 8,000 m²
    assert table.at["B", "roof_m2"] == pytest.approx(12_000)
    assert table.at["B", "free_land_mwh"] == pytest.approx(8_000 * kwh_m2 / 1000)
    assert table.at["B", "total_mwh"] == pytest.approx(20_000 * kwh_m2 / 1000)  # 5,040 MWh
    assert table.at["B", "share_of_demand"] == pytest.approx(5040 / 2000)
    assert pd.isna(table.at["C", "total_mwh"])  # no area, no plot table: unknown, not zero


def test_the_bundled_solar_figure_has_its_source_in_both_languages() -> None:
    from spatial.data import read_solar_facts

    sun = irradiation(PROFILE.solar, *read_solar_facts())
    assert sun.source_in("en").startswith("PROXY, not a Gilan measurement")
    assert sun.source_in("fa").startswith("نماینده، نه اندازه‌گیری در گیلان") and "مازندران" in sun.source_in("fa")
    assert irradiation(PROFILE.solar, {"ghi_kwh_m2_year": 1300.0}, {"ghi_kwh_m2_year": "x"}).source_in("fa") == "x"


def test_clear_sky_is_scaled_to_the_published_real_irradiation() -> None:
    assert PROFILE.solar is not None
    sun = irradiation(PROFILE.solar, {"ghi_kwh_m2_year": 1300.0}, {"ghi_kwh_m2_year": "test figure"})
    assert 1900 < sun.clear_sky_ghi < 2300  # clear sky at 37.3 N, sea level (pvlib, Ineichen)
    assert sun.clear_sky_poa > sun.clear_sky_ghi  # tilting towards the south gains in clear sky
    assert sun.cloud_factor == pytest.approx(1300.0 / sun.clear_sky_ghi)
    assert sun.poa == pytest.approx(sun.clear_sky_poa * sun.cloud_factor)
    with pytest.raises(ScenarioError, match="not between 0 and the clear-sky"):
        irradiation(PROFILE.solar, {"ghi_kwh_m2_year": 5000.0}, {})
    with pytest.raises(ScenarioError, match="no 'ghi_kwh_m2_year' row"):
        irradiation(PROFILE.solar, {}, {})


def test_the_command_line_states_the_proxy_and_uses_the_plot_table(tmp_path, capsys) -> None:
    from spatial.cli import main

    (tmp_path / "plots.csv").write_text(
        "estate,plot_id,area_ha,status,years_idle\nShaft industrial estate,A1,4.0,allocated,0\n"
        "Shaft industrial estate,A2,2.0,free,0\n",
        encoding="utf-8",
    )
    (tmp_path / "demand.csv").write_text("estate,demand_mwh\nShaft industrial estate,2000\n", encoding="utf-8")
    out = tmp_path / "solar.csv"
    args = ["solar", "--plots", str(tmp_path / "plots.csv"), "--demand", str(tmp_path / "demand.csv")]
    assert main([*args, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "PROXY, not a Gilan measurement" in printed and "cloud factor 0.60" in printed
    table = pd.read_csv(out, encoding="utf-8-sig").set_index("name_en")
    shaft = table.loc["Shaft industrial estate"]
    assert shaft.roof_basis == "plot table (allocated plots)" and shaft.roof_m2 == pytest.approx(12_000)
    assert shaft.total_mwh == pytest.approx(20_000 * shaft.rooftop_mwh / 12_000)  # 8,000 m² more on free land
    assert shaft.share_of_demand == pytest.approx(shaft.total_mwh / 2000)
    (tmp_path / "bad.csv").write_text("estate,demand\nShaft industrial estate,2000\n", encoding="utf-8")
    assert main(["solar", "--demand", str(tmp_path / "bad.csv")]) == 2
    assert "missing column(s) ['demand_mwh']" in capsys.readouterr().err
