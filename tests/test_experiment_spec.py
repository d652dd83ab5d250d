"""Experiment files are validated strictly: every error names the file and the key; the
shipped experiments load; the outcome vocabulary is what a run gives."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sim.api import run as run_scenario
from sim.compare.runner import tasks_for
from sim.experiment import ExperimentError, load_experiment
from sim.experiment.outcomes import RUN, YEARLY, record, yearly_frame
from sim.runner.rows import run_row
from sim.scenario import load_scenario
from tests.conftest import ROOT, SCENARIOS

EXPERIMENTS = sorted((ROOT / "experiments").glob("*.toml"))
HEAD = f"""[experiment]
scenario = "{SCENARIOS / "liaoning-2009.toml"}"
"""
SOBOL = """design = "sobol"
samples = 4
outcomes = ["growth_over_first_year_yuan@2009"]
"""
TWO = """
[[uncertainties]]
name = "labour.migrant_wage_yuan_per_month"
[[uncertainties]]
name = "prices.trend.growth_per_year"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "exp.toml"
    path.write_text(text, encoding="utf-8")
    return path


def fails(tmp_path: Path, text: str, *fragments: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ExperimentError) as caught:
        load_experiment(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    for fragment in fragments:
        assert fragment in message, message
    return message


@pytest.mark.parametrize("path", EXPERIMENTS, ids=[p.stem for p in EXPERIMENTS])
def test_the_shipped_experiments_load(path: Path) -> None:
    exp = load_experiment(path)
    assert exp.description and exp.variables and exp.outcomes
    assert exp.scenario.name == "liaoning-2009"


def test_a_minimal_experiment_takes_the_parameters_ranges_priors_and_roles(tmp_path: Path) -> None:
    exp = load_experiment(write(tmp_path, HEAD + SOBOL + TWO))
    wage, trend = exp.variables
    assert (wage.low, wage.high, wage.role, wage.distribution) == (900.0, 1340.0, "uncertainty", "uniform")
    assert (trend.low, trend.high, wage.integer) == (0.05, 0.14, False)
    assert exp.replications == 1 and exp.seed == 1 and exp.horizon_years == 5 and exp.discount_rate == 0.05
    assert exp.point_count == 4 * 4 and exp.describe()["runs"] == 16


def test_variables_take_their_role_from_the_parameter_or_the_table(tmp_path: Path) -> None:
    text = (
        HEAD
        + SOBOL
        + (
            '[[variables]]\nname = "programme.organising.cooperative_share"\n'
            '[[variables]]\nname = "programme.schedule.delivery_month"\n'
            '[[levers]]\nname = "labour.migrant_wage_yuan_per_month"\n'
        )
    )
    roles = [(v.role, v.integer) for v in load_experiment(write(tmp_path, text)).variables]
    assert roles == [("lever", False), ("lever", False), ("uncertainty", True)]  # tables in this order


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("[experiment]\n", ["key 'experiment.scenario' must be a string"]),
        (HEAD + SOBOL + "colour = 1\n" + TWO, ["unknown key 'experiment.colour'", "allowed in [experiment]"]),
        (HEAD + SOBOL + TWO + "[extra]\n", ["unknown key 'extra'"]),
        (
            HEAD + SOBOL + TWO + '[[levers]]\nname = "x"\nlow = 1\nhigh = 2\nstep = 3\n',
            ["unknown key 'levers[0].step'"],
        ),
        (
            HEAD + SOBOL.replace("samples = 4", 'samples = "4"') + TWO,
            ["key 'experiment.samples' must be a whole"],
        ),
        (HEAD + SOBOL + "replications = 0\n" + TWO, ["key 'experiment.replications'", ">= 1"]),
        (HEAD + SOBOL + "seed = -1\n" + TWO, ["key 'experiment.seed'"]),
        (
            HEAD + SOBOL.replace("sobol", "random") + TWO,
            ["key 'experiment.design' must be one of full_factorial"],
        ),
        (
            HEAD + SOBOL.replace("samples = 4", "samples = 6") + TWO,
            ["'experiment.samples' must be a power of 2", "6"],
        ),
        (
            HEAD + SOBOL + TWO.split('[[uncertainties]]\nname = "prices')[0],
            ["Sobol design needs at least 2 variables"],
        ),
        (HEAD + SOBOL, ["no variables"]),
        (
            HEAD + SOBOL + TWO + '[[levers]]\nname = "labour.no_such"\n',
            ["key 'levers[0].name'", "not a parameter"],
        ),
        (HEAD + SOBOL + TWO + '[[levers]]\nname = "programme.rolling.species"\n', ["not a numeric scalar"]),
        (
            HEAD + SOBOL + TWO + '[[levers]]\nname = "programme.rolling.pens_with_sows"\n',
            ["not a numeric scalar"],
        ),
        (
            HEAD + SOBOL + TWO + '[[uncertainties]]\nname = "labour.home_share"\nlow = -0.5\n',
            ["key 'uncertainties[2].low' (labour.home_share) is -0.5, outside the allowed range [0.0, 1.0]"],
        ),
        (
            HEAD + SOBOL + TWO + '[[uncertainties]]\nname = "labour.home_share"\nlow = 0.5\nhigh = 0.4\n',
            ["key 'uncertainties[2].low' (labour.home_share) (0.5) must be below 'uncertainties[2].high'"],
        ),
        (
            HEAD + SOBOL + TWO + '[[uncertainties]]\nname = "livestock.pigs.sheep_units_per_head"\n',
            ["plausible range is a single value"],
        ),
        (
            HEAD + SOBOL + TWO + '[[uncertainties]]\nname = "labour.home_share"\ndistribution = "normal"\n',
            ["key 'uncertainties[2].distribution'", "uniform, loguniform"],
        ),
        (
            HEAD
            + SOBOL
            + TWO
            + '[[uncertainties]]\nname = "prices.pigs.growth_per_year"\ndistribution = "loguniform"\n',
            ["a loguniform range must start above 0"],
        ),
        (
            HEAD + SOBOL + TWO + '[[uncertainties]]\nname = "labour.migrant_months_per_year"\nlow = 8.5\n',
            ["key 'uncertainties[2].low'", "must be a whole number"],
        ),
        (HEAD + SOBOL + TWO + TWO, ["'labour.migrant_wage_yuan_per_month' is varied twice"]),
        (
            HEAD + SOBOL + TWO + '[[levers]]\nname = "simulation.years"\nlow = 5\nhigh = 9\n',
            ["cannot be varied"],
        ),
        (HEAD + SOBOL + TWO + '[[variables]]\nname = "simulation.start_year"\n', ["is a constant"]),
        (
            HEAD + SOBOL + TWO + '[[levers]]\nname = "labour.home_share"\nlevels = [0.3, 0.4]\n',
            ["key 'levers[0].levels'", "full_factorial' only"],
        ),
        (
            HEAD
            + SOBOL.replace('outcomes = ["growth_over_first_year_yuan@2009"]', 'outcomes = ["income@2009"]')
            + TWO,
            ["key 'experiment.outcomes': unknown outcome 'income@2009'", "per_capita_net_income_yuan"],
        ),
        (
            HEAD + SOBOL.replace("@2009", "@2030") + TWO,
            ["key 'experiment.outcomes'", "asks for 2030, outside the simulated years 2008-2017"],
        ),
        (
            HEAD
            + SOBOL.replace('"growth_over_first_year_yuan@2009"', '"benefit_per_yuan"')
            + "years = 4\n"
            + TWO,
            [
                "key 'experiment.horizon_years': the 5-year valuation horizon",
                "last simulated year 2011; use 3",
            ],
        ),
        (
            HEAD
            + SOBOL.replace('"growth_over_first_year_yuan@2009"', '"durability_5_years"')
            + "years = 6\n"
            + TWO,
            ["'durability_5_years' needs 5 years after the last funded year 2009"],
        ),
        (HEAD + SOBOL + "second_order = 1\n" + TWO, ["key 'experiment.second_order' must be true or false"]),
        (
            HEAD + SOBOL + "morris_levels = 4\n" + TWO,
            ["key 'experiment.morris_levels' has no use with design 'sobol'"],
        ),
        (
            HEAD + SOBOL + "discount_rate = 1.5\n" + TWO,
            ["key 'experiment.discount_rate' must be a number in [0.0, 1.0)"],
        ),
    ],
)
def test_each_error_names_the_file_and_the_key(tmp_path: Path, text: str, fragments: list[str]) -> None:
    fails(tmp_path, text, *fragments)


