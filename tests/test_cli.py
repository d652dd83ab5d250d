"""The povsim command (sim/cli.py), run in-process."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.params import Parameters
from tests.conftest import HOUSEHOLDS, PEOPLE, ROOT, VILLAGES

SCENARIO = "scenarios/no-programme.toml"


@pytest.fixture(autouse=True)
def in_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run as a user would, from the project directory (scenario paths are relative)."""
    monkeypatch.chdir(ROOT)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_bad_input(status: int, out: str, err: str) -> str:
    assert status == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("povsim")
    return lines[0]


# ---------------------------------------------------------------------------- success


def test_run_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run_cli(
        capsys, "run", SCENARIO, "--seed", "1", "--years", "2", "--out", str(tmp_path), "--json"
    )
    assert status == 0
    assert err == ""
    assert out.count("\n") == 1  # one JSON object on one line
    summary = json.loads(out)
    assert summary["scenario"] == "no-programme"
    assert summary["seed"] == 1
    assert summary["start_year"] == 2008
    assert summary["years"] == 2
    assert summary["households"] == HOUSEHOLDS
    assert summary["people"] == PEOPLE
    assert isinstance(summary["villages"], dict)
    assert len(summary["villages"]) == VILLAGES
    assert sum(v["households"] for v in summary["villages"].values()) == HOUSEHOLDS
    assert sum(v["people"] for v in summary["villages"].values()) == PEOPLE
    for key in ("per_capita_net_income_yuan", "poverty_headcount_ratio", "gini", "poverty_gap_index"):
        assert list(summary[key]) == ["2008", "2009"], key
        assert all(isinstance(v, float) for v in summary[key].values())
    assert summary["growth_yuan"]["2008"] is None
    for village in summary["villages"].values():
        assert list(village["per_capita_net_income_yuan"]) == ["2008", "2009"]


def test_run_writes_tables_and_metadata(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run_cli(
        capsys, "run", SCENARIO, "--seed", "1", "--years", "2", "--out", str(tmp_path), "--json"
    )
    assert status == 0
    directory = tmp_path / "no-programme-seed1"
    assert sorted(p.name for p in directory.iterdir()) == [
        "metadata.json",
        "pooled.parquet",
        "villages.parquet",
    ]
    metadata = json.loads((directory / "metadata.json").read_text())
    assert metadata["seed"] == 1
    assert metadata["scenario"] == "no-programme"
    parameters = metadata["parameters"]
    assert parameters["simulation.years"] == 2
    assert parameters["labour.migrant_wage_yuan_per_month"] == Parameters().labour.migrant_wage_yuan_per_month
    assert parameters["livestock.pigs.birth_months"] == [4, 10]
    assert "numpy" in metadata["versions"]
    pooled = pd.read_parquet(directory / "pooled.parquet")
    villages = pd.read_parquet(directory / "villages.parquet")
    assert list(pooled.index) == [2008, 2009]
    assert len(villages) == 2 * VILLAGES
    summary = json.loads(out)
    assert (
        round(float(pooled.loc[2009, "per_capita_net_income_yuan"]), 2)
        == summary["per_capita_net_income_yuan"]["2009"]
    )


def test_identical_invocations_print_identical_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = ("run", SCENARIO, "--seed", "4", "--years", "2", "--out", str(tmp_path), "--json")
    first = run_cli(capsys, *argv)
    second = run_cli(capsys, *argv)
    assert first == second
    assert first[0] == 0
    other = run_cli(capsys, "run", SCENARIO, "--seed", "5", "--years", "2", "--out", str(tmp_path), "--json")
    assert other[1] != first[1]


def test_table_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run_cli(capsys, "run", SCENARIO, "--seed", "1", "--years", "3", "--out", str(tmp_path))
    assert status == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0].startswith("Scenario no-programme (seed 1)")
    assert "2,020 households" in lines[1]
    assert "8,876 people" in lines[1]
    headers = [line for line in lines if line.split()[:2] == ["year", "income/person"]]
    assert len(headers) == 1
    rows = [line for line in lines if re.match(r"^\d{4}\s", line)]
    assert [row.split()[0] for row in rows] == ["2008", "2009", "2010"]
    assert lines.index(headers[0]) < lines.index(rows[0])
    assert f"written to {tmp_path / 'no-programme-seed1'}/" in out
    assert (tmp_path / "no-programme-seed1" / "pooled.parquet").exists()


