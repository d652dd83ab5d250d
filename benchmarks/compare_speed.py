"""How long a planner waits: ``povsim compare`` of 5 scenarios x 20 replications x 10 years.

Runs the comparison of the README's main job (no-programme against liaoning-2009 and the three
single-intervention scenarios) in process, as the command does, with 1 and with 2 worker
processes, and prints the wall-clock seconds of each, with the runs per second. Includes
writing the tables, the report and its figures. The run without a programme of each seed is made
once: it is the baseline's replication and every programme's counterfactual, so the 100
replications are 100 model runs (180 when each programme reran its counterfactual).

Usage: python benchmarks/compare_speed.py [--replications N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import tempfile
import time
from pathlib import Path

from sim.cli import main as povsim

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
NAMES = (
    "no-programme",
    "liaoning-2009",
    "village-advancement-only",
    "livestock-rolling-only",
    "labour-training-only",
)


def timed(workers: int, replications: int) -> float:
    """Seconds for one comparison."""
    with tempfile.TemporaryDirectory() as out:
        argv = [
            "compare",
            *(str(SCENARIOS / f"{n}.toml") for n in NAMES),
            "--replications",
            str(replications),
            "--workers",
            str(workers),
            "--out",
            out,
            "--json",
        ]
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            status = povsim(argv)
        elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"povsim compare failed with status {status}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=20)
    args = parser.parse_args()
    timed(1, 1)  # warm-up: imports, numba's compiled kernels
    runs = len(NAMES) * args.replications
    print(f"povsim compare: {len(NAMES)} scenarios x {args.replications} replications x 10 years")
    for workers in (1, 2):
        seconds = timed(workers, args.replications)
        print(f"  {workers} worker(s): {seconds:5.1f} s  ({runs / seconds:.1f} replications/s)")


if __name__ == "__main__":
    main()
