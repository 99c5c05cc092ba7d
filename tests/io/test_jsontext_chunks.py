"""dumps_chunks: the report's JSON written in pieces is byte for byte dumps_bytes."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

import netmap.io.jsontext as jsontext
from netmap import load
from netmap.answers.report import report
from netmap.io.jsontext import dumps_bytes, dumps_chunks

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=5), inner, max_size=4)),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=6), values, max_size=6), st.integers(1, 4))
def test_pieces_join_to_the_whole_text(obj, chunk):
    saved = jsontext.CHUNK_ITEMS
    jsontext.CHUNK_ITEMS = chunk  # lists cut into pieces of 1 to 4 items
    try:
        assert b"".join(dumps_chunks(obj)) == dumps_bytes(obj)
    finally:
        jsontext.CHUNK_ITEMS = saved


def test_non_objects_are_one_piece():
    for obj in ([1, [2]], "x", {}, {1: "a"}):
        assert list(dumps_chunks(obj)) == [dumps_bytes(obj)]


def test_every_fixture_report_in_pieces_is_its_json_text(topology_file, monkeypatch):
    monkeypatch.setattr(jsontext, "CHUNK_ITEMS", 2)
    r = report(load(topology_file))
    assert b"".join(r.json_chunks()) == r.render("json").encode("utf-8")


def test_report_command_writes_the_json_text(run, example_file, tmp_path, topology):
    out = tmp_path / "r.json"
    code, stdout, err = run("report", example_file, "--format", "json", "-o", out)
    assert (code, err) == (0, "")
    assert out.read_bytes() == report(topology).render("json").encode("utf-8")
    code, stdout, err = run("report", example_file, "--format", "json")
    assert stdout.encode("utf-8") == out.read_bytes()
