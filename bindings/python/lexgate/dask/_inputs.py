"""Inputs of a screening run: which files, which format, which partitions,
and reading the records of one partition.

Files are one text per line (as lexgate-filter reads them) or JSON Lines
(as lexgate-filter --jsonl reads them), gzip'd or not (by their first
bytes, as lexgate-filter decides), read through lexgate._lines, as
lexgate.report reads them. A plain file is cut
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
import os
import stat
from typing import Iterable, List, NamedTuple, Optional, Sequence, Tuple, Union

from lexgate._lines import BATCH_BYTES, Lines, is_gzip

__all__ = ["DEFAULT_PARTITION_BYTES", "MAX_PARTITION_BYTES", "BATCH_BYTES", "InputFile",
           "Partition", "check_partition_bytes", "expand", "plan", "read_lines"]

#: Plain files are cut into partitions of about this many bytes.
DEFAULT_PARTITION_BYTES = 32 * 1024 * 1024
#: The largest partition size accepted (1 TiB).
MAX_PARTITION_BYTES = 2**40

_JSONL_SUFFIXES = (".jsonl", ".ndjson")


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
    in the run, ``part`` its number within the file. ``opened`` is the path
    a worker opens: ``path`` made absolute where the run was planned (a
    worker of a cluster started elsewhere has another working directory,
    where a relative path names another file)."""

    number: int
    path: str
    jsonl: bool
    gzip: bool
    start: int
    end: int
    part: int
    opened: str = ""


def _looks_jsonl(path: str) -> bool:
    name = path[:-3] if path.endswith(".gz") else path
    return name.endswith(_JSONL_SUFFIXES)


def expand(paths: Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]],
           *, jsonl: Optional[bool] = None) -> List[InputFile]:
    """The files named by ``paths``: files, directories (every file below
    them, sorted, hidden ones and those behind symbolic links included) and
    glob patterns (``**`` included; as in the shell, ``*`` matches no name
    that starts with a dot, and a directory a pattern matches is screened
    whole).

    ``jsonl``: True or False for every file; None decides per file by its
    name (``.jsonl``/``.ndjson``, optionally ``.gz``). A path that names
    nothing (no such file, a glob matching nothing, a directory holding no
    file), a directory that cannot be listed, or a file that cannot be
    opened, is kept with its ``error``, to be reported and counted: it is
    never silently left out. A file named twice is screened once.
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
        size, gzipped = 0, False
        if error is None:
            size, gzipped, error = _probe(path)
        found.append(InputFile(path, kind, gzipped, size, error))

    def add_directory(path: str) -> None:
        files, unlisted = _walk(path)
        for directory, error in unlisted:
            add(directory, f"cannot list this directory: {error}")
        if not files and not unlisted:
            add(path, "no file to screen in this directory")
        for file in files:
            add(file)

    for item in paths:
        path = os.fspath(item)
        if not isinstance(path, str):
            raise TypeError(f"input paths must be str or os.PathLike, not {type(path).__name__}")
        if os.path.isdir(path):
            add_directory(path)
        elif os.path.lexists(path):
            add(path)
        elif glob.has_magic(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                add(path, "no file matches this pattern")
            for match in matches:
                if os.path.isdir(match):
                    add_directory(match)
                else:
                    add(match)
        else:
            add(path, "no such file or directory")
    return found


def _walk(directory: str) -> Tuple[List[str], List[Tuple[str, str]]]:
    """Every file below ``directory`` (hidden ones included, symbolic links
    to directories followed, each directory listed once), sorted; and the
    directories that could not be listed, with why."""
    files: List[str] = []
    unlisted: List[Tuple[str, str]] = []
    listed = set()

    def failed(error: OSError) -> None:
        unlisted.append((os.fspath(error.filename or directory),
                         error.strerror or str(error)))

    for root, dirs, names in os.walk(directory, onerror=failed, followlinks=True):
        listed.add(os.path.realpath(root))
        # A directory reached again (a link back up, or a second link to
        # it) is not walked again: its files are the same files.
        dirs[:] = sorted(d for d in dirs
                         if os.path.realpath(os.path.join(root, d)) not in listed)
        files.extend(os.path.join(root, n) for n in names)
    return sorted(files), unlisted


def _probe(path: str) -> Tuple[int, bool, Optional[str]]:
    """(size, gzip'd, None), or (0, False, why the file cannot be read)."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            return 0, False, "is a directory"
        if not stat.S_ISREG(info.st_mode):
            # Opening a FIFO would wait for a writer forever, and none of
            # them can be cut into partitions and read again by workers.
            return 0, False, "not a regular file (a FIFO, socket or device): not screened"
        gzipped = is_gzip(path)
    except OSError as error:
        return 0, False, error.strerror or str(error)
    return info.st_size, gzipped, None


def check_partition_bytes(partition_bytes: object) -> int:
    """``partition_bytes`` if it is an int from 1 to MAX_PARTITION_BYTES;
    else ValueError."""
    if isinstance(partition_bytes, bool) or not isinstance(partition_bytes, int) \
            or not 1 <= partition_bytes <= MAX_PARTITION_BYTES:
        raise ValueError(f"partition_bytes must be an int from 1 to {MAX_PARTITION_BYTES} "
                         f"(1 TiB), not {partition_bytes!r}")
    return partition_bytes


def plan(files: Sequence[InputFile], partition_bytes: int = DEFAULT_PARTITION_BYTES
         ) -> List[Partition]:
    """The partitions of the readable ``files``, in input order."""
    check_partition_bytes(partition_bytes)
    out: List[Partition] = []
    for file in files:
        if file.error is not None:
            continue
        if file.gzip:
            out.append(Partition(len(out), file.path, file.jsonl, True, 0, -1, 0,
                                 os.path.abspath(file.path)))
            continue
        n = max(1, -(-file.size // partition_bytes))
        for part in range(n):
            start = part * partition_bytes
            end = file.size if part == n - 1 else start + partition_bytes
            out.append(Partition(len(out), file.path, file.jsonl, False, start, end, part,
                                 os.path.abspath(file.path)))
    return out


def read_lines(partition: Partition, batch_bytes: int = BATCH_BYTES) -> Lines:
    """Batches of (byte offset, line) of the lines that start in the
    partition, in order, framed as lexgate-filter frames them (see
    lexgate._lines.Lines: iterating raises OSError, EOFError or zlib.error
    when the file cannot be read to its end; the lines handed out before
    stand, and ``offset`` is where reading stopped)."""
    path = partition.opened or partition.path
    if partition.gzip:
        return Lines(path, gzip=True, batch_bytes=batch_bytes)
    return Lines(path, gzip=False, start=partition.start, end=partition.end,
                 batch_bytes=batch_bytes)
