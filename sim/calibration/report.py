"""The referee's diagnostics page for a calibration record folder: ``report.html``.

It only READS the record (record.json and its Parquet files, see the record format) and writes one
self-contained HTML file beside them: figures are base64 PNGs, the stylesheet is inline, nothing is
fetched. Every sentence is generated from the numbers, so the page says what this record shows.
Summary numbers come from record.json where it has them (the record is the authority) and are
computed from the Parquet files only where it does not.
"""

from __future__ import annotations

import base64
import html
import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.calibration import figures
from sim.calibration.figures import Parameter, Statistic
from sim.runner.store import atomic_write

Entry = dict[str, Any]
REPORT = "report.html"
IDENTIFIED, PARTLY = 0.5, 0.8  # sd_ratio thresholds: below 0.5 identified, above 0.8 not
EDGE = 0.1  # a median within 10% of the prior range from an edge piles up there
STRONG = 0.3  # |r| from which a pair is reported as a trade-off
QUANTILES = {"q05": 0.05, "q25": 0.25, "q50": 0.5, "q75": 0.75, "q95": 0.95}
NA = "n/a"
CHECKS = "Out-of-sample checks (not used by the fit)"
WITH, WITHOUT, GAIN = (
    "per_capita_net_income_yuan",
    "counterfactual_income_yuan",
    "income_gain_yuan_per_capita",
)
STYLE = """
body { font-family: sans-serif; max-width: 1060px; margin: 1em auto; padding: 0 1em; color: #222; }
img { width: 100%; max-width: 1000px; } img.narrow { width: auto; max-width: 100%; }
figure { margin: 1em 0; }
table { border-collapse: collapse; font-size: 0.85em; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; text-align: right; vertical-align: top; }
th { background: #f3f3f3; } td.name { text-align: left; font-weight: bold; }
td.text { text-align: left; } .small { color: #666; font-size: 0.85em; }
.bad { color: #a33; font-weight: bold; } .good { color: #262; font-weight: bold; }
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _float(value: Any) -> float:
    """A number as a float; NaN for None, text, booleans and anything else that is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        return math.nan
    return float(value)


def _num(value: Any, spec: str | None = None) -> str:
    """A number as the page prints it; "n/a" where there is none (None, NaN, infinite)."""
    x = _float(value)
    if not math.isfinite(x):
        return NA
    if spec is None:
        spec = ",.0f" if abs(x) >= 100 else ".3g"  # three significant digits below 100
    text = format(x, spec)
    return format(0.0, spec) if text.startswith("-") and not set("123456789") & set(text) else text


def _percent(share: Any, spec: str = ".0f") -> str:
    """A share as a percentage ("33%"); "n/a" where there is none."""
    text = _num(_float(share) * 100, spec)
    return text if text == NA else f"{text}%"


def _pick(recorded: Any, computed: float) -> float:
    """The record's value where it has a finite one, else the value computed from the Parquet files."""
    x = _float(recorded)
    return x if math.isfinite(x) else computed


# Numbers -------------------------------------------------------------------------------------------


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """Quantile of a weighted sample (midpoint rule: a single draw is every quantile)."""
    keep = np.isfinite(values) & np.isfinite(weights) & (weights > 0)
    v, w = values[keep], weights[keep]
    if v.size == 0:
        return math.nan
    order = np.argsort(v)
    v, w = v[order], w[order]
    cdf = (np.cumsum(w) - 0.5 * w) / w.sum()
    return float(np.interp(q, cdf, v))


def weighted_sd(values: np.ndarray, weights: np.ndarray) -> float:
    keep = np.isfinite(values) & np.isfinite(weights)
    v, w = values[keep], weights[keep]
    if v.size == 0 or w.sum() <= 0:
        return math.nan
    mean = np.average(v, weights=w)
    return float(math.sqrt(np.average((v - mean) ** 2, weights=w)))


def weighted_correlation(frame: pd.DataFrame, weights: np.ndarray) -> np.ndarray:
    """Weighted Pearson correlations of the columns; NaN where a column does not vary."""
    x = frame.to_numpy(dtype=float)
    w = weights / weights.sum()
    centred = x - w @ x
    cov = (centred * w[:, None]).T @ centred
    sd = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = cov / np.outer(sd, sd)
    r[~np.isfinite(r)] = math.nan
    return np.asarray(np.clip(r, -1.0, 1.0))


