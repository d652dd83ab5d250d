"""The browser page: Mesa's SolaraViz around :class:`sim.view.model.ViewModel`.

Served by ``povsim view`` (:func:`sim.view.serve`); Solara imports this module and renders
``Page``. The scenario files come in the ``POVSIM_VIEW_SCENARIOS`` environment variable (paths
separated by ``os.pathsep``), else ``scenarios/*.toml`` of the working directory.

Mesa's controls (sidebar) step the model: "Step" runs ``render_interval`` months (one: Mesa's
slider of that interval moves in steps of two from 1, so a year of 12 months cannot be set on it)
and "▶" plays, in a thread, until the run is over. The "Scenario and levers" card has its own
"Step a month" and "Step to December" (in a thread too). Every panel reads Mesa's
``update_counter``, so it is drawn again after each step, and reads the model when it is drawn,
under the model's lock.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

import numpy as np
import solara
from matplotlib.figure import Figure
from mesa.visualization import SolaraViz
from mesa.visualization.utils import force_update, update_counter

from sim.scenario import Scenario, ScenarioError
from sim.view.model import LEVERS, ViewModel, find_scenarios, lever_values

ENV_SCENARIOS = "POVSIM_VIEW_SCENARIOS"
DEFAULT_SCENARIO = "liaoning-2009"
MONTHS_PER_YEAR = 12

# Mesa's grid gives every panel a cell of fixed height: a panel scrolls rather than spill over
# the panel below it.
PANEL_STYLE = {"height": "100%", "overflow-y": "auto", "overflow-x": "hidden"}
SMALL = {"font-size": "0.85em"}

selected_village = solara.reactive(0)
colour_by = solara.reactive("poverty")


@cache
def scenarios() -> dict[str, Scenario]:
    """The scenarios the page offers, by name."""
    given = os.environ.get(ENV_SCENARIOS)
    paths = (
        [Path(p) for p in given.split(os.pathsep) if p] if given else sorted(Path("scenarios").glob("*.toml"))
    )
    return find_scenarios(paths)


def first_scenario() -> str:
    """The scenario the page opens with."""
    names = list(scenarios())
    return DEFAULT_SCENARIO if DEFAULT_SCENARIO in names else names[0]


def tile_colour(row: dict[str, Any], line: float, by: str) -> str:
    """A tile's background: red for poor, green for well off; grey before the first December."""
    if row["year"] is None:
        return "#d0d0d0"
    if by == "poverty":
        badness = min(max(row["poverty"] / 0.5, 0.0), 1.0)  # half the people poor is the reddest
    else:
        badness = min(max(1.0 - (row["income"] - line) / (3 * line), 0.0), 1.0)
    red, green = int(90 + 150 * badness), int(200 - 110 * badness)
    return f"rgb({red},{green},90)"


@dataclass
class Choice:
    """What the page has chosen: one per browser session, changed in place by the lever card."""

    scenario: str
    levers: dict[str, Any] = field(default_factory=dict)
    seed: int = 1


class PageModel(ViewModel):
    """A :class:`ViewModel` built from the page's current :class:`Choice`.

    Mesa's "Reset" builds ``type(model)(**model_params)`` with the ``model_params`` it saw when
    it was mounted. The page passes the session's Choice, which the lever card changes in place,
    so Reset rebuilds the scenario and levers shown, without remounting the viewer.
    """

    def __init__(self, choice: Choice) -> None:
        super().__init__(scenarios()[choice.scenario], choice.levers, seed=choice.seed)


@solara.component
def VillageTiles(model: ViewModel) -> None:
    """The ten villages as tiles; clicking one selects it."""
    update_counter.get()  # drawn again after every step (see Page)
    with model.lock:
        rows = model.village_latest()
        moment = model.moment()
    with solara.Column(classes=["povsim-villages"], gap="6px", style=PANEL_STYLE):
        with solara.Row(justify="space-between", style={"align-items": "center"}):
            solara.Text(f"Villages ({moment})", style={"font-weight": "bold"})
            solara.ToggleButtonsSingle(value=colour_by, values=["poverty", "income"], dense=True)
        with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
            for index, row in enumerate(rows):
                if row["year"] is None:
                    figures = "no December yet"
                else:
                    figures = f"{row['year']}: {row['income']:,.0f} Yuan/person, {row['poverty']:.0%} poor"
                border = "3px solid #222" if index == selected_village.value else "1px solid #888"
                style = (
                    f"background: {tile_colour(row, model.line, colour_by.value)}; border: {border}; "
                    "width: calc(50% - 3px); cursor: pointer; font-size: 0.8em; line-height: 1.3; "
                    "white-space: pre-line"
                )
                Tile(index, f"{row['name']} ({row['industry']})\n{figures}", style)


@solara.component
def Tile(index: int, text: str, style: str) -> None:
    """One village's tile; a click selects the village."""
    tile = solara.v.Card(children=[text], class_="povsim-tile px-2 py-1", style_=style)
    solara.v.use_event(tile, "click", lambda *_: selected_village.set(index))


