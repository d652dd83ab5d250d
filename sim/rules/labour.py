"""Migrant work away from home and local wage work.

Migrants leave after Spring Festival and work ``migrant_months_per_year`` months; what they
send or bring home counts as the household's wage income, more for certified members. In
January some migrants return for good and some members at home leave for work. Members at
home do local day labour.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sim.ledger import Ledger, Source
from sim.params import LabourParams
from sim.rules.calendar import When
from sim.sampling import binomial
from sim.state import HouseholdState
from sim.streams import Streams
from sim.world import Index, World

FloatArray = NDArray[np.float64]


def working_away(params: LabourParams, month: int) -> bool:
    """Whether migrants are at work in ``month``."""
    return (month - params.departure_month) % 12 < params.migrant_months_per_year


def labour_month(
    state: HouseholdState,
    ledger: Ledger,
    params: LabourParams,
    world: World,
    when: When,
    month_index: int,
    streams: Streams,
) -> None:
    """Yearly moves in January; wage flows reset when they change."""
    january = when.month == 1
    away_now = working_away(params, when.month)
    if not january and away_now == working_away(params, when.month - 1):
        return
    if january and when.year_index > 0:
        migrate_and_return(state, params, streams)
    set_wage_rate(state, ledger, params, world, when, month_index)


def set_wage_rate(
    state: HouseholdState,
    ledger: Ledger,
    params: LabourParams,
    world: World,
    when: When,
    month_index: int,
) -> None:
    """Monthly wages of local work and of migrants at work now, from this month on."""
    away_now = working_away(params, when.month)
    wage_index = world.index[Index.WAGES, when.year_index]
    local = np.maximum(state.working_age - state.migrants, 0)
    local_wage = (
        params.local_wage_yuan_per_day * (params.local_days_per_worker_year + state.extra_local_days) / 12
    )
    sent_home: FloatArray | float = 0.0
    if away_now:
        certified_away = np.minimum(state.certified, state.migrants)
        sent_home = migrant_wage(params) * (state.migrants + params.certified_wage_premium * certified_away)
    ledger.set_rate(month_index, Source.WAGES, gross=(local * local_wage + sent_home) * wage_index)


def migrant_wage(params: LabourParams) -> float:
    """What one uncertified migrant sends or brings home a month, first-year Yuan."""
    return params.migrant_wage_yuan_per_month * params.home_share


def migrate_and_return(state: HouseholdState, params: LabourParams, streams: Streams) -> None:
    """Yearly moves: some migrants return for good, some members at home leave."""
    rng = streams["labour.migration"]
    returning = binomial(rng, state.migrants, params.return_share_per_year)
    at_home = np.maximum(state.working_age - state.migrants - 1, 0)  # one stays to farm
    leaving = binomial(rng, at_home, params.new_migrant_share_per_year)
    state.migrants += leaving - returning
