"""Per-household common random numbers (sim.crn): exact distributions, and draws that depend
only on the household's own slot."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from sim.crn import HouseholdDraws, derive_key
from sim.streams import Streams


def draws(name: str = "test", step: int = 0, part: int = 0, seed: int = 1) -> HouseholdDraws:
    return Streams(seed).households(name, step, part)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 9999), min_size=1, max_size=50, unique=True), st.integers(0, 2**32))
def test_a_households_draw_does_not_depend_on_who_else_draws(rows: list[int], seed: int) -> None:
    d = Streams(seed).households("illness", 17)
    alone = np.array([d.uniform(np.array([r]))[0] for r in rows])
    together = d.uniform(np.array(rows))
    assert np.array_equal(alone, together)
    counts = np.arange(len(rows)) * 7
    assert np.array_equal(
        d.binomial(np.array(rows), counts, 0.3),
        np.array([d.binomial(np.array([r]), int(c), 0.3)[0] for r, c in zip(rows, counts, strict=True)]),
    )


def test_processes_steps_parts_and_seeds_draw_independently() -> None:
    base = draws().uniform(1000)
    for other in (draws(name="other"), draws(step=1), draws(part=1), draws(seed=2)):
        u = other.uniform(1000)
        assert not np.array_equal(u, base)
        assert abs(np.corrcoef(base, u)[0, 1]) < 0.1
    assert len({derive_key(1, "a", s) for s in range(1000)}) == 1000


def test_uniforms_are_uniform_and_independent_within_a_household() -> None:
    u = draws().uniforms(20000, 3)
    assert u.min() >= 0.0 and u.max() < 1.0
    for j in range(3):
        assert stats.kstest(u[:, j], "uniform").pvalue > 0.001
    assert abs(np.corrcoef(u[:, 0], u[:, 1])[0, 1]) < 0.03
    # Neighbouring slots are not correlated either.
    assert abs(np.corrcoef(u[:-1, 0], u[1:, 0])[0, 1]) < 0.03


def chi_square_pvalue(sample: np.ndarray, pmf: np.ndarray) -> float:
    """Goodness of fit of integer draws to a pmf, pooling sparse tails."""
    observed = np.bincount(sample, minlength=pmf.size)[: pmf.size].astype(float)
    expected = pmf * sample.size
    keep = expected >= 5
    obs = np.append(observed[keep], sample.size - observed[keep].sum())
    exp = np.append(expected[keep], sample.size - expected[keep].sum())
    if exp[-1] < 1e-9:
        obs, exp = obs[:-1], exp[:-1]
    return float(stats.chisquare(obs, exp * obs.sum() / exp.sum()).pvalue)


def test_binomial_draws_follow_the_binomial_distribution() -> None:
    # Small, p above one half (drawn by complement), and large enough to need several chunks.
    for step, (n, p) in enumerate(((5, 0.1), (12, 0.7), (400, 0.3), (3000, 0.02))):
        sample = draws(step=step).binomial(30000, n, p)
        assert chi_square_pvalue(sample, stats.binom.pmf(np.arange(n + 1), n, p)) > 0.001, (n, p)


def test_poisson_draws_follow_the_poisson_distribution() -> None:
    for step, rate in enumerate((0.05, 2.5, 55.0)):
        sample = draws(step=step).poisson(30000, rate)
        support = np.arange(int(rate * 3 + 30))
        assert chi_square_pvalue(sample, stats.poisson.pmf(support, rate)) > 0.001, rate


def test_binomial_edges() -> None:
    d = draws()
    assert np.array_equal(d.binomial(3, np.array([0, 5, 7]), np.array([0.5, 0.0, 1.0])), [0, 0, 7])
    assert np.array_equal(d.poisson(2, 0.0), [0, 0])


def test_order_of_a_subset_is_the_subsets_order_within_the_whole() -> None:
    d = draws()
    whole = d.order(500)
    subset = np.arange(0, 500, 3)
    assert np.array_equal(d.order(subset), whole[np.isin(whole, subset)])
    mask = np.zeros(500, dtype=bool)
    mask[subset] = True
    assert np.array_equal(d.order(mask), d.order(subset))


def test_a_sequence_continues_each_households_own_count() -> None:
    streams = Streams(3)
    sequence = streams.sequence("deaths", 5)
    rows = np.array([4, 9, 2])
    first, second = sequence.uniform(rows), sequence.uniform(rows[:2])
    both = HouseholdDraws(sequence.key).uniforms(rows, 2)
    assert np.array_equal(first, both[:, 0])
    assert np.array_equal(second, both[:2, 1])
    # Household 2 has drawn once, the others twice: its next draw is its second.
    assert sequence.binomial(np.array([2]), 1, 0.0).tolist() == [0]  # p = 0 draws nothing
    assert np.array_equal(
        sequence.uniform(np.array([2, 4])), [both[2, 1], HouseholdDraws(sequence.key).uniforms(5, 3)[4, 2]]
    )
    assert streams.sequence("deaths", 5) is sequence
    assert streams.sequence("deaths", 6) is not sequence
    with pytest.raises(ValueError, match="step 5 after step 6"):
        streams.sequence("deaths", 5)


def test_bernoulli_integers_and_normals() -> None:
    d = draws()
    assert abs(d.bernoulli(100_000, 0.3).mean() - 0.3) < 0.005
    assert np.array_equal(d.bernoulli(np.array([1, 2]), np.array([0.0, 1.0])), [False, True])
    k = d.integers(60_000, 6)
    assert k.min() == 0 and k.max() == 5
    assert chi_square_pvalue(k, np.full(6, 1 / 6)) > 0.001
    z = draws(step=1).normal(50_000)
    assert stats.kstest(z, "norm").pvalue > 0.001
    x = draws(step=2).lognormal(50_000, -0.5 * 0.8**2, 0.8)
    assert abs(x.mean() - 1.0) < 0.02


def test_a_sequence_never_shares_its_key_with_numbered_parts() -> None:
    streams = Streams(1)
    keys = {streams.households("livestock.deaths", 5, part).key for part in range(10)}
    assert streams.sequence("livestock.deaths", 5).key not in keys
