"""Typed, frozen parameter groups with units and a source for every default.

Each field is declared with :func:`param`, which records its unit, its allowed range, its
role (``lever``: what a planner chooses; ``uncertainty``: what nobody controls; ``constant``)
and its source: a ``FACTS.md`` entry, ``assumption`` (no source found; the reasoning follows),
or ``calibrated``. Scenario files override these values by the same dotted names
(``livestock.cattle.birth_rate_per_event``); see :mod:`sim.scenario`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from sim.param_fields import group, param
from sim.programme.params import ProgrammeParams


@dataclass(frozen=True)
class SimulationParams:
    """Calendar and reporting."""

    start_year: int = param(
        2008,
        unit="year",
        low=2000,
        high=2030,
        role="constant",
        source="assumption: one pre-programme year before the 2009 programme (FACTS: report)",
    )
    years: int = param(
        10,
        unit="years",
        low=1,
        high=50,
        role="constant",
        source="assumption: long enough to see durability after aid ends",
    )
    poverty_line_yuan: float = param(
        1196.0,
        unit="Yuan/person/year",
        low=1.0,
        high=100000.0,
        role="constant",
        source="FACTS: poverty lines, 2009 national rural line 1,196",
    )


@dataclass(frozen=True)
class DemographyParams:
    """Births, deaths and ageing between the four age bands of a household."""

    births_per_person_year: float = param(
        0.014,
        unit="1/person/year",
        low=0.0,
        high=0.1,
        source="assumption: a rural crude birth rate of about 14 per 1,000 (not in FACTS)",
    )
    elderly_death_rate_per_year: float = param(
        0.045,
        unit="1/year",
        low=0.0,
        high=0.5,
        source="assumption: chosen with the birth rate to keep population nearly stable",
    )
    other_death_rate_per_year: float = param(
        0.002,
        unit="1/year, of prime-age members (children and the young are not at risk in the model)",
        low=0.0,
        high=0.1,
        source="assumption",
    )
    children_share: float = param(
        0.27,
        unit="share of people",
        low=0.0,
        high=0.8,
        source="assumption: a young rural population (aged 0-15)",
    )
    young_share: float = param(
        0.24,
        unit="share of people",
        low=0.0,
        high=0.8,
        source="assumption: aged 16-29, the training school's intake band",
    )
    elderly_share: float = param(
        0.11, unit="share of people", low=0.0, high=0.8, source="assumption: aged 60 and over"
    )


@dataclass(frozen=True)
class SpeciesParams:
    """Herd biology and economics of one species (defaults are overridden per species)."""

    price_yuan_per_head: float = param(0.0, unit="Yuan/head (2008)", low=0.0, high=1e5, source="see species")
    birth_months: tuple[int, ...] = param((5,), unit="months 1-12", low=1, high=12, source="see species")
    birth_rate_per_event: float = param(
        0.0, unit="births/female/birth month", low=0.0, high=1.0, source="see species"
    )
    litter_size: float = param(
        1.0, unit="young/birth", low=1.0, high=20.0, source="assumption: one calf or lamb per birth"
    )
    young_mortality_per_year: float = param(0.0, unit="1/year", low=0.0, high=1.0, source="see species")
    adult_mortality_per_year: float = param(0.0, unit="1/year", low=0.0, high=1.0, source="see species")
    months_as_young: int = param(12, unit="months", low=1, high=12, source="see species")
    replacement_share: float = param(
        0.15, unit="share of females/year", low=0.0, high=1.0, source="see species"
    )
    sale_months: tuple[int, ...] = param((10,), unit="months 1-12", low=1, high=12, source="see species")
    offtake_share_per_sale: float = param(0.3, unit="share of stock", low=0.0, high=1.0, source="see species")
    home_slaughter_per_year: float = param(
        0.0, unit="head/household/year", low=0.0, high=10.0, source="see species"
    )
    product_yuan_per_female_year: float = param(
        0.0, unit="Yuan/female/year (2008)", low=0.0, high=1e5, source="see species"
    )
    cost_yuan_per_head_year: float = param(
        0.0, unit="Yuan/head/year (2008)", low=0.0, high=1e5, source="see species"
    )
    winter_exposed: bool = param(
        True, unit="flag", source="assumption: cattle and sheep graze outdoors through the plateau winter"
    )
    bought_in_spring: bool = param(
        False, unit="flag", source="assumption: grazing herds are bred at home, not bought in"
    )
    max_breeding_females: int = param(10, unit="head/household", low=0, high=10000, source="see species")


@dataclass(frozen=True)
class CattleParams(SpeciesParams):
    """Cattle and yak, pooled: the report's "cows" in the cattle villages."""

    price_yuan_per_head: float = param(
        2800.0,
        unit="Yuan/head (2008)",
        low=0.0,
        high=1e5,
        source="assumption: per-head price not found (FACTS); beef 33 Yuan/kg wholesale 2008 "
        "(FACTS) at about 85 kg saleable meat",
    )
    birth_months: tuple[int, ...] = param(
        (4,),
        unit="months 1-12",
        low=1,
        high=12,
        source="assumption: calving in spring (April stands for the season)",
    )
    birth_rate_per_event: float = param(
        0.5,
        unit="births/female/birth month",
        low=0.0,
        high=1.0,
        source="FACTS: yak 40-60% pregnancy rate per season, one calf every two years",
    )
    young_mortality_per_year: float = param(
        0.15,
        unit="1/year",
        low=0.0,
        high=1.0,
        source="assumption: calf losses well above the adult 5.6% (FACTS: reproductive survival about 48%)",
    )
    adult_mortality_per_year: float = param(
        0.056, unit="1/year", low=0.0, high=1.0, source="FACTS: local yak death rate about 5.6% a year"
    )
    months_as_young: int = param(
        12,
        unit="months",
        low=1,
        high=12,
        source="FACTS: calves sold at 12 months do better (Asia Beef Network)",
    )
    replacement_share: float = param(
        0.1,
        unit="share of females/year",
        low=0.0,
        high=1.0,
        source="assumption: first calf at 3-4 years and one every two years (FACTS) make "
        "for long productive lives; recruits must cover culls and deaths",
    )
    sale_months: tuple[int, ...] = param(
        (10,), unit="months 1-12", low=1, high=12, source="assumption: autumn sales before winter"
    )
    offtake_share_per_sale: float = param(0.35, unit="share of stock", low=0.0, high=1.0, source="assumption")
    home_slaughter_per_year: float = param(
        0.1, unit="head/household/year", low=0.0, high=10.0, source="assumption"
    )
    product_yuan_per_female_year: float = param(
        450.0,
        unit="Yuan/female/year (2008)",
        low=0.0,
        high=1e5,
        source="assumption: milk and butter from a lactating cow or yak",
    )
    cost_yuan_per_head_year: float = param(
        260.0,
        unit="Yuan/head/year (2008)",
        low=0.0,
        high=1e5,
        source="assumption: winter feed and vet costs; small cow-calf units barely "
        "pay once feed is costed (FACTS: Asia Beef Network)",
    )

    max_breeding_females: int = param(
        8,
        unit="head/household",
        low=0,
        high=10000,
        source="assumption: the cows a family's labour, shed and winter fodder can keep",
    )


