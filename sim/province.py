"""The province: every poor village of Qinghai's 15 national key counties, as one fixed map.

The counties (name, prefecture, zone, number of poor villages) and the distributions of each
zone's villages are read from ``sim/data/qinghai-key-counties.toml``, where every figure says
where it comes from (docs/PROVINCE.md). The villages are drawn at once with numpy from the
file's own seed, so the province is the same for every run and seed; it is built once per
process. A bad data file is an error naming the file and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.villages import SPECIES, Industry, Species, VillageSpec

FloatArray = NDArray[np.float64]
DATA_FILE = "qinghai-key-counties.toml"
INDUSTRIES: tuple[Industry, ...] = tuple(Industry)
ZONES = ("farming", "agro-pastoral", "pastoral")
RANGES = (
    "land_mu_per_person",
    "fatteners",
    "poultry",
    "industry_share",
    "greenhouse_share",
    "garden_mu_per_household",
    "transport_share",
    "canteen_share",
)
SHARES = ("industry_share", "greenhouse_share", "transport_share", "canteen_share")


class ProvinceDataError(ValueError):
    """A province data file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class County:
    """One county: where it is, its zone and how many poor villages it has."""

    name: str
    prefecture: str
    zone: str
    villages: int


@dataclass(frozen=True)
class Zone:
    """How the villages of one zone are drawn (see the data file for each figure's source)."""

    households_median: float
    households_log_sd: float
    households_min: int
    households_max: int
    people_per_household: tuple[float, float]  # mean, sd
    people_per_household_bounds: tuple[float, float]
    ranges: dict[str, tuple[float, float]]  # uniform [low, high] per village, by field
    herds: dict[Species, tuple[float, float]]  # breeding females per household
    industry: FloatArray  # probabilities over INDUSTRIES


@dataclass(frozen=True)
class ProvinceData:
    """A province data file, checked."""

    seed: int
    counties: tuple[County, ...]
    zones: dict[str, Zone]


def read_province(path: Path | None = None) -> ProvinceData:
    """Read and check a province data file (by default the built-in one)."""
    if path is None:
        text = resources.files("sim.data").joinpath(DATA_FILE).read_text(encoding="utf-8")
        origin = f"sim/data/{DATA_FILE}"
    else:
        origin = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise ProvinceDataError(f"{origin}: cannot be read ({error})") from error
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProvinceDataError(f"{origin}: not valid TOML ({error})") from error
    return _checked(raw, origin)


def _checked(raw: Mapping[str, Any], origin: str) -> ProvinceData:
    def fail(key: str, message: str) -> ProvinceDataError:
        return ProvinceDataError(f"{origin}: key '{key}': {message}")

    seed = raw.get("seed")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise fail("seed", f"must be a non-negative whole number, got {seed!r}")
    rows = raw.get("county")
    if not isinstance(rows, list) or not rows:
        raise fail("county", "must be a list of [[county]] tables")
    counties = []
    for i, row in enumerate(rows):
        where = f"county[{i}]"
        if not isinstance(row, dict) or set(row) != {"name", "prefecture", "zone", "villages"}:
            raise fail(where, "must have exactly name, prefecture, zone and villages")
        if not isinstance(row["name"], str) or not row["name"]:
            raise fail(f"{where}.name", f"must be a name, got {row['name']!r}")
        if not isinstance(row["prefecture"], str):
            raise fail(f"{where}.prefecture", f"must be a name, got {row['prefecture']!r}")
        if row["zone"] not in ZONES:
            raise fail(f"{where}.zone", f"must be one of {', '.join(ZONES)}, got {row['zone']!r}")
        count = row["villages"]
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 9999:
            raise fail(f"{where}.villages", f"must be a whole number from 1 to 9999, got {count!r}")
        counties.append(County(row["name"], row["prefecture"], row["zone"], count))
    names = [c.name for c in counties]
    if len(set(names)) != len(names):
        raise fail("county", "county names must differ")
    zones_raw = raw.get("zone")
    if not isinstance(zones_raw, dict):
        raise fail("zone", "must be a table of zones")
    zones = {}
    for name in sorted({c.zone for c in counties}):
        if name not in zones_raw:
            raise fail(f"zone.{name}", "missing (a county is in this zone)")
        zones[name] = _zone(zones_raw[name], f"zone.{name}", fail)
    unknown = set(raw) - {"seed", "county", "zone"}
    if unknown:
        raise fail(sorted(unknown)[0], "unknown; allowed: seed, county, zone")
    return ProvinceData(seed, tuple(counties), zones)


