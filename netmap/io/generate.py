"""Synthetic topologies shaped like a large enterprise, for scale tests (bench/README.md).

:func:`generate` returns plain data in the ``netmap: 1`` format; :func:`dump` writes
it as compact JSON or YAML (``netmap generate`` does). Everything is drawn from one
``random.Random(seed)`` in a fixed order, so the same ``(vms, seed)`` always gives the
same data, byte for byte once serialised. The cost is linear in ``vms``.

The shape, per 100,000 VMs (every count scales linearly; small sizes keep at least one
of each part):

* 4 *site pairs* (a primary and a secondary on-premises site, one VMM server each);
  one Azure site per 1,000,000 VMs (at least one), shared by the pairs;
* 5 logical networks per site: ``LN1``-``LN3`` carry the application networks protected
  from the primary to the secondary site, ``LN4`` the networks protected to Azure and
  ``LN5`` the networks protected the other way (secondary to primary);
* about 200 clouds: VMM-to-VMM pairs (a protected cloud on one site, its protecting cloud
  on the other with the same logical networks there), clouds protected to Azure, and a
  few unprotected clouds;
* about 5,000 VM networks with 1-4 subnets: each protected ("home") network has a
  mirror on the other site carrying the same subnets and (mostly) the same prefixes; it
  is mapped to its mirror, and about half of the mirrors are mapped back. Networks
  protected to Azure are mapped to Azure networks (a quarter two to one); a few
  networks are left unmapped;
* Azure networks with the subnets of their (first) source, a hub network per site pair
  with a gateway to the primary site, peered with the others; links chain the networks
  of a logical network into routed segments of up to 8 networks (mirrored on the
  secondary side);
* about 2,000 Hyper-V hosts, given to clouds in proportion to the memory they must hold
  (their own VMs, or the replicas of the cloud they protect), with capacities that leave
  headroom, reaching exactly their cloud's logical networks;
* VMs with a size, a host of their cloud and 1-3 NICs on networks their cloud uses
  (mostly on one routed segment per application), each NIC with a subnet and (mostly)
  an IP inside the subnet's prefix, unique there;
* about 2,000 recovery plans of up to 100 VMs of one cloud, in 1-5 boot groups;
  dependencies point to VMs of an earlier group of the same plan, a few to a VM of an
  earlier plan.

Examples
--------
>>> data = generate(300, seed=1)
>>> data["netmap"], len(data["vms"])
(1, 300)
>>> generate(300, seed=1) == data
True
"""

from __future__ import annotations

import random

from netmap._runtime.gc import paused
from netmap.io.topology_text import topology_text

__all__ = ["dump", "generate"]

#: one site pair per this many VMs
VMS_PER_PAIR = 25_000
#: one protected ("home") VM network per this many VMs
VMS_PER_NETWORK = 35
#: clouds, hosts and recovery plans per VM
CLOUDS_PER_VM = 200 / 100_000
HOSTS_PER_VM = 2_000 / 100_000
#: one Azure site per this many VMs
VMS_PER_AZURE_SITE = 1_000_000

#: logical network indexes of a site (0-based): application tiers protected to the
#: secondary site, the networks protected to Azure, the networks protected back
FWD_LNS = (0, 1, 2)
AZ_LN = 3
REV_LN = 4
N_LNS = 5

#: (memory_gb, vcpus) of VM sizes, drawn uniformly (small sizes are repeated)
VM_SIZES = ((2, 1), (4, 2), (4, 2), (8, 2), (8, 4), (8, 4), (16, 4), (16, 8), (32, 8),
            (64, 16))
HOST_MEMORY = (256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144)
HOST_VCPUS = (32, 48, 64, 96, 128, 192, 256, 384, 512, 768)
#: capacity over load on every host
HEADROOM = 1.3

#: address ranges prefixes are drawn from, in order (wrapping round when all are used:
#: distant site pairs then reuse address space, as real estates do)
_POOLS = ((10 << 24, 1 << 24), ((172 << 24) | (16 << 16), 1 << 20),
          ((100 << 24) | (64 << 16), 1 << 22), ((192 << 24) | (168 << 16), 1 << 16))
#: first host address handed to VMs in a subnet (lower ones: gateway, DNS, ...)
_FIRST_HOST = 4


def _ip(x):
    return f"{x >> 24}.{(x >> 16) & 255}.{(x >> 8) & 255}.{x & 255}"


