"""Checking names and references of a topology (the second half of loading).

:func:`netmap.io.schema.check_shape` checks that every object has the right fields of
the right types; this module checks what the shape cannot: that names are unique, that
every reference names an object of the right kind (with a suggestion when it does not),
and the rules between objects (an Azure network on an Azure site, no network mapped
onto itself or twice to one site, a NIC on a VM network with a subnet it has, ...). There is one
function per top-level list; objects of the wrong shape are skipped (the shape check
reports them).

Examples
--------
>>> check_references({"netmap": 1, "sites": [{"name": "A"}],
...                   "vmm_servers": [{"name": "V", "site": "B"}]})
[(('vmm_servers', 0, 'site'), "unknown site 'B'")]
"""

from __future__ import annotations

import ipaddress
from socket import AF_INET, inet_pton

from netmap.model.ip import parse_ip
from netmap.io.schema import FORMAT
from netmap.model.names import suggest

__all__ = ["check_references"]

#: the top-level lists of named objects, and the word for one of them in messages
KIND_WORD = {
    "sites": "site", "vmm_servers": "VMM server", "logical_networks": "logical network",
    "vm_networks": "VM network", "azure_networks": "Azure network", "clouds": "cloud",
    "hosts": "host", "vms": "VM", "recovery_plans": "recovery plan",
}
assert set(FORMAT) >= set(KIND_WORD)


def _items(data, kind):
    """(index, object) for the well-formed objects of a top-level list."""
    lst = data.get(kind)
    if type(lst) is not list:
        return []
    return [(i, o) for i, o in enumerate(lst) if type(o) is dict]


def _str(x):
    return type(x) is str and x != ""


class _Refs:
    """The names of a topology and the findings so far; checks one reference at a time."""

    def __init__(self, data):
        self.data = data
        self.out = []
        self.names = {}  # kind -> {name: index of its first object}
        self.nets = {}  # network name -> (kind, index): VM and Azure networks together
        self.site_kind = {}
        self.subnets_of = {}  # network name -> {subnet name: subnet}

    def add(self, path, message):
        self.out.append((path, message))

    def ref(self, path, value, kind, what=None):
        """Is ``value`` a name of ``kind`` ("networks": VM or Azure)? Note it if not."""
        if not _str(value):
            return False
        pool = self.names[kind] if kind != "networks" else self.nets
        if value in pool:
            return True
        word = what or KIND_WORD.get(kind, "network")
        self.add(path, f"unknown {word} '{value}'" + suggest(value, pool))
        return False

    def refs(self, path, values, kind):
        if type(values) is list:
            for j, v in enumerate(values):
                self.ref(path + (j,), v, kind)


def check_references(data: dict) -> list[tuple[tuple, str]]:
    """Check names and references of a topology whose shape may be partly wrong.

    Returns a list of ``(path, message)``; objects of the wrong shape are skipped (the
    shape check reports them).
    """
    r = _Refs(data)
    _check_names(r)
    _check_vmm_servers(r)
    _check_logical_networks(r)
    _check_clouds(r)
    _check_networks(r)
    _check_protection(r)
    _check_hosts(r)
    _check_network_mappings(r)
    _check_links(r)
    _check_vms(r)
    _check_recovery_plans(r)
    return r.out


def _check_names(r):
    """Unique names per list; a network name is not both a VM and an Azure network's."""
    for kind, word in KIND_WORD.items():
        seen = _unique_names(r.data.get(kind))
        if seen is not None:  # every object has a name of its own: nothing to say
            r.names[kind] = seen
            continue
        seen = {}
        for i, o in _items(r.data, kind):
            n = o.get("name")
            if type(n) is not str or n == "":
                continue
            if n in seen:
                r.add((kind, i, "name"), (f"duplicate {word} name '{n}' "
                                         f"(first at {kind}[{seen[n]}])"))
            else:
                seen[n] = i
        r.names[kind] = seen
    for kind in ("vm_networks", "azure_networks"):
        for n, i in r.names[kind].items():
            if n in r.nets and r.nets[n][0] != kind:
                r.add((kind, i, "name"), (f"network name '{n}' is used by both a VM network "
                                         "and an Azure network; network names must be unique"))
            r.nets.setdefault(n, (kind, i))
    for i, o in _items(r.data, "sites"):
        if _str(o.get("name")):
            r.site_kind[o["name"]] = o.get("kind", "onprem")


