"""Design points: deterministic for a seed, the right size, inside the ranges, typed as the
model takes them, and valid parameter sets for the shipped experiments."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from sim.experiment import Experiment, Variable, load_experiment
from sim.experiment.design import overrides, parameters_at, points, salib_problem, sample, scenario_at
from sim.params import Parameters, flatten
from sim.scenario import Scenario, apply_overrides
from tests.conftest import ROOT

EXPERIMENTS = sorted((ROOT / "experiments").glob("*.toml"))
BASE = Scenario("base", "", Parameters())
VARIABLES = (
    Variable("labour.migrant_wage_yuan_per_month", "uncertainty", 900.0, 1340.0),
    Variable("programme.schedule.delivery_month", "uncertainty", 1, 5, integer=True),
    Variable("finance.credit_limit_yuan", "uncertainty", 2000.0, 20000.0, "loguniform"),
)


def experiment(
    design: str, samples: int = 8, variables: tuple[Variable, ...] = VARIABLES, **kw: object
) -> Experiment:
    return Experiment(
        "t", "", Path("t.toml"), BASE, variables, design, samples, outcomes=("gini@2009",), **kw
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("exp", "count"),
    [
        (experiment("sobol", 8), 8 * (3 + 2)),
        (experiment("sobol", 8, second_order=True), 8 * (2 * 3 + 2)),
        (experiment("morris", 6), 6 * (3 + 1)),
        (experiment("latin_hypercube", 25), 25),
    ],
    ids=["sobol", "sobol-second-order", "morris", "latin"],
)
def test_sampled_designs_are_seeded_sized_and_inside_their_ranges(exp: Experiment, count: int) -> None:
    table = points(exp)
    assert len(table) == count == exp.point_count and table.index.name == "point"
    assert list(table.index) == list(range(count))
    assert table.equals(points(exp))
    assert not table.equals(points(replace(exp, seed=exp.seed + 1)))
    for v in exp.variables:
        assert table[v.name].between(v.low, v.high).all(), v.name
    assert table["programme.schedule.delivery_month"].dtype == np.int64
    assert set(table["programme.schedule.delivery_month"]) <= {1, 2, 3, 4, 5}
    record = table.to_dict("records")[0]
    values = overrides(exp, record)
    assert type(values["programme.schedule.delivery_month"]) is int
    assert type(values["labour.migrant_wage_yuan_per_month"]) is float
    apply_overrides(Parameters(), values, origin="test")


def test_every_whole_number_in_range_is_about_as_likely() -> None:
    exp = experiment("latin_hypercube", 500)
    counts = points(exp)["programme.schedule.delivery_month"].value_counts()
    assert sorted(counts.index) == [1, 2, 3, 4, 5] and counts.min() >= 90


def test_loguniform_is_uniform_on_the_log_scale() -> None:
    exp = experiment("latin_hypercube", 400)
    logs = np.log(points(exp)["finance.credit_limit_yuan"])
    below = (logs < (math.log(2000.0) + math.log(20000.0)) / 2).mean()
    assert below == pytest.approx(0.5, abs=0.02)  # the geometric midpoint splits it in half
    bounds = salib_problem(exp.describe())["bounds"]
    assert bounds == [[900.0, 1340.0], [0.5, 5.5], [math.log(2000.0), math.log(20000.0)]]


def test_the_raw_design_is_rebuilt_from_the_description_alone() -> None:
    exp = experiment("morris", 4)
    described = exp.describe()
    raw = sample(described)
    assert raw.shape == (16, 3)
    assert np.allclose(np.exp(raw[:, 2]), points(exp)["finance.credit_limit_yuan"])


def test_full_factorial_is_the_product_of_the_levels() -> None:
    variables = (
        Variable("labour.home_share", "lever", 0.3, 0.5, levels=(0.3, 0.4, 0.5)),
        Variable("programme.schedule.delivery_month", "lever", 2, 4, levels=(2, 4), integer=True),
    )
    table = points(experiment("full_factorial", 0, variables))
    assert len(table) == 6
    assert table.values.tolist() == [[0.3, 2], [0.3, 4], [0.4, 2], [0.4, 4], [0.5, 2], [0.5, 4]]
    assert table["programme.schedule.delivery_month"].dtype == np.int64


@pytest.mark.parametrize("path", EXPERIMENTS, ids=[p.stem for p in EXPERIMENTS])
def test_every_point_of_the_shipped_experiments_is_a_valid_parameter_set(path: Path) -> None:
    exp = load_experiment(path)
    table = points(exp)
    assert len(table) == exp.point_count
    for point, values in zip(table.index, table.to_dict("records"), strict=True):
        params = apply_overrides(Parameters(), overrides(exp, values), origin=f"{path} point {point}")
        assert params == parameters_at(exp, values)
    scenario = scenario_at(exp, 3, table.to_dict("records")[3])
    assert scenario.name == f"{exp.name}-point3"
    flat = flatten(scenario.params)
    for name, value in table.loc[3].items():
        assert flat[str(name)] == pytest.approx(value)


def test_the_budget_split_spends_the_whole_advancement_budget_at_every_point() -> None:
    exp = load_experiment(ROOT / "experiments" / "budget-split.toml")
    table = points(exp)
    shares = table.filter(like="programme.village_advancement.").sum(axis=1)
    assert np.allclose(shares, 1.0) and len(table.columns) == 4
    assert exp.point_count * exp.replications == 216
