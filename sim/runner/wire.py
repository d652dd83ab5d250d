"""Messages between the runner and its workers: a JSON header and named Arrow tables.

Nothing is pickled: a task travels as JSON (its overrides are TOML values: numbers, strings,
booleans, lists) and results as Arrow IPC streams, which carry their types exactly (a float
comes back bit for bit).
"""

from __future__ import annotations

import json
import struct
from typing import IO, Any

import pandas as pd
import pyarrow as pa

Blobs = dict[str, bytes]
LENGTH = struct.Struct("<Q")


def table_bytes(table: pa.Table) -> bytes:
    """A table as an Arrow IPC stream."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def bytes_table(data: bytes) -> pa.Table:
    """The table an Arrow IPC stream holds."""
    return pa.ipc.open_stream(data).read_all()


def frame_table(frame: pd.DataFrame) -> pa.Table:
    """A pandas frame as an Arrow table, without its (range) index or pandas' metadata (which
    records dtypes that differ from run to run, such as a column empty in one run only)."""
    table = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
    return table.replace_schema_metadata(None)


def encode(header: dict[str, Any], blobs: Blobs | None = None) -> bytes:
    """One message: the header (JSON, listing the blobs' names) and each blob, length-prefixed."""
    blobs = blobs or {}
    head = json.dumps({**header, "blobs": list(blobs)}).encode()
    parts = [LENGTH.pack(len(head)), head]
    for blob in blobs.values():
        parts += [LENGTH.pack(len(blob)), blob]
    return b"".join(parts)


def _exactly(stream: IO[bytes], size: int) -> bytes | None:
    data = stream.read(size)
    if len(data) < size:
        return None  # the other end closed
    return data


def read_message(stream: IO[bytes]) -> tuple[dict[str, Any], Blobs] | None:
    """The next message on a stream, or None at its end."""
    size = _exactly(stream, LENGTH.size)
    if size is None:
        return None
    head = _exactly(stream, LENGTH.unpack(size)[0])
    if head is None:
        return None
    header = json.loads(head)
    blobs: Blobs = {}
    for name in header.pop("blobs"):
        length = _exactly(stream, LENGTH.size)
        blob = _exactly(stream, LENGTH.unpack(length)[0]) if length is not None else None
        if blob is None:
            return None
        blobs[name] = blob
    return header, blobs
