"""Common random numbers per household: every draw a household gets depends only on the run's
seed, the process that draws, the month, the household's own slot and how many draws that
household has had from the process in the month.

Why: with one generator per process, a draw for household 7 takes the next number from a shared
sequence, so whether household 3 drew before it (because a programme reached household 3) shifts
household 7's luck, and two scenarios on one seed differ by noise as well as by what they change.
Starsim solves this by giving every agent a slot and every random call a per-step seed, drawing a
value for each slot; here each draw is a counter-based hash (SplitMix64's output function) of
(key, slot, counter), where the key is derived from (seed, process name, month, part). A household
the programme does not touch therefore sees exactly the same numbers with or without it.

A process drawn more than once in a step takes a new ``part`` for each draw, or, where the calls
are not known in advance (deaths drawn before a delivery and again at the herd events), one
:class:`HouseholdSequence` whose calls continue each household's own count of draws.

Counts (binomial, Poisson) are drawn by inversion from these uniforms, in chunks of at most
``CHUNK_MEAN`` expected successes each with its own uniform: a sum of independent binomials
(Poissons) of the same probability (rate) is a binomial (Poisson) of the total, so the draw is
exact, and inversion never meets a probability too small to represent.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

import numpy as np
from numba import njit
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # SplitMix64's increment
MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
MIX_2 = np.uint64(0x94D049BB133111EB)
TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53: 53 random bits to a float in [0, 1)
CHUNK_MEAN = 20.0  # expected successes per inversion


def derive_key(seed: int, name: str, step: int, part: int | str = 0) -> int:
    """The 64-bit key of one process's draws in one step (a month, or -1 for set-up); ``part``
    numbers independent draws in the step (a sequence's part is "sequence", so that it never
    shares a key with a numbered part)."""
    text = f"{seed}/{name}/{step}/{part}".encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little")


@njit(cache=True)
def mix(z: np.uint64) -> np.uint64:
    """SplitMix64's output function: a bijection of 64-bit integers that scrambles every bit."""
    z = (z ^ (z >> np.uint64(30))) * MIX_1
    z = (z ^ (z >> np.uint64(27))) * MIX_2
    return z ^ (z >> np.uint64(31))


@njit(cache=True)
def slot_state(key: np.uint64, slot: int) -> np.uint64:
    """A household's own starting point in a process's draws (its slot is its row)."""
    return mix(key + GOLDEN * np.uint64(slot + 1))


@njit(cache=True)
def uniform(state: np.uint64, counter: int) -> float:
    """The household's ``counter``-th uniform on [0, 1) from its ``state``."""
    bits = mix(state + GOLDEN * np.uint64(counter + 1)) >> np.uint64(11)
    return float(bits) * TO_UNIT


@njit(cache=True)
def _invert_binomial(n: int, p: float, u: float) -> int:
    """Binomial(n, p) by inversion of ``u``, for p <= 0.5 and n * p <= CHUNK_MEAN."""
    if u <= 1.0 - n * p:
        return 0  # P(X = 0) = (1 - p)^n >= 1 - n p: most small counts end here, without a power
    q = 1.0 - p
    odds = p / q
    step = (n + 1) * odds
    mass = q**n  # P(X = 0) >= exp(-2 * CHUNK_MEAN) for p <= 0.5: never underflows
    x = 0
    while u > mass and x < n:
        u -= mass
        x += 1
        mass *= step / x - odds  # P(X = x) from P(X = x - 1)
    return x


@njit(cache=True)
def binomial_at(n: int, p: float, state: np.uint64, counter: int) -> tuple[int, int]:
    """Binomial(n, p) from the household's draws; returns (count, next counter)."""
    if n <= 0 or p <= 0.0:
        return 0, counter
    if p >= 1.0:
        return n, counter
    flip = p > 0.5
    if flip:
        p = 1.0 - p
    # Trials per chunk; all of them when they fit (so a vanishing p never overflows the count).
    chunk = n if n * p <= CHUNK_MEAN else max(1, int(CHUNK_MEAN / p))
    x = 0
    remaining = n
    while remaining > 0:
        trials = min(remaining, chunk)
        x += _invert_binomial(trials, p, uniform(state, counter))
        counter += 1
        remaining -= trials
    return (n - x if flip else x), counter


@njit(cache=True)
def poisson_at(rate: float, state: np.uint64, counter: int) -> tuple[int, int]:
    """Poisson(rate) from the household's draws; returns (count, next counter)."""
    x = 0
    while rate > 0.0:
        part = min(rate, CHUNK_MEAN)
        u = uniform(state, counter)
        counter += 1
        rate -= part
        if u <= 1.0 - part:
            continue  # P(X = 0) = exp(-part) >= 1 - part
        mass = math.exp(-part)
        k = 0
        while u > mass and k < 10000:
            u -= mass
            k += 1
            mass *= part / k
        x += k
    return x, counter


@njit(cache=True)
def _uniforms(key: np.uint64, rows: IntArray, count: int, counters: IntArray) -> FloatArray:
    out = np.empty((rows.size, count))
    for i in range(rows.size):
        state = slot_state(key, rows[i])
        for j in range(count):
            out[i, j] = uniform(state, counters[i] + j)
        counters[i] += count
    return out


@njit(cache=True)
def _binomials(key: np.uint64, rows: IntArray, n: IntArray, p: FloatArray, counters: IntArray) -> IntArray:
    out = np.zeros(rows.size, dtype=np.int64)
    for i in range(rows.size):
        out[i], counters[i] = binomial_at(n[i], p[i], slot_state(key, rows[i]), counters[i])
    return out


