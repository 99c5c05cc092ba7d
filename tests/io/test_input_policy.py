"""The input policy (docs/format.md, "Input policy"; issue 14, item 7): inputs are
bounded before they are parsed, and a small file costs little whatever it holds.

* a file over the input limit (512 MB, ``NETMAP_MAX_INPUT`` in MB) is refused before it
  is read; a device or FIFO is read up to the limit, and a NUL byte ends the read
  (``/dev/zero`` was read until memory ran out);
* aliases add at most ten times the values a file holds (a 127 kB alias file just under
  the old limit of 5,000,000 values took 18 s and 2.5 GB);
* "did you mean" spends a bounded amount of work per file (12,000 unknown references
  among 12,000 names compared every pair: minutes).
"""

from __future__ import annotations

import difflib
import os
import threading

import pytest

import netmap
from netmap.errors import TopologyError
from netmap.io import load, yaml_safety
from netmap.model import names


def _problems(path_or_text, name="t.yaml"):
    with pytest.raises(TopologyError) as info:
        if os.path.exists(str(path_or_text)):
            netmap.load(path_or_text)
        else:
            netmap.loads(path_or_text, name)
    return [str(p) for p in info.value.problems]


def test_a_file_over_the_input_limit_is_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"netmap: 1\n" + b"# padding\n" * 220_000)  # 2.1 MB
    monkeypatch.setenv("NETMAP_MAX_INPUT", "2")
    assert _problems(big) == [
        f"{big}: refused: the file is 2 MB, over the input limit of 2 MB (set "
        "NETMAP_MAX_INPUT to a size in MB to raise it)"]
    monkeypatch.setenv("NETMAP_MAX_INPUT", "3")
    assert netmap.load(big).graph.number_of_nodes() == 0


def test_the_default_input_limit_is_512_mb(monkeypatch):
    monkeypatch.delenv("NETMAP_MAX_INPUT", raising=False)
    assert load.max_input_bytes() == 512 * 2**20


@pytest.mark.parametrize("value", ["0", "-1", "ten", "1.5", "9999999999"])
def test_a_bad_input_limit_is_an_error(example_file, monkeypatch, value):
    monkeypatch.setenv("NETMAP_MAX_INPUT", value)
    assert _problems(example_file) == [
        f"NETMAP_MAX_INPUT: '{value}' is not a size in MB (a whole number from 1 to "
        "999999999)"]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_dev_zero_ends_at_once_with_an_error(run):
    code, out, err = run("report", "/dev/zero")
    assert (code, out) == (2, "")
    assert err == "error: /dev/zero:1: not a text file: it holds a NUL byte\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_fifo_is_read_up_to_the_limit(tmp_path, monkeypatch):
    fifo = tmp_path / "topo.yaml"
    os.mkfifo(fifo)
    monkeypatch.setenv("NETMAP_MAX_INPUT", "1")

    def feed():
        try:
            with open(fifo, "wb") as f:
                for _ in range(300):  # 3 MB of comments, if anyone reads them
                    f.write(b"# padding padding padding padding padding padding padding\n"
                            * 180)
        except BrokenPipeError:
            pass  # the reader stopped at the limit

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        assert _problems(fifo) == [
            f"{fifo}: refused: the file is more than 1 MB, over the input limit of 1 MB "
            "(set NETMAP_MAX_INPUT to a size in MB to raise it)"]
    finally:
        writer.join(timeout=30)


def test_a_small_fifo_loads(tmp_path, example_file):
    fifo = tmp_path / "topo.yaml"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(example_file.read_bytes()))
    writer.start()
    try:
        assert netmap.load(fifo).graph.number_of_nodes() == \
            netmap.load(example_file).graph.number_of_nodes()
    finally:
        writer.join(timeout=30)


def _shared_sites(n, shares):
    sites = "".join(f"  - {{name: S{i}}}\n" for i in range(n))
    return "netmap: 1\nsites: &s\n" + sites + "name: [" + ", ".join(["*s"] * shares) + "]\n"


def test_aliases_may_add_ten_times_the_values_a_file_holds(monkeypatch):
    monkeypatch.setattr(yaml_safety, "MAX_EXPANDED", 100)
    # 2,000 sites (4,016 values held: lists, mappings and their items); 9 shares of the
    # 4,001-value list add about 36,000: not more than 10 times what is held, so it loads
    problems = _problems(_shared_sites(2000, 9))
    assert problems == ["t.yaml:2003: name: expected a string, got a list"]
    # 12 shares add 48,000, more than 10 times what the file holds: refused
    assert _problems(_shared_sites(2000, 12)) == [
        "t.yaml: refused: YAML aliases expand this file by 48,000 values, more than 10 times "
        "the 4,016 it holds or 100 (an alias bomb?)"]


def test_did_you_mean_spends_a_bounded_amount_of_work(monkeypatch):
    """3,000 VMs each depending on an unknown VM: every pair was compared (9,000,000
    full comparisons); now at most SUGGESTION_BUDGET / 20, and the first ones still get
    their suggestion."""
    calls = [0]
    ratio = difflib.SequenceMatcher.ratio

    def counted(self):
        calls[0] += 1
        return ratio(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counted)
    vms = "".join(f"  - {{name: VM{i}, cloud: C, depends_on: [VMX{i}]}}\n" for i in range(3000))
    text = ("netmap: 1\nsites: [{name: S}]\nvmm_servers: [{name: V, site: S}]\n"
            "clouds: [{name: C, vmm: V}]\nvms:\n" + vms)
    problems = _problems(text)
    assert len(problems) == 3000
    assert problems[0] == ("t.yaml:6: vms[0] (VM0).depends_on[0]: unknown VM 'VMX0' "
                           "(did you mean 'VM0'?)")
    assert problems[-1] == "t.yaml:3005: vms[2999] (VM2999).depends_on[0]: unknown VM 'VMX2999'"
    assert 0 < calls[0] <= names.SUGGESTION_BUDGET // 20
