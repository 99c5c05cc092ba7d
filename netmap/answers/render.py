"""The one table renderer: text, Markdown and HTML, for answers and for the report.

Every table netmap prints goes through :func:`text_table`, :func:`markdown_table` or
:func:`html_table`, and every cell through :func:`cell_text` (``None`` is ``-``, a
boolean is ``yes``/``no``, a list is comma-separated). Names come from the input file:
they are data, so HTML escapes every cell, caption and header, and Markdown shows markup
characters as text.

:func:`document` renders a whole document (a title, an optional source, numbered
sections of paragraphs and tables) in the same three formats; the report uses it.

Examples
--------
>>> rows = [{"vm": "VM1", "ok": True, "nets": ["a", "b"]}, {"vm": "<x>", "ok": None}]
>>> print(text_table(rows, ["vm", "ok", "nets"]))
vm   ok   nets
---  ---  ----
VM1  yes  a, b
<x>  -    -
>>> print(markdown_table(rows, ["vm"]))
| vm |
| --- |
| VM1 |
| &lt;x&gt; |
>>> html_table(rows, ["vm"])
'<table><thead><tr><th>vm</th></tr></thead><tbody><tr><td>VM1</td></tr><tr><td>&lt;x&gt;</td></tr></tbody></table>'
"""

from __future__ import annotations

import base64
import html
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from netmap._runtime.text import printable

__all__ = ["FORMATS", "WIDTH", "cell_text", "headers_of", "text_table", "markdown_table",
           "md", "html_table", "Section", "document"]

#: the formats :func:`document` writes (JSON is the answer's own ``to_dict``)
FORMATS = ("text", "markdown", "html")

#: the width of a text document (the report): readable at 100 columns
WIDTH = 100

_GAP = 2


def cell_text(value: Any) -> str:
    """The text of one cell: ``-`` for ``None``, ``yes``/``no``, lists comma-separated.

    >>> cell_text(None), cell_text(False), cell_text(["a", 1]), cell_text([]), cell_text(2.5)
    ('-', 'no', 'a, 1', '-', '2.5')
    >>> print(cell_text("VM1\\x1b[2J"))
    VM1\\x1b[2J
    """
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(x) for x in value) if value else "-"
    text = str(value)
    # a control character shows as an escape (a name cannot move the cursor or forge a line)
    return text if text.isprintable() else printable(text, keep_newlines=True)


def headers_of(columns: Iterable[str]) -> list[str]:
    """Column names as the report shows them: ``broken_deps`` is ``broken deps``.

    >>> headers_of(["vm", "failed_over"])
    ['vm', 'failed over']
    """
    return [c.replace("_", " ") for c in columns]


def _wrap(text: str, width: int) -> list[str]:
    out: list[str] = []
    for part in text.split("\n"):
        out.extend(textwrap.wrap(part, width, break_on_hyphens=False) or [""])
    return out


def text_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], *,
               width: int | None = None, headers: Sequence[str] | None = None) -> str:
    """An aligned text table of ``rows`` (dicts) on ``columns``.

    Parameters
    ----------
    rows, columns
        The rows, and the keys to show in order (a missing key shows as ``-``).
    width
        The widest the table may be: the widest columns shrink (to no less than their
        header or 8 characters) and long cells wrap onto more lines at spaces. ``None``
        (the default): columns are as wide as their widest cell.
    headers
        The header line (default: the column names).

    Examples
    --------
    >>> print(text_table([{"a": "x", "b": "one two three four"}], ["a", "b"], width=12))
    a  b
    -  ---------
    x  one two
       three
       four
    >>> print(text_table([], ["a"]))
    a
    -
    """
    heads = list(headers or columns)
    cells = [[cell_text(r.get(c)) for c in columns] for r in rows]
    widths = [len(h) for h in heads]
    for row in cells:
        for i, c in enumerate(row):
            n = max(len(x) for x in c.split("\n")) if c else 0
            if n > widths[i]:
                widths[i] = n
    if width is not None:
        floor = [min(w, max(len(h), 8)) for w, h in zip(widths, heads)]
        while sum(widths) + _GAP * (len(widths) - 1) > width:
            i = max(range(len(widths)), key=lambda k: (widths[k] - floor[k], k))
            if widths[i] <= floor[i]:
                break
            widths[i] -= 1

    def lines(vals: list[str]) -> Iterable[str]:
        cols = [_wrap(v, w) if len(v) > w or "\n" in v else [v] for v, w in zip(vals, widths)]
        for k in range(max(len(c) for c in cols)):
            parts = [(c[k] if k < len(c) else "").ljust(w) for c, w in zip(cols, widths)]
            yield (" " * _GAP).join(parts).rstrip()

    out = list(lines(heads))
    out.append((" " * _GAP).join("-" * w for w in widths))
    for row in cells:
        out.extend(lines(row))
    return "\n".join(out)


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]|#"})


