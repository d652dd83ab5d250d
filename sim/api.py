"""The Python API for scripts: load a scenario, run it, get a result."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sim.model import PovertyModel
from sim.params import Parameters
from sim.programme.params import ProgrammeParams
from sim.results import RunResult
from sim.scenario import Scenario, load_scenario

DEFAULT_SEED = 1


def run(
    scenario: Scenario | str | Path | None = None,
    *,
    seed: int = DEFAULT_SEED,
    years: int | None = None,
    poverty_line_yuan: float | None = None,
    households: bool = False,
) -> RunResult:
    """Run one simulation of the ten villages.

    Args:
        scenario: a loaded scenario, a path to a scenario file, or None for the defaults.
        seed: the seed; the same seed gives the same result, bit for bit.
        years: how many years to simulate (the scenario's, or 10, if None).
        poverty_line_yuan: the poverty line (the scenario's, or 1,196, if None).
        households: also keep every household's yearly record (``result.household_panel``,
            written as ``households.parquet``; columns in :data:`sim.results.PANEL_DESCRIPTION`).
    """
    if scenario is None:
        scenario = Scenario("defaults", "The default parameters", Parameters())
    elif not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    model = PovertyModel(scenario.params, rng=seed, years=years, poverty_line_yuan=poverty_line_yuan).run()
    counterfactual = None
    if model.programme is not None:
        # The same villages and seed without the programme: every stream it does not draw
        # from is shared, so the difference is the programme's doing.
        without = replace(scenario.params, programme=ProgrammeParams())
        counterfactual = PovertyModel(
            without, rng=seed, years=years, poverty_line_yuan=poverty_line_yuan
        ).run()
    return RunResult.of(
        model, scenario.name, scenario.description, scenario.overrides, counterfactual, households=households
    )
