"""R3's replica addresses (netmap.analysis.addressing), and their place in the failover view.

Platform reservations follow Microsoft's documentation:

- Azure virtual network FAQ (https://learn.microsoft.com/en-us/azure/virtual-network/
  virtual-networks-faq): "Azure reserves the first four addresses and the last address,
  for a total of five IP addresses within each subnet."
- VMM static IP address pools (New-SCStaticIPAddressPool, https://learn.microsoft.com/en-us/
  powershell/module/virtualmachinemanager/new-scstaticipaddresspool): a pool has
  ``-IPAddressRangeStart``, ``-IPAddressRangeEnd``, ``-IPAddressReservedSet`` and
  ``-DefaultGateway``; netmap's ``pool: {start, end, reserved}`` and ``gateway``.
"""

from __future__ import annotations


import pytest

import netmap
from netmap.analysis import addressing, failover
from netmap.analysis.addressing import (
    Address, ReplicaNic, SubnetSpace, assign_addresses, failover_addresses, lowest_free,
    prefix_info, subnet_spaces)
from netmap.analysis.failover import evaluate
from netmap.analysis.reasons import ReasonKind
from netmap.model.ip import ip_text, parse_ip
from netmap.model.records import Pool
from netmap.model.scenario import Scenario
from netmap.model.topology import as_topology

# one target subnet 10.1.0.0/29 (hosts .1-.6; .1 is the gateway as none is given):
# P1 (running at B) holds .2; VA keeps .3; VB's .2 is held; VC's address is outside the
# prefix; VD's is the network address
TOPOLOGY = """
netmap: 1
sites: [{name: A}, {name: B}]
vmm_servers: [{name: VMM-A, site: A}, {name: VMM-B, site: B}]
logical_networks:
  - {name: LN-A, vmm: VMM-A}
  - {name: LN-B, vmm: VMM-B}
vm_networks:
  - {name: Net-A, logical_network: LN-A, subnets: [{name: S1, prefix: 10.9.0.0/24}]}
  - {name: Net-B, logical_network: LN-B, subnets: [{name: S1, prefix: 10.1.0.0/29}]}
clouds:
  - {name: Cloud-A, vmm: VMM-A, logical_networks: [LN-A]}
  - {name: Cloud-B, vmm: VMM-B, logical_networks: [LN-B]}
protection:
  - {protected: Cloud-A, protecting: Cloud-B}
hosts:
  - {name: HV-B, vmm: VMM-B, clouds: [Cloud-B], logical_networks: [LN-B]}
network_mappings:
  - {source: Net-A, target: Net-B}
vms:
  - {name: P1, cloud: Cloud-B, nics: [{network: Net-B, subnet: S1, ip: 10.1.0.2}]}
  - {name: VA, cloud: Cloud-A, nics: [{network: Net-A, subnet: S1, ip: 10.1.0.3}]}
  - {name: VB, cloud: Cloud-A, nics: [{network: Net-A, subnet: S1, ip: 10.1.0.2}]}
  - {name: VC, cloud: Cloud-A, nics: [{network: Net-A, subnet: S1, ip: 10.9.0.7}]}
  - {name: VD, cloud: Cloud-A, nics: [{network: Net-A, subnet: S1, ip: 10.1.0.0}]}
"""


def _topology():
    return netmap.loads(TOPOLOGY)


def ips(*last, base="10.0.0."):
    return [None if i is None else f"{base}{i}" for i in last]


def take(space, n):
    """The next ``n`` addresses ``space`` hands out (claimed as it goes)."""
    out = []
    for _ in range(n):
        a = space.free()
        out.append(None if a is None else ip_text(space.version, space.claim(a, "x")))
    return out


# -- the helpers kept from revision 1 ----------------------------------------------------------

