"""Estates inventory from the bundled facts and a planner's plot table."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from layers.io import load_bundled
from spatial.errors import ColumnError
from spatial.inventory import estates_inventory, revocable_ha_by_county
from spatial.policy import InventorySettings

ESTATES = load_bundled("estates")
RULE = InventorySettings(revoke_after_years=2.0, basis="test")
PLOTS = pd.DataFrame(
    {
        "estate": ["Shaft industrial estate"] * 4 + ["Masal industrial zone"],
        "plot_id": ["A1", "A2", "A3", "A4", "M1"],
        "area_ha": [1.5, 2.0, 0.5, 1.0, 3.0],
        "status": ["allocated", "idle", "idle", "free", "idle"],
        "years_idle": [None, 3.0, 1.0, None, 5.0],
        "knowledge_based": [True, False, False, False, False],
    }
)


def test_without_a_plot_table_the_figures_are_the_public_ones_and_the_rest_unknown() -> None:
    inventory = estates_inventory(ESTATES, None, RULE).set_index("name_en")
    sepidrud = inventory.loc["Sepidrud (Sefidrud) industrial estate"]
    assert sepidrud.area_ha == pytest.approx(161.92) and sepidrud.units == 38 and sepidrud.jobs == 850
    assert inventory.idle_ha.isna().all() and inventory.revocation_candidates.isna().all()


def test_plot_table_gives_land_by_status_and_revocation_candidates_by_the_rule() -> None:
    inventory = estates_inventory(ESTATES, PLOTS, RULE).set_index("name_en")
    shaft = inventory.loc["Shaft industrial estate"]
    assert (shaft.plots, shaft.allocated_ha, shaft.idle_ha, shaft.free_ha) == (4, 1.5, 2.5, 1.0)
    assert shaft.revocation_candidates == 1 and shaft.revocable_ha == 2.0  # idle 3 years; the 1-year plot is not
    assert shaft.knowledge_based_plots == 1
    assert "knowledge-based" in shaft.suggested_reuse
    by_county = revocable_ha_by_county(inventory.reset_index())
    assert by_county["Shaft"] == 2.0 and by_county["Masal"] == 3.0
    assert pd.isna(by_county["Rasht"])  # no plot table there: unknown, not zero


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"status": ["allocated", "idle", "empty", "free", "idle"]}, "'empty'"),
        (
            {"estate": ["Shaft industrial estate"] * 4 + ["Nowhere estate"]},
            "'Nowhere estate' (row 4) is not a known estate",
        ),
    ],
)
def test_bad_plot_tables_name_the_problem(change: dict, words: str) -> None:
    with pytest.raises(ColumnError, match=re.escape(words)):
        estates_inventory(ESTATES, PLOTS.assign(**change), RULE)
