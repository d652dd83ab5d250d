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
  that year's gain was not positive;
- value over a horizon (:func:`value_over_horizon`): the income gained and the aid spent over
  ``horizon_years`` from the first programme year, deflated to that year's prices by the rural
  consumer price index and discounted to it, and the income gained per Yuan of aid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.programme.budget import COMPONENTS
from sim.programme.infrastructure import WORKS
from sim.programme.programme import Programme
from sim.programme.rolling import history_by_year

DURABILITY_YEARS = (1, 3, 5)
DEFAULT_HORIZON_YEARS = 5
DEFAULT_DISCOUNT_RATE = 0.05  # a social discount rate, as benefit-cost studies of graduation programmes use


@dataclass(frozen=True)
class Valuation:
    """How a programme's gains and aid are added up over the years: over ``horizon_years``
    from its first programme year, in that year's prices, discounted to it at
    ``discount_rate`` a year."""

    horizon_years: int = DEFAULT_HORIZON_YEARS
    discount_rate: float = DEFAULT_DISCOUNT_RATE

    def __post_init__(self) -> None:
        if isinstance(self.horizon_years, bool) or not isinstance(self.horizon_years, int):
            raise ValueError(f"the horizon must be a whole number of years, got {self.horizon_years!r}")
        if self.horizon_years < 1:
            raise ValueError(f"the horizon must be at least 1 year, got {self.horizon_years}")
        if not 0.0 <= self.discount_rate < 1.0:  # NaN fails too
            raise ValueError(f"the discount rate must be in [0, 1), got {self.discount_rate}")

    def years(self, first_year: int) -> range:
        """The calendar years counted, from ``first_year``."""
        return range(first_year, first_year + self.horizon_years)

    def weights(self, cpi: pd.Series, first_year: int) -> pd.Series:
        """What a nominal Yuan of each year counted is worth in ``first_year``'s Yuan:
        deflated by the consumer price index, then discounted back to ``first_year``."""
        years = list(self.years(first_year))
        missing = [y for y in years if y not in cpi.index]
        if missing:
            raise ValueError(
                f"the {self.horizon_years}-year horizon from {first_year} needs {missing[0]}, "
                f"which was not simulated (last year {int(cpi.index[-1])})"
            )
        index = cpi.loc[years]
        elapsed = pd.Series([y - first_year for y in years], index=index.index)
        return (cpi.loc[first_year] / index) / (1.0 + self.discount_rate) ** elapsed


def value_over_horizon(
    pooled: pd.DataFrame,
    counterfactual: pd.DataFrame,
    aid_by_year: pd.Series,
    first_year: int,
    how: Valuation,
) -> dict[str, float]:
    """The income gained and the aid spent over the horizon, nominal and in ``first_year``'s
    discounted Yuan, and the income gained per Yuan of aid (NaN where no aid was spent).

    Args:
        pooled: the programme run's pooled outcomes by year (people, per-capita net income and
            the consumer price index).
        counterfactual: the same villages and seed without the programme, by year.
        aid_by_year: Yuan of aid paid in each calendar year (years without aid may be absent).
        first_year: the first programme year: the horizon starts there and is priced in it.
        how: the horizon and the discount rate.
    """
    weight = how.weights(pooled["consumer_price_index"], first_year)
    years = weight.index
    # Everyone in the programme run gains the pooled per-capita difference: total Yuan a year.
    gain = (
        pooled.loc[years, "per_capita_net_income_yuan"]
        - counterfactual.loc[years, "per_capita_net_income_yuan"]
    ) * pooled.loc[years, "people"]
    aid = aid_by_year.reindex(years, fill_value=0.0).astype(float)
    gained, gained_nominal = float((gain * weight).sum()), float(gain.sum())
    spent, spent_nominal = float((aid * weight).sum()), float(aid.sum())
    nan = float("nan")
    return {
        "income_gained_yuan": gained,
        "income_gained_nominal_yuan": gained_nominal,
        "aid_spent_real_yuan": spent,
        "aid_spent_nominal_horizon_yuan": spent_nominal,
        "benefit_per_yuan": gained / spent if spent > 0 else nan,
        "benefit_per_yuan_nominal": gained_nominal / spent_nominal if spent_nominal > 0 else nan,
    }


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
