"""Experiment files: which parameters a sweep varies, over what, how, and what it records.

An experiment file is data (TOML), parsed and never executed, and validated as strictly as a
scenario file: every error names the file, the key and what is allowed. The format is
documented in ``experiments/README.md``::

    [experiment]
    description = "..."
    scenario = "../scenarios/liaoning-2009.toml"   # relative to this file
    design = "sobol"                               # full_factorial | latin_hypercube | sobol | morris
    samples = 64
    outcomes = ["growth_over_first_year_yuan@2009", "benefit_per_yuan"]

    [[uncertainties]]
    name = "labour.migrant_wage_yuan_per_month"    # range: the parameter's plausible range

    [[levers]]
    name = "programme.village_advancement.household_project_share"
    levels = [0.5, 0.6, 0.7]                       # full factorial only

    [[remainders]]                                 # keeps a total fixed: infeasible points impossible
    name = "programme.village_advancement.infrastructure_share"
    total = 1.0
    minus = ["programme.village_advancement.household_project_share"]

Every design point is checked at load: a point that is not a valid parameter set (the shares
of a budget adding up to more than 1, say) is an error listing how many there are and the
first, so a sweep never starts with runs that would fail. Remainders make such points
impossible by construction where a total is what should stay fixed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.experiment.errors import ExperimentError
from sim.experiment.outcomes import DURABILITY_OUTCOMES, check_outcomes
from sim.params import Parameters, describe
from sim.programme.outcomes import DEFAULT_DISCOUNT_RATE, DEFAULT_HORIZON_YEARS, Valuation
from sim.scenario import Scenario, ScenarioError, load_scenario, read_toml

__all__ = ["DESIGNS", "Experiment", "ExperimentError", "Remainder", "Variable", "load_experiment"]

DESIGNS = ("full_factorial", "latin_hypercube", "sobol", "morris")
DISTRIBUTIONS = ("uniform", "loguniform")
ROLES = {"uncertainties": "uncertainty", "levers": "lever", "variables": None}
EXPERIMENT_KEYS = (
    "description",
    "scenario",
    "design",
    "samples",
    "second_order",
    "morris_levels",
    "replications",
    "seed",
    "years",
    "poverty_line_yuan",
    "horizon_years",
    "discount_rate",
    "outcomes",
)
VARIABLE_KEYS = ("name", "low", "high", "distribution", "levels", "steps")
REMAINDER_KEYS = ("name", "total", "minus")
# Set by [experiment] itself: varying them would move the outcomes' years.
NOT_VARIABLE = ("simulation.start_year", "simulation.years")
MAX_SEED = 2**63


@dataclass(frozen=True)
class Variable:
    """One parameter a sweep varies, and over what."""

    name: str  # dotted parameter name
    role: str  # 'uncertainty' | 'lever'
    low: float
    high: float
    distribution: str = "uniform"  # 'uniform' | 'loguniform'
    levels: tuple[float, ...] | None = None  # explicit values (full factorial)
    integer: bool = False  # an int parameter: values are rounded and passed as int

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "low": self.low,
            "high": self.high,
            "distribution": self.distribution,
            "levels": list(self.levels) if self.levels is not None else None,
            "integer": self.integer,
        }


@dataclass(frozen=True)
class Remainder:
    """A parameter set at every point to ``total`` less the values of ``minus`` there (variables
    at the point, the base scenario's values otherwise): keeps a total fixed, so the design has
    no point whose parts add up to more than it."""

    name: str
    total: float
    minus: tuple[str, ...]
    base: tuple[float, ...]  # the base scenario's values of ``minus``, for those not varied

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "total": self.total, "minus": list(self.minus), "base": list(self.base)}


@dataclass(frozen=True)
class Experiment:
    """A validated experiment: the base scenario, the variables, the design and the outcomes."""

    name: str
    description: str
    path: Path
    scenario: Scenario
    variables: tuple[Variable, ...]
    design: str
    samples: int = 0
    second_order: bool = False
    morris_levels: int = 4
    replications: int = 1
    outcomes: tuple[str, ...] = ()
    seed: int = 1
    years: int | None = None
    poverty_line_yuan: float | None = None
    horizon_years: int = DEFAULT_HORIZON_YEARS
    discount_rate: float = DEFAULT_DISCOUNT_RATE
    remainders: tuple[Remainder, ...] = ()

    @property
    def analysis(self) -> str:
        """What ``povsim analyze`` computes (:func:`analysis_of`)."""
        return analysis_of(self.design, [v.role for v in self.variables])

    @property
    def point_count(self) -> int:
        return point_count(self.design, self.samples, len(self.variables), self.second_order, self.variables)

    @property
    def valuation(self) -> Valuation:
        return Valuation(self.horizon_years, self.discount_rate)

    def describe(self) -> dict[str, Any]:
        """Everything needed to rebuild the design and analyse the results without the file."""
        return {
            "name": self.name,
            "description": self.description,
            "path": str(self.path),
            "scenario": {
                "name": self.scenario.name,
                "path": str(self.scenario.path) if self.scenario.path else None,
                "overrides": {k: _jsonable(v) for k, v in self.scenario.overrides.items()},
            },
            "design": self.design,
            "analysis": self.analysis,
            "samples": self.samples,
            "second_order": self.second_order,
            "morris_levels": self.morris_levels,
            "seed": self.seed,
            "replications": self.replications,
            "points": self.point_count,
            "runs": self.point_count * self.replications,
            "variables": [v.describe() for v in self.variables],
            "remainders": [r.describe() for r in self.remainders],
            "outcomes": list(self.outcomes),
            "years": self.years,
            "poverty_line_yuan": self.poverty_line_yuan,
            "horizon_years": self.horizon_years,
            "discount_rate": self.discount_rate,
        }


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def analysis_of(design: str, roles: list[str]) -> str:
    """'sobol' or 'morris' indices for those designs; a Latin hypercube over uncertainties gets
    'delta' (Borgonovo's moment-independent index and a first-order index, which SALib computes
    from any sample); designs over levers only, and full factorials, get the outcome 'surface'
    (the mean and its interval at each point), which is what a planner choosing levers reads."""
    if design in ("sobol", "morris"):
        return design
    if design == "latin_hypercube" and any(role == "uncertainty" for role in roles):
        return "delta"
    return "surface"


def point_count(
    design: str, samples: int, k: int, second_order: bool, variables: tuple[Variable, ...] = ()
) -> int:
    """How many design points: Sobol (Saltelli) N(k+2), or N(2k+2) with second order; Morris
    r(k+1); Latin hypercube N; full factorial the product of the numbers of levels."""
    if design == "sobol":
        return samples * (2 * k + 2 if second_order else k + 2)
    if design == "morris":
        return samples * (k + 1)
    if design == "latin_hypercube":
        return samples
    return math.prod(len(v.levels or ()) for v in variables)


# --- loading -------------------------------------------------------------------------------


def load_experiment(path: str | Path) -> Experiment:
    """Read and validate an experiment file, its base scenario and every design point."""
    path = Path(path)
    origin = str(path)
    raw = read_toml(path, "experiment", ExperimentError)
    allowed = ("experiment", *ROLES, "remainders")
    for key in raw:
        if key not in allowed:
            raise ExperimentError(
                f"{origin}: unknown key '{key}'; allowed at the top level: {', '.join(allowed)}"
            )
    meta = raw.get("experiment")
    if not isinstance(meta, dict):
        raise ExperimentError(
            f"{origin}: key 'experiment' must be a table [experiment] with 'scenario', 'design' "
            "and 'outcomes'"
        )
    _known(meta, EXPERIMENT_KEYS, "experiment", origin)
    get = _Getter(meta, "experiment", origin)
    description = get.string("description", "")
    scenario = _scenario(get.string("scenario"), path, origin)
    design = get.choice("design", DESIGNS)
    params = scenario.params
    by_name = {row["name"]: row for row in describe(params)}
    variables = _variables(raw, by_name, design, origin)
    remainders = _remainders(raw, by_name, {v.name for v in variables}, origin)
    samples = _samples(get, design, len(variables), origin)
    second_order = get.boolean("second_order", False, only=design == "sobol", design=design)
    morris_levels = get.integer("morris_levels", 4, low=2, only=design == "morris", design=design)
    if morris_levels % 2:
        raise ExperimentError(
            f"{origin}: key 'experiment.morris_levels' must be even (SALib's Morris grid), "
            f"got {morris_levels}"
        )
    _analysable(design, variables, origin)
    years = get.integer("years", None, low=1, high=50)
    first_year = params.simulation.start_year
    last_year = first_year + (years or params.simulation.years) - 1
    horizon = get.integer("horizon_years", DEFAULT_HORIZON_YEARS, low=1)
    discount = get.number("discount_rate", DEFAULT_DISCOUNT_RATE, low=0.0, below=1.0)
    outcomes = get.strings("outcomes")
    check_outcomes(outcomes, first_year, last_year, origin)
    experiment = Experiment(
        name=path.stem,
        description=description,
        path=path,
        scenario=scenario,
        variables=variables,
        design=design,
        samples=samples,
        second_order=second_order,
        morris_levels=morris_levels,
        replications=get.integer("replications", 1, low=1),
        outcomes=tuple(outcomes),
        seed=get.integer("seed", 1, low=0, below=MAX_SEED),
        years=years,
        poverty_line_yuan=get.number("poverty_line_yuan", None, low=1.0, high=20000.0),
        horizon_years=horizon,
        discount_rate=discount,
        remainders=remainders,
    )
    check_points(experiment, last_year)
    return experiment


def _known(table: Mapping[str, Any], allowed: tuple[str, ...], where: str, origin: str) -> None:
    for key in table:
        if key not in allowed:
            raise ExperimentError(
                f"{origin}: unknown key '{where}.{key}'; allowed in [{where.split('[')[0]}]: "
                f"{', '.join(allowed)}"
            )


@dataclass
class _Getter:
    """Typed reads of one table's keys, with errors naming the file and the key."""

    table: Mapping[str, Any]
    where: str
    origin: str

    def _fail(self, key: str, what: str) -> ExperimentError:
        value = self.table.get(key)
        got = "it is missing" if key not in self.table else f"got {value!r}"
        return ExperimentError(f"{self.origin}: key '{self.where}.{key}' must be {what}, {got}")

    def string(self, key: str, default: str | None = None) -> str:
        value = self.table.get(key, default)
        if not isinstance(value, str):
            raise self._fail(key, "a string")
        return value

    def choice(self, key: str, choices: tuple[str, ...]) -> str:
        value = self.table.get(key)
        if value not in choices:
            raise self._fail(key, f"one of {', '.join(choices)}")
        return str(value)

    def boolean(self, key: str, default: bool, *, only: bool = True, design: str = "") -> bool:
        self._only(key, only, design)
        value = self.table.get(key, default)
        if not isinstance(value, bool):
            raise self._fail(key, "true or false")
        return value

    def integer(
        self,
        key: str,
        default: Any,
        *,
        low: int | None = None,
        high: int | None = None,
        below: int | None = None,
        only: bool = True,
        design: str = "",
    ) -> Any:
        self._only(key, only, design)
        if key not in self.table:
            return default
        value = self.table[key]
        span = _span(low, high, below)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._fail(key, f"a whole number{span}")
        if (
            (low is not None and value < low)
            or (high is not None and value > high)
            or (below is not None and value >= below)
        ):
            raise self._fail(key, f"a whole number{span}")
        return value

    def number(
        self,
        key: str,
        default: Any,
        *,
        low: float | None = None,
        high: float | None = None,
        below: float | None = None,
    ) -> Any:
        if key not in self.table:
            return default
        value = self.table[key]
        span = _span(low, high, below)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self._fail(key, f"a number{span}")
        if (
            (low is not None and value < low)
            or (high is not None and value > high)
            or (below is not None and value >= below)
        ):
            raise self._fail(key, f"a number{span}")
        return float(value)

    def strings(self, key: str) -> list[str]:
        value = self.table.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "a list of outcome names (strings)")
        return value

    def _only(self, key: str, only: bool, design: str) -> None:
        if key in self.table and not only:
            raise ExperimentError(
                f"{self.origin}: key '{self.where}.{key}' has no use with design '{design}'; remove it"
            )


