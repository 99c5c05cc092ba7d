"""Results: what every question returns.

A :class:`Result` is a small read-only record of an answer. It knows its JSON shape
(:meth:`Result.to_dict`, the shapes of SPEC §5), prints as aligned text tables
(``str(result)``), renders as HTML tables in Jupyter (``_repr_html_``) and converts to a
pandas DataFrame when pandas is installed (:meth:`Result.to_frame`).

Examples
--------
>>> r = Table("demo", [{"a": "x", "b": None}], columns=["a", "b"])
>>> print(r, end="")
a  b
-  -
x  -
>>> "<td>x</td>" in r._repr_html_()
True
"""

from __future__ import annotations

import html

import orjson

__all__ = ["Result", "Table", "format_table", "html_table", "dumps"]


_ORJSON = (orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
           | orjson.OPT_NON_STR_KEYS)


def dumps(obj):
    """JSON text of ``obj``: sorted keys, two-space indent, UTF-8 kept, newline at end.

    The same text as ``json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False)``
    plus a newline, written by orjson (an indented ``json.dumps`` runs the pure-Python
    encoder: 20 times slower on a 100,000-VM report).

    >>> print(dumps({"b": [1], "a": "é"}), end="")
    {
      "a": "é",
      "b": [
        1
      ]
    }
    """
    return orjson.dumps(obj, option=_ORJSON).decode("utf-8")


def _cell(v):
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (list, tuple)):
        return ", ".join(_cell(x) for x in v) if v else "-"
    return str(v)


def format_table(rows, columns, headers=None, max_width=None):
    """Aligned plain-text table of ``rows`` (dicts) on ``columns``.

    >>> print(format_table([{"x": 1, "y": "long"}], ["x", "y"]))
    x  y
    -  ----
    1  long
    """
    headers = headers or columns
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            if len(c) > widths[i]:
                widths[i] = len(c)
    if max_width:
        widths = [min(w, max_width) for w in widths]

    def line(vals):
        out = []
        for v, w in zip(vals, widths):
            if max_width and len(v) > w:
                v = v[: w - 1] + "…"
            out.append(v.ljust(w))
        return "  ".join(out).rstrip()

    lines = [line(headers), line(["-" * w for w in widths])]
    lines.extend(line(r) for r in cells)
    return "\n".join(lines)


def html_table(rows, columns, headers=None, caption=None):
    """An HTML table; every value is escaped (names from the input are data)."""
    headers = headers or columns
    esc = html.escape
    out = ['<table class="netmap">']
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in headers) + "</tr></thead>")
    out.append("<tbody>")
    for r in rows:
        out.append("<tr>" + "".join(f"<td>{esc(_cell(r.get(c)))}</td>" for c in columns)
                   + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


class Result:
    """Base class of answers. Subclasses define :meth:`to_dict` and :meth:`tables`."""

    title = "result"

    def to_dict(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def tables(self):
        """``[(caption, rows, columns)]``: the answer as tables, for text and HTML."""
        raise NotImplementedError  # pragma: no cover

    def to_json(self):
        return dumps(self.to_dict())

    def __str__(self):
        parts = []
        for caption, rows, columns in self.tables():
            if caption:
                parts.append(caption)
            parts.append(format_table(rows, columns) if rows else "(none)")
            parts.append("")
        return "\n".join(parts).rstrip() + "\n"

    def __repr__(self):
        """A short, stable description (no memory address: notebooks stay diffable)."""
        sizes = [len(rows) for _, rows, _ in self.tables()]
        tables = f"{len(sizes)} tables" if len(sizes) != 1 else "1 table"
        return f"<{type(self).__name__}: {tables}, {sum(sizes)} rows>"

    def _repr_html_(self):
        parts = []
        for caption, rows, columns in self.tables():
            parts.append(html_table(rows, columns, caption=caption))
        return "".join(parts)

    def to_frame(self, table=0):
        """The ``table``-th table as a pandas DataFrame (requires pandas)."""
        try:
            import pandas as pd
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("to_frame() needs pandas: pip install pandas") from e
        caption, rows, columns = self.tables()[table]
        return pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)


class Table(Result):
    """A result that is one table."""

    def __init__(self, title, rows, columns, key=None):
        self.title = title
        self.rows = rows
        self.columns = columns
        self.key = key or title

    def to_dict(self):
        return {self.key: self.rows}

    def tables(self):
        return [(None, self.rows, self.columns)]
