"""Productive fixed assets: what each costs to build or buy, how long it lasts, when it earns.

Net income in the rural household survey subtracts the depreciation of productive fixed
assets (FACTS: the survey's net-income formula). Assets depreciate straight-line over their
lives, whoever paid for them; bought or granted breeding stock depreciates over its species'
productive life (``livestock.*.productive_life_years``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.param_fields import param


@dataclass(frozen=True)
class AssetParams:
    """Costs, lives and lead times of greenhouses, orchards, vehicles, canteens and housing."""

    greenhouse_yuan_per_mu: float = param(
        10000.0,
        unit="Yuan/mu (2008)",
        low=1.0,
        high=100000.0,
        plausible=(8000.0, 15000.0),
        source="FACTS: a 1-mu greenhouse costs about 10,000 Yuan to build (China.org.cn 2008)",
    )
    greenhouse_life_years: float = param(
        10.0,
        unit="years",
        low=1.0,
        high=50.0,
        plausible=(6.0, 20.0),
        source="assumption: solar greenhouses are designed for 10 years (design code; brick walls "
        "last 30 or more), simple bamboo or cement frames 2-10 years; film and mats are running "
        "costs (docs/SOURCES.md)",
    )
    greenhouse_build_months: int = param(
        3,
        unit="months",
        low=0,
        high=24,
        plausible=(2, 6),
        source="assumption: walls, frame and film; a greenhouse earns from the first season after",
    )
    orchard_yuan_per_mu: float = param(
        2000.0,
        unit="Yuan/mu (2008)",
        low=1.0,
        high=50000.0,
        plausible=(1200.0, 3000.0),
        source="assumption: seedlings, planting and fencing (black goji in Qaidam: about 1,500 "
        "Yuan/mu of input, a farming-advice source)",
    )
    orchard_years_to_bear: int = param(
        3,
        unit="years",
        low=0,
        high=15,
        plausible=(2, 5),
        source="assumption: apples bear 2-3 years after planting, goji 3-4, sea-buckthorn 3-5 "
        "(farming-advice sources, docs/SOURCES.md)",
    )
    orchard_life_years: float = param(
        20.0,
        unit="years",
        low=1.0,
        high=80.0,
        plausible=(15.0, 30.0),
        source="assumption: full bearing for 15-30 years (apple, sea-buckthorn; farming-advice sources)",
    )
    vehicle_yuan: float = param(
        10000.0,
        unit="Yuan/vehicle (2008)",
        low=1.0,
        high=200000.0,
        plausible=(5000.0, 30000.0),
        source="assumption: a motor tricycle or small farm vehicle; farm vehicles sold at "
        "20,000-30,000 Yuan in 2008 (China Auto Review), motorcycles below 5,000",
    )
    vehicle_life_years: float = param(
        8.0,
        unit="years",
        low=1.0,
        high=40.0,
        plausible=(5.0, 12.0),
        source="assumption: farm machinery is written off over 5-8 years in agricultural "
        "enterprises' accounts (reference table, docs/SOURCES.md)",
    )
    canteen_yuan: float = param(
        6000.0,
        unit="Yuan/canteen (2008)",
        low=1.0,
        high=100000.0,
        plausible=(3000.0, 12000.0),
        source="assumption: stoves, tables, a cold store and a room fitted out",
    )
    canteen_life_years: float = param(
        6.0, unit="years", low=1.0, high=40.0, plausible=(4.0, 10.0), source="assumption"
    )
    layer_house_yuan_per_bird: float = param(
        40.0,
        unit="Yuan/layer (2008)",
        low=1.0,
        high=500.0,
        plausible=(25.0, 60.0),
        source="assumption: a pullet of an improved breed and its share of a henhouse and cages",
    )
    layer_house_life_years: float = param(
        6.0, unit="years", low=1.0, high=40.0, plausible=(4.0, 10.0), source="assumption"
    )
    pig_pen_yuan_per_sow: float = param(
        300.0,
        unit="Yuan/sow place (2008)",
        low=1.0,
        high=10000.0,
        plausible=(150.0, 600.0),
        source="assumption: a brick pen for a sow and her litter",
    )
    pig_pen_life_years: float = param(
        10.0, unit="years", low=1.0, high=50.0, plausible=(6.0, 20.0), source="assumption"
    )
