"""The topology file format ``netmap: 1``: its shape, checked field by field.

The format is declared once, in :data:`FORMAT`, and that declaration serves twice: the
structural check of a loaded file (:func:`check_shape`) and the JSON Schema that
``netmap schema`` prints (:func:`json_schema`). Cross-references (does the cloud a VM
names exist?) are checked afterwards, in :mod:`netmap.io.references`.

Examples
--------
>>> problems = check_shape({"netmap": 1, "vms": [{"name": "VM1", "clod": "C"}]})
>>> [(p[0], p[1]) for p in problems]  # doctest: +NORMALIZE_WHITESPACE
[(('vms', 0, 'clod'), "unknown key 'clod' (did you mean 'cloud'?)"),
 (('vms', 0), "give exactly one of 'cloud' or 'site' (neither given)")]
"""

from __future__ import annotations

import math
import unicodedata

from typing import ClassVar

from netmap._runtime.text import escape_character, unsafe_character
from netmap.model.names import suggest

__all__ = ["FORMAT", "MAX_NAME_LENGTH", "TOP_LEVEL_LISTS", "check_shape", "json_schema"]


#: the longest name (or other string) a topology may hold, in characters
MAX_NAME_LENGTH = 256


class Str:
    json: ClassVar[dict] = {"type": "string", "minLength": 1, "maxLength": MAX_NAME_LENGTH}


_CATEGORY_WORDS = {"Cc": "a control character", "Cf": "a format character",
                   "Cs": "half of a surrogate pair", "Zl": "a line separator",
                   "Zp": "a paragraph separator"}


def _name_problem(value: str) -> str | None:
    """What the input policy refuses in a string: too long, or a character that is not
    printable text (a control, format or separator character, a lone surrogate)."""
    if len(value) > MAX_NAME_LENGTH:
        return (f"a name is at most {MAX_NAME_LENGTH} characters, got {len(value):,} "
                f"('{value[:20]}...')")
    ch = unsafe_character(value)
    if ch is None:
        return None
    return (f"contains {escape_character(ch)} ({_CATEGORY_WORDS[unicodedata.category(ch)]}), "
            "which a name cannot hold")


#: the largest size or capacity a topology may give: 2**53, the largest integer a JSON
#: reader keeps exactly (a larger one is a typo, and it broke arithmetic and writers)
MAX_NUMBER = 2 ** 53


class Num:
    json: ClassVar[dict] = {"type": "number", "minimum": 0, "maximum": MAX_NUMBER}


class Enum:
    def __init__(self, *values):
        self.values = values
        self.json = {"enum": list(values)}


class ListOf:
    def __init__(self, item, exact=None):
        self.item = item
        self.exact = exact


class Obj:
    """An object with fields ``{name: (type, required)}``."""

    def __init__(self, fields, one_of=(), description=""):
        self.fields = fields
        self.required = tuple(k for k, (_, req) in fields.items() if req)
        self.allowed = frozenset(fields)
        # groups of field names, of each of which exactly one must be given (a single
        # group may be given as a tuple of names)
        self.one_of = (one_of,) if one_of and isinstance(one_of[0], str) else tuple(one_of)
        self.description = description


SUBNET = Obj({"name": (Str, True), "prefix": (Str, False)})
POOL = Obj({"start": (Str, True), "end": (Str, True), "reserved": (ListOf(Str), False)},
           description="A VMM static IP address pool: the range replicas take addresses "
                       "from, without the reserved addresses.")
#: a VM network's subnet: an Azure subnet has neither a gateway nor a pool to give (Azure
#: reserves its own addresses, R3)
VM_SUBNET = Obj({"name": (Str, True), "prefix": (Str, False), "gateway": (Str, False),
                 "pool": (POOL, False)})
SIZE = Obj({"memory_gb": (Num, False), "vcpus": (Num, False)})
#: a NIC's own target settings (Site Recovery's "Compute and Network"): R3 ``replica``,
#: R9 ``test``; each field overrides what the rules would choose
NIC_SETTINGS = Obj({"network": (Str, False), "subnet": (Str, False), "ip": (Str, False)},
                   description="A NIC's configured target network, subnet and static "
                               "address (each optional).")
