"""Thin village markets: a local price falls as the village's supply rises.

For vegetables, pigs, eggs, milk and local services (transport, canteens), the village market
absorbs what it absorbed before the programme, or at least ``absorbed_yuan_per_household``
of each; beyond that the local price falls with the village's supply to the power
``-local_price_flexibility`` (a hardened road brings traders and cuts the fall).
Contracted sales to an association's base are outside the village market. Grazing animals
are sold to travelling traders and are not affected.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.param_fields import param


@dataclass(frozen=True)
class MarketParams:
    """How far a village market absorbs more supply."""

    local_price_flexibility: float = param(
        0.3,
        unit="price elasticity to supply beyond what the market absorbs",
        low=0.0,
        high=2.0,
        plausible=(0.0, 0.6),
        source="assumption (FACTS: not found, a local price falling when many households expand at once)",
    )
    absorbed_yuan_per_household: float = param(
        300.0,
        unit="Yuan/household/year of each product (2008)",
        low=10.0,
        high=1e6,
        plausible=(100.0, 1000.0),
        source="assumption: what a village buys of a product from its own households, beside "
        "what it already produced",
    )
    road_flexibility_cut: float = param(
        0.5,
        unit="share of the fall",
        low=0.0,
        high=1.0,
        plausible=(0.2, 0.8),
        source="assumption: traders reach villages on hardened roads",
    )
