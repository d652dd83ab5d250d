"""The numbers a calibration compares with published figures, from one run's tables.

A statistic is named like a sweep's outcome (:mod:`sim.experiment.outcomes`): ``column@year``
for a yearly column, or a run-level column. Beside the runner's yearly columns, a calibration
can name shares and rates that published figures are given as:

- ``<category>_share``: a survey income category's share of net income (wages, household
  operations, property, transfers), as the yearbooks give the province's composition;
- ``household_size``: people per household;
- ``counterfactual_income_yuan``, ``counterfactual_growth_rate``: the same villages and seed
  without the programme (the background a province-wide series describes);
- ``growth_rate``: income over the year before's, less one;
- ``income_gain_share``: the programme's income gain as a share of the counterfactual's income,
  the form trials report their effects in ("% of the control group's mean").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from sim.experiment.outcomes import RUN, YEARLY

INCOME = "per_capita_net_income_yuan"
CATEGORIES = ("wages", "household_operations", "property", "transfers")

DERIVED: dict[str, str] = {
    **{f"{c}_share": f"net income from {c.replace('_', ' ')} as a share of net income" for c in CATEGORIES},
    "household_size": "people per household",
    "counterfactual_income_yuan": "per-capita net income without the programme (same seed), Yuan",
    "counterfactual_growth_rate": "the counterfactual's income over the year before's, less one",
    "growth_rate": "per-capita net income over the year before's, less one",
    "income_gain_share": "income gain as a share of the counterfactual's income",
}


def known(name: str) -> bool:
    """Whether ``name`` is a statistic this module computes (years are checked elsewhere)."""
    column, at, year = name.partition("@")
    if not at:
        return column in RUN
    return (column in YEARLY or column in DERIVED) and year.isdigit()


def year_of(name: str) -> int | None:
    _column, at, year = name.partition("@")
    return int(year) if at else None


def with_derived(yearly: pd.DataFrame) -> pd.DataFrame:
    """One run's yearly rows (sorted by year) with the derived columns added."""
    frame = yearly.sort_values("year").reset_index(drop=True)
    income = frame[INCOME]
    for category in CATEGORIES:
        frame[f"{category}_share"] = frame[f"{category}_yuan_per_capita"] / income
    frame["household_size"] = frame["people"] / frame["households"]
    counterfactual = income - frame["income_gain_yuan_per_capita"]
    frame["counterfactual_income_yuan"] = counterfactual
    frame["counterfactual_growth_rate"] = counterfactual / counterfactual.shift() - 1
    frame["growth_rate"] = income / income.shift() - 1
    frame["income_gain_share"] = frame["income_gain_yuan_per_capita"] / counterfactual
    return frame


def statistics(yearly: pd.DataFrame, run: Mapping[str, Any], names: Iterable[str]) -> dict[str, float]:
    """The named statistics of one run (NaN where undefined, e.g. a year not simulated)."""
    by_year = with_derived(yearly).set_index("year")
    out: dict[str, float] = {}
    for name in names:
        column, at, year = name.partition("@")
        if at:
            value = by_year.at[int(year), column] if int(year) in by_year.index else math.nan
        else:
            value = run.get(column, math.nan)
        out[name] = _number(value)
    return out


def _number(value: Any) -> float:
    """A cell as a float: NaN for a missing one."""
    return math.nan if value is None or pd.isna(value) else float(value)


def vocabulary() -> dict[str, str]:
    """Every statistic name pattern with its description."""
    yearly = {f"{c}@<year>": text for c, text in {**YEARLY, **DERIVED}.items()}
    return yearly | dict(RUN)
