"""povsim: an agent-based simulation of Liaoning's pairing-off poverty alleviation in Qinghai."""

from sim.api import run
from sim.model import PovertyModel
from sim.params import Parameters
from sim.results import RunResult
from sim.scenario import Scenario, ScenarioError, load_scenario

__all__ = [
    "Parameters",
    "PovertyModel",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "load_scenario",
    "run",
]
