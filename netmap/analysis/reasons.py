"""Reasons as records: why a replica NIC moves, a VM is down or isolated, a replica has
no host, a primary NIC does not return, a dependency breaks, a drill is not isolated.

A :class:`Reason` has a :class:`ReasonKind` and fields (names, sites, addresses, other reasons).
Its text, for people, is worded here and only here (:attr:`Reason.text`, ``str(reason)``);
other modules decide on ``reason.kind`` and the fields, never on the text. Results that
are written as JSON or tables carry ``str(reason)``.

Examples
--------
>>> r = Reason(ReasonKind.FIRST_SUBNET, network="N2", subnet="Web", first="S1")
>>> str(r)
'N2 has no subnet Web: lands in its first subnet S1'
>>> r.kind, r.network
(<ReasonKind.FIRST_SUBNET: 'first_subnet'>, 'N2')
>>> both = Reason.all_of([r, Reason(ReasonKind.NO_PREFIX, network="N2", subnet="S1")])
>>> print(both)
N2 has no subnet Web: lands in its first subnet S1; subnet S1 of N2 has no prefix: no address
>>> both.kinds
(<ReasonKind.FIRST_SUBNET: 'first_subnet'>, <ReasonKind.NO_PREFIX: 'no_prefix'>)
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

__all__ = ["ReasonKind", "Reason", "text_of"]


class ReasonKind(StrEnum):
    """What a :class:`Reason` says; its fields are listed with each kind."""

    # -- combinations
    ALL = "all"  #: parts: several reasons at once ("; ")
    # -- R3/R6/R9 routes of a replica NIC
    #: network, site (the recovery site), elsewhere ((site, target) pairs of the network's
    #: mappings to other sites); disconnected
    NOT_MAPPED = "not_mapped"
    NOT_MAPPED_TO_AZURE = "not_mapped_to_azure"  #: as NOT_MAPPED; disconnected (R6 note)
    PLAN_NETWORK = "plan_network"  #: network, plan; joins the plan's network (R6)
    NO_SUBNETS = "no_subnets"  #: network
    FIRST_SUBNET = "first_subnet"  #: network, subnet, first
    # -- R3 addresses
    NO_ADDRESS = "no_address"  #: cause (a route reason): no address at all
    NO_PREFIX = "no_prefix"  #: network, subnet
    IP_OUTSIDE_PREFIX = "ip_outside_prefix"  #: ip, prefix, reassigned
    IP_NOT_HOST = "ip_not_host"  #: ip, prefix, reassigned
    IP_HELD = "ip_held"  #: ip, network, subnet, prefix, reassigned, holder (optional)
    IP_OUTSIDE_POOL = "ip_outside_pool"  #: ip, network, subnet, start, end, reassigned
    IP_RESERVED = "ip_reserved"  #: ip, network, subnet, by, prefix, reassigned
    DHCP = "dhcp"  #: network, subnet: a DHCP NIC keeps no address of its own
    ONE_VNET = "one_vnet"  #: vm, network (the primary NIC's), own (this NIC's target or
    #: None: not mapped), source (this NIC's network)
    #: network (NAME-asr), source, site: an A2A source with no mapping to the recovery
    #: region joins the network Site Recovery creates there (R11)
    CREATED_BY_ASR = "created_by_asr"
    #: vm, nic: --test-network configured, and the NIC has no test.network (R9)
    TEST_NOT_CONFIGURED = "test_not_configured"
    #: networks: every configured test network of the drill is isolated (R9)
    TEST_CONFIGURED_ISOLATED = "test_configured_isolated"
    #: network (NAME-asr), source (NAME): the mapping back Site Recovery creates with it
    CREATED_MAPPING_BACK = "created_mapping_back"
    #: setting ("network", "subnet", "ip"), value, test (bool: R9's test: settings, else
    #: R3's replica:): the NIC's configured setting decides
    CONFIGURED = "configured"
    #: ip, network, subnet, prefix, problem (the kind IP_OUTSIDE_PREFIX, IP_NOT_HOST,
    #: IP_RESERVED, IP_OUTSIDE_POOL or IP_HELD), its fields (by, holder, start, end), test:
    #: a configured address that is not usable there (NM024); the NIC takes it all the same
    CONFIGURED_IP_UNUSABLE = "configured_ip_unusable"
    # -- R5 states and isolation
    RECOVERY_SITE_DOWN = "recovery_site_down"  #: site (a replica's site)
    SITE_DOWN = "site_down"  #: site, vm (a VM that does not fail over)
    NO_TRAFFIC = "no_traffic"  #: network, site
    NO_NICS = "no_nics"
    VM_DOWN = "vm_down"  #: vm, cause
    VM_ITSELF_DOWN = "vm_itself_down"  #: vm, cause
    VM_ISOLATED = "vm_isolated"  #: vm, cause
    NOT_JOINED = "not_joined"  #: a, b, a_networks, b_networks
    ADDRESS_OVERLAP = "address_overlap"  #: vm, ip, prefix, network, other, join
    PEERING_NOT_TRANSITIVE = "peering_not_transitive"  #: a, b, a_network, b_network, peerings
    PREFIX_OVERLAP = "prefix_overlap"  #: join, via, a, b, overlaps ((prefix of a, of b), ...)
    PEERING_JOINS = "peering_joins"  #: groups (the two components a peering joins)
    OVERLAP_EFFECT = "overlap_effect"  #: join
    NOT_REACHABLE = "not_reachable"  #: cause
    NOT_PROTECTED = "not_protected"  #: cloud (or region: an Azure VM's, R11)
    # -- R8 boot order
    BOOTS_IN_SAME_GROUP = "boots_in_same_group"  #: vm, dependency, group
    BOOTS_LATER = "boots_later"  #: vm, dependency, vm_group, dependency_group
    # -- R9 drill
    TEST_NETWORK_MAPPED = "test_network_mapped"  #: network, sources
    NETWORK_DOWN = "network_down"  #: network (its site is down)
    TEST_NETWORK_RUNNING = "test_network_running"  #: network, vm
    TEST_NETWORK_JOINED = "test_network_joined"  #: network, joined, vm, route
    TEST_NETWORK_ISOLATED = "test_network_isolated"  #: network
    TEST_NO_NETWORK = "test_no_network"  #: (--test-network none): disconnected
    TEST_NONE_ISOLATED = "test_none_isolated"  #: (--test-network none): nothing to reach
    TEST_COPIES_ISOLATED = "test_copies_isolated"  #: networks (the copies created)
    TEST_NETWORK_ELSEWHERE = "test_network_elsewhere"  #: network, site, recovery_site
    TEST_NETWORK_NOT_REACHED = "test_network_not_reached"  #: network, host, logical
    TEST_IP_TAKEN = "test_ip_taken"  #: ip, network, subnet, taken, assigned, top
    TEST_NOT_MIRRORED = "test_not_mirrored"  #: network, target, missing, extra
    TEST_WNV_FROM_NO_ISOLATION = "test_wnv_from_no_isolation"  #: network, replica_network
    TEST_WNV_DHCP_VLAN = "test_wnv_dhcp_vlan"  #: network, replica_network
    TEST_WNV_NO_POOL = "test_wnv_no_pool"  #: network, subnet
    # -- R4 placement
    AZURE_NO_HOST = "azure_no_host"  #: site, site_down
    NO_HOSTS = "no_hosts"  #: cloud
    NO_HOST_REACHES = "no_host_reaches"  #: cloud, logical_networks
    PLACEMENT_SITE_DOWN = "placement_site_down"  #: site
    NO_CAPACITY = "no_capacity"  #: memory_gb, vcpus, host, free_memory_gb, free_vcpus
    NO_HOSTS_LISTED = "no_hosts_listed"  #: (the topology lists no hosts: R4 not judged)
    UNPLACED = "unplaced"  #: vm, cause (R4's reason): its replica never runs
    HOST_DOES_NOT_REACH = "host_does_not_reach"  #: host, network, logical_network
    # -- R7 failback
    REPLICA_DISCONNECTED = "replica_disconnected"  #: overridden, cause
    PLAN_NETWORK_NO_WAY_BACK = "plan_network_no_way_back"  #: network (the plan network)
    #: network, unmapped, site (the VM's own site), elsewhere ((site, target) pairs)
    REPLICA_NETWORK_NOT_MAPPED = "replica_network_not_mapped"
    ORIGINAL_VM = "original_vm"  #: overridden (a failback from Azure ignores what-ifs)
    # -- R1 mappings
    #: source, target, site (the target's), sites (where the source's protected VMs
    #: recover), vms (those VMs, by name)
    MAPPING_UNUSED = "mapping_unused"
    MAPPED_ELSEWHERE = "mapped_elsewhere"  #: network, target, original, remapped
    OTHER_SUBNET = "other_subnet"  #: network, subnet, original
    # -- unknown facts (netmap import)
    #: object, field (the unknown fact), question (what cannot be told, or None),
    #: supply_with (the export or override that supplies it, or None)
    CANNOT_TELL = "cannot_tell"
    # -- diff
    NOT_FAILING_OVER_IN = "not_failing_over_in"  #: vm, side ("old" or "new" topology)
    NOT_PLACED_IN = "not_placed_in"  #: side
    ABSENT_IN = "absent_in"  #: vm, side ("old" or "new" topology)
    # -- netmap fix (the actions that close NM001, NM002, NM005)
    FIX_MAP = "fix_map"  #: source, target, site, vms (the NICs' VMs, sorted), chosen
    FIX_MAP_BACK = "fix_map_back"  #: source, target, site (maps target back to source)
    FIX_MAPPED_BACK_ELSEWHERE = "fix_mapped_back_elsewhere"  #: source, target, back, site
    FIX_NO_MAPPING_FROM_AZURE = "fix_no_mapping_from_azure"  #: source, target
    #: cloud, logical_network, target, protected
    FIX_ADD_LOGICAL_NETWORK = "fix_add_logical_network"
    FIX_OTHER_VMM = "fix_other_vmm"  #: cloud, target, vmm
    FIX_NO_CANDIDATE = "fix_no_candidate"  #: source, site, why
    FIX_NEEDS_CHOICE = "fix_needs_choice"  #: source, site, candidates
    FIX_NOT_KNOWN = "fix_not_known"  #: source, what (the unknown facts R2 needs, in words)
    #: target, unavailable_to (clouds), back (or None), site, to_azure
    FIX_CANDIDATE = "fix_candidate"


def _g(x: float) -> str:
    return "unlimited" if x == float("inf") else f"{x:g}"


def _not_mapped(f: dict, azure: bool) -> str:
    """An unmapped NIC's reason without its consequence (failback quotes it)."""
    elsewhere = f.get("elsewhere")
    if elsewhere:  # R1: mapped, but not to the replica's recovery site
        where = ", ".join(f"{t} at {s}" for s, t in elsewhere)
        text = f"{f['network']} is not mapped to {f['site']}, only to {where}"
    else:
        text = f"{f['network']} is not mapped"
    if azure:
        text += (" (to Azure without a mapping only VMs failing over with their "
                 "recovery plan reach each other)")
    return text


