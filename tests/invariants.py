"""Invariants every model run keeps, shared by the model and scenario tests."""

from __future__ import annotations

import numpy as np
import pytest

from sim import PovertyModel


def assert_conserved(model: PovertyModel) -> None:
    """Change in savings = the closed years' net income, plus depreciation (not cash), minus
    consumption and the cash paid for fixed assets, per household."""
    flows = sum((r.saved for r in model.records), np.zeros(model.state.size))
    change = model.state.savings - model.initial_savings
    scale = max(1.0, float(np.abs(flows).max()))
    np.testing.assert_allclose(change, flows, rtol=0, atol=1e-9 * scale * max(1, len(model.records)))
    assert float(change.sum()) == pytest.approx(float(flows.sum()), rel=1e-12, abs=1e-6)


def assert_state_valid(model: PovertyModel) -> None:
    """No negative animals or people; migrants are working-age members; savings are finite."""
    s = model.state
    assert s.herd.min() >= 0, "a negative herd"
    assert s.flock.min() >= 0, "a negative flock"
    for band in (s.children, s.young, s.prime, s.elderly):
        assert band.min() >= 0
    assert np.all(s.migrants >= 0)
    assert np.all(s.migrants <= s.working_age)
    assert np.all(np.isfinite(s.savings))
