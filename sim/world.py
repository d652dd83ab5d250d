"""The exogenous world: prices, wages, harvests and shocks, drawn for the whole run.

Everything here is drawn once, at the start, from its own streams, so it is the same in
every scenario run on the same seed: a programme changes what households do, not the weather.

Each price or wage index follows its own path (:mod:`sim.params.prices`): recorded growth for
the years it covers, a trend with a mean-reverting deviation after them. Harsh winters strike
the whole region in a year and kill a share of each village's grazing herds drawn around the
mean loss; animal-disease outbreaks strike single villages.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

from sim.params import Parameters
from sim.params.prices import PricePath
from sim.streams import Streams

HORIZON_YEARS = 50  # the most years a run may have (simulation.years)
FloatArray = NDArray[np.float64]


class Index(IntEnum):
    """Price and wage indices (first axis of ``World.index``), 1.0 in the first year; each is
    named as its path in ``prices``."""

    CPI = 0  # consumption, medical bills, inputs other than feed, assets
    TREND = 1  # transfers, property income, local services' takings
    WAGES = 2
    PIGS = 3
    CATTLE = 4
    SHEEP = 5
    MILK = 6
    EGGS = 7
    CROPS = 8  # field crops, and feed grain
    VEGETABLES = 9


def index_path(path: PricePath, start_year: int, shocks: FloatArray) -> FloatArray:
    """One index by year (1.0 in the first year), given its standard-normal shocks."""
    log_level = np.zeros(shocks.size)
    base = 0.0  # log level where the current trend stretch began
    since = 0  # years since then
    deviation = 0.0
    first_observed = path.observed_from_year - start_year
    for t in range(1, shocks.size):
        k = t - first_observed
        if 0 <= k < len(path.observed_growth):
            log_level[t] = log_level[t - 1] + path.observed_growth[k]
            base, since, deviation = log_level[t], 0, 0.0
            continue
        since += 1
        deviation = path.persistence * deviation + path.sd_per_year * shocks[t]
        log_level[t] = base + path.growth_per_year * since + deviation
    return np.exp(log_level)


def beta_shares(
    rng: np.random.Generator, mean: float, concentration: float, shape: tuple[int, ...]
) -> FloatArray:
    """Loss shares with the given mean, Beta-distributed (none when the mean is 0)."""
    if mean <= 0.0:
        return np.zeros(shape)
    return rng.beta(mean * concentration, (1.0 - mean) * concentration, shape)


@dataclass(frozen=True)
class World:
    """Indices by year, and the shocks of every year and village."""

    index: FloatArray  # (Index, year) market prices and wages
    contract: FloatArray  # (Index, year) the contract price: last year's market price on trend
    crop_yield: FloatArray  # (year, village) multiplier on harvests
    harsh_winter: NDArray[np.bool_]  # (year,)
    winter_loss: FloatArray  # (year, village) share of grazing herds a harsh winter kills
    outbreak_month: NDArray[np.int64]  # (year, village): month 1-12 of an outbreak, 0 for none
    outbreak_loss: FloatArray  # (year, village) share of the herds an outbreak kills

    @classmethod
    def draw(cls, params: Parameters, villages: int, streams: Streams) -> World:
        """Draw the world of one run.

        Every draw is made for the longest run allowed and cut to this run's years, so a year
        has the same prices, weather and outbreaks however many years are run.
        """
        years = HORIZON_YEARS
        start = params.simulation.start_year
        paths = [getattr(params.prices, i.name.lower()) for i in Index]
        shocks = streams["world.prices"].standard_normal((len(Index), years))
        index = np.array([index_path(path, start, shocks[i]) for i, path in enumerate(paths)])
        growth = np.array([path.growth_per_year for path in paths])
        contract = index.copy()
        contract[:, 1:] = index[:, :-1] * np.exp(growth)[:, np.newaxis]

        crops = params.crops
        weather = streams["world.weather"]
        sigma = np.sqrt(np.log1p(crops.yield_cv**2))
        crop_yield = weather.lognormal(-0.5 * sigma**2, sigma, (years, villages))
        livestock = params.livestock
        harsh_winter = weather.random(years) < livestock.harsh_winter_probability_per_year
        concentration = livestock.loss_concentration
        winter_loss = beta_shares(
            weather, livestock.harsh_winter_loss_share, concentration, (years, villages)
        )
        winter_loss = np.where(harsh_winter[:, np.newaxis], winter_loss, 0.0)

        disease = streams["world.disease"]
        outbreak = disease.random((years, villages)) < livestock.outbreak_probability_per_village_year
        month = disease.integers(1, 13, (years, villages))
        outbreak_month = np.where(outbreak, month, 0)
        outbreak_loss = beta_shares(disease, livestock.outbreak_loss_share, concentration, (years, villages))
        outbreak_loss = np.where(outbreak, outbreak_loss, 0.0)
        run = params.simulation.years
        return cls(
            index[:, :run],
            contract[:, :run],
            crop_yield[:run],
            harsh_winter[:run],
            winter_loss[:run],
            outbreak_month[:run],
            outbreak_loss[:run],
        )
