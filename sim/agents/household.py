"""The household agent: a window on one row of the household table."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from sim.state import HerdClass
from sim.villages import Species

if TYPE_CHECKING:
    from sim.model import PovertyModel


class Household(mesa.Agent):
    """One family. Its state lives in the model's arrays; these properties read its row.

    The monthly rules act on all rows at once, so a household has no ``step`` of its own:
    ``model.agents_by_type[Household].agg("per_capita_net_income", np.mean)`` and the other
    AgentSet tools see the same values the rules produce.
    """

    model: PovertyModel

    def __init__(self, model: PovertyModel, row: int) -> None:
        super().__init__(model)
        self.row = row

    @property
    def village(self) -> str:
        """The village's name."""
        return self.model.villages[int(self.model.state.village[self.row])].name

    @property
    def people(self) -> int:
        """Members of the family."""
        s = self.model.state
        r = self.row
        return int(s.children[r] + s.young[r] + s.prime[r] + s.elderly[r])

    @property
    def migrants(self) -> int:
        """Members working away."""
        return int(self.model.state.migrants[self.row])

    @property
    def net_income(self) -> float:
        """Net income of the last closed year, Yuan."""
        return float(self.model.state.last_net_income[self.row])

    @property
    def per_capita_net_income(self) -> float:
        """Net income of the last closed year per member (as the family is now), Yuan."""
        people = self.people
        return self.net_income / people if people else 0.0

    @property
    def savings(self) -> float:
        """Savings (negative: debt), Yuan."""
        return float(self.model.state.savings[self.row])

    @property
    def cooperative_member(self) -> bool:
        """Whether the family belongs to its village's cooperative."""
        return bool(self.model.state.cooperative_member[self.row])

    def animals(self, species: Species | str) -> int:
        """Head of one species the family holds."""
        s = list(Species).index(Species(species))
        return int(self.model.state.herd[s, :, self.row].sum())

    @property
    def cattle(self) -> int:
        """Head of cattle and yak."""
        return self.animals(Species.CATTLE)

    @property
    def sheep(self) -> int:
        """Head of sheep."""
        return self.animals(Species.SHEEP)

    @property
    def pigs(self) -> int:
        """Head of pigs."""
        return self.animals(Species.PIGS)

    @property
    def breeding_females(self) -> int:
        """Breeding females of all species but poultry."""
        return int(self.model.state.herd[:3, HerdClass.FEMALES, self.row].sum())
