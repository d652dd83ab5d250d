"""The household table: one numpy array per state variable, one row per household.

Household rules (:mod:`sim.rules`) are vectorised functions of these columns; the Mesa
``Household`` agents read their own row, so Mesa's tools see the real values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


# Head counts fit 32 bits; the whole herd array then stays under glibc's mmap threshold, so
# temporaries of its size do not cost page faults on every operation.
HERD_DTYPE = np.int32
HerdArray = NDArray[np.int32]


class HerdClass(IntEnum):
    """Second axis of the herd array."""

    FEMALES = 0  # breeding females
    YOUNG = 1  # born this season, not yet weaned or grown
    STOCK = 2  # other animals: males, fatteners, followers
    HEIFERS_1 = 3  # replacement females not yet bred (heifers, ewe hoggets), first year
    HEIFERS_2 = 4  # the same, second year (species whose first birth comes later)


class Business(IntEnum):
    """A household's small business, if any."""

    NONE = 0
    TRANSPORT = 1
    CANTEEN = 2


@dataclass
class HouseholdState:
    """Every household's state, as columns."""

    village: IntArray
    # People by age band: children 0-15, young 16-29, prime 30-59, elderly 60+.
    children: IntArray
    young: IntArray
    prime: IntArray
    elderly: IntArray
    migrants: IntArray  # working-age members working away this year
    certified: IntArray  # members holding a vocational certificate
    certified_away: IntArray  # of the migrants, those holding a certificate (they earn its premium)
    placed: IntArray  # of those, the ones in a job the training school placed them in
    land_mu: FloatArray
    fields_sown: BoolArray  # whether this year's fields were sown
    garden_mu: FloatArray
    greenhouse_mu: FloatArray
    business: IntArray
    business_units: FloatArray  # vehicles or canteens run
    productivity: FloatArray  # of greenhouses, orchards and businesses: below 1 while learning
    learning_started: IntArray  # month index a household began learning its activity, -1 if not
    learning_span: FloatArray  # months its learning takes
    skill: FloatArray  # how well the household farms, keeps animals and works (mean 1)
    greenhouse_building_mu: FloatArray  # greenhouses under construction
    greenhouse_ready: IntArray  # month index they are finished, -1 for none
    greenhouse_learning_span: FloatArray  # months a newcomer will take to learn, from the first season
    herd: NDArray[np.int32]  # shape (species, HerdClass, households)
    herd_capacity: NDArray[np.int32]  # breeding females each household keeps, (species, households)
    stock_target: NDArray[np.int32]  # fatteners restocked each year, (species, households)
    improved_cows: IntArray  # breeding cows of an improved dairy breed (from projects)
    flock: IntArray  # backyard poultry
    flock_target: IntArray  # backyard poultry rebuilt to this each spring
    layers: IntArray  # improved laying hens kept in a henhouse
    savings: FloatArray  # negative is debt
    subsistence_allowance: BoolArray
    cooperative_member: BoolArray
    association: IntArray  # association index, -1 for none
    served_by_association: IntArray  # the association serving the village's industry, or -1
    last_net_income: FloatArray  # last closed year's net income
    in_course: IntArray  # members away at the training school
    # The labour budget as last set (see sim/rules/labour_time.py), days a year.
    days_available: FloatArray  # working days of the members at home
    days_needed: FloatArray  # days the household's own activities take
    days_hired: FloatArray  # days hired in where its own fall short
    local_days: FloatArray  # days of local wage work
    hired_by_source: FloatArray  # (4, household) days hired for crops, herds, greenhouses, business
    # What village works do for a household (see sim/programme/infrastructure.py).
    days_saved_per_worker: FloatArray  # working days a year drinking water frees, per worker at home
    illness_risk: FloatArray  # multiplier on the chance of falling ill
    medical_cost_factor: FloatArray  # multiplier on medical bills
    illness_months_saved: IntArray  # months of an illness spared
    fuel_saving: FloatArray  # Yuan a year of fuel no longer bought (biogas)
    endowment: FloatArray = field(repr=False)

    @property
    def size(self) -> int:
        """Number of households."""
        return int(self.village.size)

    @property
    def people(self) -> IntArray:
        """Members of each household."""
        return self.children + self.young + self.prime + self.elderly

    @property
    def working_age(self) -> IntArray:
        """Members aged 16-59."""
        return self.young + self.prime

    @property
    def workers_at_home(self) -> IntArray:
        """Members aged 16-59 neither working away nor away at the training school."""
        return np.maximum(self.young + self.prime - self.migrants - self.in_course, 0)

    def units_of(self, kind: Business) -> FloatArray:
        """Vehicles or canteens each household runs (0 where it runs the other kind, or none)."""
        return np.where(self.business == kind, self.business_units, 0.0)


