"""The exogenous world: recorded price years as recorded, trends after them, shocks in range,
the same draws however long the run."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import PovertyModel
from sim.world import Index


def test_recorded_years_are_as_recorded() -> None:
    model = PovertyModel(rng=3, years=10)
    world, prices = model.world, model.params.prices
    for index in Index:
        path = getattr(prices, index.name.lower())
        first = path.observed_from_year - model.params.simulation.start_year
        years = slice(first, first + len(path.observed_growth))
        recorded = np.log(world.index[index, years] / world.index[index, first - 1 : years.stop - 1])
        assert recorded == pytest.approx(np.array(path.observed_growth), abs=1e-12)
    assert world.index[:, 0] == pytest.approx(1.0)
    # Pork fell by a fifth in 2009 (Qinghai yearbook), migrant wages rose by 5.7% (FACTS).
    assert world.index[Index.PIGS, 1] == pytest.approx(0.791, abs=1e-3)
    assert world.index[Index.WAGES, 1] == pytest.approx(1.057, abs=1e-3)


def test_contract_prices_are_last_year_s_market_price_on_trend() -> None:
    world, prices = PovertyModel(rng=4).world, PovertyModel(rng=4).params.prices
    growth = np.array([getattr(prices, i.name.lower()).growth_per_year for i in Index])
    assert np.allclose(world.contract[:, 1:], world.index[:, :-1] * np.exp(growth)[:, None])


def test_shocks_are_shares_and_strike_only_in_their_years() -> None:
    world = PovertyModel(rng=5, years=50).world
    assert np.all((world.winter_loss >= 0) & (world.winter_loss <= 1))
    assert np.all(world.winter_loss[~world.harsh_winter] == 0)
    assert np.all(world.outbreak_loss[world.outbreak_month == 0] == 0)
    assert world.harsh_winter.sum() > 0 and (world.outbreak_month > 0).sum() > 0


def test_a_year_has_the_same_world_however_many_years_are_run() -> None:
    short, long = PovertyModel(rng=6, years=3).world, PovertyModel(rng=6, years=12).world
    assert np.array_equal(short.index, long.index[:, :3])
    assert np.array_equal(short.winter_loss, long.winter_loss[:3])
