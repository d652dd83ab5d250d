"""One investment rule for every household: it decides the same for the same state in a
programme village and a village without one; debts beyond credit force sales; activities that
no longer pay are given up."""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np

from sim.model import PovertyModel
from sim.rules.effects import HouseholdEffects
from sim.rules.investment import credit_limit, expected_returns, investment_month, knows, room
from sim.rules.unit_economics import unit_economics
from sim.state import HerdClass, HouseholdState


def copy_household(state: HouseholdState, source: int, target: int) -> None:
    """Make household ``target`` the same as ``source`` in every column."""
    for f in fields(state):
        column = getattr(state, f.name)
        if f.name == "village":
            continue
        column[..., target] = column[..., source]


def test_the_rule_decides_the_same_in_a_programme_village_and_a_control_village() -> None:
    model = PovertyModel(rng=6, years=2)
    for _ in range(13):
        model.step()
    m = model.context
    s = model.state
    # V05 and V06 are both pig villages: one household of each, made alike in everything.
    a = int(np.flatnonzero(s.village == 4)[3])
    b = int(np.flatnonzero(s.village == 5)[7])
    copy_household(s, a, b)
    s.herd[2, HerdClass.FEMALES, [a, b]] = 2  # both keep sows
    # V05 is the programme's: its households are organised (members, technical services) and
    # its road is built. The household of V06 is given the same memberships and road.
    s.cooperative_member[s.village == 4] = True
    s.cooperative_member[b] = True
    road = np.where(s.village == 4, 0.06, 0.0)
    road[b] = 0.06
    m.effects = HouseholdEffects.of(s, model.params.organisations, road, road)
    m.markets.factors[:, 5] = m.markets.factors[:, 4]  # the same village market conditions
    economics = unit_economics(m)
    known, eligible = knows(m)
    returns = expected_returns(m, economics, known, eligible)
    assert np.array_equal(returns[:, a], returns[:, b])
    assert np.array_equal(room(m)[:, a], room(m)[:, b])
    assert credit_limit(m)[a] == credit_limit(m)[b]
    # And it differs where the state differs: without the membership, the pig returns fall.
    s.cooperative_member[b] = False
    m.effects = HouseholdEffects.of(s, model.params.organisations, road, road)
    lower = expected_returns(m, unit_economics(m), known, eligible)
    assert lower[2, b] < returns[2, b]


def test_debts_beyond_credit_force_sales_at_a_discount() -> None:
    model = PovertyModel(rng=7, years=2)
    for _ in range(13):
        model.step()  # to the January of the second year
    m = model.context
    s = model.state
    herding = np.flatnonzero(s.herd.sum(axis=(0, 1)) > 5)[:50]
    s.savings[herding] = -1e6  # far beyond any credit
    before = s.herd[:, :, herding].sum(axis=(0, 1))
    m.when = replace(m.when, month=model.params.finance.investment_month)
    assert investment_month(m)[herding].all()  # the households in debt sold
    after = s.herd[:, :, herding].sum(axis=(0, 1))
    assert np.all(after < before)
    assert np.all(after == 0)  # a million cannot be repaid: every animal goes


def test_activities_that_no_longer_pay_are_given_up() -> None:
    # A ewe's upkeep far above what she brings: at the first investment month, every flock goes.
    model = PovertyModel(rng=8, years=1, overrides={"livestock.sheep.cost_yuan_per_female_year": 1000.0})
    model.step()  # January
    s = model.state
    keepers = s.herd[1].sum(axis=0) > 0
    assert keepers.sum() > 100
    model.step()  # February, the investment month
    assert model.params.finance.investment_month == 2
    assert s.herd[1].sum() == 0 and s.herd_capacity[1, keepers].sum() == 0
    assert model.ledger.gross[1].sum() > 0  # they were sold


def test_the_economics_reused_after_giving_up_and_buying_are_those_recomputed(monkeypatch) -> None:
    """The investment month prices units once and reuses the prices after households give up
    or buy (``refreshed``): what they depend on does not move within the month. Recomputed at
    every reuse of whole ten-year runs (with the programme and without), they are the same bit
    for bit."""
    import sim.rules.investment as investment
    from sim import load_scenario

    reused = 0
    original = investment.refreshed

    def checked(m, economics):  # type: ignore[no-untyped-def]
        nonlocal reused
        out = original(m, economics)
        fresh = unit_economics(m)
        for f in fields(fresh):
            a, b = (np.ascontiguousarray(getattr(e, f.name)) for e in (out, fresh))
            assert a.shape == b.shape and np.array_equal(a.view(np.uint8), b.view(np.uint8)), f.name
        assert np.array_equal(out.margin, fresh.margin)
        reused += 1
        return out

    monkeypatch.setattr(investment, "refreshed", checked)
    for name, seed in (("liaoning-2009", 3), ("no-programme", 4)):
        params = load_scenario(f"scenarios/{name}.toml").params
        PovertyModel(params, rng=seed).run()
    assert reused >= 5  # households giving up, and a second unit in some years


def test_unit_economics_of_some_households_are_theirs_among_all() -> None:
    """``unit_economics(m, rows=...)`` gives each household's values as pricing every household
    does, bit for bit (with a programme's memberships, roads and village markets in place)."""
    from sim import load_scenario

    model = PovertyModel(load_scenario("scenarios/liaoning-2009.toml").params, rng=8, years=3)
    for _ in range(26):
        model.step()
    m = model.context
    rows = np.flatnonzero(np.random.default_rng(0).random(m.state.size) < 0.3)
    whole, part = unit_economics(m), unit_economics(m, rows=rows)
    for f in fields(whole):
        a, b = np.asarray(getattr(whole, f.name)), np.asarray(getattr(part, f.name))
        if a.ndim and a.shape[-1] == m.state.size:
            a = a[..., rows]
        a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
        assert np.array_equal(a.view(np.uint8), b.view(np.uint8)), f.name
    assert np.array_equal(whole.margin[:, rows], part.margin)
