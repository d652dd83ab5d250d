"""Rolling the programme out village by village (sim/programme/rollout.py), the province
scenario and ``povsim rollout`` (sim/rollout_command.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import PovertyModel, load_scenario
from sim.cli import main
from sim.programme.budget import COMPONENTS, Component
from sim.programme.rollout import choose
from sim.province import load_province
from sim.scenario import apply_overrides
from tests.conftest import PROVINCE_SCENARIO, ROOT

ADVANCEMENT = [
    COMPONENTS.index(c)
    for c in (
        Component.HOUSEHOLD_PROJECTS,
        Component.INFRASTRUCTURE,
        Component.LEADER_TRAINING,
        Component.ORGANISING,
    )
]
POOL = COMPONENTS.index(Component.LIVESTOCK_POOL)
FEW = load_province()[::54]  # 31 villages of every zone


@pytest.fixture(autouse=True)
def in_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


# ---------------------------------------------------------------------------- the choice


def test_poorest_first_takes_the_poorest_while_the_budget_lasts() -> None:
    score = np.array([900.0, 500.0, 700.0, 300.0, 1000.0])
    families = np.array([10.0, 10.0, 10.0, 10.0, 10.0])
    plan = choose("poorest-first", score, families, np.zeros(5, dtype=bool), 25.0, 1.0, 2009)
    assert list(plan.chosen_in_order) == [3, 1]
    assert plan.spent == 20.0
    assert list(plan.order) == [3, 1, 2, 0, 4]


def test_a_package_that_does_not_fit_stops_the_queue() -> None:
    score = np.array([1.0, 2.0, 3.0])
    families = np.array([10.0, 100.0, 5.0])
    plan = choose("poorest-first", score, families, np.zeros(3, dtype=bool), 50.0, 1.0, 2009)
    assert list(np.flatnonzero(plan.chosen)) == [0]  # village 2 would fit but waits behind 1
    assert plan.budget - plan.spent == 40.0  # left unspent


def test_gain_per_yuan_takes_the_highest_and_skips_the_advanced() -> None:
    score = np.array([0.1, 0.5, 0.3, 0.9])
    advanced = np.array([False, False, False, True])
    plan = choose("gain-per-yuan", score, np.ones(4), advanced, 2.0, 1.0, 2010)
    assert list(plan.chosen_in_order) == [1, 2]
    assert np.isnan(plan.score[3])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=1, max_size=40),
    st.floats(0, 1e7, allow_nan=False),
    st.integers(0, 6),
)
def test_budget_is_never_exceeded_and_no_village_is_advanced_twice(
    scores: list[float], budget: float, years: int
) -> None:
    n = len(scores)
    families = np.arange(n, dtype=np.float64) % 7 * 30 + 40
    advanced = np.zeros(n, dtype=bool)
    for year in range(years):
        plan = choose("poorest-first", np.array(scores), families, advanced, budget, 6436.0, 2009 + year)
        assert plan.spent <= budget * (1 + 1e-9)
        assert not np.any(plan.chosen & advanced)
        assert np.allclose(plan.package[plan.chosen], 6436.0 * families[plan.chosen])
        assert np.all(plan.package[~plan.chosen] == 0)
        advanced |= plan.chosen


# ---------------------------------------------------------------------------- in the model


def province_params(rule: str, **more: object) -> object:
    overrides = {"programme.rollout.rule": rule, "simulation.years": 3, **more}
    return apply_overrides(load_scenario(PROVINCE_SCENARIO).params, overrides, origin="test")


def test_the_province_scenario_loads() -> None:
    params = load_scenario(PROVINCE_SCENARIO).params
    assert params.simulation.villages == "qinghai-key-counties"
    assert params.programme.rollout.rule == "poorest-first"
    assert (params.programme.schedule.first_year, params.programme.schedule.last_year) == (2009, 2018)
    assert params.programme.village_advancement.budget_yuan == 13_000_000


@pytest.mark.parametrize("rule", ["poorest-first", "gain-per-yuan", "random"])
def test_a_rule_funds_each_village_once_within_the_budget(rule: str) -> None:
    model = PovertyModel(province_params(rule), rng=1, villages=FEW).run()
    programme = model.programme
    assert programme is not None
    allocated = programme.budget.allocated
    families = np.array([v.households for v in FEW], dtype=np.float64)
    seen = np.zeros(len(FEW), dtype=bool)
    for y, year in enumerate((2009, 2010)):
        plan = programme.plans[year][rule]
        advancement = allocated[ADVANCEMENT, :, y + 1].sum(axis=0)
        assert advancement.sum() <= 13_000_000 * (1 + 1e-9)
        assert np.allclose(advancement, plan.package)
        assert np.allclose(plan.package[plan.chosen], 6436.0 * families[plan.chosen])
        assert plan.chosen.any()
        assert not np.any(seen & plan.chosen)
        seen |= plan.chosen
    assert np.array_equal(programme.advanced, seen)
    # The pools' money goes to the funded villages with pools, and what one of them cannot place
    # moves only among them: no pool of a village not advanced gets money or lends.
    assert allocated[POOL, :, 1].sum() == pytest.approx(500_000)
    assert np.all(allocated[POOL, ~seen, :] == 0)
    lent = programme.pool.loans_taken > 0
    assert lent.any()
    assert np.all(seen[model.state.village[lent]])
    assert allocated[:, :, 0].sum() == 0  # 2008: before the programme


def test_poorest_first_picks_the_poorest_of_the_closed_year() -> None:
    model = PovertyModel(province_params("poorest-first", **{"simulation.years": 2}), rng=3, villages=FEW)
    for _ in range(12):
        model.step()
    state = model.state
    people = np.bincount(state.village, weights=state.people)
    income = np.bincount(state.village, weights=state.last_net_income) / people
    model.step()  # January 2009: the allocation
    plan = model.programme.plans[2009]["poorest-first"]
    chosen = np.flatnonzero(plan.chosen)
    assert income[chosen].max() <= income[~plan.chosen].min()


def test_rule_all_is_todays_allocation_and_planning_other_rules_changes_nothing() -> None:
    params = province_params("all", **{"simulation.years": 2})
    plain = PovertyModel(params, rng=4, villages=FEW[:12])
    planned = PovertyModel(params, rng=4, villages=FEW[:12])
    planned.programme.also_plan = ("poorest-first", "gain-per-yuan", "random")
    for _ in range(24):
        plain.step()
        planned.step()
    families = np.array([v.households for v in FEW[:12]], dtype=np.float64)
    advancement = plain.programme.budget.allocated[ADVANCEMENT, :, 1].sum(axis=0)
    assert np.allclose(advancement, 13_000_000 * families / families.sum())
    assert np.array_equal(plain.programme.budget.allocated, planned.programme.budget.allocated)
    assert np.array_equal(plain.state.savings, planned.state.savings)
    assert set(planned.programme.plans[2009]) == {"poorest-first", "gain-per-yuan", "random"}
    assert not plain.programme.plans


# ---------------------------------------------------------------------------- the command


@pytest.fixture
def ten_village_rollout(tmp_path: Path) -> Path:
    """The province's rules on the ten villages: a small, quick scenario."""
    path = tmp_path / "ten-rollout.toml"
    path.write_text(
        '[scenario]\ndescription = "rollout on the ten"\n'
        "[programme.schedule]\nfirst_year = 2009\nlast_year = 2010\n"
        '[programme.rollout]\nrule = "poorest-first"\n'
        "[programme.village_advancement]\nbudget_yuan = 5_000_000\n"
        "[programme.rolling]\nbudget_yuan = 500_000\n"
    )
    return path


