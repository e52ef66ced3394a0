"""The Map explorer page, run headless with Streamlit's AppTest."""

from __future__ import annotations

import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from layers.catalogue import PROJECT_DIR, load_catalogue
from layers.errors import OutsideGilanError

APP = str(PROJECT_DIR / "app.py")
PERSIAN_LETTER = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]")  # Arabic script + پ چ ژ ک گ ی


def _run() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def test_page_shows_map_completeness_and_provenance_without_errors() -> None:
    at = _run()
    assert not at.exception
    assert at.title[0].value == "Map explorer"
    assert "OVERSTATES the land available" in at.warning[0].value
    assert "placeholder" in at.info[0].value
    gaps, provenance = (df.value for df in at.dataframe)
    assert "forest" in gaps["Constraint class"].tolist()
    assert len(provenance) == len(load_catalogue().layers)
    assert "illustrative" in provenance["Status"].tolist()


def test_persian_switch_translates_the_page_and_turns_it_right_to_left() -> None:
    at = _run()
    at.sidebar.radio(key="lang").set_value("fa").run()
    assert not at.exception
    assert at.title[0].value == "نقشه لایه‌ها"
    assert any("direction: rtl" in md.value for md in at.markdown)
    assert "بیش از واقع" in at.warning[0].value
    how = at.dataframe[0].value["نحوه تأمین"].tolist()  # the gaps table: how to supply each layer, in Persian
    assert how and all(PERSIAN_LETTER.search(text) for text in how if text != "-")
    assert not any(s.supply in text for text in how for s in load_catalogue() if s.supply)
    assert any("road_class" in text for text in how)  # the column to type stays in Latin


def test_broken_bundled_data_gives_a_readable_message_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> None:
        raise OutsideGilanError("towns", "the data lies outside Gilan", "check its CRS")

    monkeypatch.setattr("ui.common.load_all_bundled", broken)
    st.cache_resource.clear()  # the bundled layers are a shared cache resource
    try:
        at = _run()
    finally:
        st.cache_resource.clear()
    assert not at.exception
    assert "layer 'towns': the data lies outside Gilan. Fix: check its CRS" in at.error[0].value
