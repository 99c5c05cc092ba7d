"""``netmap import asr``: a topology from Azure Site Recovery's own REST API list responses.

Save the vault's list responses as JSON files in one folder, one file per list, named
after the list (case does not matter)::

    replicationFabrics.json                 GET .../vaults/{vault}/replicationFabrics
    replicationProtectionContainers.json    GET .../replicationProtectionContainers
    replicationProtectionContainerMappings.json
    replicationNetworks.json                GET .../replicationNetworks
    replicationNetworkMappings.json         GET .../replicationNetworkMappings
    replicationProtectedItems.json          GET .../replicationProtectedItems
    replicationRecoveryPlans.json           GET .../replicationRecoveryPlans

Every file is optional. A file holds a list response ``{"value": [...], "nextLink": ...}``
(``az rest`` output), a bare list of items (``az site-recovery ... list`` output), a list
of such pages, or an azure-rest-api-specs example (``{"responses": {"200": {"body":
...}}}``). Each item is an ARM resource ``{"id", "name", "type", "properties"}``.
:func:`import_asr` returns the ``netmap: 1`` data (checked with the loader's own checks)
and a list of warnings; :func:`dump` renders it as YAML or JSON.

Fields read
-----------
The shapes are those of the ``Microsoft.RecoveryServices`` replication API (sources:
the azure-rest-api-specs examples ``ReplicationFabrics_List``,
``ReplicationProtectionContainers_List``, ``ReplicationProtectionContainerMappings_List``,
``ReplicationNetworks_List``, ``ReplicationNetworkMappings_List``,
``ReplicationProtectedItems_List``, ``ReplicationRecoveryPlans_List`` (2025-01-01 and
2025-08-01), and the models generated from the same specification: ``VMNicDetails``,
``IPConfigDetails``, ``HyperVReplicaBaseReplicationDetails``, ``NetworkMappingProperties``,
``ProtectionContainerMappingProperties``, ``RecoveryPlanGroup``,
``RecoveryPlanProtectedItem``, ``Subnet``). Every item's ``id`` is parsed as an ARM path
(``.../replicationFabrics/{fabric}/replicationProtectionContainers/{container}/...``,
compared without regard to case); that is how items refer to each other.

- **replicationFabrics** → sites and VMM servers. ``properties.friendlyName`` (else
  ``name``) names both; ``properties.customDetails.instanceType``: ``VMM`` → an on-premises
  site with its VMM server; ``HyperVSite`` (Hyper-V without VMM) → likewise, the VMM
  server standing in for the Hyper-V site, because netmap clouds belong to a VMM server;
  ``Azure`` → an Azure site; other types (VMware, InMage...) are skipped with a warning.
- **Logical networks** are not in any of these lists (``replicationNetworks`` does not
  say which logical network carries a VM network), so one is invented per VMM server,
  named ``<vmm>-logical``; every VM network and cloud of that server uses it. R2 therefore
  finds every candidate target *available*: refine the logical networks by hand if the
  availability matters.
- **replicationProtectionContainers** → clouds: ``properties.friendlyName``, the fabric
  from the id (``properties.fabricFriendlyName`` / ``fabricType`` for a fabric that is
  not listed). Containers of an Azure fabric are not clouds.
- **replicationProtectionContainerMappings** → ``protection``. The protected cloud is the
  container in the mapping's id (else ``properties.sourceProtectionContainerFriendlyName``
  and ``sourceFabricFriendlyName``); the protecting one is
  ``properties.targetProtectionContainerId``. A target that is not an ARM path (ASR
  writes ``"Microsoft Azure"``) or lies in an Azure fabric means protection to Azure, the
  Azure site being named by ``properties.targetFabricFriendlyName``. A cloud paired to
  two different targets keeps the first (by target name), with a warning.
- **replicationNetworks** → VM networks (of a VMM fabric) or Azure networks (of an Azure
  fabric): ``properties.friendlyName``; ``properties.subnets[]`` in order, each named by
  ``friendlyName`` (else ``name``), with the first CIDR of ``addressList`` as its prefix.
- **replicationNetworkMappings** → ``network_mappings``. Source: the network in the
  mapping's id (a mapping lives under its primary network), else
  ``properties.primaryNetworkId``, else ``primaryNetworkFriendlyName`` in
  ``primaryFabricFriendlyName``. Target by ``properties.fabricSpecificSettings.
  instanceType``: ``VmmToVmm`` → the VM network ``properties.recoveryNetworkId`` (else
  ``recoveryNetworkFriendlyName`` in ``recoveryFabricFriendlyName``); ``VmmToAzure`` → an
  Azure network named ``recoveryNetworkFriendlyName`` (else the last part of the ARM id
  ``recoveryNetworkId``) in the Azure site ``recoveryFabricFriendlyName``. Other types
  (``AzureToAzure``) are skipped with a warning.
- **replicationProtectedItems** → VMs: ``properties.friendlyName``; the cloud is the
  container in the id (else ``primaryProtectionContainerFriendlyName``). NICs come from
  ``properties.providerSpecificDetails.vmNics[]`` (``HyperVReplica2012``,
  ``HyperVReplica2012R2``, ``HyperVReplicaAzure``...), in order: network
  ``vMNetworkName`` (a VM network of the VM's VMM server), subnet ``vMSubnetName``, IP
  ``primaryNicStaticIPAddress``; where those are empty, the primary entry of
  ``ipConfigs[]`` (``isPrimary``) gives ``subnetName`` / ``staticIPAddress``. A NIC with
  no network is left out (warning). For a NIC whose ``recoveryVMNetworkId`` is an Azure
  virtual network, ``recoveryVMSubnetName`` becomes a subnet of that Azure network (sorted
  by name, no prefix), and a recovery network other than the mapping's target is
  reported: netmap follows the mapping.
- **replicationRecoveryPlans** → ``recovery_plans``: ``properties.friendlyName`` (else
  ``name``); ``properties.groups[]`` with ``groupType`` ``Boot`` only, in order (the
  ``Shutdown`` and ``Failover`` groups hold no VMs to boot), each the VMs of its
  ``replicationProtectedItems[].id``. Empty boot groups are dropped.

Objects referred to but not listed (a missing file, a network only a NIC names, a NIC
subnet its network does not list) are created from the friendly names at hand, so that
any subset of the lists gives a topology that loads. Hosts, sizes, links, gateways and
dependencies are not in these lists. Two objects of a kind with the same friendly name
are told apart as ``name (parent)`` (parent: VMM server, cloud, site or ARM name).
Output lists are sorted by name, so the same input gives byte-identical output.

Wrong input (unreadable files, invalid JSON, a file or item of the wrong shape, a field
of the wrong type) raises :class:`~netmap.errors.TopologyError` with every problem,
each with its file, line and path.

>>> from netmap.io.asr import import_asr
>>> import os
>>> here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
>>> data, warnings = import_asr(os.path.join(here, "fixtures", "asr"))
>>> data["network_mappings"][0]
{'source': 'VMNetwork1-Beijing', 'target': 'VMNetwork1-Shanghai'}
"""

