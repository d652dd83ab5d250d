"""The Mesa agents: households, cooperatives and associations."""

from sim.agents.association import Association
from sim.agents.cooperative import Cooperative
from sim.agents.household import Household

__all__ = ["Association", "Cooperative", "Household"]
