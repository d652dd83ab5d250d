"""Calibration files: what is fitted, to what, and how (strict TOML, read as data).

```toml
[calibration]
description = "..."
scenario = "../scenarios/liaoning-2009.toml"   # relative to this file
seed = 2009
years = 6                                      # simulated years per run, from 2008

[method]                                       # ABC-SMC settings (all required)
population = 150
max_generations = 8
max_simulations = 2400
min_acceptance_rate = 0.02
quantile = 0.5
batch = 50
final_replications = 20
predictive_draws = 100

[quick]                                        # --quick: any [method] keys, smaller
population = 12

[[parameters]]                                 # fitted: a uniform prior, the plausible
name = "labour.migrant_wage_yuan_per_month"    # range unless `prior = [low, high]`
why = "..."

[[targets]]                                    # fitted: a statistic within [low, high]
name = "growth_2009"
statistic = "growth_over_first_year_yuan@2009"
low = 1000
high = 1300
scale = 150                                    # how far outside counts as one unit
label = "..."
source = "..."

[[checks]]                                     # out of sample: same keys, never fitted
```

Every error is one line naming the file, the key and what is allowed
(:class:`CalibrationError`).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from sim.calibration.statistics import known, year_of
from sim.parameter_space import ParameterRange, parameter_space
from sim.programme.outcomes import Valuation
from sim.runner.tasks import MAX_SEED
from sim.scenario import Scenario, ScenarioError, load_scenario, read_toml


class CalibrationError(ScenarioError):
    """A calibration file that cannot be used; the message names the file, the key and why."""


@dataclass(frozen=True)
class FreeParameter:
    """A fitted parameter and its uniform prior (whole numbers if ``integer``)."""

    name: str
    low: float
    high: float
    integer: bool
    unit: str
    why: str


@dataclass(frozen=True)
class Target:
    """A statistic and the published range it should fall in (``low == high``: a value; None:
    one-sided). ``scale``: the distance outside the range that counts as one unit."""

    name: str
    statistic: str
    low: float | None
    high: float | None
    scale: float
    label: str
    source: str

    def miss(self, value: float) -> float:
        """How far ``value`` lies outside the range, in units of ``scale`` (inf if undefined)."""
        if math.isnan(value):
            return math.inf
        below = self.low - value if self.low is not None else 0.0
        above = value - self.high if self.high is not None else 0.0
        return max(below, above, 0.0) / self.scale

    def contains(self, value: float) -> bool:
        """Inside the range; for a single published value, within one scale of it (a
        continuous outcome never equals it exactly)."""
        if self.low is not None and self.low == self.high:
            return self.miss(value) <= 1.0
        return self.miss(value) == 0.0


@dataclass(frozen=True)
class Method:
    """ABC-SMC's settings (pyabc): the population per generation, when to stop, the quantile
    of the last generation's distances that sets the next threshold, how many proposals are
    simulated at once, and the final simulations the record keeps."""

    population: int
    max_generations: int
    max_simulations: int
    min_acceptance_rate: float
    quantile: float
    batch: int
    final_replications: int
    predictive_draws: int


METHOD_KEYS = tuple(Method.__dataclass_fields__)
_INTEGER_KEYS = {
    "population",
    "max_generations",
    "max_simulations",
    "batch",
    "final_replications",
    "predictive_draws",
}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Calibration:
    name: str
    path: Path
    description: str
    scenario: Scenario
    seed: int
    years: int
    method: Method
    quick: bool
    parameters: tuple[FreeParameter, ...]
    targets: tuple[Target, ...]
    checks: tuple[Target, ...]
    file_hash: str

    @property
    def first_year(self) -> int:
        return self.scenario.params.simulation.start_year

    @property
    def horizon_years(self) -> int:
        """Years of the value over the horizon (benefit per Yuan): from the programme's first
        year to the last simulated one, at most the default five."""
        start = self.scenario.params.programme.schedule.first_year
        available = self.first_year + self.years - start
        return max(1, min(Valuation().horizon_years, available))

    def describe(self) -> dict[str, Any]:
        """Everything that decides the fit's runs, as JSON data (for identities and records)."""
        return {
            "name": self.name,
            "scenario": self.scenario.name,
            "scenario_overrides": dict(sorted(self.scenario.overrides.items())),
            "seed": self.seed,
            "years": self.years,
            "quick": self.quick,
            "method": asdict(self.method),
            "parameters": [asdict(p) for p in self.parameters],
            "targets": [asdict(t) for t in self.targets],
        }


