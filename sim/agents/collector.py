"""The model's DataCollector: Mesa's, collected every month, with agent rows once a year.

:class:`sim.model.PovertyModel` collects after every step (and once when built, step 0), as
Mesa's ``batch_run`` expects of a model, so ``data_collection_period=12`` picks the Decembers.
Model reporters are recorded every time. Agent and agent-type reporters are recorded only
when a year has just closed (``model.year_closed``: every December), since the households'
yearly accounts change only then. Reporters that name attributes of households, cooperatives
or associations are read from the arrays all at once (their ``columns``), with the same values
the properties give one by one, and without making the Mesa agents: the rows carry the ids the
agents have, or will have when first asked for (``model.agent_ids``). The model's own collector
records household rows only when asked to (``PovertyModel(households=True)``).
"""

from __future__ import annotations

import os
from itertools import repeat
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


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
                ids_of = getattr(model, "agent_ids", None)
                if ids_of is not None:
                    ids = ids_of(agent_type)
                else:
                    ids = [agent.unique_id for agent in model.agents_by_type.get(agent_type, [])]
                values = [column.tolist() for column in columns]
                return list(zip(repeat(model.time, len(ids)), ids, *values, strict=True))
        return list(self._record_agenttype(model, agent_type))


class HouseholdPanel:
    """The household panel streamed to Parquet: each closed year's household rows, as the
    model's DataCollector records them (:data:`sim.agents.household.HOUSEHOLD_REPORTERS` but
    the agent type, after a ``year`` column), written when the year closes, one row group per
    year, in household order; nothing of past years is held in memory.

    ``PovertyModel(households=path)`` makes one; :meth:`read` gives the panel as a DataFrame
    (the columns and dtypes :func:`sim.results.household_panel` gives from a DataCollector)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.writer: pq.ParquetWriter | None = None
        self.years: list[int] = []

    def add(self, model: mesa.Model, year: int) -> None:
        """Write the households' rows of a year that has just closed."""
        from sim.agents.household import HOUSEHOLD_REPORTERS, Household

        names = [name for name in HOUSEHOLD_REPORTERS if name != "agent_type"]
        columns = Household.columns(model, [HOUSEHOLD_REPORTERS[name] for name in names])  # type: ignore[arg-type]
        if columns is None:  # pragma: no cover - the reporters are Household's own attributes
            raise RuntimeError("the household reporters are not all plain Household attributes")
        arrays = [pa.array(np.full(len(columns[0]), year, dtype=np.int64))]
        arrays += [
            pa.array(_plain(column), type=field.type)
            for column, field in zip(columns, list(PANEL_SCHEMA)[1:], strict=True)
        ]
        table = pa.Table.from_arrays(arrays, schema=PANEL_SCHEMA)
        if self.writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Dictionary encoding for the two string columns only: for the numbers it costs
            # more time than it saves space.
            self.writer = pq.ParquetWriter(self.path, table.schema, use_dictionary=["village", "association"])
        self.writer.write_table(table, row_group_size=max(table.num_rows, 1))
        self.years.append(year)

    def close(self) -> None:
        """Finish the file (the model does when its last year closes)."""
        if self.writer is not None:
            self.writer.close()
            self.writer = None

    def read(self) -> pd.DataFrame:
        """The panel written so far (closing the file first)."""
        self.close()
        if not self.years:
            return PANEL_SCHEMA.empty_table().to_pandas()
        return pd.read_parquet(self.path)


def _plain(column: np.ndarray) -> np.ndarray:
    """A column as the DataCollector's Python values make it: 64-bit numbers, bools, objects."""
    kind = column.dtype.kind
    if kind in "iu":
        return column.astype(np.int64, copy=False)
    if kind == "f":
        return column.astype(np.float64, copy=False)
    return column


def _panel_schema() -> pa.Schema:
    from sim.agents.household import HOUSEHOLD_REPORTERS

    strings = {"village", "association"}
    floats = {"net_income_yuan", "per_capita_net_income", "savings_yuan"}
    booleans = {"pool_loan_open", "trainee", "cooperative_member"}
    fields = [pa.field("year", pa.int64())]
    for name in HOUSEHOLD_REPORTERS:
        if name == "agent_type":
            continue
        if name in strings:
            kind = pa.large_string()
        elif name in floats or (name.endswith("_yuan") and name not in {"savings_yuan"}):
            kind = pa.float64()
        elif name in booleans:
            kind = pa.bool_()
        else:
            kind = pa.int64()
        fields.append(pa.field(name, kind))
    return pa.schema(fields)


PANEL_SCHEMA = _panel_schema()
