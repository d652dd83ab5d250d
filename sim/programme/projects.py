"""One project per household: the project fund of entire-village advancement.

Each household's project is in its village's industry (or, for the share the village data
give, in its second industry). In each funded year, at the delivery month, households take up
their project with a chance that trained leaders raise, if they have room for it and can pay
their share; the village's fund is shared equally among those who take it up and buys whole
units, the leftover buying one more unit for as many takers as it covers, in a random order.

What a unit is and what the fund pays for it, at the year's prices:

- an improved dairy cow in calf, a breeding ewe, a sow with her pen, a layer with its share of
  a henhouse, a mu of orchard, the fittings of a canteen: bought outright by the fund;
- a mu of greenhouse and a vehicle: the fund pays the subsidy
  (``projects.greenhouse_subsidy_yuan_per_mu``, ``projects.vehicle_subsidy_yuan``), the
  household the rest, from its savings or a loan (FACTS: 5,000-6,000 of a 10,000 Yuan
  greenhouse subsidised).

Every unit goes on the household's asset register at its full cost and depreciates, whoever
paid. A greenhouse is built first and earns from the next season; an orchard bears years
after planting; a household new to a greenhouse, orchard or business learns it (faster where
leaders were trained). Greenhouses, orchards and businesses may be given up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sim.assets import Asset
from sim.crn import HouseholdDraws
from sim.programme.budget import BudgetAccount, Component
from sim.programme.params import ProjectCosts, VillageAdvancementParams
from sim.rules.context import Month
from sim.rules.greenhouse import first_season
from sim.rules.investment import credit_limit, entry_class
from sim.rules.land import give_up_land
from sim.rules.learning import start_learning
from sim.rules.livestock import deaths
from sim.rules.unit_economics import LAYER_BATCH, OPTION_OF_INDUSTRY, unit_days
from sim.state import Business, HerdClass, HouseholdState, declare
from sim.villages import CATTLE, PIGS, SHEEP, SPECIES, Industry, VillageSpec
from sim.world import Index

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
INDUSTRIES: tuple[Industry, ...] = tuple(Industry)
ANIMALS = {Industry.CATTLE: CATTLE, Industry.SHEEP: SHEEP, Industry.PIGS: PIGS}
LEARNED = (Industry.GREENHOUSE, Industry.GARDENING, Industry.TRANSPORT, Industry.CANTEEN)


@dataclass(frozen=True)
class UnitPrices:
    """Per industry (in the order of ``INDUSTRIES``), this year: the unit's full cost, what the
    fund pays, and its life in months."""

    cost: FloatArray
    fund: FloatArray
    life_months: NDArray[np.int64]

    @property
    def household_share(self) -> FloatArray:
        """What the household pays of each unit."""
        return self.cost - self.fund


def unit_prices(m: Month) -> UnitPrices:
    """Each project unit's cost, the fund's part of it and its life, at this year's prices."""
    params = m.params
    costs: ProjectCosts = params.programme.projects
    assets = params.assets
    livestock = params.livestock
    cpi = m.level(Index.CPI)
    cattle, sheep = m.level(Index.CATTLE), m.level(Index.SHEEP)
    pigs = m.level(Index.PIGS)
    cost = {
        Industry.CATTLE: costs.improved_cow_yuan * cattle,
        Industry.SHEEP: livestock.sheep.breeding_female_yuan * sheep,
        Industry.PIGS: livestock.pigs.breeding_female_yuan * pigs + assets.pig_pen_yuan_per_sow * cpi,
        Industry.CHICKENS: assets.layer_house_yuan_per_bird * cpi,
        Industry.GREENHOUSE: assets.greenhouse_yuan_per_mu * cpi,
        Industry.GARDENING: assets.orchard_yuan_per_mu * cpi,
        Industry.TRANSPORT: assets.vehicle_yuan * cpi,
        Industry.CANTEEN: assets.canteen_yuan * cpi,
    }
    fund = dict(cost)
    fund[Industry.GREENHOUSE] = min(costs.greenhouse_subsidy_yuan_per_mu * cpi, cost[Industry.GREENHOUSE])
    fund[Industry.TRANSPORT] = min(costs.vehicle_subsidy_yuan * cpi, cost[Industry.TRANSPORT])
    years = {
        Industry.CATTLE: livestock.improved_cow_productive_life_years,
        Industry.SHEEP: livestock.sheep.productive_life_years,
        Industry.PIGS: livestock.pigs.productive_life_years,
        Industry.CHICKENS: assets.layer_house_life_years,
        Industry.GREENHOUSE: assets.greenhouse_life_years,
        Industry.GARDENING: assets.orchard_life_years,
        Industry.TRANSPORT: assets.vehicle_life_years,
        Industry.CANTEEN: assets.canteen_life_years,
    }
    return UnitPrices(
        cost=np.array([cost[i] for i in INDUSTRIES]),
        fund=np.array([fund[i] for i in INDUSTRIES]),
        life_months=np.array([max(round(12 * years[i]), 1) for i in INDUSTRIES], dtype=np.int64),
    )


