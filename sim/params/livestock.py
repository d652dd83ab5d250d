"""Herd biology and economics by species, poultry flocks, herd shocks and grazing limits."""

from __future__ import annotations

from dataclasses import dataclass

from sim.param_fields import group, param


@dataclass(frozen=True)
class SpeciesParams:
    """Herd biology and economics of one species (defaults are overridden per species)."""

    price_yuan_per_head: float = param(0.0, unit="Yuan/head (2008)", low=0.0, high=5e4, source="see species")
    breeding_female_yuan: float = param(0.0, unit="Yuan/head (2008)", low=1.0, high=5e4, source="see species")
    birth_months: tuple[int, ...] = param((5,), unit="months 1-12", low=1, high=12, source="see species")
    birth_rate_per_event: float = param(
        0.0, unit="births/female/birth month", low=0.0, high=1.0, source="see species"
    )
    litter_size: float = param(
        1.0,
        unit="young/birth",
        low=1.0,
        high=3.0,
        plausible=(1.0, 1.2),
        source="assumption: one calf or lamb per birth",
    )
    first_birth_age_months: int = param(12, unit="months", low=6, high=72, source="see species")
    productive_life_years: float = param(5.0, unit="years", low=1.0, high=20.0, source="see species")
    young_mortality_per_year: float = param(0.0, unit="1/year", low=0.0, high=0.95, source="see species")
    adult_mortality_per_year: float = param(0.0, unit="1/year", low=0.0, high=0.95, source="see species")
    months_as_young: int = param(12, unit="months", low=1, high=12, source="see species")
    sale_months: tuple[int, ...] = param((10,), unit="months 1-12", low=1, high=12, source="see species")
    offtake_share_per_sale: float = param(0.3, unit="share of stock", low=0.0, high=1.0, source="see species")
    home_slaughter_per_year: float = param(
        0.0, unit="head/household/year", low=0.0, high=10.0, source="see species"
    )
    product_yuan_per_female_year: float = param(
        0.0, unit="Yuan/female/year (2008)", low=0.0, high=2e4, source="see species"
    )
    cost_yuan_per_female_year: float = param(
        0.0, unit="Yuan/head/year (2008)", low=0.0, high=2e4, source="see species"
    )
    cost_yuan_per_young_year: float = param(
        0.0, unit="Yuan/head/year (2008)", low=0.0, high=2e4, source="see species"
    )
    cost_yuan_per_stock_year: float = param(
        0.0, unit="Yuan/head/year (2008)", low=0.0, high=2e4, source="see species"
    )
    feed_share_of_cost: float = param(0.5, unit="share of upkeep", low=0.0, high=1.0, source="see species")
    labour_days_per_head_year: float = param(
        0.0, unit="days/adult head/year", low=0.0, high=365.0, source="see species"
    )
    sheep_units_per_head: float = param(
        1.0, unit="sheep units/adult head", low=0.0, high=20.0, source="see species"
    )
    winter_exposed: bool = param(
        True, unit="flag", source="assumption: cattle and sheep graze outdoors through the plateau winter"
    )
    grazing: bool = param(
        True, unit="flag", source="assumption: cattle and sheep live on the village's grassland"
    )
    bought_in_spring: bool = param(
        False, unit="flag", source="assumption: grazing herds are bred at home, not bought in"
    )
    max_breeding_females: int = param(10, unit="head/household", low=0, high=10000, source="see species")
    max_stock_per_breeding_female: float = param(
        5.0,
        unit="head of other stock per breeding place",
        low=0.5,
        high=50.0,
        plausible=(3.0, 10.0),
        source="assumption: sheds, pens and winter fodder hold only so much stock beside the "
        "breeding herd; far above the steady herd's half a head per female, so it binds only "
        "when sales stop (beyond it, stock is sold)",
    )


