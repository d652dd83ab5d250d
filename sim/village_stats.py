"""One year's figures of many groups of households (the villages, or the whole run) in one
compiled pass: each group's sums and Gini, bit for bit as numpy computes them on the group's
slice of the household arrays.

Why bit for bit: the results tables were computed with numpy on each village's slice, and the
reference results (and every baseline) pin those bits. A float sum depends on the order of its
additions, so the kernel adds in numpy's order (found by experiment with numpy 2.x and checked
by ``tests/test_village_stats.py``):

* a 1-D float64 sum (a contiguous slice, or an array taken by indices) is the identity ``0.0``
  plus numpy's pairwise sum of all its values (:func:`pairwise_sum`);
* ``a[:, rows].sum(axis=1)`` of a (source, household) array taken by indices: the taken block
  is laid out household by household, and numpy adds each source's values one after another,
  from ``0.0``; the block's full ``.sum()`` is the pairwise sum of the block in that memory
  order (household by household, each household's sources in turn);
* the whole array itself (``a[:, :]``, the pooled run) is laid out source by source: each
  source's sum is pairwise, and the full sum is pairwise over the sources one after another.

No fast-math: LLVM must neither reassociate the additions nor fuse a product and a sum.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit
from numpy.typing import NDArray

from sim.accounting import gini, per_capita, poverty_gap_terms
from sim.records import YearRecord

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

# Columns of the kernel's table of sums, one row per group.
PEOPLE, NET_INCOME, POOR_PEOPLE, GAP_TERMS, CONSUMPTION, DEPRECIATION, INVESTMENT, HERD_VALUE = range(8)
N_SUMS = 8


class GroupStats(NamedTuple):
    """One year's figures of each group (first axis: the group)."""

    sums: FloatArray  # (group, N_SUMS): the sums named by the column constants above
    by_source: FloatArray  # (group, source): net income by source, summed
    gini: FloatArray  # (group,): Gini of per-capita income, people-weighted


