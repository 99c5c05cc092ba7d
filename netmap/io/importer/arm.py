"""Azure resource JSON (source 3 of ``netmap import``): the Azure side.

Read from any ``.json`` file of the folder, as ``az network vnet list``, ``az network
nic list``, ``az network vnet-gateway list`` and ``az vm list`` print them (flattened:
``addressSpace`` at the top) or as the REST API returns them (under ``properties``);
items are classified by id (``Microsoft.Network/virtualNetworks``,
``networkInterfaces``, ``virtualNetworkGateways``, ``Microsoft.Compute/virtualMachines``).

* a virtual network: ``name``, ``location`` (its region), ``subnets[].name`` and
  ``addressPrefix`` (else the first of ``addressPrefixes``), ``virtualNetworkPeerings[]
  .remoteVirtualNetwork.id`` (a peering, R5);
* a virtual network gateway: the virtual network of its ``ipConfigurations[].subnet.id``
  has a gateway (which on-premises sites it reaches is not in Azure's JSON);
* a network interface: ``ipConfigurations[]`` (``primary``, ``privateIPAddress``,
  ``privateIPAllocationMethod``, ``subnet.id``) and ``virtualMachine.id``;
* a virtual machine: ``name``, ``location``, ``networkProfile.networkInterfaces[]``
  (``id``, ``primary``).
"""

from __future__ import annotations

import ipaddress
import os

from netmap.io.importer.read import Ctx, arm_parts, read_items

__all__ = ["ArmFacts", "read_arm"]


def _k(x):
    return x.lower() if isinstance(x, str) else None


class ArmFacts:
    def __init__(self) -> None:
        self.vnets: dict = {}      # id lower -> {name, id, location, rg, sub, subnets, peer}
        self.gateways: set = set()  # vnet ids (lower) with a gateway
        self.nics: dict = {}       # id lower -> {vm, ipconfigs: [(primary, ip, mode, subnet)]}
        self.vms: dict = {}        # id lower -> {name, location, nics: [(id, primary)]}


def read_arm(directory: str, ctx: Ctx, facts: ArmFacts | None = None) -> ArmFacts:
    facts = facts or ArmFacts()
    files = []
    for root, dirs, names in os.walk(directory):
        dirs.sort()
        files += [os.path.join(root, n) for n in sorted(names) if n.lower().endswith(".json")]
    if not files:
        ctx.problem(directory, None, "", "no .json file here (netmap collect arm prints the "
                                         "az commands that save them)")
    for path in files:
        skipped = connections = 0
        for it in read_items(path, ctx):
            p = arm_parts(it.obj.get("id"))
            last = p.get("_last")
            if last == "virtualnetworks":
                _vnet(facts, it, p)
            elif last == "networkinterfaces":
                _nic(facts, it)
            elif last == "virtualnetworkgateways":
                for ipc in it.children("ipConfigurations", flat=True):
                    sid = ipc.get("subnet", "id", flat=True)
                    sp = arm_parts(sid)
                    if sp.get("virtualnetworks"):
                        facts.gateways.add(_k(sid[: sid.lower().index("/subnets/")]))
            elif last == "virtualmachines":
                _vm(facts, it)
            elif last == "connections":
                connections += 1
            else:
                skipped += 1
        if skipped:
            ctx.warn(path, None, "", f"{skipped} item(s) that are not virtual networks, "
                                     "gateways, NICs or VMs skipped")
        if connections:
            ctx.warn(path, None, "", f"{connections} gateway connection(s) not read: which "
                                     "on-premises sites a gateway reaches is an override "
                                     "(azure_networks[].gateway.sites)")
    return facts


def _vnet(f, it, p):
    subnets = []
    for s in it.children("subnets", flat=True):
        name = s.get("name")
        if not name:
            s.warn((), "a subnet without a name; left out")
            continue
        pre = s.get("addressPrefix", flat=True)
        if pre is None:
            lst = s.get("addressPrefixes", kind=list, flat=True) or []
            pre = lst[0] if lst and isinstance(lst[0], str) else None
        if pre is not None:
            try:
                pre = str(ipaddress.ip_network(pre.strip(), strict=False))
            except ValueError:
                s.warn(("addressPrefix",), f"'{pre}' is not a CIDR prefix; left out")
                pre = None
        subnets.append((name, pre))
    peers = []
    for pe in it.children("virtualNetworkPeerings", flat=True):
        rid = pe.get("remoteVirtualNetwork", "id", flat=True)
        state = pe.get("peeringState", flat=True)
        if state is not None and state.lower() != "connected":
            pe.warn(("peeringState",), f"peering state '{state}': not a working peering; "
                                       "left out")
            continue
        if rid:
            peers.append(_k(rid))
    loc = it.get("location")
    if loc is None:
        it.warn(("location",), "a virtual network without a location: its region is unknown")
    f.vnets[_k(it.obj["id"])] = {"name": it.get("name") or p["virtualnetworks"],
                                 "id": it.obj["id"], "location": loc,
                                 "rg": p.get("resourcegroups"), "sub": p.get("subscriptions"),
                                 "subnets": subnets, "peers": peers, "item": it}


def _nic(f, it):
    ipcs = []
    for ipc in it.children("ipConfigurations", flat=True):
        sid = ipc.get("subnet", "id", flat=True)
        ip = ipc.get("privateIPAddress", flat=True)
        mode = _k(ipc.get("privateIPAllocationMethod", flat=True))
        ipcs.append((bool(ipc.get("primary", kind=bool, flat=True)), ip,
                     "dhcp" if mode == "dynamic" else "static" if mode == "static" else None,
                     sid))
    f.nics[_k(it.obj["id"])] = {"vm": _k(it.get("virtualMachine", "id", flat=True)),
                                "ipconfigs": ipcs, "item": it}


def _vm(f, it):
    nics = []
    for n in it.children("networkProfile", "networkInterfaces", flat=True):
        if n.get("id"):
            nics.append((_k(n.get("id")), bool(n.get("primary", kind=bool, flat=True))))
    f.vms[_k(it.obj["id"])] = {"name": it.get("name"), "location": it.get("location"),
                               "nics": nics, "id": it.obj["id"], "item": it}
