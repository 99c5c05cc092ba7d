"""The part of JSON Schema (draft 2020-12) that the ``netmap-vmm/1`` schema uses, checked
without a third-party package, so that ``netmap import --vmm`` accepts exactly the
documents the shipped schema accepts.

Keywords: ``type`` (a name or a list of names), ``const``, ``required``, ``properties``,
``additionalProperties: false``, ``items``, ``anyOf``, ``minimum``, ``maximum``,
``minLength``, ``pattern`` and local ``$ref`` (``#/$defs/NAME``). Annotations
(``description``, ``title``, ``examples``, ``x-vmm``...) are ignored; any other keyword
raises ``ValueError`` (the schema uses more than this checker knows).

>>> s = {"type": "object", "required": ["a"], "additionalProperties": False,
...      "properties": {"a": {"type": "integer", "minimum": 0}}}
>>> list(errors({"a": -1, "b": 2}, s))
[(('b',), "unknown key 'b'"), (('a',), 'less than the minimum 0')]
"""

from __future__ import annotations

import re

__all__ = ["errors"]

_ANNOTATIONS = {"description", "title", "examples", "$schema", "$id", "$defs", "x-vmm",
                "default", "$comment"}
_KNOWN = {"type", "const", "required", "properties", "additionalProperties", "items",
          "anyOf", "minimum", "maximum", "minLength", "pattern", "$ref"} | _ANNOTATIONS


def _is(value, t):
    if t == "null":
        return value is None
    if t == "boolean":
        return isinstance(value, bool)
    if t == "integer":
        return isinstance(value, int) and not isinstance(value, bool) or \
            isinstance(value, float) and value.is_integer()
    if t == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if t == "string":
        return isinstance(value, str)
    if t == "array":
        return isinstance(value, list)
    if t == "object":
        return isinstance(value, dict)
    raise ValueError(f"unknown JSON Schema type {t!r}")


def _word(value):
    for t in ("null", "boolean", "integer", "number", "string", "array", "object"):
        if _is(value, t):
            return {"array": "a list", "object": "an object", "integer": "a number",
                    "number": "a number", "boolean": "a boolean", "null": "null",
                    "string": "a string"}[t]
    return type(value).__name__


def errors(value, schema, root=None, path=()):
    """Yield ``(path, message)`` for every place ``value`` breaks ``schema``."""
    root = schema if root is None else root
    unknown = set(schema) - _KNOWN
    if unknown:
        raise ValueError(f"JSON Schema keywords not supported: {sorted(unknown)}")
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/$defs/"):
            raise ValueError(f"unsupported $ref {ref!r}")
        yield from errors(value, root["$defs"][ref[len("#/$defs/"):]], root, path)
    if "anyOf" in schema:
        if not any(not any(True for _ in errors(value, s, root, path))
                   for s in schema["anyOf"]):
            alts = [s.get("type") or s.get("$ref", "?").rsplit("/", 1)[-1]
                    for s in schema["anyOf"]]
            # the closest alternative: the one of the value's own type, if any
            same = [s for s in schema["anyOf"] if "type" in s and _is(value, s["type"])]
            if len(same) == 1:
                yield from errors(value, same[0], root, path)
            else:
                yield path, f"expected {' or '.join(map(str, alts))}, got {_word(value)}"
        return
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is(value, t) for t in types):
            yield path, f"expected {' or '.join(types)}, got {_word(value)}"
            return
    if "const" in schema and value != schema["const"]:
        yield path, f"expected {schema['const']!r}, got {value!r}"
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            yield path, "an empty string" if schema["minLength"] == 1 else \
                f"shorter than {schema['minLength']} characters"
        if "pattern" in schema and not re.search(schema["pattern"], value):
            yield path, f"{value!r} does not match the pattern {schema['pattern']}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            yield path, f"less than the minimum {schema['minimum']}"
        if "maximum" in schema and value > schema["maximum"]:
            yield path, f"more than the maximum {schema['maximum']}"
    if isinstance(value, dict):
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            for k in value:
                if k not in props:
                    yield path + (k,), f"unknown key '{k}'"
        for k in schema.get("required", ()):
            if k not in value:
                yield path, f"missing required key '{k}'"
        for k, sub in props.items():
            if k in value:
                yield from errors(value[k], sub, root, path + (k,))
    if isinstance(value, list) and "items" in schema:
        for i, x in enumerate(value):
            yield from errors(x, schema["items"], root, path + (i,))
