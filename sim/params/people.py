"""The run's calendar, demography, labour, transfers, households and organisations."""

from __future__ import annotations

from dataclasses import dataclass

from sim.param_fields import param
from sim.villages import VILLAGE_SETS


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
        high=20000.0,
        role="constant",
        source="FACTS: poverty lines, 2009 national rural line 1,196",
    )
    villages: str = param(
        VILLAGE_SETS[0],
        unit="village set",
        choices=VILLAGE_SETS,
        role="constant",
        source="FACTS: the ten villages of the 2009 batch (programme report; sim/data/villages.toml); "
        "qinghai-key-counties: the 1,622 poor villages of Qinghai's 15 national key counties (China "
        "Daily 2016), generated from sim/data/qinghai-key-counties.toml (docs/PROVINCE.md)",
    )


@dataclass(frozen=True)
class DemographyParams:
    """Births, deaths and ageing between the four age bands of a household."""

    births_per_person_year: float = param(
        0.014,
        unit="1/person/year",
        low=0.0,
        high=0.1,
        plausible=(0.01, 0.018),
        source="assumption: a rural crude birth rate of about 14 per 1,000 (not in FACTS)",
    )
    elderly_death_rate_per_year: float = param(
        0.045,
        unit="1/year",
        low=0.0,
        high=0.5,
        plausible=(0.035, 0.055),
        source="assumption: chosen with the birth rate to keep population nearly stable",
    )
    other_death_rate_per_year: float = param(
        0.002,
        unit="1/year, of prime-age members (children and the young are not at risk in the model)",
        low=0.0,
        high=0.1,
        plausible=(0.001, 0.004),
        source="assumption",
    )
    children_share: float = param(
        0.27,
        unit="share of people",
        low=0.0,
        high=0.8,
        plausible=(0.22, 0.3),
        source="assumption: a young rural population (aged 0-15)",
    )
    young_share: float = param(
        0.24,
        unit="share of people",
        low=0.0,
        high=0.8,
        plausible=(0.2, 0.28),
        source="assumption: aged 16-29, the training school's intake band",
    )
    elderly_share: float = param(
        0.11,
        unit="share of people",
        low=0.0,
        high=0.8,
        plausible=(0.08, 0.14),
        source="assumption: aged 60 and over",
    )


@dataclass(frozen=True)
class LabourParams:
    """Migrant work, local wage work and return migration."""

    migrant_wage_yuan_per_month: float = param(
        1191.0,
        unit="Yuan/month (2008)",
        low=0.0,
        high=5000.0,
        plausible=(900.0, 1340.0),
        source="calibrated: calibration/liaoning-2009 (posterior median); "
        "before: FACTS: 1,417 nationally in 2009 (+5.7%) gives 1,340 in 2008; x0.8 for "
        "western unskilled workers (assumption; FACTS: western region 835 of 966 in 2006)",
    )
    migrant_months_per_year: int = param(
        10,
        unit="months",
        low=1,
        high=12,
        plausible=(8, 11),
        source="FACTS: about 10 months a year (NBS 2016)",
    )
    departure_month: int = param(
        3,
        unit="month",
        low=1,
        high=12,
        role="constant",
        source="assumption: migrants leave after Spring Festival",
    )
    home_share: float = param(
        0.4839,
        unit="share of earnings",
        low=0.0,
        high=1.0,
        plausible=(0.3, 0.6),
        source="calibrated: calibration/liaoning-2009 (posterior median); "
        "before: assumption: what is sent or brought home after living costs in town",
    )
    initial_migrant_share: float = param(
        0.1852,
        unit="share of working-age members other than the head",
        low=0.0,
        high=1.0,
        plausible=(0.12, 0.3),
        source="calibrated: calibration/liaoning-2009 (posterior median); "
        "before: assumption: FACTS gives 396.8 Yuan/person of migrant income in 9 "
        "months of 2007 in the key counties' monitoring survey",
    )
    new_migrant_share_per_year: float = param(
        0.045,
        unit="share of working-age members at home not needed on the farm",
        low=0.0,
        high=1.0,
        plausible=(0.02, 0.08),
        source="assumption: with the return rate keeps the migrant share near its start",
    )
    return_share_per_year: float = param(
        0.15, unit="share of migrants", low=0.0, high=1.0, plausible=(0.08, 0.25), source="assumption"
    )
    certified_wage_premium: float = param(
        0.3,
        unit="share of wage",
        low=0.0,
        high=2.0,
        plausible=(0.1, 0.4),
        source="FACTS: trained migrants earn about 200 Yuan a month more (Xinhua 2007), 39% "
        "more in a 2007 sample survey; an independent matched study finds +1.88 Yuan an hour",
    )
    local_wage_yuan_per_day: float = param(
        45.0,
        unit="Yuan/day (2008)",
        low=0.0,
        high=200.0,
        plausible=(30.0, 60.0),
        source="assumption: the cost surveys valued a farm labour day at 31.3 Yuan in 2010 "
        "(NDRC cost and revenue compilation 2011); hired day labour paid more",
    )
    local_days_per_worker_year: float = param(
        14.0,
        unit="days of local wage work available/worker at home/year",
        low=0.0,
        high=300.0,
        plausible=(5.0, 40.0),
        source="assumption: little paid work near poor villages",
    )


