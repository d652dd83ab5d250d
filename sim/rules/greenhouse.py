"""Solar greenhouses: vegetables sold through the season, costs alongside."""

from __future__ import annotations

from sim.ledger import Ledger, Source
from sim.params import GreenhouseParams
from sim.rules.calendar import When
from sim.rules.effects import HouseholdEffects
from sim.state import HouseholdState
from sim.world import Index, World


def greenhouse_month(
    state: HouseholdState,
    ledger: Ledger,
    params: GreenhouseParams,
    members: HouseholdEffects,
    world: World,
    when: When,
    month_index: int,
) -> None:
    """The season's monthly sales and costs start in its first month and end after its last."""
    now, before = in_season(params, when.month), in_season(params, (when.month - 2) % 12 + 1)
    if now and not before:
        set_greenhouse_rate(state, ledger, params, members, world, when, month_index)
    elif before and not now:
        ledger.set_rate(month_index, Source.GREENHOUSE, gross=0.0, cost=0.0)


def in_season(params: GreenhouseParams, month: int) -> bool:
    """Whether vegetables are sold in ``month``."""
    return params.first_month <= month <= params.last_month


def set_greenhouse_rate(
    state: HouseholdState,
    ledger: Ledger,
    params: GreenhouseParams,
    members: HouseholdEffects,
    world: World,
    when: When,
    month_index: int,
) -> None:
    """Monthly sales and costs of the greenhouses standing now (in season); a greenhouse
    whose owner is still learning yields and costs in proportion."""
    months = params.last_month - params.first_month + 1
    y = when.year_index
    area = state.greenhouse_mu * state.productivity
    vegetables = world.price_index(Index.VEGETABLES, y, members.contract)
    gross = area * members.yields * (params.gross_yuan_per_mu_year / months) * vegetables
    cost = area * (params.cost_yuan_per_mu_year / months) * world.index[Index.GENERAL, y]
    ledger.set_rate(month_index, Source.GREENHOUSE, gross=gross * members.price, cost=cost * members.cost)
