"""A VMM inventory in ``netmap-vmm/1`` (source 2 of ``netmap import``): one VMM server.

``netmap collect vmm`` prints the PowerShell script that writes it, one file per VMM
server; its JSON Schema ships with netmap (:func:`netmap.io.vmm_schema.vmm_schema`, where
every property names the VMM cmdlet and property it comes from). References between
objects are ``{"id", "name"}`` pairs, joined by id. A null value means VMM did not say
(unknown); an empty list means none.

A host is a member of a cloud when its host group is one of the cloud's host groups or
below one (VMM scopes a cloud on host groups).
"""

from __future__ import annotations

import ipaddress
from functools import cache

from netmap.io.importer.jsonschema_lite import compile_schema
from netmap.io.importer.read import Ctx, Item, read_json
from netmap.io.vmm_schema import VMM_FORMAT as FORMAT, vmm_schema

__all__ = ["FORMAT", "VmmFacts", "read_vmm"]


class VmmFacts:
    """One VMM server's inventory."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.name: str | None = None
        self.id: str | None = None
        self.logical: list[dict] = []
        self.vm_networks: list[dict] = []
        self.clouds: list[dict] = []
        self.hosts: list[dict] = []
        self.vms: list[dict] = []
        self.index: dict = {}  # (kind, key) -> {lower-case key: object} (merge builds it)


def _ip(text, it, sub):
    try:
        return str(ipaddress.ip_address(text.strip()))
    except (ValueError, AttributeError):
        it.warn(sub, f"'{text}' is not an IP address; left out")
        return None


def _strs(it, key):
    out = []
    lst = it.get(key, kind=list)
    for j, x in enumerate(lst or ()):
        if isinstance(x, str) and x:
            out.append(x)
        else:
            it.problem((key, j), "expected a non-empty string")
    return None if lst is None else out


@cache
def _checker():
    return compile_schema(vmm_schema())


def errors(data):
    """``(path, message)`` of every place ``data`` breaks the netmap-vmm/1 schema."""
    out = []
    _checker()(data, (), out)
    return out


def _ref(it, key):
    """``(id, name)`` of a ``{"id", "name"}`` reference (None when null)."""
    r = it.get(key, kind=dict)
    if r is None:
        return None
    rid, name = r.get("id"), r.get("name")
    if not (isinstance(name, str) and name):
        it.problem((key, "name"), "expected a non-empty string")
        return None
    return (rid.lower() if isinstance(rid, str) else None, name)


def _refs(it, key):
    lst = it.get(key, kind=list)
    if lst is None:
        return None
    out = []
    for j, r in enumerate(lst):
        if isinstance(r, dict) and isinstance(r.get("name"), str) and r["name"]:
            out.append((r["id"].lower() if isinstance(r.get("id"), str) else None,
                        r["name"]))
        else:
            it.problem((key, j), "expected an object {id, name}")
    return out


def read_vmm(path: str, ctx: Ctx) -> VmmFacts | None:
    """Read one ``netmap-vmm/1`` file (problems and warnings go to ``ctx``)."""
    got = read_json(path, ctx)
    if got is None:
        return None
    src, data = got
    root = Item(src, (), data)
    if not isinstance(data, dict):
        root.problem((), "expected a netmap-vmm/1 inventory object, got "
                         f"{'a list' if isinstance(data, list) else 'a ' + type(data).__name__}")
        return None
    if data.get("format") != FORMAT:
        root.problem(("format",) if "format" in data else (),
                     f"not a VMM inventory: 'format' is {data.get('format')!r}, expected "
                     f"'{FORMAT}' (netmap collect vmm prints the script that writes it)")
        return None
    bad = False
    for where, message in errors(data):  # exactly what the shipped schema accepts
        root.problem(where, message + " (netmap-vmm/1 schema)")
        bad = True
    if bad:
        return None
    f = VmmFacts(path)
    f.name = root.get("vmm_server", "name")
    f.id = root.get("vmm_server", "id")
    if f.name is None:
        root.problem(("vmm_server",), "missing the VMM server's name (vmm_server.name)")
        return None
    lns = {}
    for it in root.children("logical_networks"):
        if it.get("name"):
            lid = _k(it.get("id"))
            f.logical.append({"name": it.get("name"), "id": lid, "item": it})
            if lid:
                lns[lid] = it.get("name")
        else:
            it.problem(("name",), "a logical network without a name")

    def ln_name(ref):
        return None if ref is None else lns.get(ref[0], ref[1]) if ref[0] else ref[1]

    nets = {}
    for it in root.children("vm_networks"):
        if not it.get("name"):
            it.problem(("name",), "a VM network without a name")
            continue
        subs = []
        for s in it.children("subnets"):
            if not s.get("name"):
                s.problem(("name",), "a subnet without a name")
                continue
            d = {"name": s.get("name")}
            ranges = s.children("subnets")
            if ranges and ranges[0].get("subnet"):
                try:
                    d["prefix"] = str(ipaddress.ip_network(ranges[0].get("subnet").strip(),
                                                           strict=False))
                except ValueError:
                    ranges[0].problem(("subnet",), f"'{ranges[0].get('subnet')}' is not a "
                                                   "CIDR prefix")
            pools = s.children("pools")
            if pools:
                pl = pools[0]
                if len(pools) > 1:
                    s.warn(("pools",), f"{len(pools)} static IP pools: netmap reads one pool "
                                       "per subnet, the first")
                gws = [g for g in (pl.get("gateways", kind=list) or ()) if isinstance(g, str)]
                if gws:
                    d["gateway"] = _ip(gws[0], pl, ("gateways", 0))
                if pl.get("start") and pl.get("end"):
                    d["pool"] = {"start": _ip(pl.get("start"), pl, ("start",)),
                                 "end": _ip(pl.get("end"), pl, ("end",))}
                    res = [_ip(x.strip(), pl, ("reserved",))
                           for x in (pl.get("reserved") or "").split(",") if x.strip()]
                    if any(res):
                        d["pool"]["reserved"] = sorted({x for x in res if x},
                                                       key=ipaddress.ip_address)
            subs.append({k: v for k, v in d.items() if v is not None})
        ln = _ref(it, "logical_network")
        rec = {"name": it.get("name"), "id": _k(it.get("id")), "logical_network": ln_name(ln),
               "logical_network_id": ln[0] if ln else None,
               "isolation": it.get("isolation_type"), "subnets": subs, "item": it}
        f.vm_networks.append(rec)
        if rec["id"]:
            nets[rec["id"]] = rec["name"]
    clouds = {}
    for it in root.children("clouds"):
        if not it.get("name"):
            it.problem(("name",), "a cloud without a name")
            continue
        refs = _refs(it, "logical_networks")
        c = {"name": it.get("name"), "id": _k(it.get("id")),
             "logical_networks": None if refs is None else sorted({ln_name(r) for r in refs}),
             "host_groups": _strs(it, "host_groups") or [], "item": it}
        f.clouds.append(c)
        if c["id"]:
            clouds[c["id"]] = c["name"]
    hosts = {}
    for it in root.children("hosts"):
        if not it.get("name"):
            it.problem(("name",), "a host without a name")
            continue
        refs = _refs(it, "logical_networks")
        mem = it.get("total_memory_bytes", kind=float)
        h = {"name": it.get("name"), "id": _k(it.get("id")), "host_group": it.get("host_group"),
             "logical_networks": None if refs is None else sorted({ln_name(r) for r in refs}),
             "memory_gb": None if mem is None else _num(mem / 2**30),
             "vcpus": _num(it.get("logical_processors", kind=float)), "item": it}
        f.hosts.append(h)
        if h["id"]:
            hosts[h["id"]] = h["name"]

    def named(ref, table):
        return None if ref is None else table.get(ref[0], ref[1]) if ref[0] else ref[1]

    for it in root.children("vms"):
        if not it.get("name"):
            it.problem(("name",), "a VM without a name")
            continue
        nics = []
        for n in sorted(it.children("nics"),
                        key=lambda n: n.get("slot", kind=float) or 0):
            ips = [x for x in (_ip(a, n, ("ipv4_addresses",))
                               for a in _strs(n, "ipv4_addresses") or ()) if x]
            t = (n.get("ipv4_address_type") or "").lower()
            mode = "static" if t == "static" else "dhcp" if t == "dynamic" else None
            sub = _ref(n, "vm_subnet")
            nics.append({"network": named(_ref(n, "vm_network"), nets),
                         "subnet": sub[1] if sub else None, "ip": ips[0] if ips else None,
                         "ip_mode": mode, "item": n})
        mem = it.get("memory_mb", kind=float)
        f.vms.append({"name": it.get("name"), "id": _k(it.get("id")),
                      "cloud": named(_ref(it, "cloud"), clouds),
                      "host": named(_ref(it, "host"), hosts),
                      "memory_gb": None if mem is None else _num(mem / 1024),
                      "vcpus": _num(it.get("cpu_count", kind=float)),
                      "nics": nics if isinstance(it.obj.get("nics"), list) else None,
                      "item": it})
    return f


def _k(x):
    return x.lower() if isinstance(x, str) else None


def _num(x):
    """A size as written by hand: 256 rather than 256.0 (None stays None)."""
    if x is None:
        return None
    x = round(x, 3)
    return int(x) if float(x).is_integer() else x


def hosts_in(group: str | None, scopes: list[str]) -> bool:
    """Is host group ``group`` one of ``scopes`` or below one (paths split by ``\\``)?

    >>> hosts_in("All Hosts\\\\Beijing\\\\Rack1", ["All Hosts\\\\Beijing"])
    True
    >>> hosts_in("All Hosts\\\\Beijing2", ["All Hosts\\\\Beijing"])
    False
    """
    if not group:
        return False
    g = group.lower().rstrip("\\")
    return any(g == s.lower().rstrip("\\") or g.startswith(s.lower().rstrip("\\") + "\\")
               for s in scopes)
