"""The calibration report's figures, as PNG bytes.

Drawn on Matplotlib's Agg canvas without pyplot (no global state, no display, whatever backend the
caller chose), with no software version in the PNG, so the same record gives the same bytes.
The functions only draw: every number they mark is computed by :mod:`sim.calibration.report`.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

WIDTH_INCHES, DPI = 10.0, 100  # 1000 px: the page's column width, so text is shown at 100%
PNG_METADATA = {"Software": None}
PANEL_HEIGHT = 2.6  # inches per row of small multiples
BINS = 24
POSTERIOR, PRIOR, TARGET, SEEDS = "#1f77b4", "#d62728", "#2ca02c", "#444444"
WITH, WITHOUT = "#1f77b4", "#ff7f0e"


@dataclass(frozen=True)
class Parameter:
    """One fitted parameter: its weighted posterior sample and its summary."""

    name: str
    values: np.ndarray
    weights: np.ndarray
    prior: tuple[float, float] | None  # uniform prior's bounds; None if the record has none
    integer: bool
    median: float
    q05: float
    q95: float
    sd_ratio: float


@dataclass(frozen=True)
class Statistic:
    """One target or check: the predictive draws of its statistic and the published range."""

    name: str
    values: np.ndarray  # finite draws only
    low: float | None  # None: open below
    high: float | None  # None: open above
    median: float
    q05: float
    q95: float
    inside: float  # share of draws inside [low, high]; NaN where not defined


def _label(text: str) -> str:
    # Matplotlib reads $...$ as mathtext and hides labels that start with "_".
    text = text.replace("$", r"\$")
    return f" {text}" if text.startswith("_") else text


def _figure(rows: int, columns: int, height: float, width: float = WIDTH_INCHES) -> tuple[Figure, list[Axes]]:
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)  # attaches itself: Agg whatever backend the caller's process chose
    axes = figure.subplots(rows, columns, squeeze=False)
    return figure, [a for row in axes for a in row]


def _grid(count: int, columns: int = 3) -> tuple[Figure, list[Axes]]:
    """Small multiples, ``columns`` wide; the unused panels of the last row hidden."""
    columns = max(1, min(columns, count))
    rows = max(1, math.ceil(count / columns))
    figure, axes = _figure(rows, columns, PANEL_HEIGHT * rows + 0.4)
    for unused in axes[count:]:
        unused.set_visible(False)
    return figure, axes[:count]


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata=PNG_METADATA)
    return buffer.getvalue()


def _finite(*values: float | None) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(v)]


def _mark_interval(axes: Axes, median: float, q05: float, q95: float) -> None:
    """The median as a solid line, the 90% interval as dashed lines."""
    if math.isfinite(median):
        axes.axvline(median, color="black", lw=1.2, label="median")
    for edge, label in ((q05, "90% interval"), (q95, None)):
        if math.isfinite(edge):
            axes.axvline(edge, color="black", lw=1.0, ls="--", label=label)


def _parameter_edges(p: Parameter) -> np.ndarray:
    """Histogram bins over the prior range (widened to any draw outside it); one bin per whole
    number for integer parameters with few values, so no bin straddles two of them."""
    span = _finite(*(p.prior or ())) + _finite(*(p.values.min(), p.values.max()) if p.values.size else ())
    lo, hi = (min(span), max(span)) if span else (0.0, 1.0)
    if p.integer and hi - lo <= 60:
        return np.arange(math.floor(lo) - 0.5, math.ceil(hi) + 1.0, 1.0)
    return np.linspace(lo, hi if hi > lo else lo + 1.0, BINS + 1)


def _parameter_panel(axes: Axes, p: Parameter) -> None:
    edges = _parameter_edges(p)
    if p.values.size and p.weights.sum() > 0:
        axes.hist(
            p.values,
            bins=edges.tolist(),
            weights=p.weights,
            density=True,
            histtype="stepfilled",  # one polygon, not a patch per bin: several times faster to draw
            color=POSTERIOR,
            alpha=0.6,
            label="posterior",
        )
    if p.prior is not None and p.prior[1] > p.prior[0]:
        lo, hi = p.prior
        count = hi - lo + 1 if p.integer and hi - lo <= 60 else hi - lo  # discrete: 1/n per value
        axes.hlines(
            1.0 / count,
            edges[0] if p.integer else lo,
            edges[-1] if p.integer else hi,
            color=PRIOR,
            lw=2,
            label="prior",
        )
    _mark_interval(axes, p.median, p.q05, p.q95)
    axes.set_title(_label(p.name), fontsize=9)
    axes.set_yticks([])
    axes.tick_params(labelsize=8)


def posterior_figure(parameters: list[Parameter]) -> bytes:
    """Each parameter's weighted posterior histogram on its prior range, the flat uniform prior,
    the median and the 90% interval."""
    return _small_multiples(parameters, _parameter_panel)


def correlation_figure(names: list[str], matrix: np.ndarray) -> bytes:
    """The weighted posterior correlation matrix as an annotated heatmap."""
    size = min(8.0, 1.8 + 0.7 * len(names))
    figure, (axes,) = _figure(1, 1, size, width=size + 1.5)  # square cells; the page shows it at its size
    image = axes.imshow(np.nan_to_num(matrix), cmap="RdBu_r", vmin=-1, vmax=1)
    ticks = range(len(names))
    axes.set_xticks(ticks, [_label(n) for n in names], rotation=40, ha="right", fontsize=8)
    axes.set_yticks(ticks, [_label(n) for n in names], fontsize=8)
    for i in ticks:
        for j in ticks:
            r = matrix[i, j]
            text = "n/a" if not math.isfinite(r) else f"{r:.2f}"
            axes.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=8,
                color="white" if math.isfinite(r) and abs(r) > 0.6 else "black",
            )
    figure.colorbar(image, ax=axes, shrink=0.8, label="weighted correlation")
    return _png(figure)


def _x_limits(s: Statistic) -> tuple[float, float]:
    """The draws and the published bounds, padded, so a one-sided shade has somewhere to run to."""
    span = _finite(s.low, s.high) + (_finite(s.values.min(), s.values.max()) if s.values.size else [])
    lo, hi = (min(span), max(span)) if span else (0.0, 1.0)
    pad = 0.08 * (hi - lo) if hi > lo else max(abs(lo) * 0.1, 1.0)
    return lo - pad, hi + pad


def _target_shade(axes: Axes, s: Statistic, limits: tuple[float, float]) -> None:
    """A point as a line, a range as a shade, a one-sided bound as a shade to the figure's edge."""
    if s.low is not None and s.high is not None and s.low == s.high:
        axes.axvline(s.low, color=TARGET, lw=2.5, label="published")
    elif s.low is not None or s.high is not None:
        lo = limits[0] if s.low is None else s.low
        hi = limits[1] if s.high is None else s.high
        axes.axvspan(lo, hi, color=TARGET, alpha=0.25, label="published")


