"""``python -m spatial``: the command line."""

import gc
import sys

from spatial.cli import main

# The libraries' own objects live as long as the process: kept out of every garbage collection, during the
# run and at exit, where collecting them would take a cold command line about a tenth of its time.
gc.freeze()
code = main()
gc.freeze()
sys.exit(code)
