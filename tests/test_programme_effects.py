"""The programme's acceptance checks: the 2009 programme lands in the reported range for
stated reasons, and each intervention's effect has the sign and rough size its mechanism
implies. Averages over the same ten seeds (common random numbers)."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

import sim
from sim.results import RunResult

SEEDS = range(1, 11)


@cache
def runs(name: str) -> tuple[RunResult, ...]:
    return tuple(sim.run(f"scenarios/{name}.toml", seed=seed) for seed in SEEDS)


def mean_growth(name: str, year: int = 2009) -> float:
    return float(np.mean([r.pooled.loc[year, "growth_yuan"] for r in runs(name)]))


def mean_gain(name: str, year: int) -> float:
    return float(np.mean([r.programme["income_gain_yuan_per_capita"][str(year)] for r in runs(name)]))


def test_the_2009_programme_raises_income_by_1000_to_1300_yuan_in_its_first_year() -> None:
    assert 1000 <= mean_growth("liaoning-2009") <= 1300


def test_without_a_programme_the_villages_follow_a_background_trend() -> None:
    assert 0 < mean_growth("no-programme") < 400
    # The counterfactual inside a programme run is the no-programme run on the same seed.
    for with_programme, without in zip(runs("liaoning-2009"), runs("no-programme"), strict=True):
        assert with_programme.counterfactual["per_capita_net_income_yuan"].equals(
            without.pooled["per_capita_net_income_yuan"]
        )


def test_the_2009_programme_reports_what_it_spent_reached_and_bought() -> None:
    for result in runs("liaoning-2009"):
        p = result.programme
        assert p["aid_total_yuan"] <= 13_000_000 + 500_000 + 120_000 + 417_000
        assert p["aid_spent_yuan"]["2009"]["total"] == pytest.approx(p["aid_total_yuan"])
        assert p["trainees"] == {"enrolled": 20, "certified": 20, "placed": 20}
        assert p["cadres_trained"] == 278
        assert p["households_reached"]["village_advancement_projects"] > 1500
        assert p["pool_balances"]
        assert p["cost_per_yuan_gained"] > 0 and p["cost_per_person_lifted_yuan"] > 0


def test_village_advancement_alone_gains_about_as_much_as_the_whole_programme_at_first() -> None:
    alone, whole = mean_gain("village-advancement-only", 2009), mean_gain("liaoning-2009", 2009)
    assert alone > 800 and abs(alone - whole) < 0.2 * whole


def test_labour_training_alone_raises_wages_and_fades_as_migrants_come_home() -> None:
    wages = np.mean(
        [
            (r.pooled["wages_yuan_per_capita"] - r.counterfactual["wages_yuan_per_capita"])[2010]
            for r in runs("labour-training-only")
        ]
    )
    assert wages > 200
    assert mean_gain("labour-training-only", 2010) > mean_gain("labour-training-only", 2017) > 0


def test_rolling_alone_starts_small_and_grows_as_the_pools_roll_on() -> None:
    first, later = mean_gain("livestock-rolling-only", 2009), mean_gain("livestock-rolling-only", 2013)
    assert 0 < first < 300 and later > 2 * first
    for result in runs("livestock-rolling-only"):
        pool = result.programme["pool"]["2017"]
        assert pool["lent"] > pool["bought"]  # returned offspring were lent on
        assert pool["lent"] == pool["repaid"] + pool["written_off"] + pool["outstanding"]


def test_gains_outlast_the_aid_and_keep_growing_with_it() -> None:
    # Blood-making: two funded years leave gains that last (and grow) after the money stops;
    # funding every year, increased, keeps adding to them.
    stops = [
        r.programme["durability"]["3_years_after"]["share_of_last_funded_year_gain"]
        for r in runs("aid-stops-2010")
    ]
    assert np.mean(stops) > 1.0
    assert (
        mean_gain("annual-increase", 2015)
        > mean_gain("aid-stops-2010", 2015)
        > mean_gain("liaoning-2009", 2015)
    )