class _Prefixes:
    """Aligned blocks handed out in order from :data:`_POOLS`."""

    def __init__(self):
        self.pool = 0
        self.cursor = 0

    def take(self, size):
        while True:
            start, length = _POOLS[self.pool]
            at = (self.cursor + size - 1) // size * size
            if at + size <= length:
                self.cursor = at + size
                return start + at
            self.pool = (self.pool + 1) % len(_POOLS)
            self.cursor = 0


def _apportion(total, weights, minimum=0):
    """Split ``total`` by ``weights`` (largest remainder), each at least ``minimum``."""
    n = len(weights)
    if n == 0:
        return []
    base = [minimum] * n
    rest = total - minimum * n
    if rest <= 0:
        return base
    wsum = sum(weights) or 1.0
    exact = [rest * w / wsum for w in weights]
    out = [b + int(e) for b, e in zip(base, exact)]
    left = total - sum(out)
    order = sorted(range(n), key=lambda i: (int(exact[i]) - exact[i], i))
    for i in order[:left]:
        out[i] += 1
    return out


def _split(total, parts):
    q, r = divmod(total, parts)
    return [q + (1 if i < r else 0) for i in range(parts)]


def _width(n):
    return max(2, len(str(max(n, 1))))


def generate(vms, seed=0):
    """A topology of ``vms`` VMs shaped like a large enterprise (see the module doc).

    Deterministic: the same ``(vms, seed)`` gives equal data. Returns plain data
    (dicts, lists, strings, numbers) in the ``netmap: 1`` format.
    """
    if isinstance(vms, bool) or not isinstance(vms, int) or vms < 0:
        raise ValueError(f"vms must be a non-negative integer, got {vms!r}")
    with paused():  # millions of new containers and no cycles: see netmap._runtime.gc
        return _Generator(vms, seed).run()


class _Cloud:
    __slots__ = ("name", "site", "vmm", "lns", "kind", "protecting", "vm_count", "pool",
                 "vms", "load_mem", "load_cpu", "hosts", "chunks")

    def __init__(self, name, site, vmm, lns, kind):
        self.name = name
        self.site = site
        self.vmm = vmm
        self.lns = lns          # logical network indexes
        self.kind = kind        # fwd | rev | az | none | protecting
        self.protecting = None  # the _Cloud protecting this one (VMM to VMM)
        self.vm_count = 0
        self.pool = []          # home networks its VMs use: [(name, n_subnets, sid0, seg)]
        self.vms = []           # VM dicts
        self.load_mem = 0
        self.load_cpu = 0
        self.hosts = []         # host names
        self.chunks = []        # sizes of the runs of VMs that make one recovery plan