@dataclass
class HouseholdProjects:
    """Each household's project industry and what it has received."""

    industry: IntArray  # index into INDUSTRIES
    units: FloatArray = field(init=False)  # units received over the programme
    received: IntArray = field(init=False)  # projects received (one per funded year taken up)

    def __post_init__(self) -> None:
        n = self.industry.size
        self.units = np.zeros(n)
        self.received = np.zeros(n, dtype=np.int64)

    @classmethod
    def draw(
        cls, state: HouseholdState, villages: tuple[VillageSpec, ...], draws: HouseholdDraws
    ) -> HouseholdProjects:
        """Which industry each household's project would be in (one draw per household)."""
        main = np.array([INDUSTRIES.index(v.industry) for v in villages])[state.village]
        second = np.array([INDUSTRIES.index(v.second_industry) for v in villages])[state.village]
        share = np.array([v.industry_share for v in villages])[state.village]
        return cls(np.where(draws.bernoulli(state.size, share), main, second))

    @property
    def reached(self) -> NDArray[np.bool_]:
        """Households that have received a project."""
        return self.received > 0


def room_for_units(m: Month, projects: HouseholdProjects) -> FloatArray:
    """How many more units of its project each household can take on: as far as its sheds,
    henhouse, land and business allow, and its own spare working days (a project is not given
    to a household that would have to hire all the labour for it)."""
    state, params = m.state, m.params
    costs = params.programme.projects
    room = np.zeros(state.size)
    industry = projects.industry
    per_unit = unit_days(params)[[OPTION_OF_INDUSTRY[i] for i in INDUSTRIES]]
    per_unit[INDUSTRIES.index(Industry.CHICKENS)] /= LAYER_BATCH  # a project's unit is one layer
    days = per_unit[industry]
    spare = np.maximum(state.days_available - state.days_needed, 0.0)
    # A unit that takes (next to) no days is not limited by labour: an overflow to inf is the answer.
    with np.errstate(over="ignore"):
        by_labour = np.floor(np.divide(spare, days, out=np.full(state.size, np.inf), where=days > 0))
    for kind, s in ANIMALS.items():
        mine = industry == INDUSTRIES.index(kind)
        most = getattr(params.livestock, SPECIES[s].value).max_breeding_females
        room[mine] = most - state.herd_capacity[s, mine]
    greenhouses = state.greenhouse_mu + state.greenhouse_building_mu
    for kind, held, most in (
        (Industry.CHICKENS, state.layers, costs.max_birds),
        (Industry.GREENHOUSE, greenhouses, costs.max_greenhouse_mu),
        (Industry.GARDENING, state.garden_mu, costs.max_garden_mu),
    ):
        mine = industry == INDUSTRIES.index(kind)
        room[mine] = most - held[mine]
    for kind in (Industry.GREENHOUSE, Industry.GARDENING):
        mine = industry == INDUSTRIES.index(kind)
        room[mine] = np.minimum(room[mine], np.floor(state.land_mu[mine]))  # on their own fields
    for kind, business, most in (
        (Industry.TRANSPORT, Business.TRANSPORT, costs.max_vehicles),
        (Industry.CANTEEN, Business.CANTEEN, costs.max_canteens),
    ):
        mine = industry == INDUSTRIES.index(kind)
        room[mine] = most - np.where(state.business[mine] == business, state.business_units[mine], 0.0)
    return np.floor(np.maximum(np.minimum(room, by_labour), 0.0))