@dataclass(frozen=True)
class SheepParams(SpeciesParams):
    """Sheep (and goats) of the plateau."""

    price_yuan_per_head: float = param(
        380.0,
        unit="Yuan/head (2008)",
        low=0.0,
        high=1e5,
        source="assumption: per-head price not found (FACTS); mutton 40.47 Yuan/kg in 2011 "
        "(FACTS), lower in 2008, at about 12 kg of meat",
    )
    birth_months: tuple[int, ...] = param(
        (4,),
        unit="months 1-12",
        low=1,
        high=12,
        source="assumption: spring lambing (April stands for the season)",
    )
    birth_rate_per_event: float = param(
        0.8, unit="births/female/birth month", low=0.0, high=1.0, source="assumption"
    )
    young_mortality_per_year: float = param(
        0.25,
        unit="1/year",
        low=0.0,
        high=1.0,
        source="FACTS: heavy losses to wolves and winters (IFMA); the rate is an assumption",
    )
    adult_mortality_per_year: float = param(0.08, unit="1/year", low=0.0, high=1.0, source="assumption")
    months_as_young: int = param(12, unit="months", low=1, high=12, source="assumption")
    replacement_share: float = param(
        0.15,
        unit="share of females/year",
        low=0.0,
        high=1.0,
        source="assumption: recruits must cover culls and deaths",
    )
    sale_months: tuple[int, ...] = param(
        (10,), unit="months 1-12", low=1, high=12, source="assumption: autumn sales before winter"
    )
    offtake_share_per_sale: float = param(0.35, unit="share of stock", low=0.0, high=1.0, source="assumption")
    home_slaughter_per_year: float = param(
        0.5, unit="head/household/year", low=0.0, high=10.0, source="assumption"
    )
    product_yuan_per_female_year: float = param(
        35.0, unit="Yuan/female/year (2008)", low=0.0, high=1e5, source="assumption: wool"
    )
    cost_yuan_per_head_year: float = param(
        30.0, unit="Yuan/head/year (2008)", low=0.0, high=1e5, source="assumption"
    )

    max_breeding_females: int = param(
        60,
        unit="head/household",
        low=0,
        high=10000,
        source="assumption: the ewes a family's labour and grazing can keep",
    )


