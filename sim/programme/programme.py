"""The programme as the donor province's office runs it: budgets, dates and deliveries.

In January of each funded year the year's budget is allocated to the villages (in proportion to
their families) and components. The cadre courses and the training school take their intakes;
at the delivery month (if there is money to deliver) the leaders are trained, household projects
delivered, households organised into cooperatives and associations as far as the organising
money goes (:mod:`sim.programme.organising`; what it does not pay for goes to the works), village
works built and livestock pools stocked. In January, what the programme founded and no longer
pays for must be paid by its members' fees, or it fails. Every month graduates leave the school,
finished works start to act, learners learn and the pools collect offspring and lend them on; in
January some projects are given up. The model asks after each month what changed, to reset the
flows that depend on it, for
the households it changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numba import njit
from numpy.typing import NDArray

from sim.params import OrganisationParams, Parameters
from sim.programme.budget import BudgetAccount, Component
from sim.programme.infrastructure import VillageWorks, Work, apply_works, build_works, road_gains
from sim.programme.organising import Organisations, organise, settle_running_costs
from sim.programme.params import ProgrammeParams
from sim.programme.projects import HouseholdProjects, deliver_projects, give_up, unit_prices
from sim.programme.rolling import (
    LivestockPool,
    before_sales,
    buy_and_lend,
    pool_month,
    record_year,
    sell_surplus,
)
from sim.programme.rollout import RolloutPlan, plan
from sim.programme.training import TrainingSchool, enrol, school_month, train_cadres
from sim.rules.context import Month
from sim.rules.effects import HouseholdEffects, organised_products
from sim.rules.livestock import SPECIES_INDEX, Herds
from sim.state import HouseholdState, Watch, end_watch, watch
from sim.streams import Streams
from sim.villages import SPECIES, VillageSpec
from sim.world import World

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


BoolArray = NDArray[np.bool_]
CATEGORIES = ("herds", "holdings", "effects", "wages", "productivity")


@dataclass
class Changes:
    """Which households this month's events changed, by what changed (boolean masks over the
    households), so the model resets only what depends on it, only for them."""

    herds: BoolArray  # animals (their products, upkeep, labour and village supply)
    holdings: BoolArray  # greenhouses, land, layers, businesses
    effects: BoolArray  # memberships and roads
    wages: BoolArray  # who works where
    productivity: BoolArray  # how far learners have learnt
    works: bool = False  # village works finished

    @classmethod
    def none(cls, households: int) -> Changes:
        """Nothing changed."""
        return cls._filled(households, False)

    @classmethod
    def every(cls, households: int) -> Changes:
        """Everything changed, for every household."""
        return cls._filled(households, True)

    @classmethod
    def _filled(cls, households: int, value: bool) -> Changes:
        def mask() -> BoolArray:
            return np.ones(households, dtype=bool) if value else np.zeros(households, dtype=bool)

        return cls(herds=mask(), holdings=mask(), effects=mask(), wages=mask(), productivity=mask())

    def __or__(self, other: Changes) -> Changes:
        masks = {name: getattr(self, name) | getattr(other, name) for name in CATEGORIES}
        return Changes(**masks, works=self.works or other.works)

    def __ior__(self, other: Changes) -> Changes:
        for name in CATEGORIES:
            getattr(self, name).__ior__(getattr(other, name))
        self.works = self.works or other.works
        return self

    def any(self) -> BoolArray:
        """Per household: whether anything changed."""
        out = np.zeros_like(self.herds)
        for name in CATEGORIES:
            out |= getattr(self, name)
        return out


# The household columns each kind of change is seen in (the programme's changes are found by
# comparing them before and after its month: see ``Programme.month``).
COLUMNS: dict[str, tuple[str, ...]] = {
    "herds": ("herd", "herd_capacity", "stock_target", "improved_cows", "flock", "flock_target"),
    "holdings": (
        "land_mu",
        "garden_mu",
        "greenhouse_mu",
        "greenhouse_building_mu",
        "greenhouse_ready",
        "layers",
        "business",
        "business_units",
        "fields_sown",
    ),
    "wages": (
        "migrants",
        "certified",
        "certified_away",
        "placed",
        "in_course",
        "young",
        "prime",
        "elderly",
        "days_saved_per_worker",
    ),
    "productivity": ("productivity", "learning_started", "skill"),
    "effects": ("cooperative_member", "association"),
}


def snapshot(state: HouseholdState, categories: tuple[str, ...] = tuple(COLUMNS)) -> Watch:
    """Watch the household columns of ``categories``: the functions that write them declare
    first which households they may change (:func:`sim.state.declare`), and only those
    households' values are kept, so finding what changed costs what changed, not every
    household."""
    return watch(state, tuple(name for category in categories for name in COLUMNS[category]))


def changed_since(state: HouseholdState, before: Watch | dict[str, np.ndarray]) -> Changes:
    """Which households' columns differ from ``before`` (a :func:`snapshot`, or copies of
    whole columns), by category; ends the watch."""
    if isinstance(before, Watch):
        end_watch(state, before)
        rows, kept = before.before()
        changes = _changed(state, rows, kept)
        if before.check is not None:
            full = _changed(state, None, before.check)
            for category in CATEGORIES:
                if not np.array_equal(getattr(changes, category), getattr(full, category)):
                    raise AssertionError(f"undeclared change of {category}")
        return changes
    return _changed(state, None, before)


def _changed(state: HouseholdState, rows: IntArray | None, before: dict[str, np.ndarray]) -> Changes:
    """Which households' columns differ from ``before`` (of households ``rows``, or all)."""
    changes = Changes.none(state.size)
    if rows is not None and rows.size == 0:
        return changes
    for category, names in COLUMNS.items():
        mask = getattr(changes, category)
        for name in names:
            if name not in before:
                continue
            now = getattr(state, name)
            if rows is None:
                _mark_differences(now.reshape(-1, state.size), before[name].reshape(-1, state.size), mask)
            else:
                differs = (now[..., rows] != before[name]).reshape(-1, rows.size).any(axis=0)
                mask[rows[differs]] = True
    return changes