def test_prefix_info_hosts():
    assert prefix_info("10.0.0.0/24") == (4, parse_ip("10.0.0.1")[1], parse_ip("10.0.0.254")[1])
    assert prefix_info("10.0.0.5/32") == (4, parse_ip("10.0.0.5")[1], parse_ip("10.0.0.5")[1])
    v6 = prefix_info("fd00::/64")
    assert v6[0] == 6 and ip_text(6, v6[1]) == "fd00::1"
    assert prefix_info(None) is None and prefix_info("") is None and prefix_info("x/33") is None


@pytest.mark.parametrize("prefix", ["10.0.0.5/24", "10.0.0.0/0", "10.1.2.3/32", "10.1.2.3/31",
                                    "1.2.3.4/08", "10.0.0.0", "10.0.0.0/255.255.255.0",
                                    "10.0.0.0/0.0.0.255", "fd00::1/64", "fd00::/127"])
def test_network_reads_a_prefix_as_ipaddress_does(prefix):
    # SubnetSpace reads an IPv4 a.b.c.d/N without ipaddress objects: same numbers
    import ipaddress
    n = ipaddress.ip_network(prefix, strict=False)
    assert addressing._network(prefix) == (n.version, int(n.network_address),
                                           int(n.broadcast_address), n.prefixlen)


@pytest.mark.parametrize("prefix", ["10.0.0.0/33", "10.0.0.0/x", "10.0.0.256/24", "10.0.0.0/-1",
                                    "10.0.0.0/\u0663", "10.0.0.0/"])
def test_network_refuses_what_ipaddress_refuses(prefix):
    with pytest.raises(ValueError):
        addressing._network(prefix)


def test_lowest_free_and_start():
    assert lowest_free("10.0.0.0/29", set()) == "10.0.0.1"
    taken = {parse_ip(f"10.0.0.{i}")[1] for i in (1, 2, 4)}
    assert lowest_free("10.0.0.0/29", taken) == "10.0.0.3"
    assert lowest_free("10.0.0.0/29", taken, start=parse_ip("10.0.0.4")[1]) == "10.0.0.5"
    assert lowest_free("not a prefix", set()) is None


# -- usable addresses (SPEC R3 "Usable") -------------------------------------------------------

def test_azure_subnet_reserves_the_first_four_and_the_last():
    # SPEC R3: "not reserved by the platform — in an Azure subnet the first four addresses
    # and the last"; Azure FAQ: "Azure reserves the first four addresses and the last
    # address, for a total of five IP addresses within each subnet."
    s = SubnetSpace("vnet", "S", "10.0.0.0/29", azure=True)
    assert take(s, 4) == ips(4, 5, 6, None)
    for last in (0, 1, 2, 3, 7):
        kind, fields = s.unusable(parse_ip(f"10.0.0.{last}"))
        assert kind is ReasonKind.IP_RESERVED and fields["by"] == "azure"
    r = s.reason(s.unusable(parse_ip("10.0.0.1")), "10.0.0.1", None)
    assert str(r) == ("10.0.0.1 is reserved by Azure in vnet/S (the first four addresses and "
                      "the last of a subnet); no free address left in 10.0.0.0/29")


def test_vm_network_subnet_reserves_network_broadcast_and_gateway():
    # SPEC R3: "in a VM network subnet the network and broadcast addresses and the
    # `gateway` (the first host address when no gateway is given)"
    s = SubnetSpace("N", "S", "10.0.0.0/29", gateway="10.0.0.6")
    assert take(s, 6) == ips(1, 2, 3, 4, 5, None)
    assert s.unusable(parse_ip("10.0.0.6")) == (
        ReasonKind.IP_RESERVED, {"network": "N", "subnet": "S", "by": "gateway"})
    assert s.unusable(parse_ip("10.0.0.0"))[0] is ReasonKind.IP_NOT_HOST
    assert s.unusable(parse_ip("10.0.0.7"))[0] is ReasonKind.IP_NOT_HOST
    no_gateway = SubnetSpace("N", "S", "10.0.0.0/29")
    assert take(no_gateway, 6) == ips(2, 3, 4, 5, 6, None)
    assert no_gateway.unusable(parse_ip("10.0.0.1"))[1]["by"] == "first_host"