@dataclass(frozen=True)
class CattleParams(SpeciesParams):
    """Cattle and yak, pooled: the report's "cows" in the cattle villages."""

    price_yuan_per_head: float = param(
        2800.0,
        unit="Yuan/head (2008)",
        low=0.0,
        high=20000.0,
        plausible=(2000.0, 3600.0),
        source="assumption: per-head price not found (FACTS); beef 33 Yuan/kg wholesale 2008 "
        "(FACTS) at about 85 kg saleable meat",
    )
    breeding_female_yuan: float = param(
        3200.0,
        unit="Yuan/head (2008)",
        low=1.0,
        high=30000.0,
        plausible=(2500.0, 4500.0),
        source="assumption: a bred heifer or cow in calf costs more than a grown animal sold for meat",
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
        plausible=(0.4, 0.6),
        source="FACTS: yak 40-60% pregnancy rate per season, one calf every two years",
    )
    first_birth_age_months: int = param(
        36,
        unit="months (the first spring a female may calve; she calves then with the birth rate)",
        low=12,
        high=60,
        plausible=(36, 48),
        source="FACTS: yak first calf at 3-4 years (CGIAR; yak husbandry literature: about 4)",
    )
    productive_life_years: float = param(
        9.0,
        unit="years in the breeding herd, from mating to culling or death",
        low=1.0,
        high=20.0,
        plausible=(5.0, 13.0),
        source="assumption: a yak or local cow calves every two years from about four (FACTS) "
        "for four or five calves: nine years in the herd at a 50% calving rate gives about "
        "four; improved dairy herds keep cows 3-4 years (FACTS: De Vries and Marcondes 2020)",
    )

    young_mortality_per_year: float = param(
        0.15,
        unit="1/year",
        low=0.0,
        high=0.95,
        plausible=(0.08, 0.3),
        source="assumption: calf losses well above the adult 5.6% (FACTS: reproductive survival about 48%)",
    )
    adult_mortality_per_year: float = param(
        0.056,
        unit="1/year",
        low=0.0,
        high=0.95,
        plausible=(0.012, 0.1),
        source="FACTS: local yak death rate about 5.6% a year (improved breed 1.2%)",
    )
    months_as_young: int = param(
        12,
        unit="months",
        low=1,
        high=12,
        role="constant",
        source="FACTS: calves sold at 12 months do better (Asia Beef Network)",
    )
    sale_months: tuple[int, ...] = param(
        (10,), unit="months 1-12", low=1, high=12, source="assumption: autumn sales before winter"
    )
    offtake_share_per_sale: float = param(
        0.35,
        unit="share of stock",
        low=0.0,
        high=1.0,
        plausible=(0.2, 0.5),
        source="assumption",
    )
    home_slaughter_per_year: float = param(
        0.1, unit="head/household/year", low=0.0, high=5.0, plausible=(0.0, 0.5), source="assumption"
    )
    product_yuan_per_female_year: float = param(
        450.0,
        unit="Yuan/female/year (2008)",
        low=0.0,
        high=3000.0,
        plausible=(200.0, 700.0),
        source="assumption: milk and butter; FACTS: a yak gives 150-500 kg of milk a lactation, "
        "one lactation in two years",
    )
    cost_yuan_per_female_year: float = param(
        260.0,
        unit="Yuan/head/year (2008)",
        low=0.0,
        high=5000.0,
        plausible=(150.0, 500.0),
        source="assumption: winter hay, salt and vet costs; small cow-calf units barely pay once "
        "feed is costed (FACTS: Asia Beef Network)",
    )
    cost_yuan_per_young_year: float = param(
        80.0, unit="Yuan/head/year (2008)", low=0.0, high=2000.0, plausible=(40.0, 200.0), source="assumption"
    )
    cost_yuan_per_stock_year: float = param(
        200.0,
        unit="Yuan/head/year (2008)",
        low=0.0,
        high=5000.0,
        plausible=(100.0, 400.0),
        source="assumption",
    )
    feed_share_of_cost: float = param(
        0.6,
        unit="share of upkeep",
        low=0.0,
        high=1.0,
        plausible=(0.4, 0.8),
        source="assumption: hay and supplements; the rest vet, salt and sheds",
    )
    labour_days_per_head_year: float = param(
        15.0,
        unit="days/adult head/year",
        low=0.0,
        high=60.0,
        plausible=(8.0, 30.0),
        source="assumption: herding is shared; milking, winter feeding and calving",
    )
    sheep_units_per_head: float = param(
        4.0,
        unit="sheep units/adult head",
        low=0.0,
        high=10.0,
        plausible=(3.5, 5.0),
        source="assumption: a yak or local cow eats about four times a 45 kg sheep's 1.8 kg of "
        "hay a day (FACTS: the sheep unit of NY/T 635-2015)",
    )
    max_breeding_females: int = param(
        8,
        unit="head/household",
        low=0,
        high=50,
        plausible=(5, 15),
        source="assumption: the cows a family's labour, shed and winter fodder can keep",
    )


