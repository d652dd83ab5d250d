"""Illness: a medical bill and months of one worker's earnings lost.

Every household-month is an independent chance of an episode; the year's episodes are drawn
in January, twelve uniforms per household from its own sequence. A household with a member at
home loses that member's local wage; one whose working members are all away loses a migrant's
remittances while they come home to care. The loss is booked when the illness starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sim.crn import HouseholdDraws
from sim.ledger import Source
from sim.params import HouseholdParams, LabourParams
from sim.rules.context import Month
from sim.rules.labour import migrant_wage
from sim.state import HouseholdState
from sim.world import Index

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


@dataclass
class IllnessCalendar:
    """This year's episodes, drawn in January: by month, the rows falling ill, the earnings
    they lose and their medical bills (first-year Yuan, before the year's indices)."""

    rows: list[IntArray] = field(default_factory=list)
    lost: list[FloatArray] = field(default_factory=list)
    bills: list[FloatArray] = field(default_factory=list)

    def redraw(
        self,
        state: HouseholdState,
        params: HouseholdParams,
        labour: LabourParams,
        draws: HouseholdDraws,
    ) -> None:
        """Draw a new year's episodes; who works where is fixed from January to December."""
        chance = np.minimum(params.illness_probability_per_month * state.illness_risk, 0.99)
        ill = chance > draws.uniforms(state.size, 12).T  # (month, household)
        month, rows = np.nonzero(ill)  # by month, then row
        migrants = state.migrants[rows]
        at_home = state.workers_at_home[rows]
        # A sick worker at home loses their share of the household's local wage work.
        local = labour.local_wage_yuan_per_day * state.local_days[rows] / np.maximum(at_home, 1) / 12
        away = (at_home <= 0) & (migrants > 0)
        monthly = np.where(away, migrant_wage(labour) * state.skill[rows], np.where(at_home > 0, local, 0.0))
        months = np.maximum(params.illness_months_lost - state.illness_months_saved[rows], 0)
        lost = monthly * within_a_year(rows, month, months).astype(np.float64)
        bounds = np.searchsorted(month, np.arange(13))
        cut = [slice(bounds[m], bounds[m + 1]) for m in range(12)]
        self.rows = [rows[c] for c in cut]
        self.lost = [lost[c] for c in cut]
        bills = params.illness_cost_yuan * state.medical_cost_factor[rows]
        self.bills = [bills[c] for c in cut]


def within_a_year(rows: IntArray, month: IntArray, months: IntArray) -> IntArray:
    """Months lost per episode, so that no household loses more than a worker's year: later
    episodes of a household lose what is left of its twelve months."""
    order = np.lexsort((month, rows))
    sorted_rows, sorted_months = rows[order], months[order]
    cumulative = np.cumsum(sorted_months)
    first = np.searchsorted(sorted_rows, sorted_rows)  # each row's first episode, in sorted order
    before = cumulative - sorted_months - (cumulative[first] - sorted_months[first])
    allowed = np.clip(12 - before, 0, sorted_months)
    out = np.empty_like(months)
    out[order] = allowed
    return out


def illness_month(m: Month, calendar: IllnessCalendar) -> None:
    """This month's new episodes."""
    if m.month == 1:
        calendar.redraw(m.state, m.params.households, m.params.labour, m.draws("illness"))
    k = m.month - 1
    rows = calendar.rows[k]
    if rows.size:
        m.ledger.earn_at(Source.WAGES, rows, -calendar.lost[k] * m.level(Index.WAGES))
        m.ledger.consume_at(rows, calendar.bills[k] * m.level(Index.CPI))