def test_pool_range_and_reserved_addresses():
    # SPEC R3: "inside its `pool` when it has one (outside `reserved`)"
    s = SubnetSpace("N", "S", "10.0.0.0/24", gateway="10.0.0.1",
                    pool=Pool("10.0.0.10", "10.0.0.14", ("10.0.0.11", "10.0.0.13")))
    assert take(s, 4) == ips(10, 12, 14, None)
    kind, fields = s.unusable(parse_ip("10.0.0.9"))
    assert kind is ReasonKind.IP_OUTSIDE_POOL and (fields["start"], fields["end"]) == (
        "10.0.0.10", "10.0.0.14")
    assert s.unusable(parse_ip("10.0.0.11"))[1]["by"] == "pool"
    assert s.unusable(parse_ip("10.0.0.1"))[1]["by"] == "gateway"  # the platform's first
    assert s.unusable(parse_ip("10.1.0.1"))[0] is ReasonKind.IP_OUTSIDE_PREFIX
    assert s.unusable(parse_ip("fd00::1"))[0] is ReasonKind.IP_OUTSIDE_PREFIX


def test_free_walks_with_a_pointer_not_across_the_prefix():
    # a /8 pool high in the prefix: the first free address is the pool's start, found
    # without walking the 13 million addresses below it
    s = SubnetSpace("N", "S", "10.0.0.0/8", pool=Pool("10.200.0.0", "10.200.0.9"))
    assert s.low == parse_ip("10.200.0.0")[1]  # the walk starts at the pool, not at 10.0.0.0
    assert take(s, 2) == ["10.200.0.0", "10.200.0.1"]
    assert s.low == parse_ip("10.200.0.1")[1]  # the pointer stays on the last found


def test_ipv6_subnet():
    s = SubnetSpace("N", "S", "fd00::/126")
    assert take(s, 3) == ["fd00::2", "fd00::3", None]  # ::0 anycast, ::1 gateway


def test_subnet_spaces_hold_the_target_sites_vms():
    # SPEC R3: computed "against the addresses that the target site's own VMs hold"
    ix = as_topology(_topology())
    (name, space), = subnet_spaces(ix, "Net-B").items()
    assert name == "S1" and space.held == {parse_ip("10.1.0.2")[1]: "P1"}
    assert subnet_spaces(ix, "Net-B", lambda vm: False)["S1"].held == {}


# -- fixed per topology (SPEC R3 "Fixed per topology") -----------------------------------------

def test_failover_addresses_in_two_passes_with_reasons():
    v = evaluate(_topology(), Scenario(all=True))
    got = failover_addresses(v.ix, v.routes, ())
    assert {vm: [(a.ip, a.retained) for a in nics]
            for vm, nics in got.items()} == {
        "VA": [("10.1.0.3", True)],
        "VB": [("10.1.0.4", False)],   # .2 is P1's, .3 VA's
        "VC": [("10.1.0.5", False)],   # outside the prefix
        "VD": [("10.1.0.6", False)],   # the network address is not a host
    }
    kinds = [got[vm][0].reason.kind for vm in ("VB", "VC", "VD")]
    assert kinds == [ReasonKind.IP_HELD, ReasonKind.IP_OUTSIDE_PREFIX, ReasonKind.IP_NOT_HOST]
    assert got["VB"][0].reason.holder == "P1"
    assert all(isinstance(a, Address) for nics in got.values() for a in nics)


def test_failover_addresses_are_memoised_per_mapping():
    # "Cache it on the topology": one table per (remap, unmap), shared by every scenario
    t = _topology()
    v1 = evaluate(t, Scenario(vms=("VA",)))
    v2 = evaluate(t, Scenario(all=True, sites_down=("A",)))
    assert v1.fixed_addresses()[0] is v2.fixed_addresses()[0]
    v3 = evaluate(t, Scenario(all=True, unmap=("Net-A",)))
    assert v3.fixed_addresses()[0] is not v1.fixed_addresses()[0]
    assert v3.fixed_addresses()[0].all() == {}  # nothing mapped: no address


