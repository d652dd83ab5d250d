"""A self-contained HTML report comparing scenarios, for a planner choosing between programmes.

The figures are PNGs drawn on Matplotlib's Agg canvas without pyplot (no global state, no display)
and embedded as base64 data URIs, so the report is one file that opens offline. Nothing written
depends on the clock or on software versions: the same inputs give byte-identical files.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap, to_hex
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from sim.compare.numbers import coverage, formatted, millions
from sim.compare.stats import RATIOS
from sim.runner.store import atomic_write

Interval = dict[str, Any]
Comparison = dict[str, Any]  # sim.compare.stats.summarise's output, keyed by scenario in the report's order
Colours = dict[str, str]
Format = Callable[[float], str]
Meta = dict[str, Any]  # the comparison's settings (sim.compare.command.settings)

WIDTH_INCHES, DPI = 10.0, 100  # 1000 px: the report's column width, so text is shown at 100%
PNG_METADATA = {"Software": None}  # no Matplotlib version in the file: identical bytes across installs
MARKERS = "osD^vPX*"  # with the colour, so lines that coincide stay tellable apart
FIRST_PROGRAMME_YEAR = "2009"
MISSING = "—"
BAND = "mean over replications; shaded: 95% interval"
YUAN = "Yuan per person per year"
NOTES = (
    "Every figure and table gives the mean over replications with a 95% interval (shaded bands, error "
    "bars, bracketed ranges). Incomes, income gained, people lifted, durability and every difference "
    "from the baseline have Student-t intervals. Shares and amounts that cannot be negative (poverty "
    "headcount and gap, Gini, aid spent, households reached) have bootstrap intervals (BCa, resampling "
    "the seeds, at a level widened for few replications as in Hesterberg's expanded percentile interval; "
    "seeded from the comparison's first seed, so the report is reproducible), which never reach below "
    "zero. Replication i of every scenario uses the same seed, so differences from the "
    "baseline are paired on the same seeds: the shared randomness cancels and their intervals are about "
    "the programme, not the noise. 'n=9 of 20' marks an interval over fewer runs than were made (the "
    "others had no value).",
    "Value over the horizon: the income gained (everyone's net income in the programme run less the "
    "same seed without it) and the aid spent in each year of the horizon, from the first programme "
    "year, deflated to that year's prices by the rural consumer price index and discounted to it. "
    "Benefit per Yuan: income gained over aid spent, both so valued. Per million Yuan: income gained per "
    "million Yuan of aid so valued, and people lifted over the line in the last funded year per million "
    "Yuan of all aid spent. Ratios are ratios of the means over the replications, with bootstrap "
    "intervals resampling seeds with their numerator and denominator together; a ratio whose "
    "denominator is zero or negative in some runs is not given. Durability: the income gained 1, 3 "
    "and 5 years after the last funded year, as a multiple of that year's gain (not defined where that "
    "gain was not positive). Scenarios whose spending is not within 5% of the whole programme's (the "
    "scenario funding the most interventions) are marked: compare them per million Yuan, not in "
    "totals.",
)


def _seeds_text(comparison: Comparison, meta: Meta | None) -> str:
    reps = (meta or {}).get("replications")
    if reps is None:
        reps = next((e.get("replications") for e in comparison.values()), None)
    return f"{reps} seeds" if reps is not None else "the seeds"


def _rate_text(meta: Meta | None) -> str:
    rate = (meta or {}).get("discount_rate")
    return "discounted" if rate is None else f"discounted at {formatted(float(rate), '.0%')} a year"


def horizon_span(comparison: Comparison) -> tuple[int, int] | None:
    """The horizon's first and last year, if every programme scenario shares them."""
    spans = {
        (h["first_year"], h["last_year"]) for e in comparison.values() if (h := e.get("horizon")) is not None
    }
    return next(iter(spans)) if len(spans) == 1 else None


