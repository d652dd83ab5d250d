"""The livestock pools' books: a register of every animal a pool has had, a register of every
loan it has made, and the flows between them, per village.

Flows are counted as they happen (``PoolFlows``); stocks are counted from the registers'
states (an animal rearing, held, lent, sold or dead; a loan open, repaid, defaulted or lost) and
from the borrowers' open-loan arrays. The books balance when every flow agrees with the stocks
counted that independent way (:meth:`PoolBooks.imbalances`):

    animals bought + returned + reclaimed = lent + sold + died in the pool + held + rearing
    loans made = repaid + defaulted + lost + open
    animals lent = at borrowers on open loans + kept by repaid borrowers + lost + sold by
                   borrowers + reclaimed
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
NONE = -1


class AnimalStatus(IntEnum):
    """Where a pool's animal is."""

    REARING = 0  # a returned young the cooperative raises until she can breed
    HELD = 1  # ready to breed, waiting for a borrower
    LENT = 2  # with a borrower (her fate is the loan's: see LoanStatus)
    SOLD = 3
    DIED = 4  # died while the pool reared or held her


class Origin(IntEnum):
    """How an animal came to the pool."""

    BOUGHT = 0
    RETURNED = 1  # a borrower's female young
    RECLAIMED = 2  # taken back from a borrower who defaulted


class LoanStatus(IntEnum):
    """Where a loan stands."""

    OPEN = 0
    REPAID = 1  # the borrower keeps the animals
    DEFAULTED = 2  # too little returned by the deadline (the animals taken back), or sold
    LOST = 3  # every lent animal dead (or culled) at the borrower before repayment


FLOWS = (
    "bought",  # animals
    "returned",
    "reclaimed",
    "lent",
    "sold",
    "died",  # in the pool (rearing or held)
    "loans_made",
    "repaid",  # loans
    "defaulted",
    "lost",
    "lost_animals",  # lent animals that died (or were culled) at their borrowers
    "sold_animals",  # lent animals their borrowers sold (gave up the herd, or sold in distress)
    "kept_animals",  # lent animals that stay with borrowers who repaid
)


@dataclass
class PoolFlows:
    """Counts of every flow so far, per village; money in Yuan."""

    villages: int
    counts: dict[str, IntArray] = field(init=False)
    sales_yuan: FloatArray = field(init=False)  # animals sold, for the cooperative's fund
    upkeep_yuan: FloatArray = field(init=False)  # raising and keeping the pool's animals

    def __post_init__(self) -> None:
        self.counts = {name: np.zeros(self.villages, dtype=np.int64) for name in FLOWS}
        self.sales_yuan = np.zeros(self.villages)
        self.upkeep_yuan = np.zeros(self.villages)

    def add(self, name: str, village: IntArray, count: IntArray | int = 1) -> None:
        """Count ``count`` (per entry) of a flow in each entry's village."""
        weights = np.broadcast_to(np.asarray(count, dtype=np.int64), np.shape(village))
        self.counts[name] += np.bincount(village, weights=weights, minlength=self.villages).astype(np.int64)

    def __getitem__(self, name: str) -> IntArray:
        return self.counts[name]

    @property
    def fund_yuan(self) -> FloatArray:
        """The cooperative's pool fund: sales less upkeep (negative: what the cooperative has
        put in)."""
        return self.sales_yuan - self.upkeep_yuan


def _grow(array: IntArray, values: IntArray | int, size: int) -> IntArray:
    return np.concatenate((array, np.broadcast_to(np.asarray(values, dtype=np.int64), (size,))))


@dataclass
class AnimalRegister:
    """One row per animal a pool has had."""

    village: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    born: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # month index
    origin: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    status: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    loan: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # the loan she went out on
    # Her number among her village pool's animals: what her own draws are keyed by, so another
    # village's pool having more or fewer animals does not change them.
    serial: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def add(self, village: IntArray, born: IntArray | int, origin: Origin, status: AnimalStatus) -> IntArray:
        """New animals; returns their ids."""
        n = int(np.size(village))
        first = self.village.size
        new = np.asarray(village, dtype=np.int64).reshape(n)
        order = np.argsort(new, kind="stable")
        starts = np.searchsorted(new[order], new[order])
        within = np.empty(n, dtype=np.int64)
        within[order] = np.arange(n) - starts
        before = np.bincount(self.village, minlength=int(new.max()) + 1 if n else 0)
        self.serial = _grow(self.serial, before[new] + within if n else new, n)
        self.village = _grow(self.village, village, n)
        self.born = _grow(self.born, born, n)
        self.origin = _grow(self.origin, int(origin), n)
        self.status = _grow(self.status, int(status), n)
        self.loan = _grow(self.loan, NONE, n)
        return np.arange(first, first + n, dtype=np.int64)

    def ids(self, status: AnimalStatus) -> IntArray:
        """Animals in a state."""
        return np.flatnonzero(self.status == status)

    def count(self, status: AnimalStatus, villages: int) -> IntArray:
        """Animals in a state, per village."""
        return np.bincount(self.village[self.status == status], minlength=villages).astype(np.int64)

    def count_from(self, origin: Origin, villages: int) -> IntArray:
        """Animals of an origin, per village."""
        return np.bincount(self.village[self.origin == origin], minlength=villages).astype(np.int64)


