"""Herd biology and economics of cattle, sheep and pigs; poultry flocks.

In a month with a herd event (a species' birth, growing-up, sale or restocking month, and
December), for all species at once: the deaths since the last event are drawn; last season's
young grow up; females give birth; stock is sold and old females culled; fatteners are
restocked; in December animals are killed for the New Year table (see
:mod:`sim.rules.herd_kernel`). Sales, purchases and the New Year meat are posted to the
ledger; products (milk, wool, eggs) and upkeep are regular monthly flows, reset whenever a
herd changes.

Deaths are drawn lazily: each month adds to each species' exposure (one month, times the
harsh-winter multiplier), and at the next event, or before the programme changes a herd or a
membership, an animal of class ``c`` dies with probability
``1 - exp(-hazard[c] * exposure * technical-service factor)``, the factor as it stands at the
draw. Between changes that is the same distribution as drawing every month, at a fraction of
the cost. An outbreak's extra hazard is drawn at once in the struck villages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.ledger import Ledger, Source
from sim.params import LivestockParams, SpeciesParams
from sim.rules.calendar import When
from sim.rules.effects import HouseholdEffects
from sim.rules.herd_kernel import draw_deaths, herd_events
from sim.state import HerdArray, HerdClass, HouseholdState
from sim.streams import Streams
from sim.villages import SPECIES, Species
from sim.world import Index, World

WINTER_MONTHS = (1, 2, 3, 4)
YOUNG_PRICE_SHARE = 0.3  # assumption: a weaner or calf costs about 30% of a grown animal
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


def validate_calendar(species: SpeciesParams) -> None:
    """Young of one birth month must be grown before the next birth month comes."""
    months = sorted(set(species.birth_months))
    gaps = [(b - a) % 12 or 12 for a, b in zip(months, months[1:] + months[:1], strict=True)]
    if species.months_as_young > min(gaps):
        raise ValueError(
            f"months_as_young ({species.months_as_young}) must not exceed the shortest gap "
            f"between birth months {tuple(months)} ({min(gaps)} months)"
        )


def maturity_months(species: SpeciesParams) -> frozenset[int]:
    """Months in which the young of a birth month grow up."""
    return frozenset((b - 1 + species.months_as_young) % 12 + 1 for b in species.birth_months)


@dataclass(frozen=True)
class HerdCalendar:
    """Which species has which event in each month: boolean arrays (month 1-12, species)."""

    grow: BoolArray
    birth: BoolArray
    sale: BoolArray
    restock: BoolArray
    any_event: BoolArray  # by month: some species has an event (December always does)

    @classmethod
    def of(cls, species: tuple[SpeciesParams, ...], restock_month: int) -> HerdCalendar:
        """The calendar of the species' parameters."""

        def table(months_of: list[frozenset[int]]) -> BoolArray:
            out = np.zeros((13, len(species)), dtype=bool)
            for s, months in enumerate(months_of):
                out[list(months), s] = True
            return out

        grow = table([maturity_months(s) for s in species])
        birth = table([frozenset(s.birth_months) for s in species])
        sale = table([frozenset(s.sale_months) for s in species])
        restock = table([frozenset({restock_month} if s.bought_in_spring else ()) for s in species])
        any_event = (grow | birth | sale | restock).any(axis=1)
        any_event[12] = True  # the New Year slaughter
        return cls(grow, birth, sale, restock, any_event)


