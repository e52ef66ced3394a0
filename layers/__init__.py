"""Planning layers: catalogue, loaders and validation (no analysis, no Streamlit)."""
