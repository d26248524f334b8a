"""The task a worker runs: screen one partition with the engine it was sent
once (scattered), and return its counts, its bounded samples and its
failures, small enough to send back whatever the partition's size.

A task is a pure function of its partition: it returns its result instead
of adding to shared state, so a partition retried after a worker died is
counted once, by the attempt that finished (shards are renamed into place
the same way, see _outputs).

Texts are scanned as bytes, as lexgate-filter scans them (invalid UTF-8
included), in batches through Engine.scan_many (the GIL is released). Only
the few texts that become samples or shard records are decoded and scanned
again as str, for offsets in code points.
"""

from __future__ import annotations

import zlib
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Tuple, Union

from lexgate._audit import AuditKey, Auditor
from lexgate._engine import Engine
from lexgate._errors import ScanError
from lexgate._jsonl import FieldError, JsonPointer, MalformedLine, Record, is_blank, parse_line
from lexgate._lines import decode
from lexgate._results import SCHEMA_VERSION
from lexgate.dask._inputs import Partition, read_lines
from lexgate.dask._outputs import ShardWriter
from lexgate.dask._ship import engine_for

__all__ = ["PartitionResult", "TaskOptions", "count_lines", "screen_partition"]


class TaskOptions(NamedTuple):
    """What every task of a run shares (sent with each task: small)."""

    field: Optional[str] = None  # the pointer's spec, for JSONL partitions
    sample_per_rule: int = 5
    sample_text: bool = True
    context_chars: int = 40
    audit_key: Optional[AuditKey] = None
    flagged_dir: Optional[str] = None
    redacted_dir: Optional[str] = None
    max_failures: int = 1000
    threads: int = 1


class PartitionResult(NamedTuple):
    """The counts of one partition (see _summary for their meaning).

    ``lines`` is the number of lines that start in the partition (blank
    ones included), so that line numbers relative to the partition
    (``local_line`` of samples and failures) can be made absolute once the
    partitions before it are known. ``error`` is why the partition could
    not be read to its end (the counts cover what was read before)."""

    number: int
    path: str
    texts: int
    texts_hit: int
    matches: int
    errors: int
    malformed: int
    bytes: int
    lines: int
    by_action: Dict[str, int]
    by_category: Dict[str, List[int]]  # code -> [matches, texts]
    by_rule: Dict[str, List[Any]]  # id -> [matches, texts, category, action]
    samples: Dict[str, List[Dict[str, Any]]]
    failures: List[Dict[str, Any]]
    failures_total: int
    error: Optional[Dict[str, Any]]
    shards: List[str]


class _Counts:
    def __init__(self, partition: Partition, options: TaskOptions,
                 first_line: Optional[int]) -> None:
        self.partition = partition
        self.options = options
        self.first_line = first_line
        self.texts = self.texts_hit = self.matches = self.errors = 0
        self.malformed = self.bytes = self.lines = 0
        self.by_action = {"block": 0, "mask": 0, "flag": 0}
        self.by_category: Dict[str, List[int]] = {}
        self.by_rule: Dict[str, List[Any]] = {}
        self.samples: Dict[str, List[Dict[str, Any]]] = {}
        self.failures: List[Dict[str, Any]] = []
        self.failures_total = 0

    def where(self, offset: int, local_line: int) -> Dict[str, Any]:
        out: Dict[str, Any] = {"file": self.partition.path, "offset": offset}
        if self.first_line is not None:
            out["line"] = self.first_line + local_line - 1
        else:
            out["partition"] = self.partition.number
            out["local_line"] = local_line
        return out

    def fail(self, offset: int, local_line: int, message: str) -> None:
        self.errors += 1
        self.failures_total += 1
        if len(self.failures) < self.options.max_failures:
            self.failures.append(dict(self.where(offset, local_line), message=message))


class _Text(NamedTuple):
    offset: int
    local_line: int
    data: bytes  # what is scanned (UTF-8 bytes)
    record: Optional[Record]  # JSONL: the parsed line


