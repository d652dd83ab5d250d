"""Learning a new activity: a household that starts a greenhouse, an orchard or a business it
has never run earns a share of the full returns at first, rising to all of them over its
learning months (shorter where the programme trained leaders: see
:mod:`sim.programme.projects`). The same for a household's own investment as for a project.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sim.rules.context import Month

NOT_LEARNING = -1


def start_learning(m: Month, rows: NDArray[np.bool_], months: NDArray[np.float64] | float) -> None:
    """Households (a mask) new to their activity start learning it now, over ``months``."""
    state = m.state
    new = rows & (state.learning_started == NOT_LEARNING)
    state.learning_started[new] = m.index
    state.learning_span[new] = np.broadcast_to(np.asarray(months, dtype=np.float64), new.shape)[new]
    state.productivity[new] = m.params.households.first_month_productivity


def learn(m: Month) -> NDArray[np.bool_]:
    """Productivity of learners rises towards 1; returns who learned this month (a mask)."""
    state = m.state
    learners: NDArray[np.bool_] = state.learning_started != NOT_LEARNING
    if not learners.any():
        return learners
    elapsed = m.index - state.learning_started[learners]
    span = np.maximum(state.learning_span[learners], 1e-9)
    start = m.params.households.first_month_productivity
    productivity = np.minimum(1.0, start + (1.0 - start) * elapsed / span)
    state.productivity[learners] = productivity
    done = np.flatnonzero(learners)[productivity >= 1.0]
    state.learning_started[done] = NOT_LEARNING
    return learners
