"""A researcher's sweep: thousands of ten-year runs of the 2009 programme on this machine.

Writes a lever experiment (a Latin hypercube over the village-advancement budget split of
``scenarios/liaoning-2009.toml``, as ``experiments/budget-split.toml`` splits it, the village
works taking the rest) and runs it with ``povsim sweep`` as a user does, in a subprocess:

1. the speed-up: the same sweep of ``--small`` runs with 1 and with 2 workers, interleaved
   (1, 2, 1, 2), so that a busy spell of the shared machine falls on both;
2. the full sweep (``--runs``, at least 2,000 ten-year runs) with 2 workers.

For each it prints the wall-clock seconds, runs per second and the peak memory of the sweep's
own process (polled every 0.1 s; its workers each hold one run), which should not grow with the
number of runs: nothing holds all runs in memory.

Usage: python benchmarks/sweep_speed.py [--small 200] [--runs 2000] [--replications 4]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]

EXPERIMENT = """\
[experiment]
description = "Benchmark: the village-advancement budget split, a Latin hypercube of levers"
scenario = "{scenario}"
design = "latin_hypercube"
samples = {points}
replications = {replications}
seed = 2009
years = 10
outcomes = ["benefit_per_yuan", "income_gain_yuan_per_capita@2013"]

[[levers]]
name = "programme.village_advancement.household_project_share"
low = 0.4
high = 0.7

[[levers]]
name = "programme.village_advancement.leader_training_share"
low = 0.0
high = 0.1

[[levers]]
name = "programme.village_advancement.organising_share"
low = 0.0
high = 0.14

[[remainders]]
name = "programme.village_advancement.infrastructure_share"
total = 1.0
minus = [
    "programme.village_advancement.household_project_share",
    "programme.village_advancement.leader_training_share",
    "programme.village_advancement.organising_share",
]
"""


def sweep(folder: Path, runs: int, replications: int, workers: int) -> tuple[float, float]:
    """Seconds and the sweep process's peak resident memory (MB) for one sweep."""
    experiment = folder / f"bench-{runs}.toml"
    experiment.write_text(
        EXPERIMENT.format(
            scenario=ROOT / "scenarios" / "liaoning-2009.toml",
            points=runs // replications,
            replications=replications,
        )
    )
    out = folder / f"out-{runs}-{workers}-{time.monotonic_ns()}"
    argv = [
        sys.executable,
        "-m",
        "sim",
        "sweep",
        str(experiment),
        "--workers",
        str(workers),
        "--out",
        str(out),
    ]
    start = time.perf_counter()
    process = psutil.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        try:
            peak = max(peak, process.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.1)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"povsim sweep failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--small", type=int, default=200, help="runs of the speed-up sweeps (default 200; 0: none)"
    )
    parser.add_argument(
        "--runs", type=int, default=2000, help="runs of the full sweep (default 2000; 0: none)"
    )
    parser.add_argument("--replications", type=int, default=4, help="replications per point (default 4)")
    args = parser.parse_args()
    cores = psutil.cpu_count()
    print(f"povsim sweep, ten-year runs of liaoning-2009 ({cores} cores)")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        times: dict[int, list[float]] = {1: [], 2: []}
        memory: dict[int, float] = {}
        for workers in (1, 2, 1, 2) if args.small > 0 else ():
            seconds, peak = sweep(folder, args.small, args.replications, workers)
            times[workers].append(seconds)
            memory[workers] = max(memory.get(workers, 0.0), peak)
            print(f"  {args.small:,} runs, {workers} worker(s): {seconds:,.1f} s, peak {peak:,.0f} MB")
        if args.small > 0:
            best = {w: min(t) for w, t in times.items()}
            print(
                f"speed-up, {args.small:,} runs: 1 worker {best[1]:,.1f} s "
                f"({args.small / best[1]:.2f} runs/s), "
                f"2 workers {best[2]:,.1f} s ({args.small / best[2]:.2f} runs/s): "
                f"{best[1] / best[2]:.2f} times as fast"
            )
        if args.runs <= 0:
            return
        seconds, peak = sweep(folder, args.runs, args.replications, 2)
        print(
            f"full sweep: {args.runs:,} ten-year runs, 2 workers: {seconds:,.0f} s "
            f"({args.runs / seconds:.2f} runs/s); the sweep process's peak memory {peak:,.0f} MB"
            + (f" (against {memory[2]:,.0f} MB for {args.small:,} runs with 2 workers)" if memory else "")
        )


if __name__ == "__main__":
    main()
