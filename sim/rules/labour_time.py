"""Labour time as a budget: the days a household has, and what its activities take.

Members aged 16-59 at home (not working away, not at the training school) each have
``time.days_per_adult_year`` working days, plus the days drinking water saves them; members
of 60 and over have ``time.days_per_elderly_year``. The household's own fields, gardens,
greenhouses, herds, flocks and businesses take their days first. What is left goes to local
wage work, as far as there is any (``labour.local_days_per_worker_year`` for each worker at
home); if the own activities need more days than the household has, the shortfall is hired at
the local wage, a production cost. So a new activity earns net of the local wages it
displaces or the labour it hires, and saved time earns only where there is work to put it to.

The budget is set for the year in January, with the herds as they stand, and again when what
households hold or who works at home changes (investments, the programme's deliveries,
trainees leaving and coming back); the hired labour is paid month by month.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sim.ledger import Source
from sim.rules.context import Month, pick, rows_of
from sim.state import Business
from sim.world import Index

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]
# The sources a household's own activities belong to, in the order of ``days_by_source``.
ACTIVITY_SOURCES = (Source.CROPS, Source.LIVESTOCK, Source.GREENHOUSE, Source.BUSINESS)


def workers_at_home(m: Month, at: IntArray | None = None) -> IntArray:
    """:attr:`HouseholdState.workers_at_home`, of every household or of households ``at``."""
    state = m.state
    if at is None:
        return state.workers_at_home
    return np.maximum(state.young[at] + state.prime[at] - state.migrants[at] - state.in_course[at], 0)


def days_available(m: Month, at: IntArray | None = None) -> FloatArray:
    """Working days a year of the members at home (of every household, or of households ``at``)."""
    state, time = m.state, m.params.time
    workers = workers_at_home(m, at)
    return (
        workers * (time.days_per_adult_year + pick(state.days_saved_per_worker, at))
        + pick(state.elderly, at) * time.days_per_elderly_year
    )


def days_by_source(m: Month, at: IntArray | None = None) -> FloatArray:
    """Days a year the household's own activities take, by source: (4, household) (every
    household, or households ``at``)."""
    state, time = m.state, m.params.time
    poultry = m.params.livestock.poultry
    business, units = pick(state.business, at), pick(state.business_units, at)
    transport = np.where(business == Business.TRANSPORT, units, 0.0)  # HouseholdState.units_of
    canteen = np.where(business == Business.CANTEEN, units, 0.0)
    return np.stack(
        [
            np.where(pick(state.fields_sown, at), pick(state.land_mu, at), 0.0) * time.crop_days_per_mu
            + pick(state.garden_mu, at) * time.garden_days_per_mu,
            m.herds.labour_days(pick(state.herd, at))
            + pick(state.flock, at) * poultry.labour_days_per_bird_year
            + pick(state.layers, at) * poultry.layer_labour_days_per_bird_year,
            (pick(state.greenhouse_mu, at) + pick(state.greenhouse_building_mu, at))
            * time.greenhouse_days_per_mu,
            transport * time.transport_days_per_vehicle + canteen * time.canteen_days_per_canteen,
        ]
    )


def plan_labour(m: Month, rows: BoolArray | None = None) -> None:
    """Set each household's labour budget (or, ``rows`` a mask, those households') as its
    activities stand now."""
    state = m.state
    at = rows_of(rows)
    available = days_available(m, at)
    by_source = days_by_source(m, at)
    needed = by_source.sum(axis=0)
    spare = np.maximum(available - needed, 0.0)
    hired = np.maximum(needed - available, 0.0)
    workers = workers_at_home(m, at)
    local = np.minimum(m.params.labour.local_days_per_worker_year * workers, spare)
    share = np.divide(by_source, needed, out=np.zeros_like(by_source), where=needed > 0)
    by_source_hired = share * hired
    where = slice(None) if at is None else at
    state.days_available[where] = available
    state.days_needed[where] = needed
    state.days_hired[where] = hired
    state.local_days[where] = local
    state.hired_by_source[:, where] = by_source_hired


def workers_needed(m: Month) -> FloatArray:
    """Members the household's own activities keep at home."""
    return np.ceil(m.state.days_needed / max(m.params.time.days_per_adult_year, 1.0))


def pay_hired_labour(m: Month) -> None:
    """This month's wages for the days hired in, booked to the activities that need them."""
    state = m.state
    if not state.days_hired.any():
        return
    wage = m.params.labour.local_wage_yuan_per_day * m.level(Index.WAGES) / 12
    for k, source in enumerate(ACTIVITY_SOURCES):
        m.ledger.spend(source, state.hired_by_source[k] * wage)
