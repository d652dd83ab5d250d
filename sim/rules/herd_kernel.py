"""The herd events of one month, compiled: deaths, growing up, births, sales, restocking and
the New Year slaughter, for every household's cattle, sheep and pigs in one pass.

Why compiled: a herd event touches every (species, class, household) cell but changes few of
them; in numpy each step costs a pass over all cells and an allocation, and the herd events
were four fifths of a run's time. Numba compiles this loop once (cached on disk).

Every household draws from its own sequence (:mod:`sim.crn`): the kernels take the key of the
process's draws in the month and start each household at its own slot, so what one household's
herd does never depends on the other households' herds. Counts are drawn by inversion from a
uniform each (in chunks for large counts), which costs per household and class, not per animal.

Deaths since the household's last draw: an animal of class ``c`` of household ``i`` dies with
probability ``1 - exp(-hazard[c] * exposure[i])``, ``exposure`` in (technical-service-weighted)
months.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

from sim.crn import CHUNK_MEAN, binomial_at, poisson_at, slot_state, uniform

FEMALES, YOUNG, STOCK, HEIFERS_1, HEIFERS_2 = 0, 1, 2, 3, 4


@njit(cache=True)
def draw_deaths(
    herd: NDArray[np.int32],
    hazard: NDArray[np.float64],
    exposure: NDArray[np.float64],
    rows: NDArray[np.int64],
    key: np.uint64,
    counters: NDArray[np.int64],
) -> None:
    """Remove the animals of households ``rows`` that died over their ``exposure`` (months per
    household), and start their exposure afresh. ``counters`` holds each household's count of
    draws from ``key`` so far, and is moved on by the draws taken."""
    species, classes, _ = herd.shape
    for i in rows:
        x = exposure[i]
        if x <= 0.0:
            continue
        exposure[i] = 0.0
        state = slot_state(key, i)
        counter = counters[i]
        for s in range(species):
            for c in range(classes):
                n = herd[s, c, i]
                if n <= 0:
                    continue
                y = hazard[s, c] * x
                # The death probability p = 1 - exp(-y) is at most y, so a first uniform below
                # 1 - n y means no death, as binomial_at would find from it at greater cost.
                if y <= 0.5 and n * y <= CHUNK_MEAN and uniform(state, counter) <= 1.0 - n * y:
                    counter += 1
                    continue
                dead, counter = binomial_at(n, -np.expm1(-y), state, counter)
                herd[s, c, i] -= dead
        counters[i] = counter


@njit(cache=True)
def herd_events(
    herd: NDArray[np.int32],
    capacity: NDArray[np.int32],
    stock_target: NDArray[np.int32],
    grow: NDArray[np.bool_],
    birth: NDArray[np.bool_],
    sale: NDArray[np.bool_],
    restock: NDArray[np.bool_],
    new_year: bool,
    birth_rate: NDArray[np.float64],
    litter_size: NDArray[np.float64],
    heifer_stages: NDArray[np.int64],
    stock_per_place: NDArray[np.float64],
    cull_share: NDArray[np.float64],
    offtake_share: NDArray[np.float64],
    home_slaughter: NDArray[np.float64],
    birth_factor: NDArray[np.float64],
    key: np.uint64,
) -> tuple[NDArray[np.int32], NDArray[np.int32], NDArray[np.int32], NDArray[np.int32]]:
    """This month's events after deaths, per species whose calendar has them.

    In order: replacement females move one stage on, the last stage towards the breeding herd;
    for a species without stages, the first stage holds bought gilts not yet served, who go too.
    Last season's young grow up: each female kept as a replacement while the household has room
    under its capacity (counting the replacements already rising), then grown females of the
    stock, the rest to stock. Breeding females give birth (pigs in litters). A planned share of
    the stock is sold and of the breeding females culled, the fraction of an animal rounded up
    or down at random, and any stock beyond what the household can keep (``stock_per_place`` per
    breeding place, plus its fatteners) is sold too. Only then do the month's replacements join
    the breeding herd: they give
    birth from the next birth month, and are not culled in the month they join. Fatteners are
    bought back to the household's usual number; in December animals are killed for the New
    Year table.

    Each household draws from its own sequence of ``key`` (its slot is its row).

    Returns:
        (sold, culled, bought, killed): head per species and household; ``sold`` includes
        the culled breeding females.
    """
    species, _, households = herd.shape
    sold = np.zeros((species, households), dtype=np.int32)
    culled_out = np.zeros((species, households), dtype=np.int32)
    bought = np.zeros((species, households), dtype=np.int32)
    killed = np.zeros((species, households), dtype=np.int32)
    for i in range(households):
        state = slot_state(key, i)
        k = 0  # the household's draws so far
        for s in range(species):
            stages = heifer_stages[s]
            joining = 0  # replacements entering the breeding herd after this month's births
            if grow[s]:
                if stages == 2:
                    joining = herd[s, HEIFERS_2, i]
                    herd[s, HEIFERS_2, i] = herd[s, HEIFERS_1, i]
                    herd[s, HEIFERS_1, i] = 0
                else:
                    # One stage; or none, where the first stage holds only bought gilts waiting
                    # to be served.
                    joining = herd[s, HEIFERS_1, i]
                    herd[s, HEIFERS_1, i] = 0
                young = herd[s, YOUNG, i]
                rising = herd[s, HEIFERS_1, i] + herd[s, HEIFERS_2, i]
                room = max(capacity[s, i] - herd[s, FEMALES, i] - joining - rising, 0)
                kept = 0
                if room > 0:
                    kept, k = binomial_at(young, 0.5, state, k)
                    kept = min(kept, room)
                # Still short: grown females of the stock (old enough to breed) take the place.
                promoted = 0
                if kept < room and herd[s, STOCK, i] > 0:
                    promoted, k = binomial_at(herd[s, STOCK, i], 0.5, state, k)
                    promoted = min(promoted, room - kept)
                herd[s, STOCK, i] += young - kept - promoted
                herd[s, YOUNG, i] = 0
                joining += promoted
                if stages == 0:
                    joining += kept
                else:
                    herd[s, HEIFERS_1, i] += kept
            if birth[s] and herd[s, FEMALES, i] > 0:
                p = min(birth_rate[s] * birth_factor[i], 1.0)
                births, k = binomial_at(herd[s, FEMALES, i], p, state, k)
                if births > 0 and litter_size[s] > 1.0:
                    births, k = poisson_at(births * litter_size[s], state, k)
                herd[s, YOUNG, i] += births
            if sale[s]:
                females = herd[s, FEMALES, i]
                culled = min(int(females * cull_share[s] + uniform(state, k)), females)
                offtake = int(herd[s, STOCK, i] * offtake_share[s] + uniform(state, k + 1))
                k += 2
                # No more stock than the household can house and feed: the excess goes too.
                room = int(stock_per_place[s] * max(capacity[s, i], 1)) + stock_target[s, i]
                offtake = max(offtake, herd[s, STOCK, i] - room)
                herd[s, FEMALES, i] -= culled
                herd[s, STOCK, i] -= offtake
                sold[s, i] = culled + offtake
                culled_out[s, i] = culled
            herd[s, FEMALES, i] += joining
            if restock[s] and herd[s, STOCK, i] < stock_target[s, i]:
                bought[s, i] = stock_target[s, i] - herd[s, STOCK, i]
                herd[s, STOCK, i] = stock_target[s, i]
            if new_year and home_slaughter[s] > 0.0:
                wanted = int(home_slaughter[s] + uniform(state, k))
                k += 1
                killed[s, i] = min(wanted, herd[s, STOCK, i])
                herd[s, STOCK, i] -= killed[s, i]
    return sold, culled_out, bought, killed
