"""netmap's one topology writer: a ``netmap: 1`` topology as YAML or JSON text.

Two styles, both loadable by :func:`netmap.load` and both keeping the data's own key
order (``netmap: 1`` first):

``"compact"``
    for large generated files: compact JSON, or YAML with every leaf list and leaf
    object on one line (libyaml's emitter, fast).
``"readable"``
    for files people edit: JSON indented by two spaces, or block YAML in which leaf
    lists, lists of leaf lists and small objects of scalars (up to four fields) take one
    line each: ``{name: Subnet1, prefix: 10.1.0.0/24}``, ``groups: [[DB1], [VM1]]``.

Examples
--------
>>> data = {"netmap": 1, "sites": [{"name": "A"}, {"name": "B", "kind": "azure"}]}
>>> print(topology_text(data, style="readable"), end="")
netmap: 1
sites:
- {name: A}
- {name: B, kind: azure}
>>> topology_text(data, "t.json", style="compact")
'{"netmap":1,"sites":[{"name":"A"},{"name":"B","kind":"azure"}]}\\n'
"""

from __future__ import annotations

import os

import yaml

from netmap.io.jsontext import dumps
from netmap.io.yaml_safety import is_json

__all__ = ["STYLES", "topology_text"]

STYLES = ("compact", "readable")


def topology_text(data: dict, path: str | os.PathLike | None = None, *,
                  style: str = "readable", header: str = "") -> str:
    """The topology ``data`` as text: JSON when ``path`` ends in ``.json``, else YAML.

    Parameters
    ----------
    data : dict
        A ``netmap: 1`` topology as plain data.
    path : str or path-like, optional
        The file it is meant for; only its suffix is used. None: YAML.
    style : {"compact", "readable"}
        See the module documentation.
    header : str
        Comment lines put before YAML text (JSON has no comments: ignored there).

    Returns
    -------
    str
    """
    if style not in STYLES:
        raise ValueError(f"unknown topology style '{style}' ({', '.join(STYLES)})")
    if path is not None and is_json(os.fspath(path)):
        return dumps(data, sort_keys=False, indent=style == "readable")
    if style == "compact":
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        return header + yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True,
                                  default_flow_style=None, width=100)
    return header + yaml.dump(data, Dumper=_ReadableDumper, sort_keys=False,
                              allow_unicode=True, width=100)


def _scalar(x):
    return not isinstance(x, (dict, list))


class _ReadableDumper(yaml.SafeDumper):
    """Block style, except for leaf lists and small objects of scalars (one line each)."""

    def represent_list(self, data):
        flow = all(_scalar(x) or (isinstance(x, list) and all(map(_scalar, x)))
                   for x in data)
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)

    def represent_dict(self, data):
        flow = len(data) <= 4 and all(map(_scalar, data.values())) and "netmap" not in data
        return self.represent_mapping("tag:yaml.org,2002:map", data, flow_style=flow)


_ReadableDumper.add_representer(list, _ReadableDumper.represent_list)
_ReadableDumper.add_representer(dict, _ReadableDumper.represent_dict)
