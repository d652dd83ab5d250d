"""The result of one run: yearly outcomes pooled and by village, a summary, files on disk.

On disk a result is two Parquet tables (``pooled.parquet``, ``villages.parquet``) and a JSON
metadata file (scenario, seed, every parameter, package versions): no pickles. On request
(``povsim run --households``, ``sim.run(..., households=True)``) also ``households.parquet``,
the household panel: the model streams it to a Parquet file year by year as each closes
(``PovertyModel(households=path)``), the result keeps that file's path
(``RunResult.household_panel_file``) and ``RunResult.household_panel`` reads it back.
"""

from __future__ import annotations

import json
import platform
import shutil
import tempfile
import weakref
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.ledger import CATEGORY_OF, Source
from sim.params import Parameters, flatten
from sim.programme.outcomes import programme_outcomes
from sim.records import YearRecord
from sim.village_stats import (
    CONSUMPTION,
    DEPRECIATION,
    GAP_TERMS,
    HERD_VALUE,
    INVESTMENT,
    N_SUMS,
    NET_INCOME,
    PEOPLE,
    POOR_PEOPLE,
    year_stats,
)
from sim.villages import VillageSpec

CATEGORIES = ("wages", "household_operations", "property", "transfers")


def outcomes(records: list[YearRecord], rows: np.ndarray | slice, line: float) -> pd.DataFrame:
    """Yearly outcomes of a group of households (``rows`` of the household table)."""
    if not records:
        raise ValueError("no closed year to report")
    indices = np.arange(records[0].people.size)[rows]  # a boolean mask, a slice: its rows
    bounds = np.array([0, indices.size])
    # The whole table (``slice(None)``) numpy sums as it lies; any other group it sums as a
    # block taken by indices, in another order (sim.village_stats).
    whole = isinstance(rows, slice) and rows == slice(None)
    columns = _group_columns(records, indices, bounds, line, whole)
    return _with_growth(pd.DataFrame(columns).set_index("year"))


def village_outcomes(
    records: list[YearRecord], villages: tuple[VillageSpec, ...], line: float
) -> pd.DataFrame:
    """Yearly outcomes of every village, by (village, year): :func:`outcomes` of each village's
    households, with its name and industry, computed in one pass over the years (each year's
    figures of all villages in one compiled pass, sim.village_stats, over the household table
    stably sorted by village)."""
    if not records:
        raise ValueError("no closed year to report")
    village_of = records[0].village
    order = np.argsort(village_of, kind="stable")
    bounds = np.searchsorted(village_of[order], np.arange(len(villages) + 1))
    columns = _group_columns(records, order, bounds, line, whole=False)
    years = len(records)
    names = {
        "village": [spec.name for spec in villages for _ in range(years)],
        "industry": [spec.industry.value for spec in villages for _ in range(years)],
    }
    frame = pd.DataFrame({"year": columns.pop("year"), **names, **columns})
    first = np.zeros(len(frame), dtype=bool)
    first[::years] = True  # each village's first year: no growth
    frame.insert(6, "growth_yuan", _diff(frame["per_capita_net_income_yuan"], first))
    frame.insert(8, "real_growth_yuan", _diff(frame["per_capita_net_income_real_yuan"], first))
    return frame.set_index(["village", "year"])


def _diff(column: pd.Series, first: np.ndarray) -> np.ndarray:
    """Each value less the one before (as ``Series.diff``), NaN where ``first``."""
    values = column.to_numpy(dtype=np.float64)
    out = np.empty_like(values)
    out[1:] = values[1:] - values[:-1]
    out[first] = np.nan
    return out


def _with_growth(frame: pd.DataFrame) -> pd.DataFrame:
    frame.insert(3, "growth_yuan", frame["per_capita_net_income_yuan"].diff())
    frame.insert(5, "real_growth_yuan", frame["per_capita_net_income_real_yuan"].diff())
    return frame


