"""The calibration record: what a fit found, and the final simulations a reviewer reruns.

A record folder (``calibration/<name>/``) holds ``record.json`` (settings, seeds, versions,
commit, each parameter's posterior summary, each target's and check's posterior predictive,
the generations, and a hash of the final simulations), ``posterior.parquet`` (the last
generation), ``populations.parquet`` (every generation), ``predictive.parquet`` and
``predictive_statistics.parquet`` (the posterior predictive: one run per posterior draw, so
parameter uncertainty and seed noise together) and ``median_runs.parquet`` (the runs at the
posterior medians over several seeds: seed noise alone).

The final simulations depend only on the posterior and the fit's seed:
:func:`final_simulations` makes them the same way for ``calibrate`` and ``reproduce``.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.calibration.fit import Simulator, statistics_of
from sim.calibration.posterior import Posterior, draw_overrides
from sim.calibration.spec import Calibration, FreeParameter, Target
from sim.calibration.statistics import with_derived
from sim.results import versions
from sim.runner.engines import Engine
from sim.runner.store import MemorySink, atomic_write

RECORD = "record.json"
PREDICTIVE_POINTS = 80_000_000  # particle numbers of the final simulations, apart from the fit's
MEDIAN_POINTS = 90_000_000
HASH_DIGITS = 9  # significant digits hashed: equal numbers, not equal last bits of a float


@dataclass
class Finals:
    """The final simulations: at the posterior medians (seed noise) and one per posterior draw."""

    median_runs: pd.DataFrame
    predictive: pd.DataFrame
    predictive_statistics: pd.DataFrame


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The q-quantile of a weighted sample (the smallest value whose cumulative weight reaches q)."""
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order]) / weights.sum()
    index = int(np.searchsorted(cumulative, q - 1e-12))
    return float(values[order][min(index, len(values) - 1)])


def medians(parameters: Sequence[FreeParameter], posterior: pd.DataFrame) -> dict[str, float | int]:
    """Each parameter's weighted posterior median (whole numbers for whole-number parameters)."""
    weights = posterior["weight"].to_numpy()
    out: dict[str, float | int] = {}
    for p in parameters:
        value = weighted_quantile(posterior[p.name].to_numpy(dtype=float), weights, 0.5)
        out[p.name] = round(value) if p.integer else value
    return out


def prior_sd(p: FreeParameter) -> float:
    if p.integer:
        n = p.high - p.low + 1
        return math.sqrt((n * n - 1) / 12)
    return (p.high - p.low) / math.sqrt(12)


def parameter_summary(p: FreeParameter, posterior: pd.DataFrame) -> dict[str, Any]:
    values = posterior[p.name].to_numpy(dtype=float)
    weights = posterior["weight"].to_numpy()
    mean = float(np.average(values, weights=weights))
    sd = float(math.sqrt(np.average((values - mean) ** 2, weights=weights)))
    return {
        "name": p.name,
        "prior": [p.low, p.high],
        "integer": p.integer,
        "unit": p.unit,
        "why": p.why,
        "median": weighted_quantile(values, weights, 0.5),
        "mean": mean,
        "q05": weighted_quantile(values, weights, 0.05),
        "q95": weighted_quantile(values, weights, 0.95),
        "sd": sd,
        "prior_sd": prior_sd(p),
        "sd_ratio": sd / prior_sd(p),
    }


def target_summary(target: Target, values: pd.Series, fitted: bool) -> dict[str, Any]:
    finite = values.dropna().to_numpy(dtype=float)
    predictive: dict[str, Any] = {"median": None, "q05": None, "q95": None, "inside": None}
    if len(finite):
        predictive = {
            "median": float(np.quantile(finite, 0.5)),
            "q05": float(np.quantile(finite, 0.05)),
            "q95": float(np.quantile(finite, 0.95)),
            "inside": float(np.mean([target.contains(v) for v in finite])),
        }
    return {
        "name": target.name,
        "statistic": target.statistic,
        "low": target.low,
        "high": target.high,
        "scale": target.scale,
        "label": target.label,
        "source": target.source,
        "fitted": fitted,
        "predictive": predictive,
    }


def posterior_of(calibration: Calibration, frame: pd.DataFrame, path: Path) -> Posterior:
    """The fit's last generation as :class:`Posterior` (as the record will hold it)."""
    names = [p.name for p in calibration.parameters]
    weights = frame["weight"].to_numpy(dtype=float)
    return Posterior(
        name=calibration.name,
        path=path,
        samples=frame[names].reset_index(drop=True),
        weights=weights / weights.sum(),
        integer=frozenset(p.name for p in calibration.parameters if p.integer),
    )


