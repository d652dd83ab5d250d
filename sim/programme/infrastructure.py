"""Village works of entire-village advancement: what each costs and what it changes.

Each village builds, in order, drinking water, a hardened road, a clinic, biogas digesters, a
school repair and a radio/TV and cultural room, as far as its infrastructure budget goes;
works already built are not built again. A work acts from the month it is finished:

- drinking water: days no longer spent carrying water (worth something only where the
  household has work to put them to, see :mod:`sim.rules.labour_time`); less illness;
- road: farm-gate prices of animals and vegetables up, more custom for transport and canteens;
- clinic: smaller medical bills and shorter illnesses;
- biogas: the household buys less fuel (a saving, not income);
- school and cultural room: built and paid for, with no income effect modelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from sim.crn import HouseholdDraws
from sim.programme.budget import BudgetAccount, Component
from sim.programme.params import InfrastructureParams
from sim.state import HouseholdState, declare

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
NOT_BUILT = -1


class Work(StrEnum):
    """Village works, in the order they are built."""

    WATER = "drinking_water"
    ROAD = "road"
    CLINIC = "clinic"
    BIOGAS = "biogas"
    SCHOOL = "school"
    CULTURE = "radio_tv_and_cultural_room"


WORKS: tuple[Work, ...] = tuple(Work)


@dataclass
class VillageWorks:
    """Which works each village has, from which month (absolute month index)."""

    villages: int
    finished: IntArray = field(init=False)  # (work, village): month finished, or NOT_BUILT
    biogas_households: NDArray[np.bool_] = field(init=False, default_factory=lambda: np.zeros(0, dtype=bool))

    def __post_init__(self) -> None:
        self.finished = np.full((len(WORKS), self.villages), NOT_BUILT, dtype=np.int64)

    @property
    def finish_months(self) -> set[int]:
        """Months in which some work is finished."""
        return set(self.finished[self.finished != NOT_BUILT].tolist())

    def has(self, work: Work, month_index: int) -> NDArray[np.bool_]:
        """Per village: whether ``work`` is finished by ``month_index``."""
        done = self.finished[WORKS.index(work)]
        return (done != NOT_BUILT) & (done <= month_index)

    def count(self, work: Work) -> int:
        """Villages where ``work`` is built or being built."""
        return int((self.finished[WORKS.index(work)] != NOT_BUILT).sum())


def build_works(
    works: VillageWorks,
    state: HouseholdState,
    params: InfrastructureParams,
    budget: BudgetAccount,
    year_index: int,
    month: int,
    month_index: int,
    draws: HouseholdDraws,
) -> None:
    """Spend each village's infrastructure budget on the works it still lacks, in order. Biogas
    digesters go to the households first in an order each household's own draw sets."""
    villages = works.villages
    people = np.bincount(state.village, weights=state.people, minlength=villages)
    households = np.bincount(state.village, minlength=villages)
    if works.biogas_households.size != state.size:
        works.biogas_households = np.zeros(state.size, dtype=bool)
    for work in WORKS:
        available = budget.available(Component.INFRASTRUCTURE, year_index)
        row = WORKS.index(work)
        todo = works.finished[row] == NOT_BUILT
        if work is Work.BIOGAS:
            wanted = np.round(params.biogas_share * households)
            unit = params.biogas_yuan_per_digester
            affordable = np.floor(available / unit) if unit > 0 else np.full(villages, np.inf)
            digesters = np.minimum(wanted, affordable)
            digesters = np.where(todo, digesters, 0)
            cost = digesters * params.biogas_yuan_per_digester
            getting = np.flatnonzero(digesters > 0)
            if getting.size:
                # Each village's households (ascending), through the households grouped by village.
                grouped = np.argsort(state.village, kind="stable")
                starts = np.searchsorted(state.village[grouped], np.arange(villages + 1))
                for village in getting.tolist():
                    rows = grouped[starts[village] : starts[village + 1]]
                    chosen = draws.order(rows)[: int(digesters[village])]
                    works.biogas_households[chosen] = True
            built = digesters > 0
        else:
            price = {
                Work.ROAD: np.full(villages, params.road_yuan),
                Work.WATER: people * params.water_yuan_per_person,
                Work.CLINIC: np.full(villages, params.clinic_yuan),
                Work.SCHOOL: np.full(villages, params.school_yuan),
                Work.CULTURE: np.full(villages, params.culture_yuan),
            }[work]
            built = todo & (price <= available + 1e-9) & (price > 0)
            cost = np.where(built, price, 0.0)
        if built.any():
            budget.spend(Component.INFRASTRUCTURE, year_index, month, cost)
            works.finished[row, built] = month_index + params.months_to_build


def apply_works(
    works: VillageWorks, state: HouseholdState, params: InfrastructureParams, month_index: int
) -> None:
    """Set the households' columns that village works act on, as of ``month_index``."""
    village = state.village
    water = works.has(Work.WATER, month_index)[village]
    clinic = works.has(Work.CLINIC, month_index)[village]
    biogas = works.has(Work.BIOGAS, month_index)[village] & (
        works.biogas_households if works.biogas_households.size else False
    )
    columns = {
        "days_saved_per_worker": np.where(water, params.water_days_saved_per_worker, 0.0),
        "illness_risk": np.where(water, 1.0 - params.water_illness_cut, 1.0),
        "medical_cost_factor": np.where(clinic, 1.0 - params.clinic_cost_cut, 1.0),
        "illness_months_saved": np.where(clinic, params.clinic_months_saved, 0),
        "fuel_saving": np.where(biogas, params.biogas_saving_yuan_per_year, 0.0),
    }
    # Only the households of villages whose works changed get other values: only they are
    # declared (a province has a few such villages a month among 1,622).
    differs = np.zeros(state.size, dtype=bool)
    for name, value in columns.items():
        differs |= getattr(state, name) != value
    declare(state, differs)
    for name, value in columns.items():
        getattr(state, name)[:] = value


def road_gains(
    works: VillageWorks, state: HouseholdState, params: InfrastructureParams, month_index: int
) -> tuple[FloatArray, FloatArray]:
    """Per household: the road's gain on prices and on business takings."""
    road = works.has(Work.ROAD, month_index)[state.village]
    return np.where(road, params.road_price_gain, 0.0), np.where(road, params.road_business_gain, 0.0)
