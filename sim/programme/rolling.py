"""Livestock rolling development: "borrowing cows (sows) and returning calves (piglets)".

Each village whose industry is a rolling species has a pool run by its cooperative. With its
budget the pool buys breeding females and lends one to each household at the head of its
waiting list: households without an open loan, those who have borrowed fewer times first,
then the poorest first by default (or at random). A borrower owes the pool an agreed number
of offspring within an agreed time; from the earliest return month on it hands back the
young its herd has (the borrowed female's calves or piglets), and the pool lends each
returned animal on at once to the next household on the list, as a breeding female (the
model does not wait for a returned calf or piglet to come of age). A loan
still unpaid past its due date and grace is written off. Animals a pool holds at the end of
a year with nobody waiting are sold, for the cooperative's fund. In animals, the pool
always balances:

    loans made = loans repaid + loans written off + loans outstanding
    animals bought + offspring returned = animals lent + animals held + animals sold
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sim.programme.budget import BudgetAccount, Component
from sim.programme.params import RollingParams
from sim.programme.projects import place_breeding_females
from sim.rules.context import Month
from sim.rules.livestock import SPECIES_ASSET, SPECIES_INDEX
from sim.state import HerdClass
from sim.villages import SPECIES, Species, VillageSpec

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
NONE = -1


def pool_species(villages: tuple[VillageSpec, ...], params: RollingParams) -> IntArray:
    """Per village: the species its pool lends (index into SPECIES), or NONE."""
    allowed = set(params.species)
    out = np.full(len(villages), NONE, dtype=np.int64)
    for v, spec in enumerate(villages):
        if spec.industry.value in allowed:
            out[v] = SPECIES.index(Species(spec.industry.value))
    return out


@dataclass
class LivestockPool:
    """Every village's pool and every household's loan."""

    species: IntArray  # per village: the pool's species, or NONE
    village: IntArray  # per household: its village
    loan_due: IntArray = field(init=False)  # month index the offspring are due, NONE if no loan
    loan_start: IntArray = field(init=False)  # month index the loan was made
    owed: IntArray = field(init=False)  # offspring still owed on the current loan
    loans_taken: IntArray = field(init=False)  # loans each household has had
    # Counts per village (in animals).
    bought: IntArray = field(init=False)
    lent: IntArray = field(init=False)  # loans made (one animal each)
    repaid: IntArray = field(init=False)  # loans repaid in full
    written_off: IntArray = field(init=False)
    returned: IntArray = field(init=False)  # offspring handed back
    held: IntArray = field(init=False)  # returned animals waiting for a borrower
    sold: IntArray = field(init=False)  # animals sold at the year's end for want of borrowers
    sales_yuan: FloatArray = field(init=False)  # what they fetched, for the cooperative's fund
    history: list[dict[str, int | float]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        villages, households = self.species.size, self.village.size
        self.loan_due = np.full(households, NONE, dtype=np.int64)
        self.loan_start = np.full(households, NONE, dtype=np.int64)
        self.owed = np.zeros(households, dtype=np.int64)
        self.loans_taken = np.zeros(households, dtype=np.int64)
        for name in ("bought", "lent", "repaid", "written_off", "returned", "held", "sold"):
            setattr(self, name, np.zeros(villages, dtype=np.int64))
        self.sales_yuan = np.zeros(villages)

    @property
    def reached(self) -> NDArray[np.bool_]:
        """Households that have ever borrowed."""
        return self.loans_taken > 0

    @property
    def outstanding(self) -> IntArray:
        """Loans not yet repaid nor written off, per village."""
        return self.lent - self.repaid - self.written_off

    def balances(self) -> bool:
        """Whether both identities of the pool hold in every village."""
        villages = self.species.size
        open_loans = np.bincount(self.village[self.loan_due != NONE], minlength=villages)
        return bool(
            np.all(self.lent == self.repaid + self.written_off + self.outstanding)
            and np.all(self.outstanding == open_loans)
            and np.all(self.bought + self.returned == self.lent + self.held + self.sold)
        )


def breeding_prices(m: Month) -> FloatArray:
    """What a breeding female of each species costs this year."""
    return m.herds.breeding_price * m.world.index[list(SPECIES_INDEX), m.year]


def buy_and_lend(
    m: Month,
    pool: LivestockPool,
    params: RollingParams,
    max_females: IntArray,
    budget: BudgetAccount,
    rng: np.random.Generator,
) -> None:
    """Spend this year's pool budget on breeding females and lend them out."""
    state, year_index, month = m.state, m.year, m.month
    price = breeding_prices(m)
    villages = pool.species.size
    available = budget.available(Component.LIVESTOCK_POOL, year_index)
    has_pool = pool.species != NONE
    unit = price[np.maximum(pool.species, 0)]
    animals = np.where(has_pool, np.floor(available / unit), 0).astype(np.int64)
    candidates = np.bincount(state.village[pool.loan_due == NONE], minlength=villages)
    animals = np.minimum(animals, candidates)  # no pool buys more than it can lend this year
    budget.spend(Component.LIVESTOCK_POOL, year_index, month, np.where(has_pool, animals * unit, 0.0))
    pool.bought += animals
    pool.held += animals
    lend(m, pool, params, max_females, rng)


