"""ABC-SMC with pyabc, its simulations on povsim's runner, reproducible by construction.

pyabc draws its proposals from numpy's global random state, and its parallel samplers seed
that state from the clock in every worker. Here pyabc runs in this process with
:class:`RunnerSampler`, which makes every batch of proposals twice from a seed fixed by the
fit's seed, the generation and the batch number:

1. it lets pyabc propose ``batch`` particles against a model that only writes the proposals
   down (a proposal's draws do not depend on the simulated outcome);
2. it simulates them on the runner (local processes or a Dask cluster), each with its own
   seed (:func:`~sim.runner.tasks.derived_seed` of the fit's seed and the particle's number);
3. it reseeds, lets pyabc propose the same particles again, and hands it their simulated
   statistics, so pyabc weighs and accepts them as usual.

The second pass checks that each proposal is the one simulated. Accepted particles are taken
in proposal order, so the posterior depends on the seed alone, not on the worker count or the
order runs finish in. pyabc keeps every finished generation in ``abc.db``; the runner keeps
every finished simulation in the work folder. Killed midway, the same command resumes from
the last finished generation and reuses the simulations already made.
"""

from __future__ import annotations

import contextlib
import logging
import math
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.calibration.spec import Calibration, FreeParameter, Target
from sim.calibration.statistics import statistics
from sim.runner.engines import Engine
from sim.runner.schedule import run_tasks
from sim.runner.store import MemorySink, Store
from sim.runner.tasks import Task, derived_seed

GENERATION_STRIDE = 100_000  # particle numbers: generation * stride + index within it
Evaluate = Callable[[int, list[dict[str, float]]], list[dict[str, float]]]


class FitError(RuntimeError):
    """Runs of the fit failed; what finished is kept and the same command resumes."""


class KeptEngine:
    """An engine the schedule cannot close: one set of workers serves every batch of the fit
    (starting workers costs seconds); the fit closes it at the end."""

    def __init__(self, inner: Engine) -> None:
        self.inner = inner
        self.workers = inner.workers

    def submit(self, ticket: int, header: dict[str, Any], blobs: dict[str, bytes]) -> None:
        self.inner.submit(ticket, header, blobs)

    def answers(self, timeout: float) -> list[Any]:
        return self.inner.answers(timeout)

    def close(self) -> None:
        """Left open on purpose; the fit closes ``inner``."""


def pyabc_name(index: int) -> str:
    """pyabc's name of the index-th fitted parameter (dotted names are not identifiers)."""
    return f"p{index}"


def model_values(parameters: Sequence[FreeParameter], particle: dict[str, float]) -> dict[str, float | int]:
    """A particle's values as the model takes them: whole numbers rounded (their prior is
    uniform over [low - 1/2, high + 1/2], so every whole number is equally likely)."""
    out: dict[str, float | int] = {}
    for i, p in enumerate(parameters):
        value = float(particle[pyabc_name(i)])
        out[p.name] = int(min(max(round(value), p.low), p.high)) if p.integer else value
    return out


def distance(targets: Sequence[Target]) -> Callable[[dict, dict], float]:
    """The distance pyabc minimises: the root sum of squares of each target's miss (0 inside
    its range, else how far outside in units of its scale)."""

    def measure(x: dict, _x0: dict) -> float:
        misses = [t.miss(float(x.get(t.name, math.nan))) for t in targets]
        return math.sqrt(sum(m * m for m in misses)) if all(math.isfinite(m) for m in misses) else math.inf

    return measure


class ReplayModel:
    """pyabc's model: records proposals in the first pass, returns their simulated statistics
    in the second (checking that the proposal is the one simulated)."""

    def __init__(self, names: list[str]) -> None:
        import pyabc

        class _Model(pyabc.Model):
            def sample(inner, pars: Any) -> dict[str, float]:  # noqa: N805
                return self.sample(pars)

        self.pyabc_model = _Model("povsim")
        self.names = names
        self.proposals: list[dict[str, float]] = []
        self.results: list[dict[str, float]] | None = None
        self.position = 0

    def sample(self, pars: Any) -> dict[str, float]:
        values = {name: float(pars[name]) for name in self.names}
        if self.results is None:
            self.proposals.append(values)
            return {}  # not simulated: distance inf, and this pass is thrown away
        if values != self.proposals[self.position]:
            raise RuntimeError(
                "pyabc proposed different particles on the second pass; the fit cannot be "
                "reproduced with this pyabc version"
            )
        result = self.results[self.position]
        self.position += 1
        return result

    def record(self) -> None:
        self.proposals, self.results, self.position = [], None, 0

    def replay(self, results: list[dict[str, float]]) -> None:
        self.results, self.position = results, 0