def _horizon_text(comparison: Comparison, meta: Meta | None) -> str:
    """``over 2009-2013, in 2009 prices discounted at 5% a year``."""
    span = horizon_span(comparison)
    if span is None:
        years = (meta or {}).get("horizon_years", "the")
        return f"over the {years} years from each scenario's first programme year, in that year's prices"
    return f"over {span[0]}-{span[1]}, in {span[0]} prices"


def _short_horizon(comparison: Comparison, meta: Meta | None) -> str:
    """``2009-2013, 2009 prices, 5% discount`` (a figure title's second line)."""
    span, rate = horizon_span(comparison), (meta or {}).get("discount_rate")
    discount = f", {formatted(float(rate), '.0%')} discount" if isinstance(rate, int | float) else ""
    if span is None:
        return f"{(meta or {}).get('horizon_years', '?')} years from the first programme year{discount}"
    return f"{span[0]}-{span[1]}, {span[0]} prices{discount}"


def captions(comparison: Comparison, meta: Meta | None = None) -> dict[str, str]:
    """A plain sentence under each figure saying what it shows."""
    seeds, baseline = _seeds_text(comparison, meta), baseline_of(comparison)
    line = (meta or {}).get("poverty_line_yuan")
    line_text = f"the {line:,.0f} Yuan line" if isinstance(line, int | float) else "the poverty line"
    shown = " and ".join(shown_years(years_of(comparison)))
    return {
        "income": f"Pooled net income per person by year, in current Yuan: the mean over {seeds}; the band "
        "is its 95% t-interval.",
        "poverty": f"Share of people below {line_text} by year: the mean over {seeds}; the band is its 95% "
        "bootstrap interval.",
        "income_gain": f"Net income per person gained over {baseline} by year, paired on the same seeds: the "
        f"mean difference over {seeds}; the band is its 95% t-interval.",
        "composition": f"Mean net income per person by source in {shown}, over {seeds}; a source whose costs "
        "exceed its income is drawn left of zero, and the diamond is net income.",
        "cost_effectiveness": f"Income gained {_horizon_text(comparison, meta)} {_rate_text(meta)}, per "
        "million Yuan of aid valued alike (left), and people lifted over the line in the last funded year "
        f"per million Yuan of aid spent (right); bars are 95% bootstrap intervals over {seeds}, dots "
        "single seeds.",
    }


def _palette(name: str) -> list[Any]:
    """The colours of a qualitative (listed) colormap."""
    colormap = colormaps[name]
    assert isinstance(colormap, ListedColormap)  # the qualitative maps are listed
    return [colormap(i) for i in range(colormap.N)]


def scenario_colours(names: list[str]) -> Colours:
    """One colour per scenario, by position, the same in every figure and in the HTML."""
    palette = _palette("tab10" if len(names) <= 10 else "tab20")
    return {name: to_hex(palette[i % len(palette)]) for i, name in enumerate(names)}


def _label(text: str) -> str:
    # Matplotlib reads $...$ as mathtext and leaves labels starting with "_" out of legends.
    text = text.replace("$", r"\$")
    return f" {text}" if text.startswith("_") else text


def _value(entry: Interval | None, key: str = "mean", scale: float = 1.0) -> float:
    """A field of an interval as a float, NaN where it or the interval is missing or None."""
    value = (entry or {}).get(key)
    return math.nan if value is None else float(value) * scale


def _by_scenario(comparison: Comparison, *keys: str) -> dict[str, Any]:
    """One nested entry of every scenario, e.g. ``("difference_from_baseline", "gini")``."""
    out = {}
    for name, entry in comparison.items():
        for key in keys:
            entry = (entry or {}).get(key, {})
        out[name] = entry
    return out


def years_of(comparison: Comparison) -> list[str]:
    """Every year in the comparison, in order, as its string keys."""
    return sorted(
        {y for by_year in _by_scenario(comparison, "per_capita_net_income_yuan").values() for y in by_year},
        key=int,
    )