def test_rollout_command_json(capsys: pytest.CaptureFixture[str], ten_village_rollout: Path) -> None:
    argv = ["rollout", str(ten_village_rollout), "--seed", "1", "--year", "2009", "--json"]
    status = main([*argv, "--rule", "poorest-first", "--rule", "gain-per-yuan"])
    out = capsys.readouterr().out
    assert status == 0
    report = json.loads(out)
    year = report["years"]["2009"]
    assert set(year["rules"]) == {"poorest-first", "gain-per-yuan"}
    for entry in year["rules"].values():
        assert 0 < entry["spent_yuan"] <= entry["budget_yuan"] == 5_000_000
        assert sum(c["yuan"] for c in entry["by_county"].values()) == pytest.approx(entry["spent_yuan"])
        assert [row["rank"] for row in entry["villages"]] == list(range(1, len(entry["villages"]) + 1))
    poorest = year["rules"]["poorest-first"]["villages"]
    assert [row["score"] for row in poorest] == sorted(row["score"] for row in poorest)
    assert "poorest-first & gain-per-yuan" in year["overlap"]


def test_rollout_command_whole_schedule_as_text(
    capsys: pytest.CaptureFixture[str], ten_village_rollout: Path
) -> None:
    assert main(["rollout", str(ten_village_rollout), "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "2009  poorest-first:" in out and "2010  poorest-first:" in out
    assert "by county:" in out


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--rule", "richest-first"], "--rule"),
        (["--year", "2030"], "--year"),
        (["--year", "2008"], "--year"),
        (["--set", "programme.rollout.rule=fair"], "programme.rollout.rule"),
    ],
)
def test_rollout_command_bad_input(
    capsys: pytest.CaptureFixture[str], ten_village_rollout: Path, extra: list[str], expected: str
) -> None:
    status = main(["rollout", str(ten_village_rollout), *extra])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("povsim") and expected in lines[0]


def test_rollout_command_without_money(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rollout", "scenarios/no-programme.toml"]) == 2
    assert "budget_yuan" in capsys.readouterr().err
