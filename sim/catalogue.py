"""The scenario files a planner has: listed with what each is for, checked, or shown in full."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.params import describe
from sim.scenario import Scenario, ScenarioError, load_scenario


def scenario_files(directory: Path) -> list[Path]:
    """The scenario files of a folder, by name."""
    if not directory.is_dir():
        raise ScenarioError(f"{directory}: no such folder of scenario files")
    return sorted(directory.glob("*.toml"))


def list_scenarios(directory: Path) -> tuple[str, bool]:
    """One line per scenario file: its name and description, or why it is invalid."""
    files = scenario_files(directory)
    width = max((len(f.stem) for f in files), default=0)
    lines, all_valid = [], True
    for path in files:
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            all_valid = False
            lines.append(f"{path.stem:<{width}}  INVALID: {error}")
        else:
            lines.append(f"{scenario.name:<{width}}  {scenario.description or '(no description)'}")
    checked = f"{len(files)} scenario files in {directory}/, " + (
        "all valid" if all_valid else "some invalid"
    )
    return "\n".join([*lines, "", checked]), all_valid


def find(name: str, directory: Path) -> Path:
    """A scenario by file stem in ``directory``, or by path."""
    path = Path(name)
    if path.suffix == ".toml" or path.exists():
        return path
    return directory / f"{name}.toml"


def toml_value(value: Any) -> str:
    """A value as TOML writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return repr(value)


def show_scenario(name: str, directory: Path) -> str:
    """The scenario fully resolved: every parameter, its value, unit, role and source; the
    ones the file sets are marked."""
    scenario: Scenario = load_scenario(find(name, directory))
    lines = [
        f"# {scenario.path}: {scenario.description or '(no description)'}",
        "# Every parameter resolved (defaults plus this file's overrides); an asterisk after '#'"
        " marks what the file sets.",
        "# Each line: value, then unit; role; plausible range; source.",
    ]
    table = None
    for row in describe(scenario.params):
        group, _, key = row["name"].rpartition(".")
        if group != table:
            lines += ["", f"[{group}]"]
            table = group
        mark = "*" if row["name"] in scenario.overrides else " "
        plausible = row.get("plausible")
        span = f"plausible {plausible[0]:g}-{plausible[1]:g}; " if plausible else ""
        note = f"{row['unit']}; {row['role']}; {span}{row['source']}"
        lines.append(f"{key} = {toml_value(row['value'])}  # {mark} {note}")
    return "\n".join(lines)