def _span(low: float | None, high: float | None, below: float | None) -> str:
    if low is not None and high is not None:
        return f" in [{low}, {high}]"
    if low is not None and below is not None:
        return f" in [{low}, {below})"
    if low is not None:
        return f" >= {low}"
    return ""


def _scenario(relative: str, path: Path, origin: str) -> Scenario:
    where = (path.parent / relative).resolve()
    if not where.is_file():
        raise ExperimentError(
            f"{origin}: key 'experiment.scenario': no scenario file {relative!r} (looked for {where})"
        )
    try:
        return load_scenario(where)
    except ScenarioError as error:
        raise ExperimentError(f"{origin}: key 'experiment.scenario': {error}") from error


def _tables(raw: Mapping[str, Any], key: str, origin: str) -> list[dict[str, Any]]:
    entries = raw.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ExperimentError(f"{origin}: key '{key}' must be an array of tables [[{key}]]")
    return entries


def _parameter(name: Any, by_name: Mapping[str, dict[str, Any]], key: str, origin: str) -> dict[str, Any]:
    """The metadata of a numeric scalar parameter, or an error naming the key."""
    if not isinstance(name, str):
        raise ExperimentError(
            f"{origin}: key '{key}' must be a dotted parameter name (a string), got {name!r}"
        )
    row = by_name.get(name)
    if row is None:
        raise ExperimentError(
            f"{origin}: key '{key}': {name!r} is not a parameter (see `povsim scenarios show`)"
        )
    value = row["value"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ExperimentError(
            f"{origin}: key '{key}': {name!r} is not a numeric scalar parameter, so it cannot be varied"
        )
    return row


def _variables(
    raw: Mapping[str, Any], by_name: Mapping[str, dict[str, Any]], design: str, origin: str
) -> tuple[Variable, ...]:
    variables: list[Variable] = []
    for table, role in ROLES.items():
        for i, entry in enumerate(_tables(raw, table, origin)):
            where = f"{table}[{i}]"
            _known(entry, VARIABLE_KEYS, where, origin)
            row = _parameter(entry.get("name"), by_name, f"{where}.name", origin)
            variables.append(_variable(entry, row, role, design, where, origin))
    if not variables:
        raise ExperimentError(
            f"{origin}: no variables: add [[uncertainties]] or [[levers]] tables, each with a 'name'"
        )
    seen: set[str] = set()
    for v in variables:
        if v.name in seen:
            raise ExperimentError(f"{origin}: parameter {v.name!r} is varied twice; give it once")
        if v.name in NOT_VARIABLE:
            raise ExperimentError(
                f"{origin}: parameter {v.name!r} cannot be varied; set [experiment] years instead"
            )
        seen.add(v.name)
    return tuple(variables)


def _variable(
    entry: Mapping[str, Any], row: Mapping[str, Any], role: str | None, design: str, where: str, origin: str
) -> Variable:
    name = row["name"]
    label = f"({name})"
    integer = isinstance(row["value"], int)
    if role is None:
        role = row["role"]
        if role not in ("uncertainty", "lever"):
            raise ExperimentError(
                f"{origin}: key '{where}.name' {label} is a constant; vary it under [[uncertainties]] "
                "or [[levers]]"
            )
    allowed_low, allowed_high, unit = row.get("low"), row.get("high"), row.get("unit", "")
    allowed = f"[{allowed_low}, {allowed_high}] {unit}".rstrip()
    distribution = entry.get("distribution", row.get("prior", "uniform"))
    if distribution not in DISTRIBUTIONS:
        raise ExperimentError(
            f"{origin}: key '{where}.distribution' {label} must be one of {', '.join(DISTRIBUTIONS)}, "
            f"got {distribution!r}"
        )
    levels = _levels(entry, integer, design, where, label, origin)
    if levels is not None and ("low" in entry or "high" in entry):
        raise ExperimentError(
            f"{origin}: key '{where}.levels' {label}: give either levels or low/high, not both"
        )
    if levels is not None:
        low, high = min(levels), max(levels)
    else:
        plausible = row.get("plausible")
        kind = "whole number" if integer else "number"
        for key, index in (("low", 0), ("high", 1)):
            if key not in entry and plausible is None:
                raise ExperimentError(
                    f"{origin}: key '{where}.{key}' {label} is needed: the parameter has no plausible range"
                )
            value = entry.get(key, plausible[index] if plausible else None)
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or (integer and value != int(value))
            ):
                raise ExperimentError(
                    f"{origin}: key '{where}.{key}' {label} must be a {kind} in {allowed}, got {value!r}"
                )
        low = entry.get("low", plausible[0] if plausible else 0.0)
        high = entry.get("high", plausible[1] if plausible else 0.0)
    for key, value in (
        (("low", low), ("high", high)) if levels is None else (("levels", low), ("levels", high))
    ):
        if (allowed_low is not None and value < allowed_low) or (
            allowed_high is not None and value > allowed_high
        ):
            raise ExperimentError(
                f"{origin}: key '{where}.{key}' {label} is {value}, outside the allowed range {allowed}"
            )
    if levels is None and not low < high:
        raise ExperimentError(
            f"{origin}: key '{where}.low' {label} ({low}) must be below '{where}.high' ({high})"
            + (
                "; the parameter's plausible range is a single value: give low and high"
                if "low" not in entry
                else ""
            )
        )
    if distribution == "loguniform" and low <= (0.5 if integer else 0.0):
        raise ExperimentError(
            f"{origin}: key '{where}.low' {label} is {low}: a loguniform range must start above 0"
        )
    if design == "full_factorial" and levels is None:
        steps = entry.get("steps")
        if isinstance(steps, bool) or not isinstance(steps, int) or steps < 2:
            raise ExperimentError(
                f"{origin}: key '{where}.levels' {label}: a full factorial needs 'levels' (a list) or "
                f"'steps' (a whole number >= 2) for every variable"
            )
        levels = _spaced(low, high, steps, distribution, integer, where, label, origin)
    elif "steps" in entry:
        raise ExperimentError(f"{origin}: key '{where}.steps' has no use with design '{design}'; remove it")
    number = int if integer else float
    return Variable(name, str(role), number(low), number(high), str(distribution), levels, integer)


