"""Site Recovery's REST bodies (source 1 of ``netmap import``): what the vault says.

Items are classified by id (see :mod:`netmap.io.importer.read`), from any file of the
folder. The fields read are those of the ``Microsoft.RecoveryServices`` replication API
(azure-rest-api-specs, ``specification/recoveryservicessiterecovery``, stable 2025-08-01
and 2026-05-01; the examples under ``fixtures/import/asr-examples/`` come from there):

=====================================  ===============================================
collection                             read
=====================================  ===============================================
replicationFabrics                     ``friendlyName``, ``customDetails.instanceType``
                                       (VMM, HyperVSite, Azure) and ``location`` (an
                                       Azure fabric's region)
replicationLogicalNetworks             ``friendlyName`` (the VMM logical networks)
replicationProtectionContainers        ``friendlyName`` (a VMM cloud; the name is
                                       ``cloud_<VMM cloud id>``)
replicationProtectionContainerMappings the pairing: ``targetProtectionContainerId`` or
                                       Azure (``"Microsoft Azure"``); between two Azure
                                       fabrics, a region protected to another (A2A)
replicationNetworks                    ``friendlyName``, ``subnets[].name`` and
                                       ``addressList`` (the name is the VMM VM network id)
replicationNetworkMappings             source from the id / ``primaryNetworkId``, target
                                       ``recoveryNetworkId`` (VmmToVmm, VmmToAzure;
                                       AzureToAzure: both are VNet ids)
replicationProtectedItems              ``friendlyName``; ``providerSpecificDetails.
                                       vmNics[]``: ``vMNetworkName``, ``vMSubnetName``,
                                       ``ipConfigs[]``, and the configured replica NIC
                                       (``recoveryVMNetworkId``, ``recoveryVMSubnetName``,
                                       ``ipConfigs[].recoveryStaticIPAddress`` /
                                       ``replicaNicStaticIPAddress``), the configured
                                       test NIC (``tfoVMNetworkId``, ``ipConfigs[].
                                       tfoSubnetName`` / ``tfoStaticIPAddress``); A2A:
                                       ``fabricObjectId`` (the VM's ARM id),
                                       ``primaryFabricLocation``, ``sourceNicArmId``
replicationRecoveryPlans               ``friendlyName``, ``groups[]`` of type Boot
=====================================  ===============================================

Site Recovery never says which logical network carries a VM network, which host runs a
VM, which logical networks a host or cloud reaches, nor where a VMM server stands: those
stay unknown unless the VMM inventory or the overrides give them.
"""

from __future__ import annotations

import ipaddress
import os

from netmap.io.importer.read import (Ctx, Item, arm_parts, classify, next_page_warning,
                                     read_items)

__all__ = ["AsrFacts", "read_asr"]

#: the collections read, and the word for one item in messages
KINDS = {
    "replicationfabrics": "fabric", "replicationlogicalnetworks": "logical network",
    "replicationprotectioncontainers": "protection container",
    "replicationprotectioncontainermappings": "container mapping",
    "replicationnetworks": "network", "replicationnetworkmappings": "network mapping",
    "replicationprotecteditems": "protected item", "replicationrecoveryplans": "recovery plan",
}


def _k(x):
    return x.lower() if isinstance(x, str) else None


def _vault_of(rid):
    p = arm_parts(rid)
    if "vaults" not in p or not p.get("subscriptions"):
        return None
    return (_k(p.get("subscriptions")), _k(p.get("resourcegroups")), _k(p["vaults"]))


class AsrFacts:
    """What one vault's export says, keyed by ARM names (lower case)."""

    def __init__(self) -> None:
        self.vault: tuple | None = None
        self.vault_id: str | None = None
        self.fabrics: dict = {}      # fab -> {name, friendly, kind, id, location, item}
        self.logical: dict = {}      # (fab, name) -> {friendly, id, item}
        self.containers: dict = {}   # (fab, name) -> {friendly, id, name, fab, item}
        self.pairings: list = []     # {src: (fab, cont), target: ("cloud", key)|("azure",..)}
        self.networks: dict = {}     # (fab, name) -> {friendly, id, name, subnets, item}
        self.netmaps: list = []      # {source, target, id, item, kind}
        self.items: dict = {}        # id lower -> {...}
        self.plans: list = []