def batch_seed(seed: int, t: int, batch: int) -> int:
    """The global numpy seed of one batch of proposals (numpy's legacy seeding takes 32 bits)."""
    return int(np.random.SeedSequence(seed, spawn_key=(t, batch)).generate_state(1, np.uint32)[0])


# A generation is not started unless this many times the last one's simulations fit the budget.
NEXT_GENERATION_GROWTH = 1.5


def affordable(spent: Sequence[int], budget: int) -> bool:
    """Whether the next generation probably fits the simulation budget, judged from the
    simulations each stored generation took. pyabc stops a generation that runs out of budget
    and throws it away; a fit that stops before it instead spends nothing in vain."""
    if len(spent) < 2:  # the first generation's size is known; the second's is not yet
        return True
    return sum(spent) + NEXT_GENERATION_GROWTH * spent[-1] <= budget


def make_sampler(
    seed: int, batch: int, model: ReplayModel, evaluate: Evaluate, spent: Callable[[], list[int]], budget: int
) -> Any:
    """pyabc's sampler for this fit (see the module's docstring). ``spent``: the simulations of
    each stored generation."""
    import pyabc

    class RunnerSampler(pyabc.sampler.Sampler):
        def sample_until_n_accepted(
            self,
            n: int,
            simulate_one: Callable,
            t: int,
            *,
            max_eval: float = np.inf,
            all_accepted: bool = False,
            ana_vars: Any = None,
        ) -> Any:
            sample = self._create_empty_sample()
            if not affordable(spent(), budget):
                sample.ok = False  # pyabc ends the fit with the generations it has
                self.nr_evaluations_ = 0
                return sample
            evaluations, b = 0, 0
            while sample.n_accepted < n and evaluations < max_eval:
                state = batch_seed(seed, t, b)
                model.record()
                np.random.seed(state)
                for _ in range(batch):
                    simulate_one()
                results = evaluate(t * GENERATION_STRIDE + b * batch, model.proposals)
                model.replay(results)
                np.random.seed(state)
                for _ in range(batch):
                    particle = simulate_one()
                    if sample.n_accepted < n and evaluations < max_eval:
                        sample.append(particle)
                        evaluations += 1
                b += 1
            self.nr_evaluations_ = evaluations
            if sample.n_accepted < n:
                sample.ok = False
            return sample

    return RunnerSampler()


