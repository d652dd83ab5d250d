"""``povsim calibrate`` and ``povsim reproduce``.

``calibrate`` fits a calibration file (:mod:`sim.calibration.fit`), then writes the record
(:mod:`sim.calibration.record`) and its diagnostics page. Its work (pyabc's database of finished
generations and the runner's finished simulations) is kept in ``<record>/work/``, so a fit
killed midway resumes from there; the work folder is not part of the record.

``reproduce`` reruns a record's final simulations (with ``--full``, the whole fit, in a fresh
folder) and exits 0 only when it gets the same numbers.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.calibration.fit import FitError, KeptEngine, Simulator, model_values, run_abc
from sim.calibration.posterior import load_posterior
from sim.calibration.record import (
    RECORD,
    Finals,
    final_simulations,
    outcome_hash,
    posterior_of,
    read_record,
    record_json,
    write_json,
    write_tables,
)
from sim.calibration.report import write_report
from sim.calibration.spec import Calibration, CalibrationError, load_calibration
from sim.runner.schedule import Stopped
from sim.runner.session import capped_workers, engine_for, stop_on_signals, stop_status
from sim.runner.store import Store
from sim.runner.tasks import canonical

EXIT_DIFFERENT = 1


def default_out(calibration: Calibration) -> Path:
    """The shipped record sits beside its file; a quick fit goes to out/ (never committed)."""
    if calibration.quick:
        return Path("out/calibrate") / f"{calibration.name}-quick"
    return calibration.path.parent / calibration.name


def identity(calibration: Calibration) -> str:
    """What decides the fit's runs: the calibration as described, the scenario's resolved
    parameters, and pyabc's version (its proposals must be drawn the same way)."""
    import pyabc

    described = {
        "kind": "calibrate",
        "calibration": calibration.describe(),
        "scenario": hashlib.sha256(repr(calibration.scenario.params).encode()).hexdigest(),
        "pyabc": pyabc.__version__,
    }
    return hashlib.sha256(canonical(described).encode()).hexdigest()