@dataclass(frozen=True)
class SheepParams(SpeciesParams):
    """Sheep (and goats) of the plateau."""

    price_yuan_per_head: float = param(
        380.0,
        unit="Yuan/head (2008)",
        low=0.0,
        high=3000.0,
        plausible=(280.0, 480.0),
        source="assumption: per-head price not found (FACTS); mutton 40.47 Yuan/kg in February "
        "2011 (FACTS) is about 34 in 2008 prices (Qinghai mutton -0.2% in 2009, +9.8% in 2010, "
        "Qinghai Statistical Yearbook 2013), at about 11-12 kg of meat a head",
    )
    breeding_female_yuan: float = param(
        450.0,
        unit="Yuan/head (2008)",
        low=1.0,
        high=4000.0,
        plausible=(350.0, 600.0),
        source="assumption: a breeding ewe costs more than a sheep sold for meat",
    )
    birth_months: tuple[int, ...] = param(
        (4,),
        unit="months 1-12",
        low=1,
        high=12,
        source="assumption: spring lambing (April stands for the season)",
    )
    birth_rate_per_event: float = param(
        0.8,
        unit="births/female/birth month",
        low=0.0,
        high=1.0,
        plausible=(0.6, 0.95),
        source="assumption",
    )
    first_birth_age_months: int = param(
        36,
        unit="months (the first spring a ewe may lamb)",
        low=12,
        high=60,
        plausible=(24, 36),
        source="FACTS: sheep on the plateau first lamb at 3-4 years (IFMA)",
    )
    productive_life_years: float = param(
        6.0,
        unit="years in the breeding herd, from mating to culling or death",
        low=1.0,
        high=20.0,
        plausible=(4.0, 8.0),
        source="assumption: ewes culled as their teeth wear, after four or five lambs",
    )

    young_mortality_per_year: float = param(
        0.25,
        unit="1/year",
        low=0.0,
        high=0.95,
        plausible=(0.1, 0.4),
        source="FACTS: heavy losses to wolves and winters (IFMA); the rate is an assumption",
    )
    adult_mortality_per_year: float = param(
        0.08, unit="1/year", low=0.0, high=0.95, plausible=(0.04, 0.12), source="assumption"
    )
    months_as_young: int = param(12, unit="months", low=1, high=12, role="constant", source="assumption")
    sale_months: tuple[int, ...] = param(
        (10,), unit="months 1-12", low=1, high=12, source="assumption: autumn sales before winter"
    )
    offtake_share_per_sale: float = param(
        0.35, unit="share of stock", low=0.0, high=1.0, plausible=(0.2, 0.5), source="assumption"
    )
    home_slaughter_per_year: float = param(
        0.5, unit="head/household/year", low=0.0, high=5.0, plausible=(0.0, 2.0), source="assumption"
    )
    product_yuan_per_female_year: float = param(
        35.0,
        unit="Yuan/female/year (2008)",
        low=0.0,
        high=300.0,
        plausible=(15.0, 60.0),
        source="assumption: wool",
    )
    cost_yuan_per_female_year: float = param(
        30.0, unit="Yuan/head/year (2008)", low=0.0, high=1000.0, plausible=(15.0, 60.0), source="assumption"
    )
    cost_yuan_per_young_year: float = param(
        10.0, unit="Yuan/head/year (2008)", low=0.0, high=500.0, plausible=(5.0, 30.0), source="assumption"
    )
    cost_yuan_per_stock_year: float = param(
        25.0, unit="Yuan/head/year (2008)", low=0.0, high=1000.0, plausible=(10.0, 50.0), source="assumption"
    )
    feed_share_of_cost: float = param(
        0.5, unit="share of upkeep", low=0.0, high=1.0, plausible=(0.3, 0.7), source="assumption"
    )
    labour_days_per_head_year: float = param(
        2.0,
        unit="days/adult head/year",
        low=0.0,
        high=60.0,
        plausible=(1.0, 4.0),
        source="assumption: one herder keeps a flock of a few hundred",
    )
    sheep_units_per_head: float = param(
        1.0,
        unit="sheep units/adult head",
        low=0.0,
        high=10.0,
        plausible=(0.8, 1.0),
        source="FACTS: the sheep unit is one 45 kg adult sheep (NY/T 635-2015); plateau sheep "
        "are smaller (assumption for the range)",
    )
    max_breeding_females: int = param(
        60,
        unit="head/household",
        low=0,
        high=300,
        plausible=(40, 120),
        source="assumption: the ewes a family's labour and grazing can keep",
    )