def _check_vmm_servers(r):
    for i, o in _items(r.data, "vmm_servers"):
        r.ref(("vmm_servers", i, "site"), o.get("site"), "sites")


def _check_logical_networks(r):
    for i, o in _items(r.data, "logical_networks"):
        r.ref(("logical_networks", i, "vmm"), o.get("vmm"), "vmm_servers")
        if "site" in o:
            r.ref(("logical_networks", i, "site"), o.get("site"), "sites")


def _check_clouds(r):
    for i, o in _items(r.data, "clouds"):
        if "vmm" in o:
            r.ref(("clouds", i, "vmm"), o.get("vmm"), "vmm_servers")
        elif "site" not in o:
            r.add(("clouds", i), "missing required field 'vmm' (a cloud without a VMM "
                                 "server, a Hyper-V site's, names its 'site')")
        if "site" in o:
            r.ref(("clouds", i, "site"), o.get("site"), "sites")
        r.refs(("clouds", i, "logical_networks"), o.get("logical_networks"),
               "logical_networks")


def _check_networks(r):
    """VM networks and Azure networks: their references, subnet names and prefixes."""
    for kind in ("vm_networks", "azure_networks"):
        for i, o in _items(r.data, kind):
            if kind == "vm_networks":
                if "logical_network" in o:
                    r.ref((kind, i, "logical_network"), o.get("logical_network"),
                          "logical_networks")
                elif "vmm" not in o:
                    r.add((kind, i), "missing required field 'logical_network' (or, when "
                                     "it is unknown, 'vmm': the VM network's VMM server)")
                if "vmm" in o:
                    _check_vm_network_vmm(r, (kind, i), o)
            else:
                if r.ref((kind, i, "site"), o.get("site"), "sites") and \
                        r.site_kind.get(o["site"]) != "azure":
                    r.add((kind, i, "site"), (f"site '{o['site']}' of an Azure network must "
                                             "be an Azure site (kind: azure)"))
                gw = o.get("gateway")
                if type(gw) is dict:
                    r.refs((kind, i, "gateway", "sites"), gw.get("sites"), "sites")
            seen = _check_subnets(r, (kind, i), o, addresses=kind == "vm_networks")
            if _str(o.get("name")):
                r.subnets_of[o["name"]] = seen


def _unique_names(lst):
    """name -> index of a list of objects each with a name (a non-empty string) that no
    other has; None when that is not so (``_check_names`` then looks at each)."""
    if type(lst) is not list:
        return {}
    for o in lst:
        if type(o) is not dict:
            return None
    names = [o.get("name") for o in lst]
    for n in names:
        if type(n) is not str or n == "":
            return None
    seen = dict(zip(names, range(len(names))))
    return seen if len(seen) == len(names) else None


def _check_vm_network_vmm(r, where, o):
    """A VM network's ``vmm``: a VMM server, the one of its logical network when both are
    given."""
    if not r.ref(where + ("vmm",), o.get("vmm"), "vmm_servers"):
        return
    ln = o.get("logical_network")
    i = r.names["logical_networks"].get(ln) if _str(ln) else None
    if i is None:
        return
    owner = r.data["logical_networks"][i].get("vmm")
    if _str(owner) and owner != o["vmm"]:
        r.add(where + ("vmm",), f"VM network on logical network '{ln}' of VMM server "
                                f"'{owner}' names VMM server '{o['vmm']}'")