def lend(
    m: Month,
    pool: LivestockPool,
    params: RollingParams,
    max_females: IntArray,
    rng: np.random.Generator,
) -> None:
    """Lend every animal the pools hold to the heads of their waiting lists; each borrowed
    female goes on the borrower's asset register at a breeding female's price."""
    state, month_index = m.state, m.index
    if not pool.held.any():
        return
    waiting = np.flatnonzero((pool.loan_due == NONE) & (pool.species[state.village] != NONE))
    waiting = waiting[pool.held[state.village[waiting]] > 0]
    if waiting.size == 0:
        return
    if params.targeting == "poorest":
        people = np.maximum(state.people[waiting], 1)
        key = state.last_net_income[waiting] / people + rng.random(waiting.size) * 1e-6  # ties at random
    else:
        key = rng.random(waiting.size)
    order = waiting[np.lexsort((key, pool.loans_taken[waiting], state.village[waiting]))]
    village_in_order = state.village[order]
    rank = np.arange(order.size) - np.searchsorted(village_in_order, village_in_order)
    chosen = order[rank < pool.held[village_in_order]]
    if chosen.size == 0:
        return
    species = pool.species[state.village[chosen]]
    for s in np.unique(species):
        mine = chosen[species == s]
        place_breeding_females(m, int(s), mine, np.ones(mine.size, dtype=np.int64))
    value = breeding_prices(m)
    for s in np.unique(species):
        mine = chosen[species == s]
        life = m.herds.productive_life_months[s]
        m.assets.add(SPECIES_ASSET[s], mine, value[s], 1.0, month_index, int(life))
    # The borrower keeps one more breeding female from now on, up to what it can keep at most.
    capacity = state.herd_capacity[species, chosen]
    state.herd_capacity[species, chosen] = np.maximum(
        capacity, np.minimum(capacity + 1, max_females[species])
    )
    offspring = np.array(
        [params.cattle_return_offspring, params.sheep_return_offspring, params.pigs_return_offspring]
    )
    pool.owed[chosen] = offspring[species]
    pool.loan_due[chosen] = month_index + params.return_within_months
    pool.loan_start[chosen] = month_index
    pool.loans_taken[chosen] += 1
    given = np.bincount(state.village[chosen], minlength=pool.species.size)
    pool.lent += given
    pool.held -= given


def collect_and_roll(
    m: Month,
    pool: LivestockPool,
    params: RollingParams,
    max_females: IntArray,
    rng: np.random.Generator,
) -> bool:
    """Borrowers hand back the offspring they have; loans past due and grace are written off;
    what came back is lent on. Returns whether any herd changed."""
    state, month_index = m.state, m.index
    borrowers = np.flatnonzero(pool.loan_due != NONE)
    if borrowers.size == 0:
        return False
    villages = pool.species.size
    species = pool.species[state.village[borrowers]]
    young = state.herd[species, HerdClass.YOUNG, borrowers]
    ready = month_index - pool.loan_start[borrowers] >= params.earliest_return_months
    back = np.where(ready, np.minimum(pool.owed[borrowers], young), 0)
    late = (pool.owed[borrowers] - back > 0) & (
        month_index > pool.loan_due[borrowers] + params.default_grace_months
    )
    if not (back.any() or late.any()):
        return False
    state.herd[species, HerdClass.YOUNG, borrowers] -= back.astype(state.herd.dtype)
    pool.owed[borrowers] -= back
    returned = np.bincount(state.village[borrowers], weights=back, minlength=villages).astype(np.int64)
    pool.returned += returned
    pool.held += returned

    paid = borrowers[pool.owed[borrowers] == 0]
    pool.loan_due[paid] = NONE
    pool.repaid += np.bincount(state.village[paid], minlength=villages)
    written_off = borrowers[late]
    pool.loan_due[written_off] = NONE
    pool.owed[written_off] = 0
    pool.written_off += np.bincount(state.village[written_off], minlength=villages)
    lend(m, pool, params, max_females, rng)
    return bool(back.any())


def sell_surplus(pool: LivestockPool, price: FloatArray, young_price_share: float) -> None:
    """Animals still held at the year's end are sold, at ``price`` per head of each species."""
    has = pool.held > 0
    pool.sales_yuan[has] += pool.held[has] * price[pool.species[has]] * young_price_share
    pool.sold += pool.held
    pool.held[:] = 0


def record_year(pool: LivestockPool, year: int) -> None:
    """Keep the year's pool figures, over all villages."""
    pool.history.append(
        {
            "year": year,
            "bought": int(pool.bought.sum()),
            "lent": int(pool.lent.sum()),
            "repaid": int(pool.repaid.sum()),
            "written_off": int(pool.written_off.sum()),
            "outstanding": int(pool.outstanding.sum()),
            "returned": int(pool.returned.sum()),
            "held": int(pool.held.sum()),
            "sold": int(pool.sold.sum()),
            "sales_yuan": round(float(pool.sales_yuan.sum()), 2),
            "households_reached": int(pool.reached.sum()),
        }
    )


def history_by_year(pool: LivestockPool) -> dict[str, dict[str, int | float]]:
    """The pool's yearly figures, keyed by the year as a string."""
    return {str(row["year"]): {k: v for k, v in row.items() if k != "year"} for row in pool.history}
