"""A local worker process: ``python -m sim.runner.worker``.

It reads requests on standard input and writes answers on standard output until its input
ends. It must never outlive the runner that started it, however the runner ends (a SIGKILL
cannot be caught, so the runner cannot clean up): on Linux the kernel kills it when its parent
dies (``PR_SET_PDEATHSIG``); elsewhere it ends when its input closes, which happens when the
parent dies, after the run in hand. Ctrl-C at a terminal goes to the whole process group:
workers ignore it and leave stopping to the runner.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

from sim.memory import keep_freed_memory

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux only)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def main() -> None:
    parent = int(os.environ.get("POVSIM_RUNNER_PID", os.getppid()))
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    keep_freed_memory()
    # Imported after the above: importing the model takes a while, and a dead parent should
    # not wait for it.
    from sim.runner.execute import handle
    from sim.runner.wire import encode, read_message

    # Answers go on a private copy of standard output; anything the model prints goes to
    # standard error instead, so it cannot corrupt a message.
    sink = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    source = sys.stdin.buffer
    sink.write(encode({"ready": True}))
    sink.flush()
    while (message := read_message(source)) is not None:
        reply, blobs = handle(*message)
        sink.write(encode(reply, blobs))
        sink.flush()


if __name__ == "__main__":
    main()
