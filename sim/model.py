"""PovertyModel: the ten villages, month by month, as a Mesa model.

Household state lives in arrays (:mod:`sim.state`) and the household rules are vectorised
(:mod:`sim.rules`); households, cooperatives and associations are Mesa agents reading that
state, so ``model.agents``, ``agents_by_type``, ``DataCollector`` and ``mesa.batch_run``
work as with any Mesa model.

The month, in this order:

1. January: demography; worn-out greenhouses, orchards, vehicles and fittings retire;
2. the programme's events (allocations, courses, deliveries, works; see
   :mod:`sim.programme.programme`);
3. in the investment month, every household's distress sales, giving up and investing
   (:mod:`sim.rules.investment`);
4. learners learn;
5. herds: shocks, deaths, growth, births, sales; flocks; destocking over the grass limit; then
   the rolling pools;
6. finished greenhouses join at the season's start; in January some businesses close;
7. for the households something changed (every household in January and the investment
   month): the village markets' prices (of the villages where holdings changed or a road was
   finished), the labour budget, and the flows that depend on them (products and upkeep,
   wages, takings), for those households and those of a village whose prices moved;
8. crops (sown or left fallow, and those households' labour budget again); migrant and local
   wages; transfers and property income; illness; consumption; hired labour; every
   household's regular flows for the month posted;
9. in December the cooperative and association fees, interest, then the year's close:
   depreciation, net income, poverty and inequality.

Randomness: every draw that concerns a household (its set-up, herd deaths and events, illness,
demography, migration, closures, its place in a queue, the programme's draws for it) comes from
its own sequence, keyed by the seed, the process, the month and the household's slot
(:mod:`sim.crn`, :meth:`sim.streams.Streams.households`), so a change to one household's
programme changes no other household's draws. Herd deaths are drawn per household when its own
herd is about to change or at the herd events. The world (prices, weather, outbreaks) and Mesa's
generator draw from named streams of the seed (``streams[name]``). What still links households
is the model itself: a village's markets, its grazing limit and what its households know, and
the programme's shared funds, pools and targeting. Each process reports which households it
changed (:class:`sim.programme.programme.Changes`), and only those households' labour budget
and rates are reset (and a village's households when its market prices move), so a household
no change reaches keeps the rates it would have had without it, and its flows are posted in
the same monthly pieces.
"""

from __future__ import annotations

import copy
import math
import os
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import mesa
import numpy as np
from mesa.experimental.scenarios import Scenario as MesaScenario

from sim.accounting import gini, per_capita, pooled_per_capita, poverty_gap_index, poverty_headcount_ratio
from sim.agents import Association, Cooperative, Household
from sim.agents.collector import HouseholdPanel, YearlyAgentsDataCollector
from sim.agents.household import HOUSEHOLD_REPORTERS
from sim.assets import AssetRegister
from sim.ledger import Ledger, Source
from sim.params import Parameters
from sim.population import build_households, register_initial_assets
from sim.programme.programme import Changes, Programme, is_active
from sim.records import YearRecord
from sim.rules.business import business_month, set_business_rate
from sim.rules.calendar import When
from sim.rules.consumption import consumption_month
from sim.rules.context import Month
from sim.rules.crops import crops_month
from sim.rules.demography import demography_year
from sim.rules.effects import HouseholdEffects, organised_products
from sim.rules.finance import interest_year
from sim.rules.grazing import destocking_month, grazing_limit
from sim.rules.greenhouse import greenhouse_month, in_season, set_greenhouse_rate
from sim.rules.illness import IllnessCalendar, illness_month
from sim.rules.investment import investment_month
from sim.rules.labour import labour_month, set_wage_rate
from sim.rules.labour_time import pay_hired_labour, plan_labour
from sim.rules.learning import learn
from sim.rules.livestock import (
    SPECIES_ASSET,
    SPECIES_INDEX,
    Herds,
    livestock_month,
    set_livestock_rates,
    spin_up,
)
from sim.rules.markets import VillageMarkets
from sim.rules.retirement import retire_assets
from sim.rules.transfers import transfers_month
from sim.rules.unit_economics import OPTION_OF_INDUSTRY
from sim.scenario import Scenario, apply_overrides, load_scenario
from sim.streams import Streams
from sim.villages import ASSOCIATIONS, CATTLE, Industry, VillageSpec, village_set
from sim.world import Index, World