@dataclass
class Herds:
    """The species' parameters as arrays, and the mortality exposure not yet drawn."""

    species: tuple[SpeciesParams, ...]
    calendar: HerdCalendar
    hazard: FloatArray  # (species, class) deaths per animal-month, as a rate
    winter_exposed: BoolArray  # (species,)
    price: FloatArray  # (species,) Yuan/head in the first year
    birth_rate: FloatArray  # (species,) per female per birth month
    litter_size: FloatArray  # (species,)
    offtake: FloatArray  # (species,) share of stock sold per sale month
    cull: FloatArray  # (species,) share of females culled per sale month
    home_slaughter: FloatArray  # (species,) head per household per year
    product_per_female_month: FloatArray  # (species,)
    upkeep_per_head_month: FloatArray  # (species,)
    exposure_months: FloatArray  # (species,) months since the last draw, winter-weighted
    improved_cow_extra_milk: float  # Yuan a year more than a local cow gives

    @classmethod
    def of(cls, params: LivestockParams, improved_cow_extra_milk: float = 0.0) -> Herds:
        """Arrays of the species' parameters; no exposure yet."""
        species = tuple(getattr(params, s.value) for s in SPECIES)
        for s in species:
            validate_calendar(s)
        yearly = np.array(
            [
                [s.adult_mortality_per_year, s.young_mortality_per_year, s.adult_mortality_per_year]
                for s in species
            ]
        )

        def column(name: str) -> FloatArray:
            return np.array([float(getattr(s, name)) for s in species])

        return cls(
            species=species,
            calendar=HerdCalendar.of(species, params.restock_month),
            hazard=-np.log1p(-np.minimum(yearly, 1.0 - 1e-12)) / 12.0,
            winter_exposed=np.array([s.winter_exposed for s in species]),
            price=column("price_yuan_per_head"),
            birth_rate=column("birth_rate_per_event"),
            litter_size=column("litter_size"),
            offtake=column("offtake_share_per_sale"),
            cull=np.array([s.replacement_share / len(s.sale_months) for s in species]),
            home_slaughter=column("home_slaughter_per_year"),
            product_per_female_month=column("product_yuan_per_female_year") / 12,
            upkeep_per_head_month=column("cost_yuan_per_head_year") / 12,
            exposure_months=np.zeros(len(species)),
            improved_cow_extra_milk=improved_cow_extra_milk,
        )

    def expose(self, winter: float) -> None:
        """Add one month of exposure, ``winter`` times as deadly for the exposed species."""
        self.exposure_months += np.where(self.winter_exposed, winter, 1.0)

    def exposure(self, factor: FloatArray) -> FloatArray:
        """Exposure since the last draw per (species, household), scaled by ``factor``.

        The technical-service factor is taken as it stands now for the whole period, so a
        change of membership must be preceded by a draw (see ``draw_deaths``).
        """
        return self.exposure_months[:, np.newaxis] * factor[np.newaxis, :]

    def run_events(
        self, state: HouseholdState, month: int, members: HouseholdEffects, rng: np.random.Generator
    ) -> tuple[HerdArray, HerdArray, HerdArray]:
        """The deaths since the last draw, then this month's herd events; returns the head sold,
        bought and killed for the New Year, per species and household."""
        self.draw_deaths(state.herd, members.mortality, rng)
        calendar = self.calendar
        return herd_events(
            state.herd,
            state.herd_capacity,
            state.stock_target,
            calendar.grow[month],
            calendar.birth[month],
            calendar.sale[month],
            calendar.restock[month],
            month == 12,
            self.birth_rate,
            self.litter_size,
            self.cull,
            self.offtake,
            self.home_slaughter,
            members.births,
            rng,
        )

    def draw_deaths(self, herd: HerdArray, factor: FloatArray, rng: np.random.Generator) -> None:
        """Remove the animals that died since the last draw and start counting afresh."""
        draw_deaths(herd, self.hazard, self.exposure(factor), rng)
        self.exposure_months[:] = 0.0

    def draw_outbreak_deaths(
        self, herd: HerdArray, rows: IntArray, extra: FloatArray, rng: np.random.Generator
    ) -> None:
        """Deaths from an outbreak's extra hazard (``extra`` months' worth) among ``rows``."""
        prob = -np.expm1(-self.hazard[:, :, np.newaxis] * extra[np.newaxis, np.newaxis, :])
        herd[:, :, rows] -= rng.binomial(herd[:, :, rows], prob)