from __future__ import annotations

import ipaddress
import json
import os
from collections import defaultdict

from netmap.errors import NetmapError, Problem, TopologyError
from netmap.io.load import check_topology, read_bytes
from netmap.io.locate import line_of, locate_tree
from netmap.io.topology_text import topology_text

__all__ = ["LISTS", "AsrWarning", "dump", "import_asr"]

#: the list responses read, by file name (without ``.json``)
LISTS = (
    "replicationFabrics",
    "replicationProtectionContainers",
    "replicationProtectionContainerMappings",
    "replicationNetworks",
    "replicationNetworkMappings",
    "replicationProtectedItems",
    "replicationRecoveryPlans",
)

_AZURE_DEFAULT = "Microsoft Azure"  # what ASR calls Azure as a recovery fabric


# --------------------------------------------------------------------------- reading

class AsrWarning(Problem):
    """Something imported with a change, or left out (``netmap import asr`` prints each
    after ``warning:``)."""


class _Ctx:
    def __init__(self):
        self.problems = []
        self.warnings = []


class _Src:
    """One JSON file: its path for messages and its text (lines found on demand)."""

    def __init__(self, path, text, ctx):
        self.path, self.text, self.ctx = path, text, ctx
        self._tree = False

    def line(self, keys):
        if self._tree is False:
            self._tree = locate_tree(self.text, json=True)
        return line_of(self._tree, keys)


def _render(keys):
    out = ""
    for k in keys:
        out += f"[{k}]" if isinstance(k, int) else ("." if out else "") + str(k)
    return out


_TYPE_WORD = {str: "a non-empty string", list: "a list", dict: "an object", bool: "true or false"}


def _what(x):
    if x is None:
        return "null"
    if isinstance(x, bool):
        return "a boolean"
    if isinstance(x, (int, float)):
        return "a number"
    if isinstance(x, str):
        return "an empty string" if x == "" else "a string"
    if isinstance(x, list):
        return "a list"
    return "an object"


class _Item:
    """An object inside a file, with its key path (for lines) and a readable path."""

    __slots__ = ("keys", "label", "obj", "src")

    def __init__(self, src, keys, obj, label):
        self.src, self.keys, self.obj, self.label = src, keys, obj, label

    def where(self, sub=()):
        if not sub:
            return self.label
        if not self.label:
            return _render(sub)
        return self.label + ("" if isinstance(sub[0], int) else ".") + _render(sub)

    def _rec(self, sub, msg, cls):
        return cls(self.src.path, self.src.line(self.keys + tuple(sub)),
                   self.where(tuple(sub)), msg)

    def problem(self, sub, msg):
        self.src.ctx.problems.append(self._rec(sub, msg, Problem))

    def warn(self, sub, msg):
        self.src.ctx.warnings.append(self._rec(sub, msg, AsrWarning))

    def get(self, *sub, kind=str):
        """The value at ``sub`` (None when absent, null or empty); wrong types are problems."""
        cur = self.obj
        for depth, k in enumerate(sub):
            if not isinstance(cur, dict):
                self.problem(sub[:depth], f"expected an object, got {_what(cur)}")
                return None
            cur = cur.get(k)
            if cur is None:
                return None
        if kind is str and cur == "":
            return None
        if not isinstance(cur, kind) or (kind is not bool and isinstance(cur, bool)):
            self.problem(sub, f"expected {_TYPE_WORD[kind]}, got {_what(cur)}")
            return None
        return cur

    def children(self, *sub):
        """The objects of the list at ``sub`` as items (non-objects are problems)."""
        lst = self.get(*sub, kind=list) or []
        out = []
        for j, o in enumerate(lst):
            path = tuple(sub) + (j,)
            if not isinstance(o, dict):
                self.problem(path, f"expected an object, got {_what(o)}")
                continue
            out.append(_Item(self.src, self.keys + path, o, self.where(path)))
        return out