def _check_subnets(r, where, net, addresses=False):
    """Unique subnet names and valid prefixes of one network; its subnets by name.

    ``addresses``: also check the subnets' ``gateway`` and ``pool`` (VM networks).
    """
    subs = net.get("subnets")
    seen = {}
    if type(subs) is not list:
        return seen
    for j, s in enumerate(subs):
        if type(s) is not dict:
            continue
        sn = s.get("name")
        if _str(sn):
            if sn in seen:
                r.add(where + ("subnets", j, "name"),
                      f"duplicate subnet name '{sn}' in network '{net.get('name')}'")
            seen[sn] = s
        p = s.get("prefix")
        prefix = None
        if _str(p):
            try:
                prefix = ipaddress.ip_network(p, strict=True)
            except ValueError as e:
                hint = ""
                try:
                    hint = f" (did you mean '{ipaddress.ip_network(p, strict=False)}'?)"
                except ValueError:
                    pass
                r.add(where + ("subnets", j, "prefix"), f"invalid CIDR prefix '{p}': {e}{hint}")
                continue
        if addresses:
            _check_subnet_addresses(r, where + ("subnets", j), s, prefix)
    return seen


def _address(r, path, text, net, what):
    """``(version, int)`` of address ``text`` if it is a valid address inside prefix
    ``net`` (an ``ipaddress`` network, or None when the subnet has none); else note why."""
    if not _str(text):
        return None
    a = parse_ip(text)
    if a is None:
        r.add(path, f"invalid IP address '{text}'")
        return None
    if net is None:
        return None  # _check_subnet_addresses says so once
    if a[0] != net.version or not int(net.network_address) <= a[1] <= \
            int(net.broadcast_address):
        r.add(path, f"{what} '{text}' is outside the subnet's prefix {net}")
        return None
    return a


def _check_subnet_addresses(r, where, sub, net):
    """A VM network subnet's ``gateway`` and ``pool``: valid addresses inside its prefix
    ``net`` (its ``ipaddress`` network, parsed by the caller; None when it has none), a
    pool's start not above its end, its reserved addresses inside the pool."""
    if net is None:
        for key in ("gateway", "pool"):
            if key in sub:
                r.add(where + (key,), f"a subnet's {key} needs its prefix: give subnet "
                                      f"'{sub.get('name')}' a prefix")
    gw = _address(r, where + ("gateway",), sub.get("gateway"), net, "gateway")
    if gw is not None and net.version == 4 and net.prefixlen < 31 and \
            gw[1] in (int(net.network_address), int(net.broadcast_address)):
        which = "network" if gw[1] == int(net.network_address) else "broadcast"
        r.add(where + ("gateway",), f"gateway '{sub['gateway']}' is the {which} address of "
                                    f"{net}, not a host address")
    pool = sub.get("pool")
    if type(pool) is not dict:
        return
    pw = where + ("pool",)
    start = _address(r, pw + ("start",), pool.get("start"), net, "pool start")
    end = _address(r, pw + ("end",), pool.get("end"), net, "pool end")
    if start is not None and end is not None and start[1] > end[1]:
        r.add(pw + ("end",), f"pool end '{pool['end']}' is below its start '{pool['start']}'")
        return
    reserved = pool.get("reserved")
    if type(reserved) is not list:
        return
    for k, text in enumerate(reserved):
        a = _address(r, pw + ("reserved", k), text, net, "reserved address")
        if a is not None and start is not None and end is not None and \
                not start[1] <= a[1] <= end[1]:
            r.add(pw + ("reserved", k), f"reserved address '{text}' is outside the pool "
                                        f"{pool['start']}-{pool['end']}")


