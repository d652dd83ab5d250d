"""The programme's money: what each component was given, and every Yuan it spent.

The budget rule: no component spends more than it was given in a year, in any village; every
Yuan spent is recorded with its year, month, village and component, so the spending can be
traced and added up any way a reviewer asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
TOLERANCE_YUAN = 1e-6


class Component(StrEnum):
    """What a Yuan of aid is spent on."""

    HOUSEHOLD_PROJECTS = "household_projects"
    INFRASTRUCTURE = "infrastructure"
    LEADER_TRAINING = "leader_training"
    LIVESTOCK_POOL = "livestock_pool"
    LABOUR_TRAINING = "labour_training"
    CADRE_TRAINING = "cadre_training"
    ORGANISING = "organising"  # founding cooperatives, associations' bases, training members


COMPONENTS: tuple[Component, ...] = tuple(Component)


class BudgetExceededError(RuntimeError):
    """A component tried to spend more than it was given (a defect, never expected)."""


@dataclass
class BudgetAccount:
    """Allocations and spending by component, village and year."""

    villages: int
    years: int
    start_year: int
    allocated: FloatArray = field(init=False)  # (component, village, year index)
    spent: FloatArray = field(init=False)
    # Every payment, a spending at a time: year, month, villages, component, Yuan (one per village).
    _payments: list[tuple[int, int, IntArray, str, FloatArray]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        shape = (len(COMPONENTS), self.villages, self.years)
        self.allocated = np.zeros(shape)
        self.spent = np.zeros(shape)

    def allocate(self, component: Component, year_index: int, by_village: FloatArray) -> None:
        """Give ``component`` these amounts in each village for one year."""
        self.allocated[COMPONENTS.index(component), :, year_index] += by_village

    def reallocate(
        self, source: Component, target: Component, year_index: int, by_village: FloatArray
    ) -> None:
        """Move money ``source`` has not spent this year to ``target``, village by village."""
        amounts = self._within(source, year_index, by_village, "move")
        self.allocated[COMPONENTS.index(source), :, year_index] -= amounts
        self.allocated[COMPONENTS.index(target), :, year_index] += amounts

    def _within(self, component: Component, year_index: int, by_village: FloatArray, verb: str) -> FloatArray:
        """``by_village`` as amounts, checked to be nonnegative and within what each village
        still has of ``component`` this year (to spend or to move)."""
        amounts = np.asarray(by_village, dtype=np.float64)
        if np.any(amounts < 0):
            raise ValueError(f"amounts to {verb} must not be negative")
        over = amounts - self.available(component, year_index)
        if np.any(over > TOLERANCE_YUAN):
            village = int(np.argmax(over))
            raise BudgetExceededError(
                f"{component} has {over[village]:.2f} Yuan too little left in village {village} in year "
                f"{self.start_year + year_index} to {verb}"
            )
        return amounts

    def available(self, component: Component, year_index: int) -> FloatArray:
        """What each village still has to spend on ``component`` this year."""
        c = COMPONENTS.index(component)
        return self.allocated[c, :, year_index] - self.spent[c, :, year_index]

    def spend(self, component: Component, year_index: int, month: int, by_village: FloatArray) -> None:
        """Record spending in each village; refuses to overspend any of them."""
        amounts = self._within(component, year_index, by_village, "spend")
        c = COMPONENTS.index(component)
        self.spent[c, :, year_index] += amounts
        rows = np.flatnonzero(amounts)
        if rows.size:
            self._payments.append((self.start_year + year_index, month, rows, component.value, amounts[rows]))

    def records(self) -> pd.DataFrame:
        """Every payment: year, month, village (index), component, Yuan."""
        records = [
            (year, month, row, component, amount)
            for year, month, rows, component, amounts in self._payments
            for row, amount in zip(rows.tolist(), amounts.tolist(), strict=True)
        ]
        return pd.DataFrame(records, columns=["year", "month", "village", "component", "yuan"])

    def spent_by_year(self) -> dict[int, dict[str, float]]:
        """Total spent per year and component, over the villages."""
        totals = self.spent.sum(axis=1)
        return {
            self.start_year + y: {c.value: float(totals[i, y]) for i, c in enumerate(COMPONENTS)}
            for y in range(self.years)
        }

    @property
    def total_spent(self) -> float:
        """Every Yuan spent."""
        return float(self.spent.sum())
