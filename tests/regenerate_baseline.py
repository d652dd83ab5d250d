"""Rewrite the pinned fixed-seed baseline: ``python -m tests.regenerate_baseline``.

Run this only on purpose, when a change to the model is meant to change its numbers; review
the diff of ``tests/baseline/no-programme-seed1.json`` and commit it with that change. The
test (tests/test_baseline.py) compares against the file and never rewrites it.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sim

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "no-programme.toml"
SEED = 1
BASELINE = Path(__file__).resolve().parent / "baseline" / "no-programme-seed1.json"
# Summary entries pinned, as RunResult.summary() rounds them.
PINNED = (
    "scenario",
    "seed",
    "start_year",
    "years",
    "households",
    "people",
    "per_capita_net_income_yuan",
    "poverty_headcount_ratio",
    "poverty_gap_index",
    "gini",
)


def baseline_summary() -> dict[str, Any]:
    """The pinned numbers of ``sim.run(no-programme, seed=1)``, as they come out of JSON."""
    summary = sim.run(SCENARIO, seed=SEED).summary()
    pinned = {key: summary[key] for key in PINNED}
    return json.loads(json.dumps(pinned))


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.regenerate_baseline", description="Rewrite the pinned no-programme baseline."
    )
    parser.add_argument("--out", type=Path, default=BASELINE, help=f"where to write it (default {BASELINE})")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(baseline_summary()), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
