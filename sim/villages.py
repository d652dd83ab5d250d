"""The ten villages: their industry, size, land and herds before the programme."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path


class Industry(StrEnum):
    """The household projects the report lists, one industry per village."""

    CATTLE = "cattle"
    SHEEP = "sheep"
    PIGS = "pigs"
    CHICKENS = "chickens"
    GREENHOUSE = "greenhouse"
    GARDENING = "gardening"
    TRANSPORT = "transport"
    CANTEEN = "canteen"


class Species(StrEnum):
    """Herd species, in the order of the herd array's first axis."""

    CATTLE = "cattle"
    SHEEP = "sheep"
    PIGS = "pigs"


SPECIES: tuple[Species, ...] = tuple(Species)
# Positions on the herd array's species axis.
CATTLE = SPECIES.index(Species.CATTLE)
SHEEP = SPECIES.index(Species.SHEEP)
PIGS = SPECIES.index(Species.PIGS)

# Which association serves which village industries (assumption: one association per
# product chain, each tied to a production base that spans villages; the report names the
# "association + base + rural households" form but not the associations).
ASSOCIATIONS: tuple[tuple[str, tuple[Industry, ...]], ...] = (
    ("herding association", (Industry.CATTLE, Industry.SHEEP)),
    ("pig and poultry association", (Industry.PIGS, Industry.CHICKENS)),
    ("vegetable and seedling association", (Industry.GREENHOUSE, Industry.GARDENING)),
)


def association_of(industry: Industry) -> int:
    """The association serving an industry, or -1 where none does."""
    for index, (_, industries) in enumerate(ASSOCIATIONS):
        if industry in industries:
            return index
    return -1


@dataclass(frozen=True)
class VillageSpec:
    """One village as it was before the programme."""

    name: str
    industry: Industry
    second_industry: Industry
    industry_share: float
    zone: str
    households: int
    people: int
    land_mu_per_person: float
    herds: dict[Species, float]  # breeding females per household
    fatteners: float  # pigs bought in each spring, per household
    poultry: float  # birds per household
    greenhouse_share: float = 0.0
    garden_mu_per_household: float = 0.0
    transport_share: float = 0.0
    canteen_share: float = 0.0


@cache
def load_villages(path: Path | None = None) -> tuple[VillageSpec, ...]:
    """The villages from a TOML table (by default the built-in ten); read once per process."""
    if path is None:
        text = resources.files("sim.data").joinpath("villages.toml").read_text()
        origin = "sim/data/villages.toml"
    else:
        text = path.read_text()
        origin = str(path)
    rows = tomllib.loads(text)["village"]
    villages = []
    for row in rows:
        try:
            herds = {Species(k): float(v) for k, v in row.pop("herds").items()}
            villages.append(
                VillageSpec(
                    industry=Industry(row.pop("industry")),
                    second_industry=Industry(row.pop("second_industry")),
                    herds={s: herds.get(s, 0.0) for s in SPECIES},
                    **row,
                )
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{origin}: village {row.get('name', '?')!r}: {error}") from error
    return tuple(villages)