@dataclass(frozen=True)
class PigParams(SpeciesParams):
    """Sows, piglets and fatteners."""

    price_yuan_per_head: float = param(
        1100.0,
        unit="Yuan/head (2008)",
        low=0.0,
        high=1e5,
        source="FACTS: live pig 14.55 Yuan/kg (2011); at about 75 kg for local breeds (assumption)",
    )
    birth_months: tuple[int, ...] = param(
        (4, 10), unit="months 1-12", low=1, high=12, source="assumption: two litters a year"
    )
    birth_rate_per_event: float = param(
        0.8, unit="births/female/birth month", low=0.0, high=1.0, source="assumption"
    )
    litter_size: float = param(
        5.6,
        unit="young/birth",
        low=1.0,
        high=20.0,
        source="FACTS: smallholders' local breeds 5.6-5.7 piglets a litter (Tropentag 2010)",
    )
    young_mortality_per_year: float = param(
        0.6, unit="1/year", low=0.0, high=1.0, source="assumption: high pre-weaning losses"
    )
    adult_mortality_per_year: float = param(0.05, unit="1/year", low=0.0, high=1.0, source="assumption")
    months_as_young: int = param(
        6,
        unit="months",
        low=1,
        high=12,
        source="assumption: piglets are fattened for six months, then sold or kept as sows",
    )
    replacement_share: float = param(
        0.3, unit="share of females/year", low=0.0, high=1.0, source="assumption"
    )
    sale_months: tuple[int, ...] = param(
        (4, 10),
        unit="months 1-12",
        low=1,
        high=12,
        source="assumption: fatteners sold at six months, as the next litters come",
    )
    offtake_share_per_sale: float = param(
        0.85,
        unit="share of stock",
        low=0.0,
        high=1.0,
        source="assumption: fatteners are raised to be sold; few are kept over winter",
    )
    home_slaughter_per_year: float = param(
        1.0, unit="head/household/year", low=0.0, high=10.0, source="assumption: the New Year pig"
    )
    product_yuan_per_female_year: float = param(
        0.0, unit="Yuan/female/year (2008)", low=0.0, high=1e5, source="assumption: no product but the young"
    )
    cost_yuan_per_head_year: float = param(
        650.0,
        unit="Yuan/head/year (2008)",
        low=0.0,
        high=1e5,
        source="assumption: 250-300 kg of feed per fattener at about 2 Yuan/kg over "
        "its six months, less for piglets, more for sows",
    )
    winter_exposed: bool = param(False, unit="flag", source="assumption: pigs are housed")
    bought_in_spring: bool = param(
        True,
        unit="flag",
        source="assumption: households buy weaners each spring up to the fatteners they keep",
    )

    max_breeding_females: int = param(
        4,
        unit="head/household",
        low=0,
        high=10000,
        source="assumption: the sows a family's pens, feed and labour can keep",
    )


@dataclass(frozen=True)
class PoultryParams:
    """Chickens, kept as a flock rather than bird by bird.

    A smallholder flock is rebuilt each spring from bought or hatched chicks, so its size is
    steady; what varies is its income and the losses to outbreaks (assumption: modelling
    single birds would cost more than it tells).
    """

    egg_and_meat_yuan_per_bird_year: float = param(
        75.0,
        unit="Yuan/bird/year (2008)",
        low=0.0,
        high=1e4,
        source="assumption: eggs, and birds eaten or sold",
    )
    cost_yuan_per_bird_year: float = param(
        25.0, unit="Yuan/bird/year (2008)", low=0.0, high=1e4, source="assumption: feed and vaccines"
    )
    chick_yuan: float = param(8.0, unit="Yuan/chick (2008)", low=0.0, high=1e3, source="assumption")
    restock_month: int = param(4, unit="month", low=1, high=12, source="assumption")
    outbreak_loss_share: float = param(
        0.5,
        unit="share of the flock",
        low=0.0,
        high=1.0,
        source="assumption: an outbreak kills about half of a village's birds",
    )