def _find_files(directory):
    """``{list name: path}`` of the list files in ``directory``; other JSON files ignored."""
    want = {n.lower() + ".json": n for n in LISTS}
    found, ignored = {}, []
    for entry in sorted(os.listdir(directory)):
        full = os.path.join(directory, entry)
        if not os.path.isfile(full):
            continue
        name = want.get(entry.lower())
        if name is None:
            if entry.lower().endswith(".json"):
                ignored.append(entry)
            continue
        if name in found:
            raise NetmapError(f"{directory}: two files for {name}: "
                              f"'{os.path.basename(found[name])}' and '{entry}'")
        found[name] = full
    return found, ignored


def _read(path, ctx):
    """The items of one list file, as :class:`_Item` s (problems go to ``ctx``)."""
    try:
        raw = read_bytes(path)  # the same input bounds as a topology file
    except TopologyError as e:
        ctx.problems.extend(e.problems)
        return []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        ctx.problems.append(Problem(path, raw[: e.start].count(b"\n") + 1, "",
                                    "file is not UTF-8 text"))
        return []
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        ctx.problems.append(Problem(path, e.lineno, "", f"invalid JSON: {e.msg}"))
        return []
    except RecursionError:
        ctx.problems.append(Problem(path, None, "", "invalid JSON: nested too deeply"))
        return []
    src = _Src(path, text, ctx)
    root = _Item(src, (), data, "")
    keys = ()
    if isinstance(data, dict) and isinstance(data.get("responses"), dict):
        body = data["responses"].get("200")  # an azure-rest-api-specs example file
        if isinstance(body, dict) and "body" in body:
            keys, data = ("responses", "200", "body"), body["body"]
    pages = []
    if isinstance(data, dict):
        pages.append((keys, data))
    elif isinstance(data, list) and data and all(isinstance(p, dict) and "value" in p
                                                 for p in data):
        pages.extend((keys + (i,), p) for i, p in enumerate(data))
    elif isinstance(data, list):  # a bare list of items
        return _items_of(src, keys, data)
    else:
        root.problem(keys, 'expected a list response {"value": [...]}, got '
                     f"{_what(data)}")
        return []
    out = []
    for pkeys, page in pages:
        value = page.get("value")
        if not isinstance(value, list):
            _Item(src, pkeys, page, _render(pkeys)).problem(
                ("value",) if "value" in page else (),
                'expected a list response {"value": [...]}' +
                (f", got 'value': {_what(value)}" if "value" in page else
                 ", found no 'value'"))
            continue
        if page.get("nextLink"):
            _Item(src, pkeys, page, _render(pkeys)).warn(
                ("nextLink",), "nextLink is set: this file holds only the first page of "
                "the list; put the items of every page in it")
        out.extend(_items_of(src, pkeys + ("value",), value))
    return out


def _items_of(src, keys, value):
    out = []
    for i, o in enumerate(value):
        path = keys + (i,)
        if not isinstance(o, dict):
            _Item(src, (), None, "").problem(path, f"expected an ARM resource object, got "
                                                   f"{_what(o)}")
            continue
        label = _render(path)
        props = o.get("properties")
        nm = props.get("friendlyName") if isinstance(props, dict) else None
        nm = nm if isinstance(nm, str) and nm else o.get("name")
        if isinstance(nm, str) and nm:
            label += f" ({nm})"
        it = _Item(src, path, o, label)
        ok = True
        if not isinstance(o.get("id"), str) or not o.get("id"):
            it.problem(("id",) if "id" in o else (), "expected the item's ARM 'id' (a "
                       "non-empty string)" + (f", got {_what(o.get('id'))}" if "id" in o
                                              else ", found none"))
            ok = False
        if "name" in o and o["name"] is not None and not isinstance(o["name"], str):
            it.problem(("name",), f"expected a string, got {_what(o['name'])}")
            ok = False
        if not isinstance(props, dict):
            it.problem(("properties",) if "properties" in o else (),
                       "expected 'properties' (an object)" +
                       (f", got {_what(props)}" if "properties" in o else ", found none"))
            ok = False
        if ok:
            out.append(it)
    return out


# --------------------------------------------------------------------------- ARM ids

def _arm(id_):
    """``{segment type (lower case): name}`` of an ARM id; ``{}`` for anything else."""
    if not isinstance(id_, str) or "/" not in id_:
        return {}
    parts = [p for p in id_.split("/") if p]
    return {k.lower(): v for k, v in zip(parts[0::2], parts[1::2])}


def _k(x):
    return x.lower() if isinstance(x, str) else x


# --------------------------------------------------------------------------- the model

class _Rec:
    """An object to be named: its base (friendly) name and what tells it apart."""

    def __init__(self, key, base, **kw):
        self.key, self.base = key, base
        self.name = None
        self.__dict__.update(kw)