@dataclass
class LoanRegister:
    """One row per loan a pool has made."""

    household: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    village: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    head: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # animals lent
    start: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # month index
    status: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    closed: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # month index, or NONE

    def add(self, household: IntArray, village: IntArray, head: IntArray, start: int) -> IntArray:
        """New open loans; returns their ids."""
        n = int(np.size(household))
        first = self.household.size
        self.household = _grow(self.household, household, n)
        self.village = _grow(self.village, village, n)
        self.head = _grow(self.head, head, n)
        self.start = _grow(self.start, start, n)
        self.status = _grow(self.status, int(LoanStatus.OPEN), n)
        self.closed = _grow(self.closed, NONE, n)
        return np.arange(first, first + n, dtype=np.int64)

    def close(self, loans: IntArray, status: LoanStatus, month: int) -> None:
        """Close open loans with ``status``."""
        if np.any(self.status[loans] != LoanStatus.OPEN):
            raise ValueError("only open loans can be closed")
        self.status[loans] = int(status)
        self.closed[loans] = month

    def count(self, status: LoanStatus, villages: int) -> IntArray:
        """Loans in a state, per village."""
        return np.bincount(self.village[self.status == status], minlength=villages).astype(np.int64)


@dataclass
class PoolBooks:
    """The flows and both registers."""

    villages: int
    flows: PoolFlows = field(init=False)
    animals: AnimalRegister = field(default_factory=AnimalRegister)
    loans: LoanRegister = field(default_factory=LoanRegister)

    def __post_init__(self) -> None:
        self.flows = PoolFlows(self.villages)

    def stock(self, status: AnimalStatus) -> IntArray:
        """The pool's animals in a state, per village, counted from the register."""
        return self.animals.count(status, self.villages)

    def imbalances(self, open_head: IntArray, open_households: IntArray) -> list[str]:
        """The identities that fail, by name (none when the books balance).

        ``open_head`` and ``open_households`` are, per village, the animals on open loans and
        the households with an open loan, counted from the borrowers' own arrays.
        """
        f, v = self.flows, self.villages
        held, rearing = self.stock(AnimalStatus.HELD), self.stock(AnimalStatus.REARING)
        open_loans = self.loans.count(LoanStatus.OPEN, v)
        checks = {
            "animals: bought + returned + reclaimed = lent + sold + died + held + rearing": (
                f["bought"] + f["returned"] + f["reclaimed"],
                f["lent"] + f["sold"] + f["died"] + held + rearing,
            ),
            "loans: made = repaid + defaulted + lost + open": (
                f["loans_made"],
                f["repaid"] + f["defaulted"] + f["lost"] + open_loans,
            ),
            "lent animals: lent = on open loans + kept + lost + sold by borrowers + reclaimed": (
                f["lent"],
                open_head + f["kept_animals"] + f["lost_animals"] + f["sold_animals"] + f["reclaimed"],
            ),
            "open loans in the register = households with an open loan": (open_loans, open_households),
            "bought in the register": (f["bought"], self.animals.count_from(Origin.BOUGHT, v)),
            "returned in the register": (f["returned"], self.animals.count_from(Origin.RETURNED, v)),
            "reclaimed in the register": (f["reclaimed"], self.animals.count_from(Origin.RECLAIMED, v)),
            "lent in the register": (f["lent"], self.stock(AnimalStatus.LENT)),
            "sold in the register": (f["sold"], self.stock(AnimalStatus.SOLD)),
            "died in the register": (f["died"], self.stock(AnimalStatus.DIED)),
            "repaid in the register": (f["repaid"], self.loans.count(LoanStatus.REPAID, v)),
            "defaulted in the register": (f["defaulted"], self.loans.count(LoanStatus.DEFAULTED, v)),
            "lost in the register": (f["lost"], self.loans.count(LoanStatus.LOST, v)),
            "lent on loans = lent": (
                f["lent"],
                np.bincount(self.loans.village, weights=self.loans.head, minlength=v).astype(np.int64),
            ),
        }
        return [name for name, (left, right) in checks.items() if not np.array_equal(left, right)]
