"""Streamlit entry point: the language switch and navigation over the pages in ui/."""

import streamlit as st

from spatial.i18n import t
from ui.common import language, owner, project_picker, remember_analysis

st.set_page_config(page_title="Gilan industrial site selection", page_icon="🏭", layout="wide")
lang = language()
owner()  # keeps the owner key in the URL on every page
remember_analysis()  # and the analysis (profile, group, weights, threshold...), so any page reloads to it
st.sidebar.title(t("app_title", lang))
project_picker(lang)
pages = [
    st.Page("ui/map_explorer.py", title=t("page_map", lang), icon=":material/map:", default=True),
    st.Page("ui/suitability.py", title=t("page_suitability", lang), icon=":material/leaderboard:"),
    st.Page("ui/inspector.py", title=t("page_inspector", lang), icon=":material/search:"),
    st.Page("ui/compare.py", title=t("page_compare", lang), icon=":material/compare:"),
    st.Page("ui/budget.py", title=t("page_budget", lang), icon=":material/landscape:"),
    st.Page("ui/inventory.py", title=t("page_inventory", lang), icon=":material/factory:"),
    st.Page("ui/my_data.py", title=t("page_my_data", lang), icon=":material/upload_file:"),
    st.Page("ui/policy.py", title=t("page_policy", lang), icon=":material/gavel:"),
    st.Page("ui/programmes.py", title=t("page_programmes", lang), icon=":material/solar_power:"),
]
st.navigation(pages).run()