def _assign_names(recs, qualifier):
    """Give every record a unique name: the base name, else ``base (qualifier)``, else
    ``... #n`` (records in key order)."""
    recs = sorted(recs, key=lambda r: (r.base, str(r.key)))
    count = defaultdict(int)
    for r in recs:
        count[r.base] += 1
    for r in recs:
        r.name = r.base if count[r.base] == 1 else f"{r.base} ({qualifier(r)})"
    taken = set()
    dup = defaultdict(list)
    for r in recs:
        dup[r.name].append(r)
    plain = set(dup)
    for name in sorted(dup):
        rs = dup[name]
        taken.add(name)
        n = 2  # counts on from the last number given: k equal names cost k steps, not k^2
        for r in rs[1:]:
            while f"{name} #{n}" in taken or f"{name} #{n}" in plain:
                n += 1
            r.name = f"{name} #{n}"
            taken.add(r.name)


class _Model:
    def __init__(self, ctx):
        self.ctx = ctx
        self.fabrics = {}      # fabric key -> _Rec(kind: vmm|azure|other)
        self.azure_by_name = {}
        self.clouds = {}       # (fabric key, container key) -> _Rec
        self.azure_containers = {}  # (fabric key, container key) -> azure fabric rec
        self.networks = {}     # key -> _Rec(kind: vm|azure, owner: fabric rec, subnets)
        self._by_friendly = defaultdict(list)      # (fabric key, friendly name) -> VM networks
        self._by_friendly_low = defaultdict(list)  # the same, by lower-case name
        self.protection = {}   # cloud key -> list of (target kind, target rec, item)
        self.mappings = {}     # source network key -> list of (target rec, item)
        self.vms = {}          # protected item id (lower) -> _Rec
        self.vm_by_arm = {}
        self.plans = []
        self.azure_nic_subnets = defaultdict(set)  # Azure network key -> subnet names
        self.vaults = set()
        self.warned_fabrics = set()

    # ---- fabrics and sites

    def fabric(self, arm_name, friendly=None, ftype=None):
        key = _k(arm_name)
        rec = self.fabrics.get(key)
        if rec is None:
            kind = {"vmm": "vmm", "hypervsite": "vmm", "azure": "azure"}.get(
                _k(ftype) if ftype else "vmm", "other")
            rec = self.fabrics[key] = _Rec(key, friendly or arm_name, kind=kind,
                                           ftype=ftype, arm=arm_name, listed=False)
            if kind == "azure":
                self.azure_by_name.setdefault(_k(rec.base), rec)
        elif friendly and not rec.listed and rec.base == rec.arm:
            rec.base = friendly
        return rec

    def azure_site(self, friendly):
        friendly = friendly or _AZURE_DEFAULT
        rec = self.azure_by_name.get(_k(friendly))
        if rec is None:
            rec = self.fabric("azure:" + friendly, friendly, "Azure")
        return rec

    def usable(self, fab, item, sub=()):
        """Whether objects of fabric ``fab`` are imported (warn once when not)."""
        if fab.kind != "other":
            return True
        if fab.key not in self.warned_fabrics:
            self.warned_fabrics.add(fab.key)
            item.warn(sub, f"fabric '{fab.base}' is of type '{fab.ftype}', which netmap "
                           "does not model (VMM, HyperVSite and Azure are): its objects "
                           "are left out")
        return False

    # ---- clouds

    def cloud(self, fab, container_arm, friendly):
        key = (fab.key, _k(container_arm))
        rec = self.clouds.get(key)
        if rec is None:
            rec = self.clouds[key] = _Rec(key, friendly or container_arm, fabric=fab)
        elif friendly and rec.base == container_arm:
            rec.base = friendly
        return rec

    # ---- networks

    def network(self, key, base, owner, kind):
        rec = self.networks.get(key)
        if rec is None:
            rec = self.networks[key] = _Rec(key, base, owner=owner, kind=kind, subnets=[],
                                            subnet_names=set(), friendly=base)
            if kind == "vm":  # indexed by friendly name: a NIC finds its network at once
                self._by_friendly[(owner.key, base)].append(rec)
                self._by_friendly_low[(owner.key, _k(base))].append(rec)
        return rec

    def vm_network_named(self, fab, friendly):
        """The VM network of fabric ``fab`` with this friendly name (made if none)."""
        matches = self._by_friendly.get((fab.key, friendly)) \
            or self._by_friendly_low.get((fab.key, _k(friendly)))
        if matches:
            return min(matches, key=lambda r: str(r.key))
        return self.network(("named", fab.key, _k(friendly)), friendly, fab, "vm")

    def azure_network(self, arm_id, friendly, site):
        parts = _arm(arm_id)
        base = friendly or parts.get("virtualnetworks") or arm_id
        key = ("azure", _k(arm_id) if arm_id else _k(base))
        return self.network(key, base, site, "azure")


def _add_subnet(net, name, prefix=None):
    if name in net.subnet_names:
        return False
    net.subnet_names.add(name)
    net.subnets.append((name, prefix))
    return True


def _prefix(address_list):
    """The first CIDR prefix of a replicationNetworks subnet's ``addressList``."""
    for a in address_list or ():
        if isinstance(a, str) and "/" in a:
            try:
                return str(ipaddress.ip_network(a.strip(), strict=False))
            except ValueError:
                continue
    return None


# --------------------------------------------------------------------------- importing