def read_asr(directory: str, ctx: Ctx) -> AsrFacts:
    """Read every ``.json`` file of ``directory`` (sorted; sub-folders too)."""
    facts = AsrFacts()
    files = []
    for root, dirs, names in os.walk(directory):
        dirs.sort()
        files += [os.path.join(root, n) for n in sorted(names) if n.lower().endswith(".json")]
    if not files:
        ctx.problem(directory, None, "", "no .json file here (netmap collect asr prints "
                                         "the commands that save the vault's lists)")
    buckets: dict[str, list[Item]] = {k: [] for k in KINDS}
    vaults: dict = {}
    stems: dict[str, int] = {}  # file name up to its first dot -> files (pages 1, 2...)
    for path in files:
        stem = os.path.basename(path).split(".", 1)[0].lower()
        stems[stem] = stems.get(stem, 0) + 1
    for path in files:
        skipped: dict[str, int] = {}
        next_links: list = []
        for it in read_items(path, ctx, next_links):
            kind = classify(it)
            if kind == "vaults":  # the vault itself (netmap collect asr saves it): its id
                v = _vault_of(it.obj.get("id"))
                if v is not None:
                    vaults.setdefault(v, (it, it.obj["id"]))
                continue
            if kind not in KINDS:
                skipped[kind or "without id or type"] = skipped.get(kind or "without id or "
                                                                     "type", 0) + 1
                continue
            v = _vault_of(it.obj.get("id"))
            if v is not None:
                vaults.setdefault(v, (it, it.obj["id"]))
            buckets[kind].append(it)
        # a list saved one page per file (list.1.json, list.2.json...) has its next pages
        if next_links and stems[os.path.basename(path).split(".", 1)[0].lower()] == 1:
            for page in next_links:
                next_page_warning(page)
        for kind, n in sorted(skipped.items()):
            ctx.warn(path, None, "", f"{n} item(s) of type '{kind}' skipped (not read by "
                                     "netmap import)")
    if len(vaults) > 1:
        (a, (ia, _)), (b, (ib, _)) = sorted(vaults.items())[:2]
        ib.problem(("id",), f"items of two vaults in one folder ('{a[2]}' in {a[1]} and "
                            f"'{b[2]}' in {b[1]}): import each vault from its own folder, so "
                            "that their fabrics and clouds are kept apart")
    if vaults:
        facts.vault = next(iter(sorted(vaults)))
        rid = vaults[facts.vault][1]
        facts.vault_id = rid[: rid.lower().index("/vaults/") + 8 + len(facts.vault[2])]
    for it in buckets["replicationfabrics"]:
        _fabric(facts, it)
    for it in buckets["replicationlogicalnetworks"]:
        p = arm_parts(it.obj.get("id"))
        key = (_k(p.get("replicationfabrics")), _k(p.get("replicationlogicalnetworks")))
        if None in key:
            it.problem(("id",), "a logical network's id must name its fabric and itself")
            continue
        facts.logical[key] = {"friendly": it.get("properties", "friendlyName")
                              or key[1], "id": it.obj["id"], "item": it}
    for it in buckets["replicationprotectioncontainers"]:
        _container(facts, it)
    for it in buckets["replicationprotectioncontainermappings"]:
        _pairing(facts, it)
    for it in buckets["replicationnetworks"]:
        _network(facts, it)
    for it in buckets["replicationnetworkmappings"]:
        _netmap(facts, it)
    _fabrics_named_elsewhere(facts)
    for it in buckets["replicationprotecteditems"]:
        _protected_item(facts, it)
    for it in buckets["replicationrecoveryplans"]:
        _plan(facts, it)
    return facts


