"""Thin village markets against known answers."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import PovertyModel
from sim.rules.markets import Product, VillageMarkets


def markets(margin: float = 0.25, flexibility: float = 0.8, road_cut: float = 0.5) -> VillageMarkets:
    absorbed = np.full((len(Product), 2), 100.0)
    return VillageMarkets(absorbed, margin, flexibility, road_cut, np.ones_like(absorbed))


def test_goods_beyond_the_village_market_fetch_the_town_price_less_the_margin() -> None:
    model = PovertyModel(rng=1, years=1)
    market = VillageMarkets.of(model.state, model.params, 10)
    assert np.all(market.factors == 1.0)
    market.update(model.state, model.params, np.zeros(10, dtype=bool))
    assert np.allclose(market.factors, 1.0)  # the villages as built sell at the market price
    state = model.state
    state.layers[state.village == 6] += 300  # the laying-hen village's eggs multiply
    market.update(state, model.params, np.zeros(10, dtype=bool))
    eggs = market.factors[Product.EGGS]
    assert 0.75 < eggs[6] < 0.8  # towards 1 - margin
    assert np.allclose(np.delete(eggs, 6), 1.0)
    market.update(state, model.params, np.ones(10, dtype=bool))
    assert market.factors[Product.EGGS, 6] > eggs[6]  # a road halves the margin


@pytest.mark.parametrize("supply", [50.0, 100.0, 200.0, 400.0, 1e6])
def test_the_price_never_falls_below_the_town_price_less_the_margin(supply: float) -> None:
    absorbed, margin = 100.0, 0.25
    beyond = max(supply - absorbed, 0.0)
    factor = 1.0 - margin * beyond / supply
    assert 1.0 - margin <= factor <= 1.0
    # Services share a fixed custom: twice the vehicles, about half the takings each at flexibility 1.
    assert pytest.approx(0.5) == (2.0**-1.0)
