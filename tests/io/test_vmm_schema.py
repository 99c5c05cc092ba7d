"""The shipped JSON Schema of ``netmap-vmm/1`` (what ``netmap collect vmm`` writes and
``netmap import --vmm`` reads)."""

from __future__ import annotations

import copy

import jsonschema
import pytest

from netmap.io.vmm_schema import VMM_FORMAT, vmm_schema


@pytest.fixture(scope="module")
def validator():
    s = vmm_schema()
    jsonschema.Draft202012Validator.check_schema(s)
    return jsonschema.Draft202012Validator(s)


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(vmm_schema())


def test_every_example_validates(validator):
    examples = vmm_schema()["examples"]
    assert len(examples) >= 2
    for e in examples:
        assert e["format"] == VMM_FORMAT
        validator.validate(e)


@pytest.mark.parametrize("change, where", [
    (lambda d: d.update(format="netmap-vmm/2"), "format"),
    (lambda d: d.update(extra=1), "unknown top-level key"),
    (lambda d: d["vms"][0].pop("nics"), "missing NIC list"),
    (lambda d: d["vms"][0]["nics"][0].update(ipv4_addresses="10.1.0.10"), "addresses not a list"),
    (lambda d: d["clouds"][0].update(logical_networks=[{"name": "LN"}]), "reference without id"),
    (lambda d: d["hosts"][0].update(id="not-a-guid"), "id not a GUID"),
    (lambda d: d["vm_networks"][0]["subnets"][0]["subnets"][0].update(vlan=5000), "VLAN > 4095"),
])
def test_schema_rejects(validator, change, where):
    doc = copy.deepcopy(vmm_schema()["examples"][0])
    validator.validate(doc)  # the unchanged example is valid
    change(doc)
    assert not validator.is_valid(doc), where


def _objects(node):
    """Every object schema (one with ``properties``) inside ``node``."""
    if isinstance(node, dict):
        if "properties" in node:
            yield node
        for v in node.values():
            yield from _objects(v)
    elif isinstance(node, list):
        for v in node:
            yield from _objects(v)


def test_every_property_names_its_vmm_source():
    """Each property says which VMM cmdlet and property it reads (``x-vmm``), except
    the file's own header and the id/name pairs of a reference (``{id, name}`` of the
    object it points at)."""
    s = vmm_schema()
    s.pop("examples")
    missing = []
    for o in _objects(s):
        if o.get("description", "").startswith("a reference to"):
            continue
        missing += [k for k, v in o["properties"].items() if "x-vmm" not in v]
    assert sorted(missing) == ["exported_at", "format", "id"]  # id: of vmm_server
