"""``netmap import``: one topology from what a real estate exports.

Three sources and an overrides file (see ``docs/import.md``):

* ``--asr DIR``: Site Recovery's REST bodies (:mod:`.asr`), any file names and shapes;
* ``--vmm FILE``: a VMM inventory in ``netmap-vmm/1`` (:mod:`.vmm`), one per VMM server;
* ``--arm DIR``: Azure resource JSON (:mod:`.arm`): virtual networks, gateways, NICs, VMs;
* ``--overrides FILE``: the topology format, for what no export says; above all sources.

:func:`import_sources` joins them (:mod:`.merge`) and returns the topology (checked
with the loader's own checks), the warnings and the sidecar (``T.import.json``: each
fact's source and the Azure resource ids that ``netmap fix`` needs).
"""

from __future__ import annotations

import os

from netmap.errors import Problem, TopologyError
from netmap.io.importer.arm import ArmFacts, read_arm
from netmap.io.importer.asr import read_asr
from netmap.io.importer.merge import merge
from netmap.io.importer.read import Ctx, ImportWarning
from netmap.io.importer.vmm import read_vmm
from netmap.io.jsontext import dumps
from netmap.io.topology_text import topology_text

__all__ = ["ImportWarning", "dump", "import_sources", "sidecar_path", "sidecar_text"]


#: the top-level lists whose objects an override names (and may give in part)
_NAMED = ("sites", "vmm_servers", "logical_networks", "vm_networks", "azure_networks",
          "clouds", "hosts", "vms", "recovery_plans")


def _overrides(path, ctx):
    from netmap.io.schema import check_shape
    from netmap.io.yaml_safety import parse
    from netmap.io.locate import line_of, locate_tree, show_path
    from netmap.io.yaml_safety import is_json

    from netmap.io.load import read_bytes

    try:
        text = read_bytes(path).decode("utf-8-sig")  # the bounds of a topology file
    except TopologyError as e:
        ctx.problems.extend(e.problems)
        return None
    except OSError as e:
        ctx.problem(path, None, "", f"cannot read file: {e.strerror}")
        return None
    except UnicodeDecodeError:
        ctx.problem(path, None, "", "file is not UTF-8 text")
        return None
    data, problems = parse(text, path)
    if problems:
        ctx.problems.extend(problems)
        return None
    if isinstance(data, dict) and "netmap" not in data:
        data = {"netmap": 1, **data}
    # an override names an object and gives only the fields it sets: of the required
    # fields of a named object, only its name is required here
    found = [(p, m) for p, m in check_shape(data)
             if not (m.startswith("missing required field") and len(p) == 2
                     and p[0] in _NAMED and m != "missing required field 'name'")]
    if found:
        tree = locate_tree(text, json=is_json(path))
        for p, msg in found:
            ctx.problem(path, line_of(tree, p), show_path(data, p), msg)
        return None
    return data


def import_sources(asr=(), vmm=(), arm=(), overrides=None):
    """Import, join and check; returns ``(data, warnings, sidecar)``.

    Parameters
    ----------
    asr : sequence of str
        Folders of Site Recovery REST bodies, one vault each.
    vmm : sequence of str
        ``netmap-vmm/1`` files, one per VMM server.
    arm : sequence of str
        Folders of Azure resource JSON.
    overrides : str, optional
        A file in the topology format (``netmap: 1`` may be left out).

    Raises
    ------
    TopologyError
        Every problem with the inputs at once (file, line, where in it, what).
    """
    ctx = Ctx()
    if not (asr or vmm or arm or overrides):
        raise TopologyError([Problem("netmap import", None, "", "nothing to import: no "
                                     "Site Recovery folder, VMM inventory, Azure folder or "
                                     "overrides file given")])
    asrs = [read_asr(d, ctx) for d in asr]
    vmms = [x for x in (read_vmm(f, ctx) for f in vmm) if x is not None]
    arm_facts = None
    if arm:
        arm_facts = ArmFacts()
        for d in arm:
            read_arm(d, ctx, arm_facts)
    ov = _overrides(overrides, ctx) if overrides else None
    if ctx.problems:
        raise TopologyError(ctx.problems)
    data, sidecar = merge(asrs, vmms, arm_facts, ov, ctx)
    if ctx.problems:
        raise TopologyError(ctx.problems)
    sidecar["inputs"] = {"asr": list(asr), "vmm": list(vmm), "arm": list(arm),
                         "overrides": overrides}
    from netmap.io.load import check_topology
    try:
        check_topology(data, "imported topology")
    except TopologyError as e:  # an override that does not fit, or two sources that clash
        raise TopologyError([Problem(overrides or p.file, None, p.path,
                                     p.message + " (in the joined topology)")
                             for p in e.problems]) from None
    warnings = sorted(set(ctx.warnings), key=lambda w: (w.file, w.line or 0, w.path,
                                                        w.message))
    return data, warnings, sidecar


_HEADER = ("# Imported by `netmap import`: every fact comes from an export (see the sidecar\n"
           "# .import.json) or is listed under `unknown:`; supply those in an overrides file.\n")


def dump(data: dict, path: str | None = None) -> str:
    """The imported topology as text: JSON for ``.json``, else YAML with a header."""
    return topology_text(data, path, style="readable", header=_HEADER)


def sidecar_path(output: str) -> str:
    """``T.import.json`` next to ``T.yaml`` (or ``T.json``)."""
    root, _ = os.path.splitext(output)
    return root + ".import.json"


def sidecar_text(sidecar: dict) -> str:
    return dumps(sidecar, sort_keys=True, indent=True)
