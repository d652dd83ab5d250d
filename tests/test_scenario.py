"""Scenario files (sim/scenario.py): strict validation with messages naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim import PovertyModel, ScenarioError, load_scenario
from sim.params import Parameters, flatten
from tests.conftest import SCENARIO_FILES


def write(tmp_path: Path, text: str, name: str = "bad.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = str(info.value)
    assert str(path) in message, message
    assert "\n" not in message, message
    return message


# ---------------------------------------------------------------------------- bad files

# (file text, the key the message must name, further text it must contain)
BAD = {
    "unknown key in a group": (
        "[labour]\nmigrant_wage = 1100\n",
        "labour.migrant_wage",
        ["unknown key", "allowed in [labour]", "migrant_wage_yuan_per_month", "home_share"],
    ),
    "unknown key in a nested group": (
        "[livestock.cattle]\nbirth_rate = 0.5\n",
        "livestock.cattle.birth_rate",
        ["unknown key", "allowed in [livestock.cattle]", "birth_rate_per_event", "litter_size"],
    ),
    "unknown group": (
        "[weather_machine]\nrain = 5\n",
        "weather_machine.rain",
        ["unknown key", "allowed in the top level", "labour", "livestock", "simulation"],
    ),
    "unknown key at the top level": (
        "years = 5\n",
        "years",
        ["unknown key", "allowed in the top level", "simulation"],
    ),
    "unknown key in [scenario]": (
        '[scenario]\ndescription = "x"\nauthor = "me"\n',
        "scenario.author",
        ["unknown key", "description"],
    ),
    "string for a number": (
        '[labour]\nmigrant_wage_yuan_per_month = "1100"\n',
        "labour.migrant_wage_yuan_per_month",
        ["must be a number", "'1100'"],
    ),
    "float for a whole number": (
        "[labour]\nmigrant_months_per_year = 10.0\n",
        "labour.migrant_months_per_year",
        ["whole number"],
    ),
    "bool for a number": (
        "[labour]\nhome_share = true\n",
        "labour.home_share",
        ["must be a number", "True"],
    ),
    "bool for a whole number": (
        "[simulation]\nyears = true\n",
        "simulation.years",
        ["whole number"],
    ),
    "number for a flag": (
        "[livestock.pigs]\nwinter_exposed = 1\n",
        "livestock.pigs.winter_exposed",
        ["true or false"],
    ),
    "not a finite number": (
        "[labour]\nhome_share = nan\n",
        "labour.home_share",
        ["must be a number"],
    ),
    "above the range": (
        "[labour]\nhome_share = 1.5\n",
        "labour.home_share",
        ["outside the allowed range", "[0.0, 1.0]"],
    ),
    "below the range": (
        "[simulation]\nyears = 0\n",
        "simulation.years",
        ["outside the allowed range", "[1, 50]"],
    ),
    "out of range inside a list": (
        "[livestock.pigs]\nbirth_months = [4, 13]\n",
        "livestock.pigs.birth_months",
        ["outside the allowed range"],
    ),
    "group given as a value": (
        "labour = 5\n",
        "labour",
        ["is a group"],
    ),
    "nested group given as a value": (
        "[livestock]\ncattle = 2\n",
        "livestock.cattle",
        ["is a group"],
    ),
    "value given as a group": (
        "[simulation.years]\nvalue = 3\n",
        "simulation.years.value",
        ["is a value, not a group"],
    ),
    "list for a scalar": (
        "[labour]\nmigrant_wage_yuan_per_month = [1100, 1200]\n",
        "labour.migrant_wage_yuan_per_month",
        ["must be a number"],
    ),
    "scalar for a list": (
        "[livestock.pigs]\nbirth_months = 4\n",
        "livestock.pigs.birth_months",
        ["list of whole numbers"],
    ),
    "empty list": (
        "[livestock.pigs]\nbirth_months = []\n",
        "livestock.pigs.birth_months",
        ["non-empty list"],
    ),
    "floats in a list of whole numbers": (
        "[livestock.pigs]\nbirth_months = [4.0, 10.0]\n",
        "livestock.pigs.birth_months",
        ["list of whole numbers"],
    ),
    "description not a string": (
        "[scenario]\ndescription = 5\n",
        "scenario.description",
        ["must be a string"],
    ),
    "scenario not a table": (
        'scenario = "no programme"\n',
        "scenario",
        ["must be a table"],
    ),
    "age shares leave no room for heads": (
        "[demography]\nchildren_share = 0.5\nyoung_share = 0.3\nelderly_share = 0.2\n",
        "demography.children_share",
        ["at most 0.772"],
    ),
    "young outlive the gap between birth months": (
        "[livestock.pigs]\nmonths_as_young = 8\n",
        "livestock.pigs.months_as_young",
        ["must not exceed"],
    ),
    "first birth beyond the calendar": (
        "[livestock.cattle]\nfirst_birth_age_months = 60\n",
        "livestock.cattle.first_birth_age_months",
        ["beyond what this calendar allows"],
    ),
    "replacement stages with uneven birth months": (
        "[livestock.cattle]\nbirth_months = [3, 7]\nmonths_as_young = 4\nfirst_birth_age_months = 20\n",
        "livestock.cattle.first_birth_age_months",
        ["evenly spaced birth months"],
    ),
    "greenhouse season backwards": (
        "[greenhouse]\nfirst_month = 10\nlast_month = 3\n",
        "greenhouse.first_month",
        ["must not be after"],
    ),
}


@pytest.mark.parametrize(("text", "key", "fragments"), list(BAD.values()), ids=list(BAD))
def test_bad_scenario_names_file_and_key(tmp_path: Path, text: str, key: str, fragments: list[str]) -> None:
    message = error_of(write(tmp_path, text))
    assert f"'{key}'" in message, message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_unknown_key_lists_every_allowed_key_of_its_group(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "[transfers]\nproperty_yuan = 1\n"))
    allowed = [name.split(".", 1)[1] for name in flatten(Parameters()) if name.startswith("transfers.")]
    assert allowed
    for name in allowed:
        assert name in message, (name, message)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "[labour\nhome_share = 0.4\n"))
    assert "not valid TOML" in message


def test_duplicate_key_is_invalid_toml(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "[labour]\nhome_share = 0.4\nhome_share = 0.5\n"))
    assert "not valid TOML" in message


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    message = error_of(tmp_path / "absent.toml")
    assert "no such scenario file" in message


def test_unreadable_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'[scenario]\ndescription = "caf\xe9"\n')
    message = error_of(path)
    assert "cannot be read" in message


def test_a_directory_is_not_a_scenario(tmp_path: Path) -> None:
    directory = tmp_path / "dir.toml"
    directory.mkdir()
    error_of(directory)


def test_scenario_error_is_a_value_error() -> None:
    assert issubclass(ScenarioError, ValueError)


# ---------------------------------------------------------------------------- good files


def test_valid_overrides_are_applied(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[scenario]
description = "Higher wages, a wetter pig calendar"

[simulation]
years = 3
poverty_line_yuan = 1500

[labour]
migrant_wage_yuan_per_month = 1100
home_share = 0.5

[livestock]
outbreak_probability_per_village_year = 0.0

[livestock.pigs]
birth_months = [3, 9]
winter_exposed = true

[livestock.cattle]
months_as_young = 11
""",
        name="my-scenario.toml",
    )
    scenario = load_scenario(path)
    params = scenario.params
    assert scenario.name == "my-scenario"
    assert scenario.description == "Higher wages, a wetter pig calendar"
    assert scenario.path == path
    assert params.simulation.years == 3
    assert params.simulation.poverty_line_yuan == 1500.0
    assert isinstance(params.simulation.poverty_line_yuan, float)  # a whole number became a float
    assert params.labour.migrant_wage_yuan_per_month == 1100.0
    assert params.labour.home_share == 0.5
    assert params.livestock.outbreak_probability_per_village_year == 0.0
    assert params.livestock.pigs.birth_months == (3, 9)
    assert params.livestock.pigs.winter_exposed is True
    assert params.livestock.cattle.months_as_young == 11
    assert scenario.overrides == {
        "simulation.years": 3,
        "simulation.poverty_line_yuan": 1500,
        "labour.migrant_wage_yuan_per_month": 1100,
        "labour.home_share": 0.5,
        "livestock.outbreak_probability_per_village_year": 0.0,
        "livestock.pigs.birth_months": [3, 9],
        "livestock.pigs.winter_exposed": True,
        "livestock.cattle.months_as_young": 11,
    }
    # Everything else keeps its default.
    changed = {k for k, v in flatten(params).items() if flatten(Parameters())[k] != v}
    assert changed == {
        "simulation.years",
        "simulation.poverty_line_yuan",
        "labour.migrant_wage_yuan_per_month",
        "labour.home_share",
        "livestock.outbreak_probability_per_village_year",
        "livestock.pigs.birth_months",
        "livestock.pigs.winter_exposed",
        "livestock.cattle.months_as_young",
    }


