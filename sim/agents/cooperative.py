"""The village cooperative: "cultivation and production cooperative + rural households"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from sim.agents.view import View
from sim.programme.pool_ledger import AnimalStatus
from sim.villages import Industry

if TYPE_CHECKING:
    from sim.model import PovertyModel


class Cooperative(View):
    """One village's production cooperative for its industry.

    Members sell a share of the industry's product through it (at a premium), buy inputs together
    (lower costs) and receive technical services (higher birth rates and yields, lower
    mortality), for a yearly fee. Its effect on members is applied to their rows by the household
    rules (:mod:`sim.rules.effects`). A few households were members before any programme; the
    programme founds the cooperative in earnest and trains members as far as its organising
    money goes (:mod:`sim.programme.organising`), and once it stops paying, the members' fees
    must pay the staff or the cooperative fails (``founded``, ``failed``, ``recruits``). Where
    the programme funds livestock rolling, the cooperative runs its village's pool
    (:mod:`sim.programme.rolling`); ``pool`` shows it.

    Like a household, it is a read-only view of the model's arrays (see
    :class:`sim.agents.view.View`): its properties cannot be set and it cannot be removed.
    """

    agent_type: ClassVar[str] = "Cooperative"
    table: ClassVar[str] = "the household table and the programme's organisations"
    identity: ClassVar[frozenset[str]] = frozenset({"village", "industry"})

    def __init__(self, model: PovertyModel, village: int, industry: Industry) -> None:
        super().__init__(model)
        self.village = village
        self.industry = industry

    @property
    def fees_collected_yuan(self) -> float:
        """The members' fees it has collected since the start, Yuan (the model keeps them:
        ``model.cooperative_fees``)."""
        return float(self.model.cooperative_fees[self.village])

    @property
    def village_name(self) -> str:
        """The village's name."""
        return self.model.villages[self.village].name

    @property
    def industry_name(self) -> str:
        """The village's industry."""
        return self.industry.value

    @property
    def members(self) -> NDArray[np.int64]:
        """Rows of the member households."""
        state = self.model.state
        return np.flatnonzero(state.cooperative_member & (state.village == self.village))

    @property
    def member_count(self) -> int:
        """How many households belong."""
        return int(self.members.size)

    @property
    def founded(self) -> int | None:
        """The year the programme founded it, if it did."""
        return _founded(self.model, self.village)

    @property
    def failed(self) -> bool:
        """Whether the programme's cooperative failed when its members' fees no longer paid its staff."""
        programme = self.model.programme
        return programme is not None and bool(programme.organisations.cooperative_failed[self.village])

    @property
    def recruits(self) -> NDArray[np.int64]:
        """Rows of the members the programme trained and brought in (still members)."""
        programme = self.model.programme
        if programme is None:
            return np.zeros(0, dtype=np.int64)
        state = self.model.state
        return np.flatnonzero(programme.organisations.cooperative_recruits & (state.village == self.village))

    @property
    def pool(self) -> dict[str, int]:
        """This village's livestock pool, in animals (all zero where there is none)."""
        programme = self.model.programme
        flows = (
            *("bought", "lent", "returned", "reclaimed", "sold", "died"),
            *("loans_made", "repaid", "defaulted", "lost", "lost_animals"),
        )
        names = (*flows, "open_loans", "on_loan", "held", "rearing")
        if programme is None or programme.pool.species[self.village] < 0:
            return dict.fromkeys(names, 0)
        pool = programme.pool
        books = pool.books
        out = {name: int(books.flows[name][self.village]) for name in flows}
        out["open_loans"] = int(pool.open_loans()[self.village])
        out["on_loan"] = int(pool.on_loan()[self.village])
        out["held"] = int(books.stock(AnimalStatus.HELD)[self.village])
        out["rearing"] = int(books.stock(AnimalStatus.REARING)[self.village])
        return out

    @property
    def waiting_list(self) -> NDArray[np.int64]:
        """Rows of the village's households the pool can lend to: no open loan, never in
        default, room for another breeding female."""
        programme = self.model.programme
        if programme is None or programme.pool.species[self.village] < 0:
            return np.zeros(0, dtype=np.int64)
        state = self.model.state
        return np.flatnonzero((state.village == self.village) & programme.pool.waiting(state))

    @classmethod
    def columns(cls, model: PovertyModel, attributes: list[str]) -> list[np.ndarray] | None:
        """The named attributes of every village's cooperative at once, in village order, as
        the properties give them (None if one of them is not one this knows); the agents need
        not exist. Members are counted for all villages at once."""
        state = model.state
        villages = len(model.villages)
        programme = model.programme
        getters: dict[str, Any] = {
            "agent_type": lambda: np.full(villages, cls.agent_type, dtype=object),
            "village": lambda: np.arange(villages),
            "village_name": lambda: np.array([v.name for v in model.villages], dtype=object),
            "industry_name": lambda: np.array([v.industry.value for v in model.villages], dtype=object),
            "member_count": lambda: np.bincount(state.village[state.cooperative_member], minlength=villages),
            "founded": lambda: _founded_all(model),
            "failed": lambda: (
                np.zeros(villages, dtype=bool)
                if programme is None
                else programme.organisations.cooperative_failed.astype(bool)
            ),
            "fees_collected_yuan": lambda: model.cooperative_fees.astype(np.float64),
        }
        if not all(a in getters for a in attributes):
            return None
        return [np.asarray(getters[a]()) for a in attributes]


def _founded_all(model: PovertyModel) -> np.ndarray:
    """Every village's cooperative's ``founded``, as objects (None where never)."""
    villages = len(model.villages)
    programme = model.programme
    if programme is None:
        return np.full(villages, None, dtype=object)
    index = programme.organisations.cooperative_founded
    years = (programme.start_year + index).tolist()
    return np.array([None if i < 0 else y for i, y in zip(index.tolist(), years, strict=True)], dtype=object)


def _founded(model: PovertyModel, village: int) -> int | None:
    programme = model.programme
    if programme is None or programme.organisations.cooperative_founded[village] < 0:
        return None
    return programme.start_year + int(programme.organisations.cooperative_founded[village])
