"""Tables as a planner reads them: translated headers and values, '-' for every empty cell, Persian names."""

from __future__ import annotations

import numpy as np
import pandas as pd

from spatial.i18n import FSI, PDI, embed, isolate
from spatial.policy import load_profile
from ui.tables import column_label, county_label, readable, value_label


def test_empty_cells_read_as_a_dash_never_none_or_nan() -> None:
    frame = pd.DataFrame(
        {"name": ["Rasht", None, ""], "area": [1.0, np.nan, 3.0], "n": pd.array([1, None, 3], dtype="Int64")}
    )
    html = readable(frame, "en").to_html()
    assert "None" not in html and "nan" not in html and "&lt;NA&gt;" not in html
    assert html.count(">-<") == 4  # None, "", NaN and <NA>
    assert ">1<" in html and ">3<" in html  # whole numbers without decimals


def test_raw_columns_get_headers_and_rule_columns_name_their_rule() -> None:
    rules = load_profile("gilan-industrial").constraints
    assert column_label("land_ha", "en") == "Land (ha)" and column_label("land_ha", "fa") == "خشکی (هکتار)"
    assert column_label("only_settlements_ha", "en", rules) == "Only by Distance from settlements (ha)"
    assert column_label("name_en", "en") == "Name"
    assert value_label("paddy (farmland)", "fa", "item") == "شالیزار (زمین کشاورزی)"
    assert value_label("something else", "fa", "item") == "something else"
    assert county_label("Rasht", "fa", {"Rasht": "رشت"}) == "رشت" and county_label("Rasht", "en", {}) == "Rasht"


def test_latin_text_on_a_persian_page_is_isolated() -> None:
    assert isolate("100 m") == f"{FSI}100 m{PDI}"
    assert embed("gilan-industrial", "fa") == f"{FSI}gilan-industrial{PDI}" and embed("x", "en") == "x"
