"""The report: everything netmap knows about a topology, in one document.

Question
--------
``report(G, scenario=None, ignore=(), track=None)``
    Inputs: the graph; optionally a :class:`~netmap.model.scenario.Scenario` whose what-if
    mapping changes (``remap``/``unmap``) apply throughout and whose ``test_network``
    adds a drill (NM015, NM020-NM022, the ``drill`` section); ``ignore``: check codes to
    leave out; ``track``: a progress function (:mod:`netmap._runtime.progress`).
    Returns :class:`Report`. ``to_dict()`` holds the sections (the keys of docs/json.md):

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
    ``drill``
        only with a test network (``--test-network none|auto|NETWORK``, R9): a drill of
        every protected VM, its mode, the networks its NICs join, whether it is isolated
        and why, and the drill NICs left disconnected.
    ``findings``
        every readiness finding (as ``netmap check``).

:meth:`Report.render` gives ``text`` (readable at 100 columns), ``markdown``, ``json``
and ``html`` (one self-contained file: inline CSS, names escaped, diagrams embedded as
PNG data URIs when :mod:`netmap.plot` is available; matplotlib is imported only then).

The sections are computed by :mod:`netmap.analysis.survey` and
:mod:`netmap.analysis.checks` (sharing one :class:`~netmap.analysis.checks.Analysis`),
assembled here (:meth:`Report.sections`) and rendered by :func:`netmap.answers.render.document`;
the HTML style sheet is the package file ``netmap/answers/report.css``. Site outages and
the plans section, site outages and NM009, NM010, NM012, NM014/NM018 are computed in a
forked child, once the all-VM view and the placements are computed, while the other
checks, sections and the failback outlook run, when the topology is large
(:mod:`netmap._runtime.fork`).

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

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from importlib.resources import files

import networkx as nx

from netmap._runtime.fork import fork_call
from netmap._runtime.gc import paused
from netmap.analysis import survey
from netmap.analysis.checks import (Analysis, normalize_codes, rule_findings, rule_functions,
                                    run_checks)
from netmap.analysis.mapping import mappings
from netmap.answers.answer import Answer, Table, columns, dumps
from netmap.answers.placement import bounded_rows
from netmap.io.jsontext import dumps_bytes, dumps_chunks
from netmap.answers.render import Section, document
from netmap.model.scenario import Scenario

__all__ = ["report", "Report", "FORMATS"]

FORMATS = ("text", "markdown", "json", "html")

#: diagrams are drawn for at most this many site outages and recovery plans
MAX_SITE_DIAGRAMS = 8
MAX_PLAN_DIAGRAMS = 12
#: a site outage is drawn only when at most this many VMs fail over (a diagram of more
#: is neither readable nor cheap to render)
MAX_DIAGRAM_VMS = 200


def css() -> str:
    """The HTML report's style sheet (the package file ``report.css``)."""
    return files("netmap.answers").joinpath("report.css").read_text(encoding="utf-8").strip()


#: what the report's own columns hold (the shared ones: :data:`~netmap.answers.answer.DESCRIPTIONS`)
_COLUMNS = {
    "what": "what is counted", "count": "how many", "detail": "how they divide",
    "error": "how many of the findings are errors",
    "warning": "how many of the findings are warnings",
    "title": "what the code finds", "site": "the site that goes down",
    "sites_down": "the plan's primary sites, down while it fails over",
    "failed_over": "how many VMs fail over", "networks": "how many networks the group joins",
    "running": "how many VMs run with a NIC in the group",
    "plan_vms": "the plan's VMs in the group", "replicas": "the replicas in the group",
    "state": "the VM's state: replica, primary, down or unplaced",
    "candidates": "how many hosts reach every network the replica needs",
    "protecting_clouds": "the protecting clouds the VMM server manages",
    "outcome": "what a replica NIC's address becomes (R3)",
    "nics": "how many replica NICs", "meaning": "the outcome in words",
}
#: the columns of the overview tables of plans and site outages, which count
_OVERVIEW = {
    "vms": "how many VMs", "groups": "how many groups the VMs join",
    "isolated": "how many VMs are isolated", "down": "how many VMs are down",
    "broken_deps": "how many dependencies break",
    "broken_dependencies": "how many dependencies break",
    "disconnected": "how many replica NICs are disconnected",
    "unplaced": "how many replicas cannot be placed",
}


