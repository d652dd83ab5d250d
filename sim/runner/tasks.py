"""What the runner runs, as data: tasks and the runs without a programme they need.

A :class:`Task` is one replication of one scenario or parameter point. Everything it needs
travels with it as JSON (the parameter overrides are TOML values), so a worker on another
machine needs neither the scenario file nor the runner's state, and a task's result is a
function of the task alone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from typing import Any

import numpy as np

from sim.params import Parameters
from sim.programme.outcomes import Valuation
from sim.programme.params import ProgrammeParams
from sim.programme.programme import is_active
from sim.scenario import apply_overrides

# Seeds are stored as Parquet int64 (and Mesa records them): they must fit.
MAX_SEED = 2**63 - 1


def derived_seed(experiment_seed: int, replication: int) -> int:
    """Replication ``replication``'s seed in an experiment seeded ``experiment_seed``.

    It depends on these two alone, so every design point's replication ``r`` shares its random
    numbers (common random numbers: differences between points are the inputs', not noise),
    and nothing depends on the workers or the order they finish in. Derived by numpy's
    ``SeedSequence`` so that nearby experiment seeds give unrelated streams.
    """
    words = np.random.SeedSequence(experiment_seed, spawn_key=(replication,)).generate_state(2, np.uint32)
    return (int(words[0]) << 31 | int(words[1]) >> 1) & MAX_SEED


@lru_cache(maxsize=256)
def _params(overrides_json: str) -> Parameters:
    return apply_overrides(Parameters(), json.loads(overrides_json), origin="task")


def canonical(value: Any) -> str:
    """Stable JSON for hashing and caching: keys sorted, no spaces."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class Task:
    """One replication of one scenario or design point.

    ``labels`` are the leading columns of every row it writes (``scenario``, or ``experiment``
    and ``point``, then ``replication`` and ``seed``), ``inputs`` the varied parameters' values,
    written as columns so that results of several sweeps stack.
    """

    point: int
    replication: int
    seed: int
    name: str
    labels: Mapping[str, Any]
    overrides: Mapping[str, Any]
    description: str = ""
    inputs: Mapping[str, Any] = field(default_factory=dict)
    years: int | None = None
    poverty_line_yuan: float | None = None
    horizon_years: int = Valuation().horizon_years
    discount_rate: float = Valuation().discount_rate
    outcomes: tuple[str, ...] = ()
    by_village: bool = False

    @property
    def key(self) -> str:
        """The task's name in an output folder: its point and replication."""
        return f"p{self.point:06d}-r{self.replication:05d}"

    @property
    def valuation(self) -> Valuation:
        return Valuation(self.horizon_years, self.discount_rate)

    def params(self) -> Parameters:
        return _params(canonical(dict(self.overrides)))

    @property
    def has_programme(self) -> bool:
        return is_active(self.params().programme)

    def base(self) -> BaseTask:
        """The run without a programme this task needs: its counterfactual, or, for a task
        without a programme, its own run."""
        kept = {k: v for k, v in self.overrides.items() if not k.startswith("programme.")}
        return BaseTask(kept, self.seed, self.years, self.poverty_line_yuan)

    def spec(self) -> dict[str, Any]:
        """The task as JSON-able data."""
        out = asdict(self)
        for name in ("labels", "overrides", "inputs"):
            out[name] = dict(getattr(self, name))
        out["outcomes"] = list(self.outcomes)
        return out

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any]) -> Task:
        return cls(**{**spec, "outcomes": tuple(spec.get("outcomes", ()))})


@dataclass(frozen=True)
class BaseTask:
    """One seed of the villages without a programme."""

    overrides: Mapping[str, Any]
    seed: int
    years: int | None
    poverty_line_yuan: float | None

    def params(self) -> Parameters:
        params = _params(canonical(dict(self.overrides)))
        # The programme reset to its defaults (none), as a counterfactual is defined.
        return replace(params, programme=ProgrammeParams())

    @property
    def key(self) -> str:
        """Equal for runs that are the same run: parameters (their repr lists every value),
        seed, years and poverty line."""
        text = repr((self.params(), self.seed, self.years, self.poverty_line_yuan))
        return "b" + hashlib.sha256(text.encode()).hexdigest()[:24]

    def spec(self) -> dict[str, Any]:
        return {**asdict(self), "overrides": dict(self.overrides)}

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any]) -> BaseTask:
        return cls(**{k: spec[k] for k in ("overrides", "seed", "years", "poverty_line_yuan")})
