"""Reading export files whatever their shape, encoding or name (``netmap import``).

An export is JSON as ``az``, ``az rest``, ``Invoke-AzRestMethod`` or ``ConvertTo-Json``
write it. :func:`read_items` accepts, in any file name:

* a list page ``{"value": [...], "nextLink": ...}`` (``az rest``), a list of such pages;
* a bare array (``az ... list``), arrays of arrays (``az`` outputs joined per network);
* a single object (``az rest`` on one resource);
* the azure-rest-api-specs example wrapper ``{"parameters": ..., "responses": {"200":
  {"body": ...}}}``;

encoded as UTF-8 with or without a byte order mark, or UTF-16 with its byte order mark
(what Windows PowerShell 5.1's ``>`` and ``Out-File`` write). Each item is then classified
by its ARM id (``.../replicationFabrics/F/replicationNetworks/N`` is a
``replicationnetworks`` item) or, failing that, by the last part of its ``type``; the
file name plays no part.
"""

from __future__ import annotations

import codecs
import json

from netmap.errors import Problem
from netmap.io.load import max_input_bytes
from netmap.io.locate import line_of, locate_tree

__all__ = ["Ctx", "ImportWarning", "Item", "arm_parts", "classify", "decode",
           "next_page_warning", "read_items", "read_json"]

class ImportWarning(Problem):
    """Something an import skipped or decided (printed after ``warning:``)."""


class Ctx:
    """Problems (make the import fail) and warnings (printed) of one import."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[ImportWarning] = []

    def problem(self, file, line, path, message):
        self.problems.append(Problem(file, line, path, message))

    def warn(self, file, line, path, message):
        self.warnings.append(ImportWarning(file, line, path, message))


class Src:
    """One JSON file: its path for messages and its text (lines found on demand)."""

    def __init__(self, path: str, text: str, ctx: Ctx) -> None:
        self.path, self.text, self.ctx = path, text, ctx
        self._tree = False

    def line(self, keys) -> int | None:
        if self._tree is False:
            self._tree = locate_tree(self.text, json=True)
        return line_of(self._tree, tuple(keys))


def _render(keys) -> str:
    out = ""
    for k in keys:
        out += f"[{k}]" if isinstance(k, int) else ("." if out else "") + str(k)
    return out


def _what(x) -> str:
    if x is None:
        return "null"
    if isinstance(x, bool):
        return "a boolean"
    if isinstance(x, (int, float)):
        return "a number"
    if isinstance(x, str):
        return "an empty string" if x == "" else "a string"
    if isinstance(x, list):
        return "a list"
    return "an object"


_WORD = {str: "a non-empty string", list: "a list", dict: "an object", bool: "true or false",
         float: "a number"}


class Item:
    """An object inside a file: where it is (for messages) and typed access to it."""

    __slots__ = ("keys", "label", "obj", "src")

    def __init__(self, src: Src, keys: tuple, obj, label: str = "") -> None:
        self.src, self.keys, self.obj = src, tuple(keys), obj
        self.label = label or _render(keys)

    def where(self, sub=()) -> str:
        if not sub:
            return self.label
        if not self.label:
            return _render(sub)
        return self.label + ("" if isinstance(sub[0], int) else ".") + _render(sub)

    def problem(self, sub, message: str) -> None:
        sub = tuple(sub)
        self.src.ctx.problem(self.src.path, self.src.line(self.keys + sub), self.where(sub),
                             message)

    def warn(self, sub, message: str) -> None:
        sub = tuple(sub)
        self.src.ctx.warn(self.src.path, self.src.line(self.keys + sub), self.where(sub),
                          message)

    def get(self, *sub, kind=str, flat: bool = False):
        """The value at ``sub``, None when absent, null or an empty string.

        ``flat``: look for the first key both at the top and under ``properties`` (``az``
        prints most resources flattened, REST bodies keep ``properties``). A value of the
        wrong type is a problem (and None).
        """
        cur = self.obj
        if flat and isinstance(cur, dict) and sub and sub[0] not in cur and \
                isinstance(cur.get("properties"), dict):
            sub = ("properties",) + tuple(sub)
        for depth, k in enumerate(sub):
            if not isinstance(cur, dict):
                self.problem(sub[:depth], f"expected an object, got {_what(cur)}")
                return None
            cur = cur.get(k)
            if cur is None:
                return None
        if kind is str and cur == "":
            return None
        ok = isinstance(cur, kind) and not (kind is not bool and isinstance(cur, bool))
        if kind is float:
            ok = isinstance(cur, (int, float)) and not isinstance(cur, bool)
        if not ok:
            self.problem(sub, f"expected {_WORD[kind]}, got {_what(cur)}")
            return None
        return cur

    def children(self, *sub, flat: bool = False) -> list[Item]:
        """The objects of the list at ``sub`` as items (anything else is a problem)."""
        if flat and isinstance(self.obj, dict) and sub and sub[0] not in self.obj and \
                isinstance(self.obj.get("properties"), dict):
            sub = ("properties",) + tuple(sub)
        lst = self.get(*sub, kind=list) or []
        out = []
        for j, o in enumerate(lst):
            path = tuple(sub) + (j,)
            if not isinstance(o, dict):
                self.problem(path, f"expected an object, got {_what(o)}")
                continue
            out.append(Item(self.src, self.keys + path, o, self.where(path)))
        return out


def decode(raw: bytes) -> str:
    """Text of an export: UTF-8 (a BOM is dropped) or UTF-16 with its BOM.

    Raises UnicodeDecodeError for anything else.

    >>> decode(codecs.BOM_UTF16_LE + '{"a": 1}'.encode("utf-16-le"))
    '{"a": 1}'
    >>> decode(codecs.BOM_UTF8 + b'[]')
    '[]'
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    return raw.decode("utf-8-sig")


