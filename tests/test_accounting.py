"""Properties of the income statistics in sim/accounting.py: Gini, poverty, per-capita income."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.accounting import gini, per_capita, pooled_per_capita, poverty_gap_index, poverty_headcount_ratio

# Incomes a household table can hold (Yuan per person): zero, negative (costs above income) or
# positive, kept away from denormals so that scaling them stays exact enough.
income = st.one_of(
    st.just(0.0),
    st.floats(min_value=1e-3, max_value=1e6),
    st.floats(min_value=-1e5, max_value=-1e-3),
)
non_negative_income = st.one_of(st.just(0.0), st.floats(min_value=1e-3, max_value=1e6))
incomes = st.lists(income, min_size=1, max_size=40)


@st.composite
def weighted(draw: st.DrawFn, values: st.SearchStrategy[float] = income) -> tuple[list[float], list[int]]:
    """Incomes and, for each, a positive number of people."""
    ys = draw(st.lists(values, min_size=1, max_size=40))
    ws = draw(st.lists(st.integers(1, 12), min_size=len(ys), max_size=len(ys)))
    return ys, ws


def gini_by_mean_difference(y: np.ndarray, w: np.ndarray) -> float:
    """Independent oracle: half the weighted mean absolute difference over the mean."""
    y = np.clip(np.asarray(y, dtype=float), 0.0, None)
    w = np.asarray(w, dtype=float)
    total = float((w * y).sum())
    if total <= 0:
        return 0.0
    diff = np.abs(y[:, None] - y[None, :])
    return float((w[:, None] * w[None, :] * diff).sum() / (2.0 * w.sum() * total))


# ---------------------------------------------------------------------------- Gini


@given(incomes)
def test_gini_unweighted_in_unit_interval(ys: list[float]) -> None:
    assert 0.0 <= gini(ys) <= 1.0


@given(weighted())
def test_gini_weighted_in_unit_interval(data: tuple[list[float], list[int]]) -> None:
    ys, ws = data
    assert 0.0 <= gini(ys, ws) <= 1.0


@given(weighted(), st.floats(min_value=1e-3, max_value=1e3))
def test_gini_unchanged_by_scaling_all_incomes(data: tuple[list[float], list[int]], factor: float) -> None:
    ys, ws = data
    scaled = [factor * y for y in ys]
    assert gini(scaled, ws) == pytest.approx(gini(ys, ws), abs=1e-9)


@given(
    st.lists(st.tuples(income, st.integers(0, 6)), min_size=1, max_size=30),
)
def test_gini_integer_weights_equal_replicated_list(pairs: list[tuple[float, int]]) -> None:
    ys = np.array([y for y, _ in pairs])
    ws = np.array([w for _, w in pairs])
    replicated = np.repeat(ys, ws)
    assert gini(ys, ws) == pytest.approx(gini(replicated), abs=1e-9)


@given(weighted())
def test_gini_matches_mean_absolute_difference(data: tuple[list[float], list[int]]) -> None:
    ys, ws = data
    assert gini(ys, ws) == pytest.approx(gini_by_mean_difference(np.array(ys), np.array(ws)), abs=1e-9)


@given(st.floats(min_value=0.0, max_value=1e6), st.lists(st.integers(1, 12), min_size=1, max_size=40))
def test_gini_of_equal_incomes_is_zero(value: float, ws: list[int]) -> None:
    assert gini([value] * len(ws), ws) == pytest.approx(0.0, abs=1e-12)
    assert gini([value] * len(ws)) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize(
    ("ys", "ws", "expected"),
    [
        ([0.0, 0.0, 0.0, 1.0], None, 0.75),
        ([1.0, 2.0], None, 1.0 / 6.0),
        ([1.0, 2.0, 3.0], None, 2.0 / 9.0),
        ([0.0, 1.0], None, 0.5),
        ([5.0, 5.0, 5.0], None, 0.0),
        ([1.0, 2.0], [1, 1], 1.0 / 6.0),
        ([0.0, 1.0], [3, 1], 0.75),  # the weighted form of [0, 0, 0, 1]
        ([2.0, 1.0], [1, 2], 1.0 / 6.0),  # the weighted form of [1, 1, 2]
        ([-5.0, 1.0], None, 0.5),  # negative incomes count as zero
        ([0.0, 0.0], None, 0.0),  # no income at all
        ([3.0, 100.0, 1.0], [1, 0, 1], 0.25),  # a household without people does not count
    ],
)
def test_gini_known_answers(ys: list[float], ws: list[int] | None, expected: float) -> None:
    assert gini(ys, ws) == pytest.approx(expected, abs=1e-12)


def test_gini_of_nobody_is_zero() -> None:
    assert gini([]) == 0.0
    assert gini([1.0, 2.0], [0, 0]) == 0.0


@given(weighted())
def test_gini_does_not_depend_on_order(data: tuple[list[float], list[int]]) -> None:
    ys, ws = data
    order = np.random.default_rng(0).permutation(len(ys))
    assert gini(np.array(ys)[order], np.array(ws)[order]) == pytest.approx(gini(ys, ws), abs=1e-12)


# ---------------------------------------------------------------------------- poverty


@given(weighted(), st.floats(-2e5, 2e6), st.floats(-2e5, 2e6))
def test_headcount_monotone_in_the_line(data: tuple[list[float], list[int]], a: float, b: float) -> None:
    ys, ws = data
    low, high = sorted((a, b))
    h_low = poverty_headcount_ratio(ys, ws, low)
    h_high = poverty_headcount_ratio(ys, ws, high)
    assert 0.0 <= h_low <= h_high <= 1.0


@given(weighted())
def test_headcount_is_zero_at_or_below_the_minimum_and_one_above_the_maximum(
    data: tuple[list[float], list[int]],
) -> None:
    ys, ws = data
    assert poverty_headcount_ratio(ys, ws, min(ys)) == 0.0
    assert poverty_headcount_ratio(ys, ws, min(ys) - 1.0) == 0.0
    assert poverty_headcount_ratio(ys, ws, max(ys) + 1.0) == 1.0


@given(weighted(), st.floats(-2e5, 2e6))
def test_headcount_is_the_people_weighted_share_below_the_line(
    data: tuple[list[float], list[int]], line: float
) -> None:
    ys, ws = data
    below = sum(w for y, w in zip(ys, ws, strict=True) if y < line)
    assert poverty_headcount_ratio(ys, ws, line) == pytest.approx(below / sum(ws), abs=1e-12)


def test_headcount_known_answer() -> None:
    # 3 of 10 people live in the household below the line; the one exactly at it is not poor.
    assert poverty_headcount_ratio([500.0, 1196.0, 3000.0], [3, 2, 5], 1196.0) == pytest.approx(0.3)


@given(weighted(non_negative_income), st.floats(1.0, 2e6))
def test_poverty_gap_between_zero_and_headcount(data: tuple[list[float], list[int]], line: float) -> None:
    ys, ws = data
    gap = poverty_gap_index(ys, ws, line)
    assert 0.0 <= gap <= poverty_headcount_ratio(ys, ws, line) + 1e-12


@given(weighted(non_negative_income), st.floats(1.0, 2e6), st.floats(1.0, 2e6))
def test_poverty_gap_monotone_in_the_line(data: tuple[list[float], list[int]], a: float, b: float) -> None:
    ys, ws = data
    low, high = sorted((a, b))
    assert poverty_gap_index(ys, ws, low) <= poverty_gap_index(ys, ws, high) + 1e-12


@given(weighted(non_negative_income))
def test_poverty_gap_zero_when_nobody_is_below(data: tuple[list[float], list[int]]) -> None:
    ys, ws = data
    ys = [y + 1.0 for y in ys]  # a positive line at the lowest income, without filtering draws
    line = min(ys)
    assert poverty_gap_index(ys, ws, line) == 0.0


def test_poverty_gap_known_answers() -> None:
    assert poverty_gap_index([0.0, 2000.0], [1, 1], 1000.0) == pytest.approx(0.5)
    assert poverty_gap_index([500.0], [4], 1000.0) == pytest.approx(0.5)
    # Shortfalls of 0.5 (2 people) and 0.25 (1 person) over 4 people.
    assert poverty_gap_index([500.0, 750.0, 5000.0], [2, 1, 1], 1000.0) == pytest.approx(1.25 / 4)


@pytest.mark.parametrize("line", [0.0, -1.0])
def test_poverty_gap_rejects_a_non_positive_line(line: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        poverty_gap_index([1.0], [1], line)


# ---------------------------------------------------------------------------- per capita


@given(
    st.lists(
        st.tuples(st.floats(-1e6, 1e6), st.integers(1, 15)),
        min_size=1,
        max_size=40,
    )
)
def test_pooled_per_capita_is_total_income_over_total_people(pairs: list[tuple[float, int]]) -> None:
    net = np.array([n for n, _ in pairs])
    people = np.array([p for _, p in pairs])
    expected = net.sum() / people.sum()
    assert pooled_per_capita(net, people) == pytest.approx(expected, rel=1e-12, abs=1e-9)


def test_pooled_per_capita_is_not_a_mean_of_household_means() -> None:
    # 1,000 Yuan for 1 person and 9,000 for 9: 1,000 a head, though the household means differ.
    assert pooled_per_capita([1000.0, 9000.0], [1, 9]) == pytest.approx(1000.0)
    assert pooled_per_capita([1000.0, 1000.0], [1, 3]) == pytest.approx(500.0)


def test_pooled_per_capita_of_nobody_is_an_error() -> None:
    with pytest.raises(ValueError, match="no people"):
        pooled_per_capita([100.0], [0])


@given(
    st.lists(
        st.tuples(st.floats(-1e6, 1e6), st.integers(0, 15)),
        min_size=1,
        max_size=40,
    )
)
def test_per_capita_divides_and_gives_zero_for_empty_households(pairs: list[tuple[float, int]]) -> None:
    net = np.array([n for n, _ in pairs])
    people = np.array([p for _, p in pairs])
    out = per_capita(net, people)
    assert out.shape == net.shape
    assert out.dtype == np.float64
    assert np.all(np.isfinite(out))
    empty = people == 0
    assert np.all(out[empty] == 0.0)
    np.testing.assert_allclose(out[~empty], net[~empty] / people[~empty], rtol=1e-15)


@settings(max_examples=50)
@given(weighted())
def test_statistics_do_not_modify_their_inputs(data: tuple[list[float], list[int]]) -> None:
    ys = np.array(data[0])
    ws = np.array(data[1])
    ys_copy, ws_copy = ys.copy(), ws.copy()
    gini(ys, ws)
    poverty_headcount_ratio(ys, ws, 1196.0)
    poverty_gap_index(ys, ws, 1196.0)
    per_capita(ys, ws)
    pooled_per_capita(ys, ws)
    assert np.array_equal(ys, ys_copy)
    assert np.array_equal(ws, ws_copy)
