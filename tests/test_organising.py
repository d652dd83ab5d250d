"""Organising costs money and needs a reason: known answers on reduced cases, the budget rule
as properties, premia only on what is sold through the organisation, and a programme without
money changing nothing."""

from __future__ import annotations

from dataclasses import fields, replace
from types import SimpleNamespace
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sim.model as model_module
from sim.model import PovertyModel
from sim.params import OrganisationParams, Parameters
from sim.programme.budget import COMPONENTS, BudgetAccount, Component
from sim.programme.organising import (
    NEVER,
    Organisations,
    industry_units,
    membership_worth,
    organise,
    settle_running_costs,
)
from sim.programme.params import OrganisingParams, ProgrammeParams
from sim.rules.calendar import When
from sim.rules.context import Month
from sim.rules.effects import HouseholdEffects, organised_products
from sim.scenario import ScenarioError, apply_overrides, load_scenario
from sim.villages import Industry
from sim.world import Index
from tests.conftest import NO_PROGRAMME, SCENARIOS

LIAONING = SCENARIOS / "liaoning-2009.toml"
DELIVERY = When(year_index=1, month=3)


@pytest.fixture(scope="module")
def model() -> PovertyModel:
    """The villages in the delivery month of 2009, before anything is delivered (the tests
    restore the memberships they change)."""
    built = PovertyModel(rng=4, years=2)
    built.context.when = DELIVERY
    built.context.index = 14
    return built


class Saved:
    """Memberships saved on entry and put back on exit."""

    def __init__(self, m: Month) -> None:
        self.state = m.state

    def __enter__(self) -> Saved:
        self.cooperative = self.state.cooperative_member.copy()
        self.association = self.state.association.copy()
        return self

    def __exit__(self, *exc: object) -> None:
        self.state.cooperative_member[:] = self.cooperative
        self.state.association[:] = self.association


def run_organise(
    model: PovertyModel, money: np.ndarray, params: OrganisingParams
) -> tuple[Organisations, BudgetAccount, bool]:
    m = model.context
    organisations = Organisations(tuple(v.industry for v in model.villages), m.state.size)
    budget = BudgetAccount(len(model.villages), 2, 2008)
    budget.allocate(Component.ORGANISING, 1, money)
    changed = organise(m, organisations, params, budget, model.streams)
    return organisations, budget, changed


def test_a_budget_that_pays_for_k_members_gives_k_members(model: PovertyModel) -> None:
    m = model.context
    params = OrganisingParams(cooperative_share=1.0, association_share=0.0)
    k = 17
    money = np.zeros(len(model.villages))
    money[0] = params.cooperative_founding_yuan + k * params.training_yuan_per_member
    with Saved(m):
        before = m.state.cooperative_member.copy()
        organisations, budget, changed = run_organise(model, money, params)
        joined = m.state.cooperative_member & ~before
        assert changed
        assert joined.sum() == k
        assert np.all(m.state.village[joined] == 0)
        assert organisations.cooperative_founded.tolist() == [1] + [NEVER] * 9
        organising = COMPONENTS.index(Component.ORGANISING)
        assert budget.spent[organising, 0, 1] == pytest.approx(money[0])
        assert np.array_equal(organisations.cooperative_recruits, joined)
        assert np.array_equal(m.state.association, Saved(m).state.association)


def test_no_organising_money_organises_nobody(model: PovertyModel) -> None:
    m = model.context
    with Saved(m):
        before = (m.state.cooperative_member.copy(), m.state.association.copy())
        organisations, budget, changed = run_organise(model, np.zeros(10), OrganisingParams())
        assert not changed
        assert np.array_equal(m.state.cooperative_member, before[0])
        assert np.array_equal(m.state.association, before[1])
        assert budget.total_spent == 0.0
        assert np.all(organisations.cooperative_founded == NEVER)


def test_money_short_of_a_founding_organises_nobody_and_goes_to_the_works(model: PovertyModel) -> None:
    m = model.context
    params = OrganisingParams()
    money = np.full(10, params.cooperative_founding_yuan - 1.0)
    with Saved(m):
        before = m.state.cooperative_member.copy()
        _, budget, changed = run_organise(model, money, params)
        assert not changed and np.array_equal(m.state.cooperative_member, before)
        assert budget.total_spent == 0.0
        works = COMPONENTS.index(Component.INFRASTRUCTURE)
        assert np.allclose(budget.allocated[works, :, 1], money)
        assert np.allclose(budget.available(Component.ORGANISING, 1), 0.0)