def _levels(
    entry: Mapping[str, Any], integer: bool, design: str, where: str, label: str, origin: str
) -> tuple[float, ...] | None:
    if "levels" not in entry:
        return None
    if design != "full_factorial":
        raise ExperimentError(
            f"{origin}: key '{where}.levels' {label} is for design 'full_factorial' only; give low/high"
        )
    if "steps" in entry:
        raise ExperimentError(f"{origin}: key '{where}.steps' {label}: give either levels or steps, not both")
    values = entry["levels"]
    kind = "whole numbers" if integer else "numbers"
    if (
        not isinstance(values, list)
        or len(values) < 2
        or any(
            isinstance(v, bool)
            or not isinstance(v, int | float)
            or not math.isfinite(v)
            or (integer and v != int(v))
            for v in values
        )
    ):
        raise ExperimentError(
            f"{origin}: key '{where}.levels' {label} must be a list of at least two {kind}, got {values!r}"
        )
    if len(set(values)) < len(values):
        raise ExperimentError(f"{origin}: key '{where}.levels' {label} repeats a value: {values!r}")
    return tuple(int(v) if integer else float(v) for v in values)


def _spaced(
    low: float, high: float, steps: int, distribution: str, integer: bool, where: str, label: str, origin: str
) -> tuple[float, ...]:
    """``steps`` values from low to high, evenly spaced (on the log scale if loguniform)."""
    if distribution == "loguniform":
        values = [low * (high / low) ** (i / (steps - 1)) for i in range(steps)]
    else:
        values = [low + (high - low) * i / (steps - 1) for i in range(steps)]
    if not integer:
        return tuple(float(v) for v in values)
    whole = tuple(math.floor(v + 0.5) for v in values)
    if len(set(whole)) < len(whole):
        raise ExperimentError(
            f"{origin}: key '{where}.steps' {label}: {steps} steps from {low} to {high} repeat whole "
            f"numbers; at most {int(high - low) + 1}"
        )
    return whole


