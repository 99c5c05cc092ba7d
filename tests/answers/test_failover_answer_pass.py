"""The failover answer reads each VM's state and components once (one pass); its groups
and isolated VMs must be exactly the view's own (FailoverView.groups, is_isolated)."""

from __future__ import annotations

import netmap
from netmap import load
from netmap.analysis.connectivity import network_label


def test_groups_and_isolated_are_the_views(topology_file):
    t = load(topology_file)
    scenarios = [netmap.Scenario(all=True)]
    scenarios += [netmap.Scenario(all=True, sites_down=[s]) for s in sorted(t.site_platform)]
    for sc in scenarios:
        r = t.failover(sc)
        v = r.view
        d = r.to_dict()
        assert d["isolated"] == sorted(n for n in t.vm if v.is_isolated(n))
        assert d["groups"] == [{"networks": [network_label(n) for n in v.net.members(c)],
                                "vms": vs} for c, vs in v.groups()]