def screen_partition(engine: Union[Engine, str], partition: Partition, options: TaskOptions,
                     first_line: Optional[int] = None) -> PartitionResult:
    """Screen every record of ``partition`` with ``engine`` (or the engine
    shipped to this worker under that name, see _ship). ``first_line``: the
    line number of its first line when known (always for a partition that
    starts its file), else line numbers stay relative to the partition."""
    if isinstance(engine, str):
        engine = engine_for(engine)
    if partition.start == 0:
        first_line = 1
    counts = _Counts(partition, options, first_line)
    pointer = JsonPointer.parse(options.field or "text") if partition.jsonl else None
    shards = _Shards(options, partition.number)
    error: Optional[Dict[str, Any]] = None
    lines = read_lines(partition)
    try:
        for batch in lines:
            texts: List[_Text] = []
            for offset, line in batch:
                counts.lines += 1
                if pointer is None:
                    texts.append(_Text(offset, counts.lines, line, None))
                    continue
                if is_blank(line):
                    continue
                try:
                    record = parse_line(line, pointer)
                except MalformedLine as why:
                    counts.malformed += 1
                    counts.fail(offset, counts.lines, str(why))
                    shards.error(counts, offset, counts.lines, str(why))
                    continue
                except FieldError as why:
                    counts.fail(offset, counts.lines, str(why))
                    shards.error(counts, offset, counts.lines, str(why))
                    continue
                texts.append(_Text(offset, counts.lines, record.text.encode("utf-8"), record))
            _scan_batch(engine, texts, counts, shards)
            shards.flush()
    except (OSError, EOFError, zlib.error) as why:
        message = getattr(why, "strerror", None) or str(why) or type(why).__name__
        error = dict(counts.where(lines.offset, counts.lines + 1),
                     message=f"reading stopped: {message}")
    except BaseException:
        shards.abort()  # no partial shard: the partition fails as a whole
        raise
    paths = shards.commit()
    return PartitionResult(
        partition.number, partition.path, counts.texts, counts.texts_hit, counts.matches,
        counts.errors, counts.malformed, counts.bytes, counts.lines, counts.by_action,
        counts.by_category, counts.by_rule, counts.samples, counts.failures,
        counts.failures_total, error, paths)


def count_lines(partition: Partition) -> Optional[int]:
    """The lines that start in ``partition`` (a first pass, so that shard
    records can carry absolute line numbers), or None when it cannot be
    read to its end (the screening pass reports the error itself)."""
    n = 0
    try:
        for batch in read_lines(partition):
            n += len(batch)
    except (OSError, EOFError, zlib.error):
        return None
    return n


def _scan_batch(engine: Engine, texts: Sequence[_Text], counts: _Counts,
                shards: "_Shards") -> None:
    if not texts:
        return
    try:
        results: List[Any] = engine.scan_many([t.data for t in texts],
                                              threads=counts.options.threads)
    except ScanError:
        # Find the texts that fail, one by one; the others are scanned again.
        results = []
        for t in texts:
            try:
                results.append(engine.scan(t.data))
            except ScanError as why:
                results.append(why)
    for t, result in zip(texts, results):
        if isinstance(result, ScanError):
            message = f"scan failed: {result}"
            counts.fail(t.offset, t.local_line, message)
            shards.error(counts, t.offset, t.local_line, message)
            continue
        counts.texts += 1
        counts.bytes += len(t.data)
        matches = result.matches
        if not matches:
            shards.clean(counts, t)
            continue
        counts.texts_hit += 1
        counts.matches += len(matches)
        rules_here: Dict[str, Any] = {}
        categories_here = set()
        for m in matches:
            counts.by_action[m.action] = counts.by_action.get(m.action, 0) + 1
            counts.by_category.setdefault(m.category, [0, 0])[0] += 1
            counts.by_rule.setdefault(m.rule, [0, 0, m.category, m.action])[0] += 1
            rules_here.setdefault(m.rule, m)
            categories_here.add(m.category)
        for category in categories_here:
            counts.by_category[category][1] += 1
        decoded = None
        for rule in rules_here:
            counts.by_rule[rule][1] += 1
            taken = counts.samples.setdefault(rule, [])
            if len(taken) < counts.options.sample_per_rule:
                decoded = _as_str(engine, t, decoded)
                taken.append(_sample(engine, counts, t, rule, *decoded))
        if shards.wanted:
            shards.hit(engine, counts, t, *_as_str(engine, t, decoded))


def _as_str(engine: Engine, t: _Text, done: Optional[Tuple[str, Any]]) -> Tuple[str, Any]:
    """The text as str and its str scan (offsets in code points), once."""
    if done is not None:
        return done
    text = t.record.text if t.record is not None else decode(t.data)
    return text, engine.scan(text)


