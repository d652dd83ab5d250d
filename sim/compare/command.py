"""``povsim compare``: scenarios side by side over the same seeds.

Every replication is written under ``--out`` (CSV and Parquet), with the comparison as JSON, a
self-contained HTML report and its figures as PNG files. If a run fails or the comparison is
interrupted, what was computed is written all the same before the command reports the failure.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from sim.compare.report import figures, write_figures, write_report
from sim.compare.runner import Replications, check_horizon, check_seeds, tables, tasks_for
from sim.compare.stats import LEVEL, RESAMPLES, summarise
from sim.compare.table import format_comparison
from sim.params import Parameters
from sim.programme.outcomes import Valuation
from sim.programme.programme import interventions
from sim.runner.schedule import Stopped
from sim.runner.session import (
    EXIT_RUN_FAILED,
    capped_workers,
    engine_for,
    interrupted,
    run_with_progress,
    stop_on_signals,
)
from sim.runner.store import Store, atomic_write, file_hash
from sim.runner.tasks import Task, canonical
from sim.scenario import Scenario, ScenarioError, apply_overrides, load_scenario


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


def with_overrides(scenario: Scenario, overrides: Mapping[str, Any]) -> Scenario:
    """The scenario with ``--set`` values on top (checked like a file's)."""
    if not overrides:
        return scenario
    values = {**scenario.overrides, **overrides}
    params = apply_overrides(Parameters(), values, origin=f"{scenario.name} with --set")
    return replace(scenario, params=params, overrides=values)


def check_settings(years: int | None, poverty_line_yuan: float | None) -> None:
    """``--years`` and ``--line`` within the model's allowed ranges, before anything runs."""
    for option, name, value in (
        ("--years", "simulation.years", years),
        ("--line", "simulation.poverty_line_yuan", poverty_line_yuan),
    ):
        if value is not None:
            apply_overrides(Parameters(), {name: value}, origin=option)


def identity(scenarios: Sequence[Scenario], overrides: Mapping[str, Any], settings: Mapping[str, Any]) -> str:
    """A hash of everything that decides the comparison's runs: each scenario's name and
    resolved parameters, the ``--set`` values, seeds, years, line and valuation."""
    described = {
        "kind": "compare",
        "scenarios": [[s.name, hashlib.sha256(repr(s.params).encode()).hexdigest()] for s in scenarios],
        "overrides": dict(overrides),
        **settings,
    }
    return hashlib.sha256(canonical(described).encode()).hexdigest()


def write_tables(reps: Replications, store: Store, tasks: list[Task], by_village: bool) -> list[Path]:
    """Every replication's rows, as CSV and Parquet, streamed from the dataset."""
    keys = [t.key for t in tasks]
    levels = ["yearly", "runs", *(["villages"] if by_village else [])]
    return [path for level in levels for path in store.consolidate(level, keys)]


def compare(
    paths: list[Path],
    *,
    replications: int,
    seed: int,
    years: int | None,
    poverty_line_yuan: float | None,
    workers: int | None,
    out: Path,
    as_json: bool,
    by_village: bool,
    valuation: Valuation | None = None,
    overrides: Mapping[str, Any] | None = None,
    scheduler: str | None = None,
    command: Sequence[str] | None = None,
) -> int:
    """Run the comparison, write it, print it; returns the exit status.

    Everything is checked before anything runs: the scenarios (with ``overrides``), the
    valuation's horizon against the simulated years, the seeds, the years and line, the output
    folder. Raises :class:`ScenarioError` (or :class:`~sim.runner.store.OutputError`,
    :class:`~sim.runner.session.EngineError`) if any is wrong. The runs resume from what
    ``out`` already holds of this same comparison.
    """
    valuation = valuation or Valuation()
    overrides = dict(overrides or {})
    scenarios = [with_overrides(s, overrides) for s in load_all(paths)]
    check_horizon(scenarios, years, valuation)
    check_seeds(seed, replications)
    check_settings(years, poverty_line_yuan)
    options = {
        "replications": replications,
        "seed": seed,
        "years": years,
        "poverty_line_yuan": poverty_line_yuan,
        "horizon_years": valuation.horizon_years,
        "discount_rate": valuation.discount_rate,
    }
    manifest = {
        "kind": "compare",
        "command": list(command or ["povsim", "compare", *map(str, paths)]),
        "inputs": {str(p): file_hash(p) for p in paths},
        "overrides": overrides,
        "options": options,
    }
    store = Store(out, identity(scenarios, overrides, options), manifest)
    if scheduler is None:
        workers, note = capped_workers(workers)
        if note:
            print(note, file=sys.stderr)
    tasks = tasks_for(
        scenarios,
        replications,
        seed,
        years=years,
        poverty_line_yuan=poverty_line_yuan,
        valuation=valuation,
        overrides=overrides,
    )
    outcome, engine = None, None
    try:
        with stop_on_signals():
            engine = engine_for(workers or 1, scheduler)
            outcome = run_with_progress(tasks, engine, store, "runs")
            if outcome.interrupted is not None:
                return interrupted(outcome, out, outcome.interrupted)
            reps = tables(store, tasks, outcome)
            written = write_tables(reps, store, tasks, by_village)
            if not reps.complete:
                print(
                    f"povsim: {len(reps.errors)} of {len(tasks)} runs did not finish ({reps.errors[0]}); "
                    f"the {len(reps.runs)} that did are in {out}/; rerun the same command to retry "
                    "the others",
                    file=sys.stderr,
                )
                return EXIT_RUN_FAILED
            return _report(
                reps, scenarios, store, written, replications, seed, valuation, as_json, by_village
            )
    except (KeyboardInterrupt, Stopped) as stop:
        if engine is not None:
            engine.close()
        return interrupted(outcome, out, stop)


def _report(
    reps: Replications,
    scenarios: list[Scenario],
    store: Store,
    written: list[Path],
    replications: int,
    seed: int,
    valuation: Valuation,
    as_json: bool,
    by_village: bool,
) -> int:
    """The statistics, the report, its figures and comparison.json, written atomically; then
    the table or JSON printed."""
    out = store.out
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
    atomic_write(out / "comparison.json", json.dumps({**meta, "scenarios": comparison}, indent=1) + "\n")
    store.record_derived(report, out / "figures", out / "comparison.json")
    store.write_manifest(complete=True)
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