def test_address_table_fills_one_target_network_at_a_time(fixture_path):
    # a question about one replica computes the target networks it lands in only; R3's
    # passes claim inside one subnet, so the result equals the whole table's
    t = netmap.load(fixture_path("subnets.yaml"))
    v = evaluate(t, Scenario(vms=("H-FLAT",)))
    table, _ = v.fixed_addresses()
    v.replica_nics("H-FLAT")
    assert table.done == set()  # Flat-Dst has no subnets: nothing to compute
    v = evaluate(t, Scenario(vms=("B-HELD",)))
    assert v.replica_nics("B-HELD")[0].ip == "10.1.0.3"
    assert table.done == {"Dst-Net"}
    whole = failover_addresses(v.ix, v.routes, ())
    assert table.all() == whole


def test_pools_fixture_outcomes(fixture_path):
    # fixtures/pools.yaml's sketch, row by row
    t = netmap.load(fixture_path("pools.yaml"))
    v = evaluate(t, Scenario(all=True))
    got = {vm: [(n.ip, n.ip_retained) for n in v.replica_nics(vm)] for vm in v.failed_over}
    assert got == {
        "A-KEEP": [("10.1.0.11", True)],
        "B-OUT": [("10.1.0.13", False)],
        "C-RES": [("10.1.0.14", False)],
        "D-GW": [("10.1.1.3", False)],
        "E-DHCP": [(None, None)],
        "F-LATE": [("10.1.1.2", True)],
        "G-UNPLACED": [(None, None), (None, None)],
    }
    kind = {vm: v.replica_nics(vm)[0].reason.kind for vm in ("B-OUT", "C-RES", "D-GW")}
    assert kind == {"B-OUT": ReasonKind.IP_OUTSIDE_POOL, "C-RES": ReasonKind.IP_RESERVED,
                    "D-GW": ReasonKind.IP_RESERVED}
    # SPEC R3: "an unplaced VM claims nothing": G-UNPLACED's 10.1.0.13 went to B-OUT
    why = v.replica_nics("G-UNPLACED")[0].reason
    assert why.kind is ReasonKind.NO_ADDRESS and why.cause.kind is ReasonKind.NO_HOST_REACHES
    # SPEC R3: "A DHCP NIC gets no fixed address (`ip` null, `ip_retained` null)"
    e = v.replica_nics("E-DHCP")[0]
    assert e.ip_mode == "dhcp" and e.reason.kind is ReasonKind.DHCP


@pytest.mark.parametrize("vms", [("A-KEEP",), ("B-OUT",), ("C-RES", "D-GW"), ("F-LATE",)])
def test_pools_fixture_addresses_do_not_depend_on_the_scenario(fixture_path, vms):
    # SPEC R3: "A replica's address never depends on which other VMs fail over"
    t = netmap.load(fixture_path("pools.yaml"))
    everything = evaluate(t, Scenario(all=True))
    alone = evaluate(t, Scenario(vms=vms))
    for vm in vms:
        assert alone.replica_nics(vm) == everything.replica_nics(vm)


# -- test failovers keep a per-scenario assignment (R9) ----------------------------------------

def test_assign_addresses_for_one_scenario():
    v = evaluate(_topology(), Scenario(all=True))
    got = assign_addresses(v.ix, v.failed_over, v.routes, v.primary_running)
    assert {vm: [(n.ip, n.ip_retained) for n in nics] for vm, nics in got.items()} == {
        "VA": [("10.1.0.3", True)], "VB": [("10.1.0.4", False)],
        "VC": [("10.1.0.5", False)], "VD": [("10.1.0.6", False)]}
    assert all(isinstance(n, ReplicaNic) for nics in got.values() for n in nics)