def _zone(raw: Any, where: str, fail: Any) -> Zone:
    if not isinstance(raw, dict):
        raise fail(where, "must be a table")
    allowed = {
        "households_median",
        "households_log_sd",
        "households_min",
        "households_max",
        "people_per_household",
        "people_per_household_bounds",
        "herds",
        "industry",
        *RANGES,
    }
    for key in sorted(set(raw) - allowed):
        raise fail(f"{where}.{key}", f"unknown; allowed: {', '.join(sorted(allowed))}")
    for key in sorted(allowed - set(raw)):
        raise fail(f"{where}.{key}", "missing")

    def number(key: str, low: float, high: float) -> float:
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise fail(f"{where}.{key}", f"must be a number in [{low}, {high}], got {value!r}")
        return float(value)

    def pair(key: str, value: Any, low: float, high: float, ordered: bool = True) -> tuple[float, float]:
        if (
            not isinstance(value, list)
            or len(value) != 2
            or any(not _number_in(v, low, high) for v in value)
            or (ordered and value[0] > value[1])
        ):
            shape = "[low, high]" if ordered else "[mean, sd]"
            raise fail(f"{where}.{key}", f"must be {shape} with numbers in [{low}, {high}], got {value!r}")
        return float(value[0]), float(value[1])

    low_households = number("households_min", 1, 100000)
    high_households = number("households_max", low_households, 100000)
    for key in ("households_min", "households_max"):
        if not float(raw[key]).is_integer():
            raise fail(f"{where}.{key}", f"must be a whole number, got {raw[key]!r}")
    bounds = pair("people_per_household_bounds", raw["people_per_household_bounds"], 1.0, 20.0)
    ranges = {}
    for key in RANGES:
        ranges[key] = pair(key, raw[key], 0.0, 1.0 if key in SHARES else 10000.0)
    herds_raw = raw["herds"]
    if not isinstance(herds_raw, dict) or set(herds_raw) != {s.value for s in SPECIES}:
        raise fail(f"{where}.herds", f"must give every species: {', '.join(s.value for s in SPECIES)}")
    herds = {s: pair(f"herds.{s.value}", herds_raw[s.value], 0.0, 10000.0) for s in SPECIES}
    mix = raw["industry"]
    if not isinstance(mix, dict) or set(mix) - {i.value for i in INDUSTRIES}:
        raise fail(f"{where}.industry", f"must be a table over {', '.join(i.value for i in INDUSTRIES)}")
    probabilities = np.array([mix.get(i.value, 0.0) for i in INDUSTRIES], dtype=object)
    if any(isinstance(p, bool) or not isinstance(p, int | float) or p < 0 for p in probabilities):
        raise fail(f"{where}.industry", "probabilities must be numbers of at least 0")
    industry = probabilities.astype(np.float64)
    if abs(industry.sum() - 1.0) > 1e-6 or np.count_nonzero(industry) < 2:
        raise fail(
            f"{where}.industry",
            f"probabilities must add up to 1 over at least two industries, got {industry.sum():.4f}",
        )
    return Zone(
        households_median=number("households_median", 1.0, 100000.0),
        households_log_sd=number("households_log_sd", 0.0, 3.0),
        households_min=int(low_households),
        households_max=int(high_households),
        people_per_household=pair("people_per_household", raw["people_per_household"], 0.0, 20.0, False),
        people_per_household_bounds=bounds,
        ranges=ranges,
        herds=herds,
        industry=industry,
    )


def _number_in(value: Any, low: float, high: float) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and low <= value <= high