def test_only_households_in_the_industry_for_whom_membership_pays_join(model: PovertyModel) -> None:
    m = model.context
    params = OrganisingParams(cooperative_share=1.0, association_share=1.0)
    with Saved(m):
        before = m.state.cooperative_member.copy()
        run_organise(model, np.full(10, 1e9), params)
        joined = m.state.cooperative_member & ~before
        industries = tuple(v.industry for v in model.villages)
        units = industry_units(m.state, industries)
        worth, _ = membership_worth(m, industries, units, np.arange(m.state.size))
        fee = m.params.organisations.cooperative_fee_yuan_per_year
        assert joined.any()
        assert np.all(units[joined] > 0) and np.all(worth[joined] >= fee)
        # Everyone in the industry for whom it pays joins at a share of 1 with money to spare.
        assert np.array_equal(joined, (units > 0) & (worth >= fee) & ~before)
        # No organisation in the transport village: it sells services in the village.
        transport = [v for v, s in enumerate(model.villages) if s.industry is Industry.TRANSPORT]
        assert not joined[np.isin(m.state.village, transport)].any()


@settings(max_examples=25, deadline=None)
@given(
    money=st.lists(st.floats(0, 3e5, allow_nan=False), min_size=10, max_size=10),
    founding=st.floats(0, 1e5),
    training=st.floats(1, 2000),
    base=st.floats(0, 2e5),
    shares=st.tuples(st.floats(0, 1), st.floats(0, 1)),
)
def test_organising_never_spends_more_than_it_has_nor_admits_unpaid_members(
    model: PovertyModel, money: list[float], founding: float, training: float, base: float, shares: tuple
) -> None:
    m = model.context
    params = OrganisingParams(
        cooperative_share=shares[0],
        association_share=shares[1],
        cooperative_founding_yuan=founding,
        training_yuan_per_member=training,
        base_yuan=base,
    )
    allocated = np.array(money)
    with Saved(m):
        organisations, budget, _ = run_organise(model, allocated, params)
        c = COMPONENTS.index(Component.ORGANISING)
        spent = budget.spent[c, :, 1]
        assert np.all(spent <= allocated + 1e-6)
        villages = m.state.village
        trained = np.bincount(villages[organisations.trained], minlength=10)
        fixed = (organisations.cooperative_founded != NEVER) * founding + (
            organisations.base_built != NEVER
        ) * base
        # Every Yuan spent paid for a founding, a base or a member's training, and no more
        # members were trained than the money left after them pays for.
        assert np.allclose(spent, fixed + trained * training)
        assert np.all(trained <= np.floor((allocated - fixed) / training + 1e-9))
        recruits = organisations.cooperative_recruits | organisations.association_recruits
        assert np.array_equal(recruits, organisations.trained)
        # Unspent money went to the works, none was lost.
        works = COMPONENTS.index(Component.INFRASTRUCTURE)
        assert np.allclose(budget.allocated[works, :, 1] + spent, allocated)


def test_an_organisation_whose_fees_do_not_pay_its_staff_fails() -> None:
    built = PovertyModel(rng=2, years=1)
    state = built.state
    industries = tuple(v.industry for v in built.villages)
    organisations = Organisations(industries, state.size)
    old = state.cooperative_member.copy()
    for v in (0, 1):  # both founded in year 0, paid by the programme for year 0 only
        organisations.cooperative_founded[v] = organisations.cooperative_paid[v] = 0
    rows0 = np.flatnonzero((state.village == 0) & ~old)[:10]
    rows1 = np.flatnonzero((state.village == 1) & ~old)[:150]
    for rows in (rows0, rows1):
        state.cooperative_member[rows] = True
        organisations.cooperative_recruits[rows] = True
    params = OrganisingParams(cooperative_running_yuan_per_year=5000.0)
    fees = OrganisationParams(cooperative_fee_yuan_per_year=50.0)
    # January of year 1: the programme paid year 0, nothing is due.
    assert not settle_running_costs(state, organisations, params, fees, 1)
    # January of year 2: year 1's fees must have paid its staff; village 0's 10 and some did
    # not (fewer than 100 members), village 1's 150 and more did.
    members0 = int(state.cooperative_member[state.village == 0].sum())
    assert members0 * 50.0 < 5000.0
    assert settle_running_costs(state, organisations, params, fees, 2)
    assert organisations.cooperative_failed.tolist()[:2] == [True, False]
    assert not state.cooperative_member[rows0].any()
    assert np.array_equal(state.cooperative_member[state.village == 0], old[state.village == 0])
    assert state.cooperative_member[rows1].all()
    assert organisations.cooperative_paid[1] == 1