def _row_class(r):
    sev = r.get("severity")
    return sev if sev in ("error", "warning") else None


class Report(Answer):
    """The answer of ``netmap report``: see the module docstring.

    Its tables are named after their section (``summary``, ``mappings``, ``plans``, ...),
    a captioned table as ``"SECTION: CAPTION"``.
    """

    title = "netmap report"

    def __init__(self, data: dict, analysis: Analysis | None = None):
        self._data = data
        self._analysis = analysis

    def to_dict(self) -> dict:
        return self._data

    # -- the document, format-neutral: [(key, heading, paragraphs, tables)] ------------
    def sections(self) -> list[Section]:
        """The document, format-neutral: :class:`~netmap.answers.render.Section` s."""
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
                       f" {s['mappings']} mappings"},
            {"what": "hosts", "count": s["hosts"], "detail": None},
            {"what": "VMs", "count": s["vms"], "detail": f"{s['protected_vms']} protected"},
            {"what": "recovery plans", "count": s["plans"], "detail": None},
            {"what": "findings", "count": s["error"] + s["warning"],
             "detail": f"{s['error']} error(s), {s['warning']} warning(s)"},
        ]
        paras = []
        if d.get("whatif"):
            paras.append(f"What-if: {d['whatif']}.")
        unknown = d.get("unknown") or []
        if unknown:  # SPEC §7: never "ready" over facts nobody knows
            verdict = (f"No errors in what is known; {len(unknown)} facts unknown (see What "
                       "the import could not know)." if s["error"] == 0 else
                       f"Not ready: {s['error']} error(s) found (see Findings); "
                       f"{len(unknown)} facts unknown.")
        else:
            verdict = ("Ready: no errors found." if s["error"] == 0 else
                       f"Not ready: {s['error']} error(s) found (see Findings).")
        paras.append(verdict)
        out.append(Section("summary", "Summary", paras, [
            (None, counts, ["what", "count", "detail"]),
            ("Findings by code", d["findings_by_code"], ["code", "error", "warning", "title"]),
        ]))
        if unknown:
            out.append(Section("unknown", "What the import could not know", [
                "Facts no export gave: answers that depend on them cannot tell. Supply each "
                "with the export or override named."],
                [(None, unknown, ["object", "field", "reason", "supply_with"])]))
        out.append(Section("mappings", "Network mappings (R1)", [], [
            (None, [dict(r, target=r["target"] or "(not mapped)") for r in d["mappings"]],
             ["source", "source_site", "target", "target_site", "reason"]),
        ]))
        out.append(Section("unavailable_targets", "Target choices that are not available (R2)", [
            "Target networks a protected cloud's replicas cannot be mapped to, and why."], [
            (None, d["unavailable_targets"],
             ["protected_cloud", "protecting_cloud", "target", "reason"]),
        ]))
        prow = [{"vm": r["vm"], "protecting_cloud": r["protecting_cloud"],
                 "host": r["host"] or ("(unplaced)" if r.get("unplaced") else None),
                 "candidates": r["candidate_count"],
                 "reason": r["reason"]} for r in d["placements"]]
        out.append(Section("placements", "Replica placement (R4)", [], [
            (None, prow, ["vm", "protecting_cloud", "host", "candidates", "reason"])]))
        if d.get("joins"):  # only when the topology has peerings or overlapping joins
            out.append(Section("joins", "Peerings and overlapping joins (R5)", [
                "A peering joins two groups for traffic between them alone; a join whose two "
                "networks' subnet prefixes overlap loses the traffic between the overlapping "
                "ranges (each side delivers it locally)."], [
                (None, [{"join": r["join"], "join_kind": r["via"],
                         "joined_groups": ", ".join(r["groups"]),
                         "overlapping_prefixes": ", ".join(f"{p} / {q}" for p, q in
                                                           r["overlapping_prefixes"]) or None,
                         "effect": r["effect"]} for r in d.get("joins", ())],
                 ["join", "join_kind", "joined_groups", "overlapping_prefixes", "effect"])]))
        out.append(Section("plans", "Recovery plans: failover with the primary site down", [
            "Each plan fails over on its own while its primary site(s) are down. A group is "
            "a set of connected networks: its VMs can reach each other; 'running' counts "
            "every VM with a NIC there."], self._plan_tables()))
        out.append(Section("site_outages", "Site outages: what breaks if a site goes down", [
            "Every protected VM of the site fails over; its other VMs are down and its "
            "networks carry no traffic."], self._site_tables()))
        if "addresses" in d:
            arows = [{"outcome": k, "nics": d["addresses"][k], "meaning": m}
                     for k, m in survey.ADDRESS_OUTCOMES.items()]
            out.append(Section("addresses", "Failover addresses (R3)", [
                "The replica NICs of every protected VM, by what their address becomes. "
                "The addresses are fixed once for the topology: the same whatever else "
                "fails over."], [(None, arows, ["outcome", "nics", "meaning"])]))
        out.append(Section("failback", "Failback outlook (R7)", *self._failback_parts()))
        if d.get("drill"):
            out.append(Section("drill", "Test failover: a drill of every protected VM (R9)",
                               *self._drill_parts()))
        out.append(Section("findings", "Findings", [
            f"{s['error']} error(s), {s['warning']} warning(s)."],
            [(None, d["findings"], ["code", "severity", "object", "message"])]))
        return out

    def _plan_tables(self):
        plans = self._data["plans"]
        over = [{"plan": p["plan"], "sites_down": p["sites_down"], "vms": p["vms"],
                 "failed_over": p["failed_over"], "groups": len(p["groups"]),
                 "isolated": len(p["isolated"]), "down": len(p["down"]),
                 "unplaced": len(p["unplaced"]),
                 "broken_deps": len(p["broken_dependencies"])} for p in plans]
        groups, isolated, down, broken, unplaced, refused = [], [], [], [], [], []
        for p in plans:
            for g in p["groups"]:
                groups.append({"plan": p["plan"], "group": g["component"],
                               "networks": g["network_count"], "plan_vms": g["vms"],
                               "running": g["running"]})
            isolated += [dict(x, plan=p["plan"]) for x in p["isolated"]]
            down += [dict(x, plan=p["plan"]) for x in p["down"]]
            unplaced += [dict(x, plan=p["plan"]) for x in p["unplaced"]]
            broken += [dict(x, plan=p["plan"]) for x in p["broken_dependencies"]]
            refused += [dict(x, plan=p["plan"]) for x in p["refused"]]
        return [
            (None, over, ["plan", "sites_down", "vms", "failed_over", "groups", "isolated",
                          "down", "unplaced", "broken_deps"]),
            ("Plans Azure Site Recovery would refuse (R10; evaluated all the same)", refused,
             ["plan", "code", "reason"]),
            ("Groups the plans' VMs join", groups,
             ["plan", "group", "networks", "plan_vms", "running"]),
            ("Isolated VMs", isolated, ["plan", "vm", "reason"]),
            ("Down VMs", down, ["plan", "vm", "reason"]),
            ("Unplaced replicas (never run)", unplaced, ["plan", "vm", "reason"]),
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
                (f"{name} down: replicas that cannot be placed (never run)", o["unplaced"],
                 ["vm", "protecting_cloud", "reason"]),
                (f"{name} down: management servers to fail over first, by hand",
                 o["management_servers"], ["vmm", "protecting_clouds", "reason"]),
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
        if fb.get("original_vm"):
            para += (f" {fb['original_vm']} of the NICs that return come back from Azure by "
                     "planned failover to their original VM (no mapping is involved).")
        rows = [dict(r, network=r["network"] or "(disconnected)") for r in fb["not_returning"]]
        return [para], [("NICs that do not return where they were", rows,
                         ["vm", "nic", "replica_network", "network", "subnet", "reason"])]

    def _drill_parts(self):
        dr = self._data["drill"]
        how = {"none": "without a test network (every drill NIC disconnected)",
               "auto": "on the test networks Site Recovery creates (isolated copies of the "
                       "target networks)"}.get(dr["mode"], f"on test network {dr['test_network']}")
        verdict = "isolated" if dr["isolated"] else "NOT isolated"
        paras = [f"{dr['vms']} VM(s) fail over {how}, each on its replica's host, while the "
                 f"primaries keep running. The drill is {verdict}: {dr['reason']}."]
        return paras, [
            ("Networks the drill NICs join", dr["networks"], ["network", "vms"]),
            ("Drill NICs left disconnected", dr["disconnected"], ["vm", "nic", "reason"]),
        ]

    # -- formats -------------------------------------------------------------------------
    def tables(self) -> list[Table]:
        out = []
        for key, heading, _paras, tables in self.sections():
            for cap, rows, cols in tables:
                if cols is None:
                    continue
                described = dict(_COLUMNS, **(_OVERVIEW if cap is None else {}))
                out.append(Table(f"{key}: {cap}" if cap else key, rows,
                                 columns(*cols, **described),
                                 f"{heading}: {cap}" if cap else heading))
        return out

    def _source_label(self):
        src = self._data.get("source")
        return os.path.basename(str(src)) if src else None

    def heading(self) -> str:
        """The document's title."""
        d = self._data
        return f"netmap report: {d['title']}" if d.get("title") else "netmap report"

    def render(self, fmt: str = "text", *, diagrams: bool = True) -> str:
        """The report as ``text``, ``markdown``, ``json`` or ``html``.

        ``diagrams``: embed diagrams in HTML (when :mod:`netmap.plot` is available).
        """
        with paused():
            return self._render(fmt, diagrams)

    def json_bytes(self) -> bytes:
        """``render("json")`` as UTF-8 bytes, without a ``str`` copy of a text that
        reaches hundreds of MB at a million VMs."""
        with paused():
            return dumps_bytes(self._data)

    def json_chunks(self) -> Iterator[bytes]:
        """``render("json")`` as pieces of UTF-8 bytes (:func:`~netmap.io.jsontext.
        dumps_chunks`): what the command line writes, never holding the whole text."""
        with paused():
            yield from dumps_chunks(self._data)

    def _render(self, fmt, diagrams):
        if fmt == "json":
            return report_json(self._data)
        if fmt not in FORMATS:
            raise ValueError(f"unknown report format '{fmt}' ({', '.join(FORMATS)})")
        figures = self._diagrams() if fmt == "html" and diagrams else {}
        return document(self.heading(), self.sections(), fmt, source=self._source_label(),
                        figures=figures, css=css() if fmt == "html" else "",
                        row_class=_row_class)

    def __str__(self) -> str:
        return document(self.heading(), self.sections(), "text", source=self._source_label())

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
                    f"draw one recovery plan at a time with the plan view)", None))
                continue
            vms = tuple(v for v in a.ix.vm if a.ix.site_of_vm(v) == site
                        and a.ix.container(v).protected)
            sc = Scenario(vms=vms, sites_down=(site,), **whatif)
            add("site_outages", f"{site} down",
                lambda sc=sc: plot.draw(G, "failover", scenario=sc))
        dr = self._data.get("drill")
        if dr and dr["vms"] <= MAX_DIAGRAM_VMS:
            sc = Scenario(all=True, test_network=a.scenario.test_network, **whatif)
            add("drill", "Test failover of every protected VM",
                lambda sc=sc: plot.draw(G, "failover", scenario=sc))
        plans = [p for p in self._data["plans"] if p["sites_down"]]
        if len(plans) <= MAX_PLAN_DIAGRAMS:
            for p in plans:
                sc = Scenario(plans=(p["plan"],), sites_down=tuple(p["sites_down"]), **whatif)
                add("plans", f"Recovery plan {p['plan']}",
                    lambda p=p, sc=sc: plot.draw(G, "plan", scenario=sc, plan=p["plan"]))
        return out


