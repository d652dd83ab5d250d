"""Print every model parameter as a Markdown table, for the "Parameters" section of docs/ODD.md.

The rows come from the code (``sim.params.describe(Parameters())``), so the table shows the
defaults, units, allowed and plausible ranges, roles and sources as they are declared, not as
remembered.
Run it in the project's environment (``make`` installs the package) and paste its output::

    python docs/make_parameter_table.py > /tmp/parameters.md
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sim.params import Parameters, describe

COLUMNS = ("name", "default", "unit", "allowed", "plausible", "role", "source")


def format_value(value: Any) -> str:
    """A default as it would be written in a scenario file (TOML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def format_range(row: Mapping[str, Any]) -> str:
    """The allowed range or choices, or a dash where the parameter has neither (flags)."""
    choices = row.get("choices")
    if choices is not None:
        quantifier = "any of" if isinstance(row["value"], tuple) else "one of"
        return f"{quantifier} " + ", ".join(f"`{choice}`" for choice in choices)
    low, high = row["low"], row["high"]
    if low is None and high is None:
        return "-"
    low_text = "-inf" if low is None else f"{low:g}"
    high_text = "inf" if high is None else f"{high:g}"
    return f"[{low_text}, {high_text}]"


def format_plausible(row: Mapping[str, Any]) -> str:
    """The plausible range sweeps and the calibration draw from, or a dash."""
    plausible = row.get("plausible")
    if plausible is None:
        return "-"
    low, high = plausible
    shape = " (log)" if row.get("prior") == "loguniform" else ""
    return f"[{low:g}, {high:g}]{shape}"


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def rows_of(described: Iterable[Mapping[str, Any]]) -> list[list[str]]:
    """One table row per parameter, in the order the parameter groups declare them."""
    return [
        [
            f"`{row['name']}`",
            f"`{format_value(row['value'])}`",
            cell(str(row["unit"])),
            format_range(row),
            format_plausible(row),
            row["role"],
            cell(str(row["source"])),
        ]
        for row in described
    ]


def markdown_table(rows: list[list[str]]) -> str:
    """A Markdown table with the columns of ``COLUMNS``."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def main() -> None:
    """Print the table of the default parameters."""
    print(markdown_table(rows_of(describe(Parameters()))))


if __name__ == "__main__":
    main()
