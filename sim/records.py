"""What a closed year leaves behind: the ledger's totals per household.

A record's net income is computed once, when first asked for, and kept (read-only): the model
reads it when the year closes and the results tables for every village and the pooled run.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class YearRecord:
    """One year's accounts of every household, as the statistics would take them."""

    year: int
    gross: NDArray[np.float64]  # (Source, household)
    costs: NDArray[np.float64]  # (Source, household)
    depreciation: NDArray[np.float64]  # (Source, household)
    consumption: NDArray[np.float64]  # (household,)
    investment: NDArray[np.float64]  # (household,) cash paid for fixed assets
    people: NDArray[np.int64]  # (household,)
    village: NDArray[np.int64]  # (household,)
    cpi: float  # the year's consumer price index (1 in the first year)
    herd_value: NDArray[np.float64]  # (household,) the herds' value at the year's end, at its prices
    animals_added: NDArray[np.float64]  # (household,) breeding animals put on the asset register

    @cached_property
    def net_income(self) -> NDArray[np.float64]:
        """Each household's net income (computed once; the array is read-only)."""
        net = self.gross.sum(axis=0) - self.costs.sum(axis=0) - self.depreciation.sum(axis=0)
        net.flags.writeable = False
        return net

    @property
    def net_by_source(self) -> NDArray[np.float64]:
        """Net income by source and household: gross less costs and depreciation."""
        return self.gross - self.costs - self.depreciation

    @property
    def saved(self) -> NDArray[np.float64]:
        """Each household's change in savings over the year: net income plus depreciation (not
        cash) less consumption and the cash paid for fixed assets."""
        return self.net_income + self.depreciation.sum(axis=0) - self.consumption - self.investment