def test_a_missing_base_scenario_is_an_error_naming_the_key(tmp_path: Path) -> None:
    text = '[experiment]\nscenario = "nowhere.toml"\n' + SOBOL + TWO
    fails(tmp_path, text, "key 'experiment.scenario': no scenario file 'nowhere.toml'")


def test_a_missing_or_broken_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ExperimentError, match="no such experiment file"):
        load_experiment(tmp_path / "none.toml")
    fails(tmp_path, "[experiment\n", "not valid TOML")


def test_full_factorial_needs_levels_or_steps_and_checks_them(tmp_path: Path) -> None:
    head = HEAD + 'design = "full_factorial"\noutcomes = ["gini@2010"]\n'
    fails(tmp_path, head + '[[levers]]\nname = "labour.home_share"\n', "needs 'levels' (a list) or 'steps'")
    fails(
        tmp_path,
        head + "samples = 8\n" + '[[levers]]\nname = "labour.home_share"\nsteps = 3\n',
        "samples' has no use",
    )
    fails(tmp_path, head + '[[levers]]\nname = "labour.home_share"\nlevels = [0.3, 0.3]\n', "repeats a value")
    fails(
        tmp_path,
        head + '[[levers]]\nname = "labour.home_share"\nlevels = [0.3, 1.3]\n',
        "outside the allowed range",
    )
    fails(
        tmp_path,
        head + '[[levers]]\nname = "labour.migrant_months_per_year"\nlevels = [8, 9.5]\n',
        "key 'levers[0].levels' (labour.migrant_months_per_year) must be a list of at least two whole",
    )
    fails(
        tmp_path,
        head + '[[levers]]\nname = "labour.migrant_months_per_year"\nsteps = 5\n',
        "key 'levers[0].steps'",
        "at most 4",
    )
    exp = load_experiment(
        write(tmp_path, head + '[[levers]]\nname = "labour.migrant_months_per_year"\nsteps = 4\n')
    )
    assert exp.variables[0].levels == (8, 9, 10, 11) and exp.point_count == 4


