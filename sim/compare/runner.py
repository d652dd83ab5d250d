"""Every scenario over the same seeds, on the runner (:mod:`sim.runner`), as two long tables.

Replication ``i`` of every scenario uses seed ``first_seed + i``, so scenarios share their
random numbers (common random numbers) and their differences are paired. A programme's effect
is measured against the same villages and seed without it (its counterfactual); each distinct
run without a programme is made once per seed and shared (see :mod:`sim.runner.schedule`).

The tables, sorted by scenario, replication and year whatever order the runs finish in:

- ``yearly``: one row per (scenario, replication, year): seed, pooled outcomes and income by
  source (as :func:`sim.results.outcomes` gives them), ``growth_over_first_year_yuan`` and
  ``income_gain_yuan_per_capita``;
- ``runs``: one row per (scenario, replication): seed, aid spent, households reached, trainees
  placed, people lifted, the value over the horizon, cost per person lifted and durability
  (:mod:`sim.runner.rows`).

If the replications draw parameters from a calibration's posterior (``povsim compare
--posterior``), replication ``i`` of every scenario takes draw ``i``, and both tables carry the
drawn values after the seed, one column per fitted parameter (its dotted name).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sim.programme.outcomes import Valuation
from sim.programme.programme import is_active
from sim.runner.engines import Engine, make_engine
from sim.runner.rows import HORIZON_COLUMNS
from sim.runner.schedule import Outcome, run_tasks
from sim.runner.store import MemorySink, Sink, Store
from sim.runner.tasks import MAX_SEED, Task
from sim.scenario import Scenario, ScenarioError

Progress = Callable[[int], None]


@dataclass
class Replications:
    """Every replication's outcomes; partial if a run failed or was interrupted."""

    yearly: pd.DataFrame
    runs: pd.DataFrame
    village_yearly: pd.DataFrame
    complete: bool = True
    errors: list[str] = field(default_factory=list)


def check_horizon(scenarios: Sequence[Scenario], years: int | None, valuation: Valuation) -> None:
    """Raise :class:`ScenarioError` if a programme scenario's horizon runs past its last simulated
    year (checked before anything runs)."""
    for scenario in scenarios:
        params = scenario.params
        if not is_active(params.programme):
            continue
        first = params.programme.schedule.first_year
        last = params.simulation.start_year + (years or params.simulation.years) - 1
        available = last - first + 1
        if valuation.horizon_years > available:
            raise ScenarioError(
                f"--horizon {valuation.horizon_years} runs past the simulated years: {scenario.name}'s "
                f"programme starts in {first} and the runs end in {last}; use --horizon "
                f"{max(available, 0)} or less, or simulate {valuation.horizon_years - available} more years"
            )


def check_seeds(first_seed: int, replications: int) -> None:
    """Raise :class:`ScenarioError` unless every seed the comparison uses is a valid seed."""
    last = first_seed + replications - 1
    if first_seed < 0 or last > MAX_SEED:
        raise ScenarioError(
            f"--seed {first_seed} with {replications} replications uses seeds up to {last}; "
            f"seeds run from 0 to {MAX_SEED} (2**63 - 1)"
        )


def tasks_for(
    scenarios: Sequence[Scenario],
    replications: int,
    first_seed: int,
    *,
    years: int | None = None,
    poverty_line_yuan: float | None = None,
    valuation: Valuation | None = None,
    overrides: Mapping[str, Any] | None = None,
    by_village: bool = True,
    draws: Sequence[Mapping[str, Any]] | None = None,
) -> list[Task]:
    """One task per scenario and replication; ``overrides`` apply on top of every scenario.

    ``draws`` (one per replication, e.g. a posterior's :func:`sim.calibration.posterior.
    draw_overrides`): replication ``i`` of every scenario also takes ``draws[i]``, as it takes
    seed ``first_seed + i``, and writes its values as columns (the task's ``inputs``). They
    must not set what the scenarios or ``overrides`` set (the caller checks).
    """
    valuation = valuation or Valuation()
    if draws is not None and len(draws) != replications:
        raise ValueError(f"{len(draws)} parameter draws for {replications} replications")
    drawn = [dict(d) for d in draws] if draws is not None else [{} for _ in range(replications)]
    return [
        Task(
            point=index,
            replication=i,
            seed=first_seed + i,
            name=scenario.name,
            labels={"scenario": scenario.name, "replication": i, "seed": first_seed + i},
            overrides={**scenario.overrides, **(overrides or {}), **drawn[i]},
            description=scenario.description,
            inputs=drawn[i],
            years=years,
            poverty_line_yuan=poverty_line_yuan,
            horizon_years=valuation.horizon_years,
            discount_rate=valuation.discount_rate,
            by_village=by_village,
        )
        for index, scenario in enumerate(scenarios)
        for i in range(replications)
    ]


def tables(sink: MemorySink | Store, tasks: Sequence[Task], outcome: Outcome) -> Replications:
    """The long tables of the finished tasks, in task order."""
    keys = [t.key for t in tasks]
    runs = sink.table("runs", keys)
    for column in HORIZON_COLUMNS:  # whole years, empty where there is no programme
        if column in runs:
            runs[column] = runs[column].astype("Int64")
    return Replications(
        sink.table("yearly", keys),
        runs,
        sink.table("villages", keys),
        complete=outcome.complete,
        errors=sorted(outcome.errors, key=_task_order(tasks)),
    )


def _task_order(tasks: Sequence[Task]) -> Callable[[str], int]:
    """Errors in task order (they arrive in finishing order)."""
    order = {f"{t.name} replication {t.replication}:": n for n, t in enumerate(tasks)}

    def position(error: str) -> int:
        return next((n for prefix, n in order.items() if error.startswith(prefix)), len(order))

    return position


def replicate(
    scenarios: Sequence[Scenario],
    replications: int,
    first_seed: int,
    *,
    years: int | None = None,
    poverty_line_yuan: float | None = None,
    valuation: Valuation | None = None,
    overrides: Mapping[str, Any] | None = None,
    workers: int = 1,
    engine: Engine | None = None,
    sink: Sink | None = None,
    progress: Progress | None = None,
    draws: Sequence[Mapping[str, Any]] | None = None,
) -> Replications:
    """Run every scenario ``replications`` times on seeds ``first_seed``, ``first_seed + 1``...

    Raises :class:`ScenarioError` before anything runs if the valuation's horizon does not fit
    in the simulated years or a seed is out of range. A failed or interrupted run does not lose
    the others: the result then holds what was computed, with ``complete`` False and the errors
    listed. Results go to ``sink`` (memory unless given: an output folder's
    :class:`~sim.runner.store.Store` resumes what it holds); runs go to ``engine`` (``workers``
    local processes unless given). ``draws``: parameters per replication, as in
    :func:`tasks_for`.
    """
    valuation = valuation or Valuation()
    check_horizon(scenarios, years, valuation)
    check_seeds(first_seed, replications)
    tasks = tasks_for(
        scenarios,
        replications,
        first_seed,
        years=years,
        poverty_line_yuan=poverty_line_yuan,
        valuation=valuation,
        overrides=overrides,
        draws=draws,
    )
    store = sink if sink is not None else MemorySink()
    outcome = run_tasks(tasks, engine or make_engine(workers), store, progress)
    if outcome.interrupted is not None:
        outcome.errors.append("interrupted")
    assert isinstance(store, MemorySink | Store)
    return tables(store, tasks, outcome)
