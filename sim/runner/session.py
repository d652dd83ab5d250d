"""What ``compare``, ``sweep`` and ``calibrate`` share around the runner: the worker count,
signals, the progress bar and what to say when a run stops early."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from tqdm import tqdm

from sim.runner.engines import Engine, available_cores, make_engine
from sim.runner.schedule import Outcome, Stopped, run_tasks
from sim.runner.store import Store
from sim.runner.tasks import Task

EXIT_RUN_FAILED = 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C
STOP_SIGNALS = tuple(s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None)


class EngineError(ValueError):
    """The engine cannot be started (e.g. no Dask scheduler at the address)."""


def capped_workers(requested: int | None) -> tuple[int, str | None]:
    """The local worker count: the cores unless told, never more (more processes than cores
    only add memory and switching); with a note when the request was cut."""
    cores = available_cores()
    if requested is None:
        return cores, None
    if requested > cores:
        note = f"povsim: --workers {requested} is more than this machine's {cores} cores; using {cores}"
        return cores, note
    return requested, None


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`Stopped`, so that the runner stops its workers
    and keeps what finished, as for Ctrl-C."""

    def stop(signum: int, _frame: object) -> None:
        raise Stopped(signum)

    previous = {s: signal.signal(s, stop) for s in STOP_SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def engine_for(workers: int, scheduler: str | None) -> Engine:
    """The engine, or :class:`EngineError` saying why it cannot start."""
    try:
        return make_engine(workers, scheduler)
    except (OSError, TimeoutError, ValueError) as error:
        where = f"the Dask scheduler at {scheduler}" if scheduler else "the worker processes"
        raise EngineError(f"povsim: cannot start {where} ({error})") from error


def run_with_progress(tasks: Sequence[Task], engine: Engine, store: Store, description: str) -> Outcome:
    """Run the tasks into the store, with a progress bar (runs done, rate, time left)."""
    finished = store.open(len(tasks))
    with tqdm(
        total=len(tasks), initial=finished, desc=description, unit="run", file=sys.stderr, disable=None
    ) as bar:
        outcome = run_tasks(tasks, engine, store, progress=lambda done: bar.update(done - bar.n))
    store.write_manifest(finished=outcome.finished, complete=outcome.complete)
    return outcome


def stop_status(stop: BaseException) -> int:
    """The exit status for a run stopped by Ctrl-C (130) or a signal (128 + its number)."""
    return 128 + stop.signum if isinstance(stop, Stopped) else EXIT_INTERRUPTED


def kept_message(outcome: Outcome, out: Path) -> str:
    """What a stopped or failed run kept, and how to finish it."""
    left = outcome.tasks - outcome.finished
    return (
        f"{outcome.finished} of {outcome.tasks} runs are finished and kept in {out}/; "
        f"rerun the same command to run the other {left}"
    )


def interrupted(outcome: Outcome | None, out: Path, stop: BaseException) -> int:
    """Say that the run was stopped and what it kept; the exit status."""
    what = "interrupted" if isinstance(stop, KeyboardInterrupt) else f"stopped by {stop}"
    kept = kept_message(outcome, out) if outcome else f"rerun the same command to start again in {out}/"
    print(f"povsim: {what}; {kept}", file=sys.stderr)
    return stop_status(stop)