def _bound(value: Any) -> float | None:
    x = _float(value)
    return x if math.isfinite(x) else None


def inside_share(values: np.ndarray, low: float | None, high: float | None) -> float:
    """Share of draws in [low, high] (a None bound is open); NaN for a point, which no continuous
    draw hits."""
    if values.size == 0 or (low is not None and low == high):
        return math.nan
    ok = np.ones(values.size, dtype=bool)
    if low is not None:
        ok &= values >= low
    if high is not None:
        ok &= values <= high
    return float(ok.mean())


def agrees(low: float | None, high: float | None, q05: float, q95: float) -> bool | None:
    """Whether the published figure lies inside the predictive 90% interval (a range: overlaps it;
    one-sided: the interval reaches its side). None where either is missing."""
    if not (math.isfinite(q05) and math.isfinite(q95)) or (low is None and high is None):
        return None
    return (high is None or high >= q05) and (low is None or low <= q95)


# Reading ---------------------------------------------------------------------------------------------


def _parquet(record_dir: Path, name: str) -> pd.DataFrame | None:
    path = record_dir / name
    return pd.read_parquet(path) if path.exists() else None


def _column(frame: pd.DataFrame | None, name: str) -> np.ndarray:
    if frame is None or name not in frame:
        return np.array([], dtype=float)
    return np.asarray(frame[name], dtype=float)


def _prior(entry: Entry) -> tuple[float, float] | None:
    prior = entry.get("prior")
    if not isinstance(prior, list | tuple) or len(prior) != 2:
        return None
    lo, hi = _float(prior[0]), _float(prior[1])
    return (lo, hi) if math.isfinite(lo) and math.isfinite(hi) and hi > lo else None


def _prior_sd(prior: tuple[float, float] | None, integer: bool) -> float:
    if prior is None:
        return math.nan
    width = prior[1] - prior[0]
    # A uniform prior on whole numbers lo..hi has n = width + 1 values.
    return math.sqrt(((width + 1) ** 2 - 1) / 12) if integer else width / math.sqrt(12)


def parameter(entry: Entry, posterior: pd.DataFrame | None) -> Parameter:
    """One parameter's sample and summary: the record's figures, or computed from the posterior."""
    values = _column(posterior, str(entry.get("name")))
    weights = _column(posterior, "weight") if values.size else values
    if weights.size != values.size:
        weights = np.full(values.size, 1.0 / max(values.size, 1))
    prior, integer = _prior(entry), bool(entry.get("integer", False))
    q = {
        k: _pick(entry.get(k), weighted_quantile(values, weights, p))
        for k, p in (("median", 0.5), ("q05", 0.05), ("q95", 0.95))
    }
    sd = _pick(entry.get("sd"), weighted_sd(values, weights))
    prior_sd = _pick(entry.get("prior_sd"), _prior_sd(prior, integer))
    ratio = _pick(entry.get("sd_ratio"), sd / prior_sd if prior_sd > 0 else math.nan)
    return Parameter(
        str(entry.get("name")), values, weights, prior, integer, q["median"], q["q05"], q["q95"], ratio
    )


def statistic(entry: Entry, draws: pd.DataFrame | None) -> Statistic:
    """One target or check: its predictive draws and their summary (the record's where it has one)."""
    values = _column(draws, str(entry.get("name")))
    values = values[np.isfinite(values)]
    ones = np.ones(values.size)
    recorded = entry.get("predictive") or {}
    low, high = _bound(entry.get("low")), _bound(entry.get("high"))
    q = {
        k: _pick(recorded.get(k), weighted_quantile(values, ones, p))
        for k, p in (("median", 0.5), ("q05", 0.05), ("q95", 0.95))
    }
    inside = _pick(recorded.get("inside"), inside_share(values, low, high))
    return Statistic(str(entry.get("name")), values, low, high, q["median"], q["q05"], q["q95"], inside)


# Words ----------------------------------------------------------------------------------------------


def identification(sd_ratio: float) -> str:
    if not math.isfinite(sd_ratio):
        return "unknown (no sd ratio)"
    if sd_ratio < IDENTIFIED:
        return "identified"
    return "partly identified" if sd_ratio <= PARTLY else "not identified by these targets"


