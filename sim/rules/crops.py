"""Field crops and garden land: costs at sowing, the harvest's value in its month.

Orchards bear only ``assets.orchard_years_to_bear`` after planting: younger garden land costs
its upkeep and yields nothing yet. Greenhouses and orchards take their land from the fields.
"""

from __future__ import annotations

import numpy as np

from sim.assets import Asset
from sim.ledger import Source
from sim.rules.context import Month
from sim.world import Index


def crops_month(m: Month) -> None:
    """Sow or harvest, if this is the month."""
    state, params = m.state, m.params.crops
    if m.month == params.sowing_month:
        cost = state.land_mu * params.cost_yuan_per_mu + state.garden_mu * params.garden_cost_yuan_per_mu
        m.ledger.spend(Source.CROPS, cost * m.level(Index.CPI) * m.effects.cost)
    if m.month == params.harvest_month:
        bearing = np.maximum(state.garden_mu - young_orchards(m), 0.0)
        garden = bearing * state.productivity * m.effects.yields * params.garden_gross_yuan_per_mu
        value = state.land_mu * params.gross_yuan_per_mu + garden
        weather = m.world.crop_yield[m.year][state.village]
        m.ledger.earn(Source.CROPS, value * weather * m.level(Index.CROPS) * state.skill)


def young_orchards(m: Month) -> np.ndarray:
    """Garden land planted too recently to bear, per household."""
    years = m.params.assets.orchard_years_to_bear
    return m.assets.units(Asset.ORCHARD, m.index, 12 * years)
