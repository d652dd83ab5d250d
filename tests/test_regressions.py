"""Defects found by the first test pass, each pinned so it cannot come back."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.model import PovertyModel
from sim.rules.herd_kernel import draw_deaths
from sim.scenario import ScenarioError, load_scenario
from sim.streams import Streams


@pytest.mark.parametrize("p", [1e-20, 1e-300, 5e-324])
def test_vanishing_probabilities_draw_nothing_and_never_wrap(p: float) -> None:
    draws = Streams(0).households("test", 0)
    herd = np.zeros((1, 1, 3), np.int32)
    herd[0, 0, 1] = 5
    counters = np.zeros(3, dtype=np.int64)
    draw_deaths(herd, np.array([[p]]), np.ones(3), np.arange(3), np.uint64(draws.key), counters)
    assert herd.tolist() == [[[0, 5, 0]]]
    assert draws.binomial(5, 0, p).tolist() == [0, 0, 0, 0, 0]
    # A vast count at a vanishing probability: one chunk, nothing drawn, no overflow.
    assert draws.binomial(3, 10**15, p).tolist() == [0, 0, 0]
    assert not draws.bernoulli(10, p).any()


def test_a_near_immortal_flock_runs_without_negative_herds() -> None:
    overrides = {"livestock.sheep.adult_mortality_per_year": 1e-30}
    model = PovertyModel(rng=0, years=2, overrides=overrides).run()
    assert model.state.herd.min() >= 0


def test_a_year_is_the_same_however_many_years_are_run() -> None:
    short = sim.run("scenarios/no-programme.toml", seed=1, years=2).pooled
    long = sim.run("scenarios/no-programme.toml", seed=1, years=10).pooled
    assert short["per_capita_net_income_yuan"].equals(long["per_capita_net_income_yuan"].loc[[2008, 2009]])


def test_households_do_not_die_out() -> None:
    model = PovertyModel(rng=1, years=10, overrides={"demography.elderly_death_rate_per_year": 0.5}).run()
    assert model.state.people.min() >= 1


def test_zero_households_binomial_is_empty() -> None:
    assert Streams(0).households("test", 0).binomial(np.zeros(0, np.int64), 3, 0.3).shape == (0,)


@pytest.mark.parametrize("table", ["[nonsense]", "[livestock.llama]", "[simulation.years]"])
def test_an_empty_unknown_table_is_an_error(tmp_path, table: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f"{table}\n")
    with pytest.raises(ScenarioError, match=r"bad\.toml"):
        load_scenario(path)


def test_an_empty_known_table_is_fine(tmp_path) -> None:
    path = tmp_path / "empty.toml"
    path.write_text("[livestock.cattle]\n")
    assert load_scenario(path).overrides == {}
