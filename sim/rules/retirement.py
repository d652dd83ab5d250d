"""Worn-out assets leave: a greenhouse, orchard, vehicle, canteen or henhouse at the end of its
life stops earning; the household may build or buy again (:mod:`sim.rules.investment`)."""

from __future__ import annotations

import numpy as np

from sim.assets import Asset
from sim.rules.business import BUSINESS_ASSET
from sim.rules.context import Month
from sim.rules.land import return_land
from sim.state import Business


def retire_assets(m: Month) -> np.ndarray:
    """Remove the units whose lives ended by now; returns which households' did (a mask)."""
    state = m.state
    retired = m.assets.retire(m.index, m.ledger)
    changed = np.zeros(state.size, dtype=bool)
    for units in retired.values():
        changed |= units > 0
    if not retired:
        return changed
    for asset in (Asset.GREENHOUSE, Asset.ORCHARD):
        if asset in retired:
            return_land(state, asset, retired[asset])
    if Asset.LAYERS in retired:
        state.layers -= np.minimum(np.round(retired[Asset.LAYERS]).astype(state.layers.dtype), state.layers)
    for kind, asset in BUSINESS_ASSET.items():
        if asset in retired:
            mine = state.business == kind
            state.business_units[mine] = np.maximum(state.business_units[mine] - retired[asset][mine], 0.0)
            state.business[mine & (state.business_units <= 0)] = Business.NONE
    return changed
