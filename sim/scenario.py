"""Scenario files: TOML overrides of the default parameters, validated strictly.

A scenario file is data. It is parsed, never executed. It holds an optional ``[scenario]``
table (``description``) and tables named as the parameter groups, with only the values that
differ from the defaults::

    [scenario]
    description = "No programme: the villages as they would have gone on"

    [labour]
    migrant_wage_yuan_per_month = 1100

    [livestock.cattle]
    birth_rate_per_event = 0.55

Unknown keys, values of the wrong type and values out of range are errors that name the file,
the key and what is allowed.

The same checks apply to overrides given from Python (``sim.run(..., overrides=...)``,
``PovertyModel(overrides=...)``) and on the command line (``povsim run --set``). Samplers (SALib,
the EMA Workbench) hand over numpy scalars and arrays and floats for every parameter, so there:

- numpy scalars (``np.int64``, ``np.float64``, ``np.bool_``) count as the Python number or flag
  they hold, and numpy arrays and tuples as lists; the parameters keep plain Python values;
- a float that is a whole number (``3.0``) is accepted for a whole-number parameter, as that
  number; ``3.5`` is an error.

A scenario file stays strict about the second: a person wrote it, and ``10.0`` for a count is
more likely a rate in the wrong place than a count.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, get_args, get_type_hints

import numpy as np

from sim.params import Parameters
from sim.villages import village_set

EMPTY_TABLE = object()  # an empty [table] in a file: valid only where it names a group


class ScenarioError(ValueError):
    """A scenario or override that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Scenario:
    """A named set of parameters."""

    name: str
    description: str
    params: Parameters
    overrides: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None


def read_toml(path: Path, kind: str, error_type: type[ScenarioError]) -> dict[str, Any]:
    """A TOML file's tables, parsed as data; ``error_type`` naming the file if it cannot be."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise error_type(f"{path}: no such {kind} file") from error
    except (OSError, UnicodeDecodeError) as error:
        raise error_type(f"{path}: cannot be read ({error})") from error
    except tomllib.TOMLDecodeError as error:
        raise error_type(f"{path}: not valid TOML ({error})") from error


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file."""
    path = Path(path)
    origin = str(path)
    raw = read_toml(path, "scenario", ScenarioError)
    meta = raw.pop("scenario", {})
    if not isinstance(meta, dict):
        raise ScenarioError(f"{origin}: key 'scenario' must be a table with 'description'")
    unknown = set(meta) - {"description"}
    if unknown:
        raise ScenarioError(
            f"{origin}: unknown key 'scenario.{sorted(unknown)[0]}'; allowed in [scenario]: description"
        )
    description = meta.get("description", "")
    if not isinstance(description, str):
        raise ScenarioError(f"{origin}: key 'scenario.description' must be a string")
    overrides = dict(_dotted(raw))
    params = apply_overrides(Parameters(), overrides, origin=origin, whole_floats=False)
    values = {name: value for name, value in overrides.items() if value is not EMPTY_TABLE}
    return Scenario(path.stem, description, params, values, path)


