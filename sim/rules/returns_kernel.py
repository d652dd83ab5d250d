"""Each option's expected yearly return per Yuan, per household, compiled.

The investment rule judges every option for every household (eight by 358,000 in a province)
up to three times a year; in numpy that is a dozen temporary tables of that size. The kernel
makes one pass with the same operations in the same order as the numpy it replaces (see
:func:`sim.rules.investment.expected_returns`), so the returns are the same bit for bit.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@njit(cache=True)
def expected_returns_kernel(  # type: ignore[no-untyped-def]
    fixed,  # (option, household) the margin that does not depend on learning
    learned,  # (option, household) the margin at full productivity that does
    revenue,  # (option, household) sales at full productivity
    learns,  # (option,) whether the option's sales scale with productivity
    capital,  # (option,) price of a unit
    depreciation,  # (option,) Yuan a year
    days,  # (option,) working days a year
    risk_sd,  # (option,) prudence times the yearly sd of the log price
    known,  # (option, household)
    eligible,  # (option, household)
    productivity,  # (household,) the household's own
    newcomer,  # the productivity of a newcomer to an activity
    slack,  # (household,) days it can spare
    wage,  # Yuan a day
):
    options, households = fixed.shape
    out = np.empty((options, households))
    for o in range(options):
        for h in range(households):
            if not eligible[o, h]:
                out[o, h] = -np.inf
                continue
            p = productivity[h] if known[o, h] else newcomer
            margin = fixed[o, h] + learned[o, h] * p
            sold = revenue[o, h] * (p if learns[o] else 1.0)
            risk = risk_sd[o] * sold
            idle = days[o] - slack[h]
            if not (idle >= 0.0 or idle != idle):  # np.maximum(idle, 0.0), NaN kept
                idle = 0.0
            net = margin - risk - depreciation[o] - idle * wage
            out[o, h] = net / capital[o] if capital[o] > 0 else -np.inf
    return out


@njit(cache=True)
def best_options(returns):  # type: ignore[no-untyped-def]
    """Per household (column): the option with the highest return, as ``np.argmax(returns,
    axis=0)`` finds it (the first of equal ones; the first NaN, if any, as numpy takes NaN for
    the largest), in one pass down each column instead of numpy's strided scan of the table."""
    options, households = returns.shape
    out = np.zeros(households, dtype=np.int64)
    for h in range(households):
        best = returns[0, h]
        if best != best:
            continue
        for o in range(1, options):
            value = returns[o, h]
            if value != value:
                out[h] = o
                break
            if value > best:
                best = value
                out[h] = o
    return out
