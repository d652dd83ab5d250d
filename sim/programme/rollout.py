"""Rollout: which villages a funded year's advancement money goes to, under a planner's rule.

With ``programme.rollout.rule = "all"`` the year's budget is shared by every village in
proportion to its families (``Programme.allocate``); this module is not used. Under the other
rules the villages not yet advanced are ranked, and taken in rank order while the year's
budget covers their package (``yuan_per_household`` x families): one argsort and one cumsum a
year. A village whose package does not fit stops the queue (no smaller village further down
jumps it); the money left is not spent. Each village is advanced once.

The rules, each a score per village (docs/PROVINCE.md):

- ``poorest-first``: the village's per-capita net income in the last closed year (Yuan per
  person), lowest first. Before any year has closed (a programme funded from the first
  simulated year) the planner knows only what households hold: savings and breeding females at
  this year's prices, per person, lowest first.
- ``gain-per-yuan``: the planner's ex-ante estimate of the yearly return on a Yuan of
  projects: for each household, with the village's industry option ``o1``, its second ``o2``
  and its ``industry_share`` s, ``s * r[o1] + (1 - s) * r[o2]`` where ``r = (margin at full
  productivity - depreciation) / capital`` from the unit economics at this year's prices
  (:mod:`sim.rules.unit_economics`); the village's score is its households' mean, highest first.
  The package per household is the same everywhere, so this ranks the expected gain per Yuan.
- ``random``: a uniform draw per village from a generator of the run's seed and the year
  (the same whether the rule is applied or only planned).

Ties go to the village listed first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.rules.context import Month
from sim.rules.livestock import SPECIES_INDEX
from sim.rules.unit_economics import OPTION_OF_INDUSTRY, unit_economics
from sim.state import HerdClass
from sim.streams import stable_key
from sim.villages import VillageSpec

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
LOWEST_FIRST = {"poorest-first": True, "gain-per-yuan": False, "random": True}
SCORE_UNITS = {
    "poorest-first": "Yuan/person (last closed year's net income; savings and herds before)",
    "gain-per-yuan": "Yuan a year per Yuan of projects (ex ante)",
    "random": "draw",
}


@dataclass(frozen=True)
class RolloutPlan:
    """One funded year's choice of villages under one rule."""

    year: int
    rule: str
    budget: float  # Yuan of advancement this year
    score: FloatArray  # per village (NaN for villages already advanced)
    order: IntArray  # villages not yet advanced, in rank order
    chosen: BoolArray  # per village: advanced this year
    package: FloatArray  # per village: Yuan this year (0 where not chosen)

    @property
    def spent(self) -> float:
        """Yuan of the year's budget the chosen villages' packages take."""
        return float(self.package.sum())

    @property
    def chosen_in_order(self) -> IntArray:
        """The chosen villages, in rank order."""
        return self.order[self.chosen[self.order]]


def per_capita_income(ctx: Month, villages: int) -> FloatArray:
    """Per village: last closed year's net income per person (or, before any year has closed,
    savings and breeding females at this year's prices per person)."""
    state = ctx.state
    people = np.bincount(state.village, weights=state.people, minlength=villages)
    if ctx.year > 0:
        total = np.bincount(state.village, weights=state.last_net_income, minlength=villages)
    else:
        females = state.herd[:, HerdClass.FEMALES, :].astype(np.float64)
        prices = ctx.herds.breeding_price * np.array([ctx.level(index) for index in SPECIES_INDEX])
        wealth = state.savings + prices @ females
        total = np.bincount(state.village, weights=wealth, minlength=villages)
    return total / np.maximum(people, 1.0)


def gain_per_yuan(ctx: Month, villages: tuple[VillageSpec, ...]) -> FloatArray:
    """Per village: the households' mean ex-ante yearly return on a Yuan of projects."""
    state = ctx.state
    units = unit_economics(ctx, productivity=np.ones(state.size))
    net = units.margin - units.depreciation
    ratio = np.divide(net, units.capital, out=np.zeros_like(net), where=units.capital > 0)
    first = np.array([OPTION_OF_INDUSTRY[v.industry] for v in villages])[state.village]
    second = np.array([OPTION_OF_INDUSTRY[v.second_industry] for v in villages])[state.village]
    share = np.array([v.industry_share for v in villages])[state.village]
    rows = np.arange(state.size)
    mine = share * ratio[first, rows] + (1.0 - share) * ratio[second, rows]
    households = np.bincount(state.village, minlength=len(villages))
    return np.bincount(state.village, weights=mine, minlength=len(villages)) / np.maximum(households, 1)


def random_scores(seed: int, year: int, villages: int) -> FloatArray:
    """A uniform draw per village, from the run's seed and the year."""
    sequence = np.random.SeedSequence(seed, spawn_key=(stable_key("programme.rollout"), year))
    return np.random.default_rng(sequence).random(villages)


def scores(rule: str, ctx: Month, villages: tuple[VillageSpec, ...], seed: int, year: int) -> FloatArray:
    """Each village's score under ``rule`` (see the module's docstring)."""
    if rule == "poorest-first":
        return per_capita_income(ctx, len(villages))
    if rule == "gain-per-yuan":
        return gain_per_yuan(ctx, villages)
    if rule == "random":
        return random_scores(seed, year, len(villages))
    raise ValueError(f"unknown rollout rule {rule!r}; one of {', '.join(LOWEST_FIRST)}")


def choose(
    rule: str,
    score: FloatArray,
    families: FloatArray,
    advanced: BoolArray,
    budget: float,
    yuan_per_household: float,
    year: int,
) -> RolloutPlan:
    """Villages not yet advanced, ranked by ``score`` (lowest first or highest, by ``rule``), taken
    in order while the budget covers their packages."""
    waiting = np.flatnonzero(~advanced)
    key = score[waiting] if LOWEST_FIRST[rule] else -score[waiting]
    order = waiting[np.argsort(key, kind="stable")]
    cost = yuan_per_household * families[order]
    fits = np.cumsum(cost) <= budget * (1.0 + 1e-12)
    taken = order[fits]
    chosen = np.zeros(advanced.size, dtype=bool)
    chosen[taken] = True
    package = np.zeros(advanced.size)
    package[taken] = cost[fits]
    shown = np.where(advanced, np.nan, score)
    return RolloutPlan(year, rule, budget, shown, order, chosen, package)


def plan(
    rule: str,
    ctx: Month,
    villages: tuple[VillageSpec, ...],
    advanced: BoolArray,
    budget: float,
    yuan_per_household: float,
    seed: int,
    year: int,
) -> RolloutPlan:
    """This year's choice of villages under ``rule``, given who was advanced before."""
    families = np.bincount(ctx.state.village, minlength=len(villages)).astype(np.float64)
    score = scores(rule, ctx, villages, seed, year)
    return choose(rule, score, families, advanced, budget, yuan_per_household, year)