def test_idle_replicas_claim_nothing_and_come_last():
    v = evaluate(_topology(), Scenario(all=True))
    got = assign_addresses(v.ix, v.failed_over, v.routes, v.primary_running, idle={"VA"})
    # VA never starts: VB takes the lowest free address first; VA's own .3 is then held
    assert got["VB"][0].ip == "10.1.0.3" and got["VA"][0].ip == "10.1.0.6"
    assert list(got) == ["VB", "VC", "VD", "VA"]


def test_view_delegates_and_failover_reexports():
    v = evaluate(_topology(), Scenario(all=True))
    table, placement = v.fixed_addresses()
    assert not any(placement.is_unplaced(x) for x in v.failed_over)
    assert {vm: [(n.ip, n.ip_retained) for n in v.replica_nics(vm)] for vm in v.failed_over} \
        == {vm: [(a.ip, a.retained) for a in nics]
            for vm, nics in table.all().items()}
    assert failover.ReplicaNic is addressing.ReplicaNic
    assert failover.lowest_free is addressing.lowest_free


# -- corner cases decided in docs/rules.md ("Replica NICs (R3)") ------------------------------

AZURE = """
netmap: 1
sites: [{name: A}, {name: Z, kind: azure}]
vmm_servers: [{name: VMM-A, site: A}]
logical_networks: [{name: LN-A, vmm: VMM-A}]
vm_networks:
  - {name: N0, logical_network: LN-A, subnets: [{name: Mgmt, prefix: 10.0.0.0/24}]}
  - {name: N1, logical_network: LN-A, subnets: [{name: FRONT, prefix: 10.1.0.0/24}]}
  - {name: N2, logical_network: LN-A, subnets: [{name: Front, prefix: 10.1.0.0/24}]}
azure_networks:
  - name: vnet-a
    site: Z
    subnets: [{name: web, prefix: 10.9.0.0/24}, {name: App, prefix: 10.8.0.0/24},
              {name: front, prefix: 10.1.0.0/24}]
  - {name: vnet-b, site: Z, subnets: [{name: Front, prefix: 10.1.0.0/24}]}
clouds: [{name: C, vmm: VMM-A, logical_networks: [LN-A]}]
protection: [{protected: C, azure: Z}]
network_mappings: [{source: N1, target: vnet-a}, {source: N2, target: vnet-b}]
vms:
  - name: V
    cloud: C
    nics:
      - {network: N0, subnet: Mgmt, ip: 10.0.0.5}
      - {network: N1, subnet: FRONT, ip: 10.1.0.7}
      - {network: N2, subnet: Front, ip: 10.1.0.8}
"""


def test_azure_names_without_case_and_nic0_unmapped():
    # docs/rules.md: "an exact match wins; else a match without case (`Front` lands in
    # `front`; not NM006); else the first subnet in alphabetical order, compared without
    # case and then exactly (`App` before `db` before `web`)"; and "when NIC 0 is not
    # mapped, ... else the first mapped NIC's target (lowest index)"; "A NIC mapped to
    # another network *and a NIC that is not mapped at all* move there too"
    v = evaluate(netmap.loads(AZURE), Scenario(all=True))
    got = [(n.network, n.subnet, n.ip) for n in v.replica_nics("V")]
    assert got == [("vnet-a", "App", "10.8.0.4"),     # no Mgmt: alphabetical first, Azure's .4
                   ("vnet-a", "front", "10.1.0.7"),   # FRONT -> front without case
                   ("vnet-a", "front", "10.1.0.8")]   # vnet-b -> vnet-a (one VNet)
    kinds = [n.reason.kinds if n.reason else () for n in v.replica_nics("V")]
    assert ReasonKind.ONE_VNET in kinds[0] and ReasonKind.ONE_VNET in kinds[2]
    assert ReasonKind.FIRST_SUBNET not in kinds[1]
    from netmap.analysis.checks import check
    codes = {(f["code"], f["object"]) for f in check(v.ix)}
    assert ("NM016", "V") in codes and ("NM006", "V.nics[1]") not in codes
    assert ("NM006", "V.nics[0]") in codes


