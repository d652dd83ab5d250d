"""A calibration's posterior, read from its record folder, and parameter sets drawn from it.

A record folder (``calibration/<name>/``, written by ``povsim calibrate``) holds
``record.json`` (the fitted parameters, among much else) and ``posterior.parquet`` (one row
per particle: a column per fitted parameter, its ``weight`` and its ``distance``).
:func:`load_posterior` reads the two as data (JSON and Parquet; nothing is unpickled or
executed) and checks them as strictly as a scenario file: every fitted parameter is a number
the model takes, every value lies in the parameter's allowed range (whole where the parameter
is a whole number), every row is a valid set of parameters, and the weights are finite, not
negative and not all zero. A problem is a :class:`PosteriorError` naming the file, the key
and what is allowed.

:func:`draw_overrides` draws parameter sets from the weighted particles, deterministically:
draw ``i`` depends on the seed and ``i`` alone (its own numpy ``SeedSequence(seed,
spawn_key=(i,))``), so the first draws are the same however many are drawn, and a comparison
that gives replication ``r`` of every scenario draw ``r`` compares them under the same
parameters, as it does under the same seed.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.params import Parameters, describe
from sim.scenario import ScenarioError, apply_overrides, check_value

RECORD = "record.json"
POSTERIOR = "posterior.parquet"
WEIGHT = "weight"
DISTANCE = "distance"


class PosteriorError(ScenarioError):
    """A calibration record that cannot be used; the message names the file, the key and what
    is allowed. A :class:`sim.ScenarioError` (so a ``ValueError``): bad input like a scenario
    file's, reported by the command line as one line with status 2."""


@dataclass(frozen=True, eq=False)  # eq=False: equal only to itself (a DataFrame has no ==)
class Posterior:
    """A calibration's weighted posterior sample.

    ``samples``: one row per particle, one column per fitted parameter (full dotted name; whole
    numbers as int64); ``weights``: the particles' weights, summing to 1; ``integer``: the
    fitted parameters that are whole numbers; ``sha256``: a hash of ``record.json`` and
    ``posterior.parquet`` as read, identifying this posterior whatever folder holds it.
    """

    name: str
    path: Path
    samples: pd.DataFrame
    weights: np.ndarray
    integer: frozenset[str]
    sha256: str = ""

    @property
    def parameters(self) -> list[str]:
        """The fitted parameters' dotted names, in the record's order."""
        return [str(c) for c in self.samples.columns]


def load_posterior(record_dir: str | Path) -> Posterior:
    """Read and check a calibration record folder's posterior (see the module's docstring).

    Raises :class:`PosteriorError` if the folder, ``record.json`` or ``posterior.parquet`` is
    missing or not valid.
    """
    folder = Path(record_dir)
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise PosteriorError(
            f"{folder}: {what}; give a calibration record folder (holding {RECORD} and {POSTERIOR}, "
            "written by povsim calibrate)"
        )
    record_path, posterior_path = folder / RECORD, folder / POSTERIOR
    record_bytes, posterior_bytes = _read(record_path), _read(posterior_path)
    name, fitted = _record(record_path, record_bytes)
    samples, weights = _particles(posterior_path, posterior_bytes, fitted)
    digest = hashlib.sha256(
        json.dumps(
            {
                RECORD: hashlib.sha256(record_bytes).hexdigest(),
                POSTERIOR: hashlib.sha256(posterior_bytes).hexdigest(),
            },
            sort_keys=True,
        ).encode()
    ).hexdigest()
    integer = frozenset(p for p, whole in fitted.items() if whole)
    return Posterior(name, folder, samples, weights, integer, digest)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise PosteriorError(
            f"{path}: no such file; a calibration record folder holds {RECORD} and {POSTERIOR}"
        ) from None
    except OSError as error:
        raise PosteriorError(f"{path}: cannot be read ({error.strerror or error})") from None


def _numbers() -> dict[str, Mapping[str, Any]]:
    """The model's number parameters (not flags, choices or lists) by dotted name."""
    return {
        row["name"]: row
        for row in describe(Parameters())
        if isinstance(row["value"], int | float) and not isinstance(row["value"], bool)
    }


def _record(path: Path, data: bytes) -> tuple[str, dict[str, bool]]:
    """The calibration's name and its fitted parameters (name -> whole number), checked."""
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise PosteriorError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(record, dict):
        raise PosteriorError(f"{path}: must be a JSON object with keys 'name' and 'parameters'")
    name = record.get("name")
    if not isinstance(name, str) or not name:
        raise PosteriorError(f"{path}: key 'name' must be the calibration's name (a non-empty string)")
    parameters = record.get("parameters")
    if not isinstance(parameters, list) or not parameters:
        raise PosteriorError(
            f"{path}: key 'parameters' must be a non-empty list of the fitted parameters, "
            'each an object such as {"name": "labour.migrant_wage_yuan_per_month", "integer": false}'
        )
    numbers = _numbers()
    fitted: dict[str, bool] = {}
    for i, entry in enumerate(parameters):
        key = f"parameters[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise PosteriorError(
                f"{path}: key '{key}' must be an object with 'name' (a dotted parameter name)"
            )
        parameter = entry["name"]
        if parameter not in numbers:
            close = difflib.get_close_matches(parameter, list(numbers), n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(close)}?" if close else "; `povsim parameters` lists them"
            raise PosteriorError(
                f"{path}: key '{key}.name': '{parameter}' is not a number parameter of the model{hint}"
            )
        if parameter in fitted:
            raise PosteriorError(f"{path}: key '{key}.name': '{parameter}' is listed twice; list each once")
        whole = entry.get("integer")
        if not isinstance(whole, bool):
            raise PosteriorError(f"{path}: key '{key}.integer' must be true or false, got {whole!r}")
        model_whole = isinstance(numbers[parameter]["value"], int)
        if whole != model_whole:
            kind = "a whole number" if model_whole else "not a whole number"
            raise PosteriorError(
                f"{path}: key '{key}.integer' is {json.dumps(whole)}, but '{parameter}' is {kind} "
                f"in the model; it must be {json.dumps(model_whole)}"
            )
        fitted[parameter] = whole
    return name, fitted