@dataclass
class Simulator:
    """Runs particles on the runner (particle ``point`` on seed ``derived_seed(fit seed, point)``)
    and returns each one's statistics; a failed run stops the fit (:class:`FitError`)."""

    calibration: Calibration
    engine: Engine
    store: Store | MemorySink  # a fit resumes from its Store; final simulations need no folder

    def tasks(
        self,
        first: int,
        particles: list[dict[str, float | int]],
        *,
        label: str,
    ) -> list[Task]:
        cal = self.calibration
        tasks = []
        for i, values in enumerate(particles):
            point = first + i
            seed = derived_seed(cal.seed, point)
            tasks.append(
                Task(
                    point=point,
                    replication=0,
                    seed=seed,
                    name=cal.scenario.name,
                    labels={"calibration": label, "point": point, "seed": seed},
                    overrides={**cal.scenario.overrides, **values},
                    description=cal.description,
                    inputs=values,
                    years=cal.years,
                    horizon_years=cal.horizon_years,
                )
            )
        return tasks

    def run(self, tasks: list[Task]) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Run the tasks (those already in the store are not rerun); their yearly and runs rows."""
        outcome = run_tasks(tasks, self.engine, self.store)
        if outcome.interrupted is not None:
            raise outcome.interrupted
        if outcome.errors:
            # Every particle lies inside the parameters' allowed ranges, so a failed run is a
            # fault to report, not a particle to reject.
            raise FitError(f"{len(outcome.errors)} of {len(tasks)} runs failed: {sorted(outcome.errors)[0]}")
        keys = [t.key for t in tasks]
        return self.store.table("yearly", keys), self.store.table("runs", keys)

    def evaluate(self, first: int, proposals: list[dict[str, float]]) -> list[dict[str, float]]:
        cal = self.calibration
        particles = [model_values(cal.parameters, p) for p in proposals]
        tasks = self.tasks(first, particles, label="fit")
        yearly, runs = self.run(tasks)
        return [statistics_of(task.point, yearly, runs, cal.targets) for task in tasks]


def statistics_of(
    point: int, yearly: pd.DataFrame, runs: pd.DataFrame, targets: Sequence[Target]
) -> dict[str, float]:
    """One particle's statistics, keyed by target name, from the yearly and runs rows of a batch
    (every run in it finished: :meth:`Simulator.run` raises otherwise)."""
    own = yearly[yearly["point"] == point]
    row = runs[runs["point"] == point].iloc[0]
    values = statistics(own, {str(k): v for k, v in row.items()}, [t.statistic for t in targets])
    return {t.name: values[t.statistic] for t in targets}


@contextlib.contextmanager
def quiet_pyabc() -> Iterator[None]:
    """pyabc logs every generation at INFO; the fit prints its own lines."""
    loggers = [logging.getLogger(n) for n in ("ABC", "pyabc", "Sampler", "History", "Epsilon", "Distance")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            # pyabc compares thresholds as inf - inf after the first generation (which accepts all).
            warnings.filterwarnings("ignore", "invalid value encountered", RuntimeWarning, "pyabc")
            yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def resumable_quantile_epsilon(alpha: float) -> Any:
    """pyabc's quantile threshold (the first generation accepts every prior draw), which on
    resuming takes the next threshold from the last stored generation as an uninterrupted run
    would; pyabc's own would start again from the initial infinity."""
    import pyabc

    class ResumableQuantileEpsilon(pyabc.QuantileEpsilon):
        def initialize(self, t: int, get_weighted_distances: Callable, *args: Any, **kwargs: Any) -> None:
            if t > 0:
                self._update(t, get_weighted_distances())

    return ResumableQuantileEpsilon(initial_epsilon=math.inf, alpha=alpha)


def run_abc(calibration: Calibration, simulator: Simulator, database: Path) -> Any:
    """Run (or resume) the ABC-SMC; pyabc's History of every finished generation."""
    import pyabc

    cal, method = calibration, calibration.method
    names = [pyabc_name(i) for i in range(len(cal.parameters))]
    priors = {}
    for name, p in zip(names, cal.parameters, strict=True):
        low, high = (p.low - 0.5, p.high + 0.5) if p.integer else (p.low, p.high)
        priors[name] = pyabc.RV("uniform", low, high - low)
    model = ReplayModel(names)
    stored: list[Any] = []

    def spent() -> list[int]:
        table = stored[0].get_all_populations()
        return [int(n) for n in table[table["t"] >= 0]["samples"]]

    sampler = make_sampler(cal.seed, method.batch, model, simulator.evaluate, spent, method.max_simulations)
    abc = pyabc.ABCSMC(
        models=model.pyabc_model,
        parameter_priors=pyabc.Distribution(**priors),
        distance_function=distance(cal.targets),
        population_size=method.population,
        sampler=sampler,
        eps=resumable_quantile_epsilon(method.quantile),
    )
    url = f"sqlite:///{database}"
    with quiet_pyabc():
        if database.exists() and pyabc.History(url).n_populations > 0:
            history = abc.load(url, 1)
        else:
            database.unlink(missing_ok=True)
            history = abc.new(url, {t.name: _middle(t) for t in cal.targets})
        stored.append(history)
        done = history.n_populations
        left = method.max_generations - done
        if left > 0 and not _finished(history, method):
            print(f"{cal.name}: generation {done} of at most {method.max_generations}", file=sys.stderr)
            history = abc.run(
                minimum_epsilon=0.0,
                max_nr_populations=left,
                min_acceptance_rate=method.min_acceptance_rate,
                max_total_nr_simulations=method.max_simulations,
            )
    return history


def _finished(history: Any, method: Any) -> bool:
    """Whether a stored fit had already stopped on its own criteria (so a rerun adds nothing)."""
    populations = history.get_all_populations()
    last = populations[populations["t"] >= 0]
    if last.empty:
        return False
    if not affordable([int(n) for n in last["samples"]], method.max_simulations):
        return True
    if last["particles"].iloc[-1] / last["samples"].iloc[-1] < method.min_acceptance_rate:
        return True
    return bool(last["epsilon"].iloc[-1] <= 0.0)


def _middle(target: Target) -> float:
    ends = [v for v in (target.low, target.high) if v is not None]
    return float(sum(ends) / len(ends))
