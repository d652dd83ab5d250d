"""The model's DataCollector: Mesa's, collected every month, with agent rows once a year.

:class:`sim.model.PovertyModel` collects after every step (and once when built, step 0), as
Mesa's ``batch_run`` expects of a model, so ``data_collection_period=12`` picks the Decembers.
Model reporters are recorded every time. Agent and agent-type reporters are recorded only
when a year has just closed (``model.year_closed``: every December), since the households'
yearly accounts change only then; households' attribute reporters are read from the arrays
all at once (:meth:`sim.agents.household.Household.columns`), with the same values the
properties give one by one.
"""

from __future__ import annotations

from itertools import repeat
from typing import Any

import mesa


class YearlyAgentsDataCollector(mesa.DataCollector):
    """Mesa's DataCollector; agent rows only at year ends, households read column-wise."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.attributes: dict[type, dict[str, str | None]] = {}
        super().__init__(*args, **kwargs)

    def _new_agenttype_reporter(self, agent_type: type, name: str, reporter: Any) -> None:
        self.attributes.setdefault(agent_type, {})[name] = reporter if isinstance(reporter, str) else None
        super()._new_agenttype_reporter(agent_type, name, reporter)

    def collect(self, model: mesa.Model) -> None:
        """Model reporters now; agent and agent-type reporters if a year has just closed."""
        agent: dict[str, Any] = vars(self)["agent_reporters"]
        types: dict[type, Any] = vars(self)["agenttype_reporters"]
        self.agent_reporters, self.agenttype_reporters = {}, {}
        try:
            super().collect(model)
        finally:
            self.agent_reporters, self.agenttype_reporters = agent, types
        if not getattr(model, "year_closed", True):
            return
        if agent:
            self._agent_records[model.time] = list(self._record_agents(model))
        if types:
            self._agenttype_records[model.time] = {t: self.records(model, t) for t in types}

    def records(self, model: mesa.Model, agent_type: type) -> list[tuple[Any, ...]]:
        """One agent type's rows: (time, unique_id, *reporters)."""
        attributes = self.attributes.get(agent_type, {})
        columns_of = getattr(agent_type, "columns", None)
        if columns_of is not None and attributes and None not in attributes.values():
            columns = columns_of(model, list(attributes.values()))
            if columns is not None:
                agents = model.agents_by_type.get(agent_type, [])
                ids = [agent.unique_id for agent in agents]
                return list(zip(repeat(model.time, len(ids)), ids, *columns, strict=True))
        return list(self._record_agenttype(model, agent_type))
