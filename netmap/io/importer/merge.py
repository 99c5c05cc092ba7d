"""Joining the sources of ``netmap import`` into one topology, its unknowns and sidecar.

Joining: by id where both sides have one (a Site Recovery network's name is the VMM VM
network's id, a container's is ``cloud_<VMM cloud id>``, a protected item's the VMM
VM's id), else by name without case within one VMM server. Preferred source per fact:
VMM for on-premises topology and current addresses, Site Recovery for protection,
mappings, plans and configured replica settings, Azure resource JSON for Azure networks,
overrides above all. A disagreement is a warning naming both values.

Nothing is invented: what no source says is left out of the topology where the format
allows it (``vm_networks[].logical_network``, ``clouds[].logical_networks``) and listed
under ``unknown:``. Where the format needs a name no source gives (the site of a VMM
server, the region of an Azure network), the import writes a placeholder that says so
(``site of VMM01 (unknown)``, ``Azure region (unknown)``) and lists it as unknown.
"""

from __future__ import annotations

from netmap.io.importer.arm import ArmFacts
from netmap.io.importer.asr import AsrFacts
from netmap.io.importer.read import Ctx, arm_parts
from netmap.io.importer.vmm import VmmFacts, hosts_in
from netmap.io.schema import FORMAT

__all__ = ["merge", "UNKNOWN_REGION", "unknown_site"]

UNKNOWN_REGION = "Azure region (unknown)"

SUPPLY_VMM = "the VMM inventory of VMM server {vmm} (the script netmap collect vmm prints)"
SUPPLY_ARM = "Azure's JSON: az network vnet list (netmap collect arm)"
SUPPLY_ASR = "Site Recovery's lists (netmap collect asr)"


def unknown_site(vmm: str) -> str:
    """The placeholder site of a VMM server whose site no source gives."""
    return f"site of {vmm} (unknown)"


def _k(x):
    return x.lower() if isinstance(x, str) else None


def _short(name):
    """A VMM server's name without its domain (Site Recovery shows the FQDN)."""
    return _k(name).split(".", 1)[0] if name else None


def _cloud_id(container_name):
    n = _k(container_name) or ""
    return n[6:] if n.startswith("cloud_") else n


class _Out:
    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.sites: dict = {}
        self.vmm: dict = {}          # name -> {"site": str|None}
        self.logical: dict = {}      # name -> vmm
        self.vmnets: dict = {}       # name -> {vmm, logical_network|None, subnets}
        self.aznets: dict = {}       # name -> {site|None, subnets|None, gateway: bool}
        self.clouds: dict = {}       # name -> {vmm|None, site|None, logical_networks|None}
        self.hosts: dict = {}
        self.protection: dict = {}   # cloud -> ("protecting", c) | ("azure", site|None)
        self.region_protection: dict = {}  # Azure region -> its recovery region (A2A)
        self.arm_vms_done: set = set()  # lower ARM ids of Azure VMs already imported (A2A)
        self.mappings: dict = {}     # (source, target) -> True
        self.links: list = []
        self.vms: dict = {}
        self.plans: dict = {}
        self.unknown: list = []
        self.facts: dict = {}        # "kind/name" -> {field: source}
        self.ids: dict = {}          # "kind/name" -> {what: id}
        self.hosts_unknown: set = set()
        # indexes, so that joining costs one lookup per item (100,000s of VMs and NICs)
        self.vmnet_by: dict = {}     # (vmm, lower name) -> VM network name
        self.vm_by_id: dict = {}     # lower VMM id -> VM name
        self.vm_by: dict = {}        # (vmm, lower name) -> VM name

    def add_vmnet(self, name, d):
        if name not in self.vmnets:
            self.vmnets[name] = d
            self.vmnet_by.setdefault((d["vmm"], _k(name)), name)
        return self.vmnets[name]

    def add_vm(self, name, d):
        self.vms[name] = d
        if d.get("id"):
            self.vm_by_id.setdefault(_k(d["id"]), name)
        self.vm_by.setdefault((d.get("vmm"), _k(name)), name)

    def src(self, obj, field, source):
        self.facts.setdefault(obj, {})[field] = source

    def idof(self, obj, what, value):
        if value:
            self.ids.setdefault(obj, {})[what] = value


def _conflict(ctx, item, sub, what, preferred, pv, other, ov):
    msg = f"{what}: {preferred} says {pv!r}, {other} says {ov!r}; {preferred}'s is used"
    if item is not None:
        item.warn(sub, msg)
    else:
        ctx.warn("netmap import", None, "", msg)


def merge(asrs: list[AsrFacts], vmms: list[VmmFacts], arm: ArmFacts | None,
          overrides: dict | None, ctx: Ctx) -> tuple[dict, dict]:
    """The topology (``netmap: 1`` data with ``unknown``) and the sidecar of an import."""
    o = _Out(ctx)
    vmm_by = {}   # lower name and short name -> VmmFacts
    for v in vmms:
        for key in {_k(v.name), _short(v.name)}:
            if key in vmm_by and vmm_by[key] is not v:
                ctx.problem(v.path, None, "vmm_server.name",
                            f"two inventories of VMM server '{v.name}' ({vmm_by[key].path} "
                            "and this one)")
            vmm_by[key] = v
    _vmm_side(o, vmms)
    fab_vmm = {}   # (asr index, fabric key) -> vmm name
    for ai, a in enumerate(asrs):
        _asr_fabrics(o, ai, a, vmm_by, fab_vmm)
    nets_by = {}   # (ai, (fab, net)) -> name
    conts_by = {}  # (ai, (fab, cont)) -> cloud name
    vms_by = {}    # (ai, item id lower) -> vm name
    for ai, a in enumerate(asrs):
        _asr_clouds(o, ai, a, vmm_by, fab_vmm, conts_by)
        _asr_networks(o, ai, a, vmm_by, fab_vmm, nets_by)
    az_by = _arm_side(o, arm)
    for ai, a in enumerate(asrs):
        _asr_protection(o, ai, a, conts_by, az_by)
        _asr_mappings(o, ai, a, nets_by, fab_vmm, az_by)
        _asr_vms(o, ai, a, vmm_by, fab_vmm, conts_by, vms_by, nets_by, az_by, arm)
        _asr_plans(o, ai, a, vms_by)
    _arm_vms(o, arm, az_by)
    if overrides:
        _apply_overrides(o, overrides)
    if not asrs and o.clouds and not (overrides and "protection" in overrides):
        # no vault read: which clouds are protected, and the mappings, are unknown
        _unknown(o, "protection", "protected clouds", "no Site Recovery export was read: "
                 "which clouds are protected, and the network mappings, are unknown",
                 SUPPLY_ASR)
    data = _emit(o, overrides)
    vaults = sorted(({"id": a.vault_id,
                      "subscription": arm_parts(a.vault_id).get("subscriptions"),
                      "resource_group": arm_parts(a.vault_id).get("resourcegroups"),
                      "name": arm_parts(a.vault_id).get("vaults")}
                     for a in asrs if a.vault), key=lambda v: v["id"].lower())
    if len(vaults) > 1:
        ctx.warn("netmap import", None, "", f"{len(vaults)} vaults imported ("
                 + ", ".join(v["name"] for v in vaults) + "): their fabrics, clouds and "
                 "networks are kept apart (joined only through the VMM inventories)")
    sidecar = {"format": "netmap-import/1", "vaults": vaults,
               "objects": {k: {"source": dict(sorted(o.facts.get(k, {}).items())),
                               "ids": dict(sorted(o.ids.get(k, {}).items()))}
                           for k in sorted(set(o.facts) | set(o.ids))},
               "unknown": data.get("unknown", [])}
    return data, sidecar


