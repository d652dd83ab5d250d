"""The counterfactual of one run, computed in a second process while this one runs the programme.

A programme run needs the same villages and seed without the programme (its counterfactual).
The two runs are independent, so on a machine with a second core ``sim.run(..., workers=2)``
hands the counterfactual to a worker process of the runner (:mod:`sim.runner.worker`, the one
``povsim compare`` uses: JSON and Arrow over pipes, no pickles) and runs the programme here
meanwhile. The worker answers with the pooled outcomes alone, as :func:`sim.results.outcomes`
computes them, so the result is the same, bit for bit, as with the counterfactual run in
process (tested).
"""

from __future__ import annotations

import threading
from typing import Any

import pandas as pd

from sim.params import Parameters, flatten
from sim.runner.engines import Answer, LocalEngine, available_cores
from sim.runner.tasks import BaseTask
from sim.runner.wire import bytes_table
from sim.villages import village_set

# Below this many households a worker's start (its imports, about two seconds) costs more than
# the counterfactual it would take over (a ten-village counterfactual takes about 0.3 s).
WORTH_IT_HOUSEHOLDS = 20_000


def workers_for(params: Parameters) -> int:
    """``povsim run``'s default: the counterfactual alongside (2) where the villages are many
    enough for that to pay and the machine has a second core, else in process (1)."""
    households = sum(v.households for v in village_set(params.simulation.villages))
    return 2 if households >= WORTH_IT_HOUSEHOLDS and available_cores() >= 2 else 1


def overrides_of(params: Parameters) -> dict[str, Any]:
    """The parameters as overrides of the defaults (JSON values: a tuple as a list)."""
    defaults = flatten(Parameters())
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in flatten(params).items()
        if defaults[name] != value
    }


class Counterfactual:
    """The counterfactual of a run, under way in a worker process until :meth:`result`.

    A thread waits on the worker: it hands the request over as soon as the worker has started
    (a worker announces itself ready first) and takes the answer when it comes, while this
    process runs the programme."""

    def __init__(self, params: Parameters, seed: int, years: int | None, poverty_line_yuan: float | None):
        task = BaseTask(overrides_of(params), seed, years, poverty_line_yuan)
        self.engine = LocalEngine(1)
        self.answer: Answer | None = None
        self.closed = False
        self.engine.submit(0, {"kind": "base", "spec": task.spec()}, {})
        self.waiter = threading.Thread(target=self._wait, name="povsim-counterfactual", daemon=True)
        self.waiter.start()

    def _wait(self) -> None:
        while self.answer is None and not self.closed:
            answers = self.engine.answers(timeout=0.5)
            if answers:
                self.answer = answers[0]

    def result(self) -> pd.DataFrame:
        """Its pooled outcomes by year (waits for them)."""
        try:
            self.waiter.join()
            assert self.answer is not None
            _, reply, blobs = self.answer
            if not reply.get("ok"):
                raise RuntimeError(f"the counterfactual failed in its worker process: {reply.get('error')}")
            return bytes_table(blobs["pooled"]).to_pandas().set_index("year")
        finally:
            self.close()

    def close(self) -> None:
        """Stop waiting and end the worker (at once, if it is still running)."""
        self.closed = True
        self.waiter.join()
        self.engine.close()
