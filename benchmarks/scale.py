"""Cost per household-step from the ten villages to the province, and beside a plain Mesa loop.

Two parts, printed as tables:

1. **Side by side, in one process** (interleaved run by run, median of ``--repeats``), at 2,020
   and 20,200 households: a plain Mesa model of that many agents (the loop of
   ``benchmarks/speed.py``: a trivial step each through ``shuffle_do`` and a DataCollector), the
   model alone with the 2009 programme (build and 120 monthly steps), and the full ``sim.run``
   of it: the programme, its counterfactual without the programme and the results. A full run's
   household-steps count both models.
2. **Scaling, one subprocess per size** (so that each size's peak memory is its own): the full
   ``sim.run`` at 2,020, 20,200, 202,000 and 323,200 households (the ten villages replicated 1,
   10, 100 and 160 times, with the 2009 programme's budgets, trainees and cadres replicated with
   them, so that every household meets the same programme at every size), the province scenario
   (``scenarios/qinghai-key-counties.toml``: 1,622 villages rolled out from 2009 to 2018) as a
   full ``sim.run`` in one process, and the command ``povsim run
   scenarios/qinghai-key-counties.toml --seed 1 --years 10`` itself, which by default runs the
   counterfactual in a second process alongside (``sim/alongside.py``). Household-steps per
   second, and the peak resident memory of the process and its children together (sampled every
   20 ms; it includes the interpreter and its imports, and the worker process alongside).

The ten-village figures use ``scenarios/liaoning-2009.toml``. Ratios are measured side by side
on the same machine, which is shared and noisy: compare rows of one run, not runs.

Usage: python benchmarks/scale.py [--repeats N] [--sizes 1,10,100,160] [--skip-province] [--part 1|2|both]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from speed import PlainModel  # benchmarks/speed.py: this script's folder is on the path

import sim
from sim import PovertyModel, load_scenario
from sim.scenario import apply_overrides
from sim.villages import VillageSpec, load_villages, village_set

ROOT = Path(__file__).resolve().parents[1]
LIAONING = ROOT / "scenarios" / "liaoning-2009.toml"
PROVINCE = ROOT / "scenarios" / "qinghai-key-counties.toml"
MONTHS = 120
# The programme's quantities that grow with the number of villages it serves.
REPLICATED = (
    "programme.village_advancement.budget_yuan",
    "programme.rolling.budget_yuan",
    "programme.training.trainees_per_year",
    "programme.training.cadres_per_year",
)


def replicated_villages(times: int) -> tuple[VillageSpec, ...]:
    """The ten villages, ``times`` over (each copy named apart)."""
    ten = load_villages()
    if times == 1:
        return ten
    return tuple(dataclasses.replace(v, name=f"{v.name} #{i + 1}") for i in range(times) for v in ten)


def replicated_overrides(times: int) -> dict[str, Any]:
    """The 2009 programme's budgets and places, ``times`` over."""
    params = load_scenario(LIAONING).params
    out: dict[str, Any] = {}
    for name in REPLICATED:
        value: Any = params
        for part in name.split("."):
            value = getattr(value, part)
        out[name] = value * times
    return out


def plain_run(agents: int, seed: int) -> float:
    start = time.perf_counter()
    model = PlainModel(agents, rng=seed)
    for _ in range(MONTHS):
        model.step()
    return time.perf_counter() - start


def model_run(times: int, seed: int) -> float:
    params = apply_overrides(load_scenario(LIAONING).params, replicated_overrides(times), origin="benchmark")
    villages = replicated_villages(times)
    start = time.perf_counter()
    PovertyModel(params, rng=seed, villages=villages).run()
    return time.perf_counter() - start


def full_run(times: int, seed: int) -> float:
    villages = replicated_villages(times)
    start = time.perf_counter()
    sim.run(LIAONING, seed=seed, villages=villages, overrides=replicated_overrides(times))
    return time.perf_counter() - start


def side_by_side(repeats: int) -> list[dict[str, Any]]:
    """Part 1: plain loop, model alone and full run, interleaved, at 1 and 10 times the ten
    villages."""
    rows = []
    for times in (1, 10):
        households = sum(v.households for v in replicated_villages(times))
        runners: dict[str, Callable[[int], float]] = {
            "plain Mesa loop": lambda seed, n=households: plain_run(n, seed),
            "model alone (liaoning-2009)": lambda seed, t=times: model_run(t, seed),
            "full sim.run (liaoning-2009)": lambda seed, t=times: full_run(t, seed),
        }
        for runner in runners.values():
            runner(0)  # warm-up: imports, numba's kernels
        seconds: dict[str, list[float]] = {name: [] for name in runners}
        for seed in range(1, repeats + 1):
            for name, runner in runners.items():
                seconds[name].append(runner(seed))
        plain = statistics.median(seconds["plain Mesa loop"])
        for name, runs in seconds.items():
            median = statistics.median(runs)
            models = 2 if name.startswith("full") else 1
            steps = households * MONTHS * models
            rows.append(
                {
                    "households": households,
                    "what": name,
                    "seconds": median,
                    "household_steps_per_s": steps / median,
                    "vs_plain": (steps / median) / (households * MONTHS / plain),
                    "share_of_plain_run": median / plain,
                }
            )
    return rows


