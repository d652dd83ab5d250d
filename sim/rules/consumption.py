"""Living costs: subsistence for every member plus a share of last year's surplus."""

from __future__ import annotations

import numpy as np

from sim.rules.context import Month
from sim.world import Index


def consumption_month(m: Month) -> None:
    """Set the year's monthly consumption in January, drawn from savings (or borrowed)."""
    if m.month != 1:
        return
    state, params = m.state, m.params.households
    cpi = m.level(Index.CPI)
    subsistence = state.people * params.subsistence_yuan_per_person_year * cpi
    surplus = np.maximum(state.last_net_income - subsistence, 0.0)
    yearly = subsistence + params.consumption_share_above_subsistence * surplus - state.fuel_saving * cpi
    m.ledger.set_consumption_rate(m.index, np.maximum(yearly, 0.0) / 12)
