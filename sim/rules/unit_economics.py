"""What one more unit of an activity costs and earns a household, at this year's prices.

A unit is one breeding cow, ewe or sow (with her pen), a batch of improved layers with their
henhouse, a mu of greenhouse or orchard, a vehicle or a canteen. For each household:

- ``capital``: its price;
- ``margin``: the cash it brings in a year less its running costs (feed, inputs), with the
  household's own prices (village market, contracts, memberships, roads), yields and skill;
  for a breeding female, the sales, products and upkeep of the herd she heads at the steady
  state (:func:`sim.herd_steady_state.steady_herd`); for land uses, less the crops the land no
  longer grows;
- ``life_years``: how long the capital lasts; ``days``: the working days it takes a year;
- ``sheep_units``: the grass it needs (grazing animals only).

The investment rule (:mod:`sim.rules.investment`) and the economics audit
(``docs/ECONOMICS.md``) both price units with these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from sim.herd_steady_state import steady_herd
from sim.params import Parameters
from sim.rules.context import Month
from sim.rules.livestock import PRODUCT_INDEX, SPECIES_INDEX, sale_index
from sim.rules.markets import Product
from sim.villages import CATTLE, SPECIES, Industry
from sim.world import Index

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
LAYER_BATCH = 50  # improved layers bought at once with their henhouse (assumption)


class Option(IntEnum):
    """Units a household can add (the first three follow the order of SPECIES)."""

    CATTLE = 0
    SHEEP = 1
    PIGS = 2
    LAYERS = 3
    GREENHOUSE = 4
    ORCHARD = 5
    VEHICLE = 6
    CANTEEN = 7


OPTIONS: tuple[Option, ...] = tuple(Option)
LEARNS = np.isin(np.arange(len(Option)), [Option.GREENHOUSE, Option.ORCHARD, Option.VEHICLE, Option.CANTEEN])
# The price index each option's sales follow, for its risk.
SOLD_AS = (
    Index.CATTLE,
    Index.SHEEP,
    Index.PIGS,
    Index.EGGS,
    Index.VEGETABLES,
    Index.CROPS,
    Index.TREND,
    Index.TREND,
)
OPTION_OF_INDUSTRY: dict[Industry, Option] = {
    Industry.CATTLE: Option.CATTLE,
    Industry.SHEEP: Option.SHEEP,
    Industry.PIGS: Option.PIGS,
    Industry.CHICKENS: Option.LAYERS,
    Industry.GREENHOUSE: Option.GREENHOUSE,
    Industry.GARDENING: Option.ORCHARD,
    Industry.TRANSPORT: Option.VEHICLE,
    Industry.CANTEEN: Option.CANTEEN,
}


@dataclass(frozen=True)
class UnitEconomics:
    """Per option and household (first axis: ``Option``)."""

    capital: FloatArray  # Yuan, this year's prices (the same for every household: a read-only view)
    fixed: FloatArray  # Yuan a year of the margin that does not depend on learning
    learned: FloatArray  # Yuan a year of the margin at full productivity that does
    revenue: FloatArray  # Yuan a year the unit sells for, at full productivity
    price_sd: FloatArray  # (Option,) yearly sd of the log price of what it sells
    depreciation: FloatArray  # Yuan a year (the same for every household: a read-only view)
    days: FloatArray  # (Option,) working days a year
    sheep_units: FloatArray  # (Option,)
    productivity: FloatArray  # (household,) the productivity ``margin`` is at

    @cached_property
    def margin(self) -> FloatArray:
        """Yuan a year: cash in less running costs, at ``productivity``."""
        return self.margin_at(self.productivity)

    def margin_at(self, productivity: FloatArray | float) -> FloatArray:
        """The margin at another productivity (per household, or one for all)."""
        return _margin(self.fixed, self.learned, productivity)

    def margin_of(self, option: int, rows: IntArray, productivity: FloatArray) -> FloatArray:
        """The margin of ``option`` for households ``rows`` alone, at their ``productivity``
        (per household of the table): each value as :meth:`margin_at` has it."""
        return _margin(self.fixed[option, rows], self.learned[option, rows], productivity[rows])

    def revenue_at(self, productivity: FloatArray | float) -> FloatArray:
        """What the unit sells for at another productivity (learned activities scale with it)."""
        scale = np.where(LEARNS[:, np.newaxis], productivity, 1.0)
        return self.revenue * scale

    @property
    def net(self) -> FloatArray:
        """Yuan a year: the margin less depreciation (before the labour it takes)."""
        return self.margin - self.depreciation


def _margin(fixed: FloatArray, learned: FloatArray, productivity: FloatArray | float) -> FloatArray:
    """Cash in less running costs: the part that does not depend on learning, plus the part
    that does at ``productivity``."""
    return fixed + learned * productivity


def unit_days(params: Parameters) -> FloatArray:
    """Working days a year one unit of each option takes (a breeding female with the young,
    replacements and stock she brings; a greenhouse or orchard less the field crop it replaces)."""
    days = np.zeros(len(OPTIONS))
    for s, species in enumerate(SPECIES):
        p = getattr(params.livestock, species.value)
        head = steady_herd(p).adult_equivalents(params.livestock.grazing.young_sheep_unit_share)
        days[s] = p.labour_days_per_head_year * head
    time = params.time
    days[Option.LAYERS] = LAYER_BATCH * params.livestock.poultry.layer_labour_days_per_bird_year
    days[Option.GREENHOUSE] = max(time.greenhouse_days_per_mu - time.crop_days_per_mu, 0.0)
    days[Option.ORCHARD] = max(time.garden_days_per_mu - time.crop_days_per_mu, 0.0)
    days[Option.VEHICLE] = time.transport_days_per_vehicle
    days[Option.CANTEEN] = time.canteen_days_per_canteen
    return days


def unit_economics(
    m: Month, productivity: FloatArray | None = None, rows: IntArray | None = None
) -> UnitEconomics:
    """Every option's economics for every household, or (``rows``, household indices) for those
    households only, each value as it would be for all (``productivity``: of greenhouses,
    orchards and businesses, by default the household's own; with ``rows``, theirs)."""
    state, params, effects = m.state, m.params, m.effects
    y = m.year
    cpi, feed, trend = m.level(Index.CPI), m.level(Index.CROPS), m.level(Index.TREND)
    if rows is None:
        village, skill = state.village, state.skill
        cost, yields, business_gain = effects.cost, effects.yields, effects.business
    else:
        village, skill = state.village[rows], state.skill[rows]
        cost, yields, business_gain = effects.cost[rows], effects.yields[rows], effects.business[rows]
    n = village.size
    if productivity is None:
        productivity = state.productivity if rows is None else state.productivity[rows]
    # A unit's price and its depreciation are the same for every household (this year's
    # prices): kept per option and read through a broadcast view, not written out per household.
    capital = np.zeros(len(OPTIONS))
    revenue = np.zeros((len(OPTIONS), n))
    margin = np.zeros((len(OPTIONS), n))  # the part that does not depend on learning
    learned = np.zeros((len(OPTIONS), n))  # the part that does, at full productivity
    life = np.zeros(len(OPTIONS))
    days = unit_days(params)
    units = np.zeros(len(OPTIONS))
    assets = params.assets
    for s, species in enumerate(SPECIES):
        p = getattr(params.livestock, species.value)
        herd = steady_herd(p)
        level = m.level(SPECIES_INDEX[s])
        mix = p.feed_share_of_cost * feed + (1.0 - p.feed_share_of_cost) * cpi
        upkeep = (
            p.cost_yuan_per_female_year
            + p.cost_yuan_per_young_year * herd.young_years
            + p.cost_yuan_per_stock_year * (herd.stock_years + herd.heifer_years)
        ) * mix
        local = m.markets.factor(Product.MILK, village) if s == CATTLE else 1.0
        product_level = effects.sale_index(m.world, PRODUCT_INDEX[s], y, local, rows=rows)
        revenue_s = herd.sold_per_year * p.price_yuan_per_head * sale_index(m, s, rows)
        revenue_s = revenue_s + p.product_yuan_per_female_year * product_level * skill
        margin[s] = revenue_s - upkeep * cost
        revenue[s] = revenue_s
        capital[s] = p.breeding_female_yuan * level
        life[s] = p.productive_life_years
        head = herd.adult_equivalents(params.livestock.grazing.young_sheep_unit_share)
        units[s] = p.sheep_units_per_head * head if p.grazing else 0.0
    depreciation = capital / np.maximum(life, 1e-9)
    pen = assets.pig_pen_yuan_per_sow * cpi
    capital[Option.PIGS] += pen
    depreciation[Option.PIGS] += pen / assets.pig_pen_life_years

    poultry = params.livestock.poultry
    eggs = effects.sale_index(m.world, Index.EGGS, y, m.markets.factor(Product.EGGS, village), rows=rows)
    revenue[Option.LAYERS] = LAYER_BATCH * poultry.layer_eggs_yuan_per_bird_year * eggs * skill
    margin[Option.LAYERS] = revenue[Option.LAYERS] - (
        LAYER_BATCH * poultry.layer_cost_yuan_per_bird_year * feed * cost
    )
    capital[Option.LAYERS] = LAYER_BATCH * assets.layer_house_yuan_per_bird * cpi
    depreciation[Option.LAYERS] = capital[Option.LAYERS] / assets.layer_house_life_years

    crops = params.crops
    field = crops.gross_yuan_per_mu * m.level(Index.CROPS) * skill - crops.cost_yuan_per_mu * cpi
    greenhouse = params.greenhouse
    vegetables = effects.sale_index(
        m.world, Index.VEGETABLES, y, m.markets.factor(Product.VEGETABLES, village), rows=rows
    )
    revenue[Option.GREENHOUSE] = greenhouse.gross_yuan_per_mu_year * vegetables * yields * skill
    learned[Option.GREENHOUSE] = revenue[Option.GREENHOUSE] - greenhouse.cost_yuan_per_mu_year * cpi * cost
    margin[Option.GREENHOUSE] = -field
    capital[Option.GREENHOUSE] = assets.greenhouse_yuan_per_mu * cpi
    depreciation[Option.GREENHOUSE] = capital[Option.GREENHOUSE] / assets.greenhouse_life_years

    bearing = max(assets.orchard_life_years - assets.orchard_years_to_bear, 0.0) / assets.orchard_life_years
    fruit_level = effects.sale_index(m.world, Index.CROPS, y, road=False, rows=rows)
    fruit = crops.garden_gross_yuan_per_mu * fruit_level * yields * skill
    learned[Option.ORCHARD] = revenue[Option.ORCHARD] = fruit * bearing
    margin[Option.ORCHARD] = -crops.garden_cost_yuan_per_mu * cpi * cost - field
    capital[Option.ORCHARD] = assets.orchard_yuan_per_mu * cpi
    depreciation[Option.ORCHARD] = capital[Option.ORCHARD] / assets.orchard_life_years

    business = params.business
    for option, monthly, product, price, years in (
        (
            Option.VEHICLE,
            business.transport_net_yuan_per_month,
            Product.TRANSPORT,
            assets.vehicle_yuan,
            assets.vehicle_life_years,
        ),
        (
            Option.CANTEEN,
            business.canteen_net_yuan_per_month,
            Product.CANTEEN,
            assets.canteen_yuan,
            assets.canteen_life_years,
        ),
    ):
        local = m.markets.factor(product, village)
        learned[option] = revenue[option] = 12 * monthly * trend * business_gain * local * skill
        capital[option] = price * cpi
        depreciation[option] = capital[option] / years
    paths = [getattr(params.prices, index.name.lower()) for index in SOLD_AS]
    return UnitEconomics(
        capital=np.broadcast_to(capital[:, np.newaxis], (len(OPTIONS), n)),
        fixed=margin,
        learned=learned,
        revenue=revenue,
        price_sd=np.array([path.sd_per_year for path in paths]),
        depreciation=np.broadcast_to(depreciation[:, np.newaxis], (len(OPTIONS), n)),
        days=days,
        sheep_units=units,
        productivity=np.asarray(productivity, dtype=np.float64),
    )
