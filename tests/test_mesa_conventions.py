"""PovertyModel as a Mesa user meets it (issue 12): stepping past the end, seeds, Mesa's
Scenario, agent-level data through Mesa's own DataCollector, AgentSet and batch_run, reporters
between Decembers, and agents that are read-only views of the household table."""

from __future__ import annotations

import math

import mesa
import numpy as np
import pandas as pd
import pytest
from mesa.experimental.scenarios import Scenario as MesaScenario

import sim
from sim import PovertyModel
from sim.agents import Association, Cooperative, Household
from sim.agents.household import HOUSEHOLD_REPORTERS
from sim.agents.view import ReadOnlyAttributeError, RemovalError
from sim.model import REPORTED, seed_from
from tests.conftest import HOUSEHOLDS, NO_PROGRAMME, SCENARIOS


def same_run(a: PovertyModel, b: PovertyModel) -> bool:
    return all(
        np.array_equal(x.gross, y.gross) and np.array_equal(x.costs, y.costs)
        for x, y in zip(a.records, b.records, strict=True)
    ) and np.array_equal(a.state.savings, b.state.savings)


# ---------------------------------------------------------------------------- the end


def test_steps_after_the_end_do_nothing() -> None:
    model = PovertyModel(rng=2, years=1).run()
    savings = model.state.savings.copy()
    rows = len(model.datacollector.get_model_vars_dataframe())
    for _ in range(5):
        model.step()
    assert not model.running
    assert np.array_equal(model.state.savings, savings)
    assert len(model.records) == 1
    assert len(model.datacollector.get_model_vars_dataframe()) == rows
    assert model.when.year_index == 0 and model.when.month == 12


def test_run_for_past_the_end_and_a_render_interval_of_seven() -> None:
    model = PovertyModel(rng=2, years=1)
    model.run_for(30)  # Mesa's own; 12 months happen, the rest do nothing
    assert not model.running
    assert len(model.records) == 1
    again = PovertyModel(rng=2, years=1)
    while again.running:  # a SolaraViz page with render_interval=7 steps 7 at a time
        for _ in range(7):
            again.step()
    assert same_run(model, again)


# ---------------------------------------------------------------------------- seeds


@pytest.mark.parametrize(
    "rng",
    [12345, np.random.SeedSequence(2024), np.random.default_rng(7)],
    ids=["int", "SeedSequence", "Generator"],
)
def test_the_recorded_seed_redoes_the_run(rng: object) -> None:
    model = PovertyModel(rng=rng, years=1)  # type: ignore[arg-type]
    assert isinstance(model.seed, int)
    assert model._seed == model.seed
    assert model.scenario.rng == model.seed
    model.run()
    for recorded in (model.seed, model._seed, model.scenario.rng):
        assert same_run(model, PovertyModel(rng=recorded, years=1).run())


def test_seeds_are_derived_deterministically() -> None:
    assert seed_from(5) == 5
    assert seed_from(np.random.SeedSequence(99)) == seed_from(np.random.SeedSequence(99))
    assert (
        seed_from(np.random.SeedSequence(99))
        == int(np.random.SeedSequence(99).generate_state(1, np.uint64)[0]) >> 1
    )
    assert seed_from(np.random.default_rng(3)) == int(np.random.default_rng(3).integers(2**63))
    assert seed_from([1, 2]) == seed_from(np.random.SeedSequence([1, 2]))
    assert seed_from(np.random.SeedSequence(1)) != seed_from(np.random.SeedSequence(2))
    with pytest.raises(ValueError, match="non-negative integer"):
        seed_from(-3)


# ---------------------------------------------------------------------------- Mesa's Scenario


def test_mesa_scenario_gives_the_seed_and_parameters() -> None:
    scenario = MesaScenario(rng=4, years=1, poverty_line_yuan=900.0)
    model = PovertyModel(scenario=scenario)
    assert model.seed == 4
    assert model.params.simulation.years == 1
    assert model.params.simulation.poverty_line_yuan == 900.0
    assert isinstance(model.scenario, MesaScenario)
    assert model.scenario.rng == 4
    model.run()
    assert same_run(model, PovertyModel(rng=4, years=1, poverty_line_yuan=900.0).run())


def test_mesa_scenario_with_rng_keyword_as_solaraviz_builds_it() -> None:
    model = PovertyModel(rng=3, years=1, scenario=MesaScenario())
    assert model.seed == 3 and model.scenario.rng == 3
    with pytest.raises(ValueError, match="must be the same"):
        PovertyModel(rng=3, scenario=MesaScenario(rng=4))


def test_povsim_scenario_goes_in_params() -> None:
    project = sim.load_scenario(NO_PROGRAMME)
    by_object = PovertyModel(project, rng=1)
    by_path = PovertyModel(str(NO_PROGRAMME), rng=1)
    assert by_object.params == by_path.params == project.params
    with pytest.warns(FutureWarning, match="params="):
        moved = PovertyModel(rng=1, scenario=project)  # type: ignore[arg-type]
    assert moved.params == project.params
    assert isinstance(moved.scenario, MesaScenario)
    programme = PovertyModel(SCENARIOS / "liaoning-2009.toml", rng=1, years=1)
    assert programme.programme is not None


# ---------------------------------------------------------------------------- data


def test_reporters_are_safe_in_any_month() -> None:
    model = PovertyModel(rng=1, years=2)
    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == 1 and frame.isna().all(axis=None)  # NaN before the first December
    for _ in range(5):
        model.step()
        model.datacollector.collect(model)  # a user's extra collection mid-year
    model.run()
    frame = model.datacollector.get_model_vars_dataframe()
    assert frame["year"].dropna().unique().tolist() == [2008, 2009]
    yearly = model.yearly()
    assert yearly.index.tolist() == [2008, 2009]
    assert set(REPORTED) - {"year"} <= set(yearly.columns)
    assert yearly.loc[2009, "gini"] == model.outcomes["gini"]


