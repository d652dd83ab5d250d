"""``povsim rollout``: which villages get a year's advancement money under different rules.

The scenario is run (its own rollout rule applied) to the January of the year asked for, or of
each funded year; there each rule asked for ranks the villages not yet advanced on the same
state and takes them while the year's budget covers their packages (:mod:`sim.programme.rollout`).
The rules compared are only worked out, not applied: every rule sees the history the scenario's
own rule made. Printed per rule: the villages funded (county, village, households, score,
Yuan), totals by county, and the villages each pair of rules has in common.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from sim.model import PovertyModel
from sim.programme.params import ROLLOUT_RULES
from sim.programme.rollout import SCORE_UNITS, RolloutPlan
from sim.scenario import ScenarioError, apply_overrides, load_scenario
from sim.villages import VillageSpec

RULES = tuple(rule for rule in ROLLOUT_RULES if rule != "all")


def rollout_plans(
    scenario: str | Path,
    *,
    seed: int,
    rules: Sequence[str],
    year: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    villages: tuple[VillageSpec, ...] | None = None,
) -> tuple[PovertyModel, dict[int, dict[str, RolloutPlan]]]:
    """Run ``scenario`` to the January of ``year`` (or of its last funded year) and return the
    model and, by funded year, each rule's choice of villages (``villages``: another village set
    than the scenario's, as ``PovertyModel`` takes it)."""
    loaded = load_scenario(scenario)
    params = apply_overrides(loaded.params, dict(overrides or {}), origin="--set")
    schedule = params.programme.schedule
    start = params.simulation.start_year
    if not rules:
        own = params.programme.rollout.rule
        rules = (own,) if own != "all" else RULES
    for rule in rules:
        if rule not in RULES:
            raise ScenarioError(f"rollout: argument --rule: must be one of {', '.join(RULES)}, got {rule!r}")
    if params.programme.village_advancement.budget_yuan <= 0:
        raise ScenarioError(
            f"rollout: {scenario}: 'programme.village_advancement.budget_yuan' is 0: no money to roll out"
        )
    first = max(schedule.first_year, start)
    if year is not None and not first <= year <= schedule.last_year:
        raise ScenarioError(
            f"rollout: argument --year: must be a funded year of the scenario, {first} to "
            f"{schedule.last_year}, got {year}"
        )
    until = year if year is not None else schedule.last_year
    model = PovertyModel(params, rng=seed, years=until - start + 1, villages=villages)
    programme = model.programme
    assert programme is not None  # the advancement budget is above 0
    programme.also_plan = tuple(rules)
    for _ in range((until - start) * 12 + 1):  # to the January of ``until``, allocation included
        model.step()
    plans = {y: {rule: by_rule[rule] for rule in rules} for y, by_rule in sorted(programme.plans.items())}
    if year is not None:
        plans = {year: plans[year]}
    return model, plans


def describe_plans(
    villages: tuple[VillageSpec, ...], plans: Mapping[int, Mapping[str, RolloutPlan]]
) -> dict[str, Any]:
    """The plans as plain data: per year and rule, the villages funded and totals by county; the
    overlap of each pair of rules."""
    out: dict[str, Any] = {}
    for year, by_rule in plans.items():
        rules: dict[str, Any] = {}
        for rule, plan in by_rule.items():
            chosen = plan.chosen_in_order
            rows = [
                {
                    "rank": rank + 1,
                    "county": villages[v].county,
                    "village": villages[v].name,
                    "households": villages[v].households,
                    "score": float(plan.score[v]),
                    "yuan": float(plan.package[v]),
                }
                for rank, v in enumerate(chosen)
            ]
            counties: dict[str, dict[str, float]] = {}
            for row in rows:
                county = counties.setdefault(row["county"], {"villages": 0, "households": 0, "yuan": 0.0})
                county["villages"] += 1
                county["households"] += row["households"]
                county["yuan"] += row["yuan"]
            rules[rule] = {
                "score": SCORE_UNITS[rule],
                "budget_yuan": plan.budget,
                "spent_yuan": plan.spent,
                "left_yuan": plan.budget - plan.spent,
                "villages_waiting": int(plan.order.size),
                "villages": rows,
                "by_county": counties,
            }
        overlap = {}
        for a, b in combinations(by_rule, 2):
            common = np.flatnonzero(by_rule[a].chosen & by_rule[b].chosen)
            overlap[f"{a} & {b}"] = {
                "villages": int(common.size),
                "names": [villages[v].name for v in common],
            }
        out[str(year)] = {"rules": rules, "overlap": overlap}
    return out


def format_plans(described: Mapping[str, Any]) -> str:
    """The plans as text."""
    lines: list[str] = []
    for year, entry in described.items():
        for rule, r in entry["rules"].items():
            lines.append(
                f"{year}  {rule}: {len(r['villages'])} villages funded of {r['villages_waiting']} waiting; "
                f"{r['spent_yuan']:,.0f} of {r['budget_yuan']:,.0f} Yuan (left unspent {r['left_yuan']:,.0f})"
            )
            lines.append(f"  score: {r['score']}")
            lines.append(
                f"  {'rank':>4}  {'county':<12} {'village':<16} {'households':>10} {'score':>10} {'Yuan':>12}"
            )
            for row in r["villages"]:
                lines.append(
                    f"  {row['rank']:>4}  {row['county']:<12} {row['village']:<16} {row['households']:>10} "
                    f"{row['score']:>10.3f} {row['yuan']:>12,.0f}"
                )
            lines.append("  by county:")
            for county, c in sorted(r["by_county"].items()):
                lines.append(
                    f"    {county or '(none)':<12} {c['villages']:>4} villages "
                    f"{c['households']:>7} households {c['yuan']:>12,.0f} Yuan"
                )
        for pair, o in entry["overlap"].items():
            lines.append(f"{year}  {pair}: {o['villages']} villages in common")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def rollout(
    scenario: Path,
    *,
    seed: int,
    rules: Sequence[str],
    year: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    as_json: bool = False,
    villages: tuple[VillageSpec, ...] | None = None,
) -> int:
    """The command: print the plans; returns the exit status."""
    model, plans = rollout_plans(
        scenario, seed=seed, rules=rules, year=year, overrides=overrides, villages=villages
    )
    described = describe_plans(model.villages, plans)
    if as_json:
        print(json.dumps({"scenario": str(scenario), "seed": seed, "years": described}))
    else:
        print(format_plans(described), end="")
    return 0
