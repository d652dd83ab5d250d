"""The herd a species settles into, per breeding female: its structure in January and its
yearly flows.

The villages' data give breeding females per household; the young, replacements and other
stock that go with them follow from the species' own calendar and rates. Starting the herds at
this structure keeps the first simulated years from selling off (or building up) a herd that
was never in balance. The yearly flows (animals sold, head-years of each class) are what one
more breeding female brings a household, which the investment rule and the economics audit
(docs/ECONOMICS.md) price.

It is an expected-value (mean-field) version of the main herd events of
:mod:`sim.rules.herd_kernel` (deaths, replacements rising to the breeding herd, growing up,
births, sales and culls; not promotion from stock, restocking, the New Year slaughter or
membership effects), run until the year repeats; the model then spins the herds up with the
full events (see :func:`sim.rules.livestock.spin_up`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from sim.params import SpeciesParams
from sim.rules.herd_calendar import cull_share_per_sale, heifer_stages, maturity_months

YEARS = 40
SOLVER_YEARS = 20
SUSTAINED = 0.01  # of the one breeding place: below it the herd is taken to have died out


@dataclass(frozen=True)
class SteadyHerd:
    """Per breeding female, at the steady state."""

    young: float  # young in January
    heifers: float  # replacements rising in January
    stock: float  # other stock in January
    sold_per_year: float  # culls and stock sold
    culled_per_year: float  # breeding females culled (part of sold)
    died_per_year: float  # breeding females dead
    young_years: float  # head-years of young over a year
    heifer_years: float
    stock_years: float
    female_years: float  # of the breeding herd itself: 1 by construction (0 if it dies out)

    def adult_equivalents(self, young_weight: float) -> float:
        """Head in January, the female herself included, with each young counted as
        ``young_weight`` of an adult (for the grass and the working days they take)."""
        return 1.0 + self.heifers + self.stock + young_weight * self.young


@cache
def steady_herd(species: SpeciesParams) -> SteadyHerd:
    """One breeding female's herd at the steady state, kept at one female by replacements."""
    return simulate(species, breeding_cull_share(species), YEARS)


@cache
def breeding_cull_share(species: SpeciesParams) -> float:
    """The share of the breeding herd culled in each sale month that makes a female stay
    ``productive_life_years`` in it on average, deaths included.

    Culls fall on the females in the herd at the sale, not on those joining that month, so a
    share taken from the hazard alone (:func:`sim.rules.herd_calendar.cull_share_per_sale`)
    leaves them a little longer than stated; a few fixed-point steps on this mean-field herd
    correct it.
    """
    cull = cull_share_per_sale(species)
    target = 1.0 / species.productive_life_years
    for _ in range(8):
        herd = simulate(species, cull, SOLVER_YEARS)
        if herd.female_years <= 0 or herd.culled_per_year <= 0:
            return cull
        wanted = target - herd.died_per_year
        if wanted <= 0:
            return 0.0
        cull = min(cull * wanted / herd.culled_per_year, 1.0)
    return cull


def simulate(species: SpeciesParams, cull: float, years_run: int) -> SteadyHerd:
    """The mean-field herd of one breeding female's place, culled at ``cull`` per sale month,
    after ``years_run`` years; flows per female-year of its last year."""
    survive_adult = math.exp(math.log1p(-species.adult_mortality_per_year) / 12)
    survive_young = math.exp(math.log1p(-species.young_mortality_per_year) / 12)
    grow = maturity_months(species)
    stages = heifer_stages(species)
    capacity = 1.0
    females, young, stock = 1.0, 0.0, 0.0
    rising = [0.0, 0.0]
    january = (0.0, 0.0, 0.0)
    sold = culled = died = 0.0
    years = {"young": 0.0, "heifers": 0.0, "stock": 0.0, "females": 0.0}
    for year in range(years_run):
        last = year == years_run - 1
        sold = culled = died = 0.0
        years = dict.fromkeys(years, 0.0)
        for month in range(1, 13):
            if month == 1:
                # A breeding herd culled or dying faster than it is replaced carries nothing.
                sustained = females > SUSTAINED
                january = (
                    (young / females, sum(rising) / females, stock / females)
                    if sustained
                    else (0.0, 0.0, 0.0)
                )
            died += females * (1.0 - survive_adult)
            females *= survive_adult
            stock *= survive_adult
            rising = [h * survive_adult for h in rising]
            young *= survive_young
            joining = 0.0
            if month in grow:
                if stages > 0:
                    joining = rising[stages - 1]
                    rising = [0.0, *rising[: stages - 1], 0.0][:2]
                room = max(capacity - females - joining - sum(rising), 0.0)
                kept = min(room, 0.5 * young)
                stock += young - kept
                young = 0.0
                if stages == 0:
                    joining += kept
                else:
                    rising[0] += kept
            if month in species.birth_months:
                young += females * species.birth_rate_per_event * species.litter_size
            if month in species.sale_months:
                out = females * cull
                females -= out
                sold += out + stock * species.offtake_share_per_sale
                culled += out
                stock -= stock * species.offtake_share_per_sale
            females += joining
            if last:
                years["young"] += young / 12
                years["heifers"] += sum(rising) / 12
                years["stock"] += stock / 12
                years["females"] += females / 12
    scale = years["females"]
    if scale <= 1e-12:  # the breeding herd does not last a year: nothing to carry
        return SteadyHerd(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    return SteadyHerd(
        young=january[0],
        heifers=january[1],
        stock=january[2],
        sold_per_year=sold / scale,
        culled_per_year=culled / scale,
        died_per_year=died / scale,
        young_years=years["young"] / scale,
        heifer_years=years["heifers"] / scale,
        stock_years=years["stock"] / scale,
        female_years=1.0,
    )


def young_and_stock_per_female(species: SpeciesParams) -> tuple[float, float, float]:
    """(young, replacements, other stock) per breeding female in January, at the steady state."""
    herd = steady_herd(species)
    return herd.young, herd.heifers, herd.stock
