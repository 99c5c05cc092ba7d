"""The ``netmap`` command: a thin click layer over the library.

The commands live by area: :mod:`.questions` (mappings, targets, place, failover, reach,
failback), :mod:`.review` (check, report, diff), :mod:`.files` (draw, export,
import asr, generate, schema) and :mod:`.scripts` (collect, fix); :mod:`.options` holds
the options they share and :mod:`.app` the group, the entry points and the wording of
errors. Each command only parses options, calls one library function and prints its
result.

Errors: every :class:`~netmap.errors.NetmapError` and click usage error becomes a message
on stderr starting with ``error:`` and exit status 2, never a traceback.
"""

from __future__ import annotations

from netmap.cli import files, questions, review, scripts
from netmap.cli.app import cli, entry, main

__all__ = ["cli", "main", "entry"]

for _cmd in (
    questions.mappings_cmd, questions.targets_cmd, questions.place_cmd,
    questions.failover_cmd, questions.reach_cmd, questions.failback_cmd,
    review.check_cmd, review.report_cmd, review.diff_cmd,
    files.draw_cmd, files.export_cmd, files.import_group, files.generate_cmd,
    files.schema_cmd, scripts.collect_cmd, scripts.fix_cmd,
):
    cli.add_command(_cmd)
del _cmd