def posterior_frames(calibration: Calibration, history: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The last generation and every generation, one row per particle, parameters by name."""
    rows = []
    for t in range(history.max_t + 1):
        for particle in history.get_population(t).particles:
            values = model_values(calibration.parameters, dict(particle.parameter))
            rows.append({"generation": t, **values, "weight": particle.weight, "distance": particle.distance})
    populations = pd.DataFrame(rows)
    for _, group in populations.groupby("generation"):
        populations.loc[group.index, "weight"] = group["weight"] / group["weight"].sum()
    posterior = populations[populations["generation"] == history.max_t].drop(columns="generation")
    return posterior.reset_index(drop=True), populations


def generations(history: Any) -> list[dict[str, Any]]:
    table = history.get_all_populations()
    table = table[table["t"] >= 0]
    out = []
    for row in table.itertuples():
        epsilon = float(row.epsilon)
        out.append(
            {
                "t": int(row.t),
                "epsilon": epsilon if np.isfinite(epsilon) else None,
                "particles": int(row.particles),
                "simulations": int(row.samples),
                "acceptance_rate": float(row.particles / row.samples) if row.samples else None,
            }
        )
    return out


def fit(calibration: Calibration, out: Path, engine: Any) -> tuple[Finals, dict[str, Any]]:
    """Run (or resume) the fit into ``out`` and write its record; the final simulations and
    the record's JSON."""
    cal = calibration
    start = time.perf_counter()
    work = out / "work"
    manifest = {"kind": "calibrate", "calibration": cal.describe()}
    store = Store(work / "runs", identity(cal), manifest)
    store.open(0)
    simulator = Simulator(cal, KeptEngine(engine), store)
    history = run_abc(cal, simulator, work / "abc.db")
    posterior, populations = posterior_frames(cal, history)
    out.mkdir(parents=True, exist_ok=True)
    finals = final_simulations(cal, posterior_of(cal, posterior, out), KeptEngine(engine))
    write_tables(out, posterior, populations, finals)
    gens = generations(history)
    record = record_json(
        cal,
        posterior,
        gens,
        finals,
        seconds=time.perf_counter() - start,
        simulations=sum(g["simulations"] for g in gens),
    )
    record["calibration_file"] = Path(os.path.relpath(cal.path.resolve(), out.resolve())).as_posix()
    write_json(out, record)
    return finals, record


def calibrate(
    path: Path,
    *,
    quick: bool,
    workers: int | None,
    scheduler: str | None,
    out: Path | None,
) -> int:
    """``povsim calibrate``: the exit status."""
    calibration = load_calibration(path, quick=quick)
    out = out or default_out(calibration)
    if scheduler is None:
        workers, note = capped_workers(workers)
        if note:
            print(note, file=sys.stderr)
    engine = engine_for(workers or 1, scheduler)
    try:
        with stop_on_signals():
            _, record = fit(calibration, out, engine)
    except FitError as error:
        engine.close()
        print(f"povsim: {error}; what finished is kept in {out / 'work'}/", file=sys.stderr)
        return EXIT_DIFFERENT
    except (KeyboardInterrupt, Stopped) as stop:
        engine.close()
        print(
            f"povsim: {'interrupted' if isinstance(stop, KeyboardInterrupt) else f'stopped by {stop}'}; "
            f"the finished generations and simulations are kept in {out / 'work'}/; rerun the same "
            "command to resume",
            file=sys.stderr,
        )
        return stop_status(stop)
    engine.close()
    report = write_report(out)
    print(summary(record, out, report))
    return 0


def summary(record: dict[str, Any], out: Path, report: Path) -> str:
    lines = [
        f"{record['name']}: {record['simulations']:,} simulations in "
        f"{len(record['generations'])} generations, "
        f"{record['seconds']:,.0f} s; record in {out}/, diagnostics {report}",
        "fitted parameters (posterior median [90% interval], prior):",
    ]
    for p in record["parameters"]:
        lines.append(
            f"  {p['name']}: {p['median']:.4g} [{p['q05']:.4g}, {p['q95']:.4g}], "
            f"prior [{p['prior'][0]:g}, {p['prior'][1]:g}]"
        )
    for kind in ("targets", "checks"):
        lines.append(
            "targets (posterior predictive median [90%], share inside):"
            if kind == "targets"
            else "out-of-sample checks (not fitted):"
        )
        for t in record[kind]:
            pred = t["predictive"]
            wanted = _span(t["low"], t["high"])
            if pred["median"] is None:
                lines.append(f"  {t['name']}: no value; wanted {wanted}")
                continue
            lines.append(
                f"  {t['name']}: {pred['median']:.4g} [{pred['q05']:.4g}, {pred['q95']:.4g}], "
                f"wanted {wanted}, inside {pred['inside']:.0%}"
            )
    lines.append(f"outcome hash {record['final']['outcome_hash'][:16]}; rerun: povsim reproduce {out}")
    return "\n".join(lines)


def _span(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{low:g}" if low == high else f"{low:g} to {high:g}"
    return f"at least {low:g}" if low is not None else f"at most {high:g}"


def load_record_calibration(record_dir: Path) -> tuple[dict[str, Any], Calibration]:
    """The record and its calibration file, or :class:`CalibrationError` saying why not."""
    if not (record_dir / RECORD).is_file():
        raise CalibrationError(f"{record_dir}: not a calibration record (no {RECORD})")
    try:
        record = read_record(record_dir)
        path = record_dir / record["calibration_file"]
        quick = bool(record["quick"])
    except (ValueError, KeyError, TypeError) as error:
        raise CalibrationError(f"{record_dir / RECORD}: cannot be read ({error})") from error
    calibration = load_calibration(path, quick=quick)
    if calibration.file_hash != record.get("calibration_sha256"):
        raise CalibrationError(
            f"{path}: changed since the record was made (its hash differs from "
            f"{record_dir / RECORD}'s calibration_sha256); refit with povsim calibrate {path}"
        )
    return record, calibration


def differences(recorded: pd.DataFrame, rerun: pd.DataFrame, what: str, limit: int = 8) -> list[str]:
    """Where two tables of the same runs differ (columns and the largest gaps)."""
    if list(recorded.columns) != list(rerun.columns) or len(recorded) != len(rerun):
        return [f"{what}: different shape or columns ({recorded.shape} vs {rerun.shape})"]
    lines = []
    for column in recorded.select_dtypes("number").columns:
        a, b = recorded[column].to_numpy(dtype=float), rerun[column].to_numpy(dtype=float)
        same = np.isclose(a, b, rtol=1e-9, atol=0.0, equal_nan=True)
        if not same.all():
            worst = int(np.nanargmax(np.where(same, 0.0, np.abs(a - b))))
            lines.append(
                f"{what}.{column}: {int((~same).sum())} of {len(a)} differ, e.g. row {worst}: "
                f"recorded {a[worst]:.10g}, now {b[worst]:.10g}"
            )
    return lines[:limit]


def reproduce(
    record_dir: Path, *, full: bool, workers: int | None, scheduler: str | None, out: Path | None = None
) -> int:
    """``povsim reproduce``: 0 when the numbers are the same, 1 (and what differs) otherwise."""
    record, calibration = load_record_calibration(record_dir)
    if scheduler is None:
        workers, note = capped_workers(workers)
        if note:
            print(note, file=sys.stderr)
    engine = engine_for(workers or 1, scheduler)
    start = time.perf_counter()
    try:
        if full:
            with tempfile.TemporaryDirectory(prefix="povsim-reproduce-") as scratch:
                where = out or Path(scratch) / calibration.name
                finals, _ = fit(calibration, where, engine)
                lines = _posterior_differences(record_dir, where)
        else:
            finals = final_simulations(calibration, load_posterior(record_dir), KeptEngine(engine))
            lines = []
    finally:
        engine.close()
    # The record's own tables are the reference (checked against its hash); the rerun must
    # agree with them to nine significant digits. Comparing numbers, not only hashes, keeps a
    # value at a rounding boundary from failing a rerun that agrees.
    recorded = Finals(
        pd.read_parquet(record_dir / "median_runs.parquet"),
        pd.DataFrame(),
        pd.read_parquet(record_dir / "predictive_statistics.parquet"),
    )
    expected = record["final"]["outcome_hash"]
    if outcome_hash(recorded) != expected:
        lines.insert(0, f"the record's tables do not match its outcome hash {expected[:16]}: it was altered")
    found = differences(recorded.median_runs, finals.median_runs, "median_runs") + differences(
        recorded.predictive_statistics, finals.predictive_statistics, "predictive_statistics"
    )
    digest = outcome_hash(finals)
    if found:
        lines += [f"outcome hash {digest[:16]} differs from the record's {expected[:16]}", *found]
    seconds = time.perf_counter() - start
    what = "the whole fit and its final simulations" if full else "the final simulations"
    if lines:
        print(f"povsim: {record_dir}: {what} give different numbers:", file=sys.stderr)
        for line in lines:
            print(f"  {line}", file=sys.stderr)
        return EXIT_DIFFERENT
    print(f"{record_dir}: {what} reproduced: the same numbers (outcome hash {digest[:16]}), {seconds:,.0f} s")
    return 0


def _posterior_differences(record_dir: Path, rerun_dir: Path) -> list[str]:
    recorded = pd.read_parquet(record_dir / "posterior.parquet")
    rerun = pd.read_parquet(rerun_dir / "posterior.parquet")
    return differences(recorded, rerun, "posterior")
