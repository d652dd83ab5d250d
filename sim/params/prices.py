"""Price and wage paths: each index on its own sourced path, not one general trend.

An index is 1.0 in the first simulated year. For the calendar years its ``observed_growth``
covers (from ``observed_from_year``), it moves as recorded; after them (and in years before
them) its logarithm follows a trend with a mean-reverting (AR(1)) deviation:

    log index(t) = log index(T) + growth_per_year * (t - T) + d(t),
    d(t) = persistence * d(t - 1) + sd_per_year * z(t),   d(T) = 0,

where ``T`` is the last observed year (or the first year). Sources are the yearbooks' price
indices and the NBS migrant-worker reports (docs/SOURCES.md); growth rates are log changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.param_fields import group, param

GROWTH_LOW, GROWTH_HIGH = -0.3, 0.3


@dataclass(frozen=True)
class PricePath:
    """One index's path (defaults are overridden per index)."""

    growth_per_year: float = param(
        0.0, unit="log growth/year", low=GROWTH_LOW, high=GROWTH_HIGH, source="see index"
    )
    sd_per_year: float = param(0.0, unit="log sd/year", low=0.0, high=1.0, source="see index")
    persistence: float = param(
        0.5,
        unit="AR(1) coefficient of the log deviation",
        low=0.0,
        high=0.99,
        plausible=(0.2, 0.8),
        source="assumption: prices revert towards their trend within a few years (the pig "
        "cycle lasts 3-4 years: Prairie Swine Centre abstract, mean 42 months)",
    )
    observed_growth: tuple[float, ...] = param(
        (), unit="log growth by year", low=-0.7, high=0.7, source="see index"
    )
    observed_from_year: int = param(
        2009,
        unit="calendar year of the first observed growth",
        low=1990,
        high=2100,
        role="constant",
        source="the first year after the model's start year 2008",
    )


def _observed(*percent: float) -> tuple[float, ...]:
    """Year-on-year changes in percent as log growth rates, rounded."""
    return tuple(round(math.log1p(p / 100.0), 5) for p in percent)


@dataclass(frozen=True)
class CpiPath(PricePath):
    """Rural consumer prices: consumption, medical bills, production inputs other than feed."""

    growth_per_year: float = param(
        0.02,
        unit="log growth/year",
        low=-0.3,
        high=0.3,
        plausible=(0.01, 0.035),
        source="NBS: national rural CPI +1.8% (2014), +1.3% (2017); Qinghai +2.6-2.8% (2014-15, FACTS)",
    )
    sd_per_year: float = param(
        0.012,
        unit="log sd/year",
        low=0.0,
        high=0.5,
        plausible=(0.005, 0.025),
        source="NBS: rural CPI between -0.3% and +5.8% a year in 2009-2014",
    )
    observed_growth: tuple[float, ...] = param(
        _observed(-0.3, 3.6, 5.8, 3.1, 2.8, 1.8),
        unit="log growth by year",
        low=-0.7,
        high=0.7,
        source="FACTS: national rural CPI 2009-2011 (NBS yearbook 2012, table 9-1); Qinghai rural "
        "CPI 2012 (Qinghai Statistical Yearbook 2013, table 7-3); national rural CPI 2013 and "
        "2014 (NBS statistical communiques)",
    )


@dataclass(frozen=True)
class TrendPath(PricePath):
    """The background trend of incomes the model does not explain: transfers (allowances,
    subsidies), property income and the takings of local services."""

    observed_growth: tuple[float, ...] = param(
        (), unit="log growth by year", low=-0.7, high=0.7, source="none recorded: the trend throughout"
    )
    growth_per_year: float = param(
        0.1,
        unit="log growth/year",
        low=-0.3,
        high=0.3,
        plausible=(0.05, 0.14),
        source="FACTS (derived): Qinghai's rural income grew 14% in 2007-08 and its poor areas "
        "14.7% a year in 2010-15 (China News Service 2016); new pensions, allowances and "
        "grassland payments raised transfers (assumption for the rate)",
    )
    sd_per_year: float = param(
        0.03, unit="log sd/year", low=0.0, high=0.5, plausible=(0.01, 0.06), source="assumption"
    )


