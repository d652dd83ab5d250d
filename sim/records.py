"""What a closed year leaves behind: the ledger's totals per household."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class YearRecord:
    """One year's accounts of every household, as the statistics would take them."""

    year: int
    gross: NDArray[np.float64]  # (Source, household)
    costs: NDArray[np.float64]  # (Source, household)
    consumption: NDArray[np.float64]  # (household,)
    people: NDArray[np.int64]  # (household,)
    village: NDArray[np.int64]  # (household,)

    @property
    def net_income(self) -> NDArray[np.float64]:
        """Each household's net income."""
        return self.gross.sum(axis=0) - self.costs.sum(axis=0)
