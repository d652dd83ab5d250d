"""Every parameter a sweep or the calibration may move has a plausible range: inside what the
model allows, around its default, with a source or marked assumption."""

from __future__ import annotations

import pytest

from sim.params import Parameters, describe

ROWS = describe(Parameters())
MOVABLE = [r for r in ROWS if r["role"] != "constant" and not isinstance(r["value"], bool | str | tuple)]


def test_there_are_movable_parameters() -> None:
    assert len(MOVABLE) > 150


@pytest.mark.parametrize("row", MOVABLE, ids=[r["name"] for r in MOVABLE])
def test_a_movable_parameter_has_a_plausible_range_within_what_is_allowed(row: dict) -> None:
    plausible = row["plausible"]
    assert plausible is not None, f"{row['name']} has no plausible range"
    low, high = plausible
    assert row["low"] <= low <= row["value"] <= high <= row["high"], row
    assert row["prior"] in ("uniform", "loguniform")
    if row["prior"] == "loguniform":
        assert low > 0


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_every_parameter_names_its_source(row: dict) -> None:
    source = row["source"]
    assert source and isinstance(source, str)
    if row["name"].endswith(tuple(f".{f}" for f in ("birth_months", "sale_months"))):
        return
    assert not source.startswith("see "), f"{row['name']}: the default must say where it comes from"
