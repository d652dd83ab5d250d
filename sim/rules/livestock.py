"""Herd biology and economics of cattle, sheep and pigs; backyard flocks and improved layers.

In a month with a herd event (a species' birth, growing-up, sale or restocking month, and
December), for all species at once: the deaths since the last event are drawn; replacements
rise towards the breeding herd; last season's young grow up; females give birth; stock is sold
and the breeding herd culled to its productive life; fatteners are restocked; in December
animals are killed for the New Year table (see :mod:`sim.rules.herd_kernel`). Sales, purchases
and the New Year meat are posted to the ledger; products (milk, wool, eggs) and upkeep are
regular monthly flows, reset whenever a herd changes.

Deaths are drawn lazily: each month adds the month's technical-service factor to each
household's exposure, and at the next event, or before the household's herd changes otherwise
(a purchase, a delivery, a shock), an animal of class ``c`` dies with probability
``1 - exp(-hazard[c] * exposure)``. That is the same distribution as drawing every month, at a
fraction of the cost; and since a household's deaths are drawn when its own herd changes, and
from its own sequence (:mod:`sim.crn`), they do not depend on what happens to other herds.

Shocks kill a share of a village's animals at once: a harsh winter, at its end (March), the
grazing herds (FACTS: 15% of Nagqu's livestock in 1997-98, 30-70% in some townships); an
animal-disease outbreak, in its month, every species and flock in the struck village.

Upkeep is feed (priced with field crops, :class:`sim.world.Index.CROPS`) and the rest (vet,
salt, sheds: consumer prices). Improved dairy cows give more milk for more feed, and leave the
herd sooner (FACTS: dairy cows stay 3-4 years).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.assets import Asset
from sim.crn import HouseholdDraws, HouseholdSequence
from sim.herd_steady_state import breeding_cull_share
from sim.ledger import Source
from sim.params import LivestockParams
from sim.rules.context import Month, rows_of
from sim.rules.herd_calendar import HerdCalendar, heifer_stages, validate_calendar
from sim.rules.herd_kernel import draw_deaths, herd_events
from sim.rules.herd_sums import per_species_sum, weighted_sum
from sim.rules.markets import Product
from sim.state import HerdArray, HerdClass, HouseholdState
from sim.streams import Streams
from sim.villages import CATTLE, SHEEP, SPECIES
from sim.world import Index

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

DEATHS = "livestock.deaths"  # the process the herds' deaths draw from
EVENTS = "livestock.events"  # and their other events (births, growing up, sales)
WINTER_LOSS_MONTH = 3  # a harsh winter's losses are counted at its end
SPECIES_INDEX = (Index.CATTLE, Index.SHEEP, Index.PIGS)  # sale prices, by species
PRODUCT_INDEX = (Index.MILK, Index.SHEEP, Index.PIGS)  # milk, wool, (none)
SPECIES_ASSET = (Asset.CATTLE, Asset.SHEEP, Asset.PIGS)
SPECIES_MARKET: tuple[Product | None, ...] = (None, None, Product.PIGS)  # thin village markets


@dataclass
class Herds:
    """The species' parameters as arrays, and each household's mortality exposure not yet drawn."""

    species: tuple
    calendar: HerdCalendar
    hazard: FloatArray  # (species, class) deaths per animal-month, as a rate
    winter_exposed: BoolArray  # (species,)
    grazing: BoolArray  # (species,)
    price: FloatArray  # (species,) Yuan/head in the first year
    breeding_price: FloatArray  # (species,) Yuan per breeding female in the first year
    birth_rate: FloatArray  # (species,) per female per birth month
    litter_size: FloatArray  # (species,)
    heifer_stages: IntArray  # (species,)
    stock_per_place: FloatArray  # (species,) other stock a household can keep per breeding place
    offtake: FloatArray  # (species,) share of stock sold per sale month
    cull: FloatArray  # (species,) share of the breeding herd culled per sale month
    home_slaughter: FloatArray  # (species,) head per household per year
    product_per_female_month: FloatArray  # (species,)
    upkeep_per_head_month: FloatArray  # (species, class)
    feed_share: FloatArray  # (species,)
    head_weight: FloatArray  # (species, class) adult-equivalents: labour and grass
    sheep_units: FloatArray  # (species, class) sheep units per head on the grass
    labour_days_per_head: FloatArray  # (species,) per adult-equivalent a year
    productive_life_months: IntArray  # (species,)
    young_price_share: float
    improved_extra_milk_month: float
    improved_extra_feed_month: float
    improved_cull: float  # share of improved cows culled beyond the herd's own, per cattle sale
    exposure: FloatArray  # (household,) months since its last draw, times its technical-service factor

    @classmethod
    def of(cls, params: LivestockParams) -> Herds:
        """Arrays of the species' parameters; no exposure yet."""
        species = tuple(getattr(params, s.value) for s in SPECIES)
        for s in species:
            validate_calendar(s)
        adult = [s.adult_mortality_per_year for s in species]
        yearly = np.array(
            [[a, s.young_mortality_per_year, a, a, a] for a, s in zip(adult, species, strict=True)]
        )

        def column(name: str) -> FloatArray:
            return np.array([float(getattr(s, name)) for s in species])

        young_share = params.grazing.young_sheep_unit_share
        weight = np.array([[1.0, young_share, 1.0, 1.0, 1.0]] * len(species))
        grazing = np.array([s.grazing for s in species])
        upkeep = np.array(
            [
                [
                    s.cost_yuan_per_female_year,
                    s.cost_yuan_per_young_year,
                    s.cost_yuan_per_stock_year,
                    s.cost_yuan_per_stock_year,
                    s.cost_yuan_per_stock_year,
                ]
                for s in species
            ]
        )
        cattle = species[CATTLE]
        local_life = cattle.productive_life_years
        improved_extra = max(1.0 / params.improved_cow_productive_life_years - 1.0 / local_life, 0.0)
        return cls(
            species=species,
            calendar=HerdCalendar.of(species, params.restock_month),
            hazard=-np.log1p(-np.minimum(yearly, 1.0 - 1e-12)) / 12.0,
            winter_exposed=np.array([s.winter_exposed for s in species]),
            grazing=grazing,
            price=column("price_yuan_per_head"),
            breeding_price=column("breeding_female_yuan"),
            birth_rate=column("birth_rate_per_event"),
            litter_size=column("litter_size"),
            heifer_stages=np.array([heifer_stages(s) for s in species], dtype=np.int64),
            stock_per_place=column("max_stock_per_breeding_female"),
            offtake=column("offtake_share_per_sale"),
            cull=np.array([breeding_cull_share(s) for s in species]),
            home_slaughter=column("home_slaughter_per_year"),
            product_per_female_month=column("product_yuan_per_female_year") / 12,
            upkeep_per_head_month=upkeep / 12,
            feed_share=column("feed_share_of_cost"),
            head_weight=weight,
            sheep_units=weight * column("sheep_units_per_head")[:, np.newaxis] * grazing[:, np.newaxis],
            labour_days_per_head=column("labour_days_per_head_year"),
            productive_life_months=np.array(
                [max(round(12 * s.productive_life_years), 1) for s in species], dtype=np.int64
            ),
            young_price_share=params.young_price_share,
            improved_extra_milk_month=params.improved_cow_extra_milk_yuan_per_year / 12,
            improved_extra_feed_month=params.improved_cow_extra_feed_yuan_per_year / 12,
            improved_cull=-np.expm1(-improved_extra / len(set(cattle.sale_months))),
            exposure=np.zeros(0),
        )

    def expose(self, factor: FloatArray) -> None:
        """Add one month of exposure, at each household's technical-service ``factor``."""
        if self.exposure.size != factor.size:
            self.exposure = np.zeros(factor.size)
        self.exposure += factor

    def run_events(
        self,
        state: HouseholdState,
        month: int,
        births: FloatArray,
        deaths: HouseholdSequence,
        draws: HouseholdDraws,
    ) -> tuple[HerdArray, HerdArray, HerdArray, HerdArray]:
        """The deaths since each household's last draw, then this month's herd events; returns
        the head sold (culls included), culled, bought and killed for the New Year, per species
        and household."""
        self.draw_deaths(state.herd, deaths)
        return self.events(
            state.herd, state.herd_capacity, state.stock_target, month, births, draws, new_year=month == 12
        )

    def events(
        self,
        herd: HerdArray,
        capacity: HerdArray,
        stock_target: HerdArray,
        month: int,
        births: FloatArray,
        draws: HouseholdDraws,
        new_year: bool,
    ) -> tuple[HerdArray, HerdArray, HerdArray, HerdArray]:
        """The herd events of calendar ``month`` (deaths already drawn), with the New Year
        slaughter if ``new_year``, each household drawing from its own sequence of ``draws``;
        returns the head sold, culled, bought and killed."""
        calendar = self.calendar
        return herd_events(
            herd,
            capacity,
            stock_target,
            calendar.grow[month],
            calendar.birth[month],
            calendar.sale[month],
            calendar.restock[month],
            new_year,
            self.birth_rate,
            self.litter_size,
            self.heifer_stages,
            self.stock_per_place,
            self.cull,
            self.offtake,
            self.home_slaughter,
            births,
            np.uint64(draws.key),
        )

    def draw_deaths(self, herd: HerdArray, deaths: HouseholdSequence, rows: IntArray | None = None) -> None:
        """Remove the animals of households ``rows`` (distinct; all if None) that died since
        their last draw, and start counting their exposure afresh. Each household continues
        its own sequence of ``deaths`` (the month's)."""
        households = herd.shape[2]
        if self.exposure.size != households:
            return  # no month exposed yet
        index = np.arange(households) if rows is None else np.ascontiguousarray(rows, dtype=np.int64)
        draw_deaths(
            herd, self.hazard, self.exposure, index, np.uint64(deaths.key), deaths.counters(households)
        )

    def upkeep_month(self, herd: HerdArray, feed_level: float, cpi: float) -> FloatArray:
        """Each household's monthly upkeep of its herds (of the households ``herd`` has), at
        this year's prices."""
        per_species = per_species_sum(self.upkeep_per_head_month, herd)
        mix = self.feed_share * feed_level + (1.0 - self.feed_share) * cpi
        return species_sum(mix[:, np.newaxis] * per_species)

    def value(self, herd: HerdArray, level: FloatArray) -> FloatArray:
        """Each household's herds at ``level`` (species) times first-year prices: breeding
        females and replacements at a breeding female's price, young of the year at a young
        animal's, other stock at the price of an animal sold."""
        per_head = np.empty((herd.shape[0], herd.shape[1]))
        per_head[:] = (self.price * level)[:, np.newaxis]
        per_head[:, HerdClass.YOUNG] *= self.young_price_share
        for c in (HerdClass.FEMALES, HerdClass.HEIFERS_1, HerdClass.HEIFERS_2):
            per_head[:, c] = self.breeding_price * level
        return weighted_sum(per_head, herd)

    def household_sheep_units(self, herd: HerdArray, improved_cows: IntArray) -> FloatArray:
        """Sheep units each household grazes; improved dairy cows are stall-fed."""
        stall_fed = improved_cows * self.sheep_units[CATTLE, HerdClass.FEMALES]
        return weighted_sum(self.sheep_units, herd) - stall_fed

    def labour_days(self, herd: HerdArray) -> FloatArray:
        """Working days a year each household's herds take."""
        weight = self.head_weight * self.labour_days_per_head[:, np.newaxis]
        return weighted_sum(weight, herd)


