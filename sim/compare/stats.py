"""Means with 95% intervals across replications, and paired differences from a baseline.

Each replication is one independent draw of the villages' future, on its own seed. How an
interval is computed follows what it is of:

- unbounded means (incomes, income gained, people lifted, durability) and every paired
  difference: the Student-t interval of the mean;
- quantities that cannot be negative (headcount ratio, poverty gap, Gini, aid spent,
  households reached): a bootstrap interval of the mean (BCa, percentile where BCa is not
  defined), which stays within what the quantity can be, never below zero;
- ratios (income gained per Yuan of aid, per million Yuan, aid per person lifted): the ratio of
  the means over the replications (a mean of per-run ratios would be ruled by the runs whose
  denominators are near zero), with a bootstrap interval that resamples seeds, keeping each
  seed's numerator and denominator together; its interval is clipped at zero only when every
  run's numerator is (a programme that lost income in some run can have a negative benefit per
  Yuan). A ratio whose denominator is zero or negative in some runs is not given: it says in
  how many.

With 20 replications a 95% bootstrap interval covers the truth only about 91% of the time: it
takes the resamples' spread for the population's (too narrow by (n - 1) / n) and normal for
Student-t tails. So it is computed at the widened level of Hesterberg's expanded percentile
interval (:func:`expanded_level`: 96.8% at 20 replications, 99.8% at 5), which brings its
coverage back near 95% (tests/test_compare_stats.py measures it).

The bootstrap is seeded from the comparison's seed and the name of what is estimated, so a
report is reproducible and one interval does not change when others are added. Each interval
records ``n``, the runs it covers (those with a finite value).

Differences are paired by replication: scenario ``s`` minus the baseline on the same seed, so
the shared randomness cancels and the interval is about the intervention, not the noise.
"""

from __future__ import annotations

import math
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from sim.ledger import Source

LEVEL = 0.95
RESAMPLES = 9999
MILLION = 1_000_000.0
BUDGET_TOLERANCE = 0.05  # a scenario spending within 5% of the whole programme compares in totals
Interval = dict[str, Any]
Estimator = Callable[[Any, str], Interval]  # values, the name of what they are -> interval

YEARLY_MEASURES = (
    "per_capita_net_income_yuan",
    "per_capita_net_income_real_yuan",
    "growth_over_first_year_yuan",
    "poverty_headcount_ratio",
    "poverty_gap_index",
    "gini",
)
NONNEGATIVE_YEARLY = frozenset({"poverty_headcount_ratio", "poverty_gap_index", "gini"})
SOURCES = tuple(f"{s.name.lower()}_yuan_per_capita" for s in Source)
NONNEGATIVE_RUN_MEASURES = (
    "aid_spent_yuan",
    "aid_spent_real_yuan",
    "aid_spent_nominal_horizon_yuan",
    "households_reached",
    "trainees_placed",
)
RUN_MEASURES = (
    "income_gained_yuan",
    "income_gained_nominal_yuan",
    "people_lifted",
    "durability_1_years",
    "durability_3_years",
    "durability_5_years",
)
NO_AID_IN_HORIZON = "no aid spent over the horizon"
NO_AID = "no aid spent"
NO_ONE_LIFTED = "no people lifted"


@dataclass(frozen=True)
class Ratio:
    """A ratio of means over the replications: numerator and denominator columns of the runs."""

    numerator: str
    denominator: str
    scale: float
    digits: int
    undefined: str  # what a zero or negative denominator means, for the note


RATIOS = {
    "benefit_per_yuan": Ratio("income_gained_yuan", "aid_spent_real_yuan", 1.0, 4, NO_AID_IN_HORIZON),
    "benefit_per_yuan_nominal": Ratio(
        "income_gained_nominal_yuan", "aid_spent_nominal_horizon_yuan", 1.0, 4, NO_AID_IN_HORIZON
    ),
    "income_gained_per_million_yuan": Ratio(
        "income_gained_yuan", "aid_spent_real_yuan", MILLION, 2, NO_AID_IN_HORIZON
    ),
    "people_lifted_per_million_yuan": Ratio("people_lifted", "aid_spent_yuan", MILLION, 2, NO_AID),
    "cost_per_person_lifted_yuan": Ratio("aid_spent_yuan", "people_lifted", 1.0, 2, NO_ONE_LIFTED),
}


