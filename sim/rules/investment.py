"""How households invest, give up what loses money, and sell in distress: one rule for all.

Once a year, in ``finance.investment_month``, every household (with or without a programme):

1. **sells in distress** when its debt is beyond what it may borrow: animals, stock first, at a
   discount, until the debt is back within its credit (FACTS: BRAC's poorest lost their assets
   after shocks; Balboni et al. 2022);
2. **gives up** an activity whose running costs exceed what it brings in at this year's prices
   (its herd of a species, its greenhouses, layers or business);
3. **invests** in the unit of an activity it knows (or that its village knows) with the best
   expected yearly return on the unit's price, if that return clears ``finance.hurdle_return_
   per_year`` and its savings and credit cover the price: a breeding female, a batch of layers,
   a mu of greenhouse or orchard, a vehicle or a canteen (:mod:`sim.rules.unit_economics`).
   The return is net of depreciation and of the local wages the unit's working days displace,
   and judged prudently, at sales prices ``finance.prudence_sd`` standard deviations below this
   year's (so thin-margin, volatile activities such as layers and sows need a good year); an
   activity new to the household is expected to earn at a newcomer's productivity. Grazing
   animals need room under the village's grazing limit, shared out in a random order.

The rule reads only the household's own state, its village and its prices: a programme changes
what it decides only through what it changed (capital, skills, memberships, roads).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from sim.assets import Asset
from sim.ledger import Source
from sim.rules.business import BUSINESS_ASSET, close
from sim.rules.context import Month
from sim.rules.grazing import TIERS, village_sheep_units
from sim.rules.greenhouse import first_season
from sim.rules.labour_time import plan_labour
from sim.rules.land import give_up_land, holding
from sim.rules.learning import start_learning
from sim.rules.livestock import SPECIES_ASSET, SPECIES_INDEX, deaths, sale_index
from sim.rules.returns_kernel import best_options, expected_returns_kernel
from sim.rules.unit_economics import LAYER_BATCH, LEARNS, OPTIONS, Option, UnitEconomics, unit_economics
from sim.state import Business, HerdClass
from sim.villages import CATTLE, PIGS, SPECIES
from sim.world import Index

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]
BREEDING = (HerdClass.FEMALES, HerdClass.HEIFERS_1, HerdClass.HEIFERS_2)
# A household in distress sells as a village destocks: stock first, breeding animals last.
SALE_ORDER = tuple(c for tier in TIERS for c in tier)


def entry_class(species: int) -> HerdClass:
    """Where a bought breeding female joins the herd: a cow or ewe in calf or lamb among the
    breeding females; a gilt, not yet served, among the replacements, to join the sows at the
    next growing-up month (she cannot farrow within the gestation)."""
    return HerdClass.HEIFERS_1 if species == PIGS else HerdClass.FEMALES


def credit_limit(m: Month) -> FloatArray:
    """What each household may owe: a lender's ceiling, and no more than its last net income
    times ``finance.credit_limit_income_share``. Before any year has closed, the lender judges
    a household by a subsistence income for its size."""
    finance, state = m.params.finance, m.state
    if m.year > 0:
        income = np.maximum(state.last_net_income, 0.0)
    else:
        income = state.people * m.params.households.subsistence_yuan_per_person_year * m.level(Index.CPI)
    return np.minimum(finance.credit_limit_yuan, finance.credit_limit_income_share * income)


def investment_month(m: Month) -> BoolArray:
    """Distress sales, giving up and investing, in the investment month; returns which
    households' activities changed (a mask). Every herd's deaths since the last herd event
    are drawn first, so every herd may have changed too."""
    changed = np.zeros(m.state.size, dtype=bool)
    if m.month != m.params.finance.investment_month:
        return changed
    # Herds are about to change hands: the deaths since the last herd event come first.
    m.herds.draw_deaths(m.state.herd, deaths(m))
    changed |= sell_in_distress(m)
    economics = unit_economics(m)
    gave_up = give_up_losers(m, economics)
    if gave_up.any():
        changed |= gave_up
        economics = refreshed(m, economics)
    changed |= invest(m, economics)
    return changed


def refreshed(m: Month, economics: UnitEconomics) -> UnitEconomics:
    """The month's unit economics after households gave up or bought: the same prices, since
    what they depend on (this year's prices, the households' memberships and skills, the
    village markets) is set outside the investment month (the markets by the model's resets,
    the memberships by the programme); only the productivity the margins are read at may have
    moved. Recomputing them priced every household of a province twice more a year (about a
    tenth of a second each time)."""
    return replace(economics, productivity=np.asarray(m.state.productivity, dtype=np.float64))


def sell_in_distress(m: Month) -> BoolArray:
    """Households in debt beyond their credit sell animals (stock, then replacements, then
    breeding females and young), at a discount, to get back within it. A head fetches its own
    sale price (village market, contract, membership) less the discount of selling in a hurry;
    the breeding stock sold leaves the asset register in proportion."""
    state, herds = m.state, m.herds
    need = -credit_limit(m) - state.savings
    rows = np.flatnonzero(need > 0)
    changed = np.zeros(state.size, dtype=bool)
    if rows.size == 0:
        return changed
    discount = 1.0 - m.params.finance.distress_discount
    head_price = np.stack([herds.price[s] * sale_index(m, s)[rows] for s in range(len(SPECIES))]) * discount
    breeding_before = state.herd[:, list(BREEDING)][:, :, rows].sum(axis=1)
    left = need[rows].copy()
    proceeds = np.zeros(rows.size)
    for c in SALE_ORDER:
        for s in range(len(SPECIES)):
            head = state.herd[s, c, rows].astype(np.int64)
            if not head.any():
                continue
            price = head_price[s] * (herds.young_price_share if c == HerdClass.YOUNG else 1.0)
            wanted = np.ceil(np.maximum(left, 0.0) / np.maximum(price, 1e-9))
            out = np.where(price > 0, np.minimum(head, wanted), 0).astype(np.int64)
            state.herd[s, c, rows] -= out.astype(state.herd.dtype)
            cash = out * price
            proceeds += cash
            left -= cash
    sold = proceeds > 0
    if not sold.any():
        return changed
    m.ledger.earn_at(Source.LIVESTOCK, rows[sold], proceeds[sold])
    sellers = rows[sold]
    breeding = state.herd[:, list(BREEDING)][:, :, sellers].sum(axis=1)
    state.herd_capacity[:, sellers] = np.minimum(state.herd_capacity[:, sellers], breeding)
    np.minimum(state.improved_cows, state.herd[CATTLE, HerdClass.FEMALES], out=state.improved_cows)
    for s in range(len(SPECIES)):
        before = breeding_before[s, sold]
        share = np.zeros(state.size)
        share[sellers] = np.divide(before - breeding[s], before, out=np.zeros(sellers.size), where=before > 0)
        if share.any():
            m.assets.dispose(SPECIES_ASSET[s], share, m.index, m.ledger)
    changed[sellers] = True
    return changed


def give_up_losers(m: Month, economics: UnitEconomics) -> BoolArray:
    """Activities that no longer cover their running costs are given up; returns by whom (a
    mask)."""
    state = m.state
    changed = np.zeros(state.size, dtype=bool)
    # Every margin is read at the productivity before anything is given up (giving up one
    # activity may restart the learning of another).
    productivity = np.array(economics.productivity, dtype=np.float64)
    for s in range(len(SPECIES)):
        # A household whose animals all died still means to keep the species (its capacity):
        # it gives that up too, rather than restock at a loss.
        keeps = (state.herd[s].sum(axis=0) > 0) | (state.herd_capacity[s] > 0)
        losing = losing_on(economics, s, keeps, productivity)
        if losing.any():
            sell_herd(m, s, losing)
            changed |= losing
    for asset, option in ((Asset.GREENHOUSE, Option.GREENHOUSE), (Asset.ORCHARD, Option.ORCHARD)):
        held = holding(state, asset)
        losing = losing_on(economics, option, held > 0, productivity)
        if losing.any():
            give_up_land(m, asset, np.where(losing, held, 0.0))
            changed |= losing
    losing = losing_on(economics, Option.LAYERS, state.layers > 0, productivity)
    if losing.any():
        m.assets.dispose(Asset.LAYERS, losing.astype(np.float64), m.index, m.ledger)
        state.layers[losing] = 0
        changed |= losing
    for kind, option in ((Business.TRANSPORT, Option.VEHICLE), (Business.CANTEEN, Option.CANTEEN)):
        losing = losing_on(economics, option, state.business == kind, productivity)
        if losing.any():
            close(m, losing)
            changed |= losing
    return changed


def losing_on(economics: UnitEconomics, option: int, runs: BoolArray, productivity: FloatArray) -> BoolArray:
    """Of the households that run ``option`` (a mask), those whose margin on it at
    ``productivity`` is negative: the margin computed for them alone, each value as for all."""
    at = np.flatnonzero(runs)
    losing = np.zeros(runs.size, dtype=bool)
    losing[at] = economics.margin_of(option, at, productivity) < 0
    return losing


def sell_herd(m: Month, species: int, rows: BoolArray) -> None:
    """Households (a mask) sell every animal of a species and keep none from now on."""
    state = m.state
    at = np.flatnonzero(rows)
    head = state.herd[species][:, at].astype(np.int64)  # (class, household)
    price = m.herds.price[species] * sale_index(m, species, at)
    weights = np.where(np.arange(head.shape[0]) == HerdClass.YOUNG, m.herds.young_price_share, 1.0)
    worth = weights[0] * head[0]  # head weighted by class, class by class (no BLAS)
    for c in range(1, head.shape[0]):
        worth = worth + weights[c] * head[c]
    m.ledger.earn_at(Source.LIVESTOCK, at, price * worth)
    state.herd[species][:, rows] = 0
    state.herd_capacity[species, rows] = 0
    state.stock_target[species, rows] = 0
    if species == CATTLE:
        state.improved_cows[rows] = 0
    m.assets.dispose(SPECIES_ASSET[species], rows.astype(np.float64), m.index, m.ledger)
    if species == PIGS:
        m.assets.dispose(Asset.PIG_PENS, rows.astype(np.float64), m.index, m.ledger)


def knows(m: Month) -> tuple[BoolArray, BoolArray]:
    """(known, eligible) per option and household: an activity the household runs, and one it
    or its village runs (or is the village's industry)."""
    state = m.state
    village = state.village
    villages = m.grazing_limit.size
    known = np.zeros((len(OPTIONS), state.size), dtype=bool)
    for s in range(len(SPECIES)):
        known[s] = state.herd[s, list(BREEDING)].sum(axis=0) > 0
    known[Option.LAYERS] = state.layers > 0
    known[Option.GREENHOUSE] = state.greenhouse_mu + state.greenhouse_building_mu > 0
    known[Option.ORCHARD] = state.garden_mu > 0
    known[Option.VEHICLE] = state.business == Business.TRANSPORT
    known[Option.CANTEEN] = state.business == Business.CANTEEN
    in_village = np.stack([np.bincount(village, weights=row, minlength=villages) > 0 for row in known])
    industry = np.zeros((len(OPTIONS), villages), dtype=bool)
    industry[m.village_option, np.arange(villages)] = True
    eligible = known | (in_village | industry)[:, village]
    return known, eligible


def room(m: Month) -> BoolArray:
    """Whether each household has room for one more unit of each option: (Option, household).
    Labour is not a limit here: a unit that needs more days than the household can spare is
    charged the wages of the days it displaces or hires (see ``expected_returns``)."""
    state, params = m.state, m.params
    projects = params.programme.projects
    out = np.zeros((len(OPTIONS), state.size), dtype=bool)
    for s, species in enumerate(SPECIES):
        most = getattr(params.livestock, species.value).max_breeding_females
        out[s] = state.herd_capacity[s] + 1 <= most
    out[Option.LAYERS] = state.layers + LAYER_BATCH <= projects.max_birds
    land = state.land_mu >= 1.0
    greenhouses = state.greenhouse_mu + state.greenhouse_building_mu
    out[Option.GREENHOUSE] = land & (greenhouses + 1.0 <= projects.max_greenhouse_mu)
    out[Option.ORCHARD] = land & (state.garden_mu + 1.0 <= projects.max_garden_mu)
    for option, kind, most in (
        (Option.VEHICLE, Business.TRANSPORT, projects.max_vehicles),
        (Option.CANTEEN, Business.CANTEEN, projects.max_canteens),
    ):
        out[option] = np.isin(state.business, (Business.NONE, kind)) & (state.units_of(kind) + 1.0 <= most)
    return out


def expected_returns(m: Month, economics: UnitEconomics, known: BoolArray, eligible: BoolArray) -> FloatArray:
    """Each option's expected yearly return on its price, per household, net of depreciation
    and of the wages its days displace (a newcomer expects a newcomer's productivity)."""
    state = m.state
    slack = np.maximum(state.days_available - state.days_needed - state.local_days, 0.0)
    # Per option and household (compiled, sim.rules.returns_kernel): with the productivity it
    # expects (its own if it knows the activity, a newcomer's if not), the margin (fixed +
    # learned x productivity), less a prudent risk (a poor household judges a unit by a bad
    # year, its sales prices finance.prudence_sd standard deviations down), the unit's
    # depreciation and the wages of the days it displaces (beyond the household's slack),
    # per Yuan of its price; -inf where the option is not eligible or has no price.
    return expected_returns_kernel(
        economics.fixed,
        economics.learned,
        economics.revenue,
        LEARNS,
        np.ascontiguousarray(economics.capital[:, 0]),
        np.ascontiguousarray(economics.depreciation[:, 0]),
        economics.days,
        m.params.finance.prudence_sd * economics.price_sd,
        known,
        eligible,
        state.productivity,
        float(m.params.households.first_month_productivity),
        slack,
        m.params.labour.local_wage_yuan_per_day * m.level(Index.WAGES),
    )


def invest(m: Month, economics: UnitEconomics) -> BoolArray:
    """Each household adds the unit with the best expected return, if it clears the hurdle and
    the household can pay for it (up to ``finance.units_per_year`` units); returns who
    invested (a mask)."""
    state, finance = m.state, m.params.finance
    invested = np.zeros(state.size, dtype=bool)
    for unit in range(finance.units_per_year):
        if unit > 0:  # what the first unit took: days (and learning, for newcomers)
            plan_labour(m)
            economics = refreshed(m, economics)
        known, eligible = knows(m)
        returns = expected_returns(m, economics, known, eligible)
        returns[~room(m)] = -np.inf
        cash = state.savings + credit_limit(m)
        returns[economics.capital > cash[np.newaxis, :]] = -np.inf
        best = best_options(returns)
        rows = np.flatnonzero(returns[best, np.arange(state.size)] >= finance.hurdle_return_per_year)
        rows, choice = share_the_grass(m, rows, best[rows], economics, unit)
        if rows.size == 0:
            break
        for option in OPTIONS:
            mine = rows[choice == option]
            if mine.size:
                buy(m, option, mine, economics.capital[option, mine], known[option, mine])
        invested[rows] = True
    return invested


def share_the_grass(
    m: Month, rows: IntArray, choice: IntArray, economics: UnitEconomics, unit: int = 0
) -> tuple[IntArray, IntArray]:
    """Grazing animals are bought only as far as the village's grazing limit has room, the
    households served in a random order (of the year's ``unit``-th round), each household's
    place in it drawn by itself (so who else buys does not move it among the others)."""
    grazing = economics.sheep_units[choice] > 0
    if not grazing.any():
        return rows, choice
    order = np.argsort(m.draws("investment", part=unit).uniform(rows), kind="stable")
    rows, choice, grazing = rows[order], choice[order], grazing[order]
    village = m.state.village[rows]
    room = np.maximum(m.grazing_limit - village_sheep_units(m), 0.0)
    need = np.where(grazing, economics.sheep_units[choice], 0.0)
    keep = np.ones(rows.size, dtype=bool)
    # The grazing buyers grouped by village, each village's in the order served.
    grazers = np.flatnonzero(grazing)
    grazers = grazers[np.argsort(village[grazers], kind="stable")]
    bounds = np.flatnonzero(np.diff(village[grazers])) + 1
    for mine in np.split(grazers, bounds):
        v = village[mine[0]]
        keep[mine] = np.cumsum(need[mine]) <= room[v] + 1e-9
    return rows[keep], choice[keep]


def buy(m: Month, option: Option, rows: IntArray, price: FloatArray, known: BoolArray) -> None:
    """Households pay for and take on one unit of ``option``; their new fixed assets go on the
    register."""
    state, params = m.state, m.params
    assets = params.assets
    m.ledger.invest_at(rows, price)
    month = m.index
    if option in (Option.CATTLE, Option.SHEEP, Option.PIGS):
        s = int(option)
        p = getattr(params.livestock, SPECIES[s].value)
        state.herd[s, entry_class(s), rows] += 1
        state.herd_capacity[s, rows] += 1
        animal = p.breeding_female_yuan * m.level(SPECIES_INDEX[s])
        m.assets.add(SPECIES_ASSET[s], rows, animal, 1.0, month, round(12 * p.productive_life_years))
        if option == Option.PIGS:
            pen = price - animal
            m.assets.add(Asset.PIG_PENS, rows, pen, 1.0, month, round(12 * assets.pig_pen_life_years))
        return
    if option == Option.LAYERS:
        state.layers[rows] += LAYER_BATCH
        m.assets.add(Asset.LAYERS, rows, price, LAYER_BATCH, month, round(12 * assets.layer_house_life_years))
        return
    if option == Option.GREENHOUSE:
        # A newcomer learns from the greenhouse's first season (sim.rules.greenhouse), not now.
        state.greenhouse_learning_span[rows[~known]] = params.households.learning_months
        state.land_mu[rows] -= 1.0
        state.greenhouse_building_mu[rows] += 1.0
        season = first_season(m)
        state.greenhouse_ready[rows] = season
        life = round(12 * assets.greenhouse_life_years)
        m.assets.add(Asset.GREENHOUSE, rows, price, 1.0, month, life, start=np.full(rows.size, season))
        return
    if option == Option.ORCHARD:
        state.land_mu[rows] -= 1.0
        state.garden_mu[rows] += 1.0
        m.assets.add(Asset.ORCHARD, rows, price, 1.0, month, round(12 * assets.orchard_life_years))
    else:
        kind = Business.TRANSPORT if option == Option.VEHICLE else Business.CANTEEN
        years = assets.vehicle_life_years if kind == Business.TRANSPORT else assets.canteen_life_years
        state.business_units[rows] = state.units_of(kind)[rows] + 1.0
        state.business[rows] = kind
        m.assets.add(BUSINESS_ASSET[kind], rows, price, 1.0, month, round(12 * years))
    new = np.zeros(state.size, dtype=bool)
    new[rows[~known]] = True
    start_learning(m, new, params.households.learning_months)