def final_simulations(calibration: Calibration, posterior: Posterior, engine: Engine) -> Finals:
    """The runs at the posterior medians (``final_replications`` seeds) and one run per
    posterior draw (``predictive_draws``)."""
    cal = calibration
    frame = pd.concat([posterior.samples, pd.Series(posterior.weights, name="weight")], axis=1)
    simulator = Simulator(cal, engine, MemorySink())
    chosen = medians(cal.parameters, frame)
    median_tasks = simulator.tasks(MEDIAN_POINTS, [chosen] * cal.method.final_replications, label="median")
    draws = draw_overrides(posterior, cal.seed, cal.method.predictive_draws)
    draw_tasks = simulator.tasks(PREDICTIVE_POINTS, draws, label="predictive")
    yearly, runs = simulator.run(median_tasks + draw_tasks)
    yearly = pd.concat([with_derived(g) for _, g in yearly.groupby("point", sort=True)], ignore_index=True)
    median_runs = yearly[yearly["point"] >= MEDIAN_POINTS].copy()
    median_runs.insert(0, "replication", median_runs.pop("point") - MEDIAN_POINTS)
    predictive = yearly[yearly["point"] < MEDIAN_POINTS].copy()
    predictive.insert(0, "draw", predictive.pop("point") - PREDICTIVE_POINTS)
    every = (*cal.targets, *cal.checks)
    rows = [
        {"draw": t.point - PREDICTIVE_POINTS, "seed": t.seed, **statistics_of(t.point, yearly, runs, every)}
        for t in draw_tasks
    ]
    return Finals(
        median_runs.drop(columns=["calibration"]).reset_index(drop=True),
        predictive.drop(columns=["calibration"]).reset_index(drop=True),
        pd.DataFrame(rows),
    )


def outcome_hash(finals: Finals) -> str:
    """A hash of the final simulations' numbers, to ``HASH_DIGITS`` significant digits."""
    parts = []
    for frame in (finals.median_runs, finals.predictive_statistics):
        numbers = frame.select_dtypes("number").sort_index(axis=1)
        parts.append(numbers.to_csv(index=False, float_format=f"%.{HASH_DIGITS}g"))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def commit() -> str | None:
    """The source's git commit (with ``+dirty`` if it has uncommitted changes), if known."""
    here = Path(__file__).resolve().parent
    git = shutil.which("git")
    if git is None:
        return None
    try:
        sha = subprocess.run(  # noqa: S603 (fixed arguments)
            [git, "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(  # noqa: S603 (fixed arguments)
            [git, "status", "--porcelain", "--untracked-files=no"],
            cwd=here,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{sha}+dirty" if dirty else sha


def write_tables(out: Path, posterior: pd.DataFrame, populations: pd.DataFrame, finals: Finals) -> None:
    for name, frame in (
        ("posterior", posterior),
        ("populations", populations),
        ("predictive", finals.predictive),
        ("predictive_statistics", finals.predictive_statistics),
        ("median_runs", finals.median_runs),
    ):
        temporary = out / f".{name}.parquet.tmp"
        frame.to_parquet(temporary, index=False)
        temporary.replace(out / f"{name}.parquet")


def record_json(
    calibration: Calibration,
    posterior: pd.DataFrame,
    generations: list[dict[str, Any]],
    finals: Finals,
    *,
    seconds: float,
    simulations: int,
) -> dict[str, Any]:
    cal = calibration
    import pyabc

    stats = finals.predictive_statistics
    return {
        "name": cal.name,
        "description": cal.description,
        "calibration_file": cal.path.as_posix(),
        "calibration_sha256": cal.file_hash,
        "scenario": cal.scenario.name,
        "seed": cal.seed,
        "quick": cal.quick,
        "years": cal.years,
        "first_year": cal.first_year,
        "method": {"name": "ABC-SMC (pyabc)", **cal.describe()["method"]},
        "versions": {**versions(), "pyabc": pyabc.__version__},
        "commit": commit(),
        "seconds": round(seconds, 1),
        "simulations": simulations,
        "parameters": [parameter_summary(p, posterior) for p in cal.parameters],
        "targets": [target_summary(t, stats[t.name], True) for t in cal.targets],
        "checks": [target_summary(t, stats[t.name], False) for t in cal.checks],
        "generations": generations,
        "final": {
            "replications": cal.method.final_replications,
            "draws": cal.method.predictive_draws,
            "chosen": medians(cal.parameters, posterior),
            "outcome_hash": outcome_hash(finals),
        },
    }


def write_json(out: Path, record: dict[str, Any]) -> None:
    def plain(value: Any) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            return None
        raise TypeError(type(value))

    text = json.dumps(record, indent=1, default=plain, allow_nan=False)
    atomic_write(out / RECORD, text + "\n")


def read_record(record_dir: Path) -> dict[str, Any]:
    return json.loads((record_dir / RECORD).read_text(encoding="utf-8"))