def import_asr(directory):
    """Read the ASR list responses in ``directory``; return ``(data, warnings)``.

    ``data`` is a checked ``netmap: 1`` topology (plain dicts and lists, sorted);
    ``warnings`` a sorted list of :class:`AsrWarning` (print them with ``str``).
    Raises :class:`~netmap.errors.TopologyError` for wrong input.
    """
    directory = os.fspath(directory)
    if not os.path.isdir(directory):
        raise NetmapError(f"{directory}: not a folder of ASR list responses")
    files, ignored = _find_files(directory)
    if not files:
        raise NetmapError(
            f"{directory}: no ASR list responses found (expected one or more of "
            + ", ".join(n + ".json" for n in LISTS) + ")")
    ctx = _Ctx()
    items = {name: _read(path, ctx) for name, path in files.items()}
    for entry in ignored:
        ctx.warnings.append(AsrWarning(os.path.join(directory, entry), None, "",
                                           "not an ASR list this import reads; ignored"))
    m = _Model(ctx)
    _fabrics(m, items.get("replicationFabrics", ()))
    _containers(m, items.get("replicationProtectionContainers", ()))
    _networks(m, items.get("replicationNetworks", ()))
    _container_mappings(m, items.get("replicationProtectionContainerMappings", ()))
    _network_mappings(m, items.get("replicationNetworkMappings", ()))
    _protected_items(m, items.get("replicationProtectedItems", ()))
    _plans(m, items.get("replicationRecoveryPlans", ()))
    for its in items.values():
        for it in its:
            v = _arm(it.obj.get("id")).get("vaults")
            if v:
                m.vaults.add(v)
    if ctx.problems:
        raise TopologyError(sorted(set(ctx.problems),
                                   key=lambda p: (p.file, p.line or 0, p.path, p.message)))
    data = _emit(m)
    check_topology(data, os.path.join(directory, "<imported topology>"))
    warnings = sorted(set(ctx.warnings),
                      key=lambda p: (p.file, p.line or 0, p.path, p.message))
    return data, warnings


def _fabrics(m, items):
    for it in items:
        arm = it.obj.get("name") or _arm(it.obj["id"]).get("replicationfabrics") \
            or it.obj["id"]
        ftype = it.get("properties", "customDetails", "instanceType")
        friendly = it.get("properties", "friendlyName") or arm
        key = _k(arm)
        if key in m.fabrics and m.fabrics[key].listed:
            it.warn(("name",), f"fabric '{arm}' is listed twice; the first is kept")
            continue
        if ftype is None:
            it.warn(("properties", "customDetails"), "no customDetails.instanceType: "
                    "taken as a VMM fabric")
        rec = m.fabric(arm, friendly, ftype or "VMM")
        rec.listed = True
        rec.base = friendly


def _containers(m, items):
    for it in items:
        ids = _arm(it.obj["id"])
        fab_arm = ids.get("replicationfabrics")
        cont = ids.get("replicationprotectioncontainers") or it.obj.get("name")
        if not fab_arm or not cont:
            it.problem(("id",), "not the id of a protection container (expected "
                       ".../replicationFabrics/{fabric}/replicationProtectionContainers/"
                       "{container})")
            continue
        fab = m.fabric(fab_arm, it.get("properties", "fabricFriendlyName"),
                       it.get("properties", "fabricType"))
        friendly = it.get("properties", "friendlyName") or cont
        if not m.usable(fab, it):
            continue
        if fab.kind == "azure":
            m.azure_containers[(fab.key, _k(cont))] = fab
            continue
        key = (fab.key, _k(cont))
        if key in m.clouds:
            it.warn(("id",), "protection container listed twice; the first is kept")
            continue
        m.cloud(fab, cont, friendly)


def _networks(m, items):
    for it in items:
        ids = _arm(it.obj["id"])
        fab_arm = ids.get("replicationfabrics")
        net_arm = ids.get("replicationnetworks") or it.obj.get("name")
        if not fab_arm or not net_arm:
            it.problem(("id",), "not the id of a replication network (expected "
                       ".../replicationFabrics/{fabric}/replicationNetworks/{network})")
            continue
        fab = m.fabric(fab_arm, None, it.get("properties", "fabricType"))
        friendly = it.get("properties", "friendlyName") or net_arm
        subnets = it.children("properties", "subnets")
        if not m.usable(fab, it):
            continue
        key = (fab.key, _k(net_arm))
        if key in m.networks:
            it.warn(("id",), "network listed twice; the first is kept")
            continue
        net = m.network(key, friendly, fab, "azure" if fab.kind == "azure" else "vm")
        for s in subnets:
            sname = s.get("friendlyName") or s.get("name")
            addr = s.get("addressList", kind=list)
            if sname is None:
                s.warn((), "subnet without a name; left out")
                continue
            if not _add_subnet(net, sname, _prefix(addr)):
                s.warn((), f"subnet '{sname}' is listed twice in this network; the first "
                           "is kept")


