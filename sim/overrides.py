"""``--set KEY=VALUE``: one parameter, by its dotted name, set on the command line.

VALUE is a TOML value, as it would be written in a scenario file: ``1200``, ``0.35``, ``true``,
``[4, 10]``, ``"random"``. A single word needs no quotes (``programme.rolling.targeting=random``)
because shells make quotes awkward; lists of words do (``'programme.rolling.species=["pigs"]'``).
Each assignment is checked on its own as soon as it is read (the key exists, the value has the
parameter's type and lies in its allowed range), so a typo stops the command before anything
runs, with one line naming it; how the assignments fit together and with the scenario (a last
year before the first) is checked when they are applied, as a scenario file's are.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from typing import Any

from sim.scenario import ScenarioError, check_value

EXAMPLE = "labour.migrant_wage_yuan_per_month=1200"
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def parse_assignment(text: str) -> tuple[str, Any]:
    """``"KEY=VALUE"`` as the parameter's dotted name and its value, checked.

    Raises :class:`sim.ScenarioError` (``--set 'TEXT': ...``) if it is not ``KEY=VALUE``, the
    value is not a TOML value, the key is unknown or the value not allowed for it.
    """
    origin = f"--set {text!r}"
    key, equals, value = text.partition("=")
    key, value = key.strip(), value.strip()
    if not equals or not key or not value:
        raise ScenarioError(f"{origin}: give KEY=VALUE, e.g. {EXAMPLE}")
    try:
        parsed = tomllib.loads(f"v = {value}")
    except tomllib.TOMLDecodeError:
        if not WORD.fullmatch(value):
            raise ScenarioError(
                f"{origin}: {value!r} is not a value; give a number, true or false, a word, "
                'a quoted string or a list such as [4, 10] or ["cattle", "pigs"]'
            ) from None
        parsed = {"v": value}  # a bare word: a string
    if set(parsed) != {"v"}:  # "1\nw = 2": more than one value
        raise ScenarioError(f"{origin}: give one value after '='")
    return key, check_value(key, parsed["v"], origin=origin)


def parse_assignments(texts: Iterable[str] | None) -> dict[str, Any]:
    """Every ``--set`` by key, in the order given; a key given twice is an error (which one
    was meant?)."""
    out: dict[str, Any] = {}
    for text in texts or ():
        key, value = parse_assignment(text)
        if key in out:
            raise ScenarioError(f"--set {text!r}: key '{key}' is given twice; give each key once")
        out[key] = value
    return out
