"""A species' herd calendar: when young grow up, when replacements may first give birth, how
many of the breeding herd are culled.

Young grow up ``months_as_young`` after their birth month. Females kept for breeding then rise
through up to two yearly *replacement* stages (heifers, ewe hoggets) and join the breeding herd
at a growing-up month, after that month's births are drawn; their first chance to give birth
is the next birth month. The number of stages is the fewest that make that first chance come
at ``first_birth_age_months`` or later: with calving in April and young growing up at twelve
months, one stage gives a first calf at 36 months at the earliest (FACTS: yak, 3-4 years).

The breeding herd is culled so that a female stays ``productive_life_years`` on average: deaths
take their hazard (from ``adult_mortality_per_year``), culls the rest of ``1 /
productive_life_years``, in the sale months, from the females in the herd before that month's
replacements join.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.params import SpeciesParams

MAX_STAGES = 2
BoolArray = NDArray[np.bool_]


def maturity_months(species: SpeciesParams) -> frozenset[int]:
    """Months in which the young of a birth month grow up."""
    return frozenset((b - 1 + species.months_as_young) % 12 + 1 for b in species.birth_months)


def birth_gaps(species: SpeciesParams) -> list[int]:
    """Months from each birth month to the next, in calendar order."""
    months = sorted(set(species.birth_months))
    return [(b - a) % 12 or 12 for a, b in zip(months, months[1:] + months[:1], strict=True)]


def first_birth_chance_age(species: SpeciesParams, stages: int) -> int:
    """Age in months at a female's first chance to give birth, born in the first birth month,
    after ``stages`` replacement stages."""
    born = min(species.birth_months)
    grow = maturity_months(species)
    births = set(species.birth_months)
    age = species.months_as_young  # she grows up at this age
    for _ in range(stages):  # then moves one stage at each later growing-up month
        age += 1
        while (born - 1 + age) % 12 + 1 not in grow:
            age += 1
    age += 1  # births in her joining month come before she joins
    while (born - 1 + age) % 12 + 1 not in births:
        age += 1
    return age


def heifer_stages(species: SpeciesParams) -> int:
    """Replacement stages the species needs for its age at first birth."""
    for stages in range(MAX_STAGES + 1):
        if first_birth_chance_age(species, stages) >= species.first_birth_age_months:
            return stages
    return MAX_STAGES


def cull_share_per_sale(species: SpeciesParams) -> float:
    """Share of the breeding herd culled in each sale month: a culling hazard that, with the
    death hazard, ends a breeding life after ``productive_life_years`` on average."""
    deaths = -math.log1p(-min(species.adult_mortality_per_year, 1.0 - 1e-12))
    culls = max(1.0 / species.productive_life_years - deaths, 0.0)
    return -math.expm1(-culls / len(set(species.sale_months)))


class CalendarError(ValueError):
    """A species' calendar that cannot run; ``key`` names the parameter to change."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def validate_calendar(species: SpeciesParams) -> None:
    """Young of one birth month must be grown before the next birth month comes; a first birth
    beyond the first chance of the latest stage is not possible; replacement stages need evenly
    spaced birth months."""
    gaps = birth_gaps(species)
    if species.months_as_young > min(gaps):
        months = tuple(sorted(set(species.birth_months)))
        raise CalendarError(
            "months_as_young",
            f"months_as_young ({species.months_as_young}) must not exceed the shortest gap "
            f"between birth months {months} ({min(gaps)} months)",
        )
    latest = first_birth_chance_age(species, MAX_STAGES)
    if species.first_birth_age_months > latest:
        raise CalendarError(
            "first_birth_age_months",
            f"first_birth_age_months ({species.first_birth_age_months}) is beyond what this "
            f"calendar allows ({latest} months, with {MAX_STAGES} replacement stages)",
        )
    if heifer_stages(species) > 0 and len(set(gaps)) > 1:
        raise CalendarError(
            "first_birth_age_months",
            f"a first birth at {species.first_birth_age_months} months needs replacement stages, "
            f"which need evenly spaced birth months, not {tuple(sorted(set(species.birth_months)))}",
        )


@dataclass(frozen=True)
class HerdCalendar:
    """Which species has which event in each month: boolean arrays (month 1-12, species)."""

    grow: BoolArray
    birth: BoolArray
    sale: BoolArray
    restock: BoolArray
    any_event: BoolArray  # by month: some species has an event (December always does)

    @classmethod
    def of(cls, species: tuple[SpeciesParams, ...], restock_month: int) -> HerdCalendar:
        """The calendar of the species' parameters."""

        def table(months_of: list[frozenset[int]]) -> BoolArray:
            out = np.zeros((13, len(species)), dtype=bool)
            for s, months in enumerate(months_of):
                out[list(months), s] = True
            return out

        grow = table([maturity_months(s) for s in species])
        birth = table([frozenset(s.birth_months) for s in species])
        sale = table([frozenset(s.sale_months) for s in species])
        restock = table([frozenset({restock_month} if s.bought_in_spring else ()) for s in species])
        any_event = (grow | birth | sale | restock).any(axis=1)
        any_event[12] = True  # the New Year slaughter
        return cls(grow, birth, sale, restock, any_event)
