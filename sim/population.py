"""The ten villages' households at the start (January of the first year).

Households differ in size and age make-up, land and herds (an endowment spread as herds are
among herders; land by its square root), skill (how well they farm, keep animals and work)
and savings. The greenhouses, gardens and businesses they already have are on the asset
register at ages spread over their lives, so their depreciation is in the accounts from the
first year, as it would be in a village that has had them for a while.

Every quantity is drawn from its own process at step -1 (the set-up), one sequence per
household slot (:mod:`sim.crn`); the people beyond the heads are placed in households by draws
of their own slots (a person's number in the villages' list of people).
"""

from __future__ import annotations

import numpy as np

from sim.assets import Asset, AssetRegister
from sim.crn import HouseholdDraws
from sim.herd_steady_state import young_and_stock_per_female
from sim.params import Parameters
from sim.state import HERD_DTYPE, Business, HerdClass, HouseholdState
from sim.streams import Streams
from sim.villages import SPECIES, Species, VillageSpec, association_of

SET_UP = -1  # the step of the draws made before the first month


def build_households(
    villages: tuple[VillageSpec, ...], params: Parameters, streams: Streams
) -> HouseholdState:
    """Draw every household of every village; totals of families and people are exact."""

    def draws(quantity: str) -> HouseholdDraws:
        return streams.households(f"population.{quantity}", SET_UP)

    village = np.repeat(np.arange(len(villages)), [v.households for v in villages])
    n = village.size
    demo = params.demography
    sigma = params.households.endowment_sigma
    endowment = draws("endowment").lognormal(n, -0.5 * sigma**2, sigma)

    # Household sizes: one head each, each of the village's other people placed in one of
    # its households at random, so families and people add up exactly to the village's figures.
    households = np.array([v.households for v in villages])
    first_row = np.cumsum(households) - households
    extra_people = np.array([v.people - v.households for v in villages])
    home_village = np.repeat(np.arange(len(villages)), extra_people)
    home = first_row[home_village] + (
        draws("home").uniform(home_village.size) * households[home_village]
    ).astype(np.int64)
    size = 1 + np.bincount(home, minlength=n)

    # Age bands: the head is of prime age; every other member is drawn from the population's
    # shares, with the heads' share taken out of the prime band.
    shares = np.array([demo.children_share, demo.young_share, 0.0, demo.elderly_share])
    shares[2] = max(0.0, 1.0 - shares.sum() - (n / size.sum()))
    band = np.searchsorted(
        np.cumsum(shares / shares.sum()), draws("age_band").uniform(home.size), side="right"
    )
    bands = np.bincount(home * 4 + np.minimum(band, 3), minlength=4 * n).reshape(n, 4)
    children, young, prime, elderly = (bands[:, k] for k in range(4))
    prime = prime + 1

    land_per_person = np.array([v.land_mu_per_person for v in villages])[village]
    land_mu = (land_per_person * size * np.sqrt(endowment)).astype(np.float64)
    garden_mu = np.array([v.garden_mu_per_household for v in villages])[village] * endowment

    greenhouse_share = np.array([v.greenhouse_share for v in villages])[village]
    greenhouse_mu = np.where(draws("greenhouse").bernoulli(n, greenhouse_share), 1.0, 0.0)
    # Greenhouses and gardens stand on the household's land: what is left is its fields.
    land_mu = np.maximum(land_mu - greenhouse_mu - garden_mu, 0.0)

    draw = draws("business").uniform(n)
    transport = np.array([v.transport_share for v in villages])[village]
    canteen = np.array([v.canteen_share for v in villages])[village]
    business = np.full(n, Business.NONE, dtype=np.int64)
    business[draw < transport] = Business.TRANSPORT
    business[(draw >= transport) & (draw < transport + canteen)] = Business.CANTEEN

    herd = np.zeros((len(SPECIES), len(HerdClass), n), dtype=HERD_DTYPE)
    for s, species in enumerate(SPECIES):
        mean = np.array([v.herds[species] for v in villages])[village] * endowment
        females = draws(f"{species.value}.females").poisson(n, mean)
        young_ratio, heifer_ratio, stock_ratio = young_and_stock_per_female(
            getattr(params.livestock, species.value)
        )
        herd[s, HerdClass.FEMALES] = females
        herd[s, HerdClass.YOUNG] = draws(f"{species.value}.young").poisson(n, females * young_ratio)
        herd[s, HerdClass.HEIFERS_1] = draws(f"{species.value}.heifers").poisson(n, females * heifer_ratio)
        herd[s, HerdClass.STOCK] = draws(f"{species.value}.stock").poisson(n, females * stock_ratio)
    pigs = SPECIES.index(Species.PIGS)
    fatteners = draws("fatteners").poisson(n, np.array([v.fatteners for v in villages])[village] * endowment)
    herd[pigs, HerdClass.STOCK] += fatteners
    flock = draws("flock").poisson(n, np.array([v.poultry for v in villages])[village] * endowment)
    herd_capacity = herd[:, HerdClass.FEMALES].copy()
    stock_target = np.zeros_like(herd_capacity)
    stock_target[pigs] = fatteners

    migrants = draws("migrants").binomial(n, young + prime - 1, params.labour.initial_migrant_share)
    sigma = params.households.skill_sigma
    skill = draws("skill").lognormal(n, -0.5 * sigma**2, sigma)
    savings = params.finance.initial_savings_yuan_per_person * size * endowment

    # The poorest by endowment receive the subsistence allowance (dibao).
    allowance = endowment < np.quantile(endowment, params.transfers.subsistence_allowance_share)
    organisations = params.organisations
    member = draws("cooperative").bernoulli(n, organisations.cooperative_initial_share)
    served_by = np.array([association_of(v.industry) for v in villages])[village]
    joins = draws("association").bernoulli(n, organisations.association_initial_share) & (served_by >= 0)
    association = np.where(joins, served_by, -1)

    return HouseholdState(
        village=village,
        children=children,
        young=young,
        prime=prime,
        elderly=elderly,
        migrants=migrants,
        certified=np.zeros(n, dtype=np.int64),
        certified_away=np.zeros(n, dtype=np.int64),
        placed=np.zeros(n, dtype=np.int64),
        land_mu=land_mu,
        fields_sown=np.ones(n, dtype=bool),
        garden_mu=garden_mu,
        greenhouse_mu=greenhouse_mu,
        business=business,
        business_units=(business != Business.NONE).astype(np.float64),
        productivity=np.ones(n),
        learning_started=np.full(n, -1, dtype=np.int64),
        learning_span=np.zeros(n),
        skill=skill,
        greenhouse_building_mu=np.zeros(n),
        greenhouse_ready=np.full(n, -1, dtype=np.int64),
        greenhouse_learning_span=np.zeros(n),
        herd=herd,
        herd_capacity=herd_capacity,
        stock_target=stock_target,
        improved_cows=np.zeros(n, dtype=np.int64),
        flock=flock,
        flock_target=flock.copy(),
        layers=np.zeros(n, dtype=np.int64),
        savings=savings,
        subsistence_allowance=allowance,
        cooperative_member=member,
        association=association,
        served_by_association=served_by,
        last_net_income=np.zeros(n),
        in_course=np.zeros(n, dtype=np.int64),
        days_available=np.zeros(n),
        days_needed=np.zeros(n),
        days_hired=np.zeros(n),
        local_days=np.zeros(n),
        hired_by_source=np.zeros((4, n)),
        days_saved_per_worker=np.zeros(n),
        illness_risk=np.ones(n),
        medical_cost_factor=np.ones(n),
        illness_months_saved=np.zeros(n, dtype=np.int64),
        fuel_saving=np.zeros(n),
        endowment=endowment,
    )


def register_initial_assets(
    state: HouseholdState, register: AssetRegister, params: Parameters, streams: Streams
) -> None:
    """Put the greenhouses, orchards, vehicles and canteens households already have on the
    register, each of an age drawn evenly over its life (bought before the first month)."""
    assets = params.assets
    transport, canteen = state.units_of(Business.TRANSPORT), state.units_of(Business.CANTEEN)
    for asset, units, price, years in (
        (Asset.GREENHOUSE, state.greenhouse_mu, assets.greenhouse_yuan_per_mu, assets.greenhouse_life_years),
        (Asset.ORCHARD, state.garden_mu, assets.orchard_yuan_per_mu, assets.orchard_life_years),
        (Asset.VEHICLE, transport, assets.vehicle_yuan, assets.vehicle_life_years),
        (Asset.CANTEEN, canteen, assets.canteen_yuan, assets.canteen_life_years),
    ):
        life = max(round(12 * years), 1)
        rows = np.flatnonzero(units > 0)
        ages = streams.households(f"population.assets.{asset.name.lower()}", SET_UP).integers(rows, life)
        register.add(asset, rows, units[rows] * price, units[rows], 0, life, start=-ages)
