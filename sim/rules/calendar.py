"""Where a monthly step stands in the run."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class When:
    """One month of the run."""

    year_index: int  # 0 for the first simulated year
    month: int  # 1-12

    def year(self, start_year: int) -> int:
        """The calendar year."""
        return start_year + self.year_index