def deliver_projects(
    m: Month,
    projects: HouseholdProjects,
    params: VillageAdvancementParams,
    leadership: FloatArray,
    budget: BudgetAccount,
) -> None:
    """Take-up, purchase and delivery of this year's projects in every village. Each household
    decides to take its project up, and gets its place in the queue for the leftover, by its
    own draws (so another household's taking it up does not move it among the others)."""
    state = m.state
    villages = leadership.size
    prices = unit_prices(m)
    price = prices.fund[projects.industry]
    # It may change the households of the villages with project money (a rollout's few), and
    # any whose unit the fund pays nothing for (limited only by room and what it can pay).
    funded = budget.available(Component.HOUSEHOLD_PROJECTS, m.year) > 0
    may_change = np.flatnonzero(funded[state.village] | (price <= 0))
    declare(state, may_change)
    share = prices.household_share[projects.industry]
    uptake = np.minimum(params.uptake + params.uptake_gain_from_leaders * leadership, 1.0)[state.village]
    room = room_for_units(m, projects)
    # A household takes up its project if it wants it, has room for it, and can pay its share
    # of one unit from its savings or a loan.
    affordable = share <= state.savings + credit_limit(m) + 1e-9
    takes = m.draws("programme.projects.uptake").bernoulli(state.size, uptake) & (room >= 1) & affordable
    year = m.year
    fund = budget.available(Component.HOUSEHOLD_PROJECTS, year)
    takers = np.bincount(state.village[takes], minlength=villages)
    per_taker = np.divide(fund, takers, out=np.zeros(villages), where=takers > 0)[state.village]
    # A unit the fund pays nothing for (a subsidy of 0) is limited only by room and what the
    # household can pay.
    bought = np.floor(np.divide(per_taker, price, out=np.full(state.size, np.inf), where=price > 0))
    units = np.where(takes, np.minimum(bought, room), 0.0)

    # The leftover of each village buys one more unit for as many takers as it covers.
    spent = np.bincount(state.village, weights=units * price, minlength=villages)
    leftover = fund - spent
    # Only a funded village has a leftover: its households' order among themselves is the one
    # they have among everyone (each household's place depends on its own draw alone).
    order = m.draws("programme.projects.leftover").order(may_change)
    order = order[takes[order] & (units[order] < room[order])]
    village_in_order = state.village[order]
    grouped = np.argsort(village_in_order, kind="stable")
    order, village_in_order = order[grouped], village_in_order[grouped]
    running = np.cumsum(price[order])
    first = np.searchsorted(village_in_order, np.arange(villages))
    before = np.concatenate(([0.0], running))[first][village_in_order]
    extra = order[running - before <= leftover[village_in_order] + 1e-9]
    units[extra] += 1.0
    # A household that cannot pay its share of the units it gets takes as many as it can pay.
    cash = np.maximum(state.savings + credit_limit(m), 0.0)
    payable = np.floor(np.divide(cash, share, out=np.full(state.size, np.inf), where=share > 0) + 1e-9)
    units = np.minimum(units, np.maximum(payable, 0.0))

    cost = np.bincount(state.village, weights=units * price, minlength=villages)
    budget.spend(Component.HOUSEHOLD_PROJECTS, year, m.month, cost)
    got = units > 0
    projects.units += units
    projects.received += got
    learning = (
        m.params.households.learning_months
        + (params.learning_months_with_leaders - m.params.households.learning_months) * leadership
    )
    hand_over(m, projects, units, got, prices, learning[state.village])


