"""Interest: savings earn the deposit rate, debts cost the loan rate, once a year in December.

Both are property income in the statistics' categories: interest received is gross income,
interest paid a cost (the model does not tell production debts from others: most of a poor
household's borrowing here pays for its greenhouse, vehicle or animals, or tides it over).
"""

from __future__ import annotations

import numpy as np

from sim.ledger import Source
from sim.rules.context import Month


def interest_year(m: Month) -> None:
    """The year's interest on each household's savings or debt as they stand in December."""
    savings, finance = m.state.savings, m.params.finance
    m.ledger.earn(Source.PROPERTY, np.maximum(savings, 0.0) * finance.deposit_interest_per_year)
    m.ledger.spend(Source.PROPERTY, np.maximum(-savings, 0.0) * finance.loan_interest_per_year)
