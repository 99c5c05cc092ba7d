"""The one table renderer (netmap.answers.render): text with and without wrapping,
Markdown and HTML escaping, and whole documents."""

from __future__ import annotations

import pytest

from netmap.answers.render import (Section, cell_text, document, headers_of, html_table,
                                   markdown_table, text_table)

MARKUP = "<b>x</b>|*_`#[&]"


def test_text_table_wraps_to_width():
    rows = [{"a": "name", "b": "word " * 40}]
    out = text_table(rows, ["a", "b"], width=40)
    assert max(len(line) for line in out.splitlines()) <= 40
    assert out.count("word") == 40
    assert text_table([], ["a"]) == "a\n-"


def test_text_table_without_width_never_wraps():
    rows = [{"a": "name", "b": "word " * 40}]
    out = text_table(rows, ["a", "b"])
    assert len(out.splitlines()) == 3
    assert out.splitlines()[2] == "name  " + ("word " * 40).rstrip()


def test_text_table_columns_shrink_no_further_than_their_floor():
    rows = [{"abcdefghij": "x" * 30, "b": "y" * 30}]
    out = text_table(rows, ["abcdefghij", "b"], width=10)
    head, rule = out.splitlines()[:2]
    assert head.startswith("abcdefghij") and rule.split("  ")[0] == "-" * 10
    assert rule.split("  ")[1] == "-" * 8


def test_text_table_cells_with_newlines_keep_their_columns():
    out = text_table([{"a": "one\ntwo", "b": "z"}], ["a", "b"])
    assert out.splitlines()[2:] == ["one  z", "two"]


def test_text_table_uses_headers_and_cell_text():
    out = text_table([{"x_y": None, "z": [True, 2]}], ["x_y", "z"],
                     headers=headers_of(["x_y", "z"]))
    assert out.splitlines() == ["x y  z", "---  ------", "-    yes, 2"]


def test_cell_text():
    assert [cell_text(v) for v in (None, True, False, [], ("a", None), 3)] == \
        ["-", "yes", "no", "-", "a, -", "3"]


def test_html_table_escapes_everything():
    out = html_table([{"a": MARKUP}], ["a"], caption=MARKUP, headers=[MARKUP],
                     row_class=lambda r: '"x"', css_class="<c>")
    assert "<b>" not in out and '"x"' not in out
    assert out.count("&lt;b&gt;x&lt;/b&gt;") == 3
    assert out.startswith('<table class="&lt;c&gt;"><caption>')
    assert '<tr class="&quot;x&quot;">' in out


def test_html_table_plain_and_row_class():
    out = html_table([{"a": 1, "severity": "error"}, {"a": 2}], ["a"],
                     row_class=lambda r: r.get("severity"))
    assert out == ('<table><thead><tr><th>a</th></tr></thead><tbody>'
                   '<tr class="error"><td>1</td></tr><tr><td>2</td></tr></tbody></table>')


def test_markdown_table_escapes_cells_and_headers():
    out = markdown_table([{"a": MARKUP}], ["a"], headers=[MARKUP]).splitlines()
    assert out[0] == out[2] == "| &lt;b&gt;x&lt;/b&gt;\\|\\*\\_\\`\\#\\[&amp;\\] |"
    assert out[1] == "| --- |"


SECTIONS = [
    Section("one", "First <one>", ["A paragraph about " + MARKUP + "."],
            [(None, [{"a_b": MARKUP}], ["a_b"]), ("Empty", [], ["a_b"]),
             ("A sentence instead of a table.", [], None)]),
    Section("two", "Second", [], [("Rows", [{"a_b": "x"}], ["a_b"])]),
]


def test_document_text():
    out = document("Title", SECTIONS, "text", source="topo.yaml", width=40)
    lines = out.splitlines()
    assert lines[:5] == ["Title", "=====", "", "Topology: topo.yaml", ""]
    assert "1. First <one>" in lines and "2. Second" in lines
    assert "a b" in lines and "(none)" in lines and "A sentence instead of a table." in lines
    assert out.endswith("x\n") and max(len(x) for x in lines) <= 40


def test_document_markdown_escapes():
    out = document("T<i>", SECTIONS, "markdown")
    assert out.startswith("# T&lt;i&gt;\n")
    assert "## First &lt;one&gt;" in out and "**Empty**" in out and "| a b |" in out
    assert "<b>" not in out


def test_document_html_escapes_and_embeds():
    out = document("T<i>", SECTIONS, "html", source="<s>.yaml", css="p{}",
                   figures={"two": [("fig <1>", b"PNG"), ("not drawn <2>", None)]})
    assert "<style>p{}</style>" in out and "<title>T&lt;i&gt;</title>" in out
    assert "<b>" not in out and "<s>" not in out and "<one>" not in out
    assert '<section id="one"><h2>First &lt;one&gt;</h2>' in out
    assert '<h3>Empty</h3>\n<p class="none">(none)</p>' in out
    assert 'src="data:image/png;base64,UE5H"' in out and "fig &lt;1&gt;" in out
    assert '<p class="none">not drawn &lt;2&gt;</p>' in out


def test_document_unknown_format():
    with pytest.raises(ValueError, match="unknown document format 'pdf'"):
        document("T", SECTIONS, "pdf")
