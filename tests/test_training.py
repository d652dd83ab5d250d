"""The training school: its limits (places, budget, the job market), what a course costs the
trainee's household, how long placed trainees stay, what a trainee gains over what they would
have earned anyway, and that one household's trainee never changes another household's draws."""

from __future__ import annotations

import copy
from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from sim.ledger import Source
from sim.model import PovertyModel
from sim.programme.budget import COMPONENTS, BudgetAccount, Component
from sim.programme.params import LabourTrainingParams
from sim.programme.training import TrainingSchool, eligible, enrol, graduate, leave_jobs, school_month
from sim.state import HouseholdState
from sim.streams import Streams
from sim.world import Index

START_YEAR = 2008
INTAKE = 14  # March 2009, months since January 2008
GRADUATION = INTAKE + 6
WHOLE_PROGRAMME_YUAN = 14_037_000


@cache
def villages_after_a_year() -> PovertyModel:
    """The villages at the end of 2008 (last net incomes known), without a programme."""
    model = PovertyModel(rng=11, years=2)
    for _ in range(12):
        model.step()
    return model


def fresh() -> tuple[HouseholdState, TrainingSchool, BudgetAccount]:
    model = villages_after_a_year()
    state = copy.deepcopy(model.state)
    return (
        state,
        TrainingSchool(state.size, START_YEAR),
        BudgetAccount(len(model.villages), 2, START_YEAR),
    )


def run_course(
    params: LabourTrainingParams, streams: Streams, money: float | None = None
) -> tuple[HouseholdState, TrainingSchool, BudgetAccount, np.ndarray, HouseholdState]:
    """One intake in March 2009 and its graduation; returns the state before and after."""
    state, school, budget = fresh()
    before = copy.deepcopy(state)
    if money is None:
        money = params.trainees_per_year * params.cost_yuan_per_trainee
    rows = enrol(school, state, params, money, budget, 1, 3, INTAKE, streams)
    graduate(school, state, params, 2009, INTAKE + params.course_months, streams)
    return state, school, budget, rows, before


def test_the_job_market_places_exactly_its_limit_and_the_rest_come_home_certified() -> None:
    params = LabourTrainingParams(trainees_per_year=300, placements_per_year=50)
    state, school, _, rows, before = run_course(params, Streams(3))
    counts = school.by_year[2009]
    assert counts["enrolled"] == rows.size == 300
    assert counts["certified"] == 300 and counts["placed"] == 50 and counts["unplaced"] == 250
    assert state.placed.sum() == 50
    assert (state.migrants - before.migrants).sum() == 50
    assert (state.certified - state.certified_away).sum() == 250  # certified, at home
    assert state.in_course.sum() == 0
    # A second intake graduating later in the same year finds only the jobs the first left.
    params = LabourTrainingParams(trainees_per_year=200, placements_per_year=250)
    state, school, budget = fresh()
    streams = Streams(3)
    enrol(school, state, params, 1e9, budget, 1, 3, INTAKE, streams)
    enrol(school, state, params, 1e9, budget, 1, 5, INTAKE + 2, streams)
    graduate(school, state, params, 2009, GRADUATION, streams)
    assert school.by_year[2009]["placed"] == 200
    graduate(school, state, params, 2009, GRADUATION + 2, streams)
    assert school.by_year[2009]["placed"] == 250 and state.placed.sum() == 250


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    places=st.integers(0, 2500),
    jobs=st.integers(0, 400),
    pass_rate=st.floats(0.0, 1.0),
    placement_rate=st.floats(0.0, 1.0),
    cost=st.floats(1000.0, 20000.0),
    money_share=st.floats(0.0, 1.2),
    seed=st.integers(0, 1000),
)
def test_placed_within_certified_within_enrolled_within_places_and_money(
    places: int,
    jobs: int,
    pass_rate: float,
    placement_rate: float,
    cost: float,
    money_share: float,
    seed: int,
) -> None:
    params = LabourTrainingParams(
        trainees_per_year=places,
        placements_per_year=jobs,
        pass_rate=pass_rate,
        placement_rate=placement_rate,
        cost_yuan_per_trainee=cost,
    )
    money = money_share * places * cost
    state, school, budget, rows, before = run_course(params, Streams(seed), money)
    counts = school.year(2009)
    assert counts["placed"] <= counts["certified"] <= counts["enrolled"] <= places
    assert counts["enrolled"] <= money // cost
    assert counts["placed"] <= jobs
    assert counts["unplaced"] == counts["certified"] - counts["placed"]
    assert budget.spent.sum() == pytest.approx(counts["enrolled"] * cost)
    assert budget.spent[COMPONENTS.index(Component.LABOUR_TRAINING)].sum() == pytest.approx(
        budget.spent.sum()
    )
    assert np.unique(rows).size == rows.size  # one trainee a household an intake
    assert (state.migrants - before.migrants).sum() == counts["placed"] == state.placed.sum()
    assert np.all(state.placed <= state.certified_away)
    assert np.all(state.certified_away <= np.minimum(state.certified, state.migrants))
    assert np.all(state.migrants <= state.working_age) and state.in_course.sum() == 0