def species_sum(per_species: FloatArray) -> FloatArray:
    """(household,): the sum over the species of ``per_species`` (species, household), in order."""
    total = per_species[0]
    for s in range(1, per_species.shape[0]):
        total = total + per_species[s]
    return total


def livestock_month(m: Month) -> BoolArray:
    """One month of every household's herds and flocks; returns which households' changed (a
    mask: all of them, or none, as the calendar and the weather have it), so that their
    products and upkeep (:func:`set_livestock_rates`) must be reset."""
    state, herds, params = m.state, m.herds, m.params.livestock
    y, month = m.year, m.month
    changed = False
    struck_households: BoolArray | None = None
    if month == WINTER_LOSS_MONTH and m.world.harsh_winter[y]:
        share = np.where(herds.winter_exposed[:, np.newaxis], m.world.winter_loss[y][state.village], 0.0)
        lose_share(m, share)
        changed = True
    struck = m.world.outbreak_month[y] == month
    if struck.any():
        loss = np.where(struck, m.world.outbreak_loss[y], 0.0)
        rows = m.village_households(np.flatnonzero(struck))
        lose_share(m, np.broadcast_to(loss[state.village[rows]], (len(SPECIES), rows.size)), rows)
        lose_birds(m, np.where(struck, params.poultry.outbreak_loss_share, 0.0)[state.village[rows]], rows)
        struck_households = np.zeros(state.size, dtype=bool)
        struck_households[rows] = True
    herds.expose(m.effects.mortality)

    if herds.calendar.any_event[month]:
        sold, _, bought, killed = herds.run_events(state, month, m.effects.births, deaths(m), m.draws(EVENTS))
        if herds.calendar.sale[month, CATTLE]:
            cull_improved_cows(m, sold)
        np.minimum(state.improved_cows, state.herd[CATTLE, HerdClass.FEMALES], out=state.improved_cows)
        sell(m, sold)
        level = m.world.index[list(SPECIES_INDEX), y]
        m.ledger.spend(
            Source.LIVESTOCK,
            species_sum((herds.price * level * herds.young_price_share)[:, np.newaxis] * bought),
        )
        meat = species_sum((herds.price * level)[:, np.newaxis] * killed)
        m.ledger.earn(Source.LIVESTOCK, meat)
        m.ledger.consume(meat)
        changed = True
    if month == params.poultry.restock_month:
        restock_flocks(m)
    if changed or month in (1, params.poultry.restock_month):
        return np.ones(state.size, dtype=bool)
    if struck_households is not None:
        return struck_households  # an outbreak changed only the struck villages' herds
    return np.zeros(state.size, dtype=bool)