@njit(cache=True)
def _pairwise_block(values: FloatArray, lo: int, n: int) -> float:
    """numpy's pairwise sum of at most 128 values ``values[lo:lo + n]``: below 8 values one
    running sum; else eight running sums combined as a tree, then the rest one by one."""
    if n < 8:
        res = 0.0
        for i in range(n):
            res += values[lo + i]
        return res
    r0 = values[lo]
    r1 = values[lo + 1]
    r2 = values[lo + 2]
    r3 = values[lo + 3]
    r4 = values[lo + 4]
    r5 = values[lo + 5]
    r6 = values[lo + 6]
    r7 = values[lo + 7]
    i = 8
    stop = n - n % 8
    while i < stop:
        r0 += values[lo + i]
        r1 += values[lo + i + 1]
        r2 += values[lo + i + 2]
        r3 += values[lo + i + 3]
        r4 += values[lo + i + 4]
        r5 += values[lo + i + 5]
        r6 += values[lo + i + 6]
        r7 += values[lo + i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += values[lo + i]
        i += 1
    return res


@njit(cache=True)
def _pairwise(values: FloatArray, n: int) -> float:
    """numpy's pairwise sum of ``values[:n]`` (``pairwise_sum`` in
    numpy/_core/src/umath/loops_utils.h.src): up to 128 values :func:`_pairwise_block`, above
    the sum of the two halves (the first a multiple of 8 values), each summed so.

    Written with explicit stacks, not by recursion: numba's cache of a recursive function
    crashes the process that loads it. A task is (start, count, combine?): a range to sum, or
    the order to add the two values on top of the value stack (the left half's first)."""
    if n <= 128:  # most villages: no stacks to allocate
        return _pairwise_block(values, 0, n)
    starts = np.empty(256, dtype=np.int64)  # about 3 tasks a halving: ample for any n
    counts = np.empty(256, dtype=np.int64)
    combine = np.empty(256, dtype=np.bool_)
    sums = np.empty(128)
    tasks = 1
    starts[0], counts[0], combine[0] = 0, n, False
    depth = 0
    while tasks > 0:
        tasks -= 1
        lo, count = starts[tasks], counts[tasks]
        if combine[tasks]:
            depth -= 1
            sums[depth - 1] = sums[depth - 1] + sums[depth]
        elif count <= 128:
            sums[depth] = _pairwise_block(values, lo, count)
            depth += 1
        else:
            half = count // 2
            half -= half % 8
            # Pushed in reverse: the left half is summed first, then the right, then both added.
            starts[tasks], counts[tasks], combine[tasks] = lo, count, True
            starts[tasks + 1], counts[tasks + 1], combine[tasks + 1] = lo + half, count - half, False
            starts[tasks + 2], counts[tasks + 2], combine[tasks + 2] = lo, half, False
            tasks += 3
    return sums[0]


@njit(cache=True)
def pairwise_sum(values: FloatArray, n: int) -> float:
    """``values[:n].sum()`` as numpy adds it: the identity 0.0 plus the pairwise sum (the
    identity turns an all negative-zero sum into +0.0, as numpy's does)."""
    return 0.0 + _pairwise(values, n)


@njit(cache=True)
def _gathered_sum(
    values: FloatArray, rows: IntArray, lo: int, k: int, whole: bool, buffer: FloatArray
) -> float:
    """``values[rows[lo:lo + k]].sum()``: the taken values, in order, summed as numpy does
    (``whole``: the rows are the whole array in order, summed where it lies)."""
    if whole:
        return pairwise_sum(values, k)
    for j in range(k):
        buffer[j] = values[rows[lo + j]]
    return pairwise_sum(buffer, k)


@njit(cache=True)
def _block_sums(
    block: FloatArray, rows: IntArray, lo: int, k: int, whole: bool, out: FloatArray, buffer: FloatArray
) -> float:
    """Each source's sum of the (source, household) ``block[:, rows[lo:lo + k]]`` into ``out``,
    and the block's full sum returned, in numpy's order for its layout (the module's
    docstring): ``whole``, the array itself, laid out source by source, else a block taken by
    indices, laid out household by household."""
    n_sources = block.shape[0]
    if whole:
        for s in range(n_sources):
            out[s] = pairwise_sum(block[s], k)
        return pairwise_sum(block.reshape(-1), k * n_sources)
    for s in range(n_sources):
        acc = 0.0  # numpy adds a source's values one after another, from 0.0
        for j in range(k):
            value = block[s, rows[lo + j]]
            buffer[j * n_sources + s] = value
            acc += value
        out[s] = acc
    return pairwise_sum(buffer, k * n_sources)


@njit(cache=True)
def _gini(
    income: FloatArray, people: FloatArray, rows: IntArray, lo: int, k: int, scratch: FloatArray
) -> tuple[float, bool]:
    """:func:`sim.accounting.gini` of the group's per-capita incomes weighted by its people,
    and whether the kernel could reproduce numpy's bits (if not, the caller asks numpy).

    numpy sorts incomes with an unstable sort, so tied incomes come in an order the kernel does
    not reproduce. That order cannot change the bits when the tied households are alike (the
    same income and the same people: the same terms in the same places), nor for ties at zero
    (their terms are all zero, and adding a zero to a positive sum leaves it as it is; the
    sums have no negative terms). Any other tie, or a NaN income, is left to numpy."""
    y = scratch[:k]
    w = scratch[k : 2 * k]
    terms = scratch[2 * k : 3 * k]
    m = 0
    for j in range(k):
        size = people[rows[lo + j]]
        if size > 0:  # households without people carry no one's income
            value = income[rows[lo + j]]
            y[m] = 0.0 if value < 0.0 else value  # np.clip(value, 0.0, None); NaN stays NaN
            w[m] = size
            m += 1
    for i in range(m):
        terms[i] = w[i] * y[i]
    total = pairwise_sum(terms, m)
    if m == 0 or total <= 0.0:
        return 0.0, True
    if total != total:  # a NaN income: numpy's sort and clip decide its bits
        return np.nan, False
    order = np.argsort(y[:m])
    cum_w = 0.0
    cum_wy = 0.0
    for i in range(m):
        o = order[i]
        if i > 0:
            before = order[i - 1]
            if y[o] == y[before] and y[o] != 0.0 and w[o] != w[before]:
                return np.nan, False
        prev_wy = cum_wy
        product = w[o] * y[o]
        # np.cumsum starts from the first value itself, not from 0.0 plus it.
        cum_w = w[o] if i == 0 else cum_w + w[o]
        cum_wy = product if i == 0 else cum_wy + product
        terms[i] = w[o] * (cum_wy + prev_wy)
    lorenz_area = pairwise_sum(terms, m) / (2.0 * cum_w * total)
    coefficient = 1.0 - 2.0 * lorenz_area
    # Python's min(max(g, 0.0), 1.0), comparison for comparison (a NaN passes through).
    if coefficient < 0.0:
        coefficient = 0.0
    if coefficient > 1.0:
        coefficient = 1.0
    return coefficient, True


@njit(cache=True)
def _group_stats(
    rows: IntArray,
    bounds: IntArray,
    whole: bool,
    people: FloatArray,
    net_income: FloatArray,
    poor_people: FloatArray,
    gap_terms: FloatArray,
    income: FloatArray,
    consumption: FloatArray,
    investment: FloatArray,
    herd_value: FloatArray,
    by_source: FloatArray,
    depreciation: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray]:
    """The figures of each group ``rows[bounds[g]:bounds[g + 1]]``; the last array says which
    groups' Gini the kernel left to numpy (see :func:`_gini`). ``whole``: one group, the whole
    table in order (``rows`` is ``arange``), whose Gini is left to numpy too: numpy's sort of
    a whole province is four times as fast as numba's, and a single sort is all it needs."""
    n_groups = bounds.size - 1
    n_sources = by_source.shape[0]
    largest = 0
    for g in range(n_groups):
        largest = max(largest, bounds[g + 1] - bounds[g])
    buffer = np.empty(1 if whole else max(largest * max(n_sources, 3), 1))
    sums = np.empty((n_groups, N_SUMS))
    sources = np.empty((n_groups, n_sources))
    ginis = np.full(n_groups, np.nan)
    left_to_numpy = np.full(n_groups, whole)
    unused = np.empty(n_sources)
    for g in range(n_groups):
        lo = bounds[g]
        k = bounds[g + 1] - lo
        sums[g, PEOPLE] = _gathered_sum(people, rows, lo, k, whole, buffer)
        sums[g, NET_INCOME] = _gathered_sum(net_income, rows, lo, k, whole, buffer)
        sums[g, POOR_PEOPLE] = _gathered_sum(poor_people, rows, lo, k, whole, buffer)
        sums[g, GAP_TERMS] = _gathered_sum(gap_terms, rows, lo, k, whole, buffer)
        sums[g, CONSUMPTION] = _gathered_sum(consumption, rows, lo, k, whole, buffer)
        sums[g, INVESTMENT] = _gathered_sum(investment, rows, lo, k, whole, buffer)
        sums[g, HERD_VALUE] = _gathered_sum(herd_value, rows, lo, k, whole, buffer)
        _block_sums(by_source, rows, lo, k, whole, sources[g], buffer)
        sums[g, DEPRECIATION] = _block_sums(depreciation, rows, lo, k, whole, unused, buffer)
        if not whole:
            ginis[g], exact = _gini(income, people, rows, lo, k, buffer)
            left_to_numpy[g] = not exact
    return sums, sources, ginis, left_to_numpy


def year_stats(
    record: YearRecord, rows: IntArray, bounds: IntArray, line: float, whole: bool = False
) -> GroupStats:
    """One year's figures of each group ``rows[bounds[g]:bounds[g + 1]]`` of households (rows
    of the household table), the same bits as numpy on each group's slice.

    ``whole``: one group, the whole table in its own order (``rows`` is ``arange``), whose
    (source, household) arrays numpy sums as they lie (``a[:, :]``), not as a block taken by
    indices."""
    people = np.asarray(record.people, dtype=np.float64)
    income = per_capita(record.net_income, record.people)
    # Elementwise, once for all groups: the same values numpy would compute on each slice.
    poor_people = np.where(income < line, people, 0.0)
    gap_terms = poverty_gap_terms(income, people, line)
    sums, by_source, ginis, left_to_numpy = _group_stats(
        np.ascontiguousarray(rows, dtype=np.int64),
        np.ascontiguousarray(bounds, dtype=np.int64),
        whole,
        people,
        _c(record.net_income),
        poor_people,
        gap_terms,
        income,
        _c(record.consumption),
        _c(record.investment),
        _c(record.herd_value),
        _c(record.net_by_source),
        _c(record.depreciation),
    )
    for g in np.flatnonzero(left_to_numpy):  # the whole table, or ties numpy orders its way
        group = slice(None) if whole else rows[bounds[g] : bounds[g + 1]]
        ginis[g] = gini(income[group], people[group])
    return GroupStats(sums, by_source, ginis)


def _c(values: FloatArray) -> FloatArray:
    """``values`` as a C-contiguous float64 array (itself if it is one): one compiled kernel."""
    return np.ascontiguousarray(values, dtype=np.float64)