def edge(p: Parameter) -> str | None:
    """ "lower" or "upper" where the median lies within 10% of the prior range from that edge."""
    if p.prior is None or not math.isfinite(p.median):
        return None
    lo, hi = p.prior
    if p.median - lo <= EDGE * (hi - lo):
        return "lower"
    return "upper" if hi - p.median <= EDGE * (hi - lo) else None


def _names(items: Iterable[str]) -> str:
    items = list(items)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def published(s: Statistic) -> str:
    if s.low is not None and s.low == s.high:
        return _num(s.low)
    if s.low is None and s.high is None:
        return NA
    if s.low is None:
        return f"at most {_num(s.high)}"
    return f"at least {_num(s.low)}" if s.high is None else f"{_num(s.low)} to {_num(s.high)}"


def _interval(lo: Any, hi: Any) -> str:
    if not (math.isfinite(_float(lo)) and math.isfinite(_float(hi))):
        return NA
    return f"{_num(lo)} to {_num(hi)}"


# HTML -------------------------------------------------------------------------------------------


def _img(png: bytes, alt: str, narrow: bool = False) -> str:
    data = base64.b64encode(png).decode("ascii")
    style = ' class="narrow"' if narrow else ""  # shown at its own size, not stretched to the column
    return f'<figure><img{style} alt="{_e(alt)}" src="data:image/png;base64,{data}"></figure>'


