"""``povsim calibrate`` and ``povsim reproduce``: the calibration file's checks, the fit's
reproducibility (any worker count, a Dask cluster, killed and resumed), the record and its
rerun.

Most tests use ``tests/data/calibration-tiny.toml`` (three years, three parameters, a few
dozen runs); the shipped calibration runs once with ``--quick``, and its committed record is
reproduced.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.calibration.spec import Target
from sim.calibration.statistics import statistics, with_derived
from sim.cli import main
from tests.conftest import ROOT

TINY = ROOT / "tests" / "data" / "calibration-tiny.toml"
SHIPPED = ROOT / "calibration" / "liaoning-2009.toml"
SHIPPED_RECORD = ROOT / "calibration" / "liaoning-2009"
RECORD_FILES = (
    "record.json",
    "posterior.parquet",
    "populations.parquet",
    "predictive.parquet",
    "predictive_statistics.parquet",
    "median_runs.parquet",
    "report.html",
)


@pytest.fixture(scope="module")
def tiny_record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny") / "record"
    assert main(["calibrate", str(TINY), "--out", str(out), "--workers", "2"]) == 0
    return out


def record_of(folder: Path) -> dict:
    return json.loads((folder / "record.json").read_text())


def copied_record(record_dir: Path, to: Path, calibration: Path = TINY) -> Path:
    """A copy of a record at ``to``, its calibration file still found (``calibration``)."""
    shutil.copytree(record_dir, to)
    record = record_of(to)
    record["calibration_file"] = os.path.relpath(calibration, to)
    (to / "record.json").write_text(json.dumps(record))
    return to


# --- the record ---------------------------------------------------------------------------


def test_the_record_holds_the_posterior_the_fit_and_the_final_simulations(tiny_record: Path) -> None:
    for name in RECORD_FILES:
        assert (tiny_record / name).is_file(), name
    record = record_of(tiny_record)
    names = [p["name"] for p in record["parameters"]]
    assert names == [
        "labour.migrant_wage_yuan_per_month",
        "livestock.pigs.young_mortality_per_year",
        "programme.schedule.delivery_month",
    ]
    posterior = pd.read_parquet(tiny_record / "posterior.parquet")
    assert list(posterior.columns) == [*names, "weight", "distance"]
    assert len(posterior) == record["method"]["population"] == 6
    assert posterior["weight"].sum() == pytest.approx(1.0)
    assert (posterior["programme.schedule.delivery_month"] % 1 == 0).all()
    for p in record["parameters"]:
        low, high = p["prior"]
        assert low <= p["q05"] <= p["median"] <= p["q95"] <= high
        assert p["sd_ratio"] == pytest.approx(p["sd"] / p["prior_sd"])
    generations = record["generations"]
    assert [g["t"] for g in generations] == list(range(len(generations)))
    assert generations[0]["epsilon"] is None  # the first generation accepts every prior draw
    epsilons = [g["epsilon"] for g in generations[1:]]
    assert epsilons == sorted(epsilons, reverse=True)
    assert record["simulations"] == sum(g["simulations"] for g in generations) <= 40
    stats = pd.read_parquet(tiny_record / "predictive_statistics.parquet")
    assert list(stats.columns) == ["draw", "seed", "growth_2009", "wage_share_2008", "gain_share_2010"]
    assert len(stats) == record["final"]["draws"] == 4
    median_runs = pd.read_parquet(tiny_record / "median_runs.parquet")
    assert sorted(median_runs["replication"].unique()) == [0, 1]
    assert sorted(median_runs["year"].unique()) == [2008, 2009, 2010]
    assert [t["name"] for t in record["targets"]] == ["growth_2009", "wage_share_2008"]
    assert [c["name"] for c in record["checks"]] == ["gain_share_2010"]
    assert not record["checks"][0]["fitted"]
    assert len(record["final"]["outcome_hash"]) == 64
    assert record["versions"]["pyabc"]


def test_a_target_summary_is_its_posterior_predictive(tiny_record: Path) -> None:
    record = record_of(tiny_record)
    stats = pd.read_parquet(tiny_record / "predictive_statistics.parquet")
    for target in record["targets"] + record["checks"]:
        values = stats[target["name"]]
        assert target["predictive"]["median"] == pytest.approx(values.median())
        inside = (target["low"] is None or values >= target["low"]) & (
            target["high"] is None or values <= target["high"]
        )
        assert target["predictive"]["inside"] == pytest.approx(float(pd.Series(inside).mean()))


# --- reproducibility ----------------------------------------------------------------------


def test_reproduce_gets_the_same_numbers(tiny_record: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reproduce", str(tiny_record), "--workers", "1"]) == 0
    assert "reproduced: the same numbers" in capsys.readouterr().out


def test_the_whole_fit_is_the_same_on_one_worker(
    tiny_record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The record was made on two workers; --full refits on one, in a fresh folder."""
    assert main(["reproduce", str(tiny_record), "--full", "--workers", "1"]) == 0
    assert "the whole fit and its final simulations reproduced" in capsys.readouterr().out


