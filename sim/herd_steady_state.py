"""The herd structure a species settles into, per breeding female, in January.

The villages' data give breeding females per household; the young and other stock that go
with them follow from the species' own calendar and rates. Starting the herds at this
structure keeps the first simulated years from selling off (or building up) a herd that was
never in balance. It is an expected-value (mean-field) version of the main herd events of
:mod:`sim.rules.herd_kernel` (deaths, growing up, births, sales and culls; not promotion from
stock, restocking, the New Year slaughter or membership effects), run until the January
structure repeats; the model then spins the herds up with the full events (see
:func:`sim.rules.livestock.spin_up`).
"""

from __future__ import annotations

import math
from functools import cache

from sim.params import SpeciesParams
from sim.rules.livestock import maturity_months

YEARS = 40


@cache
def young_and_stock_per_female(species: SpeciesParams) -> tuple[float, float]:
    """(young, other stock) per breeding female in January, at the steady state."""
    survive_adult = math.exp(math.log1p(-species.adult_mortality_per_year) / 12)
    survive_young = math.exp(math.log1p(-species.young_mortality_per_year) / 12)
    grow = maturity_months(species)
    capacity = 1.0
    females, young, stock = 1.0, 0.0, 0.0
    for _ in range(YEARS):
        for month in range(1, 13):
            females *= survive_adult
            stock *= survive_adult
            young *= survive_young
            if month in grow:
                kept = min(max(capacity - females, 0.0), 0.5 * young)
                females += kept
                stock += young - kept
                young = 0.0
            if month in species.birth_months:
                young += females * species.birth_rate_per_event * species.litter_size
            if month in species.sale_months:
                females -= females * species.replacement_share / len(species.sale_months)
                stock -= stock * species.offtake_share_per_sale
    return young / females, stock / females