def hand_over(
    m: Month,
    projects: HouseholdProjects,
    units: FloatArray,
    got: BoolArray,
    prices: UnitPrices,
    learning_months: FloatArray,
) -> None:
    """Put the bought units into the households' herds, henhouses, land and businesses, and on
    their asset registers; the households pay their shares.

    A household keeps more breeding females from now on, up to what it can keep at most.
    """
    state, params = m.state, m.params
    industry = projects.industry
    whole = units.astype(np.int64)
    month = m.index
    rows = np.flatnonzero(got)
    ind = industry[rows]
    m.ledger.invest_at(rows, units[rows] * prices.household_share[ind])
    season = first_season(m)
    for kind in INDUSTRIES:
        mine = rows[ind == INDUSTRIES.index(kind)]
        if mine.size:
            k = INDUSTRIES.index(kind)
            start = np.full(mine.size, season if kind == Industry.GREENHOUSE else month)
            cost, life = units[mine] * prices.cost[k], int(prices.life_months[k])
            if kind == Industry.PIGS:  # the sow over her breeding life, her pen over its own
                pen = units[mine] * params.assets.pig_pen_yuan_per_sow * m.level(Index.CPI)
                pen_life = max(round(12 * params.assets.pig_pen_life_years), 1)
                m.assets.add(Asset.PIG_PENS, mine, pen, units[mine], month, pen_life)
                cost = cost - pen
            m.assets.add(ASSET_OF_INDUSTRY[kind], mine, cost, units[mine], month, life, start=start)
    for kind, s in ANIMALS.items():
        mine = got & (industry == INDUSTRIES.index(kind))
        most = getattr(params.livestock, SPECIES[s].value).max_breeding_females
        place_breeding_females(m, s, np.flatnonzero(mine), whole[mine])
        raised = np.minimum(state.herd_capacity[s, mine] + whole[mine], most)
        state.herd_capacity[s, mine] = np.maximum(state.herd_capacity[s, mine], raised)
    cows = got & (industry == INDUSTRIES.index(Industry.CATTLE))
    state.improved_cows[cows] += whole[cows]
    birds = got & (industry == INDUSTRIES.index(Industry.CHICKENS))
    state.layers[birds] += whole[birds]

    greenhouse = got & (industry == INDUSTRIES.index(Industry.GREENHOUSE))
    garden = got & (industry == INDUSTRIES.index(Industry.GARDENING))
    state.land_mu[greenhouse | garden] -= units[greenhouse | garden]
    state.greenhouse_building_mu[greenhouse] += units[greenhouse]
    state.greenhouse_ready[greenhouse] = season
    state.garden_mu[garden] += units[garden]
    # A newcomer to greenhouses learns from its greenhouse's first season (sim.rules.greenhouse).
    first = greenhouse & (state.greenhouse_mu <= 0) & (state.greenhouse_learning_span <= 0)
    state.greenhouse_learning_span[first] = learning_months[first]
    new = np.zeros(state.size, dtype=bool)
    new[garden] = state.garden_mu[garden] <= units[garden]
    for kind, business in ((Industry.TRANSPORT, Business.TRANSPORT), (Industry.CANTEEN, Business.CANTEEN)):
        mine = got & (industry == INDUSTRIES.index(kind))
        # A family runs one kind of business: the project's kind, which replaces another.
        same = state.business[mine] == business
        new[mine] = ~same
        state.business_units[mine] = np.where(same, state.business_units[mine], 0.0) + units[mine]
        state.business[mine] = business
    start_learning(m, new, learning_months)


