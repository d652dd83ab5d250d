"""Weighted sums of the herd array (species, class, household), compiled.

Each household's sum is added species by species and class by class, in order, one product at
a time: the same operations in the same order as writing the sums out with numpy (never einsum
or a matrix product, whose order of summation depends on the arrays' size and whose BLAS
threads crawl on a busy machine), so the value of a household is the same computed for it
alone or for all, and the same as before these kernels. Compiled, a sum is one pass over the
herds instead of one numpy pass (and one temporary array) per species and class, which at a
province's 358,000 households is most of its cost.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def weighted_sum(weight: FloatArray, herd: NDArray[np.integer]) -> FloatArray:
    """(household,): the sum over species and classes of ``weight`` (species, class) times
    ``herd`` (species, class, household), species by species and class by class in order."""
    return _weighted_sum(np.asarray(weight, dtype=np.float64), herd)


def per_species_sum(weight: FloatArray, herd: NDArray[np.integer]) -> FloatArray:
    """(species, household): the sum over classes of ``weight`` (species, class) times ``herd``
    (species, class, household), class by class in order."""
    return _per_species_sum(np.asarray(weight, dtype=np.float64), herd)


BLOCK = 2048  # households a kernel takes at a time: their running sums stay in the fastest cache


@njit(cache=True)
def _weighted_sum(weight, herd):  # type: ignore[no-untyped-def]
    species, classes, households = herd.shape
    out = np.empty(households)
    for start in range(0, households, BLOCK):
        stop = min(start + BLOCK, households)
        w = weight[0, 0]
        for h in range(start, stop):
            out[h] = w * herd[0, 0, h]
        for s in range(species):
            for c in range(classes):
                if s or c:
                    w = weight[s, c]
                    for h in range(start, stop):
                        out[h] = out[h] + w * herd[s, c, h]
    return out


@njit(cache=True)
def _per_species_sum(weight, herd):  # type: ignore[no-untyped-def]
    species, classes, households = herd.shape
    out = np.empty((species, households))
    for s in range(species):
        for start in range(0, households, BLOCK):
            stop = min(start + BLOCK, households)
            w = weight[s, 0]
            for h in range(start, stop):
                out[s, h] = w * herd[s, 0, h]
            for c in range(1, classes):
                w = weight[s, c]
                for h in range(start, stop):
                    out[s, h] = out[s, h] + w * herd[s, c, h]
    return out