def _statistic_panel(axes: Axes, s: Statistic) -> None:
    limits = _x_limits(s)
    if s.values.size:
        axes.hist(
            s.values,
            bins=np.linspace(*limits, BINS + 1).tolist(),
            histtype="stepfilled",
            color=POSTERIOR,
            alpha=0.6,
            label="predictive",
        )
    _target_shade(axes, s, limits)
    _mark_interval(axes, s.median, s.q05, s.q95)
    axes.set_xlim(*limits)
    inside = "" if not math.isfinite(s.inside) else f" (inside: {s.inside:.0%})"
    axes.set_title(_label(s.name + inside), fontsize=9)
    axes.set_yticks([])
    axes.tick_params(labelsize=8)


def predictive_figure(statistics: list[Statistic]) -> bytes:
    """Each statistic's posterior predictive histogram with its published value or range shaded."""
    return _small_multiples(statistics, _statistic_panel)


def _small_multiples(items: Sequence[Any], panel: Callable[[Any, Any], None]) -> bytes:
    """One panel per item, with the first panel's legend once below them all."""
    figure, axes = _grid(len(items))
    for a, item in zip(axes, items, strict=True):
        panel(a, item)
    if axes:
        figure.legend(
            *axes[0].get_legend_handles_labels(),
            loc="outside lower center",
            ncols=4,
            fontsize=8,
            frameon=False,
        )
    return _png(figure)


