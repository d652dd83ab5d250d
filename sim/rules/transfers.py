"""Public transfers and property income."""

from __future__ import annotations

from sim.ledger import Source
from sim.rules.context import Month
from sim.world import Index


def transfers_month(m: Month) -> None:
    """Allowances (a monthly flow set in January); the grain subsidy at sowing;
    ecological compensation and property income in December."""
    state, params = m.state, m.params.transfers
    trend = m.level(Index.TREND)
    if m.month == 1:
        monthly = (
            state.subsistence_allowance * state.people * params.subsistence_allowance_yuan_per_person_month
            + state.elderly * params.elderly_allowance_yuan_per_month
        )
        m.ledger.set_rate(m.index, Source.TRANSFERS, gross=monthly * trend)
    if m.month == m.params.crops.sowing_month:
        m.ledger.earn(Source.TRANSFERS, state.land_mu * params.grain_subsidy_yuan_per_mu * trend)
    if m.month == 12:
        m.ledger.earn(Source.TRANSFERS, params.ecological_compensation_yuan_per_household_year * trend)
        m.ledger.earn(Source.PROPERTY, params.property_yuan_per_household_year * trend * state.endowment**0.5)
