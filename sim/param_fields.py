"""How a parameter is declared: default, unit, allowed range or choices, plausible range, role
and source.

Two ranges, for two purposes:

- the *allowed* range (``low``, ``high``) is what the model accepts at all: every combination
  of allowed values runs without a traceback, a NaN or an absurd result;
- the *plausible* range (``plausible``) is where the value probably lies given the evidence,
  sourced or marked assumption. Sweeps and the calibration draw from it (uniform, or uniform
  on the log scale where ``prior="loguniform"``); levers get the range planners consider.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any, Literal

Role = Literal["lever", "uncertainty", "constant"]
Prior = Literal["uniform", "loguniform"]


def param(
    default: Any,
    *,
    unit: str,
    source: str,
    low: float | None = None,
    high: float | None = None,
    choices: tuple[str, ...] | None = None,
    role: Role = "uncertainty",
    plausible: tuple[float, float] | None = None,
    prior: Prior = "uniform",
) -> Any:
    """A parameter field: its default, unit, allowed range (or choices), plausible range and
    prior shape, role and source."""
    meta: dict[str, Any] = {
        "unit": unit,
        "source": source,
        "low": low,
        "high": high,
        "role": role,
        "plausible": plausible,
        "prior": prior,
    }
    if choices is not None:
        meta["choices"] = choices
    return field(default=default, metadata=meta)


def group(factory: Any) -> Any:
    """A nested parameter group."""
    return field(default_factory=factory)
