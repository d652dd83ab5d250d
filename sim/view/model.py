"""The model the browser view steps: a scenario's :class:`~sim.model.PovertyModel` with the
page's levers applied, and the same villages and seed without the programme stepped in
lockstep (the counterfactual). Everything the page shows is read from these two models when it
is drawn; nothing is copied.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.model import PovertyModel
from sim.params import Parameters
from sim.programme.budget import COMPONENTS
from sim.programme.infrastructure import NOT_BUILT, WORKS
from sim.programme.params import ProgrammeParams
from sim.results import outcomes
from sim.scenario import Scenario, load_scenario


@dataclass(frozen=True)
class Lever:
    """One of the page's sliders: a parameter by its dotted name, shown in ``scale`` units."""

    name: str  # dotted parameter name, as in a scenario file
    label: str
    low: float
    high: float
    step: float
    scale: float = 1.0  # parameter value = slider value * scale
    integer: bool = False


LEVERS: tuple[Lever, ...] = (
    Lever("programme.village_advancement.budget_yuan", "Village advancement, M Yuan/year", 0, 30, 0.5, 1e6),
    Lever("programme.village_advancement.household_project_share", "  share: household projects", 0, 1, 0.01),
    Lever("programme.village_advancement.infrastructure_share", "  share: village works", 0, 1, 0.01),
    Lever("programme.village_advancement.leader_training_share", "  share: leader training", 0, 1, 0.01),
    Lever("programme.village_advancement.organising_share", "  share: organising", 0, 1, 0.01),
    Lever("programme.rolling.budget_yuan", "Livestock pools, M Yuan/year", 0, 5, 0.05, 1e6),
    Lever("programme.rolling.cattle_females_per_loan", "Pool: cows per loan", 1, 8, 1, integer=True),
    Lever("programme.rolling.pigs_females_per_loan", "Pool: sows per loan", 1, 4, 1, integer=True),
    Lever(
        "programme.rolling.cattle_return_offspring", "Pool: calves returned per cow", 1, 3, 1, integer=True
    ),
    Lever("programme.rolling.pigs_return_offspring", "Pool: piglets returned per sow", 1, 4, 1, integer=True),
    Lever("programme.training.trainees_per_year", "Trainees per year", 0, 300, 1, integer=True),
    Lever("programme.schedule.delivery_month", "Delivery month", 1, 12, 1, integer=True),
    Lever("simulation.poverty_line_yuan", "Poverty line, Yuan/person", 500, 3000, 1),
)
LEVER_BY_NAME = {lever.name: lever for lever in LEVERS}


def parameter(params: Any, name: str) -> Any:
    """A parameter by its dotted name."""
    value = params
    for part in name.split("."):
        value = getattr(value, part)
    return value


def lever_values(scenario: Scenario) -> dict[str, float]:
    """The scenario's value of every lever."""
    return {lever.name: parameter(scenario.params, lever.name) for lever in LEVERS}


def find_scenarios(paths: list[Path]) -> dict[str, Scenario]:
    """The scenarios the page offers, by name (files that do not load are left out)."""
    out = {}
    for path in paths:
        scenario = load_scenario(path)
        out[scenario.name] = scenario
    return out


