"""The povsim process keeps freed memory for the next array (sim.memory)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from sim import cli


def test_keep_freed_memory_sets_glibc_thresholds_in_its_own_process() -> None:
    # In a child process: the allocator of the test process itself is left as it is.
    out = subprocess.run(
        [sys.executable, "-c", "from sim.memory import keep_freed_memory; print(keep_freed_memory())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert out == ("True" if glibc else "False")


def test_the_command_entry_keeps_freed_memory_then_runs_main(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(cli, "keep_freed_memory", lambda: calls.append("memory") or True)
    monkeypatch.setattr(cli, "main", lambda argv=None: calls.append("main") or 0)
    assert cli.entry() == 0
    assert calls == ["memory", "main"]