# The ledger source a household's organisation fee is a cost of, by its village's industry.
SOURCE_OF_INDUSTRY: dict[Industry, Source] = {
    Industry.CATTLE: Source.LIVESTOCK,
    Industry.SHEEP: Source.LIVESTOCK,
    Industry.PIGS: Source.LIVESTOCK,
    Industry.CHICKENS: Source.LIVESTOCK,
    Industry.GREENHOUSE: Source.GREENHOUSE,
    Industry.GARDENING: Source.CROPS,
    Industry.TRANSPORT: Source.BUSINESS,
    Industry.CANTEEN: Source.BUSINESS,
}

HERD_SPIN_UP_YEARS = 4  # assumption: enough for the herd structure to settle (see spin_up)

REPORTED = (
    "year",
    "per_capita_net_income_yuan",
    "poverty_headcount_ratio",
    "poverty_gap_index",
    "gini",
    "people",
    "migrants",
    "cooperative_members",
    "association_members",
)


COOPERATIVE_REPORTERS: dict[str, str] = {
    "agent_type": "agent_type",
    "village": "village_name",
    "industry": "industry_name",
    "member_count": "member_count",
    "founded": "founded",
    "failed": "failed",
    "fees_collected_yuan": "fees_collected_yuan",
}
ASSOCIATION_REPORTERS: dict[str, str] = {
    "agent_type": "agent_type",
    "association": "name",
    "member_count": "member_count",
    "base_count": "base_count",
}

# The keywords a Mesa Scenario may carry for this model (read when not given directly).
SCENARIO_KEYWORDS = ("params", "years", "poverty_line_yuan", "overrides", "villages")

SeedLike = (
    int | np.integer | np.random.Generator | np.random.BitGenerator | np.random.SeedSequence | Sequence[int]
)


def seed_from(rng: SeedLike | None) -> int:
    """The run's integer seed, from what Mesa accepts as ``rng``.

    - a non-negative int: that seed;
    - a ``numpy.random.SeedSequence`` (or a sequence of ints, made one): the first 64-bit word
      of its ``generate_state``, less its top bit (the sequence is not advanced);
    - a ``numpy.random.Generator`` (or ``BitGenerator``): one draw of ``integers(2**63)``
      from it (the generator advances by that draw);
    - None: fresh entropy from the operating system.

    The model records the result (``model.seed``, Mesa's ``model._seed`` and
    ``model.scenario.rng``), and ``PovertyModel(rng=model.seed)`` redoes the run bit for bit.
    """
    if rng is None:
        entropy = np.random.SeedSequence().entropy
        return int(entropy) % (2**63)  # type: ignore[arg-type]  # an int when none is given
    if isinstance(rng, np.random.BitGenerator):
        rng = np.random.Generator(rng)
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(2**63))
    if (
        isinstance(rng, Sequence)
        and not isinstance(rng, str | bytes)
        and rng
        and all(isinstance(x, int | np.integer) and not isinstance(x, bool) and x >= 0 for x in rng)
    ):
        rng = np.random.SeedSequence([int(x) for x in rng])
    if isinstance(rng, np.random.SeedSequence):
        return int(rng.generate_state(1, np.uint64)[0]) >> 1
    if isinstance(rng, bool) or not isinstance(rng, int | np.integer) or rng < 0:
        raise ValueError(
            "rng must be a non-negative integer seed, a numpy SeedSequence or Generator "
            f"(or None), got {rng!r}"
        )
    return int(rng)


def same_seed(a: Any, b: Any) -> bool:
    """Whether two ``rng`` values are the same (identical objects, or equal integers)."""
    if a is b:
        return True
    return isinstance(a, int | np.integer) and isinstance(b, int | np.integer) and int(a) == int(b)


