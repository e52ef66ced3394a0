"""The app server and the command line keep the memory they free for their next arrays (glibc)."""

from __future__ import annotations

import subprocess
import sys

from layers.catalogue import PROJECT_DIR

# A 100 MB array made and freed, then what the process keeps of it (glibc's count of free heap bytes).
PROBE = """
import sys
import numpy as np
sys.path.insert(0, {project!r})
from spatial.memory import keep_freed_memory, kept_free_bytes
kept = {keep} and keep_freed_memory()
block = np.ones(25_000_000, dtype="float32")
del block
print(kept, kept_free_bytes() >= 100_000_000)
"""


def _probe(keep: bool) -> str:
    code = PROBE.format(project=str(PROJECT_DIR), keep=keep)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_a_freed_large_array_is_kept_for_the_next_one_not_handed_back() -> None:
    assert _probe(keep=False) == "False False"  # glibc's default: a block that large is handed back when freed
    assert _probe(keep=True) == "True True"  # kept, and counted as free to the process (available_memory_bytes)
