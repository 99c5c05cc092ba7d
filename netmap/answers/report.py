"""The report: everything netmap knows about a topology, in one document.

Question
--------
``report(G, scenario=None, ignore=(), track=None)``
    Inputs: the graph; optionally a :class:`~netmap.model.scenario.Scenario` whose what-if
    mapping changes (``remap``/``unmap``) apply throughout and whose ``test_network``
    is checked (NM015); ``ignore``: check codes to leave out; ``track``: a progress
    function (:mod:`netmap._runtime.progress`).
    Returns :class:`Report`. ``to_dict()`` holds the sections (SPEC §5 keys):

    ``summary``
        counts of sites, clouds, networks, hosts, VMs, plans, and ``error``/``warning``
        (findings by severity); ``findings_by_code`` counts each code.
    ``mappings``
        R1, one row per network (as ``netmap mappings``).
    ``unavailable_targets``
        R2 target choices that are *not* available, per protected cloud and target
        network (availability does not depend on the source network), with the reason.
    ``placements``
        R4 for every protected VM (as ``netmap place``).
    ``plans``
        for every recovery plan, its failover with its primary site(s) down: the groups
        it touches (component, how many networks, the plan's VMs there, how many VMs run
        there), its isolated and down VMs and its broken dependencies. Each plan costs
        time in proportion to the plan, not to the topology.
    ``site_outages``
        for every site with VMs, "what breaks if it goes down": every protected VM of
        the site fails over (``--site-down S --vm ...``): replica NICs left disconnected,
        isolated VMs, down VMs, broken dependencies (of the replicas and of the VMs
        elsewhere that depend on the site), replicas that cannot be placed.
    ``failback``
        the failback outlook (R7) of every protected VM: how many NICs return to their
        network, land elsewhere or are disconnected, and which.
    ``findings``
        every readiness finding (as ``netmap check``).

:meth:`Report.render` gives ``text`` (readable at 100 columns), ``markdown``, ``json``
and ``html`` (one self-contained file: inline CSS, names escaped, diagrams embedded as
PNG data URIs when :mod:`netmap.plot` is available; matplotlib is imported only then).

Examples
--------
>>> from netmap import load, example_path
>>> r = report(load(example_path()))
>>> d = r.to_dict()
>>> d["summary"]["vms"], d["summary"]["error"], d["summary"]["warning"]
(4, 1, 2)
>>> [(o["site"], [x["vm"] for x in o["down"]]) for o in d["site_outages"]]
[('Beijing', []), ('Shanghai', ['MON-SH'])]
>>> max(len(line) for line in r.render("text").splitlines()) <= 100
True
"""

from __future__ import annotations

import base64
import html
import os
import textwrap
from collections import defaultdict

from netmap._runtime.gc import paused
from netmap.analysis.checks import CODES, Analysis, run_checks
from netmap.analysis.failover import evaluate
from netmap.analysis.mapping import candidates, choice_for, mappings
from netmap.analysis.connectivity import network_label
from netmap.analysis.placement import place
from netmap._runtime.fork import fork_call
from netmap.answers.answer import Result, _cell, dumps
from netmap.model.scenario import Scenario

__all__ = ["report", "Report", "FORMATS", "text_table", "markdown_table"]

FORMATS = ("text", "markdown", "json", "html")

#: the text format's page width
WIDTH = 100

#: diagrams are drawn for at most this many site outages and recovery plans
MAX_SITE_DIAGRAMS = 8
MAX_PLAN_DIAGRAMS = 12
#: a site outage is drawn only when at most this many VMs fail over (a diagram of more
#: is neither readable nor cheap to render)
MAX_DIAGRAM_VMS = 200


# --------------------------------------------------------------------------- tables

