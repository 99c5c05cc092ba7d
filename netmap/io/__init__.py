"""Files in and out: loading and checking topology files, import, export, generation.

Reading a topology: :mod:`.load` (``load``, ``loads``, ``read_topology``,
``check_topology``) parses with :mod:`.yaml_safety` (safe YAML: duplicate keys, depth and
alias guards), checks the shape with :mod:`.schema` and the names and references with
:mod:`.references`, and finds the lines of problems with :mod:`.locate`.

Writing: :mod:`.files` (``write_atomic``: whole or not at all), :mod:`.jsontext` (the one
JSON writer), :mod:`.topology_text` (the one topology writer, YAML or JSON).

Other tools: :mod:`.asr` (import from Azure Site Recovery), :mod:`.export` (GraphML and
node-link JSON), :mod:`.generate` (synthetic topologies for scale tests).
"""