class Watch:
    """What some household columns were before a process (the programme's month, its pools'
    month), kept for the households the process says it may change, so that what it changed
    is found by comparing those households only (see ``sim.programme.programme.snapshot``).

    A function that writes the watched columns declares first, with :func:`declare`, the
    households it may write (or :func:`declare_all`); their values are kept as they are then.
    With ``POVSIM_CHECK_WATCH`` set in the environment, every watch also keeps full copies and
    checks that the declared households account for every change.
    """

    def __init__(self, state: HouseholdState, names: tuple[str, ...]) -> None:
        self.state = state
        self.names = names
        self.rows: list[IntArray] = []  # the households declared, in batches
        self.kept: dict[str, list[np.ndarray]] = {name: [] for name in names}  # their values, by batch
        self.seen: NDArray[np.bool_] | None = None
        self.full: dict[str, np.ndarray] | None = None  # every household's, once all are declared
        self.check = (
            {name: getattr(state, name).copy() for name in names}
            if os.environ.get("POVSIM_CHECK_WATCH")
            else None
        )

    def declare(self, rows: IntArray) -> None:
        """Keep the values of households ``rows`` not kept yet."""
        if self.full is not None or rows.size == 0:
            return
        if self.seen is None:
            self.seen = np.zeros(self.state.size, dtype=bool)
        rows = np.unique(rows)
        new = rows[~self.seen[rows]]
        if new.size == 0:
            return
        self.seen[new] = True
        self.rows.append(new)
        for name in self.names:
            self.kept[name].append(getattr(self.state, name)[..., new].copy())

    def declare_all(self) -> None:
        """Keep every household's values (those kept before as they were then)."""
        if self.full is not None:
            return
        self.full = {name: getattr(self.state, name).copy() for name in self.names}
        for batch, rows in enumerate(self.rows):
            for name in self.names:
                self.full[name][..., rows] = self.kept[name][batch]

    def before(self) -> tuple[IntArray | None, dict[str, np.ndarray]]:
        """The households kept (None for all) and their values then, by column."""
        if self.full is not None:
            return None, self.full
        if not self.rows:
            return np.zeros(0, dtype=np.int64), {}
        return np.concatenate(self.rows), {
            name: np.concatenate(self.kept[name], axis=-1) for name in self.names
        }


_WATCHES: dict[int, Watch] = {}  # by id of the household table: the watch open on it


def watch(state: HouseholdState, names: tuple[str, ...]) -> Watch:
    """Start watching ``names`` of ``state`` (ending any watch left open on it)."""
    opened = Watch(state, names)
    _WATCHES[id(state)] = opened
    return opened


def end_watch(state: HouseholdState, opened: Watch) -> None:
    """Stop watching ``state`` with ``opened`` (if it is still the open watch)."""
    if _WATCHES.get(id(state)) is opened:
        del _WATCHES[id(state)]


def declare(state: HouseholdState, rows: IntArray | NDArray[np.bool_]) -> None:
    """Households ``rows`` (indices or a mask) of ``state`` are about to change: keep what they
    were, if a watch is open."""
    opened = _WATCHES.get(id(state))
    if opened is not None:
        index = (
            np.flatnonzero(rows) if np.asarray(rows).dtype == np.bool_ else np.asarray(rows, dtype=np.int64)
        )
        opened.declare(index)


def declare_all(state: HouseholdState) -> None:
    """Any household of ``state`` may be about to change: keep what all were, if a watch is open."""
    opened = _WATCHES.get(id(state))
    if opened is not None:
        opened.declare_all()