def text_table(rows, columns, width=WIDTH, headers=None):
    """An aligned text table no wider than ``width``: long cells wrap onto more lines.

    >>> print(text_table([{"a": "x", "b": "one two three four"}], ["a", "b"], width=12))
    a  b
    -  ---------
    x  one two
       three
       four
    """
    headers = list(headers or columns)
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            n = max(len(x) for x in c.split("\n")) if c else 0
            if n > widths[i]:
                widths[i] = n
    gap = 2
    floor = [min(w, max(len(h), 8)) for w, h in zip(widths, headers)]
    while sum(widths) + gap * (len(widths) - 1) > width:
        i = max(range(len(widths)), key=lambda k: (widths[k] - floor[k], k))
        if widths[i] <= floor[i]:
            break
        widths[i] -= 1

    def wrap(text, w):
        out = []
        for part in text.split("\n"):
            out.extend(textwrap.wrap(part, w, break_on_hyphens=False) or [""])
        return out

    def lines(vals):
        cols = [wrap(v, w) if len(v) > w or "\n" in v else [v] for v, w in zip(vals, widths)]
        for k in range(max(len(c) for c in cols)):
            parts = [(c[k] if k < len(c) else "").ljust(w) for c, w in zip(cols, widths)]
            yield (" " * gap).join(parts).rstrip()

    out = list(lines(headers))
    out.append((" " * gap).join("-" * w for w in widths))
    for row in cells:
        out.extend(lines(row))
    return "\n".join(out)


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]|#"})


def _md(text):
    """Markdown-escape a cell or phrase: markup characters and HTML are shown as text."""
    return html.escape(str(text), quote=False).translate(_MD_SPECIAL).replace("\n", "<br>")


def markdown_table(rows, columns, headers=None):
    """A GitHub-flavoured Markdown table; every cell is escaped.

    >>> print(markdown_table([{"a": "x|y", "b": None}], ["a", "b"]))
    | a | b |
    | --- | --- |
    | x\\|y | - |
    """
    headers = headers or columns
    out = ["| " + " | ".join(_md(h) for h in headers) + " |",
           "| " + " | ".join("---" for _ in headers) + " |"]
    for r in rows:
        out.append("| " + " | ".join(_md(_cell(r.get(c))) for c in columns) + " |")
    return "\n".join(out)


def _headers(columns):
    return [c.replace("_", " ") for c in columns]


