"""One finished run as rows of the runner's long tables.

- ``yearly``: one row per year: the task's labels, the pooled outcomes (as
  :func:`sim.results.outcomes` gives them), ``growth_over_first_year_yuan`` and
  ``income_gain_yuan_per_capita`` (against the counterfactual; 0 without a programme);
- ``runs``: one row: the labels, the varied inputs, what the programme cost and did, the value
  over the horizon (:func:`sim.programme.outcomes.value_over_horizon`), durability, and the
  outcomes the task was asked to record;
- ``villages`` (on request): one row per village and year.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from sim.experiment.outcomes import record, yearly_frame
from sim.programme.outcomes import DURABILITY_YEARS, value_over_horizon
from sim.results import RunResult
from sim.runner.tasks import Task

HORIZON_COLUMNS = ("horizon_first_year", "horizon_last_year")


def _labelled(frame: pd.DataFrame, task: Task) -> pd.DataFrame:
    for position, (column, value) in enumerate({**task.labels, **task.inputs}.items()):
        frame.insert(position, column, value)
    return frame


def yearly_rows(result: RunResult, task: Task) -> pd.DataFrame:
    """The pooled yearly outcomes of one run, labelled."""
    return _labelled(yearly_frame(result.pooled, result.counterfactual), task)


def village_rows(result: RunResult, task: Task) -> pd.DataFrame:
    """The per-village yearly outcomes of one run, labelled."""
    return _labelled(result.by_village.reset_index(), task)


def _horizon_values(result: RunResult, task: Task) -> dict[str, Any]:
    """The value over the horizon of a programme run; nothing gained or spent without one."""
    nan = float("nan")
    if result.programme is None or result.counterfactual is None or result.aid is None:
        return {
            "horizon_first_year": None,
            "horizon_last_year": None,
            "income_gained_yuan": 0.0,
            "income_gained_nominal_yuan": 0.0,
            "aid_spent_real_yuan": 0.0,
            "aid_spent_nominal_horizon_yuan": 0.0,
            "benefit_per_yuan": nan,
            "benefit_per_yuan_nominal": nan,
        }
    first = result.params.programme.schedule.first_year
    aid_by_year = result.aid.groupby("year")["yuan"].sum()
    years = task.valuation.years(first)
    return {
        "horizon_first_year": years[0],
        "horizon_last_year": years[-1],
        **value_over_horizon(result.pooled, result.counterfactual, aid_by_year, first, task.valuation),
    }


def run_row(result: RunResult, task: Task) -> dict[str, Any]:
    """What one run's programme cost and did (NaN where it is not defined)."""
    row: dict[str, Any] = {**task.labels, **task.inputs}
    p = result.programme
    nan = float("nan")
    row["poverty_line_yuan"] = result.params.simulation.poverty_line_yuan
    row["aid_spent_yuan"] = p["aid_total_yuan"] if p else 0.0
    row.update(_horizon_values(result, task))
    lifted = p["people_lifted_in_last_funded_year"] if p else 0.0
    row["people_lifted"] = lifted
    row["households_reached"] = p["households_reached"]["any"] if p else 0
    row["trainees_placed"] = p["trainees"]["placed"] if p else 0
    # A cost per person lifted is no cost where nobody was lifted, or poverty grew.
    row["cost_per_person_lifted_yuan"] = row["aid_spent_yuan"] / lifted if p and lifted > 0 else nan
    for k in DURABILITY_YEARS:
        entry = p["durability"].get(f"{k}_years_after") if p else None
        row[f"durability_{k}_years"] = entry["share_of_last_funded_year_gain"] if entry else nan
    return row


def tables_of(result: RunResult, task: Task) -> dict[str, pd.DataFrame]:
    """Every table one run writes: ``yearly``, ``runs`` (with the recorded outcomes) and, on
    request, ``villages``."""
    yearly = yearly_rows(result, task)
    row = run_row(result, task)
    if task.outcomes:
        row.update(record(yearly, row, task.outcomes))
    runs = pd.DataFrame([row])
    for column in HORIZON_COLUMNS:  # whole years, empty where there is no programme
        runs[column] = runs[column].astype("Int64")
    out = {"yearly": yearly, "runs": runs}
    if task.by_village:
        out["villages"] = village_rows(result, task)
    return out