# --------------------------------------------------------------------------- VMM

def _vmm_side(o, vmms):
    for v in sorted(vmms, key=lambda v: _k(v.name)):
        tag = f"vmm:{v.path}"
        o.vmm[v.name] = {"site": None}
        o.src(f"vmm_servers/{v.name}", "name", tag)
        o.idof(f"vmm_servers/{v.name}", "vmm_id", v.id)
        for ln in v.logical:
            o.logical[ln["name"]] = v.name
            o.idof(f"logical_networks/{ln['name']}", "vmm_id", ln["id"])
        for n in v.vm_networks:
            ln = n["logical_network"]
            if ln is not None and ln not in o.logical:
                n["item"].warn(("logical_network",), f"logical network '{ln}' is not listed; "
                                                     "added")
                o.logical[ln] = v.name
            subs = [{k: s[k] for k in ("name", "prefix", "gateway", "pool") if s.get(k)}
                    for s in n["subnets"]]
            o.add_vmnet(n["name"], {"vmm": v.name, "logical_network": ln, "subnets": subs,
                                    "subnets_known": True,
                                    "isolation": _ISOLATION.get(_k(n["isolation"]))})
            key = f"vm_networks/{n['name']}"
            o.src(key, "name", tag)
            o.src(key, "subnets", tag)
            if ln is not None:
                o.src(key, "logical_network", tag)
            o.idof(key, "vmm_id", n["id"])
        for c in v.clouds:
            o.clouds[c["name"]] = {"vmm": v.name, "site": None,
                                   "logical_networks": c["logical_networks"]}
            key = f"clouds/{c['name']}"
            o.src(key, "name", tag)
            if c["logical_networks"] is not None:
                o.src(key, "logical_networks", tag)
            o.idof(key, "vmm_id", c["id"])
        for h in v.hosts:
            clouds = sorted(c["name"] for c in v.clouds if hosts_in(h["host_group"],
                                                                    c["host_groups"]))
            d = {"vmm": v.name, "clouds": clouds}
            if h["logical_networks"] is not None:
                d["logical_networks"] = h["logical_networks"]
            else:  # null: VMM did not say (absent in the topology would mean none)
                d["logical_networks_unknown"] = True
            cap = {k: h[k] for k in ("memory_gb", "vcpus") if h[k] is not None}
            if cap:
                d["capacity"] = cap
            o.hosts[h["name"]] = d
            o.src(f"hosts/{h['name']}", "name", tag)
            o.idof(f"hosts/{h['name']}", "vmm_id", h["id"])
        for m in v.vms:
            d = {"cloud": m["cloud"], "host": m["host"], "vmm": v.name,
                 "nics": None if m["nics"] is None else
                 [{k: n[k] for k in ("network", "subnet", "ip", "ip_mode") if n[k]}
                  for n in m["nics"] if n["network"]],
                 "id": m["id"]}
            size = {k: m[k] for k in ("memory_gb", "vcpus") if m[k] is not None}
            if size:
                d["size"] = size
            for n in m["nics"] or ():
                if not n["network"]:
                    n["item"].warn((), "a NIC on no VM network (not connected); left out")
            if m["cloud"] is None:
                m["item"].warn(("cloud",), "a VM in no cloud; left out (netmap models "
                                           "VMs of clouds)")
                continue
            o.add_vm(m["name"], d)
            o.src(f"vms/{m['name']}", "cloud", tag)
            o.src(f"vms/{m['name']}", "nics", tag)
            o.idof(f"vms/{m['name']}", "vmm_id", m["id"])


# --------------------------------------------------------------------------- ASR

def _asr_fabrics(o, ai, a, vmm_by, fab_vmm):
    for fk, fab in sorted(a.fabrics.items()):
        tag = f"asr:{fab['item'].src.path}"
        if fab["kind"] == "vmm":
            v = vmm_by.get(_k(fab["friendly"])) or vmm_by.get(_short(fab["friendly"]))
            name = v.name if v else fab["friendly"]
            if v is None and name not in o.vmm:
                o.vmm[name] = {"site": None}
                o.src(f"vmm_servers/{name}", "name", tag)
            fab_vmm[(ai, fk)] = name
            o.idof(f"vmm_servers/{name}", "fabric_id", fab["id"])
            o.idof(f"vmm_servers/{name}", "fabric_name", fab["name"])
        elif fab["kind"] == "hypervsite":
            name = fab["friendly"]
            o.sites.setdefault(name, "onprem")
            fab_vmm[(ai, fk)] = None
            o.src(f"sites/{name}", "name", tag)
            o.idof(f"sites/{name}", "fabric_id", fab["id"])
            o.idof(f"sites/{name}", "fabric_name", fab["name"])
        elif fab["kind"] == "azure":
            if fab["location"]:
                o.sites[fab["location"]] = "azure"
                o.src(f"sites/{fab['location']}", "name", tag)
                o.idof(f"sites/{fab['location']}", "fabric_id", fab["id"])
                o.idof(f"sites/{fab['location']}", "fabric_name", fab["name"])
    for (fk, lk), ln in sorted(a.logical.items()):
        vname = fab_vmm.get((ai, fk))
        if vname is None:
            ln["item"].warn((), "a logical network of a fabric that is not a VMM server "
                                "(netmap's logical networks belong to VMM servers); left out")
            continue
        v = vmm_by.get(_k(vname))
        if v is not None:  # VMM's own list wins; join by id, then name
            match = [x for x in v.logical if _k(x["id"]) == lk] or \
                [x for x in v.logical if _k(x["name"]) == _k(ln["friendly"])]
            if match:
                o.idof(f"logical_networks/{match[0]['name']}", "asr_id", ln["id"])
            else:
                ln["item"].warn((), f"logical network '{ln['friendly']}' is not in the VMM "
                                    f"inventory of {vname}; left out")
            continue
        o.logical.setdefault(ln["friendly"], vname)
        o.src(f"logical_networks/{ln['friendly']}", "name",
              f"asr:{ln['item'].src.path}")
        o.idof(f"logical_networks/{ln['friendly']}", "asr_id", ln["id"])