def _label(net) -> str:
    return f"plan:{net[1]}" if isinstance(net, tuple) else net


def _reassigned(f: dict, where: str | None = None) -> str:
    if f.get("reassigned") is not None:
        return f": reassigned {f['reassigned']}"
    return f"; no free address left in {where or f['prefix']}"


def _unusable(f: dict) -> str:
    """Why a configured address cannot be used (CONFIGURED_IP_UNUSABLE's ``problem``)."""
    K = ReasonKind
    where = f"{f['network']}/{f['subnet']}"
    problem = f["problem"]
    if problem is K.IP_OUTSIDE_PREFIX:
        return f"is outside {where}'s prefix {f['prefix']}"
    if problem is K.IP_NOT_HOST:
        return f"is not a host address of {f['prefix']}"
    if problem is K.IP_OUTSIDE_POOL:
        return f"is outside the static IP pool {f['start']}-{f['end']} of {where}"
    if problem is K.IP_HELD:
        who = f" by {f['holder']}" if f.get("holder") else ""
        return f"is already held in {where}{who}"
    return "is not usable: " + _RESERVED_BY[f["by"]].format(ip=f["ip"], where=where)


#: who reserves an address of a subnet (``IP_RESERVED``'s ``by``), worded
_RESERVED_BY = {
    "azure": "{ip} is reserved by Azure in {where} (the first four addresses and the last "
             "of a subnet)",
    "gateway": "{ip} is the gateway of {where}",
    "first_host": "{ip} is the first host address of {where}, taken to be its gateway (it "
                  "gives none)",
    "pool": "{ip} is reserved in the static IP pool of {where}",
}