def _group_columns(
    records: list[YearRecord], rows: np.ndarray, bounds: np.ndarray, line: float, whole: bool
) -> dict[str, np.ndarray]:
    """The outcome columns of each group ``rows[bounds[g]:bounds[g + 1]]``, one row per group
    and year, group by group (each group's years in turn).

    Each year's sums and Gini of all groups come from one compiled pass
    (:func:`sim.village_stats.year_stats`) that adds in numpy's order, so every figure has the
    same bits as :mod:`sim.accounting`'s arithmetic on the group alone; the divisions below are
    the same elementwise divisions, column by column. ``whole``: the group is the whole table
    in its own order (see :func:`sim.village_stats.year_stats`)."""
    stats = [year_stats(record, rows, bounds, line, whole) for record in records]
    # (year, group, ...) to one row per (group, year), group by group.
    sums = np.stack([s.sums for s in stats], axis=1).reshape(-1, N_SUMS)
    by_source = np.stack([s.by_source for s in stats], axis=1).reshape(-1, len(Source))
    ginis = np.stack([s.gini for s in stats], axis=1).reshape(-1)
    groups = bounds.size - 1
    cpi = np.tile(np.array([record.cpi for record in records], dtype=np.float64), groups)
    people = sums[:, PEOPLE]
    if np.any(people <= 0):
        raise ValueError("a group with no people has no per-capita income")
    pooled = sums[:, NET_INCOME] / people
    columns: dict[str, np.ndarray] = {
        "year": np.tile(np.array([record.year for record in records], dtype=np.int64), groups),
        "households": np.repeat(np.diff(bounds).astype(np.int64), len(records)),
        "people": people.astype(np.int64),
        "per_capita_net_income_yuan": pooled,
        "per_capita_net_income_real_yuan": pooled / cpi,
        "poverty_headcount_ratio": sums[:, POOR_PEOPLE] / people,
        "poverty_gap_index": sums[:, GAP_TERMS] / people,
        "gini": ginis,
        "per_capita_consumption_yuan": sums[:, CONSUMPTION] / people,
        "per_capita_depreciation_yuan": sums[:, DEPRECIATION] / people,
        "per_capita_investment_yuan": sums[:, INVESTMENT] / people,
        "per_capita_herd_value_yuan": sums[:, HERD_VALUE] / people,
        "consumer_price_index": cpi,
    }
    per_source = by_source / people[:, None]
    for source in Source:
        columns[f"{source.name.lower()}_yuan_per_capita"] = per_source[:, source]
    for category in CATEGORIES:
        # As Python's sum: from 0, the category's sources added in their order.
        total = np.zeros(len(people))
        for source in Source:
            if CATEGORY_OF[source] == category:
                total = total + per_source[:, source]
        columns[f"{category}_yuan_per_capita"] = total
    return columns


# The household panel's columns after ``year``: the DataCollector's household reporters
# (sim.agents.household.HOUSEHOLD_REPORTERS) but the agent type.
PANEL_DESCRIPTION = (
    "year; household (its row, 0-2019); village; members; working_away (migrants); "
    "net_income_yuan and per_capita_net_income of the year; its net income by source "
    "(crops_yuan, livestock_yuan, greenhouse_yuan, business_yuan, wages_yuan, property_yuan, "
    "transfers_yuan: gross less costs and depreciation); savings_yuan (negative: debt) and, in "
    "head, cattle, sheep, pigs, poultry, breeding_females at the year's end; projects_received, "
    "pool_loan_open, pool_loans_taken, trainee (has sent one to the training school), "
    "in_placed_job (members in a placed job), cooperative_member, association (name or empty)"
)


