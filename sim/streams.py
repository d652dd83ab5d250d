"""One seed in, random numbers out: per household for everything households draw, and named
generators for what the world draws.

Every draw that concerns a household comes from :meth:`Streams.households` (or
:meth:`Streams.sequence`): a counter-based hash of the run's seed, the process's stable name,
the month (-1 for the set-up, negative months for the herds' spin-up), a part number, the
household's slot and the household's own count of draws (see :mod:`sim.crn`). What one
household draws therefore never depends on which other households draw, or how often: a change
to one household's programme changes no other household's draws, and households a programme
does not touch see the same numbers with it as without it (common random numbers, as Starsim
draws them).

What does not concern households (the weather, prices, outbreaks of :mod:`sim.world`, and
Mesa's own generator) draws from named numpy generators, ``streams[name]``, each derived from
the seed and the name: adding a process does not shift any other's draws.
"""

from __future__ import annotations

import hashlib

import numpy as np

from sim.crn import HouseholdDraws, HouseholdSequence, derive_key


def stable_key(name: str) -> int:
    """A 64-bit integer that depends only on ``name`` (not on Python's hash seed)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little")


class Streams:
    """Per-household draws and named world-level generators, all derived from one seed."""

    def __init__(self, seed: int) -> None:
        if not isinstance(seed, int | np.integer) or isinstance(seed, bool) or seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
        self.seed = int(seed)
        self._generators: dict[str, np.random.Generator] = {}
        self._sequences: dict[str, tuple[int, HouseholdSequence]] = {}

    def __getitem__(self, name: str) -> np.random.Generator:
        """The world-level generator ``name`` (not for draws that concern households)."""
        generator = self._generators.get(name)
        if generator is None:
            sequence = np.random.SeedSequence(self.seed, spawn_key=(stable_key(name),))
            generator = np.random.Generator(np.random.PCG64(sequence))
            self._generators[name] = generator
        return generator

    @property
    def names(self) -> list[str]:
        """The world-level generators drawn from so far, in the order they were first used."""
        return list(self._generators)

    def households(self, name: str, step: int, part: int = 0) -> HouseholdDraws:
        """Process ``name``'s draws in ``step`` (a month index, or -1 for set-up), one sequence
        per household slot (see sim.crn): what one household draws never depends on which
        other households draw. ``part`` numbers independent draws of a process in one step."""
        return HouseholdDraws(derive_key(self.seed, name, step, part))

    def sequence(self, name: str, step: int) -> HouseholdSequence:
        """Process ``name``'s draws in ``step`` where several calls in the step share them:
        each call continues every household's count of draws from the last (the count starts
        afresh with each step; steps must not go back)."""
        held = self._sequences.get(name)
        if held is not None:
            if held[0] == step:
                return held[1]
            if step < held[0]:
                raise ValueError(f"{name}: step {step} after step {held[0]}")
        sequence = HouseholdSequence(derive_key(self.seed, name, step, "sequence"))
        self._sequences[name] = (step, sequence)
        return sequence
