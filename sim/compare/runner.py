"""Run every scenario over the same seeds, in parallel, into two tidy tables.

Replication ``i`` of every scenario uses seed ``first_seed + i``, so scenarios share their
random numbers (common random numbers) and their differences are paired.

A programme's effect is measured against the same villages and seed without it (its
counterfactual). Programme scenarios that differ only in their programme share that
counterfactual, and a scenario without a programme (such as the baseline) is the same run: so
each distinct run without a programme is made once per seed (a *base* job, keyed by its
parameters, seed, years and poverty line) and handed to every scenario that needs it. Each job
is a function of its inputs only, and the tables are sorted by scenario, replication and year,
so they are identical whatever the number of worker processes and the order they finish in.

The tables:

- ``yearly``: one row per (scenario, replication, year): seed, pooled outcomes and income by
  source (as :func:`sim.results.outcomes` gives them), and ``growth_over_first_year_yuan``;
- ``runs``: one row per (scenario, replication): seed, aid spent, households reached, trainees
  placed, people lifted, the value over the horizon (:func:`sim.programme.outcomes.value_over_horizon`:
  income gained, aid, benefit per Yuan, nominal and real discounted), cost per person lifted
  and durability shares.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from sim.model import PovertyModel
from sim.params import Parameters
from sim.programme.outcomes import DURABILITY_YEARS, Valuation, value_over_horizon
from sim.programme.params import ProgrammeParams
from sim.programme.programme import is_active
from sim.results import RunResult
from sim.scenario import Scenario, ScenarioError

Progress = Callable[[int, int], None]
Rows = tuple[pd.DataFrame, dict[str, Any], pd.DataFrame]  # yearly, the run's row, by village
HORIZON_COLUMNS = ("horizon_first_year", "horizon_last_year")


@dataclass(frozen=True)
class Job:
    """One replication of one scenario."""

    scenario: Scenario
    replication: int
    seed: int
    years: int | None
    poverty_line_yuan: float | None
    valuation: Valuation = field(default_factory=Valuation)

    @property
    def has_programme(self) -> bool:
        return is_active(self.scenario.params.programme)

    def base(self) -> BaseJob:
        """The run without a programme this replication needs: its counterfactual, or, for a
        scenario without a programme, the scenario's own run."""
        params = self.scenario.params
        if self.has_programme:
            params = replace(params, programme=ProgrammeParams())
        return BaseJob(params, self.seed, self.years, self.poverty_line_yuan)


@dataclass(frozen=True)
class BaseJob:
    """One seed of the villages without a programme."""

    params: Parameters
    seed: int
    years: int | None
    poverty_line_yuan: float | None

    @property
    def key(self) -> str:
        """Equal for runs that are the same run: parameters (their repr lists every value), seed,
        years and poverty line."""
        text = repr((self.params, self.seed, self.years, self.poverty_line_yuan))
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Replications:
    """Every replication's outcomes; partial if a run failed or was interrupted."""

    yearly: pd.DataFrame
    runs: pd.DataFrame
    village_yearly: pd.DataFrame
    complete: bool = True
    errors: list[str] = field(default_factory=list)


def run_base(job: BaseJob) -> RunResult:
    """One run without a programme."""
    model = PovertyModel(job.params, rng=job.seed, years=job.years, poverty_line_yuan=job.poverty_line_yuan)
    return RunResult.of(model.run(), "without the programme")


def run_job(job: Job, counterfactual: pd.DataFrame) -> Rows:
    """One replication of a programme scenario, measured against ``counterfactual`` (the pooled
    outcomes of its base run)."""
    model = PovertyModel(
        job.scenario.params, rng=job.seed, years=job.years, poverty_line_yuan=job.poverty_line_yuan
    ).run()
    s = job.scenario
    return rows_of(RunResult.of(model, s.name, s.description, s.overrides, counterfactual), job)


def rows_of(result: RunResult, job: Job) -> Rows:
    """One replication's yearly table, its per-run figures and its per-village table."""
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


def _horizon_values(result: RunResult, job: Job) -> dict[str, Any]:
    """The value over the horizon of a programme run; nothing gained or spent without one."""
    nan = float("nan")
    if result.programme is None or result.counterfactual is None or result.aid is None:
        return {
            "horizon_first_year": None,
            "horizon_last_year": None,
            "income_gained_yuan": 0.0,
            "income_gained_nominal_yuan": 0.0,
            "aid_spent_real_yuan": 0.0,
            "aid_spent_nominal_horizon_yuan": 0.0,
            "benefit_per_yuan": nan,
            "benefit_per_yuan_nominal": nan,
        }
    first = result.params.programme.schedule.first_year
    aid_by_year = result.aid.groupby("year")["yuan"].sum()
    years = job.valuation.years(first)
    return {
        "horizon_first_year": years[0],
        "horizon_last_year": years[-1],
        **value_over_horizon(result.pooled, result.counterfactual, aid_by_year, first, job.valuation),
    }


def run_row(result: RunResult, job: Job) -> dict[str, Any]:
    """What one replication's programme cost and did (NaN where it is not defined)."""
    row: dict[str, Any] = _key(job)
    p = result.programme
    nan = float("nan")
    row["poverty_line_yuan"] = result.params.simulation.poverty_line_yuan
    row["aid_spent_yuan"] = p["aid_total_yuan"] if p else 0.0
    row.update(_horizon_values(result, job))
    lifted = p["people_lifted_in_last_funded_year"] if p else 0.0
    row["people_lifted"] = lifted
    row["households_reached"] = p["households_reached"]["any"] if p else 0
    row["trainees_placed"] = p["trainees"]["placed"] if p else 0
    # A cost per person lifted is no cost where nobody was lifted, or poverty grew.
    row["cost_per_person_lifted_yuan"] = row["aid_spent_yuan"] / lifted if p and lifted > 0 else nan
    for k in DURABILITY_YEARS:
        entry = p["durability"].get(f"{k}_years_after") if p else None
        row[f"durability_{k}_years"] = entry["share_of_last_funded_year_gain"] if entry else nan
    return row


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


