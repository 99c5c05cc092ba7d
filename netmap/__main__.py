from netmap.cli import entry

entry()
