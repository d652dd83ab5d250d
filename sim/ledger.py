"""The income ledger: every Yuan a household earns or spends, by source, for the year.

Net income follows the rural household survey: gross income by source (including the value
of products the household consumes itself) minus production costs minus the depreciation of
productive fixed assets. Sources roll up into the statistics' four categories: wages,
household operations, property and transfers.

Every cash posting also moves the household's savings, so money is conserved: the change in
savings over a run equals gross income minus costs, consumption and investment (the cash paid
for fixed assets). Depreciation is not cash: it spreads the investment over the asset's life,
so savings change by net income plus depreciation minus consumption minus investment.

Regular flows (wages, allowances, products, upkeep, living costs) are held as monthly rates,
piecewise constant between the events that change them, and posted in arrears: a rule that
changes a source's rate first settles that source's months elapsed at the old rate, and
``settle`` posts them all. The model settles at the end of every month, so each household's
flows are posted month by month whatever other households' rates do (a rate set for some
households only, ``set_rate(rows=...)``, leaves the others' postings exactly as they were:
see :mod:`sim.model`). The totals are the same however the months are grouped.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

from sim.ledger_kernel import post_months

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


class Source(IntEnum):
    """Where income comes from (first axis of the ledger arrays)."""

    CROPS = 0
    LIVESTOCK = 1
    GREENHOUSE = 2
    BUSINESS = 3
    WAGES = 4
    PROPERTY = 5
    TRANSFERS = 6


CATEGORY_OF: dict[Source, str] = {
    Source.CROPS: "household_operations",
    Source.LIVESTOCK: "household_operations",
    Source.GREENHOUSE: "household_operations",
    Source.BUSINESS: "household_operations",
    Source.WAGES: "wages",
    Source.PROPERTY: "property",
    Source.TRANSFERS: "transfers",
}


class Ledger:
    """This year's gross income, production costs and consumption, per household."""

    def __init__(self, households: int, savings: FloatArray) -> None:
        self.gross = np.zeros((len(Source), households))
        self.costs = np.zeros((len(Source), households))
        self.depreciation = np.zeros((len(Source), households))
        self.consumption = np.zeros(households)
        self.investment = np.zeros(households)
        self.savings = savings  # the household table's column, updated in place
        # Monthly rates of the regular flows, and the first month not yet posted.
        self._gross_rate = np.zeros((len(Source), households))
        self._cost_rate = np.zeros((len(Source), households))
        self._consumption_rate = np.zeros(households)
        self._posted_until = np.zeros(len(Source), dtype=np.int64)
        self._consumption_posted_until = 0

    def earn(self, source: Source, amount: FloatArray | float) -> None:
        """Post gross income (cash or the value of own produce) of every household."""
        self.gross[source] += amount
        self.savings += amount

    def earn_at(self, source: Source, rows: IntArray, amount: FloatArray | float) -> None:
        """Post gross income of some households (``rows`` without repeats)."""
        self.gross[source, rows] += amount
        self.savings[rows] += amount

    def spend(self, source: Source, amount: FloatArray | float) -> None:
        """Post a production cost of every household."""
        self.costs[source] += amount
        self.savings -= amount

    def spend_by_source(self, sources: IntArray, amount: FloatArray) -> None:
        """Post a production cost of every household, each to its own source."""
        self.costs[sources, np.arange(sources.size)] += amount
        self.savings -= amount

    def depreciate_at(self, source: Source, rows: IntArray, amount: FloatArray) -> None:
        """Post depreciation (or a write-off) of some households' fixed assets (``rows`` without
        repeats): a cost that is not cash."""
        self.depreciation[source, rows] += amount

    def invest_at(self, rows: IntArray, amount: FloatArray | float) -> None:
        """Post the cash some households pay for fixed assets (``rows`` without repeats)."""
        self.investment[rows] += amount
        self.savings[rows] -= amount

    def consume(self, amount: FloatArray | float) -> None:
        """Post consumption (living costs, medical costs, own produce eaten)."""
        self.consumption += amount
        self.savings -= amount

    def consume_at(self, rows: IntArray, amount: FloatArray | float) -> None:
        """Post consumption of some households (``rows`` without repeats)."""
        self.consumption[rows] += amount
        self.savings[rows] -= amount

    def settle(self, month: int) -> None:
        """Post every regular flow for the months before ``month`` (absolute, from 0)."""
        months = np.maximum(month - self._posted_until, 0)
        if months.any():
            post_months(self.gross, self.costs, self.savings, self._gross_rate, self._cost_rate, months)
            np.maximum(self._posted_until, month, out=self._posted_until)
        self._settle_consumption(month)

    def _settle_source(self, source: Source, month: int) -> None:
        months = month - self._posted_until[source]
        if months > 0:
            gross = self._gross_rate[source] * months
            costs = self._cost_rate[source] * months
            self.gross[source] += gross
            self.costs[source] += costs
            self.savings += gross - costs
            self._posted_until[source] = month

    def _settle_consumption(self, month: int) -> None:
        months = month - self._consumption_posted_until
        if months > 0:
            amount = self._consumption_rate * months
            self.consumption += amount
            self.savings -= amount
            self._consumption_posted_until = month

    def set_rate(
        self,
        month: int,
        source: Source,
        *,
        gross: FloatArray | float | None = None,
        cost: FloatArray | float | None = None,
        rows: BoolArray | None = None,
        at: IntArray | None = None,
    ) -> None:
        """From ``month`` on, ``source`` earns ``gross`` and costs ``cost`` a month: every
        household's, or (``rows``, a mask) only those households', the others keeping theirs;
        or (``at``, household indices without repeats) only those households', ``gross`` and
        ``cost`` then being theirs alone."""
        self._settle_source(source, month)
        for rate, value in ((self._gross_rate, gross), (self._cost_rate, cost)):
            if value is None:
                continue
            if at is not None:
                rate[source, at] = value
            elif rows is None:
                rate[source] = value
            elif np.ndim(value) == 0:
                rate[source, rows] = value
            else:
                rate[source, rows] = np.asarray(value)[rows]

    def set_consumption_rate(self, month: int, amount: FloatArray) -> None:
        """From ``month`` on, each household consumes ``amount`` a month."""
        self._settle_consumption(month)
        self._consumption_rate[:] = amount

    def net_income(self) -> FloatArray:
        """Each household's net income posted so far this year."""
        return self.gross.sum(axis=0) - self.costs.sum(axis=0) - self.depreciation.sum(axis=0)

    def reset(self) -> None:
        """Start a new year (after settling the last one)."""
        self.gross[:] = 0.0
        self.costs[:] = 0.0
        self.depreciation[:] = 0.0
        self.consumption[:] = 0.0
        self.investment[:] = 0.0
