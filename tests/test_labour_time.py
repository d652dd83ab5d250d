"""Labour time as a budget: the days a household uses never exceed the days it has, time saved
is worth something only where there is work for it, and members the farm needs stay home."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import PovertyModel
from sim.rules.labour import migrate_and_return
from sim.rules.labour_time import days_available, days_by_source, plan_labour, workers_needed
from sim.scenario import load_scenario
from tests.conftest import SCENARIOS

PROGRAMME = load_scenario(SCENARIOS / "liaoning-2009.toml").params


def assert_budget_holds(model: PovertyModel) -> None:
    s = model.state
    own = np.minimum(s.days_needed, s.days_available)
    assert np.all(own + s.local_days <= s.days_available + 1e-9), "more days used than the household has"
    assert np.all(s.days_hired == pytest.approx(np.maximum(s.days_needed - s.days_available, 0.0)))
    assert np.all(s.local_days[s.days_hired > 0] == 0), "a household short of days also works for others"
    demand = model.params.labour.local_days_per_worker_year * s.workers_at_home
    assert np.all(s.local_days <= demand + 1e-9)
    assert np.all(s.hired_by_source.sum(axis=0) == pytest.approx(s.days_hired))


@pytest.mark.parametrize("seed", [1, 2])
def test_labour_days_never_exceed_what_the_household_has(seed: int) -> None:
    model = PovertyModel(PROGRAMME, rng=seed, years=3)
    while model.running:
        model.step()
        assert_budget_holds(model)
    assert model.state.days_needed.sum() > 0 and model.state.local_days.sum() > 0


def test_time_saved_earns_only_where_there_is_work_for_it() -> None:
    model = PovertyModel(rng=3, years=1)
    m = model.context
    s = model.state
    plan_labour(m)
    before_local, before_hired = s.local_days.copy(), s.days_hired.copy()
    spare = s.days_available - s.days_needed
    demand = model.params.labour.local_days_per_worker_year * s.workers_at_home
    s.days_saved_per_worker[:] = 6.0
    plan_labour(m)
    slack = spare >= demand  # already time to spare beyond the local work there is
    assert slack.sum() > 100
    assert np.array_equal(s.local_days[slack], before_local[slack])
    assert np.all(s.local_days >= before_local) and np.all(s.days_hired <= before_hired)
    short = (spare < demand) & (s.workers_at_home > 0)
    if short.any():  # where days were short, saved days go to work or replace hired help
        gained = (s.local_days - before_local) + (before_hired - s.days_hired)
        assert np.all(gained[short] > 0)


def test_members_the_farm_needs_do_not_leave() -> None:
    model = PovertyModel(PROGRAMME, rng=4, years=2)
    for _ in range(14):
        model.step()
    m = model.context
    s = model.state
    plan_labour(m)
    needed = workers_needed(m)
    at_home, migrants = s.workers_at_home.copy(), s.migrants.copy()
    migrate_and_return(m)
    left = np.maximum(s.migrants - migrants, 0)
    assert np.all(left <= np.maximum(at_home - needed, 0))


def test_the_budget_adds_up_from_its_parts() -> None:
    model = PovertyModel(rng=5, years=1)
    m = model.context
    s = model.state
    plan_labour(m)
    time = model.params.time
    expected = s.workers_at_home * time.days_per_adult_year + s.elderly * time.days_per_elderly_year
    assert np.allclose(days_available(m), expected)
    assert np.allclose(days_by_source(m).sum(axis=0), s.days_needed)