def _word(kind: ReasonKind, f: dict) -> str:
    """The text of a reason: every message of the analysis layer is worded here."""
    K = ReasonKind
    if kind is K.ALL:
        return "; ".join(str(p) for p in f["parts"])
    if kind is K.NOT_MAPPED:
        return _not_mapped(f, False) + ": disconnected"
    if kind is K.NOT_MAPPED_TO_AZURE:
        return _not_mapped(f, True) + ": disconnected"
    if kind is K.PLAN_NETWORK:
        return f"{f['network']} is not mapped: joins the network of recovery plan " \
               f"{f['plan']} (R6)"
    if kind is K.NO_SUBNETS:
        return f"{f['network']} has no subnets"
    if kind is K.FIRST_SUBNET:
        return f"{f['network']} has no subnet {f['subnet']}: lands in its first subnet " \
               f"{f['first']}"
    if kind is K.NO_ADDRESS:
        cause = f["cause"]
        return f"{cause}, no address" if cause.kind is K.PLAN_NETWORK else \
            f"{cause}: no address"
    if kind is K.NO_PREFIX:
        return f"subnet {f['subnet']} of {f['network']} has no prefix: no address"
    if kind is K.IP_OUTSIDE_PREFIX:
        return f"{f['ip']} is outside {f['prefix']}" + _reassigned(f)
    if kind is K.IP_NOT_HOST:
        return f"{f['ip']} is not a host address of {f['prefix']}" + _reassigned(f)
    if kind is K.IP_HELD:
        who = f" (by {f['holder']})" if f.get("holder") else ""
        return f"{f['ip']} is already held in {f['network']}/{f['subnet']}{who}" + \
            _reassigned(f)
    if kind is K.IP_OUTSIDE_POOL:
        return f"{f['ip']} is outside the static IP pool {f['start']}-{f['end']} of " \
               f"{f['network']}/{f['subnet']}" + _reassigned(f, "the pool")
    if kind is K.IP_RESERVED:
        return _RESERVED_BY[f["by"]].format(ip=f["ip"], where=f"{f['network']}/{f['subnet']}") \
            + _reassigned(f)
    if kind is K.DHCP:
        return "DHCP: no fixed address of its own"
    if kind is K.ONE_VNET:
        own = f"not {f['own']}" if f.get("own") is not None else \
            f"{f['source']} is not mapped"
        return f"{f['vm']}'s replica has all its NICs in one Azure network: joins " \
               f"{f['network']} (its primary NIC's; {own})"
    if kind is K.CREATED_BY_ASR:
        return f"{f['source']} is not mapped to {f['site']}: joins {f['network']}, which " \
               f"Site Recovery creates there (a copy of {f['source']}'s subnets and " \
               "prefixes, joined to nothing)"
    if kind is K.TEST_NOT_CONFIGURED:
        return f"no test network is configured for NIC {f['nic']} of {f['vm']} (test:): " \
               "disconnected"
    if kind is K.TEST_CONFIGURED_ISOLATED:
        return f"the configured test networks ({', '.join(f['networks'])}) are no mapping " \
               "targets and no link, peering or gateway joins them to running VMs"
    if kind is K.CREATED_MAPPING_BACK:
        return f"created by Site Recovery with {f['network']}, for failback to " \
               f"{f['source']} (R11)"
    if kind is K.CONFIGURED:
        what = {"network": "network", "subnet": "subnet", "ip": "address"}[f["setting"]]
        return f"configured {'test ' if f.get('test') else ''}{what} {f['value']}"
    if kind is K.CONFIGURED_IP_UNUSABLE:
        return f"configured {'test ' if f.get('test') else ''}address {f['ip']} " \
               f"{_unusable(f)}"
    if kind is K.RECOVERY_SITE_DOWN:
        return f"its recovery site {f['site']} is down"
    if kind is K.SITE_DOWN:
        return f"site {f['site']} is down and {f['vm']} does not fail over"
    if kind is K.NO_TRAFFIC:
        return f"{_label(f['network'])} carries no traffic (site {f['site']} is down)"
    if kind is K.NO_NICS:
        return "it has no NICs"
    if kind is K.VM_DOWN:
        return f"{f['vm']} is down: {f['cause']}"
    if kind is K.VM_ITSELF_DOWN:
        return f"{f['vm']} itself is down: {f['cause']}"
    if kind is K.VM_ISOLATED:
        return f"{f['vm']} is isolated: {f['cause']}"
    if kind is K.NOT_JOINED:
        a_nets = ", ".join(f["a_networks"])
        b_nets = ", ".join(f["b_networks"])
        return f"no link, peering or gateway joins {f['a']}'s networks ({a_nets}) to " \
               f"{f['b']}'s ({b_nets})"
    if kind is K.ADDRESS_OVERLAP:
        return f"address overlap across the join {f['join']}: {f['vm']}'s address " \
               f"{f['ip']} lies inside {f['prefix']} of {f['network']} ({f['other']}'s " \
               f"network), which delivers it locally"
    if kind is K.ABSENT_IN:
        return f"{f['vm']} is not in the {f['side']} topology"
    if kind is K.PEERING_JOINS:
        g = f["groups"]
        if len(g) < 2:
            return f"a peering inside the group of {g[0]}: adds nothing to its routes"
        return f"joins the groups of {g[0]} and {g[1]} for their own traffic only " \
               "(peering is not transitive)"
    if kind is K.OVERLAP_EFFECT:
        return f"traffic across {f['join']} to an address that both sides hold is " \
               "delivered locally and lost (NM017)"
    if kind is K.PREFIX_OVERLAP:
        via = {"link": "a routed link", "peering": "a peering",
               "gateway": "a gateway"}.get(f["via"], f["via"])
        pairs = ", ".join(f"{p} of {f['a']} and {q} of {f['b']}" for p, q in f["overlaps"])
        return f"the join {f['join']} ({via}) joins overlapping subnet prefixes ({pairs}): " \
               "traffic across it between the overlapping ranges is lost (R5)"
    if kind is K.PEERING_NOT_TRANSITIVE:
        return f"peering is not transitive: {f['a']}'s network {f['a_network']} reaches " \
               f"{f['b']}'s network {f['b_network']} only through the peerings " \
               f"{' and '.join(f['peerings'])}"
    if kind is K.NOT_REACHABLE:
        return f"not reachable: {f['cause']}"
    if kind is K.NOT_PROTECTED:
        if f.get("region"):
            return f"Azure region {f['region']} is not protected"
        return f"cloud {f['cloud']} is not protected"
    if kind is K.BOOTS_IN_SAME_GROUP:
        return f"{f['dependency']} boots in the same group ({f['group']}) as {f['vm']}; " \
               "it must boot earlier"
    if kind is K.BOOTS_LATER:
        return f"{f['dependency']} boots in group {f['dependency_group']}, after " \
               f"{f['vm']} (group {f['vm_group']}); it must boot earlier"
    if kind is K.TEST_NETWORK_MAPPED:
        s = f["sources"]
        return f"{f['network']} is the mapping target of {', '.join(s[:3])}" + \
            (" and more" if len(s) > 3 else "")
    if kind is K.NETWORK_DOWN:
        return f"{_label(f['network'])} carries no traffic (its site is down)"
    if kind is K.TEST_NETWORK_RUNNING:
        return f"{f['vm']} runs on {f['network']} outside the drill"
    if kind is K.TEST_NETWORK_JOINED:
        via = " -> ".join(_label(x) for x in f["route"])
        return f"{f['network']} is joined to {f['joined']} where {f['vm']} runs outside " \
               f"the drill (route {via})"
    if kind is K.TEST_NETWORK_ISOLATED:
        return "no mapping targets it and no link or gateway joins it to running VMs"
    if kind is K.TEST_NO_NETWORK:
        return "test failover without a network: disconnected"
    if kind is K.TEST_NONE_ISOLATED:
        return "no test network: every drill NIC is disconnected"
    if kind is K.TEST_COPIES_ISOLATED:
        nets = f["networks"]
        made = ", ".join(nets) if nets else "none needed"
        return f"Site Recovery creates the test networks ({made}): copies of the target " \
               "networks, joined to each other as the targets are and to nothing else"
    if kind is K.TEST_NETWORK_ELSEWHERE:
        return f"test network {f['network']} is at {f['site']}, not at the replica's " \
               f"recovery site {f['recovery_site']}: disconnected"
    if kind is K.TEST_NETWORK_NOT_REACHED:
        return f"the replica's host {f['host']} does not reach {f['logical']}, the logical " \
               f"network of test network {f['network']}: disconnected"
    if kind is K.TEST_IP_TAKEN:
        where = f"{_label(f['network'])}/{f['subnet']}"
        why = {"held": f"is already held in {where}",
               "failover": f"is reserved for the failover in {where}",
               "unusable": f"is not a usable address of {where}"}[f["taken"]]
        if f["assigned"] is None:
            return f"failover address {f['ip']} {why}; no free address left"
        top = " (from the top of the range)" if f["top"] else ""
        return f"failover address {f['ip']} {why}: test address {f['assigned']}{top}"
    if kind is K.TEST_NOT_MIRRORED:
        parts = []
        if f["missing"]:
            parts.append("lacks " + ", ".join(f["missing"]))
        if f["extra"]:
            parts.append("has " + ", ".join(f["extra"]) + " that the target has not")
        return f"test network {f['network']} does not mirror the subnets of " \
               f"{f['target']}: it " + " and ".join(parts)
    if kind is K.TEST_WNV_FROM_NO_ISOLATION:
        return f"{f['network']} uses network virtualization (wnv) and the replica's " \
               f"network {f['replica_network']} has no isolation, which lacks the subnets " \
               "a network virtualization network needs"
    if kind is K.TEST_WNV_DHCP_VLAN:
        return f"{f['network']} uses network virtualization (wnv) and the NIC uses DHCP " \
               f"on {f['replica_network']}, a VLAN network: no address pool to allocate from"
    if kind is K.TEST_WNV_NO_POOL:
        return f"subnet {f['subnet']} of {_label(f['network'])} uses network " \
               "virtualization (wnv) and has no static IP pool: address allocation fails"
    if kind is K.AZURE_NO_HOST:
        text = f"replica runs in Azure ({f['site']}): no host"
        return f"recovery site {f['site']} is down; " + text if f["site_down"] else text
    if kind is K.NO_HOSTS:
        return f"protecting cloud {f['cloud']} has no hosts"
    if kind is K.NO_HOST_REACHES:
        return f"no host of {f['cloud']} reaches the logical networks " \
               f"{', '.join(f['logical_networks'])}"
    if kind is K.PLACEMENT_SITE_DOWN:
        return f"recovery site {f['site']} is down"
    if kind is K.NO_CAPACITY:
        return f"no capacity: needs {f['memory_gb']:g} GB / {f['vcpus']:g} vCPUs; most " \
               f"free is {f['host']} with {_g(f['free_memory_gb'])} GB / " \
               f"{_g(f['free_vcpus'])} vCPUs"
    if kind is K.NO_HOSTS_LISTED:
        return "the topology lists no hosts: placement not judged"
    if kind is K.UNPLACED:
        return f"{f['vm']} is unplaced (its replica never runs): {f['cause']}"
    if kind is K.HOST_DOES_NOT_REACH:
        return f"replica host {f['host']} does not reach {f['logical_network']}, the " \
               f"logical network of {f['network']}: disconnected"
    if kind is K.REPLICA_DISCONNECTED:
        text = "the replica NIC is disconnected"
        cause = f.get("cause")
        if f["overridden"]:
            text += " (changed after failover)"
        elif cause is not None:
            azure = cause.kind is K.NOT_MAPPED_TO_AZURE
            text += f" ({_not_mapped(cause.fields, azure)})" if cause.kind in (
                K.NOT_MAPPED, K.NOT_MAPPED_TO_AZURE) else f" ({cause})"
        return text + ": no network to map back"
    if kind is K.PLAN_NETWORK_NO_WAY_BACK:
        return f"the replica is on {_label(f['network'])}, a recovery plan's own network, " \
               "which has no mapping back"
    if kind is K.REPLICA_NETWORK_NOT_MAPPED:
        how = " (what-if unmap)" if f["unmapped"] else ""
        if f.get("elsewhere"):
            where = ", ".join(f"{t} at {s}" for s, t in f["elsewhere"])
            return f"{f['network']}, the replica's network, is not mapped to {f['site']}" \
                   f"{how}, only to {where}"
        return f"{f['network']}, the replica's network, is not mapped{how}"
    if kind is K.MAPPING_UNUSED:
        vms = f["vms"]
        who = ", ".join(vms[:3]) + (f" and {len(vms) - 3} more" if len(vms) > 3 else "")
        return f"no replica uses it: the protected VMs on {f['source']} ({who}) recover at " \
               f"{', '.join(f['sites'])}, not at {f['site']}"
    if kind is K.ORIGINAL_VM:
        text = "fails back from Azure by planned failover to its original VM"
        if f["overridden"]:
            return text + ": where the replica NIC is now does not matter"
        return text + ": no mapping is involved"
    if kind is K.MAPPED_ELSEWHERE:
        via = " (what-if remap)" if f["remapped"] else ""
        return f"{f['network']} is mapped to {f['target']}{via}, not to the NIC's original " \
               f"network {f['original']}"
    if kind is K.OTHER_SUBNET:
        return f"back on {f['network']} but in subnet {f['subnet']}, not {f['original']}"
    if kind is K.CANNOT_TELL:
        q = f" {f['question']}" if f.get("question") else ""
        how = f" (supply it with {f['supply_with']})" if f.get("supply_with") else ""
        return f"cannot tell{q}: the {f['field']} of {f['object']} is unknown{how}"
    if kind is K.NOT_FAILING_OVER_IN:
        return f"{f['vm']} does not fail over in the {f['side']} topology"
    if kind is K.NOT_PLACED_IN:
        return f"not placed in the {f['side']} topology"
    if kind is K.FIX_MAP:
        how = "the one available target (R2)" if not f["chosen"] else "the one chosen"
        vms = ", ".join(f["vms"][:3]) + (" and more" if len(f["vms"]) > 3 else "")
        return f"{f['source']} has no mapping to {f['site']}: maps it to {f['target']}, " \
               f"{how}" + (f", so the replicas of {vms} join {f['target']}" if vms else "")
    if kind is K.FIX_MAP_BACK:
        return f"{f['target']} is not mapped back to {f['site']}: maps it to {f['source']}, " \
               f"so VMs failing back from {f['target']} return to {f['source']}"
    if kind is K.FIX_MAPPED_BACK_ELSEWHERE:
        return f"{f['target']} already maps to {f['back']} at {f['site']} (one target per " \
               f"site, R1): failback from {f['target']} joins {f['back']}, not " \
               f"{f['source']}; no command changes that mapping for you"
    if kind is K.FIX_NO_MAPPING_FROM_AZURE:
        return f"Site Recovery has no mapping from an Azure network to a VM network: VMs " \
               f"failed over to {f['target']} fail back to their original VMs (R7); " \
               "nothing to do"
    if kind is K.FIX_ADD_LOGICAL_NETWORK:
        return f"{f['target']} is on logical network {f['logical_network']}, which is not " \
               f"associated with protecting cloud {f['cloud']} (protecting " \
               f"{f['protected']}): adds it to the cloud in VMM (R2)"
    if kind is K.FIX_OTHER_VMM:
        return f"{f['target']} is not managed by {f['vmm']}, the VMM server of protecting " \
               f"cloud {f['cloud']}: no change to the cloud makes it available; choose " \
               "another target"
    if kind is K.FIX_NO_CANDIDATE:
        return f"no target network at {f['site']} can take {f['source']}: {f['why']}"
    if kind is K.FIX_NEEDS_CHOICE:
        return f"{f['source']} has {len(f['candidates'])} candidate targets at {f['site']} " \
               f"({', '.join(f['candidates'])}): netmap does not guess, choose one"
    if kind is K.FIX_CANDIDATE:
        notes = []
        if f["unavailable_to"]:
            notes.append("not available to " + ", ".join(f["unavailable_to"])
                         + " (fix adds its logical network there: NM002)")
        if f["back"]:
            notes.append(f"already maps back to {f['back']} at {f['site']}, so failback "
                         "would not return (NM005 stays)")
        if notes:
            return f"{f['target']}: " + "; ".join(notes)
        if f["to_azure"]:
            return f"{f['target']}: an Azure network of the recovery region (available, R2)"
        return f"{f['target']}: available to every protecting cloud; fix maps it back too"
    if kind is K.FIX_NOT_KNOWN:
        what = tuple(f["what"]) if not isinstance(f["what"], str) else (f["what"],)
        verb = "is" if len(what) == 1 else "are"
        return f"cannot tell which target {f['source']} can take: " \
               f"{'; '.join(what)} {verb} unknown (NM026 says which export supplies it)"
    raise ValueError(f"no wording for reason kind {kind!r}")  # pragma: no cover


