"""How a parameter is declared: default, unit, allowed range or choices, role and source."""

from __future__ import annotations

from dataclasses import field
from typing import Any, Literal

Role = Literal["lever", "uncertainty", "constant"]


def param(
    default: Any,
    *,
    unit: str,
    source: str,
    low: float | None = None,
    high: float | None = None,
    choices: tuple[str, ...] | None = None,
    role: Role = "uncertainty",
) -> Any:
    """A parameter field: its default, unit, allowed range (or choices), role and source."""
    meta: dict[str, Any] = {"unit": unit, "source": source, "low": low, "high": high, "role": role}
    if choices is not None:
        meta["choices"] = choices
    return field(default=default, metadata=meta)


def group(factory: Any) -> Any:
    """A nested parameter group."""
    return field(default_factory=factory)