def _check_protection(r):
    """A protected cloud and its protecting cloud or Azure region; a protected Azure region
    and the Azure region it recovers to (R11: ``{region: A, azure: B}``). A cloud or a
    region is protected once."""
    for i, o in _items(r.data, "protection"):
        if "protected" in o:
            r.ref(("protection", i, "protected"), o.get("protected"), "clouds")
        if "region" in o:
            _check_region(r, ("protection", i, "region"), o.get("region"), "a protected region")
            if "protecting" in o:
                r.add(("protection", i, "protecting"),
                      "an Azure region is protected to another Azure region: give 'azure', "
                      "not a protecting cloud")
        if "protecting" in o and "region" not in o:
            r.ref(("protection", i, "protecting"), o.get("protecting"), "clouds")
        if "azure" in o and r.ref(("protection", i, "azure"), o.get("azure"), "sites") \
                and r.site_kind.get(o["azure"]) != "azure":
            r.add(("protection", i, "azure"), (f"site '{o['azure']}' is not an Azure site "
                                              "(kind: azure)"))
        if _str(o.get("protected")) and o.get("protected") == o.get("protecting"):
            r.add(("protection", i, "protecting"), "a cloud cannot protect itself")
        if _str(o.get("region")) and o.get("region") == o.get("azure"):
            r.add(("protection", i, "azure"), "an Azure region cannot protect itself")
    for key, word in (("protected", "cloud"), ("region", "Azure region")):
        seen = {}
        for i, o in _items(r.data, "protection"):
            p = o.get(key)
            if _str(p):
                if p in seen:
                    r.add(("protection", i, key), (f"{word} '{p}' is already protected "
                                                  f"(protection[{seen[p]}])"))
                seen.setdefault(p, i)


def _check_region(r, path, value, what):
    """Is ``value`` a site of kind azure? Note it if not (``what``: the object's words)."""
    if r.ref(path, value, "sites") and r.site_kind.get(value) != "azure":
        r.add(path, f"site '{value}' of {what} must be an Azure region (kind: azure)")
        return False
    return _str(value) and value in r.names["sites"]


def _check_hosts(r):
    for i, o in _items(r.data, "hosts"):
        r.ref(("hosts", i, "vmm"), o.get("vmm"), "vmm_servers")
        r.refs(("hosts", i, "clouds"), o.get("clouds"), "clouds")
        r.refs(("hosts", i, "logical_networks"), o.get("logical_networks"), "logical_networks")


def _network_site(r, name):
    """The site of a VM or Azure network as the file gives it (None when it cannot tell:
    a reference that is itself wrong, reported elsewhere)."""
    kind, i = r.nets[name]
    o = r.data[kind][i]
    if kind == "azure_networks":
        site = o.get("site")
    else:
        lname = o.get("logical_network")
        ln = r.names["logical_networks"].get(lname) if _str(lname) else None
        if ln is None:
            return None
        lo = r.data["logical_networks"][ln]
        if "site" in lo:
            site = lo.get("site")
        else:
            vname = lo.get("vmm")
            vmm = r.names["vmm_servers"].get(vname) if _str(vname) else None
            site = None if vmm is None else r.data["vmm_servers"][vmm].get("site")
    return site if _str(site) else None


def _check_network_mappings(r):
    """R1: a source maps to at most one network per site (the target's site), never onto
    itself; Site Recovery has no mapping from an Azure network to a VM network."""
    mapped = {}  # (source, target's site) -> index of its first mapping
    for i, o in _items(r.data, "network_mappings"):
        s, t = o.get("source"), o.get("target")
        ok_s = r.ref(("network_mappings", i, "source"), s, "networks")
        ok_t = r.ref(("network_mappings", i, "target"), t, "networks")
        if ok_s and ok_t and s == t:
            r.add(("network_mappings", i, "target"), f"network '{s}' is mapped onto itself")
            continue
        if not (ok_s and ok_t):
            continue
        if r.nets[s][0] == "azure_networks" and r.nets[t][0] == "vm_networks":
            r.add(("network_mappings", i, "target"),
                  (f"'{s}' is an Azure network and '{t}' a VM network: Site Recovery has no "
                   "mapping from Azure to VMM (a VM fails back from Azure to its original "
                   "VM)"))
            continue
        site = _network_site(r, t)
        if site is None:
            continue
        if (s, site) in mapped:
            r.add(("network_mappings", i, "target"),
                  (f"network '{s}' is mapped twice to site '{site}' (first at "
                   f"network_mappings[{mapped[(s, site)]}]); a source network has at most "
                   "one target per site"))
        mapped.setdefault((s, site), i)


