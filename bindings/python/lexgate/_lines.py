"""Input files as lexgate-filter reads them: gzip'd or not, one record a line.

The C++ CLI (examples/lexgate-filter/input_source.cc and line_io.cc) is the
reference; lexgate.report and lexgate.dask both read through this module,
so that they frame the same texts as ``lexgate-filter --stats``:

- a regular file that starts with gzip's magic bytes is decompressed
  (whatever its name; a ``.gz`` file that is not gzip'd is read as is);
- a line ends at ``\\n``; one trailing ``\\r`` is dropped; a last line
  without a newline is a line; a newline at the very end does not start an
  empty one;
- every line is kept with its byte offset (in the decompressed stream for
  a gzip'd file).

What a line then is (a text, or in JSON Lines a record: lexgate._jsonl) is
up to the caller.
"""

from __future__ import annotations

import codecs
import errno
import gzip
import os
import stat
import zlib
from typing import Iterator, List, Optional, Protocol, Tuple

__all__ = ["BATCH_BYTES", "GZIP_MAGIC", "GzipStream", "Lines", "decode", "is_gzip"]

#: Lines are handed out in batches of about this many bytes (bounded memory
#: for a file of any size).
BATCH_BYTES = 4 * 1024 * 1024
#: Bytes read at a time: what was read before a read error is still handed
#: out (as lexgate-filter counts the lines it read before the error).
_READ_BYTES = 64 * 1024

GZIP_MAGIC = b"\x1f\x8b"


def _bytewise(error: UnicodeError) -> Tuple[str, int]:
    # One U+FFFD per invalid byte, as the schema counts them (json-schema.md).
    assert isinstance(error, UnicodeDecodeError)
    return "\ufffd", error.start + 1


codecs.register_error("lexgate-bytewise", _bytewise)


def decode(data: bytes) -> str:
    """A line as the scan sees it: each invalid byte one U+FFFD (Python's
    "replace" makes one of a cut sequence, and fewer of them could let the
    fold join letters that lexgate-filter keeps apart)."""
    return data.decode("utf-8", "lexgate-bytewise")


class _Readable(Protocol):
    """What Lines needs of a file (plain or gzip'd)."""

    def read(self, size: int = ..., /) -> bytes: ...
    def readline(self, size: int = ..., /) -> bytes: ...


class GzipStream:
    """gzip data decompressed member after member, as lexgate-filter reads
    it (input_source.cc): zero bytes after a member are padding, other data
    after the gzip data is an error. Unlike gzip.GzipFile, a read hands out
    everything decompressed before an error (GzipFile.read() drops what it
    decompressed in the call that meets a truncated stream); the error
    comes with the next read: EOFError for data cut short, zlib.error for
    damaged data, gzip.BadGzipFile (an OSError) for data after the gzip
    data."""

    #: Compressed bytes read at a time.
    _CHUNK = 64 * 1024
    #: The most one decompression step adds: deflate expands up to 1032:1,
    #: so one 64 KB chunk of a gzip bomb would be 66 MB at once otherwise.
    _OUT = 1024 * 1024

    def __init__(self, raw: _Readable) -> None:
        self._raw = raw
        self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._in_member = False  # bytes of the current member were fed
        self._padding = False    # past the last member: only zero bytes
        self._compressed = 0     # compressed bytes read
        self._input = b""        # compressed bytes read, not yet decompressed
        self._input_at = 0       # where they start in the file
        self._pending = False    # the last step stopped at _OUT: zlib may hold more
        self._buffer = bytearray()
        self._error: Optional[BaseException] = None
        self._ended = False

    def read(self, size: int = -1, /) -> bytes:
        while (size < 0 or len(self._buffer) < size) and self._more():
            pass
        if not self._buffer and self._error is not None:
            raise self._error
        n = len(self._buffer) if size < 0 else min(size, len(self._buffer))
        out = bytes(self._buffer[:n])
        del self._buffer[:n]
        return out

    def readline(self, size: int = -1, /) -> bytes:
        searched = 0
        while True:
            newline = self._buffer.find(b"\n", searched)
            if newline >= 0:
                return self.read(newline + 1)
            searched = len(self._buffer)
            if not self._more():
                if self._error is not None:
                    raise self._error  # the line was cut short
                return self.read()

    def _more(self) -> bool:
        """One more step: at most _OUT bytes decompressed, or zero padding
        skipped. False at the end or at an error."""
        if self._error is not None:
            return False
        if not self._input and not self._pending:
            if self._ended:
                return False
            chunk = self._raw.read(self._CHUNK)
            if not chunk:
                self._ended = True
                if self._in_member:
                    self._error = EOFError("gzip data: unexpected end of file")
                return False
            self._input, self._input_at = chunk, self._compressed
            self._compressed += len(chunk)
        try:
            self._step()
        except (zlib.error, OSError) as why:
            self._error = why
        return True

    def _step(self) -> None:
        data = self._input
        if self._padding:
            stripped = data.lstrip(b"\0")
            skipped = len(data) - len(stripped)
            if stripped and not stripped.startswith(GZIP_MAGIC[:len(stripped)]):
                raise gzip.BadGzipFile(
                    f"data after the gzip data at byte {self._input_at + skipped + 1} "
                    f"(not screened): is it a gzip file?")
            self._padding = not stripped  # else another member after padding
            self._input, self._input_at = stripped, self._input_at + skipped
            return
        self._in_member = True
        out = self._inflate.decompress(data, self._OUT)
        self._buffer += out
        # Input all taken but the output cut at _OUT: zlib may still hold
        # output for it, which decompress(b"") hands out next.
        self._pending = len(out) == self._OUT and not self._inflate.eof
        rest = self._inflate.unused_data if self._inflate.eof else self._inflate.unconsumed_tail
        self._input, self._input_at = rest, self._input_at + len(data) - len(rest)
        if self._inflate.eof:
            self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
            self._in_member = False
            # What follows (in this chunk or the next): zero padding,
            # another member, or data that is an error.
            self._padding = True


