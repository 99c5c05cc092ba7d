"""Private performance machinery, used by the library and the command line alike.

* :mod:`netmap._runtime.gc`: pausing the cyclic garbage collector while large
  structures are built;
* :mod:`netmap._runtime.fork`: computing an independent part of a question in a forked
  helper process;
* :mod:`netmap._runtime.progress`: the progress bar on stderr, shown only on a terminal.

Nothing here is public API: it may change without notice. None of it changes a result:
outputs are byte-identical with or without it.
"""
