"""The scenario-comparison HTML report (sim/compare/report.py), on small real replications."""

from __future__ import annotations

import base64
import copy
import html
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from sim.compare.report import (
    captions,
    figures,
    render_html,
    shown_years,
    stack_starts,
    write_figures,
    write_report,
)
from sim.compare.runner import replicate
from sim.compare.stats import summarise
from sim.programme.outcomes import Valuation
from sim.scenario import load_scenario
from tests.conftest import SCENARIOS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NAMES = ["no-programme", "liaoning-2009", "labour-training-only"]
FIGURES = ["income", "poverty", "income_gain", "composition", "cost_effectiveness"]
HEADINGS = ("Outcomes by scenario", "Programme cost and reach", "Difference from the baseline")
NASTY = '<b>"Liaoning" & co</b> $x$'
NEGATIVE_ZERO = re.compile(r"-0(?:\.0+)?(?![.\d])")  # "-0", "-0.0%", not "-0.0194"
Inputs = tuple[dict[str, Any], pd.DataFrame, pd.DataFrame, dict[str, Any]]


@pytest.fixture(scope="module")
def inputs() -> Inputs:
    """Three scenarios, three replications of three years each, gains over 2009-2010
    (read-only: copy before changing)."""
    scenarios = [load_scenario(SCENARIOS / f"{name}.toml") for name in NAMES]
    valuation = Valuation(horizon_years=2, discount_rate=0.05)
    reps = replicate(scenarios, replications=3, first_seed=1, years=3, valuation=valuation, workers=1)
    comparison = summarise(reps.yearly, reps.runs, NAMES, {s.name: s.description for s in scenarios}, seed=1)
    meta = {
        "replications": 3,
        "first_seed": 1,
        "years": 3,
        "poverty_line_yuan": 1196.0,
        "baseline": NAMES[0],
        "horizon_years": 2,
        "discount_rate": 0.05,
    }
    return comparison, reps.yearly, reps.runs, meta


def embedded_pngs(text: str) -> list[bytes]:
    return [
        base64.b64decode(data) for data in re.findall(r'<img [^>]*src="data:image/png;base64,([^"]+)"', text)
    ]


def renamed(inputs: Inputs, old: str, new: str) -> Inputs:
    """The inputs with scenario ``old`` called ``new`` everywhere."""
    comparison, yearly, runs, meta = copy.deepcopy(inputs)
    comparison = {new if name == old else name: entry for name, entry in comparison.items()}
    for entry in comparison.values():
        if entry["difference_from_baseline"]["baseline"] == old:
            entry["difference_from_baseline"]["baseline"] = new
    yearly["scenario"] = yearly["scenario"].replace(old, new)
    runs["scenario"] = runs["scenario"].replace(old, new)
    meta["baseline"] = new if meta["baseline"] == old else meta["baseline"]
    return comparison, yearly, runs, meta


def test_report_embeds_one_valid_png_per_figure(inputs: Inputs, tmp_path: Path) -> None:
    path = write_report(tmp_path / "nested" / "report.html", *inputs)
    assert path == tmp_path / "nested" / "report.html"
    text = path.read_text(encoding="utf-8")
    pngs = embedded_pngs(text)
    assert len(pngs) == len(FIGURES)
    assert all(png.startswith(PNG_SIGNATURE) for png in pngs)
    assert "http://" not in text and "https://" not in text  # self-contained


def test_report_names_every_scenario_heading_and_setting(inputs: Inputs, tmp_path: Path) -> None:
    text = write_report(tmp_path / "report.html", *inputs).read_text(encoding="utf-8")
    for expected in (*NAMES, *HEADINGS, "1,196 Yuan", "1 to 3", "95%", "paired"):
        assert expected in text
    # The first programme year and the last year head the tables.
    assert "<th>2009</th>" in text and "<th>2010</th>" in text


def test_scenario_names_are_escaped(inputs: Inputs) -> None:
    comparison, yearly, runs, meta = renamed(inputs, NAMES[1], NASTY)
    comparison[NASTY]["description"] = "<script>alert(1)</script>"
    text = render_html(comparison, yearly, runs, meta)
    assert NASTY not in text and "<script>" not in text
    assert html.escape(NASTY) in text and "&lt;script&gt;" in text


def test_baseline_name_is_escaped(inputs: Inputs) -> None:
    text = render_html(*renamed(inputs, NAMES[0], NASTY))
    assert NASTY not in text and html.escape(NASTY) in text


def test_same_inputs_give_identical_bytes(inputs: Inputs, tmp_path: Path) -> None:
    first = write_report(tmp_path / "a.html", *inputs).read_bytes()
    second = write_report(tmp_path / "b.html", *copy.deepcopy(inputs)).read_bytes()
    assert first == second
    assert b"Matplotlib" not in b"".join(embedded_pngs(first.decode()))  # no version in the PNGs