def deaths(m: Month) -> HouseholdSequence:
    """This month's draws of herd deaths, shared by every call that draws them."""
    return m.streams.sequence(DEATHS, m.index)


def sell(m: Month, sold: HerdArray, young: HerdArray | None = None) -> None:
    """Post the sale of ``sold`` head (species, household) at this year's prices, of which
    ``young`` (if given) are young of the year, sold at a young animal's price."""
    if not sold.any():
        return
    head = sold.astype(np.float64)
    if young is not None:
        head = head - (1.0 - m.herds.young_price_share) * young
    value = np.zeros(m.state.size)
    for s in range(len(SPECIES)):
        if sold[s].any():
            value += head[s] * m.herds.price[s] * sale_index(m, s)
    m.ledger.earn(Source.LIVESTOCK, value)


def sale_index(m: Month, species: int, rows: IntArray | None = None) -> FloatArray:
    """Per household (or of households ``rows``): the price index an animal of ``species``
    sells at, with its village market, contract and membership."""
    village = m.state.village if rows is None else m.state.village[rows]
    market = m.markets.factor(SPECIES_MARKET[species], village)
    return m.effects.sale_index(m.world, SPECIES_INDEX[species], m.year, market, rows=rows)


def cull_improved_cows(m: Month, sold: HerdArray) -> None:
    """Improved dairy cows leave the herd sooner than local ones: the extra culls, sold."""
    state = m.state
    cows = state.improved_cows
    if not cows.any() or m.herds.improved_cull <= 0.0:
        return
    extra = m.draws("livestock.improved").binomial(state.size, cows, m.herds.improved_cull)
    extra = np.minimum(extra, state.herd[CATTLE, HerdClass.FEMALES])
    state.improved_cows -= extra
    state.herd[CATTLE, HerdClass.FEMALES] -= extra.astype(state.herd.dtype)
    sold[CATTLE] += extra.astype(sold.dtype)