def _fabric(f, it):
    p = arm_parts(it.obj.get("id"))
    name = p.get("replicationfabrics") or it.obj.get("name")
    if not isinstance(name, str) or not name:
        it.problem(("id",), "a fabric without an id or name")
        return
    itype = it.get("properties", "customDetails", "instanceType") or \
        it.get("properties", "fabricType")
    kind = {"vmm": "vmm", "hypervsite": "hypervsite", "azure": "azure"}.get(_k(itype), "other")
    if kind == "other":
        it.warn(("properties", "customDetails", "instanceType"),
                f"fabric type '{itype}' is not modelled (VMM, HyperVSite and Azure are); "
                "its objects are skipped")
    f.fabrics[_k(name)] = {"name": name, "friendly": it.get("properties", "friendlyName")
                           or name, "kind": kind, "id": it.obj.get("id"),
                           "location": it.get("properties", "customDetails", "location"),
                           "item": it}


def _fabrics_named_elsewhere(f):
    """A fabric not listed, whose type a network gives (``fabricType``) and whose name a
    mapping under that network gives (``primaryFabricFriendlyName``): its ids say so."""
    for m in f.netmaps:
        p = arm_parts(m["id"])
        fk = _k(p.get("replicationfabrics"))
        if not fk or fk in f.fabrics:
            continue
        friendly = m["item"].get("properties", "primaryFabricFriendlyName")
        types = {_k(n["item"].get("properties", "fabricType"))
                 for (nf, _), n in f.networks.items() if nf == fk}
        if friendly and types == {"vmm"}:
            m["item"].warn(("properties", "primaryFabricFriendlyName"),
                           f"fabric '{p['replicationfabrics']}' is not listed; its networks "
                           f"say it is a VMM server and this mapping names it '{friendly}'")
            f.fabrics[fk] = {"name": p["replicationfabrics"], "friendly": friendly,
                             "kind": "vmm", "id": m["id"][: m["id"].lower().index(
                                 "/replicationnetworks/")], "location": None,
                             "item": m["item"]}


def _container(f, it):
    p = arm_parts(it.obj.get("id"))
    fab, name = p.get("replicationfabrics"), p.get("replicationprotectioncontainers")
    if not fab or not name:
        it.problem(("id",), "a protection container's id must name its fabric and itself")
        return
    f.containers[(_k(fab), _k(name))] = {
        "friendly": it.get("properties", "friendlyName") or name, "name": name,
        "id": it.obj["id"], "fab": _k(fab), "item": it,
        "fabric_friendly": it.get("properties", "fabricFriendlyName"),
        "fabric_type": it.get("properties", "fabricType")}


def _pairing(f, it):
    p = arm_parts(it.obj.get("id"))
    fab, cont = _k(p.get("replicationfabrics")), _k(p.get("replicationprotectioncontainers"))
    if not fab or not cont:
        it.problem(("id",), "a container mapping's id must name its fabric and container")
        return
    tid = it.get("properties", "targetProtectionContainerId")
    tp = arm_parts(tid)
    if tp.get("replicationprotectioncontainers"):
        tfab = _k(tp.get("replicationfabrics"))
        if f.fabrics.get(tfab, {}).get("kind") == "azure":
            target = ("azure", tfab)
        else:
            target = ("cloud", (tfab, _k(tp["replicationprotectioncontainers"])))
    elif tid is not None or it.get("properties", "targetFabricFriendlyName"):
        target = ("azure", None)  # Site Recovery writes "Microsoft Azure" here
    else:
        it.problem(("properties",), "cannot tell the protecting container: no "
                                    "targetProtectionContainerId")
        return
    f.pairings.append({"src": (fab, cont), "target": target, "id": it.obj["id"],
                       "item": it, "policy": it.get("properties", "policyId")})


def _prefix(text, it, sub):
    try:
        return str(ipaddress.ip_network(text.strip(), strict=False))
    except ValueError:
        it.warn(sub, f"'{text}' is not a CIDR prefix; left out")
        return None


