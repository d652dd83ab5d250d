"""Labour-transfer training and the cadre courses.

In each funded year the training school takes an intake of young people for a course of
``course_months``: one member aged 16-29 from each eligible household, poorest households first
by default. Eligible: a young member at home who holds no certificate yet, with another worker
left at home; the young members at home are the ones not working away, so a trainee is never
someone who was already a migrant that year. The programme pays board, lodging and teaching
(``cost_yuan_per_trainee``); the household pays with the trainee's work: during the course the
trainee is neither a worker at home (no farm work, no local wage work) nor free to leave as a
migrant, so the household's labour budget is planned again without them.

At the end, those who pass are certified. The school's employer network places graduates in jobs
away, each with probability ``placement_rate`` and in all no more than ``placements_per_year`` in
a calendar year (the job market); which placeable graduates get the year's jobs is decided by each
graduate's own draw. A placed trainee is a migrant earning the certificate's premium
(``labour.certified_wage_premium``) and does not come home by the ordinary return rule: each month
they leave the placed job with the monthly equivalent of ``job_leaving_per_year`` and come home.
Graduates not placed, and those who left their job, are certified members at home: like any member
at home they may migrate on their own by the ordinary rule (:mod:`sim.rules.labour`), as the first
of their household's spare members to go, and then earn the certificate's premium.

The income gained by training is measured against the same villages without the programme on the
same seed, in which the trainee stays at home and may migrate by the ordinary rule; in the
programme run the placed trainee is no longer a spare member at home, so their household's ordinary
departures fall accordingly. A trainee who would have migrated anyway therefore gains only the
certificate's premium over the wage they would have earned, less the months of the course.

Every draw is the household's own (:meth:`sim.streams.Streams.households`, process
``programme.school``), so whether one household sends a trainee never changes another's draws.

The cadre courses train village cadres and "leaders for becoming rich", spread evenly over the
villages; with the leaders of entire-village advancement they make up a village's leadership, which
raises the take-up of projects and shortens learning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sim.programme.budget import BudgetAccount, Component
from sim.programme.params import LabourTrainingParams
from sim.state import HouseholdState, declare
from sim.streams import Streams

IntArray = NDArray[np.int64]
NONE = -1
PROCESS = "programme.school"


class Part:
    """Independent draws of the school in one month (``Streams.households`` parts)."""

    TARGETING = 0  # each household's tie-break (poorest) or place in the queue (random)
    PASS = 1
    PLACEABLE = 2
    JOB_ORDER = 3  # which placeable graduates get the year's jobs
    LEAVING = 4


COUNTS = ("enrolled", "certified", "placed", "unplaced", "left_job", "in_placed_job")


@dataclass
class TrainingSchool:
    """Who is in the course, until when; who has been trained and placed; counts by year."""

    households: int
    start_year: int = 2008
    graduates_on: IntArray = field(init=False)  # month index the trainee's course ends, NONE
    trained: NDArray[np.bool_] = field(init=False)  # ever sent a trainee
    graduation_months: set[int] = field(default_factory=set)  # months some course ends
    by_year: dict[int, dict[str, int]] = field(default_factory=dict)  # calendar year: COUNTS

    def __post_init__(self) -> None:
        self.graduates_on = np.full(self.households, NONE, dtype=np.int64)
        self.trained = np.zeros(self.households, dtype=bool)

    def year(self, year: int) -> dict[str, int]:
        """The counts of a calendar year (created empty)."""
        return self.by_year.setdefault(year, dict.fromkeys(COUNTS, 0))

    def total(self, count: str) -> int:
        """A flow summed over the years."""
        return sum(by[count] for by in self.by_year.values())

    @property
    def enrolled(self) -> int:
        return self.total("enrolled")

    @property
    def certified(self) -> int:
        return self.total("certified")

    @property
    def placed(self) -> int:
        return self.total("placed")

    def summary(self) -> dict[str, object]:
        """Totals and the counts by year (``in_placed_job`` at each year's end)."""
        return {
            "enrolled": self.enrolled,
            "certified": self.certified,
            "placed": self.placed,
            "left_job": self.total("left_job"),
            "by_year": {str(y): dict(by) for y, by in sorted(self.by_year.items())},
        }


def eligible(school: TrainingSchool, state: HouseholdState) -> NDArray[np.bool_]:
    """Households with a young member at home who holds no certificate and is not in a course,
    leaving another worker at home."""
    certified_home = state.certified - state.certified_away
    candidates = np.minimum(state.young, state.workers_at_home - 1) - certified_home
    return (candidates > 0) & (school.graduates_on == NONE)


def intake_order(
    state: HouseholdState,
    rows: IntArray,
    targeting: str,
    streams: Streams,
    month_index: int,
    first: int | None = None,
) -> IntArray:
    """``rows`` in the order the school takes them: poorest last net income per person first
    (ties broken by each household's own draw), or by each household's own draw; with
    ``first``, only the first so many of that order (found without sorting everyone: a
    province has hundreds of thousands of candidates for a few places)."""
    draws = streams.households(PROCESS, month_index, Part.TARGETING)
    luck = draws.uniform(rows)
    key = state.last_net_income[rows] / np.maximum(state.people[rows], 1) if targeting == "poorest" else luck
    if first is not None and first < rows.size:
        # Every row whose key is at most the first-th smallest: the first rows of the order are
        # among them, and sorted alone they come in the same order.
        bound = np.partition(key, first)[first]
        near = key <= bound
        rows, luck, key = rows[near], luck[near], key[near]
    if targeting == "poorest":
        return rows[np.lexsort((luck, key))][:first]
    return rows[np.argsort(luck, kind="stable")][:first]


def enrol(
    school: TrainingSchool,
    state: HouseholdState,
    params: LabourTrainingParams,
    school_budget: float,
    budget: BudgetAccount,
    year_index: int,
    month: int,
    month_index: int,
    streams: Streams,
) -> IntArray:
    """Fill this year's intake, as far as places, eligible young people and the school's budget
    for the year go; returns the trainees' households."""
    candidates = np.flatnonzero(eligible(school, state))
    places = int(min(params.trainees_per_year, school_budget // params.cost_yuan_per_trainee))
    rows = intake_order(state, candidates, params.targeting, streams, month_index, places)
    if rows.size == 0:
        return rows
    # The school's money follows its trainees: each place is allocated to, and spent in, the
    # trainee's village. It pays board, lodging and teaching; the household keeps the trainee's
    # share of its living costs and loses their work.
    villages = int(state.village.max()) + 1
    paid = (
        np.bincount(state.village[rows], minlength=villages).astype(np.float64) * params.cost_yuan_per_trainee
    )
    budget.allocate(Component.LABOUR_TRAINING, year_index, paid)
    budget.spend(Component.LABOUR_TRAINING, year_index, month, paid)
    school.graduates_on[rows] = month_index + params.course_months
    declare(state, rows)
    state.in_course[rows] += 1  # away at the school: neither working at home nor free to migrate
    school.graduation_months.add(month_index + params.course_months)
    school.trained[rows] = True
    school.year(school.start_year + year_index)["enrolled"] += rows.size
    return rows


def graduate(
    school: TrainingSchool,
    state: HouseholdState,
    params: LabourTrainingParams,
    year: int,
    month_index: int,
    streams: Streams,
) -> bool:
    """This month's graduates are certified and, as far as the year's jobs go, placed; returns
    whether anyone graduated."""
    if month_index not in school.graduation_months:
        return False
    rows = np.flatnonzero(school.graduates_on == month_index)
    if rows.size == 0:
        return False
    school.graduates_on[rows] = NONE
    declare(state, rows)  # the graduates: those certified and placed among them
    state.in_course[rows] -= 1
    passed = rows[streams.households(PROCESS, month_index, Part.PASS).uniform(rows) < params.pass_rate]
    state.certified[passed] += 1
    lucky = streams.households(PROCESS, month_index, Part.PLACEABLE).uniform(passed) < params.placement_rate
    placeable = passed[lucky & (state.workers_at_home[passed] > 0)]
    counts = school.year(year)
    jobs = max(params.placements_per_year - counts["placed"], 0)
    placed = streams.households(PROCESS, month_index, Part.JOB_ORDER).order(placeable)[:jobs]
    state.migrants[placed] += 1
    state.certified_away[placed] += 1
    state.placed[placed] += 1
    counts["certified"] += passed.size
    counts["placed"] += placed.size
    counts["unplaced"] += passed.size - placed.size
    return True


def leave_jobs(
    school: TrainingSchool,
    state: HouseholdState,
    params: LabourTrainingParams,
    year: int,
    month_index: int,
    streams: Streams,
) -> bool:
    """Placed trainees who leave their job this month come home, certified; returns whether
    anyone left."""
    rows = np.flatnonzero(state.placed > 0)
    if rows.size == 0 or params.job_leaving_per_year <= 0:
        return False
    monthly = 1.0 - (1.0 - params.job_leaving_per_year) ** (1.0 / 12.0)
    draws = streams.households(PROCESS, month_index, Part.LEAVING)
    leaving = draws.binomial(rows, state.placed[rows], monthly)
    rows, leaving = rows[leaving > 0], leaving[leaving > 0]
    if rows.size == 0:
        return False
    declare(state, rows)
    state.placed[rows] -= leaving
    state.certified_away[rows] -= leaving
    state.migrants[rows] -= leaving
    school.year(year)["left_job"] += int(leaving.sum())
    return True


def school_month(
    school: TrainingSchool,
    state: HouseholdState,
    params: LabourTrainingParams,
    year: int,
    month: int,
    month_index: int,
    streams: Streams,
) -> bool:
    """The school's business every month: placed trainees leaving their jobs, then this month's
    graduates; at the year's end, who is still in a placed job. Returns whether anyone moved."""
    left = leave_jobs(school, state, params, year, month_index, streams)
    graduated = graduate(school, state, params, year, month_index, streams)
    if month == 12 and (school.by_year or state.placed.any()):
        school.year(year)["in_placed_job"] = int(state.placed.sum())
    return left or graduated


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
