"""The Python API for scripts: load a scenario, run it, get a result."""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import weakref
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from sim.alongside import Counterfactual
from sim.model import PovertyModel
from sim.params import Parameters
from sim.programme.params import ProgrammeParams
from sim.programme.programme import is_active
from sim.results import RunResult, outcomes
from sim.scenario import Scenario, apply_overrides, load_scenario, value_of
from sim.villages import VillageSpec

DEFAULT_SEED = 1


def run(
    scenario: Scenario | str | Path | None = None,
    *,
    seed: int = DEFAULT_SEED,
    years: int | None = None,
    poverty_line_yuan: float | None = None,
    households: bool | str | os.PathLike[str] = False,
    overrides: Mapping[str, Any] | None = None,
    villages: tuple[VillageSpec, ...] | None = None,
    workers: int = 1,
) -> RunResult:
    """Run one simulation (of the ten villages, unless the scenario's ``simulation.villages`` or
    ``villages`` says otherwise).

    Args:
        scenario: a loaded scenario, a path to a scenario file, or None for the defaults.
        seed: the seed; the same seed gives the same result, bit for bit.
        years: how many years to simulate (the scenario's, or 10, if None).
        poverty_line_yuan: the poverty line (the scenario's, or 1,196, if None).
        households: also keep every household's yearly record (``result.household_panel``,
            written as ``households.parquet``; columns in :data:`sim.results.PANEL_DESCRIPTION`),
            streamed to a Parquet file year by year as the run goes: to this path if one is
            given, else to a temporary file removed with the result
            (``result.household_panel_file``); ``result.household_panel`` reads it back.
        overrides: parameters by dotted name set on top of the scenario, e.g.
            ``{"labour.migrant_wage_yuan_per_month": 1200}``, checked as a scenario file's are
            (numpy scalars accepted; see :mod:`sim.scenario`); a bad one raises
            :class:`sim.ScenarioError` naming "overrides". They hold for the counterfactual
            too, which is the same parameters with ``programme`` reset to its defaults: one
            outside ``programme`` (a wage, a birth rate) changes both runs, a ``programme.*``
            one only the programme's. The result records them after the scenario's own
            (``result.overrides``).
        villages: the villages themselves, for both runs (by default the village set the
            parameters name, ``simulation.villages``); e.g. the ten replicated, to measure scale.
        workers: with 2 or more, a programme's counterfactual runs in a worker process while
            this one runs the programme (:mod:`sim.alongside`): the same result, bit for bit, in
            about the time of the longer run. Not with explicit ``villages`` (a worker takes
            parameters alone), where it runs in process.
    """
    if scenario is None:
        scenario = Scenario("defaults", "The default parameters", Parameters())
    elif not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    if overrides:
        # Applied here, once, so that the run and its counterfactual start from the same
        # parameters and a bad override fails before anything runs.
        params = apply_overrides(scenario.params, overrides, origin="overrides")
        given = {name: _recorded(params, name) for name in overrides}
        scenario = replace(scenario, params=params, overrides={**scenario.overrides, **given})
    counterfactual: pd.DataFrame | None = None
    alongside: Counterfactual | None = None
    if is_active(scenario.params.programme):
        # The same villages and seed without the programme: every stream it does not draw
        # from is shared, so the difference is the programme's doing. Only its pooled outcomes
        # are wanted: it makes no agents, panel or village tables.
        if workers > 1 and villages is None:
            alongside = Counterfactual(scenario.params, seed, years, poverty_line_yuan)
        else:
            without = replace(scenario.params, programme=ProgrammeParams())
            base = PovertyModel(
                without, rng=seed, years=years, poverty_line_yuan=poverty_line_yuan, villages=villages
            ).run()
            counterfactual = outcomes(base.records, slice(None), base.params.simulation.poverty_line_yuan)
            del base
            gc.collect()  # the model's agents and schedule hold it in cycles: free it now
    temporary = None
    panel: bool | str | os.PathLike[str] = households
    if households is True:
        temporary = Path(tempfile.mkdtemp(prefix="povsim-households-"))
        panel = temporary / "households.parquet"
    try:
        model = PovertyModel(
            scenario.params,
            rng=seed,
            years=years,
            poverty_line_yuan=poverty_line_yuan,
            households=panel,
            villages=villages,
        ).run()
        if alongside is not None:
            counterfactual = alongside.result()
        result = RunResult.of(
            model,
            scenario.name,
            scenario.description,
            scenario.overrides,
            counterfactual,
            households=households is not False,
        )
    except BaseException:
        if alongside is not None:
            alongside.close()
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        raise
    if temporary is not None:
        weakref.finalize(result, shutil.rmtree, temporary, True)
    return result


def _recorded(params: Parameters, name: str) -> Any:
    """An override as the parameters hold it (a plain Python value, a list for a tuple), so the
    result's metadata is JSON and the same whether a sampler gave ``np.int64(3)`` or ``3.0``."""
    value = value_of(params, name)
    return list(value) if isinstance(value, tuple) else value
