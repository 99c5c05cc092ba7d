"""The netmap graph for other tools: GraphML (Gephi, yEd, Cytoscape) and node-link JSON.

Both formats are written by networkx's own writers. netmap's node ids are tuples
(``("vm", "VM1")``, ``("subnet", "NET", "SUB")``), which neither format can hold, so
exported ids are strings: the kind, a colon, then the names joined by ``/``, with ``%``,
``/`` and ``:`` inside a name escaped as ``%25``, ``%2F`` and ``%3A``
(:func:`node_id` and its inverse :func:`parse_node_id`). Every node keeps its ``kind``
and ``name`` attributes, so nothing is lost.

GraphML holds only booleans, numbers and strings, one type per attribute: ``None``
values are dropped, edges get unique ids ``e0``, ``e1``, ..., an attribute that is an
integer on some elements and a float on others is written as a float everywhere, and
anything else becomes its JSON text.

Examples
--------
>>> node_id(("subnet", "VMNet/1", "Subnet1"))
'subnet:VMNet%2F1/Subnet1'
>>> parse_node_id('subnet:VMNet%2F1/Subnet1')
('subnet', 'VMNet/1', 'Subnet1')
>>> from netmap import load, example_path
>>> H = graphml_graph(load(example_path()))
>>> H.nodes["vm:VM1"]
{'kind': 'vm', 'name': 'VM1', 'memory_gb': 8, 'vcpus': 2}
"""

from __future__ import annotations

import io
import json
import re

import networkx as nx

from netmap._runtime.text import escape_character
from netmap.errors import NetmapError
from netmap.io.files import write_atomic
from netmap.io.jsontext import dumps
from netmap.model.topology import TopologyData

__all__ = ["FORMATS", "export", "export_text", "graphml_graph", "node_id", "node_link",
           "parse_node_id"]

#: export formats and the file suffixes that imply them
FORMATS = {"graphml": (".graphml", ".xml"), "json": (".json",)}


def _escape(part):
    return str(part).replace("%", "%25").replace("/", "%2F").replace(":", "%3A")


def _unescape(part):
    return part.replace("%3A", ":").replace("%2F", "/").replace("%25", "%")


def node_id(n):
    """The string id of node ``n``: ``"vm:VM1"``, ``"subnet:NET/SUB"`` (names escaped)."""
    if isinstance(n, tuple) and len(n) >= 2:
        return f"{n[0]}:" + "/".join(_escape(p) for p in n[1:])
    return str(n)


def parse_node_id(s):
    """The netmap node id (a tuple) of an exported string id.

    >>> parse_node_id(node_id(("vm", "a:b/c%d")))
    ('vm', 'a:b/c%d')
    """
    kind, sep, rest = s.partition(":")
    if not sep:
        raise ValueError(f"not an exported netmap node id: {s!r}")
    return (kind, *(_unescape(p) for p in rest.split("/")))


_GRAPHML_SCALARS = (bool, int, float, str)

# characters XML 1.0 cannot hold (most C0 controls, lone surrogates, U+FFFE, U+FFFF)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(s):
    """``s`` with every character XML cannot hold written as ``\\xNN`` or ``\\uNNNN``.

    A loaded topology holds no such character (names are printable text); a graph built by
    hand may, and GraphML must stay valid XML.

    >>> _xml_text("a\\x01b")
    'a\\\\x01b'
    """
    if not isinstance(s, str) or _NOT_XML.search(s) is None:
        return s
    return _NOT_XML.sub(lambda m: escape_character(m.group()), s)


def _graphml_attrs(items):
    """Make attribute dictionaries GraphML-safe, in place (see the module docstring)."""
    kinds = {}
    for d in items:
        for k, v in d.items():
            if v is not None:
                kinds.setdefault(k, set()).add(type(v))
    numeric = {k for k, ts in kinds.items() if float in ts and ts <= {int, float}}
    for d in items:
        for k in list(d):
            v = d[k]
            if v is None:
                del d[k]
            elif k in numeric:
                d[k] = float(v)
            elif type(v) not in _GRAPHML_SCALARS:
                d[k] = _xml_text(json.dumps(v, sort_keys=True, default=str))
            elif type(v) is str:
                d[k] = _xml_text(v)
        if any(type(k) is not str or _NOT_XML.search(k) for k in d):
            for k in [k for k in d if type(k) is not str or _NOT_XML.search(k)]:
                d[_xml_text(str(k))] = d.pop(k)
    return items


def _graph(G):
    """The graph of a topology (or the graph given)."""
    return G.graph if isinstance(G, TopologyData) else G


def graphml_graph(G):
    """A copy of ``G`` that GraphML can hold: string ids, no None, GraphML types only."""
    G = _graph(G)
    H = nx.MultiDiGraph()
    H.graph.update({k: v for k, v in G.graph.items() if v is not None})
    H.add_nodes_from((_xml_text(node_id(n)), dict(d)) for n, d in G.nodes(data=True))
    # GraphML edge ids must be unique in the document; a NIC's index stays an attribute
    H.add_edges_from((_xml_text(node_id(u)), _xml_text(node_id(v)), f"e{i}", dict(d))
                     for i, (u, v, d) in enumerate(G.edges(data=True)))
    _graphml_attrs([H.graph])
    _graphml_attrs([d for _, d in H.nodes(data=True)])
    _graphml_attrs([d for _, _, d in H.edges(data=True)])
    return H


def node_link(G):
    """networkx's node-link data of ``G``, with string node ids (JSON-ready)."""
    G = _graph(G)
    H = nx.relabel_nodes(G, node_id, copy=True)
    return nx.node_link_data(H)


def export_text(G, fmt):
    """The export of ``G`` in format ``fmt`` ("graphml" or "json"), as text."""
    if fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(graphml_graph(G), buf, encoding="utf-8")
        return buf.getvalue().decode("utf-8")
    if fmt == "json":
        return dumps(node_link(G))
    raise NetmapError(f"unknown export format '{fmt}' (use one of {', '.join(FORMATS)})")


def format_for(path):
    """The export format implied by a file name, or None."""
    low = str(path).lower()
    for fmt, suffixes in FORMATS.items():
        if low.endswith(suffixes):
            return fmt
    return None


def export(G, path, fmt=None):
    """Write ``G`` to ``path`` whole or not at all; ``fmt`` defaults from the suffix."""
    fmt = fmt or format_for(path)
    if fmt is None:
        raise NetmapError(f"cannot tell the export format of '{path}': give graphml or json")
    write_atomic(path, export_text(G, fmt))