def test_trainees_come_from_young_members_at_home_and_leave_one_worker() -> None:
    params = LabourTrainingParams(trainees_per_year=5000)
    state, school, budget = fresh()
    before = copy.deepcopy(state)
    rows = enrol(school, state, params, 1e9, budget, 1, 3, INTAKE, Streams(1))
    assert rows.size > 0
    assert np.all(before.young[rows] > 0)
    assert np.all(before.workers_at_home[rows] >= 2)
    assert np.all(state.workers_at_home[rows] == before.workers_at_home[rows] - 1)
    assert np.all(state.migrants == before.migrants)  # nobody working away is taken
    # Everyone eligible was taken: no household left with a young member at home to spare.
    left = np.minimum(state.young, state.workers_at_home - 1) - (state.certified - state.certified_away)
    assert np.all((left <= 0) | (school.graduates_on != -1))


def test_poorest_first_ties_broken_by_each_households_own_draw() -> None:
    params = LabourTrainingParams(trainees_per_year=200)
    state, school, budget = fresh()
    income = state.last_net_income / np.maximum(state.people, 1)
    could = eligible(school, state)
    rows = enrol(school, state, params, 1e9, budget, 1, 3, INTAKE, Streams(1))
    assert rows.size == 200
    assert income[rows].max() <= income[could & ~school.trained].min()


def test_one_more_place_adds_one_trainee_and_changes_no_one_elses_draws() -> None:
    params = LabourTrainingParams(trainees_per_year=80, placement_rate=0.7, pass_rate=0.9)
    one_more = LabourTrainingParams(trainees_per_year=81, placement_rate=0.7, pass_rate=0.9)
    state, school, _, rows, _ = run_course(params, Streams(5))
    state_1, school_1, _, rows_1, _ = run_course(one_more, Streams(5))
    extra = np.setdiff1d(rows_1, rows)
    assert extra.size == 1 and np.isin(rows, rows_1).all()
    others = np.setdiff1d(np.arange(state.size), extra)
    for column in ("certified", "certified_away", "placed", "migrants"):
        assert np.array_equal(getattr(state, column)[others], getattr(state_1, column)[others])
    # Job leaving: each placed trainee's month of leaving is their own.
    params = LabourTrainingParams(job_leaving_per_year=0.5)
    for month_index in range(GRADUATION + 1, GRADUATION + 25):
        leave_jobs(school, state, params, 2010, month_index, Streams(5))
        leave_jobs(school_1, state_1, params, 2010, month_index, Streams(5))
        assert np.array_equal(state.placed[others], state_1.placed[others])


def test_placed_trainees_stay_without_leaving_and_all_go_when_they_always_leave() -> None:
    params = LabourTrainingParams(trainees_per_year=100, job_leaving_per_year=0.0)
    state, school, _, _, _ = run_course(params, Streams(2))
    placed = int(state.placed.sum())
    assert placed == 100
    for month_index in range(GRADUATION + 1, GRADUATION + 60):
        year = START_YEAR + month_index // 12
        assert not school_month(school, state, params, year, month_index % 12 + 1, month_index, Streams(2))
    assert state.placed.sum() == placed and school.total("left_job") == 0
    assert school.by_year[2013]["in_placed_job"] == placed
    migrants = state.migrants.copy()
    always = LabourTrainingParams(job_leaving_per_year=1.0)
    assert leave_jobs(school, state, always, 2014, GRADUATION + 60, Streams(2))
    assert state.placed.sum() == 0 and state.certified_away.sum() == 0
    assert migrants.sum() - state.migrants.sum() == placed
    assert (state.certified > 0).sum() == placed  # they come home certified


def test_leaving_rate_is_the_yearly_share() -> None:
    params = LabourTrainingParams(trainees_per_year=400, placements_per_year=400, job_leaving_per_year=0.3)
    state, school, _, _, _ = run_course(params, Streams(4))
    placed = int(state.placed.sum())
    for month_index in range(GRADUATION + 1, GRADUATION + 13):
        leave_jobs(school, state, params, 2010, month_index, Streams(4))
    share = 1 - state.placed.sum() / placed
    assert abs(share - 0.3) < 3 * np.sqrt(0.3 * 0.7 / placed)


# Whole runs: a reduced case where only the trainee's household differs. Both runs have a
# programme (one cadre place) so that the programme's own calendar is the same in both.
REDUCED = {
    "programme.training.cadres_per_year": 1,
    "programme.training.targeting": "random",
}


def households_wages(model: PovertyModel, year: int) -> np.ndarray:
    return next(r for r in model.records if r.year == year).gross[Source.WAGES]


def trainee_of(model: PovertyModel) -> int:
    rows = np.flatnonzero(model.programme.school.trained)
    assert rows.size == 1
    return int(rows[0])