def _particles(path: Path, data: bytes, fitted: Mapping[str, bool]) -> tuple[pd.DataFrame, np.ndarray]:
    """The particles' parameter values and normalised weights, checked."""
    try:
        # Arrow's own reader from the bytes already hashed: no pandas metadata, nothing unpickled.
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError, ValueError) as error:
        raise PosteriorError(f"{path}: not a readable Parquet file ({error})") from None
    allowed = [*fitted, WEIGHT, DISTANCE]
    for column in table.column_names:
        if column not in allowed:
            raise PosteriorError(
                f"{path}: column '{column}' is not a fitted parameter of {RECORD}; "
                f"allowed: {', '.join(allowed)}"
            )
    if table.num_rows == 0:
        raise PosteriorError(f"{path}: holds no particles (no rows)")
    columns: dict[str, np.ndarray] = {}
    for column in [*fitted, WEIGHT]:
        if column not in table.column_names:
            raise PosteriorError(
                f"{path}: column '{column}' is missing; it needs one column per fitted parameter "
                f"({', '.join(fitted)}) and '{WEIGHT}'"
            )
        values = table.column(column)
        kind = values.type
        if not (pa.types.is_floating(kind) or pa.types.is_integer(kind)):
            raise PosteriorError(f"{path}: column '{column}' must hold numbers, not {kind}")
        if values.null_count:
            row = int(np.flatnonzero(values.is_null().to_numpy(zero_copy_only=False))[0])
            raise PosteriorError(
                f"{path}: column '{column}' is missing (null, or NaN as pandas writes it) in row {row}; "
                "every value must be a finite number"
            )
        array = values.to_numpy().astype(np.float64)
        bad = np.flatnonzero(~np.isfinite(array))
        if bad.size:
            raise PosteriorError(
                f"{path}: column '{column}' is {array[bad[0]]} in row {bad[0]}; "
                "every value must be a finite number"
            )
        columns[column] = array
    weights = columns.pop(WEIGHT)
    negative = np.flatnonzero(weights < 0)
    if negative.size:
        raise PosteriorError(
            f"{path}: column '{WEIGHT}' is {weights[negative[0]]} in row {negative[0]}; "
            "weights must not be negative"
        )
    total = math.fsum(weights.tolist())
    if not total > 0:
        raise PosteriorError(
            f"{path}: column '{WEIGHT}' sums to {total}; at least one weight must be above 0"
        )
    try:
        for column, array in columns.items():
            for row, value in enumerate(array.tolist()):
                check_value(column, value, origin=f"{path} row {row}", whole_floats=True)
        whole = {c for c, is_whole in fitted.items() if is_whole}
        samples = pd.DataFrame(
            {c: (a.astype(np.int64) if fitted[c] else a) for c, a in columns.items()}, columns=list(fitted)
        )
        seen: set[tuple[Any, ...]] = set()
        for row, values in enumerate(samples.itertuples(index=False, name=None)):
            if values not in seen:  # every particle is a valid set of parameters
                seen.add(values)
                apply_overrides(
                    Parameters(), _plain(samples.columns, values, whole), origin=f"{path} row {row}"
                )
    except PosteriorError:
        raise
    except ScenarioError as error:  # the model's own message, naming the file, row and key
        raise PosteriorError(str(error)) from None
    normalised = weights / total
    normalised.flags.writeable = False
    return samples, normalised


def _plain(names: Iterable[Any], values: Iterable[Any], integer: Collection[str]) -> dict[str, float | int]:
    """One particle as overrides: Python ints for whole-number parameters, floats otherwise."""
    return {
        str(name): int(value) if name in integer else float(value)
        for name, value in zip(names, values, strict=True)
    }


def draw_overrides(posterior: Posterior, seed: int, count: int) -> list[dict[str, float | int]]:
    """``count`` parameter sets drawn from the weighted posterior, as overrides (full dotted
    names; Python floats, ints for whole-number parameters).

    Draw ``i`` picks particle ``k`` with probability ``weights[k]``, by one uniform number from
    its own generator, ``PCG64(SeedSequence(seed, spawn_key=(i,)))``, on the cumulative
    weights: it depends on ``seed`` and ``i`` alone, not on ``count``.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a whole number of at least 0, got {seed!r}")
    if isinstance(count, bool) or not isinstance(count, int | np.integer) or count < 0:
        raise ValueError(f"count must be a whole number of at least 0, got {count!r}")
    cumulative = np.cumsum(np.asarray(posterior.weights, dtype=np.float64))
    rows = list(posterior.samples.itertuples(index=False, name=None))
    names = list(posterior.samples.columns)
    draws = []
    for i in range(int(count)):
        generator = np.random.Generator(np.random.PCG64(np.random.SeedSequence(int(seed), spawn_key=(i,))))
        u = float(generator.random()) * float(cumulative[-1])  # in [0, total): never past the last weight
        k = min(int(np.searchsorted(cumulative, u, side="right")), len(rows) - 1)
        draws.append(_plain(names, rows[k], posterior.integer))
    return draws
