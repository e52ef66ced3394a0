"""``python -m spatial``: the command line."""

import sys

from spatial.cli import main

sys.exit(main())
