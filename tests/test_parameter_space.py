"""sim.parameter_space: the sweepable parameters' roles and ranges, as declared, and their
SALib and EMA Workbench forms."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.parameter_space import (
    ParameterRange,
    dotted_name,
    ema_name,
    ema_parameters,
    parameter_space,
    salib_overrides,
    salib_problem,
)
from sim.params import Parameters, describe
from sim.scenario import ScenarioError, apply_overrides, load_scenario
from tests.conftest import SCENARIOS

DECLARED = {row["name"]: row for row in describe(Parameters())}


def test_every_range_is_as_declared() -> None:
    ranges = parameter_space()
    assert len(ranges) > 100
    for r in ranges:
        row = DECLARED[r.name]
        assert r.role == row["role"] in ("lever", "uncertainty")
        assert (r.plausible_low, r.plausible_high) == row["plausible"]
        assert (r.low, r.high) == (row["low"], row["high"])
        assert r.unit == row["unit"] and r.source == row["source"] and r.prior == row["prior"]
        assert r.default == row["value"]
        assert r.integer == (type(row["value"]) is int)


def test_defaults_and_plausible_ranges_lie_inside_the_allowed_ones() -> None:
    for r in parameter_space():
        assert r.low <= r.default <= r.high, r.name
        assert r.low <= r.plausible_low < r.plausible_high <= r.high, r.name
        if r.prior == "loguniform":
            assert r.plausible_low > 0, r.name


def test_what_is_left_out_cannot_be_swept() -> None:
    kept = {r.name for r in parameter_space()}
    for name, row in DECLARED.items():
        value, plausible = row["value"], row["plausible"]
        number = isinstance(value, int | float) and not isinstance(value, bool)
        sweepable = number and plausible is not None and plausible[0] < plausible[1]
        assert (name in kept) == sweepable, name


def test_roles() -> None:
    levers, uncertainties = parameter_space(role="lever"), parameter_space(role="uncertainty")
    assert levers and uncertainties
    assert {r.role for r in levers} == {"lever"} and {r.role for r in uncertainties} == {"uncertainty"}
    assert len(levers) + len(uncertainties) == len(parameter_space())
    assert "programme.training.trainees_per_year" in {r.name for r in levers}
    with pytest.raises(ScenarioError, match="role must be one of lever, uncertainty"):
        parameter_space(role="constant")


def test_names_in_the_order_given_and_the_values_of_the_parameters_given() -> None:
    names = ["programme.training.trainees_per_year", "labour.migrant_wage_yuan_per_month"]
    assert [r.name for r in parameter_space(names=names)] == names
    scenario = load_scenario(SCENARIOS / "liaoning-2009.toml")
    (trainees,) = parameter_space(names=names[:1], params=scenario.params)
    assert trainees.default == 20 and trainees.plausible_high == 300


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("labour.migrant_wage_yuan_per_mnth", "did you mean labour.migrant_wage_yuan_per_month"),
        ("nothing.like.it", "unknown parameter 'nothing.like.it'; `povsim parameters` lists them"),
        ("programme.projects.max_canteens", "its plausible range is the single value 1"),
        ("livestock.pigs.winter_exposed", "cannot be swept"),
        ("programme.rolling.targeting", "cannot be swept"),
    ],
)
def test_unknown_or_unsweepable_names(name: str, expected: str) -> None:
    with pytest.raises(ScenarioError) as error:
        parameter_space(names=[name])
    assert expected in str(error.value)


def test_salib_problem() -> None:
    ranges = parameter_space(
        names=["labour.migrant_wage_yuan_per_month", "households.learning_months", "labour.home_share"]
    )
    problem = salib_problem(ranges)
    assert problem["num_vars"] == 3
    assert problem["names"] == [r.name for r in ranges]
    assert problem["bounds"][0] == [900.0, 1340.0]
    assert problem["bounds"][1] == [6, 25]  # a whole number: [low, high + 1), rounded down
    assert "dists" not in problem  # every prior uniform
    logged = [
        ParameterRange(**{**vars(ranges[0]), "prior": "loguniform"}),
        ranges[1],
    ]
    assert salib_problem(logged)["dists"] == ["logunif", "unif"]
    with pytest.raises(ScenarioError):
        salib_problem([])


def test_salib_overrides_make_whole_numbers_and_apply() -> None:
    ranges = parameter_space(names=["labour.migrant_wage_yuan_per_month", "households.learning_months"])
    assert salib_overrides(ranges, np.array([1000.5, 24.99])) == {
        "labour.migrant_wage_yuan_per_month": 1000.5,
        "households.learning_months": 24,
    }
    assert salib_overrides(ranges, [900.0, 25.0])["households.learning_months"] == 24  # the closed end
    params = apply_overrides(Parameters(), salib_overrides(ranges, np.array([1000.5, 6.2])), origin="t")
    assert params.households.learning_months == 6
    with pytest.raises(ScenarioError):
        salib_overrides(ranges, [1.0])


def test_salib_samples_every_whole_number_evenly() -> None:
    salib_sample = pytest.importorskip("SALib.sample.sobol")
    ranges = parameter_space(names=["households.learning_months", "labour.home_share"])
    rows = salib_sample.sample(salib_problem(ranges), 1024, calc_second_order=False, seed=1)
    months = [salib_overrides(ranges, row)["households.learning_months"] for row in rows]
    counts = np.bincount(months)[6:]
    assert len(counts) == 19 and counts.min() > 0.7 * counts.mean()


def test_ema_names_round_trip() -> None:
    for name in DECLARED:
        assert "__" not in name
        assert ema_name(name).isidentifier(), name
        assert dotted_name(ema_name(name)) == name


def test_ema_parameters() -> None:
    ema = pytest.importorskip("ema_workbench")
    ranges = parameter_space(names=["labour.migrant_wage_yuan_per_month", "households.learning_months"])
    wage, months = ema_parameters(ranges)
    assert isinstance(wage, ema.RealParameter) and isinstance(months, ema.IntegerParameter)
    assert (wage.name, wage.lower_bound, wage.upper_bound) == (
        "labour__migrant_wage_yuan_per_month",
        900,
        1340,
    )
    assert (months.name, months.lower_bound, months.upper_bound) == ("households__learning_months", 6, 24)
    (logged,) = ema_parameters([ParameterRange(**{**vars(ranges[0]), "prior": "loguniform"})])
    assert math.isclose(logged.dist.ppf(0.0), 900) and math.isclose(logged.dist.ppf(1.0), 1340)
