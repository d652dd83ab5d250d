"""Savings, credit, and how households decide to invest, disinvest or sell in distress.

One rule for every household, with or without a programme: a household adds a unit of an
activity it knows when its expected return over cost clears a hurdle and its savings or
credit cover the price; it gives up an activity that no longer covers its running costs; and
when its debt passes what it can borrow it sells animals, at a discount. A programme relaxes
the constraints (capital, skills, market access, infrastructure); it does not create returns
only its households can earn.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.param_fields import param


@dataclass(frozen=True)
class FinanceParams:
    """Savings, credit and the investment rule."""

    initial_savings_yuan_per_person: float = param(
        300.0,
        unit="Yuan/person (2008), times the household's endowment",
        low=0.0,
        high=20000.0,
        plausible=(100.0, 800.0),
        source="assumption: poor households hold a few months' consumption",
    )
    credit_limit_yuan: float = param(
        5000.0,
        unit="Yuan/household",
        low=0.0,
        high=200000.0,
        plausible=(2000.0, 20000.0),
        source="poverty-alleviation loans to households: up to 5,000 Yuan, raised to 20,000 "
        "from 2008 (Jinping county, Guizhou; docs/SOURCES.md)",
    )
    credit_limit_income_share: float = param(
        1.0,
        unit="x last year's net income",
        low=0.0,
        high=10.0,
        plausible=(0.5, 2.0),
        source="assumption: lenders lend to the better-off (IFAD's study of rural finance in "
        "China: most project loans went to better-off households)",
    )
    loan_interest_per_year: float = param(
        0.07,
        unit="1/year",
        low=0.0,
        high=0.3,
        plausible=(0.03, 0.1),
        source="assumption: rural credit cooperative rates of the time; poverty loans carried a "
        "5-point interest subsidy (Shaanxi 2011)",
    )
    deposit_interest_per_year: float = param(
        0.0225,
        unit="1/year",
        low=0.0,
        high=0.2,
        plausible=(0.015, 0.035),
        source="assumption: the one-year deposit rate after the cuts of late 2008",
    )
    hurdle_return_per_year: float = param(
        0.25,
        unit="expected net return/capital/year",
        low=0.0,
        high=2.0,
        plausible=(0.1, 0.5),
        source="assumption: poor households discount heavily and bear the risk alone",
    )
    prudence_sd: float = param(
        1.0,
        unit="standard deviations of the sales price",
        low=0.0,
        high=4.0,
        plausible=(0.0, 2.0),
        source="assumption: poor households judge an investment by a bad year (poor farmers hold "
        "safer, less profitable assets: Rosenzweig and Binswanger 1993, Economic Journal)",
    )
    investment_month: int = param(
        2,
        unit="month",
        low=1,
        high=12,
        role="constant",
        source="assumption: decided after Spring Festival, before the season",
    )
    units_per_year: int = param(
        1,
        unit="units/household/year",
        low=0,
        high=5,
        plausible=(1, 2),
        source="assumption: a household adds at most one cow, sow, mu or vehicle a year",
    )
    distress_discount: float = param(
        0.3,
        unit="share of the price lost",
        low=0.0,
        high=0.9,
        plausible=(0.1, 0.5),
        source="assumption: animals sold in a hurry fetch less (FACTS: BRAC's poorest lost "
        "their assets, Balboni et al. 2022)",
    )
