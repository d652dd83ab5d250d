"""The compiled per-group figures (sim/village_stats.py) have the same bits as numpy's
arithmetic on each group's slice (sim/accounting.py): sums in numpy's pairwise order, blocks
taken by indices in their own order, the Gini with its sort and cumulative sums."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.accounting import gini, per_capita, pooled_per_capita, poverty_gap_index, poverty_headcount_ratio
from sim.records import YearRecord
from sim.village_stats import (
    CONSUMPTION,
    DEPRECIATION,
    HERD_VALUE,
    INVESTMENT,
    NET_INCOME,
    PEOPLE,
    GroupStats,
    pairwise_sum,
    year_stats,
)

LINE = 1196.0
N_SOURCES = 7
# Group sizes on both sides of numpy's pairwise thresholds (8 values, 128, two blocks of 128).
SIZES = st.sampled_from([0, 1, 2, 7, 8, 9, 15, 16, 17, 127, 128, 129, 136, 255, 256, 257, 300, 520])


def same(a: object, b: object) -> bool:
    """Equal bit for bit (a negative zero is not a zero)."""
    return np.asarray(a, dtype=np.float64).tobytes() == np.asarray(b, dtype=np.float64).tobytes()


def amounts(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Yuan over many orders of magnitude, of either sign: sums whose rounding depends on
    the order of their additions, so that a wrong order shows."""
    return rng.choice([-1.0, 1.0], shape) * 10.0 ** rng.uniform(-3.0, 6.0, shape)


def record(rng: np.random.Generator, n: int, ties: bool) -> YearRecord:
    """A year of ``n`` households: some without people, some with no or negative income, and
    (``ties``) some whose income per person is the same at different household sizes."""
    people = rng.integers(0, 9, n)
    gross = np.abs(amounts(rng, (N_SOURCES, n)))
    costs = np.abs(amounts(rng, (N_SOURCES, n))) * rng.uniform(0.0, 1.2, (N_SOURCES, n))
    depreciation = np.abs(amounts(rng, (N_SOURCES, n))) * (rng.random((N_SOURCES, n)) < 0.5)
    nothing = rng.random(n) < 0.15  # households with no income at all
    gross[:, nothing] = costs[:, nothing] = depreciation[:, nothing] = 0.0
    if ties:  # income proportional to people: the same per-capita income, other weights
        tied = rng.random(n) < 0.3
        gross[:, tied] = costs[:, tied] = depreciation[:, tied] = 0.0
        gross[6, tied] = 850.0 * people[tied]
    return YearRecord(
        year=2010,
        gross=gross,
        costs=costs,
        depreciation=depreciation,
        consumption=np.abs(amounts(rng, (n,))),
        investment=np.abs(amounts(rng, (n,))) * (rng.random(n) < 0.3),
        people=people,
        village=np.zeros(n, dtype=np.int64),
        cpi=1.0,
        herd_value=np.abs(amounts(rng, (n,))),
        animals_added=np.zeros(n),
    )


def check_group(stats: GroupStats, g: int, rec: YearRecord, rows: np.ndarray | slice) -> None:
    """Group ``g``'s figures against numpy's on its rows (``rows`` as numpy would be given them)."""
    people = np.asarray(rec.people, dtype=np.float64)[rows]
    net = rec.net_income[rows]
    income = per_capita(rec.net_income, rec.people)[rows]
    figures = stats.sums[g]
    assert same(figures[PEOPLE], people.sum())
    assert same(figures[NET_INCOME], net.sum())
    assert same(figures[CONSUMPTION], rec.consumption[rows].sum())
    assert same(figures[INVESTMENT], rec.investment[rows].sum())
    assert same(figures[HERD_VALUE], rec.herd_value[rows].sum())
    columns = rows if isinstance(rows, slice) else np.asarray(rows)
    assert same(figures[DEPRECIATION], rec.depreciation[:, columns].sum())
    assert same(stats.by_source[g], rec.net_by_source[:, columns].sum(axis=1))
    assert same(stats.gini[g], gini(income, people))
    if figures[PEOPLE] > 0:
        total = figures[PEOPLE]
        assert same(figures[NET_INCOME] / total, pooled_per_capita(net, people))
        assert same(stats.sums[g, 2] / total, poverty_headcount_ratio(income, people, LINE))
        assert same(stats.sums[g, 3] / total, poverty_gap_index(income, people, LINE))


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    sizes=st.lists(SIZES, min_size=1, max_size=6),
    ties=st.booleans(),
    shuffled=st.booleans(),
)
def test_groups_have_numpys_bits(seed: int, sizes: list[int], ties: bool, shuffled: bool) -> None:
    """Each group's figures, as numpy computes them on the group's rows taken by indices (in
    the table's order, or any order: a village's households need not be listed together)."""
    rng = np.random.default_rng(seed)
    n = sum(sizes)
    rec = record(rng, n, ties)
    rows = rng.permutation(n) if shuffled else np.arange(n)
    bounds = np.concatenate(([0], np.cumsum(sizes)))
    stats = year_stats(rec, rows, bounds, LINE)
    for g in range(len(sizes)):
        check_group(stats, g, rec, rows[bounds[g] : bounds[g + 1]])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 1500), ties=st.booleans())
def test_whole_table_has_numpys_bits(seed: int, n: int, ties: bool) -> None:
    """The whole table as one group (the pooled run) sums as numpy sums the arrays as they lie."""
    rec = record(np.random.default_rng(seed), n, ties)
    stats = year_stats(rec, np.arange(n), np.array([0, n]), LINE, whole=True)
    check_group(stats, 0, rec, slice(None))


def test_pairwise_sum_is_numpys() -> None:
    """numpy's sum for every size up to 2,000 and some beyond (each threshold and split),
    from values whose sum depends on the order of the additions; and a sum of negative zeros
    is +0.0, as numpy's."""
    rng = np.random.default_rng(11)
    for n in [*range(2001), 4095, 4096, 4097, 65_537, 400_003]:
        values = amounts(rng, (n,))
        assert same(pairwise_sum(values, n), values.sum()), n
    zeros = np.full(300, -0.0)
    for n in (1, 7, 8, 200):
        assert same(pairwise_sum(zeros, n), zeros[:n].sum())


def test_products_are_not_fused() -> None:
    """No multiply-add is fused (an FMA rounds once, numpy twice): Gini's products and sums
    of a thousand-household group, with incomes and people chosen for rounding, have numpy's
    bits."""
    rng = np.random.default_rng(5)
    for _ in range(20):
        rec = record(rng, 1000, ties=False)
        stats = year_stats(rec, np.arange(1000), np.array([0, 1000]), LINE)
        check_group(stats, 0, rec, np.arange(1000))
