"""The loop that hands tasks to an engine and their results to a store.

Each distinct run without a programme (:class:`~sim.runner.tasks.BaseTask`) is made once: its
pooled outcomes are stored and handed to every task that needs it as counterfactual, and the
tasks without a programme that are that very run take their tables from it. Tasks already
finished in the store are skipped, and so are base runs already stored that no unfinished task
without a programme needs. A failed run is recorded and the others go on; Ctrl-C (or any signal
the caller turns into an exception) stops the engine at once and keeps what finished.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sim.runner.engines import Engine
from sim.runner.store import Sink
from sim.runner.tasks import BaseTask, Task

Progress = Callable[[int], None]  # called with how many tasks have finished (or failed) so far


@dataclass
class Outcome:
    """How a run of the schedule ended."""

    tasks: int
    finished: int
    errors: list[str] = field(default_factory=list)
    interrupted: BaseException | None = None
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        return self.finished == self.tasks and not self.errors and self.interrupted is None


class Stopped(BaseException):
    """A signal asked the run to stop (SIGTERM, SIGHUP): raised from its handler so the
    runner can stop its workers and keep what finished."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"signal {signum}")
        self.signum = signum


@dataclass
class _Plan:
    bases: dict[str, BaseTask] = field(default_factory=dict)
    waiting: dict[str, list[Task]] = field(default_factory=dict)  # programme tasks per base
    serves: dict[str, list[Task]] = field(default_factory=dict)  # tasks that are the base run


def _plan(tasks: Sequence[Task], finished: set[str]) -> _Plan:
    plan = _Plan()
    for task in tasks:
        if task.key in finished:
            continue
        base = task.base()
        key = base.key
        plan.bases.setdefault(key, base)
        plan.waiting.setdefault(key, [])
        plan.serves.setdefault(key, [])
        (plan.waiting if task.has_programme else plan.serves)[key].append(task)
    return plan


def run_tasks(tasks: Sequence[Task], engine: Engine, sink: Sink, progress: Progress | None = None) -> Outcome:
    """Run every task not yet finished in ``sink``; returns how it ended."""
    start = time.perf_counter()
    keys = {t.key for t in tasks}
    if len(keys) != len(tasks):
        raise ValueError("two tasks share a key (the same point and replication)")
    done = sink.finished() & keys
    outcome = Outcome(len(tasks), len(done))
    plan = _plan(tasks, done)
    tickets: dict[int, tuple[str, object]] = {}
    counter = iter(range(1 << 62))

    def submit_task(task: Task, pooled: bytes) -> None:
        ticket = next(counter)
        tickets[ticket] = ("task", task)
        engine.submit(ticket, {"kind": "task", "spec": task.spec()}, {"pooled": pooled})

    def finish(task: Task, error: str | None) -> None:
        if error is None:
            outcome.finished += 1
        else:
            outcome.errors.append(f"{task.name} replication {task.replication}: {error}")
        if progress:
            progress(outcome.finished + len(outcome.errors))

    try:
        for key, base in plan.bases.items():
            stored = sink.base(key)
            if stored is not None and not plan.serves[key]:
                for task in plan.waiting.pop(key):
                    submit_task(task, stored)
                continue
            ticket = next(counter)
            tickets[ticket] = ("base", key)
            spec = {**base.spec(), "serves": [t.spec() for t in plan.serves[key]]}
            engine.submit(ticket, {"kind": "base", "spec": spec}, {})
        while tickets:
            for ticket, reply, blobs in engine.answers(timeout=0.5):
                kind, what = tickets.pop(ticket)
                if kind == "task":
                    assert isinstance(what, Task)
                    if reply.get("ok"):
                        sink.put(what.key, {k.split("/", 1)[1]: v for k, v in blobs.items()})
                    finish(what, None if reply.get("ok") else reply.get("error", "failed"))
                    continue
                assert isinstance(what, str)
                _base_done(what, reply, blobs, plan, sink, submit_task, finish)
    except (KeyboardInterrupt, Stopped) as stop:
        outcome.interrupted = stop
    finally:
        engine.close()
        outcome.seconds = time.perf_counter() - start
    return outcome


def _base_done(
    key: str,
    reply: dict,
    blobs: dict[str, bytes],
    plan: _Plan,
    sink: Sink,
    submit_task: Callable[[Task, bytes], None],
    finish: Callable[[Task, str | None], None],
) -> None:
    """A base run finished: store it, finish the tasks that are it, submit those that need it."""
    waiting, serves = plan.waiting.pop(key, []), plan.serves.pop(key, [])
    if not reply.get("ok"):
        error = reply.get("error", "failed")
        for task in waiting:  # a failed base fails every run that needed it, not the others
            finish(task, f"its counterfactual failed: {error}")
        for task in serves:
            finish(task, error)
        return
    sink.put_base(key, blobs["pooled"])
    for task in serves:
        prefix = f"{task.key}/"
        sink.put(task.key, {k[len(prefix) :]: v for k, v in blobs.items() if k.startswith(prefix)})
        finish(task, None)
    for task in waiting:
        submit_task(task, blobs["pooled"])
