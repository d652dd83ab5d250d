"""Shared paths and one finished model run for the whole session.

The session-scoped models are read-only for the tests that use them: a test that steps,
mutates or re-runs a model builds its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim import PovertyModel

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
NO_PROGRAMME = SCENARIOS / "no-programme.toml"
# The scenario files of the ten villages (the province's, of 1,622 villages, is too large to run
# in every scenario test; tests/test_rollout.py checks it loads and runs its rules on a few).
PROVINCE_SCENARIO = SCENARIOS / "qinghai-key-counties.toml"
SCENARIO_FILES = sorted(p for p in SCENARIOS.glob("*.toml") if p != PROVINCE_SCENARIO)

HOUSEHOLDS = 2020
PEOPLE = 8876
VILLAGES = 10


@pytest.fixture(scope="session")
def finished_model() -> PovertyModel:
    """The default parameters run for the default ten years on seed 1 (do not mutate)."""
    model = PovertyModel(rng=1).run()
    assert not model.running
    return model


@pytest.fixture(scope="session")
def fresh_model() -> PovertyModel:
    """The default parameters as built in January of the first year, seed 1 (do not mutate)."""
    return PovertyModel(rng=1)
