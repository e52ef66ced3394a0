"""Start the app with its libraries imported and the bundled Gilan data loaded before the first visit.

``python -m ui.serve [streamlit options]`` is ``streamlit run app.py [options]`` in this process, after the
imports and the data loading the first page would otherwise wait for (several seconds on a small machine).
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app.py"


def warm_up() -> None:
    """Import what every page uses and fill the bundled-layer cache the pages share.

    Nothing that declares a Streamlit component (streamlit_folium) is imported here: a component declared
    before the server runs is never served to the browser.
    """
    import spatial.pipeline  # imported here, so the pages find them in sys.modules
    import spatial.report  # noqa: F401
    from ui.common import bundled_layers
    from ui.maps import layer_map

    layers, catalogue = bundled_layers()
    layer_map(layers, list(catalogue))  # the first map pays for folium's and pyproj's own start


def main() -> None:
    """Warm up, then hand over to Streamlit's own command line."""
    warm_up()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
