"""The parameters a sweep can vary, with their roles and ranges, for SALib and the EMA Workbench.

Every number the model takes is declared with a role (``lever``: what a planner chooses;
``uncertainty``: what nobody controls), an *allowed* range (what the model accepts at all)
and a *plausible* range (where the value probably lies, or what planners consider) with a
prior shape (:mod:`sim.param_fields`). This module exports them from those declarations, so
a sweep samples the ranges the model states rather than ranges copied by hand:

- :func:`parameter_space`: the ranges, as :class:`ParameterRange` (``povsim parameters``
  prints them);
- :func:`salib_problem` and :func:`salib_overrides`: SALib's problem, and a sample row back
  as overrides for :func:`sim.run`;
- :func:`ema_parameters` and :func:`ema_model`: the EMA Workbench's parameters and a model
  that runs :func:`sim.run`.

Only numbers with a plausible range of more than one value are included: flags, choices and
lists are not swept this way, and a single plausible value
(``programme.projects.max_canteens``, two pig constants) leaves nothing to vary.

SALib and the EMA Workbench are optional: they are imported only inside the functions that
need them.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sim.api import DEFAULT_SEED, run
from sim.params import Parameters, describe
from sim.results import RunResult
from sim.scenario import Scenario, ScenarioError, load_scenario

if TYPE_CHECKING:
    import ema_workbench

ROLES = ("lever", "uncertainty")

# What ema_model's function returns, each a scalar per run.
OUTCOMES: dict[str, str] = {
    "income_growth_first_year_yuan": "pooled per-capita net income in the first programme year "
    "less that of the first simulated year (2008), Yuan; NaN if that year is not simulated",
    "income_gain_last_year_yuan": "pooled per-capita net income in the last simulated year less the "
    "counterfactual's (the same seed and parameters without the programme), Yuan; 0 without a programme",
    "poverty_headcount_last_year": "share of people below the poverty line in the last simulated year",
    "aid_spent_yuan": "the programme's aid spent over all simulated years, Yuan",
}


@dataclass(frozen=True)
class ParameterRange:
    """One parameter a sweep can vary: its role, unit, value, allowed and plausible ranges."""

    name: str  # dotted, as in scenario files and overrides
    role: Literal["lever", "uncertainty"]
    unit: str
    default: int | float  # the value in the parameters given (the defaults unless told)
    low: float  # allowed: the model accepts any value from low to high
    high: float
    plausible_low: float  # plausible: where a sweep draws from
    plausible_high: float
    prior: Literal["uniform", "loguniform"]  # loguniform: uniform in the logarithm
    integer: bool  # a whole number: samplers' floats must be made whole (salib_overrides)
    source: str


def parameter_space(
    role: str | None = None, names: Iterable[str] | None = None, params: Parameters | None = None
) -> list[ParameterRange]:
    """The sweepable parameters: numbers (not flags, choices or lists) with a plausible range
    of more than one value, in declaration order or in the order of ``names``.

    Args:
        role: only levers (``"lever"``) or only uncertainties (``"uncertainty"``).
        names: only these dotted names; an unknown one, or one that is not sweepable, is a
            :class:`sim.ScenarioError` naming it (and the names it is close to).
        params: whose values are reported as ``default`` (the defaults if None; e.g. a
            scenario's ``params``); the ranges are the declared ones.
    """
    if role is not None and role not in ROLES:
        raise ScenarioError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    rows = describe(params if params is not None else Parameters())
    by_name = {row["name"]: row for row in rows}
    sweepable = {row["name"]: r for row in rows if (r := _range_of(row)) is not None}
    if names is None:
        chosen = list(sweepable.values())
    else:
        chosen = []
        for name in names:
            if name not in sweepable:
                raise ScenarioError(_not_sweepable(name, by_name, sweepable))
            chosen.append(sweepable[name])
    return [r for r in chosen if role is None or r.role == role]


def _range_of(row: Mapping[str, Any]) -> ParameterRange | None:
    value, plausible = row["value"], row.get("plausible")
    if isinstance(value, bool) or not isinstance(value, int | float) or plausible is None:
        return None
    if row["role"] not in ROLES or not plausible[0] < plausible[1]:
        return None
    low = row["low"] if row["low"] is not None else -math.inf
    high = row["high"] if row["high"] is not None else math.inf
    return ParameterRange(
        name=row["name"],
        role=row["role"],
        unit=row["unit"],
        default=value,
        low=low,
        high=high,
        plausible_low=plausible[0],
        plausible_high=plausible[1],
        prior=row["prior"],
        integer=isinstance(value, int),
        source=row["source"],
    )


def _not_sweepable(name: str, rows: Mapping[str, Mapping[str, Any]], sweepable: Mapping[str, Any]) -> str:
    if name in rows:
        row = rows[name]
        plausible = row.get("plausible")
        if plausible is not None and plausible[0] == plausible[1]:
            why = f"its plausible range is the single value {plausible[0]}"
        elif plausible is None or row["role"] not in ROLES:
            why = f"it is a {row['role']} with no plausible range"
        else:
            why = f"it is not a number ({row['value']!r})"
        return f"parameter '{name}' cannot be swept: {why}"
    close = difflib.get_close_matches(name, list(sweepable), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `povsim parameters` lists them"
    return f"unknown parameter '{name}'{hint}"


# ------------------------------------------------------------------------------------ SALib


def salib_problem(ranges: Sequence[ParameterRange]) -> dict[str, Any]:
    """SALib's problem: ``num_vars``, ``names`` (dotted), ``bounds`` (the plausible ranges),
    and ``dists`` if any prior is log-uniform (SALib 1.5+ has ``"logunif"``; otherwise
    ``"unif"``).

    A whole-number parameter's bounds are ``[low, high + 1]``: SALib samples floats, and
    :func:`salib_overrides` rounds them down, so every whole number from low to high is equally
    likely (rounding to the nearest would halve the chance of the two ends).
    """
    if not ranges:
        raise ScenarioError("salib_problem: give at least one parameter range")
    problem: dict[str, Any] = {
        "num_vars": len(ranges),
        "names": [r.name for r in ranges],
        "bounds": [[r.plausible_low, r.plausible_high + (1 if r.integer else 0)] for r in ranges],
    }
    if any(r.prior == "loguniform" for r in ranges):
        problem["dists"] = ["logunif" if r.prior == "loguniform" else "unif" for r in ranges]
    return problem


def salib_overrides(ranges: Sequence[ParameterRange], values: Sequence[float]) -> dict[str, int | float]:
    """One row of a SALib sample as overrides for :func:`sim.run`: whole-number parameters
    rounded down (see :func:`salib_problem`) and kept within their plausible range."""
    if len(values) != len(ranges):
        raise ScenarioError(f"salib_overrides: {len(values)} values for {len(ranges)} parameters")
    out: dict[str, int | float] = {}
    for r, value in zip(ranges, values, strict=True):
        if r.integer:
            out[r.name] = int(min(max(math.floor(value), r.plausible_low), r.plausible_high))
        else:
            out[r.name] = float(value)
    return out


# ------------------------------------------------------------------------------ EMA Workbench


def ema_name(name: str) -> str:
    """A dotted name as the EMA Workbench needs it, a Python identifier: dots become ``__``
    (no parameter's name has a double underscore, so :func:`dotted_name` undoes it)."""
    return name.replace(".", "__")


def dotted_name(name: str) -> str:
    """The dotted parameter name of an EMA Workbench parameter's name."""
    return name.replace("__", ".")


def ema_parameters(ranges: Iterable[ParameterRange]) -> list[Any]:
    """The EMA Workbench's parameters (``IntegerParameter`` for whole numbers, else
    ``RealParameter``; log-uniform ones from ``scipy.stats.loguniform``) over the plausible
    ranges, named by :func:`ema_name`. Needs ``ema-workbench`` (3.0 or later)."""
    import ema_workbench as ema  # optional: only sweeps need it
    import scipy.stats

    out: list[Any] = []
    for r in ranges:
        name = ema_name(r.name)
        if r.integer:
            # EMA has no log-uniform integers: a log-uniform whole number is sampled uniformly.
            out.append(ema.IntegerParameter(name, int(r.plausible_low), int(r.plausible_high)))
        elif r.prior == "loguniform":
            dist = scipy.stats.loguniform(r.plausible_low, r.plausible_high)
            out.append(ema.RealParameter.from_dist(name, dist))
        else:
            out.append(ema.RealParameter(name, r.plausible_low, r.plausible_high))
    return out


def run_outcomes(result: RunResult) -> dict[str, float]:
    """The scalar outcomes of one run that :func:`ema_model` reports (see :data:`OUTCOMES`)."""
    pooled = result.pooled
    first = result.params.programme.schedule.first_year
    growth = float(pooled["growth_yuan"].get(first, math.nan))
    last = str(pooled.index[-1])
    programme = result.programme or {}
    gain = programme.get("income_gain_yuan_per_capita", {}).get(last, 0.0)
    return {
        "income_growth_first_year_yuan": growth,
        "income_gain_last_year_yuan": float(gain),
        "poverty_headcount_last_year": float(pooled["poverty_headcount_ratio"].iloc[-1]),
        "aid_spent_yuan": float(programme.get("aid_total_yuan", 0.0)),
    }


@dataclass(frozen=True)
class _Runner:
    """The EMA model's function: a class, not a closure, so that the EMA Workbench's
    multiprocessing evaluator can pickle it."""

    scenario: Scenario
    years: int | None
    seed: int

    def __call__(self, **sampled: Any) -> dict[str, float]:
        overrides = {dotted_name(name): value for name, value in sampled.items()}
        result = run(self.scenario, seed=self.seed, years=self.years, overrides=overrides)
        return run_outcomes(result)


def ema_model(
    scenario: Scenario | str | Path,
    ranges: Iterable[ParameterRange],
    *,
    years: int | None = None,
    seed: int = DEFAULT_SEED,
    name: str = "povsim",
) -> ema_workbench.Model:
    """An EMA Workbench ``Model`` whose experiments run :func:`sim.run` of ``scenario`` with the
    sampled values as overrides, on one seed, for ``years`` years (the scenario's if None).

    The uncertainties and levers are ``ranges`` by their role (:func:`ema_parameters`); the
    outcomes are :data:`OUTCOMES`. Every experiment uses the same seed, so the differences
    between experiments are the parameters' (common random numbers); replicate over seeds by
    building one model per seed, or with the sweep runner.
    """
    import ema_workbench as ema  # optional: only sweeps need it

    loaded = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    ranges = list(ranges)
    model = ema.Model(name, function=_Runner(loaded, years, seed))
    model.uncertainties = ema_parameters(r for r in ranges if r.role == "uncertainty")
    model.levers = ema_parameters(r for r in ranges if r.role == "lever")
    model.outcomes = [ema.ScalarOutcome(outcome) for outcome in OUTCOMES]
    return model
