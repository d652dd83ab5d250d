"""Solar greenhouses: vegetables sold through the season, costs alongside.

A greenhouse under construction earns nothing; once finished it joins the household's
greenhouses at the start of the next selling season, its first. A household new to greenhouses
starts learning then, not while the walls go up.
"""

from __future__ import annotations

import numpy as np

from sim.ledger import Source
from sim.params import GreenhouseParams
from sim.rules.context import Month, pick, rows_of
from sim.rules.learning import start_learning
from sim.rules.markets import Product
from sim.world import Index


def greenhouse_month(m: Month) -> np.ndarray:
    """Greenhouses finished by the season's first month join the household's; the season's
    monthly sales and costs start in its first month and end after its last. Returns which
    households' greenhouses joined (a mask)."""
    state, params = m.state, m.params.greenhouse
    finished = np.zeros(state.size, dtype=bool)
    if m.month == params.first_month:
        finished = (state.greenhouse_ready >= 0) & (state.greenhouse_ready <= m.index)
    if finished.any():
        newcomers = finished & (state.greenhouse_mu <= 0) & (state.greenhouse_learning_span > 0)
        start_learning(m, newcomers, state.greenhouse_learning_span)
        state.greenhouse_learning_span[finished] = 0.0
        state.greenhouse_mu[finished] += state.greenhouse_building_mu[finished]
        state.greenhouse_building_mu[finished] = 0.0
        state.greenhouse_ready[finished] = -1
    now, before = in_season(params, m.month), in_season(params, (m.month - 2) % 12 + 1)
    if now and not before:
        set_greenhouse_rate(m)
    elif before and not now:
        m.ledger.set_rate(m.index, Source.GREENHOUSE, gross=0.0, cost=0.0)
    return finished


def first_season(m: Month) -> int:
    """The month index of the first season of a greenhouse begun now: the season's first month
    once it is built. It is on the asset register (and depreciates) from then."""
    params = m.params.greenhouse
    ready = m.index + m.params.assets.greenhouse_build_months
    calendar_month = ready % 12 + 1  # month index 0 is January
    return ready + (params.first_month - calendar_month) % 12


def in_season(params: GreenhouseParams, month: int) -> bool:
    """Whether vegetables are sold in ``month``."""
    return params.first_month <= month <= params.last_month


def set_greenhouse_rate(m: Month, rows: np.ndarray | None = None) -> None:
    """Monthly sales and costs of the greenhouses standing now (in season); a greenhouse
    whose owner is still learning yields and costs in proportion. Every household's, or
    (``rows``, a mask) those households'."""
    state, params = m.state, m.params.greenhouse
    at = rows_of(rows)
    months = params.last_month - params.first_month + 1
    area = pick(state.greenhouse_mu, at) * pick(state.productivity, at)
    local = m.markets.factor(Product.VEGETABLES, pick(state.village, at))
    vegetables = m.effects.sale_index(m.world, Index.VEGETABLES, m.year, local, rows=at)
    gross = (
        area
        * pick(m.effects.yields, at)
        * pick(state.skill, at)
        * (params.gross_yuan_per_mu_year / months)
        * vegetables
    )
    cost = area * (params.cost_yuan_per_mu_year / months) * m.level(Index.CPI)
    m.ledger.set_rate(m.index, Source.GREENHOUSE, gross=gross, cost=cost * pick(m.effects.cost, at), at=at)
