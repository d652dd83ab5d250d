"""Where tasks run: this process, local worker processes, or a Dask distributed cluster.

Every engine takes requests (:func:`sim.runner.execute.handle`'s messages) and gives back
answers as they finish, in whatever order; the schedule does not care which. ``close`` ends
the engine's work at once: local workers are killed (a run in hand is lost, the ones finished
are already stored), a cluster's pending futures are cancelled (the cluster itself is not ours
and keeps running).
"""

from __future__ import annotations

import contextlib
import os
import selectors
import subprocess
import sys
import time
from collections import deque
from pathlib import Path
from typing import Any, Protocol

from threadpoolctl import threadpool_limits

from sim.runner.execute import handle
from sim.runner.wire import Blobs, encode, read_message

Answer = tuple[int, dict[str, Any], Blobs]  # ticket, reply header, tables
Request = tuple[int, dict[str, Any], Blobs]  # ticket, request header, blobs
# A worker gets its next request while it runs one, so that it never waits for the runner
# between runs; only when the request fits in a pipe's buffer, so the runner's write cannot
# block while the worker writes its answer (Linux pipes hold 64 kB).
PIPELINE_DEPTH = 2
PIPELINE_BYTES = 32_000
# One thread per worker for numpy's BLAS: its matrix products run many times slower when
# several threads share a busy 2-core machine.
SINGLE_THREADED = dict.fromkeys(("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"), "1")


def available_cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Engine(Protocol):
    workers: int

    def submit(self, ticket: int, header: dict[str, Any], blobs: Blobs) -> None: ...

    def answers(self, timeout: float) -> list[Answer]: ...

    def close(self) -> None: ...


class InlineEngine:
    """Runs each request in this process when answers are asked for: one worker, no copies."""

    workers = 1

    def __init__(self) -> None:
        self.queue: deque[tuple[int, dict[str, Any], Blobs]] = deque()

    def submit(self, ticket: int, header: dict[str, Any], blobs: Blobs) -> None:
        self.queue.append((ticket, header, blobs))

    def answers(self, timeout: float) -> list[Answer]:
        if not self.queue:
            return []
        ticket, header, blobs = self.queue.popleft()
        with threadpool_limits(limits=1):  # as the worker processes' environment pins it
            reply, out = handle(header, blobs)
        return [(ticket, reply, out)]

    def close(self) -> None:
        self.queue.clear()


class _Worker:
    def __init__(self) -> None:
        package_root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
        env = {**os.environ, **SINGLE_THREADED, "PYTHONPATH": path, "POVSIM_RUNNER_PID": str(os.getpid())}
        # Standard error is not inherited: a worker must not hold its caller's pipes open.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sim.runner.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self.ready = False
        self.requests: deque[Request] = deque()  # sent, unanswered: the first is running

    def send(self, request: Request, data: bytes) -> None:
        """Send a request (``data``: it encoded)."""
        assert self.process.stdin is not None
        self.requests.append(request)
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


class LocalEngine:
    """Worker processes on this machine (``python -m sim.runner.worker``), each running one
    request and holding the next. A worker that dies fails the run it had (the schedule records
    it) and is replaced; the request it held goes back to the queue."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool = [_Worker() for _ in range(workers)]
        self.queue: deque[Request] = deque()
        self.selector = selectors.DefaultSelector()
        for worker in self.pool:
            assert worker.process.stdout is not None
            self.selector.register(worker.process.stdout, selectors.EVENT_READ, worker)

    def submit(self, ticket: int, header: dict[str, Any], blobs: Blobs) -> None:
        self.queue.append((ticket, {**header, "ticket": ticket}, blobs))
        self._dispatch()

    def _dispatch(self) -> None:
        for worker in self.pool:
            while self.queue and worker.ready and len(worker.requests) < PIPELINE_DEPTH:
                _, header, blobs = self.queue[0]
                data = encode(header, blobs)
                if worker.requests and len(data) > PIPELINE_BYTES:
                    break  # sent when the worker is free: it could fill the pipe
                worker.send(self.queue.popleft(), data)

    def _replace(self, worker: _Worker) -> None:
        assert worker.process.stdout is not None
        self.selector.unregister(worker.process.stdout)
        worker.kill()
        fresh = _Worker()
        assert fresh.process.stdout is not None
        self.selector.register(fresh.process.stdout, selectors.EVENT_READ, fresh)
        self.pool[self.pool.index(worker)] = fresh

    def answers(self, timeout: float) -> list[Answer]:
        out: list[Answer] = []
        for key, _ in self.selector.select(timeout):
            worker: _Worker = key.data
            assert worker.process.stdout is not None
            message = read_message(worker.process.stdout)
            if message is None:  # the worker died
                self._replace(worker)
                if worker.requests:
                    lost = worker.requests.popleft()
                    error = f"its worker process died (exit status {worker.process.returncode})"
                    out.append((lost[0], {"ok": False, "error": error}, {}))
                    self.queue.extendleft(reversed(worker.requests))  # not started: run elsewhere
                continue
            reply, blobs = message
            if reply.get("ready"):
                worker.ready = True
            else:
                out.append((worker.requests.popleft()[0], reply, blobs))
        self._dispatch()
        return out

    def close(self) -> None:
        self.queue.clear()
        for worker in self.pool:
            worker.kill()
        self.selector.close()


class DaskEngine:
    """An existing Dask distributed cluster, through Dask's own client. Tasks go to the
    cluster's workers as they are submitted; the cluster schedules them."""

    def __init__(self, address: str, timeout: float = 10.0) -> None:
        from distributed import Client, as_completed

        self.client = Client(address, timeout=timeout, set_as_default=False)
        self.workers = max(1, sum(self.client.nthreads().values()))
        self.pending: dict[Any, int] = {}
        # On this client's loop: the client is not made the process's default.
        self.completed = as_completed(loop=self.client.loop)

    def submit(self, ticket: int, header: dict[str, Any], blobs: Blobs) -> None:
        future = self.client.submit(handle, {**header, "ticket": ticket}, blobs, pure=False)
        self.pending[future] = ticket
        self.completed.add(future)

    def answers(self, timeout: float) -> list[Answer]:
        deadline = time.monotonic() + timeout
        while self.pending and not self.completed.has_ready() and time.monotonic() < deadline:
            time.sleep(0.01)
        if not self.completed.has_ready():
            return []
        out: list[Answer] = []
        for future in self.completed.next_batch(block=False):
            ticket = self.pending.pop(future)
            try:
                reply, blobs = future.result()
            except Exception as error:  # the cluster lost the task (a worker died, ...)
                reply, blobs = {"ok": False, "error": f"on the cluster: {error}"}, {}
            out.append((ticket, reply, blobs))
        return out

    def close(self) -> None:
        if self.pending:
            self.client.cancel(list(self.pending))
            self.pending.clear()
        self.client.close()


def make_engine(workers: int, scheduler: str | None = None) -> Engine:
    """An engine: the cluster at ``scheduler`` if given; else ``workers`` local processes (one:
    this process)."""
    if scheduler:
        return DaskEngine(scheduler)
    if workers <= 1:
        return InlineEngine()
    return LocalEngine(workers)
