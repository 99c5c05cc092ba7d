"""Pausing Python's cyclic garbage collector while building large structures.

Loading a 100,000-VM topology allocates millions of small dicts and tuples; CPython's
generational collector then runs full collections over all of them again and again
(more than half of the load time in measurements). The structures netmap builds hold no
reference cycles worth collecting, so the collector is paused while they are built and
restored afterwards (reference counting frees memory as usual).

After a large load, :func:`settle` runs one full collection: the millions of objects
built while the collector was paused go to its oldest generation in one pass, instead
of being traversed again by the young generations' passes during the first questions
asked in Python (about 0.3 s each at 100,000 VMs). Nothing is frozen out of the
collector (``gc.freeze``): the caches questions keep on a topology refer back to it, so a
frozen topology could never be freed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused", "settle"]


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


def settle() -> int:
    """One full collection now (after building a large structure with :func:`paused`);
    the number of unreachable objects found.

    >>> settle() >= 0
    True
    """
    return gc.collect()