def _fab_of(o, ai, a, fk, item, vmm_by, fab_vmm):
    """(kind, vmm name) of a fabric an item lives in; unknown fabrics warned once."""
    if (ai, fk) in fab_vmm:
        return ("vmm" if fab_vmm[(ai, fk)] else "hypervsite"), fab_vmm[(ai, fk)]
    fab = a.fabrics.get(fk)
    if fab is not None:
        return fab["kind"], None
    return None, None


def _asr_clouds(o, ai, a, vmm_by, fab_vmm, conts_by):
    for key, c in sorted(a.containers.items()):
        tag = f"asr:{c['item'].src.path}"
        kind, vname = _fab_of(o, ai, a, c["fab"], c["item"], vmm_by, fab_vmm)
        if kind is None:
            ftype = _k(c["fabric_type"])
            if ftype in ("vmm", "hypervsite") and c["fabric_friendly"]:
                kind = ftype
                if ftype == "vmm":
                    v = vmm_by.get(_k(c["fabric_friendly"]))
                    vname = v.name if v else c["fabric_friendly"]
                    o.vmm.setdefault(vname, {"site": None})
                    fab_vmm[(ai, c["fab"])] = vname
                else:
                    o.sites.setdefault(c["fabric_friendly"], "onprem")
                    fab_vmm[(ai, c["fab"])] = None
            else:
                if ftype != "azure":
                    c["item"].warn(("id",), "its fabric is not listed and its fabricType is "
                                            "not VMM or HyperVSite; left out")
                continue
        if kind == "azure" or kind == "other":
            continue
        if kind == "hypervsite":
            site = a.fabrics[c["fab"]]["friendly"] if c["fab"] in a.fabrics \
                else c["fabric_friendly"]
            name = c["friendly"]
            o.clouds.setdefault(name, {"vmm": None, "site": site, "logical_networks": []})
            o.src(f"clouds/{name}", "name", tag)
            o.idof(f"clouds/{name}", "container_id", c["id"])
            conts_by[(ai, key)] = name
            continue
        v = vmm_by.get(_k(vname))
        match = None
        how = None
        if v is not None:
            cid = _cloud_id(c["name"])
            match = _index(v, "clouds", "id").get(cid)
            how = "id"
            if match is None:
                match = _index(v, "clouds", "name").get(_k(c["friendly"]))
                how = "name"
        if match is not None:
            name = match["name"]
            if match["name"] != c["friendly"]:
                c["item"].warn(("properties", "friendlyName"),
                               f"cloud name: VMM says {match['name']!r}, Site Recovery says "
                               f"{c['friendly']!r}; VMM's is used")
            o.src(f"clouds/{name}", "joined", f"by {how}")
        else:
            name = c["friendly"]
            if v is not None:
                c["item"].warn((), f"cloud '{name}' is not in the VMM inventory of {vname}: "
                                   "its logical networks and hosts are unknown")
            if name in o.clouds and o.clouds[name]["vmm"] != vname:
                c["item"].problem((), f"two clouds named '{name}' (VMM servers "
                                      f"{o.clouds[name]['vmm']} and {vname})")
                continue
            o.clouds.setdefault(name, {"vmm": vname, "site": None, "logical_networks": None})
            o.hosts_unknown.add(name)
            o.src(f"clouds/{name}", "name", tag)
        o.idof(f"clouds/{name}", "container_id", c["id"])
        o.idof(f"clouds/{name}", "container_name", c["name"])
        o.idof(f"clouds/{name}", "fabric_id", (a.fabrics.get(c["fab"]) or {}).get("id")
               or c["id"][: c["id"].lower().index("/replicationprotectioncontainers/")])
        conts_by[(ai, key)] = name


def _asr_networks(o, ai, a, vmm_by, fab_vmm, nets_by):
    for key, n in sorted(a.networks.items()):
        tag = f"asr:{n['item'].src.path}"
        kind, vname = _fab_of(o, ai, a, n["fab"], n["item"], vmm_by, fab_vmm)
        if kind == "azure":
            continue  # Azure networks come from the mappings' ids and Azure's JSON
        if kind != "vmm":
            if kind is None:
                n["item"].warn(("id",), "its fabric is not listed: left out (add the "
                                        "replicationFabrics list)")
            continue
        v = vmm_by.get(_k(vname))
        match, how = None, None
        if v is not None:
            match = _index(v, "vm_networks", "id").get(_k(n["name"]))
            how = "id"
            if match is None:
                match = _index(v, "vm_networks", "name").get(_k(n["friendly"]))
                how = "name"
        asr_subs = [{"name": s, **({"prefix": p} if p else {})} for s, p in n["subnets"]]
        if match is not None:
            name = match["name"]
            mine = [{k: s[k] for k in ("name", "prefix") if s.get(k)}
                    for s in o.vmnets[name]["subnets"]]
            if asr_subs and asr_subs != mine:
                _conflict(o.ctx, n["item"], ("properties", "subnets"),
                          f"subnets of VM network '{name}'", "VMM",
                          _subs_text(mine), "Site Recovery", _subs_text(asr_subs))
            o.src(f"vm_networks/{name}", "joined", f"by {how}")
        else:
            name = n["friendly"]
            if v is not None:
                n["item"].warn((), f"VM network '{name}' is not in the VMM inventory of "
                                   f"{vname}: its logical network is unknown")
            if name in o.vmnets and o.vmnets[name]["vmm"] != vname:
                n["item"].problem((), f"two VM networks named '{name}' (VMM servers "
                                      f"{o.vmnets[name]['vmm']} and {vname})")
                continue
            o.add_vmnet(name, {"vmm": vname, "logical_network": None,
                                       "subnets": asr_subs, "subnets_known": True})
            o.src(f"vm_networks/{name}", "name", tag)
            o.src(f"vm_networks/{name}", "subnets", tag)
        o.idof(f"vm_networks/{name}", "network_id", n["id"])
        o.idof(f"vm_networks/{name}", "network_name", n["name"])
        o.idof(f"vm_networks/{name}", "fabric_id", (a.fabrics.get(n["fab"]) or {}).get("id")
               or n["id"][: n["id"].lower().index("/replicationnetworks/")])
        nets_by[(ai, key)] = name


