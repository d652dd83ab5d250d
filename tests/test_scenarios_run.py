"""Every shipped scenario file loads and runs (two years) through the Python API."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import sim
from tests.conftest import HOUSEHOLDS, PEOPLE, SCENARIO_FILES, VILLAGES
from tests.invariants import assert_conserved, assert_state_valid


def test_scenarios_are_found() -> None:
    assert SCENARIO_FILES, "scenarios/*.toml is empty"


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.name for p in SCENARIO_FILES])
def test_scenario_runs_two_years(path: Path) -> None:
    result = sim.run(path, seed=1, years=2)
    assert result.scenario == path.stem
    assert result.seed == 1
    assert result.households == HOUSEHOLDS
    assert result.people == PEOPLE
    assert result.params.simulation.years == 2
    assert list(result.pooled.index) == [2008, 2009]
    income = result.pooled["per_capita_net_income_yuan"]
    assert np.all(np.isfinite(income))
    assert np.all(income > 0)
    assert result.by_village.index.get_level_values("village").nunique() == VILLAGES
    assert len(result.by_village) == 2 * VILLAGES
    summary = result.summary()
    assert set(summary["per_capita_net_income_yuan"]) == {"2008", "2009"}
    assert len(summary["villages"]) == VILLAGES


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.name for p in SCENARIO_FILES])
def test_scenario_accepts_a_loaded_scenario_or_its_path(path: Path) -> None:
    by_path = sim.run(path, seed=3, years=1)
    by_str = sim.run(str(path), seed=3, years=1)
    loaded = sim.run(sim.load_scenario(path), seed=3, years=1)
    assert by_path.summary() == by_str.summary() == loaded.summary()


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.name for p in SCENARIO_FILES])
def test_scenario_conserves_money_and_keeps_a_valid_state(path: Path) -> None:
    model = sim.PovertyModel(sim.load_scenario(path).params, rng=2, years=2)
    while model.running:
        model.step()
        assert_state_valid(model)
    assert_conserved(model)


def test_run_without_a_scenario_uses_the_defaults() -> None:
    result = sim.run(seed=1, years=1)
    assert result.scenario == "defaults"
    assert result.params == sim.Parameters(simulation=result.params.simulation)
    assert result.params.simulation.years == 1
