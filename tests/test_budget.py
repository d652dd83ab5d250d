"""The programme's budget rule: no component overspends, and every Yuan is traceable."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.programme.budget import COMPONENTS, BudgetAccount, BudgetExceededError

VILLAGES, YEARS = 3, 2

allocation = st.lists(st.floats(0, 1e6, allow_nan=False), min_size=VILLAGES, max_size=VILLAGES)
payment = st.tuples(
    st.sampled_from(COMPONENTS),
    st.integers(0, YEARS - 1),
    st.integers(1, 12),
    st.lists(st.floats(0, 5e5, allow_nan=False), min_size=VILLAGES, max_size=VILLAGES),
)


@settings(max_examples=200, deadline=None)
@given(
    allocations=st.lists(
        st.tuples(st.sampled_from(COMPONENTS), st.integers(0, YEARS - 1), allocation), max_size=8
    ),
    payments=st.lists(payment, max_size=20),
)
def test_spending_never_exceeds_allocation_and_records_add_up(allocations, payments) -> None:
    account = BudgetAccount(VILLAGES, YEARS, 2009)
    for component, year, amounts in allocations:
        account.allocate(component, year, np.array(amounts))
    for component, year, month, amounts in payments:
        wanted = np.array(amounts)
        available = account.available(component, year)
        if np.all(wanted <= available + 1e-6):
            account.spend(component, year, month, wanted)
        else:
            before = account.spent.copy()
            with pytest.raises(BudgetExceededError):
                account.spend(component, year, month, wanted)
            assert np.array_equal(account.spent, before)  # a refused payment leaves no trace
    assert np.all(account.spent <= account.allocated + 1e-6)
    records = account.records()
    assert records["yuan"].sum() == pytest.approx(account.total_spent, rel=1e-12, abs=1e-6)
    for (component, village, year), group in records.groupby(["component", "village", "year"]):
        c = COMPONENTS.index(component)
        assert group["yuan"].sum() == pytest.approx(account.spent[c, village, year - 2009], abs=1e-6)


def test_negative_spending_is_refused() -> None:
    account = BudgetAccount(1, 1, 2009)
    account.allocate(COMPONENTS[0], 0, np.array([10.0]))
    with pytest.raises(ValueError, match="negative"):
        account.spend(COMPONENTS[0], 0, 1, np.array([-1.0]))
