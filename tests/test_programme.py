"""The programme's invariants over random scenarios, checked every month of every run:
no component spends more than it was given; the rolling pools balance in animals; herds never
go negative; money is conserved."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.model import PovertyModel
from sim.programme.budget import COMPONENTS, TOLERANCE_YUAN

programmes = st.fixed_dictionaries(
    {
        "programme.village_advancement.budget_yuan": st.sampled_from([0.0, 2e6, 13e6, 40e6]),
        "programme.village_advancement.household_project_share": st.floats(0.0, 0.7),
        "programme.village_advancement.infrastructure_share": st.floats(0.0, 0.25),
        "programme.rolling.budget_yuan": st.sampled_from([0.0, 3e5, 5e6]),
        "programme.rolling.species": st.sampled_from([["cattle"], ["pigs"], ["cattle", "sheep", "pigs"]]),
        "programme.rolling.return_within_months": st.integers(1, 30),
        "programme.rolling.cattle_females_per_loan": st.integers(1, 4),
        "programme.rolling.default_grace_months": st.integers(0, 12),
        "programme.rolling.targeting": st.sampled_from(["poorest", "random"]),
        "programme.training.trainees_per_year": st.integers(0, 400),
        "programme.training.cadres_per_year": st.integers(0, 300),
        "programme.schedule.last_year": st.integers(2009, 2011),
        "programme.schedule.budget_growth_per_year": st.floats(0.0, 0.5),
        "programme.schedule.delivery_month": st.integers(1, 12),
    }
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(overrides=programmes, seed=st.integers(0, 10_000))
def test_budget_pool_herds_and_money_hold_every_month(overrides: dict, seed: int) -> None:
    model = PovertyModel(rng=seed, years=4, overrides=overrides)
    state = model.state
    while model.running:
        model.step()
        programme = model.programme
        if programme is not None:
            budget = programme.budget
            assert np.all(budget.spent <= budget.allocated + TOLERANCE_YUAN)
            assert programme.pool.balances()
            assert np.all(programme.pool.owed >= 0)
        assert state.herd.min() >= 0
        assert state.migrants.min() >= 0 and np.all(state.migrants <= state.working_age)
    saved = state.savings.sum() - model.initial_savings.sum()
    earned = sum(r.saved.sum() for r in model.records)
    assert saved == pytest.approx(earned, rel=1e-9, abs=1e-3)


def test_every_yuan_is_traced_to_a_village_component_and_month() -> None:
    overrides = {
        "programme.village_advancement.budget_yuan": 13e6,
        "programme.rolling.budget_yuan": 5e5,
        "programme.training.trainees_per_year": 20,
        "programme.training.cadres_per_year": 278,
    }
    model = PovertyModel(rng=3, years=3, overrides=overrides).run()
    budget = model.programme.budget
    records = budget.records()
    assert set(records["component"]) <= {c.value for c in COMPONENTS}
    assert records["month"].between(1, 12).all()
    assert records["village"].between(0, len(model.villages) - 1).all()
    assert records["yuan"].sum() == pytest.approx(budget.spent.sum())
    assert budget.total_spent <= 13e6 + 5e5 + 20 * 6000 + 278 * 1500 + TOLERANCE_YUAN


def test_cooperative_agents_show_their_village_pools() -> None:
    from sim.agents import Cooperative

    overrides = {"programme.rolling.budget_yuan": 5e5, "programme.rolling.species": ["cattle", "pigs"]}
    model = PovertyModel(rng=2, years=3, overrides=overrides).run()
    pool = model.programme.pool
    cooperatives = model.agents_by_type[Cooperative]
    with_pool = [c for c in cooperatives if pool.species[c.village] >= 0]
    assert with_pool and len(with_pool) < len(cooperatives)
    assert sum(c.pool["lent"] for c in cooperatives) == int(pool.books.flows["lent"].sum()) > 0
    for c in cooperatives:
        p = c.pool
        assert p["loans_made"] == p["repaid"] + p["defaulted"] + p["lost"] + p["open_loans"]
        assert set(c.waiting_list) <= set(np.flatnonzero(model.state.village == c.village))
    assert cooperatives.agg("member_count", sum) == int(model.state.cooperative_member.sum())