def _network(f, it):
    p = arm_parts(it.obj.get("id"))
    fab, name = p.get("replicationfabrics"), p.get("replicationnetworks")
    if not fab or not name:
        it.problem(("id",), "a network's id must name its fabric and itself")
        return
    subnets = []
    for j, sub in enumerate(it.children("properties", "subnets")):
        sname = sub.get("friendlyName") or sub.get("name")
        if sname is None:
            sub.warn((), "a subnet without a name; left out")
            continue
        addrs = sub.get("addressList", kind=list) or []
        prefix = None
        if addrs and isinstance(addrs[0], str):
            prefix = _prefix(addrs[0], sub, ("addressList", 0))
        subnets.append((sname, prefix))
    f.networks[(_k(fab), _k(name))] = {
        "friendly": it.get("properties", "friendlyName") or name, "name": name,
        "id": it.obj["id"], "fab": _k(fab), "subnets": subnets, "item": it}


def _netmap(f, it):
    p = arm_parts(it.obj.get("id"))
    g = it.get
    pp = arm_parts(g("properties", "primaryNetworkId"))
    rid = g("properties", "recoveryNetworkId")
    rp = arm_parts(rid)
    if _k(g("properties", "fabricSpecificSettings", "instanceType")) == "azuretoazure":
        # both ends are ARM VNet ids (a network's name: the id's last segment)
        pid = g("properties", "primaryNetworkId")
        if "virtualnetworks" not in pp or "virtualnetworks" not in rp:
            it.problem(("properties",), "an AzureToAzure mapping needs the VNet ids "
                                        "primaryNetworkId and recoveryNetworkId")
            return
        f.netmaps.append({"source": ("azure", pid, pp["virtualnetworks"]),
                          "target": ("azure", rid, rp["virtualnetworks"]),
                          "id": it.obj["id"], "name": it.obj.get("name")
                          or p.get("replicationnetworkmappings"), "item": it})
        return
    # ids before names: the mapping lives under its primary network
    src = None
    for d in (p, pp):
        if d.get("replicationfabrics") and d.get("replicationnetworks"):
            src = ("id", (_k(d["replicationfabrics"]), _k(d["replicationnetworks"])))
            break
    if src is None and g("properties", "primaryNetworkFriendlyName"):
        src = ("name", (g("properties", "primaryFabricFriendlyName"),
                        g("properties", "primaryNetworkFriendlyName")))
    if src is None:
        it.problem(("properties",), "cannot tell the primary network: no id or "
                                    "primaryNetworkFriendlyName")
        return
    if p.get("replicationnetworks") and pp.get("replicationnetworks") and \
            (_k(p["replicationfabrics"]), _k(p["replicationnetworks"])) != \
            (_k(pp.get("replicationfabrics")), _k(pp["replicationnetworks"])):
        it.warn(("properties", "primaryNetworkId"),
                f"primaryNetworkId names fabric '{pp.get('replicationfabrics')}', the "
                f"mapping's id fabric '{p.get('replicationfabrics')}': the id is used")
    itype = _k(g("properties", "fabricSpecificSettings", "instanceType"))
    if itype is None:
        itype = "vmmtoazure" if "virtualnetworks" in rp else "vmmtovmm"
    if itype == "vmmtoazure":
        if not (rid or g("properties", "recoveryNetworkFriendlyName")):
            it.problem(("properties",), "a VmmToAzure mapping without recoveryNetworkId")
            return
        target = ("azure", rid, g("properties", "recoveryNetworkFriendlyName")
                  or rp.get("virtualnetworks"))
    elif itype == "vmmtovmm":
        if rp.get("replicationnetworks"):
            target = ("id", (_k(rp.get("replicationfabrics")), _k(rp["replicationnetworks"])))
        elif g("properties", "recoveryNetworkFriendlyName"):
            target = ("name", (g("properties", "recoveryFabricFriendlyName"),
                               g("properties", "recoveryNetworkFriendlyName")))
        else:
            it.problem(("properties",), "cannot tell the recovery network: no "
                                        "recoveryNetworkId or recoveryNetworkFriendlyName")
            return
    else:
        it.warn(("properties", "fabricSpecificSettings", "instanceType"),
                f"network mapping type '{itype}' is not modelled (VmmToVmm, VmmToAzure "
                "and AzureToAzure are); left out")
        return
    f.netmaps.append({"source": src, "target": target, "id": it.obj["id"],
                      "name": it.obj.get("name") or p.get("replicationnetworkmappings"),
                      "item": it})