@dataclass(frozen=True)
class TransferParams:
    """Public transfers and property income."""

    grain_subsidy_yuan_per_mu: float = param(
        45.0,
        unit="Yuan/mu/year (2008)",
        low=0.0,
        high=500.0,
        plausible=(30.0, 70.0),
        source="assumption: direct grain and input subsidies",
    )
    subsistence_allowance_yuan_per_person_month: float = param(
        60.0,
        unit="Yuan/person/month (2008)",
        low=0.0,
        high=1000.0,
        plausible=(40.0, 90.0),
        source="assumption: rural dibao level in a poor county",
    )
    subsistence_allowance_share: float = param(
        0.15,
        unit="share of households (poorest)",
        low=0.0,
        high=1.0,
        plausible=(0.08, 0.25),
        source="assumption",
    )
    elderly_allowance_yuan_per_month: float = param(
        30.0,
        unit="Yuan/elderly/month (2008)",
        low=0.0,
        high=1000.0,
        plausible=(10.0, 55.0),
        source="assumption: the new rural pension paid 55 Yuan a month from 2009-10",
    )
    ecological_compensation_yuan_per_household_year: float = param(
        250.0,
        unit="Yuan/household/year (2008)",
        low=0.0,
        high=10000.0,
        plausible=(100.0, 600.0),
        source="assumption: grassland and forest protection payments (from 2011 a grassland "
        "household got 500 Yuan a year for inputs, docs/SOURCES.md)",
    )
    property_yuan_per_household_year: float = param(
        560.0,
        unit="Yuan/household/year (2008)",
        low=0.0,
        high=10000.0,
        plausible=(300.0, 800.0),
        source="assumption: land rent and collective dividends, set near the "
        "province's 5% property share (FACTS: composition 2008)",
    )


@dataclass(frozen=True)
class HouseholdParams:
    """Consumption, illness and the spread of endowments."""

    subsistence_yuan_per_person_year: float = param(
        1300.0,
        unit="Yuan/person/year (2008)",
        low=0.0,
        high=10000.0,
        plausible=(1000.0, 1600.0),
        source="assumption: about the 2008 low-income line (FACTS: 1,067 in 2007) with own produce",
    )
    consumption_share_above_subsistence: float = param(
        0.8, unit="share", low=0.0, high=1.0, plausible=(0.6, 0.95), source="assumption"
    )
    illness_probability_per_month: float = param(
        0.008,
        unit="1/household/month",
        low=0.0,
        high=0.1,
        plausible=(0.004, 0.015),
        source="assumption",
    )
    illness_cost_yuan: float = param(
        1800.0,
        unit="Yuan/episode (2008)",
        low=0.0,
        high=20000.0,
        plausible=(800.0, 4000.0),
        source="assumption",
    )
    illness_months_lost: int = param(
        3, unit="months of one worker", low=0, high=12, plausible=(1, 6), source="assumption"
    )
    endowment_sigma: float = param(
        0.8386,
        unit="log sd of herds (land: half of it)",
        low=0.0,
        high=2.0,
        plausible=(0.6, 1.2),
        source="calibrated: calibration/liaoning-2009 (posterior median); "
        "before: derived: a rich Nagqu family keeps 3-4 times the herd of an ordinary one "
        "(UNEP/FAO, Grasslands of the World), a 90th-to-50th percentile ratio of about 3.2 "
        "for a log sd of 0.9; herder incomes have Ginis of 0.41-0.47 (Inner Mongolia)",
    )
    learning_months: int = param(
        12,
        unit="months",
        low=0,
        high=120,
        plausible=(6, 24),
        source="assumption: months until a new greenhouse, orchard or business earns fully",
    )
    first_month_productivity: float = param(
        0.5,
        unit="share of full returns",
        low=0.0,
        high=1.0,
        plausible=(0.3, 0.8),
        source="assumption: a newcomer's first month",
    )
    skill_sigma: float = param(
        0.3,
        unit="log sd",
        low=0.0,
        high=2.0,
        plausible=(0.15, 0.45),
        source="assumption: how well a household farms, keeps animals, runs a business or "
        "earns away differs, beside what it owns",
    )


