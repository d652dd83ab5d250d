"""The monthly engine's work for some households is the same, household by household, as for
all of them: rates reset for some households equal a full reset's for those (and leave the
others' alone), the price index's shortcut for households selling nothing through an
organisation is the full formula's value, an outbreak in one village resets only that
village's herds, and the programme's changes are found from the households it declares."""

from __future__ import annotations

import numpy as np
import pytest

from sim import PovertyModel
from sim.programme.programme import changed_since, snapshot
from sim.rules.business import set_business_rate
from sim.rules.effects import _sale_index
from sim.rules.greenhouse import set_greenhouse_rate
from sim.rules.labour import set_wage_rate
from sim.rules.labour_time import plan_labour
from sim.rules.livestock import livestock_month, set_livestock_rates
from sim.state import declare, declare_all
from sim.world import Index

SCENARIO = "scenarios/liaoning-2009.toml"


@pytest.fixture(scope="module")
def model() -> PovertyModel:
    """Some way into a run with the programme: members, roads, greenhouses and herds."""
    m = PovertyModel(SCENARIO, rng=3)
    for _ in range(30):
        m.step()
    return m


def rates(m: PovertyModel) -> tuple[np.ndarray, np.ndarray]:
    return m.ledger._gross_rate.copy(), m.ledger._cost_rate.copy()


@pytest.mark.parametrize(
    "setter", [set_livestock_rates, set_business_rate, set_greenhouse_rate, set_wage_rate]
)
def test_rates_for_some_households_are_a_full_resets(model: PovertyModel, setter) -> None:
    m = model.context
    rows = np.random.default_rng(0).random(model.state.size) < 0.3
    gross0, cost0 = rates(model)
    setter(m, rows)
    gross_some, cost_some = rates(model)
    setter(m, None)
    gross_all, cost_all = rates(model)
    assert np.array_equal(gross_some[:, rows], gross_all[:, rows])
    assert np.array_equal(cost_some[:, rows], cost_all[:, rows])
    assert np.array_equal(gross_some[:, ~rows], gross0[:, ~rows])
    assert np.array_equal(cost_some[:, ~rows], cost0[:, ~rows])


def test_labour_budget_for_some_households_is_a_full_plans(model: PovertyModel) -> None:
    m, state = model.context, model.state
    rows = np.random.default_rng(1).random(state.size) < 0.3
    columns = ("days_available", "days_needed", "days_hired", "local_days", "hired_by_source")
    plan_labour(m, rows)
    some = {name: getattr(state, name).copy() for name in columns}
    plan_labour(m)
    for name in columns:
        assert np.array_equal(some[name][..., rows], getattr(state, name)[..., rows])


@pytest.mark.parametrize("which", [Index.MILK, Index.CATTLE, Index.EGGS, Index.VEGETABLES, Index.CROPS])
def test_sale_index_shortcut_is_the_formula(model: PovertyModel, which: Index) -> None:
    m, effects = model.context, model.members
    local = m.markets.factor(0, model.state.village) if which is Index.VEGETABLES else 1.0
    y = m.year
    full = _sale_index(
        effects.cooperative_sold[which],
        effects.contract_sold[which],
        m.world.index[which, y],
        np.asarray(local),
        m.world.contract[which, y],
        effects,
    )
    assert np.array_equal(effects.sale_index(m.world, which, y, local), full * effects.price)
    rows = np.flatnonzero(np.random.default_rng(2).random(model.state.size) < 0.5)
    picked = local[rows] if np.ndim(local) else local
    assert np.array_equal(
        effects.sale_index(m.world, which, y, picked, rows=rows), (full * effects.price)[rows]
    )


def test_an_outbreak_resets_only_the_struck_villages_herds() -> None:
    model = PovertyModel(rng=4)
    m = model.context
    while m.month != 6 or model.steps == 0:  # to the end of a June: July has no herd events
        model.step()
    model.step()  # July
    m.when = model.when
    assert m.month == 7 and not model.herds.calendar.any_event[7]
    world = model.world
    world.outbreak_month[m.year] = 0
    world.outbreak_month[m.year, 2] = 7
    world.outbreak_loss[m.year, 2] = 0.5
    world.harsh_winter[m.year] = False
    herd = model.state.herd.copy()
    changed = livestock_month(m)
    struck = model.state.village == 2
    assert np.array_equal(changed, struck)
    assert np.array_equal(model.state.herd[..., ~struck], herd[..., ~struck])
    assert model.state.herd[..., struck].sum() < herd[..., struck].sum()


def test_a_watch_finds_the_declared_households_changes(model: PovertyModel) -> None:
    state = model.state
    before = snapshot(state)
    declare(state, np.array([3, 5]))
    state.flock[3] += 1
    state.migrants[5] += 1
    state.migrants[5] -= 1  # back as it was: no change
    changes = changed_since(state, before)
    assert np.flatnonzero(changes.herds).tolist() == [3]
    assert not changes.wages.any()
    state.flock[3] -= 1
    # Declaring every household after some keeps what those were before they changed.
    before = snapshot(state)
    declare(state, np.array([7]))
    state.layers[7] += 2
    declare_all(state)
    state.layers[7] -= 2
    state.land_mu[9] += 1.0
    changes = changed_since(state, before)
    assert np.flatnonzero(changes.holdings).tolist() == [9]
    state.land_mu[9] -= 1.0
    # Outside a watch, declaring does nothing.
    declare(state, np.array([1]))
    declare_all(state)
