"""The programme's dates are uncertain: the delivery month and the works' build time have
plausible ranges, and every value the model allows runs, with deliveries when it says."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import PovertyModel
from sim.params import Parameters, describe
from sim.programme.infrastructure import NOT_BUILT
from sim.scenario import ScenarioError, apply_overrides, load_scenario
from tests.conftest import SCENARIOS

LIAONING = load_scenario(SCENARIOS / "liaoning-2009.toml").params
ROWS = {row["name"]: row for row in describe(Parameters())}
SCHEDULE = ("programme.schedule.delivery_month", "programme.infrastructure.months_to_build")


@pytest.mark.parametrize("name", SCHEDULE)
def test_the_programme_dates_are_uncertainties_with_a_plausible_range(name: str) -> None:
    row = ROWS[name]
    assert row["role"] == "uncertainty"
    low, high = row["plausible"]
    assert row["low"] <= low < high <= row["high"]
    assert low <= row["value"] <= high


def test_the_delivery_month_is_plausibly_early_in_the_year() -> None:
    # 'project implementation for nearly one year' by the 2009 report: delivery began early.
    low, high = ROWS["programme.schedule.delivery_month"]["plausible"]
    assert low == 1 and high <= 6


@pytest.mark.parametrize("month", range(1, 13))
def test_every_allowed_delivery_month_runs_and_delivers_then(month: int) -> None:
    params = apply_overrides(LIAONING, {"programme.schedule.delivery_month": month}, origin="test")
    model = PovertyModel(params, rng=2, years=2).run()
    assert model.programme is not None
    records = model.programme.budget.records()
    delivered = records[records["component"].isin(["household_projects", "organising", "infrastructure"])]
    assert not delivered.empty
    assert set(delivered["year"]) == {2009} and set(delivered["month"]) == {month}
    assert model.programme.budget.total_spent > 0.9 * 13_000_000
    for record in model.records:
        assert np.all(np.isfinite(record.net_income))


@pytest.mark.parametrize("months", [0, 3, 12, 36])
def test_every_allowed_build_time_runs_and_works_finish_after_it(months: int) -> None:
    params = apply_overrides(
        LIAONING,
        {"programme.infrastructure.months_to_build": months, "programme.schedule.delivery_month": 4},
        origin="test",
    )
    model = PovertyModel(params, rng=2, years=2).run()
    assert model.programme is not None
    finished = model.programme.works.finished
    built = finished[finished != NOT_BUILT]
    assert built.size > 0
    assert np.all(built == 12 + 3 + months)  # April 2009 is month index 15 of the run
    for record in model.records:
        assert np.all(np.isfinite(record.net_income))


@pytest.mark.parametrize("month", [0, 13])
def test_a_delivery_month_outside_the_year_is_refused(month: int) -> None:
    with pytest.raises(ScenarioError, match="delivery_month"):
        apply_overrides(LIAONING, {"programme.schedule.delivery_month": month}, origin="test")
