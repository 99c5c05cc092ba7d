"""Performance machinery: the paused cyclic GC, a forked helper process, the progress bar."""
