"""A VMM inventory in ``netmap-vmm/1`` (source 2 of ``netmap import``): one VMM server.

``netmap collect vmm`` prints the PowerShell script that writes it, one file per VMM
server, from the documented VMM cmdlets. The shape (every list optional)::

    {"format": "netmap-vmm/1",
     "vmm_server": {"name": "vmm01.contoso.com", "id": "..."},
     "logical_networks": [{"name", "id"}],
     "vm_networks": [{"name", "id", "logical_network", "logical_network_id",
                      "isolation": "NoIsolation|VLANNetwork|WindowsNetworkVirtualization",
                      "subnets": [{"name", "prefix", "vlan", "gateway",
                                   "pools": [{"name", "start", "end", "reserved": [..]}]}]}],
     "clouds": [{"name", "id", "logical_networks": [..], "host_groups": [..]}],
     "hosts": [{"name", "id", "host_group", "logical_networks": [..], "memory_gb",
                "vcpus"}],
     "vms": [{"name", "id", "cloud", "host", "memory_gb", "vcpus",
              "nics": [{"vm_network", "vm_subnet", "ipv4_addresses": [..],
                        "ip_mode": "static|dhcp"}]}]}

A host is a member of a cloud when its host group is one of the cloud's host groups or
below one (VMM scopes a cloud on host groups). ``logical_networks`` lists of a cloud or
host are what VMM says they reach: present means known (an empty list: none).
"""

from __future__ import annotations

import ipaddress

from netmap.io.importer.read import Ctx, Item, read_json

__all__ = ["FORMAT", "VmmFacts", "read_vmm"]

FORMAT = "netmap-vmm/1"


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


def read_vmm(path: str, ctx: Ctx) -> VmmFacts | None:
    """Read one ``netmap-vmm/1`` file (problems and warnings go to ``ctx``)."""
    got = read_json(path, ctx)
    if got is None:
        return None
    src, data = got
    root = Item(src, (), data)
    if not isinstance(data, dict):
        root.problem((), f"expected a netmap-vmm/1 inventory object, got a {type(data).__name__}")
        return None
    if data.get("format") != FORMAT:
        root.problem(("format",) if "format" in data else (),
                     f"not a VMM inventory: 'format' is {data.get('format')!r}, expected "
                     f"'{FORMAT}' (netmap collect vmm prints the script that writes it)")
        return None
    known = {"format", "vmm_server", "exported_at", "logical_networks", "vm_networks",
             "clouds", "hosts", "vms"}
    for k in sorted(set(data) - known, key=str):
        root.warn((k,), f"unknown key '{k}' ignored")
    f = VmmFacts(path)
    f.name = root.get("vmm_server", "name")
    f.id = root.get("vmm_server", "id")
    if f.name is None:
        root.problem(("vmm_server",), "missing the VMM server's name (vmm_server.name)")
        return None
    for it in root.children("logical_networks"):
        if it.get("name"):
            f.logical.append({"name": it.get("name"), "id": it.get("id"), "item": it})
        else:
            it.problem(("name",), "a logical network without a name")
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
            if s.get("prefix"):
                try:
                    d["prefix"] = str(ipaddress.ip_network(s.get("prefix").strip(),
                                                           strict=False))
                except ValueError:
                    s.problem(("prefix",), f"'{s.get('prefix')}' is not a CIDR prefix")
            if s.get("gateway"):
                d["gateway"] = _ip(s.get("gateway"), s, ("gateway",))
            pools = s.children("pools")
            if pools:
                pl = pools[0]
                if len(pools) > 1:
                    s.warn(("pools",), f"{len(pools)} static IP pools: netmap reads one pool "
                                       "per subnet, the first")
                if pl.get("start") and pl.get("end"):
                    d["pool"] = {"start": _ip(pl.get("start"), pl, ("start",)),
                                 "end": _ip(pl.get("end"), pl, ("end",))}
                    res = [_ip(x, pl, ("reserved",)) for x in _strs(pl, "reserved") or ()]
                    if any(res):
                        d["pool"]["reserved"] = sorted({x for x in res if x},
                                                       key=ipaddress.ip_address)
            subs.append(d)
        f.vm_networks.append({"name": it.get("name"), "id": it.get("id"),
                              "logical_network": it.get("logical_network"),
                              "logical_network_id": it.get("logical_network_id"),
                              "isolation": it.get("isolation"), "subnets": subs, "item": it})
    for it in root.children("clouds"):
        if not it.get("name"):
            it.problem(("name",), "a cloud without a name")
            continue
        f.clouds.append({"name": it.get("name"), "id": it.get("id"),
                         "logical_networks": _strs(it, "logical_networks"),
                         "host_groups": _strs(it, "host_groups") or [], "item": it})
    for it in root.children("hosts"):
        if not it.get("name"):
            it.problem(("name",), "a host without a name")
            continue
        f.hosts.append({"name": it.get("name"), "id": it.get("id"),
                        "host_group": it.get("host_group"),
                        "logical_networks": _strs(it, "logical_networks"),
                        "memory_gb": it.get("memory_gb", kind=float),
                        "vcpus": it.get("vcpus", kind=float), "item": it})
    for it in root.children("vms"):
        if not it.get("name"):
            it.problem(("name",), "a VM without a name")
            continue
        nics = []
        for n in it.children("nics"):
            ips = [x for x in (_ip(a, n, ("ipv4_addresses",))
                               for a in _strs(n, "ipv4_addresses") or ()) if x]
            mode = n.get("ip_mode")
            if mode is not None and mode.lower() not in ("static", "dhcp"):
                n.warn(("ip_mode",), f"ip_mode '{mode}' is neither static nor dhcp; ignored")
                mode = None
            nics.append({"network": n.get("vm_network"), "subnet": n.get("vm_subnet"),
                         "ip": ips[0] if ips else None,
                         "ip_mode": mode.lower() if mode else None, "item": n})
        f.vms.append({"name": it.get("name"), "id": it.get("id"), "cloud": it.get("cloud"),
                      "host": it.get("host"), "memory_gb": it.get("memory_gb", kind=float),
                      "vcpus": it.get("vcpus", kind=float),
                      "nics": nics if isinstance(it.obj.get("nics"), list) else None,
                      "item": it})
    return f


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