def lose_share(m: Month, share: FloatArray, households: IntArray | None = None) -> None:
    """A shock kills ``share`` (species, household) of every class of the herds: of every
    household, or (``households``, ascending indices) of those, ``share`` then being theirs. A
    winter and an outbreak in one month draw on from where the other left each household's
    sequence."""
    state, herds = m.state, m.herds
    hit_any = share.max(axis=0) > 0
    rows = np.flatnonzero(hit_any) if households is None else households[hit_any]
    if rows.size == 0:
        return
    at = rows if households is None else np.flatnonzero(hit_any)  # the rows' columns of share
    herds.draw_deaths(state.herd, deaths(m), rows)
    shocks = m.streams.sequence("livestock.shocks", m.index)
    for s in range(len(SPECIES)):
        for c in HerdClass:
            keep = (share[s, at] > 0) & (state.herd[s, c, rows] > 0)
            hit = rows[keep]
            if hit.size:
                head = state.herd[s, c, hit]
                lost = shocks.binomial(hit, head, share[s, at[keep]])
                state.herd[s, c, hit] = head - lost.astype(head.dtype)
    np.minimum(state.improved_cows, state.herd[CATTLE, HerdClass.FEMALES], out=state.improved_cows)


def spin_up(
    state: HouseholdState,
    herds: Herds,
    mortality: FloatArray,
    births: FloatArray,
    years: int,
    streams: Streams,
) -> None:
    """Run the herds alone (no ledger, no shocks) for some years before the first January.

    The villages' data give breeding females; the young, replacements and stock that go with
    them, and the herds lost to bad luck, are what the herd events themselves produce. Starting
    from their result keeps the first simulated years from selling off a herd never in balance.
    The spin-up's months are numbered back from the first January (-1 the December before).
    """
    calendar = herds.calendar
    for t in range(12 * years):
        month, step = t % 12 + 1, t - 12 * years
        herds.expose(mortality)
        if calendar.any_event[month]:
            herds.run_events(
                state, month, births, streams.sequence(DEATHS, step), streams.households(EVENTS, step)
            )
    herds.exposure[:] = 0.0