def test_users_datacollector_with_agenttype_reporters_in_any_month() -> None:
    model = PovertyModel(rng=1, years=1)
    collector = mesa.DataCollector(
        model_reporters={"income": lambda m: m.outcomes.get("per_capita_net_income_yuan", math.nan)},
        agenttype_reporters={
            Household: {"net_income": "net_income", "cattle": "cattle", "association": "association"},
            Cooperative: {"members": "member_count", "village": "village_name"},
            Association: {"members": "member_count", "bases": "base_count"},
        },
    )
    collector.collect(model)  # before the first December
    model.step()
    collector.collect(model)
    households = collector.get_agenttype_vars_dataframe(Household)
    assert len(households) == 2 * HOUSEHOLDS
    assert (households["net_income"] == 0.0).all()  # incomes are 0 before the first December
    assert len(collector.get_agenttype_vars_dataframe(Cooperative)) == 2 * len(model.villages)


def test_model_datacollector_household_rows_equal_the_properties() -> None:
    # Household rows are recorded on request (issue 11): PovertyModel(households=True).
    model = PovertyModel(SCENARIOS / "liaoning-2009.toml", rng=1, years=2, households=True).run()
    frame = model.datacollector.get_agenttype_vars_dataframe(Household)
    assert len(frame) == 2 * HOUSEHOLDS
    last = frame.xs(24.0, level="Step")
    households = model.agents_by_type[Household]
    for name, attribute in HOUSEHOLD_REPORTERS.items():
        expected = households.get(attribute)
        got = last[name].tolist()
        assert got == expected or (
            name == "association" and [g if isinstance(g, str) else None for g in got] == expected
        ), name
    assert last["projects_received"].sum() > 0
    assert (last["net_income_yuan"] == model.records[-1].net_income).all()
    assert np.allclose(
        last[
            [
                f"{s}_yuan"
                for s in ("crops", "livestock", "greenhouse", "business", "wages", "property", "transfers")
            ]
        ].sum(axis=1),
        last["net_income_yuan"],
    )


def test_batch_run_gives_yearly_model_rows_and_household_rows() -> None:
    rows = mesa.batch_run(
        sim.PovertyModel,
        parameters={"years": 3, "households": True},  # household rows on request (issue 11)
        rng=[1, 2],
        max_steps=36,
        data_collection_period=12,
        number_processes=1,
        display_progress=False,
    )
    frame = pd.DataFrame(rows)
    assert sorted(frame["Step"].unique()) == [0, 12, 24, 36]
    start = frame[frame["Step"] == 0]
    assert len(start) == 2 and start["year"].isna().all()  # before the first December: NaN
    for step, year in ((12, 2008), (24, 2009), (36, 2010)):
        at = frame[frame["Step"] == step]
        assert (at["year"] == year).all()
        assert (at["agent_type"] == "Household").sum() == 2 * HOUSEHOLDS
        assert (at["agent_type"] == "Cooperative").sum() == 2 * 10
        assert (at["agent_type"] == "Association").sum() == 2 * 3
    direct = PovertyModel(rng=1, years=3).run()
    mine = frame[(frame["rng"] == 1) & (frame["Step"] == 36) & (frame["agent_type"] == "Household")]
    assert mine["per_capita_net_income_yuan"].iloc[0] == direct.outcomes["per_capita_net_income_yuan"]
    assert mine.sort_values("household")["net_income_yuan"].tolist() == direct.state.last_net_income.tolist()


def test_batch_run_default_period_gives_the_last_year() -> None:
    rows = mesa.batch_run(
        sim.PovertyModel,
        parameters={"years": 1},
        rng=[1],
        max_steps=12,
        number_processes=1,
        display_progress=False,
    )
    assert {row["Step"] for row in rows} == {12}
    assert {row["year"] for row in rows} == {2008}


# ---------------------------------------------------------------------------- read-only views


def test_agentset_tools_read_the_arrays(fresh_model: PovertyModel) -> None:
    households = fresh_model.agents_by_type[Household]
    assert households.agg("people", sum) == int(fresh_model.state.people.sum())
    members = households.select(lambda h: h.cooperative_member)
    assert len(members) == int(fresh_model.state.cooperative_member.sum())


def test_setting_a_view_raises_a_clear_error() -> None:
    model = PovertyModel(rng=1, years=1)
    households = model.agents_by_type[Household]
    with pytest.raises(ReadOnlyAttributeError, match="read-only view of the household table"):
        households.set("savings", 0.0)
    with pytest.raises(AttributeError, match="read-only view"):
        next(iter(households)).row = 5
    with pytest.raises(AttributeError, match="read-only view"):
        next(iter(model.agents_by_type[Cooperative])).member_count = 1
    with pytest.raises(AttributeError, match="read-only view"):
        next(iter(model.agents_by_type[Association])).name = "x"
    households.set("note", "mine")  # an attribute of the user's own is fine
    assert next(iter(households)).note == "mine"


def test_remove_and_step_raise_and_remove_all_agents_works() -> None:
    model = PovertyModel(rng=1, years=1)
    household = next(iter(model.agents_by_type[Household]))
    with pytest.raises(RemovalError, match="cannot be removed"):
        household.remove()
    assert household in model.agents
    with pytest.raises(NotImplementedError, match=r"model\.step"):
        model.agents.do("step")
    for kind in (Household, Cooperative, Association):
        assert "read-only view" in (kind.__doc__ or "")
    model.remove_all_agents()
    assert len(model.agents) == 0
