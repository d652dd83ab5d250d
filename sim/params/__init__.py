"""Typed, frozen parameter groups with units and a source for every default.

Each field is declared with :func:`param`, which records its unit, its allowed range, its
role (``lever``: what a planner chooses; ``uncertainty``: what nobody controls; ``constant``)
and its source: a sourced fact (``FACTS: ...``, listed with its source in docs/SOURCES.md),
``assumption`` (no source found; the reasoning follows),
or ``calibrated``. Scenario files override these values by the same dotted names
(``livestock.cattle.birth_rate_per_event``); see :mod:`sim.scenario`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from sim.param_fields import group
from sim.params.assets import AssetParams
from sim.params.finance import FinanceParams
from sim.params.livestock import (
    CattleParams,
    GrazingParams,
    LivestockParams,
    PigParams,
    PoultryParams,
    SheepParams,
    SpeciesParams,
)
from sim.params.markets import MarketParams
from sim.params.people import (
    DemographyParams,
    HouseholdParams,
    LabourParams,
    OrganisationParams,
    SimulationParams,
    TransferParams,
)
from sim.params.prices import PriceParams
from sim.params.production import BusinessParams, CropParams, GreenhouseParams
from sim.params.time import TimeParams
from sim.programme.params import ProgrammeParams

__all__ = [
    "AssetParams",
    "BusinessParams",
    "CattleParams",
    "CropParams",
    "DemographyParams",
    "FinanceParams",
    "GrazingParams",
    "GreenhouseParams",
    "HouseholdParams",
    "LabourParams",
    "LivestockParams",
    "MarketParams",
    "OrganisationParams",
    "Parameters",
    "PigParams",
    "PoultryParams",
    "PriceParams",
    "ProgrammeParams",
    "SheepParams",
    "SimulationParams",
    "SpeciesParams",
    "TimeParams",
    "TransferParams",
    "describe",
    "flatten",
]


@dataclass(frozen=True)
class Parameters:
    """Every parameter of the model, grouped as the submodels are."""

    simulation: SimulationParams = group(SimulationParams)
    demography: DemographyParams = group(DemographyParams)
    livestock: LivestockParams = group(LivestockParams)
    crops: CropParams = group(CropParams)
    greenhouse: GreenhouseParams = group(GreenhouseParams)
    business: BusinessParams = group(BusinessParams)
    assets: AssetParams = group(AssetParams)
    labour: LabourParams = group(LabourParams)
    time: TimeParams = group(TimeParams)
    transfers: TransferParams = group(TransferParams)
    prices: PriceParams = group(PriceParams)
    markets: MarketParams = group(MarketParams)
    finance: FinanceParams = group(FinanceParams)
    households: HouseholdParams = group(HouseholdParams)
    organisations: OrganisationParams = group(OrganisationParams)
    programme: ProgrammeParams = group(ProgrammeParams)


def flatten(params: Any, prefix: str = "") -> dict[str, Any]:
    """Every leaf parameter by its dotted name."""
    out: dict[str, Any] = {}
    for f in fields(params):
        value = getattr(params, f.name)
        name = f"{prefix}{f.name}"
        if is_dataclass(value):
            out.update(flatten(value, name + "."))
        else:
            out[name] = value
    return out


def describe(params: Any, prefix: str = "") -> list[dict[str, Any]]:
    """Every leaf parameter with its value, unit, range, role and source."""
    rows: list[dict[str, Any]] = []
    for f in fields(params):
        value = getattr(params, f.name)
        name = f"{prefix}{f.name}"
        if is_dataclass(value):
            rows.extend(describe(value, name + "."))
        else:
            rows.append({"name": name, "value": value, **f.metadata})
    return rows