def _fan(axes: Axes, bands: pd.DataFrame, colour: str, label: str) -> None:
    """Median line with 50% and 90% bands; ``bands`` has q05, q25, q50, q75, q95 by year."""
    years = bands.index.to_numpy()
    axes.fill_between(years, bands["q05"], bands["q95"], color=colour, alpha=0.15, lw=0)
    axes.fill_between(years, bands["q25"], bands["q75"], color=colour, alpha=0.3, lw=0)
    axes.plot(
        years, bands["q50"], color=colour, lw=2, marker="o", ms=3, label=f"{label}: median, 50% and 90% bands"
    )


def _seed_band(axes: Axes, bands: pd.DataFrame, label: str) -> None:
    """The seed-only 90% band at the posterior medians, as dotted edges over the fan."""
    years = bands.index.to_numpy()
    axes.plot(years, bands["q05"], color=SEEDS, ls=":", lw=1.5, label=label)
    axes.plot(years, bands["q95"], color=SEEDS, ls=":", lw=1.5)


def fan_figure(
    income: dict[str, pd.DataFrame], gain: pd.DataFrame | None, seeds: dict[str, pd.DataFrame]
) -> bytes:
    """Left: income with and without the programme; right: the income gained. ``seeds`` holds the
    seed-only bands (same keys, plus "gain") where the record has runs at the posterior medians."""
    figure, (left, right) = _figure(1, 2, 4.2)
    for key, colour, label in (("with", WITH, "with programme"), ("without", WITHOUT, "without")):
        if key in income:
            _fan(left, income[key], colour, label)
        if key in seeds:
            _seed_band(left, seeds[key], f"{label}: seeds only (90%)" if key == "with" else "_")
    left.set_title("Net income per person (Yuan)", fontsize=10)
    if gain is not None:
        _fan(right, gain, WITH, "gain")
        right.axhline(0, color="black", lw=0.8)
    if "gain" in seeds:
        _seed_band(right, seeds["gain"], "seeds only at posterior medians (90%)")
    right.set_title("Income gained per person (Yuan)", fontsize=10)
    for axes in (left, right):
        axes.tick_params(labelsize=8)
        if axes.get_legend_handles_labels()[0]:
            axes.legend(fontsize=7, loc="upper left")
    return _png(figure)


def _number(value: object) -> float:
    """A number as a float; NaN for None (epsilon at t=0 is infinite) and for anything else."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else math.nan


def generations_figure(generations: list[dict[str, object]]) -> bytes:
    """Tolerance (epsilon) and acceptance rate by generation."""
    figure, (left, right) = _figure(1, 2, 3.2)
    rows = [
        (_number(g.get("t")), _number(g.get("epsilon")), _number(g.get("acceptance_rate")))
        for g in generations
    ]
    eps = [(t, e) for t, e, _ in rows if math.isfinite(e)]
    if eps:
        left.plot([t for t, _ in eps], [e for _, e in eps], marker="o", color=POSTERIOR)
        values = [e for _, e in eps]
        if min(values) > 0 and max(values) >= 10 * min(values):
            left.set_yscale("log")  # tolerances usually shrink geometrically; log only where that shows
    left.set_title("Tolerance epsilon by generation (t=0 accepts all)", fontsize=10)
    rates = [(t, a) for t, _, a in rows if math.isfinite(a)]
    if rates:
        right.plot([t for t, _ in rates], [a for _, a in rates], marker="o", color=PRIOR)
    right.set_ylim(0, 1.05)
    right.set_title("Acceptance rate by generation", fontsize=10)
    for axes in (left, right):
        axes.set_xlabel("generation t", fontsize=8)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.tick_params(labelsize=8)
    return _png(figure)