@dataclass(frozen=True)
class OrganisationParams:
    """Cooperatives and associations: members before any programme, and what membership
    brings (premia on what is sold through them, cheaper inputs, technical services) and costs
    (fees)."""

    cooperative_initial_share: float = param(
        0.06,
        unit="share of households",
        low=0.0,
        high=1.0,
        plausible=(0.02, 0.12),
        source="assumption: few members before the programme",
    )
    cooperative_price_premium: float = param(
        0.02,
        unit="share of the price of what a member sells through the cooperative",
        low=0.0,
        high=1.0,
        plausible=(0.0, 0.06),
        source="assumption (a prior: uniform on 0-6%), on the share sold through the cooperative "
        "only (cooperative_sales_share of its village industry's product): pooled selling; "
        "careful estimates of what membership brings are small or nil: +2.77% of farm income "
        "(15 provinces, J. Integrative Agriculture 2021), none for rice net of pre-existing "
        "differences (Hoken and Su 2015), higher apple yields but no higher profit (Hao, WUR); "
        "about 37% of marketing cooperatives were shells around 2014 (Chen, Xu and Luo 2023)",
    )
    cooperative_cost_saving: float = param(
        0.02,
        unit="share of costs",
        low=0.0,
        high=1.0,
        plausible=(0.0, 0.06),
        source="assumption: pooled buying; no sourced saving found; "
        "careful estimates of what membership brings are small or nil: +2.77% of farm income "
        "(15 provinces, J. Integrative Agriculture 2021), none for rice net of pre-existing "
        "differences (Hoken and Su 2015), higher apple yields but no higher profit (Hao, WUR); "
        "about 37% of marketing cooperatives were shells around 2014 (Chen, Xu and Luo 2023)",
    )
    cooperative_fee_yuan_per_year: float = param(
        50.0,
        unit="Yuan/member/year",
        low=0.0,
        high=2000.0,
        plausible=(20.0, 100.0),
        source="assumption: after the programme, a cooperative it founded pays its staff from "
        "these fees (programme.organising.cooperative_running_yuan_per_year)",
    )
    cooperative_sales_share: float = param(
        0.2,
        unit="share of a member's sales of its village industry's product",
        low=0.0,
        high=1.0,
        plausible=(0.05, 0.5),
        source="FACTS: 20.04% of members used their cooperative's sales service, 50.9% no service "
        "(cooperative services (PMC)); membership did not raise apple growers' selling to the "
        "cooperative itself (Hao et al. 2018). Of what an association member does not sell "
        "under contract",
    )
    technical_birth_gain: float = param(
        0.05,
        unit="share of birth rate",
        low=0.0,
        high=1.0,
        plausible=(0.0, 0.15),
        source="assumption: technical services; cooperative members' farm incomes are only a few "
        "percent higher (J. Integrative Agriculture 2021)",
    )
    technical_mortality_cut: float = param(
        0.1,
        unit="share of mortality",
        low=0.0,
        high=1.0,
        plausible=(0.0, 0.3),
        source="assumption: technical services (vaccination, winter sheds)",
    )
    association_initial_share: float = param(
        0.04, unit="share of households", low=0.0, high=1.0, plausible=(0.0, 0.1), source="assumption"
    )
    association_price_premium: float = param(
        0.03,
        unit="share of the contract price of what a member sells to the base",
        low=0.0,
        high=1.0,
        plausible=(0.0, 0.08),
        source="assumption (a prior: uniform on 0-8%), on the contracted share only "
        "(association_contract_share of the village industry's product): contracts with the "
        "base; contract farming raises incomes in most "
        "studies (Wang, Wang and Delgado 2014) but not in the most comparable samples (Guo, "
        "Iowa State), and contract prices are near market prices",
    )
    association_fee_yuan_per_year: float = param(
        30.0,
        unit="Yuan/member/year",
        low=0.0,
        high=2000.0,
        plausible=(10.0, 80.0),
        source="assumption: after the programme, a base it built is run on these fees "
        "(programme.organising.base_running_yuan_per_year)",
    )
    association_contract_share: float = param(
        0.3,
        unit="share of a member's sales of its village industry's product",
        low=0.0,
        high=1.0,
        plausible=(0.1, 0.7),
        source="assumption: sold under contract with the base at the contract price (last year's "
        "price on trend), not the year's market price; about 80% of farm contracts were not "
        "honoured (Ministry of Agriculture, as cited), and farmers sell elsewhere when the "
        "market pays more (Luo et al., China: An International Journal)",
    )
    technical_yield_gain: float = param(
        0.05,
        unit="share of greenhouse and orchard yields",
        low=0.0,
        high=1.0,
        plausible=(0.0, 0.15),
        source="assumption: technical services; cooperative apple growers had higher yields but "
        "no higher profit (Hao, WUR)",
    )
