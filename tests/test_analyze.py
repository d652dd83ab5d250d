"""`povsim analyze` on synthetic sweep folders with known answers: the Ishigami function's
Sobol indices, a linear function's Morris effects, a linear lever surface."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from SALib.test_functions import Ishigami

from sim.experiment import Experiment, ExperimentError, Variable
from sim.experiment.analyze import analyze, ranking
from sim.experiment.design import points
from sim.params import Parameters
from sim.scenario import Scenario

BASE = Scenario("base", "", Parameters())
PI = float(np.pi)


def experiment(variables: tuple[Variable, ...], design: str, samples: int = 0, **kw: object) -> Experiment:
    return Experiment(
        name="synthetic",
        description="",
        path=Path("synthetic.toml"),
        scenario=BASE,
        variables=variables,
        design=design,
        samples=samples,
        outcomes=("y",),
        **kw,  # type: ignore[arg-type]
    )


def write_sweep(
    directory: Path,
    exp: Experiment,
    model: Callable[[np.ndarray, np.random.Generator], np.ndarray],
    *,
    complete: bool = True,
) -> pd.DataFrame:
    """A sweep's folder as the runner leaves it: manifest.json, points.parquet, runs.parquet
    (replication r of every point on seed exp.seed + r; an extra column the analysis ignores)."""
    table = points(exp)
    rng = np.random.default_rng(7)
    frames = []
    for r in range(exp.replications):
        y = model(table.to_numpy(float), rng)
        frame = table.reset_index().assign(replication=r, seed=exp.seed + r, y=y, aid_spent_yuan=1.0)
        frames.append(frame)
    runs = pd.concat(frames, ignore_index=True).sort_values(["point", "replication"], ignore_index=True)
    tasks = len(runs)
    manifest = {
        "experiment": exp.describe(),
        "complete": complete,
        "tasks": tasks,
        "finished": tasks if complete else tasks - 3,
    }
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    table.reset_index().to_parquet(directory / "points.parquet")
    runs.to_parquet(directory / "runs.parquet")
    return runs


def ishigami(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return np.asarray(Ishigami.evaluate(x))


THREE = tuple(Variable(f"x{i}", "uncertainty", -PI, PI) for i in (1, 2, 3))


def test_sobol_on_ishigami_finds_the_analytic_indices(tmp_path: Path) -> None:
    exp = experiment(THREE, "sobol", 1024, seed=11)
    write_sweep(tmp_path, exp, ishigami)
    lines: list[str] = []
    result = analyze(tmp_path, echo=lines.append)
    tidy = pd.read_csv(tmp_path / "sensitivity.csv")
    assert (tmp_path / "sensitivity.png").stat().st_size > 0
    assert list(tidy.columns[:4]) == ["outcome", "parameter", "index", "value"]
    assert ranking(tidy, "sobol") == ["x1", "x2", "x3"]  # by ST: 0.558, 0.442, 0.244
    s1 = tidy[tidy["index"] == "S1"].set_index("parameter")
    st = tidy[tidy["index"] == "ST"].set_index("parameter")
    # Analytic values for a = 7, b = 0.1 (Ishigami and Homma 1990).
    for name, expected in (("x1", 0.3139), ("x2", 0.4424), ("x3", 0.0)):
        row = s1.loc[name]
        slack = 0.25 * row["conf"]  # the bootstrap interval, widened a little for N = 1024
        assert row["conf_low"] - slack <= expected <= row["conf_high"] + slack, (name, row.to_dict())
    row = st.loc["x3"]
    assert row["conf_low"] - 0.25 * row["conf"] <= 0.2437 <= row["conf_high"] + 0.25 * row["conf"]
    # Ranked by first order: x2, x1, x3; x3 matters only through its interaction with x1.
    assert list(s1["value"].sort_values(ascending=False).index) == ["x2", "x1", "x3"]
    assert result["analysis"] == "sobol" and result["runs"] == 1024 * 5
    assert "sobol design, 5120 points x 1 replication(s) = 5120 runs; sobol indices" in lines[0]
    json.dumps(result)


def test_morris_finds_the_effects_of_a_linear_function(tmp_path: Path) -> None:
    variables = tuple(Variable(f"x{i}", "uncertainty", 0.0, 1.0) for i in (1, 2, 3))
    exp = experiment(variables, "morris", 20, seed=5, morris_levels=4)
    write_sweep(tmp_path, exp, lambda x, rng: 10.0 * x[:, 0] - 2.0 * x[:, 1])
    result = analyze(tmp_path, echo=lambda _: None)
    rows = {r["parameter"]: r for r in result["outcomes"]["y"] if r["index"] == "mu_star"}
    assert [rows[p]["value"] for p in ("x1", "x2", "x3")] == pytest.approx([10.0, 2.0, 0.0])
    tidy = pd.read_csv(tmp_path / "sensitivity.csv")
    assert ranking(tidy, "morris") == ["x1", "x2", "x3"]
    mu = {r["parameter"]: r["value"] for r in result["outcomes"]["y"] if r["index"] == "mu"}
    assert mu["x2"] == pytest.approx(-2.0)


def test_morris_reads_loguniform_and_whole_number_variables_in_their_sampled_space(tmp_path: Path) -> None:
    variables = (
        Variable("a", "uncertainty", 1.0, 100.0, "loguniform"),
        Variable("b", "uncertainty", 1, 5, integer=True),
    )
    exp = experiment(variables, "morris", 10, seed=3)
    write_sweep(tmp_path, exp, lambda x, rng: np.log(x[:, 0]))
    result = analyze(tmp_path, echo=lambda _: None)
    rows = {r["parameter"]: r["value"] for r in result["outcomes"]["y"] if r["index"] == "mu_star"}
    assert rows["a"] == pytest.approx(np.log(100.0)) and rows["b"] == 0.0


def test_a_latin_hypercube_over_uncertainties_gets_delta_indices(tmp_path: Path) -> None:
    exp = experiment(THREE, "latin_hypercube", 500, seed=2)
    write_sweep(tmp_path, exp, lambda x, rng: 5.0 * x[:, 0] + 0.1 * rng.normal(size=len(x)))
    result = analyze(tmp_path, echo=lambda _: None)
    assert result["analysis"] == "delta"
    assert ranking(pd.read_csv(tmp_path / "sensitivity.csv"), "delta")[0] == "x1"


def test_a_lever_surface_gives_each_points_mean_and_t_interval(tmp_path: Path) -> None:
    levers = (
        Variable("a", "lever", 0.0, 2.0, levels=(0.0, 1.0, 2.0)),
        Variable("b", "lever", 0, 10, levels=(0, 10), integer=True),
    )
    exp = experiment(levers, "full_factorial", replications=6, seed=9)
    runs = write_sweep(tmp_path, exp, lambda x, rng: 3.0 * x[:, 0] + 0.5 * x[:, 1] + rng.normal(size=len(x)))
    lines: list[str] = []
    result = analyze(tmp_path, echo=lines.append)
    table = pd.read_csv(tmp_path / "surface.csv")
    assert (tmp_path / "surface.png").stat().st_size > 0 and result["analysis"] == "surface"
    assert len(table) == 6 and set(table["runs"]) == {6}
    by_point = runs.groupby("point")["y"]
    assert table["mean"].to_numpy() == pytest.approx(by_point.mean().to_numpy())
    half = 2.570582 * by_point.std().to_numpy() / np.sqrt(6)  # t(0.975, 5 degrees of freedom)
    assert (table["conf_high"] - table["mean"]).to_numpy() == pytest.approx(half, rel=1e-5)
    truth = 3.0 * table["a"] + 0.5 * table["b"]
    assert ((table["conf_low"] <= truth) & (truth <= table["conf_high"])).sum() >= 5
    assert "full factorial design, 6 points x 6 replication(s) = 36 runs" in lines[0]


def test_a_noise_free_linear_surface_is_exact(tmp_path: Path) -> None:
    exp = experiment(
        (Variable("a", "lever", 0.0, 1.0, levels=(0.0, 0.5, 1.0)),), "full_factorial", replications=3
    )
    write_sweep(tmp_path, exp, lambda x, rng: 4.0 * x[:, 0] + 1.0)
    result = analyze(tmp_path, echo=lambda _: None)
    rows = result["outcomes"]["y"]
    assert [r["mean"] for r in rows] == pytest.approx([1.0, 3.0, 5.0])
    assert [r["conf_high"] - r["conf_low"] for r in rows] == pytest.approx([0.0, 0.0, 0.0])


def test_an_incomplete_sweep_is_refused_saying_how_far_it_got(tmp_path: Path) -> None:
    exp = experiment(THREE, "sobol", 8)
    write_sweep(tmp_path, exp, ishigami, complete=False)
    with pytest.raises(ExperimentError, match=r"incomplete: 37 of 40 runs finished; rerun `povsim sweep`"):
        analyze(tmp_path, echo=lambda _: None)


def test_a_folder_without_the_sweeps_files_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExperimentError, match=r"no manifest\.json"):
        analyze(tmp_path, echo=lambda _: None)
    exp = experiment(THREE, "sobol", 8)
    write_sweep(tmp_path, exp, ishigami)
    (tmp_path / "runs.parquet").unlink()
    with pytest.raises(ExperimentError, match=r"runs\.parquet is missing"):
        analyze(tmp_path, echo=lambda _: None)


def test_runs_missing_from_a_folder_marked_complete_are_refused(tmp_path: Path) -> None:
    exp = experiment(THREE, "sobol", 8)
    runs = write_sweep(tmp_path, exp, ishigami)
    runs[runs["point"] != 4].to_parquet(tmp_path / "runs.parquet")
    with pytest.raises(ExperimentError, match="point 4 has 0 of 1 replications"):
        analyze(tmp_path, echo=lambda _: None)


def test_an_outcome_not_recorded_is_refused(tmp_path: Path) -> None:
    write_sweep(tmp_path, experiment(THREE, "sobol", 8), ishigami)
    with pytest.raises(ExperimentError, match="outcome 'gini@2009' was not recorded"):
        analyze(tmp_path, outcomes=["gini@2009"], echo=lambda _: None)


def test_points_that_are_not_the_described_design_are_refused(tmp_path: Path) -> None:
    exp = experiment(THREE, "sobol", 8)
    write_sweep(tmp_path, exp, ishigami)
    table = pd.read_parquet(tmp_path / "points.parquet")
    table.loc[0, "x1"] += 1.0
    table.to_parquet(tmp_path / "points.parquet")
    with pytest.raises(ExperimentError, match=r"not the design manifest\.json describes"):
        analyze(tmp_path, echo=lambda _: None)
