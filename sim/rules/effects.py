"""What memberships and village works do to a household's production, as multipliers.

Cooperatives and associations reach a market for their village's industry only: a member
sells a share of *that industry's product* through its organisation (the products are
``ORGANISED_PRODUCTS``; transport and canteen villages sell services in the village, which no
organisation markets). The price of a product ``p`` a member sells is then, per household,

    road * ((1 - c - a) * market_p * local_p + c * market_p * (1 + cooperative premium)
            + a * contract_p * (1 + association premium))

where ``c`` is the share sold through the cooperative (``cooperative_sales_share`` of what is
not under contract) and ``a`` the share sold under contract with the association's base
(``association_contract_share``), both 0 for products of other industries and for non-members.
Sales through an organisation bypass the village market (``local``); contracted sales are at
the contract price (last year's market price on trend). The premia thus apply only to what is
sold through the organisation, never to the rest of a member's sales. Members of either also
buy inputs cheaper (the cooperative) and get technical services (higher birth rates and
yields, lower mortality) for a fee. A hardened road raises farm-gate prices of animals and
vegetables and brings custom to businesses. Recomputed whenever membership or a road
changes; the herd, crop, greenhouse and business rules read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sim.params import OrganisationParams
from sim.state import HouseholdState
from sim.villages import Industry
from sim.world import Index, World

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

# What each village industry's organisation sells for its members (price indices): animals and
# milk, sheep and wool, pigs, eggs, vegetables, fruit (garden produce follows the crop index).
ORGANISED_PRODUCTS: dict[Industry, tuple[Index, ...]] = {
    Industry.CATTLE: (Index.CATTLE, Index.MILK),
    Industry.SHEEP: (Index.SHEEP,),
    Industry.PIGS: (Index.PIGS,),
    Industry.CHICKENS: (Index.EGGS,),
    Industry.GREENHOUSE: (Index.VEGETABLES,),
    Industry.GARDENING: (Index.CROPS,),
    Industry.TRANSPORT: (),
    Industry.CANTEEN: (),
}


def organised_products(industries: Sequence[Industry]) -> BoolArray:
    """(Index, village): whether the organisations of each village (by its industry) sell
    that product."""
    out = np.zeros((len(Index), len(industries)), dtype=bool)
    for v, industry in enumerate(industries):
        out[list(ORGANISED_PRODUCTS[industry]), v] = True
    return out


def has_market(industry: Industry) -> bool:
    """Whether the industry has a product an organisation can take to a market."""
    return bool(ORGANISED_PRODUCTS[industry])


@dataclass(frozen=True)
class HouseholdEffects:
    """Per-household multipliers and the shares of each product sold through organisations."""

    price: FloatArray  # on farm-gate sale prices of animals and vegetables: the road's gain
    cost: FloatArray  # on production costs
    births: FloatArray  # on birth rates
    mortality: FloatArray  # on animal mortality
    business: FloatArray  # on business takings
    yields: FloatArray  # on greenhouse and orchard yields (technical services)
    cooperative_sold: FloatArray  # (Index, household) share sold through the cooperative
    contract_sold: FloatArray  # (Index, household) share sold under contract with the base
    cooperative_premium: float  # on the price of what is sold through the cooperative
    association_premium: float  # on the contract price of what is sold to the base
    fees: FloatArray  # Yuan a year to cooperatives and associations
    # Per product: the households selling some of it through an organisation (filled as asked).
    sellers: dict[Index, IntArray] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(
        cls,
        state: HouseholdState,
        params: OrganisationParams,
        road_price_gain: FloatArray | float = 0.0,
        road_business_gain: FloatArray | float = 0.0,
        products: BoolArray | None = None,
    ) -> HouseholdEffects:
        """The effects of the memberships and roads households have now; ``products``
        (Index, village) says what each village's organisations sell (none if not given)."""
        coop = state.cooperative_member.astype(np.float64)
        assoc = (state.association >= 0).astype(np.float64)
        technical = np.maximum(coop, assoc)
        if products is None:
            sells = np.zeros((len(Index), state.size))
        else:
            sells = products[:, state.village].astype(np.float64)
        contract = params.association_contract_share * assoc
        through = params.cooperative_sales_share * coop * (1.0 - contract)
        return cls(
            price=np.broadcast_to(1.0 + np.asarray(road_price_gain, dtype=np.float64), coop.shape),
            cost=1.0 - params.cooperative_cost_saving * coop,
            births=1.0 + params.technical_birth_gain * technical,
            mortality=1.0 - params.technical_mortality_cut * technical,
            business=np.broadcast_to(1.0 + np.asarray(road_business_gain, dtype=np.float64), coop.shape),
            yields=1.0 + params.technical_yield_gain * technical,
            cooperative_sold=sells * through,
            contract_sold=sells * contract,
            cooperative_premium=params.cooperative_price_premium,
            association_premium=params.association_price_premium,
            fees=params.cooperative_fee_yuan_per_year * coop + params.association_fee_yuan_per_year * assoc,
        )

    def sale_index(
        self,
        world: World,
        which: Index,
        year_index: int,
        local: FloatArray | float = 1.0,
        *,
        road: bool = True,
        rows: IntArray | None = None,
    ) -> FloatArray:
        """Per household: the price index at which it sells product ``which`` this year, with
        its village market (``local``), what it sells through its organisations at their
        premia, and (if ``road``) the road's gain. With ``rows`` (household indices), for those
        households only (``local``, if an array, is then theirs), each value as it would be for
        all."""
        market = world.index[which, year_index]
        c, a = self.cooperative_sold[which], self.contract_sold[which]
        price = self.price
        contract = world.contract[which, year_index]
        if rows is not None:
            c, a, price = c[rows], a[rows], price[rows]
            index = _sale_index(c, a, market, np.asarray(local), contract, self)
            return index * price if road else index
        # Most households sell nothing of ``which`` through an organisation (c = a = 0): for
        # them the index is exactly market * local (times 1, plus zeros), so it is computed so,
        # and the whole formula only for those who do.
        sellers = self._sellers(which)
        index = market * np.asarray(local)
        if np.ndim(index) == 0:
            index = np.full(c.size, index)
        if sellers.size:
            mine = np.asarray(local)
            index[sellers] = _sale_index(
                c[sellers], a[sellers], market, mine[sellers] if mine.ndim else mine, contract, self
            )
        return index * price if road else index

    def _sellers(self, which: Index) -> IntArray:
        """The households that sell some of ``which`` through an organisation (found once)."""
        found = self.sellers.get(which)
        if found is None:
            found = np.flatnonzero((self.cooperative_sold[which] != 0) | (self.contract_sold[which] != 0))
            self.sellers[which] = found
        return found


def _sale_index(
    c: FloatArray, a: FloatArray, market: float, local: FloatArray, contract: float, effects: HouseholdEffects
) -> FloatArray:
    """The price index of households selling ``c`` through the cooperative and ``a`` under
    contract (before the road's gain)."""
    result: FloatArray = (
        (1.0 - c - a) * market * local
        + c * market * (1.0 + effects.cooperative_premium)
        + a * contract * (1.0 + effects.association_premium)
    )
    return result