def household_panel(model: Any) -> pd.DataFrame:
    """Every household's yearly record: one row per household and closed year; the file the
    model streamed it to read back (``PovertyModel(households=path)``), or from the household
    rows its DataCollector recorded each December (``PovertyModel(households=True)``)."""
    from sim.agents import Household

    if model.household_panel is not None:
        return model.household_panel.read()
    if Household not in model.datacollector.agenttype_reporters:
        raise ValueError(
            "the model kept no household rows: build it with PovertyModel(households=True) or households=PATH"
        )
    frame = model.datacollector.get_agenttype_vars_dataframe(Household).reset_index()
    start = model.params.simulation.start_year
    frame.insert(0, "year", (start + frame["Step"] // 12 - 1).astype(int))
    frame = frame.drop(columns=["Step", "AgentID", "agent_type"])
    return frame.sort_values(["year", "household"], kind="stable").reset_index(drop=True)


def _by_year(series: pd.Series, digits: int) -> dict[str, float | None]:
    return {str(year): (None if pd.isna(v) else round(float(v), digits)) for year, v in series.items()}


@dataclass(frozen=True)
class RunResult:
    """One simulation: its inputs and its yearly outcomes."""

    scenario: str
    description: str
    seed: int
    params: Parameters
    villages: tuple[VillageSpec, ...]
    overrides: dict[str, Any]
    pooled: pd.DataFrame  # by year
    by_village: pd.DataFrame  # by (village, year)
    households: int
    people: int
    counterfactual: pd.DataFrame | None = None  # the same run without the programme, by year
    programme: dict[str, Any] | None = None  # what the programme did (sim.programme.outcomes)
    aid: pd.DataFrame | None = None  # every payment: year, month, village, component, Yuan
    household_panel_file: Path | None = None  # one row per household and year, on request

    @property
    def household_panel(self) -> pd.DataFrame | None:
        """The household panel (:data:`PANEL_DESCRIPTION`), read from ``household_panel_file``
        each time it is asked for; None if the run kept none."""
        return None if self.household_panel_file is None else pd.read_parquet(self.household_panel_file)

    @classmethod
    def of(
        cls,
        model: Any,
        scenario: str,
        description: str = "",
        overrides: dict[str, Any] | None = None,
        counterfactual: Any = None,
        households: bool = False,
    ) -> RunResult:
        """Collect the result of a finished :class:`sim.model.PovertyModel` (and of its
        counterfactual without the programme, if it has one: the finished model, or its pooled
        outcomes as :func:`outcomes` gives them, so one counterfactual can serve many runs);
        with ``households``, also the household panel: the file the model streamed it to
        (``PovertyModel(households=path)``), or, from a model that kept it in its DataCollector
        (``households=True``), a temporary file removed with the result."""
        line = model.params.simulation.poverty_line_yuan
        by_village = village_outcomes(model.records, model.villages, line)
        pooled = outcomes(model.records, slice(None), line)
        baseline = programme = aid = None
        if counterfactual is not None and model.programme is not None:
            baseline = (
                counterfactual
                if isinstance(counterfactual, pd.DataFrame)
                else outcomes(counterfactual.records, slice(None), line)
            )
            programme = programme_outcomes(model.programme, pooled, baseline)
            aid = model.programme.budget.records()
            aid["village"] = [model.villages[v].name for v in aid["village"]]
        panel_file = temporary = None
        if households and model.household_panel is not None:
            model.household_panel.close()
            panel_file = model.household_panel.path
        elif households:
            temporary = Path(tempfile.mkdtemp(prefix="povsim-households-"))
            panel_file = temporary / "households.parquet"
            household_panel(model).to_parquet(panel_file, index=False)
        result = cls(
            scenario=scenario,
            description=description,
            seed=model.seed,
            params=model.params,
            villages=model.villages,
            overrides=dict(overrides or {}),
            pooled=pooled,
            by_village=by_village,
            households=sum(v.households for v in model.villages),
            people=sum(v.people for v in model.villages),
            counterfactual=baseline,
            programme=programme,
            aid=aid,
            household_panel_file=panel_file,
        )
        if temporary is not None:
            weakref.finalize(result, shutil.rmtree, temporary, True)
        return result

    def summary(self) -> dict[str, Any]:
        """The run in one JSON-ready object; years are string keys."""
        pooled = self.pooled
        # Each village's years, read from the columns once (not a .loc lookup per village:
        # 1,622 of them in the province).
        names = self.by_village.index.get_level_values("village")
        years = [str(year) for year in self.by_village.index.get_level_values("year")]
        columns = {
            key: [None if np.isnan(v) else round(float(v), digits) for v in self.by_village[key].to_numpy()]
            for key, digits in (
                ("per_capita_net_income_yuan", 2),
                ("poverty_headcount_ratio", 4),
                ("gini", 4),
            )
        }
        by_name: dict[str, dict[str, dict[str, float | None]]] = {}
        for i, name in enumerate(names):
            entry = by_name.setdefault(name, {key: {} for key in columns})
            for key, values in columns.items():
                entry[key][years[i]] = values[i]
        villages = {
            spec.name: {
                "industry": spec.industry.value,
                "households": spec.households,
                "people": spec.people,
                **by_name[spec.name],
            }
            for spec in self.villages
        }
        sources = [f"{s.name.lower()}_yuan_per_capita" for s in Source]
        return {
            "scenario": self.scenario,
            "seed": self.seed,
            "start_year": int(pooled.index[0]),
            "years": len(pooled),
            "poverty_line_yuan": self.params.simulation.poverty_line_yuan,
            "households": self.households,
            "people": self.people,
            "per_capita_net_income_yuan": _by_year(pooled["per_capita_net_income_yuan"], 2),
            "per_capita_net_income_real_yuan": _by_year(pooled["per_capita_net_income_real_yuan"], 2),
            "growth_yuan": _by_year(pooled["growth_yuan"], 2),
            "poverty_headcount_ratio": _by_year(pooled["poverty_headcount_ratio"], 4),
            "poverty_gap_index": _by_year(pooled["poverty_gap_index"], 4),
            "gini": _by_year(pooled["gini"], 4),
            "income_by_source_yuan_per_capita": {
                str(year): {s.removesuffix("_yuan_per_capita"): round(float(row[s]), 2) for s in sources}
                for year, row in pooled.iterrows()
            },
            "income_shares": {
                str(year): {
                    c: round(float(row[f"{c}_yuan_per_capita"] / row["per_capita_net_income_yuan"]), 4)
                    for c in CATEGORIES
                }
                for year, row in pooled.iterrows()
            },
            "villages": villages,
            **({"programme": self.programme} if self.programme is not None else {}),
        }

    def metadata(self) -> dict[str, Any]:
        """What produced this result: enough to run it again."""
        return {
            "scenario": self.scenario,
            "description": self.description,
            "seed": self.seed,
            "overrides": self.overrides,
            "parameters": {
                k: list(v) if isinstance(v, tuple) else v for k, v in flatten(self.params).items()
            },
            "versions": versions(),
        }

    def write(self, directory: str | Path) -> list[Path]:
        """Write the yearly tables (Parquet) and the metadata (JSON), and the household panel if
        there is one; returns the paths."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        paths = [directory / "pooled.parquet", directory / "villages.parquet", directory / "metadata.json"]
        self.pooled.to_parquet(paths[0])
        self.by_village.to_parquet(paths[1])
        paths[2].write_text(json.dumps(self.metadata(), indent=2, sort_keys=True) + "\n")
        if self.counterfactual is not None and self.aid is not None:
            paths.append(directory / "counterfactual.parquet")
            self.counterfactual.to_parquet(paths[-1])
            paths.append(directory / "aid.parquet")
            self.aid.to_parquet(paths[-1])
        if self.household_panel_file is not None:
            paths.append(directory / "households.parquet")
            if not (paths[-1].exists() and paths[-1].samefile(self.household_panel_file)):
                shutil.copyfile(self.household_panel_file, paths[-1])
        return paths


def versions() -> dict[str, str]:
    """Versions of Python and of the packages a result depends on."""
    out = {"python": platform.python_version()}
    for package in ("povsim", "mesa", "numpy", "numba", "pandas", "pyarrow"):
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "not installed"
    return out
