"""The exogenous world: background trend, prices, wages and shocks, drawn for the whole run.

Everything here is drawn once, at the start, from its own streams, so it is the same in
every scenario run on the same seed: a programme changes what households do, not the weather.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

from sim.params import Parameters
from sim.streams import Streams

HORIZON_YEARS = 50  # the most years a run may have (simulation.years)


class Index(IntEnum):
    """Price and wage indices (first axis of ``World.index``), 1.0 in the first year."""

    GENERAL = 0  # costs, consumption, transfers
    WAGES = 1
    LIVESTOCK = 2
    CROPS = 3
    VEGETABLES = 4


@dataclass(frozen=True)
class World:
    """Indices by year, and the shocks of every year and village."""

    index: NDArray[np.float64]  # (Index, year)
    trend: NDArray[np.float64]  # (year,) the common trend alone: contract prices follow it
    crop_yield: NDArray[np.float64]  # (year, village) multiplier on harvests
    harsh_winter: NDArray[np.bool_]  # (year,)
    outbreak_month: NDArray[np.int64]  # (year, village): month 1-12 of an outbreak, 0 for none

    @classmethod
    def draw(cls, params: Parameters, villages: int, streams: Streams) -> World:
        """Draw the world of one run.

        Every draw is made for the longest run allowed and cut to this run's years, so a year
        has the same prices, weather and outbreaks however many years are run.
        """
        years = HORIZON_YEARS
        economy = params.economy
        trend_rng = streams["world.trend"]
        common = economy.trend_growth_per_year + economy.trend_sd_per_year * trend_rng.standard_normal(years)
        # Each index's own movement around the trend: none for the general level.
        own_sd = np.array([0.0, economy.wage_sd_per_year] + [economy.price_sd_per_year] * 3)
        own = own_sd[:, np.newaxis] * streams["world.prices"].standard_normal((len(Index), years))
        growth = common[np.newaxis, :] + own
        growth[:, 0] = 0.0  # indices are relative to the first year
        index = np.exp(np.cumsum(growth, axis=1))
        trend = np.exp(np.cumsum(np.concatenate(([0.0], common[1:]))))

        crops = params.crops
        weather = streams["world.weather"]
        sigma = np.sqrt(np.log1p(crops.yield_cv**2))
        crop_yield = weather.lognormal(-0.5 * sigma**2, sigma, (years, villages))
        livestock = params.livestock
        harsh_winter = weather.random(years) < livestock.harsh_winter_probability_per_year

        disease = streams["world.disease"]
        outbreak = disease.random((years, villages)) < livestock.outbreak_probability_per_village_year
        month = disease.integers(1, 13, (years, villages))
        outbreak_month = np.where(outbreak, month, 0)
        run = params.simulation.years
        return cls(index[:, :run], trend[:run], crop_yield[:run], harsh_winter[:run], outbreak_month[:run])

    def price_index(
        self, which: Index, year_index: int, contract: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """Per household: the year's price index of a product, for households selling a share
        ``contract`` of it at the contract (trend) price and the rest on the market."""
        market = self.index[which, year_index]
        return market + contract * (self.trend[year_index] - market)