def test_dotted_keys_equal_tables(tmp_path: Path) -> None:
    dotted = load_scenario(write(tmp_path, "labour.home_share = 0.3\n", "a.toml"))
    table = load_scenario(write(tmp_path, "[labour]\nhome_share = 0.3\n", "b.toml"))
    assert dotted.params == table.params
    assert dotted.params.labour.home_share == 0.3


def test_range_bounds_are_inclusive(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path, "[labour]\nhome_share = 1.0\nmigrant_months_per_year = 12\n"))
    assert scenario.params.labour.home_share == 1.0
    assert scenario.params.labour.migrant_months_per_year == 12


def test_an_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path, "", "empty.toml"))
    assert scenario.params == Parameters()
    assert scenario.description == ""
    assert scenario.overrides == {}


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.name for p in SCENARIO_FILES])
def test_every_shipped_scenario_loads(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario.name == path.stem
    assert scenario.description, "a shipped scenario says what it is"
    assert isinstance(scenario.params, Parameters)


def test_there_are_shipped_scenarios() -> None:
    assert any(p.name == "no-programme.toml" for p in SCENARIO_FILES)


def test_no_programme_is_the_defaults() -> None:
    path = next(p for p in SCENARIO_FILES if p.name == "no-programme.toml")
    assert load_scenario(path).params == Parameters()


# ---------------------------------------------------------------------------- overrides in code


def test_model_overrides_are_validated_like_files() -> None:
    with pytest.raises(ScenarioError, match=r"PovertyModel: unknown key 'labour\.wage'"):
        PovertyModel(rng=1, overrides={"labour.wage": 1})
    with pytest.raises(ScenarioError, match=r"'simulation\.years'.*outside"):
        PovertyModel(rng=1, years=0)
    with pytest.raises(ScenarioError, match=r"'simulation\.poverty_line_yuan'"):
        PovertyModel(rng=1, poverty_line_yuan=-5.0)


def test_model_overrides_are_applied() -> None:
    model = PovertyModel(rng=1, years=2, poverty_line_yuan=2000.0, overrides={"labour.home_share": 0.3})
    assert model.params.simulation.years == 2
    assert model.params.simulation.poverty_line_yuan == 2000.0
    assert model.params.labour.home_share == 0.3
