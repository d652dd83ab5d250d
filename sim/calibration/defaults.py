"""The model's defaults for fitted parameters are a calibration record's posterior medians.

:func:`apply` writes them into the parameter declarations (``sim/params``, ``sim/programme``),
each with a source that starts ``calibrated: calibration/<name>``; :func:`mismatches` says where
the declared defaults and a record disagree (the test suite runs it on the shipped record). Run
after a refit, on purpose: ``python -m sim.calibration.defaults calibration/liaoning-2009``.
"""

from __future__ import annotations

import inspect
import json
import re
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

from sim.params import Parameters
from sim.scenario import value_of

SIGNIFICANT = 4  # digits kept of a posterior median: more would claim precision the fit lacks


def rounded(value: float, integer: bool) -> float | int:
    if integer:
        return round(value)
    return float(f"{value:.{SIGNIFICANT}g}")


def source_prefix(record_dir: Path) -> str:
    return f"calibrated: calibration/{record_dir.name}"


def calibrated_values(record_dir: Path) -> dict[str, float | int]:
    """Each fitted parameter's posterior median, rounded as the defaults hold it."""
    record = json.loads((record_dir / "record.json").read_text(encoding="utf-8"))
    return {p["name"]: rounded(p["median"], p["integer"]) for p in record["parameters"]}


def declared_source(name: str) -> str:
    *path, last = name.split(".")
    group: Any = Parameters()
    for part in path:
        group = getattr(group, part)
    (field,) = [f for f in fields(group) if f.name == last]
    return str(field.metadata["source"])


def mismatches(record_dir: Path) -> list[str]:
    """Fitted parameters whose declared default is not the record's median, or whose source
    does not say it is calibrated by this record."""
    out = []
    params = Parameters()
    for name, value in calibrated_values(record_dir).items():
        declared = value_of(params, name)
        if declared != value:
            out.append(f"{name}: default {declared!r}, the record's median {value!r}")
        if not declared_source(name).startswith(source_prefix(record_dir)):
            out.append(f"{name}: its source does not start {source_prefix(record_dir)!r}")
    return out


def _declaration(name: str) -> tuple[Path, int, int]:
    """The file and the line span of the class that declares the parameter's field."""
    *path, last = name.split(".")
    group: Any = Parameters()
    for part in path:
        group = getattr(group, part)
    for cls in type(group).__mro__:
        if last in getattr(cls, "__annotations__", {}):
            lines, start = inspect.getsourcelines(cls)
            return Path(inspect.getsourcefile(cls) or ""), start, start + len(lines)
    raise KeyError(name)


def apply(record_dir: Path) -> list[str]:
    """Write the record's medians as the defaults; the names changed."""
    changed = []
    for name, value in calibrated_values(record_dir).items():
        path, first, last = _declaration(name)
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        field = name.rsplit(".", 1)[1]
        start = next(i for i in range(first - 1, last) if re.match(rf"\s+{field}: \w+ = param\($", lines[i]))
        lines[start + 1] = re.sub(r"^(\s+)[^,]+,", rf"\g<1>{value!r},", lines[start + 1])
        end = next(i for i in range(start, last) if re.match(r"\s+\)$", lines[i]))
        for i in range(start, end):
            if 'source="' in lines[i] and source_prefix(record_dir) not in lines[i]:
                # The prior's source stays, after the calibration's: it says where the prior came from.
                indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
                prefix = f'source="{source_prefix(record_dir)} (posterior median); "\n{indent}"before: '
                lines[i] = lines[i].replace('source="', prefix, 1)
                lines[i] = _wrapped(lines[i], indent)
                break
        path.write_text("".join(lines), encoding="utf-8")
        changed.append(name)
    return changed


def _wrapped(text: str, indent: str, width: int = 100) -> str:
    """``text`` (lines of string literals) with every literal longer than ``width`` split at a
    space, as implicitly joined literals (the project's line length)."""
    out = []
    for line in text.splitlines(keepends=True):
        while len(line.rstrip("\n")) > width and '"' in line:
            cut = line.rfind(" ", 0, width - 1)
            if cut <= line.index('"'):
                break
            out.append(line[: cut + 1] + '"\n')
            line = f'{indent}"' + line[cut + 1 :]
        out.append(line)
    return "".join(out)


if __name__ == "__main__":
    for changed_name in apply(Path(sys.argv[1])):
        print(changed_name)
