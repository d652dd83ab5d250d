"""Thin village markets: the local price of a product falls as the village supplies more of it.

Vegetables, pigs, eggs, milk and local services (transport, canteens) are sold mostly in and
around the village. Its market takes what the village supplied before the programme, or at
least ``markets.absorbed_yuan_per_household`` a household a year of each, at the market price.
Goods beyond that go to town and fetch the market price less ``markets.export_margin``, so the
average price is

    (absorbed + (supply - absorbed) * (1 - margin)) / supply     (supply above absorbed);

services cannot be sold elsewhere, and takings per unit are the market's times
``(supply / absorbed) ** -service_flexibility``. A hardened road cuts the margin and the
exponent by ``markets.road_flexibility_cut``. The reference is the village as it was built,
the same with and without a programme, so a programme that makes every household sell eggs
lowers the price they get. Grazing animals go to travelling traders and contracted sales go to
an association's base: neither is affected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

from sim.params import Parameters
from sim.state import Business, HerdClass, HouseholdState
from sim.villages import CATTLE, PIGS

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


SERVICES = (Product.TRANSPORT, Product.CANTEEN)


def village_supply(
    state: HouseholdState, params: Parameters, villages: int, rows: IntArray | None = None
) -> FloatArray:
    """What each village supplies of each product a year, at first-year prices: (Product,
    village); with ``rows`` (ascending household indices, every household of the villages
    wanted), of those households' villages only (0 elsewhere). Each village's sum runs over its
    households in order either way (bincount adds in order), so it is the same."""

    def col(column: np.ndarray) -> np.ndarray:
        return column if rows is None else column[..., rows]

    livestock = params.livestock
    poultry = livestock.poultry
    business = params.business
    kind, units = col(state.business), col(state.business_units)
    by_household = np.stack(
        [
            col(state.greenhouse_mu) * col(state.productivity) * params.greenhouse.gross_yuan_per_mu_year,
            (col(state.herd[PIGS, HerdClass.STOCK]) + col(state.herd[PIGS, HerdClass.YOUNG]))
            * livestock.pigs.price_yuan_per_head,
            col(state.flock) * poultry.egg_and_meat_yuan_per_bird_year
            + col(state.layers) * poultry.layer_eggs_yuan_per_bird_year,
            col(state.herd[CATTLE, HerdClass.FEMALES]) * livestock.cattle.product_yuan_per_female_year
            + col(state.improved_cows) * livestock.improved_cow_extra_milk_yuan_per_year,
            np.where(kind == Business.TRANSPORT, units, 0.0) * business.transport_net_yuan_per_month * 12,
            np.where(kind == Business.CANTEEN, units, 0.0) * business.canteen_net_yuan_per_month * 12,
        ]
    )
    village = col(state.village)
    return np.stack([np.bincount(village, weights=row, minlength=villages) for row in by_household])


@dataclass
class VillageMarkets:
    """Each village's market for each product: what it absorbs, and the local price factor."""

    absorbed: FloatArray  # (Product, village) Yuan a year taken at the market price
    export_margin: float
    service_flexibility: float
    road_cut: float
    factors: FloatArray  # (Product, village) local price as a share of the market's
    # The households grouped by village: their order and where each village starts (once needed).
    grouped: tuple[IntArray, IntArray] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, state: HouseholdState, params: Parameters, villages: int) -> VillageMarkets:
        """The markets as the villages were built: every local price at the market's."""
        households = np.bincount(state.village, minlength=villages).astype(np.float64)
        floor = params.markets.absorbed_yuan_per_household * households
        absorbed = np.maximum(village_supply(state, params, villages), floor[np.newaxis, :])
        return cls(
            absorbed=absorbed,
            export_margin=params.markets.export_margin,
            service_flexibility=params.markets.service_flexibility,
            road_cut=params.markets.road_flexibility_cut,
            factors=np.ones_like(absorbed),
        )

    def update(
        self,
        state: HouseholdState,
        params: Parameters,
        road: NDArray[np.bool_],
        villages: NDArray[np.bool_] | None = None,
    ) -> NDArray[np.bool_]:
        """Local price factors for the supply households now have (``road``: per village), in
        every village or (``villages``, a mask) only those; returns the villages whose factors
        changed."""
        rows = None if villages is None else self.households(state, villages)
        supply = village_supply(state, params, self.absorbed.shape[1], rows)
        cut = 1.0 - self.road_cut * road.astype(np.float64)  # (village,)
        beyond = np.maximum(supply - self.absorbed, 0.0)
        margin = self.export_margin * cut[np.newaxis, :]
        goods = 1.0 - margin * np.divide(beyond, supply, out=np.zeros_like(supply), where=supply > 0)
        excess = np.maximum(supply, self.absorbed) / self.absorbed
        services = excess ** -(self.service_flexibility * cut)[np.newaxis, :]
        is_service = np.isin(np.arange(len(Product)), SERVICES)[:, np.newaxis]
        factors = np.where(is_service, services, goods)
        if villages is not None:
            factors[:, ~villages] = self.factors[:, ~villages]
        changed: NDArray[np.bool_] = (factors != self.factors).any(axis=0)
        self.factors = factors
        return changed

    def households(self, state: HouseholdState, villages: NDArray[np.bool_]) -> IntArray:
        """The households of ``villages`` (a mask), ascending, through the households grouped
        by village (found once)."""
        if self.grouped is None:
            order = np.argsort(state.village, kind="stable")
            starts = np.searchsorted(state.village[order], np.arange(villages.size + 1))
            self.grouped = (order, starts)
        order, starts = self.grouped
        chosen = np.flatnonzero(villages)
        if chosen.size == villages.size:
            return np.arange(state.size)
        parts = [order[starts[v] : starts[v + 1]] for v in chosen.tolist()]
        return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)

    def factor(self, product: Product | None, village: IntArray) -> FloatArray | float:
        """Per household (by its village): the local price factor of ``product`` (1 for
        products sold outside the village)."""
        if product is None:
            return 1.0
        return self.factors[product][village]
