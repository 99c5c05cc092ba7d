"""Values that match a YAML tag's pattern but cannot be read are load errors with a line,
never tracebacks (house rule 3: "a clear error: message naming file, line and object")."""

from __future__ import annotations

import pytest

import netmap
from netmap.errors import TopologyError

CASES = {
    "impossible date": "2024-02-30",
    "hex without digits": "0x_",
    "binary without digits": "0b_",
    "bool tag": "!!bool maybe",
    "int tag": "!!int abc",
    "float tag": "!!float abc",
    "too many digits": "9" * 5000,
}


@pytest.mark.parametrize("value", list(CASES.values()), ids=list(CASES))
def test_an_unreadable_yaml_value_is_a_load_error_on_its_line(value):
    text = f"netmap: 1\nsites: []\nname: {value}\n"
    with pytest.raises(TopologyError) as e:
        netmap.loads(text, "t.yaml")
    (problem,) = e.value.problems
    assert (problem.file, problem.line) == ("t.yaml", 3)
    assert "cannot read" in problem.message


def test_a_json_number_too_long_is_a_load_error():
    with pytest.raises(TopologyError) as e:
        netmap.loads('{"netmap": 1, "x": ' + "9" * 5000 + "}", "t.json")
    assert "4,300 digits" in str(e.value)


@pytest.mark.parametrize("value", ["2024-02-30", "!!int abc"])
def test_the_command_line_says_error_and_exits_2(run, tmp_path, value):
    p = tmp_path / "t.yaml"
    p.write_text(f"netmap: 1\nname: {value}\n")
    code, out, err = run("check", p)
    assert code == 2
    assert err.startswith(f"error: {p}:2:")
    assert "Traceback" not in err


@pytest.mark.parametrize("escape, bad", [
    (r"\ud800", True), (r"\udc00", True), (r"ab\udc00", True), (r"\ud800\u0041", True),
    (r"\\\ud800", True), (r"\ud83d\ude00", False), (r"\uDBFF\uDFFF", False),
    (r"a\\ud800", False), (r"x\u00e9", False),
])
def test_a_lone_surrogate_in_json_is_a_load_error(escape, bad):
    """Half a UTF-16 pair is no character: it loaded, then crashed every writer."""
    text = '{"netmap": 1,\n "name": "' + escape + '"}'
    if bad:
        with pytest.raises(TopologyError) as e:
            netmap.loads(text, "t.json")
        (problem,) = e.value.problems
        assert problem.line == 2 and "surrogate" in problem.message
    else:
        t = netmap.loads(text, "t.json")
        t.name.encode("utf-8")  # a whole character (or plain text): writable


@pytest.mark.parametrize("number", [2 ** 64, int("9" * 400), 1e300])
def test_a_size_beyond_2_to_the_53_is_a_load_error(example_file, number):
    """Sizes and capacities past 2^53 broke arithmetic and JSON writers (2^64: export)."""
    import yaml
    data = yaml.safe_load(example_file.read_text())
    data["hosts"][0]["capacity"]["memory_gb"] = number
    with pytest.raises(TopologyError) as e:
        netmap.loads(yaml.safe_dump(data), "t.yaml")
    assert "expected a number up to 2^53" in str(e.value)


def test_2_to_the_53_itself_loads(example_file):
    import yaml
    data = yaml.safe_load(example_file.read_text())
    data["hosts"][0]["capacity"]["memory_gb"] = 2 ** 53
    assert netmap.loads(yaml.safe_dump(data), "t.yaml").host


def test_a_tag_with_no_value_is_a_load_error():
    """Found by tests/io/test_hostile_property.py: ``!!int`` with nothing after it made
    PyYAML raise IndexError, an internal error (exit 3)."""
    with pytest.raises(TopologyError) as info:
        netmap.loads("netmap: 1\nname: !!int \n", "t.yaml")
    assert [p.line for p in info.value.problems] == [2]
    assert "cannot read '' as int" in str(info.value)
