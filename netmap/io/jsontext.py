"""netmap's one JSON writer.

Every JSON text netmap produces (answers, reports, exports, the schema, generated and
imported topologies) is written by :func:`dumps`, with orjson: an indented
``json.dumps`` runs the pure-Python encoder, 20 times slower on a 100,000-VM report.
The text is the same as ``json.dumps(obj, indent=2, sort_keys=True,
ensure_ascii=False)`` plus a newline; ``sort_keys=False`` keeps the objects' own key
order (a topology file reads best in its own order) and ``indent=False`` writes compact
JSON (``separators=(",", ":")``).

Examples
--------
>>> print(dumps({"b": [1], "a": "é"}), end="")
{
  "a": "é",
  "b": [
    1
  ]
}
>>> dumps({"b": 1, "a": [2]}, sort_keys=False, indent=False)
'{"b":1,"a":[2]}\\n'
"""

from __future__ import annotations

import orjson

__all__ = ["dumps", "dumps_bytes", "dumps_chunks"]


def dumps(obj: object, *, sort_keys: bool = True, indent: bool = True) -> str:
    """JSON text of ``obj``: UTF-8 kept, newline at the end.

    Parameters
    ----------
    obj : object
        Plain data: dicts (keys need not be strings), lists, strings, numbers, booleans,
        None.
    sort_keys : bool
        Sort every object's keys (the default), else keep their order.
    indent : bool
        Two-space indent (the default), else compact with no spaces.

    Returns
    -------
    str
    """
    return dumps_bytes(obj, sort_keys=sort_keys, indent=indent).decode("utf-8")


def dumps_bytes(obj: object, *, sort_keys: bool = True, indent: bool = True) -> bytes:
    """:func:`dumps` as UTF-8 bytes, for writing a large text out without a ``str`` copy
    of it (a 1,000,000-VM report is about 700 MB of JSON).

    >>> dumps_bytes({"a": "é"}, indent=False) == dumps({"a": "é"}, indent=False).encode()
    True
    """
    option = orjson.OPT_APPEND_NEWLINE | orjson.OPT_NON_STR_KEYS
    if sort_keys:
        option |= orjson.OPT_SORT_KEYS
    if indent:
        option |= orjson.OPT_INDENT_2
    return orjson.dumps(obj, option=option)


#: items of a list dumped at once by :func:`dumps_chunks`
CHUNK_ITEMS = 4096


def dumps_chunks(obj: object):
    """:func:`dumps_bytes` (sorted keys, indented) in pieces: the same bytes, joined.

    A top-level object's lists are dumped :data:`CHUNK_ITEMS` items at a time and
    re-indented (orjson's indent is the same at every depth, and JSON strings hold no raw
    newline), so writing a report of 700 MB never holds more than a few MB of text.
    Anything else is one piece.

    >>> d = {"b": [{"x": 1}, {"y": [2, 3]}], "a": {}, "c": [], "d": "t"}
    >>> b"".join(dumps_chunks(d)) == dumps_bytes(d)
    True
    """
    if type(obj) is not dict or not obj or not all(type(k) is str for k in obj):
        yield dumps_bytes(obj)
        return
    option = orjson.OPT_NON_STR_KEYS | orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2
    keys = sorted(obj)
    yield b"{\n"
    for i, k in enumerate(keys):
        v = obj[k]
        yield b"  " + orjson.dumps(k) + b": "
        if type(v) is list and v:
            yield b"[\n"
            for at in range(0, len(v), CHUNK_ITEMS):
                part = orjson.dumps(v[at:at + CHUNK_ITEMS], option=option)
                # "[\n  A,\n  B\n]": items one level in; two levels in, they take two more
                # spaces on every line
                body = part[2:-2].replace(b"\n", b"\n  ")
                yield (b",\n  " if at else b"  ") + body
            yield b"\n  ]"
        else:
            yield orjson.dumps(v, option=option).replace(b"\n", b"\n  ")
        yield b",\n" if i < len(keys) - 1 else b"\n"
    yield b"}\n"