def read_json(path: str, ctx: Ctx) -> tuple[Src, object] | None:
    """The parsed JSON of ``path`` (None, with a problem in ``ctx``, when unusable)."""
    limit = max_input_bytes()  # the same input bound as a topology file
    try:
        with open(path, "rb") as f:
            raw = f.read(limit + 1)
    except OSError as e:
        ctx.problem(path, None, "", f"cannot read file: {e.strerror}")
        return None
    if len(raw) > limit:
        ctx.problem(path, None, "", f"refused: the file is more than {limit >> 20:,} MB, over "
                                    "the input limit (set NETMAP_MAX_INPUT to a size in MB "
                                    "to raise it)")
        return None
    try:
        text = decode(raw)
    except UnicodeDecodeError as e:
        ctx.problem(path, raw[: e.start].count(b"\n") + 1, "",
                    "file is neither UTF-8 nor UTF-16 with a byte order mark")
        return None
    at = text.find("\0")  # UTF-16 holds NUL bytes; its text must not hold NUL characters
    if at >= 0:
        ctx.problem(path, text.count("\n", 0, at) + 1, "",
                    "not a text file: it holds a NUL character")
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        ctx.problem(path, e.lineno, "", f"invalid JSON: {e.msg}")
        return None
    except RecursionError:
        ctx.problem(path, None, "", "invalid JSON: nested too deeply")
        return None
    return Src(path, text, ctx), data


def _body(data, keys):
    """Unwrap an azure-rest-api-specs example: its 200 (else first 2xx) response body."""
    if isinstance(data, dict) and isinstance(data.get("responses"), dict) and \
            ("parameters" in data or "operationId" in data or len(data) <= 3):
        res = data["responses"]
        for code in ["200"] + sorted(k for k in res if str(k).startswith("2")):
            r = res.get(code)
            if isinstance(r, dict) and "body" in r:
                return r["body"], keys + ("responses", code, "body")
    return data, keys


def read_items(path: str, ctx: Ctx, next_links: list | None = None) -> list[Item]:
    """Every resource object in the export ``path``, whatever the shape (see the module).

    A page whose ``nextLink`` is set is appended to ``next_links`` (as an :class:`Item`,
    for the caller to warn about when no other file holds the next page), or warned
    about at once when ``next_links`` is None.
    """
    got = read_json(path, ctx)
    if got is None:
        return []
    src, data = got
    data, keys = _body(data, ())
    out: list[Item] = []
    _collect(src, data, keys, out, next_links)
    return out


def next_page_warning(page: Item) -> None:
    page.warn(("nextLink",), "nextLink is set and no other file holds the next page: "
                             "save every page of the list (netmap collect asr prints a loop "
                             "that does)")


def _collect(src, data, keys, out, next_links=None):
    if isinstance(data, list):
        for i, x in enumerate(data):
            _collect(src, x, keys + (i,), out, next_links)
        return
    if isinstance(data, dict) and isinstance(data.get("value"), list) and "id" not in data:
        if data.get("nextLink"):
            page = Item(src, keys, data)
            if next_links is None:
                next_page_warning(page)
            else:
                next_links.append(page)
        _collect(src, data["value"], keys + ("value",), out, next_links)
        return
    if isinstance(data, dict) and ("id" in data or "name" in data):
        out.append(Item(src, keys, data, _label(keys, data)))
        return
    Item(src, keys, data).problem((), "expected an Azure resource (an object with 'id'), a "
                                  'list response {"value": [...]} or a list of them, got '
                                  f"{_what(data)}" + (" without 'id'" if isinstance(data, dict)
                                                      else ""))


def _label(keys, obj) -> str:
    label = _render(keys)
    props = obj.get("properties")
    nm = props.get("friendlyName") if isinstance(props, dict) else None
    nm = nm if isinstance(nm, str) and nm else obj.get("name")
    if isinstance(nm, str) and nm:
        label += f" ({nm})" if label else nm
    return label


def arm_parts(rid) -> dict[str, str]:
    """An ARM id as ``{lower-case collection: name}`` (empty for anything else).

    >>> arm_parts("/Subscriptions/S/resourceGroups/R/providers/Microsoft.RecoveryServices"
    ...           "/vaults/V/replicationFabrics/F")["replicationfabrics"]
    'F'
    """
    if not isinstance(rid, str) or not rid.startswith("/"):
        return {}
    parts = [p for p in rid.split("/") if p]
    out = {}
    i = 0
    while i + 1 < len(parts):
        k = parts[i].lower()
        if k == "providers":
            out["provider"] = parts[i + 1]
            i += 2
            continue
        out[k] = parts[i + 1]
        out["_last"] = k
        i += 2
    return out


def classify(item: Item) -> str | None:
    """The lower-case collection an item belongs to: from its id, else from its type.

    Site Recovery's ``type`` is not always the full path (a container mapping says
    ``Microsoft.RecoveryServices/vaults/replicationProtectionContainerMappings``) and
    some examples carry a test namespace (``Microsoft.RecoveryServicesBVTD2``), so the id
    decides when it is an ARM path.
    """
    obj = item.obj
    last = arm_parts(obj.get("id")).get("_last")
    if last:
        return last
    t = obj.get("type")
    if isinstance(t, str) and "/" in t:
        return t.rsplit("/", 1)[1].lower()
    return None
