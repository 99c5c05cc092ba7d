"""The command line's cache of compiled topologies (netmap.io.cache): keyed by the file's
content, private to the user, never a file someone else could have written, bounded,
off with NETMAP_CACHE=0, and never changing an answer."""

from __future__ import annotations

import os
import pickle
import stat

import networkx as nx
import pytest

from netmap.errors import TopologyError
from netmap.io import cache
from netmap.io.load import load_graph, load_graph_bytes


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A private cache under tmp_path, used for every file size."""
    xdg = tmp_path / "xdg"
    xdg.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
    monkeypatch.delenv("NETMAP_CACHE", raising=False)
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    return xdg / "netmap"


@pytest.fixture
def topo(tmp_path, example_file):
    path = tmp_path / "topo.yaml"
    path.write_bytes(example_file.read_bytes())
    return path


class Counting:
    """``load_graph_bytes`` that counts its calls (a cache hit makes none)."""

    def __init__(self):
        self.calls = 0

    def __call__(self, raw, path):
        self.calls += 1
        return load_graph_bytes(raw, path)


def _same(G, H):
    assert list(G.nodes(data=True)) == list(H.nodes(data=True))
    assert list(G.edges(keys=True, data=True)) == list(H.edges(keys=True, data=True))
    assert G.graph == H.graph


def _files(d):
    return sorted(p for p in d.iterdir() if p.name.endswith(".graph.pickle"))


def test_second_load_comes_from_the_cache_and_is_the_same_graph(home, topo):
    load = Counting()
    G1 = cache.cached_load_graph(topo, load)
    G2 = cache.cached_load_graph(topo, load)
    assert load.calls == 1
    assert nx.is_frozen(G2)
    _same(G2, load_graph(topo))
    _same(G1, G2)


def test_folder_is_0700_and_files_0600(home, topo):
    cache.cached_load_graph(topo, Counting())
    assert stat.S_IMODE(os.lstat(home).st_mode) == 0o700
    [f] = _files(home)
    assert stat.S_IMODE(os.lstat(f).st_mode) == 0o600
    assert os.lstat(f).st_uid == os.getuid()


def test_keyed_by_content(home, topo):
    load = Counting()
    cache.cached_load_graph(topo, load)
    topo.write_bytes(topo.read_bytes().replace(b"Plan-Gold", b"Plan-Golden"))
    G = cache.cached_load_graph(topo, load)
    assert load.calls == 2 and ("plan", "Plan-Golden") in G
    assert len(_files(home)) == 2


def test_off_with_netmap_cache_0(home, topo, monkeypatch):
    monkeypatch.setenv("NETMAP_CACHE", "0")
    load = Counting()
    cache.cached_load_graph(topo, load)
    cache.cached_load_graph(topo, load)
    assert load.calls == 2 and not home.exists()


def test_small_files_are_not_cached(home, topo, monkeypatch):
    monkeypatch.setattr(cache, "MIN_BYTES", topo.stat().st_size + 1)
    cache.cached_load_graph(topo, Counting())
    assert not home.exists()


def test_a_file_others_can_write_is_never_read(home, topo):
    load = Counting()
    cache.cached_load_graph(topo, load)
    [f] = _files(home)
    os.chmod(f, 0o666)
    cache.cached_load_graph(topo, load)
    assert load.calls == 2


def test_a_symbolic_link_in_place_of_a_cache_file_is_never_followed(home, topo, tmp_path):
    load = Counting()
    cache.cached_load_graph(topo, load)
    [f] = _files(home)
    elsewhere = tmp_path / "elsewhere.pickle"
    os.replace(f, elsewhere)
    os.symlink(elsewhere, f)
    cache.cached_load_graph(topo, load)
    assert load.calls == 2


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to give a file to another user")
def test_a_file_owned_by_another_user_is_never_read(home, topo):
    load = Counting()
    cache.cached_load_graph(topo, load)
    [f] = _files(home)
    os.chown(f, 65534, 65534)
    cache.cached_load_graph(topo, load)
    assert load.calls == 2


def test_a_folder_others_can_enter_is_not_used(home, topo):
    home.mkdir(mode=0o755)
    os.chmod(home, 0o755)  # mkdir's mode is masked by umask
    load = Counting()
    cache.cached_load_graph(topo, load)
    cache.cached_load_graph(topo, load)
    assert load.calls == 2 and _files(home) == []


def test_a_symbolic_link_as_the_folder_is_not_used(home, topo, tmp_path):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    os.symlink(real, home)
    load = Counting()
    cache.cached_load_graph(topo, load)
    cache.cached_load_graph(topo, load)
    assert load.calls == 2 and _files(real) == []


def test_a_damaged_cache_file_is_ignored(home, topo):
    load = Counting()
    cache.cached_load_graph(topo, load)
    [f] = _files(home)
    f.write_bytes(b"not a pickle")
    G = cache.cached_load_graph(topo, load)
    assert load.calls == 2
    _same(G, load_graph(topo))


def test_a_pickle_of_something_else_is_ignored(home, topo):
    load = Counting()
    cache.cached_load_graph(topo, load)
    [f] = _files(home)
    f.write_bytes(pickle.dumps({"not": "a graph"}))
    cache.cached_load_graph(topo, load)
    assert load.calls == 2


def test_a_file_with_problems_raises_and_nothing_is_cached(home, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("netmap: 1\nsites: [{name: A}, {name: A}]\n")
    for _ in range(2):
        with pytest.raises(TopologyError):
            cache.cached_load_graph(bad, Counting())
    assert not home.exists() or _files(home) == []


def test_the_folder_is_bounded(home, topo, monkeypatch):
    cache.cached_load_graph(topo, Counting())
    [first] = _files(home)
    monkeypatch.setattr(cache, "MAX_BYTES", first.stat().st_size + 10)
    os.utime(first, (1, 1))  # least recently used
    topo.write_bytes(topo.read_bytes() + b"# another file\n")
    cache.cached_load_graph(topo, Counting())
    [kept] = _files(home)
    assert kept != first


def test_the_command_line_answers_the_same_from_the_cache(home, topo, run):
    code1, out1, err1 = run("failover", topo, "--plan", "Plan-Gold", "--site-down",
                            "Beijing", "--format", "json")
    assert len(_files(home)) == 1
    code2, out2, err2 = run("failover", topo, "--plan", "Plan-Gold", "--site-down",
                            "Beijing", "--format", "json")
    assert (code1, err1) == (code2, err2) == (0, "")
    assert out1 == out2 and '"failed_over"' in out1


def test_a_folder_under_one_others_can_write_is_not_used(tmp_path, topo, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)  # anyone could rename the cache folder away and put another
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared))
    monkeypatch.delenv("NETMAP_CACHE", raising=False)
    monkeypatch.setattr(cache, "MIN_BYTES", 0)
    load = Counting()
    cache.cached_load_graph(topo, load)
    cache.cached_load_graph(topo, load)
    assert load.calls == 2
    assert not (shared / "netmap").exists() or _files(shared / "netmap") == []
