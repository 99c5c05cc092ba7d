"""Pausing Python's cyclic garbage collector while building large structures.

Loading a 100,000-VM topology allocates millions of small dicts and tuples; CPython's
generational collector then runs full collections over all of them again and again
(more than half of the load time in measurements). The structures netmap builds hold no
reference cycles worth collecting, so the collector is paused while they are built and
restored afterwards (reference counting frees memory as usual).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """Disable the cyclic GC inside the block; restore its previous state after.

    >>> with paused():
    ...     gc.isenabled()
    False
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
