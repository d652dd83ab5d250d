"""What a household rule reads and writes in a month, passed as one object.

The rules of :mod:`sim.rules` take a :class:`Month`: the household table, the ledger, the
parameters, the world, the random streams, the herds' arrays, the asset register, the village
markets and the households' multipliers, and where the run stands. A new rule needs no change
to its callers. A rule's random draws for households come from :meth:`Month.draws`: each
household's own sequence for the process in this month (:mod:`sim.crn`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from sim.assets import AssetRegister
from sim.crn import HouseholdDraws
from sim.ledger import Ledger
from sim.params import Parameters
from sim.rules.calendar import When
from sim.rules.effects import HouseholdEffects
from sim.state import HouseholdState
from sim.streams import Streams
from sim.world import Index, World

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


def pick(column: NDArray, at: IntArray | None) -> NDArray:
    """A household column (households on the last axis) of households ``at``, or whole (None)."""
    return column if at is None else column[..., at]


def rows_of(rows: BoolArray | None) -> IntArray | None:
    """The households of a mask as indices, or None for all of them (no mask, or every
    household in it): a rule resetting some households' rates computes them for those only,
    each value as it would be for all (element by element, the same arithmetic)."""
    if rows is None:
        return None
    index = np.flatnonzero(rows)
    return None if index.size == rows.size else index


if TYPE_CHECKING:
    from sim.rules.livestock import Herds
    from sim.rules.markets import VillageMarkets


@dataclass
class Month:
    """The run's state as one month's rules see it."""

    state: HouseholdState
    ledger: Ledger
    params: Parameters
    world: World
    streams: Streams
    herds: Herds
    assets: AssetRegister
    markets: VillageMarkets
    effects: HouseholdEffects
    grazing_limit: FloatArray  # sheep units each village may keep over winter
    village_option: NDArray[np.int64]  # per village: the investment option of its industry
    when: When = field(default_factory=lambda: When(year_index=0, month=1))
    index: int = 0  # months since the start
    # The households grouped by village (their order, and where each village starts), once needed.
    _by_village: tuple[IntArray, IntArray] | None = field(default=None, init=False, repr=False)

    @property
    def year(self) -> int:
        """Years since the start (0 in the first year)."""
        return self.when.year_index

    @property
    def month(self) -> int:
        """The calendar month, 1-12."""
        return self.when.month

    def village_households(self, villages: IntArray) -> IntArray:
        """The households of ``villages`` (indices), ascending: found through the households
        grouped by village, so it costs what those villages have, not every household."""
        if self._by_village is None:
            village = self.state.village
            order = np.argsort(village, kind="stable")
            starts = np.searchsorted(village[order], np.arange(int(village.max(initial=-1)) + 2))
            self._by_village = (order, starts)
        order, starts = self._by_village
        villages = villages[villages < starts.size - 1]
        parts = [order[starts[v] : starts[v + 1]] for v in villages.tolist()]
        return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)

    def draws(self, name: str, part: int = 0) -> HouseholdDraws:
        """Process ``name``'s draws this month, one sequence per household (``part`` numbers
        independent draws of one process in a month)."""
        return self.streams.households(name, self.index, part)

    def level(self, which: Index) -> float:
        """This year's market level of a price or wage index."""
        return float(self.world.index[which, self.when.year_index])
