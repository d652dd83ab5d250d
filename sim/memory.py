"""Keep freed memory in the process for the next array (glibc's malloc), in povsim's own
processes.

A run allocates and frees arrays of every household (tens of megabytes each in a province) many
times a month. By default glibc returns freed memory at the top of its heap to the system as
soon as more than a few tens of megabytes are free, and serves the largest arrays by ``mmap``;
each new array then costs the system a fresh page for every 4 KB it touches (a quarter of a
million page faults in a ten-year province run). Raising the two thresholds keeps that memory
for the next array. Measured on the province's ten-year programme run, alternating with and
without: page faults fell from about 260,000 to 150,000 and the run from 20.4-22.8 s to
18.7-20.3 s; peak memory was unchanged (1.65 GB), as the memory is reused, not added to.

Only the ``povsim`` command and its worker processes call this: a library does not change the
allocator of a process it is imported into.
"""

from __future__ import annotations

import ctypes
import sys

M_TRIM_THRESHOLD = -1  # glibc's mallopt parameters (malloc.h)
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024  # glibc's largest (64-bit): arrays below it reuse the heap
TRIM_THRESHOLD_BYTES = 1024 * 1024 * 1024  # free memory kept at the top of the heap


def keep_freed_memory() -> bool:
    """Raise glibc's mmap and trim thresholds; returns whether it could (Linux with glibc)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the process's own C library
    except (OSError, AttributeError):  # no glibc (musl has no mallopt)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    # The mmap threshold first: setting the trim threshold alone would fix the mmap threshold
    # at its small default and send every large array to mmap.
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)) and bool(
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
    )