def draw_province(data: ProvinceData) -> tuple[VillageSpec, ...]:
    """The villages of the province, drawn from ``data`` with its own seed."""
    rng = np.random.default_rng(data.seed)
    county_of = np.repeat(np.arange(len(data.counties)), [c.villages for c in data.counties])
    zone_names = sorted(data.zones)
    zone_index = np.array([zone_names.index(c.zone) for c in data.counties])[county_of]
    n = county_of.size
    zones = [data.zones[z] for z in zone_names]

    def by_zone(values: list[float]) -> FloatArray:
        return np.asarray(values, dtype=np.float64)[zone_index]

    def uniform(low: FloatArray, high: FloatArray, u: FloatArray | None = None) -> FloatArray:
        return low + (high - low) * (rng.random(n) if u is None else u)

    median = by_zone([z.households_median for z in zones])
    log_sd = by_zone([z.households_log_sd for z in zones])
    households = np.rint(median * np.exp(log_sd * rng.standard_normal(n)))
    households = np.clip(
        households, by_zone([z.households_min for z in zones]), by_zone([z.households_max for z in zones])
    ).astype(np.int64)
    size_mean = by_zone([z.people_per_household[0] for z in zones])
    size_sd = by_zone([z.people_per_household[1] for z in zones])
    size = np.clip(
        size_mean + size_sd * rng.standard_normal(n),
        by_zone([z.people_per_household_bounds[0] for z in zones]),
        by_zone([z.people_per_household_bounds[1] for z in zones]),
    )
    people = np.maximum(np.rint(households * size).astype(np.int64), households)

    # Industry: drawn from the zone's mix; the second from the same mix without the first.
    mix = np.stack([z.industry for z in zones])[zone_index]
    first = (rng.random(n)[:, None] > np.cumsum(mix, axis=1)).sum(axis=1)
    first = np.minimum(first, len(INDUSTRIES) - 1)
    rest = mix.copy()
    rest[np.arange(n), first] = 0.0
    rest /= rest.sum(axis=1, keepdims=True)
    second = (rng.random(n)[:, None] > np.cumsum(rest, axis=1)).sum(axis=1)
    second = np.minimum(second, len(INDUSTRIES) - 1)
    second = np.where(rest[np.arange(n), second] > 0, second, np.argmax(rest, axis=1))

    drawn = {
        key: uniform(by_zone([z.ranges[key][0] for z in zones]), by_zone([z.ranges[key][1] for z in zones]))
        for key in RANGES
    }
    herds = {}
    for species in SPECIES:
        u = rng.random(n)
        own = first == INDUSTRIES.index(Industry(species.value))
        u = np.where(own, 0.5 + 0.5 * u, u)  # the village's own livestock: upper half of the range
        herds[species] = uniform(
            by_zone([z.herds[species][0] for z in zones]), by_zone([z.herds[species][1] for z in zones]), u
        )
    industry_of = np.array(INDUSTRIES, dtype=object)[first]

    def only(industries: tuple[Industry, ...], values: FloatArray) -> FloatArray:
        return np.where(np.isin(industry_of, industries), values, 0.0)

    greenhouse = only((Industry.GREENHOUSE,), drawn["greenhouse_share"])
    garden = only((Industry.GARDENING,), drawn["garden_mu_per_household"])
    transport = only((Industry.TRANSPORT, Industry.CANTEEN), drawn["transport_share"])
    canteen = only((Industry.TRANSPORT, Industry.CANTEEN), drawn["canteen_share"])

    starts = np.cumsum([0, *(c.villages for c in data.counties)])[:-1]
    number = np.arange(n) - starts[county_of] + 1
    names = [data.counties[c].name for c in county_of]
    return tuple(
        VillageSpec(
            name=f"{names[v]} {number[v]:03d}",
            industry=INDUSTRIES[first[v]],
            second_industry=INDUSTRIES[second[v]],
            industry_share=round(float(drawn["industry_share"][v]), 3),
            zone=zone_names[zone_index[v]],
            households=int(households[v]),
            people=int(people[v]),
            land_mu_per_person=round(float(drawn["land_mu_per_person"][v]), 2),
            herds={s: round(float(herds[s][v]), 2) for s in SPECIES},
            fatteners=round(float(drawn["fatteners"][v]), 2),
            poultry=round(float(drawn["poultry"][v]), 1),
            greenhouse_share=round(float(greenhouse[v]), 3),
            garden_mu_per_household=round(float(garden[v]), 2),
            transport_share=round(float(transport[v]), 3),
            canteen_share=round(float(canteen[v]), 3),
            county=names[v],
        )
        for v in range(n)
    )


@cache
def load_province(path: Path | None = None) -> tuple[VillageSpec, ...]:
    """The province's villages from a data file (by default the built-in one); built once per
    process."""
    return draw_province(read_province(path))
