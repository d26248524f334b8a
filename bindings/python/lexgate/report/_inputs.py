"""Reading the report's inputs: corpora (one text per line), JSONL chat logs
with a field pointer, and the summary JSON of ``python -m lexgate.dask``.

Texts are framed as ``lexgate-filter`` frames them, so that the report's
numbers equal ``lexgate-filter --stats`` on the same files: every line of a
plain-text file is a text (blank ones too; a final CR is dropped), while in
JSONL blank lines are skipped, a line that is not valid UTF-8 JSON is
*malformed* and a record without the field (or with a non-string one) is an
*error*. gzip'd files are read directly. Nothing is dropped silently: every
malformed line, bad record and unreadable file is counted per file and
listed (with its byte offset and line) as a failure.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from dataclasses import dataclass, field
from typing import IO, Any, Dict, Iterator, List, Optional, Union

from lexgate.report._errors import ReportError
from lexgate.report._pointer import FieldPointer

__all__ = ["FileCounts", "Failure", "Record", "is_summary", "read_records"]

#: A file larger than this is never taken for a summary JSON (a summary is
#: small: counters and bounded samples), so a big corpus is never read whole.
SUMMARY_MAX_BYTES = 64 << 20

#: The "type" of lexgate's other JSON documents, refused with a clear error
#: when given where a corpus or a summary is expected.
OTHER_TYPES = ("stats", "inventory", "report", "header", "record")

_GZIP_MAGIC = b"\x1f\x8b"

# A \uD800-\uDBFF escape somewhere in a line: only then are its strings
# checked for lone surrogates (Python's json accepts them, RFC 8259 and
# lexgate-filter do not).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abAB]|\\u[dD][c-fC-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return _LONE_SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(v) for v in value)
    return False


@dataclass
class Record:
    """One text to screen and where it came from."""

    source: str
    offset: int  # byte offset of its line in the (uncompressed) file
    line: int  # 1-based line number
    text: str
    #: bytes of the text as read (as lexgate-filter counts them: an invalid
    #: UTF-8 byte is one byte, though it is scanned as one U+FFFD)
    size: int


@dataclass
class Failure:
    """A record or file that could not be screened (never reported clean)."""

    path: str
    offset: Optional[int]
    line: Optional[int]
    error: str

    def to_dict(self) -> Dict[str, Any]:
        return {"path": self.path, "offset": self.offset, "line": self.line,
                "error": self.error}


@dataclass
class FileCounts:
    """What one input contributed: texts screened, their bytes, malformed
    JSONL lines and records in error; ``error`` when the file itself could
    not be read (or was read only in part)."""

    path: str
    kind: str  # "text", "jsonl" or "summary"
    texts: int = 0
    bytes: int = 0
    malformed: int = 0
    errors: int = 0
    error: Optional[str] = None
    failures: List[Failure] = field(default_factory=list)
    #: the summary JSON that listed this file (kind "summary")
    summary: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"path": self.path, "kind": self.kind, "texts": self.texts,
                               "bytes": self.bytes, "malformed": self.malformed,
                               "errors": self.errors}
        if self.error is not None:
            out["error"] = self.error
        if self.summary is not None:
            out["summary"] = self.summary
        return out


def _open(path: str) -> "Union[IO[bytes], gzip.GzipFile]":
    """``path`` for reading, decompressed when it is gzip'd (by its magic
    bytes, as lexgate-filter decides)."""
    raw = open(path, "rb")
    try:
        magic = raw.read(2)
    except BaseException:
        raw.close()
        raise
    raw.close()
    if magic == _GZIP_MAGIC:
        return gzip.GzipFile(path, "rb")
    return open(path, "rb")


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON (RFC 8259); lexgate-filter refuses them.
    raise ValueError(f"{name} is not valid JSON")


def _lines(handle: "Union[IO[bytes], gzip.GzipFile]") -> Iterator[bytes]:
    for line in handle:
        if line.endswith(b"\n"):
            line = line[:-1]
        yield line


def is_summary(path: str) -> bool:
    """True when ``path`` is a whole JSON object with ``"type": "screen"``
    (the summary of ``python -m lexgate.dask``). Raises ReportError for
    lexgate's other JSON documents (stats, inventory, report), which have
    no per-text counts to report on."""
    try:
        if os.path.getsize(path) > SUMMARY_MAX_BYTES:
            return False
        with _open(path) as handle:
            head = handle.read(SUMMARY_MAX_BYTES + 1)
    except OSError:
        return False  # read_records reports it as an unreadable file
    if not head.lstrip()[:1] == b"{":
        return False
    try:
        value = json.loads(head.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False  # JSONL with several records, or not JSON at all
    if not isinstance(value, dict) or "type" not in value:
        return False
    kind = value.get("type")
    if kind == "screen":
        return True
    if kind in OTHER_TYPES and "v" in value:
        hint = ""
        if kind == "stats":
            hint = (" (lexgate-filter --stats=json has no per-text counts per category or"
                    " rule: give the report the corpus itself, or the summary of"
                    " `python -m lexgate.dask`)")
        raise ReportError(f"{path}: a lexgate {kind!r} document, not a screening summary"
                          f' ("type": "screen"){hint}')
    return False


def read_records(path: str, counts: FileCounts,
                 pointer: Optional[FieldPointer]) -> Iterator[Record]:
    """The texts of ``path``: every line (plain text) or the ``pointer``
    field of every non-blank JSONL line. Malformed lines and bad records are
    counted in ``counts`` and listed in ``counts.failures``; a file that
    cannot be opened or read sets ``counts.error`` (what was read before the
    error is kept and counted)."""
    try:
        handle = _open(path)
    except OSError as error:
        counts.error = f"cannot open: {error.strerror or error}"
        counts.failures.append(Failure(path, None, None, counts.error))
        return
    offset = 0
    number = 0
    try:
        with handle:
            for raw in _lines(handle):
                number += 1
                at = offset
                offset += len(raw) + 1
                if raw.endswith(b"\r"):
                    raw = raw[:-1]
                if pointer is None:
                    yield Record(path, at, number, raw.decode("utf-8", "replace"), len(raw))
                    continue
                if not raw.strip(b" \t"):
                    continue  # blank JSONL lines are skipped, as lexgate-filter does
                try:
                    value = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
                except UnicodeDecodeError as error:
                    counts.malformed += 1
                    counts.failures.append(Failure(path, at, number,
                                                   f"invalid UTF-8 at byte {error.start + 1}"))
                    continue
                except ValueError as error:
                    counts.malformed += 1
                    counts.failures.append(Failure(path, at, number, f"invalid JSON: {error}"))
                    continue
                if _SURROGATE_ESCAPE.search(raw) and _has_lone_surrogate(value):
                    counts.malformed += 1
                    counts.failures.append(Failure(path, at, number,
                                                   "invalid JSON: a lone surrogate escape"))
                    continue
                try:
                    text = pointer.find(value)
                except ValueError as error:
                    counts.errors += 1
                    counts.failures.append(Failure(path, at, number, str(error)))
                    continue
                yield Record(path, at, number, text,
                             len(text.encode("utf-8", "surrogatepass")))
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        message = getattr(error, "strerror", None) or str(error) or type(error).__name__
        counts.error = f"error reading after line {number}: {message}"
        counts.failures.append(Failure(path, offset, number + 1, counts.error))


def check_readable_paths(paths: List[str]) -> None:
    """Refuse an empty input list (a report on nothing would read as clean)."""
    if not paths:
        raise ReportError("no INPUT given: name a corpus, a JSONL chat log or a summary JSON")