def _html_table(rows, columns, caption=None, row_class=None, headers=None):
    esc = html.escape
    out = ["<table>"]
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{esc(c)}</th>" for c in headers or columns)
               + "</tr></thead><tbody>")
    for r in rows:
        cls = row_class(r) if row_class else None
        attr = f' class="{esc(cls)}"' if cls else ""
        out.append(f"<tr{attr}>" + "".join(f"<td>{esc(_cell(r.get(c)))}</td>"
                                           for c in columns) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


# ------------------------------------------------------------------------- sections

def _summary(a, findings):
    ix = a.ix
    onprem = sum(1 for p in ix.site_platform.values() if p != "azure")
    vm_nets = sum(1 for n in ix.net.values() if not n.is_azure)
    s = findings.summary
    return {
        "sites": len(ix.site_platform),
        "onprem_sites": onprem,
        "azure_sites": len(ix.site_platform) - onprem,
        "clouds": len(ix.cloud),
        "protected_clouds": sum(1 for c in ix.cloud.values() if c.protected),
        "networks": len(ix.net),
        "vm_networks": vm_nets,
        "azure_networks": len(ix.net) - vm_nets,
        "mappings": len(a.mapping),
        "hosts": len(ix.host),
        "vms": len(ix.vm),
        "protected_vms": sum(1 for v in ix.vm.values() if ix.cloud[v.cloud].protected),
        "plans": len(ix.plan),
        "error": s["error"],
        "warning": s["warning"],
    }


def _findings_by_code(findings):
    count = defaultdict(lambda: [0, 0])
    for f in findings.findings:
        count[f["code"]][0 if f["severity"] == "error" else 1] += 1
    return [{"code": c, "title": CODES[c][1], "error": e, "warning": w}
            for c, (e, w) in sorted(count.items())]


def _unavailable_targets(a):
    """R2 choices that are not available, by protected cloud and target (choice_for).

    R2 asks per source network; availability depends only on the target and the
    protected cloud, so one row stands for every source network the cloud uses.
    """
    ix = a.ix
    on_logical = defaultdict(list)
    for n in sorted(ix.net):
        if ix.net[n].logical is not None:
            on_logical[ix.net[n].logical].append(n)
    rows = []
    for cname in sorted(ix.cloud):
        c = ix.cloud[cname]
        if not c.protected:
            continue
        sources = sorted(n for ln in c.logical_networks for n in on_logical.get(ln, ()))
        if not sources:
            continue
        protecting, cands = candidates(ix, cname)
        for t in cands:
            others = [s for s in sources[:2] if s != t]
            if not others:
                continue
            ok, why = choice_for(ix, others[0], t, cname)
            if not ok:
                rows.append({"protected_cloud": cname, "protecting_cloud": protecting,
                             "target": t, "reason": why})
    return rows


def _plan_rows(a):
    ix = a.ix
    out = []
    for p, view in a.plan_views.items():
        members = a.plan_vms(p)
        row = {"plan": p, "vms": len(members), "sites_down": [], "failed_over": 0,
               "groups": [], "isolated": [], "down": [], "broken_dependencies": [],
               "not_protected": [v for v in members if not ix.cloud[ix.vm[v].cloud].protected]}
        if view is None:
            row["reason"] = "no VM of the plan is protected: nothing fails over"
            out.append(row)
            continue
        row["sites_down"] = list(view.scenario.sites_down)
        row["failed_over"] = len(view.failed_over)
        for comp, vms in view.groups(vms=members):
            row["groups"].append({"component": network_label(comp),
                                  "network_count": len(view.net.members(comp)),
                                  "vms": vms, "running": view.running_count(comp)})
        row["isolated"] = [{"vm": v, "reason": view.isolation_reason(v)}
                           for v in members if view.is_isolated(v)]
        row["down"] = [{"vm": v, "reason": view.down_reason(v)}
                       for v in members if view.state(v) == "down"]
        row["broken_dependencies"] = view.broken_dependencies(view.failed_over)
        out.append(row)
    return out


def _site_outages(a):
    ix = a.ix
    at = defaultdict(list)
    for v in sorted(ix.vm):
        at[ix.site_of_vm(v)].append(v)
    out = []
    for site in a.track(sorted(at), "site outages", len(at)):
        vms = at[site]
        F = tuple(v for v in vms if ix.cloud[ix.vm[v].cloud].protected)
        sc = Scenario(vms=F, sites_down=(site,), **a.whatif)
        view = evaluate(a.G, sc, ix=ix)
        disconnected = []
        for v in view.failed_over:
            if view.state(v) != "replica":
                continue
            for r in view.routes(v):
                if r.network is None:
                    why = r.reason
                elif not view.net.is_up(r.network):
                    why = f"{network_label(r.network)} carries no traffic (its site is down)"
                else:
                    continue
                disconnected.append({"vm": v, "nic": r.nic.index, "network": r.nic.network,
                                     "reason": why})
        # who can be isolated: the replicas, and the VMs elsewhere with a NIC on the
        # site's networks (their other networks still run)
        touched = set(view.failed_over)
        for n in ix.vm_networks_of_site(site):
            touched.update(nic.vm for nic in ix.nics_on.get(n, ()))
        isolated = [{"vm": v, "state": view.state(v), "reason": view.isolation_reason(v)}
                    for v in sorted(touched) if view.is_isolated(v)]
        down = [{"vm": v, "reason": view.down_reason(v)} for v in vms
                if view.state(v) == "down"]
        deps = set(view.failed_over)
        for v in vms:
            deps.update(d for d in ix.dependents.get(v, ()) if view.state(d) != "down")
        broken = view.broken_dependencies(sorted(deps))
        unplaced = []
        if F:
            for r in place(a.G, sc, ix=ix).rows:
                if r["host"] is None and ix.cloud[ix.vm[r["vm"]].cloud].azure is None:
                    unplaced.append({"vm": r["vm"], "protecting_cloud": r["protecting_cloud"],
                                     "reason": r["reason"]})
        groups = [{"component": network_label(c), "network_count": len(view.net.members(c)),
                   "vms": [v for v in members if v in view.F], "running": view.running_count(c)}
                  for c, members in view.groups(vms=view.failed_over)]
        out.append({"site": site, "vms": len(vms), "failed_over": len(view.failed_over),
                    "groups": groups, "disconnected": disconnected, "isolated": isolated,
                    "down": down, "broken_dependencies": broken, "unplaced": unplaced})
    return out


def _failback(a):
    try:
        from netmap.analysis.failback import failback
    except ImportError as e:  # the failback module is not part of this installation
        return {"available": False, "reason": f"failback analysis is not available ({e})"}
    fb = failback(a.G, remap=a.scenario.remap, unmap=a.scenario.unmap)
    vms = fb.to_dict()["vms"]
    nics = returning = disconnected = 0
    rows = []
    for v in vms:
        for n in v["nics"]:
            nics += 1
            if n.get("returns"):
                returning += 1
                continue
            if n.get("network") is None:
                disconnected += 1
            rows.append({"vm": v["vm"], "nic": n.get("nic"),
                         "replica_network": n.get("replica_network"),
                         "network": n.get("network"), "subnet": n.get("subnet"),
                         "reason": n.get("reason")})
    return {"available": True, "vms": len(vms), "nics": nics, "returning": returning,
            "elsewhere": nics - returning - disconnected, "disconnected": disconnected,
            "not_returning": rows}


def _describe_whatif(sc):
    parts = [f"{s} -> {t}" for s, t in sc.remap] + [f"{s} unmapped" for s in sc.unmap]
    if sc.test_network:
        parts.append(f"test network {sc.test_network}")
    return ", ".join(parts) or None


# --------------------------------------------------------------------------- report

class Report(Result):
    """The answer of ``netmap report``: see the module docstring."""

    title = "netmap report"

    def __init__(self, data, analysis=None):
        self._data = data
        self._analysis = analysis

    def to_dict(self):
        return self._data

    # -- the document, format-neutral: [(key, heading, paragraphs, tables)] ------------
    def sections(self):
        d = self._data
        s = d["summary"]
        out = []
        counts = [
            {"what": "sites", "count": s["sites"],
             "detail": f"{s['onprem_sites']} on-premises, {s['azure_sites']} Azure"},
            {"what": "clouds", "count": s["clouds"],
             "detail": f"{s['protected_clouds']} protected"},
            {"what": "networks", "count": s["networks"],
             "detail": f"{s['vm_networks']} VM networks, {s['azure_networks']} Azure networks,"
                       f" {s['mappings']} mapped"},
            {"what": "hosts", "count": s["hosts"], "detail": None},
            {"what": "VMs", "count": s["vms"], "detail": f"{s['protected_vms']} protected"},
            {"what": "recovery plans", "count": s["plans"], "detail": None},
            {"what": "findings", "count": s["error"] + s["warning"],
             "detail": f"{s['error']} error(s), {s['warning']} warning(s)"},
        ]
        paras = []
        if d.get("whatif"):
            paras.append(f"What-if: {d['whatif']}.")
        verdict = ("Ready: no errors found." if s["error"] == 0 else
                   f"Not ready: {s['error']} error(s) found (see Findings).")
        paras.append(verdict)
        out.append(("summary", "Summary", paras, [
            (None, counts, ["what", "count", "detail"]),
            ("Findings by code", d["findings_by_code"], ["code", "error", "warning", "title"]),
        ]))
        out.append(("mappings", "Network mappings (R1)", [], [
            (None, [dict(r, target=r["target"] or "(not mapped)") for r in d["mappings"]],
             ["source", "source_site", "target", "target_site"]),
        ]))
        out.append(("unavailable_targets", "Target choices that are not available (R2)", [
            "Target networks a protected cloud's replicas cannot be mapped to, and why."], [
            (None, d["unavailable_targets"],
             ["protected_cloud", "protecting_cloud", "target", "reason"]),
        ]))
        prow = [{"vm": r["vm"], "protecting_cloud": r["protecting_cloud"],
                 "host": r["host"] or "(unplaced)", "candidates": len(r["candidates"]),
                 "reason": r["reason"]} for r in d["placements"]]
        out.append(("placements", "Replica placement (R4)", [], [
            (None, prow, ["vm", "protecting_cloud", "host", "candidates", "reason"])]))
        out.append(("plans", "Recovery plans: failover with the primary site down", [
            "Each plan fails over on its own while its primary site(s) are down. A group is "
            "a set of connected networks: its VMs can reach each other; 'running' counts "
            "every VM with a NIC there."], self._plan_tables()))
        out.append(("site_outages", "Site outages: what breaks if a site goes down", [
            "Every protected VM of the site fails over; its other VMs are down and its "
            "networks carry no traffic."], self._site_tables()))
        out.append(("failback", "Failback outlook (R7)", *self._failback_parts()))
        out.append(("findings", "Findings", [
            f"{s['error']} error(s), {s['warning']} warning(s)."],
            [(None, d["findings"], ["code", "severity", "object", "message"])]))
        return out

    def _plan_tables(self):
        plans = self._data["plans"]
        over = [{"plan": p["plan"], "sites_down": p["sites_down"], "vms": p["vms"],
                 "failed_over": p["failed_over"], "groups": len(p["groups"]),
                 "isolated": len(p["isolated"]), "down": len(p["down"]),
                 "broken_deps": len(p["broken_dependencies"])} for p in plans]
        groups, isolated, down, broken = [], [], [], []
        for p in plans:
            for g in p["groups"]:
                groups.append({"plan": p["plan"], "group": g["component"],
                               "networks": g["network_count"], "plan_vms": g["vms"],
                               "running": g["running"]})
            isolated += [dict(x, plan=p["plan"]) for x in p["isolated"]]
            down += [dict(x, plan=p["plan"]) for x in p["down"]]
            broken += [dict(x, plan=p["plan"]) for x in p["broken_dependencies"]]
        return [
            (None, over, ["plan", "sites_down", "vms", "failed_over", "groups", "isolated",
                          "down", "broken_deps"]),
            ("Groups the plans' VMs join", groups,
             ["plan", "group", "networks", "plan_vms", "running"]),
            ("Isolated VMs", isolated, ["plan", "vm", "reason"]),
            ("Down VMs", down, ["plan", "vm", "reason"]),
            ("Broken dependencies", broken, ["plan", "vm", "depends_on", "reason"]),
        ]

    def _site_tables(self):
        sites = self._data["site_outages"]
        keys = ["disconnected", "isolated", "down", "broken_dependencies", "unplaced"]
        over = [dict({k: len(o[k]) for k in keys}, site=o["site"], vms=o["vms"],
                     failed_over=o["failed_over"]) for o in sites]
        out = [(None, over, ["site", "vms", "failed_over", "disconnected", "isolated", "down",
                             "broken_dependencies", "unplaced"])]
        for o in sites:
            name = o["site"]
            groups = [{"group": g["component"], "networks": g["network_count"],
                       "replicas": g["vms"], "running": g["running"]} for g in o["groups"]]
            parts = [
                (f"{name} down: where the replicas run (who can reach whom)", groups,
                 ["group", "networks", "replicas", "running"]),
                (f"{name} down: replica NICs disconnected", o["disconnected"],
                 ["vm", "nic", "network", "reason"]),
                (f"{name} down: isolated VMs", o["isolated"], ["vm", "state", "reason"]),
                (f"{name} down: down VMs", o["down"], ["vm", "reason"]),
                (f"{name} down: broken dependencies", o["broken_dependencies"],
                 ["vm", "depends_on", "reason"]),
                (f"{name} down: replicas that cannot be placed", o["unplaced"],
                 ["vm", "protecting_cloud", "reason"]),
            ]
            out.extend(t for t in parts if t[1])
            if not any(t[1] for t in parts[1:]):
                out.append((f"{name} down: every replica is connected and placed, "
                            "nothing else breaks.", [], None))
        return out

    def _failback_parts(self):
        fb = self._data["failback"]
        if not fb.get("available"):
            return [fb.get("reason", "failback analysis is not available")], []
        para = (f"{fb['vms']} protected VM(s) with {fb['nics']} NIC(s): {fb['returning']} "
                f"return to their network and subnet, {fb['elsewhere']} land elsewhere, "
                f"{fb['disconnected']} are disconnected.")
        rows = [dict(r, network=r["network"] or "(disconnected)") for r in fb["not_returning"]]
        return [para], [("NICs that do not return where they were", rows,
                         ["vm", "nic", "replica_network", "network", "subnet", "reason"])]

    # -- formats -------------------------------------------------------------------------
    def tables(self):
        out = []
        for _key, heading, _paras, tables in self.sections():
            for cap, rows, cols in tables:
                if cols is None:
                    continue
                out.append((f"{heading}: {cap}" if cap else heading, rows, cols))
        return out

    def _source_label(self):
        src = self._data.get("source")
        return os.path.basename(str(src)) if src else None

    def heading(self):
        d = self._data
        return f"netmap report: {d['title']}" if d.get("title") else "netmap report"

    def render(self, fmt="text", diagrams=True):
        """The report as ``text``, ``markdown``, ``json`` or ``html``."""
        with paused():
            return self._render(fmt, diagrams)

    def _render(self, fmt, diagrams):
        if fmt == "json":
            return report_json(self._data)
        if fmt == "markdown":
            return self._markdown()
        if fmt == "html":
            return self._html(diagrams)
        if fmt == "text":
            return self._text()
        raise ValueError(f"unknown report format '{fmt}' ({', '.join(FORMATS)})")

    def __str__(self):
        return self._text()

    def _text(self):
        title = self.heading()
        out = [title, "=" * min(len(title), WIDTH), ""]
        src = self._source_label()
        if src:
            out += textwrap.wrap(f"Topology: {src}", WIDTH) + [""]
        for n, (_key, heading, paras, tables) in enumerate(self.sections(), start=1):
            h = f"{n}. {heading}"
            out += [h, "-" * min(len(h), WIDTH)]
            for p in paras:
                out += textwrap.wrap(p, WIDTH, break_on_hyphens=False)
            if paras:
                out.append("")
            for cap, rows, cols in tables:
                if cap:
                    out += textwrap.wrap(cap, WIDTH, break_on_hyphens=False)
                if cols is not None:
                    out.append(text_table(rows, cols, headers=_headers(cols)) if rows else "(none)")
                out.append("")
        return "\n".join(out).rstrip() + "\n"

    def _markdown(self):
        out = [f"# {_md(self.heading())}", ""]
        src = self._source_label()
        if src:
            out += [f"Topology: {_md(src)}", ""]
        for _key, heading, paras, tables in self.sections():
            out += [f"## {_md(heading)}", ""]
            for p in paras:
                out += [_md(p), ""]
            for cap, rows, cols in tables:
                if cap:
                    out += [f"**{_md(cap)}**", ""]
                if cols is not None:
                    out += [markdown_table(rows, cols, _headers(cols)) if rows else "(none)", ""]
        return "\n".join(out).rstrip() + "\n"

    def _html(self, diagrams=True):
        esc = html.escape
        title = self.heading()
        secs = self.sections()
        figs = self._diagrams() if diagrams else {}
        body = [f"<h1>{esc(title)}</h1>"]
        src = self._source_label()
        if src:
            body.append(f'<p class="src">Topology: <code>{esc(src)}</code></p>')
        body.append("<nav><ol>" + "".join(
            f'<li><a href="#{key}">{esc(heading)}</a></li>' for key, heading, _, _ in secs)
            + "</ol></nav>")
        for key, heading, paras, tables in secs:
            body.append(f'<section id="{key}"><h2>{esc(heading)}</h2>')
            for p in paras:
                body.append(f"<p>{esc(p)}</p>")
            for cap, img in figs.get(key, ()):
                body.append(_figure_html(cap, img))
            for cap, rows, cols in tables:
                if cols is None:
                    body.append(f"<p>{esc(cap)}</p>")
                elif rows:
                    body.append(_html_table(rows, cols, cap, _row_class, _headers(cols)))
                else:
                    if cap:
                        body.append(f"<h3>{esc(cap)}</h3>")
                    body.append('<p class="none">(none)</p>')
            body.append("</section>")
        return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                f"<title>{esc(title)}</title><style>{_CSS}</style></head>\n<body>\n"
                + "\n".join(body) + "\n</body></html>\n")

    def _diagrams(self):
        """``{section key: [(caption, png bytes)]}``; empty when plot.py is missing."""
        a = self._analysis
        if a is None:
            return {}
        try:
            from netmap import plot
        except ImportError:
            return {}
        out = defaultdict(list)

        def add(key, caption, draw):
            try:
                fig, _ax = draw()
                try:
                    out[key].append((caption, plot.to_png_bytes(fig)))
                finally:
                    plot.close(fig)
            except Exception as e:  # noqa: BLE001 - a diagram must never sink the report
                out[key].append((f"{caption} (not drawn: {e})", None))

        G, whatif = a.G, a.whatif
        add("summary", "Topology", lambda: plot.draw(G, "topology", scenario=Scenario(**whatif)))
        for o in self._data["site_outages"][:MAX_SITE_DIAGRAMS]:
            site = o["site"]
            if o["failed_over"] > MAX_DIAGRAM_VMS:
                out["site_outages"].append((
                    f"{site} down: not drawn ({o['failed_over']:,} VMs fail over; "
                    f"draw one plan with netmap draw --view plan --plan P)", None))
                continue
            vms = tuple(v for v in a.ix.vm if a.ix.site_of_vm(v) == site
                        and a.ix.cloud[a.ix.vm[v].cloud].protected)
            sc = Scenario(vms=vms, sites_down=(site,), **whatif)
            add("site_outages", f"{site} down",
                lambda sc=sc: plot.draw(G, "failover", scenario=sc))
        plans = [p for p in self._data["plans"] if p["sites_down"]]
        if len(plans) <= MAX_PLAN_DIAGRAMS:
            for p in plans:
                sc = Scenario(plans=(p["plan"],), sites_down=tuple(p["sites_down"]), **whatif)
                add("plans", f"Recovery plan {p['plan']}",
                    lambda p=p, sc=sc: plot.draw(G, "plan", scenario=sc, plan=p["plan"]))
        return out


