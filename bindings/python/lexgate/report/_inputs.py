"""Reading the report's inputs: corpora (one text per line), JSONL chat logs
with a field pointer, and the summary JSON of ``python -m lexgate.dask``.

Texts are framed as ``lexgate-filter`` frames them, so that the report's
numbers equal ``lexgate-filter --stats`` on the same files: every line of a
plain-text file is a text (blank ones too; a final CR is dropped), while in
JSONL blank lines are skipped, a line that is not a JSON object lexgate can
read is *malformed* and a record without the field (or with a non-string
one) is an *error*. gzip'd files are read directly. The framing is
lexgate._lines and the JSONL rules lexgate._jsonl, shared with
lexgate.dask. Nothing is dropped silently: every malformed line, bad record
and unreadable file is counted per file and listed (with its byte offset
and line) as a failure.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import stat
import zlib
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional

from lexgate._jsonl import FieldError, JsonPointer, MalformedLine, is_blank, parse_line
from lexgate._lines import Lines, decode, is_gzip
from lexgate.report._errors import ReportError

__all__ = ["FileCounts", "Failure", "Record", "is_summary", "read_records"]

#: A file that begins as a summary JSON is read whole up to this size. A
#: summary holds counters and bounded samples, and one entry of some 200
#: bytes per input file: 1 GiB is about five million files.
SUMMARY_MAX_BYTES = 1 << 30
#: Another JSON file is read whole (to tell a one-record chat log or
#: another lexgate document from a JSONL corpus) only up to this size, so a
#: big corpus is never read twice.
OTHER_JSON_MAX_BYTES = 64 << 20

#: The "type" of lexgate's other JSON documents, refused with a clear error
#: when given where a corpus or a summary is expected.
OTHER_TYPES = ("stats", "inventory", "report", "header", "record")


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


#: How a summary of ``python -m lexgate.dask`` begins (its first keys, in
#: the order it writes them): a file that begins so is one, and one that
#: does not read as one is damaged, never a corpus of one line.
_SUMMARY_START = re.compile(rb'\A\s*\{\s*"v"\s*:\s*1\s*,\s*"type"\s*:\s*"screen"\s*[,}]')
_BOM = b"\xef\xbb\xbf"


def is_summary(path: str, pointer: Optional[JsonPointer] = None) -> bool:
    """True when ``path`` is a regular file holding a whole JSON object with
    ``"type": "screen"`` (the summary of ``python -m lexgate.dask``); a
    pipe is always read as a corpus, and with ``pointer`` (--jsonl,
    --field) so is an object that holds the field to screen (a chat log of
    one record). Raises ReportError for a file that begins as a summary but
    does not read as one (cut short, too large) and for lexgate's other JSON
    documents (stats, inventory, report), which have no per-text counts to
    report on."""
    try:
        st = os.stat(path)
        # Only a regular file can be peeked at: a pipe or a terminal read
        # here would have lost what it holds to read_records().
        if not stat.S_ISREG(st.st_mode):
            return False
        with (gzip.open(path, "rb") if is_gzip(path) else open(path, "rb")) as handle:
            head = handle.read(4096)
            if head.startswith(_BOM):
                head = head[len(_BOM):]
            if not head.lstrip()[:1] == b"{":
                return False
            looks_like_one = _SUMMARY_START.match(head) is not None
            limit = SUMMARY_MAX_BYTES if looks_like_one else OTHER_JSON_MAX_BYTES
            if not looks_like_one and st.st_size > limit:
                return False  # a large JSONL corpus: not read twice
            head += handle.read(limit + 1 - len(head))
    except (OSError, EOFError, zlib.error):
        return False  # read_records reports it as an unreadable file
    if len(head) > limit:
        if not looks_like_one:
            return False  # a large corpus (gzip'd: its size was not known)
        raise ReportError(f"{path}: begins as a screening summary but is larger than "
                          f"{SUMMARY_MAX_BYTES >> 20} MiB, more than a summary of five "
                          f"million files: not read; nothing is reported from it")
    try:
        value = json.loads(head.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        if looks_like_one:
            raise ReportError(f"{path}: a damaged screening summary (it begins as one "
                              f"but does not read as one: {error}); nothing is reported "
                              "from it") from None
        return False  # JSONL with several records, or not JSON at all
    if not isinstance(value, dict) or "type" not in value:
        return False
    if pointer is not None:
        try:
            pointer.find(value)
            return False  # a record of a chat log, whatever else it holds
        except FieldError:
            pass
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
                 pointer: Optional[JsonPointer]) -> Iterator[Record]:
    """The texts of ``path``: every line (plain text) or the ``pointer``
    field of every non-blank JSONL line. Malformed lines and bad records are
    counted in ``counts`` and listed in ``counts.failures``; a file that
    cannot be opened or read sets ``counts.error`` (what was read before the
    error is kept and counted)."""
    try:
        lines = Lines(path, gzip=is_gzip(path))
    except OSError as error:
        counts.error = f"cannot open: {error.strerror or error}"
        counts.failures.append(Failure(path, None, None, counts.error))
        return
    number = 0
    try:
        for batch in lines:
            for at, raw in batch:
                number += 1
                if pointer is None:
                    yield Record(path, at, number, decode(raw), len(raw))
                    continue
                if is_blank(raw):
                    continue  # blank JSONL lines are skipped, as lexgate-filter does
                try:
                    text = parse_line(raw, pointer).text
                except MalformedLine as why:
                    counts.malformed += 1
                    counts.failures.append(Failure(path, at, number, str(why)))
                    continue
                except FieldError as why:
                    counts.errors += 1
                    counts.failures.append(Failure(path, at, number, str(why)))
                    continue
                yield Record(path, at, number, text, len(text.encode("utf-8")))
    except (OSError, EOFError, zlib.error) as error:
        message = getattr(error, "strerror", None) or str(error) or type(error).__name__
        counts.error = f"error reading after line {number}: {message}"
        counts.failures.append(Failure(path, lines.offset, number + 1, counts.error))


def check_readable_paths(paths: List[str]) -> None:
    """Refuse an empty input list (a report on nothing would read as clean)."""
    if not paths:
        raise ReportError("no INPUT given: name a corpus, a JSONL chat log or a summary JSON")