@dataclass(frozen=True)
class WagePath(PricePath):
    """Migrant and local wages."""

    growth_per_year: float = param(
        0.065,
        unit="log growth/year",
        low=-0.3,
        high=0.3,
        plausible=(0.04, 0.1),
        source="NBS migrant-worker reports: +7.3% (2015), +6.6% (2016), +6.4% (2017)",
    )
    sd_per_year: float = param(
        0.03,
        unit="log sd/year",
        low=0.0,
        high=0.5,
        plausible=(0.01, 0.06),
        source="NBS migrant-worker reports: growth between 5.7% and 21.2% a year in 2009-2017",
    )
    persistence: float = param(
        0.8,
        unit="AR(1) coefficient of the log deviation",
        low=0.0,
        high=0.99,
        plausible=(0.5, 0.95),
        source="assumption: wage levels, once reached, stay",
    )
    observed_growth: tuple[float, ...] = param(
        _observed(5.7, 19.3, 21.2, 11.8, 13.9, 9.8, 7.2, 6.6, 6.4),
        unit="log growth by year",
        low=-0.7,
        high=0.7,
        source="FACTS: migrant workers' monthly income 1,417 (2009, +5.7%), about 1,690 (2010), "
        "2,049 (2011, +21.2%); NBS migrant-worker reports: 2,290 (2012), 2,609 (2013), 2,864 "
        "(2014), 3,072 (2015, +7.2%), 3,275 (2016), 3,485 (2017)",
    )


@dataclass(frozen=True)
class PigPricePath(PricePath):
    """Pigs, live and weaners."""

    growth_per_year: float = param(
        0.02,
        unit="log growth/year",
        low=-0.3,
        high=0.3,
        plausible=(-0.02, 0.05),
        source="MOA market monitoring: live pigs 12.05 Yuan/kg (January 2010), 14.55 (February "
        "2011), 12.79 (May 2014), 15.07 (December 2017): little trend beyond inflation over "
        "whole pig cycles",
    )
    sd_per_year: float = param(
        0.15,
        unit="log sd/year",
        low=0.0,
        high=0.5,
        plausible=(0.08, 0.25),
        source="NBS producer prices of pigs: +30.8% (2008), -18.4% (2009); Qinghai pork: "
        "+33.7% (2011), -8.4% (2012)",
    )
    persistence: float = param(
        0.3,
        unit="AR(1) coefficient of the log deviation",
        low=0.0,
        high=0.99,
        plausible=(0.0, 0.6),
        source="assumption: the pig cycle turns within 3-4 years (Prairie Swine Centre abstract)",
    )
    observed_growth: tuple[float, ...] = param(
        _observed(-20.9, 6.2, 33.7, -8.4),
        unit="log growth by year",
        low=-0.7,
        high=0.7,
        source="Qinghai Statistical Yearbook 2013, table 7-5: pork prices 2009-2012",
    )


@dataclass(frozen=True)
class CattlePricePath(PricePath):
    """Cattle and yak for meat."""

    growth_per_year: float = param(
        0.03,
        unit="log growth/year",
        low=-0.3,
        high=0.3,
        plausible=(0.0, 0.08),
        source="MOA: beef 42.2 Yuan/kg (April 2012), 62.3 (December 2013), 63-64 (2014-16): "
        "steep until 2013, then flat",
    )
    sd_per_year: float = param(
        0.06,
        unit="log sd/year",
        low=0.0,
        high=0.5,
        plausible=(0.03, 0.12),
        source="Qinghai beef prices: -1.5% to +27.3% a year in 2009-2012",
    )
    observed_growth: tuple[float, ...] = param(
        _observed(-1.5, 1.7, 14.1, 27.3),
        unit="log growth by year",
        low=-0.7,
        high=0.7,
        source="Qinghai Statistical Yearbook 2013, table 7-5: beef prices 2009-2012",
    )


@dataclass(frozen=True)
class SheepPricePath(PricePath):
    """Sheep for meat, and wool."""

    growth_per_year: float = param(
        0.02,
        unit="log growth/year",
        low=-0.3,
        high=0.3,
        plausible=(-0.02, 0.08),
        source="MOA: mutton 49.2 Yuan/kg (April 2012), 65.2 (December 2014), 54.7 (November 2016)",
    )
    sd_per_year: float = param(
        0.08,
        unit="log sd/year",
        low=0.0,
        high=0.5,
        plausible=(0.04, 0.14),
        source="Qinghai mutton prices: -0.2% to +23.4% a year in 2009-2012; MOA: -9% in 2016",
    )
    observed_growth: tuple[float, ...] = param(
        _observed(-0.2, 9.8, 23.4, 20.9),
        unit="log growth by year",
        low=-0.7,
        high=0.7,
        source="Qinghai Statistical Yearbook 2013, table 7-5: mutton prices 2009-2012",
    )