def load_calibration(path: str | Path, *, quick: bool = False) -> Calibration:
    """Read and check a calibration file; :class:`CalibrationError` names what is wrong."""
    path = Path(path)
    origin = str(path)
    raw = read_toml(path, "calibration", CalibrationError)
    _allowed(raw, ("calibration", "method", "quick", "parameters", "targets", "checks"), "", origin)
    head = _table(raw, "calibration", origin)
    _allowed(head, ("description", "scenario", "seed", "years"), "calibration", origin)
    get = _Getter(head, "calibration", origin)
    description = get.string("description")
    scenario = _scenario(get.string("scenario"), path, origin)
    seed = get.integer("seed", 0, MAX_SEED)
    years = get.integer("years", 2, 50)
    method = _method(_table(raw, "method", origin), origin)
    if quick:
        overrides = _table(raw, "quick", origin) if "quick" in raw else {}
        method = replace(method, **_method_values(overrides, "quick", origin, partial=True))
    if method.max_simulations < method.population:
        raise CalibrationError(
            f"{origin}: key 'method.max_simulations' must be at least method.population "
            f"({method.population}), got {method.max_simulations}"
        )
    parameters = _parameters(raw, scenario, origin)
    last_year = scenario.params.simulation.start_year + years - 1
    targets = _targets(raw, "targets", scenario.params.simulation.start_year, last_year, origin)
    checks = _targets(raw, "checks", scenario.params.simulation.start_year, last_year, origin, required=False)
    names = [t.name for t in (*targets, *checks)]
    for name in names:
        if names.count(name) > 1:
            raise CalibrationError(f"{origin}: target or check name {name!r} is used twice")
    return Calibration(
        name=path.stem,
        path=path,
        description=description,
        scenario=scenario,
        seed=seed,
        years=years,
        method=method,
        quick=quick,
        parameters=parameters,
        targets=targets,
        checks=checks,
        file_hash=hashlib.sha256(path.read_bytes()).hexdigest(),
    )


def _allowed(table: Mapping[str, Any], allowed: Sequence[str], where: str, origin: str) -> None:
    for key in table:
        if key not in allowed:
            dotted = f"{where}.{key}" if where else key
            place = f"[{where.split('[')[0]}]" if where else "the file"
            raise CalibrationError(
                f"{origin}: unknown key '{dotted}'; allowed in {place}: {', '.join(allowed)}"
            )


def _table(raw: Mapping[str, Any], key: str, origin: str) -> Mapping[str, Any]:
    value = raw.get(key)
    if not isinstance(value, dict):
        got = "it is missing" if key not in raw else f"got {value!r}"
        raise CalibrationError(f"{origin}: key '{key}' must be a table, {got}")
    return value


