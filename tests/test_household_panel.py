"""``povsim run --households``: every household's yearly record as Parquet (issue 12)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sim
from sim.cli import build_parser, main
from sim.ledger import Source
from tests.conftest import HOUSEHOLDS, SCENARIOS

COLUMNS = [
    "year", "household", "village", "members", "working_away", "net_income_yuan", "per_capita_net_income",
    *(f"{s.name.lower()}_yuan" for s in Source),
    "savings_yuan", "cattle", "sheep", "pigs", "poultry", "breeding_females",
    "projects_received", "pool_loan_open", "pool_loans_taken", "trainee", "in_placed_job",
    "cooperative_member", "association",
]  # fmt: skip


def test_run_households_writes_the_panel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        ["run", str(SCENARIOS / "liaoning-2009.toml"), "--years", "2", "--out", str(tmp_path), "--households"]
    )
    assert status == 0
    directory = tmp_path / "liaoning-2009-seed1"
    assert (directory / "pooled.parquet").exists()
    panel = pd.read_parquet(directory / "households.parquet")
    assert panel.columns.tolist() == COLUMNS
    assert len(panel) == 2 * HOUSEHOLDS
    assert panel.groupby("year").size().to_dict() == {2008: HOUSEHOLDS, 2009: HOUSEHOLDS}
    assert not panel.duplicated(["year", "household"]).any()
    pooled = pd.read_parquet(directory / "pooled.parquet")
    for year, rows in panel.groupby("year"):
        income = rows["net_income_yuan"].sum() / rows["members"].sum()
        assert income == pytest.approx(pooled.loc[year, "per_capita_net_income_yuan"], rel=1e-9)
        by_source = rows[[f"{s.name.lower()}_yuan" for s in Source]].sum(axis=1)
        assert np.allclose(by_source, rows["net_income_yuan"])
    assert panel.loc[panel["year"] == 2009, "projects_received"].sum() > 0
    assert panel["cooperative_member"].dtype == bool


def test_the_panel_is_the_model_run(tmp_path: Path) -> None:
    result = sim.run(SCENARIOS / "no-programme.toml", seed=3, years=1, households=True)
    model = sim.PovertyModel(SCENARIOS / "no-programme.toml", rng=3, years=1).run()
    panel = result.household_panel
    assert panel is not None
    assert panel["net_income_yuan"].tolist() == model.records[0].net_income.tolist()
    assert (panel["projects_received"] == 0).all() and not panel["trainee"].any()


def test_without_households_no_panel(tmp_path: Path) -> None:
    assert main(["run", str(SCENARIOS / "no-programme.toml"), "--years", "1", "--out", str(tmp_path)]) == 0
    assert not (tmp_path / "no-programme-seed1" / "households.parquet").exists()


def test_help_names_the_columns() -> None:
    run_parser = build_parser()._subparsers._group_actions[0].choices["run"]  # type: ignore[union-attr]
    text = " ".join(run_parser.format_help().split())
    assert "households.parquet" in text
    for column in ("per_capita_net_income", "pool_loan_open", "trainee", "cooperative_member", "association"):
        assert column in text


def test_the_streamed_panel_is_the_datacollectors_rows(tmp_path: Path) -> None:
    """households=PATH writes, year by year as each closes, what households=True records."""
    import pyarrow.parquet as pq

    from sim.results import household_panel

    path = tmp_path / "panel.parquet"
    streamed = sim.PovertyModel(SCENARIOS / "liaoning-2009.toml", rng=2, years=2, households=path)
    streamed.step()
    assert not path.exists()  # nothing before the first December
    streamed.run()
    assert pq.ParquetFile(path).metadata.num_row_groups == 2  # one per year
    assert streamed._agents_pending  # no agent made for it
    kept = sim.PovertyModel(SCENARIOS / "liaoning-2009.toml", rng=2, years=2, households=True).run()
    pd.testing.assert_frame_equal(household_panel(streamed), household_panel(kept), check_exact=True)


def test_without_households_the_model_keeps_no_rows() -> None:
    from sim.results import household_panel

    model = sim.PovertyModel(SCENARIOS / "no-programme.toml", rng=1, years=1).run()
    with pytest.raises(ValueError, match="households=True"):
        household_panel(model)
    assert sim.run(SCENARIOS / "no-programme.toml", years=1).household_panel is None


def test_run_streams_the_panel_to_a_file_it_removes_with_the_result(tmp_path: Path) -> None:
    import gc

    result = sim.run(SCENARIOS / "liaoning-2009.toml", years=1, households=True)
    path = result.household_panel_file
    assert path is not None and path.exists()
    written = result.write(tmp_path / "out")
    assert pd.read_parquet(tmp_path / "out" / "households.parquet").equals(result.household_panel)
    assert tmp_path / "out" / "households.parquet" in written
    del result
    gc.collect()
    assert not path.exists()
    mine = tmp_path / "mine.parquet"
    kept = sim.run(SCENARIOS / "no-programme.toml", years=1, households=mine)
    assert kept.household_panel_file == mine and len(pd.read_parquet(mine)) == HOUSEHOLDS
