"""Means with 95% intervals across replications, and paired differences from a baseline.

Intervals are Student-t intervals of the mean over replications (each replication is one
independent draw of the villages' future). The cost ratios (aid per Yuan gained, per person
lifted) are ratios of means over the replications, with delta-method intervals: a mean of
per-run ratios would be ruled by the runs whose denominators are near zero. Differences are
paired by replication: scenario ``s`` minus the baseline on the same seed, so the shared
randomness cancels and the interval is about the intervention, not the noise.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from sim.ledger import Source

LEVEL = 0.95
YEARLY_MEASURES = (
    "per_capita_net_income_yuan",
    "per_capita_net_income_real_yuan",
    "growth_over_first_year_yuan",
    "poverty_headcount_ratio",
    "poverty_gap_index",
    "gini",
)
SOURCES = tuple(f"{s.name.lower()}_yuan_per_capita" for s in Source)
RUN_MEASURES = (
    "aid_spent_yuan",
    "households_reached",
    "trainees_placed",
    "income_gained_yuan",
    "people_lifted",
    "durability_1_years",
    "durability_3_years",
    "durability_5_years",
)


def interval(values: np.ndarray | pd.Series) -> dict[str, float | int | None]:
    """Mean and 95% t-interval of the finite values (None where there are none)."""
    x = np.asarray(values, dtype=np.float64)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return {"mean": None, "lo": None, "hi": None, "n": 0}
    mean = float(x.mean())
    if x.size == 1:
        return {"mean": mean, "lo": mean, "hi": mean, "n": 1}
    half = float(stats.t.ppf(0.5 + LEVEL / 2, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size))
    return {"mean": mean, "lo": mean - half, "hi": mean + half, "n": int(x.size)}


def ratio_interval(numerator: np.ndarray | pd.Series, denominator: np.ndarray | pd.Series) -> dict[str, Any]:
    """Ratio of the means, with its 95% delta-method interval (None where the mean
    denominator is not positive)."""
    x = np.asarray(numerator, dtype=np.float64)
    y = np.asarray(denominator, dtype=np.float64)
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    if x.size == 0 or y.mean() <= 0:
        return {"mean": None, "lo": None, "hi": None, "n": int(x.size)}
    ratio = float(x.mean() / y.mean())
    if x.size == 1:
        return {"mean": ratio, "lo": ratio, "hi": ratio, "n": 1}
    residual = x - ratio * y
    half = float(stats.t.ppf(0.5 + LEVEL / 2, x.size - 1) * residual.std(ddof=1) / np.sqrt(x.size) / y.mean())
    return {"mean": ratio, "lo": ratio - half, "hi": ratio + half, "n": int(x.size)}


def _rounded(entry: dict[str, Any], digits: int) -> dict[str, Any]:
    return {k: (round(v, digits) if isinstance(v, float) else v) for k, v in entry.items()}


def by_year(frame: pd.DataFrame, measure: str, digits: int) -> dict[str, dict[str, Any]]:
    """Interval of ``measure`` for each year."""
    return {str(year): _rounded(interval(group[measure]), digits) for year, group in frame.groupby("year")}


def paired(
    yearly: pd.DataFrame, scenario: str, baseline: str, measure: str, digits: int
) -> dict[str, dict[str, Any]]:
    """Interval of ``scenario`` minus ``baseline`` on the same replications, by year."""
    mine = yearly[yearly["scenario"] == scenario].set_index(["replication", "year"])[measure]
    base = yearly[yearly["scenario"] == baseline].set_index(["replication", "year"])[measure]
    difference = (mine - base).dropna().reset_index()
    return by_year(difference, measure, digits)


def paired_runs(
    runs: pd.DataFrame, scenario: str, baseline: str, measure: str, digits: int
) -> dict[str, Any]:
    """Interval of a per-run figure of ``scenario`` minus ``baseline``, paired by replication."""
    mine = runs[runs["scenario"] == scenario].set_index("replication")[measure]
    base = runs[runs["scenario"] == baseline].set_index("replication")[measure]
    return _rounded(interval(mine - base), digits)


def summarise(
    yearly: pd.DataFrame,
    runs: pd.DataFrame,
    names: list[str],
    descriptions: dict[str, str],
    villages: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """The comparison: every scenario's intervals and its paired differences from the first."""
    baseline = names[0]
    out: dict[str, Any] = {}
    for name in names:
        frame = yearly[yearly["scenario"] == name]
        run_frame = runs[runs["scenario"] == name]
        entry: dict[str, Any] = {"description": descriptions.get(name, ""), "replications": len(run_frame)}
        for measure in YEARLY_MEASURES:
            entry[measure] = by_year(
                frame, measure, 4 if "ratio" in measure or "index" in measure or measure == "gini" else 2
            )
        entry["income_by_source_yuan_per_capita"] = {
            source.removesuffix("_yuan_per_capita"): by_year(frame, source, 2) for source in SOURCES
        }
        for measure in RUN_MEASURES:
            entry[measure] = _rounded(interval(run_frame[measure]), 4)
        aid = run_frame["aid_spent_yuan"]
        entry["cost_per_yuan_gained"] = _rounded(ratio_interval(aid, run_frame["income_gained_yuan"]), 4)
        entry["cost_per_person_lifted_yuan"] = _rounded(ratio_interval(aid, run_frame["people_lifted"]), 2)
        entry["difference_from_baseline"] = {
            "baseline": baseline,
            **{
                m: paired(yearly, name, baseline, m, 2 if m.endswith("_yuan") else 4)
                for m in (
                    "per_capita_net_income_yuan",
                    "per_capita_net_income_real_yuan",
                    "growth_over_first_year_yuan",
                    "poverty_headcount_ratio",
                    "poverty_gap_index",
                    "gini",
                )
            },
            "aid_spent_yuan": paired_runs(runs, name, baseline, "aid_spent_yuan", 2),
        }
        if villages is not None and not villages.empty:
            mine = villages[villages["scenario"] == name]
            entry["villages"] = {
                village: {
                    "per_capita_net_income_yuan": by_year(group, "per_capita_net_income_yuan", 2),
                    "poverty_headcount_ratio": by_year(group, "poverty_headcount_ratio", 4),
                }
                for village, group in mine.groupby("village", sort=False)
            }
        out[name] = entry
    return out