def is_gzip(path: str) -> bool:
    """True when ``path`` is a regular file starting with gzip's magic bytes
    (lexgate-filter's rule: only a regular file can be peeked at without
    consuming it). Raises OSError when it cannot be opened."""
    with open(path, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            return False
        return f.read(len(GZIP_MAGIC)) == GZIP_MAGIC


class Lines:
    """The lines of ``path`` that start in ``[start, end)`` (``end`` None:
    to the end of the file), in batches of (byte offset, line) without the
    newline and one trailing CR. ``gzip``: the file is gzip'd (is_gzip());
    a gzip'd file cannot be entered in the middle, so ``start`` must be 0.

    Iterating raises OSError, EOFError or zlib.error when the file cannot
    be read to its end, after handing out every whole line read before the
    error; ``offset`` is then where reading stopped (after the last line
    handed out).

        for batch in Lines("corpus.txt.gz", gzip=True):
            for offset, line in batch: ...
    """

    def __init__(self, path: str, *, gzip: bool, start: int = 0, end: Optional[int] = None,
                 batch_bytes: int = BATCH_BYTES) -> None:
        if gzip and start != 0:
            raise ValueError("a gzip'd file is read from its start")
        self.path = path
        self.gzip = gzip
        self.start = start
        self.end = end
        self.batch_bytes = batch_bytes
        #: where the next line starts (after the last line handed out)
        self.offset = start

    def __iter__(self) -> Iterator[List[Tuple[int, bytes]]]:
        if self.gzip:
            with open(self.path, "rb") as raw:
                yield from self._batches(GzipStream(raw))
            return
        with open(self.path, "rb") as f:
            if self.start > 0:
                f.seek(self.start - 1)
                before = f.read(1)
                if not before:
                    size = os.fstat(f.fileno()).st_size
                    self.offset = min(self.start, size)
                    raise EOFError(f"the file ended at byte {size}, before byte {self.start}: "
                                   f"it was cut short while being read")
                if before != b"\n":
                    f.readline()  # the rest of a line that started before ``start``
                self.offset = f.tell()
            yield from self._batches(f)

    def _batches(self, f: _Readable) -> Iterator[List[Tuple[int, bytes]]]:
        end, batch_bytes = self.end, self.batch_bytes
        offset = self.offset
        read_to = offset  # the bytes read (offset may count a missing newline)
        batch: List[Tuple[int, bytes]] = []
        size = 0
        while end is None or offset < end:
            want = min(batch_bytes, _READ_BYTES)
            if end is not None:
                want = min(want, end - offset)
            error: Optional[BaseException] = None
            try:
                block = f.read(want)
            except (OSError, EOFError, zlib.error) as why:
                block, error = b"", why
            if error is None and block and not block.endswith(b"\n"):
                try:
                    block += f.readline()  # finish the last line, whoever's cut it crosses
                except (OSError, EOFError, zlib.error) as why:
                    error = why
                except MemoryError:
                    # A line memory cannot hold (a gzip bomb without a
                    # newline): an input error, as lexgate-filter reports it.
                    error = OSError(errno.ENOMEM,
                                    "out of memory: a line does not fit in memory")
            if error is not None:
                # The whole lines read before the error stand; one that the
                # error cut short is not handed out (lexgate-filter's rule).
                block = block[:block.rfind(b"\n") + 1]
            elif not block:
                break
            else:
                read_to += len(block)
            lines = block.split(b"\n")
            if lines[-1] == b"":
                lines.pop()  # the block ended with a newline
            for line in lines:
                batch.append((offset, line[:-1] if line.endswith(b"\r") else line))
                size += len(line) + 1
                offset += len(line) + 1
            self.offset = offset
            if error is not None:
                if batch:
                    yield batch  # the lines read before the error stand
                raise error
            if size >= batch_bytes:
                yield batch
                batch, size = [], 0
        if end is not None and read_to < end:
            # The file is shorter than when its partitions were planned (cut
            # short while read; ``offset`` counts a newline the last line may
            # not have, so the bytes read say it): the lines planned past
            # here were never read, which must not pass for a file read to
            # its end.
            if batch:
                yield batch
            raise EOFError(f"the file ended at byte {read_to}, before byte {end}: "
                           f"it was cut short while being read")
        if batch:
            yield batch
