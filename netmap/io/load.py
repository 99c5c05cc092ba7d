"""Reading topology files and writing files whole.

``load(path)`` reads a ``netmap: 1`` file (YAML, or JSON for ``.json``), checks it
completely and returns the graph of :mod:`netmap.model.contract`. A file with problems raises
:class:`~netmap.errors.TopologyError` holding *every* problem found, each with the file,
the line and the object path. Lines are found in a second pass that runs only when
there is something to report, so a good file costs one parse.

Examples
--------
>>> from netmap.io.load import load, example_path
>>> G = load(example_path())
>>> G.nodes[("vm", "VM1")]["kind"]
'vm'
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import tempfile
from importlib import resources

import networkx as nx
import yaml

from netmap.errors import Problem, TopologyError
from netmap._runtime.gc import paused
from netmap.model.ip import parse_ip
from netmap.model.graph import build_graph
from netmap.io.schema import FORMAT, check_shape, suggest

__all__ = [
    "check_topology",
    "example_path",
    "load",
    "parse_text",
    "read_topology",
    "write_atomic",
]

try:  # the C loader is much faster; both construct plain data only
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

#: a YAML file whose aliases add more than this many values when expanded is refused
MAX_EXPANDED = 5_000_000


def example_path():
    """Path of the bundled example topology (the seed's Beijing/Shanghai example)."""
    return str(resources.files("netmap") / "data" / "beijing-shanghai.yaml")


def write_atomic(path, data, mode="w"):
    """Write ``data`` (str or bytes) to ``path`` whole or not at all."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".netmap-", dir=folder)
    try:
        with os.fdopen(fd, "wb" if isinstance(data, bytes) else "w",
                       **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as f:
            f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# --------------------------------------------------------------------------- parsing

def _is_json(path):
    return str(path).lower().endswith(".json")


def parse_text(text, path="<string>"):
    """Parse topology text (JSON when ``path`` ends in .json, else YAML) to plain data.

    Raises :class:`TopologyError` for a syntax error, a YAML file nested too deeply or
    one whose aliases expand too far (an "alias bomb"), and duplicate keys in YAML.

    >>> parse_text('{"netmap": 1}', "t.json")
    {'netmap': 1}
    >>> parse_text("netmap: 1\\nnetmap: 1\\n", "t.yaml")
    Traceback (most recent call last):
    ...
    netmap.errors.TopologyError: error: t.yaml:2: duplicate key 'netmap' (first on line 1)
    """
    data, problems = _parse(text, path)
    if problems:
        raise TopologyError(problems)
    return data


def _parse(text, path):
    """``(data, problems)``: problems the data can still be checked past (duplicate keys)."""
    if _is_json(path):
        try:
            return json.loads(text), []
        except json.JSONDecodeError as e:
            raise TopologyError([Problem(path, e.lineno, "", f"invalid JSON: {e.msg}")]) \
                from None
        except RecursionError:
            raise TopologyError([Problem(path, None, "", "invalid JSON: nested too deeply")]) \
                from None
    _refuse_deep_yaml(text, path)
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        raise TopologyError([Problem(path, *_yaml_syntax(e, text))]) from None
    except yaml.YAMLError as e:
        raise TopologyError([Problem(path, None, "", f"invalid YAML: {e}")]) from None
    except RecursionError:
        raise TopologyError([Problem(path, None, "", "invalid YAML: nested too deeply")]) \
            from None
    finally:
        loader.dispose()
    _refuse_alias_bombs(data, path)
    problems = [Problem(path, line, "", f"duplicate key '{key}' (first on line {first})")
                for line, key, first in loader.duplicate_keys]
    return data, problems


def _yaml_syntax(e, text):
    """``(line, "", message)`` of a YAML syntax error, naming where its context starts."""
    mark = e.problem_mark or e.context_mark
    line = mark.line + 1 if mark else None
    what = e.problem or e.context or "syntax error"
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        what += " (a tab: YAML indents with spaces only)"
    if e.context and e.problem:
        ctx = e.context
        if e.context_mark is not None and e.context_mark.line + 1 != line:
            ctx += f" that starts on line {e.context_mark.line + 1}"
        what += f" ({ctx})"
    return line, "", f"invalid YAML: {what}"


class _Loader(_BaseLoader):
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
                        seen[key] = k.start_mark.line + 1
                    else:
                        self.duplicate_keys.append((k.start_mark.line + 1, k.value, first))
        return super().construct_mapping(node, deep=deep)


#: YAML nested deeper than this is refused before it is loaded (a netmap file needs 6)
MAX_DEPTH = 100


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
    loader = _BaseLoader(text)
    try:
        while loader.check_event():
            ev = loader.get_event()
            if isinstance(ev, start):
                depth += 1
                if depth > MAX_DEPTH:
                    line = ev.start_mark.line + 1 if ev.start_mark else None
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
            path, mark.line + 1 if mark else None, "",
            f"invalid YAML: nested more than {MAX_DEPTH} levels deep")]) from None
    finally:
        loader.dispose()


def _refuse_alias_bombs(data, path):
    """Refuse data whose aliases expand it by more than :data:`MAX_EXPANDED` values.

    Aliases make PyYAML share one object in many places, so loading is quick, but every
    later walk over the data (and the graph) would visit each share again. We count the
    values as a walk would see them and compare with the values actually held; a big
    file without aliases is never refused.
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
        n = held + MAX_EXPANDED + 1
    if n - held > MAX_EXPANDED:
        raise TopologyError([Problem(path, None, "", "refused: YAML aliases expand this file "
                                     f"by more than {MAX_EXPANDED:,} values (an alias bomb?)")])


# --------------------------------------------------------------------------- lines

class _Loc:
    """A located value: line, and children by key or index (with each key's line)."""

    __slots__ = ("children", "key_lines", "line")

    def __init__(self, line, children=None, key_lines=None):
        self.line = line
        self.children = children
        self.key_lines = key_lines


def _yaml_locate_tree(text):
    try:
        root = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return None
    memo = {}  # aliased nodes are shared: convert each once

    def conv(node, depth=0):
        got = memo.get(id(node))
        if got is not None:
            return got
        line = node.start_mark.line + 1
        if depth > MAX_DEPTH:
            return _Loc(line)
        memo[id(node)] = loc = _Loc(line)
        if isinstance(node, yaml.MappingNode):
            ch, kl = {}, {}
            for k, v in node.value:
                key = _yaml_key(k)  # of duplicate keys the last wins, as in the data
                ch[key] = conv(v, depth + 1)
                kl[key] = k.start_mark.line + 1
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
        return yaml.load(k.value, Loader=_BaseLoader) if not k.style else k.value
    except yaml.YAMLError:
        return k.value


_WS = re.compile(r"[ \t\n\r]*")
_NUM = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")


def _json_locate_tree(text):
    """Parse JSON text into a :class:`_Loc` tree (lines only; values are not kept)."""
    from json.decoder import scanstring

    pos = 0
    n = len(text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    import bisect

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
                return _Loc(line, ch, kl), p + 1
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
                ch[key], kl[key] = v, kline
                p = ws(p)
                if text[p] == ",":
                    p += 1
                    continue
                if text[p] == "}":
                    return _Loc(line, ch, kl), p + 1
                raise ValueError
        if c == "[":
            items = []
            p = ws(p + 1)
            if text[p] == "]":
                return _Loc(line, items), p + 1
            while True:
                v, p = value(p, depth + 1)
                items.append(v)
                p = ws(p)
                if text[p] == ",":
                    p += 1
                    continue
                if text[p] == "]":
                    return _Loc(line, items), p + 1
                raise ValueError
        if c == '"':
            _, p = scanstring(text, p + 1)
            return _Loc(line), p
        for word in ("true", "false", "null", "NaN", "Infinity", "-Infinity"):
            if text.startswith(word, p):
                return _Loc(line), p + len(word)
        m = _NUM.match(text, p)
        if m:
            return _Loc(line), m.end()
        raise ValueError

    try:
        root, pos = value(pos, 0)
        return root
    except (ValueError, IndexError):
        return None


def _line_of(tree, path):
    """The line of ``path`` in a located tree: the deepest part of the path found.

    A step into a mapping gives the line of the key (``nics:`` rather than the first NIC
    below it); a step into a list gives the line where the item starts.
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


def show_path(data, path):
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
                out += f" ({cur['name']})"
        else:
            word = "null" if step is None else str(step)
            out += ("." if out else "") + word
            cur = cur.get(step) if type(cur) is dict and _hashable(step) else None
    return out


# --------------------------------------------------------------------------- references

_KIND_WORD = {
    "sites": "site", "vmm_servers": "VMM server", "logical_networks": "logical network",
    "vm_networks": "VM network", "azure_networks": "Azure network", "clouds": "cloud",
    "hosts": "host", "vms": "VM", "recovery_plans": "recovery plan",
}


def _items(data, kind):
    """(index, object) for the well-formed objects of a top-level list."""
    lst = data.get(kind)
    if type(lst) is not list:
        return []
    return [(i, o) for i, o in enumerate(lst) if type(o) is dict]


def _str(x):
    return type(x) is str and x != ""


def check_references(data):
    """Check names and references of a topology whose shape may be partly wrong.

    Returns a list of ``(path, message)``; objects of the wrong shape are skipped (the
    shape check reports them).
    """
    out = []
    add = out.append
    names = {}
    for kind, word in _KIND_WORD.items():
        seen = {}
        for i, o in _items(data, kind):
            n = o.get("name")
            if not _str(n):
                continue
            if n in seen:
                add(((kind, i, "name"), (f"duplicate {word} name '{n}' "
                                        f"(first at {kind}[{seen[n]}])")))
            else:
                seen[n] = i
        names[kind] = seen
    nets = {}
    for kind in ("vm_networks", "azure_networks"):
        for n, i in names[kind].items():
            if n in nets and nets[n][0] != kind:
                add(((kind, i, "name"), (f"network name '{n}' is used by both a VM network and "
                                        "an Azure network; network names must be unique")))
            nets.setdefault(n, (kind, i))
    site_kind = {}
    for i, o in _items(data, "sites"):
        if _str(o.get("name")):
            site_kind[o["name"]] = o.get("kind", "onprem")

    def ref(path, value, kind, what=None):
        if not _str(value):
            return False
        pool = names[kind] if kind != "networks" else nets
        if value in pool:
            return True
        word = what or _KIND_WORD.get(kind, "network")
        add((path, f"unknown {word} '{value}'" + suggest(value, pool)))
        return False

    def refs(path, values, kind):
        if type(values) is list:
            for j, v in enumerate(values):
                ref(path + (j,), v, kind)

    for i, o in _items(data, "vmm_servers"):
        ref(("vmm_servers", i, "site"), o.get("site"), "sites")
    for kind in ("logical_networks", "clouds"):
        for i, o in _items(data, kind):
            ref((kind, i, "vmm"), o.get("vmm"), "vmm_servers")
            if "site" in o:
                ref((kind, i, "site"), o.get("site"), "sites")
    for i, o in _items(data, "clouds"):
        refs(("clouds", i, "logical_networks"), o.get("logical_networks"), "logical_networks")
    subnets_of = {}
    for kind in ("vm_networks", "azure_networks"):
        for i, o in _items(data, kind):
            if kind == "vm_networks":
                ref((kind, i, "logical_network"), o.get("logical_network"), "logical_networks")
            else:
                if ref((kind, i, "site"), o.get("site"), "sites") and \
                        site_kind.get(o["site"]) != "azure":
                    add(((kind, i, "site"), (f"site '{o['site']}' of an Azure network must be "
                                            "an Azure site (kind: azure)")))
                gw = o.get("gateway")
                if type(gw) is dict:
                    refs((kind, i, "gateway", "sites"), gw.get("sites"), "sites")
            subs = o.get("subnets")
            seen = {}
            if type(subs) is list:
                for j, s in enumerate(subs):
                    if type(s) is not dict:
                        continue
                    sn = s.get("name")
                    if _str(sn):
                        if sn in seen:
                            add(((kind, i, "subnets", j, "name"),
                                 f"duplicate subnet name '{sn}' in network '{o.get('name')}'"))
                        seen[sn] = s
                    p = s.get("prefix")
                    if _str(p):
                        try:
                            ipaddress.ip_network(p, strict=True)
                        except ValueError as e:
                            hint = ""
                            try:
                                hint = (f" (did you mean "
                                        f"'{ipaddress.ip_network(p, strict=False)}'?)")
                            except ValueError:
                                pass
                            add(((kind, i, "subnets", j, "prefix"),
                                 f"invalid CIDR prefix '{p}': {e}{hint}"))
            if _str(o.get("name")):
                subnets_of[o["name"]] = seen
    for i, o in _items(data, "protection"):
        ref(("protection", i, "protected"), o.get("protected"), "clouds")
        if "protecting" in o:
            ref(("protection", i, "protecting"), o.get("protecting"), "clouds")
        if "azure" in o and ref(("protection", i, "azure"), o.get("azure"), "sites") \
                and site_kind.get(o["azure"]) != "azure":
            add((("protection", i, "azure"), (f"site '{o['azure']}' is not an Azure site "
                                             "(kind: azure)")))
        if _str(o.get("protected")) and o.get("protected") == o.get("protecting"):
            add((("protection", i, "protecting"), "a cloud cannot protect itself"))
    seen = {}
    for i, o in _items(data, "protection"):
        p = o.get("protected")
        if _str(p):
            if p in seen:
                add((("protection", i, "protected"), (f"cloud '{p}' is already protected "
                                                     f"(protection[{seen[p]}])")))
            seen.setdefault(p, i)
    for i, o in _items(data, "hosts"):
        ref(("hosts", i, "vmm"), o.get("vmm"), "vmm_servers")
        refs(("hosts", i, "clouds"), o.get("clouds"), "clouds")
        refs(("hosts", i, "logical_networks"), o.get("logical_networks"), "logical_networks")
    mapped = {}
    for i, o in _items(data, "network_mappings"):
        s, t = o.get("source"), o.get("target")
        ok_s = ref(("network_mappings", i, "source"), s, "networks")
        ok_t = ref(("network_mappings", i, "target"), t, "networks")
        if ok_s and ok_t and s == t:
            add((("network_mappings", i, "target"), f"network '{s}' is mapped onto itself"))
        if ok_s:
            if s in mapped:
                add((("network_mappings", i, "source"),
                     (f"network '{s}' is mapped twice (first at network_mappings[{mapped[s]}]);"
                     " a source network has at most one target")))
            mapped.setdefault(s, i)
    for i, o in _items(data, "links"):
        ns = o.get("networks")
        if type(ns) is list:
            refs(("links", i, "networks"), ns, "networks")
            if len(ns) == 2 and ns[0] == ns[1] and _str(ns[0]):
                add((("links", i, "networks"), f"a link joins network '{ns[0]}' to itself"))
    vm_nets = names["vm_networks"]
    for i, o in _items(data, "vms"):
        ref(("vms", i, "cloud"), o.get("cloud"), "clouds")
        if "host" in o:
            ref(("vms", i, "host"), o.get("host"), "hosts")
        deps = o.get("depends_on")
        refs(("vms", i, "depends_on"), deps, "vms")
        if type(deps) is list and o.get("name") in deps:
            add((("vms", i, "depends_on"), f"VM '{o['name']}' depends on itself"))
        nics = o.get("nics")
        if type(nics) is not list:
            continue
        for j, nic in enumerate(nics):
            if type(nic) is not dict:
                continue
            net = nic.get("network")
            if not _str(net):
                continue
            if net not in vm_nets:
                if net in nets:
                    add((("vms", i, "nics", j, "network"),
                         f"'{net}' is an Azure network; a NIC joins a VM network"))
                else:
                    add((("vms", i, "nics", j, "network"),
                         f"unknown VM network '{net}'" + suggest(net, vm_nets)))
                continue
            sub = nic.get("subnet")
            subs = subnets_of.get(net, {})
            if _str(sub) and sub not in subs:
                add((("vms", i, "nics", j, "subnet"),
                     f"network '{net}' has no subnet '{sub}'" + suggest(sub, subs)))
            ip = nic.get("ip")
            if _str(ip) and parse_ip(ip) is None:
                add((("vms", i, "nics", j, "ip"), f"invalid IP address '{ip}'"))
    for i, o in _items(data, "recovery_plans"):
        groups = o.get("groups")
        if type(groups) is not list:
            continue
        seen = {}
        for g, group in enumerate(groups):
            if type(group) is not list:
                continue
            for j, vm in enumerate(group):
                path = ("recovery_plans", i, "groups", g, j)
                if ref(path, vm, "vms"):
                    if vm in seen:
                        add((path, f"VM '{vm}' is listed twice in this plan"))
                    seen[vm] = g
    return out


def check_topology(data, path="<string>", text=None, problems=()):
    """Check parsed data completely; raise :class:`TopologyError` listing every problem.

    ``text`` (the file's text) lets the error name lines; ``problems`` are
    :class:`~netmap.errors.Problem` s found while parsing, reported with the others.
    Problems are sorted by line.

    >>> check_topology({"netmap": 1, "sites": [{"name": "A"}, {"name": "A"}]}, "t.yaml")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    netmap.errors.TopologyError: error: t.yaml: sites[1] (A).name: duplicate site name 'A' ...
    """
    found = check_shape(data)
    if type(data) is dict:
        found += check_references(data)
    if not found:
        if problems:
            raise TopologyError(sorted(problems, key=lambda pr: pr.line or 0))
        return
    tree = None
    if text is not None:
        tree = _json_locate_tree(text) if _is_json(path) else _yaml_locate_tree(text)
    out = list(problems)
    for p, msg in found:
        out.append(Problem(path, _line_of(tree, p), show_path(data, p), msg))
    out = sorted(set(out), key=lambda pr: (pr.line or 0, pr.path, pr.message))
    raise TopologyError(out)


def read_topology(path):
    """Read and check a topology file; return its plain data."""
    path = os.fspath(path)
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise TopologyError([Problem(path, None, "", f"cannot read file: {e.strerror}")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise TopologyError([Problem(path, line, "", "file is not UTF-8 text")])
    data, problems = _parse(text, path)
    check_topology(data, path, text, problems)
    return data


def load(path):
    """Load a topology file into the netmap graph (see :mod:`netmap.model.contract`).

    Raises :class:`~netmap.errors.TopologyError` with every problem found.
    """
    with paused():
        return nx.freeze(build_graph(read_topology(path), source=os.fspath(path)))


def loads(text, path="<string>.yaml"):
    """Load topology text; ``path`` (its name) picks JSON or YAML and names errors.

    >>> G = loads("netmap: 1\\nsites: [{name: A}]\\n")
    >>> list(G.nodes)
    [('site', 'A')]
    """
    data, problems = _parse(text, path)
    check_topology(data, path, text, problems)
    return nx.freeze(build_graph(data, source=path))


assert set(FORMAT) >= set(_KIND_WORD)