@solara.component
def VillageDetail(model: ViewModel) -> None:
    """The selected village: its households' incomes, pool, cooperative and works."""
    update_counter.get()
    index = min(selected_village.value, len(model.villages) - 1)
    with model.lock:
        spec = model.villages[index]
        incomes = model.household_incomes(index)
        year = model.records[-1].year if model.records else None
        cooperative = model.cooperatives[index]
        co_op = f"{cooperative.member_count} members, " + (
            f"founded {cooperative.founded}" if cooperative.founded is not None else "not founded"
        )
        if cooperative.failed:
            co_op += ", failed"
        co_op += f", fees collected {cooperative.fees_collected_yuan:,.0f} Yuan"
        pool = cooperative.pool
        works = model.works_of(index)
        households = int((model.state.village == index).sum())
    with solara.Column(classes=["povsim-detail"], gap="6px", style=PANEL_STYLE):
        solara.Text(
            f"{spec.name} ({spec.industry.value}): {households} households", style={"font-weight": "bold"}
        )
        if incomes is None:
            solara.Text("No year closed yet: the households' incomes are counted each December.", style=SMALL)
        else:
            figure = Figure(figsize=(5, 2.1), layout="constrained")
            axes = figure.add_subplot()
            axes.hist(incomes, bins=30, color="#4a7", edgecolor="white")
            axes.axvline(model.line, color="crimson", linestyle="--", label="poverty line")
            axes.set_xlabel(f"net income per person, Yuan, {year}")
            axes.set_ylabel("households")
            axes.legend(fontsize=8)
            solara.FigureMatplotlib(figure, format="png")
        solara.Text("Cooperative: " + co_op, style=SMALL)
        solara.Text(
            "Pool: " + (", ".join(f"{k.replace('_', ' ')} {v}" for k, v in pool.items() if v) or "none"),
            style=SMALL,
        )
        solara.Text(
            "Works: " + (", ".join(f"{k.replace('_', ' ')} {v}" for k, v in works.items()) or "no programme"),
            style=SMALL,
        )


@solara.component
def Trajectories(model: ViewModel) -> None:
    """Pooled income and poverty, with the programme and without it (same seed)."""
    update_counter.get()
    with model.lock:
        with_programme = model.pooled()
        without = model.pooled_without()
    with solara.Column(classes=["povsim-trajectories"], gap="6px", style=PANEL_STYLE):
        solara.Text(
            "Pooled income and poverty (dashed: the same seed without the programme)",
            style={"font-weight": "bold"},
        )
        if with_programme is None:
            solara.Text("No year closed yet: the first December closes 2008.")
            return
        figure = Figure(figsize=(6, 2.6), layout="constrained")
        income, poverty = figure.subplots(1, 2)
        years = with_programme.index
        income.plot(years, with_programme["per_capita_net_income_yuan"], marker="o", label="programme")
        poverty.plot(years, 100 * with_programme["poverty_headcount_ratio"], marker="o")
        if without is not None:
            income.plot(without.index, without["per_capita_net_income_yuan"], "--", label="without")
            poverty.plot(without.index, 100 * without["poverty_headcount_ratio"], "--")
        income.set_title("net income per person, Yuan", fontsize=9)
        poverty.set_title(f"poor (below {model.line:,.0f} Yuan), %", fontsize=9)
        income.legend(fontsize=8)
        for axes in (income, poverty):
            axes.xaxis.get_major_locator().set_params(integer=True)
        solara.FigureMatplotlib(figure, format="png")
        last = years[-1]
        text = (
            f"{last}: {with_programme.loc[last, 'per_capita_net_income_yuan']:,.0f} Yuan/person, "
            f"{with_programme.loc[last, 'poverty_headcount_ratio']:.1%} poor"
        )
        if without is not None and last in without.index:
            text += (
                f"; without the programme {without.loc[last, 'per_capita_net_income_yuan']:,.0f}, "
                f"{without.loc[last, 'poverty_headcount_ratio']:.1%}"
            )
        solara.Text(text, classes=["povsim-pooled-text"])


@solara.component
def AidSpent(model: ViewModel) -> None:
    """Aid spent so far by component, year by year."""
    update_counter.get()
    with model.lock:
        aid = model.aid_by_year()
        if aid is not None:
            aid = aid.loc[: model.current_year()]  # the years begun, not the budget's later ones
    with solara.Column(classes=["povsim-aid"], gap="6px", style=PANEL_STYLE):
        if aid is None:
            solara.Text("Aid spent: this scenario has no programme.")
            return
        total = float(aid.to_numpy().sum())
        solara.Text(f"Aid spent by component: {total:,.0f} Yuan so far", style={"font-weight": "bold"})
        figure = Figure(figsize=(6, 2.4), layout="constrained")
        axes = figure.add_subplot()
        bottom = np.zeros(len(aid))
        for component in aid.columns:
            values = aid[component].to_numpy() / 1e6
            if values.any():
                axes.bar(aid.index, values, bottom=bottom, label=component.replace("_", " "))
                bottom += values
        axes.set_ylabel("M Yuan")
        axes.set_xticks(list(aid.index))
        if bottom.any():
            axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        solara.FigureMatplotlib(figure, format="png")
        spent = aid.sum()
        solara.Text(
            ", ".join(
                f"{str(name).replace('_', ' ')} {value:,.0f}" for name, value in spent.items() if value
            ),
            classes=["povsim-aid-text"],
            style=SMALL,
        )


