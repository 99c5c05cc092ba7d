"""The one "did you mean" of netmap: a suggestion for an unknown name.

Every message about an unknown name (a key of the topology format, a VM, a network, a
recovery plan, a check code, a view) ends with :func:`suggest`'s text.
"""

from __future__ import annotations

import contextlib
import contextvars
import difflib
from collections.abc import Iterable, Iterator

__all__ = ["SUGGESTION_BUDGET", "suggest", "suggestion_budget"]

#: work spent on suggestions while one file is checked, in names looked at (a full
#: comparison counts 20, and so does each suggestion asked for): a few seconds at most.
#: A file of 12,000 unknown references among 12,000 names compared every pair (minutes);
#: now the first ones get suggestions
SUGGESTION_BUDGET = 2_000_000
_FULL_COMPARISON = 20

_budget: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "netmap_suggestion_budget", default=None)


@contextlib.contextmanager
def suggestion_budget(names: int = SUGGESTION_BUDGET) -> Iterator[None]:
    """Within the block, :func:`suggest` compares at most ``names`` names in all; once
    they are spent, unknown names get no suggestion (the loader checks a file this way,
    so a file full of typos costs time in proportion to its size).

    >>> with suggestion_budget(80):  # one suggestion: 20 to ask, 2 x (1 + 20) to compare
    ...     suggest("VM1x", ["VM1", "VM2"]), suggest("VM2x", ["VM1", "VM2"])
    (" (did you mean 'VM1'?)", '')
    """
    token = _budget.set([names])
    try:
        yield
    finally:
        _budget.reset(token)


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
    budget = _budget.get()
    if budget is not None and not always:
        if budget[0] < (len(pool) if hasattr(pool, "__len__") else 1):
            budget[0] = 0  # spent: no more suggestions in this block
            return ""
        try:
            return _closest(name, pool, budget)
        except _Spent:
            budget[0] = 0
            return ""
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


class _Spent(Exception):
    """The suggestion budget ran out."""


def _close_match(word: str, choices, cutoff: float, budget: list[int] | None):
    """:func:`difflib.get_close_matches` with ``n=1`` (the same answer), spending
    ``budget``: one unit per name looked at, more for a full comparison."""
    if budget is None:
        return difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    s = difflib.SequenceMatcher()
    s.set_seq2(word)
    best = None
    left = budget[0] - _FULL_COMPARISON  # setting up costs about one comparison
    for x in choices:
        left -= 1
        s.set_seq1(x)
        if s.real_quick_ratio() >= cutoff and s.quick_ratio() >= cutoff:
            left -= _FULL_COMPARISON
            r = s.ratio()
            if r >= cutoff and (best is None or (r, x) > best):
                best = (r, x)
        if left < 0:
            raise _Spent
    budget[0] = left
    return [best[1]] if best else []


def _closest(word: object, choices, budget: list[int] | None = None) -> str:
    if not isinstance(word, str):
        return ""
    match = _close_match(word, choices, 0.5, budget)
    if not match:
        low = word.lower()
        if budget is not None:
            budget[0] -= len(choices)
        match = [c for c in choices if low and (low in c.lower() or c.lower() in low)][:1]
    return f" (did you mean '{match[0]}'?)" if match else ""