def shown_years(years: list[str]) -> list[str]:
    """The first programme year (2009, else the run's second year) and the last year."""
    if not years:
        return []
    first = FIRST_PROGRAMME_YEAR if FIRST_PROGRAMME_YEAR in years else years[min(1, len(years) - 1)]
    return [first] if first == years[-1] else [first, years[-1]]


def baseline_of(comparison: Comparison) -> str:
    """The scenario the differences are taken from (the first one unless the comparison says)."""
    first = next(iter(comparison), "")
    return str(comparison.get(first, {}).get("difference_from_baseline", {}).get("baseline", first))


def stack_starts(values: np.ndarray) -> np.ndarray:
    """Where each bar segment starts: positive segments stack right of zero, negative ones left.

    ``values`` has one row per source and one column per bar. A source whose costs exceed its
    gross income then shows as a segment left of zero instead of overlapping the others.
    """
    positive, negative = np.clip(values, 0, None), np.clip(values, None, 0)
    return np.where(
        values < 0, np.cumsum(negative, axis=0) - negative, np.cumsum(positive, axis=0) - positive
    )


# ---------------------------------------------------------------------------- figures


def _figure(columns: int = 1, height: float = 5.0, sharex: bool = False) -> tuple[Figure, list[Axes]]:
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)  # attaches itself: Agg whatever backend the caller's process chose
    return figure, list(figure.subplots(1, columns, sharex=sharex, sharey=True, squeeze=False)[0])


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata=PNG_METADATA)
    return buffer.getvalue()


def _legend_below(figure: Figure, axes: Axes, columns: int = 3) -> None:
    handles, labels = axes.get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncols=min(columns, max(len(labels), 1)))


def _line_figure(
    series: dict[str, dict[str, Interval]],
    colours: Colours,
    title: str,
    ylabel: str,
    *,
    scale: float = 1.0,
    baseline: str | None = None,
    floor: float | None = None,
) -> Figure:
    """Mean line and 95% band by year for each scenario; ``baseline`` as a dashed zero line."""
    figure, (axes,) = _figure()
    for name, by_year in series.items():
        years = sorted(by_year, key=int)
        mean, lo, hi = ([_value(by_year[y], key, scale) for y in years] for key in ("mean", "lo", "hi"))
        x, marker = [int(y) for y in years], MARKERS[list(colours).index(name) % len(MARKERS)]
        axes.fill_between(x, lo, hi, color=colours[name], alpha=0.2, linewidth=0)
        axes.plot(x, mean, color=colours[name], linewidth=2, marker=marker, markersize=5, label=_label(name))
    if baseline is not None:
        axes.axhline(
            0, color=colours.get(baseline, "black"), linestyle="--", label=f"{_label(baseline)} (baseline)"
        )
    axes.set(title=f"{title}\n({BAND})", xlabel="Year", ylabel=ylabel)
    axes.set_ylim(bottom=floor)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(alpha=0.3)
    _legend_below(figure, axes)
    return figure


def _source_means(comparison: Comparison, sources: list[str], year: str) -> np.ndarray:
    """Mean income per person by source (rows) and scenario (columns); 0 where there is none."""
    by_source = _by_scenario(comparison, "income_by_source_yuan_per_capita").values()
    table = [[_value(s.get(source, {}).get(year)) for s in by_source] for source in sources]
    return np.nan_to_num(np.array(table, dtype=float).reshape(len(sources), len(comparison)))


def _composition_figure(comparison: Comparison, colours: Colours) -> Figure:
    years = shown_years(years_of(comparison))
    first: dict[str, Any] = next(iter(comparison.values()), {})
    sources = list(first.get("income_by_source_yuan_per_capita", {}))
    palette = _palette("Set2")  # not tab10: sources must not look like scenarios
    figure, axes_list = _figure(max(len(years), 1), height=2.0 + 0.55 * len(comparison), sharex=True)
    rows = np.arange(len(comparison))
    for axes, year in zip(axes_list, years, strict=False):
        table = _source_means(comparison, sources, year)
        for i, (source, start) in enumerate(zip(sources, stack_starts(table), strict=True)):
            colour = palette[i % len(palette)]
            axes.barh(rows, table[i], left=start, height=0.6, color=colour, label=_label(source))
        axes.plot(table.sum(axis=0), rows, "D", color="black", markersize=6, label="net income (sum)")
        axes.axvline(0, color="black", linewidth=0.8)
        axes.set(
            title=f"Income by source, {year}", xlabel="Yuan per person per year (mean over replications)"
        )
        axes.grid(axis="x", alpha=0.3)
    _scenario_ticks(axes_list[0], list(comparison), colours)
    _legend_below(figure, axes_list[0], columns=4)
    return figure