def _ip(text, it, sub):
    if text is None:
        return None
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        it.warn(sub, f"'{text}' is not an IP address; left out")
        return None


def _protected_item(f, it):
    g = it.get
    p = arm_parts(it.obj.get("id"))
    fab, cont = _k(p.get("replicationfabrics")), _k(p.get("replicationprotectioncontainers"))
    if not fab or not cont:
        it.problem(("id",), "a protected item's id must name its fabric and container")
        return
    pd = g("properties", "providerSpecificDetails", kind=dict)
    has_nics = pd is not None and isinstance(pd.get("vmNics"), list)
    nics = []
    for nic in (it.children("properties", "providerSpecificDetails", "vmNics")
                if has_nics else ()):
        nics.append(_nic(nic))
    name = it.obj.get("name") or p.get("replicationprotecteditems")
    f.items[_k(it.obj["id"])] = {
        "friendly": g("properties", "friendlyName") or name, "name": name,
        "id": it.obj["id"], "container": (fab, cont), "nics": nics if has_nics else None,
        "provider": g("properties", "providerSpecificDetails", "instanceType"), "item": it,
        # A2A: the protected Azure VM's ARM id, and its region
        "vm_arm_id": g("properties", "providerSpecificDetails", "fabricObjectId"),
        "location": g("properties", "providerSpecificDetails", "primaryFabricLocation")}


def _nic(nic):
    g = nic.get
    primary = None
    for ipc in nic.children("ipConfigs"):
        if ipc.get("isPrimary", kind=bool) and primary is None:
            primary = ipc
    out = {"item": nic, "network": g("vMNetworkName"),
           "subnet": g("vMSubnetName") or (primary.get("subnetName") if primary else None),
           "ip": _ip(g("primaryNicStaticIPAddress") or (primary.get("staticIPAddress")
                                                        if primary else None), nic,
                     ("primaryNicStaticIPAddress",))}
    rid = g("recoveryVMNetworkId")
    rsub = g("recoveryVMSubnetName") or (primary.get("recoverySubnetName") if primary
                                         else None)
    rip = g("replicaNicStaticIPAddress") or (primary.get("recoveryStaticIPAddress")
                                             if primary else None)
    if rid or rsub or rip:
        out["replica"] = {"network_id": rid, "subnet": rsub,
                          "ip": _ip(rip, nic, ("replicaNicStaticIPAddress",))}
    # the test failover NIC (A2A, and wherever the REST shape carries tfo* fields)
    # (VMNicDetails.tfoVMNetworkId; IPConfigDetails.tfoSubnetName, tfoStaticIPAddress)
    tid = g("tfoVMNetworkId")
    tsub = primary.get("tfoSubnetName") if primary else None
    tip = primary.get("tfoStaticIPAddress") if primary else None
    if tid or tsub or tip:
        out["test"] = {"network_id": tid, "subnet": tsub,
                       "ip": _ip(tip, primary, ("tfoStaticIPAddress",)) if tip else None}
    out["arm_id"] = g("sourceNicArmId")
    return out


def _plan(f, it):
    g = it.get
    name = it.obj.get("name") or arm_parts(it.obj.get("id")).get("replicationrecoveryplans")
    groups_raw = g("properties", "groups", kind=list)
    groups = None
    if groups_raw:  # an empty list says nothing: the list response left the groups out
        groups = []
        for grp in it.children("properties", "groups"):
            if _k(grp.get("groupType")) != "boot":
                continue
            ids = []
            for rpi in grp.children("replicationProtectedItems"):
                rid = rpi.get("id")
                if rid is None:
                    rpi.warn((), "no protected item id; left out of the plan")
                    continue
                ids.append((rid, rpi))
            groups.append(ids)
    f.plans.append({"friendly": g("properties", "friendlyName") or name, "name": name,
                    "id": it.obj.get("id"), "groups": groups, "item": it,
                    "primary_fabric": g("properties", "primaryFabricId")})