def _finite(values: Any) -> np.ndarray:
    x = np.asarray(values, dtype=np.float64)
    return x[np.isfinite(x)]


def _empty(n: int = 0) -> Interval:
    return {"mean": None, "lo": None, "hi": None, "n": n}


def interval(values: Any) -> Interval:
    """Mean and 95% t-interval of the finite values (no interval from fewer than two)."""
    x = _finite(values)
    if x.size == 0:
        return _empty()
    mean = float(x.mean())
    if x.size == 1:
        return {"mean": mean, "lo": None, "hi": None, "n": 1}
    half = float(stats.t.ppf(0.5 + LEVEL / 2, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size))
    return {"mean": mean, "lo": mean - half, "hi": mean + half, "n": int(x.size)}


def expanded_level(n: int, level: float = LEVEL) -> float:
    """The confidence level at which a bootstrap interval of ``n`` values is about as wide as a
    ``level`` t-interval: Hesterberg's expanded percentile interval (The American Statistician
    69(4), 2015), ``1 - 2 Phi(-sqrt(n / (n - 1)) t_{n-1}(1 - alpha / 2))``."""
    if n < 2:
        return level
    t = stats.t.ppf(0.5 + level / 2, n - 1)
    return float(1.0 - 2.0 * stats.norm.cdf(-np.sqrt(n / (n - 1)) * t))