def _container_mappings(m, items):
    for it in items:
        ids = _arm(it.obj["id"])
        g = it.get
        fab_arm = ids.get("replicationfabrics")
        cont = ids.get("replicationprotectioncontainers")
        if fab_arm and cont:
            fab = m.fabric(fab_arm, g("properties", "sourceFabricFriendlyName"))
            if not m.usable(fab, it):
                continue
            if fab.kind == "azure":
                it.warn(("id",), "protection from an Azure fabric (Azure to Azure) is not "
                        "modelled; left out")
                continue
            src = m.cloud(fab, cont, g("properties", "sourceProtectionContainerFriendlyName"))
        else:
            sf = g("properties", "sourceFabricFriendlyName")
            sc = g("properties", "sourceProtectionContainerFriendlyName")
            if not (sf and sc):
                it.problem(("id",), "cannot tell the protected container: the id has no "
                           "replicationProtectionContainers part and "
                           "sourceProtectionContainerFriendlyName is missing")
                continue
            src = m.cloud(m.fabric(sf, sf), sc, sc)
        tid = g("properties", "targetProtectionContainerId")
        tids = _arm(tid)
        tfab_name = g("properties", "targetFabricFriendlyName")
        tcont_name = g("properties", "targetProtectionContainerFriendlyName")
        tf, tc = tids.get("replicationfabrics"), tids.get("replicationprotectioncontainers")
        target = None
        if tf and tc:
            tfab = m.fabric(tf, tfab_name)
            if not m.usable(tfab, it, ("properties", "targetProtectionContainerId")):
                continue
            if tfab.kind == "azure":
                target = ("azure", tfab)
            else:
                target = ("cloud", m.cloud(tfab, tc, tcont_name))
        elif tid is None and tcont_name and tfab_name and _k(tfab_name) != _k(_AZURE_DEFAULT):
            target = ("cloud", m.cloud(m.fabric(tfab_name, tfab_name), tcont_name,
                                       tcont_name))
        elif tid is not None or tfab_name:
            target = ("azure", m.azure_site(tfab_name or tid))
        else:
            it.problem(("properties",), "cannot tell the protecting container: no "
                       "targetProtectionContainerId or targetFabricFriendlyName")
            continue
        if target[0] == "cloud" and target[1] is src:
            it.warn(("properties", "targetProtectionContainerId"),
                    "a container mapped onto itself; left out")
            continue
        m.protection.setdefault(src.key, (src, []))[1].append((target, it))


def _network_mappings(m, items):
    for it in items:
        g = it.get
        ids = _arm(it.obj["id"])
        pids = _arm(g("properties", "primaryNetworkId"))
        if ids.get("replicationfabrics"):  # names a fabric that is not listed
            m.fabric(ids["replicationfabrics"], g("properties", "primaryFabricFriendlyName"))
        src = None
        for d in (ids, pids):
            k = (_k(d.get("replicationfabrics")), _k(d.get("replicationnetworks")))
            if k in m.networks:
                src = m.networks[k]
                break
        if src is None:
            d = ids if ids.get("replicationnetworks") else pids
            fab_arm = d.get("replicationfabrics")
            pname = g("properties", "primaryNetworkFriendlyName")
            pfab = g("properties", "primaryFabricFriendlyName")
            if fab_arm:
                fab = m.fabric(fab_arm, pfab)
            elif pfab:
                fab = m.fabric(pfab, pfab)
            else:
                fab = None
            if fab is None or not (pname or d.get("replicationnetworks")):
                it.problem(("properties",), "cannot tell the primary network: the id has "
                           "no replicationNetworks part and primaryNetworkFriendlyName / "
                           "primaryFabricFriendlyName are missing")
                continue
            if not m.usable(fab, it):
                continue
            if fab.kind == "azure":
                it.warn(("id",), "a mapping from an Azure network (Azure to Azure) is not "
                        "modelled; left out")
                continue
            if d.get("replicationnetworks"):
                src = m.network((fab.key, _k(d["replicationnetworks"])),
                                pname or d["replicationnetworks"], fab, "vm")
            else:
                src = m.vm_network_named(fab, pname)
        if src.kind != "vm":
            it.warn(("id",), "a mapping from an Azure network (Azure to Azure) is not "
                    "modelled; left out")
            continue
        itype = g("properties", "fabricSpecificSettings", "instanceType")
        rid = g("properties", "recoveryNetworkId")
        rname = g("properties", "recoveryNetworkFriendlyName")
        rfab_name = g("properties", "recoveryFabricFriendlyName")
        rids = _arm(rid)
        if itype is None:
            itype = "VmmToAzure" if "virtualnetworks" in rids else "VmmToVmm"
        if _k(itype) == "vmmtoazure":
            if not (rid or rname):
                it.problem(("properties",), "a VmmToAzure mapping without "
                           "recoveryNetworkId or recoveryNetworkFriendlyName")
                continue
            site = None
            rf = _arm(g("properties", "recoveryFabricArmId")).get("replicationfabrics")
            if rf and _k(rf) in m.fabrics and m.fabrics[_k(rf)].kind == "azure":
                site = m.fabrics[_k(rf)]
            site = site or m.azure_site(rfab_name)
            target = m.azure_network(rid, rname, site)
        elif _k(itype) == "vmmtovmm":
            k = (_k(rids.get("replicationfabrics")), _k(rids.get("replicationnetworks")))
            if k[0]:
                m.fabric(rids["replicationfabrics"], rfab_name)
            target = m.networks.get(k)
            if target is None:
                if rids.get("replicationfabrics") and rids.get("replicationnetworks"):
                    fab = m.fabric(rids["replicationfabrics"], rfab_name)
                    if not m.usable(fab, it, ("properties", "recoveryNetworkId")):
                        continue
                    target = m.network(k, rname or rids["replicationnetworks"], fab, "vm")
                elif rname and rfab_name:
                    target = m.vm_network_named(m.fabric(rfab_name, rfab_name), rname)
                else:
                    it.problem(("properties",), "cannot tell the recovery network: no "
                               "recoveryNetworkId, or recoveryNetworkFriendlyName and "
                               "recoveryFabricFriendlyName")
                    continue
        else:
            it.warn(("properties", "fabricSpecificSettings", "instanceType"),
                    f"network mapping type '{itype}' is not modelled (VmmToVmm and "
                    "VmmToAzure are); left out")
            continue
        if target is src:
            it.warn(("properties", "recoveryNetworkId"), "a network mapped onto itself; "
                    "left out")
            continue
        m.mappings.setdefault(src.key, (src, []))[1].append((target, it))