def _remainders(
    raw: Mapping[str, Any], by_name: Mapping[str, dict[str, Any]], varied: set[str], origin: str
) -> tuple[Remainder, ...]:
    remainders: list[Remainder] = []
    for i, entry in enumerate(_tables(raw, "remainders", origin)):
        where = f"remainders[{i}]"
        _known(entry, REMAINDER_KEYS, where, origin)
        row = _parameter(entry.get("name"), by_name, f"{where}.name", origin)
        name = row["name"]
        if isinstance(row["value"], int):
            raise ExperimentError(
                f"{origin}: key '{where}.name': {name!r} is a whole number; a remainder must be a "
                "real-valued parameter"
            )
        if name in varied or any(r.name == name for r in remainders):
            raise ExperimentError(f"{origin}: key '{where}.name': {name!r} is already varied or a remainder")
        total = _Getter(entry, where, origin).number("total", None)
        if total is None:
            raise ExperimentError(f"{origin}: key '{where}.total' must be a number, it is missing")
        minus = entry.get("minus")
        if not isinstance(minus, list) or not minus:
            raise ExperimentError(
                f"{origin}: key '{where}.minus' must be a non-empty list of parameter names, got {minus!r}"
            )
        rows = [_parameter(m, by_name, f"{where}.minus", origin) for m in minus]
        remainders.append(Remainder(name, total, tuple(minus), tuple(float(r["value"]) for r in rows)))
    return tuple(remainders)