def _index(v, kind, key):
    """VMM file ``v``'s objects of ``kind`` by lower-case ``key`` (built once per file)."""
    cache = v.index
    if (kind, key) not in cache:
        ix = {}
        for x in getattr(v, kind):
            if x.get(key):
                ix.setdefault(_k(x[key]), x)
        cache[(kind, key)] = ix
    return cache[(kind, key)]


#: VMM's VM network IsolationType (Get-SCVMNetwork) -> the format's isolation
_ISOLATION = {"noisolation": "none", "vlannetwork": "vlan",
              "windowsnetworkvirtualization": "wnv"}


def _subs_text(subs):
    return ", ".join(f"{s['name']} {s.get('prefix', '(no prefix)')}" for s in subs) or "none"


def _asr_protection(o, ai, a, conts_by, az_by):
    # the containers that hold protected items (None: the vault's items were not read)
    used = {i["container"] for i in a.items.values()} if a.items else None
    for p in a.pairings:
        src = conts_by.get((ai, p["src"]))
        sfab = a.fabrics.get(p["src"][0]) or {}
        if src is None and sfab.get("kind") == "azure" and p["target"][0] == "azure":
            _region_pairing(o, a, p, sfab, used)
            continue
        if src is None:
            p["item"].warn(("id",), "its container is not a listed cloud; left out")
            continue
        kind, t = p["target"]
        if kind == "cloud":
            tgt = conts_by.get((ai, t))
            if tgt is None:
                p["item"].warn(("properties", "targetProtectionContainerId"),
                               "the protecting container is not a listed cloud; left out")
                continue
            new = ("protecting", tgt)
        else:
            fab = a.fabrics.get(t) if t else None
            new = ("azure", fab["location"] if fab and fab["location"] else None)
        old = o.protection.get(src)
        if old is not None and old != new:
            p["item"].warn(("properties", "targetProtectionContainerId"),
                           f"cloud '{src}' is already paired with {old[1] or 'Azure'}; this "
                           f"pairing with {new[1] or 'Azure'} is left out")
            continue
        o.protection[src] = new
        o.src(f"clouds/{src}", "protection", f"asr:{p['item'].src.path}")
        o.idof(f"clouds/{src}", "container_mapping_id", p["id"])
        o.idof(f"clouds/{src}", "policy_id", p["policy"])


def _region_pairing(o, a, p, sfab, used):
    """A2A: a container mapping between two Azure fabrics is ``{region: A, azure: B}``."""
    tfab = a.fabrics.get(p["target"][1]) if p["target"][1] else None
    src, tgt = sfab.get("location"), (tfab or {}).get("location")
    if used is not None and p["src"] not in used:
        # R11 protects every VM of a protected region: a pairing that protects none (the
        # mapping kept for failback, or not used yet) would protect them all
        p["item"].warn(("properties", "targetProtectionContainerId"),
                       f"no protected item of this vault replicates from "
                       f"{src or 'this container'} to {tgt or 'its target'}: the pairing "
                       "is left out (the format protects every VM of a protected region)")
        return
    if not src or not tgt:
        p["item"].warn(("properties", "targetProtectionContainerId"),
                       "an Azure to Azure pairing whose fabrics do not both give their "
                       "location (region); left out")
        return
    old = o.region_protection.get(src)
    if old is not None and old != tgt:
        p["item"].warn(("properties", "targetProtectionContainerId"),
                       f"region '{src}' is already protected to {old}; this pairing with "
                       f"{tgt} is left out")
        return
    o.region_protection[src] = tgt
    o.src(f"regions/{src}", "protection", f"asr:{p['item'].src.path}")
    o.idof(f"regions/{src}", "container_mapping_id", p["id"])
    o.idof(f"regions/{src}", "policy_id", p["policy"])


def _asr_mappings(o, ai, a, nets_by, fab_vmm, az_by):
    by_name = {}
    for (aj, key), name in nets_by.items():
        if aj == ai:
            by_name.setdefault((_k(fab_vmm.get((ai, key[0]))), _k(name)), name)

    def net(ref, item, sub):
        how, key = ref
        if how == "id":
            n = nets_by.get((ai, key))
            if n is None:
                item.warn(sub, f"network '{key[1]}' of fabric '{key[0]}' is not listed (add "
                               "the replicationNetworks list); mapping left out")
            return n
        fab, name = key
        vname = next((v for (aj, fk), v in fab_vmm.items()
                      if aj == ai and v and fab and _k(a.fabrics[fk]["friendly"]) == _k(fab)),
                     None)
        n = by_name.get((_k(vname), _k(name)))
        if n is None:
            item.warn(sub, f"network '{name}' of '{fab}' is not listed; mapping left out")
        return n

    for m in a.netmaps:
        it = m["item"]
        if m["source"][0] == "azure":  # AzureToAzure: the primary network is a VNet id
            src = _azure_target(o, m["source"][1], m["source"][2], it, az_by)
        else:
            src = net(m["source"], it, ("id",))
        if src is None:
            continue
        t = m["target"]
        if t[0] == "azure":
            tgt = _azure_target(o, t[1], t[2], it, az_by)
        else:
            tgt = net(t, it, ("properties", "recoveryNetworkId"))
        if tgt is None:
            continue
        if tgt == src:
            it.warn(("properties", "recoveryNetworkId"), "a network mapped onto itself; "
                                                         "left out")
            continue
        o.mappings[(src, tgt)] = True
        o.src(f"network_mappings/{src} -> {tgt}", "mapping", f"asr:{it.src.path}")
        o.idof(f"network_mappings/{src} -> {tgt}", "mapping_id", m["id"])


def _azure_target(o, rid, friendly, item, az_by):
    v = az_by.get(_k(rid)) if rid else None
    if v is not None:
        return v
    name = friendly or arm_parts(rid).get("virtualnetworks")
    if name not in o.aznets:
        o.aznets[name] = {"site": None, "subnets": None, "gateway": False}
        o.src(f"azure_networks/{name}", "name", f"asr:{item.src.path}")
        o.idof(f"azure_networks/{name}", "arm_id", rid)
    return name


