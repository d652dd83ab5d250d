"""The runner under compare and sweep: resuming, killing, Ctrl-C, engines, checks before
anything runs, and output folders that are one consistent set.

The subprocess tests start ``python -m sim compare`` in a session of its own, so that every
process it starts is in its process group and can be looked for after the parent is killed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

import sim.runner.execute as execute
from sim.cli import main
from sim.runner.session import capped_workers
from sim.runner.tasks import MAX_SEED, derived_seed

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
PAIR = [str(SCENARIOS / "no-programme.toml"), str(SCENARIOS / "liaoning-2009.toml")]


def compare_argv(out: Path, replications: int = 3, *more: str) -> list[str]:
    return [
        "compare",
        *PAIR,
        "--replications",
        str(replications),
        "--years",
        "3",
        "--horizon",
        "2",
        "--out",
        str(out),
        *more,
    ]


def tables(out: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in ("runs", "yearly")}


def assert_same_results(a: Path, b: Path) -> None:
    for name, frame in tables(a).items():
        pd.testing.assert_frame_equal(frame, tables(b)[name], obj=name)
    parts = sorted(p.relative_to(a / "dataset") for p in (a / "dataset").rglob("*.parquet"))
    assert parts == sorted(p.relative_to(b / "dataset") for p in (b / "dataset").rglob("*.parquet"))


def survivors(group: int) -> list[psutil.Process]:
    """Live processes of a process group (zombies, dead but not yet reaped, do not count)."""
    found = []
    for process in psutil.process_iter(["pid", "status"]):
        try:
            if os.getpgid(process.pid) == group and process.info["status"] != psutil.STATUS_ZOMBIE:
                found.append(process)
        except (ProcessLookupError, psutil.Error):
            continue
    return found


def as_at_a_terminal() -> None:
    """Ctrl-C's signal acts as at a terminal, even when the tests run as a background job (whose
    shell ignores SIGINT, which the command would inherit)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(argv: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "sim", *argv],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=as_at_a_terminal,
    )