def _scenario_ticks(axes: Axes, names: list[str], colours: Colours) -> None:
    """Scenario names down the y axis, first on top, each in its scenario's colour."""
    axes.set_yticks(range(len(names)), labels=[_label(n) for n in names])
    for tick, name in zip(axes.get_yticklabels(), names, strict=True):
        tick.set_color(colours[name])
    axes.set_ylim(len(names) - 0.5, -0.5)


def _programmes(comparison: Comparison) -> list[str]:
    """The scenarios that spent aid."""
    return [n for n, e in comparison.items() if _value(e.get("aid_spent_yuan")) > 0]


def per_run(runs: pd.DataFrame, name: str, measure: str) -> np.ndarray:
    """Each replication's value of a ratio (as :data:`sim.compare.stats.RATIOS` defines it) where
    its denominator is positive."""
    ratio = RATIOS[measure]
    if not {"scenario", ratio.numerator, ratio.denominator} <= set(runs.columns):
        return np.array([])
    mine = runs[runs["scenario"] == name]
    x = mine[ratio.numerator].to_numpy(dtype=float)
    y = mine[ratio.denominator].to_numpy(dtype=float)
    keep = np.isfinite(x) & np.isfinite(y) & (y > 0)
    return x[keep] / y[keep] * ratio.scale


def _cost_panel(
    axes: Axes,
    comparison: Comparison,
    runs: pd.DataFrame,
    colours: Colours,
    measure: str,
    fmt: Format,
    scale: float = 1.0,
) -> None:
    """One ratio's mean and interval per programme scenario, each replication a faint dot;
    where the ratio is not defined, why."""
    for row, name in enumerate(_programmes(comparison)):
        entry = comparison[name].get(measure) or {}
        mean, lo, hi = (_value(entry, k, scale) for k in ("mean", "lo", "hi"))
        each = per_run(runs, name, measure) * scale
        axes.plot(each, np.full(each.size, row + 0.25), "o", color=colours[name], alpha=0.4, markersize=4)
        if math.isnan(mean):
            why = entry.get("note") or "no finite value"
            axes.annotate(f"not given: {why}", (0.02, row), xycoords=("axes fraction", "data"), va="center")
            continue
        if not (math.isnan(lo) or math.isnan(hi)):
            axes.errorbar(mean, row, xerr=[[mean - lo], [hi - mean]], fmt="o", color=colours[name], capsize=5)
        else:
            axes.plot(mean, row, "o", color=colours[name])
        n = coverage(entry, comparison[name].get("replications"))
        text = fmt(mean) + (f" ({n})" if n else "")
        axes.annotate(text, (mean, row), xytext=(0, 8), textcoords="offset points", ha="center", fontsize=8)
    axes.axvline(0, color="black", linewidth=0.8)
    axes.grid(axis="x", alpha=0.3)


