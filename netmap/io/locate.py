"""Finding where things are in a topology file: lines of object paths, readable paths.

Problems are found on plain data (dicts and lists), where an object is known by its
path, e.g. ``("vms", 3, "nics", 0, "network")``. To tell people *where*, this module
parses the text a second time, keeping only lines (:func:`locate_tree`, for YAML or
JSON), finds the line of a path in that tree (:func:`line_of`) and renders the path
for people (:func:`show_path`). The loader does this only when there is something to
report, so a good file costs one parse; the ASR import uses the same functions for its
JSON list files.

Examples
--------
>>> tree = locate_tree('netmap: 1\\nvms:\\n  - name: VM1\\n    cloud: C\\n', json=False)
>>> line_of(tree, ("vms", 0, "cloud"))
4
>>> tree = locate_tree('{"vms": [\\n {"name": "VM1"}]}', json=True)
>>> line_of(tree, ("vms", 0, "name"))
2
"""

from __future__ import annotations

import bisect
import re
from json.decoder import scanstring

import yaml

from netmap.io.yaml_safety import MAX_DEPTH, BaseLoader, line_counter

__all__ = ["Located", "json_duplicate_keys", "line_of", "locate_tree", "show_path"]


class Located:
    """A located value: its line, and children by key or index (with each key's line)."""

    __slots__ = ("children", "key_lines", "line")

    def __init__(self, line, children=None, key_lines=None):
        self.line = line
        self.children = children
        self.key_lines = key_lines


def locate_tree(text: str, *, json: bool) -> Located | None:
    """The :class:`Located` tree of YAML (or, with ``json``, JSON) text; None if unparsable.

    Parameters
    ----------
    text : str
        The file's text.
    json : bool
        Parse as JSON rather than YAML.
    """
    return _json_tree(text) if json else _yaml_tree(text)


def _yaml_tree(text):
    try:
        root = yaml.compose(text, Loader=BaseLoader)
    except yaml.YAMLError:
        return None
    memo = {}  # aliased nodes are shared: convert each once
    line_of_mark = line_counter(text)

    def conv(node, depth=0):
        got = memo.get(id(node))
        if got is not None:
            return got
        line = line_of_mark(node.start_mark)
        if depth > MAX_DEPTH:
            return Located(line)
        memo[id(node)] = loc = Located(line)
        if isinstance(node, yaml.MappingNode):
            ch, kl = {}, {}
            for k, v in node.value:
                key = _yaml_key(k)  # of duplicate keys the last wins, as in the data
                ch[key] = conv(v, depth + 1)
                kl[key] = line_of_mark(k.start_mark)
            loc.children, loc.key_lines = ch, kl
        elif isinstance(node, yaml.SequenceNode):
            loc.children = [conv(v, depth + 1) for v in node.value]
        return loc

    return conv(root) if root is not None else None


def _yaml_key(k):
    """A mapping key node as the loaded data holds it (strings, ints and null keys)."""
    if not isinstance(k, yaml.ScalarNode):
        return None
    if k.tag == "tag:yaml.org,2002:str":
        return k.value
    try:
        return yaml.load(k.value, Loader=BaseLoader) if not k.style else k.value
    except yaml.YAMLError:
        return k.value


_WS = re.compile(r"[ \t\n\r]*")
_NUM = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")


def json_duplicate_keys(text: str) -> list[tuple[int, str, int]]:
    """``(line, key, line of the first)`` for every key given twice in one JSON object.

    >>> json_duplicate_keys('{"a": 1,\\n "a": 2}')
    [(2, 'a', 1)]
    """
    dups = []
    _json_tree(text, dups)
    return dups


def _json_tree(text, dups=None):
    """Parse JSON text into a :class:`Located` tree (lines only; values are not kept).

    ``dups``, a list, receives ``(line, key, first line)`` for each duplicate key."""
    pos = 0
    n = len(text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(p):
        return bisect.bisect_right(line_starts, p)

    def ws(p):
        return _WS.match(text, p).end()

    def value(p, depth):
        p = ws(p)
        if p >= n or depth > 500:
            raise ValueError
        c = text[p]
        line = line_of(p)
        if c == "{":
            ch, kl = {}, {}
            p = ws(p + 1)
            if text[p] == "}":
                return Located(line, ch, kl), p + 1
            while True:
                p = ws(p)
                if text[p] != '"':
                    raise ValueError
                kline = line_of(p)
                key, p = scanstring(text, p + 1)
                p = ws(p)
                if text[p] != ":":
                    raise ValueError
                v, p = value(p + 1, depth + 1)
                if dups is not None and key in ch:
                    dups.append((kline, key, kl[key]))
                ch[key], kl[key] = v, kline
                p = ws(p)
                if text[p] == ",":
                    p += 1
                    continue
                if text[p] == "}":
                    return Located(line, ch, kl), p + 1
                raise ValueError
        if c == "[":
            items = []
            p = ws(p + 1)
            if text[p] == "]":
                return Located(line, items), p + 1
            while True:
                v, p = value(p, depth + 1)
                items.append(v)
                p = ws(p)
                if text[p] == ",":
                    p += 1
                    continue
                if text[p] == "]":
                    return Located(line, items), p + 1
                raise ValueError
        if c == '"':
            _, p = scanstring(text, p + 1)
            return Located(line), p
        for word in ("true", "false", "null", "NaN", "Infinity", "-Infinity"):
            if text.startswith(word, p):
                return Located(line), p + len(word)
        m = _NUM.match(text, p)
        if m:
            return Located(line), m.end()
        raise ValueError

    try:
        root, pos = value(pos, 0)
        return root
    except (ValueError, IndexError):
        return None


def line_of(tree: Located | None, path: tuple) -> int | None:
    """The line of ``path`` in a located tree: the deepest part of the path found.

    A step into a mapping gives the line of the key (``nics:`` rather than the first NIC
    below it); a step into a list gives the line where the item starts. None when
    ``tree`` is None.
    """
    if tree is None:
        return None
    node, line = tree, tree.line
    for step in path:
        ch = node.children
        if isinstance(ch, dict) and _hashable(step) and step in ch:
            line = node.key_lines[step]
            node = ch[step]
        elif isinstance(ch, list) and isinstance(step, int) and 0 <= step < len(ch):
            node = ch[step]
            line = node.line
        else:
            break
    return line


def _hashable(x):
    try:
        hash(x)
    except TypeError:
        return False
    return True


def show_path(data: object, path: tuple) -> str:
    """Render an object path for people: ``vms[3] (VM7).nics[0].network``.

    An item of a top-level list shows its name, when it has one.

    >>> show_path({"vms": [{"name": "VM7", "nics": [{}]}]}, ("vms", 0, "nics", 0, "network"))
    'vms[0] (VM7).nics[0].network'
    >>> show_path({"sites": [{"name": "A", 1: "x"}]}, ("sites", 0, 1))
    'sites[0] (A).1'
    """
    out = ""
    cur = data
    for depth, step in enumerate(path):
        if type(cur) is list and type(step) is int:
            out += f"[{step}]"
            cur = cur[step] if 0 <= step < len(cur) else None
            if depth == 1 and type(cur) is dict and type(cur.get("name")) is str:
                name = cur["name"]  # a name too long to hold is shown shortened
                out += f" ({name if len(name) <= 60 else name[:57] + '...'})"
        else:
            word = "null" if step is None else str(step)
            out += ("." if out else "") + word
            cur = cur.get(step) if type(cur) is dict and _hashable(step) else None
    return out
