"""Field crops and garden land: costs at sowing, the harvest's value in its month.

A household sows its fields when the harvest it expects (at this year's prices, an average
year's weather and its own skill) is worth more than the seed, fertiliser and ploughing and
the labour it would have to hire for them; otherwise they lie fallow. Orchards bear only
``assets.orchard_years_to_bear`` after planting: younger garden land costs its upkeep and
yields nothing yet. Greenhouses and orchards take their land from the fields.
"""

from __future__ import annotations

import numpy as np

from sim.assets import Asset
from sim.ledger import Source
from sim.rules.context import Month
from sim.world import Index


def crops_month(m: Month) -> np.ndarray:
    """Sow or harvest, if this is the month; returns which households' fields sown changed
    (a mask)."""
    state, params = m.state, m.params.crops
    changed = np.zeros(state.size, dtype=bool)
    if m.month == params.sowing_month:
        field_cost = params.cost_yuan_per_mu * m.level(Index.CPI) * m.effects.cost
        expected = params.gross_yuan_per_mu * m.level(Index.CROPS) * state.skill
        hired_share = np.divide(
            state.days_hired, state.days_needed, out=np.zeros(state.size), where=state.days_needed > 0
        )
        wage = m.params.labour.local_wage_yuan_per_day * m.level(Index.WAGES)
        labour = m.params.time.crop_days_per_mu * hired_share * wage
        sown_now = expected > field_cost + labour
        changed = sown_now != state.fields_sown
        state.fields_sown[:] = sown_now
        sown = np.where(state.fields_sown, state.land_mu, 0.0)
        garden = state.garden_mu * params.garden_cost_yuan_per_mu * m.level(Index.CPI) * m.effects.cost
        m.ledger.spend(Source.CROPS, sown * field_cost + garden)
    if m.month == params.harvest_month:
        bearing = np.maximum(state.garden_mu - young_orchards(m), 0.0)
        # Fruit sold through an orchard village's organisations fetches their premium.
        fruit = m.effects.sale_index(m.world, Index.CROPS, m.year, road=False)
        garden = bearing * state.productivity * m.effects.yields * params.garden_gross_yuan_per_mu * fruit
        sown = np.where(state.fields_sown, state.land_mu, 0.0)
        value = sown * params.gross_yuan_per_mu * m.level(Index.CROPS) + garden
        weather = m.world.crop_yield[m.year][state.village]
        m.ledger.earn(Source.CROPS, value * weather * state.skill)
    return changed


def young_orchards(m: Month) -> np.ndarray:
    """Garden land planted too recently to bear, per household."""
    years = m.params.assets.orchard_years_to_bear
    return m.assets.units(Asset.ORCHARD, m.index, 12 * years)