def _cost_figure(comparison: Comparison, runs: pd.DataFrame, colours: Colours, meta: Meta | None) -> Figure:
    names = _programmes(comparison)
    figure, (income, people) = _figure(2, height=2.0 + 0.6 * max(len(names), 1))
    figure.suptitle(
        "Effects per million Yuan of aid: ratio of means over replications, 95% bootstrap interval "
        "(dots: single replications)"
    )
    _cost_panel(income, comparison, runs, colours, "income_gained_per_million_yuan", "{:,.2f} M".format, 1e-6)
    income.set(
        title=f"Income gained per million Yuan of aid\n{_short_horizon(comparison, meta)}",
        xlabel="Million Yuan of income gained per million Yuan of aid",
    )
    _cost_panel(people, comparison, runs, colours, "people_lifted_per_million_yuan", "{:,.1f}".format)
    people.set(
        title="People lifted over the line per million Yuan\nin the last funded year (below 0: more poor)",
        xlabel="People lifted per million Yuan of aid spent",
    )
    if names:
        _scenario_ticks(income, names, colours)
    else:
        income.set_yticks([])
        income.annotate("no scenario with a programme", (0.5, 0.5), xycoords="axes fraction", ha="center")
    return figure


def figures(
    comparison: Comparison,
    yearly: pd.DataFrame,
    runs: pd.DataFrame,
    *,
    poverty_line_yuan: float | None = None,
    meta: Meta | None = None,
) -> dict[str, bytes]:
    """The PNG bytes of each figure, by name, in the order the report shows them.

    Args:
        comparison: :func:`sim.compare.stats.summarise`'s output; its key order is the scenarios' order.
        yearly: The replications' yearly table (unused: its intervals are all in ``comparison``).
        runs: The per-run table: each replication's cost-effectiveness is drawn as a dot.
        poverty_line_yuan: The line, named in the poverty figure's title; if None, the settings'
            line, else the runs' line when they all share one.
        meta: The comparison's settings (horizon, discount rate), named in the cost figure.

    Returns:
        Figure name to PNG bytes: income, poverty, income_gain, composition, cost_effectiveness.
    """
    setting = (meta or {}).get("poverty_line_yuan")
    if poverty_line_yuan is None and isinstance(setting, int | float):
        poverty_line_yuan = float(setting)
    if poverty_line_yuan is None and "poverty_line_yuan" in runs:  # the runner records each run's line
        lines = runs["poverty_line_yuan"].dropna().unique()
        poverty_line_yuan = float(lines[0]) if len(lines) == 1 else None
    colours, baseline = scenario_colours(list(comparison)), baseline_of(comparison)
    line = "the poverty line" if poverty_line_yuan is None else f"the {poverty_line_yuan:,.0f} Yuan line"
    incomes, poor = (
        _by_scenario(comparison, m) for m in ("per_capita_net_income_yuan", "poverty_headcount_ratio")
    )
    gains = _by_scenario(comparison, "difference_from_baseline", "per_capita_net_income_yuan")
    gains = {name: by_year for name, by_year in gains.items() if name != baseline}
    poor_title, gain_title = (
        f"Poverty headcount: share of people below {line}",
        f"Per-capita net income gained over {_label(baseline)}",
    )
    drawn = {
        "income": _line_figure(incomes, colours, "Per-capita net income", YUAN),
        "poverty": _line_figure(
            poor, colours, poor_title, "People below the line (%)", scale=100.0, floor=0.0
        ),
        "income_gain": _line_figure(gains, colours, f"{gain_title}, paired by seed", YUAN, baseline=baseline),
        "composition": _composition_figure(comparison, colours),
        "cost_effectiveness": _cost_figure(comparison, runs, colours, meta),
    }
    return {name: _png(figure) for name, figure in drawn.items()}


