"""Livestock rolling development: "borrowing cows (sows) and returning calves (piglets)".

Each village whose industry is a rolling species has a pool run by its cooperative.

**Loans.** In the delivery month the pool spends its budget on breeding females (with a pen
for each sow, ``rolling.pens_with_sows``) and lends them at once to the households at the head
of its waiting list: households of the village without an open loan, never in default, with
room for another breeding female (below ``livestock.*.max_breeding_females``); those who have
borrowed fewer times first, then the poorest first by default (or at random). A loan is up to
``rolling.*_females_per_loan`` females, no more than the household has room for. A pool lends
grazing animals only as far as its village's grass has room for them and the herd each brings
(the steady herd per breeding female, in sheep units, below the village's grazing limit); pig
pools are not limited by grass. Money a village's pool cannot place goes to the pools that can
(one county fund); what no pool can place stays unspent. Lent animals join the borrower's
breeding herd (cows and ewes in calf or lamb, sows in pig or as gilts; see
``place_breeding_females``) and its asset register, and raise what it keeps.

**Repayment.** A borrower owes ``rolling.*_return_offspring`` female young per female lent. In
the weaning months (a species' birth months plus ``rolling.*_weaning_months``) it hands over
the female young of that season born after the loan was made, up to what it owes: how many of
its young are female is drawn, binomial at ``rolling.female_share_of_young`` (the herd model
has no sexes). Young of the borrower's own females count too: a calf is a calf. When nothing is
owed the loan is repaid and the borrower keeps the animals.

**Rearing.** The cooperative raises the returned young, at the species' young and replacement
mortality (less the cooperative's technical-service cut) and upkeep, which the pool's fund
pays, until they reach the age at which a replacement joins the breeding herd in the herd
model (``ready_age``: 24 months for cattle and sheep, 6 for pigs, so that they first give birth
at ``first_birth_age_months``). Ready females are lent on, in any month, to the head of the
waiting list; they join the borrower's breeding herd at once. Ready females a pool still holds
in December, for want of borrowers or grass, are sold at a grown animal's price for the fund.

**Losses.** The herd model does not tell one cow from another: the lent females are among the
borrower's breeding females (and, for sows, the gilts waiting to be served), and die, are culled
or are sold with them. A loan goes on while the borrower has at least as many breeding females
of the species as it has on loan (another stands in for a lent one that died); when it has
fewer, the difference is *lost*, what is owed shrinks to what the remaining lent females owe,
and a loan with none left is closed as lost. A household whose loan was lost may borrow again.

**Default.** A loan still owing young ``rolling.return_within_months`` plus
``rolling.default_grace_months`` after it was made defaults: the pool takes back the lent
females still there (to lend on), the borrower's capacity and asset register lose them, and the
household may not borrow again. Lent females a borrower sells (the investment month's sales,
when the household gives the species up or sells in distress) are *sold by borrowers*: the loan
defaults and the household may not borrow again.

**Books** (:mod:`sim.programme.pool_ledger`): every flow is counted as it happens and every
animal and loan has a row in a register; in each village, every month,

    animals bought + returned + reclaimed = lent + sold + died in the pool + held + rearing
    loans made = repaid + defaulted + lost + open
    animals lent = at borrowers on open loans + kept by repaid borrowers + lost
                   + sold by borrowers + reclaimed

with the stocks counted from the registers and the borrowers' loan arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.assets import Asset
from sim.herd_steady_state import steady_herd
from sim.params import Parameters, SpeciesParams
from sim.programme.budget import BudgetAccount, Component
from sim.programme.params import RollingParams
from sim.programme.pool_ledger import NONE, AnimalStatus, LoanStatus, Origin, PoolBooks
from sim.programme.projects import place_breeding_females
from sim.rules.context import Month
from sim.rules.grazing import village_sheep_units
from sim.rules.herd_calendar import heifer_stages, maturity_months
from sim.rules.investment import entry_class
from sim.rules.livestock import SPECIES_ASSET, SPECIES_INDEX, deaths
from sim.state import HerdClass, HouseholdState, declare
from sim.villages import CATTLE, PIGS, SPECIES, Species, VillageSpec
from sim.world import Index

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
STREAM = "programme.pool"  # household draws: female young, the waiting list's order
ANIMAL_STREAM = "programme.pool.animals"  # the pool's own animals (part: the village; slot: her serial)
PART_FEMALES, PART_ORDER = 0, 1
SAFETY_YUAN = 1e-7  # below the budget's tolerance: whole animals within the money


def pool_species(villages: tuple[VillageSpec, ...], params: RollingParams) -> IntArray:
    """Per village: the species its pool lends (index into SPECIES), or NONE."""
    allowed = set(params.species)
    out = np.full(len(villages), NONE, dtype=np.int64)
    for v, spec in enumerate(villages):
        if spec.industry.value in allowed:
            out[v] = SPECIES.index(Species(spec.industry.value))
    return out


def ready_age(species: SpeciesParams) -> int:
    """Age in months at which a female born in a birth month joins the breeding herd in the
    herd model (after her growing-up month and the replacement stages she needs)."""
    born = min(species.birth_months)
    grow = maturity_months(species)
    age = species.months_as_young
    for _ in range(heifer_stages(species)):
        age += 1
        while (born - 1 + age) % 12 + 1 not in grow:
            age += 1
    return age


def grazing_units(species: SpeciesParams, young_share: float) -> float:
    """Sheep units a breeding female of a grazing species and her herd take on the grass (her
    steady herd's adult equivalents in January); 0 for a species that does not graze."""
    if not species.grazing:
        return 0.0
    return species.sheep_units_per_head * steady_herd(species).adult_equivalents(young_share)


@dataclass(frozen=True)
class PoolTerms:
    """Per species (index into SPECIES): the terms of a loan and the pool's calendar."""

    females_per_loan: IntArray
    owed_per_female: IntArray
    weaning_months: IntArray
    ready_age_months: IntArray
    months_as_young: IntArray
    max_females: IntArray
    return_months: BoolArray  # (13, species): the weaning months
    sheep_units_per_female: FloatArray  # grass a lent female and her herd take
    entry: IntArray  # the class a bought female joins (FEMALES, or HEIFERS_1 for gilts)
    female_share: float
    due_months: int
    grace_months: int
    pens: bool
    mortality_factor: float  # the cooperative's technical services

    @classmethod
    def of(cls, params: Parameters) -> PoolTerms:
        """The terms of these parameters. Young are handed over by the time they grow up at the
        latest: a weaning age beyond ``months_as_young`` is taken as ``months_as_young``."""
        rolling = params.programme.rolling
        species = [getattr(params.livestock, s.value) for s in SPECIES]
        weaning = np.array(
            [
                min(getattr(rolling, f"{s.value}_weaning_months"), p.months_as_young)
                for s, p in zip(SPECIES, species, strict=True)
            ],
            dtype=np.int64,
        )
        returns = np.zeros((13, len(SPECIES)), dtype=bool)
        for i, (p, w) in enumerate(zip(species, weaning, strict=True)):
            returns[[(b - 1 + int(w)) % 12 + 1 for b in p.birth_months], i] = True
        young_share = params.livestock.grazing.young_sheep_unit_share
        return cls(
            females_per_loan=np.array(
                [getattr(rolling, f"{s.value}_females_per_loan") for s in SPECIES], dtype=np.int64
            ),
            owed_per_female=np.array(
                [getattr(rolling, f"{s.value}_return_offspring") for s in SPECIES], dtype=np.int64
            ),
            weaning_months=weaning,
            ready_age_months=np.array([ready_age(p) for p in species], dtype=np.int64),
            months_as_young=np.array([p.months_as_young for p in species], dtype=np.int64),
            max_females=np.array([p.max_breeding_females for p in species], dtype=np.int64),
            return_months=returns,
            sheep_units_per_female=np.array(
                [
                    p.sheep_units_per_head * steady_herd(p).adult_equivalents(young_share)
                    if p.grazing
                    else 0.0
                    for p in species
                ]
            ),
            entry=np.array([entry_class(s) for s in range(len(SPECIES))], dtype=np.int64),
            female_share=rolling.female_share_of_young,
            due_months=rolling.return_within_months,
            grace_months=rolling.default_grace_months,
            pens=rolling.pens_with_sows,
            mortality_factor=1.0 - params.organisations.technical_mortality_cut,
        )


@dataclass
class LivestockPool:
    """Every village's pool, every household's open loan, and the pools' books."""

    species: IntArray  # per village: the pool's species, or NONE
    village: IntArray  # per household: its village
    terms: PoolTerms
    books: PoolBooks = field(init=False)
    loan: IntArray = field(init=False)  # per household: its open loan's id, or NONE
    head: IntArray = field(init=False)  # lent females of the open loan still at the borrower
    owed: IntArray = field(init=False)  # female young still owed on the open loan
    counts_from: IntArray = field(init=False)  # the first month whose births repay the loan
    deadline: IntArray = field(init=False)  # month index after which an unpaid loan defaults
    loans_taken: IntArray = field(init=False)
    barred: BoolArray = field(init=False)  # defaulted once: may not borrow again
    history: list[dict[str, Any]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        households = self.village.size
        self.books = PoolBooks(self.species.size)
        self.loan = np.full(households, NONE, dtype=np.int64)
        self.head = np.zeros(households, dtype=np.int64)
        self.owed = np.zeros(households, dtype=np.int64)
        self.counts_from = np.full(households, NONE, dtype=np.int64)
        self.deadline = np.full(households, NONE, dtype=np.int64)
        self.loans_taken = np.zeros(households, dtype=np.int64)
        self.barred = np.zeros(households, dtype=bool)

    @classmethod
    def of(
        cls, villages: tuple[VillageSpec, ...], params: Parameters, state: HouseholdState
    ) -> LivestockPool:
        """The pools of these villages, none stocked yet."""
        return cls(pool_species(villages, params.programme.rolling), state.village, PoolTerms.of(params))

    @property
    def reached(self) -> BoolArray:
        """Households that have ever borrowed."""
        return self.loans_taken > 0

    @property
    def open(self) -> BoolArray:
        """Households with an open loan."""
        return self.loan != NONE

    def open_loans(self) -> IntArray:
        """Open loans per village, from the borrowers' arrays."""
        return np.bincount(self.village[self.open], minlength=self.species.size).astype(np.int64)

    def on_loan(self) -> IntArray:
        """Lent females on open loans per village, from the borrowers' arrays."""
        return np.bincount(
            self.village, weights=np.where(self.open, self.head, 0), minlength=self.species.size
        ).astype(np.int64)

    def imbalances(self) -> list[str]:
        """The pools' identities that fail (none when every animal and loan is accounted for)."""
        return self.books.imbalances(self.on_loan(), self.open_loans())

    def balances(self) -> bool:
        """Whether every identity of the pools' books holds in every village."""
        return not self.imbalances()

    def species_of(self, rows: IntArray) -> IntArray:
        """The pool species of each household's village."""
        return self.species[self.village[rows]]

    def waiting(self, state: HouseholdState) -> BoolArray:
        """Households on their pool's waiting list: no open loan, never in default, room for
        another breeding female."""
        return self.waiting_among(state, np.arange(state.size))

    def waiting_among(self, state: HouseholdState, rows: IntArray) -> BoolArray:
        """Which of households ``rows`` are on their pool's waiting list (as :meth:`waiting`)."""
        species = self.species[state.village[rows]]
        s = np.maximum(species, 0)
        room = self.terms.max_females[s] - state.herd_capacity[s, rows]
        return (species != NONE) & (self.loan[rows] == NONE) & ~self.barred[rows] & (room > 0)

    def close(self, rows: IntArray, status: LoanStatus, month: int) -> None:
        """Close the open loans of ``rows``."""
        self.books.loans.close(self.loan[rows], status, month)
        self.loan[rows] = NONE
        self.head[rows] = 0
        self.owed[rows] = 0
        self.counts_from[rows] = NONE
        self.deadline[rows] = NONE


def breeding_prices(m: Month) -> FloatArray:
    """What a breeding female of each species costs this year."""
    return m.herds.breeding_price * m.world.index[list(SPECIES_INDEX), m.year]


def pen_price(m: Month) -> float:
    """A sow's pen this year."""
    return m.params.assets.pig_pen_yuan_per_sow * m.level(Index.CPI)


def grass_room(m: Month, pool: LivestockPool) -> FloatArray:
    """Per village: how many more females the pool may lend for the grass (inf where its
    species does not graze)."""
    per_female = pool.terms.sheep_units_per_female[np.maximum(pool.species, 0)]
    spare = np.maximum(m.grazing_limit - village_sheep_units(m), 0.0)
    return np.where(per_female > 0, np.floor(spare / np.where(per_female > 0, per_female, 1.0)), np.inf)


def queue(m: Month, pool: LivestockPool, villages: BoolArray) -> tuple[IntArray, IntArray]:
    """The waiting lists of ``villages`` (a mask) in order, village by village, and what each
    household would borrow. A village's list does not depend on the others' (each household's
    tie-break is its own draw), so leaving out the villages with nothing to lend changes no
    loan, and spares a sort of every waiting household in the province each month."""
    state = m.state
    rows = np.flatnonzero(villages[state.village])  # the villages' households
    rows = rows[pool.waiting_among(state, rows)]
    if rows.size == 0:
        return rows, rows
    tie = m.streams.households(STREAM, m.index, PART_ORDER).uniform(rows)
    if m.params.programme.rolling.targeting == "poorest":
        key = state.last_net_income[rows] / np.maximum(state.people[rows], 1) + tie * 1e-6
    else:
        key = tie
    rows = rows[np.lexsort((key, pool.loans_taken[rows], state.village[rows]))]
    s = pool.species_of(rows)
    room = pool.terms.max_females[s] - state.herd_capacity[s, rows]
    return rows, np.minimum(pool.terms.females_per_loan[s], room).astype(np.int64)


def allot(village: IntArray, wanted: IntArray, cap: FloatArray) -> IntArray:
    """Down each village's list (``village`` sorted), what each gets of the village's ``cap``."""
    if village.size == 0:
        return np.zeros(0, dtype=np.int64)
    before = np.cumsum(wanted) - wanted
    before = before - before[np.searchsorted(village, village)]
    left = np.minimum(cap[village], 1e15)
    return np.clip(left - before, 0, wanted).astype(np.int64)


def share_out(budget: BudgetAccount, year: int, demand: FloatArray) -> None:
    """Move pool money villages cannot place to the pools that can use it."""
    available = budget.available(Component.LIVESTOCK_POOL, year)
    surplus = np.maximum(available - demand, 0.0)
    short = np.maximum(demand - available, 0.0)
    moved = min(float(surplus.sum()), float(short.sum()))
    if moved <= 0.0:
        return
    change = short * (moved / short.sum()) - surplus * (moved / surplus.sum())
    budget.allocate(Component.LIVESTOCK_POOL, year, change)


def buy_and_lend(m: Month, pool: LivestockPool, budget: BudgetAccount) -> None:
    """Spend this year's pool budget on breeding females (and pens) and lend them at once."""
    year = m.year
    if budget.available(Component.LIVESTOCK_POOL, year).sum() <= 0.0:
        return
    villages = pool.species.size
    s = np.maximum(pool.species, 0)
    animal = breeding_prices(m)[s]
    pens = np.where((s == PIGS) & pool.terms.pens, pen_price(m), 0.0)
    has_pool = pool.species != NONE
    unit = np.where(has_pool, animal + pens, 0.0)
    # Only the villages given pool money this year take part: money another village's pool
    # cannot place moves among them (share_out), not to the pools of villages a rollout has
    # not reached.
    rows, wanted = queue(m, pool, budget.available(Component.LIVESTOCK_POOL, year) > 0.0)
    village = m.state.village[rows]
    grass = grass_room(m, pool)
    placeable = np.minimum(np.bincount(village, weights=wanted, minlength=villages), grass)
    share_out(budget, year, placeable * unit)
    money = np.maximum(budget.available(Component.LIVESTOCK_POOL, year) - SAFETY_YUAN, 0.0)
    affordable = np.where(has_pool, np.floor(money / np.where(has_pool, unit, 1.0)), 0.0)
    head = allot(village, wanted, np.minimum(affordable, grass))
    got = head > 0
    rows, head = rows[got], head[got]
    if rows.size == 0:
        return
    cost = np.bincount(m.state.village[rows], weights=head, minlength=villages) * unit
    budget.spend(Component.LIVESTOCK_POOL, year, m.month, cost)
    make_loans(m, pool, rows, head, bought=True)


def lend_held(m: Month, pool: LivestockPool) -> bool:
    """Lend the pools' ready females to the heads of their waiting lists; whether any were."""
    held = pool.books.stock(AnimalStatus.HELD)
    if not held.any():
        return False
    rows, wanted = queue(m, pool, held > 0)
    village = m.state.village[rows]
    head = allot(village, wanted, np.minimum(held.astype(np.float64), grass_room(m, pool)))
    got = head > 0
    if not got.any():
        return False
    make_loans(m, pool, rows[got], head[got], bought=False)
    return True


def make_loans(m: Month, pool: LivestockPool, rows: IntArray, head: IntArray, *, bought: bool) -> None:
    """Lend ``head`` females to each of ``rows`` (distinct households): bought now, or the
    pool's ready females, oldest first. They join the herds, asset registers and capacity."""
    state, month = m.state, m.index
    declare(state, rows)
    books, terms = pool.books, pool.terms
    village = state.village[rows]
    species = pool.species[village]
    value = breeding_prices(m)
    for s in np.unique(species):
        mine, n = rows[species == s], head[species == s]
        if bought:
            place_breeding_females(m, int(s), mine, n)
        else:  # grown to the age of a replacement joining the breeding herd: they join it
            state.herd[s, HerdClass.FEMALES, mine] += n.astype(state.herd.dtype)
        life = int(m.herds.productive_life_months[s])
        m.assets.add(SPECIES_ASSET[s], mine, n * value[s], n.astype(np.float64), month, life)
        if s == PIGS and terms.pens and bought:
            pen_life = max(round(12 * m.params.assets.pig_pen_life_years), 1)
            m.assets.add(Asset.PIG_PENS, mine, n * pen_price(m), n.astype(np.float64), month, pen_life)
    state.herd_capacity[species, rows] += head.astype(state.herd_capacity.dtype)

    loans = books.loans.add(rows, village, head, month)
    pool.loan[rows] = loans
    pool.head[rows] = head
    pool.owed[rows] = head * terms.owed_per_female[species]
    # Bought females are delivered before the month's births; ready ones lent after them.
    pool.counts_from[rows] = month if bought else month + 1
    pool.deadline[rows] = month + terms.due_months + terms.grace_months
    pool.loans_taken[rows] += 1
    books.flows.add("loans_made", village)
    books.flows.add("lent", village, head)
    if bought:
        books.flows.add("bought", village, head)
        ids = books.animals.add(np.repeat(village, head), month, Origin.BOUGHT, AnimalStatus.LENT)
        books.animals.loan[ids] = np.repeat(loans, head)
        return
    # The pools' held females grouped by village (each village's in the books' order).
    held = np.flatnonzero(books.animals.status == AnimalStatus.HELD)
    held = held[np.argsort(books.animals.village[held], kind="stable")]
    held_village = books.animals.village[held]
    for v in np.unique(village):
        mine = village == v
        n = int(head[mine].sum())
        ids = held[np.searchsorted(held_village, v, "left") : np.searchsorted(held_village, v, "right")]
        ids = ids[np.argsort(books.animals.born[ids], kind="stable")][:n]
        if ids.size < n:
            raise RuntimeError(f"village {v}'s pool lent {n} females but holds {ids.size}")
        books.animals.status[ids] = AnimalStatus.LENT
        books.animals.loan[ids] = np.repeat(loans[mine], head[mine])


def security(m: Month, pool: LivestockPool, rows: IntArray) -> IntArray:
    """Breeding females of the pool's species each borrower has (with gilts waiting to be served)."""
    herd = m.state.herd
    s = pool.species_of(rows)
    entry = pool.terms.entry[s]
    females = herd[s, HerdClass.FEMALES, rows].astype(np.int64)
    return females + np.where(entry != HerdClass.FEMALES, herd[s, entry, rows], 0)


def record_losses(m: Month, pool: LivestockPool, *, sold: bool = False) -> None:
    """Lent females no longer in their borrowers' herds are lost (dead or culled) or, after the
    households' sales of the investment month (``sold``), sold by their borrowers; what is owed
    shrinks to what the remaining lent females owe. A loan with none left closes: lost, or
    defaulted if the borrower sold them (it may not borrow again)."""
    rows = np.flatnonzero(pool.open)
    if rows.size == 0:
        return
    short = np.maximum(pool.head[rows] - security(m, pool, rows), 0)
    hit = short > 0
    if not hit.any():
        return
    rows, short = rows[hit], short[hit]
    flows = pool.books.flows
    flows.add("sold_animals" if sold else "lost_animals", pool.village[rows], short)
    pool.head[rows] -= short
    owed_now = pool.head[rows] * pool.terms.owed_per_female[pool.species_of(rows)]
    pool.owed[rows] = np.minimum(pool.owed[rows], owed_now)
    gone = rows[pool.head[rows] == 0]
    if sold:
        flows.add("defaulted", pool.village[gone])
        pool.barred[gone] = True
        pool.close(gone, LoanStatus.DEFAULTED, m.index)
    else:
        flows.add("lost", pool.village[gone])
        pool.close(gone, LoanStatus.LOST, m.index)


def draw_borrowers_deaths(m: Month, pool: LivestockPool) -> None:
    """The deaths in borrowers' herds since their last draw, before the pool counts their
    animals (each household's own draws: see sim.crn)."""
    m.herds.draw_deaths(m.state.herd, deaths(m), np.flatnonzero(pool.open))


def before_sales(m: Month, pool: LivestockPool) -> None:
    """Before the households' sales of the investment month: their herds' deaths so far, and
    the lent females lost to them, so that a lent female gone after the sales was sold."""
    if m.month == m.params.finance.investment_month and pool.open.any():
        declare(m.state, pool.open)
        draw_borrowers_deaths(m, pool)
        record_losses(m, pool)


def collect_returns(m: Month, pool: LivestockPool) -> bool:
    """In a weaning month, borrowers hand over the season's female young they owe; loans paid
    in full are repaid. Returns whether any herd changed."""
    state, month = m.state, m.index
    terms, books = pool.terms, pool.books
    rows = np.flatnonzero(pool.open)
    species = pool.species_of(rows)
    due = terms.return_months[m.month, species]
    born = month - terms.weaning_months[species]
    due &= pool.counts_from[rows] <= born
    rows, species, born = rows[due], species[due], born[due]
    if rows.size == 0:
        return False
    declare(state, rows)
    young = state.herd[species, HerdClass.YOUNG, rows].astype(np.int64)
    female = m.streams.households(STREAM, month, PART_FEMALES).binomial(rows, young, terms.female_share)
    back = np.minimum(pool.owed[rows], female)
    state.herd[species, HerdClass.YOUNG, rows] -= back.astype(state.herd.dtype)
    pool.owed[rows] -= back
    village = state.village[rows]
    books.flows.add("returned", village, back)
    books.animals.add(np.repeat(village, back), np.repeat(born, back), Origin.RETURNED, AnimalStatus.REARING)
    paid = rows[pool.owed[rows] == 0]
    books.flows.add("repaid", state.village[paid])
    books.flows.add("kept_animals", state.village[paid], pool.head[paid])
    pool.close(paid, LoanStatus.REPAID, month)
    return bool(back.any())


def collect_defaults(m: Month, pool: LivestockPool) -> bool:
    """Loans past their deadline default: the pool takes back the lent females, and the
    household may not borrow again. Returns whether any herd changed."""
    state, month = m.state, m.index
    rows = np.flatnonzero(pool.open & (month > pool.deadline))
    if rows.size == 0:
        return False
    books, terms = pool.books, pool.terms
    species = pool.species_of(rows)
    head = pool.head[rows]  # no more than they have: losses are recorded first
    herd = state.herd
    declare(state, rows)
    from_females = np.minimum(head, herd[species, HerdClass.FEMALES, rows])
    herd[species, HerdClass.FEMALES, rows] -= from_females.astype(herd.dtype)
    entry = terms.entry[species]
    herd[species, entry, rows] -= (head - from_females).astype(herd.dtype)
    capacity = state.herd_capacity[species, rows]
    state.herd_capacity[species, rows] = np.maximum(capacity - head, 0).astype(capacity.dtype)
    declare(state, state.improved_cows > herd[CATTLE, HerdClass.FEMALES])  # those the next line cuts
    np.minimum(state.improved_cows, herd[CATTLE, HerdClass.FEMALES], out=state.improved_cows)
    for s in np.unique(species):
        mine, n = rows[species == s], head[species == s]
        held = m.assets.units(SPECIES_ASSET[s], month, 10**9)[mine]
        share = np.zeros(state.size)
        share[mine] = np.minimum(np.divide(n, held, out=np.ones(n.size), where=held > 0), 1.0)
        m.assets.dispose(SPECIES_ASSET[s], share, month, m.ledger)
    village = state.village[rows]
    books.flows.add("reclaimed", village, head)
    books.flows.add("defaulted", village)
    born = month - terms.ready_age_months[species] - 12  # grown: ready to lend on
    books.animals.add(np.repeat(village, head), np.repeat(born, head), Origin.RECLAIMED, AnimalStatus.HELD)
    pool.barred[rows] = True
    pool.close(rows, LoanStatus.DEFAULTED, month)
    return True


def rear(m: Month, pool: LivestockPool) -> None:
    """A month of the pools' own animals: deaths at the young or replacement hazard, upkeep
    charged to the fund; young who reach the ready age are ready to lend."""
    animals, terms, flows = pool.books.animals, pool.terms, pool.books.flows
    ids = np.flatnonzero((animals.status == AnimalStatus.REARING) | (animals.status == AnimalStatus.HELD))
    if ids.size == 0:
        return
    village = animals.village[ids]
    s = pool.species[village]
    age = m.index - animals.born[ids]
    herd_class = np.where(age < terms.months_as_young[s], HerdClass.YOUNG, HerdClass.HEIFERS_1)
    hazard = m.herds.hazard[s, herd_class] * terms.mortality_factor
    # Each animal draws by her village and her number there, not her place in all the pools' books.
    u = np.empty(ids.size)
    by_village = np.argsort(village, kind="stable")
    bounds = np.flatnonzero(np.diff(village[by_village])) + 1
    for mine in np.split(by_village, bounds):
        v = int(village[mine[0]])
        u[mine] = m.streams.households(ANIMAL_STREAM, m.index, v).uniform(animals.serial[ids[mine]])
    dies = u < -np.expm1(-hazard)
    animals.status[ids[dies]] = AnimalStatus.DIED
    flows.add("died", village[dies])
    alive = ~dies
    herds = m.herds
    mix = herds.feed_share * m.level(Index.CROPS) + (1.0 - herds.feed_share) * m.level(Index.CPI)
    cost = herds.upkeep_per_head_month[s, herd_class] * mix[s]
    flows.upkeep_yuan += np.bincount(village[alive], weights=cost[alive], minlength=pool.books.villages)
    ready = alive & (animals.status[ids] == AnimalStatus.REARING) & (age >= terms.ready_age_months[s])
    animals.status[ids[ready]] = AnimalStatus.HELD


def pool_month(m: Month, pool: LivestockPool, draw_deaths: bool) -> bool:
    """The pools' month, after the herd events: losses, the pools' own animals, returns,
    defaults, lending. With ``draw_deaths`` (months whose herd events have not just drawn
    them) the borrowers' deaths since their last draw come first, so that young are handed over
    alive and reclaimed females are alive. Returns whether any herd changed."""
    if not pool.open.any() and not pool.books.animals.status.size:
        return False
    if draw_deaths and pool.open.any():
        declare(m.state, pool.open)
        draw_borrowers_deaths(m, pool)
    record_losses(m, pool, sold=m.month == m.params.finance.investment_month)
    rear(m, pool)
    changed = collect_returns(m, pool)
    changed |= collect_defaults(m, pool)
    changed |= lend_held(m, pool)
    return changed


def sell_surplus(m: Month, pool: LivestockPool, price: FloatArray) -> None:
    """Ready females still held at the year's end are sold, at ``price`` per head of each species."""
    animals = pool.books.animals
    ids = animals.ids(AnimalStatus.HELD)
    if ids.size == 0:
        return
    village = animals.village[ids]
    animals.status[ids] = AnimalStatus.SOLD
    pool.books.flows.add("sold", village)
    pool.books.flows.sales_yuan += np.bincount(
        village, weights=price[pool.species[village]], minlength=pool.books.villages
    )


def record_year(pool: LivestockPool, state: HouseholdState, year: int) -> None:
    """Keep the year's pool figures over all villages: flows to date, stocks at the year's end."""
    f = pool.books.flows
    row: dict[str, Any] = {"year": year}
    row.update({name: int(f[name].sum()) for name in ("bought", "lent", "returned", "reclaimed")})
    row.update(
        {
            "loans_made": int(f["loans_made"].sum()),
            "repaid": int(f["repaid"].sum()),
            "defaulted": int(f["defaulted"].sum()),
            "lost": int(f["lost"].sum()),
            "lost_animals": int(f["lost_animals"].sum()),
            "sold_by_borrowers": int(f["sold_animals"].sum()),
            "open_loans": int(pool.open_loans().sum()),
            "animals_on_loan": int(pool.on_loan().sum()),
            "rearing": int(pool.books.stock(AnimalStatus.REARING).sum()),
            "held": int(pool.books.stock(AnimalStatus.HELD).sum()),
            "died_in_pool": int(f["died"].sum()),
            "sold": int(f["sold"].sum()),
            "sales_yuan": round(float(f.sales_yuan.sum()), 2),
            "upkeep_yuan": round(float(f.upkeep_yuan.sum()), 2),
            "fund_yuan": round(float(f.fund_yuan.sum()), 2),
            "waiting": int(pool.waiting(state).sum()),
            "barred": int(pool.barred.sum()),
            "households_reached": int(pool.reached.sum()),
        }
    )
    pool.history.append(row)


def history_by_year(pool: LivestockPool) -> dict[str, dict[str, Any]]:
    """The pool's yearly figures, keyed by the year as a string."""
    return {str(row["year"]): {k: v for k, v in row.items() if k != "year"} for row in pool.history}
