"""The summary of a screening run: the partitions' results added up.

Its JSON form (ScreenSummary.to_dict(), docs/json-schema.md "Corpus
screening") is a superset of lexgate-filter's ``--stats=json`` record with
``"type": "screen"``: the same keys with the same meaning (``texts``,
``texts_hit``, ``matches``, ``errors``, ``bytes``, ``by_action``,
``by_category``, ``by_rule``, ``fingerprint``), so that a reader of one
reads the other, plus what only a corpus run has: per-file counts, the
failures, the samples of hits per rule, and ``texts`` (texts hit) beside
``matches`` in every ``by_category``/``by_rule`` entry.

Partitions may finish in any order; everything here is either a sum or
ordered afterwards by partition number, so the summary does not depend on
the order (samples are the first ones in input order).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

import lexgate
from lexgate._engine import Engine
from lexgate._results import SCHEMA_VERSION
from lexgate._rules import taxonomy
from lexgate.dask._inputs import InputFile, Partition
from lexgate.dask._task import PartitionResult

__all__ = ["ScreenSummary"]

_ACTIONS = ("block", "mask", "flag")


def _ranked(counts: Dict[str, List[Any]]) -> List[Any]:
    # lexgate-filter's order: most matches first, ties by code/id.
    return sorted(counts.items(), key=lambda item: (-item[1][0], item[0]))


class ScreenSummary:
    """What a run found. ``to_dict()`` is the JSON summary; the counts are
    attributes too (``texts``, ``texts_hit``, ``matches``, ``errors``,
    ``bytes``, ``by_action``), with ``failures`` (every file, partition or
    record that failed, up to ``max_failures`` listed; ``failures_total``
    counts them all) and ``exit_status`` (0 done, 2 something failed)."""

    def __init__(self, engine: Engine, files: Sequence[InputFile],
                 partitions: Sequence[Partition], *, field: Optional[str],
                 sample_per_rule: int = 5, max_failures: int = 1000) -> None:
        self.fingerprint = engine.fingerprint
        # The names of every category a match can have: the packs' own
        # (declared) over the shipped ones, as the CLI's --stats names them.
        self._names = {**taxonomy(), **engine.declared_categories}
        self.field = field
        self.max_failures = max_failures
        self.sample_per_rule = sample_per_rule
        self.texts = self.texts_hit = self.matches = self.errors = self.bytes = 0
        self.by_action = {a: 0 for a in _ACTIONS}
        self._by_category: Dict[str, List[int]] = {}
        self._by_rule: Dict[str, List[Any]] = {}
        self._partitions = list(partitions)
        self._results: Dict[int, PartitionResult] = {}
        self._failed_partitions: Dict[int, str] = {}
        self._files: Dict[str, Dict[str, Any]] = {}
        self.seconds = 0.0
        self.workers = 0
        for f in files:
            self._files[f.path] = {
                "file": f.path, "format": "jsonl" if f.jsonl else "text", "gzip": f.gzip,
                "size": f.size, "partitions": 0, "texts": 0, "bytes": 0, "lines": 0,
                "malformed": 0, "errors": 0}
            if f.error is not None:
                self._files[f.path]["failed"] = f.error
        for p in partitions:
            self._files[p.path]["partitions"] += 1

    # --- adding up ---------------------------------------------------------

    def add(self, result: PartitionResult) -> None:
        """Count one partition's result (once: a second result for the same
        partition is a bug, not a retry, and raises)."""
        if result.number in self._results or result.number in self._failed_partitions:
            raise ValueError(f"partition {result.number} counted twice")
        self._results[result.number] = result
        self.texts += result.texts
        self.texts_hit += result.texts_hit
        self.matches += result.matches
        self.errors += result.errors
        self.bytes += result.bytes
        for action, n in result.by_action.items():
            self.by_action[action] = self.by_action.get(action, 0) + n
        for code, (matches, texts) in result.by_category.items():
            entry = self._by_category.setdefault(code, [0, 0])
            entry[0] += matches
            entry[1] += texts
        for rule, (matches, texts, category, action) in result.by_rule.items():
            entry2 = self._by_rule.setdefault(rule, [0, 0, category, action])
            entry2[0] += matches
            entry2[1] += texts
        f = self._files[result.path]
        f["texts"] += result.texts
        f["bytes"] += result.bytes
        f["lines"] += result.lines
        f["malformed"] += result.malformed
        f["errors"] += result.errors
        if result.error is not None:
            f.setdefault("failed", result.error["message"])

    def fail_partition(self, index: int, message: str) -> None:
        """A partition that no attempt finished (its worker kept dying, or
        the task raised): listed, and the run's exit status is 2."""
        self._failed_partitions[index] = message
        part = self._partitions[index]
        self._files[part.path].setdefault("failed", f"partition {index}: {message}")

    # --- the result ----------------------------------------------------------

    @property
    def partitions_failed(self) -> int:
        return len(self._failed_partitions)

    @property
    def files_failed(self) -> int:
        return sum(1 for f in self._files.values() if "failed" in f)

    @property
    def failures(self) -> List[Dict[str, Any]]:
        """Every failure, in input order: files that could not be read (or
        not to their end), partitions that did not finish, records that
        could not be screened (malformed lines, missing fields)."""
        out: List[Dict[str, Any]] = []
        for f in self._files.values():
            if f["partitions"] == 0 and "failed" in f:
                out.append({"file": f["file"], "message": f["failed"]})
        for part in self._partitions:
            if part.number in self._failed_partitions:
                out.append({"file": part.path, "offset": part.start, "partition": part.number,
                            "message": self._failed_partitions[part.number]})
                continue
            result = self._results.get(part.number)
            if result is None:
                continue
            out.extend(self._absolute(part, f) for f in result.failures)
            if result.error is not None:
                out.append(self._absolute(part, result.error))
        return out[:self.max_failures]

    @property
    def failures_total(self) -> int:
        files = sum(1 for f in self._files.values() if f["partitions"] == 0 and "failed" in f)
        records = sum(r.failures_total + (r.error is not None) for r in self._results.values())
        return files + records + len(self._failed_partitions)

    @property
    def exit_status(self) -> int:
        """0 when every file, partition and record was screened, else 2."""
        return 2 if self.failures_total else 0

    def _first_lines(self, part: Partition) -> Optional[int]:
        """Line number of the first line of ``part``, if every partition
        before it in its file has been read to its end (one that stopped
        early did not count all of its lines)."""
        line = 1
        for other in self._partitions:
            if other.path != part.path or other.part >= part.part:
                continue
            result = self._results.get(other.number)
            if result is None or result.error is not None:
                return None
            line += result.lines
        return line

    def _absolute(self, part: Partition, where: Dict[str, Any]) -> Dict[str, Any]:
        """``where`` with ``line`` made absolute from the partition-relative
        ``local_line`` (left relative, with ``partition``, if it cannot)."""
        if "local_line" not in where:
            return where
        first = self._first_lines(part)
        if first is None:
            return where
        out = {"file": where["file"], "offset": where["offset"],
               "line": first + where["local_line"] - 1}
        out.update((k, v) for k, v in where.items()
                   if k not in ("file", "offset", "local_line", "partition"))
        return out

    def samples(self) -> List[Dict[str, Any]]:
        """The first sample_per_rule hits of each rule, in input order;
        rules ordered as by_rule."""
        limit = self.sample_per_rule
        per_rule: Dict[str, List[Dict[str, Any]]] = {}
        for part in self._partitions:
            result = self._results.get(part.number)
            if result is None:
                continue
            for rule, samples in result.samples.items():
                taken = per_rule.setdefault(rule, [])
                for s in samples:
                    if len(taken) < limit:
                        taken.append(self._absolute(part, s))
        return [s for rule, _ in _ranked(self._by_rule) for s in per_rule.get(rule, [])]

    def to_dict(self) -> Dict[str, Any]:
        """The JSON summary (docs/json-schema.md, "Corpus screening")."""
        names = self._names
        out: Dict[str, Any] = {
            "v": SCHEMA_VERSION, "type": "screen", "lexgate": lexgate.__version__,
            "fingerprint": self.fingerprint,
            "texts": self.texts, "texts_hit": self.texts_hit, "matches": self.matches,
            "errors": self.errors, "bytes": self.bytes, "seconds": round(self.seconds, 3),
            "by_action": {a: self.by_action.get(a, 0) for a in _ACTIONS},
            "by_category": [
                {"category": code, "zh": names[code].zh if code in names else "",
                 "en": names[code].en if code in names else "", "matches": n[0], "texts": n[1]}
                for code, n in _ranked(self._by_category)],
            "by_rule": [
                {"rule": rule, "category": n[2], "action": n[3], "matches": n[0], "texts": n[1]}
                for rule, n in _ranked(self._by_rule)],
            "field": self.field,
            "workers": self.workers,
            "partitions": len(self._partitions),
            "partitions_failed": self.partitions_failed,
            "files_failed": self.files_failed,
            "malformed": sum(f["malformed"] for f in self._files.values()),
            "files": list(self._files.values()),
            "failures_total": self.failures_total,
            "failures": self.failures,
            "samples": self.samples(),
        }
        return out

    def __repr__(self) -> str:
        return (f"<ScreenSummary {self.texts} texts, {self.texts_hit} hit, {self.matches} "
                f"matches, {self.errors} errors, {self.files_failed} files failed>")