def report_json(data: dict) -> str:
    """The report's JSON text (see :func:`netmap.answers.answer.dumps`)."""
    return dumps(data)


def _steps(a, label, steps):
    """Run ``[(name, fn)]`` in order under one progress bar; ``{name: result}``."""
    out = {}
    for name, fn in a.track(steps, label, len(steps)):
        out[name] = fn()
    return out


#: below this many VMs a report computes everything in one process
PARALLEL_MIN_VMS = 20_000

#: the check rules the forked child runs beside its sections (by measurement, so that
#: both processes finish together at 100,000 and 1,000,000 VMs): NM010 shares the plan
#: views' R8 failures with the plans section, NM014/NM018 its plan refusals (R10)
CHILD_RULES = ("_nm010", "_plan_findings", "_nm009", "_nm012")


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


def _with_plan_views(a):
    a.plan_views  # noqa: B018 - one bar over the plans (NM010 and the plans section read them)
    return a


def report(G: nx.MultiDiGraph, scenario: Scenario | None = None, *, ignore: Iterable[str] = (),
           track: Callable | None = None) -> Report:
    """Everything about ``G`` in one :class:`Report` (see the module docstring).

    Parameters
    ----------
    G
        A loaded topology.
    scenario
        Its what-if mapping changes apply throughout; its test network (R9) adds the
        ``drill`` section and is checked (NM015, NM020-NM022).
    ignore
        Finding codes to leave out.
    track
        A progress function (see :mod:`netmap._runtime.progress`), called around each
        stage: a few steps, then every recovery plan, then every site, then the rest.
    """
    with paused():
        return _report(G, scenario, ignore, track)


