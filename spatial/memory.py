"""How the process's memory is managed: freed memory is kept for the next arrays (glibc)."""

from __future__ import annotations

import ctypes
import functools

# glibc's mallopt(3) parameters
M_TRIM_THRESHOLD, M_MMAP_MAX, M_ARENA_MAX = -1, -4, -8
MALLINFO2_FIELDS = "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"


class _MallInfo2(ctypes.Structure):
    """glibc's struct mallinfo2: ten counts of bytes and blocks."""

    _fields_ = [(name, ctypes.c_size_t) for name in MALLINFO2_FIELDS.split()]


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    """The C library, when it is glibc (it has mallopt and mallinfo2); else None."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    if not (hasattr(libc, "mallopt") and hasattr(libc, "mallinfo2")):
        return None
    libc.mallinfo2.restype = _MallInfo2
    return libc


def keep_freed_memory() -> bool:
    """Tell glibc's allocator to keep memory the process frees for its next arrays, instead of handing it back.

    On this kind of virtual machine, memory handed back to the system is taken back by the host within a
    second, and touching it again costs several milliseconds per MB: a fresh 170 MB score raster took 1.1 to
    1.4 s after a pause of 1 to 6 s, and 10 ms when kept (measured). A planner pauses between weight moves,
    so a 30 m move took 0.6 to 2.9 s, and 0.15 to 0.23 s with freed memory kept (in process, 2 s pauses). A
    30 m command line, whose rasters are freed and made again, gains less and less surely (11.6 to 14.6 s
    without, 8.2 to 14.4 s with; this machine's speed varies). Kept memory stays the process's (its size stays
    at its peak, 8 % higher at 30 m); one arena for every thread, no separate mappings for large arrays, no
    trimming.
    Returns False where the C library is not glibc (nothing is changed).
    """
    libc = _glibc()
    if libc is None:
        return False
    settings = ((M_ARENA_MAX, 1), (M_MMAP_MAX, 0), (M_TRIM_THRESHOLD, 2**31 - 1))
    return all(libc.mallopt(option, value) == 1 for option, value in settings)


def kept_free_bytes() -> int:
    """Bytes the process has freed and keeps for its next arrays (glibc's mallinfo2): free to it, though the
    system does not count them as available; 0 where the C library cannot say."""
    libc = _glibc()
    return 0 if libc is None else int(libc.mallinfo2().fordblks)
