"""``povsim analyze DIR``: what a finished sweep says, from its folder alone.

The folder holds ``manifest.json`` (``"experiment"``: :meth:`Experiment.describe`, and
``"complete"``, ``"tasks"``, ``"finished"``), ``points.parquet`` (the design points) and
``runs.parquet`` (one row per point and replication, with a column per recorded outcome).
Each point's outcome is first averaged over its replications. Then, by design
(:func:`sim.experiment.spec.analysis_of`):

- Sobol: first-order and total indices (S1, ST) with 95% bootstrap intervals
  (``SALib.analyze.sobol``), and second-order ones if the design has them;
- Morris: mu* (mean absolute elementary effect, with its 95% bootstrap interval), mu and
  sigma (``SALib.analyze.morris``), in the outcome's unit per unit of the sampled space;
- Latin hypercube over uncertainties: Borgonovo's delta (SALib 1.6's plain bootstrap,
  ``delta_raw``) and a first-order index, each with a 95% interval (``SALib.analyze.delta``,
  which accepts any sample);
- full factorial, or Latin hypercube over levers only: the outcome surface, each point's mean
  and its 95% Student-t interval over the replications.

It writes ``sensitivity.csv`` and ``sensitivity.png``, or ``surface.csv`` and ``surface.png``,
prints a plain table and returns the results as a JSON-ready dict. SALib's bootstraps are seeded
from the experiment's seed (reduced to SALib's 32-bit seeds), so the numbers are reproducible.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from sim.experiment.design import salib_problem, sample, to_points
from sim.experiment.errors import ExperimentError
from sim.runner.store import atomic_path, atomic_write

Echo = Callable[[str], None]
RANKED_BY = {"sobol": "ST", "morris": "mu_star", "delta": "delta"}
CONF_LEVEL = 0.95


def analysis_seed(seed: int) -> int:
    """A seed SALib takes everywhere: some of its analyses seed NumPy's legacy generator
    (below 2**32) and treat 0 as no seed."""
    return seed % (2**32 - 1) + 1


def analyze(
    directory: Path | str, *, outcomes: Sequence[str] | None = None, echo: Echo = print
) -> dict[str, Any]:
    """Analyse a finished sweep's folder; write the table and figure there; return the results.

    Raises :class:`ExperimentError` (one line) if the folder is not a finished sweep's.
    """
    directory = Path(directory)
    described, points, runs = _read(directory)
    names = list(outcomes or described["outcomes"])
    for name in names:
        if name not in described["outcomes"] or name not in runs:
            raise ExperimentError(
                f"{directory}: outcome {name!r} was not recorded; recorded: "
                f"{', '.join(described['outcomes'])}"
            )
    means = _point_means(directory, described, points, runs, names)
    kind = described["analysis"]
    header = (
        f"{described['name']}: {described['design'].replace('_', ' ')} design, {len(points)} points x "
        f"{described['replications']} replication(s) = {len(runs)} runs; "
        + ("outcome surface" if kind == "surface" else f"{kind} indices")
    )
    echo(header)
    result: dict[str, Any] = {
        "experiment": described["name"],
        "design": described["design"],
        "analysis": kind,
        "points": len(points),
        "replications": described["replications"],
        "runs": len(runs),
        "outcomes": {},
    }
    if kind == "surface":
        table = surface(described, points, runs, names)
        atomic_write(directory / "surface.csv", table.to_csv(index=False))
        plot_surface(described, table, directory / "surface.png")
        for name in names:
            rows = table[table["outcome"] == name]
            result["outcomes"][name] = _records(rows.drop(columns="outcome"))
            echo(_surface_text(name, rows, [v["name"] for v in described["variables"]]))
        result["files"] = ["surface.csv", "surface.png"]
        return result
    frames = []
    for name in names:
        frame = indices(described, kind, points, means[name], name)
        frames.append(frame)
        result["outcomes"][name] = _records(frame.drop(columns="outcome"))
        echo(_indices_text(name, frame, kind))
    tidy = pd.concat(frames, ignore_index=True)
    atomic_write(directory / "sensitivity.csv", tidy.to_csv(index=False))
    plot_sensitivity(tidy, kind, directory / "sensitivity.png")
    result["files"] = ["sensitivity.csv", "sensitivity.png"]
    return result


# --- reading ---------------------------------------------------------------------------------


def _read(directory: Path) -> tuple[dict[str, Any], pd.DataFrame, pd.DataFrame]:
    manifest_path = directory / "manifest.json"
    if not manifest_path.is_file():
        raise ExperimentError(
            f"{directory}: no manifest.json: not a sweep's folder (run `povsim sweep EXPERIMENT` first)"
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        described = manifest["experiment"]
    except (ValueError, KeyError, TypeError) as error:
        raise ExperimentError(f"{manifest_path}: not a sweep's manifest ({error})") from error
    if not manifest.get("complete", False):
        raise ExperimentError(
            f"{directory}: the sweep is incomplete: {manifest.get('finished', '?')} of "
            f"{manifest.get('tasks', '?')} runs finished; rerun `povsim sweep` on "
            f"{described.get('path', 'the experiment')} to finish it"
        )
    tables = []
    for file in ("points.parquet", "runs.parquet"):
        if not (directory / file).is_file():
            raise ExperimentError(f"{directory}: {file} is missing; rerun the sweep")
        tables.append(pd.read_parquet(directory / file))
    points, runs = tables
    if "point" in points.columns:
        points = points.set_index("point")
    expected = to_points(described)
    names = list(expected.columns)
    if (
        len(points) != len(expected)
        or list(points.columns[: len(names)]) != names
        or not np.allclose(points[names].to_numpy(float), expected.to_numpy(float), rtol=1e-9, atol=0.0)
    ):
        raise ExperimentError(
            f"{directory}: points.parquet is not the design manifest.json describes (another SALib version "
            f"or an edited file?); rerun the sweep"
        )
    return described, points, runs


def _point_means(
    directory: Path, described: Mapping[str, Any], points: pd.DataFrame, runs: pd.DataFrame, names: list[str]
) -> pd.DataFrame:
    """Each point's outcomes averaged over its replications, in point order; every point must
    have all its replications."""
    counts = runs.groupby("point").size().reindex(points.index, fill_value=0)
    short = counts[counts < described["replications"]]
    if len(short):
        raise ExperimentError(
            f"{directory}: runs.parquet lacks runs: point {short.index[0]} has {short.iloc[0]} of "
            f"{described['replications']} replications ({len(short)} points short); rerun the sweep"
        )
    return runs.groupby("point")[names].mean().reindex(points.index)


# --- indices ---------------------------------------------------------------------------------


def indices(
    described: Mapping[str, Any], kind: str, points: pd.DataFrame, y: pd.Series, outcome: str
) -> pd.DataFrame:
    """The tidy index table of one outcome: outcome, parameter, index, value, conf (the
    half-width of the 95% interval, NaN where SALib gives none), conf_low, conf_high."""
    problem = salib_problem(described)
    names = problem["names"]
    values = y.to_numpy(float)
    missing = int(np.isnan(values).sum())
    if missing:
        return pd.DataFrame(
            [{"outcome": outcome, "parameter": "", "index": "undefined", "value": np.nan, "conf": np.nan}]
        ).assign(conf_low=np.nan, conf_high=np.nan, note=f"NaN at {missing} of {len(values)} points")
    seed = analysis_seed(int(described["seed"]))
    rows: list[tuple[str, str, float, float]] = []
    if kind == "sobol":
        from SALib.analyze import sobol

        second = bool(described["second_order"])
        si = sobol.analyze(
            problem,
            values,
            calc_second_order=second,
            conf_level=CONF_LEVEL,
            seed=seed,
            print_to_console=False,
        )
        for i, name in enumerate(names):
            rows += [(name, "S1", si["S1"][i], si["S1_conf"][i]), (name, "ST", si["ST"][i], si["ST_conf"][i])]
        if second:
            for a, b in zip(*np.triu_indices(len(names), 1), strict=True):
                rows.append((f"{names[a]} x {names[b]}", "S2", si["S2"][a, b], si["S2_conf"][a, b]))
    elif kind == "morris":
        from SALib.analyze import morris

        si = morris.analyze(
            problem,
            sample(described),
            values,
            conf_level=CONF_LEVEL,
            num_levels=described["morris_levels"],
            seed=seed,
        )
        for i, name in enumerate(names):
            rows += [
                (name, "mu_star", si["mu_star"][i], si["mu_star_conf"][i]),
                (name, "mu", si["mu"][i], math.nan),
                (name, "sigma", si["sigma"][i], math.nan),
            ]
    elif kind == "delta":
        from SALib.analyze import delta

        si = delta.analyze(problem, sample(described), values, conf_level=CONF_LEVEL, seed=seed)
        for i, name in enumerate(names):
            rows += [
                (name, "delta", si["delta_raw"][i], si["delta_raw_conf"][i]),
                (name, "S1", si["S1"][i], si["S1_conf"][i]),
            ]
    else:
        raise ValueError(f"no indices for analysis {kind!r}")
    frame = pd.DataFrame(rows, columns=["parameter", "index", "value", "conf"]).astype(
        {"value": float, "conf": float}
    )
    frame.insert(0, "outcome", outcome)
    frame["conf_low"] = frame["value"] - frame["conf"]
    frame["conf_high"] = frame["value"] + frame["conf"]
    return frame


def ranking(frame: pd.DataFrame, kind: str) -> list[str]:
    """The parameters, most influential first (by ST, mu* or delta)."""
    by = frame[frame["index"] == RANKED_BY[kind]].sort_values("value", ascending=False, kind="stable")
    return list(by["parameter"])


def _indices_text(outcome: str, frame: pd.DataFrame, kind: str) -> str:
    if frame["index"].iloc[0] == "undefined":
        return f"\n{outcome}: not analysed, {frame['note'].iloc[0]}"
    shown = {"sobol": ("S1", "ST"), "morris": ("mu_star", "sigma"), "delta": ("delta", "S1")}[kind]
    wide = frame.pivot(index="parameter", columns="index", values="value").to_dict()
    conf = frame.pivot(index="parameter", columns="index", values="conf").to_dict()
    order = ranking(frame, kind)
    width = max(len("parameter"), *(len(p) for p in order))
    lines = [f"\n{outcome} (ranked by {RANKED_BY[kind]}; 95% intervals)"]
    lines.append(f"  {'#':>2}  {'parameter':<{width}}" + "".join(f"  {name:>26}" for name in shown))
    for rank, parameter in enumerate(order, 1):
        cells = []
        for name in shown:
            value, half = wide[name][parameter], conf[name][parameter]
            cell = (
                f"{value:.3g}"
                if math.isnan(half)
                else f"{value:.3g} [{value - half:.3g}, {value + half:.3g}]"
            )
            cells.append(f"  {cell:>26}")
        lines.append(f"  {rank:>2}  {parameter:<{width}}" + "".join(cells))
    return "\n".join(lines)


# --- surface ---------------------------------------------------------------------------------


def surface(
    described: Mapping[str, Any], points: pd.DataFrame, runs: pd.DataFrame, names: Sequence[str]
) -> pd.DataFrame:
    """Tidy: one row per (point, outcome): the point's variable values, outcome, runs, mean, sd
    and the 95% Student-t interval over its replications (NaN with one replication)."""
    variables = [v["name"] for v in described["variables"]]
    rows = []
    for name in names:
        grouped = runs.groupby("point")[name]
        table = pd.DataFrame({"runs": grouped.count(), "mean": grouped.mean(), "sd": grouped.std(ddof=1)})
        table = table.reindex(points.index)
        half = stats.t.ppf(0.5 + CONF_LEVEL / 2, table["runs"] - 1) * table["sd"] / np.sqrt(table["runs"])
        table["conf_low"] = table["mean"] - half
        table["conf_high"] = table["mean"] + half
        table.insert(0, "outcome", name)
        rows.append(pd.concat([points[variables], table], axis=1).reset_index())
    return pd.concat(rows, ignore_index=True)


def _surface_text(outcome: str, rows: pd.DataFrame, variables: list[str]) -> str:
    short = {v: v.rsplit(".", 1)[-1] for v in variables}
    order = rows.sort_values("mean", ascending=False, kind="stable")
    lines = [f"\n{outcome} (points ranked by the mean; 95% t interval over the replications)"]
    lines.append(
        "  " + "  ".join(f"{short[v]:>14}" for v in variables) + f"  {'mean':>10}  {'95% interval':>24}"
    )
    for _, row in order.iterrows():
        cells = "  ".join(f"{row[v]:>14.4g}" for v in variables)
        interval = f"[{row['conf_low']:.4g}, {row['conf_high']:.4g}]"
        lines.append(f"  {cells}  {row['mean']:>10.4g}  {interval:>24}")
    return "\n".join(lines)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows: NaN as None, NumPy numbers as Python numbers."""
    clean = frame.astype(object).where(frame.notna(), None)
    return [
        {str(k): (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()}
        for row in clean.to_dict("records")
    ]


# --- figures ---------------------------------------------------------------------------------


def plot_sensitivity(tidy: pd.DataFrame, kind: str, path: Path) -> None:
    """Per outcome, the parameters ranked, with the ranking index (and S1 for Sobol and delta)
    as bars with their 95% intervals."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    outcomes = list(dict.fromkeys(tidy["outcome"]))
    shown = {"sobol": ["S1", "ST"], "morris": ["mu_star"], "delta": ["delta", "S1"]}[kind]
    k = tidy["parameter"].nunique()
    fig, axes = plt.subplots(
        len(outcomes), 1, figsize=(8, 1.2 + 0.45 * k * len(outcomes) + 0.6 * len(outcomes))
    )
    for ax, outcome in zip(np.atleast_1d(axes), outcomes, strict=True):
        frame = tidy[tidy["outcome"] == outcome]
        ax.set_title(outcome, fontsize=10)
        if frame["index"].iloc[0] == "undefined":
            ax.text(0.5, 0.5, f"not analysed: {frame['note'].iloc[0]}", ha="center", transform=ax.transAxes)
            ax.set_axis_off()
            continue
        order = ranking(frame, kind)[::-1]  # most influential at the top
        height = 0.8 / len(shown)
        for j, name in enumerate(shown):
            rows = frame[frame["index"] == name].set_index("parameter").reindex(order)
            ypos = np.arange(len(order)) + (j - (len(shown) - 1) / 2) * height
            conf = rows["conf"].fillna(0.0).to_numpy()
            ax.barh(ypos, rows["value"], height=height, xerr=conf, capsize=2, label=name)
        ax.set_yticks(np.arange(len(order)), order, fontsize=8)
        ax.axvline(0.0, color="black", linewidth=0.5)
        ax.legend(fontsize=8, loc="lower right")
    fig.suptitle(f"{kind} indices with 95% intervals", fontsize=11)
    fig.tight_layout()
    with atomic_path(path) as temporary:
        fig.savefig(temporary, dpi=110, format="png")
    plt.close(fig)


def plot_surface(described: Mapping[str, Any], table: pd.DataFrame, path: Path) -> None:
    """Per outcome: with one variable, the mean and its band; with two on a grid, a heatmap
    of the mean; otherwise one panel per variable, the mean averaged over the others (a full
    factorial) or each point's mean against it (a Latin hypercube)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    variables = [v["name"] for v in described["variables"]]
    outcomes = list(dict.fromkeys(table["outcome"]))
    grid = described["design"] == "full_factorial"
    panels = 1 if grid and len(variables) == 2 else len(variables)
    fig, axes = plt.subplots(
        len(outcomes), panels, figsize=(4.2 * panels, 3.4 * len(outcomes)), squeeze=False, sharey="row"
    )
    for row, outcome in enumerate(outcomes):
        frame = table[table["outcome"] == outcome]
        if grid and len(variables) == 2:
            _heatmap(fig, axes[row][0], frame, variables, outcome)
            continue
        for ax, variable in zip(axes[row], variables, strict=True):
            label = variable.rsplit(".", 1)[-1]
            if grid and len(variables) == 1:
                line = frame.sort_values(variable)
                ax.plot(line[variable], line["mean"], marker="o")
                ax.fill_between(
                    line[variable], line["conf_low"], line["conf_high"], alpha=0.25, label="95% interval"
                )
                ax.legend(fontsize=8)
            elif grid:
                averaged = frame.groupby(variable)["mean"].mean()
                ax.plot(averaged.index, averaged.to_numpy(), marker="o")
                ax.set_title("averaged over the other levers", fontsize=8)
            else:
                ax.errorbar(
                    frame[variable],
                    frame["mean"],
                    yerr=[frame["mean"] - frame["conf_low"], frame["conf_high"] - frame["mean"]],
                    fmt="o",
                    markersize=3,
                    alpha=0.7,
                )
            ax.set_xlabel(label, fontsize=8)
            ax.set_ylabel(outcome, fontsize=8)
    fig.tight_layout()
    with atomic_path(path) as temporary:
        fig.savefig(temporary, dpi=110, format="png")
    plt.close(fig)


def _heatmap(fig: Any, ax: Any, frame: pd.DataFrame, variables: list[str], outcome: str) -> None:
    first, second = variables
    grid = frame.pivot_table(index=first, columns=second, values="mean")
    image = ax.imshow(grid.to_numpy(), origin="lower", aspect="auto", cmap="viridis")
    ax.set_yticks(range(len(grid.index)), [f"{v:g}" for v in grid.index], fontsize=8)
    ax.set_xticks(range(len(grid.columns)), [f"{v:g}" for v in grid.columns], fontsize=8)
    ax.set_ylabel(first.rsplit(".", 1)[-1], fontsize=8)
    ax.set_xlabel(second.rsplit(".", 1)[-1], fontsize=8)
    for (i, j), value in np.ndenumerate(grid.to_numpy()):
        ax.text(j, i, f"{value:.3g}", ha="center", va="center", fontsize=7, color="white")
    ax.set_title(f"{outcome}: mean over the replications", fontsize=9)
    fig.colorbar(image, ax=ax)