@dataclass(frozen=True)
class PigParams(SpeciesParams):
    """Sows, piglets and fatteners."""

    price_yuan_per_head: float = param(
        1100.0,
        unit="Yuan/head (2008)",
        low=0.0,
        high=8000.0,
        plausible=(850.0, 1300.0),
        source="FACTS: live pig 14.55 Yuan/kg in February 2011, about 15-16 in 2008 prices (Qinghai "
        "pork -20.9% in 2009, +6.2% in 2010, Qinghai Statistical Yearbook 2013); at about 70-75 "
        "kg for local breeds (assumption)",
    )
    breeding_female_yuan: float = param(
        1500.0,
        unit="Yuan/head (2008)",
        low=1.0,
        high=10000.0,
        plausible=(1100.0, 2000.0),
        source="assumption: a gilt ready to breed, above a fattener's price",
    )
    birth_months: tuple[int, ...] = param(
        (4, 10), unit="months 1-12", low=1, high=12, source="assumption: two litters a year"
    )
    birth_rate_per_event: float = param(
        0.8,
        unit="births/female/birth month",
        low=0.0,
        high=1.0,
        plausible=(0.65, 0.9),
        source="assumption",
    )
    litter_size: float = param(
        5.6,
        unit="young/birth",
        low=1.0,
        high=15.0,
        plausible=(5.0, 8.0),
        source="FACTS: smallholders' local breeds 5.6-5.7 piglets a litter (Tropentag 2010)",
    )
    first_birth_age_months: int = param(
        12,
        unit="months (the first birth month a gilt may farrow)",
        low=6,
        high=36,
        plausible=(10, 14),
        source="assumption: gilts bred at about eight months farrow near a year old",
    )
    productive_life_years: float = param(
        2.75,
        unit="years in the breeding herd, from service to culling or death",
        low=1.0,
        high=20.0,
        plausible=(2.0, 4.0),
        source="FACTS (derived): sows are culled after about 3.95 litters (PigCHAMP); a sow "
        "farrowing at 0.8 in each of two birth months, the first six months after service, has "
        "about four litters in 2.75 years in the breeding herd (docs/ODD.md, 7.3)",
    )

    young_mortality_per_year: float = param(
        0.4079,
        unit="1/year",
        low=0.0,
        high=0.95,
        plausible=(0.3, 0.8),
        source="calibrated: calibration/liaoning-2009 (posterior median); "
        "before: assumption: high pre-weaning losses",
    )
    adult_mortality_per_year: float = param(
        0.05, unit="1/year", low=0.0, high=0.95, plausible=(0.02, 0.1), source="assumption"
    )
    months_as_young: int = param(
        6,
        unit="months",
        low=1,
        high=12,
        role="constant",
        source="assumption: piglets are fattened for six months, then sold or kept as sows",
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
        plausible=(0.7, 0.95),
        source="assumption: fatteners are raised to be sold; few are kept over winter",
    )
    home_slaughter_per_year: float = param(
        1.0,
        unit="head/household/year",
        low=0.0,
        high=5.0,
        plausible=(0.5, 1.5),
        source="assumption: the New Year pig",
    )
    product_yuan_per_female_year: float = param(
        0.0,
        unit="Yuan/female/year (2008)",
        low=0.0,
        high=2e4,
        plausible=(0.0, 0.0),
        source="assumption: no product but the young",
    )
    cost_yuan_per_female_year: float = param(
        900.0,
        unit="Yuan/head/year (2008)",
        low=0.0,
        high=5000.0,
        plausible=(600.0, 1400.0),
        source="assumption: 1.2-1.5 kg of feed a day beside kitchen waste, at about 2 Yuan/kg, and vet costs",
    )
    cost_yuan_per_young_year: float = param(
        850.0,
        unit="Yuan/head/year (2008)",
        low=0.0,
        high=3000.0,
        plausible=(500.0, 1100.0),
        source="assumption: a piglet raised in six months to about 70 kg eats about 200 kg of "
        "feed (about 3.2 kg per kg of gain, Tang and Wang, CAAS), about 425 Yuan at 2 Yuan/kg",
    )
    cost_yuan_per_stock_year: float = param(
        1100.0,
        unit="Yuan/head/year (2008)",
        low=0.0,
        high=5000.0,
        plausible=(800.0, 1400.0),
        source="assumption: 250-300 kg of feed per fattener at about 2 Yuan/kg over its six "
        "months (550 Yuan a cycle, two cycles a year)",
    )
    feed_share_of_cost: float = param(
        0.85,
        unit="share of upkeep",
        low=0.0,
        high=1.0,
        plausible=(0.75, 0.95),
        source="assumption: pig upkeep is mostly bought grain and bran",
    )
    labour_days_per_head_year: float = param(
        6.0,
        unit="days/adult head/year",
        low=0.0,
        high=60.0,
        plausible=(3.0, 12.0),
        source="assumption: feeding and cleaning pens",
    )
    sheep_units_per_head: float = param(
        0.0,
        unit="sheep units/adult head",
        low=0.0,
        high=20.0,
        plausible=(0.0, 0.0),
        source="assumption: pigs do not graze",
    )
    winter_exposed: bool = param(False, unit="flag", source="assumption: pigs are housed")
    grazing: bool = param(False, unit="flag", source="assumption: pigs are penned")
    bought_in_spring: bool = param(
        True,
        unit="flag",
        source="assumption: households buy weaners each spring up to the fatteners they keep",
    )
    max_breeding_females: int = param(
        4,
        unit="head/household",
        low=0,
        high=50,
        plausible=(2, 8),
        source="assumption: the sows a family's pens, feed and labour can keep",
    )


