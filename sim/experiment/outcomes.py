"""What a sweep's runs can record: yearly outcomes as ``<column>@<year>`` and run-level ones.

Yearly columns are the pooled outcomes of :func:`sim.results.outcomes` (one value a year for
the ten villages together) and two differences the sweep needs often:
``growth_over_first_year_yuan`` (the pooled per-capita net income less the first simulated
year's, as ``povsim compare`` reports it) and ``income_gain_yuan_per_capita`` (the run's pooled
per-capita net income less its counterfactual's on the same seed; 0 for a run without a
programme). Run-level outcomes are the columns of :func:`sim.runner.rows.run_row`.

The runner calls :func:`record` in the worker, so only the few numbers asked for travel back.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from sim.experiment.errors import ExperimentError
from sim.ledger import CATEGORY_OF, Source

_SOURCES = {
    f"{s.name.lower()}_yuan_per_capita": f"net income from {s.name.lower()}, Yuan a person" for s in Source
}
_CATEGORIES = {
    f"{c}_yuan_per_capita": f"net income from {c.replace('_', ' ')} (survey category), Yuan a person"
    for c in sorted(set(CATEGORY_OF.values()))
}

YEARLY: dict[str, str] = {
    "people": "people in the ten villages",
    "per_capita_net_income_yuan": "pooled per-capita net income, current Yuan",
    "per_capita_net_income_real_yuan": "pooled per-capita net income in 2008 prices (rural CPI)",
    "growth_yuan": "per-capita net income less the year before's, Yuan",
    "real_growth_yuan": "real per-capita net income less the year before's, 2008 Yuan",
    "growth_over_first_year_yuan": "per-capita net income less the first simulated year's, Yuan",
    "income_gain_yuan_per_capita": "per-capita net income less the counterfactual's (same seed, "
    "no programme), Yuan; 0 without a programme",
    "poverty_headcount_ratio": "share of people below the poverty line",
    "poverty_gap_index": "mean shortfall below the line as a share of the line",
    "gini": "Gini coefficient of per-capita net income between people",
    "per_capita_consumption_yuan": "consumption, Yuan a person",
    "per_capita_depreciation_yuan": "depreciation of productive assets, Yuan a person",
    "per_capita_investment_yuan": "investment by households, Yuan a person",
    "per_capita_herd_value_yuan": "value of the herds at the year's end, Yuan a person",
    "consumer_price_index": "rural consumer price index, 2008 = 1",
    **_SOURCES,
    **_CATEGORIES,
}

RUN: dict[str, str] = {
    "aid_spent_yuan": "all aid spent over the simulated years, nominal Yuan",
    "income_gained_yuan": "income gained over the horizon, first-year Yuan, discounted",
    "income_gained_nominal_yuan": "income gained over the horizon, nominal Yuan",
    "aid_spent_real_yuan": "aid spent over the horizon, first-year Yuan, discounted",
    "aid_spent_nominal_horizon_yuan": "aid spent over the horizon, nominal Yuan",
    "benefit_per_yuan": "income gained per Yuan of aid over the horizon (real, discounted)",
    "benefit_per_yuan_nominal": "income gained per Yuan of aid over the horizon (nominal)",
    "people_lifted": "people over the line in the last funded year who would be under it without",
    "households_reached": "households reached by any intervention",
    "trainees_placed": "trainees placed in jobs",
    "cost_per_person_lifted_yuan": "aid per person lifted (NaN where nobody was lifted)",
    "durability_1_years": "income gained 1 year after the last funded year / that year's gain",
    "durability_3_years": "income gained 3 years after the last funded year / that year's gain",
    "durability_5_years": "income gained 5 years after the last funded year / that year's gain",
}

# Measured k years after the last funded year: the simulated years must reach that far.
DURABILITY_OUTCOMES = {f"durability_{k}_years": k for k in (1, 3, 5)}


def vocabulary() -> dict[str, str]:
    """Every outcome name pattern with its description (for ``--help`` and the docs)."""
    return {f"{column}@<year>": text for column, text in YEARLY.items()} | dict(RUN)


def parse(name: str) -> tuple[str, int | None]:
    """``column@year`` as (column, year); a run-level name as (name, None). Unknown: ValueError."""
    column, at, year = name.partition("@")
    if not at:
        if column not in RUN:
            raise ValueError(name)
        return column, None
    if column not in YEARLY or not year.isdigit():
        raise ValueError(name)
    return column, int(year)


def check_outcomes(names: Iterable[str], first_year: int, last_year: int, origin: str) -> None:
    """Raise :class:`ExperimentError` unless every name is a known outcome and every yearly
    outcome's year is simulated (``first_year``..``last_year``)."""
    names = list(names)
    if not names:
        raise ExperimentError(f"{origin}: key 'experiment.outcomes' must list at least one outcome")
    for name in names:
        if not isinstance(name, str):
            raise ExperimentError(
                f"{origin}: key 'experiment.outcomes' must be a list of strings, got {name!r}"
            )
        try:
            _, year = parse(name)
        except ValueError:
            raise ExperimentError(
                f"{origin}: key 'experiment.outcomes': unknown outcome {name!r}; allowed: "
                f"<column>@<year> with column one of {', '.join(YEARLY)}; or one of {', '.join(RUN)}"
            ) from None
        if year is not None and not first_year <= year <= last_year:
            raise ExperimentError(
                f"{origin}: key 'experiment.outcomes': {name!r} asks for {year}, outside the simulated "
                f"years {first_year}-{last_year}"
            )
    if len(set(names)) < len(names):
        raise ExperimentError(f"{origin}: key 'experiment.outcomes' lists an outcome twice")