def _report(G, scenario, ignore, track):
    a = Analysis(G, scenario, track=track)
    # the plans section, site outages and some checks are computed in a forked child
    # meanwhile (see netmap._runtime.fork), when the topology is large enough for it to
    # pay; the failback outlook stays here, so that both finish together (1M VMs: 5.8 s
    # sooner than with it in the child, where page copies slow everything down).
    # The child starts once the all-VM view and the placements are computed: forked
    # earlier, it computed them again (CPU 11 s against 10 s at 100k, and twice the page
    # copies); the plan views only the child reads (NM010, the plans section)
    _steps(a, "failover of every protected VM", [
        ("all", lambda: a.all_view), ("placements", lambda: a.placements)])
    skip = normalize_codes(ignore)  # (an unknown code is refused before anything starts)
    later = _in_child(a, lambda b: {
        "plans": survey.plans(_with_plan_views(b)), "site_outages": survey.site_outages(b),
        "findings": rule_findings(b, skip, CHILD_RULES)})
    mine = rule_findings(a, skip, [n for n in rule_functions() if n not in CHILD_RULES])
    sections = _steps(a, "mappings, targets, addresses, failback", [
        ("mappings", lambda: mappings(G, remap=a.scenario.remap, unmap=a.scenario.unmap)),
        ("unavailable_targets", lambda: survey.unavailable_targets(a)),
        ("addresses", lambda: survey.addresses(a)),
        ("joins", lambda: survey.joins(a)),
        ("failback", lambda: survey.failback_outlook(a)),
    ])
    done = later()
    findings = run_checks(a, skip, parts={**mine, **done["findings"]})
    ix = a.ix
    data = {
        "title": ix.name or None,
        "source": ix.graph.graph.get("source"),
        "whatif": survey.describe_whatif(a.scenario),
        "summary": survey.summary(a, findings),
        "findings_by_code": survey.findings_by_code(findings),
        "placements": bounded_rows(a.placements),
        "findings": findings,
    }
    if ix.unknown:  # SPEC §7: the report's JSON holds `unknown` when the topology has any
        data["unknown"] = [dict(u) for u in ix.unknown]
    data.update((k, sections[k]) for k in ("mappings", "unavailable_targets", "addresses",
                                           "joins"))
    data.update((k, done[k]) for k in ("plans", "site_outages"))
    data["failback"] = sections["failback"]
    if a.scenario.is_test:
        data["drill"] = survey.drill(a)
    return Report(data, a)
