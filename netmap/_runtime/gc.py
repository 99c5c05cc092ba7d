"""Pausing Python's cyclic garbage collector while building large structures.

Loading a 100,000-VM topology allocates millions of small dicts and tuples; CPython's
generational collector then runs full collections over all of them again and again
(more than half of the load time in measurements). The structures netmap builds hold no
reference cycles worth collecting, so the collector is paused while they are built and
restored afterwards (reference counting frees memory as usual).

A loaded topology holds no reference cycle at all (a test checks it), so after a large
load :func:`keep` moves what the collector tracks to its permanent generation: the first
questions asked in Python then do not pay a pass of the collector over the millions of
objects of the load (about 0.3 s at 100,000 VMs), and the objects are still freed, by
reference counting, when the topology is dropped.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused", "keep"]


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


def keep() -> None:
    """Exempt every object tracked now from later collections (``gc.freeze``).

    For a large structure just built that holds no reference cycle: reference counting
    still frees it. Objects in a cycle that is garbage already are kept until
    ``gc.unfreeze()``, so this is called after large loads only, never after a report
    (whose views do hold cycles).

    >>> keep()
    >>> gc.get_freeze_count() > 0
    True
    >>> gc.unfreeze()  # (the doctest gives them back)
    """
    gc.freeze()
