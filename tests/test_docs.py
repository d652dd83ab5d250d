"""The documents that are generated from the model say what the model now says."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from sim.params import Parameters, describe
from tests.conftest import ROOT

DOCS = ROOT / "docs"


def load(script: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(script, DOCS / f"{script}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_odd_parameter_table_is_the_one_the_code_declares() -> None:
    table = load("make_parameter_table")
    expected = table.markdown_table(table.rows_of(describe(Parameters())))
    assert expected in (DOCS / "ODD.md").read_text(encoding="utf-8"), (
        "docs/ODD.md's parameter table is stale: paste the output of docs/make_parameter_table.py"
    )


def test_the_economics_audit_regenerates(tmp_path: Path) -> None:
    economics = load("make_economics")
    out = tmp_path / "ECONOMICS.md"
    assert economics.main(["--seeds", "1", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    for heading in ("## One unit of each activity", "### the 2009 programme", "## Next to the evidence"):
        assert heading in text
    committed = (DOCS / "ECONOMICS.md").read_text(encoding="utf-8")
    # The committed document has the same structure, from ten seeds.
    assert committed.count("\n### ") == text.count("\n### ") and "seeds 1-10" in committed
