"""What every page shares: language, right-to-left layout, cached bundled data."""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from layers.catalogue import GEOPACKAGE, Catalogue, load_catalogue
from layers.io import DEPRIVED_TABLE, load_all_bundled
from spatial.i18n import LANGS, t
from spatial.policy import load_profile
from spatial.zones import rural_zones

DEFAULT_PROFILE = "gilan-industrial"
RTL_CSS = """<style>
.stMainBlockContainer, section[data-testid="stSidebar"] {direction: rtl; text-align: right;
  font-family: Vazirmatn, Tahoma, "DejaVu Sans", sans-serif;}
</style>"""


def language() -> str:
    """The session's language ('en' or 'fa'), chosen in the sidebar; Persian switches to right-to-left."""
    lang = st.session_state.get("lang", "en")
    st.sidebar.radio(
        t("language", lang), LANGS, key="lang", format_func=lambda code: {"en": "English", "fa": "فارسی"}[code]
    )
    lang = st.session_state["lang"]
    if lang == "fa":
        st.markdown(RTL_CSS, unsafe_allow_html=True)
    return lang


def current_language() -> str:
    """The language picked in the sidebar (pages call this; app.py draws the switch)."""
    return str(st.session_state.get("lang", "en"))


@st.cache_data(show_spinner=False)
def _bundled(version: tuple[float, float], profile: str) -> tuple[dict[str, gpd.GeoDataFrame], Catalogue]:
    catalogue = load_catalogue()
    layers = load_all_bundled(catalogue)
    layers["rural_zones"] = rural_zones(layers["province"], layers["towns"], load_profile(profile).rural)
    return layers, catalogue


def bundled_layers(profile: str = DEFAULT_PROFILE) -> tuple[dict[str, gpd.GeoDataFrame], Catalogue]:
    """Bundled layers plus the derived zones; the cache key follows the data files' versions."""
    version = (GEOPACKAGE.stat().st_mtime, DEPRIVED_TABLE.stat().st_mtime)
    return _bundled(version, profile)