def _asr_vms(o, ai, a, vmm_by, fab_vmm, conts_by, vms_by, nets_by, az_by, arm=None):
    replica_ok = "replica" in FORMAT["vms"].fields["nics"][0].item.fields
    for iid, p in sorted(a.items.items()):
        it = p["item"]
        tag = f"asr:{it.src.path}"
        cloud = conts_by.get((ai, p["container"]))
        if cloud is None:
            fab = a.fabrics.get(p["container"][0])
            if fab is not None and fab["kind"] == "azure":
                _a2a_vm(o, ai, p, fab, tag, vms_by, nets_by, az_by, arm, replica_ok)
            else:
                it.warn(("id",), "its container is not a listed cloud; left out")
            continue
        vname = o.clouds[cloud]["vmm"]
        match = None
        how = "id"
        if p["name"]:  # ids before names: the protected item's name is the VMM VM's id
            match = o.vm_by_id.get(_k(p["name"]))
        if match is None:
            match, how = o.vm_by.get((vname, _k(p["friendly"]))), "name"
        if match is not None:
            name = match
            d = o.vms[name]
            o.src(f"vms/{name}", "joined", f"by {how}")
            if name != p["friendly"]:
                it.warn(("properties", "friendlyName"),
                        f"VM name: VMM says {name!r}, Site Recovery says {p['friendly']!r}; "
                        "VMM's is used")
            if d["cloud"] != cloud:
                _conflict(o.ctx, it, ("id",), f"cloud of VM '{name}'", "VMM", d["cloud"],
                          "Site Recovery", cloud)
            if d["nics"] is None and p["nics"] is not None:
                d["nics"] = _asr_nics(o, p, vname)
                o.src(f"vms/{name}", "nics", tag)
            elif d["nics"] is not None and p["nics"]:
                mine = [(n.get("network"), n.get("ip")) for n in d["nics"]]
                theirs = [(n["network"], n["ip"]) for n in p["nics"] if n["network"]]
                if _k(str(mine)) != _k(str(theirs)) and all(x[0] for x in theirs):
                    _conflict(o.ctx, it, ("properties", "providerSpecificDetails", "vmNics"),
                              f"NICs of VM '{name}'", "VMM", _nics_text(mine),
                              "Site Recovery", _nics_text(theirs))
        else:
            name = p["friendly"]
            if name in o.vms:
                it.problem((), f"two VMs named '{name}'")
                continue
            d = {"cloud": cloud, "host": None, "vmm": vname,
                 "nics": None if p["nics"] is None else _asr_nics(o, p, vname)}
            o.add_vm(name, d)
            o.src(f"vms/{name}", "cloud", tag)
            if d["nics"] is not None:
                o.src(f"vms/{name}", "nics", tag)
        d["protected_item_id"] = p["id"]
        o.idof(f"vms/{name}", "protected_item_id", p["id"])
        vms_by[(ai, iid)] = name
        if p["nics"]:
            _replica_settings(o, ai, p, d, name, tag, replica_ok, nets_by, az_by)


def _a2a_vm(o, ai, p, fab, tag, vms_by, nets_by, az_by, arm, replica_ok):
    """An A2A protected item: an Azure VM (``site:`` its region) whose NICs and current
    addresses come from Azure's JSON (``az vm list``, ``az network nic list``) when given,
    else are unknown; Site Recovery gives its configured replica and test NICs."""
    it = p["item"]
    region = fab["location"] or p["location"]
    if not region:
        it.warn(("id",), "an Azure to Azure protected item whose fabric gives no location "
                         "(region); left out")
        return
    name = p["friendly"]
    vm = arm.vms.get(_k(p["vm_arm_id"])) if arm is not None and p["vm_arm_id"] else None
    if name in o.vms:
        it.problem((), f"two VMs named '{name}'")
        return
    d = {"site": region, "nics": None, "azure": True}
    nic_ids = []
    if vm is not None:
        o.arm_vms_done.add(_k(vm["id"]))
        d["nics"], nic_ids = _arm_vm_nics(arm, vm, az_by)
        o.src(f"vms/{name}", "nics", f"arm:{vm['item'].src.path}")
        o.idof(f"vms/{name}", "arm_id", vm["id"])
    o.add_vm(name, d)
    o.sites.setdefault(region, "azure")
    o.src(f"vms/{name}", "site", tag)
    o.idof(f"vms/{name}", "protected_item_id", p["id"])
    if p["vm_arm_id"]:
        o.idof(f"vms/{name}", "arm_id", p["vm_arm_id"])
    vms_by[(ai, _k(p["id"]))] = name
    if p["nics"]:
        d["nic_ids"] = nic_ids
        _replica_settings(o, ai, p, d, name, tag, replica_ok, nets_by, az_by)


def _replica_settings(o, ai, p, d, name, tag, replica_ok, nets_by, az_by):
    """Site Recovery's configured replica NIC (its "Compute and Network" settings) as the
    NIC's ``replica:`` (R3): network, subnet and address, where the format has them."""
    mine = d["nics"] or []
    by_net = {}
    for k, nic in enumerate(mine):
        by_net.setdefault(_k(nic.get("network")), k)
    by_arm = {x: k for k, x in enumerate(d.get("nic_ids") or ()) if x}
    for j, n in enumerate(p["nics"]):
        for what in ("replica", "test"):
            if n.get(what):
                _nic_setting(o, ai, n, what, j, mine, by_net, by_arm, len(p["nics"]), name,
                             tag, replica_ok, nets_by, az_by)


#: the REST field named in a warning about a NIC setting
_FIELD = {"replica": ("recoveryVMNetworkId", "recoveryVMSubnetName"),
          "test": ("tfoVMNetworkId", "tfoSubnetName")}


