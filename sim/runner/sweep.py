"""``povsim sweep``: an experiment's design points times its replications, on the runner.

Replication ``r`` of every point has the seed :func:`~sim.runner.tasks.derived_seed` gives for
the experiment's seed and ``r``: points share their random numbers, and the seeds do not
depend on the workers, the engine or the order runs finish in. The output folder holds, beside
the runner's dataset and manifest (which records the experiment's description, so
``povsim analyze`` needs only the folder):

- ``points.parquet``: the design, one row per point, one column per varied parameter;
- ``runs.parquet`` / ``.csv``: one row per run: ``experiment``, ``point``, ``replication``,
  ``seed``, the varied parameters, the recorded outcomes and every per-run figure of
  ``compare``;
- ``yearly.parquet`` / ``.csv``: one row per run and year, labelled the same way.

Results of several sweeps stack: every varied input is a column.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from sim.experiment.design import points as design_points
from sim.experiment.spec import Experiment, load_experiment
from sim.runner.schedule import Stopped
from sim.runner.session import (
    EXIT_RUN_FAILED,
    capped_workers,
    engine_for,
    interrupted,
    kept_message,
    run_with_progress,
    stop_on_signals,
)
from sim.runner.store import Store, atomic_path, file_hash
from sim.runner.tasks import Task, canonical, derived_seed


def python_value(value: Any) -> Any:
    """A design value as JSON and the parameters take it (numpy scalars become Python's)."""
    return value.item() if hasattr(value, "item") else value


def sweep_tasks(experiment: Experiment, design: pd.DataFrame) -> list[Task]:
    """One task per design point and replication."""
    tasks = []
    for point, row in zip(design.index, design.to_dict("records"), strict=True):
        values = {str(name): python_value(v) for name, v in row.items()}
        for r in range(experiment.replications):
            seed = derived_seed(experiment.seed, r)
            labels = {"experiment": experiment.name, "point": int(point), "replication": r, "seed": seed}
            tasks.append(
                Task(
                    point=int(point),
                    replication=r,
                    seed=seed,
                    name=experiment.scenario.name,
                    labels=labels,
                    overrides={**experiment.scenario.overrides, **values},
                    description=experiment.description,
                    inputs=values,
                    years=experiment.years,
                    poverty_line_yuan=experiment.poverty_line_yuan,
                    horizon_years=experiment.horizon_years,
                    discount_rate=experiment.discount_rate,
                    outcomes=tuple(experiment.outcomes),
                )
            )
    return tasks


def identity(experiment: Experiment) -> str:
    """A hash of everything that decides the sweep's runs: the experiment as described and the
    base scenario's resolved parameters."""
    described = {
        "kind": "sweep",
        "experiment": experiment.describe(),
        "scenario": hashlib.sha256(repr(experiment.scenario.params).encode()).hexdigest(),
    }
    return hashlib.sha256(canonical(described).encode()).hexdigest()


def sweep(
    path: Path,
    *,
    workers: int | None,
    scheduler: str | None,
    out: Path | None,
    command: Sequence[str] | None = None,
) -> int:
    """Run the experiment at ``path`` (resuming what ``out`` holds of it); the exit status.

    Raises :class:`~sim.experiment.spec.ExperimentError`, :class:`~sim.runner.store.OutputError`
    or :class:`~sim.runner.session.EngineError` before anything runs if the experiment, the
    output folder or the engine cannot be used.
    """
    experiment = load_experiment(path)
    design = design_points(experiment)
    tasks = sweep_tasks(experiment, design)
    out = out or Path("out/sweep") / experiment.name
    inputs = {str(path): file_hash(Path(path))}
    if experiment.scenario.path is not None:
        inputs[str(experiment.scenario.path)] = file_hash(experiment.scenario.path)
    manifest = {
        "kind": "sweep",
        "command": list(command or ["povsim", "sweep", str(path)]),
        "inputs": inputs,
        "experiment": experiment.describe(),
        "points": len(design),
    }
    store = Store(out, identity(experiment), manifest)
    if scheduler is None:
        workers, note = capped_workers(workers)
        if note:
            print(note, file=sys.stderr)
    with atomic_path(out / "points.parquet") as temporary:
        design.to_parquet(temporary)
    outcome, engine = None, None
    try:
        with stop_on_signals():
            engine = engine_for(workers or 1, scheduler)
            outcome = run_with_progress(tasks, engine, store, experiment.name)
            if outcome.interrupted is not None:
                return interrupted(outcome, out, outcome.interrupted)
            keys = [t.key for t in tasks]
            written = store.consolidate("runs", keys) + store.consolidate("yearly", keys)
            if not outcome.complete:
                errors = sorted(outcome.errors)
                print(
                    f"povsim: {len(errors)} of {len(tasks)} runs failed ({errors[0]}); "
                    f"{kept_message(outcome, out)}",
                    file=sys.stderr,
                )
                return EXIT_RUN_FAILED
            store.write_manifest(complete=True)
    except (KeyboardInterrupt, Stopped) as stop:
        if engine is not None:
            engine.close()
        return interrupted(outcome, out, stop)
    print(
        f"{experiment.name}: {len(tasks):,} runs ({len(design):,} points x {experiment.replications} "
        f"replications) of {experiment.scenario.name}, {experiment.design} design, finished in {out}/ "
        f"({outcome.seconds:,.0f} s here).\n"
        f"Tables: {', '.join(p.name for p in written)}; the design: points.parquet.\n"
        f"Sensitivity or outcome surface: povsim analyze {out}"
    )
    return 0
