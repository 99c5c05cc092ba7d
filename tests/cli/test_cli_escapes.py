"""Issue 14, item 11: a name can never put a control character on the terminal or forge
an ``error:`` line. Names in files are refused at load (tests/io/test_invalid.py); what
comes from elsewhere (an option's value, a graph built by hand) is shown escaped."""

from __future__ import annotations

from netmap.answers.render import text_table


def test_an_option_value_with_escapes_is_shown_escaped(run, example_file):
    code, out, err = run("failover", example_file, "--vm", "VM1\x1b[2J\nerror: forged")
    assert code == 2
    assert "\x1b" not in err
    lines = err.splitlines()
    assert len(lines) == 1, lines  # one error line: the newline is escaped, not obeyed
    assert lines[0].startswith("error: ") and "VM1\\x1b[2J\\nerror: forged" in lines[0]


def test_a_table_cell_with_control_characters_is_escaped():
    text = text_table([{"vm": "A\x1b]0;pwned\x07", "note": "two\nlines"}], ["vm", "note"])
    assert "\x1b" not in text and "\x07" not in text
    assert "A\\x1b]0;pwned\\x07" in text
    assert text.splitlines()[-2:] == ["A\\x1b]0;pwned\\x07  two", "                   lines"]


def test_a_scenario_error_naming_an_unknown_plan_is_one_line(run, example_file):
    code, out, err = run("failover", example_file, "--plan", "P\u2028error: forged")
    assert code == 2
    assert len(err.splitlines()) == 1
    assert "P\\u2028error: forged" in err
