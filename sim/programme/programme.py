"""The programme as the donor province's office runs it: budgets, dates and deliveries.

In January of each funded year the year's budget is allocated to the villages (in proportion to
their families) and components. The cadre courses and the training school take their intakes;
at the delivery month the leaders are trained, the households organised into cooperatives and
associations (first funded year), village works built, household projects delivered and
livestock pools stocked. Every month graduates leave the school, finished works start to act,
learners learn and the pools collect offspring and lend them on; in January some projects are
given up. The model asks after each month what changed, to reset the flows that depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sim.params import OrganisationParams, Parameters
from sim.programme.budget import BudgetAccount, Component
from sim.programme.infrastructure import VillageWorks, Work, apply_works, build_works, road_gains
from sim.programme.organising import organise
from sim.programme.params import ProgrammeParams
from sim.programme.projects import HouseholdProjects, deliver_projects, give_up
from sim.programme.rolling import (
    LivestockPool,
    buy_and_lend,
    collect_and_roll,
    pool_species,
    record_year,
    sell_surplus,
)
from sim.programme.training import TrainingSchool, enrol, graduate, train_cadres
from sim.rules.context import Month
from sim.rules.effects import HouseholdEffects
from sim.rules.livestock import SPECIES_INDEX, Herds
from sim.state import HouseholdState
from sim.streams import Streams
from sim.villages import SPECIES, VillageSpec
from sim.world import World

FloatArray = NDArray[np.float64]


@dataclass
class Changes:
    """What this month's events changed, so the model resets what depends on it."""

    herds: bool = False  # animals (their products, upkeep, labour and village supply)
    holdings: bool = False  # greenhouses, land, layers, businesses
    effects: bool = False  # memberships and roads
    wages: bool = False  # who works where
    productivity: bool = False  # how far learners have learnt
    works: bool = False  # village works finished

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            herds=self.herds or other.herds,
            holdings=self.holdings or other.holdings,
            effects=self.effects or other.effects,
            wages=self.wages or other.wages,
            productivity=self.productivity or other.productivity,
            works=self.works or other.works,
        )


def is_active(params: ProgrammeParams) -> bool:
    """Whether the programme delivers anything at all."""
    return (
        params.village_advancement.budget_yuan > 0
        or params.rolling.budget_yuan > 0
        or params.training.trainees_per_year > 0
        or params.training.cadres_per_year > 0
    )


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
    leaders: FloatArray = field(init=False)  # people trained per village (leaders, exchange visit)
    cadres: FloatArray = field(init=False)  # cadres trained per village
    organised: bool = False

    def __post_init__(self) -> None:
        self.leaders = np.zeros(len(self.villages))
        self.cadres = np.zeros(len(self.villages))

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
            pool=LivestockPool(pool_species(villages, params.programme.rolling), state.village),
            school=TrainingSchool(state.size),
            streams=streams,
            livestock_prices=herds.price,
            livestock_index=world.index[list(SPECIES_INDEX)],
            max_females=np.array([getattr(params.livestock, s.value).max_breeding_females for s in SPECIES]),
            herd_event_months=herds.calendar.any_event,
        )

    def funded(self, year: int) -> bool:
        """Whether the programme has money in ``year``."""
        schedule = self.params.schedule
        return schedule.first_year <= year <= schedule.last_year

    @property
    def leadership(self) -> FloatArray:
        """Per village, 0-1: how far trained leaders and cadres carry the village along."""
        advancement, training = self.params.village_advancement, self.params.training
        return np.minimum(
            1.0,
            self.leaders / advancement.leaders_for_full_effect
            + self.cadres / training.cadres_for_full_effect,
        )

    def allocate(self, state: HouseholdState, year_index: int) -> None:
        """The year's budget, by component and village (in proportion to families)."""
        p = self.params
        factor = (1.0 + p.schedule.budget_growth_per_year) ** (
            self.start_year + year_index - p.schedule.first_year
        )
        families = np.bincount(state.village, minlength=len(self.villages)).astype(np.float64)
        per_family = families / families.sum()
        advancement = p.village_advancement.budget_yuan * factor * per_family
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
        with_pool = np.where(self.pool.species >= 0, families, 0.0)
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
        """This month's programme events, in order; what they changed."""
        p = self.params
        state, month_index = ctx.state, ctx.index
        y, m = ctx.year, ctx.month
        year = self.start_year + y
        changes = Changes()
        funded = self.funded(year)
        if m == 1:
            if funded:
                self.allocate(state, y)
            if y > 0 and give_up(ctx, self.projects, p.village_advancement):
                changes.holdings = True
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
                self.streams["programme.school"],
            )
            changes.wages = True
        if graduate(self.school, state, p.training, month_index, self.streams["programme.school"]):
            changes.wages = True
        if funded and m == p.schedule.delivery_month:
            self.deliver(ctx, changes)
        if month_index in self.works.finish_months:
            changes.works = changes.effects = changes.wages = True
        if changes.works:
            apply_works(self.works, state, p.infrastructure, month_index)
        return changes

    def roads(self, month_index: int) -> NDArray[np.bool_]:
        """Per village: whether its hardened road is finished."""
        return self.works.has(Work.ROAD, month_index)

    def after_herds(self, ctx: Month) -> bool:
        """The pools' business, after the month's herd events (whose deaths are then drawn):
        borrowers hand back this season's young, which come in herd event months; at the year's
        end the pools sell what nobody borrowed. Returns whether a herd changed."""
        m, y = ctx.month, ctx.year
        changed = False
        if self.herd_event_months[m] and self.pool.loan_due.max() >= 0:
            changed = collect_and_roll(
                ctx, self.pool, self.params.rolling, self.max_females, self.streams["programme.pool"]
            )
        if m == 12:
            sell_surplus(self.pool, self.prices(y), ctx.herds.young_price_share)
            record_year(self.pool, self.start_year + y)
        return changed

    def deliver(self, ctx: Month, changes: Changes) -> None:
        """The delivery month: leaders, organising, works, projects, pools."""
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
        if p.village_advancement.budget_yuan > 0 and not self.organised:
            organise(state, p.organising, self.streams["programme.organising"])
            self.organised = True
            changes.effects = True
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
        deliver_projects(
            ctx,
            self.projects,
            p.village_advancement,
            self.leadership,
            self.budget,
        )
        buy_and_lend(ctx, self.pool, p.rolling, self.max_females, self.budget, self.streams["programme.pool"])
        changes.herds = changes.holdings = changes.productivity = changes.wages = True

    def prices(self, year_index: int) -> FloatArray:
        """Livestock prices per head this year, by species."""
        return self.livestock_prices * self.livestock_index[:, year_index]

    def effects(
        self, state: HouseholdState, organisations: OrganisationParams, month_index: int
    ) -> HouseholdEffects:
        """Household multipliers with the roads finished by now."""
        price_gain, business_gain = road_gains(self.works, state, self.params.infrastructure, month_index)
        return HouseholdEffects.of(state, organisations, price_gain, business_gain)