def _dotted(table: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = []
    for key, value in table.items():
        if isinstance(value, dict) and value:
            items.extend(_dotted(value, f"{prefix}{key}."))
        elif isinstance(value, dict):
            items.append((f"{prefix}{key}", EMPTY_TABLE))  # must still name a group
        else:
            items.append((f"{prefix}{key}", value))
    return items


def apply_overrides(
    params: Parameters, overrides: Mapping[str, Any], *, origin: str, whole_floats: bool = True
) -> Parameters:
    """New parameters with ``overrides`` (dotted names) applied and checked.

    ``whole_floats``: accept a float that is a whole number (``3.0``) for a whole-number
    parameter, as samplers give them; scenario files pass False (see the module's docstring).
    """
    for name, value in overrides.items():
        if not isinstance(name, str):
            raise ScenarioError(f"{origin}: key {name!r} must be a dotted parameter name (a string)")
        params = _set(params, name.split("."), plain(value), name, origin, whole_floats)
    check_consistency(params, origin)
    return params


def check_value(name: str, value: Any, *, origin: str, whole_floats: bool = True) -> Any:
    """One override checked on its own (its key, its type, its range) and returned as the
    parameters hold it; how it fits with the others (``check_consistency``) needs them all, so
    it is checked when they are applied."""
    params = _set(Parameters(), name.split("."), plain(value), name, origin, whole_floats)
    return value_of(params, name)


def value_of(params: Parameters, name: str) -> Any:
    """The parameter of that dotted name."""
    value: Any = params
    for key in name.split("."):
        value = getattr(value, key)
    return value


def plain(value: Any) -> Any:
    """``value`` as TOML would give it: numpy scalars as Python numbers, flags and strings, numpy
    arrays and tuples as lists (of plain values), so a parameter never holds a numpy type and
    its repr is the same however it was set."""
    if isinstance(value, np.generic | np.ndarray):
        value = value.tolist()  # np.float64(2.0) -> 2.0, np.bool_ -> bool, array -> list
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _whole(value: Any) -> Any:
    """A float that is a whole number as an int (``3.0`` -> 3); anything else as it is."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _set(group: Any, path: list[str], value: Any, name: str, origin: str, whole_floats: bool) -> Any:
    by_name = {f.name: f for f in fields(group)}
    key = path[0]
    where = name[: len(name) - len(".".join(path))].rstrip(".")
    if key not in by_name:
        allowed = ", ".join(sorted(by_name))
        table = f"[{where}]" if where else "the top level"
        raise ScenarioError(f"{origin}: unknown key '{name}'; allowed in {table}: {allowed}")
    current = getattr(group, key)
    if is_dataclass(current):
        if len(path) == 1:
            if value is EMPTY_TABLE:
                return group
            raise ScenarioError(f"{origin}: key '{name}' is a group: give it as a table [{name}]")
        return replace(group, **{key: _set(current, path[1:], value, name, origin, whole_floats)})
    if len(path) > 1 or value is EMPTY_TABLE:
        raise ScenarioError(f"{origin}: key '{name}': '{key}' is a value, not a group")
    hint = get_type_hints(type(group))[key]
    meta = by_name[key].metadata
    if whole_floats and hint is int:
        value = _whole(value)
    elif whole_floats and get_args(hint)[:1] == (int,) and isinstance(value, list):
        value = [_whole(v) for v in value]
    return replace(group, **{key: _checked(value, hint, meta, name, origin)})


def _checked(value: Any, hint: Any, meta: Mapping[str, Any], name: str, origin: str) -> Any:
    low, high, unit = meta.get("low"), meta.get("high"), meta.get("unit", "")
    span = f" in [{low}, {high}] {unit}".rstrip() if low is not None and high is not None else ""
    if hint is bool:
        if not isinstance(value, bool):
            raise ScenarioError(f"{origin}: key '{name}' must be true or false, got {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ScenarioError(f"{origin}: key '{name}' must be a whole number{span}, got {value!r}")
        _in_range(value, low, high, name, origin, span)
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ScenarioError(f"{origin}: key '{name}' must be a number{span}, got {value!r}")
        _in_range(value, low, high, name, origin, span)
        return float(value)
    choices = meta.get("choices")
    if hint is str:
        if not isinstance(value, str) or (choices and value not in choices):
            raise ScenarioError(
                f"{origin}: key '{name}' must be one of {', '.join(choices or ())}, got {value!r}"
            )
        return value
    if getattr(hint, "__origin__", None) is tuple:
        if get_args(hint)[0] is float:
            if not isinstance(value, list) or any(
                isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) for v in value
            ):
                raise ScenarioError(f"{origin}: key '{name}' must be a list of numbers{span}, got {value!r}")
            for v in value:
                _in_range(v, low, high, name, origin, span)
            return tuple(float(v) for v in value)
        if get_args(hint)[0] is str:
            if not isinstance(value, list) or any(
                not isinstance(v, str) or v not in (choices or ()) for v in value
            ):
                raise ScenarioError(
                    f"{origin}: key '{name}' must be a list of {', '.join(choices or ())}, got {value!r}"
                )
            return tuple(value)
        if (
            not isinstance(value, list)
            or not value
            or any(isinstance(v, bool) or not isinstance(v, int) for v in value)
        ):
            raise ScenarioError(
                f"{origin}: key '{name}' must be a non-empty list of whole numbers{span}, got {value!r}"
            )
        for v in value:
            _in_range(v, low, high, name, origin, span)
        return tuple(value)
    raise ScenarioError(f"{origin}: key '{name}' cannot be set from a scenario file")


def _in_range(value: float, low: float | None, high: float | None, name: str, origin: str, span: str) -> None:
    if (low is not None and value < low) or (high is not None and value > high):
        raise ScenarioError(f"{origin}: key '{name}' is {value}, outside the allowed range{span}")


def check_consistency(params: Parameters, origin: str) -> None:
    """Constraints that tie several parameters together."""
    demo = params.demography
    shares = demo.children_share + demo.young_share + demo.elderly_share
    villages = village_set(params.simulation.villages)
    # Every household's head is of prime age: the other bands can hold only the other people.
    room = 1.0 - sum(v.households for v in villages) / sum(v.people for v in villages)
    if shares > room:
        raise ScenarioError(
            f"{origin}: keys 'demography.children_share' + 'young_share' + 'elderly_share' add "
            f"up to {shares:.3f}; with one head of prime age per household they can be at most {room:.3f}"
        )
    from sim.rules.herd_calendar import CalendarError, validate_calendar

    for species in ("cattle", "sheep", "pigs"):
        try:
            validate_calendar(getattr(params.livestock, species))
        except CalendarError as error:
            raise ScenarioError(f"{origin}: key 'livestock.{species}.{error.key}': {error}") from error
    schedule = params.programme.schedule
    if schedule.last_year < schedule.first_year:
        raise ScenarioError(
            f"{origin}: key 'programme.schedule.last_year' ({schedule.last_year}) must not be before "
            f"'programme.schedule.first_year' ({schedule.first_year})"
        )
    advancement = params.programme.village_advancement
    split = (
        advancement.household_project_share
        + advancement.infrastructure_share
        + advancement.leader_training_share
        + advancement.organising_share
    )
    if split > 1.0 + 1e-9:
        raise ScenarioError(
            f"{origin}: keys 'programme.village_advancement.household_project_share' + "
            f"'infrastructure_share' + 'leader_training_share' + 'organising_share' add up to "
            f"{split:.3f}; at most 1"
        )
    greenhouse = params.greenhouse
    if greenhouse.first_month > greenhouse.last_month:
        raise ScenarioError(
            f"{origin}: key 'greenhouse.first_month' ({greenhouse.first_month}) must not be after "
            f"'greenhouse.last_month' ({greenhouse.last_month})"
        )