def place_breeding_females(m: Month, species: int, rows: IntArray, head: IntArray) -> None:
    """Put delivered or lent breeding females into the herds: cows and ewes in calf or lamb
    among the breeding females; sows in pig there too, the rest (``projects.sows_in_pig_share``
    decides, animal by animal) as gilts among the replacements, to be served. The receiving
    households' deaths since their last draw come first (the newcomers were not there)."""
    herd = m.state.herd  # rows are distinct households
    m.herds.draw_deaths(herd, deaths(m), rows)
    head = np.asarray(head, dtype=np.int64)
    if entry_class(species) == HerdClass.FEMALES:
        herd[species, HerdClass.FEMALES, rows] += head.astype(herd.dtype)
        return
    # A household may receive sows twice in a month (a project and a pool): one sequence.
    sows = m.streams.sequence("programme.sows", m.index)
    in_pig = sows.binomial(rows, head, m.params.programme.projects.sows_in_pig_share)
    herd[species, HerdClass.FEMALES, rows] += in_pig.astype(herd.dtype)
    herd[species, entry_class(species), rows] += (head - in_pig).astype(herd.dtype)


ASSET_OF_INDUSTRY: dict[Industry, Asset] = {
    Industry.CATTLE: Asset.CATTLE,
    Industry.SHEEP: Asset.SHEEP,
    Industry.PIGS: Asset.PIGS,
    Industry.CHICKENS: Asset.LAYERS,
    Industry.GREENHOUSE: Asset.GREENHOUSE,
    Industry.GARDENING: Asset.ORCHARD,
    Industry.TRANSPORT: Asset.VEHICLE,
    Industry.CANTEEN: Asset.CANTEEN,
}


def give_up(m: Month, projects: HouseholdProjects, params: VillageAdvancementParams) -> bool:
    """Each year some greenhouse, orchard and business projects are given up; what is left of
    their value is written off. Returns whether any were."""
    state = m.state
    industry = projects.industry
    kinds = [INDUSTRIES.index(i) for i in LEARNED]
    running = (projects.units > 0) & np.isin(industry, kinds)
    fails = running & m.draws("programme.failures").bernoulli(state.size, params.project_failure_per_year)
    if not fails.any():
        return False
    declare(state, fails)  # only the households that give up change
    units = np.where(fails, projects.units, 0.0)
    # A greenhouse still being built is given up first.
    greenhouses = fails & (industry == INDUSTRIES.index(Industry.GREENHOUSE))
    building = greenhouses & (state.greenhouse_building_mu > 0)
    if building.any():
        stopped = np.where(building, np.minimum(units, state.greenhouse_building_mu), 0.0)
        total = state.greenhouse_mu + state.greenhouse_building_mu
        share = np.divide(stopped, total, out=np.zeros(state.size), where=total > 0)
        m.assets.dispose(Asset.GREENHOUSE, share, m.index, m.ledger)
        state.greenhouse_building_mu -= stopped
        state.land_mu += stopped
        units = units - stopped
        gone = building & (state.greenhouse_building_mu <= 0)
        state.greenhouse_ready[gone] = -1
        state.greenhouse_learning_span[gone & (state.greenhouse_mu <= 0)] = 0.0
    for kind, asset in ((Industry.GREENHOUSE, Asset.GREENHOUSE), (Industry.GARDENING, Asset.ORCHARD)):
        mine = fails & (industry == INDUSTRIES.index(kind))
        give_up_land(m, asset, np.where(mine, units, 0.0))
    for kind, business, asset in (
        (Industry.TRANSPORT, Business.TRANSPORT, Asset.VEHICLE),
        (Industry.CANTEEN, Business.CANTEEN, Asset.CANTEEN),
    ):
        mine = fails & (industry == INDUSTRIES.index(kind)) & (state.business == business)
        held = np.where(mine, state.business_units, 0.0)
        out = np.minimum(units, held)
        share = np.divide(out, held, out=np.zeros(state.size), where=held > 0)
        m.assets.dispose(asset, share, m.index, m.ledger)
        state.business_units[mine] -= out[mine]
        state.business[mine & (state.business_units <= 0)] = Business.NONE
    projects.units[fails] = 0.0
    return True
