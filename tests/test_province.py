"""The province generator (sim/province.py): Qinghai's 1,622 poor key-county villages as a fixed
map drawn from sim/data/qinghai-key-counties.toml."""

from __future__ import annotations

import tomllib
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import sim
from sim.province import ProvinceDataError, load_province, read_province
from sim.scenario import ScenarioError, apply_overrides
from sim.villages import PROVINCE, SPECIES, TEN_VILLAGES, Industry, load_villages, village_set

RAW = tomllib.loads(resources.files("sim.data").joinpath("qinghai-key-counties.toml").read_text())


def test_the_province_has_its_sourced_village_count_and_enough_households() -> None:
    villages = load_province()
    assert len(villages) == 1622
    assert sum(v.households for v in villages) >= 300_000
    assert len({v.name for v in villages}) == len(villages)
    assert villages[0].name == "Datong 001"


def test_county_totals_follow_the_data_file() -> None:
    counts = Counter(v.county for v in load_province())
    assert counts == {row["name"]: row["villages"] for row in RAW["county"]}
    assert len(counts) == 15


def test_the_map_is_fixed_across_calls_and_run_seeds() -> None:
    assert load_province() is load_province()
    fresh = read_province()
    from sim.province import draw_province

    assert draw_province(fresh) == load_province()
    a = sim.PovertyModel(rng=1, villages=load_province()[:3], years=1)
    b = sim.PovertyModel(rng=2, villages=load_province()[:3], years=1)
    assert a.villages == b.villages


def test_draws_lie_within_the_stated_bounds() -> None:
    for v in load_province():
        zone = RAW["zone"][v.zone]
        assert zone["households_min"] <= v.households <= zone["households_max"]
        low, high = zone["people_per_household_bounds"]
        assert low - 0.01 <= v.people / v.households <= high + 0.01
        for key in ("land_mu_per_person", "fatteners", "poultry", "industry_share"):
            lo, hi = zone[key]
            assert lo - 0.01 <= getattr(v, key) <= hi + 0.01, (v.name, key)
        for species in SPECIES:
            lo, hi = zone["herds"][species.value]
            assert lo - 0.01 <= v.herds[species] <= hi + 0.01
        assert v.industry != v.second_industry
        assert zone["industry"].get(v.industry.value, 0) > 0
        if v.industry != Industry.GREENHOUSE:
            assert v.greenhouse_share == 0


def test_zone_means_are_anchored_on_the_ten_and_haidong() -> None:
    villages = load_province()
    mean = sum(v.households for v in villages) / len(villages)
    assert 190 <= mean <= 240  # the ten: 202; Haidong 2013: 226
    size = sum(v.people for v in villages) / sum(v.households for v in villages)
    assert 4.2 <= size <= 4.6  # the ten: 4.39


def test_the_village_set_parameter() -> None:
    assert village_set(TEN_VILLAGES) == load_villages()
    assert village_set(PROVINCE) is load_province()
    params = apply_overrides(sim.Parameters(), {"simulation.villages": PROVINCE}, origin="test")
    assert params.simulation.villages == PROVINCE
    with pytest.raises(ScenarioError, match=r"simulation\.villages' must be one of"):
        apply_overrides(sim.Parameters(), {"simulation.villages": "tibet"}, origin="test")


def write(tmp_path: Path, raw: dict[str, Any]) -> Path:
    def value(v: Any) -> str:
        if isinstance(v, str):
            return f'"{v}"'
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
        return repr(v)

    lines = [f"seed = {raw['seed']}"] if "seed" in raw else []
    for row in raw.get("county", []):
        lines.append("[[county]]")
        lines.extend(f"{k} = {value(v)}" for k, v in row.items())
    for name, zone in raw.get("zone", {}).items():
        lines.append(f'[zone."{name}"]')
        lines.extend(f'"{k}" = {value(v)}' for k, v in zone.items())
    path = tmp_path / "province.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_copy_of_the_data_file_reads_back_the_same(tmp_path: Path) -> None:
    assert load_province(write(tmp_path, RAW)) == load_province()


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda r: r.pop("seed"), "seed"),
        (lambda r: r["county"][0].update(villages=0), "county[0].villages"),
        (lambda r: r["county"][1].update(zone="desert"), "county[1].zone"),
        (lambda r: r["zone"]["farming"].pop("poultry"), "zone.farming.poultry"),
        (
            lambda r: r["zone"]["farming"].update(land_mu_per_person=[2.0, 1.0]),
            "zone.farming.land_mu_per_person",
        ),
        (lambda r: r["zone"]["pastoral"].update(industry_share=[0.5, 1.5]), "zone.pastoral.industry_share"),
        (lambda r: r["zone"]["pastoral"]["industry"].update(cattle=0.9), "zone.pastoral.industry"),
        (lambda r: r["zone"]["farming"]["herds"].pop("pigs"), "zone.farming.herds"),
        (lambda r: r["zone"]["farming"].update(colour=1), "zone.farming.colour"),
    ],
)
def test_a_bad_data_file_names_the_file_and_the_key(tmp_path: Path, change: Any, key: str) -> None:
    import copy

    raw = copy.deepcopy(RAW)
    change(raw)
    path = write(tmp_path, raw)
    with pytest.raises(ProvinceDataError) as error:
        read_province(path)
    assert str(path) in str(error.value)
    assert f"'{key}'" in str(error.value)


def test_a_file_that_is_not_toml(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("seed = = 1\n")
    with pytest.raises(ProvinceDataError, match="not valid TOML"):
        read_province(path)