class _Generator:
    def __init__(self, vms, seed):
        self.n = vms
        self.rng = random.Random(seed)
        self.seed = seed
        self.pairs = max(1, round(vms / VMS_PER_PAIR))
        self.n_az = max(1, round(vms / VMS_PER_AZURE_SITE))
        total_clouds = max(3, round(vms * CLOUDS_PER_VM))
        self.clouds_per_pair = _split(total_clouds, self.pairs)
        self.vms_per_pair = _split(vms, self.pairs)
        # widths of the zero-padded numbers in names
        self.w_vm = _width(vms)
        self.w_net = _width(2 * vms // VMS_PER_NETWORK + 8 * self.pairs)
        self.w_cloud = _width(total_clouds + 4 * self.pairs)
        self.w_host = _width(round(vms * HOSTS_PER_VM) + total_clouds + 4 * self.pairs)
        self.w_plan = _width(vms // 20 + 1)
        self.w_site = _width(self.pairs)
        self.prefixes = _Prefixes()
        # output lists
        self.sites, self.vmms, self.lns, self.vm_networks = [], [], [], []
        self.azure_networks, self.clouds, self.protection, self.hosts = [], [], [], []
        self.mappings, self.links, self.vm_list, self.plans = [], [], [], []
        # counters
        self.c_net = self.c_az = self.c_cloud = self.c_host = self.c_vm = self.c_plan = 0
        self.c_seg = 0  # routed segments (networks chained by links)
        # home subnets: NIC count per subnet id and, later, base address
        self.sub_count = []
        self.sub_base = []
        # (nic dict, subnet id, ordinal) of NICs that get an IP
        self.nic_ips = []
        # home subnets whose prefixes are copied to mirror subnet dicts: (sid, dict)
        self.mirror_prefix = []
        self.vm_subnet_dicts = []  # (sid, subnet dict) of home networks
        self.unmapped_forced = False

    # ------------------------------------------------------------------ names
    def net_name(self):
        self.c_net += 1
        return f"VMNet{self.c_net:0{self.w_net}d}"

    def cloud_name(self, tag):
        self.c_cloud += 1
        return f"{tag}Cloud{self.c_cloud:0{self.w_cloud}d}"

    # ------------------------------------------------------------------ run
    def run(self):
        azure_sites = [f"Azure-Region{k + 1:02d}" for k in range(self.n_az)]
        pair_clouds = []
        for p in range(self.pairs):
            pair_clouds.append(self.pair(p, azure_sites))
        for name in azure_sites:
            self.sites.append({"name": name, "kind": "azure"})
        for clouds in pair_clouds:
            self.make_hosts(clouds)
        for clouds in pair_clouds:
            self.fill_vms(clouds)
        self.assign_ips()
        for clouds in pair_clouds:
            for c in clouds:
                if c.kind in ("fwd", "rev", "az"):
                    self.make_plans(c)
        data = {
            "netmap": 1,
            "name": f"synthetic estate: {self.n:,} VMs (seed {self.seed})",
            "sites": self.sites,
            "vmm_servers": self.vmms,
            "logical_networks": self.lns,
            "vm_networks": self.vm_networks,
            "azure_networks": self.azure_networks,
            "clouds": self.clouds,
            "protection": self.protection,
            "hosts": self.hosts,
            "network_mappings": self.mappings,
            "links": self.links,
            "vms": self.vm_list,
            "recovery_plans": self.plans,
        }
        return data

    # ------------------------------------------------------------------ a site pair
    def pair(self, p, azure_sites):
        rng = self.rng
        tag = f"{p + 1:0{self.w_site}d}"
        prim, sec = f"Site{tag}-Primary", f"Site{tag}-Secondary"
        az_site = azure_sites[p % len(azure_sites)]
        vmm = {}
        ln_names = {}
        for site in (prim, sec):
            self.sites.append({"name": site})
            vmm[site] = f"VMM-{site}"
            self.vmms.append({"name": vmm[site], "site": site})
            ln_names[site] = [f"LN{i + 1}-{site}" for i in range(N_LNS)]
            for ln in ln_names[site]:
                self.lns.append({"name": ln, "vmm": vmm[site]})

        # clouds: VMM-to-VMM pairs both ways, clouds protected to Azure, unprotected
        k = self.clouds_per_pair[p]
        n_fwd = max(1, round(k * 0.32))
        n_rev = round(k * 0.08)
        n_az = max(1, round(k * 0.16))
        n_none = max(0, k - 2 * n_fwd - 2 * n_rev - n_az)
        holders = []  # clouds whose VMs we generate, in order
        clouds = []

        def add_cloud(tag_, site, lns, kind):
            c = _Cloud(self.cloud_name(tag_), site, vmm[site], lns, kind)
            self.clouds.append({"name": c.name, "vmm": c.vmm,
                                "logical_networks": [ln_names[site][i] for i in lns]})
            clouds.append(c)
            return c

        for _ in range(n_fwd):
            lns = sorted(rng.sample(FWD_LNS, 1 if rng.random() < 0.6 else 2))
            c = add_cloud("Gold" if len(lns) > 1 else "Silver", prim, lns, "fwd")
            q = add_cloud("Dr", sec, lns, "protecting")
            c.protecting = q
            self.protection.append({"protected": c.name, "protecting": q.name})
            holders.append(c)
        for _ in range(n_rev):
            c = add_cloud("Branch", sec, [REV_LN], "rev")
            q = add_cloud("Dr", prim, [REV_LN], "protecting")
            c.protecting = q
            self.protection.append({"protected": c.name, "protecting": q.name})
            holders.append(c)
        for _ in range(n_az):
            c = add_cloud("Azure", prim, [AZ_LN], "az")
            self.protection.append({"protected": c.name, "azure": az_site})
            holders.append(c)
        for _ in range(n_none):
            c = add_cloud("Lab", prim, [rng.choice(FWD_LNS)], "none")
            holders.append(c)

        # VMs per cloud
        counts = _apportion(self.vms_per_pair[p], [(0.5 + rng.random()) * (
            0.25 if c.kind == "none" else 1.0) for c in holders])
        for c, n in zip(holders, counts):
            c.vm_count = n

        # networks: home networks per logical network, sized by the VMs that use them
        def vms_on(kind, ln=None):
            return sum(c.vm_count / len(c.lns) for c in holders
                       if c.kind in kind and (ln is None or ln in c.lns))

        home = {}  # ln index -> [(name, n_subnets, first subnet id)]
        for ln in FWD_LNS:
            home[ln] = self.networks(prim, sec, ln_names, ln,
                                     max(1, round(vms_on(("fwd", "none"), ln)
                                                  / VMS_PER_NETWORK)), mirror=True)
        if n_rev:
            home[REV_LN] = self.networks(sec, prim, ln_names, REV_LN,
                                         max(1, round(vms_on(("rev",)) / VMS_PER_NETWORK)),
                                         mirror=True)
        home[AZ_LN] = self.networks(prim, None, ln_names, AZ_LN,
                                    max(1, round(vms_on(("az",)) / VMS_PER_NETWORK)),
                                    mirror=False)
        self.azure(home[AZ_LN], az_site, prim)
        for c in holders:
            c.pool = [net for ln in c.lns for net in home[ln]]
        return clouds

    def subnets(self, n):
        return [{"name": f"Subnet{j + 1}"} for j in range(n)]

    def networks(self, site, other, ln_names, ln, count, mirror):
        """``count`` home networks on ``site`` (and their mirrors on ``other``)."""
        rng = self.rng
        out = []
        segment = []
        for i in range(count):
            name = self.net_name()
            r = rng.random()
            n_sub = 1 if r < 0.35 else 2 if r < 0.65 else 3 if r < 0.85 else 4
            subs = self.subnets(n_sub)
            sid0 = len(self.sub_count)
            for j, s in enumerate(subs):
                self.sub_count.append(0)
                self.vm_subnet_dicts.append((sid0 + j, s))
            self.vm_networks.append({"name": name, "logical_network": ln_names[site][ln],
                                     "subnets": subs})
            out.append((name, n_sub, sid0, self.c_seg))
            mname = None
            if mirror:
                mname = self.net_name()
                msubs = self.subnets(n_sub)
                if n_sub > 1 and rng.random() < 0.05:
                    msubs.pop()  # the replica of the last subnet lands in the first (NM006)
                same = rng.random() >= 0.03  # else: a re-IP on failover (NM007)
                for j, s in enumerate(msubs):
                    self.mirror_prefix.append((sid0 + j, same, s))
                self.vm_networks.append({"name": mname, "logical_network":
                                         ln_names[other][ln], "subnets": msubs})
                if rng.random() >= 0.002:
                    self.mappings.append({"source": name, "target": mname})
                else:
                    mname = None  # unmapped (NM001)
                if mname and rng.random() < 0.5:
                    self.mappings.append({"source": mname, "target": name})
            segment.append((name, mname))
            if len(segment) == 8 or i == count - 1:
                for (a, ma), (b, mb) in zip(segment, segment[1:]):
                    self.links.append({"networks": [a, b]})
                    if ma and mb:
                        self.links.append({"networks": [ma, mb]})
                if len(segment) == 8:
                    segment = []
                    self.c_seg += 1
        if mirror and not self.unmapped_forced and count > 1:
            # a few unmapped networks even in small estates: the last one here
            self._unmap(out[-1][0])
            self.unmapped_forced = True
        self.c_seg += 1
        return out

    def _unmap(self, name):
        """Drop the mapping of home network ``name`` (and the mapping back to it)."""
        ms = self.mappings
        # the mappings touching it are the last two at most
        for i in range(len(ms) - 1, max(-1, len(ms) - 3), -1):
            if ms[i]["source"] == name or ms[i]["target"] == name:
                del ms[i]

    def azure(self, home_nets, az_site, prim):
        """Azure networks for the networks protected to Azure (a quarter two to one).

        Each Azure network has the subnets (names and prefixes) of its first source, so
        that source's replicas keep their IPs; a second source's are re-addressed. The
        first network of a site pair is a hub with a gateway to the primary site, peered
        with all the others (hub and spoke).
        """
        rng = self.rng
        names = []
        target = []  # home network index -> Azure network index
        i = 0
        while i < len(home_nets):
            take = 2 if i + 1 < len(home_nets) and rng.random() < 0.25 else 1
            k = len(names)
            target += [k] * take
            self.c_az += 1
            name = f"AzNet{self.c_az:0{self.w_net}d}"
            _, n_sub, sid0, _ = home_nets[i]
            i += take
            subs = self.subnets(n_sub)
            for j, sub in enumerate(subs):
                self.mirror_prefix.append((sid0 + j, True, sub))
            net = {"name": name, "site": az_site, "subnets": subs}
            if k == 0 or rng.random() < 0.02:
                net["gateway"] = {"sites": [prim]}  # VPN / ExpressRoute to the primary site
            self.azure_networks.append(net)
            names.append(name)
        back = set()
        for i, (src, _, _, _) in enumerate(home_nets):
            if i and rng.random() < 0.01:
                continue  # unmapped: replicas join the plan network (R6)
            t = target[i]
            self.mappings.append({"source": src, "target": names[t]})
            # revision 1 mapped some Azure networks back to their source here; Site
            # Recovery has no Azure-to-VMM mapping (R7, a load error): the draw stays so
            # that the rest of a seed's topology is what it was
            if t not in back and rng.random() < 0.3:
                back.add(t)
        for other in names[1:]:
            # VNet peering with the hub (not transitive: spokes reach the hub only)
            self.links.append({"networks": [names[0], other], "kind": "peering"})

    # ------------------------------------------------------------------ VMs and hosts
    def make_hosts(self, clouds):
        """Hosts per cloud, in proportion to the memory they hold, with headroom."""
        rng = self.rng
        # draw VM sizes first: loads decide how many hosts each cloud gets
        for c in clouds:
            if c.vm_count:
                sizes = [VM_SIZES[int(rng.random() * len(VM_SIZES))]
                         for _ in range(c.vm_count)]
                c.vms = sizes  # replaced by VM dicts in fill_vms
                c.load_mem = sum(s[0] for s in sizes)
                c.load_cpu = sum(s[1] for s in sizes)
        for c in clouds:
            if c.protecting is not None:
                c.protecting.load_mem += c.load_mem
                c.protecting.load_cpu += c.load_cpu
        n_hosts = max(len(clouds), round(sum(c.vm_count for c in clouds) * HOSTS_PER_VM))
        per = _apportion(n_hosts, [c.load_mem for c in clouds], minimum=1)
        for c, n in zip(clouds, per):
            mem = c.load_mem * HEADROOM / n
            cpu = c.load_cpu * HEADROOM / n
            for _ in range(n):
                self.c_host += 1
                name = f"HV{self.c_host:0{self.w_host}d}"
                bump = 1 if rng.random() < 0.25 else 0
                mi = min(len(HOST_MEMORY) - 1,
                         next((i for i, m in enumerate(HOST_MEMORY) if m >= mem),
                              len(HOST_MEMORY) - 1) + bump)
                ci = min(len(HOST_VCPUS) - 1,
                         next((i for i, v in enumerate(HOST_VCPUS) if v >= cpu),
                              len(HOST_VCPUS) - 1) + bump)
                self.hosts.append({
                    "name": name, "vmm": c.vmm, "clouds": [c.name],
                    "logical_networks": [f"LN{i + 1}-{c.site}" for i in c.lns],
                    "capacity": {"memory_gb": HOST_MEMORY[mi], "vcpus": HOST_VCPUS[ci]}})
                c.hosts.append(name)

    def fill_vms(self, clouds):
        rng = self.rng
        rand = rng.random
        sub_count = self.sub_count
        nic_ips = self.nic_ips
        out = self.vm_list
        w = self.w_vm
        for c in clouds:
            if not c.vm_count:
                continue
            sizes = c.vms
            c.vms = []
            pool = c.pool
            npool = len(pool)
            hosts = c.hosts
            nh = len(hosts)
            cname = c.name
            segs = {}
            for x, net in enumerate(pool):
                segs.setdefault(net[3], []).append(x)
            segs = list(segs.values())
            nseg = len(segs)
            # runs of VMs that will make one recovery plan (an application): their NICs
            # are mostly on one routed segment, so their dependencies can reach each other
            n = len(sizes)
            chunks = c.chunks
            left = 0
            seg = None
            for i, (mem, cpu) in enumerate(sizes):
                if not left:
                    left = min(n - i, 5 + int(rand() * 81))  # 5..85, at most 100
                    chunks.append(left)
                    seg = segs[int(rand() * nseg)]
                left -= 1
                self.c_vm += 1
                r = rand()
                k = 1 if r < 0.72 else 2 if r < 0.94 else 3
                if k > npool:
                    k = npool
                picks = [seg[int(rand() * len(seg))]]  # the first NIC: on the segment
                if k > 1:
                    src = seg if len(seg) >= k and rand() < 0.9 else range(npool)
                    ns = len(src)
                    while len(picks) < k:  # distinct networks
                        x = src[int(rand() * ns)]
                        if x not in picks:
                            picks.append(x)
                nics = []
                for x in picks:
                    net, n_sub, sid0, _ = pool[x]
                    sub = int(rand() * n_sub)
                    nic = {"network": net, "subnet": f"Subnet{sub + 1}"}
                    if rand() >= 0.04:  # else: DHCP, no static IP
                        sid = sid0 + sub
                        nic_ips.append((nic, sid, sub_count[sid]))
                        sub_count[sid] += 1
                    nics.append(nic)
                vm = {"name": f"VM{self.c_vm:0{w}d}", "cloud": cname,
                      "host": hosts[i % nh], "size": {"memory_gb": mem, "vcpus": cpu},
                      "nics": nics}
                out.append(vm)
                c.vms.append(vm)

    def assign_ips(self):
        rng = self.rng
        take = self.prefixes.take
        base = [0] * len(self.sub_count)
        sizes = [0] * len(self.sub_count)
        for sid, s in self.vm_subnet_dicts:
            need = (self.sub_count[sid] + _FIRST_HOST + 1) * 1.25
            size = 32
            while size < need:
                size *= 2
            if rng.random() < 0.3:
                size *= 2  # room to grow
            b = take(size)
            base[sid] = b
            sizes[sid] = size
            s["prefix"] = f"{_ip(b)}/{32 - size.bit_length() + 1}"
        subs = self.vm_subnet_dicts
        for sid, same, s in self.mirror_prefix:
            if same:
                s["prefix"] = subs[sid][1]["prefix"]
            else:  # the same size elsewhere: replicas are re-addressed
                size = sizes[sid]
                s["prefix"] = f"{_ip(take(size))}/{32 - size.bit_length() + 1}"
        for nic, sid, ordinal in self.nic_ips:
            nic["ip"] = _ip(base[sid] + _FIRST_HOST + ordinal)

    # ------------------------------------------------------------------ plans
    def make_plans(self, c):
        rng = self.rng
        rand = rng.random
        vms = c.vms
        i = 0
        mine = []  # this cloud's plans so far
        for size in c.chunks:
            chunk = vms[i:i + size]
            i += size
            if rand() < 0.03:
                continue  # protected VMs in no plan (NM012)
            n_groups = 1 + int(rand() * min(5, 1 + size // 8))
            cuts = sorted(rng.sample(range(1, size), n_groups - 1)) if n_groups > 1 else []
            groups = []
            prev = 0
            for cut in cuts + [size]:
                groups.append(chunk[prev:cut])
                prev = cut
            earlier = []
            for g, group in enumerate(groups):
                if g:
                    ne = len(earlier)
                    for vm in group:
                        r = rand()
                        if r < 0.4:
                            a = earlier[int(rand() * ne)]
                            deps = [a]
                            if r < 0.1:
                                b = earlier[int(rand() * ne)]
                                if b != a:
                                    deps.append(b)
                            vm["depends_on"] = deps
                earlier.extend(vm["name"] for vm in group)
            if mine and rand() < 0.1:
                # a shared service in an earlier plan of the cloud (cross-plan dependency)
                other = mine[int(rand() * len(mine))]["groups"][0][0]
                vm = chunk[-1]
                deps = vm.setdefault("depends_on", [])
                if other not in deps:
                    deps.append(other)
            self.c_plan += 1
            plan = {"name": f"RP{self.c_plan:0{self.w_plan}d}",
                    "groups": [[vm["name"] for vm in group] for group in groups]}
            self.plans.append(plan)
            mine.append(plan)


def dump(data: dict, path: str | None = None) -> str:
    """A generated topology as text: compact JSON for a ``.json`` path, else YAML.

    The compact style of :func:`netmap.io.topology_text.topology_text` (a large file
    stays small and quick to write).

    >>> dump({"netmap": 1, "sites": [{"name": "A"}]}, "t.json")
    '{"netmap":1,"sites":[{"name":"A"}]}\\n'
    """
    return topology_text(data, path, style="compact")
