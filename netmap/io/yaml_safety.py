"""Parsing topology text safely: plain data only, duplicate keys, depth and alias guards.

YAML is read with PyYAML's safe loader (the C one when available), which constructs
plain data only: no Python tags are ever run. On top of it this module refuses what
would otherwise crash or stall netmap, and notes what PyYAML silently accepts:

* duplicate keys in one mapping (PyYAML keeps the last; we report them);
* nesting deeper than :data:`MAX_DEPTH` (libyaml recurses once per level and a few
  hundred kilobytes of ``[[[[`` crash the interpreter);
* aliases that expand the data by more than :data:`EXPANSION_FACTOR` times the values
  it holds, or :data:`MAX_EXPANDED` values when that is more (an "alias bomb": quick to
  load, endless to walk); so every later walk costs in proportion to the file.

:func:`parse` is the one entry point; it also reads JSON (for a ``.json`` path).

Examples
--------
>>> parse('{"netmap": 1}', "t.json")
({'netmap': 1}, [])
>>> data, problems = parse("netmap: 1\\nnetmap: 1\\n", "t.yaml")
>>> print(problems[0])
t.yaml:2: duplicate key 'netmap' (first on line 1)
"""

from __future__ import annotations

import bisect
import json
import re

import yaml

from netmap.errors import Problem, TopologyError

__all__ = ["EXPANSION_FACTOR", "MAX_DEPTH", "MAX_EXPANDED", "BaseLoader", "is_json",
           "line_counter", "parse"]

try:  # the C loader is much faster; both construct plain data only
    BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    BaseLoader = yaml.SafeLoader

#: aliases may add up to this many values to any file ...
MAX_EXPANDED = 100_000

#: ... or up to this many times the values the file holds, when that is more
EXPANSION_FACTOR = 10

#: YAML nested deeper than this is refused before it is loaded (a netmap file needs 6)
MAX_DEPTH = 100


def is_json(path: str) -> bool:
    """Is ``path`` read as JSON (it ends in ``.json``, any case)?

    >>> is_json("topo.JSON"), is_json("topo.yaml")
    (True, False)
    """
    return str(path).lower().endswith(".json")


# YAML 1.1 breaks lines at NEL, LS and PS as well; editors and `grep -n` do not
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")


def line_counter(text: str):
    """A function giving the 1-based line of a YAML mark as an editor counts lines.

    libyaml also counts U+0085, U+2028 and U+2029 as line breaks, so in a file holding
    one of them its line numbers run ahead of the editor's; then lines are counted from
    the mark's character index (``\\n``, ``\\r\\n`` and ``\\r`` end a line).

    >>> import yaml
    >>> text = 'a: "x\\u2028y"\\nb: [\\n'
    >>> try:
    ...     yaml.safe_load(text)
    ... except yaml.YAMLError as e:
    ...     e.problem_mark.line + 1, line_counter(text)(e.problem_mark)
    (4, 3)
    """
    if not _ODD_BREAKS.search(text):
        return lambda mark: mark.line + 1
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    return lambda mark: bisect.bisect_right(starts, mark.index)


def parse(text: str, path: str) -> tuple[object, list[Problem]]:
    """Parse topology text to plain data: ``(data, problems)``.

    ``problems`` are the ones the data can still be checked past (duplicate YAML keys).
    A syntax error, YAML nested too deeply or an alias bomb raise
    :class:`~netmap.errors.TopologyError` at once.
    """
    if is_json(path):
        if "\\u" in text:
            _refuse_lone_surrogates(text, path)
        duplicated = []

        def pairs_to_dict(pairs):
            d = dict(pairs)
            if len(d) != len(pairs):
                duplicated.append(True)
            return d

        try:
            data = json.loads(text, object_pairs_hook=pairs_to_dict)
        except json.JSONDecodeError as e:
            raise TopologyError([Problem(path, e.lineno, "", f"invalid JSON: {e.msg}")]) \
                from None
        except RecursionError:
            raise TopologyError([Problem(path, None, "", "invalid JSON: nested too deeply")]) \
                from None
        except ValueError as e:  # e.g. an integer of more than 4,300 digits
            raise TopologyError([Problem(path, None, "", f"invalid JSON: {_why_unreadable(e)}")]) \
                from None
        problems = []
        if duplicated:  # a JSON reader keeps the last of two equal keys; YAML's are errors
            from netmap.io.locate import json_duplicate_keys

            problems = [Problem(path, line, "", f"duplicate key '{key}' (first on line {first})")
                        for line, key, first in json_duplicate_keys(text)]
        return data, problems
    _refuse_deep_yaml(text, path)
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        raise TopologyError([Problem(path, *_yaml_syntax(e, text, line_counter(text)))]) \
            from None
    except yaml.YAMLError as e:
        raise TopologyError([Problem(path, None, "", f"invalid YAML: {e}")]) from None
    except RecursionError:
        raise TopologyError([Problem(path, None, "", "invalid YAML: nested too deeply")]) \
            from None
    finally:
        loader.dispose()
    _refuse_alias_bombs(data, path)
    problems = []
    if loader.duplicate_keys:
        line = line_counter(text)
        problems = [Problem(path, line(mark), "",
                            f"duplicate key '{key}' (first on line {line(first)})")
                    for mark, key, first in loader.duplicate_keys]
    return data, problems


