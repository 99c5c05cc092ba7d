"""The ids ``netmap fix`` takes from the import's sidecar ``T.import.json``.

``netmap import -o T.yaml`` writes ``T.import.json`` next to the topology
(``"format": "netmap-import/1"``): per object its sources and the Azure resource ids that
the commands of ``netmap fix`` need. This module reads only those ids::

    {"format": "netmap-import/1",
     "vaults": [{"id": "/subscriptions/S/resourceGroups/RG/providers/
                        Microsoft.RecoveryServices/vaults/V", ...}],   (one string)
     "objects": {
       "vmm_servers/VMM-Beijing":   {"ids": {"fabric_name": "...", "fabric_id": "..."}},
       "sites/China North":         {"ids": {"fabric_name": "...", "fabric_id": "..."}},
       "vm_networks/VMNetwork1-Beijing": {"ids": {"network_name": "...", "network_id": "..."}},
       "azure_networks/vnet-dr":    {"ids": {"arm_id": ".../virtualNetworks/vnet-dr"}}}}

A shorter hand-written form is read too: ``{"ids": {"vault": {"id": ...}, "fabrics":
{OWNER: {"name": ...}}, "networks": {NETWORK: {"name": ..., "id": ...}}}}``. Every key is
optional; anything missing stays a placeholder in the commands (``<VAULT-NAME>``...). With
more than one vault in the sidecar the vault is left a placeholder (say which with an
override). A sidecar that is not JSON, or not an object, is an error (``TopologyError``).

Examples
--------
>>> ids = Ids.from_dict({"vaults": [{"id": "/subscriptions/s1/resourceGroups/rg1/"
...     "providers/Microsoft.RecoveryServices/vaults/v1"}],
...     "objects": {"vm_networks/N": {"ids": {"network_name": "n-1"}}}})
>>> ids.subscription, ids.resource_group, ids.vault, ids.network("N", "name")
('s1', 'rg1', 'v1', 'n-1')
>>> Ids().vault is None
True
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field

from netmap.errors import Problem, TopologyError

__all__ = ["Ids", "sidecar_path", "read_ids"]

_VAULT_ID = re.compile(r"^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/"
                       r"Microsoft\.RecoveryServices/vaults/([^/]+)$", re.I)


def sidecar_path(topology_path: str) -> str:
    """``T.import.json`` for ``T.yaml`` (or ``T.json``)."""
    root, _ext = os.path.splitext(topology_path)
    return root + ".import.json"


def _names(d, key):
    v = d.get(key) or {}
    if not isinstance(v, dict):
        return {}
    return {str(k): x for k, x in v.items() if isinstance(x, dict)}


@dataclass(frozen=True)
class Ids:
    """Azure ids known for the vault, the fabrics and the networks (None: unknown)."""

    vault_id: str | None = None
    fabrics: dict = field(default_factory=dict)
    networks: dict = field(default_factory=dict)
    source: str | None = None  # the sidecar file these came from

    @classmethod
    def from_dict(cls, data, source=None):
        if not isinstance(data, dict):
            raise ValueError("the sidecar must be a JSON object")
        if "objects" in data or "vaults" in data:
            return cls._from_import(data, source)
        ids = data.get("ids", data)
        if not isinstance(ids, dict):
            raise ValueError("'ids' must be an object")
        vault = ids.get("vault") or {}
        vid = vault.get("id") if isinstance(vault, dict) else None
        return cls(vid if isinstance(vid, str) else None, _names(ids, "fabrics"),
                   _names(ids, "networks"), source)

    @classmethod
    def _from_import(cls, data, source):
        """The ``netmap-import/1`` sidecar that ``netmap import`` writes."""
        vaults = [v.get("id") for v in data.get("vaults") or () if isinstance(v, dict)]
        vaults = [v for v in vaults if isinstance(v, str)]
        fabrics, networks = {}, {}
        objects = data.get("objects") or {}
        if not isinstance(objects, dict):
            raise ValueError("'objects' must be an object")
        for key, obj in objects.items():
            ids = obj.get("ids") if isinstance(obj, dict) else None
            if not isinstance(ids, dict) or "/" not in str(key):
                continue
            kind, name = str(key).split("/", 1)
            if kind in ("vmm_servers", "sites") and ids.get("fabric_name"):
                fabrics[name] = {"name": ids["fabric_name"]}
            elif kind == "vm_networks":
                networks[name] = {"name": ids.get("network_name"), "id": ids.get("network_id")}
            elif kind == "azure_networks":
                networks[name] = {"id": ids.get("arm_id")}
        return cls(vaults[0] if len(vaults) == 1 else None, fabrics, networks, source)

    def _vault_part(self, i):
        m = _VAULT_ID.match(self.vault_id or "")
        return m.group(i) if m else None

    @property
    def subscription(self):
        return self._vault_part(1)

    @property
    def resource_group(self):
        return self._vault_part(2)

    @property
    def vault(self):
        return self._vault_part(3)

    def fabric_name(self, owner):
        """The fabric resource name of a VMM server or Azure region, or None."""
        v = self.fabrics.get(owner, {}).get("name")
        return v if isinstance(v, str) and v else None

    def network(self, name, key):
        """``name`` or ``id`` of a network's Site Recovery (or Azure) resource, or None."""
        v = self.networks.get(name, {}).get(key)
        return v if isinstance(v, str) and v else None


def read_ids(topology_path: str | None) -> Ids:
    """The ids of the sidecar of ``topology_path``; empty :class:`Ids` when there is none."""
    if not topology_path:
        return Ids()
    path = sidecar_path(topology_path)
    if not os.path.exists(path):
        return Ids()
    try:
        with open(path, "rb") as f:
            data = json.loads(f.read().decode("utf-8-sig"))
        return Ids.from_dict(data, source=path)
    except (OSError, UnicodeDecodeError, ValueError) as e:
        msg = e.msg if isinstance(e, json.JSONDecodeError) else str(e)
        line = e.lineno if isinstance(e, json.JSONDecodeError) else None
        raise TopologyError([Problem(path, line, "ids",
                                     f"cannot read the import sidecar: {msg}")]) from None
