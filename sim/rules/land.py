"""Land uses that end: a greenhouse or orchard given up, or worn out, goes back to the fields.

A household that gives up greenhouses or orchards (they lose money, or a project fails) writes
off the book value of what it gives up; one whose greenhouse or orchard reached the end of its
life has written it off already (:meth:`sim.assets.AssetRegister.retire`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sim.assets import Asset
from sim.rules.context import Month
from sim.state import HouseholdState

FloatArray = NDArray[np.float64]


def holding(state: HouseholdState, asset: Asset) -> FloatArray:
    """The household column of mu held as ``asset`` (greenhouses or orchards), to update in place."""
    if asset == Asset.GREENHOUSE:
        return state.greenhouse_mu
    if asset == Asset.ORCHARD:
        return state.garden_mu
    raise ValueError(f"{asset!r} does not stand on the household's land")


def return_land(state: HouseholdState, asset: Asset, mu: FloatArray) -> None:
    """Up to ``mu`` (per household) of greenhouse or orchard goes back to the fields."""
    held = holding(state, asset)
    out = np.minimum(mu, held)
    held -= out
    state.land_mu += out


def give_up_land(m: Month, asset: Asset, mu: FloatArray) -> None:
    """Households give up ``mu`` of their greenhouses or orchards: the book value of the share
    given up is written off and the land goes back to the fields."""
    held = holding(m.state, asset)
    share = np.divide(np.minimum(mu, held), held, out=np.zeros(held.size), where=held > 0)
    m.assets.dispose(asset, share, m.index, m.ledger)
    return_land(m.state, asset, mu)