def _nic_setting(o, ai, n, what, j, mine, by_net, by_arm, count, name, tag, replica_ok,
                 nets_by, az_by):
    r = n[what]
    fid, fsub = _FIELD[what]
    pre = "recovery" if what == "replica" else "test"
    o.idof(f"vms/{name}", f"nics[{j}].{pre}_network_id", r["network_id"])
    if not replica_ok:  # nothing dropped: the sidecar keeps them
        o.idof(f"vms/{name}", f"nics[{j}].{pre}_subnet", r["subnet"])
        o.idof(f"vms/{name}", f"nics[{j}].{pre}_ip", r["ip"])
        n["item"].warn((fid,), f"configured {what} NIC settings are kept in the sidecar only "
                               "(this netmap's format has no NIC settings)")
        return
    # the topology's NIC: by ARM id (A2A), else of the same network (VMM's order may
    # differ), else by index
    k = by_arm.get(_k(n.get("arm_id"))) if n.get("arm_id") else None
    if k is None:
        k = by_net.get(_k(n["network"]), j if len(mine) == count else None)
    if k is None or k >= len(mine):
        n["item"].warn((fid,), f"configured {what} NIC settings for a NIC the topology does "
                               "not have (its NICs are unknown or fewer); left out")
        return
    rep = {}
    rp = arm_parts(r["network_id"])
    if "virtualnetworks" in rp:
        rep["network"] = _azure_target(o, r["network_id"], rp["virtualnetworks"],
                                       n["item"], az_by)
    elif rp.get("replicationnetworks"):
        net = nets_by.get((ai, (_k(rp.get("replicationfabrics")),
                                _k(rp["replicationnetworks"]))))
        if net is None:
            n["item"].warn((fid,), f"the configured {what} network is not a listed network; "
                                   "left out")
        else:
            rep["network"] = net
    if r["subnet"] and "network" in rep:
        net = rep["network"]
        az = o.aznets.get(net)
        if az is not None and az["subnets"] is None:  # a subnet Site Recovery names
            az.setdefault("named_subnets", set()).add(r["subnet"])
            rep["subnet"] = r["subnet"]
        else:
            subs = az["subnets"] if az is not None else o.vmnets[net]["subnets"]
            same = [x["name"] for x in subs if _k(x["name"]) == _k(r["subnet"])]
            if same:
                rep["subnet"] = same[0]
            else:
                n["item"].warn((fsub,), f"network '{net}' has no subnet '{r['subnet']}'; "
                                        f"the configured {what} subnet is left out")
    if r["ip"]:
        rep["ip"] = r["ip"]
    if rep:
        mine[k][what] = rep
        o.src(f"vms/{name}", f"nics[{k}].{what}", tag)


def _nics_text(nics):
    return "; ".join(f"{n} {ip or ''}".strip() for n, ip in nics) or "none"


def _asr_nics(o, p, vname):
    out = []
    for n in p["nics"]:
        if not n["network"]:
            n["item"].warn((), "NIC with no vMNetworkName (not connected); left out")
            continue
        net = o.vmnet_by.get((vname, _k(n["network"])))
        if net is None:
            if vname is None:
                n["item"].warn(("vMNetworkName",), "a NIC of a Hyper-V site (no VMM VM "
                                                   "network); left out")
                continue
            net = n["network"]
            o.add_vmnet(net, {"vmm": vname, "logical_network": None, "subnets": [],
                              "subnets_known": False})
            o.src(f"vm_networks/{net}", "name", f"asr:{n['item'].src.path}")
        d = {"network": net}
        if n["subnet"]:
            d["subnet"] = n["subnet"]
            subs = o.vmnets[net]["subnets"]
            if all(_k(s["name"]) != _k(n["subnet"]) for s in subs):
                subs.append({"name": n["subnet"]})
        if n["ip"]:
            d["ip"] = n["ip"]
        out.append(d)
    return out


def _asr_plans(o, ai, a, vms_by):
    for p in sorted(a.plans, key=lambda p: _k(p["friendly"])):
        it = p["item"]
        name = p["friendly"]
        groups = None
        if p["groups"] is not None:
            groups = []
            for g in p["groups"]:
                grp = []
                for rid, rpi in g:
                    vm = vms_by.get((ai, _k(rid)))
                    if vm is None:
                        rpi.warn(("id",), "not a listed protected item; left out of the plan")
                        continue
                    if any(vm in x for x in groups) or vm in grp:
                        rpi.warn(("id",), "VM already in this plan; listed once")
                        continue
                    grp.append(vm)
                if grp:
                    groups.append(grp)
        if name in o.plans:
            if _k(o.ids.get(f"recovery_plans/{name}", {}).get("plan_id")) == _k(p["id"]):
                # the same plan twice (its list entry and its own body): the groups win
                if o.plans[name] is None:
                    o.plans[name] = groups
                continue
            it.problem((), f"two recovery plans named '{name}'")
            continue
        o.plans[name] = groups
        o.src(f"recovery_plans/{name}", "groups" if groups is not None else "name",
              f"asr:{it.src.path}")
        o.idof(f"recovery_plans/{name}", "plan_id", p["id"])


# --------------------------------------------------------------------------- ARM

def _arm_side(o, arm):
    """Azure networks from Azure's JSON: {vnet id lower: network name}."""
    az_by = {}
    if arm is None:
        return az_by
    for vid, v in sorted(arm.vnets.items()):
        name = v["name"]
        if name in o.aznets or name in o.vmnets:
            v["item"].problem(("name",), f"two networks named '{name}'")
            continue
        site = v["location"]
        if site:
            o.sites.setdefault(site, "azure")
        o.aznets[name] = {"site": site, "subnets": [{"name": s, **({"prefix": p} if p else {})}
                                                    for s, p in v["subnets"]],
                          "gateway": vid in arm.gateways}
        tag = f"arm:{v['item'].src.path}"
        for f in ("name", "site", "subnets"):
            o.src(f"azure_networks/{name}", f, tag)
        o.idof(f"azure_networks/{name}", "arm_id", v["id"])
        o.idof(f"azure_networks/{name}", "resource_group", v["rg"])
        o.idof(f"azure_networks/{name}", "subscription", v["sub"])
        az_by[vid] = name
    seen = set()
    for vid, v in sorted(arm.vnets.items()):
        for peer in v["peers"]:
            if vid in az_by and peer in az_by:
                pair = tuple(sorted((az_by[vid], az_by[peer])))
                if pair not in seen:
                    seen.add(pair)
                    o.links.append({"networks": list(pair), "kind": "peering"})
    return az_by


def _arm_vm_nics(arm, v, az_by):
    """An Azure VM's NICs (primary first) from ``az vm list`` and ``az network nic list``,
    and the ARM id of each (for Site Recovery's ``sourceNicArmId``)."""
    nics, ids = [], []
    for nid, _primary in sorted(v["nics"], key=lambda x: not x[1]):
        n = arm.nics.get(nid)
        if n is None:
            continue
        ipcs = sorted(n["ipconfigs"], key=lambda x: not x[0])
        if not ipcs or not ipcs[0][3]:
            continue
        _, ip, mode, sid = ipcs[0]
        net_id = _k(sid[: sid.lower().index("/subnets/")]) if "/subnets/" in \
            sid.lower() else None
        net = az_by.get(net_id)
        if net is None:
            continue
        d = {"network": net, "subnet": arm_parts(sid).get("subnets")}
        if ip:
            d["ip"] = ip
        if mode:
            d["ip_mode"] = mode
        nics.append(d)
        ids.append(nid)
    return nics, ids