class ViewModel(PovertyModel):
    """A scenario with the page's levers, and its counterfactual stepped alongside.

    ``lock`` is held while a month is simulated; the page holds it while it reads the models,
    so it never draws a month half done.
    """

    def __init__(
        self,
        chosen: Scenario | None = None,
        levers: dict[str, Any] | None = None,
        seed: int = 1,
    ) -> None:
        """Build both models at January of the first year.

        Args:
            chosen: the scenario (the defaults if None); not called ``scenario``, which is
                Mesa's own attribute.
            levers: parameter values by dotted name, applied over the scenario's with the
                scenario override machinery (so they are checked as a scenario file's are).
            seed: the seed both models share.
        """
        self.chosen = chosen or Scenario("defaults", "The default parameters", Parameters())
        self.levers = dict(levers or {})
        self.lock = threading.RLock()
        super().__init__(self.chosen.params, rng=seed, overrides=self.levers)
        self.counterfactual: PovertyModel | None = None
        if self.programme is not None:
            without = replace(self.params, programme=ProgrammeParams())
            self.counterfactual = PovertyModel(without, rng=seed)

    def step(self) -> None:
        """One month of both models; nothing once the last year is closed."""
        if not self.running:
            return
        with self.lock:
            super().step()
            if self.counterfactual is not None and self.counterfactual.running:
                self.counterfactual.step()

    # Read-only views of the model for the page.

    @property
    def line(self) -> float:
        """The poverty line."""
        return float(self.params.simulation.poverty_line_yuan)

    def moment(self) -> str:
        """Where the run stands, in words."""
        start = self.params.simulation.start_year
        months = min(self.steps, 12 * self.params.simulation.years)  # Mesa counts steps past the end
        if months == 0:
            return f"January {start}, nothing simulated yet"
        year, month = divmod(months - 1, 12)
        name = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[month]
        return f"{name} {start + year} simulated" + (
            "" if self.running else " (the last month: the run is over)"
        )

    def current_year(self) -> int:
        """The year of the last month simulated (the first year before any)."""
        months = min(self.steps, 12 * self.params.simulation.years)
        return int(self.params.simulation.start_year + max(months - 1, 0) // 12)

    def pooled(self) -> pd.DataFrame | None:
        """Pooled yearly outcomes of the closed years (None before the first December)."""
        return outcomes(self.records, slice(None), self.line) if self.records else None

    def pooled_without(self) -> pd.DataFrame | None:
        """The counterfactual's pooled yearly outcomes, as far as it has closed years."""
        model = self.counterfactual
        if model is None or not model.records:
            return None
        return outcomes(model.records, slice(None), self.line)

    def village_latest(self) -> list[dict[str, Any]]:
        """Each village's name, industry and the last closed year's income and poverty."""
        rows = []
        record = self.records[-1] if self.records else None
        for index, spec in enumerate(self.villages):
            row: dict[str, Any] = {"name": spec.name, "industry": spec.industry.value, "year": None}
            if record is not None:
                frame = outcomes([record], np.flatnonzero(record.village == index), self.line)
                row["year"] = record.year
                row["income"] = float(frame["per_capita_net_income_yuan"].iloc[0])
                row["poverty"] = float(frame["poverty_headcount_ratio"].iloc[0])
            rows.append(row)
        return rows

    def household_incomes(self, village: int) -> np.ndarray | None:
        """Per-capita net income of each household of a village in the last closed year."""
        if not self.records:
            return None
        record = self.records[-1]
        rows = record.village == village
        return record.net_income[rows] / np.maximum(record.people[rows], 1)

    def works_of(self, village: int) -> dict[str, str]:
        """The village's works: the month each was finished, or not built."""
        if self.programme is None:
            return {}
        start = self.params.simulation.start_year
        out = {}
        for index, work in enumerate(WORKS):
            month = int(self.programme.works.finished[index, village])
            if month == NOT_BUILT:
                out[work.value] = "not built"
            else:
                state = "finished" if month <= max(self.steps - 1, 0) else "being built, due"
                out[work.value] = f"{state} {start + month // 12}-{month % 12 + 1:02d}"
        return out

    def aid_by_year(self) -> pd.DataFrame | None:
        """Aid spent so far, Yuan, by year (rows) and component (columns)."""
        if self.programme is None:
            return None
        budget = self.programme.budget
        totals = budget.spent.sum(axis=1)  # (component, year)
        years = [budget.start_year + y for y in range(budget.years)]
        return pd.DataFrame(totals.T, index=years, columns=[c.value for c in COMPONENTS])