def report_json(data):
    """The report's JSON text (see :func:`netmap.answers.answer.dumps`)."""
    return dumps(data)


def _row_class(r):
    sev = r.get("severity")
    return sev if sev in ("error", "warning") else None


def _figure_html(caption, png):
    esc = html.escape
    if png is None:
        return f'<p class="none">{esc(caption)}</p>'
    data = base64.b64encode(png).decode("ascii")
    return (f'<figure><img alt="{esc(caption)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>")


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:70em;
padding:0 1em;color:#1b1f24;line-height:1.4}
h1{font-size:1.6em;border-bottom:2px solid #0b5cad;padding-bottom:.2em}
h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccd;padding-bottom:.15em}
h3,caption{font-weight:600;text-align:left;margin:.8em 0 .3em;font-size:1em}
nav ol{columns:2;font-size:.95em}
table{border-collapse:collapse;margin:.3em 0 1.2em;font-size:.88em;width:auto}
th,td{border:1px solid #d0d7de;padding:.25em .55em;vertical-align:top;text-align:left}
th{background:#f1f4f8}
tr:nth-child(even) td{background:#fafbfc}
tr.error td{background:#fde8e8}
tr.warning td{background:#fff6dd}
.none{color:#667}
.src code{font-size:.9em}
figure{margin:1em 0}
figure img{max-width:100%;height:auto;border:1px solid #d0d7de}
figcaption{font-size:.9em;color:#445}
""".strip()


def _steps(a, label, steps):
    """Run ``[(name, fn)]`` in order under one progress bar; ``{name: result}``."""
    out = {}
    for name, fn in a.track(steps, label, len(steps)):
        out[name] = fn()
    return out


#: below this many VMs a report computes everything in one process
PARALLEL_MIN_VMS = 20_000


def _in_child(a, fn, force=None):
    """``fn(a)`` in a forked child (no progress bar there); a function for its value."""
    if force is None and len(a.ix.vm) < PARALLEL_MIN_VMS:
        force = False

    def child():
        a.track = lambda it, label, length=None: it
        return fn(a)

    if force is False:
        return lambda: fn(a)
    return fork_call(child, force=force)


def report(G, scenario=None, ignore=(), track=None):
    """Everything about ``G`` in one :class:`Report` (see the module docstring).

    ``track`` (see :mod:`netmap._runtime.progress`) is called around each stage: a few steps,
    then every recovery plan, then every site, then the rest.
    """
    with paused():
        return _report(G, scenario, ignore, track)


def _report(G, scenario, ignore, track):
    a = Analysis(G, scenario, track=track)
    # site outages and the failback outlook are computed in a forked child meanwhile
    # (see netmap._runtime.fork), when the topology is large enough for it to pay
    later = _in_child(a, lambda b: {"site_outages": _site_outages(b),
                                    "failback": _failback(b)})
    _steps(a, "failover of every protected VM", [
        ("all", lambda: a.all_view), ("placements", lambda: a.placements)])
    a.plan_views  # noqa: B018 - one bar over the plans
    findings = run_checks(a, ignore)
    ix = a.ix
    data = {
        "title": ix.name or None,
        "source": G.graph.get("source"),
        "whatif": _describe_whatif(a.scenario),
        "summary": _summary(a, findings),
        "findings_by_code": _findings_by_code(findings),
        "placements": a.placements.rows,
        "findings": findings.findings,
    }
    data.update(_steps(a, "mappings, plans, failback", [
        ("mappings", lambda: mappings(G, remap=a.scenario.remap,
                                      unmap=a.scenario.unmap).rows),
        ("unavailable_targets", lambda: _unavailable_targets(a)),
        ("plans", lambda: _plan_rows(a)),
    ]))
    data.update(later())
    return Report(data, a)