def _table(head: list[str], rows: list[list[str]]) -> str:
    """Cells are HTML already (escaped by the caller); the first column is the row's name."""
    top = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join(
        '<tr><td class="name">' + row[0] + "</td>" + "".join(f"<td>{c}</td>" for c in row[1:]) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{top}</tr></thead><tbody>{body}</tbody></table>"


def _p(*sentences: str) -> str:
    return "".join(f"<p>{_e(s)}</p>" for s in sentences if s)


def _section(title: str, anchor: str, *parts: str) -> str:
    return f'<section id="{anchor}"><h2>{_e(title)}</h2>{"".join(parts)}</section>\n'


# Sections -------------------------------------------------------------------------------------------


def _settings(items: Any) -> str:
    if not isinstance(items, dict) or not items:
        return NA
    return "<br>".join(f"{_e(k)}: {_e(v)}" for k, v in items.items())


def _summary_text(record: Entry) -> str:
    gens = [g for g in record.get("generations") or [] if isinstance(g, dict)]
    eps = [(g.get("t"), _float(g.get("epsilon"))) for g in gens]
    eps = [(t, e) for t, e in eps if math.isfinite(e)]
    text = (
        f"The fit ran {_num(record.get('simulations'), ',.0f')} simulations in "
        f"{_num(record.get('seconds'), ',.0f')} seconds over {len(gens)} generation(s)."
    )
    if len(eps) >= 2:
        (t0, e0), (t1, e1) = eps[0], eps[-1]
        text += f" The tolerance fell from {_num(e0)} (t={t0}) to {_num(e1)} (t={t1})."
    if gens:
        rate = _percent(gens[-1].get("acceptance_rate"), ".1f")
        text += f" The last generation's acceptance rate was {rate}."
    return text


def summary_section(record: Entry) -> str:
    final = record.get("final") or {}
    items = {
        "Name": record.get("name"),
        "Scenario": record.get("scenario"),
        "Calibration file": record.get("calibration_file"),
        "Seed": record.get("seed"),
        "Quick": record.get("quick"),
        "Years simulated": record.get("years"),
        "Simulations": _num(record.get("simulations"), ",.0f"),
        "Seconds": _num(record.get("seconds"), ",.1f"),
        "Commit": record.get("commit"),
        "Final replications": final.get("replications"),
        "Predictive draws": final.get("draws"),
        "Outcome hash": final.get("outcome_hash"),
    }
    rows = [[_e(k), f'<span class="text">{_e(NA if v is None else v)}</span>'] for k, v in items.items()]
    rows += [["Method", _settings(record.get("method"))], ["Versions", _settings(record.get("versions"))]]
    gens = [g for g in record.get("generations") or [] if isinstance(g, dict)]
    gen_rows = [
        [
            _e(g.get("t")),
            "∞" if g.get("epsilon") is None else _num(g.get("epsilon")),
            _num(g.get("particles"), ",.0f"),
            _num(g.get("simulations"), ",.0f"),
            _percent(g.get("acceptance_rate"), ".1f"),
        ]
        for g in gens
    ]
    head = ["t", "epsilon", "particles", "simulations", "acceptance rate"]
    return _section(
        "Summary",
        "summary",
        _p(_summary_text(record)),
        _img(figures.generations_figure(gens), "tolerance and acceptance by generation"),
        _table(["Setting", "Value"], rows),
        _table(head, gen_rows),
    )


def _parameter_text(params: list[Parameter]) -> list[str]:
    groups: dict[str, list[str]] = {}
    for p in params:
        groups.setdefault(identification(p.sd_ratio), []).append(p.name)
    text = [
        " ".join(f"{k.capitalize()}: {_names(v)}." for k, v in groups.items())
        + " (sd ratio = posterior sd / prior sd; below 0.5 identified, above 0.8 not.)"
    ]
    for p in params:
        if (side := edge(p)) is not None:
            text.append(
                f"{p.name} piles up at the {side} edge of its prior (median {_num(p.median)} in "
                f"{_interval(*p.prior or (None, None))}): the targets push it beyond the plausible range."
            )
    return text


def posterior_section(record: Entry, params: list[Parameter]) -> str:
    units = {str(e.get("name")): e.get("unit") or "" for e in record.get("parameters") or []}
    rows = [
        [
            _e(p.name) + f'<br><span class="small">{_e(units.get(p.name, ""))}</span>',
            _interval(*p.prior or (None, None)),
            _num(p.median),
            _interval(p.q05, p.q95),
            _num(p.sd_ratio, ".2f"),
            _e(identification(p.sd_ratio)),
            _e(edge(p) or ""),
        ]
        for p in params
    ]
    head = ["Parameter", "Prior range", "Median", "90% interval", "sd ratio", "Verdict", "Piles at edge"]
    return _section(
        "Posterior against prior, per parameter",
        "posterior",
        _p(*_parameter_text(params)),
        _img(figures.posterior_figure(params), "posterior histograms against the uniform priors"),
        _table(head, rows),
    )


def strong_pairs(names: list[str], r: np.ndarray) -> list[tuple[str, str, float]]:
    pairs = [
        (names[i], names[j], float(r[i, j]))
        for i in range(len(names))
        for j in range(i + 1, len(names))
        if math.isfinite(r[i, j]) and abs(r[i, j]) >= STRONG
    ]
    return sorted(pairs, key=lambda pair: -abs(pair[2]))


def _reading(a: str, b: str, r: float) -> str:
    if r > 0:
        return f"a higher {a} fits the targets with a higher {b}"
    return f"a higher {a} is offset by a lower {b}"


def correlation_section(params: list[Parameter]) -> str:
    names = [p.name for p in params if p.values.size]
    frame = pd.DataFrame({p.name: p.values for p in params if p.values.size})
    weights = next((p.weights for p in params if p.values.size), np.array([]))
    r = weighted_correlation(frame, weights) if names and weights.sum() > 0 else np.full((0, 0), math.nan)
    pairs = strong_pairs(names, r)
    if pairs:
        a, b, top = pairs[0]
        text = (
            f"{len(pairs)} pair(s) have |r| >= {STRONG}. "
            f"The strongest, {a} and {b} (r = {top:.2f}), trade off: "
            f"{_reading(a, b, top)}, so the targets pin down a combination of them more than either alone."
        )
    else:
        text = f"No pair of parameters has |r| >= {STRONG}: the posterior shows no strong trade-offs."
    if len(names) < 2:
        text = "The record's posterior has fewer than two parameters, so there are no pairs to correlate."
    rows = [[_e(a), _e(b), f"{x:.2f}", _e(_reading(a, b, x))] for a, b, x in pairs]
    image = (
        _img(figures.correlation_figure(names, r), "posterior correlation matrix", narrow=True)
        if names
        else ""
    )
    return _section(
        "Pairwise posterior correlations",
        "correlations",
        _p(text),
        image,
        _table(["Parameter", "with", "r", "Trade-off"], rows),
    )


def _statistic_rows(entries: list[Entry], stats: list[Statistic]) -> list[list[str]]:
    """Name (with label and source), published figure, median, 90% interval, share inside, and
    whether the published figure lies inside the 90% interval."""
    rows = []
    for entry, s in zip(entries, stats, strict=True):
        row = [
            _e(s.name) + f'<br><span class="small">{_e(entry.get("label") or "")}<br>'
            f"{_e(entry.get('source') or '')}</span>",
            _e(published(s)),
            _num(s.median),
            _interval(s.q05, s.q95),
            _percent(s.inside),
        ]
        ok = agrees(s.low, s.high, s.q05, s.q95)
        word = NA if ok is None else "inside" if ok else "outside"
        rows.append([*row, f'<span class="{"good" if ok else "bad"}">{word}</span>'])
    return rows


def targets_section(record: Entry, draws: pd.DataFrame | None) -> str:
    entries = [e for e in record.get("targets") or [] if isinstance(e, dict)]
    stats = [statistic(e, draws) for e in entries]
    hits = [s.name for s in stats if agrees(s.low, s.high, s.q05, s.q95)]
    misses = [s.name for s in stats if agrees(s.low, s.high, s.q05, s.q95) is False]
    unknown = [s.name for s in stats if agrees(s.low, s.high, s.q05, s.q95) is None]
    shares = [s.inside for s in stats if math.isfinite(s.inside)]
    text = (
        f"The predictive 90% interval reaches the published figure for {len(hits)} of {len(stats)} targets."
    )
    text += f" Not reached: {_names(misses)}." if misses else ""
    text += f" No predictive interval or published figure to compare: {_names(unknown)}." if unknown else ""
    if shares:
        text += f" On average {np.mean(shares):.0%} of draws fall inside their target's range."
    head = ["Target", "Published", "Median", "90% interval", "Inside", "Reaches published"]
    image = _img(figures.predictive_figure(stats), "posterior predictive of the targets") if stats else ""
    return _section(
        "Posterior predictive of every target",
        "targets",
        _p(text),
        image,
        _table(head, _statistic_rows(entries, stats)),
    )


def _check_sentence(s: Statistic) -> str:
    ok = agrees(s.low, s.high, s.q05, s.q95)
    if ok is None:
        return f"{s.name}: no predictive interval or published figure to compare."
    where, says = ("inside", "agrees with") if ok else ("outside", "disagrees with")
    return (
        f"{s.name}: the published figure ({published(s)}) lies {where} the predictive 90% interval "
        f"({_interval(s.q05, s.q95)}): the model {says} it."
    )


def checks_section(record: Entry, draws: pd.DataFrame | None) -> str:
    entries = [e for e in record.get("checks") or [] if isinstance(e, dict)]
    stats = [statistic(e, draws) for e in entries]
    intro = (
        "These published figures were NOT used by the fit; they are shown whether or not they agree. "
        "A published range counts as inside when it overlaps the interval."
    )
    if not stats:
        return _section(CHECKS, "checks", _p(intro, "The record has no checks."))
    head = ["Check (not fitted)", "Published", "Median", "90% interval", "Inside", "Published figure"]
    return _section(
        CHECKS,
        "checks",
        _p(intro, *map(_check_sentence, stats)),
        _img(figures.predictive_figure(stats), "posterior predictive of the checks, not fitted"),
        _table(head, _statistic_rows(entries, stats)),
    )


def bands(frame: pd.DataFrame | None, column: str) -> pd.DataFrame | None:
    """q05, q25, q50, q75 and q95 of ``column`` by year, over the rows (NaN skipped)."""
    if frame is None or column not in frame or "year" not in frame:
        return None
    by_year = frame.groupby("year")[column]
    return pd.DataFrame({k: by_year.quantile(q) for k, q in QUANTILES.items()}).sort_index()


def _width_text(gain: pd.DataFrame, seeds: pd.DataFrame | None) -> str:
    """How much wider parameter uncertainty makes the gain's 90% interval than seed noise alone."""
    if seeds is None:
        return "The record has no runs at the posterior medians, so the seed-only band is not shown."
    both = gain.join(seeds.add_suffix("_seed"), how="inner")
    width, seed_width = both["q95"] - both["q05"], both["q95_seed"] - both["q05_seed"]
    ratio = (width / seed_width)[seed_width > 0]
    if ratio.empty:
        return "The seed-only band has no width, so the two cannot be compared."
    return (
        f"Carrying parameter uncertainty through makes the gain's 90% interval {ratio.mean():.1f} times as "
        f"wide as seed noise alone at the posterior medians, on average over {len(ratio)} year(s)."
    )


def _gain_text(gain: pd.DataFrame) -> str:
    year, last = gain.index[-1], gain.iloc[-1]
    if not all(math.isfinite(_float(last[k])) for k in ("q05", "q50", "q95")):
        return f"The gain in {year} has no values."
    sign = "excludes zero" if last["q05"] > 0 or last["q95"] < 0 else "includes zero"
    return (
        f"In {year} the median income gained is {_num(last['q50'])} Yuan per person, 90% interval "
        f"{_interval(last['q05'], last['q95'])}, which {sign}."
    )


def _year_row(gain: pd.DataFrame, seeds: pd.DataFrame | None, i: int) -> list[str]:
    """One year's median gain and 90% interval, with parameter uncertainty and with seeds only."""
    row = gain.iloc[i]
    # Years missing from the seed-only runs come back as NaN, which prints as n/a.
    seed = (seeds.reindex(gain.index) if seeds is not None else gain * math.nan).iloc[i]
    return [
        _e(gain.index[i]),
        _num(row["q50"]),
        _interval(row["q05"], row["q95"]),
        _num(seed["q50"]),
        _interval(seed["q05"], seed["q95"]),
    ]


def years_section(predictive: pd.DataFrame | None, median_runs: pd.DataFrame | None) -> str:
    title = "Years after 2009 with parameter uncertainty carried through"
    gain = bands(predictive, GAIN)
    income = {
        k: b for k, c in (("with", WITH), ("without", WITHOUT)) if (b := bands(predictive, c)) is not None
    }
    if gain is None and not income:
        return _section(title, "years", _p("The record has no predictive runs by year."))
    columns = (("with", WITH), ("without", WITHOUT), ("gain", GAIN))
    seeds = {k: b for k, c in columns if (b := bands(median_runs, c)) is not None}
    seed_gain = seeds.get("gain")
    text = [_gain_text(gain), _width_text(gain, seed_gain)] if gain is not None else []
    rows = [_year_row(gain, seed_gain, i) for i in range(len(gain))] if gain is not None else []
    head = [
        "Year",
        "Median gain",
        "90% interval (parameters and seeds)",
        "Median gain at posterior medians",
        "90% interval (seeds only)",
    ]
    return _section(
        title,
        "years",
        _p(*text),
        _img(figures.fan_figure(income, gain, seeds), "income and income gained by year"),
        _table(head, rows),
    )


def render(record: Entry, record_dir: Path) -> str:
    """The whole page as one HTML document."""
    posterior = _parquet(record_dir, "posterior.parquet")
    params = [parameter(e, posterior) for e in record.get("parameters") or [] if isinstance(e, dict)]
    draws = _parquet(record_dir, "predictive_statistics.parquet")
    name = str(record.get("name") or record_dir.name)
    predictive, median_runs = (
        _parquet(record_dir, "predictive.parquet"),
        _parquet(record_dir, "median_runs.parquet"),
    )
    sections = (
        summary_section(record),
        posterior_section(record, params),
        correlation_section(params),
        targets_section(record, draws),
        years_section(predictive, median_runs),
        checks_section(record, draws),
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Calibration: {_e(name)}'
        f"</title><style>{STYLE}</style></head><body>\n<h1>Calibration: {_e(name)}</h1>"
        f"{_p(str(record.get('description') or ''))}\n{''.join(sections)}</body></html>\n"
    )


def write_report(record_dir: Path) -> Path:
    """Write ``record_dir / "report.html"`` from the record folder and return its path.

    The page is written to a temporary file in the same folder and renamed over the old one
    (``os.replace``), so a reader never sees half a page and rerunning overwrites the report.
    """
    record_dir = Path(record_dir)
    record = json.loads((record_dir / "record.json").read_text(encoding="utf-8"))
    path = record_dir / REPORT
    atomic_write(path, render(record, record_dir))
    return path