def wait_for_runs(out: Path, at_least: int, process: subprocess.Popen[bytes], timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = len(list((out / "dataset" / "runs").glob("*.parquet")))
        if done >= at_least:
            return done
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    raise AssertionError("no runs finished in time")


def kill_and_check_nothing_survives(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    # Nothing holds the caller's pipes: reading them to their end does not hang.
    process.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while survivors(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert survivors(process.pid) == []


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An uninterrupted comparison of 2 x 12 runs, with one worker."""
    out = tmp_path_factory.mktemp("reference") / "out"
    assert main([*compare_argv(out, 12), "--workers", "1", "--json"]) == 0
    return out


def test_a_killed_compare_leaves_no_process_and_resumes_to_the_same_dataset(
    reference: Path, tmp_path: Path
) -> None:
    out = tmp_path / "killed"
    argv = [*compare_argv(out, 12), "--workers", "2", "--json"]
    process = start(argv)
    wait_for_runs(out, 3, process)
    kill_and_check_nothing_survives(process)
    kept = len(list((out / "dataset" / "runs").glob("*.parquet")))
    assert 3 <= kept < 24, "the kill came after the end: make the comparison longer"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["complete"] is False and not (out / "runs.parquet").exists()
    # The same command again finishes the rest: no run missing, none twice, the same values.
    rerun = subprocess.run([sys.executable, "-m", "sim", *argv], cwd=ROOT, capture_output=True, check=False)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert_same_results(out, reference)
    runs = tables(out)["runs"]
    assert len(runs) == 24 and not runs.duplicated(["scenario", "replication"]).any()
    assert json.loads((out / "manifest.json").read_text())["complete"] is True


@pytest.mark.parametrize(
    ("signum", "status", "said"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "stopped by signal 15")],
)
def test_ctrl_c_or_sigterm_stops_cleanly_and_says_what_was_kept(
    tmp_path: Path, signum: int, status: int, said: str
) -> None:
    out = tmp_path / "stopped"
    process = start([*compare_argv(out, 12), "--workers", "2"])
    wait_for_runs(out, 2, process)
    process.send_signal(signum)  # to the parent alone: a terminal's Ctrl-C reaches the group
    _, err = process.communicate(timeout=60)
    assert process.returncode == status, err.decode()
    message = err.decode().strip().splitlines()[-1]
    kept = len(list((out / "dataset" / "runs").glob("*.parquet")))
    assert message.startswith(f"povsim: {said}; {kept} of 24 runs are finished and kept in {out}/")
    assert f"rerun the same command to run the other {24 - kept}" in message
    assert "Traceback" not in err.decode()
    assert survivors(process.pid) == []


def test_a_failed_run_is_retried_by_the_same_command_and_nothing_else_is_rerun(
    reference: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "retry"
    real = execute.run_task

    def flaky(spec, counterfactual):
        if spec["replication"] in (4, 7):
            raise RuntimeError("disk on fire")
        return real(spec, counterfactual)

    monkeypatch.setattr(execute, "run_task", flaky)
    assert main([*compare_argv(out, 12), "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert "2 of 24 runs did not finish" in err and "disk on fire" in err and "rerun the same command" in err
    assert not (out / "report.html").exists()
    ran: list[int] = []

    def counted(spec, counterfactual):
        ran.append(spec["replication"])
        return real(spec, counterfactual)

    monkeypatch.setattr(execute, "run_task", counted)
    assert main([*compare_argv(out, 12), "--workers", "1", "--json"]) == 0
    assert sorted(ran) == [4, 7]
    assert_same_results(out, reference)


def test_dask_cluster_gives_the_same_datasets_as_local_processes(
    reference: Path, tiny: Path, tiny_reference: Path, tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        compared, swept = tmp_path / "compare", tmp_path / "sweep"
        assert main([*compare_argv(compared, 12), "--scheduler", address, "--json"]) == 0
        assert main(["sweep", str(tiny), "--scheduler", address, "--out", str(swept)]) == 0
    assert_same_results(compared, reference)
    assert_same_results(swept, tiny_reference)


def test_an_unreachable_scheduler_is_refused_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nowhere"
    assert main([*compare_argv(out), "--scheduler", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("povsim: cannot start the Dask scheduler at tcp://127.0.0.1:9") and "\n" not in err
    assert not (out / "dataset").exists()


def bad_inputs(tmp_path: Path) -> list[tuple[list[str], str]]:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    return [
        (compare_argv(a_file), f"--out {a_file} is a file"),
        (compare_argv(Path("/proc/povsim-cannot-write-here")), "cannot be written"),
        ([*compare_argv(tmp_path / "o1"), "--seed", "18446744073709551614"], "seeds run from 0 to"),
        ([*compare_argv(tmp_path / "o2"), "--seed", str(MAX_SEED - 1)], "uses seeds up to"),
        ([*compare_argv(tmp_path / "o3"), "--line", "50000"], "--line: key 'simulation.poverty_line_yuan'"),
    ]


def test_bad_inputs_are_refused_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(spec):
        raise AssertionError("ran")

    monkeypatch.setattr(execute, "run_base", never)
    for argv, message in bad_inputs(tmp_path):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert message in err and "\n" not in err, (argv, err)
    assert main(["compare", *PAIR, "--out", ""]) == 2
    assert "--out: must name a folder" in capsys.readouterr().err


def test_a_folder_of_another_experiment_or_of_other_files_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "one"
    assert main([*compare_argv(out, 1), "--workers", "1", "--json"]) == 0
    capsys.readouterr()
    assert main([*compare_argv(out, 2), "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert f"--out {out} holds the results of another experiment (povsim compare" in err
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    assert main([*compare_argv(other, 1), "--workers", "1"]) == 2
    assert "is not empty and holds no povsim results" in capsys.readouterr().err


def test_a_rerun_leaves_no_stale_derived_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "set"
    assert main([*compare_argv(out, 1), "--workers", "1", "--by-village", "--json"]) == 0
    assert (out / "villages.csv").exists()
    # The same runs without the per-village tables: the folder is resumed (nothing reruns) and
    # its derived files are those of this command alone.
    assert main([*compare_argv(out, 1), "--workers", "1", "--json"]) == 0
    assert not (out / "villages.csv").exists() and not (out / "villages.parquet").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["complete"] and "villages.csv" not in manifest["derived"]
    assert {"runs.csv", "report.html", "comparison.json"} <= set(manifest["derived"])


def test_workers_are_capped_at_the_cores() -> None:
    cores = len(os.sched_getaffinity(0))
    assert capped_workers(None) == (cores, None)
    workers, note = capped_workers(cores + 18)
    assert workers == cores and note is not None and f"using {cores}" in note
    assert capped_workers(1) == (1, None)


def test_replication_seeds_depend_on_the_experiment_seed_and_replication_alone() -> None:
    seeds = [derived_seed(2009, r) for r in range(50)]
    assert len(set(seeds)) == 50 and all(0 <= s <= MAX_SEED for s in seeds)
    assert seeds == [derived_seed(2009, r) for r in range(50)]
    assert derived_seed(2010, 0) not in seeds


TINY = """\
[experiment]
description = "A tiny Sobol sweep for the runner's tests"
scenario = "{scenario}"
design = "sobol"
samples = 4
replications = 2
seed = 11
years = 2
horizon_years = 1
outcomes = ["growth_over_first_year_yuan@2009", "income_gain_yuan_per_capita@2009"]

[[uncertainties]]
name = "labour.migrant_wage_yuan_per_month"

[[uncertainties]]
name = "prices.trend.growth_per_year"
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny sweep's file: 4 x (2 + 2) = 16 points x 2 replications = 32 two-year runs."""
    path = tmp_path_factory.mktemp("experiment") / "tiny.toml"
    path.write_text(TINY.format(scenario=SCENARIOS / "liaoning-2009.toml"))
    return path


@pytest.fixture(scope="module")
def tiny_reference(tiny: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny") / "out"
    assert main(["sweep", str(tiny), "--workers", "1", "--out", str(out)]) == 0
    return out


def test_a_sweep_writes_a_tidy_table_with_its_inputs_and_outcomes(
    tiny_reference: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = pd.read_parquet(tiny_reference / "runs.parquet")
    points = pd.read_parquet(tiny_reference / "points.parquet")
    assert len(runs) == 32 and len(points) == 16
    assert list(runs.columns[:6]) == [
        "experiment",
        "point",
        "replication",
        "seed",
        "labour.migrant_wage_yuan_per_month",
        "prices.trend.growth_per_year",
    ]
    # Every point's replication r shares one seed: common random numbers across points.
    assert runs.groupby("replication")["seed"].nunique().eq(1).all()
    assert runs["seed"].nunique() == 2
    merged = runs.merge(points.reset_index(), on="point", suffixes=("", "_design"))
    assert (
        merged["labour.migrant_wage_yuan_per_month"] == merged["labour.migrant_wage_yuan_per_month_design"]
    ).all()
    assert runs["growth_over_first_year_yuan@2009"].notna().all()
    yearly = pd.read_parquet(tiny_reference / "yearly.parquet")
    assert len(yearly) == 64 and "labour.migrant_wage_yuan_per_month" in yearly
    assert main(["analyze", str(tiny_reference)]) == 0
    out = capsys.readouterr().out
    assert "growth_over_first_year_yuan@2009" in out and "labour.migrant_wage_yuan_per_month" in out
    assert (tiny_reference / "sensitivity.csv").exists() and (tiny_reference / "sensitivity.png").exists()


def test_a_killed_sweep_leaves_no_process_and_resumes_to_the_same_dataset(
    tiny: Path, tiny_reference: Path, tmp_path: Path
) -> None:
    out = tmp_path / "killed"
    argv = ["sweep", str(tiny), "--workers", "2", "--out", str(out)]
    process = start(argv)
    wait_for_runs(out, 4, process)
    kill_and_check_nothing_survives(process)
    assert len(list((out / "dataset" / "runs").glob("*.parquet"))) < 32
    rerun = subprocess.run([sys.executable, "-m", "sim", *argv], cwd=ROOT, capture_output=True, check=False)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert_same_results(out, tiny_reference)
    pd.testing.assert_frame_equal(
        pd.read_parquet(out / "points.parquet"), pd.read_parquet(tiny_reference / "points.parquet")
    )


def test_analyze_refuses_an_incomplete_sweep(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = execute.run_task

    def flaky(spec, counterfactual):
        if spec["point"] == 3:
            raise RuntimeError("disk on fire")
        return real(spec, counterfactual)

    monkeypatch.setattr(execute, "run_task", flaky)
    out = tmp_path / "partial"
    assert main(["sweep", str(tiny), "--workers", "1", "--out", str(out)]) == 1
    capsys.readouterr()
    assert main(["analyze", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert "30 of 32" in err and "\n" not in err


def test_a_worker_that_dies_fails_only_its_run_and_the_rerun_completes(
    reference: Path, tmp_path: Path
) -> None:
    out = tmp_path / "worker-died"
    argv = [*compare_argv(out, 12), "--workers", "2", "--json"]
    process = start(argv)
    wait_for_runs(out, 2, process)
    workers = [
        child
        for child in psutil.Process(process.pid).children()
        if "sim.runner.worker" in " ".join(child.cmdline())
    ]
    assert len(workers) == 2
    workers[0].kill()
    _, err = process.communicate(timeout=120)
    # The run it had fails (exit 1, saying why), and with a base run the runs that needed it
    # (its scenario's own and its counterfactual's); the run it held waiting goes to another
    # worker; a fresh worker takes its place. Had it been idle, nothing fails.
    assert process.returncode in (0, 1), err.decode()
    if process.returncode == 1:
        message = err.decode()
        assert "worker process died" in message
        assert "1 of 24 runs did not finish" in message or "2 of 24 runs did not finish" in message
    assert survivors(process.pid) == []
    rerun = subprocess.run([sys.executable, "-m", "sim", *argv], cwd=ROOT, capture_output=True, check=False)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert_same_results(out, reference)
