"""A progress bar on stderr for long runs, shown only when stderr is a terminal.

``tracker(enabled)`` returns a function ``track(iterable, label, length=None)`` that
yields the items of ``iterable`` and, when enabled, draws a bar on stderr while it does.
Analyses accept such a function (``track=``) and call it around their long loops; they
never print anything themselves. The command line enables it with
:func:`wanted` (``--quiet`` off and ``sys.stderr.isatty()``), so output piped to a file
or another program never carries progress text, and standard output is never touched.

Examples
--------
>>> track = tracker(False)
>>> list(track(range(3), "counting"))
[0, 1, 2]
>>> wanted(quiet=True)
False
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

__all__ = ["tracker", "wanted", "silent"]


def silent(iterable: Iterable, label: str | None = None,
           length: int | None = None) -> Iterable:
    """A ``track`` function that shows nothing."""
    return iterable


def wanted(quiet: bool = False, stream: IO[str] | None = None) -> bool:
    """Should a progress bar be drawn? Not with ``quiet``, and only on a terminal."""
    if quiet:
        return False
    stream = sys.stderr if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or unusual streams
        return False


def tracker(enabled: bool, stream: IO[str] | None = None,
            min_items: int = 1) -> Callable[..., Iterable]:
    """A ``track(iterable, label, length=None)`` function.

    When ``enabled``, loops of at least ``min_items`` items draw a click progress bar on
    ``stream`` (default: ``sys.stderr``); otherwise the items pass through untouched.
    """
    if not enabled:
        return silent

    def track(iterable: Iterable, label: str, length: int | None = None) -> Iterator[Any]:
        import click

        if length is None:
            try:
                length = len(iterable)
            except TypeError:
                length = None
        if length is not None and length < min_items:
            yield from iterable
            return
        out = sys.stderr if stream is None else stream
        with click.progressbar(iterable, length=length, label=label, file=out,
                               show_pos=True, width=30) as bar:
            yield from bar

    return track
