"""What cooperative and association membership does to a household, as multipliers.

Recomputed whenever membership changes; the herd, crop and greenhouse rules read them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.params import OrganisationParams
from sim.state import HouseholdState


@dataclass(frozen=True)
class MemberEffects:
    """Per-household multipliers from membership."""

    price: NDArray[np.float64]  # on sale prices (pooled selling, contracts)
    cost: NDArray[np.float64]  # on production costs (pooled buying)
    births: NDArray[np.float64]  # on birth rates (technical services)
    mortality: NDArray[np.float64]  # on animal mortality (technical services)
    fees: NDArray[np.float64]  # Yuan per year

    @classmethod
    def of(cls, state: HouseholdState, params: OrganisationParams) -> MemberEffects:
        """The effects of the memberships the households hold now."""
        coop = state.cooperative_member.astype(np.float64)
        assoc = (state.association >= 0).astype(np.float64)
        technical = np.maximum(coop, assoc)
        return cls(
            price=1.0 + params.cooperative_price_premium * coop
            + params.association_price_premium * assoc,
            cost=1.0 - params.cooperative_cost_saving * coop,
            births=1.0 + params.technical_birth_gain * technical,
            mortality=1.0 - params.technical_mortality_cut * technical,
            fees=params.cooperative_fee_yuan_per_year * coop
            + params.association_fee_yuan_per_year * assoc,
        )
