"""``povsim compare``: scenarios side by side over the same seeds.

Every replication is written under ``--out`` (CSV and Parquet), with the comparison as JSON, a
self-contained HTML report and its figures as PNG files. If a run fails or the comparison is
interrupted, what was computed is written all the same before the command reports the failure.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from tqdm import tqdm

from sim.compare.report import figures, write_figures, write_report
from sim.compare.runner import Replications, check_horizon, replicate
from sim.compare.stats import LEVEL, RESAMPLES, summarise
from sim.compare.table import format_comparison
from sim.programme.outcomes import Valuation
from sim.programme.programme import interventions
from sim.scenario import Scenario, ScenarioError, load_scenario

EXIT_RUN_FAILED = 1


def load_all(paths: list[Path]) -> list[Scenario]:
    """Every scenario, validated before anything runs; their names (file stems) must differ."""
    scenarios = [load_scenario(path) for path in paths]
    seen: dict[str, Path] = {}
    for scenario, path in zip(scenarios, paths, strict=True):
        if scenario.name in seen:
            raise ScenarioError(
                f"{path}: its name '{scenario.name}' is also the name of {seen[scenario.name]}; "
                "scenarios are keyed by file name, so each must differ"
            )
        seen[scenario.name] = path
    return scenarios


def write_tables(reps: Replications, out: Path, by_village: bool) -> list[Path]:
    """Every replication's rows, as CSV and Parquet."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    tables = {"yearly": reps.yearly, "runs": reps.runs}
    if by_village:
        tables["villages"] = reps.village_yearly
    for name, frame in tables.items():
        if frame.empty:
            continue
        for suffix in ("csv", "parquet"):
            path = out / f"{name}.{suffix}"
            if suffix == "csv":
                frame.to_csv(path, index=False)
            else:
                frame.to_parquet(path, index=False)
            paths.append(path)
    return paths


def compare(
    paths: list[Path],
    *,
    replications: int,
    seed: int,
    years: int | None,
    poverty_line_yuan: float | None,
    workers: int,
    out: Path,
    as_json: bool,
    by_village: bool,
    valuation: Valuation | None = None,
) -> int:
    """Run the comparison, write it, print it; returns the exit status.

    Raises :class:`ScenarioError` before anything runs if a scenario is invalid or the
    valuation's horizon runs past the simulated years.
    """
    valuation = valuation or Valuation()
    scenarios = load_all(paths)
    check_horizon(scenarios, years, valuation)
    total = len(scenarios) * replications
    with tqdm(total=total, desc="runs", unit="run", file=sys.stderr, disable=None) as bar:

        def progress(done: int, _: int) -> None:
            bar.update(done - bar.n)

        reps = replicate(
            scenarios,
            replications,
            seed,
            years=years,
            poverty_line_yuan=poverty_line_yuan,
            valuation=valuation,
            workers=workers,
            progress=progress,
        )
    written = write_tables(reps, out, by_village)
    if not reps.complete:
        print(
            f"povsim: {len(reps.errors)} of {total} runs did not finish ({reps.errors[0]}); "
            f"the {len(reps.runs)} that did are in {out}/",
            file=sys.stderr,
        )
        return EXIT_RUN_FAILED
    names = [s.name for s in scenarios]
    comparison = summarise(
        reps.yearly,
        reps.runs,
        names,
        {s.name: s.description for s in scenarios},
        reps.village_yearly if by_village else None,
        seed=seed,
        interventions={s.name: interventions(s.params.programme) for s in scenarios},
    )
    meta = settings(reps, names, replications, seed, valuation)
    pngs = figures(comparison, reps.yearly, reps.runs, meta=meta)  # drawn once, for the report and files
    report = write_report(out / "report.html", comparison, reps.yearly, reps.runs, meta, pngs=pngs)
    written += write_figures(out / "figures", comparison, reps.yearly, reps.runs, pngs=pngs)
    (out / "comparison.json").write_text(json.dumps({**meta, "scenarios": comparison}, indent=1) + "\n")
    if as_json:
        print(json.dumps({**meta, "scenarios": comparison, "report": str(report)}))
    else:
        print(format_comparison(comparison, meta))
        print(f"\nReplications (CSV, Parquet), comparison.json and figures are in {out}/")
        print(f"Report: {report}")
    return 0


def settings(
    reps: Replications, names: list[str], replications: int, seed: int, valuation: Valuation
) -> dict[str, Any]:
    """What the comparison was run with."""
    years = sorted(set(reps.yearly["year"].tolist()))
    lines = sorted(set(reps.runs["poverty_line_yuan"].tolist()))
    return {
        "replications": replications,
        "seeds": list(range(seed, seed + replications)),
        "years": len(years),
        "start_year": years[0],
        "last_year": years[-1],
        "poverty_line_yuan": lines[0] if len(lines) == 1 else lines,
        "baseline": names[0],
        "scenario_names": names,
        "horizon_years": valuation.horizon_years,
        "discount_rate": valuation.discount_rate,
        "intervals": {
            "level": LEVEL,
            "means": "Student t (incomes, income gained, people lifted, durability, differences)",
            "bootstrap": "BCa, percentile where BCa is undefined (shares, amounts, ratios), at the "
            "expanded level of Hesterberg's expanded percentile interval for small samples",
            "bootstrap_resamples": RESAMPLES,
            "bootstrap_seed": seed,
        },
    }