class Reason:
    """Why something happens: a :class:`ReasonKind` and the fields that kind names.

    Immutable and hashable. ``reason.text`` (and ``str(reason)``) is the sentence for
    people; fields are attributes (``reason.network``) and in :attr:`fields`.
    """

    __slots__ = ("kind", "fields", "_text")

    def __init__(self, kind: ReasonKind, **fields):
        _set = object.__setattr__
        _set(self, "kind", kind if kind.__class__ is ReasonKind else ReasonKind(kind))
        _set(self, "fields", fields)
        _set(self, "_text", None)

    @classmethod
    def all_of(cls, parts: Iterable[Reason]) -> Reason:
        """One reason of several (``; ``-joined); a single part is returned as is.

        >>> Reason.all_of([Reason(ReasonKind.NO_NICS)]).kind
        <ReasonKind.NO_NICS: 'no_nics'>
        """
        flat = []
        for p in parts:
            flat.extend(p.parts if p.kind is ReasonKind.ALL else [p])
        return flat[0] if len(flat) == 1 else cls(ReasonKind.ALL, parts=tuple(flat))

    @property
    def parts(self) -> tuple[Reason, ...]:
        """The reasons this one is made of: its parts (kind ``ALL``), else itself."""
        return self.fields["parts"] if self.kind is ReasonKind.ALL else (self,)

    @property
    def kinds(self) -> tuple[ReasonKind, ...]:
        """The kinds of :attr:`parts`."""
        return tuple(p.kind for p in self.parts)

    @property
    def text(self) -> str:
        """The reason in words (worded in this module only)."""
        t = self._text
        if t is None:
            t = _word(self.kind, self.fields)
            object.__setattr__(self, "_text", t)
        return t

    def __getattr__(self, name):
        if name in Reason.__slots__:
            raise AttributeError(name)
        try:
            return self.fields[name]
        except KeyError:
            raise AttributeError(f"{self.kind.value} reason has no field {name!r}") from None

    def __setattr__(self, name, value):
        raise AttributeError("a Reason is immutable")

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self.fields.items())
        return f"Reason({self.kind.name}{args})"

    def __eq__(self, other):
        if not isinstance(other, Reason):
            return NotImplemented
        return self.kind is other.kind and self.fields == other.fields

    def __hash__(self):
        return hash((self.kind, tuple(sorted((k, _hashable(v))
                                             for k, v in self.fields.items()))))

    def __reduce__(self):
        return (_rebuild, (self.kind, self.fields))


def _hashable(v):
    return tuple(v) if isinstance(v, list) else v


def _rebuild(kind, fields):
    return Reason(kind, **fields)


def text_of(reason: Reason | None) -> str | None:
    """``str(reason)``, or None for no reason: what JSON and tables carry.

    >>> text_of(None), text_of(Reason(ReasonKind.NO_NICS))
    (None, 'it has no NICs')
    """
    return None if reason is None else str(reason)
