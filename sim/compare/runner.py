"""Run every scenario over the same seeds, in parallel, into two tidy tables.

Replication ``i`` of every scenario uses seed ``first_seed + i``, so scenarios share their
random numbers (common random numbers) and their differences are paired. Each replication is
computed independently from its scenario and seed, and the tables are sorted by scenario,
replication and year, so they are identical whatever the number of worker processes and the
order in which they finish.

The tables:

- ``yearly``: one row per (scenario, replication, year): seed, pooled outcomes and income by
  source (as :func:`sim.results.outcomes` gives them), and ``growth_over_first_year_yuan``;
- ``runs``: one row per (scenario, replication): seed, aid spent, households reached,
  trainees placed, cost per Yuan gained and per person lifted, and durability shares.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sim.api import run
from sim.programme.outcomes import DURABILITY_YEARS
from sim.results import RunResult
from sim.scenario import Scenario

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Job:
    """One replication of one scenario."""

    scenario: Scenario
    replication: int
    seed: int
    years: int | None
    poverty_line_yuan: float | None


@dataclass
class Replications:
    """Every replication's outcomes; partial if a run failed or was interrupted."""

    yearly: pd.DataFrame
    runs: pd.DataFrame
    village_yearly: pd.DataFrame
    complete: bool = True
    errors: list[str] = field(default_factory=list)


def run_job(job: Job) -> tuple[pd.DataFrame, dict[str, Any], pd.DataFrame]:
    """One replication: its yearly table, its per-run figures, its per-village table."""
    result = run(job.scenario, seed=job.seed, years=job.years, poverty_line_yuan=job.poverty_line_yuan)
    return yearly_rows(result, job), run_row(result, job), village_rows(result, job)


def _key(job: Job) -> dict[str, Any]:
    return {"scenario": job.scenario.name, "replication": job.replication, "seed": job.seed}


def yearly_rows(result: RunResult, job: Job) -> pd.DataFrame:
    """The pooled yearly outcomes of one replication, keyed."""
    frame = result.pooled.reset_index()
    frame.insert(0, "scenario", job.scenario.name)
    frame.insert(1, "replication", job.replication)
    frame.insert(2, "seed", job.seed)
    first = frame["per_capita_net_income_yuan"].iloc[0]
    frame["growth_over_first_year_yuan"] = frame["per_capita_net_income_yuan"] - first
    return frame


def village_rows(result: RunResult, job: Job) -> pd.DataFrame:
    """The per-village yearly outcomes of one replication, keyed."""
    frame = result.by_village.reset_index()
    frame.insert(0, "scenario", job.scenario.name)
    frame.insert(1, "replication", job.replication)
    frame.insert(2, "seed", job.seed)
    return frame


def _number(value: float | None) -> float:
    """A figure, NaN where there is none (zero stays zero)."""
    return float("nan") if value is None else float(value)


def run_row(result: RunResult, job: Job) -> dict[str, Any]:
    """What one replication's programme cost and did (NaN where there is no programme)."""
    row: dict[str, Any] = _key(job)
    p = result.programme
    nan = float("nan")
    row["poverty_line_yuan"] = result.params.simulation.poverty_line_yuan
    row["aid_spent_yuan"] = p["aid_total_yuan"] if p else 0.0
    row["income_gained_yuan"] = p["income_gained_yuan"] if p else 0.0
    row["people_lifted"] = p["people_lifted_in_last_funded_year"] if p else 0.0
    row["households_reached"] = p["households_reached"]["any"] if p else 0
    row["trainees_placed"] = p["trainees"]["placed"] if p else 0
    row["cost_per_yuan_gained"] = _number(p["cost_per_yuan_gained"] if p else None)
    row["cost_per_person_lifted_yuan"] = _number(p["cost_per_person_lifted_yuan"] if p else None)
    for k in DURABILITY_YEARS:
        entry = p["durability"].get(f"{k}_years_after") if p else None
        row[f"durability_{k}_years"] = entry["share_of_last_funded_year_gain"] if entry else nan
    return row


def replicate(
    scenarios: Sequence[Scenario],
    replications: int,
    first_seed: int,
    *,
    years: int | None = None,
    poverty_line_yuan: float | None = None,
    workers: int = 1,
    progress: Progress | None = None,
) -> Replications:
    """Run every scenario ``replications`` times on seeds ``first_seed``, ``first_seed + 1``...

    A failed or interrupted run does not lose the others: the result then holds what was
    computed, with ``complete`` False and the errors listed.
    """
    jobs = [
        Job(scenario, i, first_seed + i, years, poverty_line_yuan)
        for scenario in scenarios
        for i in range(replications)
    ]
    done: dict[tuple[str, int], tuple[pd.DataFrame, dict[str, Any], pd.DataFrame]] = {}
    errors: list[str] = []
    complete = True
    try:
        if workers <= 1:
            for job in jobs:
                try:
                    done[(job.scenario.name, job.replication)] = run_job(job)
                except Exception as error:  # a run's failure must not lose the others
                    complete = False
                    errors.append(f"{job.scenario.name} replication {job.replication}: {error}")
                if progress:
                    progress(len(done) + len(errors), len(jobs))
        else:
            # Workers start from a clean server process: forking this one, whose imports may
            # have started threads, could deadlock.
            context = multiprocessing.get_context("forkserver")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                futures = {pool.submit(run_job, job): job for job in jobs}
                for future in as_completed(futures):
                    job = futures[future]
                    try:
                        done[(job.scenario.name, job.replication)] = future.result()
                    except Exception as error:  # a run's failure must not lose the others
                        complete = False
                        errors.append(f"{job.scenario.name} replication {job.replication}: {error}")
                    if progress:
                        progress(len(done) + len(errors), len(jobs))
    except KeyboardInterrupt:
        complete = False
        errors.append("interrupted")
    return assemble(scenarios, done, complete and len(done) == len(jobs), errors)


def assemble(
    scenarios: Sequence[Scenario],
    done: dict[tuple[str, int], tuple[pd.DataFrame, dict[str, Any], pd.DataFrame]],
    complete: bool,
    errors: list[str],
) -> Replications:
    """The tables, in scenario then replication order whatever order the runs finished in."""
    order = {s.name: i for i, s in enumerate(scenarios)}
    keys = sorted(done, key=lambda k: (order[k[0]], k[1]))
    if not keys:
        empty = pd.DataFrame()
        return Replications(empty, empty, empty, complete=False, errors=errors)
    yearly = pd.concat([done[k][0] for k in keys], ignore_index=True)
    runs = pd.DataFrame([done[k][1] for k in keys])
    villages = pd.concat([done[k][2] for k in keys], ignore_index=True)
    return Replications(yearly, runs, villages, complete=complete, errors=errors)
