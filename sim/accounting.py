"""Pure functions over household arrays: net income, poverty and inequality.

They follow the statistics' conventions: per-capita net income of a group is its total net
income divided by its people (not a mean of household means); poverty and Gini count people,
each person carrying their household's per-capita income.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def per_capita(net_income: ArrayLike, people: ArrayLike) -> NDArray[np.float64]:
    """Each household's net income per person (0 for an empty household)."""
    income = np.asarray(net_income, dtype=np.float64)
    size = np.asarray(people, dtype=np.float64)
    return np.divide(income, size, out=np.zeros_like(income), where=size > 0)


def pooled_per_capita(net_income: ArrayLike, people: ArrayLike) -> float:
    """Total net income of a group over its total people, as the statistics report it."""
    total_people = float(np.asarray(people, dtype=np.float64).sum())
    if total_people <= 0:
        raise ValueError("a group with no people has no per-capita income")
    return float(np.asarray(net_income, dtype=np.float64).sum()) / total_people


def poverty_headcount_ratio(income_per_person: ArrayLike, people: ArrayLike, line: float) -> float:
    """Share of people living in households whose per-capita income is below ``line``."""
    y = np.asarray(income_per_person, dtype=np.float64)
    w = np.asarray(people, dtype=np.float64)
    return float(w[y < line].sum() / w.sum())


def poverty_gap_terms(income_per_person: ArrayLike, people: ArrayLike, line: float) -> NDArray[np.float64]:
    """Each household's people times its shortfall from the line as a share of it: the terms
    whose sum over a group, over its people, is the group's poverty gap index."""
    if line <= 0:
        raise ValueError(f"poverty line must be positive, got {line}")
    y = np.asarray(income_per_person, dtype=np.float64)
    w = np.asarray(people, dtype=np.float64)
    return w * np.clip((line - y) / line, 0.0, 1.0)  # a negative income counts as none


def poverty_gap_index(income_per_person: ArrayLike, people: ArrayLike, line: float) -> float:
    """Mean over people of the shortfall from the line as a share of it (FGT-1)."""
    w = np.asarray(people, dtype=np.float64)
    return float(poverty_gap_terms(income_per_person, w, line).sum() / w.sum())


def gini(income_per_person: ArrayLike, people: ArrayLike | None = None) -> float:
    """Population-weighted Gini coefficient of per-capita income.

    Negative incomes (a household whose costs exceeded its income) are clipped to zero, as
    the Gini is defined for non-negative amounts and otherwise leaves [0, 1].
    """
    y = np.clip(np.asarray(income_per_person, dtype=np.float64), 0.0, None)
    w = np.ones_like(y) if people is None else np.asarray(people, dtype=np.float64)
    keep = w > 0
    y, w = y[keep], w[keep]
    total = float((w * y).sum())
    if y.size == 0 or total <= 0.0:
        return 0.0
    order = np.argsort(y)  # ties may come in any order: the Lorenz area is the same
    y, w = y[order], w[order]
    cum_w = np.cumsum(w)
    cum_wy = np.cumsum(w * y)
    # Area under the Lorenz curve by trapezoids over people-weighted shares.
    prev_wy = np.concatenate(([0.0], cum_wy[:-1]))
    lorenz_area = float((w * (cum_wy + prev_wy)).sum()) / (2.0 * cum_w[-1] * total)
    return float(min(max(1.0 - 2.0 * lorenz_area, 0.0), 1.0))
