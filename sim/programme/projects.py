"""One project per household: the project fund of entire-village advancement.

Each household's project is in its village's industry (or, for the share the village data
give, in its second industry). In each funded year, at the delivery month, households take up
their project with a chance that trained leaders raise; the village's fund is shared equally
among those who take it up and buys whole units (a cow in calf, ewes, sows, layers, a mu of
greenhouse or orchard, a vehicle, a canteen), the leftover buying one more unit for as many
takers as it covers, in a random order. Animals join the herds as breeding females (and the
household keeps that many more); greenhouses, orchards and businesses earn in proportion to a
productivity that starts low and grows over the learning months, and may be given up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sim.programme.budget import BudgetAccount, Component
from sim.programme.params import ProjectCosts, VillageAdvancementParams
from sim.state import Business, HerdClass, HouseholdState
from sim.villages import SPECIES, Industry, VillageSpec

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
INDUSTRIES: tuple[Industry, ...] = tuple(Industry)
NO_PROJECT = -1


def unit_costs(costs: ProjectCosts) -> FloatArray:
    """Cost of one unit of each industry's project, in the order of ``Industry``."""
    by_industry = {
        Industry.CATTLE: costs.cattle_yuan_per_cow,
        Industry.SHEEP: costs.sheep_yuan_per_ewe,
        Industry.PIGS: costs.pigs_yuan_per_sow,
        Industry.CHICKENS: costs.chickens_yuan_per_bird,
        Industry.GREENHOUSE: costs.greenhouse_yuan_per_mu,
        Industry.GARDENING: costs.gardening_yuan_per_mu,
        Industry.TRANSPORT: costs.transport_yuan_per_vehicle,
        Industry.CANTEEN: costs.canteen_yuan_per_canteen,
    }
    return np.array([by_industry[i] for i in INDUSTRIES])


@dataclass
class HouseholdProjects:
    """Each household's project industry, what it has received and how far it has learnt."""

    industry: IntArray  # index into INDUSTRIES
    units: FloatArray = field(init=False)  # units received over the programme
    received: IntArray = field(init=False)  # projects received (one per funded year taken up)
    started: IntArray = field(init=False)  # month index of the first learning project, or -1
    learning_months: FloatArray = field(init=False)  # each household's learning time

    def __post_init__(self) -> None:
        n = self.industry.size
        self.units = np.zeros(n)
        self.received = np.zeros(n, dtype=np.int64)
        self.started = np.full(n, NO_PROJECT, dtype=np.int64)
        self.learning_months = np.zeros(n)

    @classmethod
    def draw(
        cls, state: HouseholdState, villages: tuple[VillageSpec, ...], rng: np.random.Generator
    ) -> HouseholdProjects:
        """Which industry each household's project would be in."""
        main = np.array([INDUSTRIES.index(v.industry) for v in villages])[state.village]
        second = np.array([INDUSTRIES.index(v.second_industry) for v in villages])[state.village]
        share = np.array([v.industry_share for v in villages])[state.village]
        return cls(np.where(rng.random(state.size) < share, main, second))

    @property
    def reached(self) -> NDArray[np.bool_]:
        """Households that have received a project."""
        return self.received > 0


def room_for_units(
    projects: HouseholdProjects, state: HouseholdState, costs: ProjectCosts, max_females: IntArray
) -> FloatArray:
    """How many more units of its project each household can take on."""
    room = np.zeros(state.size)
    industry = projects.industry
    for species in SPECIES:
        mine = industry == INDUSTRIES.index(Industry(species.value))
        s = SPECIES.index(species)
        room[mine] = max_females[s] - state.herd_capacity[s, mine]
    for kind, held, most in (
        (Industry.CHICKENS, state.flock_target, costs.max_birds),
        (Industry.GREENHOUSE, state.greenhouse_mu, costs.max_greenhouse_mu),
        (Industry.GARDENING, state.garden_mu, costs.max_garden_mu),
    ):
        mine = industry == INDUSTRIES.index(kind)
        room[mine] = most - held[mine]
    for kind, business, most in (
        (Industry.TRANSPORT, Business.TRANSPORT, costs.max_vehicles),
        (Industry.CANTEEN, Business.CANTEEN, costs.max_canteens),
    ):
        mine = industry == INDUSTRIES.index(kind)
        room[mine] = most - np.where(state.business[mine] == business, state.business_units[mine], 0.0)
    return np.floor(np.maximum(room, 0.0))