def _samples(get: _Getter, design: str, k: int, origin: str) -> int:
    if design == "full_factorial":
        get._only("samples", False, design)
        return 0
    what = {"sobol": "base samples N", "morris": "trajectories", "latin_hypercube": "points"}[design]
    if "samples" not in get.table:
        raise ExperimentError(f"{origin}: key 'experiment.samples' ({what}) is needed for design '{design}'")
    samples: int = get.integer("samples", None, low=2)
    if design == "sobol" and samples & (samples - 1):
        lower = 1 << (samples.bit_length() - 1)
        raise ExperimentError(
            f"{origin}: key 'experiment.samples' must be a power of 2 for a Sobol design "
            f"(Saltelli's scheme), got {samples}; use {lower} or {lower * 2}"
        )
    return samples


def _analysable(design: str, variables: tuple[Variable, ...], origin: str) -> None:
    if design == "sobol" and len(variables) < 2:
        raise ExperimentError(
            f"{origin}: key 'experiment.design': a Sobol design needs at least 2 variables, "
            f"got {len(variables)}"
        )


# --- every point a valid parameter set -------------------------------------------------


def check_points(exp: Experiment, last_year: int) -> None:
    """Raise :class:`ExperimentError` if any design point is not a valid parameter set, or asks
    for an outcome its simulated years cannot give (a horizon or a durability past the end)."""
    from sim.experiment.design import parameters_at, points

    table = points(exp)
    bad: list[tuple[int, str]] = []
    records: list[dict[str, Any]] = table.to_dict("records")  # type: ignore[assignment]
    for point, values in zip(table.index, records, strict=True):
        try:
            params = parameters_at(exp, values)
        except ScenarioError as error:
            bad.append((int(point), str(error).removeprefix(f"{exp.path}: ")))
            continue
        _check_years(exp, params, last_year, int(point), values)
    if bad:
        point, why = bad[0]
        shown = ", ".join(f"{k}={v:g}" for k, v in records[point].items())
        raise ExperimentError(
            f"{exp.path}: {len(bad)} of {len(table)} design points are not valid parameter sets, e.g. "
            f"point {point} ({shown}): {why}; narrow the ranges or keep the total fixed with [[remainders]]"
        )


def _check_years(
    exp: Experiment, params: Parameters, last_year: int, point: int, values: Mapping[str, Any]
) -> None:
    from sim.programme.programme import is_active

    if not is_active(params.programme):
        return
    schedule = params.programme.schedule
    at = f" at point {point}" if values else ""
    # Every programme run is valued over the horizon (sim.runner.rows.run_row), whatever
    # the outcomes: a horizon past the end would fail every run.
    available = last_year - schedule.first_year + 1
    if exp.horizon_years > available:
        raise ExperimentError(
            f"{exp.path}: key 'experiment.horizon_years': the {exp.horizon_years}-year valuation horizon "
            f"from the programme's first year {schedule.first_year}{at} runs past the last simulated "
            f"year {last_year}; use {max(available, 1)} or less, or simulate more years"
        )
    for name in exp.outcomes:
        k = DURABILITY_OUTCOMES.get(name)
        if k is not None and min(schedule.last_year, last_year) + k > last_year:
            raise ExperimentError(
                f"{exp.path}: key 'experiment.outcomes': {name!r} needs {k} years after the last funded year "
                f"{schedule.last_year}{at}, past the last simulated year {last_year}; simulate more years"
            )
