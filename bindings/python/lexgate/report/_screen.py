"""Screening small and medium inputs in this process with
``Engine.scan_many`` (the GIL released, texts spread over the cores), in
batches so that memory stays bounded whatever the file size. Corpora of
many gigabytes go through ``python -m lexgate.dask`` instead, whose
summary the report reads.

Fail closed: a batch whose scan fails is scanned again text by text, so
that the one text that fails is counted as an error of its own record and
the others are still counted; a failed text is never reported clean.
"""

from __future__ import annotations

import time
from typing import Callable, List, Optional

import lexgate
from lexgate.report._context import masked_context
from lexgate._jsonl import JsonPointer
from lexgate.report._inputs import Failure, FileCounts, Record, read_records
from lexgate.report._tally import Tally

__all__ = ["BATCH", "screen_file"]

#: Texts per scan_many() call.
BATCH = 2048


def screen_file(engine: lexgate.Engine, path: str, pointer: Optional[JsonPointer],
                tally: Tally, risk_of: Callable[[str], Optional[str]], *,
                sample_text: bool = True, threads: Optional[int] = None) -> FileCounts:
    """Screen every text of ``path`` into ``tally``; return its counts
    (already added to ``tally``)."""
    counts = FileCounts(path, "text" if pointer is None else "jsonl")
    sample = None
    if sample_text:
        def sample(text: str, matches: "list[lexgate.Match[str]]", index: int) -> str:
            return masked_context(engine, text, matches, index)
    started = time.perf_counter()
    batch: List[Record] = []

    def flush() -> None:
        for record, result in _scan(engine, batch, counts, threads):
            tally.add_text(record, result.matches, risk_of, sample)
            counts.texts += 1
            counts.bytes += record.size
        batch.clear()

    for record in read_records(path, counts, pointer):
        batch.append(record)
        if len(batch) >= BATCH:
            flush()
    flush()
    tally.seconds += time.perf_counter() - started
    tally.add_file(counts)
    return counts


def _scan(engine: lexgate.Engine, batch: List[Record], counts: FileCounts,
          threads: Optional[int]) -> "list[tuple[Record, lexgate.ScanResult[str]]]":
    if not batch:
        return []
    try:
        return list(zip(batch, engine.scan_many([r.text for r in batch], threads=threads)))
    except lexgate.ScanError:
        pass
    out = []
    for record in batch:
        try:
            out.append((record, engine.scan(record.text)))
        except lexgate.ScanError as error:
            counts.errors += 1
            counts.failures.append(Failure(record.source, record.offset, record.line,
                                           f"scan failed: {error}"))
    return out