def deliver_projects(
    projects: HouseholdProjects,
    state: HouseholdState,
    params: VillageAdvancementParams,
    costs: ProjectCosts,
    leadership: FloatArray,
    max_females: IntArray,
    budget: BudgetAccount,
    year_index: int,
    month: int,
    month_index: int,
    rng: np.random.Generator,
) -> None:
    """Take-up, purchase and delivery of this year's projects in every village."""
    villages = leadership.size
    uptake = np.minimum(params.uptake + params.uptake_gain_from_leaders * leadership, 1.0)[state.village]
    room = room_for_units(projects, state, costs, max_females)
    takes = (rng.random(state.size) < uptake) & (room >= 1)
    fund = budget.available(Component.HOUSEHOLD_PROJECTS, year_index)
    takers = np.bincount(state.village[takes], minlength=villages)
    share = np.divide(fund, takers, out=np.zeros(villages), where=takers > 0)[state.village]
    price = unit_costs(costs)[projects.industry]
    units = np.where(takes, np.minimum(np.floor(share / price), room), 0.0)

    # The leftover of each village buys one more unit for as many takers as it covers.
    spent = np.bincount(state.village, weights=units * price, minlength=villages)
    leftover = fund - spent
    order = rng.permutation(state.size)
    order = order[takes[order] & (units[order] < room[order])]
    cost_in_order = price[order]
    village_in_order = state.village[order]
    running = np.zeros_like(cost_in_order)
    for village in range(villages):
        mine = village_in_order == village
        running[mine] = np.cumsum(cost_in_order[mine])
    extra = order[running <= leftover[village_in_order] + 1e-9]
    units[extra] += 1.0

    cost = np.bincount(state.village, weights=units * price, minlength=villages)
    budget.spend(Component.HOUSEHOLD_PROJECTS, year_index, month, cost)
    got = units > 0
    projects.units += units
    projects.received += got
    learning = (
        params.learning_months + (params.learning_months_with_leaders - params.learning_months) * leadership
    )
    hand_over(projects, state, units, got, learning[state.village], params, month_index, max_females)


def hand_over(
    projects: HouseholdProjects,
    state: HouseholdState,
    units: FloatArray,
    got: NDArray[np.bool_],
    learning_months: FloatArray,
    params: VillageAdvancementParams,
    month_index: int,
    max_females: IntArray,
) -> None:
    """Put the bought units into the households' herds, flocks, land and businesses.

    A household keeps more breeding females from now on, up to what it can keep at most
    (``max_females`` per species).
    """
    industry = projects.industry
    whole = units.astype(np.int64)
    for species in SPECIES:
        s = SPECIES.index(species)
        mine = got & (industry == INDUSTRIES.index(Industry(species.value)))
        state.herd[s, HerdClass.FEMALES, mine] += whole[mine].astype(state.herd.dtype)
        raised = np.minimum(state.herd_capacity[s, mine] + whole[mine], max_females[s])
        state.herd_capacity[s, mine] = np.maximum(state.herd_capacity[s, mine], raised)
    cows = got & (industry == INDUSTRIES.index(Industry.CATTLE))
    state.improved_cows[cows] += whole[cows]
    birds = got & (industry == INDUSTRIES.index(Industry.CHICKENS))
    state.flock[birds] += whole[birds]
    state.flock_target[birds] += whole[birds]

    greenhouse = got & (industry == INDUSTRIES.index(Industry.GREENHOUSE))
    garden = got & (industry == INDUSTRIES.index(Industry.GARDENING))
    state.greenhouse_mu[greenhouse] += units[greenhouse]
    state.garden_mu[garden] += units[garden]
    for kind, business in ((Industry.TRANSPORT, Business.TRANSPORT), (Industry.CANTEEN, Business.CANTEEN)):
        mine = got & (industry == INDUSTRIES.index(kind))
        # A family runs one kind of business: the project's kind, which replaces another.
        same = state.business[mine] == business
        state.business_units[mine] = np.where(same, state.business_units[mine], 0.0) + units[mine]
        state.business[mine] = business

    learners = (
        greenhouse
        | garden
        | (
            got
            & np.isin(industry, [INDUSTRIES.index(Industry.TRANSPORT), INDUSTRIES.index(Industry.CANTEEN)])
        )
    )
    new = learners & (projects.started == NO_PROJECT)
    projects.started[new] = month_index
    projects.learning_months[new] = learning_months[new]
    state.productivity[new] = params.first_month_productivity


def learn(
    projects: HouseholdProjects, state: HouseholdState, params: VillageAdvancementParams, month_index: int
) -> bool:
    """Productivity of learners rises towards 1; returns whether anyone is still learning."""
    learners = (projects.started != NO_PROJECT) & (state.productivity < 1.0)
    if not learners.any():
        return False
    elapsed = month_index - projects.started[learners]
    span = np.maximum(projects.learning_months[learners], 1e-9)
    start = params.first_month_productivity
    state.productivity[learners] = np.minimum(1.0, start + (1.0 - start) * elapsed / span)
    return True


def give_up(
    projects: HouseholdProjects,
    state: HouseholdState,
    params: VillageAdvancementParams,
    rng: np.random.Generator,
) -> None:
    """Each year some greenhouse, orchard and business projects are given up."""
    industry = projects.industry
    kinds = [
        INDUSTRIES.index(i)
        for i in (Industry.GREENHOUSE, Industry.GARDENING, Industry.TRANSPORT, Industry.CANTEEN)
    ]
    running = (projects.units > 0) & np.isin(industry, kinds)
    fails = running & (rng.random(state.size) < params.project_failure_per_year)
    if not fails.any():
        return
    units = projects.units[fails]
    kind = industry[fails]
    rows = np.flatnonzero(fails)
    greenhouse = kind == INDUSTRIES.index(Industry.GREENHOUSE)
    garden = kind == INDUSTRIES.index(Industry.GARDENING)
    business = ~(greenhouse | garden)
    state.greenhouse_mu[rows[greenhouse]] = np.maximum(
        state.greenhouse_mu[rows[greenhouse]] - units[greenhouse], 0
    )
    state.garden_mu[rows[garden]] = np.maximum(state.garden_mu[rows[garden]] - units[garden], 0)
    left = np.maximum(state.business_units[rows[business]] - units[business], 0)
    state.business_units[rows[business]] = left
    state.business[rows[business][left == 0]] = Business.NONE
    projects.units[fails] = 0.0
