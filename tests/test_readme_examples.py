"""README.md's Python examples run as written (issue 12), from a temporary directory, with
the paths in them relative to the repository's root."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), flags=re.DOTALL)
RELATIVE = re.compile(r"""(["'])((?:scenarios|docs|benchmarks)/[^"']*)\1""")


def test_readme_has_python_examples() -> None:
    assert BLOCKS


@pytest.mark.parametrize("block", range(len(BLOCKS)))
def test_readme_python_block_runs(block: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = RELATIVE.sub(lambda m: repr(str(ROOT / m.group(2))), BLOCKS[block])
    monkeypatch.chdir(tmp_path)
    exec(compile(code, f"README.md python block {block + 1}", "exec"), {"__name__": "__readme__"})
    assert Path(os.getcwd()) == tmp_path


def test_readme_says_what_batch_run_returns() -> None:
    text = " ".join((ROOT / "README.md").read_text().split())
    assert "data_collection_period=12" in text
    assert "the last collected step only" in text
