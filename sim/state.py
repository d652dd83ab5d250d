"""The household table: one numpy array per state variable, one row per household.

Household rules (:mod:`sim.rules`) are vectorised functions of these columns; the Mesa
``Household`` agents read their own row, so Mesa's tools see the real values.
"""

from __future__ import annotations

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
    land_mu: FloatArray
    garden_mu: FloatArray
    greenhouse_mu: FloatArray
    business: IntArray
    business_units: FloatArray  # vehicles or canteens run
    productivity: FloatArray  # of greenhouses, orchards and businesses: below 1 while learning
    herd: NDArray[np.int32]  # shape (species, HerdClass, households)
    herd_capacity: NDArray[np.int32]  # breeding females each household keeps, (species, households)
    stock_target: NDArray[np.int32]  # fatteners restocked each year, (species, households)
    improved_cows: IntArray  # breeding cows of an improved dairy breed (from projects)
    flock: IntArray  # poultry
    flock_target: IntArray  # poultry rebuilt to this each spring
    savings: FloatArray  # negative is debt
    subsistence_allowance: BoolArray
    cooperative_member: BoolArray
    association: IntArray  # association index, -1 for none
    served_by_association: IntArray  # the association serving the village's industry, or -1
    last_net_income: FloatArray  # last closed year's net income
    # What village works do for a household (see sim/programme/infrastructure.py).
    extra_local_days: FloatArray  # days of local work a year freed per worker at home
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
