"""The command line on the lowest click the package allows (``click>=8.1``): usage errors
exit 2 with ``error:``, required ``-o`` is required, and a group without a subcommand says
so (issue 14, item 3: "test the lowest and the newest"). The newest click is the one
installed, which every other CLI test runs on.

The wheel is ``fixtures/vendor/click-8.1.0-py3-none-any.whl`` (see the README beside it);
a pure-Python wheel is importable straight from the zip on ``PYTHONPATH``.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

WHEEL = "vendor/click-8.1.0-py3-none-any.whl"


@pytest.fixture(scope="module")
def old_click(fixture_path, repo_root, tmp_path_factory):
    """Run ``python -m netmap ARGS`` with click 8.1.0 first on the path:
    returns ``(exit status, stdout, stderr)``."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(fixture_path(WHEEL)),
                                                       str(repo_root)]))
    env.pop("NETMAP_DEBUG", None)
    cwd = tmp_path_factory.mktemp("old-click")

    def run(*args):
        p = subprocess.run([sys.executable, "-m", "netmap", *map(str, args)], env=env,
                           cwd=cwd, capture_output=True, text=True, timeout=120)
        return p.returncode, p.stdout, p.stderr
    return run


def test_the_wheel_is_the_click_that_runs(fixture_path, repo_root):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(fixture_path(WHEEL)),
                                                       str(repo_root)]))
    out = subprocess.run([sys.executable, "-c", "import click, netmap.cli; "
                          "print(click.__version__)"], env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "8.1.0"


@pytest.mark.parametrize("args, says", [
    (("draw", "{example}"), "Missing option"),          # draw needs -o FILE.png
    (("generate", "--vms", "10"), "Missing option"),    # generate needs -o FILE.json
    (("mappings", "{example}", "--no-such-flag"), "No such option"),
    ((), "missing command"),
    # SPEC §5 (revision 2): `netmap import [--asr DIR]... -o T.yaml` is a command of its
    # own (`import asr DIR` a shorthand): alone it has nothing to import
    (("import",), "nothing to import"),
])
def test_usage_errors_exit_2_on_click_8_1(old_click, example_file, args, says):
    code, out, err = old_click(*(a.format(example=example_file) for a in args))
    assert code == 2, (out, err)
    assert err.startswith("error: ") and says in err.splitlines()[0], err
    assert "Traceback" not in err


def test_a_question_answers_on_click_8_1(old_click, example_file):
    code, out, err = old_click("mappings", example_file, "--format", "json")
    assert code == 0, err
    assert '"VMNetwork1-Beijing"' in out
