"""Speed of a full ten-village, ten-year run beside a plain Mesa model of the same size.

The plain model is what Mesa users write first: 2,020 agents that each do a trivial step (a
few float operations and one random draw) through ``shuffle_do``, with a DataCollector that
reports the mean wealth every step. Both, and povsim with the 2009 programme
(``+programme``), are timed from construction to the end of 120 monthly steps, interleaved
run by run so that load on this shared machine hits all alike, after one warm-up run each
(imports, numba's compiled kernels). Household-steps per second are households x steps /
seconds, on the median run; the stepping alone is shown too.

Usage: python benchmarks/speed.py [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import mesa
import numpy as np

from sim import PovertyModel, load_scenario

HOUSEHOLDS = 2020
STEPS = 120


class PlainHousehold(mesa.Agent):
    """A household with a trivial step: a few float operations and one random draw."""

    def __init__(self, model: mesa.Model) -> None:
        super().__init__(model)
        self.income = 100.0
        self.wealth = 0.0

    def step(self) -> None:
        self.income = 0.9 * self.income + 20.0 * self.model.rng.random()
        self.wealth += self.income - 95.0


class PlainModel(mesa.Model):
    """``agents`` agents (2,020 unless told) stepped one by one, with a DataCollector."""

    def __init__(self, agents: int = HOUSEHOLDS, rng: int | None = None) -> None:
        super().__init__(rng=rng)
        PlainHousehold.create_agents(self, agents)
        self.datacollector = mesa.DataCollector(
            model_reporters={"mean_wealth": lambda m: m.agents.agg("wealth", np.mean)}
        )

    def step(self) -> None:
        self.agents.shuffle_do("step")
        self.datacollector.collect(self)


PROGRAMME = load_scenario(Path(__file__).parent.parent / "scenarios" / "liaoning-2009.toml").params


def with_programme(rng: int) -> PovertyModel:
    """The ten villages with the 2009 programme (scenarios/liaoning-2009.toml)."""
    return PovertyModel(PROGRAMME, rng=rng)


def time_run(build: Callable[..., mesa.Model], seed: int) -> tuple[float, float]:
    """Seconds to build, and to step 120 months."""
    start = time.perf_counter()
    model = build(rng=seed)
    built = time.perf_counter()
    for _ in range(STEPS):
        model.step()
    return built - start, time.perf_counter() - built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="runs of each model (default 15)")
    args = parser.parse_args()

    models: dict[str, Callable[..., mesa.Model]] = {
        "povsim": PovertyModel,
        "+programme": with_programme,
        "plain Mesa": PlainModel,
    }
    for build in models.values():
        time_run(build, 0)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in models}
    for seed in range(1, args.repeats + 1):
        for name, build in models.items():
            times[name].append(time_run(build, seed))

    household_steps = HOUSEHOLDS * STEPS
    print(
        f"{household_steps:,} household-steps per run (2,020 households x 120 months), "
        f"median of {args.repeats} interleaved runs each\n"
    )
    print(
        f"{'model':<12} {'build ms':>9} {'steps ms':>9} {'total ms':>9} {'household-steps/s':>18} "
        f"{'stepping only/s':>16}"
    )
    rates = {}
    for name, runs in times.items():
        build = statistics.median(b for b, _ in runs)
        steps = statistics.median(s for _, s in runs)
        total = statistics.median(b + s for b, s in runs)
        rates[name] = (household_steps / total, household_steps / steps)
        print(
            f"{name:<12} {build * 1e3:>9.1f} {steps * 1e3:>9.1f} {total * 1e3:>9.1f} "
            f"{rates[name][0]:>18,.0f} {rates[name][1]:>16,.0f}"
        )
    print()
    for name in ("povsim", "+programme"):
        full = rates[name][0] / rates["plain Mesa"][0]
        stepping = rates[name][1] / rates["plain Mesa"][1]
        print(
            f"ratio {name} / plain Mesa: {full:.1f}x per household-step (build + steps), "
            f"{stepping:.1f}x stepping only"
        )


if __name__ == "__main__":
    main()
