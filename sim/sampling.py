"""Exact samplers for the many small counts a household table draws.

``numpy.random.Generator.binomial`` costs about 12 ns a cell whatever the count, and most
cells here hold a handful of trials with small probabilities. These draw from the same
generators (so runs stay reproducible from the seed) at a cost that scales with the trials
or the successes instead of the cells.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

from sim.rules.herd_kernel import FAR, skip, small_binomial

IntArray = NDArray[np.int64]

SKIP_BELOW = 0.2  # below this probability a row is drawn by geometric skips


@njit(cache=True)
def _binomial_rows(counts: IntArray, probability: NDArray[np.float64], rng: np.random.Generator) -> IntArray:
    rows, columns = counts.shape
    out = np.zeros((rows, columns), dtype=np.int64)
    for r in range(rows):
        p = probability[r]
        if p <= 0.0:
            continue
        if p < SKIP_BELOW:
            # The row's trials laid end to end; successes found by geometric gaps.
            log_q = np.log1p(-p)
            if log_q == 0.0:
                continue  # a probability too small to represent: no successes
            event = skip(rng, log_q) - 1
            end = 0
            for i in range(columns):
                end += counts[r, i]
                while event < end:
                    out[r, i] += 1
                    event = min(event + skip(rng, log_q), FAR)
        else:
            for i in range(columns):
                out[r, i] = small_binomial(counts[r, i], p, rng)
    return out


def binomial(
    rng: np.random.Generator, counts: NDArray[np.integer], probability: NDArray[np.float64] | float
) -> IntArray:
    """``Binomial(counts, probability)`` per cell.

    Args:
        rng: the generator of the process that draws.
        counts: trials per cell; the last axis is households.
        probability: a scalar, or one value per row (``counts``' shape with a last axis of 1).
    """
    if counts.size == 0:
        return np.zeros(counts.shape, dtype=np.int64)
    flat = np.ascontiguousarray(counts, dtype=np.int64).reshape(-1, counts.shape[-1])
    prob = np.broadcast_to(np.asarray(probability, dtype=np.float64), (*counts.shape[:-1], 1))
    return _binomial_rows(flat, np.ascontiguousarray(prob.reshape(-1)), rng).reshape(counts.shape)


def bernoulli_rows(rng: np.random.Generator, size: int, probability: float) -> IntArray:
    """Sorted indices of the successes among ``size`` Bernoulli(``probability``) trials.

    The gaps between successes are geometric, so the cost is per success, not per trial.
    """
    if not 0.0 <= probability < 1.0:
        raise ValueError(f"probability must be in [0, 1), got {probability}")
    if probability == 0.0 or size == 0:
        return np.zeros(0, dtype=np.int64)
    positions: list[IntArray] = []
    last = -1
    while True:
        expected = (size - last) * probability
        gaps = rng.geometric(probability, size=int(expected + 4.0 * expected**0.5 + 16))
        # A gap past the end is as good as infinite; capping it keeps the sum from wrapping.
        chunk = last + np.cumsum(np.minimum(gaps, size + 1))
        inside = chunk[chunk < size]
        positions.append(inside)
        if inside.size < chunk.size:
            return positions[0] if len(positions) == 1 else np.concatenate(positions)
        last = int(chunk[-1])