def _protected_items(m, items):
    for it in items:
        g = it.get
        ids = _arm(it.obj["id"])
        fab_arm = ids.get("replicationfabrics")
        cont = ids.get("replicationprotectioncontainers")
        pfab = g("properties", "primaryFabricFriendlyName")
        pcont = g("properties", "primaryProtectionContainerFriendlyName")
        friendly = g("properties", "friendlyName") or it.obj.get("name")
        pd = g("properties", "providerSpecificDetails", kind=dict)
        nics = it.children("properties", "providerSpecificDetails", "vmNics") \
            if pd is not None else []
        if fab_arm and cont:
            fab = m.fabric(fab_arm, pfab)
        elif pfab and pcont:
            fab, cont = m.fabric(pfab, pfab), pcont
        else:
            it.problem(("id",), "cannot tell the VM's cloud: the id has no "
                       "replicationProtectionContainers part and "
                       "primaryProtectionContainerFriendlyName is missing")
            continue
        if not m.usable(fab, it):
            continue
        if fab.kind == "azure":
            it.warn(("id",), "a VM protected from Azure (Azure to Azure) is not modelled; "
                    "left out")
            continue
        cloud = m.cloud(fab, cont, pcont)
        vm = _Rec(_k(it.obj["id"]), friendly, cloud=cloud, nics=[], recovery=[])
        if vm.key in m.vms:
            it.warn(("id",), "protected item listed twice; the first is kept")
            continue
        m.vms[vm.key] = vm
        if it.obj.get("name"):
            m.vm_by_arm.setdefault(_k(it.obj["name"]), []).append(vm)
        for nic in nics:
            _nic(m, vm, fab, nic)


def _nic(m, vm, fab, nic):
    g = nic.get
    primary = None
    for ipc in nic.children("ipConfigs"):
        if ipc.get("isPrimary", kind=bool) and primary is None:
            primary = ipc
    netname = g("vMNetworkName")
    subnet = g("vMSubnetName") or (primary.get("subnetName") if primary else None)
    ip = g("primaryNicStaticIPAddress") or (primary.get("staticIPAddress") if primary
                                             else None)
    rid, rsub = g("recoveryVMNetworkId"), g("recoveryVMSubnetName")
    if netname is None:
        nic.warn((), "NIC with no vMNetworkName (not connected); left out")
        return
    net = m.vm_network_named(fab, netname)
    out = {"network": net}
    if subnet is not None:
        if _add_subnet(net, subnet):
            nic.warn(("vMSubnetName",), f"network '{netname}' does not list subnet "
                     f"'{subnet}'; added without a prefix")
        out["subnet"] = subnet
    if ip is not None:
        try:
            out["ip"] = str(ipaddress.ip_address(ip.strip()))
        except ValueError:
            nic.warn(("primaryNicStaticIPAddress",), f"'{ip}' is not an IP address; left "
                     "out")
    vm.nics.append(out)
    if "virtualnetworks" in _arm(rid):  # an Azure target chosen for this NIC
        if rsub is not None:
            m.azure_nic_subnets[("azure", _k(rid))].add(rsub)
        vm.recovery.append((net, rid, nic))


def _plans(m, items):
    for it in items:
        friendly = it.get("properties", "friendlyName") or it.obj.get("name") \
            or _arm(it.obj["id"]).get("replicationrecoveryplans")
        groups = []
        seen = set()
        for grp in it.children("properties", "groups"):
            gtype = grp.get("groupType")
            rpis = grp.children("replicationProtectedItems")
            if _k(gtype) != "boot":
                continue
            group = []
            for rpi in rpis:
                rid = rpi.get("id")
                vm = m.vms.get(_k(rid)) if rid else None
                if vm is None and rid:
                    cands = m.vm_by_arm.get(_k(_arm(rid).get("replicationprotecteditems")))
                    vm = cands[0] if cands and len(cands) == 1 else None
                if vm is None:
                    rpi.warn(("id",), "not a listed protected item; left out of the plan"
                             if rid else "no protected item id; left out of the plan")
                    continue
                if vm.key in seen:
                    rpi.warn(("id",), "VM already in this plan; listed once")
                    continue
                seen.add(vm.key)
                group.append(vm)
            if group:
                groups.append(group)
        m.plans.append(_Rec(_k(it.obj["id"]), friendly, groups=groups,
                            arm=it.obj.get("name") or friendly))


# --------------------------------------------------------------------------- output