def livestock_month(
    state: HouseholdState,
    ledger: Ledger,
    herds: Herds,
    params: LivestockParams,
    members: HouseholdEffects,
    world: World,
    when: When,
    month_index: int,
    streams: Streams,
) -> bool:
    """One month of every household's herds and flocks; returns whether they changed, so that
    their products and upkeep (:func:`set_livestock_rates`) must be reset."""
    y, month = when.year_index, when.month
    winter = (
        params.harsh_winter_mortality_multiplier if world.harsh_winter[y] and month in WINTER_MONTHS else 1.0
    )
    struck = world.outbreak_month[y] == month
    outbreak = bool(struck.any())
    if outbreak:
        # The outbreak's hazard on top of the usual one, drawn at once in the struck villages.
        hit = struck[state.village]
        rows = np.flatnonzero(hit)
        extra = (params.outbreak_mortality_multiplier - 1.0) * members.mortality[rows]
        herds.draw_outbreak_deaths(state.herd, rows, extra, streams["livestock.outbreaks"])
        lose_birds(state, params, hit, streams)
    herds.expose(winter)

    calendar = herds.calendar
    herd_event = bool(calendar.any_event[month])
    if herd_event:
        sold, bought, killed = herds.run_events(state, month, members, streams["livestock"])
        price = herds.price * world.index[Index.LIVESTOCK, y]
        sales_index = world.price_index(Index.LIVESTOCK, y, members.contract)
        ledger.earn(Source.LIVESTOCK, (herds.price @ sold) * sales_index * members.price)
        ledger.spend(Source.LIVESTOCK, (price * YOUNG_PRICE_SHARE) @ bought)
        meat = price @ killed
        ledger.earn(Source.LIVESTOCK, meat)
        ledger.consume(meat)
    if month == params.poultry.restock_month:
        restock_flocks(state, ledger, params, world.index[Index.GENERAL, y])
    return herd_event or outbreak or month in (1, params.poultry.restock_month)


def spin_up(
    state: HouseholdState, herds: Herds, members: HouseholdEffects, years: int, rng: np.random.Generator
) -> None:
    """Run the herds alone (no ledger, no shocks) for some years before the first January.

    The villages' data give breeding females; the young and stock that go with them, and
    the herds lost to bad luck, are what the herd events themselves produce. Starting from
    their result keeps the first simulated years from selling off a herd never in balance.
    """
    calendar = herds.calendar
    for _ in range(years):
        for month in range(1, 13):
            herds.expose(1.0)
            if calendar.any_event[month]:
                herds.run_events(state, month, members, rng)
    herds.exposure_months[:] = 0.0


def set_livestock_rates(
    state: HouseholdState,
    ledger: Ledger,
    herds: Herds,
    params: LivestockParams,
    members: HouseholdEffects,
    world: World,
    when: When,
    month_index: int,
) -> None:
    """Products and upkeep of the herds and flocks as they now are, from this month on."""
    y = when.year_index
    poultry = params.poultry
    products = herds.product_per_female_month @ state.herd[:, HerdClass.FEMALES]
    # Improved cows die and are culled like the others: at most as many as the cows left.
    cows = state.herd[SPECIES.index(Species.CATTLE), HerdClass.FEMALES]
    np.minimum(state.improved_cows, cows, out=state.improved_cows)
    products = products + state.improved_cows * (herds.improved_cow_extra_milk / 12)
    products = products + state.flock * (poultry.egg_and_meat_yuan_per_bird_year / 12)
    upkeep = herds.upkeep_per_head_month @ state.herd.sum(axis=1)
    upkeep = upkeep + state.flock * (poultry.cost_yuan_per_bird_year / 12)
    ledger.set_rate(
        month_index,
        Source.LIVESTOCK,
        gross=products * world.price_index(Index.LIVESTOCK, y, members.contract) * members.price,
        cost=upkeep * world.index[Index.GENERAL, y] * members.cost,
    )


def lose_birds(state: HouseholdState, params: LivestockParams, hit: BoolArray, streams: Streams) -> None:
    """An outbreak kills a share of every flock in the struck villages."""
    rows = np.flatnonzero(hit & (state.flock > 0))
    died = streams["livestock.poultry"].binomial(state.flock[rows], params.poultry.outbreak_loss_share)
    state.flock[rows] -= died


def restock_flocks(state: HouseholdState, ledger: Ledger, params: LivestockParams, index: float) -> None:
    """Flocks are rebuilt to their usual size each spring."""
    bought = np.maximum(state.flock_target - state.flock, 0)
    state.flock += bought
    ledger.spend(Source.LIVESTOCK, bought * params.poultry.chick_yuan * index)
