"""Streamlit entry point: the language switch and navigation over the pages in ui/."""

import streamlit as st

from spatial.i18n import t
from ui.common import language

st.set_page_config(page_title="Gilan industrial site selection", page_icon="🏭", layout="wide")
lang = language()
st.sidebar.title(t("app_title", lang))
st.navigation([st.Page("ui/map_explorer.py", title=t("page_map", lang), icon="🗺️", default=True)]).run()
