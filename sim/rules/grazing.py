"""The village's grassland: how many sheep units its grazing herds may keep over winter.

Qinghai stocked 30.20 M sheep units in 2009 against a theoretical capacity of 16.08 M (FACTS:
87.8% overstocked). Each village's grassland is taken to be stocked as the province's was: its
area is what carries its expected pre-programme herd at the proper rate times 1.878. The herd
it may keep over winter is that area's proper capacity times ``grazing.tolerated_overstocking``
(by default the 2009 level: grass already overused carries no more). In the destocking month,
after the autumn sales, a village above its limit sells the excess: every household the same
share of its grazing stock, then of its replacements, breeding females and young. Improved
dairy cows are stall-fed (their feed is bought): they do not count on the grass.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sim.herd_steady_state import steady_herd
from sim.params import Parameters
from sim.rules.context import Month
from sim.rules.livestock import deaths, sell
from sim.state import HerdClass
from sim.villages import CATTLE, SPECIES, VillageSpec

PROVINCE_OVERSTOCKING_2009 = 30.2005 / 16.0808  # FACTS: stocked / theoretical capacity, 2009
FloatArray = NDArray[np.float64]
# Classes sold to destock, tier by tier: stock, then replacements, then breeding females and young.
TIERS = ((HerdClass.STOCK,), (HerdClass.HEIFERS_2, HerdClass.HEIFERS_1), (HerdClass.FEMALES, HerdClass.YOUNG))


def expected_sheep_units(village: VillageSpec, params: Parameters) -> float:
    """Sheep units a village's households graze on average before the programme."""
    grazing = params.livestock.grazing
    total = 0.0
    for species in SPECIES:
        p = getattr(params.livestock, species.value)
        if not p.grazing:
            continue
        head = steady_herd(p).adult_equivalents(grazing.young_sheep_unit_share)
        total += village.herds[species] * p.sheep_units_per_head * head
    return total * village.households


def grassland_ha(villages: tuple[VillageSpec, ...], params: Parameters) -> FloatArray:
    """Each village's grassland, hectares: what carries its pre-programme herd at the province's
    2009 stocking."""
    proper = params.livestock.grazing.proper_sheep_units_per_ha
    return np.array([expected_sheep_units(v, params) for v in villages]) / (
        proper * PROVINCE_OVERSTOCKING_2009
    )


def grazing_limit(villages: tuple[VillageSpec, ...], params: Parameters) -> FloatArray:
    """Sheep units each village may keep over winter."""
    grazing = params.livestock.grazing
    return grassland_ha(villages, params) * grazing.proper_sheep_units_per_ha * grazing.tolerated_overstocking


def village_sheep_units(m: Month) -> FloatArray:
    """Sheep units each village grazes now."""
    units = m.herds.household_sheep_units(m.state.herd, m.state.improved_cows)
    return np.bincount(m.state.village, weights=units, minlength=m.grazing_limit.size)


def sellable(m: Month, herd_class: HerdClass) -> NDArray[np.int32]:
    """Head of a class each household may sell to destock: (species, household)."""
    head = m.state.herd[:, herd_class, :].copy()
    if herd_class == HerdClass.FEMALES:
        head[CATTLE] = np.maximum(head[CATTLE] - m.state.improved_cows, 0)
    return head


def destocking_month(m: Month) -> NDArray[np.bool_]:
    """In the destocking month, after the autumn sales, villages above their limit sell the
    excess; returns which households' herds changed (a mask)."""
    if m.month != m.params.livestock.grazing.destocking_month:
        return np.zeros(m.state.size, dtype=bool)
    return destock(m)


def destock(m: Month) -> NDArray[np.bool_]:
    """Villages above their limit sell the excess; returns which households' herds changed
    (a mask)."""
    state, herds = m.state, m.herds
    excess = village_sheep_units(m) - m.grazing_limit
    if not np.any(excess > 1e-9):
        return np.zeros(state.size, dtype=bool)
    village = state.village
    # The herds about to be cut back first lose the animals that died since their last draw
    # (nothing, when the destocking month has herd events, which draw them all).
    herds.draw_deaths(state.herd, deaths(m), np.flatnonzero((excess > 1e-9)[village]))
    sold = np.zeros((len(SPECIES), state.size), dtype=state.herd.dtype)
    young_sold = np.zeros_like(sold)
    breeding_sold = np.zeros((len(SPECIES), state.size), dtype=bool)
    left = np.maximum(excess, 0.0)
    for tier in TIERS:
        # The head of this tier that may be sold (improved cows are stall-fed: not them), their
        # sheep units per household and village, and the share each household must sell.
        head = {c: sellable(m, c) for c in tier}
        units = np.zeros((len(SPECIES), state.size))  # sheep units, (species, household)
        for c in tier:
            units += herds.sheep_units[:, c, np.newaxis] * head[c]
        in_village = np.bincount(village, weights=units.sum(axis=0), minlength=left.size)
        share = np.divide(left, in_village, out=np.zeros_like(left), where=in_village > 0)
        share = np.minimum(share, 1.0)[village]
        if not share.any():
            continue
        for c in tier:
            out = np.ceil(head[c] * share[np.newaxis, :] - 1e-9).astype(state.herd.dtype)
            out = np.where(herds.grazing[:, np.newaxis], np.minimum(out, head[c]), 0).astype(state.herd.dtype)
            state.herd[:, c, :] -= out
            sold += out
            if c == HerdClass.YOUNG:
                young_sold += out
            elif c != HerdClass.STOCK:
                breeding_sold |= out > 0
        taken = np.bincount(village, weights=(units * share[np.newaxis, :]).sum(axis=0), minlength=left.size)
        left = np.maximum(left - taken, 0.0)
        if not np.any(left > 1e-9):
            break
    # Who sold breeding animals keeps a smaller breeding herd from now on.
    breeding = (
        state.herd[:, HerdClass.FEMALES]
        + state.herd[:, HerdClass.HEIFERS_1]
        + state.herd[:, HerdClass.HEIFERS_2]
    )
    np.minimum(state.herd_capacity, breeding, out=state.herd_capacity, where=breeding_sold)
    np.minimum(state.improved_cows, state.herd[CATTLE, HerdClass.FEMALES], out=state.improved_cows)
    sell(m, sold, young_sold)
    changed: NDArray[np.bool_] = sold.any(axis=0)
    return changed
