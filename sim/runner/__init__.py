"""One fault-tolerant runner for ``compare``, ``sweep`` and the calibration.

A run of the runner is a set of :class:`~sim.runner.tasks.Task` (a scenario or parameter point
times a replication), each a function of its own inputs alone: its seed comes from the
experiment's seed and its identity, never from the order tasks are handed out or finish in. The
runs without a programme that the tasks' counterfactuals need are made once each
(:class:`~sim.runner.tasks.BaseTask`) and handed to every task that needs them.

- :mod:`sim.runner.tasks`: what to run, as data (JSON), with its keys;
- :mod:`sim.runner.execute`: how a worker runs one task or base run, returning Arrow tables;
- :mod:`sim.runner.wire`: those tables and task descriptions as bytes (Arrow IPC and JSON, no
  pickles) between the runner and its worker processes;
- :mod:`sim.runner.worker`: the worker process (``python -m sim.runner.worker``), which dies
  with the runner;
- :mod:`sim.runner.engines`: where tasks run: in this process, on local worker processes, or on
  a Dask distributed cluster;
- :mod:`sim.runner.store`: where results go: memory, or an output folder holding a Parquet
  dataset that grows one file per finished task, with a manifest, so a killed run resumes;
- :mod:`sim.runner.schedule`: the loop that hands tasks to an engine and results to a store.
"""
