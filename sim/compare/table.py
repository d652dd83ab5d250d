"""The comparison as a table a planner reads in the terminal."""

from __future__ import annotations

from typing import Any


def _cell(entry: dict[str, Any] | None, fmt: str, scale: float = 1.0) -> str:
    """``mean [lo, hi]``, or a dash where there is nothing to show."""
    if not entry or entry.get("mean") is None:
        return "-"
    mean, lo, hi = (entry[k] * scale for k in ("mean", "lo", "hi"))
    return f"{mean:{fmt}} [{lo:{fmt}}, {hi:{fmt}}]"


def format_comparison(comparison: dict[str, Any], meta: dict[str, Any]) -> str:
    """One block per scenario: outcomes in the first programme year and the last year, with
    95% intervals, and the paired difference from the baseline."""
    first_year, last_year = str(meta["start_year"]), str(meta["last_year"])
    early = str(min(int(first_year) + 1, int(last_year)))
    baseline = meta["baseline"]
    lines = [
        f"{len(comparison)} scenarios x {meta['replications']} replications (seeds {meta['seeds'][0]}"
        f"-{meta['seeds'][-1]}), {meta['years']} years from {first_year}; poverty line "
        f"{meta['poverty_line_yuan']:,.0f} Yuan; means with 95% intervals; differences paired on the "
        f"same seeds against {baseline}.",
    ]
    for name, entry in comparison.items():
        diff = entry["difference_from_baseline"]
        lines += [
            "",
            f"{name}: {entry['description']}",
            f"  income per person {early}:   {_cell(entry['per_capita_net_income_yuan'].get(early), ',.0f')}"
            f"    {last_year}: {_cell(entry['per_capita_net_income_yuan'].get(last_year), ',.0f')}",
            f"  growth over {first_year}, {early}: "
            f"{_cell(entry['growth_over_first_year_yuan'].get(early), ',.0f')}"
            f"    poor {early}: {_cell(entry['poverty_headcount_ratio'].get(early), '.1f', 100)} %"
            f"    Gini {early}: {_cell(entry['gini'].get(early), '.3f')}",
        ]
        if name != baseline:
            lines.append(
                f"  vs {baseline}: income {early} "
                f"{_cell(diff['per_capita_net_income_yuan'].get(early), '+,.0f')}"
                f"    {last_year}: {_cell(diff['per_capita_net_income_yuan'].get(last_year), '+,.0f')}"
                f"    poor {early}: {_cell(diff['poverty_headcount_ratio'].get(early), '+.1f', 100)} points"
            )
        if entry["aid_spent_yuan"].get("mean"):
            lines.append(
                f"  aid {_cell(entry['aid_spent_yuan'], ',.0f')} Yuan; households reached "
                f"{_cell(entry['households_reached'], ',.0f')}; aid per Yuan gained "
                f"{_cell(entry['cost_per_yuan_gained'], '.3f')}; per person lifted "
                f"{_cell(entry['cost_per_person_lifted_yuan'], ',.0f')} Yuan; gain 3 years after the "
                f"aid, share of the last funded year's: {_cell(entry['durability_3_years'], '.2f')}"
            )
    return "\n".join(lines)
