"""The calibration report on a small synthetic record folder written exactly per the record format.

The fixture's posterior is built to give known verdicts: a concentrated parameter (identified), a
uniform one (not identified) and one piled at the upper edge of its prior; of the two checks, one
published figure lies inside the predictive 90% interval and one outside.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from sim.calibration.report import weighted_quantile, write_report

PARTICLES, DRAWS, REPLICATIONS = 40, 30, 8
YEARS = range(2008, 2014)
PRIORS = {"labour.wage": (900.0, 1340.0), "herd.rate": (0.0, 1.0), "training.uptake": (0.1, 0.5)}
HEADINGS = (
    "Summary",
    "Posterior against prior, per parameter",
    "Pairwise posterior correlations",
    "Posterior predictive of every target",
    "Years after 2009 with parameter uncertainty carried through",
    "Out-of-sample checks (not used by the fit)",
)


def _posterior(rng: np.random.Generator) -> pd.DataFrame:
    wage = rng.normal(1100.0, 15.0, PARTICLES)
    return pd.DataFrame(
        {
            "labour.wage": wage,  # sd ratio about 0.12: identified
            "herd.rate": np.linspace(0.0, 1.0, PARTICLES),  # spread over the prior: not identified
            # piled against the upper bound, and trading off against the wage
            "training.uptake": np.minimum(
                0.5, 0.49 - (wage - 1100.0) * 3e-4 + rng.normal(0, 0.002, PARTICLES)
            ),
            "weight": np.full(PARTICLES, 1.0 / PARTICLES),
            "distance": rng.uniform(0, 1, PARTICLES),
        }
    )


def _parameter(name: str, posterior: pd.DataFrame) -> dict[str, Any]:
    lo, hi = PRIORS[name]
    values, weights = posterior[name].to_numpy(), posterior["weight"].to_numpy()
    sd, prior_sd = float(np.sqrt(np.cov(values, aweights=weights))), (hi - lo) / np.sqrt(12)
    quantiles = {
        k: weighted_quantile(values, weights, q) for k, q in (("median", 0.5), ("q05", 0.05), ("q95", 0.95))
    }
    entry = {"name": name, "prior": [lo, hi], "integer": False, "why": "test", "unit": "units"}
    return (
        entry
        | quantiles
        | {"mean": float(values.mean()), "sd": sd, "prior_sd": prior_sd, "sd_ratio": sd / prior_sd}
    )


def _statistic(
    name: str, low: float | None, high: float | None, values: np.ndarray, fitted: bool
) -> dict[str, Any]:
    inside = np.ones(values.size, dtype=bool)
    if low is not None:
        inside &= values >= low
    if high is not None:
        inside &= values <= high
    predictive = {"median": float(np.median(values)), "q05": float(np.quantile(values, 0.05))}
    predictive |= {"q95": float(np.quantile(values, 0.95)), "inside": float(inside.mean())}
    return {
        "name": name,
        "statistic": f"{name}@2010",
        "low": low,
        "high": high,
        "scale": 1.0,
        "label": f"label of {name}",
        "source": "a <i>source</i>",
        "fitted": fitted,
        "predictive": predictive,
    }


def _yearly(rng: np.random.Generator, key: str, count: int, spread: float) -> pd.DataFrame:
    rows = []
    for i in range(count):
        level = rng.normal(0, spread)
        for year in YEARS:
            gain = 0.0 if year == 2008 else 300.0 + level + rng.normal(0, 20)
            counterfactual = 2500.0 + 150.0 * (year - 2008) + rng.normal(0, 40)
            rows.append(
                {
                    key: i,
                    "seed": 100 + i,
                    "year": year,
                    "per_capita_net_income_yuan": counterfactual + gain,
                    "counterfactual_income_yuan": counterfactual,
                    "income_gain_yuan_per_capita": gain,
                    "growth_over_first_year_yuan": 150.0 * (year - 2008) + gain,
                    "poverty_headcount_ratio": 0.3,
                    "gini": 0.35,
                }
            )
    return pd.DataFrame(rows)


def write_record(folder: Path) -> None:
    rng = np.random.default_rng(7)
    posterior = _posterior(rng)
    statistics = pd.DataFrame({"draw": np.arange(DRAWS), "seed": np.arange(DRAWS) + 100})
    statistics["growth_2009"] = rng.normal(1150.0, 60.0, DRAWS)
    statistics["poverty_2011"] = rng.normal(0.3, 0.02, DRAWS)
    statistics["income_2013"] = rng.normal(4200.0, 100.0, DRAWS)
    statistics["poor_areas_2010"] = rng.normal(3400.0, 100.0, DRAWS)
    statistics["gini_2012"] = rng.normal(0.30, 0.01, DRAWS)
    column = lambda name: statistics[name].to_numpy()  # noqa: E731
    record = {
        "name": "test-record",
        "description": "A <b>synthetic</b> record",
        "calibration_file": "calibration/t.toml",
        "calibration_sha256": "ab" * 32,
        "scenario": "liaoning-2009",
        "seed": 2009,
        "quick": True,
        "years": 6,
        "method": {"name": "ABC-SMC (pyabc)", "population": PARTICLES, "max_generations": 3},
        "versions": {
            "povsim": "0.1",
            "pyabc": "0.12",
            "numpy": np.__version__,
            "mesa": "3",
            "python": "3.12",
        },
        "commit": None,
        "seconds": 12.5,
        "simulations": 400,
        "parameters": [_parameter(name, posterior) for name in PRIORS],
        "targets": [
            _statistic("growth_2009", 1000.0, 1300.0, column("growth_2009"), True),
            _statistic("poverty_2011", 0.3, 0.3, column("poverty_2011"), True),
            _statistic("income_2013", 4000.0, None, column("income_2013"), True),
        ],
        "checks": [
            _statistic("poor_areas_2010", 3464.0, 3464.0, column("poor_areas_2010"), False),  # inside
            _statistic("gini_2012", 0.40, 0.45, column("gini_2012"), False),  # outside: far above the draws
        ],
        "generations": [
            {
                "t": 0,
                "epsilon": None,
                "particles": PARTICLES,
                "simulations": PARTICLES,
                "acceptance_rate": 1.0,
            },
            {"t": 1, "epsilon": 5.0, "particles": PARTICLES, "simulations": 120, "acceptance_rate": 0.33},
            {
                "t": 2,
                "epsilon": 2.0,
                "particles": PARTICLES,
                "simulations": 240,
                "acceptance_rate": float("nan"),
            },
        ],
        "final": {"replications": REPLICATIONS, "draws": DRAWS, "outcome_hash": "cd" * 32},
    }
    (folder / "record.json").write_text(json.dumps(record), encoding="utf-8")
    posterior.to_parquet(folder / "posterior.parquet")
    populations = pd.concat([posterior.assign(generation=t) for t in range(3)], ignore_index=True)
    populations.to_parquet(folder / "populations.parquet")
    _yearly(rng, "draw", DRAWS, 120.0).to_parquet(folder / "predictive.parquet")
    statistics.to_parquet(folder / "predictive_statistics.parquet")
    _yearly(rng, "replication", REPLICATIONS, 10.0).to_parquet(folder / "median_runs.parquet")


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("calibration") / "test-record"
    folder.mkdir()
    write_record(folder)
    return folder


@pytest.fixture(scope="module")
def page(record: Path) -> str:
    path = write_report(record)
    assert path == record / "report.html"
    return path.read_text(encoding="utf-8")


def _row(page: str, name: str) -> str:
    """The table row whose first cell starts with ``name``."""
    match = re.search(rf'<tr><td class="name">{re.escape(name)}\b.*?</tr>', page)
    assert match, name
    return match.group(0)


def test_the_page_is_html_with_every_section_and_name(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    for heading in HEADINGS:
        assert f"<h2>{heading}</h2>" in page
    for name in [*PRIORS, "growth_2009", "poverty_2011", "income_2013", "poor_areas_2010", "gini_2012"]:
        assert name in page
    assert "http://" not in page and "https://" not in page and "<script" not in page


def test_one_embedded_png_per_figure(page: str) -> None:
    images = re.findall(
        r'<img(?: class="narrow")? alt="[^"]*" src="data:image/png;base64,([A-Za-z0-9+/=]+)">', page
    )
    assert len(images) == len(HEADINGS) == page.count("<img")
    assert all(base64.b64decode(data).startswith(b"\x89PNG") for data in images)


def test_identification_verdicts(page: str) -> None:
    assert "<td>identified</td>" in _row(page, "labour.wage")
    assert "not identified by these targets" in _row(page, "herd.rate")
    assert "Identified: labour.wage" in page and "Not identified by these targets: herd.rate." in page


def test_a_parameter_piled_at_an_edge_is_flagged(page: str) -> None:
    assert "<td>upper</td>" in _row(page, "training.uptake")
    assert "training.uptake piles up at the upper edge of its prior" in page
    assert "labour.wage piles up" not in page and "herd.rate piles up" not in page


def test_the_tradeoff_is_reported(page: str) -> None:
    assert re.search(
        r"The strongest, (labour\.wage and training\.uptake|training\.uptake and labour\.wage)", page
    )


def test_check_verdicts(page: str) -> None:
    assert ">inside</span>" in _row(page, "poor_areas_2010")
    assert ">outside</span>" in _row(page, "gini_2012")
    assert "poor_areas_2010: the published figure (3,464) lies inside" in page
    assert "gini_2012: the published figure (0.4 to 0.45) lies outside" in page


def test_record_text_is_escaped_and_missing_numbers_read_n_a(page: str) -> None:
    assert "A &lt;b&gt;synthetic&lt;/b&gt; record" in page and "<b>synthetic</b>" not in page
    assert "a &lt;i&gt;source&lt;/i&gt;" in page
    assert "∞" in page  # t=0's null epsilon
    assert "n/a" in page  # the NaN acceptance rate
    text = re.sub(r"base64,[^\"]*", "", page)  # base64 may spell anything
    assert not re.search(r"\bnan\b", text, re.IGNORECASE)


def test_rerunning_overwrites(tmp_path: Path) -> None:
    # A bare record, so the test stays fast: overwriting does not depend on what the page holds.
    (tmp_path / "record.json").write_text(json.dumps({"name": "again"}), encoding="utf-8")
    path = tmp_path / "report.html"
    path.write_text("stale", encoding="utf-8")
    assert write_report(tmp_path) == path
    first = path.read_text(encoding="utf-8")
    assert first.startswith("<!DOCTYPE html>")
    assert (
        write_report(tmp_path) == path and path.read_text(encoding="utf-8") == first
    )  # same record, same page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.json", "report.html"]  # no temporary left


def test_a_bare_record_still_gives_a_page(tmp_path: Path) -> None:
    """A record with no Parquet files and missing fields: every section, "n/a" for what is missing."""
    (tmp_path / "record.json").write_text(
        json.dumps({"name": "bare", "seconds": float("nan")}), encoding="utf-8"
    )
    page = write_report(tmp_path).read_text(encoding="utf-8")
    assert all(f"<h2>{heading}</h2>" in page for heading in HEADINGS)
    assert "n/a" in page and "The record has no checks." in page
