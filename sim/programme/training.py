"""Labour-transfer training and the cadre courses.

In each funded year the training school takes an intake of young people (aged 16-29, living at
home, one per household, poorest households first by default) for a six-month course. At the
end those who pass are certified; those placed leave to work away as migrants, earning the
certified wage premium, and come home again like any migrant. The cadre courses train village
cadres and "leaders for becoming rich", spread evenly over the villages; with the leaders of
entire-village advancement they make up a village's leadership, which raises the take-up of
projects and shortens learning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sim.programme.budget import BudgetAccount, Component
from sim.programme.params import LabourTrainingParams
from sim.state import HouseholdState

IntArray = NDArray[np.int64]
NONE = -1


@dataclass
class TrainingSchool:
    """Who is in the course, until when; who has been trained and placed."""

    households: int
    graduates_on: IntArray = field(init=False)  # month index the trainee's course ends, NONE
    trained: NDArray[np.bool_] = field(init=False)
    graduation_months: set[int] = field(default_factory=set)  # months some course ends
    certified: int = 0
    placed: int = 0
    enrolled: int = 0

    def __post_init__(self) -> None:
        self.graduates_on = np.full(self.households, NONE, dtype=np.int64)
        self.trained = np.zeros(self.households, dtype=bool)


def enrol(
    school: TrainingSchool,
    state: HouseholdState,
    params: LabourTrainingParams,
    school_budget: float,
    budget: BudgetAccount,
    year_index: int,
    month: int,
    month_index: int,
    rng: np.random.Generator,
) -> None:
    """Fill this year's intake, as far as places, eligible young people and the school's
    budget for the year go."""
    at_home_young = np.minimum(state.young, state.workers_at_home - 1)
    eligible = (at_home_young > 0) & ~school.trained & (school.graduates_on == NONE)
    if params.targeting == "poorest":
        key = state.last_net_income / np.maximum(state.people, 1) + rng.random(state.size) * 1e-6
    else:
        key = rng.random(state.size)
    order = np.argsort(key, kind="stable")
    order = order[eligible[order]]
    places = int(min(params.trainees_per_year, school_budget // params.cost_yuan_per_trainee))
    rows = order[:places]
    if rows.size == 0:
        return
    # The school's money follows its trainees: each place is allocated to, and spent in, the
    # trainee's village.
    villages = int(state.village.max()) + 1
    paid = (
        np.bincount(state.village[rows], minlength=villages).astype(np.float64) * params.cost_yuan_per_trainee
    )
    budget.allocate(Component.LABOUR_TRAINING, year_index, paid)
    budget.spend(Component.LABOUR_TRAINING, year_index, month, paid)
    school.graduates_on[rows] = month_index + params.course_months
    state.in_course[rows] += 1  # away at the school: their days are lost to the farm
    school.graduation_months.add(month_index + params.course_months)
    school.trained[rows] = True
    school.enrolled += rows.size


def graduate(
    school: TrainingSchool,
    state: HouseholdState,
    params: LabourTrainingParams,
    month_index: int,
    rng: np.random.Generator,
) -> bool:
    """This month's graduates are certified and placed; returns whether anyone graduated."""
    if month_index not in school.graduation_months:
        return False
    rows = np.flatnonzero(school.graduates_on == month_index)
    if rows.size == 0:
        return False
    school.graduates_on[rows] = NONE
    state.in_course[rows] -= 1
    passed = rows[rng.random(rows.size) < params.pass_rate]
    state.certified[passed] += 1
    placed = passed[rng.random(passed.size) < params.placement_rate]
    room = state.workers_at_home[placed] > 0
    placed = placed[room]
    state.migrants[placed] += 1
    school.certified += passed.size
    school.placed += placed.size
    return True


def train_cadres(
    cadres: NDArray[np.float64],
    families: NDArray[np.float64],
    params: LabourTrainingParams,
    course_budget: float,
    budget: BudgetAccount,
    year_index: int,
    month: int,
) -> None:
    """This year's cadre courses, their places shared over the villages by their families
    (whole people, largest remainders), as far as the year's course budget goes."""
    people = int(min(params.cadres_per_year, course_budget // params.cost_yuan_per_cadre))
    quota = people * families / families.sum()
    trained = np.floor(quota)
    short = people - int(trained.sum())
    trained[np.argsort(trained - quota, kind="stable")[:short]] += 1
    paid = trained * params.cost_yuan_per_cadre
    budget.allocate(Component.CADRE_TRAINING, year_index, paid)
    budget.spend(Component.CADRE_TRAINING, year_index, month, paid)
    cadres += trained
