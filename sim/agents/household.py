"""The household agent: a window on one row of the household table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from sim.agents.view import View
from sim.ledger import Source
from sim.state import HerdClass
from sim.villages import ASSOCIATIONS, Species

if TYPE_CHECKING:
    from sim.model import PovertyModel

# The households' reporters in the model's DataCollector, and the columns of the household
# panel (``povsim run --households``): name -> Household attribute. Incomes are those of the
# last closed year (0 before the first December closes); the rest is the state at the time.
HOUSEHOLD_REPORTERS: dict[str, str] = {
    "agent_type": "agent_type",
    "household": "row",
    "village": "village",
    "members": "people",
    "working_away": "migrants",
    "net_income_yuan": "net_income",
    "per_capita_net_income": "per_capita_net_income",
    **{f"{source.name.lower()}_yuan": f"{source.name.lower()}_yuan" for source in Source},
    "savings_yuan": "savings",
    "cattle": "cattle",
    "sheep": "sheep",
    "pigs": "pigs",
    "poultry": "poultry",
    "breeding_females": "breeding_females",
    "projects_received": "projects_received",
    "pool_loan_open": "pool_loan_open",
    "pool_loans_taken": "pool_loans_taken",
    "trainee": "trainee",
    "in_placed_job": "in_placed_job",
    "cooperative_member": "cooperative_member",
    "association": "association",
}


class Household(View):
    """One family: a read-only view of its row of the model's household table.

    Its state lives in the model's arrays (:mod:`sim.state`) and every property reads its row
    at the time it is read. The monthly rules act on all rows at once, so a household has no
    ``step`` of its own (``agents.do("step")`` raises), its properties cannot be set
    (``AgentSet.set`` raises :class:`sim.agents.view.ReadOnlyAttributeError`) and it cannot be
    removed (the arrays would keep it): change parameters, overrides or the villages instead.
    ``model.agents_by_type[Household].agg("per_capita_net_income", np.mean)`` and the other
    AgentSet tools see the same values the rules produce. Incomes are the last closed year's
    (0 before the first December closes).
    """

    agent_type: ClassVar[str] = "Household"
    identity: ClassVar[frozenset[str]] = frozenset({"row"})

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
        """Net income of the last closed year, Yuan (0 before the first December)."""
        return float(self.model.state.last_net_income[self.row])

    @property
    def per_capita_net_income(self) -> float:
        """Net income of the last closed year per member (as the family is now), Yuan."""
        people = self.people
        return self.net_income / people if people else 0.0

    def net_income_from(self, source: Source | str) -> float:
        """Net income of the last closed year from one source (gross less costs and
        depreciation), Yuan; 0 before the first December."""
        s = Source[source.upper()] if isinstance(source, str) else source
        return float(self.model.net_by_source[s, self.row])

    @property
    def savings(self) -> float:
        """Savings (negative: debt), Yuan."""
        return float(self.model.state.savings[self.row])

    @property
    def cooperative_member(self) -> bool:
        """Whether the family belongs to its village's cooperative."""
        return bool(self.model.state.cooperative_member[self.row])

    @property
    def association(self) -> str | None:
        """The name of the association the family belongs to, if any."""
        index = int(self.model.state.association[self.row])
        return ASSOCIATIONS[index][0] if index >= 0 else None

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
    def poultry(self) -> int:
        """Backyard poultry and improved layers."""
        s = self.model.state
        return int(s.flock[self.row] + s.layers[self.row])

    @property
    def breeding_females(self) -> int:
        """Breeding females of all species but poultry."""
        return int(self.model.state.herd[:3, HerdClass.FEMALES, self.row].sum())

    @property
    def projects_received(self) -> int:
        """Village-advancement projects the family has received (0 without a programme)."""
        programme = self.model.programme
        return 0 if programme is None else int(programme.projects.received[self.row])

    @property
    def pool_loan_open(self) -> bool:
        """Whether the family has an open loan from its village's livestock pool."""
        programme = self.model.programme
        return programme is not None and bool(programme.pool.open[self.row])

    @property
    def pool_loans_taken(self) -> int:
        """Loans the family has taken from the livestock pool."""
        programme = self.model.programme
        return 0 if programme is None else int(programme.pool.loans_taken[self.row])

    @property
    def trainee(self) -> bool:
        """Whether the family has sent a member to the training school."""
        programme = self.model.programme
        return programme is not None and bool(programme.school.trained[self.row])

    @property
    def in_placed_job(self) -> int:
        """Members working away in a job the training school placed them in."""
        return int(self.model.state.placed[self.row])

    @classmethod
    def columns(cls, model: PovertyModel, attributes: list[str]) -> list[np.ndarray] | None:
        """The named attributes of every household at once, in row order, as arrays of the
        values the properties give one by one (``tolist`` gives the properties' own Python
        values); None if one of them is not a plain attribute this knows. The agents need not
        exist: this reads the model's arrays."""
        s = model.state
        n = s.size
        programme = model.programme
        people = s.children + s.young + s.prime + s.elderly
        net = s.last_net_income
        names = np.array([v.name for v in model.villages], dtype=object)
        associations = np.array([*(a[0] for a in ASSOCIATIONS), None], dtype=object)

        def per_capita() -> np.ndarray:
            out = np.zeros(n)
            np.divide(net, people, out=out, where=people != 0)
            return out

        def herd(species: Species) -> np.ndarray:
            return s.herd[list(Species).index(species)].sum(axis=0)

        getters: dict[str, Any] = {
            "agent_type": lambda: np.full(n, cls.agent_type, dtype=object),
            "row": lambda: np.arange(n),
            "village": lambda: names[s.village],
            "people": lambda: people,
            "migrants": lambda: s.migrants,
            "net_income": lambda: net,
            "per_capita_net_income": per_capita,
            "savings": lambda: s.savings,
            "cooperative_member": lambda: s.cooperative_member,
            "association": lambda: associations[s.association],
            "cattle": lambda: herd(Species.CATTLE),
            "sheep": lambda: herd(Species.SHEEP),
            "pigs": lambda: herd(Species.PIGS),
            "poultry": lambda: s.flock + s.layers,
            "breeding_females": lambda: s.herd[:3, HerdClass.FEMALES].sum(axis=0),
            "projects_received": lambda: (
                np.zeros(n, dtype=np.int64) if programme is None else programme.projects.received
            ),
            "pool_loan_open": lambda: np.zeros(n, dtype=bool) if programme is None else programme.pool.open,
            "pool_loans_taken": lambda: (
                np.zeros(n, dtype=np.int64) if programme is None else programme.pool.loans_taken
            ),
            "trainee": lambda: np.zeros(n, dtype=bool) if programme is None else programme.school.trained,
            "in_placed_job": lambda: s.placed,
        }
        for source in Source:
            getters[f"{source.name.lower()}_yuan"] = lambda source=source: model.net_by_source[source]
        if not all(a in getters for a in attributes):
            return None
        return [np.asarray(getters[a]()) for a in attributes]


def _source_property(source: Source) -> property:
    def get(self: Household) -> float:
        return self.net_income_from(source)

    get.__doc__ = (
        f"Net income from {source.name.lower()} of the last closed year, Yuan (0 before the first December)."
    )
    return property(get)


for _source in Source:
    setattr(Household, f"{_source.name.lower()}_yuan", _source_property(_source))
Household.read_only = Household.read_only | {f"{s.name.lower()}_yuan" for s in Source}
