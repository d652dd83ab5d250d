"""Field crops and garden land: costs at sowing, the harvest's value in its month."""

from __future__ import annotations

from sim.ledger import Ledger, Source
from sim.params import CropParams
from sim.rules.calendar import When
from sim.rules.effects import HouseholdEffects
from sim.state import HouseholdState
from sim.world import Index, World


def crops_month(
    state: HouseholdState,
    ledger: Ledger,
    params: CropParams,
    members: HouseholdEffects,
    world: World,
    when: When,
) -> None:
    """Sow or harvest, if this is the month."""
    y = when.year_index
    if when.month == params.sowing_month:
        cost = state.land_mu * params.cost_yuan_per_mu + state.garden_mu * params.garden_cost_yuan_per_mu
        ledger.spend(Source.CROPS, cost * world.index[Index.GENERAL, y] * members.cost)
    if when.month == params.harvest_month:
        garden = state.garden_mu * state.productivity * members.yields * params.garden_gross_yuan_per_mu
        value = state.land_mu * params.gross_yuan_per_mu + garden
        weather = world.crop_yield[y][state.village]
        ledger.earn(Source.CROPS, value * weather * world.index[Index.CROPS, y])