def _mean(x: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.mean(x, axis=axis)


def _ratio_of_means(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.mean(x, axis=axis) / np.mean(y, axis=axis)


@dataclass(frozen=True)
class Resampler:
    """Bootstrap intervals, reproducible from ``seed``: each interval draws from its own stream,
    named by what it is of, so it does not depend on which others are computed, or in what order."""

    seed: int = 0
    resamples: int = RESAMPLES

    def rng(self, label: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, zlib.crc32(label.encode())])

    def bounds(
        self, data: tuple[np.ndarray, ...], statistic: Callable[..., Any], label: str
    ) -> tuple[float, float]:
        """The 95% BCa interval of ``statistic`` over resampled replications (the values of
        ``data`` resampled together, by replication), at the :func:`expanded_level`; percentile
        where BCa is not defined (e.g. every resample alike)."""
        level = expanded_level(len(data[0]))
        for method in ("BCa", "percentile"):
            with warnings.catch_warnings():
                # Degenerate data make BCa undefined: it is then the percentile interval.
                warnings.simplefilter("ignore", stats.DegenerateDataWarning)
                warnings.simplefilter("ignore", RuntimeWarning)
                result = stats.bootstrap(
                    data,
                    statistic,
                    n_resamples=self.resamples,
                    confidence_level=level,
                    method=method,
                    paired=True,
                    vectorized=True,
                    rng=self.rng(label),
                )
            lo, hi = float(result.confidence_interval.low), float(result.confidence_interval.high)
            if math.isfinite(lo) and math.isfinite(hi):
                return lo, hi
        return math.nan, math.nan

    def nonnegative(self, values: Any, label: str) -> Interval:
        """Mean and 95% bootstrap interval of a quantity that cannot be negative."""
        x = _finite(values)
        if x.size == 0:
            return _empty()
        mean = float(x.mean())
        if x.size == 1:
            return {"mean": mean, "lo": None, "hi": None, "n": 1}
        if np.ptp(x) == 0:  # every run alike: nothing to resample
            return {"mean": mean, "lo": mean, "hi": mean, "n": int(x.size)}
        lo, hi = self.bounds((x,), _mean, label)
        floor = 0.0 if x.min() >= 0 else -math.inf
        return {"mean": mean, "lo": max(lo, floor), "hi": max(hi, floor), "n": int(x.size)}

    def ratio(
        self, numerator: Any, denominator: Any, label: str, *, scale: float = 1.0, undefined: str
    ) -> Interval:
        """The ratio of the means with its paired bootstrap interval; not given (with a note) if
        the denominator is zero or negative in any run that has both values."""
        x, y = np.asarray(numerator, dtype=np.float64), np.asarray(denominator, dtype=np.float64)
        keep = np.isfinite(x) & np.isfinite(y)
        x, y = x[keep], y[keep]
        n = int(x.size)
        if n == 0:
            return _empty()
        bad = int((y <= 0).sum())
        if bad:
            return {**_empty(n), "undefined_in": bad, "note": f"{undefined} in {bad} of {n} runs"}
        ratio = float(x.mean() / y.mean()) * scale
        if n == 1:
            return {"mean": ratio, "lo": None, "hi": None, "n": 1}
        each = x / y
        if np.ptp(each) == 0:  # every run the same ratio: so is every resample
            return {"mean": ratio, "lo": ratio, "hi": ratio, "n": n}
        lo, hi = (v * scale for v in self.bounds((x, y), _ratio_of_means, label))
        floor = 0.0 if x.min() >= 0 else -math.inf  # the denominators are all positive
        return {"mean": ratio, "lo": max(lo, floor), "hi": max(hi, floor), "n": n}


def t_interval(values: Any, _: str) -> Interval:
    """:func:`interval` as an :data:`Estimator`."""
    return interval(values)


def _rounded(entry: Interval, digits: int) -> Interval:
    # Adding 0.0 turns a -0.0 into 0.0: no "-0" in the JSON.
    return {k: (round(v, digits) + 0.0 if isinstance(v, float) else v) for k, v in entry.items()}


def by_year(
    frame: pd.DataFrame, measure: str, digits: int, estimate: Estimator = t_interval, label: str = ""
) -> dict[str, Interval]:
    """Interval of ``measure`` for each year."""
    return {
        str(year): _rounded(estimate(group[measure], f"{label}|{measure}|{year}"), digits)
        for year, group in frame.groupby("year")
    }


def paired(
    yearly: pd.DataFrame, scenario: str, baseline: str, measure: str, digits: int
) -> dict[str, Interval]:
    """Interval of ``scenario`` minus ``baseline`` on the same replications, by year."""
    mine = yearly[yearly["scenario"] == scenario].set_index(["replication", "year"])[measure]
    base = yearly[yearly["scenario"] == baseline].set_index(["replication", "year"])[measure]
    difference = (mine - base).dropna().reset_index()
    return by_year(difference, measure, digits)


def paired_runs(runs: pd.DataFrame, scenario: str, baseline: str, measure: str, digits: int) -> Interval:
    """Interval of a per-run figure of ``scenario`` minus ``baseline``, paired by replication."""
    mine = runs[runs["scenario"] == scenario].set_index("replication")[measure]
    base = runs[runs["scenario"] == baseline].set_index("replication")[measure]
    return _rounded(interval(mine - base), digits)


def _digits(measure: str) -> int:
    return 4 if "ratio" in measure or "index" in measure or measure == "gini" else 2


def yearly_entry(frame: pd.DataFrame, name: str, resampler: Resampler) -> dict[str, Any]:
    """One scenario's yearly outcomes and income by source, with intervals."""
    entry: dict[str, Any] = {}
    for measure in YEARLY_MEASURES:
        estimate = resampler.nonnegative if measure in NONNEGATIVE_YEARLY else t_interval
        entry[measure] = by_year(frame, measure, _digits(measure), estimate, name)
    entry["income_by_source_yuan_per_capita"] = {
        source.removesuffix("_yuan_per_capita"): by_year(frame, source, 2) for source in SOURCES
    }
    return entry


def runs_entry(run_frame: pd.DataFrame, name: str, resampler: Resampler) -> dict[str, Any]:
    """One scenario's per-run figures: totals, per million Yuan and the other ratios."""
    entry: dict[str, Any] = {}
    for measure in NONNEGATIVE_RUN_MEASURES:
        entry[measure] = _rounded(resampler.nonnegative(run_frame[measure], f"{name}|{measure}"), 2)
    for measure in RUN_MEASURES:
        entry[measure] = _rounded(interval(run_frame[measure]), 4)
    for measure, r in RATIOS.items():
        # Labelled by the columns, so one ratio at two scales has the same resamples.
        label = f"{name}|{r.numerator}/{r.denominator}"
        values = resampler.ratio(
            run_frame[r.numerator], run_frame[r.denominator], label, scale=r.scale, undefined=r.undefined
        )
        entry[measure] = _rounded(values, r.digits)
    return entry


def horizon_of(run_frame: pd.DataFrame) -> dict[str, int] | None:
    """The calendar years the value over the horizon covers (None without a programme)."""
    if "horizon_first_year" not in run_frame:
        return None
    firsts = run_frame["horizon_first_year"].dropna().unique()
    lasts = run_frame["horizon_last_year"].dropna().unique()
    if len(firsts) != 1 or len(lasts) != 1:
        return None
    first, last = int(firsts[0]), int(lasts[0])
    return {"first_year": first, "last_year": last, "years": last - first + 1}


def budget_checks(
    mean_aid: dict[str, float], interventions: dict[str, int] | None = None
) -> dict[str, dict[str, Any] | None]:
    """Each programme scenario's mean aid against the "whole programme": the scenario that runs
    the most interventions (``interventions``, by name), the largest spender among those (or
    simply the largest spender when the counts are not given). Totals compare only between
    scenarios that spend within 5% of it, above or below; others compare per million Yuan. None
    for scenarios that spent nothing."""
    programmes = {name: aid for name, aid in mean_aid.items() if aid > 0}
    if not programmes:
        return dict.fromkeys(mean_aid)
    counts = interventions or {}
    # The first of equals, so the choice does not depend on anything but the inputs' order.
    whole = max(programmes, key=lambda name: (counts.get(name, 0), programmes[name]))
    out: dict[str, dict[str, Any] | None] = {}
    for name, aid in mean_aid.items():
        if name not in programmes:
            out[name] = None
            continue
        share = aid / programmes[whole]
        out[name] = {
            "aid_spent_yuan": round(aid, 2),
            "whole_programme": whole,
            "whole_programme_aid_spent_yuan": round(programmes[whole], 2),
            "share_of_whole_programme": round(share, 4),
            "within_5_percent": bool(abs(share - 1.0) <= BUDGET_TOLERANCE),
        }
    return out


def differences(yearly: pd.DataFrame, runs: pd.DataFrame, name: str, baseline: str) -> dict[str, Any]:
    """Paired differences from the baseline, by year, and in aid spent."""
    return {
        "baseline": baseline,
        **{m: paired(yearly, name, baseline, m, 2 if m.endswith("_yuan") else 4) for m in YEARLY_MEASURES},
        "aid_spent_yuan": paired_runs(runs, name, baseline, "aid_spent_yuan", 2),
    }


def village_entry(villages: pd.DataFrame, name: str, resampler: Resampler) -> dict[str, Any]:
    """Income (t-interval) and headcount (bootstrap) by village and year."""
    mine = villages[villages["scenario"] == name]
    return {
        str(village): {
            "per_capita_net_income_yuan": by_year(group, "per_capita_net_income_yuan", 2),
            "poverty_headcount_ratio": by_year(
                group, "poverty_headcount_ratio", 4, resampler.nonnegative, f"{name}|{village}"
            ),
        }
        for village, group in mine.groupby("village", sort=False)
    }


def summarise(
    yearly: pd.DataFrame,
    runs: pd.DataFrame,
    names: list[str],
    descriptions: dict[str, str],
    villages: pd.DataFrame | None = None,
    *,
    seed: int = 0,
    resamples: int = RESAMPLES,
    interventions: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The comparison: every scenario's intervals and its paired differences from the first.

    ``seed`` (the comparison's first seed) seeds the bootstrap, so the same comparison gives the
    same intervals.
    """
    resampler = Resampler(seed, resamples)
    baseline = names[0]
    mean_aid = {name: float(runs.loc[runs["scenario"] == name, "aid_spent_yuan"].mean()) for name in names}
    checks = budget_checks(mean_aid, interventions)
    out: dict[str, Any] = {}
    for name in names:
        run_frame = runs[runs["scenario"] == name]
        entry: dict[str, Any] = {"description": descriptions.get(name, ""), "replications": len(run_frame)}
        entry |= yearly_entry(yearly[yearly["scenario"] == name], name, resampler)
        entry["horizon"] = horizon_of(run_frame)
        entry |= runs_entry(run_frame, name, resampler)
        entry["budget_check"] = checks[name]
        entry["difference_from_baseline"] = differences(yearly, runs, name, baseline)
        if villages is not None and not villages.empty:
            entry["villages"] = village_entry(villages, name, resampler)
        out[name] = entry
    return out