class _Inline(Executor):
    """Runs each job as it is submitted, in this process: one worker, and no pickling."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as error:  # a run's failure is reported through its future, as in a pool
            future.set_exception(error)
        return future


@contextmanager
def _executor(workers: int) -> Iterator[Executor]:
    if workers <= 1:
        yield _Inline()
        return
    # Workers start from a clean server process: forking this one, whose imports may have
    # started threads, could deadlock.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield pool


@dataclass
class _Schedule:
    """Which scenario replications wait for which base run, and what has been done."""

    jobs: list[Job]
    progress: Progress | None = None
    done: dict[tuple[str, int], Rows] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    bases: dict[str, BaseJob] = field(init=False)  # each distinct base run once, by key
    waiting: dict[str, list[Job]] = field(init=False)  # the replications that need each

    def __post_init__(self) -> None:
        self.bases, self.waiting = {}, {}
        for job in self.jobs:
            base = job.base()
            self.bases.setdefault(base.key, base)
            self.waiting.setdefault(base.key, []).append(job)

    def finish(self, job: Job, rows: Rows | None = None, error: BaseException | str | None = None) -> None:
        if error is None and rows is not None:
            self.done[(job.scenario.name, job.replication)] = rows
        else:
            self.errors.append(f"{job.scenario.name} replication {job.replication}: {error}")
        if self.progress:
            self.progress(len(self.done) + len(self.errors), len(self.jobs))


Pending = dict[Future[Any], tuple[str, Any]]  # a submitted job: ("base", its key) or ("job", the Job)


def _run(schedule: _Schedule, pool: Executor) -> None:
    """The base runs first; as each finishes, the scenarios without a programme take its rows and
    the programme scenarios that need it as counterfactual are submitted."""
    pending: Pending = {pool.submit(run_base, base): ("base", key) for key, base in schedule.bases.items()}
    while pending:
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in finished:
            kind, what = pending.pop(future)
            if kind == "base":
                pending |= _base_done(schedule, pool, what, future)
                continue
            error = future.exception()
            schedule.finish(what, None if error else future.result(), error)


def _base_done(schedule: _Schedule, pool: Executor, key: str, future: Future[Any]) -> Pending:
    """Hand a finished base run to every replication waiting for it; the programme runs it
    submits."""
    submitted: Pending = {}
    error = future.exception()
    for job in schedule.waiting[key]:
        if error is not None:  # a failed base fails every run that needed it, not the others
            schedule.finish(job, error=f"its counterfactual failed: {error}" if job.has_programme else error)
        elif job.has_programme:
            submitted[pool.submit(run_job, job, future.result().pooled)] = ("job", job)
        else:
            try:
                rows = rows_of(future.result(), job)
            except Exception as failure:  # as a run's failure: it must not lose the others
                schedule.finish(job, error=failure)
                continue
            schedule.finish(job, rows)
    return submitted


def replicate(
    scenarios: Sequence[Scenario],
    replications: int,
    first_seed: int,
    *,
    years: int | None = None,
    poverty_line_yuan: float | None = None,
    valuation: Valuation | None = None,
    workers: int = 1,
    progress: Progress | None = None,
) -> Replications:
    """Run every scenario ``replications`` times on seeds ``first_seed``, ``first_seed + 1``...

    Raises :class:`ScenarioError` before anything runs if the valuation's horizon does not fit
    in the simulated years. A failed or interrupted run does not lose the others: the result
    then holds what was computed, with ``complete`` False and the errors listed.
    """
    valuation = valuation or Valuation()
    check_horizon(scenarios, years, valuation)
    jobs = [
        Job(scenario, i, first_seed + i, years, poverty_line_yuan, valuation)
        for scenario in scenarios
        for i in range(replications)
    ]
    schedule = _Schedule(jobs, progress)
    try:
        with _executor(workers) as pool:
            _run(schedule, pool)
    except KeyboardInterrupt:
        schedule.errors.append("interrupted")
    complete = not schedule.errors and len(schedule.done) == len(jobs)
    return assemble(scenarios, schedule.done, complete, schedule.errors)


def assemble(
    scenarios: Sequence[Scenario], done: dict[tuple[str, int], Rows], complete: bool, errors: list[str]
) -> Replications:
    """The tables, in scenario then replication order whatever order the runs finished in."""
    order = {s.name: i for i, s in enumerate(scenarios)}
    keys = sorted(done, key=lambda k: (order[k[0]], k[1]))
    if not keys:
        empty = pd.DataFrame()
        return Replications(empty, empty, empty, complete=False, errors=errors)
    yearly = pd.concat([done[k][0] for k in keys], ignore_index=True)
    runs = pd.DataFrame([done[k][1] for k in keys])
    for column in HORIZON_COLUMNS:  # whole years, empty where there is no programme
        runs[column] = runs[column].astype("Int64")
    villages = pd.concat([done[k][2] for k in keys], ignore_index=True)
    return Replications(yearly, runs, villages, complete=complete, errors=errors)
