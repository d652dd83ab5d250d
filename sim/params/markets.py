"""Thin village markets: what a village's own market takes, and what the rest fetches.

For goods (vegetables, pigs, eggs, milk), the village and its neighbours take what the village
supplied before the programme, or at least ``absorbed_yuan_per_household`` a household a year
of each, at the market price; beyond that the produce must go to town, and fetches the market
price less the cost of getting it there (``export_margin``): the average local price falls
towards that floor as the village supplies more. For services (transport, canteens) there is
no town to sell to: the village's custom is about fixed, so takings per vehicle or canteen fall
with their number (``service_flexibility``). A hardened road cuts both the margin and the fall.
Contracted sales to an association's base and grazing animals sold to travelling traders are
outside the village market.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.param_fields import param


@dataclass(frozen=True)
class MarketParams:
    """How far a village market absorbs more supply."""

    export_margin: float = param(
        0.25,
        unit="share of the market price lost on produce sold beyond the village",
        low=0.0,
        high=0.9,
        plausible=(0.1, 0.4),
        source="assumption: transport and traders' margins from a remote village to a town "
        "market (FACTS: not found, a local price falling when many households expand at once)",
    )
    service_flexibility: float = param(
        0.8,
        unit="fall of takings per vehicle or canteen with their number beyond what the village supported",
        low=0.0,
        high=2.0,
        plausible=(0.5, 1.0),
        source="assumption: a village's custom for transport and meals is about fixed, so more "
        "vehicles or canteens share it (1 = shared evenly)",
    )
    absorbed_yuan_per_household: float = param(
        300.0,
        unit="Yuan/household/year of each product (2008)",
        low=10.0,
        high=50000.0,
        plausible=(100.0, 1000.0),
        source="assumption: what a village buys of a product from its own households, beside "
        "what it already produced",
    )
    road_flexibility_cut: float = param(
        0.5,
        unit="share of the margin and of the fall",
        low=0.0,
        high=1.0,
        plausible=(0.2, 0.8),
        source="assumption: traders and custom reach villages on hardened roads",
    )
