"""Herd biology and economics by species, poultry flocks, and herd shocks."""

from __future__ import annotations

from dataclasses import dataclass

from sim.param_fields import group, param


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
