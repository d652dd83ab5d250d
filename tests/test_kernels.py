"""The compiled kernels that replace numpy passes in the monthly engine give numpy's bits:
the herds' weighted sums (sim/rules/herd_sums.py), the ledger's monthly posting
(sim/ledger_kernel.py), the expected returns and the best option (sim/rules/returns_kernel.py).
Each is checked against the numpy it replaced, written out here."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sim.rules.investment as investment
from sim import PovertyModel, load_scenario
from sim.ledger_kernel import post_months
from sim.rules.herd_sums import per_species_sum, weighted_sum
from sim.rules.returns_kernel import best_options
from sim.world import Index

# Household counts on both sides of the kernels' blocks of 2,048.
HOUSEHOLDS = st.sampled_from([0, 1, 2, 7, 100, 2047, 2048, 2049, 5000])


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a.view(np.uint8), b.view(np.uint8))


def numpy_weighted_sum(weight: np.ndarray, herd: np.ndarray) -> np.ndarray:
    total = weight[0, 0] * herd[0, 0]
    for s in range(herd.shape[0]):
        for c in range(herd.shape[1]):
            if s or c:
                total = total + weight[s, c] * herd[s, c]
    return total


def numpy_per_species_sum(weight: np.ndarray, herd: np.ndarray) -> np.ndarray:
    total = weight[:, 0, np.newaxis] * herd[:, 0]
    for c in range(1, herd.shape[1]):
        total = total + weight[:, c, np.newaxis] * herd[:, c]
    return total


@settings(max_examples=40, deadline=None)
@given(households=HOUSEHOLDS, seed=st.integers(0, 2**32 - 1), every=st.sampled_from([1, 3]))
def test_herd_sums_are_numpys_written_out_sums(households: int, seed: int, every: int) -> None:
    rng = np.random.default_rng(seed)
    herd = rng.integers(0, 60, size=(3, 7, households)).astype(np.int32)[:, :, ::every]
    weight = rng.normal(0.0, 300.0, size=(3, 7)) / 7.0
    weight[rng.random(weight.shape) < 0.2] = 0.0
    assert same_bits(weighted_sum(weight, herd), numpy_weighted_sum(weight, herd))
    assert same_bits(per_species_sum(weight, herd), numpy_per_species_sum(weight, herd))


def numpy_post_months(gross, costs, savings, gross_rate, cost_rate, months) -> None:  # type: ignore[no-untyped-def]
    times = months[:, np.newaxis]
    if (times == 1).all():
        posted_gross, posted_costs = gross_rate, cost_rate
    else:
        posted_gross, posted_costs = gross_rate * times, cost_rate * times
    gross += posted_gross
    costs += posted_costs
    savings += posted_gross.sum(axis=0) - posted_costs.sum(axis=0)


@settings(max_examples=60, deadline=None)
@given(households=HOUSEHOLDS, seed=st.integers(0, 2**32 - 1), usual=st.booleans())
def test_the_ledgers_posting_is_numpys(households: int, seed: int, usual: bool) -> None:
    rng = np.random.default_rng(seed)
    sources = 7
    rates = [rng.normal(0.0, 100.0, size=(sources, households)) for _ in range(2)]
    for rate in rates:  # zeros of both signs, as rates reset to nothing leave them
        rate[rng.random(rate.shape) < 0.3] = 0.0
        rate[rng.random(rate.shape) < 0.1] = -0.0
    months = np.ones(sources, dtype=np.int64) if usual else rng.integers(0, 4, sources)
    start = [rng.normal(0.0, 1e3, size=(sources, households)) for _ in range(2)]
    savings = rng.normal(0.0, 1e4, size=households)
    savings[rng.random(households) < 0.2] = 0.0
    ours = [start[0].copy(), start[1].copy(), savings.copy()]
    theirs = [start[0].copy(), start[1].copy(), savings.copy()]
    post_months(*ours, *rates, months)
    numpy_post_months(*theirs, *rates, months)
    assert all(same_bits(a, b) for a, b in zip(ours, theirs, strict=True))


@settings(max_examples=80, deadline=None)
@given(households=st.integers(0, 60), seed=st.integers(0, 2**32 - 1), odd=st.booleans())
def test_the_best_option_is_numpys_argmax(households: int, seed: int, odd: bool) -> None:
    rng = np.random.default_rng(seed)
    returns = rng.integers(-3, 3, size=(8, households)).astype(np.float64)  # many ties
    returns[rng.random(returns.shape) < 0.3] = -np.inf
    if odd:
        returns[rng.random(returns.shape) < 0.05] = np.nan
        returns[rng.random(returns.shape) < 0.05] = np.inf
    assert np.array_equal(best_options(returns), np.argmax(returns, axis=0))


def numpy_expected_returns(m, economics, known, eligible):  # type: ignore[no-untyped-def]
    """The numpy the kernel replaced (sim.rules.investment.expected_returns before it)."""
    state = m.state
    newcomer = m.params.households.first_month_productivity
    productivity = np.where(known, state.productivity[np.newaxis, :], newcomer)
    margin = economics.margin_at(productivity)
    prudence = m.params.finance.prudence_sd
    risk = prudence * economics.price_sd[:, np.newaxis] * economics.revenue_at(productivity)
    slack = np.maximum(state.days_available - state.days_needed - state.local_days, 0.0)
    wage = m.params.labour.local_wage_yuan_per_day * m.level(Index.WAGES)
    displaced = np.maximum(economics.days[:, np.newaxis] - slack[np.newaxis, :], 0.0) * wage
    net = margin - risk - economics.depreciation - displaced
    returns = np.divide(net, economics.capital, out=np.full_like(net, -np.inf), where=economics.capital > 0)
    returns[~eligible] = -np.inf
    return returns


@pytest.mark.parametrize(("scenario", "seed"), [("liaoning-2009", 1), ("no-programme", 2)])
def test_the_expected_returns_are_numpys_in_every_investment_round(
    scenario: str, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = investment.expected_returns
    rounds = 0

    def both(m, economics, known, eligible):  # type: ignore[no-untyped-def]
        nonlocal rounds
        ours = compiled(m, economics, known, eligible)
        assert same_bits(ours, numpy_expected_returns(m, economics, known, eligible))
        rounds += 1
        return ours

    monkeypatch.setattr(investment, "expected_returns", both)
    PovertyModel(load_scenario(f"scenarios/{scenario}.toml").params, rng=seed).run()
    assert rounds >= 10  # every year's investment month, a round or two each