def _arm_vms(o, arm, az_by):
    if arm is None:
        return
    if arm.vms and "site" not in FORMAT["vms"].fields:
        o.ctx.warn("netmap import", None, "", f"{len(arm.vms)} Azure VM(s) left out (this "
                                              "netmap's format has no Azure VMs)")
        return
    for vid, v in sorted(arm.vms.items()):
        if not v["name"] or not v["location"]:
            continue
        if v["name"] in o.vms or vid in o.arm_vms_done:
            continue
        nics, _ = _arm_vm_nics(arm, v, az_by)
        if v["location"] in o.region_protection:
            v["item"].warn(("name",), f"VM '{v['name']}' is not a protected item of the "
                                      "vault, but its region is protected and the format "
                                      "protects every VM of a protected region (R11): it "
                                      "is listed as protected")
        o.add_vm(v["name"], {"site": v["location"], "nics": nics, "azure": True})
        o.sites.setdefault(v["location"], "azure")
        o.src(f"vms/{v['name']}", "nics", f"arm:{v['item'].src.path}")
        o.idof(f"vms/{v['name']}", "arm_id", v["id"])


# --------------------------------------------------------------------------- overrides

def _apply_overrides(o, ov):
    tag = "overrides"
    for s in ov.get("sites") or ():
        o.sites[s["name"]] = s.get("kind", "onprem")
    for v in ov.get("vmm_servers") or ():
        o.vmm.setdefault(v["name"], {"site": None})
        if v.get("site"):
            o.vmm[v["name"]]["site"] = v["site"]
            o.src(f"vmm_servers/{v['name']}", "site", tag)
    for ln in ov.get("logical_networks") or ():
        o.logical[ln["name"]] = ln["vmm"]
    for n in ov.get("vm_networks") or ():
        d = o.add_vmnet(n["name"], {"vmm": n.get("vmm"), "logical_network": None,
                                            "subnets": [], "subnets_known": True})
        for k in ("logical_network", "vmm", "subnets"):
            if k in n:
                d[k] = n[k]
                o.src(f"vm_networks/{n['name']}", k, tag)
    for n in ov.get("azure_networks") or ():
        d = o.aznets.setdefault(n["name"], {"site": None, "subnets": None, "gateway": False})
        for k in ("site", "subnets"):
            if k in n:
                d[k] = n[k]
                o.src(f"azure_networks/{n['name']}", k, tag)
        if "gateway" in n:
            d["gateway"] = n["gateway"]
            o.src(f"azure_networks/{n['name']}", "gateway", tag)
    for c in ov.get("clouds") or ():
        d = o.clouds.setdefault(c["name"], {"vmm": c.get("vmm"), "site": None,
                                            "logical_networks": None})
        for k in ("vmm", "site", "logical_networks"):
            if k in c:
                d[k] = c[k]
                o.src(f"clouds/{c['name']}", k, tag)
    for h in ov.get("hosts") or ():
        o.hosts[h["name"]] = dict(h)
        o.src(f"hosts/{h['name']}", "name", tag)
        for c in h.get("clouds") or ():
            o.hosts_unknown.discard(c)
    for p in ov.get("protection") or ():
        o.protection[p["protected"]] = ("protecting", p["protecting"]) if \
            p.get("protecting") else ("azure", p["azure"])
        o.src(f"clouds/{p['protected']}", "protection", tag)
    for m in ov.get("network_mappings") or ():
        for key in [k for k in o.mappings if k[0] == m["source"]]:
            del o.mappings[key]
        o.mappings[(m["source"], m["target"])] = True
        o.src(f"network_mappings/{m['source']} -> {m['target']}", "mapping", tag)
    for link in ov.get("links") or ():
        o.links.append(dict(link))
    for v in ov.get("vms") or ():
        d = o.vms.setdefault(v["name"], {"cloud": v.get("cloud"), "host": None,
                                         "nics": None})
        for k in ("cloud", "site", "host", "replica_host", "size", "nics", "depends_on"):
            if k in v:
                d[k] = v[k]
                o.src(f"vms/{v['name']}", k, tag)
    for p in ov.get("recovery_plans") or ():
        o.plans[p["name"]] = p.get("groups") or []
        o.src(f"recovery_plans/{p['name']}", "groups", tag)


# --------------------------------------------------------------------------- output

def _unknown(o, obj, field, reason, supply):
    o.unknown.append({"object": obj, "field": field, "reason": reason, "supply_with": supply})


