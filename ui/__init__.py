"""The Streamlit pages: widgets, session state and maps; the analysis stays in spatial/."""
