"""screen(): the driver. Finds the inputs, plans the partitions, ships the
engine to every worker once, submits one task per partition to Dask's
distributed scheduler and adds the results up as they come in.

The engine is compiled here once and shipped to every worker process once
(_ship). Dask does the scheduling, the retries and the cluster: lexgate adds no
scheduler of its own. A worker that dies mid-task is replaced (the nanny
restarts it) and its task goes to another worker; the task is a pure
function of its partition, so the retry is counted once (see _task). A
partition that no attempt finishes (Dask gives up after
``distributed.scheduler.allowed-failures`` deaths) is a failure of the run,
listed in the summary, never a silent gap.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
import uuid
from contextlib import ExitStack
from typing import Any, Dict, Iterable, List, Optional, TextIO, Tuple, Union

from lexgate._audit import AuditKey
from lexgate._engine import Engine
from lexgate._jsonl import JsonPointer
from lexgate._rules import StrPath
from lexgate.dask._inputs import (
    DEFAULT_PARTITION_BYTES,
    InputFile,
    Partition,
    check_partition_bytes,
    expand,
    plan,
)
from lexgate.dask._outputs import check_no_shards, remove_unfinished
from lexgate.dask._summary import ScreenSummary
from lexgate.dask._ship import EnginePlugin
from lexgate.dask._task import TaskOptions, count_lines, screen_partition

__all__ = ["TASK_PREFIX", "screen", "local_cluster"]

# The keys a flagged record's results are written under beside the screened
# field, as lexgate-filter --jsonl writes them (and "error", which a record
# in error has): a field of one of these names would be overwritten.
_RESULT_KEYS = ("v", "verdict", "redacted", "matches", "error")

#: Task keys are "<TASK_PREFIX><partition>-<run>" (a worker plugin can tell
#: which partition a task screens).
TASK_PREFIX = "lexgate-screen-"

Paths = Union[StrPath, Iterable[StrPath]]


def _distributed() -> Any:
    """The distributed module, untyped (it has no complete annotations)."""
    return importlib.import_module("distributed")


def local_cluster(workers: Optional[int] = None) -> Any:
    """A LocalCluster of ``workers`` worker processes (default: one per
    CPU), one thread each, on 127.0.0.1, without the dashboard: scans
    release the GIL, but a process per core also keeps the Python work of
    reading and counting parallel."""
    n = workers if workers is not None else (os.cpu_count() or 1)
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"workers must be a positive int, not {workers!r}")
    return _distributed().LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                        host="127.0.0.1", dashboard_address=None)


def screen(paths: Paths, *, engine: Optional[Engine] = None,
           rules: Optional[Paths] = None, field: Optional[str] = None,
           jsonl: Optional[bool] = None, client: Any = None,
           scheduler: Optional[str] = None, workers: Optional[int] = None,
           partition_bytes: int = DEFAULT_PARTITION_BYTES, sample_per_rule: int = 5,
           sample_text: bool = True, context_chars: int = 40,
           audit_key: Optional[AuditKey] = None,
           write_flagged: Optional[StrPath] = None,
           write_redacted: Optional[StrPath] = None,
           progress: Optional[bool] = None, max_failures: int = 1000,
           threads_per_task: int = 1) -> ScreenSummary:
    """Screen a corpus on a Dask cluster and return its ScreenSummary.

        summary = lexgate.dask.screen(["corpus/", "logs/*.jsonl.gz"],
                                      field="/messages/0/content")
        summary.to_dict()["by_category"]    # matches and texts hit per category
        summary.exit_status                 # 0, or 2 if anything failed

    ``paths``: files, directories and glob patterns; each file is one text
    per line (``jsonl=False``) or JSON Lines (``jsonl=True``); by default
    by its name (``.jsonl``/``.ndjson`` are JSON Lines), gzip'd or not
    (``.gz``). ``field``: the text of a JSONL record, an RFC 6901 pointer or
    a top-level key (default ``text``), as lexgate-filter --field; a field
    with no JSON Lines input (``jsonl=False``, or no file named so) is a
    ValueError, as is a field named as a key the results are written under
    (``verdict``, ``redacted``, ``matches``, ``v``, ``error``). An engine
    without rules (a taxonomy file given as the rules) is a ValueError: it
    would screen nothing.

    The engine: ``engine``, else the packs in ``rules``, else the shipped
    packs, compiled here once (streaming=False) and scattered to every
    worker. The cluster: ``client`` (a distributed.Client), else the
    scheduler at ``scheduler`` (``tcp://host:8786``), else a LocalCluster
    of ``workers`` processes started and stopped here. ``partition_bytes``:
    plain files are cut into partitions of about this many bytes, an int
    from 1 to 2**40 (1 TiB).

    Samples: up to ``sample_per_rule`` hits per rule, with a masked context
    of ``context_chars`` on each side (none with ``sample_text=False``) and,
    with ``audit_key``, the HMAC of the matched text. ``write_flagged`` /
    ``write_redacted``: directories (visible to every worker) for JSONL
    shards of the texts hit / of the whole redacted corpus, one per
    partition. ``progress``: a progress line on stderr (default: when
    stderr is a terminal).

    Never raises for bad input: unreadable files, malformed lines and
    missing fields are counted and listed in the summary, and so is an
    input that names no file to screen (a glob matching nothing, an empty
    directory). Raises ValueError for bad arguments and whatever loading
    the rules raises.
    """
    if field is not None:
        # A bad pointer is an error now, not in every task.
        key = JsonPointer.parse(field).steps[-1]
        if key in _RESULT_KEYS:
            raise ValueError(f"field {field!r}: the results are written beside it as "
                             f"{key!r}, which would overwrite it")
        if jsonl is False:
            raise ValueError("field= names a part of a JSON Lines record: not with "
                             "jsonl=False")
    for name, value in (("sample_per_rule", sample_per_rule), ("context_chars", context_chars),
                        ("max_failures", max_failures)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative int, not {value!r}")
    if isinstance(threads_per_task, bool) or not isinstance(threads_per_task, int) \
            or threads_per_task < 1:
        raise ValueError(f"threads_per_task must be a positive int, not {threads_per_task!r}")
    check_partition_bytes(partition_bytes)
    if engine is None:
        engine = (Engine.from_paths(rules, streaming=False) if rules is not None
                  else Engine.default(streaming=False))
    elif rules is not None:
        raise ValueError("give engine= or rules=, not both")
    if engine.rule_count == 0:
        # Packs that declare no rule (the taxonomy file, a pack being
        # written) would screen nothing: every text would pass as clean.
        raise ValueError("no rules: the engine has no rule (a taxonomy file such as "
                         "categories.toml holds categories only), so nothing would be "
                         "screened")
    if client is not None and (scheduler is not None or workers is not None):
        raise ValueError("client= is the cluster: not with scheduler= or workers=")

    files = expand(paths, jsonl=jsonl)
    if field is not None and not any(f.jsonl for f in files):
        # A field names a part of a JSON record, yet every file would be read
        # as plain lines (by name): a .json file's escaped text would go
        # unseen, and the field would be ignored without a word.
        raise ValueError(f"field {field!r} names a part of a JSON Lines record, but no input "
                         f"is JSON Lines by its name (.jsonl, .ndjson): pass jsonl=True "
                         f"(--jsonl) to read every file as JSON Lines")
    partitions = plan(files, partition_bytes)
    options = TaskOptions(
        field=field, sample_per_rule=sample_per_rule, sample_text=bool(sample_text),
        context_chars=context_chars, audit_key=audit_key,
        flagged_dir=_directory(write_flagged), redacted_dir=_directory(write_redacted),
        max_failures=max_failures, threads=threads_per_task)
    any_jsonl = any(f.jsonl for f in files)
    summary = ScreenSummary(engine, files, partitions,
                            field=(field or "text") if any_jsonl else None,
                            sample_per_rule=sample_per_rule, max_failures=max_failures)
    started = time.monotonic()
    try:
        with ExitStack() as stack:
            if client is None:
                if scheduler is not None:
                    client = stack.enter_context(_distributed().Client(scheduler))
                else:
                    cluster = stack.enter_context(local_cluster(workers))
                    client = stack.enter_context(_distributed().Client(cluster))
            summary.workers = len(client.scheduler_info().get("workers", {}))
            _run(client, engine, partitions, options, summary, files,
                 _progress_stream(progress))
    finally:
        # However the run ended (an interrupt, a lost scheduler too): the
        # unfinished shards of killed workers hold unmasked text.
        for directory in (options.flagged_dir, options.redacted_dir):
            if directory is not None:
                remove_unfinished(directory)
    summary.seconds = time.monotonic() - started
    return summary


def _directory(path: Optional[StrPath]) -> Optional[str]:
    if path is None:
        return None
    out = os.path.abspath(os.fspath(path))
    os.makedirs(out, exist_ok=True)
    check_no_shards(out)
    return out


def _progress_stream(progress: Optional[bool]) -> Optional[TextIO]:
    if progress is None:
        progress = sys.stderr.isatty()
    return sys.stderr if progress else None


def _run(client: Any, engine: Engine, partitions: List[Partition], options: TaskOptions,
         summary: ScreenSummary, files: List[InputFile], out: Optional[TextIO]) -> None:
    run = uuid.uuid4().hex[:8]
    # Once per worker process (restarted and late ones included), never per
    # task: see _ship.
    shipped = f"lexgate-engine-{run}"
    client.register_worker_plugin(EnginePlugin(shipped, engine.to_bytes()), name=shipped)
    try:
        _submit_and_count(client, shipped, partitions, options, summary, files, out, run)
    finally:
        client.unregister_worker_plugin(shipped)


def _submit_and_count(client: Any, shipped: str, partitions: List[Partition],
                      options: TaskOptions, summary: ScreenSummary, files: List[InputFile],
                      out: Optional[TextIO], run: str) -> None:
    first_lines = _first_lines(client, partitions, options, run)
    futures = [
        client.submit(screen_partition, shipped, part, options, first_lines.get(part.number),
                      key=f"{TASK_PREFIX}{part.number}-{run}", pure=False)
        for part in partitions]
    by_key = {f.key: part for f, part in zip(futures, partitions)}
    total = sum(f.size for f in files if f.error is None)
    done_bytes = 0
    done = 0
    started = time.monotonic()
    for future in _distributed().as_completed(futures):
        part = by_key[future.key]
        result, failure = _outcome(future)
        if failure is None:
            summary.add(result)
        else:
            summary.fail_partition(part.number, failure)
        future.release()
        done += 1
        done_bytes += (part.end - part.start) if not part.gzip else _size(files, part.path)
        if out is not None:
            _show(out, done, len(partitions), done_bytes, total, time.monotonic() - started)
    if out is not None and partitions:
        out.write("\n")
        out.flush()


def _first_lines(client: Any, partitions: List[Partition], options: TaskOptions,
                 run: str) -> Dict[int, int]:
    """With shards to write, a first pass counts the lines of the
    partitions that do not start their file, so that shard records carry
    absolute line numbers (the summary makes them absolute by itself)."""
    if options.flagged_dir is None and options.redacted_dir is None:
        return {}
    cut = {p.path for p in partitions if p.start > 0}
    parts = [p for p in partitions if p.path in cut]
    if not parts:
        return {}
    futures = client.map(count_lines, parts, key=[
        f"lexgate-count-{p.number}-{run}" for p in parts])
    _distributed().wait(futures)
    # A count that failed (a worker that kept dying on the partition) is a
    # file not counted to its end: the screening pass meets the same
    # partition and reports it; the run is not lost here.
    counted = [_outcome(f)[0] for f in futures]
    for f in futures:
        f.release()
    out: Dict[int, int] = {}
    running: Dict[str, int] = {}
    unreadable = set()
    for part, n in zip(parts, counted):  # in file order
        if n is None:
            unreadable.add(part.path)
        out[part.number] = running.get(part.path, 0) + 1
        running[part.path] = running.get(part.path, 0) + (n or 0)
    # A file not read to its end by the count keeps partition-relative lines.
    return {i: n for i, n in out.items() if partitions[i].path not in unreadable}


def _outcome(future: Any) -> Tuple[Any, Optional[str]]:
    """A done future's result and None, or None and why it has none.

    Read through result(), never through ``status``: a result still held by
    a worker that then dies makes its finished future pending again while
    Dask recomputes it, so a status read after as_completed() or wait() can
    be stale (a finished partition was once reported failed with the
    message "NoneType: None"). result() waits for the recomputation."""
    try:
        return future.result(), None
    except _distributed().CancelledError:
        return None, "cancelled before it finished"
    except Exception as error:  # the task's own exception, or Dask's (KilledWorker)
        return None, f"{type(error).__name__}: {error}"


def _size(files: List[InputFile], path: str) -> int:
    return next((f.size for f in files if f.path == path), 0)


def _show(out: TextIO, done: int, total_parts: int, done_bytes: int, total_bytes: int,
          seconds: float) -> None:
    rate = done_bytes / seconds if seconds > 0 else 0.0
    share = done_bytes / total_bytes if total_bytes else 1.0
    out.write(f"\rlexgate.dask: {done}/{total_parts} partitions, "
              f"{done_bytes / 1e6:,.1f} of {total_bytes / 1e6:,.1f} MB ({share:.0%}), "
              f"{rate / 1e6:,.1f} MB/s   ")
    out.flush()
