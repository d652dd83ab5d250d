"""A pinned fixed-seed baseline: the no-programme scenario on seed 1, bit for bit.

The model is reproducible from its seed, so any change to these numbers is a change to the
model. If it is intended, regenerate the file deliberately (``python -m tests.regenerate_baseline``)
and commit the diff with the change; this test only reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.regenerate_baseline import BASELINE, PINNED, baseline_summary, main, render


@pytest.fixture(scope="module")
def pinned() -> dict:
    assert BASELINE.exists(), f"{BASELINE} is missing: run python -m tests.regenerate_baseline"
    return json.loads(BASELINE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def current() -> dict:
    return baseline_summary()


def test_baseline_file_holds_the_pinned_entries(pinned: dict) -> None:
    assert set(pinned) == set(PINNED)
    assert pinned["scenario"] == "no-programme"
    assert pinned["seed"] == 1
    years = [str(pinned["start_year"] + i) for i in range(pinned["years"])]
    for key in ("per_capita_net_income_yuan", "poverty_headcount_ratio", "gini"):
        assert list(pinned[key]) == years


@pytest.mark.parametrize("key", PINNED)
def test_matches_the_baseline_exactly(pinned: dict, current: dict, key: str) -> None:
    assert current[key] == pinned[key], (
        f"{key} differs from {BASELINE.name}; if the model change is intended, run "
        "python -m tests.regenerate_baseline and commit the new file"
    )


def test_baseline_file_is_in_canonical_form(pinned: dict) -> None:
    assert BASELINE.read_text(encoding="utf-8") == render(pinned)


def test_regeneration_writes_where_it_is_told(
    tmp_path: Path, current: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    """The deliberate path: the script writes the current numbers, in the file's form."""
    out = tmp_path / "baseline.json"
    assert main(["--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    assert out.read_text(encoding="utf-8") == render(current)
    assert json.loads(out.read_text(encoding="utf-8")) == current
