"""The part of JSON Schema (draft 2020-12) that the ``netmap-vmm/1`` schema uses, checked
without a third-party package, so that ``netmap import --vmm`` accepts exactly the
documents the shipped schema accepts.

Keywords: ``type`` (a name or a list of names), ``const``, ``required``, ``properties``,
``additionalProperties: false``, ``items``, ``anyOf``, ``minimum``, ``maximum``,
``minLength``, ``pattern`` and local ``$ref`` (``#/$defs/NAME``). Annotations
(``description``, ``title``, ``examples``, ``x-vmm``...) are ignored; any other keyword
raises ``ValueError`` (the schema uses more than this checker knows). The schema is
compiled once into nested checking functions: a 100,000-VM inventory is checked in
seconds.

>>> s = {"type": "object", "required": ["a"], "additionalProperties": False,
...      "properties": {"a": {"type": "integer", "minimum": 0}}}
>>> errors({"a": -1, "b": 2}, s)
[(('b',), "unknown key 'b'"), (('a',), 'less than the minimum 0')]
"""

from __future__ import annotations

import re

__all__ = ["compile_schema", "errors"]

_ANNOTATIONS = {"description", "title", "examples", "$schema", "$id", "$defs", "x-vmm",
                "default", "$comment"}
_KNOWN = {"type", "const", "required", "properties", "additionalProperties", "items",
          "anyOf", "minimum", "maximum", "minLength", "pattern", "$ref"} | _ANNOTATIONS


_PRED = {
    "null": lambda v: v is None,
    "boolean": lambda v: v is True or v is False,
    "integer": lambda v: (type(v) is int) or (type(v) is float and v.is_integer()),
    "number": lambda v: type(v) is int or type(v) is float,
    "string": lambda v: type(v) is str,
    "array": lambda v: type(v) is list,
    "object": lambda v: type(v) is dict,
}


def _pred(types):
    """One predicate for a ``type`` keyword (a name or a list of names)."""
    types = types if isinstance(types, list) else [types]
    for t in types:
        if t not in _PRED:
            raise ValueError(f"unknown JSON Schema type {t!r}")
    if len(types) == 1:
        return _PRED[types[0]]
    preds = [_PRED[t] for t in types]
    return lambda v: any(f(v) for f in preds)


def _word(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def compile_schema(schema, root=None, _refs=None):
    """A function ``check(value, path, out)`` appending ``(path, message)`` to ``out``."""
    root = schema if root is None else root
    refs = {} if _refs is None else _refs
    unknown = set(schema) - _KNOWN
    if unknown:
        raise ValueError(f"JSON Schema keywords not supported: {sorted(unknown)}")
    steps = []
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/$defs/"):
            raise ValueError(f"unsupported $ref {ref!r}")
        name = ref[len("#/$defs/"):]
        if name not in refs:
            refs[name] = None  # a recursive reference resolves through the table
            refs[name] = compile_schema(root["$defs"][name], root, refs)
        steps.append(lambda v, p, out, n=name: refs[n](v, p, out))
    if "anyOf" in schema:
        alts = [(_pred(s["type"]) if "type" in s else None, compile_schema(s, root, refs))
                for s in schema["anyOf"]]
        words = [str(s.get("type") or s.get("$ref", "?").rsplit("/", 1)[-1])
                 for s in schema["anyOf"]]

        def any_of(v, p, out):
            # an alternative whose type does not fit is skipped without walking into it
            tried = []
            for fit, f in alts:
                if fit is not None and not fit(v):
                    continue
                errs = []
                f(v, p, errs)
                if not errs:
                    return
                tried.append(errs)
            if len(tried) == 1:  # the one alternative of the value's type: its errors
                out.extend(tried[0])
            else:
                out.append((p, f"expected {' or '.join(words)}, got {_word(v)}"))
        steps.append(any_of)
    types = schema.get("type")
    if types is not None:
        fit = _pred(types)
        names = " or ".join(types if isinstance(types, list) else [types])

        def typed(v, p, out):
            if not fit(v):
                out.append((p, f"expected {names}, got {_word(v)}"))
                return False
            return True
    else:
        typed = None
    if "const" in schema:
        c = schema["const"]
        steps.append(lambda v, p, out: None if v == c else
                     out.append((p, f"expected {c!r}, got {v!r}")))
    if "minLength" in schema or "pattern" in schema:
        n = schema.get("minLength", 0)
        rx = re.compile(schema["pattern"]) if "pattern" in schema else None

        def string(v, p, out):
            if not isinstance(v, str):
                return
            if len(v) < n:
                out.append((p, "an empty string" if n == 1 else
                            f"shorter than {n} characters"))
            if rx is not None and not rx.search(v):
                out.append((p, f"{v!r} does not match the pattern {rx.pattern}"))
        steps.append(string)
    if "minimum" in schema or "maximum" in schema:
        lo, hi = schema.get("minimum"), schema.get("maximum")

        def number(v, p, out):
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                return
            if lo is not None and v < lo:
                out.append((p, f"less than the minimum {lo}"))
            if hi is not None and v > hi:
                out.append((p, f"more than the maximum {hi}"))
        steps.append(number)
    if "properties" in schema or "required" in schema or \
            schema.get("additionalProperties") is False:
        props = {k: compile_schema(s, root, refs)
                 for k, s in schema.get("properties", {}).items()}
        closed = schema.get("additionalProperties") is False
        required = tuple(schema.get("required", ()))

        def obj(v, p, out):
            if not isinstance(v, dict):
                return
            if closed:
                for k in v:
                    if k not in props:
                        out.append((p + (k,), f"unknown key '{k}'"))
            for k in required:
                if k not in v:
                    out.append((p, f"missing required key '{k}'"))
            for k, f in props.items():
                if k in v:
                    f(v[k], p + (k,), out)
        steps.append(obj)
    if "items" in schema:
        item = compile_schema(schema["items"], root, refs)

        def items(v, p, out):
            if isinstance(v, list):
                for i, x in enumerate(v):
                    item(x, p + (i,), out)
        steps.append(items)

    if typed is None and len(steps) == 1:
        return steps[0]

    def check(v, p, out):
        if typed is not None and not typed(v, p, out):
            return
        for step in steps:
            step(v, p, out)
    return check


def errors(value, schema):
    """Every ``(path, message)`` where ``value`` breaks ``schema``."""
    out = []
    compile_schema(schema)(value, (), out)
    return out
