"""The comparison as a table a planner reads in the terminal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sim.compare.numbers import coverage, formatted, millions

Text = Callable[[float], str]


def _cell(
    entry: dict[str, Any] | None,
    fmt: str | Text,
    scale: float = 1.0,
    replications: Any = None,
    unit: str = "",
) -> str:
    """``mean [lo, hi] unit``, with ``(n=9 of 20)`` where fewer runs had a value; why not, where
    a ratio is not defined; a dash where there is nothing to show."""
    if entry and entry.get("note"):
        return f"not given ({entry['note']})"
    if not entry or entry.get("mean") is None:
        return "-"
    show: Text = fmt if callable(fmt) else (lambda v: formatted(v, fmt, scale))
    n = coverage(entry, replications)
    unit = f" {unit}" if unit else ""
    if entry.get("lo") is None or entry.get("hi") is None:
        return f"{show(entry['mean'])}{unit} (no interval{': ' + n if n else ''})"
    text = f"{show(entry['mean'])} [{show(entry['lo'])}, {show(entry['hi'])}]{unit}"
    return f"{text} ({n})" if n else text


def horizon_text(entry: dict[str, Any], meta: dict[str, Any]) -> str:
    """``over 2009-2013, in 2009 Yuan discounted at 5% a year``."""
    horizon = entry.get("horizon") or {}
    rate = meta.get("discount_rate")
    first, last = horizon.get("first_year"), horizon.get("last_year")
    years = f"over {first}-{last}" if first is not None else f"over {meta.get('horizon_years')} years"
    prices = f"in {first} Yuan" if first is not None else "in first-programme-year Yuan"
    discount = f", discounted at {formatted(rate, '.0%') if rate is not None else '?'} a year"
    return f"{years}, {prices}{discount}"


def budget_text(check: dict[str, Any] | None) -> str | None:
    """A warning where a scenario does not spend within 5% of the whole programme's money."""
    if not check or check["within_5_percent"]:
        return None
    return (
        f"spends {millions(check['aid_spent_yuan'])} of {millions(check['whole_programme_aid_spent_yuan'])} "
        f"({check['whole_programme']}): compare per million Yuan"
    )


def programme_lines(entry: dict[str, Any], meta: dict[str, Any]) -> list[str]:
    """What a programme scenario spent, what it bought over the horizon, per million Yuan."""
    reps = entry.get("replications")

    def cell(key: str, fmt: str | Text, unit: str = "") -> str:
        return _cell(entry.get(key), fmt, 1.0, reps, unit)

    lines = [
        f"  aid spent {cell('aid_spent_yuan', millions, 'Yuan')}; households reached "
        f"{cell('households_reached', ',.0f')}; trainees placed {cell('trainees_placed', ',.0f')}",
        f"  {horizon_text(entry, meta)}: income gained {cell('income_gained_yuan', millions, 'Yuan')}, "
        f"{cell('benefit_per_yuan', '.3f')} per Yuan of aid (nominal: "
        f"{cell('benefit_per_yuan_nominal', '.3f')})",
        "  per million Yuan of aid: income gained "
        f"{cell('income_gained_per_million_yuan', millions, 'Yuan')}; "
        f"people lifted {cell('people_lifted_per_million_yuan', ',.1f')}",
        f"  people lifted over the line in the last funded year {cell('people_lifted', ',.0f')}; aid per "
        f"person lifted {cell('cost_per_person_lifted_yuan', ',.0f', 'Yuan')}; gain 3 years after the aid, "
        f"share of the last funded year's: {cell('durability_3_years', '.2f')}",
    ]
    warning = budget_text(entry.get("budget_check"))
    return [*lines, f"  budget: {warning}"] if warning else lines


def header(comparison: dict[str, Any], meta: dict[str, Any]) -> str:
    first_year, baseline = meta["start_year"], meta["baseline"]
    return (
        f"{len(comparison)} scenarios x {meta['replications']} replications (seeds {meta['seeds'][0]}"
        f"-{meta['seeds'][-1]}), {meta['years']} years from {first_year}; poverty line "
        f"{meta['poverty_line_yuan']:,.0f} Yuan; means with 95% intervals (t for incomes and differences, "
        f"bootstrap for shares, amounts and ratios); differences paired on the same seeds against "
        f"{baseline}; gains and aid over {meta.get('horizon_years')} years from the first programme year, "
        f"discounted at {formatted(meta.get('discount_rate', 0.0), '.0%')} a year."
    )


def scenario_lines(name: str, entry: dict[str, Any], meta: dict[str, Any]) -> list[str]:
    """One scenario's block: outcomes in the first programme year and the last year, the paired
    difference from the baseline, and what a programme bought."""
    first_year, last_year = str(meta["start_year"]), str(meta["last_year"])
    early = str(min(int(first_year) + 1, int(last_year)))
    baseline, diff, reps = meta["baseline"], entry["difference_from_baseline"], entry.get("replications")

    def at(key: str, year: str, fmt: str, scale: float = 1.0, of: dict[str, Any] = entry) -> str:
        return _cell(of[key].get(year), fmt, scale, reps)

    income = "per_capita_net_income_yuan"
    lines = [
        "",
        f"{name}: {entry['description']}",
        f"  income per person {early}:   {at(income, early, ',.0f')}"
        f"    {last_year}: {at(income, last_year, ',.0f')}",
        f"  growth over {first_year}, {early}: {at('growth_over_first_year_yuan', early, ',.0f')}"
        f"    poor {early}: {at('poverty_headcount_ratio', early, '.1f', 100)} %"
        f"    Gini {early}: {at('gini', early, '.3f')}",
    ]
    if name != baseline:
        lines.append(
            f"  vs {baseline}: income {early} {at(income, early, '+,.0f', of=diff)}"
            f"    {last_year}: {at(income, last_year, '+,.0f', of=diff)}"
            f"    poor {early}: {at('poverty_headcount_ratio', early, '+.1f', 100, of=diff)} points"
        )
    if entry["aid_spent_yuan"].get("mean"):
        lines += programme_lines(entry, meta)
    return lines


def format_comparison(comparison: dict[str, Any], meta: dict[str, Any]) -> str:
    """The header, then one block per scenario (:func:`scenario_lines`)."""
    lines = [header(comparison, meta)]
    for name, entry in comparison.items():
        lines += scenario_lines(name, entry, meta)
    return "\n".join(lines)