@dataclass(frozen=True)
class PoultryParams:
    """Chickens: a backyard flock, and improved laying hens kept in housing.

    A backyard flock scavenges and is rebuilt each spring from bought or hatched chicks, so its
    size is steady; what varies is its income and the losses to outbreaks (assumption:
    modelling single birds would cost more than it tells). Improved layers (from a project or
    bought) are fed, housed and replaced; their margin is the eggs less feed and replacement.
    """

    egg_and_meat_yuan_per_bird_year: float = param(
        45.0,
        unit="Yuan/bird/year (2008)",
        low=0.0,
        high=300.0,
        plausible=(25.0, 75.0),
        source="assumption: a backyard hen lays 60-100 eggs a year, eaten or sold, and is eaten",
    )
    cost_yuan_per_bird_year: float = param(
        12.0,
        unit="Yuan/bird/year (2008)",
        low=0.0,
        high=200.0,
        plausible=(5.0, 25.0),
        source="assumption: scraps and a little grain, vaccines",
    )
    chick_yuan: float = param(
        8.0, unit="Yuan/chick (2008)", low=0.0, high=60.0, plausible=(4.0, 12.0), source="assumption"
    )
    restock_month: int = param(4, unit="month", low=1, high=12, role="constant", source="assumption")
    layer_eggs_yuan_per_bird_year: float = param(
        110.0,
        unit="Yuan/layer/year (2008)",
        low=0.0,
        high=500.0,
        plausible=(80.0, 140.0),
        source="assumption: about 15 kg of eggs a year at 7-8 Yuan/kg",
    )
    layer_cost_yuan_per_bird_year: float = param(
        90.0,
        unit="Yuan/layer/year (2008)",
        low=0.0,
        high=400.0,
        plausible=(70.0, 110.0),
        source="assumption: about 38 kg of feed at 2.2 Yuan/kg, vaccines, and a pullet replaced "
        "every 18 months, so margins of 10-40 Yuan a bird",
    )
    layer_labour_days_per_bird_year: float = param(
        0.15,
        unit="days/layer/year",
        low=0.0,
        high=2.0,
        plausible=(0.08, 0.25),
        source="assumption: 100 hens take a few hours a day",
    )
    labour_days_per_bird_year: float = param(
        0.05, unit="days/bird/year", low=0.0, high=2.0, plausible=(0.0, 0.1), source="assumption"
    )
    outbreak_loss_share: float = param(
        0.5,
        unit="share of the flock",
        low=0.0,
        high=1.0,
        plausible=(0.2, 0.8),
        source="assumption: an outbreak kills about half of a village's birds (FACTS: in "
        "Honduras disease killed the graduation programme's chickens)",
    )