def test_dhcp_nic_with_an_ip_holds_it_at_its_site():
    # docs/rules.md: a DHCP NIC's `ip` "is the address DHCP gave it now: it holds that
    # address at its own site ..., but its replica gets no fixed address"
    text = TOPOLOGY.replace("{name: P1, cloud: Cloud-B, nics: [{network: Net-B, subnet: S1, "
                            "ip: 10.1.0.2}]}",
                            "{name: P1, cloud: Cloud-B, nics: [{network: Net-B, subnet: S1, "
                            "ip: 10.1.0.2, ip_mode: dhcp}]}")
    t = netmap.loads(text)
    assert t.vm["P1"].nics[0].is_dhcp and t.vm["P1"].nics[0].ip == "10.1.0.2"
    v = evaluate(t, Scenario(all=True))
    assert v.replica_nics("VB")[0].ip == "10.1.0.4"  # .2 still P1's (held), .3 VA's
    assert v.replica_nics("VB")[0].reason.holder == "P1"


# R3's subnet choice is memoised per (target, source network, subnet name): a NIC's own
# replica.subnet is never taken from the memo, nor given to the NICs after it
SUBNET_CHOICE = """
netmap: 1
sites: [{name: A}, {name: B}]
vmm_servers: [{name: VMM-A, site: A}, {name: VMM-B, site: B}]
logical_networks:
  - {name: LN-A, vmm: VMM-A}
  - {name: LN-B, vmm: VMM-B}
vm_networks:
  - {name: Net-A, logical_network: LN-A, subnets: [{name: S1, prefix: 10.9.0.0/24}]}
  - name: Net-B
    logical_network: LN-B
    subnets: [{name: X, prefix: 10.1.0.0/24}, {name: S2, prefix: 10.1.1.0/24}]
clouds:
  - {name: Cloud-A, vmm: VMM-A, logical_networks: [LN-A]}
  - {name: Cloud-B, vmm: VMM-B, logical_networks: [LN-B]}
protection:
  - {protected: Cloud-A, protecting: Cloud-B}
hosts:
  - {name: HV-B, vmm: VMM-B, clouds: [Cloud-B], logical_networks: [LN-B]}
network_mappings:
  - {source: Net-A, target: Net-B}
vms:
  - {name: V1, cloud: Cloud-A, nics: [{network: Net-A, subnet: S1, ip: 10.9.0.1}]}
  - name: V2
    cloud: Cloud-A
    nics: [{network: Net-A, subnet: S1, ip: 10.9.0.2, replica: {subnet: S2}}]
  - {name: V3, cloud: Cloud-A, nics: [{network: Net-A, subnet: S1, ip: 10.9.0.3}]}
"""


@pytest.mark.parametrize("order", [("V1", "V2", "V3"), ("V2", "V3", "V1"), ("V3", "V2", "V1")])
def test_subnet_choice_is_shared_but_never_a_configured_subnet(order):
    t = netmap.loads(SUBNET_CHOICE)
    v = evaluate(t, Scenario(all=True))
    got = {vm: v.routes(vm)[0] for vm in order}
    assert {vm: r.subnet for vm, r in got.items()} == {"V1": "X", "V2": "S2", "V3": "X"}
    assert got["V2"].reason.kind is ReasonKind.CONFIGURED
    first = got["V1"].reason
    assert first.kind is ReasonKind.FIRST_SUBNET and (first.subnet, first.first) == ("S1", "X")
    assert got["V3"].reason == first and got["V3"].nic.vm == "V3"
    assert [n.subnet for vm in ("V1", "V2", "V3") for n in v.replica_nics(vm)] == \
        ["X", "S2", "X"]