@dataclass(frozen=True)
class LivestockParams:
    """All species, and what shocks do to herds."""

    cattle: CattleParams = group(CattleParams)
    sheep: SheepParams = group(SheepParams)
    pigs: PigParams = group(PigParams)
    poultry: PoultryParams = group(PoultryParams)
    restock_month: int = param(
        4, unit="month", low=1, high=12, source="assumption: fatteners bought in spring"
    )
    outbreak_probability_per_village_year: float = param(
        0.08, unit="1/village/year", low=0.0, high=1.0, source="assumption: animal disease outbreaks"
    )
    outbreak_mortality_multiplier: float = param(
        6.0, unit="x monthly mortality", low=1.0, high=100.0, source="assumption"
    )
    harsh_winter_probability_per_year: float = param(
        0.15,
        unit="1/year",
        low=0.0,
        high=1.0,
        source="FACTS: heavy losses to winters on the plateau (IFMA); frequency an assumption",
    )
    harsh_winter_mortality_multiplier: float = param(
        3.0, unit="x Jan-Apr mortality", low=1.0, high=100.0, source="assumption"
    )


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
class LabourParams:
    """Migrant work, local wage work and return migration."""

    migrant_wage_yuan_per_month: float = param(
        1070.0,
        unit="Yuan/month (2008)",
        low=0.0,
        high=1e5,
        source="FACTS: 1,417 nationally in 2009 (+5.7%) gives 1,340 in 2008; x0.8 for "
        "western unskilled workers (assumption; FACTS: western region 835 of 966 in 2006)",
    )
    migrant_months_per_year: int = param(
        10, unit="months", low=1, high=12, source="FACTS: about 10 months a year (NBS 2016)"
    )
    departure_month: int = param(
        3, unit="month", low=1, high=12, source="assumption: migrants leave after Spring Festival"
    )
    home_share: float = param(
        0.42,
        unit="share of earnings",
        low=0.0,
        high=1.0,
        source="assumption: what is sent or brought home after living costs in town",
    )
    initial_migrant_share: float = param(
        0.2,
        unit="share of working-age members other than the head",
        low=0.0,
        high=1.0,
        source="assumption: FACTS gives 396.8 Yuan/person of migrant income in 9 "
        "months of 2007 in the key counties' monitoring survey",
    )
    new_migrant_share_per_year: float = param(
        0.045,
        unit="share of working-age members at home, less one who farms",
        low=0.0,
        high=1.0,
        source="assumption: with the return rate keeps the migrant share near its start",
    )
    return_share_per_year: float = param(
        0.15, unit="share of migrants", low=0.0, high=1.0, source="assumption"
    )
    certified_wage_premium: float = param(
        0.3,
        unit="share of wage",
        low=0.0,
        high=5.0,
        source="assumption: a junior vocational certificate's premium over unskilled work",
    )
    local_wage_yuan_per_day: float = param(
        45.0, unit="Yuan/day (2008)", low=0.0, high=1e4, source="assumption"
    )
    local_days_per_worker_year: float = param(
        14.0, unit="days/worker at home/year", low=0.0, high=365.0, source="assumption"
    )


@dataclass(frozen=True)
class TransferParams:
    """Public transfers and property income."""

    grain_subsidy_yuan_per_mu: float = param(
        45.0,
        unit="Yuan/mu/year (2008)",
        low=0.0,
        high=1e4,
        source="assumption: direct grain and input subsidies",
    )
    subsistence_allowance_yuan_per_person_month: float = param(
        60.0,
        unit="Yuan/person/month (2008)",
        low=0.0,
        high=1e4,
        source="assumption: rural dibao level in a poor county",
    )
    subsistence_allowance_share: float = param(
        0.15, unit="share of households (poorest)", low=0.0, high=1.0, source="assumption"
    )
    elderly_allowance_yuan_per_month: float = param(
        30.0, unit="Yuan/elderly/month (2008)", low=0.0, high=1e4, source="assumption"
    )
    ecological_compensation_yuan_per_household_year: float = param(
        250.0,
        unit="Yuan/household/year (2008)",
        low=0.0,
        high=1e5,
        source="assumption: grassland and forest protection payments",
    )
    property_yuan_per_household_year: float = param(
        560.0,
        unit="Yuan/household/year (2008)",
        low=0.0,
        high=1e5,
        source="assumption: land rent and collective dividends, set near the "
        "province's 5% property share (FACTS: composition 2008)",
    )


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


