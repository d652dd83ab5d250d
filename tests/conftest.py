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
SCENARIO_FILES = sorted(SCENARIOS.glob("*.toml"))

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