def test_the_course_costs_the_household_the_trainees_local_wage() -> None:
    overrides = {
        **REDUCED,
        "labour.local_days_per_worker_year": 60.0,
        "programme.training.placement_rate": 0.0,  # the trainee comes home in September
    }
    without = PovertyModel(rng=4, years=2, overrides=overrides).run()
    model = PovertyModel(rng=4, years=2, overrides={**overrides, "programme.training.trainees_per_year": 1})
    model.run()
    row = trainee_of(model)
    # The household has days to spare for the trainee's local work, so it is all lost.
    assert without.state.days_available[row] - without.state.days_needed[row] > 2 * 60.0
    labour = model.params.labour
    level = model.world.index[Index.WAGES, 1]
    forgone = 6 * labour.local_days_per_worker_year * labour.local_wage_yuan_per_day / 12 * level
    lost = households_wages(without, 2009) - households_wages(model, 2009)
    assert lost[row] == pytest.approx(forgone)
    assert np.allclose(np.delete(lost, row), 0.0)
    # While away at the school the trainee is not a worker at home and cannot leave as a migrant.
    assert model.programme.school.by_year[2009]["placed"] == 0


def test_a_would_be_migrant_gains_only_the_certificate_premium() -> None:
    # Every member the farm can spare leaves in January and nobody comes home: the trainee, taken
    # in January before the year's departures, would have left anyway.
    overrides = {
        **REDUCED,
        "labour.new_migrant_share_per_year": 1.0,
        "labour.return_share_per_year": 0.0,
        "programme.training.start_month": 1,
        "programme.training.job_leaving_per_year": 0.0,
    }
    without = PovertyModel(rng=6, years=4, overrides=overrides).run()
    model = PovertyModel(rng=6, years=4, overrides={**overrides, "programme.training.trainees_per_year": 1})
    model.run()
    row = trainee_of(model)
    assert model.state.placed[row] == 1
    assert model.state.migrants[row] == without.state.migrants[row]  # away in both runs
    labour = model.params.labour
    months = labour.migrant_months_per_year
    for year in (2010, 2011):
        level = model.world.index[Index.WAGES, year - START_YEAR]
        premium = labour.certified_wage_premium * labour.migrant_wage_yuan_per_month * labour.home_share
        gained = households_wages(model, year) - households_wages(without, year)
        assert gained[row] == pytest.approx(premium * model.state.skill[row] * months * level)
    # (Other households' wages may still differ from 2010 on: the herds' draws come from shared
    # generators, which the training household's changed savings and labour can shift.)


def test_one_more_trainee_in_the_model_changes_only_their_households_training() -> None:
    overrides = {
        "programme.training.trainees_per_year": 40,
        "programme.training.placement_rate": 0.8,
        "programme.training.pass_rate": 0.9,
        "programme.training.job_leaving_per_year": 0.4,
    }
    runs = [
        PovertyModel(rng=9, years=4, overrides=overrides),
        PovertyModel(rng=9, years=4, overrides={**overrides, "programme.training.trainees_per_year": 41}),
    ]
    history: list[list[np.ndarray]] = [[], []]
    while runs[0].running:
        for model, seen in zip(runs, history, strict=True):
            model.step()
            state = model.state
            seen.append(np.stack([state.in_course, state.certified, state.placed]))
    trained = [m.programme.school.trained for m in runs]
    extra = np.flatnonzero(trained[1] & ~trained[0])
    assert extra.size == 1 and not (trained[0] & ~trained[1]).any()
    others = np.setdiff1d(np.arange(runs[0].state.size), extra)
    for month, (a, b) in enumerate(zip(*history, strict=True)):
        assert np.array_equal(a[:, others], b[:, others]), f"month {month}"


def test_invariants_hold_every_month_with_training() -> None:
    overrides = {
        "programme.training.trainees_per_year": 250,
        "programme.training.placements_per_year": 60,
        "programme.training.job_leaving_per_year": 0.5,
        "programme.training.start_month": 9,  # the course spans January's moves
        "programme.schedule.last_year": 2011,
    }
    model = PovertyModel(rng=12, years=5, overrides=overrides)
    state = model.state
    while model.running:
        model.step()
        assert state.placed.min() >= 0 and state.in_course.min() >= 0
        assert np.all(state.placed <= state.certified_away)
        assert np.all(state.certified_away <= np.minimum(state.certified, state.migrants))
        assert np.all(state.migrants + state.in_course <= state.working_age)
    counts = model.programme.school.by_year
    assert all(counts[y]["placed"] <= 60 for y in counts)
    assert counts[2011]["enrolled"] > 0


def test_the_training_only_scenario_spends_the_whole_programmes_money() -> None:
    result = sim.run("scenarios/labour-training-only.toml", seed=1)
    p = result.programme
    assert p["aid_total_yuan"] == pytest.approx(WHOLE_PROGRAMME_YUAN, rel=0.05)
    by_year = p["trainees"]["by_year"]
    assert all(by_year[str(y)]["placed"] <= 100 for y in range(2009, 2018))
