"""The error of an experiment file or a sweep's folder (its own module so that the outcome
vocabulary, which the specification uses, can raise it too)."""

from sim.scenario import ScenarioError


class ExperimentError(ScenarioError):
    """An experiment that cannot be run or analysed; the one-line message names the file (or
    folder), the key and what is allowed."""
