"""The exact samplers (sim/sampling.py) and the herd deaths kernel (sim/rules/herd_kernel.py).

Moments are checked against the binomial's own over many draws, with tolerances of several
standard errors; every generator is seeded, so a run is deterministic, and the tolerances keep
the checks valid for any correct sampler, not only for the present stream of draws.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from sim.rules.herd_kernel import draw_deaths
from sim.sampling import bernoulli_rows, binomial

SIGMAS = 5.0

# Probabilities are drawn as 0 or at least 1e-12: below about 1e-18 the geometric skips of
# the samplers overflow 64-bit integers (see the test report); the model's rates are far above.
probabilities = st.one_of(st.just(0.0), st.floats(1e-12, 1.0))

# (trials per cell, probability): both sides of every switch a sampler might make on the
# probability (small ones by skips, large ones by complements, 1 exactly) and on the expected
# count (by inversion, or numpy's sampler for large counts).
CASES = [
    (1, 0.3),
    (3, 0.05),
    (5, 0.5),
    (7, 0.19),
    (7, 0.21),
    (12, 0.9),
    (30, 0.01),
    (33, 0.2),
    (40, 0.45),
    (60, 0.5),
    (120, 0.7),
    (200, 0.3),
    (500, 0.002),
    (1000, 0.999),
]


def assert_moments(sample: np.ndarray, n: int, p: float) -> None:
    """Sample mean and variance within SIGMAS standard errors of Binomial(n, p)'s."""
    q = 1.0 - p
    size = sample.size
    mean, var = n * p, n * p * q
    mu4 = n * p * q * (1.0 + 3.0 * p * q * (n - 2))  # fourth central moment
    mean_se = np.sqrt(var / size)
    var_se = np.sqrt(max(mu4 - var**2, 1e-12) / size)
    assert abs(sample.mean() - mean) <= SIGMAS * mean_se + 1e-12, (n, p, sample.mean(), mean)
    assert abs(sample.var(ddof=1) - var) <= SIGMAS * var_se + 1e-12, (n, p, sample.var(ddof=1), var)


def assert_binomial_shape(sample: np.ndarray, n: int, p: float) -> None:
    """Chi-square goodness of fit to Binomial(n, p), bins pooled to an expected count of 20."""
    counts = np.bincount(sample, minlength=n + 1).astype(float)
    expected = stats.binom.pmf(np.arange(n + 1), n, p) * sample.size
    observed_bins: list[float] = []
    expected_bins: list[float] = []
    acc_o = acc_e = 0.0
    for o, e in zip(counts, expected, strict=True):
        acc_o += o
        acc_e += e
        if acc_e >= 20.0:
            observed_bins.append(acc_o)
            expected_bins.append(acc_e)
            acc_o = acc_e = 0.0
    if observed_bins:
        observed_bins[-1] += acc_o
        expected_bins[-1] += acc_e
    if len(observed_bins) < 2:
        return  # a (near-)degenerate distribution: the moments say all there is
    statistic, pvalue = stats.chisquare(observed_bins, expected_bins)
    assert pvalue > 1e-6, (n, p, statistic, pvalue)


# ---------------------------------------------------------------------------- binomial


@pytest.mark.parametrize(("n", "p"), CASES)
def test_binomial_mean_variance_and_distribution(n: int, p: float) -> None:
    rng = np.random.default_rng(20240 + n)
    counts = np.full((2, 20_000), n, dtype=np.int64)
    out = binomial(rng, counts, np.array([[p], [p]]))
    assert out.shape == counts.shape
    assert_moments(out.ravel(), n, p)
    assert_binomial_shape(out.ravel(), n, p)


def test_binomial_rows_use_their_own_probability() -> None:
    """Probabilities per row (last axis 1) reach their own cells, for counts of three axes."""
    rng = np.random.default_rng(5)
    probability = np.array([[[0.0], [1.0], [0.3]], [[1.0], [0.05], [0.0]]])
    counts = np.random.default_rng(6).integers(0, 50, size=(2, 3, 4000))
    out = binomial(rng, counts, probability)
    assert out.shape == counts.shape
    assert np.array_equal(out[0, 0], np.zeros(4000))
    assert np.array_equal(out[0, 1], counts[0, 1])
    assert np.array_equal(out[1, 0], counts[1, 0])
    assert np.array_equal(out[1, 2], np.zeros(4000))
    for (a, b), p in (((0, 2), 0.3), ((1, 1), 0.05)):
        trials = counts[a, b].sum()
        mean = trials * p
        assert abs(out[a, b].sum() - mean) <= SIGMAS * np.sqrt(trials * p * (1 - p))


