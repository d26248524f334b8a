"""JSONL shards written by the workers, one per partition: the flagged
records (``write_flagged``) and the redacted corpus (``write_redacted``).

A shard is written under a temporary name and renamed into place when its
partition is done, so that a worker that dies mid-partition leaves no half
shard in place (the driver removes its temporary file once the run is
over) and the retry's shard replaces nothing but itself: every
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
import re
import uuid
from typing import Any, Dict, List, Optional, Tuple

__all__ = ["ShardWriter", "shard_path", "check_no_shards", "remove_unfinished"]

# A shard, or one being written (ShardWriter's temporary name).
# Five digits or more: shard_path() pads to five, and a run of 100,000
# partitions or more has longer numbers.
_SHARD = re.compile(r"part-[0-9]{5,}\.jsonl")
_UNFINISHED = re.compile(r"part-[0-9]{5,}\.jsonl\.tmp-.*")


def shard_path(directory: str, index: int) -> str:
    """Where partition ``index``'s shard goes."""
    return os.path.join(directory, f"part-{index:05d}.jsonl")


def check_no_shards(directory: str) -> None:
    """Raises ValueError when ``directory`` holds shards (or unfinished
    ones) already: a run replaces only the shards of its own partitions, so
    those of an earlier, larger run would stay beside them as if this run
    had written them."""
    for name in sorted(os.listdir(directory)):
        if _SHARD.fullmatch(name) or _UNFINISHED.fullmatch(name):
            raise ValueError(f"{directory} holds shards of an earlier run ({name}): give an "
                             f"empty directory, so that every shard in it is this run's")


def remove_unfinished(directory: str) -> None:
    """Removes the shards a worker that died left unfinished (it could not
    remove its temporary file; its partition was retried under another
    name). Called by the driver once the run is over; the directory held
    none when the run began (check_no_shards), so they are this run's. An
    unfinished flagged shard holds the unmasked text of the texts hit."""
    for name in os.listdir(directory):
        if _UNFINISHED.fullmatch(name):
            try:
                os.unlink(os.path.join(directory, name))
            except FileNotFoundError:
                pass


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