def test_reproduce_says_what_differs(
    tiny_record: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = copied_record(tiny_record, tmp_path / "record")
    posterior = pd.read_parquet(changed / "posterior.parquet")
    posterior["labour.migrant_wage_yuan_per_month"] = 1300.0  # not what the fit found
    posterior.to_parquet(changed / "posterior.parquet", index=False)
    assert main(["reproduce", str(changed), "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert "give different numbers" in err
    assert "outcome hash" in err
    assert "predictive_statistics.wage_share_2008" in err


def test_reproduce_refuses_a_record_whose_calibration_file_changed(
    tiny_record: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = tmp_path / "calibration-tiny.toml"
    scenario = (ROOT / "scenarios" / "liaoning-2009.toml").as_posix()
    text = edited(TINY.read_text(), '"../../scenarios/liaoning-2009.toml"', f'"{scenario}"')
    changed.write_text(edited(text, "seed = 7", "seed = 8"))
    copy = copied_record(tiny_record, tmp_path / "record", changed)
    assert main(["reproduce", str(copy)]) == 2
    err = capsys.readouterr().err.strip()
    assert "changed since the record was made" in err and len(err.splitlines()) == 1


def test_a_dask_cluster_gives_the_same_final_simulations(tiny_record: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        assert main(["reproduce", str(tiny_record), "--scheduler", cluster.scheduler_address]) == 0


def populations_stored(database: Path) -> int:
    try:
        with sqlite3.connect(database) as db:
            return int(db.execute("select count(*) from populations where t >= 0").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_a_killed_fit_resumes_to_the_same_posterior(tiny_record: Path, tmp_path: Path) -> None:
    out = tmp_path / "record"
    argv = [sys.executable, "-m", "sim", "calibrate", str(TINY), "--out", str(out), "--workers", "2"]
    process = subprocess.Popen(
        argv, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    database = out / "work" / "abc.db"
    deadline = time.monotonic() + 300
    while populations_stored(database) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert process.poll() is None, "the fit ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert not (out / "record.json").exists()
    assert main(["calibrate", str(TINY), "--out", str(out), "--workers", "2"]) == 0
    pd.testing.assert_frame_equal(
        pd.read_parquet(out / "posterior.parquet"), pd.read_parquet(tiny_record / "posterior.parquet")
    )
    resumed, uninterrupted = record_of(out), record_of(tiny_record)
    assert resumed["generations"] == uninterrupted["generations"]
    assert resumed["final"]["outcome_hash"] == uninterrupted["final"]["outcome_hash"]


# --- the shipped calibration ----------------------------------------------------------------


def test_the_shipped_calibration_runs_quick(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "quick"
    assert main(["calibrate", str(SHIPPED), "--quick", "--out", str(out)]) == 0
    for name in RECORD_FILES:
        assert (out / name).is_file(), name
    record = record_of(out)
    assert record["quick"] and record["scenario"] == "liaoning-2009"
    assert len(record["parameters"]) == 10 and len(record["targets"]) == 9
    assert "growth_2009" in capsys.readouterr().out


def test_the_shipped_record_reproduces() -> None:
    assert main(["reproduce", str(SHIPPED_RECORD)]) == 0


# --- calibration files -----------------------------------------------------------------------


def edited(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


BAD_FILES = {
    "prior outside the allowed range": (
        'name = "labour.migrant_wage_yuan_per_month"\nwhy = "wage share"',
        'name = "labour.migrant_wage_yuan_per_month"\nwhy = "wage share"\nprior = [-5, 1000]',
        "parameters[0].prior",
    ),
    "unknown parameter": (
        'name = "livestock.pigs.young_mortality_per_year"',
        'name = "livestock.pigs.young_mortality"',
        "parameters[1].name",
    ),
    "unknown statistic": (
        'statistic = "wages_share@2008"',
        'statistic = "wage_share@2008"',
        "targets[1].statistic",
    ),
    "statistic in a year not simulated": (
        'statistic = "income_gain_share@2010"',
        'statistic = "income_gain_share@2013"',
        "checks[0].statistic",
    ),
    "missing field": ('why = "wage share"\n', "", "parameters[0].why"),
    "missing method setting": ("quantile = 0.5\n", "", "method.quantile"),
    "unknown key": ("seed = 7\n", "seed = 7\nsead = 8\n", "calibration.sead"),
    "range upside down": ("low = 0.27\nhigh = 0.37", "low = 0.37\nhigh = 0.27", "targets[1].high"),
    "no scale": ("scale = 150\n", "", "targets[0].scale"),
    "quick setting out of range": ("population = 4\n", "population = 0\n", "quick.population"),
    "fitted parameter set by the scenario": (
        'name = "programme.schedule.delivery_month"',
        'name = "programme.village_advancement.budget_yuan"',
        "parameters[2].name",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_calibration_file_is_one_line_and_exit_2(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, key = BAD_FILES[case]
    path = tmp_path / "bad.toml"
    scenario = (ROOT / "scenarios" / "liaoning-2009.toml").as_posix()
    text = edited(TINY.read_text(), '"../../scenarios/liaoning-2009.toml"', f'"{scenario}"')
    path.write_text(edited(text, old, new))
    out = tmp_path / "out"
    assert main(["calibrate", str(path), "--quick", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert str(path) in err and key in err, err
    assert not out.exists()


def test_a_missing_calibration_file_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calibrate", str(tmp_path / "none.toml")]) == 2
    assert "no such calibration file" in capsys.readouterr().err


def test_reproduce_of_a_folder_without_a_record_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["reproduce", str(tmp_path)]) == 2
    assert "not a calibration record" in capsys.readouterr().err


def test_statistics_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calibrate", "--statistics"]) == 0
    out = capsys.readouterr().out
    assert "wages_share@<year>" in out and "benefit_per_yuan" in out


# --- statistics and distances ------------------------------------------------------------------


def test_derived_statistics_on_a_known_case() -> None:
    yearly = pd.DataFrame(
        {
            "year": [2009, 2008],
            "people": [90.0, 88.0],
            "households": [20.0, 20.0],
            "per_capita_net_income_yuan": [2200.0, 2000.0],
            "income_gain_yuan_per_capita": [100.0, 0.0],
            "wages_yuan_per_capita": [700.0, 640.0],
            "household_operations_yuan_per_capita": [1100.0, 1040.0],
            "property_yuan_per_capita": [100.0, 100.0],
            "transfers_yuan_per_capita": [300.0, 220.0],
        }
    )
    frame = with_derived(yearly).set_index("year")
    assert frame.at[2008, "wages_share"] == pytest.approx(0.32)
    assert frame.at[2008, "household_size"] == pytest.approx(4.4)
    assert frame.at[2009, "counterfactual_income_yuan"] == pytest.approx(2100.0)
    assert frame.at[2009, "counterfactual_growth_rate"] == pytest.approx(0.05)
    assert frame.at[2009, "growth_rate"] == pytest.approx(0.1)
    assert frame.at[2009, "income_gain_share"] == pytest.approx(100.0 / 2100.0)
    assert math.isnan(frame.at[2008, "growth_rate"])
    values = statistics(
        yearly, {"benefit_per_yuan": 0.7}, ["benefit_per_yuan", "wages_share@2009", "wages_share@2011"]
    )
    assert values["benefit_per_yuan"] == 0.7
    assert values["wages_share@2009"] == pytest.approx(700.0 / 2200.0)
    assert math.isnan(values["wages_share@2011"])  # a year not simulated


finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(finite, finite, st.floats(1e-3, 1e3), finite)
def test_a_target_misses_by_its_distance_outside_in_scales(
    a: float, b: float, scale: float, value: float
) -> None:
    low, high = min(a, b), max(a, b)
    target = Target("t", "gini@2008", low, high, scale, "", "")
    miss = target.miss(value)
    if low <= value <= high:
        assert miss == 0.0 and target.contains(value)
    else:
        gap = low - value if value < low else value - high
        assert miss == pytest.approx(gap / scale)
        assert miss > 0 or gap / scale == 0.0
    assert Target("t", "gini@2008", None, high, scale, "", "").miss(min(value, high)) == 0.0
    assert Target("t", "gini@2008", low, None, scale, "", "").miss(max(value, low)) == 0.0
    assert target.miss(math.nan) == math.inf


def test_the_defaults_are_the_shipped_posterior_medians() -> None:
    from sim.calibration.defaults import mismatches

    assert mismatches(SHIPPED_RECORD) == []


def test_compare_draws_from_the_shipped_posterior(tmp_path: Path) -> None:
    out = tmp_path / "compare"
    argv = [
        "compare",
        str(ROOT / "scenarios" / "no-programme.toml"),
        str(ROOT / "scenarios" / "liaoning-2009.toml"),
        "--posterior",
        str(SHIPPED_RECORD),
        "--years",
        "2",
        "--horizon",
        "1",
        "--replications",
        "2",
        "--workers",
        "1",
        "--out",
        str(out),
    ]
    assert main(argv) == 0
    runs = pd.read_parquet(out / "runs.parquet")
    fitted = [p["name"] for p in record_of(SHIPPED_RECORD)["parameters"]]
    posterior = pd.read_parquet(SHIPPED_RECORD / "posterior.parquet")
    for replication, group in runs.groupby("replication"):
        assert len(group[fitted].drop_duplicates()) == 1, replication  # common draws across scenarios
        drawn = group[fitted].iloc[0]
        assert ((posterior[fitted] == drawn.to_numpy()).all(axis=1)).any()  # a particle of the posterior


def test_reproduce_refuses_a_record_whose_tables_were_altered(
    tiny_record: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    altered = copied_record(tiny_record, tmp_path / "record")
    runs = pd.read_parquet(altered / "median_runs.parquet")
    runs.loc[0, "per_capita_net_income_yuan"] += 1.0
    runs.to_parquet(altered / "median_runs.parquet", index=False)
    assert main(["reproduce", str(altered), "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert "do not match its outcome hash" in err and "median_runs.per_capita_net_income_yuan" in err
