"""Scenario comparison: the shared counterfactual, determinism across workers, the value over a
horizon, paired statistics, the command and its options in-process."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

import sim.runner.execute as runner
from sim.api import run
from sim.cli import main
from sim.compare.runner import replicate, tasks_for
from sim.compare.stats import interval, paired, summarise
from sim.programme.outcomes import Valuation, value_over_horizon
from sim.runner.rows import tables_of
from sim.scenario import ScenarioError, load_scenario

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SHORT = Valuation(horizon_years=2, discount_rate=0.05)  # 3 years from 2008: 2009 and 2010
RUN_COLUMNS = (
    "aid_spent_yuan",
    "income_gained_yuan",
    "benefit_per_yuan",
    "durability_1_years",
    "durability_3_years",
    "durability_5_years",
)


def test_interval_is_the_student_t_interval_of_the_mean() -> None:
    x = np.array([1.0, 2.0, 4.0, 7.0])
    half = scipy_stats.t.ppf(0.975, 3) * x.std(ddof=1) / 2.0
    entry = interval(x)
    assert entry["mean"] == pytest.approx(3.5)
    assert (entry["lo"], entry["hi"]) == pytest.approx((3.5 - half, 3.5 + half))
    assert interval([np.nan, np.nan])["mean"] is None
    # One run is a value, not an interval.
    assert interval([5.0]) == {"mean": 5.0, "lo": None, "hi": None, "n": 1}


def test_paired_difference_cancels_what_the_replications_share() -> None:
    # Two scenarios whose replications differ wildly but always by exactly 10.
    base = np.array([100.0, 900.0, 40.0])
    frame = pd.DataFrame(
        {
            "scenario": ["a"] * 3 + ["b"] * 3,
            "replication": [0, 1, 2] * 2,
            "year": [2009] * 6,
            "x": np.concatenate([base, base + 10.0]),
        }
    )
    diff = paired(frame, "b", "a", "x", 6)["2009"]
    assert diff["mean"] == pytest.approx(10.0) and diff["lo"] == pytest.approx(10.0)
    assert diff["hi"] == pytest.approx(10.0)


@pytest.fixture(scope="module")
def scenarios():
    return [load_scenario(SCENARIOS / f"{name}.toml") for name in ("no-programme", "liaoning-2009")]


@pytest.fixture(scope="module")
def three():
    """The baseline and two programmes that share its counterfactual."""
    names = ("no-programme", "liaoning-2009", "labour-training-only")
    return [load_scenario(SCENARIOS / f"{name}.toml") for name in names]


@pytest.fixture(scope="module")
def per_scenario(three):
    """Each replication as before the counterfactual was shared: sim.api.run, which reruns the
    counterfactual for every programme scenario."""
    rows = {}
    for task in tasks_for(three, 2, 7, years=3, valuation=SHORT):
        scenario = next(s for s in three if s.name == task.name)
        tables = tables_of(run(scenario, seed=task.seed, years=3), task)
        rows[(task.name, task.replication)] = (
            tables["yearly"],
            tables["runs"].iloc[0].to_dict(),
            tables["villages"],
        )
    return rows


@pytest.mark.parametrize("workers", [1, 2])
def test_shared_counterfactual_gives_the_numbers_of_a_counterfactual_per_scenario(
    three, per_scenario, workers
) -> None:
    # Against the same reference with 1 and 2 workers: the tables do not depend on the number of
    # workers or the order runs finish in.
    reps = replicate(three, 2, 7, years=3, valuation=SHORT, workers=workers)
    assert reps.complete and not reps.errors
    assert reps.runs["seed"].tolist() == [7, 8] * 3
    for (name, i), (yearly, row, villages) in per_scenario.items():
        mine = reps.yearly[(reps.yearly["scenario"] == name) & (reps.yearly["replication"] == i)]
        pd.testing.assert_frame_equal(mine.reset_index(drop=True), yearly)
        theirs = reps.village_yearly
        mine_v = theirs[(theirs["scenario"] == name) & (theirs["replication"] == i)]
        pd.testing.assert_frame_equal(mine_v.reset_index(drop=True), villages)
        got = reps.runs[(reps.runs["scenario"] == name) & (reps.runs["replication"] == i)].iloc[0]
        for column, value in row.items():
            assert (pd.isna(value) and pd.isna(got[column])) or got[column] == value, column


def test_each_run_without_a_programme_is_made_once_per_seed(three, monkeypatch) -> None:
    bases, jobs = [], []
    real_base, real_job = runner.run_base, runner.run_task

    def count_base(spec):
        bases.append(spec["seed"])
        return real_base(spec)

    def count_job(spec, counterfactual):
        jobs.append((spec["name"], spec["seed"]))
        return real_job(spec, counterfactual)

    monkeypatch.setattr(runner, "run_base", count_base)
    monkeypatch.setattr(runner, "run_task", count_job)
    reps = replicate(three, 2, 1, years=2, valuation=Valuation(1), workers=1)
    assert reps.complete
    # The baseline's own run is the two programmes' counterfactual: 2 seeds, 2 + 4 model runs
    # where there were 2 + 4 x 2.
    assert sorted(bases) == [1, 2]
    assert sorted(jobs) == [(n, s) for n in ("labour-training-only", "liaoning-2009") for s in (1, 2)]


def test_a_failed_base_run_fails_only_the_runs_that_need_it(three, monkeypatch) -> None:
    real = runner.run_base

    def flaky(spec):
        if spec["seed"] == 2:
            raise RuntimeError("no counterfactual today")
        return real(spec)

    monkeypatch.setattr(runner, "run_base", flaky)
    reps = replicate(three, 2, 1, years=2, valuation=Valuation(1), workers=1)
    assert not reps.complete and len(reps.errors) == 3
    failed = "its counterfactual failed: RuntimeError: no counterfactual today"
    assert reps.errors == [
        "no-programme replication 1: RuntimeError: no counterfactual today",
        f"liaoning-2009 replication 1: {failed}",
        f"labour-training-only replication 1: {failed}",
    ]
    assert reps.runs["replication"].tolist() == [0, 0, 0]


def test_a_horizon_past_the_simulated_years_is_refused_before_anything_runs(three, monkeypatch) -> None:
    def never(spec):
        raise AssertionError("ran")

    monkeypatch.setattr(runner, "run_base", never)
    with pytest.raises(ScenarioError, match=r"--horizon 3 .*starts in 2009 .*end in 2010"):
        replicate(three, 1, 1, years=3, valuation=Valuation(3))
    # Without a programme there is no horizon to check: it runs (and here fails).
    reps = replicate(three[:1], 1, 1, years=1, valuation=Valuation(3))
    assert reps.errors == ["no-programme replication 0: AssertionError: ran"]


@pytest.mark.parametrize(
    ("horizon", "rate", "message"),
    [(0, 0.05, "at least 1"), (2.5, 0.05, "whole number"), (5, 1.0, r"\[0, 1\)"), (5, -0.01, r"\[0, 1\)")],
)
def test_valuation_refuses_what_is_not_a_horizon_or_a_rate(horizon, rate, message) -> None:
    with pytest.raises(ValueError, match=message):
        Valuation(horizon, rate)
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        Valuation(5, float("nan"))


def test_value_over_horizon_by_hand() -> None:
    years = [2008, 2009, 2010, 2011]
    pooled = pd.DataFrame(
        {
            "people": [100, 100, 110, 120],
            "per_capita_net_income_yuan": [1000.0, 1100.0, 1300.0, 1400.0],
            "consumer_price_index": [1.0, 1.0, 1.1, 1.21],
        },
        index=years,
    )
    counterfactual = pd.DataFrame(
        {"per_capita_net_income_yuan": [1000.0, 1000.0, 1200.0, 1250.0]}, index=years
    )
    aid = pd.Series({2009: 5000.0, 2010: 1000.0})
    value = value_over_horizon(pooled, counterfactual, aid, 2009, Valuation(3, 0.10))
    # Gains: 100 x 100 in 2009, 100 x 110 in 2010, 150 x 120 in 2011. A 2010 Yuan is worth
    # 1.0 / 1.1 of a 2009 Yuan in prices, and 1 / 1.1 again discounted; 2011's, 1 / 1.21 twice.
    real_gain = 10_000 + 11_000 / 1.1 / 1.1 + 18_000 / 1.21 / 1.21
    real_aid = 5000 + 1000 / 1.1 / 1.1
    assert value["income_gained_yuan"] == pytest.approx(real_gain)
    assert value["income_gained_nominal_yuan"] == pytest.approx(39_000)
    assert value["aid_spent_real_yuan"] == pytest.approx(real_aid)
    assert value["aid_spent_nominal_horizon_yuan"] == pytest.approx(6000)
    assert value["benefit_per_yuan"] == pytest.approx(real_gain / real_aid)
    assert value["benefit_per_yuan_nominal"] == pytest.approx(6.5)
    # A one-year horizon counts the first year alone, at face value.
    one = value_over_horizon(pooled, counterfactual, aid, 2009, Valuation(1, 0.10))
    assert one["income_gained_yuan"] == one["income_gained_nominal_yuan"] == pytest.approx(10_000)
    assert np.isnan(
        value_over_horizon(pooled, counterfactual, pd.Series(dtype=float), 2009, Valuation(2))[
            "benefit_per_yuan"
        ]
    )
    with pytest.raises(ValueError, match="2012"):
        value_over_horizon(pooled, counterfactual, aid, 2009, Valuation(4))


def test_runs_value_the_gain_against_the_baseline_run_of_the_same_seed(scenarios) -> None:
    valuation = Valuation(2, 0.05)
    reps = replicate(scenarios, 2, 1, years=3, valuation=valuation, workers=1)
    assert set(RUN_COLUMNS) <= set(reps.runs.columns)
    yearly = reps.yearly.set_index(["scenario", "replication", "year"]).sort_index()
    for i in range(2):
        mine, base = yearly.loc[("liaoning-2009", i)], yearly.loc[("no-programme", i)]
        gain = (mine["per_capita_net_income_yuan"] - base["per_capita_net_income_yuan"]) * mine["people"]
        cpi = mine["consumer_price_index"]
        weight = cpi[2009] / cpi / 1.05 ** (cpi.index - 2009)
        row = reps.runs[(reps.runs["scenario"] == "liaoning-2009") & (reps.runs["replication"] == i)].iloc[0]
        assert row["income_gained_nominal_yuan"] == pytest.approx(gain.loc[[2009, 2010]].sum())
        assert row["income_gained_yuan"] == pytest.approx((gain * weight).loc[[2009, 2010]].sum())
        assert row["benefit_per_yuan"] == pytest.approx(
            row["income_gained_yuan"] / row["aid_spent_real_yuan"]
        )
        assert (row["horizon_first_year"], row["horizon_last_year"]) == (2009, 2010)
    baseline = reps.runs[reps.runs["scenario"] == "no-programme"]
    assert (baseline["aid_spent_yuan"] == 0).all() and baseline["benefit_per_yuan"].isna().all()


def test_summary_has_intervals_and_paired_differences(scenarios) -> None:
    reps = replicate(scenarios, 4, 1, years=3, valuation=SHORT, workers=1)
    comparison = summarise(reps.yearly, reps.runs, ["no-programme", "liaoning-2009"], {})
    programme = comparison["liaoning-2009"]
    growth = programme["growth_over_first_year_yuan"]["2009"]
    assert growth["lo"] <= growth["mean"] <= growth["hi"] and growth["n"] == 4
    diff = programme["difference_from_baseline"]["per_capita_net_income_yuan"]["2010"]
    # By its second year the programme's greenhouses, sows and layers earn: income is higher.
    assert diff["lo"] <= diff["mean"] <= diff["hi"] and diff["mean"] > 0
    assert (
        comparison["no-programme"]["difference_from_baseline"]["per_capita_net_income_yuan"]["2009"]["mean"]
        == 0
    )
    assert programme["aid_spent_yuan"]["mean"] > 13_000_000
    assert programme["horizon"] == {"first_year": 2009, "last_year": 2010, "years": 2}
    per_million = programme["income_gained_per_million_yuan"]
    assert per_million["mean"] == pytest.approx(programme["benefit_per_yuan"]["mean"] * 1e6, rel=1e-3)
    assert programme["budget_check"]["whole_programme"] == "liaoning-2009"
    assert comparison["no-programme"]["budget_check"] is None
    # The same comparison seed gives the same bootstrap intervals.
    assert summarise(reps.yearly, reps.runs, ["no-programme", "liaoning-2009"], {}) == comparison


def test_compare_command_writes_everything_and_prints_json(tmp_path, capsys) -> None:
    out = tmp_path / "cmp"
    argv = [
        "compare",
        str(SCENARIOS / "no-programme.toml"),
        str(SCENARIOS / "liaoning-2009.toml"),
        "--replications",
        "3",
        "--years",
        "3",
        "--horizon",
        "2",
        "--discount",
        "0.03",
        "--workers",
        "1",
        "--out",
        str(out),
        "--json",
    ]
    assert main(argv) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed["scenarios"]) == {"no-programme", "liaoning-2009"}
    assert printed["seeds"] == [1, 2, 3] and printed["baseline"] == "no-programme"
    assert (printed["horizon_years"], printed["discount_rate"]) == (2, 0.03)
    assert printed["intervals"]["bootstrap_seed"] == 1
    saved = json.loads((out / "comparison.json").read_text())
    assert (saved["horizon_years"], saved["discount_rate"]) == (2, 0.03)
    programme = saved["scenarios"]["liaoning-2009"]
    for key in ("income_gained_per_million_yuan", "people_lifted_per_million_yuan", "benefit_per_yuan"):
        assert set(programme[key]) >= {"mean", "lo", "hi", "n"}, key
    assert programme["budget_check"]["within_5_percent"] is True
    for name in (
        "yearly.csv",
        "yearly.parquet",
        "runs.csv",
        "runs.parquet",
        "comparison.json",
        "report.html",
    ):
        assert (out / name).is_file(), name
    assert pd.read_parquet(out / "yearly.parquet")["scenario"].nunique() == 2
    for table in (pd.read_csv(out / "runs.csv"), pd.read_parquet(out / "runs.parquet")):
        assert set(RUN_COLUMNS) <= set(table.columns)
    assert list((out / "figures").glob("*.png"))


def test_compare_table_names_the_report(tmp_path, capsys) -> None:
    argv = [
        "compare",
        str(SCENARIOS / "no-programme.toml"),
        str(SCENARIOS / "labour-training-only.toml"),
        "--replications",
        "2",
        "--years",
        "2",
        "--horizon",
        "1",
        "--workers",
        "1",
        "--out",
        str(tmp_path),
        "--by-village",
    ]
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "labour-training-only" in text and "Report:" in text
    assert (tmp_path / "villages.parquet").is_file()


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["compare", "missing.toml"], "missing.toml"),
        (["compare", str(SCENARIOS / "no-programme.toml"), "--replications", "0"], "--replications"),
        (["compare", str(SCENARIOS / "no-programme.toml"), "--workers", "0"], "--workers"),
        (["compare", str(SCENARIOS / "no-programme.toml"), "--line", "-5"], "--line"),
        (["compare", str(SCENARIOS / "no-programme.toml"), "--horizon", "0"], "--horizon"),
        (["compare", str(SCENARIOS / "no-programme.toml"), "--horizon", "2.5"], "--horizon"),
        (["compare", str(SCENARIOS / "no-programme.toml"), "--discount", "1"], "--discount"),
        (["compare", str(SCENARIOS / "no-programme.toml"), "--discount", "-0.01"], "--discount"),
        (["compare", str(SCENARIOS / "no-programme.toml"), "--discount", "nan"], "--discount"),
        (["compare", str(SCENARIOS / "no-programme.toml"), "--discount", "5%"], "--discount"),
        (["compare", str(SCENARIOS / "liaoning-2009.toml"), "--years", "4"], "--horizon 5"),
        (["compare", str(SCENARIOS / "no-programme.toml"), str(SCENARIOS / "no-programme.toml")], "name"),
        (["scenarios", "show"], "show"),
        (["scenarios", "show", "no-such-scenario"], "no-such-scenario"),
    ],
)
def test_bad_input_exits_2_with_one_line(argv, needle, capsys) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and needle in err and "Traceback" not in err


def test_a_horizon_too_long_stops_before_anything_runs(tmp_path, capsys) -> None:
    out = tmp_path / "out"
    argv = [
        "compare",
        str(SCENARIOS / "liaoning-2009.toml"),
        "--years",
        "3",
        "--horizon",
        "3",
        "--out",
        str(out),
    ]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "liaoning-2009" in err and "--horizon 2 or less" in err
    assert not out.exists()


def test_help_states_the_horizon_and_discount_defaults(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["compare", "--help"])
    assert exit_.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--horizon YEARS" in text and "(default 5)" in text
    assert "--discount RATE" in text and "(default 0.05, i.e. 5%)" in text


def test_bad_scenario_file_stops_before_anything_runs(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[labour]\nmigrant_wage_yuan_per_month = 'lots'\n")
    out = tmp_path / "out"
    assert main(["compare", str(SCENARIOS / "no-programme.toml"), str(bad), "--out", str(out)]) == 2
    assert "migrant_wage_yuan_per_month" in capsys.readouterr().err
    assert not out.exists()


def test_scenarios_lists_and_checks_every_file(tmp_path, capsys) -> None:
    assert main(["scenarios", "--dir", str(SCENARIOS)]) == 0
    text = capsys.readouterr().out
    for path in SCENARIOS.glob("*.toml"):
        assert path.stem in text
    (tmp_path / "good.toml").write_text('[scenario]\ndescription = "fine"\n')
    (tmp_path / "broken.toml").write_text("[nonsense]\nx = 1\n")
    assert main(["scenarios", "--dir", str(tmp_path)]) == 2
    text = capsys.readouterr().out
    assert "broken" in text and "INVALID" in text and "nonsense.x" in text
    assert any(line.split() == ["good", "fine"] for line in text.splitlines())


def test_scenarios_show_marks_the_overrides(capsys) -> None:
    assert main(["scenarios", "show", "liaoning-2009", "--dir", str(SCENARIOS)]) == 0
    lines = capsys.readouterr().out.splitlines()
    marked = [line for line in lines if "# *" in line]
    assert len(marked) == 4
    assert any(line.startswith("budget_yuan = 13000000.0") for line in marked)
    assert any(line.startswith("years = 10") for line in lines)


def test_a_failed_run_loses_nothing_already_computed(tmp_path, capsys, monkeypatch) -> None:
    real = runner.run_task

    def flaky(spec, counterfactual):
        if spec["name"] == "liaoning-2009" and spec["replication"] == 1:
            raise RuntimeError("disk on fire")
        return real(spec, counterfactual)

    monkeypatch.setattr(runner, "run_task", flaky)
    out = tmp_path / "partial"
    argv = [
        "compare",
        str(SCENARIOS / "no-programme.toml"),
        str(SCENARIOS / "liaoning-2009.toml"),
        "--replications",
        "2",
        "--years",
        "2",
        "--horizon",
        "1",
        "--workers",
        "1",
        "--out",
        str(out),
    ]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "disk on fire" in err and str(out) in err
    runs = pd.read_csv(out / "runs.csv")
    assert len(runs) == 3  # the three runs that finished
    assert not (runs["scenario"].eq("liaoning-2009") & runs["replication"].eq(1)).any()
