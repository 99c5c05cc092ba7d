"""Issue 14, item 7: diagrams bound what they draw. A name may be 256 characters (the
input policy); labels are shortened (NAME_CAP, SEG_CAP, LINE_CAP characters), so a
drawing of 256-character names is no bigger (and no slower) than one of 100-character
names, whatever the length a name may have. A 100,000-character name
ended in MemoryError before."""

from __future__ import annotations

import pytest

import netmap
from netmap import plot
from netmap.plot._layout import LINE_CAP


def _topology(length):
    def nm(prefix, i=0):
        return (f"{prefix}{i}-" + "x" * 300)[:length]

    vms = "".join(f"  - {{name: {nm('V', i)}, cloud: {nm('CA')}, nics: [{{network: "
                  f"{nm('NA', i % 3)}}}]}}\n" for i in range(12))
    nets = "".join(f"  - {{name: {nm('NA', i)}, logical_network: {nm('LA')}}}\n"
                   f"  - {{name: {nm('NB', i)}, logical_network: {nm('LB')}}}\n"
                   for i in range(3))
    maps = "".join(f"  - {{source: {nm('NA', i)}, target: {nm('NB', i)}}}\n" for i in range(3))
    text = f"""netmap: 1
name: {nm('T')}
sites: [{{name: {nm('A')}}}, {{name: {nm('B')}}}]
vmm_servers: [{{name: {nm('VA')}, site: {nm('A')}}}, {{name: {nm('VB')}, site: {nm('B')}}}]
logical_networks: [{{name: {nm('LA')}, vmm: {nm('VA')}}}, {{name: {nm('LB')}, vmm: {nm('VB')}}}]
vm_networks:
{nets}network_mappings:
{maps}clouds:
  - {{name: {nm('CA')}, vmm: {nm('VA')}, logical_networks: [{nm('LA')}]}}
  - {{name: {nm('CB')}, vmm: {nm('VB')}, logical_networks: [{nm('LB')}]}}
protection: [{{protected: {nm('CA')}, protecting: {nm('CB')}}}]
vms:
{vms}recovery_plans:
  - name: {nm('P')}
    groups: [[{', '.join(nm('V', i) for i in range(12))}]]
"""
    return netmap.loads(text, "t.yaml")


@pytest.mark.parametrize("view", ["topology", "failover", "plan"])
def test_a_diagram_of_256_character_names_is_no_bigger_than_of_100(view):
    sizes = {}
    for length in (LINE_CAP, 256):
        T = _topology(length)
        if view == "plan":
            fig, ax = plot.draw_plan(T, sorted(T.plan)[0])
        else:
            fig, ax = plot.draw(T, view, scenario=netmap.Scenario(all=True))
        sizes[length] = tuple(fig.get_size_inches())
        texts = [t.get_text() for t in ax.texts]
        assert max(len(line) for t in texts for line in t.split("\n")) <= LINE_CAP
        plot.close(fig)
    (w100, h100), (w256, h256) = sizes[LINE_CAP], sizes[256]
    assert w256 <= w100 * 1.05 and h256 <= h100 * 1.05, sizes
