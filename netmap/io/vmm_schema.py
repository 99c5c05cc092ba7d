"""The JSON Schema of ``netmap-vmm/1``, the VMM inventory format (package data).

``netmap collect vmm`` prints the PowerShell script that writes one such file per VMM
server; ``netmap import --vmm FILE`` reads it. The schema is the contract between the
two: every property carries, under ``x-vmm``, the VMM cmdlet and property it comes from.

Examples
--------
>>> s = vmm_schema()
>>> s["properties"]["format"]["const"]
'netmap-vmm/1'
>>> sorted(s["$defs"])  # doctest: +NORMALIZE_WHITESPACE
['cloud', 'guid', 'host', 'logical_network', 'name', 'vm', 'vm_network']
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

__all__ = ["VMM_FORMAT", "vmm_schema", "vmm_schema_text"]

#: the value of the ``format`` key of a VMM inventory file
VMM_FORMAT = "netmap-vmm/1"


def vmm_schema_text() -> str:
    """The schema's text, exactly as shipped."""
    return (resources.files("netmap.io") / "schemas" / "netmap-vmm-1.schema.json").read_text(
        encoding="utf-8")


@cache
def _schema():
    return json.loads(vmm_schema_text())


def vmm_schema() -> dict:
    """The JSON Schema of ``netmap-vmm/1`` as a new dictionary (safe to change)."""
    return json.loads(json.dumps(_schema()))
