"""Field crops, greenhouses, small businesses and the exogenous economy."""

from __future__ import annotations

from dataclasses import dataclass

from sim.param_fields import param


@dataclass(frozen=True)
class CropParams:
    """Field crops (highland barley, wheat, potatoes, rapeseed) and garden land."""

    gross_yuan_per_mu: float = param(
        470.0,
        unit="Yuan/mu/year (2008)",
        low=0.0,
        high=1e5,
        source="assumption: highland dry-land crops, value including own consumption",
    )
    cost_yuan_per_mu: float = param(
        170.0, unit="Yuan/mu/year (2008)", low=0.0, high=1e5, source="assumption: seed, fertiliser, ploughing"
    )
    sowing_month: int = param(4, unit="month", low=1, high=12, source="assumption")
    harvest_month: int = param(9, unit="month", low=1, high=12, source="assumption")
    yield_cv: float = param(
        0.15,
        unit="coefficient of variation",
        low=0.0,
        high=2.0,
        source="assumption: village weather shock per year",
    )
    garden_gross_yuan_per_mu: float = param(
        1600.0,
        unit="Yuan/mu/year (2008)",
        low=0.0,
        high=1e5,
        source="assumption: fruit, seedlings and flowers",
    )
    garden_cost_yuan_per_mu: float = param(
        500.0, unit="Yuan/mu/year (2008)", low=0.0, high=1e5, source="assumption"
    )


@dataclass(frozen=True)
class GreenhouseParams:
    """Solar greenhouses for vegetables."""

    gross_yuan_per_mu_year: float = param(
        12000.0,
        unit="Yuan/mu/year (2008)",
        low=0.0,
        high=1e6,
        source="FACTS: 1 mu nets 18,000-20,000 Yuan in Ningxia; lower here "
        "(assumption: altitude, shorter season, little experience)",
    )
    cost_yuan_per_mu_year: float = param(
        4000.0, unit="Yuan/mu/year (2008)", low=0.0, high=1e6, source="assumption"
    )
    first_month: int = param(4, unit="month", low=1, high=12, source="assumption: the selling season")
    last_month: int = param(11, unit="month", low=1, high=12, source="assumption")


@dataclass(frozen=True)
class BusinessParams:
    """Small businesses: transport (a vehicle) and canteens."""

    transport_net_yuan_per_month: float = param(
        700.0, unit="Yuan/month (2008)", low=0.0, high=1e5, source="assumption"
    )
    canteen_net_yuan_per_month: float = param(
        550.0, unit="Yuan/month (2008)", low=0.0, high=1e5, source="assumption"
    )
    closure_probability_per_year: float = param(0.05, unit="1/year", low=0.0, high=1.0, source="assumption")


@dataclass(frozen=True)
class EconomyParams:
    """The exogenous world: background trend, price and wage noise."""

    trend_growth_per_year: float = param(
        0.1,
        unit="1/year",
        low=-0.5,
        high=1.0,
        source="FACTS (derived): the province grew 14% 2007-2008, to be used as a trend of "
        "the same order; 10% for the poorest villages is an assumption",
    )
    trend_sd_per_year: float = param(0.03, unit="1/year", low=0.0, high=1.0, source="assumption")
    price_sd_per_year: float = param(
        0.08, unit="1/year", low=0.0, high=1.0, source="assumption: product prices move around the trend"
    )
    wage_sd_per_year: float = param(
        0.02,
        unit="1/year",
        low=0.0,
        high=1.0,
        source="assumption: migrant wages move with the trend, little around it",
    )
