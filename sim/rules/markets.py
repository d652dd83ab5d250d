"""Thin village markets: the local price of a product falls as the village supplies more of it.

Vegetables, pigs, eggs, milk and local services (transport, canteens) are sold mostly in and
around the village. Its market takes what the village supplied before the programme, or at
least ``markets.absorbed_yuan_per_household`` a household a year of each, at the going price;
beyond that the local price is the market's times ``(supply / absorbed) ** -flexibility``, with
the flexibility cut where a hardened road brings traders. The reference is the village as it
was built, the same with and without a programme, so a programme that makes every household
sell vegetables lowers the price they get. Grazing animals go to travelling traders and
contracted sales go to an association's base: neither is affected.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

from sim.params import Parameters
from sim.state import Business, HerdClass, HouseholdState

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


class Product(IntEnum):
    """Products sold on a village's own market."""

    VEGETABLES = 0
    PIGS = 1
    EGGS = 2
    MILK = 3
    TRANSPORT = 4
    CANTEEN = 5


def village_supply(state: HouseholdState, params: Parameters, villages: int) -> FloatArray:
    """What each village supplies of each product a year, at first-year prices: (Product, village)."""
    livestock = params.livestock
    poultry = livestock.poultry
    business = params.business
    pigs, cattle = 2, 0
    by_household = np.stack(
        [
            state.greenhouse_mu * state.productivity * params.greenhouse.gross_yuan_per_mu_year,
            (state.herd[pigs, HerdClass.STOCK] + state.herd[pigs, HerdClass.YOUNG])
            * livestock.pigs.price_yuan_per_head,
            state.flock * poultry.egg_and_meat_yuan_per_bird_year
            + state.layers * poultry.layer_eggs_yuan_per_bird_year,
            state.herd[cattle, HerdClass.FEMALES] * livestock.cattle.product_yuan_per_female_year
            + state.improved_cows * livestock.improved_cow_extra_milk_yuan_per_year,
            np.where(state.business == Business.TRANSPORT, state.business_units, 0.0)
            * business.transport_net_yuan_per_month
            * 12,
            np.where(state.business == Business.CANTEEN, state.business_units, 0.0)
            * business.canteen_net_yuan_per_month
            * 12,
        ]
    )
    return np.stack([np.bincount(state.village, weights=row, minlength=villages) for row in by_household])


@dataclass
class VillageMarkets:
    """Each village's market for each product: what it absorbs, and the local price factor."""

    absorbed: FloatArray  # (Product, village) Yuan a year taken at the going price
    flexibility: float
    road_cut: float
    factors: FloatArray  # (Product, village) local price as a share of the market's

    @classmethod
    def of(cls, state: HouseholdState, params: Parameters, villages: int) -> VillageMarkets:
        """The markets as the villages were built: every local price at the market's."""
        households = np.bincount(state.village, minlength=villages).astype(np.float64)
        floor = params.markets.absorbed_yuan_per_household * households
        absorbed = np.maximum(village_supply(state, params, villages), floor[np.newaxis, :])
        return cls(
            absorbed=absorbed,
            flexibility=params.markets.local_price_flexibility,
            road_cut=params.markets.road_flexibility_cut,
            factors=np.ones_like(absorbed),
        )

    def update(self, state: HouseholdState, params: Parameters, road: NDArray[np.bool_]) -> None:
        """Local price factors for the supply households now have (``road``: per village)."""
        if self.flexibility <= 0.0:
            return
        supply = village_supply(state, params, self.absorbed.shape[1])
        excess = np.maximum(supply, self.absorbed) / np.where(self.absorbed > 0, self.absorbed, 1.0)
        exponent = self.flexibility * (1.0 - self.road_cut * road.astype(np.float64))
        self.factors = excess ** -exponent[np.newaxis, :]

    def factor(self, product: Product | None, village: IntArray) -> FloatArray | float:
        """Per household (by its village): the local price factor of ``product`` (1 for
        products sold outside the village)."""
        if product is None:
            return 1.0
        return self.factors[product][village]
