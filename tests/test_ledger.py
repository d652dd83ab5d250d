"""The income ledger (sim/ledger.py): money is conserved and rates post as if monthly."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.ledger import CATEGORY_OF, Ledger, Source

HOUSEHOLDS = 4
amount = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)
sources = st.sampled_from(list(Source))


def vector(size: int = HOUSEHOLDS) -> st.SearchStrategy[np.ndarray]:
    return st.lists(amount, min_size=size, max_size=size).map(np.array)


amounts = st.one_of(amount, vector())
rows = st.sets(st.integers(0, HOUSEHOLDS - 1), min_size=1).map(lambda s: np.array(sorted(s), dtype=np.int64))


@st.composite
def posting(draw: st.DrawFn) -> tuple:
    """One ledger operation; months are deltas from the last month used (months run forward)."""
    kind = draw(
        st.sampled_from(
            [
                "earn",
                "spend",
                "consume",
                "earn_at",
                "consume_at",
                "spend_by_source",
                "set_rate",
                "set_consumption_rate",
                "settle",
                "reset",
            ]
        )
    )
    if kind in ("earn", "spend"):
        return (kind, draw(sources), draw(amounts))
    if kind == "consume":
        return (kind, draw(amounts))
    if kind in ("earn_at", "consume_at"):
        chosen = draw(rows)
        return (kind, draw(sources), chosen, draw(st.one_of(amount, vector(chosen.size))))
    if kind == "spend_by_source":
        by = draw(st.lists(sources, min_size=HOUSEHOLDS, max_size=HOUSEHOLDS))
        return (kind, np.array(by, dtype=np.int64), draw(vector()))
    if kind == "set_rate":
        gross = draw(st.one_of(st.none(), amounts))
        cost = draw(st.one_of(st.none(), amounts))
        return (kind, draw(st.integers(0, 6)), draw(sources), gross, cost)
    if kind == "set_consumption_rate":
        return (kind, draw(st.integers(0, 6)), draw(amounts))
    if kind == "settle":
        return (kind, draw(st.integers(0, 6)))
    return (kind,)


@dataclass
class Replay:
    """A ledger driven by postings, with the totals of the years it has reset."""

    ledger: Ledger
    start: np.ndarray
    month: int = 0
    closed_gross: np.ndarray = field(default_factory=lambda: np.zeros(HOUSEHOLDS))
    closed_costs: np.ndarray = field(default_factory=lambda: np.zeros(HOUSEHOLDS))
    closed_consumption: np.ndarray = field(default_factory=lambda: np.zeros(HOUSEHOLDS))

    def apply(self, op: tuple) -> None:
        ledger = self.ledger
        kind = op[0]
        if kind == "earn":
            ledger.earn(op[1], op[2])
        elif kind == "spend":
            ledger.spend(op[1], op[2])
        elif kind == "consume":
            ledger.consume(op[1])
        elif kind == "earn_at":
            ledger.earn_at(op[1], op[2], op[3])
        elif kind == "consume_at":
            ledger.consume_at(op[2], op[3])
        elif kind == "spend_by_source":
            ledger.spend_by_source(op[1], op[2])
        elif kind == "set_rate":
            self.month += op[1]
            ledger.set_rate(self.month, op[2], gross=op[3], cost=op[4])
        elif kind == "set_consumption_rate":
            self.month += op[1]
            ledger.set_consumption_rate(self.month, op[2])
        elif kind == "settle":
            self.month += op[1]
            ledger.settle(self.month)
        elif kind == "reset":
            ledger.settle(self.month)
            self.closed_gross += ledger.gross.sum(axis=0)
            self.closed_costs += ledger.costs.sum(axis=0)
            self.closed_consumption += ledger.consumption
            ledger.reset()
        else:  # pragma: no cover - the strategy makes no other kind
            raise AssertionError(kind)

    def check_conservation(self) -> None:
        ledger = self.ledger
        gross = self.closed_gross + ledger.gross.sum(axis=0)
        costs = self.closed_costs + ledger.costs.sum(axis=0)
        consumption = self.closed_consumption + ledger.consumption
        np.testing.assert_allclose(
            ledger.savings - self.start, gross - costs - consumption, rtol=0, atol=1e-5
        )


@settings(max_examples=200)
@given(vector(), st.lists(posting(), max_size=40))
def test_money_is_conserved(start: np.ndarray, postings: list[tuple]) -> None:
    savings = start.copy()
    replay = Replay(Ledger(HOUSEHOLDS, savings), start)
    for op in postings:
        replay.apply(op)
        replay.check_conservation()
    replay.ledger.settle(replay.month + 3)
    replay.check_conservation()
    # The ledger works on the household table's own column.
    assert replay.ledger.savings is savings


@given(vector(), st.lists(posting(), max_size=40))
def test_net_income_is_gross_minus_costs(start: np.ndarray, postings: list[tuple]) -> None:
    replay = Replay(Ledger(HOUSEHOLDS, start.copy()), start)
    for op in postings:
        replay.apply(op)
    ledger = replay.ledger
    assert np.array_equal(ledger.net_income(), ledger.gross.sum(axis=0) - ledger.costs.sum(axis=0))


@given(
    sources,
    st.one_of(amount, vector()),
    st.one_of(amount, vector()),
    st.integers(0, 24),
    st.integers(0, 36),
    vector(),
)
def test_a_rate_for_k_months_equals_posting_rate_times_k(
    source: Source,
    gross: np.ndarray | float,
    cost: np.ndarray | float,
    first: int,
    months: int,
    start: np.ndarray,
) -> None:
    by_rate = Ledger(HOUSEHOLDS, start.copy())
    by_rate.settle(first)  # nothing to post yet
    by_rate.set_rate(first, source, gross=gross, cost=cost)
    by_rate.settle(first + months)

    direct = Ledger(HOUSEHOLDS, start.copy())
    direct.earn(source, np.asarray(gross) * months)
    direct.spend(source, np.asarray(cost) * months)

    np.testing.assert_allclose(by_rate.gross, direct.gross, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(by_rate.costs, direct.costs, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(by_rate.savings, direct.savings, rtol=1e-12, atol=1e-6)
    np.testing.assert_allclose(by_rate.net_income(), direct.net_income(), rtol=1e-12, atol=1e-6)
    assert np.all(by_rate.consumption == 0.0)


@given(st.one_of(amount, vector()), st.integers(0, 24), st.integers(0, 36), vector())
def test_a_consumption_rate_for_k_months_equals_consuming_rate_times_k(
    rate: np.ndarray | float, first: int, months: int, start: np.ndarray
) -> None:
    by_rate = Ledger(HOUSEHOLDS, start.copy())
    by_rate.set_consumption_rate(first, rate)
    by_rate.settle(first + months)

    direct = Ledger(HOUSEHOLDS, start.copy())
    direct.consume(np.asarray(rate) * months)

    np.testing.assert_allclose(by_rate.consumption, direct.consumption, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(by_rate.savings, direct.savings, rtol=1e-12, atol=1e-6)
    assert np.all(by_rate.gross == 0.0)
    assert np.all(by_rate.costs == 0.0)


@given(
    sources,
    st.lists(st.tuples(st.integers(0, 5), amount), min_size=1, max_size=8),
    st.lists(st.integers(0, 40), max_size=6),
    st.integers(0, 6),
)
def test_piecewise_rates_post_the_sum_of_their_pieces(
    source: Source, changes: list[tuple[int, float]], settles: list[int], tail: int
) -> None:
    """Rates changing at months m1 <= m2 <= ...; settling in between changes nothing."""
    ledger = Ledger(HOUSEHOLDS, np.zeros(HOUSEHOLDS))
    month = 0
    expected = 0.0
    last_rate = 0.0
    schedule: list[tuple[int, float]] = []
    for delta, rate in changes:
        month += delta
        schedule.append((month, rate))
    end = month + tail
    settle_at = sorted({min(s, end) for s in settles})
    # (month, order within the month, is a settle, rate): changes keep their given order.
    events = sorted(
        [(m, i, False, r) for i, (m, r) in enumerate(schedule)] + [(m, -1, True, 0.0) for m in settle_at]
    )
    previous = 0
    for m, _, is_settle, rate in events:
        expected += last_rate * (m - previous)
        previous = m
        if is_settle:
            ledger.settle(m)
        else:
            ledger.set_rate(m, source, gross=rate)
            last_rate = rate
    expected += last_rate * (end - previous)
    ledger.settle(end)
    np.testing.assert_allclose(ledger.gross[source], expected, rtol=1e-9, atol=1e-6)
    others = [s for s in Source if s != source]
    assert np.all(ledger.gross[others] == 0.0)
    np.testing.assert_allclose(ledger.savings, expected, rtol=1e-9, atol=1e-6)


def test_set_rate_keeps_the_rate_not_given() -> None:
    ledger = Ledger(2, np.zeros(2))
    ledger.set_rate(0, Source.WAGES, gross=10.0, cost=2.0)
    ledger.set_rate(3, Source.WAGES, gross=5.0)  # the cost rate stays 2 a month
    ledger.settle(5)
    assert ledger.gross[Source.WAGES].tolist() == [3 * 10.0 + 2 * 5.0] * 2
    assert ledger.costs[Source.WAGES].tolist() == [5 * 2.0] * 2
    assert ledger.savings.tolist() == [40.0 - 10.0] * 2


def test_settling_again_or_backwards_posts_nothing() -> None:
    ledger = Ledger(1, np.zeros(1))
    ledger.set_rate(0, Source.CROPS, gross=7.0)
    ledger.set_consumption_rate(0, np.array([3.0]))
    ledger.settle(4)
    ledger.settle(4)
    ledger.settle(2)
    assert ledger.gross[Source.CROPS, 0] == 28.0
    assert ledger.consumption[0] == 12.0
    assert ledger.savings[0] == 28.0 - 12.0


def test_rates_carry_over_a_reset_and_only_new_months_post() -> None:
    ledger = Ledger(3, np.zeros(3))
    ledger.set_rate(0, Source.TRANSFERS, gross=np.array([1.0, 2.0, 3.0]))
    ledger.set_consumption_rate(0, np.array([0.5, 0.5, 0.5]))
    ledger.settle(12)
    assert ledger.gross[Source.TRANSFERS].tolist() == [12.0, 24.0, 36.0]
    ledger.reset()
    assert not ledger.gross.any() and not ledger.costs.any() and not ledger.consumption.any()
    assert ledger.savings.tolist() == [6.0, 18.0, 30.0]  # savings survive the new year
    ledger.settle(24)
    assert ledger.gross[Source.TRANSFERS].tolist() == [12.0, 24.0, 36.0]
    assert ledger.consumption.tolist() == [6.0, 6.0, 6.0]
    assert ledger.savings.tolist() == [12.0, 36.0, 60.0]


def test_at_postings_touch_only_their_rows() -> None:
    ledger = Ledger(4, np.zeros(4))
    ledger.earn_at(Source.WAGES, np.array([1, 3]), np.array([10.0, 20.0]))
    ledger.consume_at(np.array([0, 3]), 5.0)
    assert ledger.gross[Source.WAGES].tolist() == [0.0, 10.0, 0.0, 20.0]
    assert ledger.consumption.tolist() == [5.0, 0.0, 0.0, 5.0]
    assert ledger.savings.tolist() == [-5.0, 10.0, 0.0, 15.0]


def test_spend_by_source_books_each_household_to_its_own_source() -> None:
    ledger = Ledger(3, np.zeros(3))
    ledger.spend_by_source(
        np.array([Source.LIVESTOCK, Source.CROPS, Source.LIVESTOCK]), np.array([1.0, 2.0, 3.0])
    )
    assert ledger.costs[Source.LIVESTOCK].tolist() == [1.0, 0.0, 3.0]
    assert ledger.costs[Source.CROPS].tolist() == [0.0, 2.0, 0.0]
    assert ledger.costs.sum() == 6.0
    assert ledger.savings.tolist() == [-1.0, -2.0, -3.0]
    assert ledger.net_income().tolist() == [-1.0, -2.0, -3.0]


def test_every_source_has_one_of_the_four_statistical_categories() -> None:
    assert set(CATEGORY_OF) == set(Source)
    assert set(CATEGORY_OF.values()) == {"wages", "household_operations", "property", "transfers"}


@pytest.mark.parametrize("source", list(Source))
def test_earn_and_spend_use_the_source_row(source: Source) -> None:
    ledger = Ledger(2, np.zeros(2))
    ledger.earn(source, 4.0)
    ledger.spend(source, 1.5)
    assert ledger.gross[source].tolist() == [4.0, 4.0]
    assert ledger.costs[source].tolist() == [1.5, 1.5]
    assert ledger.gross.sum() == 8.0
    assert ledger.costs.sum() == 3.0
