"""Numbers as the table and the report print them."""

from __future__ import annotations

from typing import Any

NONZERO_DIGITS = frozenset("123456789")


def formatted(value: float, spec: str, scale: float = 1.0) -> str:
    """``value * scale`` in format ``spec``; a value that rounds to zero is never printed with a
    minus sign ("-0.0%" reads as a fall where there is none)."""
    text = format(value * scale, spec)
    if text.lstrip().startswith("-") and not NONZERO_DIGITS & set(text):
        text = format(0.0, spec)
    return text


def millions(value: float, digits: int = 2) -> str:
    """Yuan in millions: ``13.68 M``."""
    return f"{formatted(value, f',.{digits}f', 1e-6)} M"


def coverage(entry: dict[str, Any] | None, replications: Any) -> str:
    """``n=9 of 20`` where an interval covers fewer runs than were made; empty otherwise."""
    n = (entry or {}).get("n")
    if n is None or not isinstance(replications, int) or n == replications:
        return ""
    return f"n={n} of {replications}"