def test_binomial_scalar_probability_and_one_axis() -> None:
    rng = np.random.default_rng(8)
    counts = np.full(50_000, 4, dtype=np.int64)
    out = binomial(rng, counts, 0.25)
    assert out.shape == (50_000,)
    assert np.issubdtype(out.dtype, np.integer)
    assert_moments(out, 4, 0.25)


def test_binomial_accepts_narrow_integer_counts() -> None:
    counts = np.full((1, 30_000), 9, dtype=np.int32)
    out = binomial(np.random.default_rng(9), counts, 0.4)
    assert out.shape == counts.shape
    assert_moments(out.ravel(), 9, 0.4)


@pytest.mark.parametrize("p", [0.0, -0.5])
def test_binomial_zero_probability_gives_zeros(p: float) -> None:
    counts = np.random.default_rng(1).integers(0, 1000, size=(3, 500))
    out = binomial(np.random.default_rng(2), counts, p)
    assert out.shape == counts.shape
    assert not out.any()


def test_binomial_probability_one_gives_the_counts() -> None:
    counts = np.random.default_rng(1).integers(0, 1000, size=(3, 500))
    assert np.array_equal(binomial(np.random.default_rng(2), counts, 1.0), counts)


def test_binomial_zero_counts_give_zeros() -> None:
    counts = np.zeros((4, 300), dtype=np.int64)
    assert not binomial(np.random.default_rng(3), counts, 0.7).any()


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 4),
    st.integers(1, 60),
    st.integers(0, 200),
    st.lists(probabilities, min_size=4, max_size=4),
    st.integers(0, 2**32 - 1),
)
def test_binomial_never_exceeds_the_counts(
    rows: int, columns: int, high: int, probs: list[float], seed: int
) -> None:
    counts = np.random.default_rng(seed).integers(0, high + 1, size=(rows, columns))
    probability = np.array(probs[:rows])[:, np.newaxis]
    out = binomial(np.random.default_rng(seed), counts, probability)
    assert out.shape == counts.shape
    assert np.all(out >= 0)
    assert np.all(out <= counts)


def test_binomial_same_seed_same_draws_other_seed_other_draws() -> None:
    counts = np.random.default_rng(0).integers(0, 40, size=(5, 2000))
    probability = np.array([[0.01], [0.1], [0.3], [0.6], [0.95]])
    first = binomial(np.random.default_rng(123), counts, probability)
    again = binomial(np.random.default_rng(123), counts, probability)
    other = binomial(np.random.default_rng(124), counts, probability)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


def test_binomial_does_not_modify_the_counts() -> None:
    counts = np.random.default_rng(0).integers(0, 40, size=(2, 100))
    copy = counts.copy()
    binomial(np.random.default_rng(1), counts, 0.5)
    assert np.array_equal(counts, copy)


# ---------------------------------------------------------------------------- bernoulli_rows


@pytest.mark.parametrize(("size", "p"), [(200, 0.05), (50, 0.5), (30, 0.9), (1000, 0.002)])
def test_bernoulli_rows_count_mean_and_variance(size: int, p: float) -> None:
    rng = np.random.default_rng(size)
    draws = [bernoulli_rows(rng, size, p) for _ in range(4000)]
    successes = np.array([d.size for d in draws])
    assert_moments(successes, size, p)
    # Every position is a success with probability p.
    hits = np.bincount(np.concatenate(draws), minlength=size)
    assert hits.size == size
    expected = len(draws) * p
    assert np.all(np.abs(hits - expected) <= 6.0 * np.sqrt(expected * (1 - p)) + 1)


def test_bernoulli_rows_on_a_long_row() -> None:
    size, p = 2_000_000, 0.001
    out = bernoulli_rows(np.random.default_rng(11), size, p)
    assert abs(out.size - size * p) <= SIGMAS * np.sqrt(size * p * (1 - p))
    # Gaps between successes are geometric with mean 1/p.
    gaps = np.diff(out)
    assert abs(gaps.mean() - 1 / p) <= SIGMAS * np.sqrt((1 - p) / p**2 / gaps.size)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 5000), probabilities.filter(lambda p: p < 1.0), st.integers(0, 2**32 - 1))
def test_bernoulli_rows_are_sorted_distinct_indices_inside_the_row(size: int, p: float, seed: int) -> None:
    out = bernoulli_rows(np.random.default_rng(seed), size, p)
    assert out.ndim == 1
    assert np.issubdtype(out.dtype, np.integer)
    assert np.all(np.diff(out) > 0)
    if out.size:
        assert out[0] >= 0
        assert out[-1] < size


def test_bernoulli_rows_zero_probability_or_size_gives_nothing() -> None:
    rng = np.random.default_rng(0)
    assert bernoulli_rows(rng, 10_000, 0.0).size == 0
    assert bernoulli_rows(rng, 0, 0.5).size == 0