NIC = Obj({"network": (Str, True), "subnet": (Str, False), "ip": (Str, False),
           "ip_mode": (Enum("static", "dhcp"), False),
           "replica": (NIC_SETTINGS, False), "test": (NIC_SETTINGS, False)})

FORMAT = {
    "sites": Obj({"name": (Str, True), "kind": (Enum("onprem", "azure"), False)},
                 description="A location: an on-premises datacenter or an Azure region."),
    "vmm_servers": Obj({"name": (Str, True), "site": (Str, True)},
                       description="A System Center VMM server."),
    "logical_networks": Obj({"name": (Str, True), "vmm": (Str, True), "site": (Str, False)},
                            description="A VMM logical network; site defaults to the VMM's."),
    "vm_networks": Obj({"name": (Str, True), "logical_network": (Str, False),
                        "vmm": (Str, False), "isolation": (Enum("none", "vlan", "wnv"), False),
                        "subnets": (ListOf(VM_SUBNET), False)},
                       description="A VMM VM network; subnet order matters; isolation: "
                                   "none, vlan or wnv (network virtualization). Without "
                                   "logical_network (unknown), vmm names its VMM server."),
    "azure_networks": Obj({"name": (Str, True), "site": (Str, True),
                           "subnets": (ListOf(SUBNET), False),
                           "gateway": (Obj({"sites": (ListOf(Str), True)}), False)},
                          description="An Azure virtual network, optionally with a gateway."),
    "clouds": Obj({"name": (Str, True), "vmm": (Str, False), "site": (Str, False),
                   "logical_networks": (ListOf(Str), False)},
                  description="A VMM cloud (or a Hyper-V site's container: site, no vmm) and "
                              "the logical networks associated with it (absent: unknown)."),
    "protection": Obj({"protected": (Str, False), "region": (Str, False),
                       "protecting": (Str, False), "azure": (Str, False)},
                      one_of=(("protected", "region"), ("protecting", "azure")),
                      description="A protected cloud and its protecting cloud or Azure "
                                  "site, or a protected Azure region and its Azure "
                                  "recovery region."),
    "hosts": Obj({"name": (Str, True), "vmm": (Str, True), "clouds": (ListOf(Str), False),
                  "logical_networks": (ListOf(Str), False), "capacity": (SIZE, False)},
                 description="A Hyper-V host."),
    "network_mappings": Obj({"source": (Str, True), "target": (Str, True)},
                            description="A directional network mapping: a source maps to "
                                        "at most one network per site."),
    "links": Obj({"networks": (ListOf(Str, exact=2), True),
                  "kind": (Enum("routed", "peering"), False)},
                 description="Connectivity between two networks: routed (default) or a "
                             "peering (not transitive)."),
    "vms": Obj({"name": (Str, True), "cloud": (Str, False), "site": (Str, False),
                "host": (Str, False),
                "replica_host": (Str, False),
                "size": (SIZE, False), "nics": (ListOf(NIC), False),
                "depends_on": (ListOf(Str), False)},
               one_of=("cloud", "site"),
               description="A virtual machine: a VMM VM in a cloud, or an Azure VM in "
                           "a region."),
    "recovery_plans": Obj({"name": (Str, True), "groups": (ListOf(ListOf(Str)), False)},
                          description="A recovery plan; groups boot in order."),
    "unknown": Obj({"object": (Str, True), "field": (Str, True), "reason": (Str, True),
                    "supply_with": (Str, True)},
                   description="A fact no source gave (netmap import): the object and field, "
                               "why, and which export or override supplies it."),
}
TOP_LEVEL_LISTS = tuple(FORMAT)
TOP_KEYS = ("netmap", "name") + TOP_LEVEL_LISTS