def _emit(m):
    used_fab = {f.key: f for f in m.fabrics.values() if f.kind != "other"}
    _assign_names(used_fab.values(), lambda r: r.arm)
    clouds = list(m.clouds.values())
    _assign_names(clouds, lambda r: r.fabric.name)
    nets = list(m.networks.values())
    _assign_names(nets, lambda r: r.owner.name)
    vms = list(m.vms.values())
    _assign_names(vms, lambda r: r.cloud.name)
    _assign_names(m.plans, lambda r: r.arm)

    data = {"netmap": 1}
    if m.vaults:
        data["name"] = "ASR vault " + ", ".join(sorted(m.vaults))
    vmm_fabs = sorted((f for f in used_fab.values() if f.kind == "vmm"), key=lambda f: f.name)
    data["sites"] = sorted(
        [{"name": f.name} for f in vmm_fabs]
        + [{"name": f.name, "kind": "azure"} for f in used_fab.values() if f.kind == "azure"],
        key=lambda s: s["name"])
    data["vmm_servers"] = [{"name": f.name, "site": f.name} for f in vmm_fabs]
    data["logical_networks"] = [{"name": f"{f.name}-logical", "vmm": f.name}
                                for f in vmm_fabs]
    vm_nets, az_nets = [], []
    for n in sorted(nets, key=lambda r: r.name):
        subs = [{"name": s} if p is None else {"name": s, "prefix": p}
                for s, p in n.subnets]
        if n.kind == "azure":
            for s in sorted(m.azure_nic_subnets.get(n.key, ())):
                if all(x["name"] != s for x in subs):
                    subs.append({"name": s})
            o = {"name": n.name, "site": n.owner.name}
            az_nets.append(o)
        else:
            o = {"name": n.name, "logical_network": f"{n.owner.name}-logical"}
            vm_nets.append(o)
        if subs:
            o["subnets"] = subs
    data["vm_networks"] = vm_nets
    data["azure_networks"] = az_nets
    data["clouds"] = [{"name": c.name, "vmm": c.fabric.name,
                       "logical_networks": [f"{c.fabric.name}-logical"]}
                      for c in sorted(clouds, key=lambda r: r.name)]
    prot = []
    for src, targets in m.protection.values():
        def tname(t):
            return t[0][1].name
        uniq = {}
        for t in sorted(targets, key=lambda t: (tname(t), t[0][0])):
            uniq.setdefault((t[0][0], tname(t)), t)
        chosen = list(uniq.values())
        if len(chosen) > 1:
            for (kind, rec), item in chosen[1:]:
                item.warn(("properties", "targetProtectionContainerId"),
                          f"cloud '{src.name}' is already paired with "
                          f"'{chosen[0][0][1].name}'; this pairing with '{rec.name}' is "
                          "left out")
        (kind, rec), _ = chosen[0]
        prot.append({"protected": src.name, "protecting": rec.name} if kind == "cloud"
                    else {"protected": src.name, "azure": rec.name})
    data["protection"] = sorted(prot, key=lambda p: p["protected"])
    maps = []
    mapped_to = {}
    for src, targets in m.mappings.values():
        uniq = {}
        for t, item in sorted(targets, key=lambda t: t[0].name):
            uniq.setdefault(t.name, (t, item))
        chosen = list(uniq.values())
        for t, item in chosen[1:]:
            item.warn(("properties", "recoveryNetworkId"),
                      f"network '{src.name}' is already mapped to '{chosen[0][0].name}'; "
                      f"this mapping to '{t.name}' is left out")
        mapped_to[src.key] = chosen[0][0]
        maps.append({"source": src.name, "target": chosen[0][0].name})
    data["network_mappings"] = sorted(maps, key=lambda p: p["source"])
    out_vms = []
    for vm in sorted(vms, key=lambda r: r.name):
        o = {"name": vm.name, "cloud": vm.cloud.name}
        nics = []
        for nic in vm.nics:
            d = {"network": nic["network"].name}
            for k in ("subnet", "ip"):
                if k in nic:
                    d[k] = nic[k]
            nics.append(d)
        if nics:
            o["nics"] = nics
        out_vms.append(o)
        for net, rid, item in getattr(vm, "recovery", ()):
            t = mapped_to.get(net.key)
            if t is not None and not (t.kind == "azure" and t.key == ("azure", _k(rid))):
                item.warn(("recoveryVMNetworkId",),
                          f"ASR fails this NIC over to '{_arm(rid)['virtualnetworks']}', "
                          f"but network '{net.name}' is mapped to '{t.name}': netmap "
                          "follows the mapping")
    data["vms"] = out_vms
    data["recovery_plans"] = [{"name": p.name, "groups": [[v.name for v in g]
                                                          for g in p.groups]}
                              for p in sorted(m.plans, key=lambda r: r.name)]
    return {k: v for k, v in data.items() if v != []}


_HEADER = ("# Imported from Azure Site Recovery list responses by `netmap import asr`.\n"
           "# Logical networks are invented, one per VMM server (ASR does not list them).\n")


def dump(data: dict, path: str | None = None) -> str:
    """The topology as text: JSON when ``path`` ends in ``.json``, else YAML.

    The readable style of :func:`netmap.io.topology_text.topology_text`; YAML starts
    with two comment lines saying where the file came from.
    """
    return topology_text(data, path, style="readable", header=_HEADER)
