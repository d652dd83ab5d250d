"""Small businesses: a transport vehicle or a canteen, and their closures."""

from __future__ import annotations

import numpy as np

from sim.assets import Asset
from sim.ledger import Source
from sim.rules.context import Month, pick, rows_of
from sim.rules.markets import Product
from sim.state import Business
from sim.world import Index

BUSINESS_ASSET: dict[Business, Asset] = {Business.TRANSPORT: Asset.VEHICLE, Business.CANTEEN: Asset.CANTEEN}


def business_month(m: Month) -> np.ndarray:
    """In January some businesses close (their fittings written off) and the year's monthly
    takings are set. Returns which households' businesses closed (a mask)."""
    state = m.state
    closed = np.zeros(state.size, dtype=bool)
    if m.month != 1:
        return closed
    if m.year > 0:
        open_ = state.business != Business.NONE
        closes = m.draws("business.closures").bernoulli(
            state.size, m.params.business.closure_probability_per_year
        )
        closed = open_ & closes
        if closed.any():
            close(m, closed)
    set_business_rate(m)
    return closed


def close(m: Month, rows: np.ndarray) -> None:
    """Businesses (a boolean mask) close; what is left of their vehicles or fittings is written off."""
    state = m.state
    for kind, asset in BUSINESS_ASSET.items():
        mine = rows & (state.business == kind)
        if mine.any():
            m.assets.dispose(asset, mine.astype(np.float64), m.index, m.ledger)
    state.business[rows] = Business.NONE
    state.business_units[rows] = 0.0


def set_business_rate(m: Month, rows: np.ndarray | None = None) -> None:
    """Monthly net takings of the businesses open now, as far as their owners have learnt and
    their village's custom goes: every household's, or (``rows``, a mask) those households'."""
    state, params = m.state, m.params.business
    at = rows_of(rows)
    monthly = np.array([0.0, params.transport_net_yuan_per_month, params.canteen_net_yuan_per_month])
    business, village = pick(state.business, at), pick(state.village, at)
    local = np.where(
        business == Business.TRANSPORT,
        m.markets.factor(Product.TRANSPORT, village),
        m.markets.factor(Product.CANTEEN, village),
    )
    takings = (
        monthly[business]
        * pick(state.business_units, at)
        * pick(state.productivity, at)
        * pick(m.effects.business, at)
        * local
    )
    gross = takings * pick(state.skill, at) * m.level(Index.TREND)
    m.ledger.set_rate(m.index, Source.BUSINESS, gross=gross, at=at)