def test_table_and_json_agree(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, table, _ = run_cli(capsys, "run", SCENARIO, "--seed", "2", "--years", "2", "--out", str(tmp_path))
    _, text, _ = run_cli(
        capsys, "run", SCENARIO, "--seed", "2", "--years", "2", "--out", str(tmp_path), "--json"
    )
    summary = json.loads(text)
    row = next(line for line in table.splitlines() if line.startswith("2009"))
    assert row.split()[1] == f"{summary['per_capita_net_income_yuan']['2009']:,.0f}"


def test_unwritable_output_still_prints_the_run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    status, out, err = run_cli(capsys, "run", SCENARIO, "--years", "1", "--out", str(blocker), "--json")
    assert status == 2
    assert len(err.splitlines()) == 1
    assert "could not write" in err
    assert json.loads(out)["years"] == 1


# ---------------------------------------------------------------------------- bad input


def test_missing_scenario_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    line = assert_bad_input(*run_cli(capsys, "run", "scenarios/absent.toml", "--out", str(tmp_path)))
    assert "scenarios/absent.toml" in line
    assert not any(tmp_path.iterdir())


def test_invalid_scenario_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[labour]\nmigrant_wage = 1100\n")
    out_dir = tmp_path / "out"
    line = assert_bad_input(*run_cli(capsys, "run", str(bad), "--out", str(out_dir)))
    assert str(bad) in line
    assert "labour.migrant_wage" in line
    assert not out_dir.exists()


def test_invalid_toml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "broken.toml"
    bad.write_text("[labour\n")
    line = assert_bad_input(*run_cli(capsys, "run", str(bad), "--out", str(tmp_path / "out")))
    assert str(bad) in line


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--years", "0", "--years"),
        ("--years", "51", "--years"),
        ("--years", "two", "--years"),
        ("--seed", "-1", "--seed"),
        ("--seed", "1.5", "--seed"),
    ],
)
def test_bad_options(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str, value: str, expected: str
) -> None:
    line = assert_bad_input(*run_cli(capsys, "run", SCENARIO, option, value, "--out", str(tmp_path)))
    assert expected in line
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("argv", [[], ["run"], ["walk", SCENARIO], ["run", SCENARIO, "--colour"]])
def test_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert_bad_input(*run_cli(capsys, *argv))


# ---------------------------------------------------------------------------- --set and parameters


def test_run_set_changes_the_run_and_is_recorded(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    programme = "scenarios/liaoning-2009.toml"
    base = ["run", programme, "--years", "2", "--out", str(tmp_path), "--json"]
    status, out, _ = run_cli(capsys, *base)
    assert status == 0
    plain = json.loads(out)
    status, out, err = run_cli(
        capsys,
        *base,
        "--set",
        "programme.training.trainees_per_year=60",
        "--set",
        "programme.rolling.targeting=random",
    )
    assert status == 0, err
    more = json.loads(out)
    assert more["programme"]["trainees"]["enrolled"] == 60
    assert more["programme"]["aid_total_yuan"] > plain["programme"]["aid_total_yuan"]
    metadata = json.loads((tmp_path / "liaoning-2009-seed1" / "metadata.json").read_text())
    assert metadata["overrides"]["programme.training.trainees_per_year"] == 60
    assert metadata["overrides"]["programme.rolling.targeting"] == "random"
    assert metadata["parameters"]["programme.training.trainees_per_year"] == 60


def test_run_set_is_shown_in_the_table(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run_cli(
        capsys, "run", SCENARIO, "--years", "2", "--out", str(tmp_path), "--set", "labour.home_share=0.5"
    )
    assert status == 0
    assert "Set: labour.home_share=0.5" in out


@pytest.mark.parametrize(
    ("sets", "expected"),
    [
        (["labour.home_shar=0.5"], "povsim: --set 'labour.home_shar=0.5': unknown key 'labour.home_shar'"),
        (["labour.home_share=2"], "outside the allowed range"),
        (["labour.home_share=abc"], "must be a number"),
        (["labour.home_share=[1,"], "is not a value"),
        (["labour.home_share"], "give KEY=VALUE"),
        (["simulation.years=3", "simulation.years=4"], "'simulation.years' is given twice"),
        (["programme.schedule.last_year=2005"], "must not be before"),
    ],
)
def test_run_bad_set(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sets: list[str], expected: str
) -> None:
    argv = ["run", "scenarios/liaoning-2009.toml", "--years", "2", "--out", str(tmp_path)]
    for text in sets:
        argv += ["--set", text]
    line = assert_bad_input(*run_cli(capsys, *argv))
    assert expected in line
    assert not any(tmp_path.iterdir())


def test_compare_bad_set_stops_before_anything_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    line = assert_bad_input(
        *run_cli(capsys, "compare", SCENARIO, "--out", str(tmp_path), "--set", "labour.nonsense=1")
    )
    assert line.startswith("povsim: --set 'labour.nonsense=1': unknown key")
    assert not any(tmp_path.iterdir())


def test_parameters_table_json_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    from sim.parameter_space import parameter_space

    status, out, _ = run_cli(capsys, "parameters")
    assert status == 0
    assert "labour.migrant_wage_yuan_per_month" in out and "[900, 1340]" in out
    status, out, _ = run_cli(capsys, "parameters", "--role", "lever", "--json")
    assert status == 0
    rows = json.loads(out)
    assert [row["name"] for row in rows] == [r.name for r in parameter_space(role="lever")]
    assert {row["role"] for row in rows} == {"lever"}
    trainees = next(row for row in rows if row["name"] == "programme.training.trainees_per_year")
    assert (trainees["plausible_low"], trainees["plausible_high"], trainees["integer"]) == (0, 300, True)
    status, out, _ = run_cli(capsys, "parameters", "--role", "uncertainty", "--csv")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("name,role,unit,default,plausible_low,plausible_high,low,high,prior")
    assert len(lines) == 1 + len(parameter_space(role="uncertainty"))
    assert_bad_input(*run_cli(capsys, "parameters", "--role", "constant"))
    assert_bad_input(*run_cli(capsys, "parameters", "--json", "--csv"))
