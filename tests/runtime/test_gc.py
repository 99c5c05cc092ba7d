"""netmap._runtime.gc: a loaded topology holds no reference cycle, so freezing it after a
large load (netmap.load) leaks nothing: dropping it frees it by reference counting."""

import gc
import weakref

import netmap
import netmap.topology as facade
from netmap.io.generate import dump, generate


def test_a_loaded_topology_holds_no_reference_cycle(tmp_path):
    # "A loaded topology holds no reference cycle at all (a test checks it)"
    # (netmap/_runtime/gc.py): what the collector would find after dropping one is nothing
    path = tmp_path / "t.json"
    path.write_text(dump(generate(300, seed=1), "t.json"))
    netmap.load(path)  # networkx compiles its dispatch wrappers on first use (cycles, once)
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        t = netmap.load(path)
        alive = weakref.ref(t)
        del t
        assert alive() is None  # freed by reference counting alone
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()


def test_a_large_load_is_kept_out_of_collections(tmp_path, monkeypatch):
    path = tmp_path / "t.json"
    path.write_text(dump(generate(50, seed=2), "t.json"))
    monkeypatch.setattr(facade, "KEEP_MIN_VMS", 50)
    gc.unfreeze()
    try:
        t = netmap.load(path)
        assert gc.get_freeze_count() > 0
        graph = weakref.ref(t.graph)
        del t
        assert graph() is None  # frozen, yet freed when dropped
    finally:
        gc.unfreeze()


def test_a_small_load_is_not_frozen(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(dump(generate(20, seed=3), "t.json"))
    gc.unfreeze()
    netmap.load(path)
    assert gc.get_freeze_count() == 0
