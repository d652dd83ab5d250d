"""``python -m sim``: the povsim command."""

from sim.cli import main

raise SystemExit(main())
