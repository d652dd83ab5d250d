"""Scenario comparison: paired statistics, determinism across workers, the command in-process."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from sim.cli import main
from sim.compare.runner import replicate
from sim.compare.stats import interval, paired, summarise
from sim.scenario import load_scenario

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def test_interval_is_the_student_t_interval_of_the_mean() -> None:
    x = np.array([1.0, 2.0, 4.0, 7.0])
    half = scipy_stats.t.ppf(0.975, 3) * x.std(ddof=1) / 2.0
    entry = interval(x)
    assert entry["mean"] == pytest.approx(3.5)
    assert (entry["lo"], entry["hi"]) == pytest.approx((3.5 - half, 3.5 + half))
    assert interval([np.nan, np.nan])["mean"] is None
    assert interval([5.0])["lo"] == interval([5.0])["hi"] == 5.0


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


def test_results_do_not_depend_on_the_number_of_workers(scenarios) -> None:
    one = replicate(scenarios, 3, 7, years=3, workers=1)
    two = replicate(scenarios, 3, 7, years=3, workers=2)
    assert one.complete and two.complete
    pd.testing.assert_frame_equal(one.yearly, two.yearly)
    pd.testing.assert_frame_equal(one.runs, two.runs)
    assert one.runs["seed"].tolist() == [7, 8, 9, 7, 8, 9]


def test_summary_has_intervals_and_paired_differences(scenarios) -> None:
    reps = replicate(scenarios, 4, 1, years=3, workers=1)
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
        (["compare", str(SCENARIOS / "no-programme.toml"), str(SCENARIOS / "no-programme.toml")], "name"),
        (["scenarios", "show"], "show"),
        (["scenarios", "show", "no-such-scenario"], "no-such-scenario"),
    ],
)
def test_bad_input_exits_2_with_one_line(argv, needle, capsys) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and needle in err and "Traceback" not in err


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
    import sim.compare.runner as runner

    real = runner.run_job

    def flaky(job):
        if job.scenario.name == "liaoning-2009" and job.replication == 1:
            raise RuntimeError("disk on fire")
        return real(job)

    monkeypatch.setattr(runner, "run_job", flaky)
    out = tmp_path / "partial"
    argv = [
        "compare",
        str(SCENARIOS / "no-programme.toml"),
        str(SCENARIOS / "liaoning-2009.toml"),
        "--replications",
        "2",
        "--years",
        "2",
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
