"""``povsim compare --posterior``: parameter sets drawn from a calibration's posterior, the same
draw for replication r of every scenario, recorded in the runs table and the output folder's
identity; a bad record stops the command before anything runs."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import sim.runner.execute as runner
from sim.calibration.posterior import (
    Posterior,
    PosteriorError,
    draw_overrides,
    load_posterior,
)
from sim.cli import main
from sim.compare.runner import tasks_for
from sim.scenario import load_scenario

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
WAGE = "labour.migrant_wage_yuan_per_month"
UPTAKE = "programme.village_advancement.uptake"
MONTHS = "households.learning_months"  # a whole number
WEIGHTS = [0.1, 0.6, 0.3]
PARTICLES = {WAGE: [950.0, 1150.0, 1320.0], UPTAKE: [0.72, 0.8, 0.93]}


def write_record(
    folder: Path,
    columns: dict[str, list[Any]] | None = None,
    weights: list[float] | None = None,
    parameters: list[dict[str, Any]] | None = None,
    name: str = "tiny",
) -> Path:
    """A record folder as ``povsim calibrate`` writes it (the parts compare reads)."""
    columns = dict(PARTICLES if columns is None else columns)
    weights = WEIGHTS if weights is None else weights
    folder.mkdir(parents=True, exist_ok=True)
    if parameters is None:
        parameters = [{"name": c, "integer": c == MONTHS, "prior": [0, 1]} for c in columns]
    record = {"name": name, "scenario": "liaoning-2009", "seed": 2009, "parameters": parameters}
    (folder / "record.json").write_text(json.dumps(record))
    frame = pd.DataFrame({**columns, "weight": weights, "distance": [0.5] * len(weights)})
    frame.to_parquet(folder / "posterior.parquet", index=False)
    return folder


@pytest.fixture
def record(tmp_path: Path) -> Path:
    return write_record(tmp_path / "calibration" / "tiny")


@pytest.fixture
def three(tmp_path: Path) -> Posterior:
    """Three parameters, one a whole number, and a particle of weight 0."""
    columns = {**PARTICLES, MONTHS: [6.0, 12.0, 18.0]}
    columns = {k: [*v, v[0]] for k, v in columns.items()}
    return load_posterior(write_record(tmp_path / "three", columns, [0.1, 0.6, 0.3, 0.0]))


# --------------------------------------------------------------------------------- the draws


def test_draws_are_deterministic_and_draw_i_does_not_depend_on_count(three: Posterior) -> None:
    many = draw_overrides(three, seed=7, count=40)
    assert many == draw_overrides(three, seed=7, count=40)
    assert draw_overrides(three, seed=7, count=5) == many[:5]
    assert draw_overrides(three, seed=7, count=0) == []
    assert draw_overrides(three, seed=8, count=40) != many
    assert all(set(d) == {WAGE, UPTAKE, MONTHS} for d in many)


def test_draws_follow_the_weights(three: Posterior) -> None:
    draws = draw_overrides(three, seed=2009, count=4000)
    counts = pd.Series([d[WAGE] for d in draws]).value_counts()
    # Rows 0 and 3 share their values; row 3 has weight 0.
    for wage, weight in zip(PARTICLES[WAGE], WEIGHTS, strict=True):
        share = counts.get(wage, 0) / len(draws)
        sd = math.sqrt(weight * (1 - weight) / len(draws))
        assert abs(share - weight) < 5 * sd, (wage, share, weight)
    # Whole rows are drawn: the parameters' values go together.
    pairs = {(d[WAGE], d[UPTAKE], d[MONTHS]) for d in draws}
    assert pairs == {(950.0, 0.72, 6), (1150.0, 0.8, 12), (1320.0, 0.93, 18)}


def test_a_particle_of_weight_zero_is_never_drawn(tmp_path: Path) -> None:
    posterior = load_posterior(write_record(tmp_path / "r", weights=[0.0, 1.0, 0.0]))
    assert {d[WAGE] for d in draw_overrides(posterior, seed=1, count=500)} == {1150.0}


def test_whole_numbers_come_back_as_int_and_the_others_as_float(three: Posterior) -> None:
    assert three.integer == frozenset({MONTHS})
    for draw in draw_overrides(three, seed=3, count=20):
        assert type(draw[MONTHS]) is int
        assert type(draw[WAGE]) is float and type(draw[UPTAKE]) is float


def test_load_posterior_normalises_the_weights(tmp_path: Path) -> None:
    posterior = load_posterior(write_record(tmp_path / "r", weights=[1.0, 6.0, 3.0]))
    assert posterior.name == "tiny" and posterior.parameters == [WAGE, UPTAKE]
    np.testing.assert_allclose(posterior.weights, WEIGHTS)
    assert posterior.weights.sum() == pytest.approx(1.0)
    assert list(posterior.samples.columns) == [WAGE, UPTAKE] and len(posterior.samples) == 3


def test_draws_are_in_every_scenario_and_the_counterfactual_keeps_the_non_programme_ones(
    record: Path,
) -> None:
    posterior = load_posterior(record)
    draws = draw_overrides(posterior, seed=1, count=2)
    scenarios = [load_scenario(SCENARIOS / f"{n}.toml") for n in ("no-programme", "liaoning-2009")]
    tasks = tasks_for(scenarios, 2, 1, draws=draws)
    for task in tasks:
        draw = draws[task.replication]
        assert dict(task.inputs) == draw
        assert {k: task.overrides[k] for k in draw} == draw
        base = task.base()
        assert base.overrides[WAGE] == draw[WAGE] and UPTAKE not in base.overrides
    # Replication r of both scenarios shares its counterfactual, as without draws.
    assert tasks[0].base().key == tasks[2].base().key
    assert tasks[0].base().key != tasks[1].base().key


# ------------------------------------------------------------------------------- the command


def compare_argv(out: Path, *extra: str, replications: int = 3, more: tuple[Path, ...] = ()) -> list[str]:
    return [
        "compare",
        str(SCENARIOS / "no-programme.toml"),
        str(SCENARIOS / "liaoning-2009.toml"),
        *map(str, more),
        "--replications",
        str(replications),
        "--years",
        "2",
        "--horizon",
        "1",
        "--workers",
        "1",
        "--out",
        str(out),
        *extra,
    ]


def test_compare_draws_each_replication_s_parameters_for_every_scenario(
    record: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "with"
    assert main([*compare_argv(out, "--posterior", str(record)), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    runs = pd.read_parquet(out / "runs.parquet")
    draws = draw_overrides(load_posterior(record), seed=1, count=3)
    for scenario in ("no-programme", "liaoning-2009"):
        rows = runs[runs["scenario"] == scenario].sort_values("replication")
        assert rows[[WAGE, UPTAKE]].to_dict("records") == draws
    assert pd.read_csv(out / "runs.csv")[WAGE].tolist() == runs[WAGE].tolist()
    # The JSON, comparison.json and the manifest name the posterior and the draws.
    for meta in (printed, json.loads((out / "comparison.json").read_text())):
        uncertainty = meta["parameter_uncertainty"]
        assert uncertainty["calibration"] == "tiny" and uncertainty["draws"] == draws
        assert (
            "parameter uncertainty from" in uncertainty["statement"]
            and str(record) in uncertainty["statement"]
        )
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["posterior"]["parameters"] == [WAGE, UPTAKE]
    assert str(record / "posterior.parquet") in manifest["inputs"]

    # Without --posterior: no drawn columns, other incomes (the draws change the runs).
    plain = tmp_path / "without"
    assert main([*compare_argv(plain), "--json"]) == 0
    capsys.readouterr()
    without = pd.read_parquet(plain / "runs.parquet")
    assert WAGE not in without.columns
    yearly = pd.read_parquet(out / "yearly.parquet")
    plain_yearly = pd.read_parquet(plain / "yearly.parquet")
    assert not np.allclose(yearly["per_capita_net_income_yuan"], plain_yearly["per_capita_net_income_yuan"])

    # The same command again resumes the folder: nothing runs, the same tables, the line in the text.
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a finished run was run again")

    monkeypatch.setattr(runner, "run_task", refuse)
    monkeypatch.setattr(runner, "run_base", refuse)
    assert main(compare_argv(out, "--posterior", str(record))) == 0
    text = capsys.readouterr().out
    assert f"Intervals carry parameter uncertainty from {record}" in text
    pd.testing.assert_frame_equal(pd.read_parquet(out / "runs.parquet"), runs)

    # Another posterior into the same folder is refused before anything runs.
    other = write_record(tmp_path / "calibration" / "other", weights=[0.5, 0.25, 0.25])
    assert main(compare_argv(out, "--posterior", str(other))) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "holds the results of another experiment" in err
    # And so is the same comparison without it.
    assert main(compare_argv(out)) == 2
    assert "another experiment" in capsys.readouterr().err


def test_a_scenario_or_set_that_sets_a_fitted_parameter_is_refused(
    record: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = compare_argv(out, "--posterior", str(record), "--set", f"{WAGE}=1200")
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("povsim: --set") and WAGE in err and "fitted" in err
    fixed = tmp_path / "fixed-uptake.toml"
    fixed.write_text("[programme.village_advancement]\nbudget_yuan = 13_000_000\nuptake = 0.9\n")
    argv = compare_argv(out, "--posterior", str(record), more=(fixed,))
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(fixed) in err and UPTAKE in err and "fitted" in err
    assert not out.exists()


def _bad(folder: Path, case: str) -> tuple[Path, str]:
    """A broken record folder and what its one-line message must name (besides the file)."""
    if case == "no folder":
        return folder, "does not exist"
    if case == "no record.json":
        write_record(folder)
        (folder / "record.json").unlink()
        return folder / "record.json", "no such file"
    if case == "no posterior.parquet":
        write_record(folder)
        (folder / "posterior.parquet").unlink()
        return folder / "posterior.parquet", "no such file"
    if case == "record not an object":
        write_record(folder)
        (folder / "record.json").write_text("[1, 2]")
        return folder / "record.json", "JSON object"
    if case == "unknown parameter":
        write_record(folder, {"labour.migrant_wage": [1.0, 2.0, 3.0]})
        return folder / "record.json", "labour.migrant_wage"
    if case == "outside the allowed range":
        write_record(folder, {**PARTICLES, UPTAKE: [0.7, 1.5, 0.9]})
        return folder / "posterior.parquet", f"{UPTAKE}' is 1.5, outside the allowed range"
    if case == "negative weight":
        write_record(folder, weights=[0.5, -0.1, 0.6])
        return folder / "posterior.parquet", "'weight' is -0.1 in row 1"
    if case == "weights all zero":
        write_record(folder, weights=[0.0, 0.0, 0.0])
        return folder / "posterior.parquet", "'weight' sums to 0"
    if case == "NaN value":
        write_record(folder, {**PARTICLES, WAGE: [950.0, math.nan, 1200.0]})
        return (
            folder / "posterior.parquet",
            f"'{WAGE}' is missing (null, or NaN as pandas writes it) in row 1",
        )
    if case == "NaN weight":
        write_record(folder, weights=[0.5, math.nan, 0.5])
        return folder / "posterior.parquet", "'weight' is missing (null, or NaN as pandas writes it) in row 1"
    if case == "missing column":
        parameters = [{"name": WAGE, "integer": False}, {"name": MONTHS, "integer": True}]
        write_record(folder, {WAGE: PARTICLES[WAGE]}, parameters=parameters)
        return folder / "posterior.parquet", f"'{MONTHS}' is missing"
    if case == "not whole":
        write_record(folder, {**PARTICLES, MONTHS: [6.0, 6.5, 12.0]})
        return folder / "posterior.parquet", f"'{MONTHS}' must be a whole number"
    if case == "integer flag wrong":
        write_record(folder, parameters=[{"name": WAGE, "integer": True}, {"name": UPTAKE, "integer": False}])
        return folder / "record.json", "parameters[0].integer"
    if case == "text column":
        write_record(folder, {**PARTICLES, WAGE: ["a", "b", "c"]})
        return folder / "posterior.parquet", f"'{WAGE}' must hold numbers"
    raise AssertionError(case)


BAD = [
    "no folder",
    "no record.json",
    "no posterior.parquet",
    "record not an object",
    "unknown parameter",
    "outside the allowed range",
    "negative weight",
    "weights all zero",
    "NaN value",
    "NaN weight",
    "missing column",
    "not whole",
    "integer flag wrong",
    "text column",
]


@pytest.mark.parametrize("case", BAD)
def test_a_bad_record_exits_2_with_one_line_before_anything_runs(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "calibration" / "bad"
    path, needle = _bad(folder, case)
    out = tmp_path / "out"
    assert main(compare_argv(out, "--posterior", str(folder))) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    assert err.startswith(f"povsim: {path}") and needle in err, err
    assert not out.exists()
    with pytest.raises(PosteriorError):
        load_posterior(folder)


def test_a_row_that_does_not_fit_together_is_refused(tmp_path: Path) -> None:
    shares = "programme.village_advancement.household_project_share"
    folder = write_record(tmp_path / "r", {WAGE: [1000.0, 1100.0], shares: [0.5, 0.99]}, [0.5, 0.5])
    with pytest.raises(PosteriorError, match=r"posterior\.parquet row 1: keys .* add up to"):
        load_posterior(folder)


def test_help_documents_posterior(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["compare", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--posterior RECORD_DIR" in text and "parameter uncertainty" in text