@dataclass(frozen=True)
class GrazingParams:
    """The village's grassland: what its grazing herds may number.

    Qinghai's grassland carried 30.20 M sheep units in 2009 against a theoretical capacity of
    16.08 M (87.8% overstocked; FACTS). The herd a village can keep over winter is its proper
    capacity times ``tolerated_overstocking``: by default the 2009 level, so grazing herds can
    be rearranged but not grown on grass already overused.
    """

    proper_sheep_units_per_ha: float = param(
        0.51,
        unit="sheep units/ha",
        low=0.05,
        high=5.0,
        plausible=(0.4, 0.8),
        source="FACTS: proper stocking in the Three-River Headwaters, 51.27 sheep units per km2 "
        "(Zhang Jiping et al. 2014)",
    )
    tolerated_overstocking: float = param(
        1.878,
        unit="x proper capacity",
        low=0.5,
        high=4.0,
        plausible=(1.5, 2.2),
        source="FACTS: Qinghai stocked 30.20 M sheep units against 16.08 M of capacity in 2009 (1.878 times)",
    )
    young_sheep_unit_share: float = param(
        0.5,
        unit="of an adult",
        low=0.0,
        high=1.0,
        plausible=(0.3, 0.7),
        source="assumption: young of the year eat about half",
    )
    destocking_month: int = param(
        10,
        unit="month",
        low=1,
        high=12,
        role="constant",
        source="assumption: herds above what the grass carries are sold before winter",
    )