class PovertyModel(mesa.Model):
    """The ten villages of Liaoning's 2009 entire-village-advancement batch in Qinghai."""

    def __init__(
        self,
        params: Parameters | Scenario | str | Path | None = None,
        *,
        rng: SeedLike | None = None,
        years: int | None = None,
        poverty_line_yuan: float | None = None,
        overrides: Mapping[str, Any] | None = None,
        villages: tuple[VillageSpec, ...] | None = None,
        scenario: MesaScenario | None = None,
        households: bool | str | os.PathLike[str] = False,
    ) -> None:
        """Build the villages as they were in January of the first year.

        Args:
            params: all parameters (defaults if None); or povsim's own scenario
                (:class:`sim.Scenario`, or the path of a scenario file), whose parameters are used.
            rng: the seed: an int, a ``numpy.random.SeedSequence`` or ``Generator`` (as Mesa
                accepts; see :func:`seed_from` for how an integer seed is derived from the
                last two). Every random draw derives from it (see the module's docstring). The
                integer seed is recorded as ``model.seed``, ``model._seed`` and
                ``model.scenario.rng``; passing it back as ``rng`` redoes the run bit for bit.
            years: overrides ``simulation.years``.
            poverty_line_yuan: overrides ``simulation.poverty_line_yuan``.
            overrides: further parameters by dotted name, e.g.
                ``{"labour.migrant_wage_yuan_per_month": 1200}``.
            villages: the villages (if None, the set ``simulation.villages`` names).
            scenario: Mesa's own ``Scenario`` (``mesa.experimental.scenarios.Scenario``), as
                for any Mesa model: its ``rng`` is the seed (it must agree with ``rng`` if both
                are given), and its attributes named like the keywords above (``params``,
                ``years``, ``poverty_line_yuan``, ``overrides``, ``villages``) are used where
                the keyword is not given. povsim's scenario (a ``sim.Scenario`` or a scenario
                file) goes in ``params``; given as ``scenario`` it is moved there, with a warning.
            households: keep every household's row each December (the household panel; columns
                in :data:`sim.results.PANEL_DESCRIPTION`): True records them in the
                DataCollector (Mesa's agent-type rows for ``Household``, as ``batch_run``
                reports them); a path streams them to that Parquet file instead, year by year
                as each closes (``model.household_panel``, :class:`sim.agents.collector.HouseholdPanel`).
                By default (False) neither: the DataCollector records the model reporters and
                the cooperatives' and associations' rows only.

        The Mesa agents (households, cooperatives, associations) are made the first time they
        are asked for (``agents``, ``agents_by_type``, ``agent_types``, ``cooperatives``, or a
        user's own agent registering), with the ids they always had; a model nobody asks
        never makes them.
        """
        if scenario is not None and not isinstance(scenario, MesaScenario):
            if params is not None:
                raise TypeError("give povsim's scenario as params= (scenario= is Mesa's Scenario)")
            warnings.warn(
                "PovertyModel(scenario=...) is Mesa's Scenario; pass povsim's scenario (or its file) as "
                "params= instead",
                FutureWarning,
                stacklevel=2,
            )
            params, scenario = scenario, None
        if scenario is not None:
            if rng is not None and scenario.rng is not None and not same_seed(rng, scenario.rng):
                raise ValueError("rng and scenario.rng must be the same")
            rng = rng if rng is not None else scenario.rng
            given = vars(scenario)
            params = params if params is not None else given.get("params")
            years = years if years is not None else given.get("years")
            poverty_line_yuan = (
                poverty_line_yuan if poverty_line_yuan is not None else given.get("poverty_line_yuan")
            )
            overrides = overrides if overrides is not None else given.get("overrides")
            villages = villages if villages is not None else given.get("villages")
        if isinstance(params, str | Path):
            params = load_scenario(params)
        if isinstance(params, Scenario):
            params = params.params
        self.seed = seed_from(rng)
        self.streams = Streams(self.seed)
        super().__init__(rng=self.streams["mesa"])
        # Mesa records a number drawn from the generator it was given; record the seed instead,
        # in Mesa's places, so that Model(rng=model.scenario.rng) redoes this run.
        self._seed = self.seed
        recorded = copy.copy(scenario) if scenario is not None else MesaScenario()
        object.__setattr__(recorded, "model", None)
        recorded.__dict__["rng"] = self.seed
        self.scenario = recorded
        self.discarding = False  # remove_all_agents is under way
        self.year_closed = False  # the step just done closed a year
        more: dict[str, Any] = dict(overrides or {})
        if years is not None:
            more["simulation.years"] = years
        if poverty_line_yuan is not None:
            more["simulation.poverty_line_yuan"] = poverty_line_yuan
        self.params = apply_overrides(params or Parameters(), more, origin="PovertyModel")
        self.villages = villages if villages is not None else village_set(self.params.simulation.villages)

        self.world = World.draw(self.params, len(self.villages), self.streams)
        self.state = build_households(self.villages, self.params, self.streams)
        self.ledger = Ledger(self.state.size, self.state.savings)
        self.herds = Herds.of(self.params.livestock)
        products = organised_products([v.industry for v in self.villages])
        self.members = HouseholdEffects.of(self.state, self.params.organisations, products=products)
        spin_up(
            self.state,
            self.herds,
            self.members.mortality,
            self.members.births,
            HERD_SPIN_UP_YEARS,
            self.streams,
        )
        self.assets = AssetRegister(self.state.size)
        register_initial_assets(self.state, self.assets, self.params, self.streams)
        self.assets.take_added()  # what households held at the start was not bought in a year
        self.context = Month(
            state=self.state,
            ledger=self.ledger,
            params=self.params,
            world=self.world,
            streams=self.streams,
            herds=self.herds,
            assets=self.assets,
            markets=VillageMarkets.of(self.state, self.params, len(self.villages)),
            effects=self.members,
            grazing_limit=grazing_limit(self.villages, self.params),
            village_option=np.array([OPTION_OF_INDUSTRY[v.industry] for v in self.villages], dtype=np.int64),
        )
        plan_labour(self.context)
        self.illness = IllnessCalendar()
        self.programme = (
            Programme.build(self.params, self.villages, self.state, self.herds, self.world, self.streams)
            if is_active(self.params.programme)
            else None
        )
        industry_source = np.array([SOURCE_OF_INDUSTRY[v.industry] for v in self.villages])
        self.fee_source = industry_source[self.state.village]
        self.initial_savings = self.state.savings.copy()
        self.net_by_source = np.zeros((len(Source), self.state.size))  # the last closed year's
        self.initial_herd_value = self.herd_value(0)
        self.no_roads = np.zeros(len(self.villages), dtype=bool)
        self.market_roads = self.no_roads.copy()  # the roads the markets were last set with

        self.cooperative_fees = np.zeros(len(self.villages))  # each cooperative's, collected so far
        self._cooperatives: list[Cooperative] = []
        self._agents_pending = True  # made when first asked for (make_agents)

        self.records: list[YearRecord] = []
        self.outcomes: dict[str, float] = {}
        # Collected after every step and now (step 0), as batch_run expects; the model reporters
        # give the last closed year's outcomes (NaN before the first December); agent rows are
        # recorded when a year closes (sim.agents.collector).
        # Household rows only on request (households=True); households=path streams them instead.
        self.household_panel = None if isinstance(households, bool) else HouseholdPanel(households)
        agent_types: dict[type, dict[str, str]] = {}
        if households is True:
            agent_types[Household] = HOUSEHOLD_REPORTERS
        agent_types.update({Cooperative: COOPERATIVE_REPORTERS, Association: ASSOCIATION_REPORTERS})
        self.datacollector = YearlyAgentsDataCollector(
            model_reporters={key: _reporter(key) for key in REPORTED},
            agenttype_reporters=agent_types,
        )
        self.datacollector.collect(self)

    # ------------------------------------------------------------------ the Mesa agents, lazily

    def make_agents(self) -> None:
        """Make the Mesa agents, once: a household per row, a cooperative per village, the
        associations (in that order, so their ids are those :meth:`agent_ids` gives)."""
        if not self.__dict__.get("_agents_pending"):
            return
        self._agents_pending = False
        for row in range(self.state.size):
            Household(self, row)
        self._cooperatives = [
            Cooperative(self, index, village.industry) for index, village in enumerate(self.villages)
        ]
        for index, (name, industries) in enumerate(ASSOCIATIONS):
            Association(self, index, name, industries)

    def agent_ids(self, agent_type: type) -> Sequence[int]:
        """The ids of one type of the model's agents, in row (village, association) order, made
        or not: the agents are made first of all the model's agents, so their ids are known."""
        if not self.__dict__.get("_agents_pending"):
            return [agent.unique_id for agent in self._agents_by_type.get(agent_type, [])]
        sizes = {Household: self.state.size, Cooperative: len(self.villages), Association: len(ASSOCIATIONS)}
        if agent_type not in sizes:
            return []
        start = self.agent_id_counter
        for kind, size in sizes.items():
            if kind is agent_type:
                return range(start, start + size)
            start += size
        raise AssertionError("unreachable")  # pragma: no cover

    @property
    def agents(self) -> Any:
        """Mesa's set of all agents (made when first asked for)."""
        self.make_agents()
        return self._all_agents

    @agents.setter
    def agents(self, agents: Any) -> None:
        mesa.Model.agents.fset(self, agents)  # type: ignore[attr-defined]  # Mesa's refusal

    @property
    def agents_by_type(self) -> dict[type, Any]:
        """Mesa's agent sets by type (the agents made when first asked for)."""
        self.make_agents()
        return self._agents_by_type

    @property
    def agent_types(self) -> list[type]:
        """The agent types (the agents made when first asked for)."""
        self.make_agents()
        return list(self._agents_by_type)

    @property
    def cooperatives(self) -> list[Cooperative]:
        """The cooperative agents, in village order (made when first asked for)."""
        self.make_agents()
        return self._cooperatives

    def register_agent(self, agent: Any) -> None:
        """Mesa's, after making the model's own agents, so that theirs keep the first ids."""
        self.make_agents()
        super().register_agent(agent)

    @property
    def months(self) -> int:
        """Months simulated in all."""
        return 12 * self.params.simulation.years

    @property
    def when(self) -> When:
        """The month being simulated (or just simulated)."""
        elapsed = min(max(self.steps - 1, 0), self.months - 1)
        return When(year_index=elapsed // 12, month=elapsed % 12 + 1)

    def step(self) -> None:
        """One month for every household, in the documented order; after the last month (once
        ``running`` is False) a step does nothing (Mesa still counts it in ``steps`` and
        ``time``). The DataCollector collects after every month."""
        if self.steps > self.months:
            self.running = False
            self.year_closed = False
            return
        m = self.context
        m.when = self.when
        m.index = self.steps - 1  # months since the start
        january = m.month == 1
        n = self.state.size
        changes = Changes.none(n)
        if january and m.year > 0:
            demography_year(self.state, self.params.demography, self.streams, m.index)
            changes.holdings |= retire_assets(m)
        changes |= self.programme_month(m)
        invested = investment_month(m)
        changes.herds |= invested
        changes.holdings |= invested
        changes.productivity |= learn(m)
        changes.herds |= livestock_month(m)
        changes.herds |= destocking_month(m)
        if self.programme is not None:
            changes.herds |= self.programme.after_herds(m)
        changes.holdings |= greenhouse_month(m)
        changes.holdings |= business_month(m)
        # January and the investment month (every herd's deaths drawn, every household deciding)
        # reset everything for everyone, with or without a programme.
        everything = january or m.month == self.params.finance.investment_month
        self.reset_flows(m, Changes.every(n) if everything else changes, everything)
        sown = crops_month(m)
        if sown.any():
            plan_labour(m, sown)  # fields sown or left fallow take or free days
            set_wage_rate(m, sown)
        labour_month(m)
        transfers_month(m)
        illness_month(m, self.illness)
        consumption_month(m)
        pay_hired_labour(m)
        # Every household's regular flows are posted month by month, so a rate another
        # household's change resets does not cut this household's postings into other pieces.
        self.ledger.settle(m.index + 1)
        self.year_closed = m.month == 12
        if self.year_closed:
            self.collect_fees()
            interest_year(m)
            self.close_year(m.when, m.index)
        self.datacollector.collect(self)

    def reset_flows(self, m: Month, changes: Changes, everything: bool) -> None:
        """Reset what depends on what changed, for the households it changed: the village
        markets (of the villages where holdings changed or a road was finished), the labour
        budget and wages (holdings or who works where), the herds' products and upkeep, the
        businesses' takings and the greenhouses' sales (the households that changed, and every
        household of a village whose market prices moved). A household nothing changed keeps
        its rates, as it would without the change."""
        state = self.state
        road = self.programme.roads(m.index) if self.programme is not None else self.no_roads
        relabour = changes.holdings | changes.wages
        villages = np.zeros(len(self.villages), dtype=bool)
        villages[state.village[changes.holdings]] = True
        villages |= road != self.market_roads
        market = np.zeros(state.size, dtype=bool)
        if everything or villages.any():
            # The markets are set for the year, and again where what households hold changes
            # (not with every birth or sale).
            moved = m.markets.update(state, self.params, road, None if everything else villages)
            self.market_roads = road.copy()
            market = moved[state.village]
        rows = None if everything else relabour
        if everything or relabour.any():
            plan_labour(m, rows)
            set_wage_rate(m, rows)
        livestock = changes.herds | changes.holdings | changes.effects | market
        if livestock.any():
            set_livestock_rates(m, None if everything else livestock)
        activities = changes.productivity | changes.holdings | changes.effects | market
        if activities.any():
            set_business_rate(m, None if everything else activities)
            if in_season(self.params.greenhouse, m.month):
                set_greenhouse_rate(m, None if everything else activities)

    def programme_month(self, m: Month) -> Changes:
        """The programme's events of the month, if there is a programme; which households they
        changed (those whose memberships or roads changed their effects among them)."""
        if self.programme is None:
            return Changes.none(self.state.size)
        changes = self.programme.month(m)
        if changes.works or changes.effects.any():
            before = self.members
            m.effects = self.members = self.programme.effects(self.state, self.params.organisations, m.index)
            changes.effects = effects_changed(before, self.members)
        return changes

    def collect_fees(self) -> None:
        """Members pay their cooperative and association for the year."""
        self.ledger.spend_by_source(self.fee_source, self.members.fees)
        organisations = self.params.organisations
        state = self.state
        members = np.bincount(state.village[state.cooperative_member], minlength=len(self.villages))
        self.cooperative_fees += organisations.cooperative_fee_yuan_per_year * members

    def close_year(self, when: When, month_index: int) -> None:
        """Record the year's accounts and outcomes; start the next year."""
        ledger, state = self.ledger, self.state
        ledger.settle(month_index + 1)
        self.assets.settle(month_index + 1, ledger)
        record = YearRecord(
            year=when.year(self.params.simulation.start_year),
            gross=ledger.gross.copy(),
            costs=ledger.costs.copy(),
            depreciation=ledger.depreciation.copy(),
            consumption=ledger.consumption.copy(),
            investment=ledger.investment.copy(),
            people=state.people,
            village=state.village,
            cpi=float(self.world.index[Index.CPI, when.year_index]),
            herd_value=self.herd_value(when.year_index),
            animals_added=self.assets.take_added()[list(SPECIES_ASSET)].sum(axis=0),
        )
        self.records.append(record)
        net = record.net_income
        state.last_net_income[:] = net
        self.net_by_source = record.net_by_source
        income = per_capita(net, record.people)
        line = self.params.simulation.poverty_line_yuan
        self.outcomes = {
            "year": record.year,
            "per_capita_net_income_yuan": pooled_per_capita(net, record.people),
            "poverty_headcount_ratio": poverty_headcount_ratio(income, record.people, line),
            "poverty_gap_index": poverty_gap_index(income, record.people, line),
            "gini": gini(income, record.people),
            "people": int(record.people.sum()),
            "migrants": int(state.migrants.sum()),
            "cooperative_members": int(state.cooperative_member.sum()),
            "association_members": int((state.association >= 0).sum()),
        }
        if self.household_panel is not None:
            self.household_panel.add(self, record.year)
        ledger.reset()
        if when.year_index + 1 >= self.params.simulation.years:
            self.running = False
            if self.household_panel is not None:
                self.household_panel.close()

    def herd_value(self, year_index: int) -> np.ndarray:
        """Each household's herds at the year's prices."""
        level = self.world.index[list(SPECIES_INDEX), year_index]
        improved = self.params.programme.projects.improved_cow_yuan - self.herds.breeding_price[CATTLE]
        extra = self.state.improved_cows * improved * level[CATTLE]
        return self.herds.value(self.state.herd, level) + extra

    def remove_all_agents(self) -> None:
        """Discard every agent (Mesa's; the model is done with): the one way agents are removed."""
        self._agents_pending = False  # never made: none to make now
        self.discarding = True
        try:
            super().remove_all_agents()
        finally:
            self.discarding = False

    def yearly(self) -> Any:
        """The model reporters of each closed year, by year (the DataCollector's December rows)."""
        frame = self.datacollector.get_model_vars_dataframe().dropna(subset=["year"])
        frame = frame.drop_duplicates("year").astype({"year": int})
        return frame.set_index("year")

    def run(self) -> PovertyModel:
        """Step month by month to the end of the last year."""
        while self.running:
            self.step()
        return self


def effects_changed(before: HouseholdEffects, after: HouseholdEffects) -> np.ndarray:
    """Per household: whether any of its effects differ."""
    changed = np.zeros(before.cost.shape, dtype=bool)
    for name in ("price", "cost", "births", "mortality", "business", "yields", "fees"):
        changed |= getattr(before, name) != getattr(after, name)
    for name in ("cooperative_sold", "contract_sold"):
        changed |= (getattr(before, name) != getattr(after, name)).any(axis=0)
    return changed


def _reporter(key: str) -> Any:
    def report(model: PovertyModel) -> float:
        return model.outcomes.get(key, math.nan)

    report.__name__ = key
    return report
