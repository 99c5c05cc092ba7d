"""Text that is safe to show: no character of a name can move the cursor or forge a line.

A topology's names are refused at load when they hold control characters (see the input
policy in docs/format.md), but text also comes from elsewhere: a command-line option
(``--vm $'VM1\\x1b[2J'``), a key the file misspells, an error from the system. Everything
netmap prints on a terminal or in an ``error:`` line goes through :func:`printable`.

>>> printable("VM1")
'VM1'
>>> printable("VM1\\x1b[2J\\nerror: forged")
'VM1\\\\x1b[2J\\\\nerror: forged'
>>> printable("a\\u202eb")  # a right-to-left override
'a\\\\u202eb'
"""

from __future__ import annotations

import unicodedata

__all__ = ["UNSAFE_CATEGORIES", "printable", "unsafe_character"]

#: Unicode categories never shown as they are: controls (C0, DEL, C1), format characters
#: (bidirectional overrides, zero-width joiners), lone surrogates, line and paragraph
#: separators
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})

_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def unsafe_character(text: str) -> str | None:
    """The first character of ``text`` in :data:`UNSAFE_CATEGORIES`, or None.

    >>> unsafe_character("Web\\x85Tier"), unsafe_character("北京 VM")
    ('\\x85', None)
    """
    if text.isprintable():  # the usual case, in C
        return None
    for ch in text:
        if unicodedata.category(ch) in UNSAFE_CATEGORIES:
            return ch
    return None


def escape_character(ch: str) -> str:
    """``\\t``, ``\\x1b``, ``\\u2028`` or ``\\U000e0001``: how an unsafe character is shown."""
    if ch in _SHORT:
        return _SHORT[ch]
    n = ord(ch)
    if n < 0x100:
        return f"\\x{n:02x}"
    return f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


def printable(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every unsafe character escaped (``\\x1b``, ``\\n``, ``\\u2028``).

    Parameters
    ----------
    text : str
        Any text.
    keep_newlines : bool
        Keep ``\\n`` as it is (text of several lines made by netmap itself).
    """
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if (ch == "\n" and keep_newlines) or unicodedata.category(ch) not in UNSAFE_CATEGORIES:
            out.append(ch)
        else:
            out.append(escape_character(ch))
    return "".join(out)