class World:
    """The world's two price arrays for one product and one year."""

    def __init__(self, market: float, contract: float) -> None:
        self.index = np.full((len(Index), 1), market)
        self.contract = np.full((len(Index), 1), contract)


def effects_of(
    cooperative: list[bool], association: list[int], params: OrganisationParams
) -> HouseholdEffects:
    state: Any = SimpleNamespace(
        cooperative_member=np.array(cooperative),
        association=np.array(association),
        village=np.zeros(len(cooperative), dtype=np.int64),
        size=len(cooperative),
    )
    products = organised_products([Industry.CATTLE])
    return HouseholdEffects.of(state, params, 0.0, 0.0, products)


def test_a_premium_applies_only_to_what_is_sold_through_the_organisation() -> None:
    params = OrganisationParams(
        cooperative_price_premium=0.05,
        cooperative_sales_share=0.2,
        association_price_premium=0.04,
        association_contract_share=0.3,
    )
    price = 1.7
    world: Any = World(price, price)
    effects = effects_of([False, True, False], [-1, -1, 0], params)
    for product in (Index.CATTLE, Index.MILK):
        index = effects.sale_index(world, product, 0)
        sales = 1000.0  # the same sales, at the index
        revenue = sales * index
        assert revenue[1] - revenue[0] == pytest.approx(sales * price * 0.05 * 0.2)
        assert revenue[2] - revenue[0] == pytest.approx(sales * price * 0.04 * 0.3)
    # Products of another industry are sold as a non-member sells them.
    for product in (Index.PIGS, Index.EGGS, Index.VEGETABLES, Index.SHEEP):
        index = effects.sale_index(world, product, 0)
        assert index[1] == index[0] == index[2] == pytest.approx(price)


def test_sales_through_an_organisation_bypass_the_village_market_and_contracts_pay_the_contract_price() -> (
    None
):
    params = OrganisationParams(cooperative_sales_share=0.2, association_contract_share=0.3)
    world: Any = World(2.0, 1.5)
    effects = effects_of([False, True, True], [-1, -1, 0], params)
    index = effects.sale_index(world, Index.CATTLE, 0, local=0.8)
    assert index[0] == pytest.approx(2.0 * 0.8)
    assert index[1] == pytest.approx(0.8 * 2.0 * 0.8 + 0.2 * 2.0 * 1.02)
    contract, through = 0.3, 0.2 * 0.7  # the cooperative takes a share of what is not contracted
    expected = (1 - contract - through) * 1.6 + through * 2.0 * 1.02 + contract * 1.5 * 1.03
    assert index[2] == pytest.approx(expected)


def test_the_organising_share_is_part_of_the_village_budget_split() -> None:
    params = Parameters()
    with pytest.raises(ScenarioError, match="organising_share"):
        apply_overrides(params, {"programme.village_advancement.organising_share": 0.2}, origin="test")
    advancement = params.programme.village_advancement
    total = (
        advancement.household_project_share
        + advancement.infrastructure_share
        + advancement.leader_training_share
        + advancement.organising_share
    )
    assert total <= 1.0 + 1e-9


def same_run(a: PovertyModel, b: PovertyModel) -> None:
    assert [r.year for r in a.records] == [r.year for r in b.records]
    for ra, rb in zip(a.records, b.records, strict=True):
        for name in ("gross", "costs", "depreciation", "consumption", "investment", "people"):
            assert np.array_equal(getattr(ra, name), getattr(rb, name)), (ra.year, name)
    assert a.outcomes == b.outcomes
    for f in fields(a.state):
        x, y = getattr(a.state, f.name), getattr(b.state, f.name)
        if isinstance(x, np.ndarray):
            assert np.array_equal(x, y), f.name


def zero_budgets(params: Parameters) -> Parameters:
    return apply_overrides(
        params,
        {
            "programme.village_advancement.budget_yuan": 0.0,
            "programme.rolling.budget_yuan": 0.0,
            "programme.training.trainees_per_year": 0,
            "programme.training.cadres_per_year": 0,
        },
        origin="test",
    )