def test_points_that_are_not_valid_parameter_sets_are_listed(tmp_path: Path) -> None:
    text = (
        HEAD
        + 'design = "full_factorial"\noutcomes = ["gini@2010"]\n'
        + (
            '[[levers]]\nname = "programme.village_advancement.household_project_share"\n'
            "levels = [0.5, 0.7]\n"
            '[[levers]]\nname = "programme.village_advancement.infrastructure_share"\nlevels = [0.28, 0.4]\n'
        )
    )
    fails(
        tmp_path,
        text,
        "3 of 4 design points are not valid parameter sets, e.g. point 1",
        "add up to 1.020; at most 1",
        "[[remainders]]",
    )


def test_a_remainder_keeps_the_total_so_no_point_is_infeasible(tmp_path: Path) -> None:
    text = (
        HEAD
        + 'design = "full_factorial"\noutcomes = ["gini@2010"]\n'
        + (
            '[[levers]]\nname = "programme.village_advancement.household_project_share"\n'
            "levels = [0.5, 0.7]\n"
            "[[remainders]]\n"
            'name = "programme.village_advancement.infrastructure_share"\ntotal = 1.0\n'
            'minus = ["programme.village_advancement.household_project_share", '
            '"programme.village_advancement.leader_training_share", '
            '"programme.village_advancement.organising_share"]\n'
        )
    )
    exp = load_experiment(write(tmp_path, text))
    assert exp.remainders[0].base == (0.6, 0.05, 0.07)
    fails(tmp_path, text.replace("total = 1.0", "total = 0.5"), "design points are not valid parameter sets")
    fails(
        tmp_path,
        text.replace(
            '"programme.village_advancement.infrastructure_share"', '"labour.migrant_months_per_year"'
        ),
        "whole number",
    )


def test_the_outcome_vocabulary_is_what_a_run_gives() -> None:
    scenario = load_scenario(SCENARIOS / "liaoning-2009.toml")
    (task,) = tasks_for([scenario], 1, 1, years=6)
    result = run_scenario(scenario, seed=1, years=6)
    counterfactual = result.counterfactual
    assert counterfactual is not None
    run = run_row(result, task)
    frame = yearly_frame(result.pooled, result.counterfactual)
    assert set(YEARLY) <= set(frame.columns) and set(RUN) <= set(run)
    names = [
        "growth_over_first_year_yuan@2009",
        "income_gain_yuan_per_capita@2013",
        "benefit_per_yuan",
        "gini@2010",
    ]
    values = record(frame, run, names)
    income = result.pooled["per_capita_net_income_yuan"]
    assert values["growth_over_first_year_yuan@2009"] == pytest.approx(income[2009] - income[2008])
    gain = income[2013] - counterfactual.at[2013, "per_capita_net_income_yuan"]
    assert values["income_gain_yuan_per_capita@2013"] == pytest.approx(gain) and gain > 0
    assert values["benefit_per_yuan"] == run["benefit_per_yuan"] and 0.0 < values["gini@2010"] < 1.0
    # Yearly rows without the gain: recording it from them is an error, not a 0.
    with pytest.raises(KeyError, match="yearly_frame"):
        record(frame.drop(columns="income_gain_yuan_per_capita"), run, names)


def test_a_run_without_programme_gains_nothing() -> None:
    scenario = load_scenario(SCENARIOS / "no-programme.toml")
    (task,) = tasks_for([scenario], 1, 1, years=3)
    base = run_scenario(scenario, seed=1, years=3)
    values = record(
        yearly_frame(base.pooled, None),
        run_row(base, task),
        ["income_gain_yuan_per_capita@2010", "benefit_per_yuan"],
    )
    assert values["income_gain_yuan_per_capita@2010"] == 0.0 and math.isnan(values["benefit_per_yuan"])
