"""netmap._runtime.gc and the end of a large netmap.load: the topology-wide indexes are
made (netmap.analysis.prepare), one collection settles the load, and a topology that was
asked questions is still freed once dropped (nothing is frozen out of the collector)."""

import gc
import weakref

import netmap
import netmap.topology as facade
from netmap.io.generate import dump, generate
from netmap.model.scenario import Scenario


def _file(tmp_path, vms, seed):
    path = tmp_path / "t.json"
    path.write_text(dump(generate(vms, seed=seed), "t.json"))
    return path


def test_a_loaded_topology_holds_no_reference_cycle(tmp_path):
    # "the structures netmap builds hold no reference cycles worth collecting"
    # (netmap/_runtime/gc.py): a loaded topology is freed by reference counting alone
    path = _file(tmp_path, 300, 1)
    netmap.load(path)  # networkx compiles its dispatch wrappers on first use (cycles, once)
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        t = netmap.load(path)
        alive = weakref.ref(t)
        del t
        assert alive() is None
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()


def test_a_large_load_is_prepared_settled_and_still_freed(tmp_path, monkeypatch):
    path = _file(tmp_path, 60, 2)
    monkeypatch.setattr(facade, "PREPARE_MIN_VMS", 60)
    t = netmap.load(path)
    # prepared: the indexes every question reads are there before any question
    assert "nics_on" in vars(t) and "network_graph" in vars(t) and t._placement_memo
    # settled: the load went to the oldest generation, the young ones are (nearly) empty
    assert gc.get_count()[0] < 700
    plan = sorted(t.plan)[0]
    t.failover(Scenario(plans=[plan])).to_dict()  # caches that refer back to t
    graph = weakref.ref(t.graph)
    del t
    gc.collect()
    assert graph() is None


def test_a_small_load_is_not_prepared(tmp_path):
    t = netmap.load(_file(tmp_path, 20, 3))
    assert "network_graph" not in vars(t) and not t._placement_memo