def write_figures(
    directory: Path,
    comparison: Comparison,
    yearly: pd.DataFrame,
    runs: pd.DataFrame,
    *,
    poverty_line_yuan: float | None = None,
    meta: Meta | None = None,
    pngs: dict[str, bytes] | None = None,
) -> list[Path]:
    """Write each figure of :func:`figures` (or ``pngs``, already drawn) as
    ``<directory>/<name>.png``; the paths written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    if pngs is None:
        pngs = figures(comparison, yearly, runs, poverty_line_yuan=poverty_line_yuan, meta=meta)
    for name, png in pngs.items():
        atomic_write(directory / f"{name}.png", png)
    return [directory / f"{name}.png" for name in pngs]


# ---------------------------------------------------------------------------- HTML


def _fmt(spec: str, scale: float = 1.0, unit: str = "") -> Format:
    """A formatter that never prints a negative zero."""
    return lambda v: formatted(v, spec, scale) + unit


LEVEL_YUAN, CHANGE_YUAN = _fmt(",.0f"), _fmt("+,.0f")


# Each yearly measure: its key, its column heading, how a level and how a difference read.
MEASURES: tuple[tuple[str, str, Format, Format], ...] = (
    ("per_capita_net_income_yuan", "Per-capita net income (Yuan)", LEVEL_YUAN, CHANGE_YUAN),
    ("growth_over_first_year_yuan", "Growth since the first year (Yuan)", CHANGE_YUAN, CHANGE_YUAN),
    ("poverty_headcount_ratio", "Poverty headcount (% of people)", _fmt(".1%"), _fmt("+.1f", 100, " pp")),
    ("poverty_gap_index", "Poverty gap index", _fmt(".4f"), _fmt("+.4f")),
    ("gini", "Gini", _fmt(".3f"), _fmt("+.3f")),
)
RUN_COLUMNS: tuple[tuple[str, str, Format], ...] = (
    ("aid_spent_yuan", "Aid spent, all years (Yuan)", millions),
    ("households_reached", "Households reached", LEVEL_YUAN),
    ("trainees_placed", "Trainees placed", LEVEL_YUAN),
    ("aid_spent_real_yuan", "Aid over the horizon, real, discounted (Yuan)", millions),
    ("income_gained_yuan", "Income gained over the horizon, real, discounted (Yuan)", millions),
    ("benefit_per_yuan", "Income gained per Yuan of aid", _fmt(".3f")),
    ("benefit_per_yuan_nominal", "Income gained per Yuan of aid, nominal", _fmt(".3f")),
    ("income_gained_per_million_yuan", "Income gained per million Yuan of aid (Yuan)", millions),
    ("people_lifted", "People lifted, last funded year", _fmt(",.0f")),
    ("people_lifted_per_million_yuan", "People lifted per million Yuan of aid", _fmt(",.1f")),
    ("cost_per_person_lifted_yuan", "Aid per person lifted (Yuan)", LEVEL_YUAN),
    *((f"durability_{k}_years", f"Durability, {k} year{'s' * (k > 1)}", _fmt(".2f")) for k in (1, 3, 5)),
)
STYLE = """
body { font-family: sans-serif; max-width: 1060px; margin: 1em auto; padding: 0 1em; color: #222; }
img { width: 100%; max-width: 1000px; } figure { margin: 1.5em 0; }
table { border-collapse: collapse; font-size: 0.85em; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; text-align: right; vertical-align: top; }
th { background: #f3f3f3; } td.name { text-align: left; font-weight: bold; white-space: nowrap; }
.wide { overflow-x: auto; } .ci { color: #666; font-size: 0.85em; white-space: nowrap; }
.warn { color: #a33; font-weight: bold; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.4em; vertical-align: middle; }
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _cell(entry: Interval | None, fmt: Format, replications: Any = None) -> str:
    """A table cell: the mean, its interval beneath it, and "n=9 of 20" where some runs had no
    value; where a ratio is not defined, why."""
    if (entry or {}).get("note"):
        return f'<td>not given<br><span class="ci">{_e(entry["note"])}</span></td>'  # type: ignore[index]
    mean, lo, hi = (_value(entry, k) for k in ("mean", "lo", "hi"))
    if math.isnan(mean):
        return f"<td>{MISSING}</td>"
    n = coverage(entry, replications)
    ci = "no interval" if math.isnan(lo) or math.isnan(hi) else f"[{fmt(lo)}, {fmt(hi)}]"
    return f'<td>{_e(fmt(mean))}<br><span class="ci">{_e(ci + (" " + n if n else ""))}</span></td>'


def budget_cell(check: dict[str, Any] | None) -> str:
    """Whether a programme scenario spends about as much as the whole programme."""
    if not check:
        return f"<td>{MISSING}</td>"
    spends = (
        f"spends {millions(check['aid_spent_yuan'])} of {millions(check['whole_programme_aid_spent_yuan'])}"
    )
    if check["whole_programme"] and check["share_of_whole_programme"] == 1.0:
        return "<td>the whole programme (the most interventions)</td>"
    if check["within_5_percent"]:
        return f"<td>{_e(spends)}: within 5% of {_e(check['whole_programme'])}</td>"
    return f'<td class="warn">{_e(spends)} ({_e(check["whole_programme"])}): compare per million Yuan</td>'


def _swatch(name: str, colours: Colours) -> str:
    return f'<span class="swatch" style="background:{colours[name]}"></span>'


def _table(
    comparison: Comparison, colours: Colours, head: str, cells: Callable[[str, dict[str, Any]], str]
) -> str:
    """One row per scenario: its name, then ``cells(name, entry)``."""
    rows = "".join(
        f'<tr><td class="name">{_swatch(n, colours)}{_e(n)}</td>{cells(n, e)}</tr>'
        for n, e in comparison.items()
    )
    return f'<div class="wide"><table><thead>{head}</thead><tbody>{rows}</tbody></table></div>'


def _measure_head(years: list[str], extra: tuple[str, ...] = ()) -> str:
    """Two heading rows: each measure over its years, then columns of their own."""
    top = "".join(f'<th colspan="{len(years)}">{_e(m[1])}</th>' for m in MEASURES)
    top += "".join(f'<th rowspan="2">{_e(x)}</th>' for x in extra)
    sub = "".join(f"<th>{_e(y)}</th>" for _ in MEASURES for y in years)
    return f'<tr><th rowspan="2">Scenario</th>{top}</tr><tr>{sub}</tr>'


def _tables(comparison: Comparison, colours: Colours, meta: Meta | None = None) -> str:
    """Outcomes, programme cost and reach, and differences from the baseline, with headings."""
    years, baseline = shown_years(years_of(comparison)), baseline_of(comparison)
    value_note = (
        f"The horizon: income gained and aid {_horizon_text(comparison, meta)} {_rate_text(meta)}. "
        "Aid spent, all years: nominal Yuan."
    )

    def outcomes(_: str, e: dict[str, Any]) -> str:
        reps = e.get("replications")
        return "".join(_cell(e.get(key, {}).get(y), fmt, reps) for key, _, fmt, _ in MEASURES for y in years)

    def costs(_: str, e: dict[str, Any]) -> str:
        if not _value(e.get("aid_spent_yuan")) > 0:
            return f'<td colspan="{len(RUN_COLUMNS) + 1}">no programme: no aid spent</td>'
        cells = "".join(_cell(e.get(key), fmt, e.get("replications")) for key, _, fmt in RUN_COLUMNS)
        return budget_cell(e.get("budget_check")) + cells

    def differences(name: str, e: dict[str, Any]) -> str:
        if name == baseline:
            return f'<td colspan="{len(MEASURES) * len(years) + 1}">the baseline</td>'
        d = e.get("difference_from_baseline", {})
        reps = e.get("replications")
        cells = "".join(_cell(d.get(key, {}).get(y), fmt, reps) for key, _, _, fmt in MEASURES for y in years)
        return cells + _cell(d.get("aid_spent_yuan"), CHANGE_YUAN, reps)

    labels = ["Budget: against the whole programme", *(label for _, label, _ in RUN_COLUMNS)]
    run_head = "<tr><th>Scenario</th>" + "".join(f"<th>{_e(label)}</th>" for label in labels) + "</tr>"
    return (
        f"<h2>Outcomes by scenario</h2>{_table(comparison, colours, _measure_head(years), outcomes)}"
        f"<h2>Programme cost and reach</h2><p>{_e(value_note)}</p>"
        f"{_table(comparison, colours, run_head, costs)}"
        f"<h2>Difference from the baseline</h2><p>Each scenario minus {_e(baseline)}, paired on the same "
        f"seeds.</p>{_table(comparison, colours, _measure_head(years, ('Aid spent (Yuan)',)), differences)}"
    )


def _seeds(meta: dict[str, Any]) -> str | None:
    """The seeds, from ``seeds`` or ``first_seed`` and ``replications``: "1 to 10" when consecutive."""
    seeds, first, reps = meta.get("seeds"), meta.get("first_seed"), meta.get("replications")
    if seeds is None and isinstance(first, int) and isinstance(reps, int):
        seeds = range(first, first + reps)
    seeds = list(seeds or [])
    if seeds and seeds == list(range(seeds[0], seeds[0] + len(seeds))):
        return f"{seeds[0]} to {seeds[-1]}"
    return ", ".join(map(str, seeds)) or None


def _settings(meta: dict[str, Any], years: list[str]) -> str:
    """The run settings as a list: replications, seeds, years simulated, poverty line(s), baseline."""
    lines = meta.get("poverty_line_yuan")
    lines = [x for x in (lines if isinstance(lines, list) else [lines]) if isinstance(x, int | float)]
    per_person = " and ".join(f"{x:,.0f}" for x in lines) + " Yuan per person per year" if lines else None
    simulated = f"{meta.get('years', len(years))}" + (f" ({years[0]} to {years[-1]})" if years else "")
    items = {"Replications": meta.get("replications"), "Seeds": _seeds(meta), "Years": simulated}
    items |= {"Poverty line": per_person, "Baseline": meta.get("baseline")}
    horizon, rate = meta.get("horizon_years"), meta.get("discount_rate")
    if horizon is not None:
        items["Horizon"] = f"{horizon} years from the first programme year, in that year's prices"
    if isinstance(rate, int | float):
        items["Discount rate"] = f"{formatted(float(rate), '.1%')} a year"
    rows = "".join(f"<li><b>{k}:</b> {_e(MISSING if v is None else v)}</li>" for k, v in items.items())
    return f"<ul>{rows}</ul>"


def render_html(
    comparison: Comparison,
    yearly: pd.DataFrame,
    runs: pd.DataFrame,
    meta: Meta,
    *,
    pngs: dict[str, bytes] | None = None,
) -> str:
    """The whole report as one HTML document; see :func:`write_report`."""
    colours = scenario_colours(list(comparison))
    if pngs is None:
        pngs = figures(comparison, yearly, runs, meta=meta)
    scenarios = "".join(
        f"<li>{_swatch(n, colours)}<b>{_e(n)}</b>: {_e(e.get('description', ''))}</li>"
        for n, e in comparison.items()
    )
    texts = captions(comparison, meta)
    images = "".join(
        f'<figure><img alt="{_e(texts[n])}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
        f"<figcaption>{_e(texts[n])}</figcaption></figure>"
        for n, png in pngs.items()
    )
    notes = _settings(meta, years_of(comparison)) + "".join(f"<p>{_e(note)}</p>" for note in NOTES)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Scenario comparison</title>'
        f"<style>{STYLE}</style></head><body>\n<h1>Scenario comparison</h1>{notes}\n"
        f"<h2>Scenarios</h2><ul>{scenarios}</ul>\n<h2>Figures</h2>{images}\n"
        f"{_tables(comparison, colours, meta)}\n</body></html>\n"
    )


def write_report(
    path: Path,
    comparison: Comparison,
    yearly: pd.DataFrame,
    runs: pd.DataFrame,
    meta: Meta,
    *,
    pngs: dict[str, bytes] | None = None,
) -> Path:
    """Write the self-contained HTML report (creating parent folders).

    Args:
        path: The .html file to write.
        comparison: :func:`sim.compare.stats.summarise`'s output, scenarios in the report's order.
        yearly: The replications' yearly table.
        runs: The replications' per-run table.
        meta: Run settings: replications, first_seed, years, poverty_line_yuan, baseline,
            horizon_years, discount_rate.
        pngs: The figures, if already drawn (:func:`figures`); drawn here otherwise.

    Returns:
        The path written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, render_html(comparison, yearly, runs, meta, pngs=pngs))
    return path
