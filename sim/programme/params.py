"""Parameters of the programme: what is delivered, when, to whom, and with what effect.

Budgets, dates, targeting and course sizes are levers (what a planner chooses); returns,
uptake, learning and failure are uncertainties. The defaults are the programme switched off
(no budget): ``scenarios/liaoning-2009.toml`` sets the 2009 programme as reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.param_fields import group, param

TARGETING = ("poorest", "random")
ROLLOUT_RULES = ("all", "poorest-first", "gain-per-yuan", "random")


@dataclass(frozen=True)
class ScheduleParams:
    """Which years the programme funds, and how its budget moves from year to year."""

    first_year: int = param(
        2009,
        unit="year",
        low=2000,
        high=2100,
        role="lever",
        plausible=(2009, 2012),
        source="FACTS: the 2009 batch of ten villages (programme report)",
    )
    last_year: int = param(
        2009,
        unit="year",
        low=2000,
        high=2100,
        role="lever",
        plausible=(2009, 2017),
        source="FACTS: each batch of villages is funded in its year (programme report)",
    )
    budget_growth_per_year: float = param(
        0.0,
        unit="share per year",
        low=-1.0,
        high=2.0,
        role="lever",
        plausible=(0.0, 0.2),
        source="assumption: a flat budget; the report's 'stable base, increase "
        "year by year' is a positive rate",
    )
    delivery_month: int = param(
        1,
        unit="month",
        low=1,
        high=12,
        plausible=(1, 5),
        source="calibrated: calibration/liaoning-2009 (posterior median); "
        "before: assumption: funds reach the villages before the spring season; not reported. "
        "The report credits the income growth to 'project implementation for nearly one year' "
        "(FACTS), so delivery began between about January and May of 2009",
    )


@dataclass(frozen=True)
class VillageAdvancementParams:
    """Entire-village advancement: household projects, infrastructure, leader training."""

    budget_yuan: float = param(
        0.0,
        unit="Yuan/year over the villages",
        low=0.0,
        high=1e11,  # a province's villages replicate the ten's package many times over
        role="lever",
        plausible=(0.0, 26000000.0),
        source="FACTS: 13 million Yuan in 2009 (set by the scenario; 0 = off)",
    )
    household_project_share: float = param(
        0.6,
        unit="share of the budget",
        low=0.0,
        high=1.0,
        role="lever",
        plausible=(0.4, 0.8),
        source="FACTS (derived): the Haidong livestock project gave about 3,860 "
        "Yuan per household, 60% of the 6,436 per family here",
    )
    infrastructure_share: float = param(
        0.28,
        unit="share of the budget",
        low=0.0,
        high=1.0,
        role="lever",
        plausible=(0.15, 0.5),
        source="assumption: the report lists roads, water, schools, clinics, "
        "biogas and cultural rooms without amounts; what is left after projects, organising "
        "and leader training",
    )
    leader_training_share: float = param(
        0.05,
        unit="share of the budget",
        low=0.0,
        high=1.0,
        role="lever",
        plausible=(0.0, 0.1),
        source="assumption: training and the exchange visit of 130 people",
    )
    organising_share: float = param(
        0.07,
        unit="share of the budget",
        low=0.0,
        high=1.0,
        role="lever",
        plausible=(0.0, 0.15),
        source="assumption: founding cooperatives, building the associations' bases and training "
        "their members (the report names the 'association + base + rural households' and "
        "'cooperatives + rural households' forms without amounts); about what the defaults of "
        "programme.organising cost for the ten villages. What a village's share does not pay "
        "for goes to its village works",
    )
    uptake: float = param(
        0.8426,
        unit="share of households",
        low=0.0,
        high=1.0,
        plausible=(0.7, 0.95),
        source="calibrated: calibration/liaoning-2009 (posterior median); "
        "before: assumption: households that take up their project without leader training",
    )
    uptake_gain_from_leaders: float = param(
        0.1,
        unit="share of households",
        low=0.0,
        high=1.0,
        plausible=(0.0, 0.2),
        source="assumption: trained leaders bring the hesitant along (report: leaders became "
        "'more confident in leading the villagers')",
    )
    learning_months_with_leaders: int = param(
        6,
        unit="months",
        low=0,
        high=120,
        plausible=(3, 12),
        source="assumption: technical training and the exchange visit halve the learning time "
        "(households.learning_months without them)",
    )
    project_failure_per_year: float = param(
        0.04,
        unit="1/year",
        low=0.0,
        high=1.0,
        plausible=(0.02, 0.1),
        source="assumption: greenhouses, orchards and businesses given up",
    )
    leaders_for_full_effect: int = param(
        13,
        unit="people per village",
        low=1,
        high=1000,
        plausible=(8, 30),
        source="FACTS (derived): more than 130 people of the ten villages visited Liaoning",
    )
    leader_cost_yuan_per_person: float = param(
        3000.0,
        unit="Yuan/person",
        low=1.0,
        high=100000.0,
        role="lever",
        plausible=(2000.0, 5000.0),
        source="assumption: travel, board and lectures of the exchange visit",
    )


@dataclass(frozen=True)
class ProjectCosts:
    """What the project fund pays for one unit of each household project, and the most a
    household can take on.

    Animals, layers and their housing, orchards and canteen fittings are bought outright at
    their price (``livestock.*.breeding_female_yuan``, ``assets.*``); greenhouses and vehicles
    are subsidised, the household paying the rest from its savings or a loan. The project's
    dairy cows are of an improved breed.
    """

    improved_cow_yuan: float = param(
        5000.0,
        unit="Yuan/cow in calf (2008)",
        low=1.0,
        high=50000.0,
        plausible=(3500.0, 10000.0),
        source="assumption: an improved (crossbred) dairy heifer in calf; a 5-tonne dairy cow "
        "was valued at 10,000 Yuan in a 2007 smallholder budget (Nongcun Baishitong 2007)",
    )
    greenhouse_subsidy_yuan_per_mu: float = param(
        6000.0,
        unit="Yuan/mu",
        low=0.0,
        high=100000.0,
        role="lever",
        plausible=(5000.0, 6000.0),
        source="FACTS: about 10,000 Yuan to build 1 mu, 5,000-6,000 of it subsidised (5,000 a "
        "greenhouse in Minqin, Gansu; 6,000 for two in Yanchi, Ningxia)",
    )
    vehicle_subsidy_yuan: float = param(
        8000.0,
        unit="Yuan/vehicle",
        low=0.0,
        high=200000.0,
        role="lever",
        plausible=(5000.0, 10000.0),
        source="assumption: most of a motor tricycle or small farm vehicle",
    )
    sows_in_pig_share: float = param(
        0.5,
        unit="share of the sows delivered or lent",
        low=0.0,
        high=1.0,
        plausible=(0.0, 1.0),
        source="assumption: the report does not say whether its sows came in pig or as gilts to "
        "be served; a sow in pig farrows at the next birth month, a gilt after the next growing-"
        "up month (a gestation later)",
    )
    max_birds: int = param(
        300,
        unit="layers/household",
        low=0,
        high=5000,
        plausible=(100, 500),
        source="assumption: what a family's labour and henhouse can keep (herds: livestock.*."
        "max_breeding_females)",
    )
    max_greenhouse_mu: float = param(
        2.0,
        unit="mu/household",
        low=0.0,
        high=20.0,
        plausible=(1.0, 3.0),
        source="assumption: what a family can work",
    )
    max_garden_mu: float = param(
        3.0, unit="mu/household", low=0.0, high=50.0, plausible=(2.0, 5.0), source="assumption"
    )
    max_vehicles: int = param(
        2,
        unit="vehicles/household",
        low=0,
        high=10,
        plausible=(1, 2),
        source="assumption: a family drives at most two",
    )
    max_canteens: int = param(
        1, unit="canteens/household", low=0, high=5, plausible=(1, 1), source="assumption"
    )


@dataclass(frozen=True)
class InfrastructureParams:
    """Village works: what each costs and how it acts on households.

    Built in the order drinking water, road, clinic, biogas, school, radio/TV and cultural
    room, as far as each village's infrastructure budget goes.
    """

    road_yuan: float = param(
        200000.0,
        unit="Yuan/village",
        low=0.0,
        high=100000000.0,
        plausible=(100000.0, 500000.0),
        source="assumption: about a kilometre hardened; not found (FACTS: village roads)",
    )
    road_price_gain: float = param(
        0.06,
        unit="share of farm-gate prices",
        low=0.0,
        high=0.5,
        plausible=(0.0, 0.08),
        source="assumption: traders reach the village; less lost on the way",
    )
    road_business_gain: float = param(
        0.15,
        unit="share of business takings",
        low=0.0,
        high=1.0,
        plausible=(0.0, 0.25),
        source="assumption: transport and canteens serve more passers-by",
    )
    water_yuan_per_person: float = param(
        90.0,
        unit="Yuan/person",
        low=0.0,
        high=10000.0,
        plausible=(60.0, 300.0),
        source="FACTS: about 207 Yuan per person from central funds with a local match of at "
        "least 30%; the programme pays the match (assumption): 0.3/0.7 x 207",
    )
    water_days_saved_per_worker: float = param(
        6.0,
        unit="days/worker at home/year",
        low=0.0,
        high=60.0,
        plausible=(0.0, 15.0),
        source="assumption: time no longer spent carrying water, some of it paid work",
    )
    water_illness_cut: float = param(
        0.2, unit="share of illness", low=0.0, high=1.0, plausible=(0.0, 0.3), source="assumption"
    )
    clinic_yuan: float = param(
        80000.0,
        unit="Yuan/village",
        low=0.0,
        high=10000000.0,
        plausible=(50000.0, 150000.0),
        source="assumption",
    )
    clinic_cost_cut: float = param(
        0.3,
        unit="share of medical bills",
        low=0.0,
        high=1.0,
        plausible=(0.1, 0.4),
        source="assumption: treatment near home, earlier",
    )
    clinic_months_saved: int = param(
        1, unit="months of an illness", low=0, high=12, plausible=(0, 2), source="assumption"
    )
    biogas_yuan_per_digester: float = param(
        2000.0,
        unit="Yuan/digester",
        low=0.0,
        high=100000.0,
        plausible=(1500.0, 3000.0),
        source="FACTS: about 2,000 Yuan each",
    )
    biogas_share: float = param(
        0.3,
        unit="share of households",
        low=0.0,
        high=1.0,
        role="lever",
        plausible=(0.1, 0.5),
        source="assumption",
    )
    biogas_saving_yuan_per_year: float = param(
        300.0,
        unit="Yuan/household/year",
        low=0.0,
        high=5000.0,
        plausible=(100.0, 500.0),
        source="assumption: fuel and fertiliser no longer bought",
    )
    school_yuan: float = param(
        100000.0,
        unit="Yuan/village",
        low=0.0,
        high=10000000.0,
        plausible=(50000.0, 200000.0),
        source="assumption; no effect on incomes within the horizon is modelled",
    )
    culture_yuan: float = param(
        50000.0,
        unit="Yuan/village",
        low=0.0,
        high=10000000.0,
        plausible=(20000.0, 100000.0),
        source="assumption: radio/TV centre and cultural room; no income effect is modelled",
    )
    months_to_build: int = param(
        6,
        unit="months",
        low=0,
        high=36,
        plausible=(3, 12),
        source="assumption: works finish in the autumn of the delivery year",
    )


@dataclass(frozen=True)
class OrganisingParams:
    """The programme founds cooperatives and associations' bases and trains their members, as
    far as its organising money goes (see :mod:`sim.programme.organising`)."""

    cooperative_share: float = param(
        0.8,
        unit="share of the households in the village's industry",
        low=0.0,
        high=1.0,
        role="lever",
        plausible=(0.3, 0.9),
        source="assumption: 'cooperatives + rural households' covering the village's industry; "
        "only households for which membership is worth its fee join",
    )
    association_share: float = param(
        0.5,
        unit="share of the households in the village's industry",
        low=0.0,
        high=1.0,
        role="lever",
        plausible=(0.2, 0.7),
        source="assumption: 'association + base + rural households' where an "
        "association serves the village's industry; only households for which membership is "
        "worth its fee join",
    )
    cooperative_founding_yuan: float = param(
        25000.0,
        unit="Yuan/cooperative",
        low=0.0,
        high=10000000.0,
        plausible=(10000.0, 60000.0),
        source="assumption: registration, accounts and an office, and a manager and an "
        "accountant paid for the programme year (about 1,000 and 500 Yuan a month, part time)",
    )
    training_yuan_per_member: float = param(
        200.0,
        unit="Yuan/household trained",
        low=0.0,
        high=100000.0,
        plausible=(100.0, 500.0),
        source="assumption: two or three days of technical and marketing training in the "
        "village (trainer, materials, meals) for each household that joins; a household is "
        "trained once, whichever organisations it joins",
    )
    base_yuan: float = param(
        40000.0,
        unit="Yuan/village served",
        low=0.0,
        high=100000000.0,
        plausible=(15000.0, 150000.0),
        source="assumption: the 'base' of 'association + base + rural households' near each "
        "village it serves: a collection point with scales and a store (a cold store or a "
        "processing line costs more)",
    )
    cooperative_running_yuan_per_year: float = param(
        5000.0,
        unit="Yuan/cooperative/year",
        low=0.0,
        high=1000000.0,
        plausible=(2000.0, 15000.0),
        source="assumption: a part-time manager and accountant once the programme stops paying, "
        "from members' fees (organisations.cooperative_fee_yuan_per_year)",
    )
    base_running_yuan_per_year: float = param(
        2000.0,
        unit="Yuan/village served/year",
        low=0.0,
        high=1000000.0,
        plausible=(1000.0, 10000.0),
        source="assumption: the base's agent and upkeep near one village, from the association "
        "members' fees there (organisations.association_fee_yuan_per_year)",
    )


@dataclass(frozen=True)
class RollingParams:
    """Livestock rolling development: 'borrowing cows (sows) and returning calves (piglets)'.

    How the pools lend, rear and recover animals: :mod:`sim.programme.rolling`.
    """

    budget_yuan: float = param(
        0.0,
        unit="Yuan/year over the villages",
        low=0.0,
        high=1e10,
        role="lever",
        plausible=(0.0, 2000000.0),
        source="set by the scenario; 0 = off",
    )
    species: tuple[str, ...] = param(
        ("cattle", "pigs"),
        unit="species",
        role="lever",
        choices=("cattle", "sheep", "pigs"),
        source="FACTS: dairy cattle and pig breeding (programme report)",
    )
    cattle_females_per_loan: int = param(
        1,
        unit="cows per loan",
        low=1,
        high=50,
        role="lever",
        plausible=(1, 8),
        source="assumption: the report's 'borrowing cows' lends one a household; more is a lever for "
        "larger budgets (no loan takes a household beyond livestock.cattle.max_breeding_females)",
    )
    sheep_females_per_loan: int = param(
        1,
        unit="ewes per loan",
        low=1,
        high=300,
        role="lever",
        plausible=(1, 30),
        source="assumption: one a household, as for cows; ewes are cheap, so a loan of several is a "
        "lever (within livestock.sheep.max_breeding_females)",
    )
    pigs_females_per_loan: int = param(
        1,
        unit="sows per loan",
        low=1,
        high=50,
        role="lever",
        plausible=(1, 4),
        source="assumption: the report's 'borrowing sows' lends one a household; more is a lever "
        "(within livestock.pigs.max_breeding_females)",
    )
    pens_with_sows: bool = param(
        True,
        unit="flag",
        role="lever",
        source="assumption: a lent sow comes with a pen (assets.pig_pen_yuan_per_sow), as the "
        "household projects' sows and the households' own purchases do; the budget pays for the "
        "pens of the sows the pool buys. Reared gilts lent on go without one (the borrower "
        "already keeps pigs or houses them itself)",
    )
    cattle_return_offspring: int = param(
        1,
        unit="female calves per cow lent",
        low=1,
        high=10,
        role="lever",
        plausible=(1, 2),
        source="FACTS (Heifer's rule): the first-born female passed on; 1 calf",
    )
    pigs_return_offspring: int = param(
        2,
        unit="female piglets per sow lent",
        low=1,
        high=20,
        role="lever",
        plausible=(1, 4),
        source="assumption: two gilts from the first litters",
    )
    sheep_return_offspring: int = param(
        1,
        unit="ewe lambs per ewe lent",
        low=1,
        high=10,
        role="lever",
        plausible=(1, 2),
        source="assumption",
    )
    female_share_of_young: float = param(
        0.5,
        unit="share of the young",
        low=0.0,
        high=1.0,
        plausible=(0.45, 0.55),
        source="assumption: an even sex ratio at birth; the herd model has no sexes and keeps half "
        "its young as would-be replacements (sim/rules/herd_kernel.py)",
    )
    cattle_weaning_months: int = param(
        6,
        unit="months of age",
        low=1,
        high=12,
        plausible=(4, 12),
        source="assumption: calves of local cattle and yak suckle from about six months to a year "
        "before they can leave the cow (at most livestock.cattle.months_as_young: young are handed "
        "over by the time they grow up)",
    )
    sheep_weaning_months: int = param(
        4,
        unit="months of age",
        low=1,
        high=12,
        plausible=(3, 6),
        source="assumption: lambs weaned at three to six months on pasture (at most "
        "livestock.sheep.months_as_young: young are handed over by the time they grow up)",
    )
    pigs_weaning_months: int = param(
        2,
        unit="months of age",
        low=1,
        high=6,
        plausible=(1, 2),
        source="assumption: smallholders wean piglets at about 35-60 days (at most "
        "livestock.pigs.months_as_young: young are handed over by the time they grow up)",
    )
    return_within_months: int = param(
        24,
        unit="months from the loan",
        low=1,
        high=120,
        role="lever",
        plausible=(12, 36),
        source="assumption: a borrowed cow has two calving seasons to bring a heifer calf",
    )
    default_grace_months: int = param(
        12,
        unit="months",
        low=0,
        high=120,
        plausible=(6, 24),
        source="assumption: months past the due date before a loan defaults and the pool takes "
        "the lent females back",
    )
    targeting: str = param(
        "poorest",
        unit="rule",
        choices=TARGETING,
        role="lever",
        source="assumption: poorest households first, as poverty-alleviation programmes are meant to target",
    )


@dataclass(frozen=True)
class LabourTrainingParams:
    """The employment transfer training school and the cadre courses.

    Each funded year the school takes one intake for a course of ``course_months``; graduates who
    pass are certified, and the school's employer network places them in jobs away, as many as it
    finds each year (``placements_per_year``). Placed trainees leave their job at
    ``job_leaving_per_year`` and come home (certified, free to migrate on their own).
    """

    trainees_per_year: int = param(
        0,
        unit="places/year",
        low=0,
        high=20000,
        role="lever",
        plausible=(0, 300),
        source="FACTS: 20 young people from Qinghai in 2009 (set by the scenario; 0 = off)",
    )
    cost_yuan_per_trainee: float = param(
        6000.0,
        unit="Yuan/trainee",
        low=1.0,
        high=100000.0,
        plausible=(4000.0, 10000.0),
        source="assumption: six months of board, lodging and teaching, paid by the programme (the "
        "trainee's family pays nothing but loses the trainee's work)",
    )
    course_months: int = param(
        6, unit="months", low=1, high=24, plausible=(3, 12), source="FACTS: a six-month course"
    )
    start_month: int = param(
        3,
        unit="month",
        low=1,
        high=12,
        plausible=(3, 6),
        source="assumption: recruited after Spring Festival, when funds reach the villages; the "
        "trainees were reported certified and placed after 'nearly one year' of implementation, "
        "so the six-month course ended within 2009 (intake by June)",
    )
    pass_rate: float = param(
        1.0,
        unit="share",
        low=0.0,
        high=1.0,
        plausible=(0.8, 1.0),
        source="FACTS: all trainees passed and were certified",
    )
    placement_rate: float = param(
        1.0,
        unit="share of graduates",
        low=0.0,
        high=1.0,
        plausible=(0.6, 1.0),
        source="FACTS: all achieved employment transfer (2009); 'over 85%' placed is the Sunshine "
        "Project's official claim (Xinhua 2007); applies within placements_per_year",
    )
    placements_per_year: int = param(
        100,
        unit="jobs/year for graduates of the ten villages",
        low=0,
        high=20000,
        plausible=(20, 300),
        source="assumption: the school's employer network, not the course, limits placements; its "
        "whole trial intake was 60 (20 from Qinghai), all placed, and 3,000 m2 of buildings board a "
        "few hundred at a time; the ten villages' share is put between the 20 placed in 2009 and "
        "300 (about half of what two intakes a year could train)",
    )
    job_leaving_per_year: float = param(
        0.25,
        unit="share of placed trainees/year",
        low=0.0,
        high=1.0,
        plausible=(0.1, 0.5),
        source="assumption: no figure found for how many placed trainees stay (docs/SOURCES.md, "
        "Gaps); young first-time migrants placed far from home in a job chosen for them are put to "
        "leave more often than settled migrants return (labour.return_share_per_year); leavers "
        "come home and may migrate again on their own",
    )
    targeting: str = param(
        "poorest",
        unit="rule",
        choices=TARGETING,
        role="lever",
        source="assumption: poorest households first, as poverty-alleviation programmes are meant to target",
    )
    cadres_per_year: int = param(
        0,
        unit="people/year",
        low=0,
        high=1_000_000,
        role="lever",
        plausible=(0, 500),
        source="FACTS: 13 courses for 278 people (set by the scenario; 0 = off)",
    )
    cost_yuan_per_cadre: float = param(
        1500.0, unit="Yuan/person", low=1.0, high=100000.0, plausible=(800.0, 3000.0), source="assumption"
    )
    cadres_for_full_effect: int = param(
        28,
        unit="cadres per village",
        low=1,
        high=1000,
        plausible=(10, 50),
        source="assumption: the 278 of the report, one village in ten",
    )


@dataclass(frozen=True)
class RolloutParams:
    """Which villages each funded year's advancement money goes to (sim/programme/rollout.py,
    docs/PROVINCE.md). ``all``: every village, in proportion to its families, every funded year.
    Otherwise villages not yet advanced are ranked by ``rule`` and taken in that order while the
    year's budget covers their package (``yuan_per_household`` for each family); each village is
    advanced once and what is left of the year's budget is not spent."""

    rule: str = param(
        "all",
        unit="rule",
        choices=ROLLOUT_RULES,
        role="lever",
        source="FACTS: the 2009 batch funded each of its ten villages at once (programme report); "
        "poorest-first, gain-per-yuan and random are planners' rules for a province the yearly "
        "budget cannot cover at once (assumption: no source gives the rule Qinghai used)",
    )
    yuan_per_household: float = param(
        6436.0,
        unit="Yuan/household (a village's package)",
        low=1.0,
        high=1000000.0,
        role="lever",
        plausible=(3860.0, 13000.0),
        source="FACTS (derived): 13 million Yuan of entire-village advancement for 2,020 families "
        "in 2009 (programme report); the Haidong livestock project's 3,860 a household is the low end",
    )


@dataclass(frozen=True)
class ProgrammeParams:
    """The pairing-off programme as a planner composes it."""

    schedule: ScheduleParams = group(ScheduleParams)
    village_advancement: VillageAdvancementParams = group(VillageAdvancementParams)
    projects: ProjectCosts = group(ProjectCosts)
    infrastructure: InfrastructureParams = group(InfrastructureParams)
    organising: OrganisingParams = group(OrganisingParams)
    rolling: RollingParams = group(RollingParams)
    training: LabourTrainingParams = group(LabourTrainingParams)
    rollout: RolloutParams = group(RolloutParams)