@njit(cache=True)
def _mark_differences(now: np.ndarray, before: np.ndarray, mask: BoolArray) -> None:
    """Set ``mask`` (household) where any row of ``now`` (row, household) differs from
    ``before`` (``!=``, as numpy compares), in one pass and without a temporary."""
    for row in range(now.shape[0]):
        for household in range(now.shape[1]):
            if now[row, household] != before[row, household]:
                mask[household] = True


def interventions(params: ProgrammeParams) -> int:
    """How many of the three interventions the programme funds: entire-village advancement,
    rolling pools, training (the school or the cadre courses)."""
    return (
        int(params.village_advancement.budget_yuan > 0)
        + int(params.rolling.budget_yuan > 0)
        + int(params.training.trainees_per_year > 0 or params.training.cadres_per_year > 0)
    )


def is_active(params: ProgrammeParams) -> bool:
    """Whether the programme delivers anything at all."""
    return interventions(params) > 0


@dataclass
class Programme:
    """The programme's money, its deliveries and its lasting traces."""

    params: ProgrammeParams
    villages: tuple[VillageSpec, ...]
    start_year: int
    budget: BudgetAccount
    works: VillageWorks
    projects: HouseholdProjects
    pool: LivestockPool
    school: TrainingSchool
    streams: Streams
    livestock_prices: FloatArray  # per head in the first year, by species
    livestock_index: FloatArray  # (species, year) price index of each species
    max_females: NDArray[np.int64]  # breeding females a household can keep, by species
    herd_event_months: NDArray[np.bool_]  # by month 1-12: some herd event happens
    organisations: Organisations  # what the programme founded, and whom it brought in
    leaders: FloatArray = field(init=False)  # people trained per village (leaders, exchange visit)
    cadres: FloatArray = field(init=False)  # cadres trained per village
    products: NDArray[np.bool_] = field(init=False)  # (Index, village) what organisations sell
    advanced: NDArray[np.bool_] = field(init=False)  # per village: chosen by a rollout rule
    # Each funded year's choice of villages under the rollout rule (not under "all"), and under
    # the rules in ``also_plan``, which are worked out on the same state but not applied.
    plans: dict[int, dict[str, RolloutPlan]] = field(init=False)
    also_plan: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.leaders = np.zeros(len(self.villages))
        self.cadres = np.zeros(len(self.villages))
        self.advanced = np.zeros(len(self.villages), dtype=bool)
        self.plans = {}
        self.products = organised_products([v.industry for v in self.villages])

    @classmethod
    def build(
        cls,
        params: Parameters,
        villages: tuple[VillageSpec, ...],
        state: HouseholdState,
        herds: Herds,
        world: World,
        streams: Streams,
    ) -> Programme:
        """A programme not yet begun, for these villages, herds and world."""
        simulation = params.simulation
        return cls(
            params=params.programme,
            villages=villages,
            start_year=simulation.start_year,
            budget=BudgetAccount(len(villages), simulation.years, simulation.start_year),
            works=VillageWorks(len(villages)),
            projects=HouseholdProjects.draw(state, villages, streams.households("programme.projects", -1)),
            pool=LivestockPool.of(villages, params, state),
            school=TrainingSchool(state.size, simulation.start_year),
            streams=streams,
            livestock_prices=herds.price,
            livestock_index=world.index[list(SPECIES_INDEX)],
            max_females=np.array([getattr(params.livestock, s.value).max_breeding_females for s in SPECIES]),
            herd_event_months=herds.calendar.any_event,
            organisations=Organisations(tuple(v.industry for v in villages), state.size),
        )

    def funded(self, year: int) -> bool:
        """Whether the programme has money in ``year``."""
        schedule = self.params.schedule
        return schedule.first_year <= year <= schedule.last_year

    def delivers(self, year: int) -> bool:
        """Whether the delivery month of ``year`` has money for villages or pools (with none,
        it changes nothing, so the run is the one without a programme)."""
        p = self.params
        return self.funded(year) and (p.village_advancement.budget_yuan > 0 or p.rolling.budget_yuan > 0)

    @property
    def leadership(self) -> FloatArray:
        """Per village, 0-1: how far trained leaders and cadres carry the village along."""
        advancement, training = self.params.village_advancement, self.params.training
        return np.minimum(
            1.0,
            self.leaders / advancement.leaders_for_full_effect
            + self.cadres / training.cadres_for_full_effect,
        )

    def can_deliver(self, ctx: Month) -> bool:
        """Whether, this year, some village has the money for at least the cheapest thing one of
        the delivery components buys (a leader's course, a project unit, a founding, a base or a
        member's training, a village work) or there are pools to stock. With less, the delivery
        month changes nothing, so a programme of a few Yuan is the run without one."""
        p = self.params
        if p.rolling.budget_yuan > 0:
            return True
        organising, works = p.organising, p.infrastructure
        people = np.bincount(ctx.state.village, weights=ctx.state.people, minlength=len(self.villages))
        work_prices = np.array(
            [
                works.road_yuan,
                works.clinic_yuan,
                works.biogas_yuan_per_digester,
                works.school_yuan,
                works.culture_yuan,
                works.water_yuan_per_person * people.min(),
            ]
        )
        cheapest = {
            Component.LEADER_TRAINING: p.village_advancement.leader_cost_yuan_per_person,
            Component.HOUSEHOLD_PROJECTS: float(unit_prices(ctx).fund.min()),
            Component.ORGANISING: min(
                organising.cooperative_founding_yuan,
                organising.base_yuan,
                organising.training_yuan_per_member,
                organising.cooperative_running_yuan_per_year,
                organising.base_running_yuan_per_year,
            ),
            Component.INFRASTRUCTURE: float(work_prices[work_prices > 0].min(initial=np.inf)),
        }
        return any(
            np.any(self.budget.available(component, ctx.year) >= price - 1e-9)
            for component, price in cheapest.items()
        )

    def allocate(self, state: HouseholdState, year_index: int, ctx: Month | None = None) -> None:
        """The year's budget, by component and village: under the rollout rule ``all``, to every
        village in proportion to its families; under another rule, the packages of the villages
        it chooses (:mod:`sim.programme.rollout`; ``ctx`` is this January's month, which the
        rules read). The pools' money goes to the villages with pools among those funded."""
        p = self.params
        factor = (1.0 + p.schedule.budget_growth_per_year) ** (
            self.start_year + year_index - p.schedule.first_year
        )
        families = np.bincount(state.village, minlength=len(self.villages)).astype(np.float64)
        rule = p.rollout.rule
        if rule != "all" or self.also_plan:
            if ctx is None:
                raise ValueError("a rollout rule needs the month (ctx) to rank the villages")
            year = self.start_year + year_index
            budget = p.village_advancement.budget_yuan * factor
            self.plans[year] = {
                name: plan(
                    name,
                    ctx,
                    self.villages,
                    self.advanced,
                    budget,
                    p.rollout.yuan_per_household,
                    self.streams.seed,
                    year,
                )
                for name in dict.fromkeys((*((rule,) if rule != "all" else ()), *self.also_plan))
                if name != "all"
            }
        if rule == "all":
            per_family = families / families.sum()
            advancement = p.village_advancement.budget_yuan * factor * per_family
            funded = np.ones(len(self.villages), dtype=bool)
        else:
            chosen = self.plans[self.start_year + year_index][rule]
            advancement = chosen.package
            funded = chosen.chosen
            self.advanced |= funded
        self.budget.allocate(
            Component.HOUSEHOLD_PROJECTS,
            year_index,
            advancement * p.village_advancement.household_project_share,
        )
        self.budget.allocate(
            Component.INFRASTRUCTURE, year_index, advancement * p.village_advancement.infrastructure_share
        )
        self.budget.allocate(
            Component.LEADER_TRAINING, year_index, advancement * p.village_advancement.leader_training_share
        )
        self.budget.allocate(
            Component.ORGANISING, year_index, advancement * p.village_advancement.organising_share
        )
        with_pool = np.where((self.pool.species >= 0) & funded, families, 0.0)
        if with_pool.sum() > 0:
            self.budget.allocate(
                Component.LIVESTOCK_POOL,
                year_index,
                p.rolling.budget_yuan * factor * with_pool / with_pool.sum(),
            )

    def course_budgets(self, year_index: int) -> tuple[float, float]:
        """The year's money for the training school and for the cadre courses; allocated to
        villages as places are filled (see sim.programme.training)."""
        p = self.params
        factor = (1.0 + p.schedule.budget_growth_per_year) ** (
            self.start_year + year_index - p.schedule.first_year
        )
        training = p.training
        return (
            training.trainees_per_year * training.cost_yuan_per_trainee * factor,
            training.cadres_per_year * training.cost_yuan_per_cadre * factor,
        )

    def month(self, ctx: Month) -> Changes:
        """This month's programme events, in order; which households they changed, and how
        (found by comparing the households' columns before and after: see ``changed_since``).
        ``works`` says village works were finished (roads change whole villages' effects)."""
        p = self.params
        state, month_index = ctx.state, ctx.index
        y, m = ctx.year, ctx.month
        year = self.start_year + y
        before = snapshot(state)
        works = False
        before_sales(ctx, self.pool)
        funded = self.funded(year)
        delivery = m == p.schedule.delivery_month and self.delivers(year)
        if m == 1:
            if y > 0:
                settle_running_costs(state, self.organisations, p.organising, ctx.params.organisations, y)
            if funded:
                self.allocate(state, y, ctx)
            if y > 0:
                give_up(ctx, self.projects, p.village_advancement)
        if funded and m == p.training.start_month:
            school_budget, course_budget = self.course_budgets(y)
            families = np.bincount(state.village, minlength=len(self.villages)).astype(np.float64)
            train_cadres(self.cadres, families, p.training, course_budget, self.budget, y, m)
            enrol(
                self.school,
                state,
                p.training,
                school_budget,
                self.budget,
                y,
                m,
                month_index,
                self.streams,
            )
        school_month(self.school, state, p.training, year, m, month_index, self.streams)
        if delivery and self.can_deliver(ctx):
            self.deliver(ctx)
        if month_index in self.works.finish_months:
            works = True
            apply_works(self.works, state, p.infrastructure, month_index)
        changes = changed_since(state, before)
        changes.works = works
        return changes

    def roads(self, month_index: int) -> NDArray[np.bool_]:
        """Per village: whether its hardened road is finished."""
        return self.works.has(Work.ROAD, month_index)

    def after_herds(self, ctx: Month) -> BoolArray:
        """The pools' month, after the month's herd events: losses, rearing, weaned female young
        handed back, defaults, lending (the herds' deaths are drawn first in months without herd
        events); at the year's end the pools sell the ready females nobody borrowed. Returns
        which households' herds changed."""
        m, y = ctx.month, ctx.year
        before = snapshot(ctx.state, ("herds",))
        pool_month(ctx, self.pool, draw_deaths=not self.herd_event_months[m])
        if m == 12:
            sell_surplus(ctx, self.pool, self.prices(y))
            record_year(self.pool, ctx.state, self.start_year + y)
        return changed_since(ctx.state, before).herds

    def deliver(self, ctx: Month) -> None:
        """The delivery month: leaders, projects, organising, works, pools."""
        p = self.params
        state, year_index, month, month_index = ctx.state, ctx.year, ctx.month, ctx.index
        leader_budget = self.budget.available(Component.LEADER_TRAINING, year_index)
        trained = np.floor(leader_budget / p.village_advancement.leader_cost_yuan_per_person)
        self.budget.spend(
            Component.LEADER_TRAINING,
            year_index,
            month,
            trained * p.village_advancement.leader_cost_yuan_per_person,
        )
        self.leaders += trained
        deliver_projects(
            ctx,
            self.projects,
            p.village_advancement,
            self.leadership,
            self.budget,
        )
        organise(ctx, self.organisations, p.organising, self.budget, self.streams)
        build_works(
            self.works,
            state,
            p.infrastructure,
            self.budget,
            year_index,
            month,
            month_index,
            self.streams.households("programme.works", month_index),
        )
        buy_and_lend(ctx, self.pool, self.budget)

    def prices(self, year_index: int) -> FloatArray:
        """Livestock prices per head this year, by species."""
        return self.livestock_prices * self.livestock_index[:, year_index]

    def effects(
        self, state: HouseholdState, organisations: OrganisationParams, month_index: int
    ) -> HouseholdEffects:
        """Household multipliers with the roads finished by now."""
        price_gain, business_gain = road_gains(self.works, state, self.params.infrastructure, month_index)
        return HouseholdEffects.of(state, organisations, price_gain, business_gain, self.products)