# a \\uD800-\\uDBFF escape not followed by a \\uDC00-\\uDFFF one, or a low half alone
_LONE_SURROGATE = re.compile(
    r"(?<!\\)(?:\\\\)*\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})(?<!\\)(?:\\\\)*\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def _refuse_lone_surrogates(text: str, path: str) -> None:
    """Refuse a JSON string escape that is half of a UTF-16 pair: it is no character, and
    it could be written to no file or terminal later."""
    m = _LONE_SURROGATE.search(text)
    if m is not None:
        line = text.count("\n", 0, m.start()) + 1
        raise TopologyError([Problem(path, line, "", "invalid JSON: a \\u escape that is half "
                                     "of a UTF-16 surrogate pair is not a character")])


def _why_unreadable(e: Exception) -> str:
    """A value that cannot be read, in words (no Python advice such as set_int_max_str_digits)."""
    text = str(e)
    if "digits" in text and "limit" in text.lower():
        return "a number of more than 4,300 digits"
    if isinstance(e, KeyError):
        return "not one of the values this tag accepts"
    return text


def _yaml_syntax(e, text, line_of):
    """``(line, "", message)`` of a YAML syntax error, naming where its context starts."""
    mark = e.problem_mark or e.context_mark
    line = line_of(mark) if mark else None
    what = e.problem or e.context or "syntax error"
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        what += " (a tab: YAML indents with spaces only)"
    if e.context and e.problem:
        ctx = e.context
        if e.context_mark is not None and line_of(e.context_mark) != line:
            ctx += f" that starts on line {line_of(e.context_mark)}"
        what += f" ({ctx})"
    return line, "", f"invalid YAML: {what}"


class _Loader(BaseLoader):
    """Safe YAML loading (plain data only) that also notes duplicate keys.

    PyYAML keeps the last of two equal keys without a word; a topology with
    ``name: A`` and ``name: B`` in one object is a mistake worth reporting.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicate_keys = []

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode) and len(node.value) > 1:
            seen = {}
            for k, _ in node.value:
                if isinstance(k, yaml.ScalarNode) and k.tag != "tag:yaml.org,2002:merge":
                    key = (k.tag, k.value)
                    first = seen.get(key)
                    if first is None:
                        seen[key] = k.start_mark
                    else:
                        self.duplicate_keys.append((k.start_mark, k.value, first))
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node, deep=False):
        # A scalar that matches a tag's pattern but has no value (2024-02-30, 0x_,
        # "!!int abc", "!!int " with no value, an integer of more than 4,300 digits):
        # PyYAML raises a bare ValueError, KeyError, IndexError or OverflowError. Report
        # it where it is, as YAML's own errors are.
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, KeyError, OverflowError, TypeError, IndexError,
                AttributeError) as e:
            tag = node.tag.rsplit(":", 1)[-1]
            value = node.value if isinstance(node, yaml.ScalarNode) else ""
            why = _why_unreadable(e)
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {value[:40]!r} as {tag} ({why[:80]})",
                node.start_mark) from None


def _refuse_deep_yaml(text, path):
    """Refuse YAML nested deeper than :data:`MAX_DEPTH`, before the C loader sees it.

    libyaml's composer recurses once per level without a limit, so a few hundred
    kilobytes of ``[[[[...`` crash the interpreter. The depth of a file is at most its
    number of flow brackets plus its longest line (block nesting needs indentation or a
    ``- `` per level); only when that bound is too high do we count levels exactly, from
    the parser's events (iterative, no recursion).
    """
    if text.count("[") + text.count("{") + max(map(len, text.splitlines()), default=0) \
            <= MAX_DEPTH:
        return
    start, end = yaml.events.CollectionStartEvent, yaml.events.CollectionEndEvent
    depth = 0
    loader = BaseLoader(text)
    try:
        while loader.check_event():
            ev = loader.get_event()
            if isinstance(ev, start):
                depth += 1
                if depth > MAX_DEPTH:
                    line = line_counter(text)(ev.start_mark) if ev.start_mark else None
                    raise TopologyError([Problem(
                        path, line, "", f"invalid YAML: nested more than {MAX_DEPTH} levels "
                                        "deep")])
            elif isinstance(ev, end):
                depth -= 1
    except yaml.YAMLError as e:
        # newer libyaml/PyYAML stop at a nesting limit of their own (while scanning
        # ahead, before our count gets there): the same problem, said our way
        if "nesting depth" not in str(e):
            return  # the loader reports syntax errors, with their lines
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        raise TopologyError([Problem(
            path, line_counter(text)(mark) if mark else None, "",
            f"invalid YAML: nested more than {MAX_DEPTH} levels deep")]) from None
    finally:
        loader.dispose()


def _refuse_alias_bombs(data, path):
    """Refuse data whose aliases add more than ``max(MAX_EXPANDED, EXPANSION_FACTOR *
    held)`` values, ``held`` being the values the file actually holds.

    Aliases make PyYAML share one object in many places, so loading is quick, but every
    later walk over the data (and the graph) would visit each share again. We count the
    values as a walk would see them and compare with the values actually held; a big
    file without aliases is never refused, and one with aliases costs at most about
    ten times a file of its size.
    """
    memo = {}
    held = 1

    def size(x):
        nonlocal held
        k = id(x)
        got = memo.get(k)
        if got is not None:
            return got
        memo[k] = 1  # guards against recursive aliases
        vals = x if type(x) is list else x.values()
        held += len(x)
        total = 1
        for v in vals:
            tv = type(v)
            total += size(v) if (tv is list or tv is dict) else 1
        memo[k] = total
        return total

    if type(data) not in (list, dict):
        return
    try:
        n = size(data)
    except RecursionError:  # pragma: no cover - depth is limited before loading
        n = held + MAX_EXPANDED + EXPANSION_FACTOR * held + 1
    limit = max(MAX_EXPANDED, EXPANSION_FACTOR * held)
    if n - held > limit:
        raise TopologyError([Problem(path, None, "", (
            f"refused: YAML aliases expand this file by {n - held:,} values, more than "
            f"{EXPANSION_FACTOR} times the {held:,} it holds or {MAX_EXPANDED:,} (an alias "
            "bomb?)"))])