@njit(cache=True)
def _poissons(key: np.uint64, rows: IntArray, rate: FloatArray, counters: IntArray) -> IntArray:
    out = np.zeros(rows.size, dtype=np.int64)
    for i in range(rows.size):
        out[i], counters[i] = poisson_at(rate[i], slot_state(key, rows[i]), counters[i])
    return out


Rows = NDArray[np.integer] | NDArray[np.bool_] | int


def _rows(rows: Rows) -> IntArray:
    """Household rows from indices, a boolean mask over all households, or a household count."""
    if isinstance(rows, int | np.integer):
        return np.arange(int(rows), dtype=np.int64)
    array = np.asarray(rows)
    if array.dtype == np.bool_:
        return np.flatnonzero(array).astype(np.int64)
    return np.ascontiguousarray(array, dtype=np.int64)


@dataclass(frozen=True)
class HouseholdDraws:
    """One process's draws in one step, one independent sequence per household slot.

    ``rows`` may be row indices, a boolean mask over all households, or the number of households
    (all of them). Each method call starts every household at its first draw, so two calls on one
    object give the same numbers: take a new part (``Streams.households(name, step, part)``) for
    a second, independent draw in the same step, or a :class:`HouseholdSequence` where several
    calls must continue each household's sequence.
    """

    key: int

    @property
    def _key(self) -> np.uint64:
        return np.uint64(self.key)

    def _counters(self, index: IntArray) -> IntArray:
        """Where each row's draws start (and, after a kernel, where they ended)."""
        return np.zeros(index.size, dtype=np.int64)

    def _advanced(self, index: IntArray, counters: IntArray) -> None:
        """Record where each row's draws ended (nothing to record here: every call starts afresh)."""

    def uniform(self, rows: Rows) -> FloatArray:
        """One uniform on [0, 1) per household."""
        return self.uniforms(rows, 1)[:, 0]

    def uniforms(self, rows: Rows, count: int) -> FloatArray:
        """``count`` independent uniforms per household: shape (households, count)."""
        index = _rows(rows)
        counters = self._counters(index)
        out = _uniforms(self._key, index, count, counters)
        self._advanced(index, counters)
        return out

    def bernoulli(self, rows: Rows, p: ArrayLike) -> NDArray[np.bool_]:
        """True with probability ``p`` (a scalar or one per household)."""
        return self.uniform(rows) < np.asarray(p, dtype=np.float64)

    def integers(self, rows: Rows, high: int) -> IntArray:
        """An integer drawn evenly from 0 to ``high - 1`` per household."""
        return np.minimum((self.uniform(rows) * high).astype(np.int64), high - 1)

    def normal(self, rows: Rows) -> FloatArray:
        """A standard normal per household (Box-Muller, from two of its uniforms)."""
        u = self.uniforms(rows, 2)
        return np.sqrt(-2.0 * np.log1p(-u[:, 0])) * np.cos(2.0 * np.pi * u[:, 1])

    def lognormal(self, rows: Rows, mean: float, sigma: float) -> FloatArray:
        """exp(Normal(``mean``, ``sigma``)) per household."""
        return np.exp(mean + sigma * self.normal(rows))

    def binomial(self, rows: Rows, n: ArrayLike, p: ArrayLike) -> IntArray:
        """Binomial(n, p) per household (``n`` and ``p`` scalars or one value per household)."""
        index = _rows(rows)
        trials = np.broadcast_to(np.asarray(n, dtype=np.int64), index.shape)
        prob = np.broadcast_to(np.asarray(p, dtype=np.float64), index.shape)
        counters = self._counters(index)
        out = _binomials(self._key, index, np.ascontiguousarray(trials), np.ascontiguousarray(prob), counters)
        self._advanced(index, counters)
        return out

    def poisson(self, rows: Rows, rate: ArrayLike) -> IntArray:
        """Poisson(rate) per household."""
        index = _rows(rows)
        rates = np.broadcast_to(np.asarray(rate, dtype=np.float64), index.shape)
        counters = self._counters(index)
        out = _poissons(self._key, index, np.ascontiguousarray(rates), counters)
        self._advanced(index, counters)
        return out

    def order(self, rows: Rows) -> IntArray:
        """The rows in a random order that depends only on each row's own draw: adding or
        removing a household leaves the others' order among themselves unchanged."""
        index = _rows(rows)
        return index[np.argsort(self.uniform(index), kind="stable")]


@dataclass(frozen=True)
class HouseholdSequence(HouseholdDraws):
    """One process's draws in one step shared by several calls (say deaths drawn before a
    delivery and again at the month's herd events): each call continues every household's own
    sequence where that household's last call left it, so no two calls reuse a number, and
    what a household draws still depends only on its own calls. The rows of one call must be
    distinct. Kernels that draw themselves take ``key`` and :meth:`counters`."""

    _count: list[IntArray] = field(
        default_factory=lambda: [np.zeros(0, dtype=np.int64)], compare=False, repr=False
    )

    def counters(self, slots: int) -> IntArray:
        """Draws so far of each of the first ``slots`` slots (at least), to update in place."""
        count = self._count[0]
        if count.size < slots:
            count = np.concatenate([count, np.zeros(slots - count.size, dtype=np.int64)])
            self._count[0] = count
        return count

    def _counters(self, index: IntArray) -> IntArray:
        return self.counters(int(index.max()) + 1 if index.size else 0)[index]

    def _advanced(self, index: IntArray, counters: IntArray) -> None:
        if index.size:
            self.counters(int(index.max()) + 1)[index] = counters
