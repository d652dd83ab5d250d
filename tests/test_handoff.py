"""experiments/README.md's examples of handing the model to SALib and the EMA Workbench run as
written (as tests/test_readme_examples.py does for README.md), so the hand-off cannot rot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCUMENT = ROOT / "experiments" / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOCUMENT.read_text(encoding="utf-8"), flags=re.DOTALL)
RELATIVE = re.compile(r"""(["'])((?:scenarios|docs|benchmarks)/[^"']*)\1""")


def test_the_handoff_has_examples_for_salib_and_ema() -> None:
    assert len(BLOCKS) == 2
    assert "SALib" in BLOCKS[0] and "ema_workbench" in BLOCKS[1]


@pytest.mark.parametrize("block", range(len(BLOCKS)))
def test_handoff_block_runs(
    block: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("SALib" if block == 0 else "ema_workbench")
    code = RELATIVE.sub(lambda m: repr(str(ROOT / m.group(2))), BLOCKS[block])
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__handoff__"}
    exec(compile(code, f"experiments/README.md python block {block + 1}", "exec"), namespace)
    printed = capsys.readouterr().out
    if block == 0:
        total = namespace["total"]
        assert list(total.index) == namespace["problem"]["names"]
        assert len(namespace["gain"]) == 40
    else:
        assert namespace["experiments"].shape[0] == 6
        assert len(namespace["outcomes"]["income_gain_last_year_yuan"]) == 6
        assert "programme__training__trainees_per_year" in namespace["experiments"].columns
    assert printed
