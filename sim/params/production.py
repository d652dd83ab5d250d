"""Field crops, gardens, greenhouses and small businesses."""

from __future__ import annotations

from dataclasses import dataclass

from sim.param_fields import param


@dataclass(frozen=True)
class CropParams:
    """Field crops (highland barley, wheat, potatoes, rapeseed) and garden land."""

    gross_yuan_per_mu: float = param(
        536.6,
        unit="Yuan/mu/year (2008)",
        low=0.0,
        high=5000.0,
        plausible=(350.0, 600.0),
        source="calibrated: calibration/liaoning-2009 (posterior median); "
        "before: assumption: highland dry-land crops, value including own consumption",
    )
    cost_yuan_per_mu: float = param(
        170.0,
        unit="Yuan/mu/year (2008)",
        low=0.0,
        high=5000.0,
        plausible=(120.0, 250.0),
        source="assumption: seed, fertiliser, ploughing",
    )
    sowing_month: int = param(4, unit="month", low=1, high=12, role="constant", source="assumption")
    harvest_month: int = param(9, unit="month", low=1, high=12, role="constant", source="assumption")
    yield_cv: float = param(
        0.15,
        unit="coefficient of variation",
        low=0.0,
        high=2.0,
        plausible=(0.08, 0.25),
        source="assumption: village weather shock per year",
    )
    garden_gross_yuan_per_mu: float = param(
        1600.0,
        unit="Yuan/mu/year (2008), bearing",
        low=0.0,
        high=20000.0,
        plausible=(1000.0, 3000.0),
        source="assumption: fruit, seedlings and flowers; apples gave 3,000 Yuan a mu in a "
        "Shaanxi model village (2004), margins of 2,000-3,000 before labour (2018)",
    )
    garden_cost_yuan_per_mu: float = param(
        500.0,
        unit="Yuan/mu/year (2008), bearing",
        low=0.0,
        high=20000.0,
        plausible=(300.0, 900.0),
        source="assumption",
    )


@dataclass(frozen=True)
class GreenhouseParams:
    """Solar greenhouses for vegetables."""

    gross_yuan_per_mu_year: float = param(
        15760.0,
        unit="Yuan/mu/year (2008)",
        low=0.0,
        high=100000.0,
        plausible=(8000.0, 20000.0),
        source="calibrated: calibration/liaoning-2009 (posterior median); "
        "before: FACTS: greenhouses in Ningxia net 18,000-20,000 Yuan (a showcase household, at "
        "least 20,000 from one 667 m2 greenhouse: Xinhua 2010); lower here (assumption: altitude, "
        "shorter season): in Datong county, Qinghai, most new half-mu greenhouses earned about "
        "3,000 Yuan in their first year, a fifth over 5,000 (Qinghai News, 2009)",
    )
    cost_yuan_per_mu_year: float = param(
        4000.0,
        unit="Yuan/mu/year (2008)",
        low=0.0,
        high=100000.0,
        plausible=(2500.0, 6000.0),
        source="assumption: seed, fertiliser, film and straw mats, water, fuel",
    )
    first_month: int = param(
        4, unit="month", low=1, high=12, role="constant", source="assumption: the selling season"
    )
    last_month: int = param(11, unit="month", low=1, high=12, role="constant", source="assumption")


@dataclass(frozen=True)
class BusinessParams:
    """Small businesses: transport (a vehicle) and canteens."""

    transport_net_yuan_per_month: float = param(
        700.0,
        unit="Yuan/month (2008), takings less fuel and repairs, before depreciation",
        low=0.0,
        high=10000.0,
        plausible=(300.0, 1000.0),
        source="assumption: FACTS and docs/SOURCES.md give no transport income",
    )
    canteen_net_yuan_per_month: float = param(
        550.0,
        unit="Yuan/month (2008), takings less food and fuel, before depreciation",
        low=0.0,
        high=10000.0,
        plausible=(250.0, 900.0),
        source="assumption: a small family guesthouse at Qinghai Lake earned about 6,000 Yuan "
        "a season (Xinhua 2017); village canteens serve fewer visitors",
    )
    closure_probability_per_year: float = param(
        0.05, unit="1/year", low=0.0, high=1.0, plausible=(0.02, 0.12), source="assumption"
    )
