"""An industry association tied to a production base: "association + base + rural households"."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np
from numpy.typing import NDArray

from sim.agents.view import View
from sim.villages import Industry

if TYPE_CHECKING:
    from sim.model import PovertyModel


class Association(View):
    """An association spanning villages: its members sell a share of their industry's product
    under contract to its base at the contract price (and a premium). The programme builds the
    base near each village it serves and trains members as far as its organising money goes
    (:mod:`sim.programme.organising`); ``bases`` lists the villages with a running base.

    A read-only view of the model's arrays, like a household (:class:`sim.agents.view.View`)."""

    agent_type: ClassVar[str] = "Association"
    table: ClassVar[str] = "the household table and the programme's organisations"
    identity: ClassVar[frozenset[str]] = frozenset({"index", "name", "industries"})

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

    @property
    def base_count(self) -> int:
        """How many of its bases run."""
        return len(self.bases)

    @property
    def bases(self) -> list[int]:
        """The villages where the programme built this association's base and it still runs."""
        programme = self.model.programme
        if programme is None:
            return []
        served = [v for v, village in enumerate(self.model.villages) if village.industry in self.industries]
        running = programme.organisations.bases
        return [v for v in served if running[v]]
