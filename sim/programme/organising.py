"""The programme organises production: "cooperative + rural households" and
"association + base + rural households", as far as its organising money goes.

The rules, in each funded year at the delivery month (after the household projects, so that a
project's recipients are in their village's industry):

- **Where.** An organisation forms only where the village's industry has a product it can take
  to a market (``sim.rules.effects.ORGANISED_PRODUCTS``: animals, milk, wool, eggs, vegetables,
  fruit); transport and canteen villages sell services in the village and get none. It sells
  only that industry's products for its members.
- **Who.** A household is in the industry if it holds some of it (breeding females of the
  species, layers, greenhouse or orchard land). Membership is worth, a year, the premium on
  what it would sell through the organisation, the technical services on its output (births,
  or yields) and, for the cooperative, the cheaper inputs, all on the industry's units the
  household holds (:func:`membership_worth`). A household in the industry for which
  membership is worth at least its yearly fee wants to join the cooperative with the
  programme's ``cooperative_share`` as its chance, and, where an association serves the
  industry, the association with ``association_share`` (independent draws).
- **What it costs.** Each village's organising money (``Component.ORGANISING``) pays, in this
  order: the running costs of what it founded in an earlier funded year; founding its
  cooperative (``cooperative_founding_yuan``, a year of staff included); training the
  cooperative's new members (``training_yuan_per_member`` each, in a random order: as many
  as the money pays for); building the association's base near the village (``base_yuan``);
  training the association's new members (a household already trained joins free). Nobody
  joins an organisation that was not founded, or whose training is not paid. What the money
  does not pay for goes to the village's works (``Component.INFRASTRUCTURE``, built next).
- **After the programme.** Each January, a cooperative or base the programme founded whose
  running costs of the past year were not paid by the programme must have been paid by its
  members' fees of that year (every member in the village pays, those from before the
  programme too); if the fees fall short (``fees < running cost``), it fails: the members the
  programme brought in leave, those from before the programme stay in their old group, and
  the programme does not found it again.

A zero organising budget organises nobody; a budget below one founding organises nobody.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sim.params import OrganisationParams
from sim.programme.budget import BudgetAccount, Component
from sim.programme.params import OrganisingParams
from sim.rules.context import Month
from sim.rules.effects import has_market
from sim.rules.unit_economics import LAYER_BATCH, Option, unit_economics
from sim.state import HerdClass, HouseholdState, declare
from sim.streams import Streams
from sim.villages import CATTLE, PIGS, SHEEP, Industry

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
STREAM = "programme.organising"
NEVER = -1

# What units of its village's industry a household holds: breeding females, layer batches,
# mu of greenhouse or orchard (transport and canteen: none, no organisation forms).
OPTION_OF: dict[Industry, Option] = {
    Industry.CATTLE: Option.CATTLE,
    Industry.SHEEP: Option.SHEEP,
    Industry.PIGS: Option.PIGS,
    Industry.CHICKENS: Option.LAYERS,
    Industry.GREENHOUSE: Option.GREENHOUSE,
    Industry.GARDENING: Option.ORCHARD,
}
ANIMAL = {Industry.CATTLE: CATTLE, Industry.SHEEP: SHEEP, Industry.PIGS: PIGS}


@dataclass
class Organisations:
    """What the programme founded in each village and whom it brought in."""

    industries: tuple[Industry, ...]  # each village's industry
    households: int
    cooperative_founded: IntArray = field(init=False)  # (village) year index founded, or NEVER
    base_built: IntArray = field(init=False)  # (village) year index built, or NEVER
    cooperative_paid: IntArray = field(init=False)  # (village) last year index whose running costs it paid
    base_paid: IntArray = field(init=False)
    cooperative_failed: BoolArray = field(init=False)  # (village)
    base_failed: BoolArray = field(init=False)
    trained: BoolArray = field(init=False)  # (household) trained by the programme
    cooperative_recruits: BoolArray = field(init=False)  # (household) joined the cooperative through it
    association_recruits: BoolArray = field(init=False)  # (household) joined the association through it

    def __post_init__(self) -> None:
        villages = len(self.industries)
        self.cooperative_founded = np.full(villages, NEVER, dtype=np.int64)
        self.base_built = np.full(villages, NEVER, dtype=np.int64)
        self.cooperative_paid = np.full(villages, NEVER, dtype=np.int64)
        self.base_paid = np.full(villages, NEVER, dtype=np.int64)
        self.cooperative_failed = np.zeros(villages, dtype=bool)
        self.base_failed = np.zeros(villages, dtype=bool)
        self.trained = np.zeros(self.households, dtype=bool)
        self.cooperative_recruits = np.zeros(self.households, dtype=bool)
        self.association_recruits = np.zeros(self.households, dtype=bool)

    @property
    def can_organise(self) -> BoolArray:
        """Per village: whether its industry has a market an organisation reaches."""
        return np.array([has_market(i) for i in self.industries], dtype=bool)

    @property
    def cooperatives(self) -> BoolArray:
        """Per village: a cooperative the programme founded is running."""
        return (self.cooperative_founded != NEVER) & ~self.cooperative_failed

    @property
    def bases(self) -> BoolArray:
        """Per village: a base the programme built is running."""
        return (self.base_built != NEVER) & ~self.base_failed


def industry_units(state: HouseholdState, industries: tuple[Industry, ...]) -> FloatArray:
    """Per household: the units of its village's industry it holds (0 where no organisation
    forms)."""
    units = np.zeros(state.size)
    industry = np.array([list(Industry).index(i) for i in industries])[state.village]
    for kind in OPTION_OF:
        mine = industry == list(Industry).index(kind)
        if kind in ANIMAL:
            units[mine] = state.herd[ANIMAL[kind], HerdClass.FEMALES, mine]
        elif kind is Industry.CHICKENS:
            units[mine] = state.layers[mine] / LAYER_BATCH
        elif kind is Industry.GREENHOUSE:
            units[mine] = state.greenhouse_mu[mine] + state.greenhouse_building_mu[mine]
        else:
            units[mine] = state.garden_mu[mine]
    return units


def membership_worth(
    m: Month, industries: tuple[Industry, ...], units: FloatArray, rows: IntArray
) -> tuple[FloatArray, FloatArray]:
    """Per household of ``rows`` (indices), Yuan a year: what joining the cooperative and the
    association would bring on the industry's ``units`` it holds (theirs), at this year's
    prices and its own productivity: the premium on the share it would sell through the
    organisation, the technical services (birth rates for herds, yields for greenhouses and
    orchards) and, for the cooperative, the cost saving on the units' running costs. Each
    value is what it would be computed for every household."""
    organisations = m.params.organisations
    economics = unit_economics(m, rows=rows)
    # Per village (by its industry), then per household by its village.
    option_of = np.zeros(len(industries), dtype=np.int64)
    technical_of = np.zeros(len(industries))
    for v, kind in enumerate(industries):
        if kind in OPTION_OF:
            option_of[v] = OPTION_OF[kind]
            if kind in ANIMAL:
                technical_of[v] = organisations.technical_birth_gain
            elif kind in (Industry.GREENHOUSE, Industry.GARDENING):
                technical_of[v] = organisations.technical_yield_gain
    village = m.state.village[rows]
    option = option_of[village]
    technical = technical_of[village]
    mine = np.arange(rows.size)
    revenue = economics.revenue[option, mine] * units
    costs = np.maximum(economics.revenue[option, mine] - economics.margin[option, mine], 0.0) * units
    contract = organisations.association_contract_share
    cooperative = (
        revenue
        * (organisations.cooperative_sales_share * organisations.cooperative_price_premium + technical)
        + costs * organisations.cooperative_cost_saving
    )
    association = revenue * (contract * organisations.association_price_premium + technical)
    return cooperative, association


def _train_members(
    organisations: Organisations,
    joining: IntArray,
    params: OrganisingParams,
    money: FloatArray,
    spent: FloatArray,
    v: int,
) -> IntArray:
    """Train the households ``joining`` village ``v``'s organisation, in order, as far as its
    money goes (a household trained before joins free); returns those who joined."""
    cost = np.where(organisations.trained, 0.0, params.training_yuan_per_member)
    joined = _pay_in_order(joining, cost, money[v])
    paid_for = float(cost[joined].sum())
    money[v] -= paid_for
    spent[v] += paid_for
    organisations.trained[joined] = True
    return joined


def _pay_in_order(order: IntArray, cost: FloatArray, money: float) -> IntArray:
    """The rows of ``order`` the money pays for, taken in that order while it lasts."""
    affordable = np.cumsum(cost[order]) <= money + 1e-9
    return order[affordable]


def organise(
    m: Month,
    organisations: Organisations,
    params: OrganisingParams,
    budget: BudgetAccount,
    streams: Streams,
) -> bool:
    """This year's organising in every village (see the module's rules); returns whether any
    membership changed."""
    state = m.state
    year, month = m.year, m.month
    money = budget.available(Component.ORGANISING, year).copy()
    if not np.any(money > 0):
        return False
    # It may change the households of the villages with organising money (a rollout's few).
    organised = np.flatnonzero((organisations.can_organise & (money > 0))[state.village])
    declare(state, organised)
    spent = np.zeros_like(money)
    org = m.params.organisations
    units = industry_units(state, organisations.industries)
    in_industry = units > 0
    # What membership is worth, to the households of the villages organised (the only ones it
    # is asked of below): a province prices a few villages, not all 1,622.
    worth_cooperative, worth_association = np.zeros(state.size), np.zeros(state.size)
    priced = organised[in_industry[organised]]
    if priced.size:
        worth_cooperative[priced], worth_association[priced] = membership_worth(
            m, organisations.industries, units[priced], priced
        )
    everyone = state.size
    wants_cooperative = (
        in_industry
        & ~state.cooperative_member
        & (worth_cooperative >= org.cooperative_fee_yuan_per_year)
        & (streams.households(STREAM, m.index, 0).uniform(everyone) < params.cooperative_share)
    )
    wants_association = (
        in_industry
        & (state.served_by_association >= 0)
        & (state.association < 0)
        & (worth_association >= org.association_fee_yuan_per_year)
        & (streams.households(STREAM, m.index, 1).uniform(everyone) < params.association_share)
    )
    # Each household's place depends on its own draw alone, so ordering only the households of
    # the villages organised gives them the order they have among everyone.
    order = streams.households(STREAM, m.index, 2).order(organised)
    changed = False
    can = organisations.can_organise
    # The households in their order, grouped by village (each village's in that order).
    village_in_order = state.village[order]
    by_village = np.argsort(village_in_order, kind="stable")
    grouped = order[by_village]
    starts = np.searchsorted(village_in_order[by_village], np.arange(money.size + 1))
    for v in np.flatnonzero(can & (money > 0)).tolist():
        mine = grouped[starts[v] : starts[v + 1]]
        # Running costs of this year for what the programme founded in an earlier year.
        for founded, paid, failed, running in (
            (
                organisations.cooperative_founded,
                organisations.cooperative_paid,
                organisations.cooperative_failed,
                params.cooperative_running_yuan_per_year,
            ),
            (
                organisations.base_built,
                organisations.base_paid,
                organisations.base_failed,
                params.base_running_yuan_per_year,
            ),
        ):
            if founded[v] != NEVER and not failed[v] and paid[v] < year and money[v] >= running:
                money[v] -= running
                spent[v] += running
                paid[v] = year
        # The cooperative, then its members.
        if (
            organisations.cooperative_founded[v] == NEVER
            and money[v] >= params.cooperative_founding_yuan
            and wants_cooperative[mine].any()
        ):
            organisations.cooperative_founded[v] = organisations.cooperative_paid[v] = year
            money[v] -= params.cooperative_founding_yuan
            spent[v] += params.cooperative_founding_yuan
        if organisations.cooperatives[v]:
            joined = _train_members(organisations, mine[wants_cooperative[mine]], params, money, spent, v)
            organisations.cooperative_recruits[joined] = True
            state.cooperative_member[joined] = True
            changed |= joined.size > 0
        # The association's base near the village, then its members.
        if (
            organisations.base_built[v] == NEVER
            and money[v] >= params.base_yuan
            and wants_association[mine].any()
        ):
            organisations.base_built[v] = organisations.base_paid[v] = year
            money[v] -= params.base_yuan
            spent[v] += params.base_yuan
        if organisations.bases[v]:
            joined = _train_members(organisations, mine[wants_association[mine]], params, money, spent, v)
            organisations.association_recruits[joined] = True
            state.association[joined] = state.served_by_association[joined]
            changed |= joined.size > 0
    budget.spend(Component.ORGANISING, year, month, spent)
    # What the organising money did not pay for goes to the village's works.
    left = budget.available(Component.ORGANISING, year)
    budget.reallocate(Component.ORGANISING, Component.INFRASTRUCTURE, year, np.maximum(left, 0.0))
    return changed


def settle_running_costs(
    state: HouseholdState,
    organisations: Organisations,
    params: OrganisingParams,
    fees: OrganisationParams,
    year: int,
) -> bool:
    """January of year index ``year``: what the programme founded and did not pay for last year
    must have been paid by its members' fees; what was not fails, and the members the programme
    brought in leave. Returns whether any membership changed."""
    last = year - 1
    villages = len(organisations.industries)
    changed = False
    cooperative_fees = fees.cooperative_fee_yuan_per_year * np.bincount(
        state.village[state.cooperative_member], minlength=villages
    )
    association_fees = fees.association_fee_yuan_per_year * np.bincount(
        state.village[state.association >= 0], minlength=villages
    )
    for running, paid, failed, start, collected, recruits in (
        (
            params.cooperative_running_yuan_per_year,
            organisations.cooperative_paid,
            organisations.cooperative_failed,
            organisations.cooperative_founded,
            cooperative_fees,
            organisations.cooperative_recruits,
        ),
        (
            params.base_running_yuan_per_year,
            organisations.base_paid,
            organisations.base_failed,
            organisations.base_built,
            association_fees,
            organisations.association_recruits,
        ),
    ):
        due = (start != NEVER) & (start <= last) & ~failed & (paid < last)
        fails = due & (collected < running - 1e-9)
        if fails.any():
            failed[fails] = True
            leaving = recruits & fails[state.village]
            declare(state, leaving)  # only the recruits who leave change
            if recruits is organisations.cooperative_recruits:
                state.cooperative_member[leaving] = False
            else:
                state.association[leaving] = -1
            recruits[leaving] = False
            changed |= bool(leaving.any())
        paid[due & ~fails] = last
    return changed
