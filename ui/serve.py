"""Start the app with its libraries imported and the bundled Gilan data loaded before the first visit.

``python -m ui.serve [streamlit options]`` is ``streamlit run app.py [options]`` in this process, after the
imports and the data loading the first page would otherwise wait for (several seconds on a small machine).
"""

from __future__ import annotations

import gc
import inspect
import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app.py"


def warm_up() -> None:
    """Import what every page uses and fill the bundled-layer cache the pages share.

    Nothing that declares a Streamlit component (streamlit_folium) is imported here: a component declared
    before the server runs is never served to the browser.
    """
    import pandas as pd
    from streamlit.string_util import is_emoji

    import spatial.pipeline  # imported here, so the pages find them in sys.modules
    import spatial.report  # noqa: F401
    import ui.policy_editor
    import ui.weights  # noqa: F401
    from spatial.policy import DEFAULT_PROFILE, load_profile
    from spatial.zones import with_derived
    from ui.common import bundled_layers
    from ui.maps import layer_map
    from ui.tables import readable

    layers, catalogue = bundled_layers()
    layers = with_derived(layers, load_profile(DEFAULT_PROFILE))  # the Map explorer's rural zones, derived once
    for lang in ("en", "fa"):  # the first map pays for folium's and pyproj's start, and the layers' GeoJSON is
        layer_map(layers, list(catalogue), lang=lang).get_root().render()  # made once (ui.maps.per_layer)
    readable(pd.DataFrame({"a": [1.0]}), "en").to_html()  # pandas compiles its table templates once
    is_emoji("🏭")  # Streamlit compiles its emoji pattern (a third of a second) for the page icon
    # Streamlit looks up the module of a frame (to name a component, to check it runs under `streamlit run`):
    # inspect then resolves the path of every loaded module once, half a second of the first visit; done here.
    inspect.getmodule(inspect.currentframe())


def main() -> None:
    """Keep freed memory, warm up, then hand over to Streamlit's own command line."""
    from spatial.memory import keep_freed_memory

    keep_freed_memory()  # before the server starts its threads (each would get an arena of its own)
    warm_up()
    gc.collect()
    gc.freeze()  # what is loaded now lives as long as the server: the collector need not walk it again
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
