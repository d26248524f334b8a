"""Inputs of a screening run: which files, which format, which partitions,
and reading the records of one partition.

Files are one text per line (as lexgate-filter reads them) or JSON Lines
(as lexgate-filter --jsonl reads them), gzip'd or not. A plain file is cut
into partitions of about ``partition_bytes`` at byte offsets; a line belongs
to the partition in which it *starts*, so that every line is read exactly
once whatever the cut points. A gzip'd file cannot be entered in the middle:
it is one partition.

Records keep where they came from: the file and the byte offset of the line
(in the decompressed stream for a gzip'd file), and the line number, which a
partition knows relative to its own first line (see _summary and _outputs
for how it becomes absolute).
"""

from __future__ import annotations

import glob
import gzip
import os
from typing import (Iterable, Iterator, List, NamedTuple, Optional, Protocol, Sequence, Tuple,
                    Union)

__all__ = ["DEFAULT_PARTITION_BYTES", "BATCH_BYTES", "InputFile", "Partition", "expand",
           "plan", "read_lines"]

#: Plain files are cut into partitions of about this many bytes.
DEFAULT_PARTITION_BYTES = 32 * 1024 * 1024
#: Records are scanned in batches of about this many bytes (bounded memory
#: for a gzip'd file of any size).
BATCH_BYTES = 4 * 1024 * 1024

_JSONL_SUFFIXES = (".jsonl", ".ndjson")


class _Readable(Protocol):
    """What _batches needs of a file (plain or gzip'd)."""

    def read(self, size: int = ..., /) -> bytes: ...
    def readline(self, size: int = ..., /) -> bytes: ...


class InputFile(NamedTuple):
    """One input file as found (``error`` set when it cannot be read)."""

    path: str
    jsonl: bool
    gzip: bool
    size: int
    error: Optional[str] = None


class Partition(NamedTuple):
    """The lines that start in ``[start, end)`` of ``path`` (for a gzip'd
    file: all of them, ``end`` is -1). ``number`` is the partition's number
    in the run, ``part`` its number within the file."""

    number: int
    path: str
    jsonl: bool
    gzip: bool
    start: int
    end: int
    part: int


def _is_gzip(path: str) -> bool:
    return path.endswith(".gz")


def _looks_jsonl(path: str) -> bool:
    name = path[:-3] if _is_gzip(path) else path
    return name.endswith(_JSONL_SUFFIXES)


def expand(paths: Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]],
           *, jsonl: Optional[bool] = None) -> List[InputFile]:
    """The files named by ``paths``: files, directories (every file below
    them, sorted, hidden ones skipped) and glob patterns (``**`` included).

    ``jsonl``: True or False for every file; None decides per file by its
    name (``.jsonl``/``.ndjson``, optionally ``.gz``). A path that names
    nothing, or a file that cannot be opened, is kept with its ``error``, to
    be reported and counted: it is never silently left out. A file named
    twice is screened once.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    found: List[InputFile] = []
    seen = set()

    def add(path: str, error: Optional[str] = None) -> None:
        key = os.path.realpath(path)
        if key in seen:
            return
        seen.add(key)
        kind = _looks_jsonl(path) if jsonl is None else jsonl
        if error is None:
            size, error = _probe(path)
        else:
            size = 0
        found.append(InputFile(path, kind, _is_gzip(path), size, error))

    for item in paths:
        path = os.fspath(item)
        if not isinstance(path, str):
            raise TypeError(f"input paths must be str or os.PathLike, not {type(path).__name__}")
        if os.path.isdir(path):
            for file in _walk(path):
                add(file)
        elif os.path.lexists(path):
            add(path)
        elif glob.has_magic(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                add(path, "no file matches this pattern")
            for match in matches:
                if os.path.isdir(match):
                    for file in _walk(match):
                        add(file)
                else:
                    add(match)
        else:
            add(path, "no such file or directory")
    return found


def _walk(directory: str) -> List[str]:
    files: List[str] = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(os.path.join(root, n) for n in names if not n.startswith("."))
    return sorted(files)


def _probe(path: str) -> Tuple[int, Optional[str]]:
    """(size, None), or (0, why the file cannot be read)."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if _is_gzip(path):
                f.read(1)
    except OSError as error:
        return 0, error.strerror or str(error)
    if os.path.isdir(path):
        return 0, "is a directory"
    return size, None


def plan(files: Sequence[InputFile], partition_bytes: int = DEFAULT_PARTITION_BYTES
         ) -> List[Partition]:
    """The partitions of the readable ``files``, in input order."""
    if isinstance(partition_bytes, bool) or not isinstance(partition_bytes, int) \
            or partition_bytes < 1:
        raise ValueError(f"partition_bytes must be a positive int, not {partition_bytes!r}")
    out: List[Partition] = []
    for file in files:
        if file.error is not None:
            continue
        if file.gzip:
            out.append(Partition(len(out), file.path, file.jsonl, True, 0, -1, 0))
            continue
        n = max(1, -(-file.size // partition_bytes))
        for part in range(n):
            start = part * partition_bytes
            end = file.size if part == n - 1 else start + partition_bytes
            out.append(Partition(len(out), file.path, file.jsonl, False, start, end, part))
    return out


def read_lines(partition: Partition, batch_bytes: int = BATCH_BYTES
               ) -> Iterator[List[Tuple[int, bytes]]]:
    """Batches of (byte offset, line) of the lines that start in the
    partition, in order, each line without its newline and one trailing CR
    (lexgate-filter's framing: a last line without a newline is a line; a
    newline at the very end does not start an empty one). Raises OSError,
    EOFError or zlib.error when the file cannot be read to its end; the
    batches already yielded stand."""
    if partition.gzip:
        with gzip.open(partition.path, "rb") as f:
            yield from _batches(f, 0, None, batch_bytes)
        return
    with open(partition.path, "rb") as f:
        offset = partition.start
        if offset > 0:
            f.seek(offset - 1)
            if f.read(1) != b"\n":
                f.readline()  # the rest of a line that started in an earlier partition
            offset = f.tell()
        yield from _batches(f, offset, partition.end, batch_bytes)


def _batches(f: _Readable, offset: int, end: Optional[int],
             batch_bytes: int) -> Iterator[List[Tuple[int, bytes]]]:
    batch: List[Tuple[int, bytes]] = []
    size = 0
    while end is None or offset < end:
        want = batch_bytes if end is None else min(batch_bytes, end - offset)
        block = f.read(want)
        if not block:
            break
        if not block.endswith(b"\n"):
            block += f.readline()  # finish the last line, whoever's cut it crosses
        lines = block.split(b"\n")
        if lines[-1] == b"":
            lines.pop()  # the block ended with a newline
        for line in lines:
            text = line[:-1] if line.endswith(b"\r") else line
            batch.append((offset, text))
            size += len(line) + 1
            offset += len(line) + 1
        if size >= batch_bytes:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


