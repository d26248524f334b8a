"""JSONL shards written by the workers, one per partition: the flagged
records (``write_flagged``) and the redacted corpus (``write_redacted``).

A shard is written under a temporary name and renamed into place when its
partition is done, so that a worker that dies mid-partition leaves no half
shard behind and the retry's shard replaces nothing but itself: every
partition has exactly one shard, ``part-NNNNN.jsonl`` by partition number,
whatever the number of attempts. The directory must be visible to every
worker (a shared file system on a real cluster).

Records (docs/json-schema.md, "Corpus screening"):

- flagged, plain text: ``{"v":1,"type":"record","file","line","offset",
  "text", "verdict","redacted","matches"}`` (the record of lexgate-filter
  --json, plus the byte offset);
- flagged, JSONL: ``{"v":1,"type":"record","file","line","offset",
  "object"}``, the input object with the Result fields added beside the
  screened field, as lexgate-filter --jsonl writes it;
- redacted: ``{"v":1,"file","line","offset","verdict","text"}`` (plain
  text) or ``... "object"}`` (JSONL, the field replaced by its redacted
  text); a record that could not be screened is written with its
  ``"error"`` and without its text (fail closed).
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any, Dict, List, Optional, Tuple

__all__ = ["ShardWriter", "shard_path"]


def shard_path(directory: str, index: int) -> str:
    """Where partition ``index``'s shard goes."""
    return os.path.join(directory, f"part-{index:05d}.jsonl")


class ShardWriter:
    """One shard: records are buffered in memory per batch and appended to
    a temporary file; commit() renames it into place."""

    def __init__(self, directory: str, index: int) -> None:
        os.makedirs(directory, exist_ok=True)
        self.path = shard_path(directory, index)
        self._tmp = f"{self.path}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._file: Optional[Any] = open(self._tmp, "w", encoding="utf-8")
        self._pending: List[Tuple[int, str]] = []
        self.records = 0

    def write(self, order: int, record: Dict[str, Any]) -> None:
        """Add a record; records are written in ``order`` (the line's
        number in the partition) when the batch is flushed."""
        self._pending.append((order, json.dumps(record, ensure_ascii=False)))
        self.records += 1

    def flush(self) -> None:
        if self._pending and self._file is not None:
            self._pending.sort(key=lambda item: item[0])
            self._file.write("".join(line + "\n" for _, line in self._pending))
            self._pending.clear()

    def commit(self) -> str:
        """Close the shard and put it in place; returns its path."""
        self.flush()
        assert self._file is not None
        self._file.close()
        self._file = None
        os.replace(self._tmp, self.path)
        return self.path

    def abort(self) -> None:
        """Drop a shard that is not complete."""
        if self._file is not None:
            self._file.close()
            self._file = None
        try:
            os.unlink(self._tmp)
        except OSError:
            pass