def _sample(engine: Engine, counts: _Counts, t: _Text, rule: str, text: str,
            result: Any) -> Dict[str, Any]:
    """A hit of ``rule`` in the text: where it is, the engine's fingerprint,
    with audit_key an HMAC of the matched text (lexgate.Auditor's record),
    and with sample_text a masked context: the match and its surroundings
    up to context_chars on each side, every match in it (whatever its
    action) replaced by '*' per character, ``at`` the span of the sampled
    match in it."""
    options = counts.options
    match = next((m for m in result.matches if m.rule == rule), None)
    sample: Dict[str, Any] = dict(counts.where(t.offset, t.local_line))
    if t.record is not None:
        sample["field"] = options.field or "text"
    if match is None:  # the str scan disagrees with the bytes scan: say so, keep the hit
        sample.update(rule=rule, fingerprint=engine.fingerprint,
                      note="the match was not found again in the decoded text")
        return sample
    if options.audit_key is not None:
        record = Auditor(options.audit_key).records([match], engine=engine)[0]
        record.pop("v"), record.pop("type"), record.pop("policy")
        sample.update(record)
    else:
        sample.update(rule=match.rule, category=match.category, action=match.action,
                      severity=match.severity, start=match.start, end=match.end,
                      fingerprint=engine.fingerprint)
    if options.sample_text:
        lo = max(0, match.start - options.context_chars)
        hi = min(len(text), match.end + options.context_chars)
        chars = list(text[lo:hi])
        for m in result.matches:
            for i in range(max(m.start, lo), min(m.end, hi)):
                chars[i - lo] = "*"
        sample["context"] = "".join(chars)
        sample["at"] = [match.start - lo, match.end - lo]
    return sample


class _Shards:
    """The shards of one partition (none unless asked for)."""

    def __init__(self, options: TaskOptions, index: int) -> None:
        self.flagged = ShardWriter(options.flagged_dir, index) if options.flagged_dir else None
        self.redacted = (ShardWriter(options.redacted_dir, index)
                         if options.redacted_dir else None)
        self.wanted = self.flagged is not None or self.redacted is not None

    def error(self, counts: _Counts, offset: int, local_line: int, message: str) -> None:
        if self.redacted is not None:
            where = counts.where(offset, local_line)
            self.redacted.write(local_line, dict({"v": SCHEMA_VERSION}, **where, error=message))

    def clean(self, counts: _Counts, t: _Text) -> None:
        if self.redacted is None:
            return
        record: Dict[str, Any] = dict({"v": SCHEMA_VERSION}, **counts.where(t.offset, t.local_line))
        record["verdict"] = "allow"
        if t.record is None:
            record["text"] = decode(t.data)
        else:
            record["object"] = t.record.obj
        self.redacted.write(t.local_line, record)

    def hit(self, engine: Engine, counts: _Counts, t: _Text, text: str, result: Any) -> None:
        where = counts.where(t.offset, t.local_line)
        redacted = engine.redact(text, result)
        if self.flagged is not None:
            record: Dict[str, Any] = dict({"v": SCHEMA_VERSION, "type": "record"}, **where)
            as_dict = result.to_dict()  # the Result fields, in lexgate-filter's order
            fields = {"v": as_dict["v"], "verdict": as_dict["verdict"], "redacted": redacted,
                      "matches": as_dict["matches"]}
            if t.record is None:
                record["text"] = text
                record.update((k, v) for k, v in fields.items() if k != "v")
            else:
                holder = dict(t.record.holder)
                holder.update(fields)
                record["object"] = _replace_holder(t.record, holder)
            self.flagged.write(t.local_line, record)
        if self.redacted is not None:
            out: Dict[str, Any] = dict({"v": SCHEMA_VERSION}, **where, verdict=result.verdict)
            if t.record is None:
                out["text"] = redacted
            else:
                holder = dict(t.record.holder)
                holder[t.record.key] = redacted
                out["object"] = _replace_holder(t.record, holder)
            self.redacted.write(t.local_line, out)

    def flush(self) -> None:
        for writer in (self.flagged, self.redacted):
            if writer is not None:
                writer.flush()

    def abort(self) -> None:
        for writer in (self.flagged, self.redacted):
            if writer is not None:
                writer.abort()

    def commit(self) -> List[str]:
        return [w.commit() for w in (self.flagged, self.redacted) if w is not None]


def _replace_holder(record: Record, holder: Dict[str, Any]) -> Dict[str, Any]:
    """The record's object with the field's holder replaced by ``holder``
    (the object is not modified: the same parsed line may serve twice)."""
    if record.holder is record.obj:
        return holder
    out: Dict[str, Any] = _copy_replacing(record.obj, record.holder, holder)
    return out


def _copy_replacing(value: Any, old: Any, new: Any) -> Any:
    if value is old:
        return new
    if isinstance(value, dict):
        return {k: _copy_replacing(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy_replacing(v, old, new) for v in value]
    return value
