"""Small businesses: a transport vehicle or a canteen, and their closures."""

from __future__ import annotations

import numpy as np

from sim.ledger import Ledger, Source
from sim.params import BusinessParams
from sim.rules.calendar import When
from sim.rules.effects import HouseholdEffects
from sim.state import Business, HouseholdState
from sim.streams import Streams
from sim.world import Index, World


def business_month(
    state: HouseholdState,
    ledger: Ledger,
    params: BusinessParams,
    effects: HouseholdEffects,
    world: World,
    when: When,
    month_index: int,
    streams: Streams,
) -> None:
    """In January some businesses close and the year's monthly takings are set."""
    if when.month != 1:
        return
    if when.year_index > 0:
        open_ = state.business != Business.NONE
        closes = streams["business.closures"].random(state.size) < params.closure_probability_per_year
        state.business[open_ & closes] = Business.NONE
        state.business_units[open_ & closes] = 0.0
    set_business_rate(state, ledger, params, effects, world, when, month_index)


def set_business_rate(
    state: HouseholdState,
    ledger: Ledger,
    params: BusinessParams,
    effects: HouseholdEffects,
    world: World,
    when: When,
    month_index: int,
) -> None:
    """Monthly net takings of the businesses open now, as far as their owners have learnt."""
    monthly = np.array([0.0, params.transport_net_yuan_per_month, params.canteen_net_yuan_per_month])
    index = world.index[Index.GENERAL, when.year_index]
    takings = monthly[state.business] * state.business_units * state.productivity * effects.business
    ledger.set_rate(month_index, Source.BUSINESS, gross=takings * index)
