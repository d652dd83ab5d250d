"""Herd biology against known answers: age at first birth, litters in a breeding life, the
replacement stages of the calendar, and the steady herd the villages start from."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sim.herd_steady_state import steady_herd
from sim.params import Parameters
from sim.rules.herd_calendar import first_birth_chance_age, heifer_stages, validate_calendar
from sim.rules.livestock import Herds
from sim.state import HerdClass
from sim.streams import Streams
from sim.villages import CATTLE, PIGS, SHEEP, SPECIES

LIVESTOCK = Parameters().livestock


def no_deaths(species: int, **changes: float) -> Herds:
    """The default herds with one species changed (and nothing dying)."""
    name = SPECIES[species].value
    changed = replace(
        getattr(LIVESTOCK, name), young_mortality_per_year=0.0, adult_mortality_per_year=0.0, **changes
    )
    return Herds.of(replace(LIVESTOCK, **{name: changed}))


def month_by_month(herds: Herds, herd: np.ndarray, capacity: np.ndarray, months: range, streams: Streams):
    """Run the herd events of the calendar months in ``months`` (1-12, repeating); yield the
    month's index and the young born in it."""
    households = herd.shape[2]
    stock_target = np.zeros((3, households), dtype=np.int32)
    births = np.ones(households)
    for t in months:
        month = t % 12 + 1
        before = herd[:, HerdClass.YOUNG].copy()
        calendar = herds.calendar
        grow = calendar.grow[month]
        draws = streams.households("events", t)
        herds.events(herd, capacity, stock_target, month, births, draws, new_year=False)
        born = np.where(
            calendar.birth[month][:, None], herd[:, HerdClass.YOUNG] - np.where(grow[:, None], 0, before), 0
        )
        yield t, born


@pytest.mark.parametrize(
    ("species", "expected_months"),
    [(CATTLE, 36), (SHEEP, 36), (PIGS, 12)],
)
def test_a_female_first_gives_birth_at_her_species_age(species: int, expected_months: int) -> None:
    # FACTS: yak and plateau cattle first calve at 3-4 years (first chance at 36 months, and at
    # a 50% rate a first calf at 48 months on average); sheep first lamb at 3-4 years; gilts
    # farrow near a year old.
    herds = no_deaths(species, birth_rate_per_event=1.0, litter_size=1.0)
    assert (
        first_birth_chance_age(herds.species[species], heifer_stages(herds.species[species]))
        == expected_months
    )
    born_month = min(herds.species[species].birth_months)
    herd = np.zeros((3, len(HerdClass), 1), dtype=np.int32)
    herd[species, HerdClass.YOUNG, 0] = 2000  # a cohort born in its first birth month, no mothers
    capacity = np.full((3, 1), 10_000, dtype=np.int32)
    start = born_month  # the month after the birth month, as a month index from January
    first = None
    for t, born in month_by_month(herds, herd, capacity, range(start, start + 72), Streams(1)):
        if born[species, 0] > 0 and first is None:
            first = t + 1 - born_month  # age in months at the first birth
    assert first == expected_months


@pytest.mark.parametrize("species", [PIGS, CATTLE, SHEEP])
def test_litters_in_a_breeding_life(species: int) -> None:
    # A female stays productive_life_years in the breeding herd (deaths and culls together): she
    # joins it when mated, just after a birth month, and gives birth at the birth rate in every
    # birth month she is still there. With exits at the rate 1 / life and birth months every d
    # years, she sees on average 1 / (exp(d / life) - 1) of them: sows about 4 litters (FACTS:
    # 3.95 at culling), cows and yak about 4 calves, ewes 4 or 5 lambs. Measured at the steady
    # state as litters per female-year times the years a female stays.
    name = SPECIES[species].value
    herds = Herds.of(replace(LIVESTOCK, **{name: replace(getattr(LIVESTOCK, name), litter_size=1.0)}))
    herd = np.zeros((3, len(HerdClass), 1), dtype=np.int32)
    herd[species, HerdClass.FEMALES, 0] = 20_000
    capacity = np.full((3, 1), 20_000, dtype=np.int32)
    stock_target = np.zeros((3, 1), dtype=np.int32)
    streams = Streams(11)
    calendar = herds.calendar
    births = exits = female_months = 0
    for t in range(12 * 40):
        month = t % 12 + 1
        settled = t >= 12 * 10
        herds.expose(np.ones(1))
        before = int(herd[species, HerdClass.FEMALES, 0])
        herds.draw_deaths(herd, streams.sequence("deaths", t))
        died = before - int(herd[species, HerdClass.FEMALES, 0])
        young = int(herd[species, HerdClass.YOUNG, 0])
        draws = streams.households("events", t)
        _, culled, _, _ = herds.events(herd, capacity, stock_target, month, np.ones(1), draws, new_year=False)
        if settled:
            if calendar.birth[month, species]:
                grown = calendar.grow[month, species]
                births += int(herd[species, HerdClass.YOUNG, 0]) - (0 if grown else young)
            exits += died + int(culled[species, 0])
            female_months += int(herd[species, HerdClass.FEMALES, 0])
    p = getattr(LIVESTOCK, name)
    per_female_year = births / (female_months / 12)
    years_in_herd = (female_months / 12) / exits
    assert years_in_herd == pytest.approx(p.productive_life_years, rel=0.05)
    spacing = 1.0 / len(p.birth_months)
    expected = p.birth_rate_per_event / np.expm1(spacing / p.productive_life_years)
    assert 3.9 <= expected <= 4.5  # the defaults: four or so young in a breeding life
    assert per_female_year * years_in_herd == pytest.approx(expected, rel=0.1)


def test_replacement_stages_follow_the_age_at_first_birth() -> None:
    cattle = LIVESTOCK.cattle
    assert heifer_stages(cattle) == 1
    assert heifer_stages(replace(cattle, first_birth_age_months=48)) == 2
    assert heifer_stages(replace(cattle, first_birth_age_months=24)) == 0
    assert heifer_stages(LIVESTOCK.pigs) == 0
    with pytest.raises(ValueError, match="first_birth_age_months"):
        validate_calendar(replace(cattle, first_birth_age_months=60))


def test_the_steady_herd_replaces_what_leaves() -> None:
    for name in ("cattle", "sheep", "pigs"):
        herd = steady_herd(getattr(LIVESTOCK, name))
        assert herd.sold_per_year > 0 and herd.culled_per_year > 0
        assert herd.young > 0 and herd.stock > 0
        # Culls and deaths of breeding females are replaced: one female a year at the steady state.
        p = getattr(LIVESTOCK, name)
        assert herd.culled_per_year == pytest.approx(
            1 / p.productive_life_years - p.adult_mortality_per_year, rel=0.1
        )