@solara.component
def LeverPanel(
    model: solara.Reactive[ViewModel],
    scenario: solara.Reactive[str],
    levers: solara.Reactive[dict[str, Any]],
    choice: Choice,
) -> None:
    """The scenario and its levers; any change rebuilds the model at January of the first year."""
    error = solara.use_reactive("")
    update_counter.get()  # drawn again after every step, so "running" is current

    def rebuild(name: str, values: dict[str, Any]) -> None:
        wanted = Choice(name, values, choice.seed)
        try:
            built = PageModel(wanted)
        except ScenarioError as problem:
            error.set(str(problem).removeprefix("view: "))
            return
        error.set("")
        choice.scenario, choice.levers = name, values  # what Mesa's Reset builds from now on
        scenario.set(name)
        levers.set(values)
        model.set(built)

    def choose(name: str) -> None:
        rebuild(name, lever_values(scenarios()[name]))

    def move(lever_name: str, shown: float) -> None:
        lever = next(lever for lever in LEVERS if lever.name == lever_name)
        value = shown * lever.scale
        rebuild(scenario.value, {**levers.value, lever_name: round(value) if lever.integer else value})

    def run_months(months: int) -> None:
        built = model.value
        for _ in range(months):
            if not built.running:
                break
            built.step()
        force_update()

    # In a thread, so the page answers while a year runs.
    step_year = solara.lab.use_task(
        lambda: run_months(MONTHS_PER_YEAR - model.value.steps % MONTHS_PER_YEAR),
        dependencies=None,
        prefer_threaded=True,
    )
    step_month = solara.lab.use_task(lambda: run_months(1), dependencies=None, prefer_threaded=True)

    with solara.Card("Scenario and levers", classes=["povsim-levers"]):
        solara.Select("Scenario", values=list(scenarios()), value=scenario.value, on_value=choose)
        solara.Text(scenarios()[scenario.value].description, style={"font-size": "0.8em"})
        for lever in LEVERS:
            shown = levers.value[lever.name] / lever.scale
            slider: Any = solara.SliderInt if lever.integer else solara.SliderFloat
            slider(
                f"{lever.label.strip()}: {shown:g}",
                value=int(shown) if lever.integer else shown,
                min=lever.low,
                max=max(lever.high, shown),
                step=lever.step,
                on_value=partial(move, lever.name),
            )
        if error.value:
            solara.Error(error.value)
        busy = step_year.pending or step_month.pending
        with solara.Row():
            solara.Button(
                "Step a month",
                on_click=step_month,
                disabled=busy or not model.value.running,
                classes=["povsim-month"],
            )
            solara.Button(
                "Step to December",
                on_click=step_year,
                disabled=busy or not model.value.running,
                classes=["povsim-year"],
            )


PANELS: list[tuple[Any, int]] = [(VillageTiles, 0), (Trajectories, 0), (VillageDetail, 0), (AidSpent, 0)]


@solara.component
def Page() -> None:
    """The whole page."""
    choice = solara.use_memo(
        lambda: Choice(first_scenario(), lever_values(scenarios()[first_scenario()])), []
    )
    scenario = solara.use_reactive(choice.scenario)
    levers = solara.use_reactive(dict(choice.levers))
    initial = solara.use_memo(lambda: PageModel(choice), [])
    model: solara.Reactive[ViewModel] = solara.use_reactive(initial)
    # The panels go to SolaraViz as components, not as ``lambda m: Panel(m)``: Mesa wraps a
    # lambda in a component class made anew each time its grid is drawn (so every grid layout
    # event from the browser remounted all panels, dropping clicks on the old tiles), and the
    # wrapper's redraw after a step made a ``Panel(model)`` element with the same model, which
    # reacton does not draw again (equal arguments). Each panel reads ``update_counter``.
    # A rebuilt model (a lever, a scenario) replaces ``model.value``: the viewer is not remounted
    # (a remount replaced every tile, and a click on a tile being replaced was lost), its panels
    # are drawn again with the new model. Mesa's "Reset" builds from ``choice`` (PageModel).
    SolaraViz(
        model,
        components=PANELS,
        model_params={"choice": choice},
        name="povsim: ten Qinghai villages",
        render_interval=1,  # a month; "Step to December" steps a year
        play_interval=50,
    )
    with solara.Sidebar():
        LeverPanel(model, scenario, levers, choice)