@dataclass(frozen=True)
class HouseholdParams:
    """Consumption, illness and the spread of endowments."""

    subsistence_yuan_per_person_year: float = param(
        1300.0, unit="Yuan/person/year (2008)", low=0.0, high=1e5, source="assumption"
    )
    consumption_share_above_subsistence: float = param(
        0.8, unit="share", low=0.0, high=1.0, source="assumption"
    )
    illness_probability_per_month: float = param(
        0.008, unit="1/household/month", low=0.0, high=1.0, source="assumption"
    )
    illness_cost_yuan: float = param(
        1800.0, unit="Yuan/episode (2008)", low=0.0, high=1e6, source="assumption"
    )
    illness_months_lost: int = param(3, unit="months of one worker", low=0, high=12, source="assumption")
    endowment_sigma: float = param(
        0.5,
        unit="log sd",
        low=0.0,
        high=3.0,
        source="assumption: spread of land and herds between households",
    )


@dataclass(frozen=True)
class OrganisationParams:
    """Cooperatives and associations as they exist before any programme."""

    cooperative_initial_share: float = param(
        0.06,
        unit="share of households",
        low=0.0,
        high=1.0,
        source="assumption: few members before the programme",
    )
    cooperative_price_premium: float = param(
        0.08, unit="share of price", low=0.0, high=1.0, source="assumption: pooled selling"
    )
    cooperative_cost_saving: float = param(
        0.1, unit="share of costs", low=0.0, high=1.0, source="assumption: pooled buying"
    )
    cooperative_fee_yuan_per_year: float = param(
        50.0, unit="Yuan/member/year", low=0.0, high=1e5, source="assumption"
    )
    technical_birth_gain: float = param(
        0.15, unit="share of birth rate", low=0.0, high=5.0, source="assumption: technical services"
    )
    technical_mortality_cut: float = param(
        0.25, unit="share of mortality", low=0.0, high=1.0, source="assumption: technical services"
    )
    association_initial_share: float = param(
        0.04, unit="share of households", low=0.0, high=1.0, source="assumption"
    )
    association_price_premium: float = param(
        0.1, unit="share of price", low=0.0, high=1.0, source="assumption: contracts with the base"
    )
    association_fee_yuan_per_year: float = param(
        30.0, unit="Yuan/member/year", low=0.0, high=1e5, source="assumption"
    )


@dataclass(frozen=True)
class Parameters:
    """Every parameter of the model, grouped as the submodels are."""

    simulation: SimulationParams = group(SimulationParams)
    demography: DemographyParams = group(DemographyParams)
    livestock: LivestockParams = group(LivestockParams)
    crops: CropParams = group(CropParams)
    greenhouse: GreenhouseParams = group(GreenhouseParams)
    business: BusinessParams = group(BusinessParams)
    labour: LabourParams = group(LabourParams)
    transfers: TransferParams = group(TransferParams)
    economy: EconomyParams = group(EconomyParams)
    households: HouseholdParams = group(HouseholdParams)
    organisations: OrganisationParams = group(OrganisationParams)
    programme: ProgrammeParams = group(ProgrammeParams)


def flatten(params: Any, prefix: str = "") -> dict[str, Any]:
    """Every leaf parameter by its dotted name."""
    out: dict[str, Any] = {}
    for f in fields(params):
        value = getattr(params, f.name)
        name = f"{prefix}{f.name}"
        if is_dataclass(value):
            out.update(flatten(value, name + "."))
        else:
            out[name] = value
    return out


def describe(params: Any, prefix: str = "") -> list[dict[str, Any]]:
    """Every leaf parameter with its value, unit, range, role and source."""
    rows: list[dict[str, Any]] = []
    for f in fields(params):
        value = getattr(params, f.name)
        name = f"{prefix}{f.name}"
        if is_dataclass(value):
            rows.extend(describe(value, name + "."))
        else:
            rows.append({"name": name, "value": value, **f.metadata})
    return rows
