"""What memberships and village works do to a household's production, as multipliers.

Cooperative and association members sell at a premium, buy inputs cheaper and get technical
services (higher birth rates and yields, lower mortality) for a fee; association members sell
most of their animals and vegetables under contract with the base at the trend price; a
hardened road raises farm-gate prices and brings custom to businesses. Recomputed whenever
membership or a road changes; the herd, crop, greenhouse and business rules read them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.params import OrganisationParams
from sim.state import HouseholdState

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class HouseholdEffects:
    """Per-household multipliers."""

    price: FloatArray  # on sale prices of animals and vegetables (field crops are mostly eaten)
    cost: FloatArray  # on production costs
    births: FloatArray  # on birth rates
    mortality: FloatArray  # on animal mortality
    business: FloatArray  # on business takings
    yields: FloatArray  # on greenhouse and orchard yields (technical services)
    contract: FloatArray  # share of animal and vegetable sales at the contract (trend) price
    fees: FloatArray  # Yuan a year to cooperatives and associations

    @classmethod
    def of(
        cls,
        state: HouseholdState,
        params: OrganisationParams,
        road_price_gain: FloatArray | float = 0.0,
        road_business_gain: FloatArray | float = 0.0,
    ) -> HouseholdEffects:
        """The effects of the memberships and roads households have now."""
        coop = state.cooperative_member.astype(np.float64)
        assoc = (state.association >= 0).astype(np.float64)
        technical = np.maximum(coop, assoc)
        return cls(
            price=(1.0 + params.cooperative_price_premium * coop + params.association_price_premium * assoc)
            * (1.0 + road_price_gain),
            cost=1.0 - params.cooperative_cost_saving * coop,
            births=1.0 + params.technical_birth_gain * technical,
            mortality=1.0 - params.technical_mortality_cut * technical,
            business=np.broadcast_to(1.0 + np.asarray(road_business_gain, dtype=np.float64), coop.shape),
            yields=1.0 + params.technical_yield_gain * technical,
            contract=params.association_contract_share * assoc,
            fees=params.cooperative_fee_yuan_per_year * coop + params.association_fee_yuan_per_year * assoc,
        )
