"""``python -m sim``: the povsim command."""

from sim.cli import entry

raise SystemExit(entry())
