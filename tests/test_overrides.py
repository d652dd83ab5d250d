"""Overrides from Python and the command line (issue 9): numpy scalars, whole-number floats,
sim.run(overrides=...) for the run and its counterfactual, and --set parsing."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import sim
from sim import PovertyModel
from sim.overrides import parse_assignment, parse_assignments
from sim.params import Parameters
from sim.scenario import ScenarioError, apply_overrides, load_scenario
from tests.conftest import SCENARIOS

PROGRAMME = SCENARIOS / "liaoning-2009.toml"
YEARS = 2


def applied(overrides: dict[str, Any]) -> Parameters:
    return apply_overrides(Parameters(), overrides, origin="overrides")


# ------------------------------------------------------------------------ numpy and floats


def test_numpy_scalars_become_plain_python_values() -> None:
    params = applied(
        {
            "labour.migrant_months_per_year": np.int64(9),
            "labour.migrant_wage_yuan_per_month": np.float64(1200.5),
            "labour.home_share": np.float32(0.5),
            "livestock.pigs.winter_exposed": np.bool_(False),
            "households.learning_months": np.float64(7.0),  # a whole number given as a float
        }
    )
    assert type(params.labour.migrant_months_per_year) is int and params.labour.migrant_months_per_year == 9
    assert type(params.labour.migrant_wage_yuan_per_month) is float
    assert params.labour.migrant_wage_yuan_per_month == 1200.5
    assert type(params.labour.home_share) is float and params.labour.home_share == 0.5
    assert params.livestock.pigs.winter_exposed is False
    assert type(params.households.learning_months) is int and params.households.learning_months == 7
    # Reprs are those of the same values given as Python numbers.
    plain = applied({"labour.migrant_months_per_year": 9, "households.learning_months": 7})
    assert repr(params.labour) == repr(
        applied(
            {
                "labour.migrant_months_per_year": 9,
                "labour.migrant_wage_yuan_per_month": 1200.5,
                "labour.home_share": 0.5,
            }
        ).labour
    )
    assert repr(params.households) == repr(plain.households)


def test_arrays_and_tuples_where_lists_are_accepted() -> None:
    params = applied(
        {
            "livestock.pigs.birth_months": np.array([3, 9]),
            "livestock.pigs.sale_months": (5.0, 11.0),
            "programme.rolling.species": ("pigs",),
            "prices.milk.observed_growth": np.array([0.01, 0.02]),
        }
    )
    assert params.livestock.pigs.birth_months == (3, 9)
    assert all(type(v) is int for v in params.livestock.pigs.birth_months)
    assert params.livestock.pigs.sale_months == (5, 11)
    assert params.programme.rolling.species == ("pigs",)
    assert params.prices.milk.observed_growth == (0.01, 0.02)
    assert all(type(v) is float for v in params.prices.milk.observed_growth)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("households.learning_months", np.float64(7.5), "must be a whole number in [0, 120] months, got 7.5"),
        ("households.learning_months", 7.5, "must be a whole number in [0, 120] months, got 7.5"),
        ("livestock.pigs.winter_exposed", np.int64(1), "must be true or false, got 1"),
        ("labour.home_share", np.float64("nan"), "must be a number"),
        ("labour.home_share", np.float64(1.5), "outside the allowed range"),
        ("livestock.pigs.birth_months", np.array([3.5, 9.0]), "list of whole numbers"),
        ("livestock.pigs.birth_months", np.array([[3, 9]]), "list of whole numbers"),
        ("labour.home_shar", 0.3, "unknown key 'labour.home_shar'"),
    ],
)
def test_bad_values_name_the_origin_the_key_and_what_is_allowed(name: str, value: Any, expected: str) -> None:
    with pytest.raises(ScenarioError) as error:
        applied({name: value})
    message = str(error.value)
    assert message.startswith(f"overrides: key '{name}'") or message.startswith("overrides: unknown key")
    assert expected in message
    assert "np." not in message  # the value as a person would write it
    assert "\n" not in message


def test_scenario_files_stay_strict_about_floats_for_counts(tmp_path: Any) -> None:
    path = tmp_path / "x.toml"
    path.write_text("[labour]\nmigrant_months_per_year = 10.0\n")
    with pytest.raises(ScenarioError, match="whole number"):
        load_scenario(path)


def test_povertymodel_accepts_numpy_overrides() -> None:
    model = PovertyModel(
        rng=np.int64(3),
        years=np.int64(YEARS),
        overrides={
            "labour.migrant_wage_yuan_per_month": np.float64(1200.0),
            "simulation.years": np.float64(2),
        },
    )
    assert model.params.simulation.years == YEARS and type(model.params.simulation.years) is int
    assert type(model.params.labour.migrant_wage_yuan_per_month) is float


# ------------------------------------------------------------------------ sim.run(overrides=)


@pytest.fixture(scope="module")
def plain_run() -> sim.RunResult:
    return sim.run(PROGRAMME, seed=1, years=YEARS)


def test_a_lever_changes_the_programme_not_the_counterfactual(plain_run: sim.RunResult) -> None:
    more = sim.run(PROGRAMME, seed=1, years=YEARS, overrides={"programme.training.trainees_per_year": 60})
    assert plain_run.programme is not None and more.programme is not None
    assert more.programme["aid_total_yuan"] > plain_run.programme["aid_total_yuan"]
    assert more.programme["trainees"]["enrolled"] == 60
    pd.testing.assert_frame_equal(more.counterfactual, plain_run.counterfactual)


def test_an_uncertainty_changes_the_run_and_its_counterfactual(plain_run: sim.RunResult) -> None:
    name = "labour.migrant_wage_yuan_per_month"
    wage = sim.run(PROGRAMME, seed=1, years=YEARS, overrides={name: np.float64(1300)})
    assert wage.params.labour.migrant_wage_yuan_per_month == 1300.0
    assert plain_run.counterfactual is not None and wage.counterfactual is not None
    for frame, before in ((wage.pooled, plain_run.pooled), (wage.counterfactual, plain_run.counterfactual)):
        assert frame.loc[2009, "wages_yuan_per_capita"] > before.loc[2009, "wages_yuan_per_capita"]
    # The same as a scenario file saying so.
    scenario = load_scenario(PROGRAMME)
    from_file = sim.run(
        sim.Scenario(
            scenario.name, scenario.description, apply_overrides(scenario.params, {name: 1300}, origin="x")
        ),
        seed=1,
        years=YEARS,
    )
    pd.testing.assert_frame_equal(wage.pooled, from_file.pooled)
    pd.testing.assert_frame_equal(wage.counterfactual, from_file.counterfactual)


def test_overrides_are_recorded_after_the_scenarios_own() -> None:
    result = sim.run(
        PROGRAMME,
        seed=1,
        years=YEARS,
        overrides={
            "programme.training.trainees_per_year": np.float64(30.0),
            "livestock.pigs.birth_months": (3, 9),
        },
    )
    assert result.overrides["programme.training.trainees_per_year"] == 30
    assert type(result.overrides["programme.training.trainees_per_year"]) is int
    assert result.overrides["livestock.pigs.birth_months"] == [3, 9]
    assert result.overrides["programme.village_advancement.budget_yuan"] == 13_000_000  # the file's
    assert result.metadata()["overrides"] == result.overrides


def test_the_same_overrides_rerun_bit_for_bit() -> None:
    overrides = {"labour.migrant_wage_yuan_per_month": np.float64(1111.5), "households.learning_months": 8}
    a = sim.run(PROGRAMME, seed=2, years=YEARS, overrides=overrides)
    b = sim.run(PROGRAMME, seed=2, years=YEARS, overrides=dict(overrides))
    pd.testing.assert_frame_equal(a.pooled, b.pooled, check_exact=True)
    pd.testing.assert_frame_equal(a.counterfactual, b.counterfactual, check_exact=True)
    assert a.programme == b.programme


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"labour.nonsense": 1}, "overrides: unknown key 'labour.nonsense'"),
        ({"programme.schedule.last_year": 2005}, "overrides: key 'programme.schedule.last_year' (2005)"),
        ({"labour": 1}, "overrides: key 'labour' is a group"),
    ],
)
def test_bad_overrides_stop_the_run(overrides: dict[str, Any], expected: str) -> None:
    with pytest.raises(ScenarioError) as error:
        sim.run(PROGRAMME, seed=1, years=YEARS, overrides=overrides)
    assert str(error.value).startswith(expected)


# ------------------------------------------------------------------------ --set parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("labour.migrant_wage_yuan_per_month=1200", ("labour.migrant_wage_yuan_per_month", 1200.0)),
        ("households.learning_months = 7.0", ("households.learning_months", 7)),
        ("livestock.pigs.winter_exposed=false", ("livestock.pigs.winter_exposed", False)),
        ("programme.rolling.targeting=random", ("programme.rolling.targeting", "random")),
        ('programme.rolling.targeting="random"', ("programme.rolling.targeting", "random")),
        ('programme.rolling.species=["cattle", "pigs"]', ("programme.rolling.species", ("cattle", "pigs"))),
        ("livestock.pigs.birth_months=[3, 9]", ("livestock.pigs.birth_months", (3, 9))),
        (
            "programme.village_advancement.budget_yuan=1_000_000",
            ("programme.village_advancement.budget_yuan", 1e6),
        ),
    ],
)
def test_parse_assignment(text: str, expected: tuple[str, Any]) -> None:
    assert parse_assignment(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("labour.home_share", "give KEY=VALUE"),
        ("=3", "give KEY=VALUE"),
        ("labour.home_share=", "give KEY=VALUE"),
        ("labour.home_share=[1,", "is not a value"),
        ("labour.home_share=1\nw = 2", "give one value"),
        ("labour.home_share=abc", "must be a number in [0.0, 1.0]"),
        ("labour.home_shar=0.3", "unknown key 'labour.home_shar'"),
        ("households.learning_months=7.5", "must be a whole number"),
        ("programme.rolling.targeting=richest", "must be one of poorest, random"),
    ],
)
def test_parse_assignment_errors(text: str, expected: str) -> None:
    with pytest.raises(ScenarioError) as error:
        parse_assignment(text)
    assert str(error.value).startswith(f"--set {text!r}: ")
    assert expected in str(error.value)


def test_parse_assignments_keeps_order_and_rejects_a_key_given_twice() -> None:
    assert parse_assignments(None) == {}
    assert list(parse_assignments(["simulation.years=3", "labour.home_share=0.5"])) == [
        "simulation.years",
        "labour.home_share",
    ]
    with pytest.raises(ScenarioError, match=r"'simulation\.years' is given twice"):
        parse_assignments(["simulation.years=3", "simulation.years = 4"])
