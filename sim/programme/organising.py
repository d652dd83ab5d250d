"""The programme organises production: "cooperative + rural households" and
"association + base + rural households".

In the first funded year every household joins its village's cooperative with the programme's
share as its chance (members stay members), and, where an association serves the village's
industry, joins the association likewise.
"""

from __future__ import annotations

import numpy as np

from sim.programme.params import OrganisingParams
from sim.state import HouseholdState


def organise(state: HouseholdState, params: OrganisingParams, rng: np.random.Generator) -> None:
    """Households join the cooperative and the association at the programme's shares."""
    draw = rng.random(state.size)
    joins_cooperative = draw < params.cooperative_share
    state.cooperative_member |= joins_cooperative
    served_by = state.served_by_association
    draw = rng.random(state.size)
    joins_association = (draw < params.association_share) & (served_by >= 0) & (state.association < 0)
    state.association[joins_association] = served_by[joins_association]
