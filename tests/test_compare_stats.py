"""The comparison's statistics (sim/compare/stats.py) against known distributions and their
bounds, and how the table prints them (sim/compare/table.py, sim/compare/numbers.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.compare.numbers import formatted
from sim.compare.stats import Resampler, budget_checks, expanded_level, runs_entry
from sim.compare.table import _cell, budget_text

FAST = Resampler(seed=1, resamples=999)  # enough resamples for a test, a tenth of the default's time
REPETITIONS, SAMPLE = 150, 20  # the report's replication count
# 150 repetitions estimate a coverage within about +-2 points (one standard error); the draws are
# seeded, so a test passes or fails every time.
COVERAGE = (0.86, 0.99)
DERANDOMIZED = settings(max_examples=4, deadline=None, derandomize=True)


def coverage(draw, truth: float, estimate) -> float:
    """Share of REPETITIONS seeded samples whose interval holds ``truth``."""
    rng = np.random.default_rng(2009)
    hits = 0
    for i in range(REPETITIONS):
        entry = estimate(*draw(rng), f"repetition {i}")
        hits += entry["lo"] <= truth <= entry["hi"]
    return hits / REPETITIONS


def test_the_expanded_level_widens_small_samples_towards_a_t_interval() -> None:
    assert expanded_level(20) == pytest.approx(0.968, abs=1e-3)
    assert expanded_level(5) > expanded_level(20) > expanded_level(200) > 0.95
    assert expanded_level(10_000) == pytest.approx(0.95, abs=1e-3)


@DERANDOMIZED
@given(
    lognormal=st.booleans(),
    centre=st.floats(0.5, 100.0),
    spread=st.floats(0.1, 0.6),
)
def test_bootstrap_interval_of_a_mean_covers_the_known_mean_about_95_percent(
    lognormal, centre, spread
) -> None:
    if lognormal:  # skewed, like incomes: mean exp(mu + sigma^2 / 2)
        mu = math.log(centre)

        def draw(rng):
            return (rng.lognormal(mu, spread, SAMPLE),)

        truth = math.exp(mu + spread**2 / 2)
    else:  # positive in practice: the mean is many standard deviations above zero

        def draw(rng):
            return (np.clip(rng.normal(centre, spread * centre / 3, SAMPLE), 0, None),)

        truth = centre
    share = coverage(draw, truth, FAST.nonnegative)
    assert COVERAGE[0] <= share <= COVERAGE[1], share


@DERANDOMIZED
@given(lognormal=st.booleans(), numerator=st.floats(1.0, 50.0), denominator=st.floats(1.0, 50.0))
def test_paired_bootstrap_interval_of_a_ratio_covers_the_ratio_of_means_about_95_percent(
    lognormal, numerator, denominator
) -> None:
    if lognormal:
        # Numerator and denominator share a factor by seed, as aid and gains share a run.
        def draw(rng):
            common = rng.lognormal(0.0, 0.2, SAMPLE)
            return numerator * common * rng.lognormal(0.0, 0.4, SAMPLE), denominator * common

        # E[common x noise] / E[common] = E[noise]: the ratio of means is numerator E[noise] / denominator.
        truth = numerator * math.exp(0.4**2 / 2) / denominator
    else:

        def draw(rng):
            common = rng.normal(0.0, 1.0, SAMPLE)
            return numerator + numerator * 0.2 * common + rng.normal(0.0, 0.1 * numerator, SAMPLE), (
                denominator + denominator * 0.1 * common
            )

        truth = numerator / denominator

    def estimate(x, y, label):
        return FAST.ratio(x, y, label, undefined="no denominator")

    share = coverage(draw, truth, estimate)
    assert COVERAGE[0] <= share <= COVERAGE[1], share


NONNEGATIVE = st.lists(
    st.one_of(st.just(0.0), st.floats(0.0, 1e6, allow_nan=False), st.floats(0.0, 1e-6)),
    min_size=1,
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(values=NONNEGATIVE)
def test_intervals_of_nonnegative_values_never_go_below_zero(values) -> None:
    entry = Resampler(seed=3, resamples=199).nonnegative(values, "x")
    assert entry["n"] == len(values)
    assert entry["mean"] == pytest.approx(float(np.mean(values)))
    if len(values) == 1:
        assert entry["lo"] is None and entry["hi"] is None
        return
    assert 0.0 <= entry["lo"] <= entry["hi"] <= max(values) * (1 + 1e-9) + 1e-300


@settings(max_examples=60, deadline=None)
@given(
    numerators=st.lists(st.floats(0.0, 1e6), min_size=2, max_size=20),
    denominators=st.lists(st.floats(1e-3, 1e6), min_size=2, max_size=20),
)
def test_ratio_of_nonnegative_over_positive_never_goes_below_zero(numerators, denominators) -> None:
    n = min(len(numerators), len(denominators))
    x, y = np.array(numerators[:n]), np.array(denominators[:n])
    entry = Resampler(seed=3, resamples=199).ratio(x, y, "r", undefined="none")
    assert entry["mean"] == pytest.approx(x.mean() / y.mean())
    assert 0.0 <= entry["lo"] <= entry["hi"]
    # The same resamples at another scale: the interval scales with it.
    scaled = Resampler(seed=3, resamples=199).ratio(x, y, "r", scale=1e6, undefined="none")
    assert scaled["lo"] == pytest.approx(entry["lo"] * 1e6) and scaled["hi"] == pytest.approx(
        entry["hi"] * 1e6
    )


@settings(max_examples=60, deadline=None)
@given(
    pairs=st.lists(
        st.tuples(st.floats(-1e6, 1e6), st.one_of(st.floats(-1e6, 0.0), st.floats(1e-3, 1e6))),
        min_size=1,
        max_size=20,
    )
)
def test_a_ratio_with_a_zero_or_negative_denominator_says_so_instead_of_a_number(pairs) -> None:
    x, y = (np.array(v) for v in zip(*pairs, strict=True))
    entry = FAST.ratio(x, y, "r", undefined="no people lifted")
    bad = int((y <= 0).sum())
    if bad:
        assert entry == {
            "mean": None,
            "lo": None,
            "hi": None,
            "n": len(pairs),
            "undefined_in": bad,
            "note": f"no people lifted in {bad} of {len(pairs)} runs",
        }
    else:
        assert entry["mean"] == pytest.approx(x.mean() / y.mean()) and "undefined_in" not in entry


def test_runs_with_no_people_lifted_in_some_seeds_give_no_cost_per_person() -> None:
    lifted = np.array([0.0] * 11 + [5.0, 9.0, 2.0, 7.0, 3.0, 4.0, 8.0, 6.0, 1.0])
    runs = pd.DataFrame(
        {
            "aid_spent_yuan": np.full(20, 1e6),
            "aid_spent_real_yuan": np.full(20, 9e5),
            "aid_spent_nominal_horizon_yuan": np.full(20, 1e6),
            "households_reached": np.full(20, 100),
            "trainees_placed": np.zeros(20),
            "income_gained_yuan": np.linspace(-1e5, 3e5, 20),
            "income_gained_nominal_yuan": np.linspace(-1e5, 3e5, 20),
            "people_lifted": lifted,
            "durability_1_years": [np.nan] * 11 + [1.0] * 9,
            "durability_3_years": np.nan,
            "durability_5_years": np.nan,
        }
    )
    entry = runs_entry(runs, "s", FAST)
    assert entry["cost_per_person_lifted_yuan"] == {
        "mean": None,
        "lo": None,
        "hi": None,
        "n": 20,
        "undefined_in": 11,
        "note": "no people lifted in 11 of 20 runs",
    }
    # Per million Yuan, the same runs give a number: aid was spent in every one.
    assert entry["people_lifted_per_million_yuan"]["mean"] == pytest.approx(lifted.mean())
    assert entry["durability_1_years"]["n"] == 9
    assert entry["trainees_placed"] == {"mean": 0.0, "lo": 0.0, "hi": 0.0, "n": 20}
    assert _cell(entry["durability_1_years"], ".2f", replications=20) == "1.00 [1.00, 1.00] (n=9 of 20)"
    assert _cell(entry["cost_per_person_lifted_yuan"], ",.0f", replications=20) == (
        "not given (no people lifted in 11 of 20 runs)"
    )


def test_the_bootstrap_is_reproducible_from_the_seed_and_the_label() -> None:
    x = np.random.default_rng(5).lognormal(0, 1, 20)
    assert FAST.nonnegative(x, "a") == FAST.nonnegative(x, "a")
    assert FAST.nonnegative(x, "a") != FAST.nonnegative(x, "b")
    assert FAST.nonnegative(x, "a") != Resampler(seed=2, resamples=999).nonnegative(x, "a")


@given(value=st.floats(-1.0, 1.0), spec=st.sampled_from([".1%", ".2f", "+.1f", ",.0f", "+,.0f", ".3f"]))
def test_a_value_that_rounds_to_zero_is_never_printed_negative(value, spec) -> None:
    text = formatted(value, spec)
    if text.startswith("-"):  # a minus sign only before a figure that is not zero
        assert set(text) & set("123456789"), text
    assert formatted(-0.0004, ".1%") == "0.0%" and formatted(-0.06, ".1f") == "-0.1"


def test_budget_check_marks_scenarios_spending_less_than_95_percent() -> None:
    checks = budget_checks({"none": 0.0, "whole": 14e6, "close": 13.5e6, "half": 7e6})
    assert checks["none"] is None
    assert checks["whole"]["share_of_whole_programme"] == 1.0 and checks["whole"]["within_5_percent"]
    assert checks["close"]["within_5_percent"] and checks["close"]["whole_programme"] == "whole"
    assert not checks["half"]["within_5_percent"] and checks["half"]["share_of_whole_programme"] == 0.5
    assert budget_text(checks["half"]) == "spends 7.00 M of 14.00 M (whole): compare per million Yuan"
    assert budget_text(checks["close"]) is None
    assert budget_checks({"a": 0.0}) == {"a": None}


def test_the_whole_programme_is_the_one_with_the_most_interventions() -> None:
    # One intervention spending a little more than the three together is not the "whole programme".
    aid = {"liaoning-2009": 13.65e6, "training-only": 14.02e6, "rolling-only": 4.3e6, "over": 15e6}
    checks = budget_checks(aid, {"liaoning-2009": 3, "training-only": 1, "rolling-only": 1, "over": 1})
    assert {c["whole_programme"] for c in checks.values() if c} == {"liaoning-2009"}
    assert checks["training-only"]["within_5_percent"]  # 2.7% above
    assert not checks["over"]["within_5_percent"]  # 9.9% above: not comparable in totals either
    assert not checks["rolling-only"]["within_5_percent"]
