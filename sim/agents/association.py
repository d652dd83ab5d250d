"""An industry association tied to a production base: "association + base + rural households"."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np
from numpy.typing import NDArray

from sim.villages import Industry

if TYPE_CHECKING:
    from sim.model import PovertyModel


class Association(mesa.Agent):
    """An association spanning villages: contracts with its base and market access."""

    model: PovertyModel

    def __init__(self, model: PovertyModel, index: int, name: str, industries: tuple[Industry, ...]) -> None:
        super().__init__(model)
        self.index = index
        self.name = name
        self.industries = industries

    @property
    def members(self) -> NDArray[np.int64]:
        """Rows of the member households."""
        return np.flatnonzero(self.model.state.association == self.index)

    @property
    def member_count(self) -> int:
        """How many households belong."""
        return int(self.members.size)
