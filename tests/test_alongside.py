"""The counterfactual run in a second process alongside the programme gives the same result."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim import alongside
from sim.cli import main
from sim.params import Parameters
from sim.scenario import apply_overrides, load_scenario
from sim.villages import load_villages
from tests.conftest import PROVINCE_SCENARIO, ROOT

LIAONING = ROOT / "scenarios" / "liaoning-2009.toml"


def test_a_worker_alongside_gives_the_in_process_result_bit_for_bit() -> None:
    here = sim.run(LIAONING, seed=4, years=3)
    there = sim.run(LIAONING, seed=4, years=3, workers=2)
    assert here.counterfactual is not None and there.counterfactual is not None
    pd.testing.assert_frame_equal(here.counterfactual, there.counterfactual, check_exact=True)
    pd.testing.assert_frame_equal(here.pooled, there.pooled, check_exact=True)
    assert here.summary() == there.summary()


def test_explicit_villages_run_the_counterfactual_in_process() -> None:
    # A worker takes parameters alone: with villages given, workers=2 runs in process, the same.
    villages = load_villages()[:3]
    here = sim.run(LIAONING, seed=4, years=2, villages=villages)
    there = sim.run(LIAONING, seed=4, years=2, villages=villages, workers=2)
    assert here.summary() == there.summary()


@pytest.mark.parametrize("scenario", ["liaoning-2009", "annual-increase", "qinghai-key-counties"])
def test_the_parameters_travel_to_the_worker_whole(scenario: str) -> None:
    params = load_scenario(ROOT / "scenarios" / f"{scenario}.toml").params
    overrides = alongside.overrides_of(params)
    json.dumps(overrides)  # the worker gets them as JSON
    assert apply_overrides(Parameters(), overrides, origin="test") == params


def test_povsim_run_uses_a_worker_only_where_it_pays(monkeypatch: pytest.MonkeyPatch) -> None:
    province = load_scenario(PROVINCE_SCENARIO).params
    monkeypatch.setattr(alongside, "available_cores", lambda: 2)
    assert alongside.workers_for(Parameters()) == 1  # 2,020 households: a worker's start costs more
    assert alongside.workers_for(province) == 2
    monkeypatch.setattr(alongside, "available_cores", lambda: 1)
    assert alongside.workers_for(province) == 1


def test_povsim_run_workers_flag(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    outputs = []
    for workers in ("1", "2"):
        argv = [
            "run",
            str(LIAONING),
            "--years",
            "2",
            "--workers",
            workers,
            "--json",
            "--out",
            str(tmp_path / workers),
        ]
        assert main(argv) == 0
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0] == outputs[1]
    assert main(["run", str(LIAONING), "--workers", "0", "--out", str(tmp_path)]) == 2
    assert "--workers" in capsys.readouterr().err
