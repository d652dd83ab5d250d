"""Where the runner's results go: memory, or an output folder that survives a kill.

An output folder is one consistent set:

- ``manifest.json``: the command, the inputs' hashes, the experiment's identity (a hash of
  everything that decides the results), how many tasks there are, how many are finished and
  whether the whole set is complete, and the derived files written from it;
- ``dataset/<level>/<task>.parquet``: one file per finished task and level (``runs``,
  ``yearly``, ``villages``), each written to a temporary name and renamed into place, the
  ``runs`` file last: a task is finished when its ``runs`` file exists. A kill loses at most
  the runs in flight, and rerunning the same command skips what is finished;
- ``dataset/bases/<key>.parquet``: the pooled outcomes of each run without a programme, so a
  resumed run does not redo counterfactuals;
- derived files (whole tables, reports, figures): removed when a run starts and written
  atomically once every task is finished, so they never describe another set of runs.

A folder whose manifest names another experiment is refused, as is a folder with other files
and no manifest: two experiments' results never mix.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from sim.results import versions
from sim.runner.wire import Blobs, bytes_table, table_bytes

MANIFEST = "manifest.json"
# Parts are batched into row groups of at most this many rows or parts: large enough to keep the
# file small, small enough that memory does not grow with the number of runs (a part read from
# Parquet costs tens of kilobytes whatever its rows).
ROWS_PER_GROUP = 50_000
PARTS_PER_GROUP = 100
_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK  # as open() would create them: temporary files start private
DATASET = "dataset"
FORMAT = 1


class OutputError(ValueError):
    """An output folder that cannot be used; the message says which and why."""


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write a file so that it is never seen half written: a temporary file renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data.encode() if isinstance(data, str) else data)
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path to write ``path``'s content to; renamed into place when the block ends
    without an error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        yield Path(temporary)
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def check_output_folder(out: Path, identity: str, option: str = "--out") -> None:
    """Raise :class:`OutputError` unless ``out`` can hold this experiment's results: a folder
    (or a path one can be made at) that is writable and empty, or holds this experiment."""
    if str(out) in ("", "."):
        raise OutputError(f"{option} must name a folder for the results, not the current folder")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{option} {out} is a file; give a folder for the results")
    try:  # the only sure test of writability (root passes every permission check)
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as error:
        raise OutputError(f"{option} {out} cannot be written ({error.strerror or error})") from error
    manifest = out / MANIFEST
    if manifest.exists():
        try:
            recorded = json.loads(manifest.read_text())
        except (OSError, ValueError) as error:
            raise OutputError(f"{option} {out}: its {MANIFEST} cannot be read ({error})") from error
        if recorded.get("identity") != identity:
            raise OutputError(
                f"{option} {out} holds the results of another experiment "
                f"({' '.join(recorded.get('command', ['?']))}); choose another folder or remove it"
            )
        return
    if any(p.name != DATASET for p in out.iterdir()):
        raise OutputError(
            f"{option} {out} is not empty and holds no povsim results ({MANIFEST}); "
            "choose another folder or empty it"
        )


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's bytes, for the manifest's record of its inputs."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Sink:
    """What the schedule needs of a store."""

    def finished(self) -> set[str]:
        raise NotImplementedError

    def put(self, key: str, blobs: Blobs) -> None:
        """A finished task's tables (``<level>`` names)."""
        raise NotImplementedError

    def put_base(self, key: str, pooled: bytes) -> None:
        raise NotImplementedError

    def base(self, key: str) -> bytes | None:
        raise NotImplementedError


@dataclass
class MemorySink(Sink):
    """Results kept in memory, for the Python API and tests of a few runs."""

    tables: dict[str, dict[str, pa.Table]] = field(default_factory=dict)
    bases: dict[str, bytes] = field(default_factory=dict)

    def finished(self) -> set[str]:
        return set(self.tables)

    def put(self, key: str, blobs: Blobs) -> None:
        self.tables[key] = {level: bytes_table(blob) for level, blob in blobs.items()}

    def put_base(self, key: str, pooled: bytes) -> None:
        self.bases[key] = pooled

    def base(self, key: str) -> bytes | None:
        return self.bases.get(key)

    def table(self, level: str, keys: Iterable[str]) -> pd.DataFrame:
        parts = [self.tables[k][level] for k in keys if k in self.tables and level in self.tables[k]]
        return combined(parts)