def _tables(raw: Mapping[str, Any], key: str, origin: str, required: bool = True) -> list[dict[str, Any]]:
    value = raw.get(key, None if required else [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value) or (required and not value):
        got = "it is missing" if key not in raw else f"got {value!r}"
        raise CalibrationError(f"{origin}: key '{key}' must be one or more [[{key}]] tables, {got}")
    return value


@dataclass
class _Getter:
    """Typed reads of one table's keys, with errors naming the file and the key."""

    table: Mapping[str, Any]
    where: str
    origin: str

    def fail(self, key: str, what: str) -> CalibrationError:
        got = "it is missing" if key not in self.table else f"got {self.table[key]!r}"
        return CalibrationError(f"{self.origin}: key '{self.where}.{key}' must be {what}, {got}")

    def string(self, key: str) -> str:
        value = self.table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "a non-empty string")
        return value

    def integer(self, key: str, low: int, high: int) -> int:
        value = self.table.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key, f"a whole number from {low:,} to {high:,}")
        return value

    def number(self, key: str, low: float, high: float, *, open_ends: bool = False) -> float:
        value = self.table.get(key)
        ok = False
        if not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value):
            ok = low < value < high if open_ends else low <= value <= high
        if not ok or value is None:
            span = f"between {low:g} and {high:g} (exclusive)" if open_ends else f"from {low:g} to {high:g}"
            raise self.fail(key, f"a number {span}")
        return float(value)

    def optional_number(self, key: str) -> float | None:
        if key not in self.table:
            return None
        value = self.table[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.fail(key, "a finite number (or left out for an open end)")
        return float(value)


def _scenario(relative: str, path: Path, origin: str) -> Scenario:
    where = (path.parent / relative).resolve()
    try:
        return load_scenario(where)
    except ScenarioError as error:
        raise CalibrationError(f"{origin}: key 'calibration.scenario': {error}") from error


def _method_values(table: Mapping[str, Any], where: str, origin: str, partial: bool) -> dict[str, Any]:
    _allowed(table, METHOD_KEYS, where, origin)
    get = _Getter(table, where, origin)
    values: dict[str, Any] = {}
    for key in METHOD_KEYS:
        if partial and key not in table:
            continue
        if key in _INTEGER_KEYS:
            values[key] = get.integer(key, 4 if key == "population" else 1, 10_000_000)
        else:
            values[key] = get.number(key, 0.0, 1.0, open_ends=True)
    return values


def _method(table: Mapping[str, Any], origin: str) -> Method:
    return Method(**_method_values(table, "method", origin, partial=False))


def _parameters(raw: Mapping[str, Any], scenario: Scenario, origin: str) -> tuple[FreeParameter, ...]:
    out: list[FreeParameter] = []
    for i, table in enumerate(_tables(raw, "parameters", origin)):
        where = f"parameters[{i}]"
        _allowed(table, ("name", "why", "prior"), where, origin)
        get = _Getter(table, where, origin)
        name = get.string("name")
        try:
            (declared,) = parameter_space(names=[name], params=scenario.params)
        except ScenarioError as error:
            raise CalibrationError(f"{origin}: key '{where}.name': {error}") from error
        if name in scenario.overrides:
            raise CalibrationError(
                f"{origin}: key '{where}.name': {name} is set by the scenario "
                f"({scenario.name}); a fitted parameter must be left to the prior"
            )
        if any(p.name == name for p in out):
            raise CalibrationError(f"{origin}: key '{where}.name': {name} is listed twice")
        low, high = _prior(table, declared, where, origin)
        out.append(FreeParameter(name, low, high, declared.integer, declared.unit, get.string("why")))
    return tuple(out)


def _prior(
    table: Mapping[str, Any], declared: ParameterRange, where: str, origin: str
) -> tuple[float, float]:
    if "prior" not in table:
        return declared.plausible_low, declared.plausible_high
    value = table["prior"]
    allowed = f"[{declared.low:g}, {declared.high:g}]"
    numbers = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in value)
    )
    if not numbers or not declared.low <= value[0] < value[1] <= declared.high:
        raise CalibrationError(
            f"{origin}: key '{where}.prior' must be [low, high] with low < high inside "
            f"{declared.name}'s allowed range {allowed}, got {value!r}"
        )
    if declared.integer and not all(float(v).is_integer() for v in value):
        raise CalibrationError(
            f"{origin}: key '{where}.prior' must be whole numbers ({declared.name} is a whole number), "
            f"got {value!r}"
        )
    return float(value[0]), float(value[1])


def _targets(
    raw: Mapping[str, Any], key: str, first_year: int, last_year: int, origin: str, required: bool = True
) -> tuple[Target, ...]:
    out: list[Target] = []
    for i, table in enumerate(_tables(raw, key, origin, required)):
        where = f"{key}[{i}]"
        _allowed(table, ("name", "statistic", "low", "high", "scale", "label", "source"), where, origin)
        get = _Getter(table, where, origin)
        name = get.string("name")
        if not _NAME.match(name):
            raise get.fail("name", "lower-case letters, digits and '_', starting with a letter")
        statistic = get.string("statistic")
        if not known(statistic):
            raise get.fail(
                "statistic",
                "a yearly column as column@year or a run column (povsim calibrate --statistics lists them)",
            )
        year = year_of(statistic)
        if year is not None and not first_year <= year <= last_year:
            raise get.fail("statistic", f"in a simulated year ({first_year}-{last_year})")
        low, high = get.optional_number("low"), get.optional_number("high")
        if low is None and high is None:
            raise get.fail("low", "given, or 'high' given (a range, a value or one side)")
        if low is not None and high is not None and low > high:
            raise get.fail("high", f"at least low ({low:g})")
        scale = get.number("scale", 0.0, math.inf, open_ends=True)
        out.append(Target(name, statistic, low, high, scale, get.string("label"), get.string("source")))
    return tuple(out)