def child(times: int) -> None:
    """One full run at ``times`` the ten villages (0: the province scenario), in this process
    (the counterfactual too); prints its seconds."""
    full_run(1, 0)  # warm-up at the smallest size: imports, numba's kernels
    if times == 0:
        start = time.perf_counter()
        sim.run(PROVINCE, seed=1, years=10, workers=1)
        seconds = time.perf_counter() - start
    else:
        seconds = full_run(times, 1)
    print(json.dumps({"seconds": seconds}))


def tree_rss_kb(pid: int) -> int:
    """Resident kB of a process and all its descendants, now (0 once it is gone)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


def waited(argv: list[str]) -> tuple[float, int, str]:
    """Run a child process; its wall seconds, the peak resident kB of it and its own children
    together (sampled every 20 ms, so a worker process alongside counts), and its output."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, cwd=ROOT)
    assert process.stdout is not None
    out = process.stdout
    chunks: list[bytes] = []

    def read() -> None:  # a thread, so a full pipe cannot stall the child
        chunks.append(out.read())

    reader = threading.Thread(target=read)
    reader.start()
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss_kb(process.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    reader.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with exit {process.returncode}")
    return seconds, peak, b"".join(chunks).decode()


def scaling(sizes: list[int], province: bool) -> list[dict[str, Any]]:
    """Part 2: one subprocess per size."""
    rows = []
    for times in sizes:
        _, peak_kb, out = waited([sys.executable, __file__, "--child", str(times)])
        seconds = json.loads(out.strip().splitlines()[-1])["seconds"]
        households = sum(v.households for v in replicated_villages(times))
        rows.append(
            {
                "what": f"ten villages x {times}, liaoning-2009 (full sim.run)",
                "households": households,
                "seconds": seconds,
                "household_steps_per_s": 2 * households * MONTHS / seconds,
                "peak_mb": peak_kb / 1024,
            }
        )
    if province:
        _, peak_kb, out = waited([sys.executable, __file__, "--child", "0"])
        seconds = json.loads(out.strip().splitlines()[-1])["seconds"]
        households = sum(v.households for v in village_set("qinghai-key-counties"))
        rows.append(
            {
                "what": "qinghai-key-counties, 10 years (full sim.run, one process)",
                "households": households,
                "seconds": seconds,
                "household_steps_per_s": 2 * households * MONTHS / seconds,
                "peak_mb": peak_kb / 1024,
            }
        )
        command = [
            sys.executable,
            "-m",
            "sim",
            "run",
            str(PROVINCE),
            "--seed",
            "1",
            "--years",
            "10",
            "--json",
        ]
        seconds, peak_kb, out = waited(command)
        households = int(json.loads(out)["households"])
        rows.append(
            {
                "what": "povsim run qinghai-key-counties --years 10 (command, 2 processes)",
                "households": households,
                "seconds": seconds,
                "household_steps_per_s": 2 * households * MONTHS / seconds,
                "peak_mb": peak_kb / 1024,
            }
        )
    return rows


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, numpy {np.__version__}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="interleaved runs of each (default 5)")
    parser.add_argument("--sizes", default="1,10,100,160", help="replications of the ten villages")
    parser.add_argument("--skip-province", action="store_true", help="leave out the province command")
    parser.add_argument("--part", choices=("1", "2", "both"), default="both", help="which part to run")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    print(f"machine: {machine()}\n")
    if args.part in ("1", "both"):
        print(f"1. side by side, in one process: median of {args.repeats} interleaved runs, 120 months\n")
        print(
            f"{'households':>10}  {'what':<30} {'seconds':>8} {'household-steps/s':>18} "
            f"{'x plain':>8} {'of a plain run':>15}"
        )
        for row in side_by_side(args.repeats):
            print(
                f"{row['households']:>10,}  {row['what']:<30} {row['seconds']:>8.3f} "
                f"{row['household_steps_per_s']:>18,.0f} {row['vs_plain']:>8.1f} "
                f"{row['share_of_plain_run']:>15.2f}"
            )
    if args.part == "1":
        return
    print("\n2. scaling: one process per size, full runs (household-steps count both models)\n")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    rows = scaling(sizes, province=not args.skip_province and PROVINCE.exists())
    print(f"{'households':>10}  {'what':<68} {'seconds':>8} {'household-steps/s':>18} {'peak MB':>8}")
    for row in rows:
        print(
            f"{row['households']:>10,}  {row['what']:<68} {row['seconds']:>8.2f} "
            f"{row['household_steps_per_s']:>18,.0f} {row['peak_mb']:>8,.0f}"
        )
    by_size = {row["households"]: row for row in rows if row["what"].startswith("ten")}
    if 20_200 in by_size:
        base = 1 / by_size[20_200]["household_steps_per_s"]
        for row in rows:
            if "command" in row["what"]:
                continue  # two processes: not one process's cost
            cost = 1 / row["household_steps_per_s"]
            print(f"cost per household-step at {row['households']:,}: {cost / base:.2f} x that at 20,200")


if __name__ == "__main__":
    main()