def _describe(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        text = str(value)
        return f"number {text}" if len(text) <= 40 else \
            f"number {text[:12]}... ({len(text)} digits)"
    if isinstance(value, str):
        return f"string '{value if len(value) <= 40 else value[:37] + '...'}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _key(k):
    """A mapping key as written in YAML (``~`` and an empty key load as None)."""
    return "null" if k is None else str(k)


def _check(value, spec, path, out):
    """Append (path, message) for every problem of ``value`` against ``spec``."""
    if spec is Str:
        if type(value) is not str or not value:
            hint = " (quote it)" if isinstance(value, (bool, int, float)) else ""
            out.append((path, f"expected a non-empty string, got {_describe(value)}{hint}"))
        else:
            why = _name_problem(value)
            if why:
                out.append((path, why))
        return
    if spec is Num:
        if type(value) not in (int, float) or not 0 <= value < math.inf:
            out.append((path, f"expected a non-negative number, got {_describe(value)}"))
        elif value > MAX_NUMBER:
            out.append((path, f"expected a number up to 2^53, got {_describe(value)}"))
        return
    if isinstance(spec, Enum):
        if value not in spec.values:
            allowed = ", ".join(spec.values)
            out.append((path, f"expected one of {allowed}, got {_describe(value)}"
                        + suggest(value, spec.values)))
        return
    if isinstance(spec, ListOf):
        if type(value) is not list:
            out.append((path, f"expected a list, got {_describe(value)}"))
            return
        if spec.exact is not None and len(value) != spec.exact:
            out.append((path, f"expected a list of exactly {spec.exact} items, got {len(value)}"))
        item = spec.item
        if item is Str:
            for i, v in enumerate(value):
                if type(v) is not str or not v or len(v) > MAX_NAME_LENGTH \
                        or not v.isprintable():
                    _check(v, Str, path + (i,), out)
        else:
            for i, v in enumerate(value):
                _check(v, item, path + (i,), out)
        return
    # Obj
    if type(value) is not dict:
        out.append((path, f"expected a mapping, got {_describe(value)}"))
        return
    if not value.keys() <= spec.allowed:
        for k in [k for k in value if k not in spec.allowed]:
            out.append((path + (k,), f"unknown key '{_key(k)}'" + suggest(_key(k), spec.fields)))
    for k in spec.required:
        if k not in value:
            out.append((path, f"missing required field '{k}'"))
    for group in spec.one_of:
        given = [k for k in group if k in value]
        if len(given) != 1:
            names = " or ".join(f"'{k}'" for k in group)
            what = "both" if given else "neither"
            out.append((path, f"give exactly one of {names} ({what} given)"))
    fields = spec.fields
    for k, v in value.items():
        f = fields.get(k)
        if f is None:
            continue
        t = f[0]
        if t is Str:
            if type(v) is not str or not v or len(v) > MAX_NAME_LENGTH or not v.isprintable():
                _check(v, Str, path + (k,), out)
        else:
            _check(v, t, path + (k,), out)


def check_shape(data):
    """Check a parsed topology's structure.

    Returns a list of ``(path, message)`` where path is a tuple of keys and indexes.
    """
    out = []
    if type(data) is not dict:
        return [((), (f"a topology must be a mapping with 'netmap: 1' at the top, got "
                     f"{_describe(data)}"))]
    for k in [k for k in data if k not in TOP_KEYS]:
        out.append(((k,), f"unknown key '{_key(k)}'" + suggest(_key(k), TOP_KEYS)))
    if "netmap" not in data:
        out.append(((), "missing 'netmap: 1' (the format version)"))
    elif data["netmap"] != 1 or isinstance(data["netmap"], bool):
        out.append((("netmap",), (f"unsupported format version {_describe(data['netmap'])};"
                                 " this netmap reads 'netmap: 1'")))
    if "name" in data and (type(data["name"]) is not str):
        out.append((("name",), f"expected a string, got {_describe(data['name'])}"))
    elif "name" in data and _name_problem(data["name"]):
        out.append((("name",), _name_problem(data["name"])))
    for kind, spec in FORMAT.items():
        lst = data.get(kind)
        if lst is None:
            continue
        if type(lst) is not list:
            _check(lst, ListOf(spec), (kind,), out)
            continue
        valid = _VALID[kind]
        for i, v in enumerate(lst):
            if not valid(v):  # word its problems (the fast check only says yes or no)
                _check(v, spec, (kind, i), out)
    return out


# -- the fast check: one closure per object type, compiled once from FORMAT ---------------
# ``_check`` interprets a spec for every value, which at 100,000 VMs is most of the shape
# check's time. ``_valid(spec)`` compiles a spec into a function that answers only "does
# ``_check`` find nothing wrong here?"; ``check_shape`` calls ``_check`` on the objects it
# says no to, so every message comes from ``_check`` alone. A yes must never hide a
# problem (tests/io/test_check_fast.py checks it against ``_check`` on every fixture and
# on mutated objects); a no on a good object only costs time.


def _valid_str(v):
    return type(v) is str and v != "" and len(v) <= MAX_NAME_LENGTH and v.isprintable()


def _valid_num(v):
    return (type(v) is int or type(v) is float) and 0 <= v <= MAX_NUMBER


def _valid(spec):
    """A function of a value: True only if ``_check(value, spec, ...)`` finds nothing."""
    if spec is Str:
        return _valid_str
    if spec is Num:
        return _valid_num
    if isinstance(spec, Enum):
        values = spec.values
        return lambda v: v in values
    if isinstance(spec, ListOf):
        exact = spec.exact
        if spec.item is Str:
            def valid_list(v):
                if type(v) is not list or exact is not None and len(v) != exact:
                    return False
                for x in v:
                    if type(x) is not str or x == "" or len(x) > MAX_NAME_LENGTH \
                            or not x.isprintable():
                        return False
                return True
        else:
            item = _valid(spec.item)

            def valid_list(v):
                if type(v) is not list or exact is not None and len(v) != exact:
                    return False
                for x in v:
                    if not item(x):
                        return False
                return True
        return valid_list
    # Obj: straight-line code, one test per field (a Str field's inline), made once
    env = {"MAX": MAX_NAME_LENGTH, "ALLOWED": spec.allowed, "_M": _MISSING}
    lines = ["def valid_obj(v):",
             "    if type(v) is not dict or not v.keys() <= ALLOWED:",
             "        return False"]
    for k in spec.required:
        lines += [f"    if {k!r} not in v:", "        return False"]
    for group in spec.one_of:
        given = " + ".join(f"({k!r} in v)" for k in group)
        lines += [f"    if {given} != 1:", "        return False"]
    for i, (k, (t, _)) in enumerate(spec.fields.items()):
        lines.append(f"    x = v.get({k!r}, _M)")
        if t is Str:
            lines += ["    if x is not _M and (type(x) is not str or x == '' or len(x) > MAX",
                      "                       or not x.isprintable()):"]
        else:
            env[f"f{i}"] = _valid(t)
            lines.append(f"    if x is not _M and not f{i}(x):")
        lines.append("        return False")
    lines.append("    return True")
    exec("\n".join(lines), env)  # code made here from FORMAT only, never from input
    return env["valid_obj"]


_MISSING = object()


#: top-level list -> the fast check of one of its objects
_VALID = {kind: _valid(spec) for kind, spec in FORMAT.items()}


def _to_json(spec, description=""):
    if spec is Str or spec is Num or isinstance(spec, Enum):
        return dict(spec.json)
    if isinstance(spec, ListOf):
        out = {"type": "array", "items": _to_json(spec.item)}
        if spec.exact is not None:
            out["minItems"] = out["maxItems"] = spec.exact
        return out
    out = {"type": "object", "additionalProperties": False,
           "properties": {k: _to_json(t) for k, (t, _) in spec.fields.items()}}
    if spec.required:
        out["required"] = list(spec.required)
    if len(spec.one_of) == 1:
        out["oneOf"] = [{"required": [k]} for k in spec.one_of[0]]
    elif spec.one_of:
        out["allOf"] = [{"oneOf": [{"required": [k]} for k in g]} for g in spec.one_of]
    if spec.description or description:
        out["description"] = spec.description or description
    return out


def json_schema():
    """The JSON Schema (draft 2020-12) of the topology format.

    >>> s = json_schema()
    >>> s["required"], s["properties"]["netmap"]
    (['netmap'], {'const': 1})
    """
    props = {"netmap": {"const": 1},
             "name": {"type": "string", "maxLength": MAX_NAME_LENGTH}}
    for kind, spec in FORMAT.items():
        # an empty top-level list may be left blank (``vms:``), which YAML reads as null
        props[kind] = {"type": ["array", "null"], "items": _to_json(spec)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://netmap.invalid/schema/netmap-1.json",
        "title": "netmap topology (netmap: 1)",
        "type": "object",
        "additionalProperties": False,
        "required": ["netmap"],
        "properties": props,
    }
