"""The register of productive fixed assets: what each household holds, since when, at what cost.

Greenhouses, orchards, vehicles, canteen fittings, henhouses, pig pens and bought (or granted)
breeding stock are productive fixed assets. Each purchase is a *vintage*: the households that
bought, the cost and units each, the month it started and its life. Depreciation is
straight-line over the life, whoever paid (FACTS: net income in the rural household survey
subtracts the depreciation of productive fixed assets). It is posted in arrears, when the year
closes or, for the households disposing, before a disposal (each household's depreciation is
posted in the same pieces whatever other households do), so the monthly step does not pay for it.

- A disposal (a greenhouse given up, a business closed) writes off the book value of the share
  disposed, as depreciation, and the vintage keeps the rest.
- Greenhouses, orchards, vehicles and fittings retire at the end of their lives: their units
  leave the household's holdings (it may build again, see :mod:`sim.rules.investment`).
- Breeding stock is depreciated as a group over its species' productive life; the animals
  themselves leave by death and culling in the herd model, so they do not retire here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

from sim.ledger import Ledger, Source

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


class Asset(IntEnum):
    """Kinds of productive fixed asset."""

    GREENHOUSE = 0
    ORCHARD = 1
    VEHICLE = 2
    CANTEEN = 3
    CATTLE = 4  # breeding stock bought or granted
    SHEEP = 5
    PIGS = 6
    LAYERS = 7  # improved layers with their henhouse
    PIG_PENS = 8


SOURCE_OF_ASSET: dict[Asset, Source] = {
    Asset.GREENHOUSE: Source.GREENHOUSE,
    Asset.ORCHARD: Source.CROPS,
    Asset.VEHICLE: Source.BUSINESS,
    Asset.CANTEEN: Source.BUSINESS,
    Asset.CATTLE: Source.LIVESTOCK,
    Asset.SHEEP: Source.LIVESTOCK,
    Asset.PIGS: Source.LIVESTOCK,
    Asset.LAYERS: Source.LIVESTOCK,
    Asset.PIG_PENS: Source.LIVESTOCK,
}
RETIRING: frozenset[Asset] = frozenset(
    {Asset.GREENHOUSE, Asset.ORCHARD, Asset.VEHICLE, Asset.CANTEEN, Asset.LAYERS}
)


@dataclass
class Vintage:
    """One purchase: the same kind of asset bought by some households in one month."""

    asset: Asset
    rows: IntArray  # households, without repeats
    cost: FloatArray  # original value per household, Yuan
    units: FloatArray  # units per household (mu, vehicles, head, birds)
    start: IntArray  # month index depreciation starts, per household
    life: int  # months
    held: FloatArray  # share still held, per household (1 at purchase)
    posted: IntArray  # per household: depreciation is posted for the months before this one

    def book_value(self, month: int) -> FloatArray:
        """Value not yet depreciated at the start of ``month``, per household of the vintage."""
        used = np.clip(month - self.start, 0, self.life)
        return self.cost * self.held * (1.0 - used / self.life)

    def depreciation(self, month: int) -> FloatArray:
        """Depreciation for the months from ``posted`` to ``month``, per household."""
        end = self.start + self.life
        active = np.clip(np.minimum(month, end) - np.maximum(self.posted, self.start), 0, None)
        return self.cost * self.held * active / self.life


class AssetRegister:
    """Every household's productive fixed assets, as vintages."""

    def __init__(self, households: int) -> None:
        self.households = households
        self.vintages: list[Vintage] = []
        self.added: FloatArray = np.zeros((len(Asset), households))  # value put on the register

    def add(
        self,
        asset: Asset,
        rows: IntArray,
        cost: FloatArray | float,
        units: FloatArray | float,
        month: int,
        life_months: int,
        start: IntArray | None = None,
    ) -> None:
        """Record a purchase by ``rows`` (without repeats) in ``month``, depreciated over
        ``life_months`` from ``start`` (the month, unless older assets are registered)."""
        rows = np.asarray(rows, dtype=np.int64)
        if rows.size == 0:
            return
        cost = np.broadcast_to(np.asarray(cost, dtype=np.float64), rows.shape).copy()
        keep = cost > 0
        if not keep.all():
            rows, cost = rows[keep], cost[keep]
            if rows.size == 0:
                return
        units_array = np.broadcast_to(np.asarray(units, dtype=np.float64), keep.shape)[keep].copy()
        starts = np.full(rows.size, month, dtype=np.int64) if start is None else np.asarray(start)[keep]
        self.added[asset, rows] += cost
        self.vintages.append(
            Vintage(
                asset=asset,
                rows=rows,
                cost=cost,
                units=units_array,
                start=starts.astype(np.int64),
                life=max(int(life_months), 1),
                held=np.ones(rows.size),
                posted=np.full(rows.size, month, dtype=np.int64),
            )
        )

    def settle(self, month: int, ledger: Ledger, asset: Asset | None = None) -> None:
        """Post depreciation of every vintage (or of one kind) for the months before ``month``."""
        for vintage in self.vintages:
            if asset is not None and vintage.asset != asset:
                continue
            if np.any(month > vintage.posted):
                ledger.depreciate_at(
                    SOURCE_OF_ASSET[vintage.asset], vintage.rows, vintage.depreciation(month)
                )
                np.maximum(vintage.posted, month, out=vintage.posted)

    def dispose(self, asset: Asset, share: FloatArray, month: int, ledger: Ledger) -> None:
        """Households give up ``share`` (per household, 0-1) of their holding of ``asset``; the
        book value of what they give up is written off (their depreciation to ``month`` posted
        first; other households' is left for the year's close)."""
        for vintage in self.vintages:
            if vintage.asset != asset:
                continue
            part = share[vintage.rows]
            if not part.any():
                continue
            mine = part > 0
            rows = vintage.rows[mine]
            due = vintage.depreciation(month)[mine]
            ledger.depreciate_at(SOURCE_OF_ASSET[asset], rows, due)
            vintage.posted[mine] = np.maximum(vintage.posted[mine], month)
            ledger.depreciate_at(SOURCE_OF_ASSET[asset], rows, vintage.book_value(month)[mine] * part[mine])
            vintage.held *= 1.0 - part

    def retire(self, month: int, ledger: Ledger) -> dict[Asset, FloatArray]:
        """Assets whose lives have ended by ``month`` leave the register; returns the units
        retired per household, by kind (only kinds that retire, see ``RETIRING``)."""
        self.settle(month, ledger)
        retired: dict[Asset, FloatArray] = {}
        kept: list[Vintage] = []
        for vintage in self.vintages:
            ended = vintage.start + vintage.life <= month
            if vintage.asset in RETIRING and ended.any():
                out = retired.setdefault(vintage.asset, np.zeros(self.households))
                out[vintage.rows[ended]] += vintage.units[ended] * vintage.held[ended]
                vintage.held[ended] = 0.0
            if np.any(vintage.held > 0) and not (ended.all() and vintage.asset not in RETIRING):
                kept.append(vintage)
        self.vintages = kept
        return retired

    def units(self, asset: Asset, month: int, younger_than_months: int) -> FloatArray:
        """Units of ``asset`` per household bought fewer than ``younger_than_months`` before
        ``month`` and still held (orchards not yet bearing)."""
        out = np.zeros(self.households)
        for vintage in self.vintages:
            if vintage.asset != asset:
                continue
            young = month - vintage.start < younger_than_months
            np.add.at(out, vintage.rows[young], (vintage.units * vintage.held)[young])
        return out

    def take_added(self) -> FloatArray:
        """The value put on the register since last asked, by kind and household."""
        added: FloatArray = self.added
        self.added = np.zeros_like(added)
        return added

    def book_value(self, month: int) -> FloatArray:
        """Book value of every kind, per household: (Asset, household)."""
        out = np.zeros((len(Asset), self.households))
        for vintage in self.vintages:
            out[vintage.asset, vintage.rows] += vintage.book_value(month)
        return out
