"""Migrant work away from home and local wage work.

Migrants leave after Spring Festival and work ``migrant_months_per_year`` months; what they
send or bring home counts as the household's wage income, more for certified members and in
proportion to the household's skill. In January some migrants return for good and some members
at home leave for work: only members the household's own farm, herds and business do not need
(:func:`sim.rules.labour_time.workers_needed`), so an activity that keeps a member at home
costs the household the migrant wage it forgoes. Members at home do local day labour as far as
their time and the local work go (:mod:`sim.rules.labour_time`).

Certificate holders earn the premium only while away (``state.certified_away``). They are the
first of a household's spare members to leave and the last of its migrants to come home (they
earn more away). Members in a job the training school placed them in (``state.placed``) do not
return by this rule: they leave their job by the school's own rule (:mod:`sim.programme.training`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sim.ledger import Source
from sim.params import LabourParams
from sim.rules.context import Month, pick, rows_of
from sim.rules.labour_time import plan_labour, workers_needed
from sim.world import Index

FloatArray = NDArray[np.float64]


def working_away(params: LabourParams, month: int) -> bool:
    """Whether migrants are at work in ``month``."""
    return (month - params.departure_month) % 12 < params.migrant_months_per_year


def labour_month(m: Month) -> None:
    """Yearly moves in January; wage flows reset when they change."""
    params = m.params.labour
    january = m.month == 1
    away_now = working_away(params, m.month)
    if not january and away_now == working_away(params, m.month - 1):
        return
    if january and m.year > 0:
        migrate_and_return(m)
        plan_labour(m)
    set_wage_rate(m)


def set_wage_rate(m: Month, rows: NDArray[np.bool_] | None = None) -> None:
    """Monthly wages of local work and of migrants at work now, from this month on: every
    household's, or (``rows``, a mask) those households'."""
    state, params = m.state, m.params.labour
    at = rows_of(rows)
    local = pick(state.local_days, at) * params.local_wage_yuan_per_day / 12
    sent_home: FloatArray | float = 0.0
    if working_away(params, m.month):
        sent_home = (
            migrant_wage(params)
            * (pick(state.migrants, at) + params.certified_wage_premium * pick(state.certified_away, at))
            * pick(state.skill, at)
        )
    gross = (local + sent_home) * m.level(Index.WAGES)
    m.ledger.set_rate(m.index, Source.WAGES, gross=gross, at=at)


def migrant_wage(params: LabourParams) -> float:
    """What one uncertified migrant sends or brings home a month, first-year Yuan."""
    return params.migrant_wage_yuan_per_month * params.home_share


def migrate_and_return(m: Month) -> None:
    """Yearly moves: some migrants return for good, some members the farm can spare leave."""
    state, params = m.state, m.params.labour
    returning = m.draws("labour.migration", 0).binomial(
        state.size, state.migrants - state.placed, params.return_share_per_year
    )
    spare = np.maximum(state.workers_at_home - workers_needed(m), 0).astype(np.int64)
    leaving = m.draws("labour.migration", 1).binomial(state.size, spare, params.new_migrant_share_per_year)
    # Certificate holders return last and leave first.
    returning_certified = np.maximum(returning - (state.migrants - state.certified_away), 0)
    leaving_certified = np.minimum(leaving, state.certified - state.certified_away)
    state.certified_away += leaving_certified - returning_certified
    state.migrants += leaving - returning