def _emit(o, overrides):
    data = {"netmap": 1}
    prot = []
    mapped_regions = {}  # VMM server -> regions of the Azure networks its networks map to
    for s, tg in o.mappings:
        if tg in o.aznets and o.aznets[tg]["site"] and s in o.vmnets:
            mapped_regions.setdefault(o.vmnets[s]["vmm"], set()).add(o.aznets[tg]["site"])
    for c, (k, t) in sorted(o.protection.items()):
        if k == "azure" and t is None:
            regions = sorted(mapped_regions.get(o.clouds[c]["vmm"], ()))
            if len(regions) == 1:  # the mapped VNets lie in the vault's region
                t = regions[0]
                o.src(f"clouds/{c}", "protection.azure", "region of the mapped Azure networks")
            else:
                t = UNKNOWN_REGION
                _unknown(o, c, "protection.azure", "Site Recovery says 'Microsoft Azure', not "
                                                   "the region", SUPPLY_ARM)
        prot.append({"protected": c, k: t})
    for r, t in sorted(o.region_protection.items()):
        prot.append({"region": r, "azure": t})
    if overrides and overrides.get("name"):
        data["name"] = overrides["name"]
    sites = dict(o.sites)
    vmm_out = []
    for name, d in sorted(o.vmm.items()):
        site = d["site"]
        if site is None:
            site = unknown_site(name)
            _unknown(o, name, "site", f"no export says where VMM server {name} runs; "
                                      f"netmap uses the placeholder '{site}'",
                     "overrides: vmm_servers[].site")
        sites.setdefault(site, "onprem")
        vmm_out.append({"name": name, "site": site})
    need_region = any(d["site"] is None for d in o.aznets.values()) or \
        any(p.get("azure") == UNKNOWN_REGION for p in prot)
    if need_region:
        sites.setdefault(UNKNOWN_REGION, "azure")
    data["sites"] = [{"name": n} if k == "onprem" else {"name": n, "kind": k}
                     for n, k in sorted(sites.items())]
    data["vmm_servers"] = vmm_out
    data["logical_networks"] = [{"name": n, "vmm": v} for n, v in sorted(o.logical.items())]
    vmn = []
    for name, d in sorted(o.vmnets.items()):
        x = {"name": name}
        if d["logical_network"]:
            x["logical_network"] = d["logical_network"]
        else:
            x["vmm"] = d["vmm"]
            _unknown(o, name, "logical_network", "Site Recovery does not say which logical "
                                                 "network carries a VM network",
                     SUPPLY_VMM.format(vmm=d["vmm"]))
        if d.get("isolation") and "isolation" in FORMAT["vm_networks"].fields:
            x["isolation"] = d["isolation"]
        if d["subnets"]:
            x["subnets"] = d["subnets"]
        if not d.get("subnets_known", True):
            _unknown(o, name, "subnets", "only a NIC names this VM network; its subnets and "
                                         "prefixes are in no export read",
                     SUPPLY_VMM.format(vmm=d["vmm"]))
        vmn.append(x)
    data["vm_networks"] = vmn
    azn = []
    for name, d in sorted(o.aznets.items()):
        x = {"name": name, "site": d["site"] or UNKNOWN_REGION}
        if d["site"] is None:
            _unknown(o, name, "site", "Site Recovery names the Azure network of a mapping "
                                      "but not its region", SUPPLY_ARM)
        if d["subnets"]:
            x["subnets"] = d["subnets"]
        elif d["subnets"] is None:
            if d.get("named_subnets"):  # names a configured replica NIC gives; no prefixes
                x["subnets"] = [{"name": n} for n in sorted(d["named_subnets"])]
            _unknown(o, name, "subnets", "Site Recovery names the Azure network of a mapping "
                                         "but not its subnets", SUPPLY_ARM)
        gw = d["gateway"]
        if isinstance(gw, dict):
            x["gateway"] = gw
        elif gw:
            _unknown(o, name, "gateway.sites", "Azure's JSON shows a VPN or ExpressRoute "
                                               "gateway but not which on-premises sites it "
                                               "reaches", "overrides: azure_networks[]."
                                                          "gateway.sites")
        azn.append(x)
    data["azure_networks"] = azn
    clouds = []
    protecting = {t for k, t in o.protection.values() if k == "protecting"}
    for name, d in sorted(o.clouds.items()):
        x = {"name": name}
        if d["vmm"]:
            x["vmm"] = d["vmm"]
        if d["site"]:
            x["site"] = d["site"]
        if d["logical_networks"] is not None:
            x["logical_networks"] = d["logical_networks"]
        else:
            _unknown(o, name, "logical_networks", "Site Recovery does not say which logical "
                                                  "networks a cloud has",
                     SUPPLY_VMM.format(vmm=d["vmm"]))
        if name in o.hosts_unknown and name in protecting and not any(
                name in h.get("clouds", ()) for h in o.hosts.values()):
            _unknown(o, name, "hosts", "Site Recovery does not list a cloud's hosts",
                     SUPPLY_VMM.format(vmm=d["vmm"]))
        clouds.append(x)
    data["clouds"] = clouds
    data["protection"] = prot
    data["hosts"] = [{"name": n, **{k: v for k, v in d.items() if k in
                                    ("vmm", "clouds", "logical_networks", "capacity")}}
                     for n, d in sorted(o.hosts.items())]
    for n, d in sorted(o.hosts.items()):
        if d.get("logical_networks_unknown") and "logical_networks" not in d:
            _unknown(o, n, "logical_networks", "the VMM inventory does not say which logical "
                                               "networks this host reaches",
                     SUPPLY_VMM.format(vmm=d["vmm"]) + " or overrides: "
                                                       "hosts[].logical_networks")
    data["network_mappings"] = [{"source": s, "target": t} for s, t in sorted(o.mappings)]
    links = sorted(o.links, key=lambda x: x["networks"])
    if "kind" not in FORMAT["links"].fields:  # a format without peerings: not as routed
        for x in [x for x in links if x.get("kind") == "peering"]:
            o.ctx.warn("netmap import", None, "",
                       f"peering {' -- '.join(x['networks'])} left out (this netmap's "
                       "format has no peering links)")
        links = [{"networks": x["networks"]} for x in links if x.get("kind") != "peering"]
    data["links"] = links
    if not (overrides and "links" in overrides) and (o.vmnets or o.aznets):
        _unknown(o, "links", "routed links", "no export says which networks route to each "
                                             "other (VMM and Site Recovery do not; Azure "
                                             "shows peerings only)", "overrides: links")
    vms = []
    for name, d in sorted(o.vms.items()):
        x = {"name": name}
        if d.get("site"):
            x["site"] = d["site"]
        else:
            x["cloud"] = d["cloud"]
        for k in ("host", "replica_host", "size"):
            if d.get(k):
                x[k] = d[k]
        if d.get("host") and d["host"] not in o.hosts:
            del x["host"]
        if d["nics"]:
            x["nics"] = d["nics"]
        elif d["nics"] is None:
            _unknown(o, name, "nics", "no export read lists this VM's NICs (Site Recovery "
                                      "lists them only for some replication types)",
                     SUPPLY_VMM.format(vmm=d.get("vmm")) if d.get("vmm") else
                     "Azure's JSON: az vm list and az network nic list (netmap collect arm)"
                     if d.get("azure") else "overrides: vms[].nics")
        if d.get("depends_on"):
            x["depends_on"] = d["depends_on"]
        vms.append(x)
    data["vms"] = vms
    plans = []
    for name, groups in sorted(o.plans.items()):
        x = {"name": name}
        if groups is None:
            _unknown(o, name, "groups", "the list response carries no groups for this plan "
                                        "(no groups cannot be told from groups left out)",
                     "the plan's own body: az rest GET .../replicationRecoveryPlans/"
                     f"{name} saved with the other Site Recovery files")
        elif groups:
            x["groups"] = groups
        plans.append(x)
    data["recovery_plans"] = plans
    if o.unknown:
        data["unknown"] = sorted(o.unknown, key=lambda u: (u["object"], u["field"]))
    return {k: v for k, v in data.items() if v != []}
