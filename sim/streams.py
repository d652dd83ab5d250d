"""One seed in, named independent random streams out.

Each random process draws from its own generator, derived from the run's seed and the
stream's stable name. Adding a process, or an intervention that draws, therefore does not
shift the draws of any other process: two scenarios run on the same seed differ by what the
scenarios change, not by noise (common random numbers).
"""

from __future__ import annotations

import hashlib

import numpy as np

from sim.crn import HouseholdDraws, derive_key


def stable_key(name: str) -> int:
    """A 64-bit integer that depends only on ``name`` (not on Python's hash seed)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little")


class Streams:
    """Named, independent numpy generators derived from one seed."""

    def __init__(self, seed: int) -> None:
        if not isinstance(seed, int | np.integer) or isinstance(seed, bool) or seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
        self.seed = int(seed)
        self._generators: dict[str, np.random.Generator] = {}

    def __getitem__(self, name: str) -> np.random.Generator:
        generator = self._generators.get(name)
        if generator is None:
            sequence = np.random.SeedSequence(self.seed, spawn_key=(stable_key(name),))
            generator = np.random.Generator(np.random.PCG64(sequence))
            self._generators[name] = generator
        return generator

    @property
    def names(self) -> list[str]:
        """The streams drawn from so far, in the order they were first used."""
        return list(self._generators)

    def households(self, name: str, step: int, part: int = 0) -> HouseholdDraws:
        """Process ``name``'s draws in ``step`` (a month index, or -1 for set-up), one sequence
        per household slot (see sim.crn): what one household draws never depends on which
        other households draw. ``part`` numbers independent draws of a process in one step."""
        return HouseholdDraws(derive_key(self.seed, name, step, part))