def combined(parts: list[pa.Table]) -> pd.DataFrame:
    """Parts of one level as one frame (columns unified: a column that is empty in one run and
    whole years in another is whole years)."""
    if not parts:
        return pd.DataFrame()
    return pa.concat_tables(parts, promote_options="permissive").to_pandas()


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with ``schema``'s columns, in its order and types (missing columns empty)."""
    if table.schema == schema:
        return table
    columns = [
        table.column(f.name).cast(f.type) if f.name in table.column_names else pa.nulls(len(table), f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema)


class Store(Sink):
    """An output folder (see the module's docstring)."""

    def __init__(self, out: Path, identity: str, manifest: dict[str, Any]) -> None:
        check_output_folder(out, identity)
        self.out = out
        self.dataset = out / DATASET
        self.manifest = {"format": FORMAT, **manifest, "identity": identity, "versions": versions()}
        previous = self.read_manifest()
        self.derived: list[str] = list(previous.get("derived", [])) if previous else []

    def read_manifest(self) -> dict[str, Any] | None:
        path = self.out / MANIFEST
        return json.loads(path.read_text()) if path.exists() else None

    def open(self, tasks: int) -> int:
        """Start (or resume) a run of ``tasks`` tasks: derived files are removed, the manifest
        says the set is incomplete. Returns how many tasks are already finished."""
        self.dataset.mkdir(parents=True, exist_ok=True)
        for name in self.derived:
            path = self.out / name
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        self.derived = []
        for stale in self.dataset.glob("*/.*.tmp"):  # written by a run killed mid-write
            stale.unlink(missing_ok=True)
        finished = len(self.finished())
        self.write_manifest(tasks=tasks, finished=finished, complete=False)
        return finished

    def write_manifest(self, **fields: Any) -> None:
        self.manifest.update(fields, derived=self.derived)
        atomic_write(self.out / MANIFEST, json.dumps(self.manifest, indent=1, default=str) + "\n")

    def finished(self) -> set[str]:
        folder = self.dataset / "runs"
        return {p.stem for p in folder.glob("*.parquet")} if folder.exists() else set()

    def put(self, key: str, blobs: Blobs) -> None:
        levels = sorted(blobs, key=lambda level: level == "runs")  # runs last: it marks the task done
        for level in levels:
            with atomic_path(self.dataset / level / f"{key}.parquet") as temporary:
                pq.write_table(bytes_table(blobs[level]), temporary)

    def put_base(self, key: str, pooled: bytes) -> None:
        with atomic_path(self.dataset / "bases" / f"{key}.parquet") as temporary:
            pq.write_table(bytes_table(pooled), temporary)

    def base(self, key: str) -> bytes | None:
        path = self.dataset / "bases" / f"{key}.parquet"
        if not path.exists():
            return None
        return table_bytes(pq.read_table(path))

    def parts(self, level: str, keys: Iterable[str]) -> list[Path]:
        """The level's files of ``keys``, in that order (those that exist)."""
        folder = self.dataset / level
        return [p for k in keys if (p := folder / f"{k}.parquet").exists()]

    def schema(self, paths: list[Path]) -> pa.Schema:
        """One schema for every part (read from their footers alone)."""
        return pa.unify_schemas([pq.read_schema(p) for p in paths], promote_options="permissive")

    def consolidate(self, level: str, keys: list[str], *, csv: bool = True) -> list[Path]:
        """The level's parts as one Parquet file (and CSV), in the order of ``keys``, streamed
        one part at a time: memory does not grow with the number of runs."""
        paths = self.parts(level, keys)
        if not paths:
            return []
        schema = self.schema(paths)
        written = [self.out / f"{level}.parquet"]
        with contextlib.ExitStack() as stack:
            parquet_path = stack.enter_context(atomic_path(written[0]))
            parquet = stack.enter_context(pq.ParquetWriter(parquet_path, schema))
            text = None
            if csv:
                written.append(self.out / f"{level}.csv")
                csv_path = stack.enter_context(atomic_path(written[1]))
                text = stack.enter_context(pacsv.CSVWriter(csv_path, schema))
            for batch in self._batches(paths, schema):
                parquet.write_table(batch)
                if text is not None:
                    text.write_table(batch)
        self.record_derived(*written)
        return written

    @staticmethod
    def _batches(paths: list[Path], schema: pa.Schema) -> Iterator[pa.Table]:
        """The parts, conformed to ``schema``, in batches (:data:`ROWS_PER_GROUP`,
        :data:`PARTS_PER_GROUP`): one row group per run would make the file many times larger
        than its data, one for all would hold every run in memory."""
        batch: list[pa.Table] = []
        rows = 0
        for path in paths:
            table = conform(pq.read_table(path), schema)
            batch.append(table)
            rows += len(table)
            if rows >= ROWS_PER_GROUP or len(batch) >= PARTS_PER_GROUP:
                yield pa.concat_tables(batch)
                batch, rows = [], 0
        if batch:
            yield pa.concat_tables(batch)

    def record_derived(self, *paths: Path) -> None:
        for path in paths:
            name = str(path.relative_to(self.out))
            if name not in self.derived:
                self.derived.append(name)
        self.write_manifest()

    def table(self, level: str, keys: Iterable[str]) -> pd.DataFrame:
        paths = self.parts(level, keys)
        if not paths:
            return pd.DataFrame()
        schema = self.schema(paths)
        return combined([conform(pq.read_table(p), schema) for p in paths])
