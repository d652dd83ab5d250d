"""Allowed values never break the model: every parameter at either end of its allowed range,
alone and in random combinations, runs without a traceback, a NaN or an absurd result.

Allowed bounds exist to reject what breaks the model (sim/param_fields.py); a combination
that violates a constraint between parameters is rejected with a clear error, and that is
allowed too. Runs are two years with the 2009 programme, so its deliveries are exercised.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any, get_type_hints

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sim.model import PovertyModel
from sim.params import Parameters
from sim.scenario import ScenarioError, apply_overrides, load_scenario
from tests.conftest import SCENARIOS
from tests.invariants import assert_conserved, assert_state_valid

PROGRAMME = load_scenario(SCENARIOS / "liaoning-2009.toml").params
YEARS = 2
# The run's calendar is fixed here: every other leaf with an allowed range is exercised.
FIXED = {"simulation.years", "simulation.start_year"}
# Absurd: a pooled income beyond these (Yuan a person a year). Costs that outrun what they earn
# are given up; only extreme levers (budgets of a billion, twenty mu of greenhouse) come near the top.
INCOME_BOUNDS = (-20_000.0, 1e7)


def ranged(group: Any, prefix: str = "") -> dict[str, tuple[Any, Any]]:
    """Every numeric leaf with an allowed range: name -> (low, high), as its type takes them."""
    out: dict[str, tuple[Any, Any]] = {}
    hints = get_type_hints(type(group))
    for f in fields(group):
        value = getattr(group, f.name)
        name = f"{prefix}{f.name}"
        if is_dataclass(value):
            out.update(ranged(value, name + "."))
            continue
        low, high = f.metadata.get("low"), f.metadata.get("high")
        if name in FIXED or low is None or high is None or hints[f.name] not in (int, float):
            continue
        cast = hints[f.name]
        out[name] = (cast(low), cast(high))
    return out


RANGED = ranged(Parameters())
CASES = [(name, end) for name in sorted(RANGED) for end in (0, 1)]


def run(overrides: dict[str, Any], seed: int = 1) -> PovertyModel:
    model = PovertyModel(PROGRAMME, rng=seed, years=YEARS, overrides=overrides)
    return model.run()


def assert_sane(model: PovertyModel) -> None:
    assert_state_valid(model)
    assert_conserved(model)
    for record in model.records:
        for array in (record.gross, record.costs, record.depreciation, record.consumption, record.investment):
            assert np.all(np.isfinite(array))
    for key, value in model.outcomes.items():
        assert np.isfinite(value), key
    income = model.outcomes["per_capita_net_income_yuan"]
    assert INCOME_BOUNDS[0] <= income <= INCOME_BOUNDS[1], income
    assert 0.0 <= model.outcomes["gini"] <= 1.0
    assert 0.0 <= model.outcomes["poverty_headcount_ratio"] <= 1.0


def test_there_are_ranged_parameters() -> None:
    assert len(RANGED) > 150


@pytest.mark.filterwarnings("error::RuntimeWarning")
@pytest.mark.parametrize(("name", "end"), CASES, ids=[f"{n}-{'high' if e else 'low'}" for n, e in CASES])
def test_each_parameter_at_each_end_of_its_range(name: str, end: int) -> None:
    overrides = {name: RANGED[name][end]}
    try:
        apply_overrides(PROGRAMME, overrides, origin="test")
    except ScenarioError:
        return  # rejected with a clear error: allowed
    assert_sane(run(overrides))


@pytest.mark.filterwarnings("error::RuntimeWarning")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), seed=st.integers(0, 10_000))
def test_random_combinations_of_allowed_values(data: st.DataObject, seed: int) -> None:
    chosen = data.draw(st.lists(st.sampled_from(sorted(RANGED)), min_size=5, max_size=40, unique=True))
    overrides = {}
    for name in chosen:
        low, high = RANGED[name]
        if isinstance(low, int):
            overrides[name] = data.draw(st.integers(low, high))
        else:
            overrides[name] = data.draw(st.sampled_from([low, high]) | st.floats(low, high))
    try:
        apply_overrides(PROGRAMME, overrides, origin="test")
    except ScenarioError:
        assume(False)
    assert_sane(run(overrides, seed))