@dataclass(frozen=True)
class MilkPricePath(PricePath):
    """Raw milk (and butter)."""

    growth_per_year: float = param(
        0.03,
        unit="log growth/year",
        low=-0.3,
        high=0.3,
        plausible=(0.0, 0.06),
        source="CLAL farm-gate milk: 2.62 Yuan/kg (January 2009), 3.54 (January 2017); MOA: "
        "3.20 (February 2011), 3.48 (April 2016)",
    )
    sd_per_year: float = param(
        0.08,
        unit="log sd/year",
        low=0.0,
        high=0.5,
        plausible=(0.04, 0.14),
        source="CLAL farm-gate milk, January on January: +24% (2014), -16% (2015)",
    )
    observed_growth: tuple[float, ...] = param(
        _observed(-8.4, 15.3),
        unit="log growth by year",
        low=-0.7,
        high=0.7,
        source="China Statistical Yearbook 2011, table 9-9: producer prices of milk 2009, 2010",
    )


@dataclass(frozen=True)
class EggPricePath(PricePath):
    """Eggs."""

    growth_per_year: float = param(
        0.02,
        unit="log growth/year",
        low=-0.3,
        high=0.3,
        plausible=(0.0, 0.05),
        source="MOA: eggs 9.84 Yuan/kg (February 2011), 9.26 (November 2016)",
    )
    sd_per_year: float = param(
        0.08,
        unit="log sd/year",
        low=0.0,
        high=0.5,
        plausible=(0.04, 0.14),
        source="MOA: eggs 11.51 Yuan/kg (December 2014) against 9.14 (April 2016)",
    )
    observed_growth: tuple[float, ...] = param(
        _observed(4.1, 7.0, 10.3, -0.8),
        unit="log growth by year",
        low=-0.7,
        high=0.7,
        source="Qinghai Statistical Yearbook 2013, table 7-5: egg prices 2009-2012",
    )


@dataclass(frozen=True)
class CropPricePath(PricePath):
    """Field crops, and the grain and bran bought as feed."""

    growth_per_year: float = param(
        0.05,
        unit="log growth/year",
        low=-0.3,
        high=0.3,
        plausible=(0.0, 0.1),
        source="MOA market monitoring: corn 2.14 Yuan/kg (February 2011), 2.46 (May 2012); "
        "fattening-pig feed 2.84 (February 2011), 3.27 (October 2012); no yearly grain series "
        "found for 2008-2010 (docs/SOURCES.md)",
    )
    sd_per_year: float = param(
        0.06, unit="log sd/year", low=0.0, high=0.5, plausible=(0.03, 0.12), source="assumption"
    )
    observed_growth: tuple[float, ...] = param(
        _observed(7.6),
        unit="log growth by year",
        low=-0.7,
        high=0.7,
        source="MOA market monitoring: fattening-pig feed +7.6% year on year (May and October 2012)",
    )
    observed_from_year: int = param(
        2012,
        unit="calendar year of the first observed growth",
        low=1990,
        high=2100,
        role="constant",
        source="the only year with a sourced yearly change",
    )


@dataclass(frozen=True)
class VegetablePricePath(PricePath):
    """Vegetables from greenhouses."""

    growth_per_year: float = param(
        0.05,
        unit="log growth/year",
        low=-0.3,
        high=0.3,
        plausible=(0.02, 0.1),
        source="NBS: fresh vegetables +14.8% (December 2012), +11.8% (2015), +2.6% (2016), "
        "-8.6% (2017), year on year",
    )
    sd_per_year: float = param(
        0.08,
        unit="log sd/year",
        low=0.0,
        high=0.5,
        plausible=(0.04, 0.14),
        source="Qinghai fresh vegetables: -1.5% to +18.3% a year in 2008-2012",
    )
    observed_growth: tuple[float, ...] = param(
        _observed(18.2, 10.9, -1.5, 15.1),
        unit="log growth by year",
        low=-0.7,
        high=0.7,
        source="Qinghai Statistical Yearbook 2013, table 7-5: fresh vegetable prices 2009-2012",
    )


@dataclass(frozen=True)
class PriceParams:
    """Every index's path."""

    cpi: CpiPath = group(CpiPath)
    trend: TrendPath = group(TrendPath)
    wages: WagePath = group(WagePath)
    pigs: PigPricePath = group(PigPricePath)
    cattle: CattlePricePath = group(CattlePricePath)
    sheep: SheepPricePath = group(SheepPricePath)
    milk: MilkPricePath = group(MilkPricePath)
    eggs: EggPricePath = group(EggPricePath)
    crops: CropPricePath = group(CropPricePath)
    vegetables: VegetablePricePath = group(VegetablePricePath)
