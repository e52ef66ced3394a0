"""The app server keeps the memory it frees for its next arrays (glibc), instead of handing it back."""

from __future__ import annotations

import subprocess
import sys

from tests.ui.conftest import PROJECT_DIR

# A 100 MB array, then glibc's own count of the bytes it holds in separate mappings (mallinfo2's hblkhd):
# by default a block that large gets a mapping of its own, handed back to the system when freed.
PROBE = """
import ctypes, sys
import numpy as np
sys.path.insert(0, {project!r})
from ui.serve import keep_freed_memory
kept = {keep} and keep_freed_memory()


FIELDS = "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"


class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in FIELDS.split()]


libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = MallInfo2
block = np.ones(25_000_000, dtype="float32")
info = libc.mallinfo2()
print(kept, info.hblkhd >= block.nbytes, info.uordblks >= block.nbytes)
"""


def _probe(keep: bool) -> str:
    code = PROBE.format(project=str(PROJECT_DIR), keep=keep)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_the_server_keeps_large_arrays_in_its_heap_not_in_mappings_handed_back_when_freed() -> None:
    assert _probe(keep=False) == "False True False"  # glibc's default: the array is a mapping of its own
    assert _probe(keep=True) == "True False True"  # kept: in the heap, reused by the next array once freed
