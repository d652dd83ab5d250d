"""Researchers' sweeps: experiment files, their designs, what each run records, and the
sensitivity analysis of a finished sweep.

- :mod:`sim.experiment.spec`: the experiment file (``experiments/*.toml``), validated strictly;
- :mod:`sim.experiment.design`: the design points (SALib's samplers, or a full factorial);
- :mod:`sim.experiment.outcomes`: the outcomes a run can record, and recording them;
- :mod:`sim.experiment.analyze`: ``povsim analyze``: Sobol, Morris or delta indices, or the
  outcome surface over the levers.

Only the specification is imported here: the runner's workers import
:mod:`sim.experiment.outcomes` and need neither SALib nor matplotlib.
"""

from sim.experiment.errors import ExperimentError
from sim.experiment.spec import Experiment, Remainder, Variable, load_experiment

__all__ = ["Experiment", "ExperimentError", "Remainder", "Variable", "load_experiment"]