def _check_links(r):
    for i, o in _items(r.data, "links"):
        ns = o.get("networks")
        if type(ns) is list:
            r.refs(("links", i, "networks"), ns, "networks")
            if len(ns) == 2 and ns[0] == ns[1] and _str(ns[0]):
                r.add(("links", i, "networks"), f"a link joins network '{ns[0]}' to itself")
            elif (o.get("kind") == "peering" and len(ns) == 2
                  and all(_str(n) and n in r.nets for n in ns)
                  and r.nets[ns[0]][0] != r.nets[ns[1]][0]):
                # Azure VNet peering joins two Azure networks; Windows Server SDN peering
                # (VMM network virtualization) two VM networks; across the two, a gateway
                az, vm = sorted(ns, key=lambda n: r.nets[n][0] != "azure_networks")
                r.add(("links", i, "kind"),
                      f"a peering joins Azure network '{az}' to VM network '{vm}': a peering "
                      "joins two Azure networks or two VM networks (an Azure network reaches "
                      "VM networks through its gateway)")


def _plan_ok(groups, vms):
    """A fast check of a plan's groups: True only if ``_check_recovery_plans`` finds nothing
    (every member a VM, each once); the full check words the rest."""
    n = 0
    members = set()
    for group in groups:
        if type(group) is not list:
            continue
        for vm in group:
            if type(vm) is not str or vm not in vms:
                return False
        members.update(group)
        n += len(group)
    return len(members) == n


def _check_vms(r):
    ok = _vm_ok(r)
    for i, o in _items(r.data, "vms"):
        if ok(o):
            continue
        region = None
        if "cloud" in o:
            r.ref(("vms", i, "cloud"), o.get("cloud"), "clouds")
        if "site" in o and _check_region(r, ("vms", i, "site"), o.get("site"), "a VM"):
            region = o["site"]
        azure_vm = "site" in o and "cloud" not in o
        for key in ("host", "replica_host"):
            if key not in o:
                continue
            if azure_vm:
                r.add(("vms", i, key), "an Azure VM (site:) runs on no Hyper-V host; "
                                       "Azure places it and its replica")
            else:
                r.ref(("vms", i, key), o.get(key), "hosts")
        deps = o.get("depends_on")
        r.refs(("vms", i, "depends_on"), deps, "vms")
        if type(deps) is list and o.get("name") in deps:
            r.add(("vms", i, "depends_on"), f"VM '{o['name']}' depends on itself")
        nics = o.get("nics")
        if type(nics) is not list:
            continue
        for j, nic in enumerate(nics):
            if type(nic) is dict:
                _check_nic(r, ("vms", i, "nics", j), nic, azure_vm, region)


def _vm_ok(r):
    """A fast check of one VM: True only if ``_check_vms`` finds nothing to say about it.

    It answers for the common case, a VMM VM whose references are all good and whose NICs
    give no ``replica`` or ``test`` settings; it says no to anything else, which the
    full check then words (so every message, and its order, comes from that check).
    """
    clouds, hosts, vms = r.names["clouds"], r.names["hosts"], r.names["vms"]
    vm_nets, subnets_of = r.names["vm_networks"], r.subnets_of
    no_subnets = {}

    def ok(o):
        if "site" in o:
            return False
        x = o.get("cloud")
        if type(x) is not str or x not in clouds:  # ("" is no cloud's name)
            return False
        x = o.get("host")
        if x is not None and (type(x) is not str or x not in hosts):
            return False
        if "host" in o and x is None:
            return False
        x = o.get("replica_host")
        if "replica_host" in o and (type(x) is not str or x not in hosts):
            return False
        deps = o.get("depends_on")
        if type(deps) is list:
            for d in deps:
                if type(d) is not str or d not in vms:
                    return False
            if o.get("name") in deps:
                return False
        nics = o.get("nics")
        if type(nics) is not list:
            return True
        for nic in nics:
            if type(nic) is not dict:
                continue
            if "replica" in nic or "test" in nic:
                return False
            net = nic.get("network")
            if type(net) is not str or net not in vm_nets:
                return False
            sub = nic.get("subnet")
            if type(sub) is str and sub != "" and sub not in subnets_of.get(net, no_subnets):
                return False
            ip = nic.get("ip")
            if type(ip) is str and ip != "":
                try:
                    inet_pton(AF_INET, ip)
                except (OSError, ValueError):  # not a dotted quad: IPv6, or not at all
                    if parse_ip(ip) is None:
                        return False
            elif nic.get("ip_mode") == "static" and "ip" not in nic:
                return False
        return True
    return ok


