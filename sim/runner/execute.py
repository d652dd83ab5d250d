"""How a worker runs what the runner hands it: one message in, one message out.

``handle`` is the whole of a worker's work, in a local worker process, in the runner's own
process or on a Dask worker alike, so every engine computes the same bytes. A failing run
answers with its error instead of tables; it never takes the worker down.
"""

from __future__ import annotations

import traceback
from typing import Any

import pandas as pd

from sim.model import PovertyModel
from sim.results import RunResult, outcomes
from sim.runner.rows import tables_of
from sim.runner.tasks import BaseTask, Task
from sim.runner.wire import Blobs, bytes_table, frame_table, table_bytes


def run_base(spec: dict[str, Any]) -> Blobs:
    """A run without a programme: its pooled outcomes (for the counterfactuals that need it)
    and the tables of every task it is the whole of (``spec["serves"]``)."""
    base = BaseTask.from_spec(spec)
    model = PovertyModel(
        base.params(), rng=base.seed, years=base.years, poverty_line_yuan=base.poverty_line_yuan
    ).run()
    # The pooled outcomes alone: the per-village ones are only wanted for the tasks it serves.
    pooled = outcomes(model.records, slice(None), model.params.simulation.poverty_line_yuan)
    blobs = {"pooled": table_bytes(frame_table(pooled.reset_index()))}
    for served in spec.get("serves", []):
        task = Task.from_spec(served)
        own = RunResult.of(model, task.name, task.description, dict(task.overrides))
        for level, frame in tables_of(own, task).items():
            blobs[f"{task.key}/{level}"] = table_bytes(frame_table(frame))
    return blobs


def run_task(spec: dict[str, Any], counterfactual: pd.DataFrame) -> Blobs:
    """A programme run, measured against ``counterfactual`` (its base run's pooled outcomes,
    indexed by year)."""
    task = Task.from_spec(spec)
    model = PovertyModel(
        task.params(), rng=task.seed, years=task.years, poverty_line_yuan=task.poverty_line_yuan
    ).run()
    result = RunResult.of(model, task.name, task.description, dict(task.overrides), counterfactual)
    tables = tables_of(result, task)
    return {f"{task.key}/{level}": table_bytes(frame_table(frame)) for level, frame in tables.items()}


def handle(header: dict[str, Any], blobs: Blobs) -> tuple[dict[str, Any], Blobs]:
    """Answer one request: ``{"kind": "base"|"task", "spec": ...}`` (a task comes with its
    counterfactual's pooled table as the blob ``pooled``)."""
    reply: dict[str, Any] = {"ticket": header.get("ticket")}
    try:
        if header["kind"] == "base":
            out = run_base(header["spec"])
        else:
            counterfactual = bytes_table(blobs["pooled"]).to_pandas().set_index("year")
            out = run_task(header["spec"], counterfactual)
    except Exception as error:  # the runner records it against the task and goes on
        last = traceback.format_exception_only(error)[-1].strip()
        return {**reply, "ok": False, "error": last}, {}
    return {**reply, "ok": True}, out