def test_a_programme_with_every_budget_at_zero_is_the_run_without_one() -> None:
    without = PovertyModel(load_scenario(NO_PROGRAMME).params, rng=5, years=3).run()
    zero = PovertyModel(zero_budgets(load_scenario(LIAONING).params), rng=5, years=3).run()
    same_run(without, zero)
    # Even when the programme is built and runs its calendar (allocations, intakes, the
    # delivery month, January's reckoning), it changes nothing, bit for bit.
    with mock.patch.object(model_module, "is_active", lambda _: True):
        built = PovertyModel(zero_budgets(load_scenario(LIAONING).params), rng=5, years=3)
    assert built.programme is not None
    same_run(without, built.run())


def test_a_one_yuan_village_budget_is_no_programme() -> None:
    scenario = load_scenario(SCENARIOS / "village-advancement-only.toml").params
    one = apply_overrides(scenario, {"programme.village_advancement.budget_yuan": 1.0}, origin="test")
    without = PovertyModel(replace(one, programme=ProgrammeParams()), rng=3, years=4).run()
    tiny = PovertyModel(one, rng=3, years=4).run()
    assert tiny.programme is not None and tiny.programme.budget.total_spent == 0.0
    # A Yuan buys nothing (no course, unit, founding, training or work), so the delivery month
    # changes nothing at all.
    same_run(without, tiny)


def test_a_small_village_budget_organises_only_what_it_pays_for() -> None:
    scenario = load_scenario(SCENARIOS / "village-advancement-only.toml").params
    params = scenario.programme
    organising = params.organising
    # About enough in each village for a founding and a few members' training, no base.
    per_village = organising.cooperative_founding_yuan + 5 * organising.training_yuan_per_member
    budget = 10 * per_village / params.village_advancement.organising_share
    small = apply_overrides(scenario, {"programme.village_advancement.budget_yuan": budget}, origin="test")
    model = PovertyModel(small, rng=3, years=2).run()
    assert model.programme is not None
    organisations = model.programme.organisations
    state = model.state
    families = np.bincount(state.village, minlength=10)
    allocated = budget * params.village_advancement.organising_share * families / families.sum()
    founded = organisations.cooperative_founded != NEVER
    assert founded.any() and np.all(organisations.base_built == NEVER)
    assert np.all(allocated[founded] >= organising.cooperative_founding_yuan)
    trained = np.bincount(state.village[organisations.trained], minlength=10)
    places = np.floor(
        (allocated - organising.cooperative_founding_yuan) / organising.training_yuan_per_member
    )
    assert np.all(trained <= np.where(founded, places, 0))
    assert np.array_equal(organisations.trained, organisations.cooperative_recruits)


def test_the_agents_show_what_the_programme_organised() -> None:
    from sim.agents import Association, Cooperative

    model = PovertyModel(load_scenario(LIAONING).params, rng=6, years=2).run()
    programme = model.programme
    assert programme is not None
    organisations = programme.organisations
    for cooperative in model.agents_by_type[Cooperative]:
        v = cooperative.village
        founded = organisations.cooperative_founded[v] != NEVER
        assert cooperative.founded == (2009 if founded else None)
        assert not cooperative.failed
        assert set(cooperative.recruits.tolist()) <= set(cooperative.members.tolist())
        if model.villages[v].industry is Industry.TRANSPORT:
            assert cooperative.founded is None and cooperative.recruits.size == 0
    bases = []
    for association in model.agents_by_type[Association]:
        for v in association.bases:
            assert model.villages[v].industry in association.industries
        bases.extend(association.bases)
    assert sorted(bases) == np.flatnonzero(organisations.bases).tolist()


def test_membership_is_worth_the_same_to_a_household_priced_alone_or_with_all(model: PovertyModel) -> None:
    """Organising prices membership only for the households of the villages it organises; each
    value is the one pricing every household gives, bit for bit."""
    m = model.context
    industries = tuple(v.industry for v in model.villages)
    units = industry_units(m.state, industries)
    everyone = np.arange(m.state.size)
    whole = membership_worth(m, industries, units, everyone)
    some = np.flatnonzero(np.isin(m.state.village, [1, 4, 7]) & (units > 0))[::3]
    part = membership_worth(m, industries, units[some], some)
    for all_of_them, theirs in zip(whole, part, strict=True):
        assert np.array_equal(all_of_them[some].view(np.int64), theirs.view(np.int64))