def _check_nic(r, where, nic, azure_vm, region):
    """One NIC: its network of the VM's kind (a VMM VM's on a VM network; an Azure VM's
    on an Azure network of its region, R11), subnet, address and configured settings."""
    _check_nic_settings(r, where, nic)
    net = nic.get("network")
    if not _str(net):
        return
    own, other = ("azure_networks", "vm_networks") if azure_vm else \
        ("vm_networks", "azure_networks")
    nets = r.names[own]
    if net not in nets:
        if net in r.names[other]:
            if azure_vm:
                r.add(where + ("network",), f"'{net}' is a VM network; a NIC of an Azure VM "
                                            "(site:) joins an Azure network of its region")
            else:
                r.add(where + ("network",), f"'{net}' is an Azure network; a NIC of a VMM "
                                            "VM (cloud:) joins a VM network")
        else:
            r.add(where + ("network",), f"unknown {KIND_WORD[own]} '{net}'"
                  + suggest(net, nets))
        return
    if azure_vm and region is not None:
        site = r.data["azure_networks"][nets[net]].get("site")
        if _str(site) and site != region:
            r.add(where + ("network",), f"Azure network '{net}' is in region '{site}', not "
                                        f"in the VM's region '{region}'")
    sub = nic.get("subnet")
    subs = r.subnets_of.get(net, {})
    if _str(sub) and sub not in subs:
        r.add(where + ("subnet",), f"network '{net}' has no subnet '{sub}'" + suggest(sub, subs))
    ip = nic.get("ip")
    if _str(ip) and parse_ip(ip) is None:
        r.add(where + ("ip",), f"invalid IP address '{ip}'")
    if nic.get("ip_mode") == "static" and "ip" not in nic:
        r.add(where + ("ip_mode",), "a static NIC needs its 'ip' (give the address, or "
                                    "ip_mode: dhcp when DHCP assigns it)")


def _check_nic_settings(r, where, nic):
    """A NIC's ``replica`` and ``test`` settings (R3, R9): the network exists, the subnet
    is one of that network's, the address is an address. (Whether the address is usable
    there is NM024's to say: it depends on the subnet's range and who holds what.)"""
    for key in ("replica", "test"):
        o = nic.get(key)
        if type(o) is not dict:
            continue
        path = where + (key,)
        net = o.get("network")
        if _str(net) and r.ref(path + ("network",), net, "networks"):
            sub = o.get("subnet")
            subs = r.subnets_of.get(net, {})
            if _str(sub) and sub not in subs:
                r.add(path + ("subnet",), f"network '{net}' has no subnet '{sub}'"
                      + suggest(sub, subs))
        ip = o.get("ip")
        if _str(ip) and parse_ip(ip) is None:
            r.add(path + ("ip",), f"invalid IP address '{ip}'")


def _check_recovery_plans(r):
    vms = r.names["vms"]
    for i, o in _items(r.data, "recovery_plans"):
        groups = o.get("groups")
        if type(groups) is not list:
            continue
        if _plan_ok(groups, vms):
            continue
        seen = {}
        for g, group in enumerate(groups):
            if type(group) is not list:
                continue
            for j, vm in enumerate(group):
                path = ("recovery_plans", i, "groups", g, j)
                if r.ref(path, vm, "vms"):
                    if vm in seen:
                        r.add(path, f"VM '{vm}' is listed twice in this plan")
                    seen[vm] = g
