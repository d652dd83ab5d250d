"""An industry association tied to a production base: "association + base + rural households"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from sim.agents.view import View
from sim.villages import ASSOCIATIONS, Industry

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
        return _bases(self.model, self.industries)

    @classmethod
    def columns(cls, model: PovertyModel, attributes: list[str]) -> list[np.ndarray] | None:
        """The named attributes of every association at once, in the order of
        :data:`sim.villages.ASSOCIATIONS`, as the properties give them (None if one of them is
        not one this knows); the agents need not exist."""
        count = len(ASSOCIATIONS)
        getters: dict[str, Any] = {
            "agent_type": lambda: np.full(count, cls.agent_type, dtype=object),
            "index": lambda: np.arange(count),
            "name": lambda: np.array([name for name, _ in ASSOCIATIONS], dtype=object),
            "member_count": lambda: np.bincount(
                model.state.association[model.state.association >= 0], minlength=count
            )[:count],
            "base_count": lambda: np.array([len(_bases(model, kinds)) for _, kinds in ASSOCIATIONS]),
        }
        if not all(a in getters for a in attributes):
            return None
        return [np.asarray(getters[a]()) for a in attributes]


def _bases(model: PovertyModel, industries: tuple[Industry, ...]) -> list[int]:
    programme = model.programme
    if programme is None:
        return []
    served = [v for v, village in enumerate(model.villages) if village.industry in industries]
    running = programme.organisations.bases
    return [v for v in served if running[v]]
