"""Living costs: subsistence for every member plus a share of last year's surplus."""

from __future__ import annotations

import numpy as np

from sim.ledger import Ledger
from sim.params import HouseholdParams
from sim.rules.calendar import When
from sim.state import HouseholdState
from sim.world import Index, World


def consumption_month(
    state: HouseholdState,
    ledger: Ledger,
    params: HouseholdParams,
    world: World,
    when: When,
    month_index: int,
) -> None:
    """Set the year's monthly consumption in January, drawn from savings (or borrowed)."""
    if when.month != 1:
        return
    index = world.index[Index.GENERAL, when.year_index]
    subsistence = state.people * params.subsistence_yuan_per_person_year * index
    surplus = np.maximum(state.last_net_income - subsistence, 0.0)
    yearly = subsistence + params.consumption_share_above_subsistence * surplus - state.fuel_saving * index
    ledger.set_consumption_rate(month_index, np.maximum(yearly, 0.0) / 12)
