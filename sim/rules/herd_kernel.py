"""The herd events of one month, compiled: deaths, growing up, births, sales, restocking and
the New Year slaughter, for every household's cattle, sheep and pigs in one pass.

Why compiled: a herd event touches every (species, class, household) cell but changes few of
them; in numpy each step costs a pass over all cells and an allocation, and the herd events
were four fifths of a run's time. Numba compiles this loop once (cached on disk) and the
results are drawn from the run's own ``livestock`` stream, so they stay reproducible.

Deaths since the last event: an animal of class ``c`` of household ``i`` dies with probability
``1 - exp(-hazard[c] * exposure[i])``. They are drawn by geometric skips over the row's animals
at the row's upper bound and thinned to each animal's own probability, which is exact and
costs per death rather than per animal.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

FEMALES, YOUNG, STOCK, HEIFERS_1, HEIFERS_2 = 0, 1, 2, 3, 4


FAR = 2**62  # beyond any herd: a gap this long means no (further) event


@njit(cache=True)
def skip(rng: np.random.Generator, log_q: float) -> int:
    """Bernoulli trials up to and including the next success (geometric), at log(1 - p).

    Capped at FAR, so that a vanishing probability cannot overflow the integer position.
    """
    gap = np.log(1.0 - rng.random()) / log_q
    return FAR if gap >= FAR else 1 + int(gap)


@njit(cache=True)
def small_binomial(n: int, p: float, rng: np.random.Generator) -> int:
    """Binomial(n, p) by inversion from one uniform: exact, and cheap for small ``n * p``."""
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    if p > 0.5:
        return n - small_binomial(n, 1.0 - p, rng)
    if n * p > 30.0:
        return rng.binomial(n, p)
    q = 1.0 - p
    odds = p / q
    step = (n + 1) * odds
    mass = q**n  # P(X = 0)
    u = rng.random()
    x = 0
    while u > mass and x < n:
        u -= mass
        x += 1
        mass *= step / x - odds  # P(X = x) from P(X = x - 1)
    return x


@njit(cache=True)
def draw_deaths(
    herd: NDArray[np.int32],
    hazard: NDArray[np.float64],
    exposure: NDArray[np.float64],
    rng: np.random.Generator,
) -> None:
    """Remove the animals that died over ``exposure`` (hazard-months per species, household)."""
    species, classes, households = herd.shape
    for s in range(species):
        worst = exposure[s].max()
        for c in range(classes):
            rate = hazard[s, c]
            bound = -np.expm1(-rate * worst)
            if bound <= 0.0:
                continue
            log_q = np.log1p(-bound)
            if log_q == 0.0:
                continue  # a probability too small to represent: no deaths
            event = skip(rng, log_q) - 1  # position of the next candidate death
            start = 0
            for i in range(households):
                end = start + herd[s, c, i]
                dead = 0
                while event < end:
                    if rng.random() * bound < -np.expm1(-rate * exposure[s, i]):
                        dead += 1
                    event = min(event + skip(rng, log_q), FAR)
                herd[s, c, i] -= dead
                start = end


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
    rng: np.random.Generator,
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

    Returns:
        (sold, culled, bought, killed): head per species and household; ``sold`` includes
        the culled breeding females.
    """
    species, _, households = herd.shape
    sold = np.zeros((species, households), dtype=np.int32)
    culled_out = np.zeros((species, households), dtype=np.int32)
    bought = np.zeros((species, households), dtype=np.int32)
    killed = np.zeros((species, households), dtype=np.int32)
    for s in range(species):
        stages = heifer_stages[s]
        for i in range(households):
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
                kept = min(small_binomial(young, 0.5, rng), room) if room > 0 else 0
                # Still short: grown females of the stock (old enough to breed) take the place.
                promoted = 0
                if kept < room and herd[s, STOCK, i] > 0:
                    promoted = min(small_binomial(herd[s, STOCK, i], 0.5, rng), room - kept)
                herd[s, STOCK, i] += young - kept - promoted
                herd[s, YOUNG, i] = 0
                joining += promoted
                if stages == 0:
                    joining += kept
                else:
                    herd[s, HEIFERS_1, i] += kept
            if birth[s] and herd[s, FEMALES, i] > 0:
                p = min(birth_rate[s] * birth_factor[i], 1.0)
                births = small_binomial(herd[s, FEMALES, i], p, rng)
                if births > 0 and litter_size[s] > 1.0:
                    births = rng.poisson(births * litter_size[s])
                herd[s, YOUNG, i] += births
            if sale[s]:
                culled = min(int(herd[s, FEMALES, i] * cull_share[s] + rng.random()), herd[s, FEMALES, i])
                offtake = int(herd[s, STOCK, i] * offtake_share[s] + rng.random())
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
                wanted = int(home_slaughter[s] + rng.random())
                killed[s, i] = min(wanted, herd[s, STOCK, i])
                herd[s, STOCK, i] -= killed[s, i]
    return sold, culled_out, bought, killed