def set_livestock_rates(m: Month, rows: BoolArray | None = None) -> None:
    """Products and upkeep of the herds and flocks as they now are, from this month on: every
    household's, or (``rows``, a mask) those households' (computed for them alone)."""
    state, herds, y = m.state, m.herds, m.year
    poultry = m.params.livestock.poultry
    at = rows_of(rows)
    if at is None:
        np.minimum(state.improved_cows, state.herd[CATTLE, HerdClass.FEMALES], out=state.improved_cows)
        herd, improved, village = state.herd, state.improved_cows, state.village
        flock, layers, skill, cost = state.flock, state.layers, state.skill, m.effects.cost
    else:
        herd = state.herd[:, :, at]
        improved = np.minimum(state.improved_cows[at], herd[CATTLE, HerdClass.FEMALES])
        state.improved_cows[at] = improved
        village = state.village[at]
        flock, layers, skill, cost = state.flock[at], state.layers[at], state.skill[at], m.effects.cost[at]
    females = herd[:, HerdClass.FEMALES]
    effects, world = m.effects, m.world
    milk = effects.sale_index(world, Index.MILK, y, m.markets.factor(Product.MILK, village), rows=at)
    wool = effects.sale_index(world, Index.SHEEP, y, rows=at)
    eggs = effects.sale_index(world, Index.EGGS, y, m.markets.factor(Product.EGGS, village), rows=at)
    local_milk = females[CATTLE] * herds.product_per_female_month[CATTLE]
    products = (
        (local_milk + improved * herds.improved_extra_milk_month) * milk
        + females[SHEEP] * herds.product_per_female_month[SHEEP] * wool
        + (flock * poultry.egg_and_meat_yuan_per_bird_year + layers * poultry.layer_eggs_yuan_per_bird_year)
        / 12
        * eggs
    )
    feed, cpi = m.level(Index.CROPS), m.level(Index.CPI)
    upkeep = herds.upkeep_month(herd, feed, cpi)
    upkeep = upkeep + improved * herds.improved_extra_feed_month * feed
    upkeep = (
        upkeep
        + (flock * poultry.cost_yuan_per_bird_year + layers * poultry.layer_cost_yuan_per_bird_year)
        / 12
        * feed
    )
    m.ledger.set_rate(m.index, Source.LIVESTOCK, gross=products * skill, cost=upkeep * cost, at=at)


def lose_birds(m: Month, share: FloatArray, households: IntArray) -> None:
    """An outbreak kills a share of every flock and henhouse in the struck villages: ``share``
    of those of ``households`` (ascending indices)."""
    state = m.state
    for part, column in enumerate((state.flock, state.layers)):
        keep = (share > 0) & (column[households] > 0)
        rows = households[keep]
        column[rows] -= m.draws("livestock.poultry", part).binomial(rows, column[rows], share[keep])


def restock_flocks(m: Month) -> None:
    """Backyard flocks are rebuilt to their usual size each spring."""
    state = m.state
    poultry = m.params.livestock.poultry
    bought = np.maximum(state.flock_target - state.flock, 0)
    state.flock += bought
    m.ledger.spend(Source.LIVESTOCK, bought * poultry.chick_yuan * m.level(Index.CPI))
