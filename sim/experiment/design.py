"""Design points: the parameter values of every run of a sweep, a pure function of the
experiment (its description and seed).

Sobol, Morris and Latin hypercube points come from SALib's samplers, in the *sampled space*:

- a uniform real parameter: its range [low, high];
- a loguniform parameter: [log low, log high], exponentiated afterwards (SALib 1.6 has no
  loguniform distribution), so every decade of the range is as likely;
- a whole-number parameter: [low - 0.5, high + 0.5], rounded afterwards, so each whole number
  in the range is as likely (on the log scale, if loguniform); the rounding is part of the
  model as the analysis sees it.

The analysis (:func:`salib_problem`, :func:`sample`) rebuilds this space and the SALib sample
from the experiment's description alone, so ``povsim analyze`` needs only the sweep's folder.
A full factorial is the product of each variable's levels, in the order given (last variable
fastest). Remainders (:class:`sim.experiment.spec.Remainder`) are computed at each point and
follow the variables as columns.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from sim.experiment.spec import Experiment
from sim.params import Parameters
from sim.scenario import Scenario, apply_overrides

__all__ = [
    "overrides",
    "parameters_at",
    "point_values",
    "points",
    "salib_problem",
    "sample",
    "scenario_at",
    "to_points",
]


def points(exp: Experiment) -> pd.DataFrame:
    """One row per design point (index ``point``, 0..P-1), one column per variable (its dotted
    name) then one per remainder, with the values the model takes (int for whole-number
    parameters)."""
    return to_points(exp.describe())


def _bounds(variable: Mapping[str, Any]) -> list[float]:
    low, high = float(variable["low"]), float(variable["high"])
    if variable["integer"]:
        low, high = low - 0.5, high + 0.5
    if variable["distribution"] == "loguniform":
        return [math.log(low), math.log(high)]
    return [low, high]


def salib_problem(described: Mapping[str, Any]) -> dict[str, Any]:
    """The SALib problem (num_vars, names, bounds in the sampled space) of a described
    experiment (:meth:`Experiment.describe`)."""
    variables = described["variables"]
    return {
        "num_vars": len(variables),
        "names": [v["name"] for v in variables],
        "bounds": [_bounds(v) for v in variables],
    }


def sample(described: Mapping[str, Any]) -> np.ndarray:
    """The raw design, one row a point, in the sampled space (for a full factorial: the
    levels themselves). SALib's samplers are seeded with the experiment's seed."""
    design, n, seed = described["design"], int(described["samples"]), int(described["seed"])
    if design == "full_factorial":
        levels = [v["levels"] for v in described["variables"]]
        return np.array(list(itertools.product(*levels)), dtype=float)
    problem = salib_problem(described)
    if design == "sobol":
        from SALib.sample import sobol

        return np.asarray(sobol.sample(problem, n, calc_second_order=described["second_order"], seed=seed))
    if design == "morris":
        from SALib.sample import morris

        return np.asarray(morris.sample(problem, n, num_levels=described["morris_levels"], seed=seed))
    if design == "latin_hypercube":
        from SALib.sample import latin

        return np.asarray(latin.sample(problem, n, seed=seed))
    raise ValueError(f"unknown design {design!r}")


def _model_values(variable: Mapping[str, Any], column: np.ndarray, design: str) -> pd.Series:
    """A column of the raw design as the model takes it: exponentiated, rounded, kept in range
    (exp(log x) can be an ulp outside it)."""
    low, high = variable["low"], variable["high"]
    if design != "full_factorial" and variable["distribution"] == "loguniform":
        column = np.exp(column)
    if variable["integer"]:
        return pd.Series(np.clip(np.floor(column + 0.5), low, high).astype(np.int64))
    if design == "full_factorial":
        return pd.Series(column.astype(float))
    return pd.Series(np.clip(column, low, high).astype(float))


def to_points(described: Mapping[str, Any], raw: np.ndarray | None = None) -> pd.DataFrame:
    """The design points of a described experiment (:func:`points`), from its raw design."""
    raw = sample(described) if raw is None else raw
    design = described["design"]
    table = pd.DataFrame(
        {v["name"]: _model_values(v, raw[:, i], design) for i, v in enumerate(described["variables"])}
    )
    for remainder in described.get("remainders", ()):
        parts = [
            table[name] if name in table else pd.Series(base, index=table.index)
            for name, base in zip(remainder["minus"], remainder["base"], strict=True)
        ]
        # Rounded to 12 decimals: 1 - 0.4 - 0.05 - 0.14 is 0.41, not 0.4099999999999999.
        table[remainder["name"]] = np.round(remainder["total"] - np.sum(parts, axis=0, dtype=float), 12)
    table.index.name = "point"
    return table


def point_values(exp: Experiment, values: Mapping[str, Any]) -> dict[str, Any]:
    """One point's variables and remainders (from a row of :func:`points`, as a mapping) as
    Python numbers of the parameters' types. Remainders are recomputed from the variables, so
    a row without them gives the same values."""
    out: dict[str, Any] = {}
    for v in exp.variables:
        value = values[v.name]
        out[v.name] = math.floor(float(value) + 0.5) if v.integer else float(value)
    for r in exp.remainders:
        parts = [out.get(m, b) for m, b in zip(r.minus, r.base, strict=True)]
        out[r.name] = round(float(r.total - sum(parts)), 12)
    return out


def overrides(exp: Experiment, values: Mapping[str, Any]) -> dict[str, Any]:
    """The base scenario's overrides with one point's values: ready for
    :func:`sim.scenario.apply_overrides` on the default parameters."""
    return {**exp.scenario.overrides, **point_values(exp, values)}


def parameters_at(exp: Experiment, values: Mapping[str, Any]) -> Parameters:
    """The parameters of one point; :class:`sim.scenario.ScenarioError` if they are not a
    valid set."""
    return apply_overrides(exp.scenario.params, point_values(exp, values), origin=str(exp.path))


def scenario_at(exp: Experiment, point: int, values: Mapping[str, Any]) -> Scenario:
    """The scenario a point's runs use: the base scenario with the point's values, named
    ``<experiment>-point<N>``."""
    return replace(
        exp.scenario,
        name=f"{exp.name}-point{point}",
        params=parameters_at(exp, values),
        overrides=overrides(exp, values),
        path=exp.path,
    )
