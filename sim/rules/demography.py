"""Yearly demography: births, deaths and ageing between the age bands.

Ageing moves a band's members on at the rate one over the band's width in years (16 years
of childhood, 14 of youth, 30 of prime age), so band sizes stay near their steady state.
"""

from __future__ import annotations

import numpy as np

from sim.params import DemographyParams
from sim.state import HouseholdState
from sim.streams import Streams

CHILDHOOD_YEARS = 16
YOUTH_YEARS = 14
PRIME_YEARS = 30


def demography_year(state: HouseholdState, params: DemographyParams, streams: Streams, step: int) -> None:
    """One year of births, deaths and ageing, in January (month index ``step``)."""
    # Each from the household's own draws: births (a chance per member), deaths of the elderly
    # and of prime-age members, children growing up, youth maturing, prime-age members ageing.
    counts = (state.people, state.elderly, state.prime, state.children, state.young, state.prime)
    rates = (
        params.births_per_person_year,
        params.elderly_death_rate_per_year,
        params.other_death_rate_per_year,
        1.0 / CHILDHOOD_YEARS,
        1.0 / YOUTH_YEARS,
        1.0 / PRIME_YEARS,
    )
    births, dead_elderly, dead_prime, grown, matured, aged = (
        streams.households("demography", step, part).binomial(state.size, n, p)
        for part, (n, p) in enumerate(zip(counts, rates, strict=True))
    )
    # A household's last member is spared: households do not die out within the horizon
    # (their land and herds would otherwise keep earning with nobody to count them for).
    last = (dead_elderly + dead_prime >= state.people) & (births == 0)
    dead_elderly[last] = np.maximum(dead_elderly[last] - 1, 0)
    dead_prime[last & (dead_elderly + dead_prime >= state.people)] -= 1
    aged = np.minimum(aged, state.prime - dead_prime)
    state.children += births - grown
    state.young += grown - matured
    state.prime += matured - aged - dead_prime
    state.elderly += aged - dead_elderly
    np.minimum(state.migrants, state.working_age, out=state.migrants)
    np.minimum(state.certified, state.working_age, out=state.certified)
    np.minimum(state.certified_away, np.minimum(state.certified, state.migrants), out=state.certified_away)
    np.minimum(state.placed, state.certified_away, out=state.placed)
