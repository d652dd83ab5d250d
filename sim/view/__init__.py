"""``povsim view``: the ten villages in a browser (Mesa's SolaraViz, served by Solara)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path

APP = "sim.view.app"


def serve(scenarios: Sequence[Path], host: str = "127.0.0.1", port: int = 8765) -> int:
    """Serve the page until Ctrl-C; returns the exit status."""
    from solara.__main__ import cli as solara_cli  # imported here: only the view needs Solara

    os.environ["POVSIM_VIEW_SCENARIOS"] = os.pathsep.join(str(Path(p).resolve()) for p in scenarios)
    print(f"povsim view: serving http://{host}:{port}/ (Ctrl-C stops it)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        solara_cli.main(
            ["run", APP, "--host", host, "--port", str(port), "--production", "--no-open"],
            standalone_mode=False,
        )
    return 0
