"""``python -m spatial``: the command line."""

import gc
import sys

from spatial.memory import keep_freed_memory

keep_freed_memory()  # before the run: rasters freed during it are re-used, not made again (spatial.memory)
from spatial.cli import main  # noqa: E402

# The libraries' own objects live as long as the process: kept out of every garbage collection, during the
# run and at exit, where collecting them would take a cold command line about a tenth of its time.
gc.freeze()
code = main()
gc.freeze()
sys.exit(code)
