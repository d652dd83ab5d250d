"""Public transfers and property income."""

from __future__ import annotations

from sim.ledger import Ledger, Source
from sim.params import CropParams, TransferParams
from sim.rules.calendar import When
from sim.state import HouseholdState
from sim.world import Index, World


def transfers_month(
    state: HouseholdState,
    ledger: Ledger,
    params: TransferParams,
    crops: CropParams,
    world: World,
    when: When,
    month_index: int,
) -> None:
    """Allowances (a monthly flow set in January); the grain subsidy at sowing;
    ecological compensation and property income in December."""
    index = world.index[Index.GENERAL, when.year_index]
    if when.month == 1:
        monthly = (
            state.subsistence_allowance * state.people * params.subsistence_allowance_yuan_per_person_month
            + state.elderly * params.elderly_allowance_yuan_per_month
        )
        ledger.set_rate(month_index, Source.TRANSFERS, gross=monthly * index)
    if when.month == crops.sowing_month:
        ledger.earn(Source.TRANSFERS, state.land_mu * params.grain_subsidy_yuan_per_mu * index)
    if when.month == 12:
        ledger.earn(Source.TRANSFERS, params.ecological_compensation_yuan_per_household_year * index)
        ledger.earn(Source.PROPERTY, params.property_yuan_per_household_year * index * state.endowment)