@dataclass(frozen=True)
class LivestockParams:
    """All species, what shocks do to herds, and the grass they live on."""

    cattle: CattleParams = group(CattleParams)
    sheep: SheepParams = group(SheepParams)
    pigs: PigParams = group(PigParams)
    poultry: PoultryParams = group(PoultryParams)
    grazing: GrazingParams = group(GrazingParams)
    restock_month: int = param(
        4, unit="month", low=1, high=12, role="constant", source="assumption: fatteners bought in spring"
    )
    young_price_share: float = param(
        0.3,
        unit="share of a grown animal's price",
        low=0.05,
        high=1.0,
        plausible=(0.2, 0.4),
        source="assumption: a weaner pig or calf costs about 30% of a grown animal "
        "(FACTS: piglets 20.52 Yuan/kg against 14.55 for live pigs, at a fraction of the weight)",
    )
    improved_cow_extra_milk_yuan_per_year: float = param(
        2504.0,
        unit="Yuan/cow/year (2008)",
        low=0.0,
        high=10000.0,
        plausible=(1000.0, 4000.0),
        source="calibrated: calibration/liaoning-2009 (posterior median); "
        "before: assumption: an improved dairy cow on plateau feed gives about 1,000 kg more "
        "milk a year than a local cow, at about 2 Yuan/kg at the farm gate (raw milk 2.62 "
        "Yuan/kg in January 2009, MOA, in the main dairy provinces)",
    )
    improved_cow_extra_feed_yuan_per_year: float = param(
        1300.0,
        unit="Yuan/cow/year (2008)",
        low=0.0,
        high=10000.0,
        plausible=(800.0, 2500.0),
        source="assumption: an improved cow is stall-fed, off the grass: about 0.5 kg of "
        "concentrate per extra kg of milk at about 2 Yuan/kg, and forage for the months a "
        "local cow grazes (about 300 Yuan); a 5-tonne cow ate 3,500 Yuan of feed a year in a "
        "2007 smallholder budget (Nongcun Baishitong 2007); small dairy units lose money once "
        "feed and labour are costed (FACTS: Asia Beef Network; a survey of dairy households: "
        "-73 Yuan a cow a month with 1-4 cows)",
    )
    improved_cow_productive_life_years: float = param(
        4.0,
        unit="years in the herd",
        low=1.0,
        high=20.0,
        plausible=(2.5, 6.0),
        source="FACTS: dairy cows stay 3-4 years in high-yield herds (De Vries and Marcondes "
        "2020); Chinese dairy farms cull at 2.5-2.9 lactations (Liu, Ma and Cao 2020)",
    )
    harsh_winter_probability_per_year: float = param(
        0.1,
        unit="1/year",
        low=0.0,
        high=1.0,
        plausible=(0.05, 0.2),
        source="assumption: a severe snow winter about once a decade on the plateau (FACTS: 1997-98)",
    )
    harsh_winter_loss_share: float = param(
        0.15,
        unit="mean share of a village's grazing herd",
        low=0.0,
        high=0.95,
        plausible=(0.05, 0.3),
        source="FACTS: the 1997-98 snow disaster killed 15% of Nagchu's livestock",
    )
    outbreak_probability_per_village_year: float = param(
        0.08,
        unit="1/village/year",
        low=0.0,
        high=1.0,
        plausible=(0.03, 0.15),
        source="assumption: animal disease outbreaks",
    )
    outbreak_loss_share: float = param(
        0.15,
        unit="mean share of a struck village's herds",
        low=0.0,
        high=0.95,
        plausible=(0.05, 0.35),
        source="assumption",
    )
    loss_concentration: float = param(
        8.0,
        unit="Beta concentration (a + b)",
        low=0.5,
        high=200.0,
        plausible=(4.0, 20.0),
        source="assumption: chosen so that a few villages lose 30-70% in a winter that costs "
        "15% on average (FACTS: 30-70% in some townships in 1997-98)",
    )
