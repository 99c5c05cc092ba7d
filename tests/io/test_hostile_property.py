"""Issue 14: whatever bytes a topology file holds, and whatever scalar YAML or JSON
text holds, the command line answers (exit 0 or 1) or says ``error:`` and exits 2:
never a traceback, never an internal error, never a raw control character on stderr.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from netmap.cli import main

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _check(content: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "t" + suffix)
        with open(path, "wb") as f:
            f.write(content)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(["check", path])
                code = 0
            except SystemExit as e:
                code = e.code
    err = err.getvalue()
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err
    if code == 2:
        lines = err.splitlines()
        assert lines and all(line.startswith("error: ") for line in lines), err
        # no control character (C0 but the newline, DEL, C1) reaches the terminal
        assert not any((ord(ch) < 32 and ch != "\n") or 0x7f <= ord(ch) < 0xa0
                       for ch in err), repr(err)


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from([".yaml", ".json"]))
@example(b"\x00" * 10, ".yaml")
@example(b"netmap: 1\nname: \"\\e[2J\"\n", ".yaml")
@example(b'{"netmap": 1, "netmap": 1}', ".json")
def test_arbitrary_bytes_load_or_fail_with_error_lines(content, suffix):
    _check(content, suffix)


# a scalar YAML may construct, or fail to: tags, number prefixes, dates, escapes
_PREFIXES = ["", "!!int ", "!!float ", "!!bool ", "!!str ", "!!timestamp ", "!!binary ",
             "!!null ", "0x", "0b", "0o", "0x_", "0b_", "2024-02-", "1_000", "-", ".", "~",
             "&a ", "*a", "!!python/object ", "!foo "]
_scalar = st.builds(lambda p, s: p + s, st.sampled_from(_PREFIXES),
                    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12))


@SETTINGS
@given(_scalar, _scalar, st.booleans())
@example("2024-02-30", "x", False)
@example("", "!!int ", False)  # PyYAML's IndexError: an internal error before
@example("!!int abc", "x", True)
@example("9" * 5000, "x", False)
def test_arbitrary_yaml_scalars_load_or_fail_with_error_lines(a, b, quoted):
    if quoted:
        b = '"' + b.replace("\\", "\\\\").replace('"', '\\"') + '"'
    text = f"netmap: 1\nname: {a}\nsites:\n  - name: {b}\n    kind: {a}\n"
    _check(text.encode("utf-8"), ".yaml")


_number = st.one_of(st.integers().map(str), st.floats().map(json.dumps),
                    st.text(max_size=5).map(json.dumps),
                    st.text(alphabet="0123456789.eE+-", min_size=1, max_size=20))


@SETTINGS
@given(st.text(max_size=30), _number)
@example("\\ud800", "1")
@example("a", "9" * 5000)
@example("a", "1e400")
def test_arbitrary_json_scalars_load_or_fail_with_error_lines(name, number_text):
    text = ('{"netmap": 1, "name": "%s", "sites": [{"name": "S"}], "vmm_servers": [{"name": '
            '"V", "site": "S"}], "hosts": [{"name": "H", "vmm": "V", "capacity": '
            '{"memory_gb": %s}}]}' % (name.replace("\\", "\\\\").replace('"', '\\"'),
                                      number_text))
    _check(text.encode("utf-8", "surrogatepass"), ".json")
