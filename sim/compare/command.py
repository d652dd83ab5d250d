"""``povsim compare``: scenarios side by side over the same seeds.

Every replication is written under ``--out`` (CSV and Parquet), with the comparison as JSON, a
self-contained HTML report and its figures as PNG files. If a run fails or the comparison is
interrupted, what was computed is written all the same before the command reports the failure.

With ``--posterior RECORD`` (a calibration's record folder), the replications also carry the
uncertainty of the fitted parameters: replication ``r`` of every scenario takes draw ``r`` of
:func:`sim.calibration.posterior.draw_overrides` (seeded by the first seed), as it takes seed
``first_seed + r``, so the scenarios are still compared under the same seeds and parameters.
The draws replace the defaults of the fitted parameters, and of nothing else; a scenario or
``--set`` that sets a fitted parameter is an error naming it, because a value fixed by hand
would break the posterior's joint draw (the fitted parameters vary together). A programme
parameter that was fitted is set in the programme runs only: a counterfactual has no programme.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from sim.calibration.posterior import POSTERIOR, RECORD, Posterior, draw_overrides, load_posterior
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


def check_fitted(scenarios: Sequence[Scenario], overrides: Mapping[str, Any], posterior: Posterior) -> None:
    """Raise :class:`ScenarioError` if a scenario or ``--set`` sets a parameter the posterior
    draws (see the module's docstring)."""
    fitted = set(posterior.parameters)
    why = (
        f"is fitted by the calibration '{posterior.name}' ({posterior.path}), so with --posterior "
        "each replication draws it from the posterior"
    )
    for name in overrides:
        if name in fitted:
            raise ScenarioError(f"--set {name}: '{name}' {why}; drop the --set or the --posterior")
    for scenario in scenarios:
        for name in scenario.overrides:
            if name in fitted:
                raise ScenarioError(
                    f"{scenario.path or scenario.name}: key '{name}' {why}; remove it from the "
                    "scenario or drop --posterior"
                )


def drawn_scenarios(
    scenarios: Sequence[Scenario], draws: Sequence[Mapping[str, Any]], posterior: Posterior
) -> list[Scenario]:
    """Every scenario with every draw, each checked as a scenario file is (a draw may not fit
    with a scenario's other values, e.g. a fitted first year after its last year)."""
    out = []
    for r, draw in enumerate(draws):
        for scenario in scenarios:
            values = {**scenario.overrides, **draw}
            origin = f"{scenario.name} with draw {r} of {posterior.path}"
            out.append(replace(scenario, params=apply_overrides(Parameters(), values, origin=origin)))
    return out


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
    posterior: Path | None = None,
) -> int:
    """Run the comparison, write it, print it; returns the exit status.

    Everything is checked before anything runs: the scenarios (with ``overrides``), the
    calibration record ``posterior`` and its draws with each scenario, the valuation's horizon
    against the simulated years, the seeds, the years and line, the output folder. Raises
    :class:`ScenarioError` (a bad record: its subclass
    :class:`~sim.calibration.posterior.PosteriorError`; or
    :class:`~sim.runner.store.OutputError`, :class:`~sim.runner.session.EngineError`) if any is
    wrong. The runs resume from what ``out`` already holds of this same comparison.
    """
    valuation = valuation or Valuation()
    overrides = dict(overrides or {})
    loaded = load_all(paths)
    fitted = load_posterior(posterior) if posterior is not None else None
    if fitted is not None:
        check_fitted(loaded, overrides, fitted)
    scenarios = [with_overrides(s, overrides) for s in loaded]
    check_seeds(seed, replications)
    draws = draw_overrides(fitted, seed, replications) if fitted is not None else None
    if fitted is not None and draws is not None:  # every draw with every scenario, as run
        check_horizon(drawn_scenarios(scenarios, draws, fitted), years, valuation)
    else:
        check_horizon(scenarios, years, valuation)
    check_settings(years, poverty_line_yuan)
    options: dict[str, Any] = {
        "replications": replications,
        "seed": seed,
        "years": years,
        "poverty_line_yuan": poverty_line_yuan,
        "horizon_years": valuation.horizon_years,
        "discount_rate": valuation.discount_rate,
    }
    inputs = {str(p): file_hash(p) for p in paths}
    if fitted is not None:  # only then: comparisons without it keep their identity
        options["posterior_sha256"] = fitted.sha256
        inputs.update({str(p): file_hash(p) for p in (fitted.path / RECORD, fitted.path / POSTERIOR)})
    manifest = {
        "kind": "compare",
        "command": list(command or ["povsim", "compare", *map(str, paths)]),
        "inputs": inputs,
        "overrides": overrides,
        "options": options,
        **({"posterior": uncertainty(fitted, draws)} if fitted is not None and draws is not None else {}),
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
        draws=draws,
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
            meta = settings(reps, [s.name for s in scenarios], replications, seed, valuation)
            if fitted is not None and draws is not None:
                meta["parameter_uncertainty"] = uncertainty(fitted, draws)
            return _report(reps, scenarios, store, written, meta, as_json, by_village)
    except (KeyboardInterrupt, Stopped) as stop:
        if engine is not None:
            engine.close()
        return interrupted(outcome, out, stop)


def _report(
    reps: Replications,
    scenarios: list[Scenario],
    store: Store,
    written: list[Path],
    meta: dict[str, Any],
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
        seed=meta["intervals"]["bootstrap_seed"],
        interventions={s.name: interventions(s.params.programme) for s in scenarios},
    )
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
        if "parameter_uncertainty" in meta:
            print(f"\n{meta['parameter_uncertainty']['statement']}")
        print(f"\nReplications (CSV, Parquet), comparison.json and figures are in {out}/")
        print(f"Report: {report}")
    return 0


def uncertainty(posterior: Posterior, draws: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """What ``--posterior`` added: the calibration, its fitted parameters and each
    replication's draw."""
    names = posterior.parameters
    return {
        "statement": f"Intervals carry parameter uncertainty from {posterior.path} (calibration "
        f"'{posterior.name}'): replication r of every scenario draws {', '.join(names)} from its "
        "posterior (draw r, the same for every scenario).",
        "calibration": posterior.name,
        "record": str(posterior.path),
        "sha256": posterior.sha256,
        "parameters": names,
        "draws": [dict(d) for d in draws],
    }


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