def test_write_figures_writes_pngs(inputs: Inputs, tmp_path: Path) -> None:
    paths = write_figures(tmp_path / "figures", *inputs[:3], poverty_line_yuan=1196.0)
    assert paths == [tmp_path / "figures" / f"{name}.png" for name in FIGURES]
    assert all(p.read_bytes().startswith(PNG_SIGNATURE) for p in paths)


def test_missing_values_show_as_dashes(inputs: Inputs) -> None:
    comparison, _, _, meta = copy.deepcopy(inputs)
    for by_year in comparison[NAMES[1]]["per_capita_net_income_yuan"].values():
        by_year.update(mean=None, lo=None, hi=None, n=0)
    comparison[NAMES[1]]["cost_per_person_lifted_yuan"] = {"mean": None, "lo": None, "hi": None, "n": 0}
    text = render_html(comparison, pd.DataFrame(), pd.DataFrame(), meta)
    assert len(embedded_pngs(text)) == len(FIGURES)
    assert "<td>—</td>" in text


def test_negative_income_sources_stack_left_of_zero(inputs: Inputs) -> None:
    values = np.array([[100.0, 50.0], [-30.0, 20.0], [40.0, -10.0], [-5.0, 5.0]])
    starts = stack_starts(values)
    np.testing.assert_allclose(starts, [[0, 0], [0, 50], [100, 0], [-30, 70]])
    comparison = copy.deepcopy(inputs[0])
    for by_year in comparison[NAMES[1]]["income_by_source_yuan_per_capita"]["livestock"].values():
        by_year["mean"] = -500.0  # costs above gross income
    assert figures(comparison, inputs[1], inputs[2])["composition"].startswith(PNG_SIGNATURE)


@pytest.mark.parametrize(
    ("years", "shown"),
    [
        (["2008", "2009", "2010"], ["2009", "2010"]),
        (["2010", "2011", "2012"], ["2011", "2012"]),
        (["2008", "2009"], ["2009"]),
        (["2008"], ["2008"]),
        ([], []),
    ],
)
def test_shown_years_are_the_first_programme_year_and_the_last(years: list[str], shown: list[str]) -> None:
    assert shown_years(years) == shown


def test_settings_read_a_list_of_seeds_and_of_poverty_lines(inputs: Inputs) -> None:
    comparison, yearly, runs, _ = inputs
    meta = {"replications": 2, "seeds": [4, 9], "years": 3, "poverty_line_yuan": [1196.0, 1500.0]}
    text = render_html(comparison, yearly, runs, meta)
    assert "<b>Seeds:</b> 4, 9" in text and "1,196 and 1,500 Yuan per person per year" in text
    assert "<b>Seeds:</b> 1 to 3" in render_html(comparison, yearly, runs, {"seeds": [1, 2, 3]})


def test_each_figure_has_a_sentence_saying_what_it_shows(inputs: Inputs) -> None:
    texts = captions(inputs[0], inputs[3])
    assert list(texts) == FIGURES
    assert texts["cost_effectiveness"].startswith(
        "Income gained over 2009-2010, in 2009 prices discounted at 5% a year, per million Yuan of aid"
    )
    assert "95% bootstrap intervals over 3 seeds" in texts["cost_effectiveness"]
    assert "t-interval" in texts["income"] and "bootstrap" in texts["poverty"]
    page = render_html(*inputs)
    for text in texts.values():
        assert f"<figcaption>{html.escape(text)}</figcaption>" in page


def test_report_states_the_horizon_and_marks_scenarios_that_spend_less(inputs: Inputs) -> None:
    page = render_html(*inputs)
    assert "<b>Horizon:</b> 2 years" in page and "<b>Discount rate:</b> 5.0% a year" in page
    # Labour training alone spends a yearly intake's 1.75 M a year (three simulated years), well
    # under the whole programme's 13.7 M.
    assert re.search(r"spends [1-5]\.\d\d M of 13\.\d\d M \(liaoning-2009\): compare per million Yuan", page)
    assert "the whole programme (the most interventions)" in page
    assert "Income gained per million Yuan of aid (Yuan)" in page and "People lifted per million" in page
    assert not NEGATIVE_ZERO.search(page)


def test_undefined_ratios_and_partial_coverage_are_said(inputs: Inputs) -> None:
    comparison, yearly, runs, meta = copy.deepcopy(inputs)
    entry = comparison[NAMES[1]]
    entry["cost_per_person_lifted_yuan"] = {
        "mean": None,
        "lo": None,
        "hi": None,
        "n": 3,
        "undefined_in": 2,
        "note": "no people lifted in 2 of 3 runs",
    }
    entry["durability_1_years"] = {"mean": 1.5, "lo": 1.2, "hi": 1.8, "n": 2}
    entry["poverty_headcount_ratio"]["2009"] = {"mean": -0.0, "lo": -0.0, "hi": 0.0001, "n": 3}
    page = render_html(comparison, yearly, runs, meta)
    assert "no people lifted in 2 of 3 runs" in page
    assert "[1.20, 1.80] n=2 of 3" in page
    assert not NEGATIVE_ZERO.search(page)
