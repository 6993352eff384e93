"""Keeping freed memory in the process: glibc's malloc thresholds.

A training step allocates and frees the same activation and gradient buffers
(about 2 MB each in the tall fit of ``benchmarks/bench_speed.py``). glibc's
malloc serves blocks that large with their own ``mmap`` and returns them with
``munmap``, or trims the top of its heap when much memory is free there, so
every step maps those pages afresh and the kernel zeroes each one at its
first touch: hundreds of page faults per step (``docs/scaling.rst``, "Memory
allocator"). Raising the two thresholds keeps freed memory in the process for
the next step.

This changes the whole process, for good: the ``skdfs`` command does it at
its start (:func:`skdfs.cli.main`), where skdfs owns the process; the
selectors never do it to the process of the program that uses them.

What a fit does instead (:func:`settle_dynamic_thresholds`) is what glibc
does by itself: glibc raises its mmap threshold to the size of any mapped
block a program frees (up to 32 MiB on 64-bit), and its trim threshold to
twice that. A fit frees one untouched 31 MiB block once per process, so
the thresholds settle where the step's buffers (8 MiB blocks on a
500-column table with square terms) stay on the heap.
"""

from __future__ import annotations

import ctypes
import os

#: Blocks smaller than this come from the heap instead of their own ``mmap``.
MMAP_THRESHOLD = 256 * 2**20
#: Free memory at the top of the heap is returned to the kernel only above this.
TRIM_THRESHOLD = 2**30
#: glibc before 2.26 refuses an mmap threshold above this (64-bit).
OLD_MMAP_THRESHOLD_MAX = 32 * 2**20
#: The block a fit frees once per process (below glibc's 32 MiB cap on its
#: dynamic mmap threshold, 64-bit): see :func:`settle_dynamic_thresholds`.
SETTLING_BLOCK = 31 * 2**20
#: Environment variables by which a user sets the thresholds; they win.
USER_SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")

_M_TRIM_THRESHOLD = -1  # mallopt parameters, from glibc's <malloc.h>
_M_MMAP_THRESHOLD = -3


def _glibc_function(name):
    """A function of glibc as a ctypes function, or ``None`` elsewhere."""
    try:
        if not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):
            return None
        return getattr(ctypes.CDLL("libc.so.6"), name)
    except (AttributeError, OSError, ValueError):  # no confstr, no libc.so.6
        return None


def _glibc_mallopt():
    """glibc's ``mallopt`` as a ctypes function, or ``None`` elsewhere."""
    mallopt = _glibc_function("mallopt")
    if mallopt is None:
        return None
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return mallopt


def _user_settings(environ):
    tunables = environ.get("GLIBC_TUNABLES", "")
    return any(name in environ for name in USER_SETTINGS) or any(
        f"glibc.malloc.{name}_threshold" in tunables for name in ("mmap", "trim")
    )


def keep_freed_memory():
    """Let glibc's malloc keep freed memory in the process (process-wide).

    Sets glibc's mmap threshold to :data:`MMAP_THRESHOLD` (256 MiB) and its
    trim threshold to :data:`TRIM_THRESHOLD` (1 GiB) with ``mallopt``, so
    the buffers a training step frees are reused by the next step instead of
    being returned to the kernel and faulted in again. Calling it again sets
    the same values.

    Returns
    -------
    bool
        Whether the thresholds were set: ``False`` where the C library is not
        glibc (macOS, Windows, musl) or has no ``mallopt``, and where the
        environment sets them itself (``MALLOC_MMAP_THRESHOLD_``,
        ``MALLOC_TRIM_THRESHOLD_`` or their ``GLIBC_TUNABLES``), which then
        stay as the user chose. Never raises.

    Notes
    -----
    Irreversible for the process and affects every allocation in it: call it
    only in a process the caller owns (the ``skdfs`` command does, at its
    start). A library user can get the same from the environment, set
    before the process starts: ``MALLOC_MMAP_THRESHOLD_=268435456
    MALLOC_TRIM_THRESHOLD_=1073741824`` (``docs/scaling.rst``).

    Examples
    --------
    >>> from skdfs._alloc import keep_freed_memory
    >>> applied = keep_freed_memory()  # True on Linux with glibc
    """
    if _user_settings(os.environ):
        return False
    mallopt = _glibc_mallopt()
    if mallopt is None:
        return False
    mmap = mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) or mallopt(
        _M_MMAP_THRESHOLD, OLD_MMAP_THRESHOLD_MAX
    )
    trim = mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    return bool(mmap and trim)


_settled = False


def settle_dynamic_thresholds():
    """Free one untouched :data:`SETTLING_BLOCK` (31 MiB) through glibc, once
    per process, so that glibc's own dynamic thresholds settle there.

    glibc serves a block above its mmap threshold (128 KiB at first) with
    its own ``mmap``; when the program frees such a block of at most 32 MiB,
    glibc raises the threshold to its size and the trim threshold to twice
    that, and never lowers them. A training step's buffers of a few MiB
    each, freed together at the top of the heap, otherwise exceed the trim
    threshold that smaller frees left and are given back to the kernel and
    faulted in again at every step (Madelon 250 x 500 with square terms:
    4.1-4.5 million minor faults in a default fit, 0.06-0.13 million after
    this; ``docs/scaling.rst``). The block is mapped and unmapped without being
    touched, and nothing is set: where the user set glibc's thresholds, or
    :func:`keep_freed_memory` did, glibc's dynamic rule is off and this
    changes nothing. Inert off glibc. Never raises.

    Returns
    -------
    bool
        Whether a block was freed (the first call in a process on glibc).
    """
    global _settled
    if _settled:
        return False
    _settled = True
    malloc, free = _glibc_function("malloc"), _glibc_function("free")
    if malloc is None or free is None:
        return False
    malloc.restype = ctypes.c_void_p
    malloc.argtypes = [ctypes.c_size_t]
    free.argtypes = [ctypes.c_void_p]
    block = malloc(SETTLING_BLOCK)
    if not block:
        return False
    free(block)
    return True
