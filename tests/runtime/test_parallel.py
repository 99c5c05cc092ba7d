"""A report computed with a forked helper equals the report computed in one process."""

import os

import pytest

from netmap._runtime.fork import fork_call
from netmap.analysis import survey
from netmap.analysis.checks import Analysis
from netmap.answers import report as R
from netmap.answers.answer import dumps

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _json(G, force):
    a = Analysis(G)
    later = R._in_child(a, lambda b: {"site_outages": survey.site_outages(b),
                                      "failback": survey.failback_outlook(b)}, force=force)
    return dumps(later())


def test_forked_sections_equal_sequential(example):
    assert _json(example, True) == _json(example, False)


def test_whole_report_same_with_and_without_fork(example, monkeypatch):
    monkeypatch.setattr(R, "PARALLEL_MIN_VMS", 0)
    forked = R.report(example).render("json")
    monkeypatch.setenv("NETMAP_WORKERS", "1")
    single = R.report(example).render("json")
    assert forked == single
    assert '"site_outages"' in forked and '"failback"' in forked


def test_child_exception_is_raised_in_parent():
    def boom():
        raise ValueError("from the child")

    result = fork_call(boom, force=True)
    with pytest.raises(ValueError, match="from the child"):
        result()


def test_child_value_comes_back_once():
    calls = []
    result = fork_call(lambda: calls.append(1) or {"pid": os.getpid()}, force=True)
    first = result()
    assert first["pid"] != os.getpid()  # computed in the child
    assert result() is first and calls == []  # the parent did not compute it


def test_a_large_value_comes_back_whole():
    # more than a pipe holds (64 KiB): read and unpickled while the child writes
    value = [{"vm": f"VM{i:06d}", "nics": [i, str(i)]} for i in range(50_000)]
    assert fork_call(lambda: value, force=True)() == value


def test_a_child_that_dies_without_a_word_is_replaced_by_the_parent():
    parent = os.getpid()

    def work():
        if os.getpid() != parent:
            os._exit(3)  # the child dies before sending anything
        return "computed here"

    assert fork_call(work, force=True)() == "computed here"


def test_checks_split_between_the_processes_give_the_same_findings(monkeypatch):
    # the child runs R.CHILD_RULES (NM010) beside its sections; their findings take their
    # places among the parent's, so the report is the one computed in one process
    from netmap.io.generate import dump, generate
    from netmap.io.load import loads_graph

    G = loads_graph(dump(generate(400, seed=4), "t.json"), "t.json")
    monkeypatch.setattr(R, "PARALLEL_MIN_VMS", 0)
    for ignore in ((), ("NM001", "nm017"), ("NM010",)):
        forked = R.report(G, ignore=ignore).render("json")
        monkeypatch.setenv("NETMAP_WORKERS", "1")
        single = R.report(G, ignore=ignore).render("json")
        monkeypatch.delenv("NETMAP_WORKERS")
        assert forked == single
        assert ('"NM010"' in forked) == ("NM010" not in ignore)
