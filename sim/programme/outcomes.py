"""What a programme did and what it bought: spending, reach, pools, training, and the income
gained over the same villages without it (the counterfactual run on the same seed, which shares
every random stream the programme does not touch).

- income gained (Yuan per person, by year): the programme run's pooled per-capita net income
  minus the counterfactual's;
- cost per Yuan gained: all aid spent over all the net income gained in the simulated years;
- people lifted over the line (by year): the counterfactual's poor people minus the
  programme's; cost per person lifted: all aid over the people lifted in the last funded year;
- durability: the income gained k years after the last funded year, as a share of the gain in
  the last funded year (above 1: the gain kept growing after the aid stopped); not given when
  that year's gain was not positive.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sim.programme.budget import COMPONENTS
from sim.programme.infrastructure import WORKS
from sim.programme.programme import Programme
from sim.programme.rolling import history_by_year

DURABILITY_YEARS = (1, 3, 5)


def poor_people(pooled: pd.DataFrame) -> pd.Series:
    """People below the line, by year."""
    return pooled["poverty_headcount_ratio"] * pooled["people"]


def programme_outcomes(
    programme: Programme, pooled: pd.DataFrame, counterfactual: pd.DataFrame
) -> dict[str, Any]:
    """The programme's block of the run summary (years as string keys)."""
    budget = programme.budget
    spent = budget.spent_by_year()
    allocated = budget.allocated.sum(axis=1)
    gain = pooled["per_capita_net_income_yuan"] - counterfactual["per_capita_net_income_yuan"]
    gained_yuan = float((gain * pooled["people"]).sum())
    lifted = poor_people(counterfactual) - poor_people(pooled)
    total = budget.total_spent
    last = min(programme.params.schedule.last_year, int(pooled.index[-1]))
    durability = {}
    base_gain = float(gain.get(last, np.nan))
    for k in DURABILITY_YEARS:
        year = last + k
        # A share of a programme year's loss, or of nothing, is no measure of lasting gains.
        if year in gain.index and base_gain > 0:
            durability[f"{k}_years_after"] = {
                "year": year,
                "income_gain_yuan_per_capita": round(float(gain[year]), 2),
                "share_of_last_funded_year_gain": round(float(gain[year]) / base_gain, 4),
            }
    school = programme.school
    projects = programme.projects
    reached_any = projects.reached | programme.pool.reached | school.trained
    lifted_last = float(lifted.get(last, np.nan))
    return {
        "aid_spent_yuan": {
            str(year): {**{k: round(v, 2) for k, v in by.items()}, "total": round(sum(by.values()), 2)}
            for year, by in spent.items()
        },
        "aid_unspent_yuan": {
            str(budget.start_year + y): round(float(allocated[:, y].sum() - budget.spent[:, :, y].sum()), 2)
            for y in range(budget.years)
            if allocated[:, y].sum() > 0
        },
        "aid_total_yuan": round(total, 2),
        "components": [c.value for c in COMPONENTS],
        "households_reached": {
            "village_advancement_projects": int(projects.reached.sum()),
            "livestock_pool": int(programme.pool.reached.sum()),
            "labour_training": int(school.trained.sum()),
            "any": int(reached_any.sum()),
        },
        "village_works": {work.value: programme.works.count(work) for work in WORKS},
        "pool": history_by_year(programme.pool),
        "pool_balances": programme.pool.balances(),
        "trainees": school.summary(),
        "leaders_trained": int(programme.leaders.sum()),
        "cadres_trained": int(programme.cadres.sum()),
        "income_gain_yuan_per_capita": {str(y): round(float(v), 2) for y, v in gain.items()},
        "people_lifted_over_line": {str(y): round(float(v), 1) for y, v in lifted.items()},
        "income_gained_yuan": round(gained_yuan, 2),
        "people_lifted_in_last_funded_year": round(lifted_last, 1),
        "cost_per_yuan_gained": round(total / gained_yuan, 4) if gained_yuan > 0 else None,
        "cost_per_person_lifted_yuan": round(total / lifted_last, 2) if lifted_last > 0 else None,
        "durability": durability,
    }
