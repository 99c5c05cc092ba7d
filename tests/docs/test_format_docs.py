"""docs/format.md documents every field of the topology format: the test walks the JSON
Schema that ``netmap schema`` prints (a stable, public output) and checks that every field
path has a row saying whether it is required, and that every row names a real field."""

from __future__ import annotations

import json
import re

import pytest

ROW = re.compile(r"^\| `([^`]+)` \| ([^|]+) \| (yes|no) \| ([^|]+) \|$", re.M)


def schema_fields(schema):
    """``{path: (required, enum values)}`` for every field of the schema."""
    out = {}

    def walk(node, prefix):
        if "items" in node:  # a list: its items are at prefix[]
            walk(node["items"], prefix + "[]")
            return
        required = set(node.get("required", ()))
        for key, sub in node.get("properties", {}).items():
            path = f"{prefix}.{key}" if prefix else key
            out[path] = (key in required, tuple(sub.get("enum", ())))
            walk(sub, path)

    walk(schema, "")
    return out


@pytest.fixture(scope="module")
def format_md(repo_root):
    return repo_root / "docs" / "format.md"


@pytest.fixture(scope="module")
def schema():
    import contextlib
    import io

    from netmap.cli import main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        try:
            main(["schema"])
        except SystemExit as e:
            assert e.code in (0, None)
    return json.loads(buf.getvalue())


def rows(format_md):
    """``{path: (type, required, meaning)}`` from the doc's field tables."""
    return {m[0]: (m[1].strip(), m[2] == "yes", m[3].strip())
            for m in ROW.findall(format_md.read_text())}


def test_every_field_of_the_schema_is_documented(schema, format_md):
    missing = sorted(set(schema_fields(schema)) - set(rows(format_md)))
    assert not missing, f"docs/format.md has no row for: {missing}"


def test_every_documented_field_exists(schema, format_md):
    stale = sorted(set(rows(format_md)) - set(schema_fields(schema)))
    assert not stale, f"docs/format.md documents fields the format does not have: {stale}"


def test_required_column_agrees_with_the_schema(schema, format_md):
    doc = rows(format_md)
    wrong = [p for p, (req, _) in schema_fields(schema).items()
             if p in doc and doc[p][1] != req]
    assert not wrong, f"docs/format.md says the wrong 'required' for: {wrong}"


def test_every_allowed_value_is_named(schema, format_md):
    doc = rows(format_md)
    for path, (_, values) in schema_fields(schema).items():
        for v in values:
            assert f"`{v}`" in doc[path][0] + doc[path][2], (path, v)


def test_schema_fields_walks_lists_and_objects():
    s = {"properties": {"a": {"type": "array", "items": {
        "properties": {"b": {"enum": ["x"]}, "c": {}}, "required": ["b"]}}}}
    assert schema_fields(s) == {"a": (False, ()), "a[].b": (True, ("x",)),
                                "a[].c": (False, ())}