def yearly_frame(pooled: pd.DataFrame, counterfactual: pd.DataFrame | None) -> pd.DataFrame:
    """The yearly frame :func:`record` reads, from a run's pooled outcomes (indexed by year, as
    :class:`sim.results.RunResult` holds them) and its counterfactual's (None without a
    programme)."""
    frame = pooled.copy()
    income = frame["per_capita_net_income_yuan"]
    frame["growth_over_first_year_yuan"] = income - income.iloc[0]
    frame["income_gain_yuan_per_capita"] = (
        income - counterfactual["per_capita_net_income_yuan"] if counterfactual is not None else 0.0
    )
    return frame.reset_index()


def record(yearly: pd.DataFrame, run: Mapping[str, Any], names: Sequence[str]) -> dict[str, float]:
    """One run's outcome values, keyed by the outcome names as given.

    ``yearly`` has a ``year`` column and one row a year (:func:`yearly_frame` makes it, with
    ``income_gain_yuan_per_capita``, which needs the counterfactual: KeyError if it is asked
    for and missing); ``growth_over_first_year_yuan`` is derived if missing. ``run`` is the run's row
    (:func:`sim.runner.rows.run_row`). Undefined values (a ratio over nothing) are NaN.
    """
    by_year = yearly.set_index("year")
    if "growth_over_first_year_yuan" not in by_year:
        income = by_year["per_capita_net_income_yuan"]
        by_year = by_year.assign(growth_over_first_year_yuan=income - income.iloc[0])
    if "income_gain_yuan_per_capita" not in by_year and any("income_gain" in n for n in names):
        # Not 0 by default: a programme run's gain silently recorded as 0 would be a wrong answer.
        raise KeyError(
            "the yearly frame has no income_gain_yuan_per_capita: "
            "build it with yearly_frame(pooled, counterfactual)"
        )
    values: dict[str, float] = {}
    for name in names:
        column, year = parse(name)
        value: Any = by_year.at[year, column] if year is not None else run[column]
        values[name] = math.nan if value is None or pd.isna(value) else float(value)
    return values
