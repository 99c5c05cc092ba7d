"""The one "did you mean" of netmap: a suggestion for an unknown name.

Every message about an unknown name (a key of the topology format, a VM, a network, a
recovery plan, a check code, a view) ends with :func:`suggest`'s text.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["suggest"]


def suggest(name: object, pool: Iterable[str], *, always: bool = False) -> str:
    """The text to append to "unknown NAME": ``" (did you mean 'x'?)"``, or ``""``.

    The closest name of ``pool`` (by :func:`difflib.get_close_matches`, else one that
    contains ``name`` or is contained in it, ignoring case).

    Parameters
    ----------
    name : str
        The unknown name (anything else gets no suggestion).
    pool : iterable of str
        The names it could have meant.
    always : bool
        When no name is close, still suggest the (up to three) least distant ones, and
        say ``" (there are none)"`` for an empty pool: the text is never empty.

    Returns
    -------
    str
        The suggestion, with a leading space, or ``""``.

    Examples
    --------
    >>> suggest("VMNet1", ["VMNetwork1-Beijing", "Other"])
    " (did you mean 'VMNetwork1-Beijing'?)"
    >>> suggest("Nope", ["Plan-Gold", "Plan-Silver"])
    ''
    >>> suggest("Nope", ["Plan-Gold", "Plan-Silver"], always=True)
    " (did you mean 'Plan-Gold' or 'Plan-Silver'?)"
    >>> suggest("Nope", [], always=True)
    ' (there are none)'
    """
    pool = list(pool)
    hint = _closest(name, pool)
    if not always or hint:
        return hint
    if not pool:
        return " (there are none)"
    best = difflib.get_close_matches(str(name), pool, n=3, cutoff=0)
    if not best:
        best = sorted(pool)[:3]
    return " (did you mean " + " or ".join(f"'{b}'" for b in best) + "?)"


def _closest(word: object, choices: list[str]) -> str:
    if not isinstance(word, str):
        return ""
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    if not match:
        low = word.lower()
        match = [c for c in choices if low and (low in c.lower() or c.lower() in low)][:1]
    return f" (did you mean '{match[0]}'?)" if match else ""
