"""What questions return, and how answers look.

* :mod:`~netmap.answers.answer`: :class:`~netmap.answers.answer.Answer`, named tables of
  rows with described columns (text, JSON, HTML in Jupyter, a DataFrame by name);
* :mod:`~netmap.answers.render`: the one table renderer (text, Markdown, HTML) and the
  document renderer;
* one module per question family, each a function that asks :mod:`netmap.analysis` and
  shapes what it returns: :mod:`~netmap.answers.mapping` (``mappings``,
  ``target_choices``), :mod:`~netmap.answers.placement` (``place``),
  :mod:`~netmap.answers.failover` (``failover``), :mod:`~netmap.answers.reach` (``reach``),
  :mod:`~netmap.answers.failback` (``failback``), :mod:`~netmap.answers.diff` (``diff``),
  :mod:`~netmap.answers.checks` (``check``) and :mod:`~netmap.answers.report` (``report``).

The functions are not imported here, so that ``netmap.answers.failover`` stays the module.
"""