@pytest.mark.parametrize("p", [1.0, 1.5, -0.1])
def test_bernoulli_rows_rejects_probabilities_outside_zero_to_one(p: float) -> None:
    with pytest.raises(ValueError, match="probability"):
        bernoulli_rows(np.random.default_rng(0), 10, p)


def test_bernoulli_rows_same_seed_same_draws() -> None:
    first = bernoulli_rows(np.random.default_rng(42), 100_000, 0.01)
    again = bernoulli_rows(np.random.default_rng(42), 100_000, 0.01)
    other = bernoulli_rows(np.random.default_rng(43), 100_000, 0.01)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


# ---------------------------------------------------------------------------- herd deaths


def test_draw_deaths_has_the_binomial_mean_per_animal() -> None:
    """Deaths per (species, class) and exposure group match 1 - exp(-hazard * exposure)."""
    species, classes, households = 3, 3, 6000
    animals = 20
    herd = np.full((species, classes, households), animals, dtype=np.int32)
    hazard = np.array([[0.005, 0.02, 0.005], [0.007, 0.03, 0.0], [0.004, 0.08, 0.004]])
    groups = np.array([0.0, 0.5, 1.0, 3.0, 12.0])  # hazard-months
    # Exposure differs by household (technical services) and species (winter).
    exposure = np.tile(np.repeat(groups, households // groups.size), (species, 1)) * np.array(
        [[1.0], [3.0], [0.25]]
    )
    before = herd.copy()
    draw_deaths(herd, hazard, exposure, np.random.default_rng(17))
    dead = before - herd
    assert np.all(dead >= 0)
    for s in range(species):
        for c in range(classes):
            for g in range(groups.size):
                cols = slice(g * (households // groups.size), (g + 1) * (households // groups.size))
                x = exposure[s, cols][0]
                p = -np.expm1(-hazard[s, c] * x)
                trials = animals * (households // groups.size)
                observed = dead[s, c, cols].sum()
                if p == 0.0:
                    assert observed == 0
                else:
                    assert abs(observed - trials * p) <= SIGMAS * np.sqrt(trials * p * (1 - p)), (s, c, x)


def test_draw_deaths_per_animal_variance_is_binomial() -> None:
    households, animals = 40_000, 6
    herd = np.full((1, 1, households), animals, dtype=np.int32)
    hazard = np.array([[0.1]])
    exposure = np.full((1, households), 2.0)
    before = herd.copy()
    draw_deaths(herd, hazard, exposure, np.random.default_rng(3))
    dead = (before - herd)[0, 0]
    assert_moments(dead, animals, float(-np.expm1(-0.2)))
    assert_binomial_shape(dead, animals, float(-np.expm1(-0.2)))


def test_draw_deaths_certain_death_and_no_hazard() -> None:
    herd = np.full((2, 3, 50), 7, dtype=np.int32)
    hazard = np.array([[50.0, 50.0, 50.0], [0.0, 0.0, 0.0]])
    exposure = np.ones((2, 50))
    draw_deaths(herd, hazard, exposure, np.random.default_rng(0))
    assert not herd[0].any()  # 1 - exp(-50) is 1 in floating point: every animal dies
    assert np.all(herd[1] == 7)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 3),
    st.integers(1, 40),
    st.integers(0, 60),
    st.floats(1e-6, 0.5),
    st.floats(0.01, 24.0),
    st.integers(0, 2**32 - 1),
)
def test_draw_deaths_never_negative_never_adds(
    species: int, households: int, high: int, hazard: float, exposure: float, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    herd = rng.integers(0, high + 1, size=(species, 3, households)).astype(np.int32)
    # Hazards and exposures of zero, or not below 1e-6 and 0.01 (see `probabilities`).
    hazards = rng.uniform(1e-6, hazard, size=(species, 3)) * (rng.random((species, 3)) < 0.8)
    exposures = rng.uniform(0.01, exposure, size=(species, households)) * (
        rng.random((species, households)) < 0.8
    )
    before = herd.copy()
    draw_deaths(herd, hazards, exposures, np.random.default_rng(seed))
    assert np.all(herd >= 0)
    assert np.all(herd <= before)
    # A household with no exposure loses nothing.
    zero = exposures == 0.0
    for s in range(species):
        assert np.array_equal(herd[s][:, zero[s]], before[s][:, zero[s]])


def test_draw_deaths_same_seed_same_deaths() -> None:
    herd = np.full((3, 3, 1000), 10, dtype=np.int32)
    hazard = np.full((3, 3), 0.02)
    exposure = np.random.default_rng(0).uniform(0, 6, size=(3, 1000))
    a, b, c = herd.copy(), herd.copy(), herd.copy()
    draw_deaths(a, hazard, exposure, np.random.default_rng(9))
    draw_deaths(b, hazard, exposure, np.random.default_rng(9))
    draw_deaths(c, hazard, exposure, np.random.default_rng(10))
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)
