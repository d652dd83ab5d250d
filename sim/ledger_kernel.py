"""The ledger's monthly posting of regular flows, compiled.

Posting a month of every household's regular flows touches every source of every household:
in numpy that is a temporary per source table and several passes over it, which at a
province's 358,000 households (a few hundred megabytes a month) is a visible share of the run.
The kernel makes one pass with the same operations in the same order as the numpy it replaces
(each posting the rate times its months; the savings change the sum over sources, in source
order, of the gross less the sum of the costs), so the figures are the same bit for bit.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def post_months(
    gross: FloatArray,
    costs: FloatArray,
    savings: FloatArray,
    gross_rate: FloatArray,
    cost_rate: FloatArray,
    months: NDArray[np.int64],
) -> None:
    """Add ``months`` (per source) of each source's monthly gross and costs to ``gross`` and
    ``costs`` (source, household), and their difference summed over the sources to
    ``savings``, in place."""
    _post_months(gross, costs, savings, gross_rate, cost_rate, months.astype(np.float64))


BLOCK = 2048  # households at a time: their running sums stay in the fastest cache


@njit(cache=True)
def _post_months(gross, costs, savings, gross_rate, cost_rate, months):  # type: ignore[no-untyped-def]
    sources, households = gross.shape
    earned = np.empty(BLOCK)
    spent = np.empty(BLOCK)
    for start in range(0, households, BLOCK):
        stop = min(start + BLOCK, households)
        for s in range(sources):
            times = months[s]
            for h in range(start, stop):
                g = gross_rate[s, h] * times
                c = cost_rate[s, h] * times
                gross[s, h] += g
                costs[s, h] += c
                if s == 0:
                    earned[h - start] = g
                    spent[h - start] = c
                else:
                    earned[h - start] = earned[h - start] + g
                    spent[h - start] = spent[h - start] + c
        for h in range(start, stop):
            savings[h] += earned[h - start] - spent[h - start]