def md(text: Any) -> str:
    r"""Markdown-escape a cell or phrase: markup characters and HTML show as text.

    >>> md("a_b <i>|")
    'a\\_b &lt;i&gt;\\|'
    """
    return html.escape(str(text), quote=False).translate(_MD_SPECIAL).replace("\n", "<br>")


def markdown_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], *,
                   headers: Sequence[str] | None = None) -> str:
    """A GitHub-flavoured Markdown table; every cell and header is escaped.

    >>> print(markdown_table([{"a": "x|y", "b": None}], ["a", "b"]))
    | a | b |
    | --- | --- |
    | x\\|y | - |
    """
    heads = headers or columns
    out = ["| " + " | ".join(md(h) for h in heads) + " |",
           "| " + " | ".join("---" for _ in heads) + " |"]
    for r in rows:
        out.append("| " + " | ".join(md(cell_text(r.get(c))) for c in columns) + " |")
    return "\n".join(out)


def html_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], *,
               caption: str | None = None, headers: Sequence[str] | None = None,
               row_class: Callable[[Mapping[str, Any]], str | None] | None = None,
               css_class: str | None = None) -> str:
    """An HTML table; every caption, header and cell is escaped (names are data).

    ``row_class(row)`` may name a CSS class for a row; ``css_class`` is the table's.

    >>> html_table([{"a": "<b>", "s": "error"}], ["a"], caption="C&D", css_class="netmap",
    ...            row_class=lambda r: r["s"])  # doctest: +NORMALIZE_WHITESPACE
    '<table class="netmap"><caption>C&amp;D</caption><thead><tr><th>a</th></tr></thead><tbody><tr
    class="error"><td>&lt;b&gt;</td></tr></tbody></table>'
    """
    esc = html.escape
    out = [f'<table class="{esc(css_class)}">' if css_class else "<table>"]
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in headers or columns)
               + "</tr></thead><tbody>")
    for r in rows:
        cls = row_class(r) if row_class else None
        attr = f' class="{esc(cls)}"' if cls else ""
        out.append(f"<tr{attr}>" + "".join(f"<td>{esc(cell_text(r.get(c)))}</td>"
                                           for c in columns) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


# ------------------------------------------------------------------------ documents

class Section(NamedTuple):
    """One section of a document.

    ``tables`` holds ``(caption, rows, columns)``; ``columns`` ``None`` makes the caption
    a paragraph of its own (a sentence in place of a table).
    """

    key: str
    heading: str
    paragraphs: list[str]
    tables: list[tuple[str | None, list[dict], list[str] | None]]


def document(title: str, sections: Sequence[Section], fmt: str, *, source: str | None = None,
             figures: Mapping[str, list[tuple[str, bytes | None]]] | None = None,
             css: str = "", row_class: Callable[[Mapping[str, Any]], str | None] | None = None,
             width: int = WIDTH) -> str:
    """A whole document as ``text``, ``markdown`` or ``html``.

    Parameters
    ----------
    title
        The document's title.
    sections
        Its sections, in order (numbered in text).
    fmt
        One of :data:`FORMATS`.
    source
        The name of the topology file, shown under the title.
    figures
        HTML only: ``{section key: [(caption, PNG bytes or None)]}``; ``None`` bytes show
        the caption as a note (a diagram that was not drawn).
    css
        HTML only: the style sheet, inlined.
    row_class
        HTML only: a CSS class for a table row (see :func:`html_table`).
    width
        Text only: the page width; paragraphs and tables wrap to it.

    Examples
    --------
    >>> secs = [Section("s", "Things", ["Two of them."], [("Found", [{"a": 1}], ["a"])])]
    >>> print(document("Doc", secs, "text"), end="")
    Doc
    ===
    <BLANKLINE>
    1. Things
    ---------
    Two of them.
    <BLANKLINE>
    Found
    a
    -
    1
    """
    if fmt == "text":
        return _text_document(title, sections, source, width)
    if fmt == "markdown":
        return _markdown_document(title, sections, source)
    if fmt == "html":
        return _html_document(title, sections, source, figures or {}, css, row_class)
    raise ValueError(f"unknown document format '{fmt}' ({', '.join(FORMATS)})")


def _text_document(title, sections, source, width):
    out = [title, "=" * min(len(title), width), ""]
    if source:
        out += textwrap.wrap(f"Topology: {source}", width) + [""]
    for n, (_key, heading, paras, tables) in enumerate(sections, start=1):
        h = f"{n}. {heading}"
        out += [h, "-" * min(len(h), width)]
        for p in paras:
            out += textwrap.wrap(p, width, break_on_hyphens=False)
        if paras:
            out.append("")
        for cap, rows, cols in tables:
            if cap:
                out += textwrap.wrap(cap, width, break_on_hyphens=False)
            if cols is not None:
                out.append(text_table(rows, cols, width=width, headers=headers_of(cols))
                           if rows else "(none)")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _markdown_document(title, sections, source):
    out = [f"# {md(title)}", ""]
    if source:
        out += [f"Topology: {md(source)}", ""]
    for _key, heading, paras, tables in sections:
        out += [f"## {md(heading)}", ""]
        for p in paras:
            out += [md(p), ""]
        for cap, rows, cols in tables:
            if cap:
                out += [f"**{md(cap)}**", ""]
            if cols is not None:
                out += [markdown_table(rows, cols, headers=headers_of(cols))
                        if rows else "(none)", ""]
    return "\n".join(out).rstrip() + "\n"


def _figure_html(caption, png):
    esc = html.escape
    if png is None:
        return f'<p class="none">{esc(caption)}</p>'
    data = base64.b64encode(png).decode("ascii")
    return (f'<figure><img alt="{esc(caption)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>")


def _html_document(title, sections, source, figures, css, row_class):
    esc = html.escape
    body = [f"<h1>{esc(title)}</h1>"]
    if source:
        body.append(f'<p class="src">Topology: <code>{esc(source)}</code></p>')
    body.append("<nav><ol>" + "".join(
        f'<li><a href="#{key}">{esc(heading)}</a></li>' for key, heading, _, _ in sections)
        + "</ol></nav>")
    for key, heading, paras, tables in sections:
        body.append(f'<section id="{key}"><h2>{esc(heading)}</h2>')
        for p in paras:
            body.append(f"<p>{esc(p)}</p>")
        for cap, img in figures.get(key, ()):
            body.append(_figure_html(cap, img))
        for cap, rows, cols in tables:
            if cols is None:
                body.append(f"<p>{esc(cap)}</p>")
            elif rows:
                body.append(html_table(rows, cols, caption=cap, row_class=row_class,
                                       headers=headers_of(cols)))
            else:
                if cap:
                    body.append(f"<h3>{esc(cap)}</h3>")
                body.append('<p class="none">(none)</p>')
        body.append("</section>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(title)}</title><style>{css}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")
