"""The pieces of lexgate.dask that need no cluster: the field pointer and
the JSONL line rules (lexgate._jsonl, checked against RFC 6901 and against
lexgate-filter itself), and partitioning (every line read exactly once,
whatever the cut points)."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import re
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any, List

import pytest

import lexgate
from lexgate._lines import GzipStream
from lexgate._jsonl import FieldError, JsonPointer, MalformedLine, parse_line
from lexgate.dask._inputs import expand, plan, read_lines
from dask_fixtures import filter_binary

# RFC 6901 §5's document, with string values so that every pointer finds a text.
RFC_DOC = {"foo": ["bar", "baz"], "": "0", "a/b": "1", "c%d": "2", "e^f": "3", "g|h": "4",
           "i\\j": "5", 'k"l': "6", " ": "7", "m~n": "8"}


@pytest.mark.parametrize("pointer,expected", [
    ("/", "0"), ("/a~1b", "1"), ("/c%d", "2"), ("/e^f", "3"), ("/g|h", "4"),
    ("/i\\j", "5"), ('/k"l', "6"), ("/ ", "7"), ("/m~0n", "8"),
])
def test_rfc6901_pointers(pointer: str, expected: str) -> None:
    holder, key, text = JsonPointer.parse(pointer).find(RFC_DOC)
    assert text == expected and holder is RFC_DOC and holder[key] == expected


def test_pointer_rules_of_the_cli() -> None:
    doc = {"messages": [{"content": "hi"}, {"content": 5}], "a/b": "bare", "01": "x"}
    assert JsonPointer.parse("/messages/0/content").find(doc)[2] == "hi"
    assert JsonPointer.parse("a/b").find(doc)[2] == "bare"  # a bare name is one key
    with pytest.raises(FieldError, match='missing field "/messages/2/content"'):
        JsonPointer.parse("/messages/2/content").find(doc)
    with pytest.raises(FieldError, match="missing field"):
        JsonPointer.parse("/messages/00/content").find(doc)  # no leading zeros
    with pytest.raises(FieldError, match="missing field"):
        JsonPointer.parse("/messages/-/content").find(doc)
    with pytest.raises(FieldError, match="is not a string"):
        JsonPointer.parse("/messages/1/content").find(doc)
    with pytest.raises(FieldError, match="is not in an object"):
        JsonPointer.parse("/foo/0").find(RFC_DOC)
    with pytest.raises(ValueError, match="followed by 0 or 1"):
        JsonPointer.parse("/a~2")
    with pytest.raises(ValueError, match="needs a key"):
        JsonPointer.parse("")


# Lines lexgate-filter --jsonl screens or rejects; the Python rules must
# agree on every one.
TRICKY = [
    b'{"text":"fuck"}', b'{"text":"a","n":1e400}', b'{"text":"a","n":-1E+400}',
    b'{"text":"a","n":1e-400}', b'{"text":"a","n":123456789012345678901234567890}',
    b'{"text":NaN}', b'{"text":"a","x":Infinity}', b'{"text":"\\ud800x"}',
    b'{"text":"\\ud83d\\ude00 fuck"}', b'{"text":"a","text":"fuck"}',
    b'\xef\xbb\xbf{"text":"a"}', b'[1]', b'"s"', b'{"text":"a"} x', b' {"text":"a"}  ',
    b'{"text":"caf\xc3"}', b'{"text":"a\tb"}', b'{"text":"a\\u0000b"}', b'{"text":5}',
    b'{"other":"a"}', b'{"text":"a", }', b"{'text':'a'}",
    b'{"text":"a","x":' + b"[" * 63 + b"]" * 63 + b"}",
    b'{"text":"a","x":' + b"[" * 64 + b"]" * 64 + b"}",
    b'{"text":"a","x":' + b"[" * 1500 + b"]" * 1500 + b"}",
    # Integers beyond 64 bits are doubles to the CLI: out of a double's range, an error.
    b'{"text":"a","n":' + str(10**308).encode() + b"}",
    b'{"text":"a","n":' + str(17976931348623157 * 10**292).encode() + b"}",
    b'{"text":"a","n":' + str(17976931348623159 * 10**292).encode() + b"}",
    b'{"text":"a","n":-' + str(2 * 10**308).encode() + b"}",
    b'{"text":"a","n":' + b"1" * 320 + b"}", b'{"text":"a","n":' + b"1" * 5000 + b"}",
    b"\xff{}", b'{"text":"ab\xe2\x82"}',
]


def test_line_rules_agree_with_lexgate_filter(tmp_path: Path) -> None:
    path = tmp_path / "tricky.jsonl"
    path.write_bytes(b"\n".join(TRICKY) + b"\n")
    result = subprocess.run([str(filter_binary()), "--jsonl"], stdin=path.open("rb"),
                            capture_output=True, timeout=60)
    records = [json.loads(line) for line in result.stdout.splitlines()][1:]  # the header
    assert len(records) == len(TRICKY)
    pointer = JsonPointer.parse("text")
    for line, record in zip(TRICKY, records):
        try:
            parse_line(line, pointer)
            ok = True
        except (MalformedLine, FieldError) as why:
            ok = False
            if not record.get("error", "").startswith("invalid JSON"):  # positions differ
                assert str(why) == record.get("error"), line
        assert ok == ("error" not in record), (line, record)


def test_every_line_is_read_once_whatever_the_cuts(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    lines: List[bytes] = [b"", b"a", b"\r", "长一点的中文行".encode(), b"x" * 50, b"", b"crlf\r",
                          b"\xff\xfe", b"last"]
    raw = b"\n".join(lines)
    path.write_bytes(raw)
    expected = [(sum(len(x) + 1 for x in lines[:i]), line[:-1] if line.endswith(b"\r") else line)
                for i, line in enumerate(lines)]
    for size in range(1, len(raw) + 2):
        got: List[Any] = []
        for part in plan(expand([path]), size):
            for batch in read_lines(part, batch_bytes=7):
                got.extend(batch)
        assert got == expected, size
    path.write_bytes(raw + b"\n")  # a final newline starts no empty line
    assert [t for b in read_lines(plan(expand([path]))[0]) for t in b] == expected


def test_a_file_cut_short_after_planning_is_an_error(tmp_path: Path) -> None:
    # Partitions are planned from the size the file had; one that finds the
    # file ended before its end never read the lines planned there, which
    # must not pass for a file read to its end.
    path = tmp_path / "shrinks.txt"
    path.write_bytes(b"".join(b"line %04d\n" % i for i in range(1000)))  # 10 bytes each
    parts = plan(expand([path]), 2000)
    assert len(parts) == 5
    path.write_bytes(path.read_bytes()[:3000])
    read: List[Any] = []
    lines = read_lines(parts[1])
    with pytest.raises(EOFError, match="cut short"):
        for batch in lines:
            read.extend(batch)
    # The lines before the end stand, and reading stopped at the end.
    assert read == [(offset, b"line %04d" % (offset // 10)) for offset in range(2000, 3000, 10)]
    assert lines.offset == 3000
    for part in parts[2:]:
        with pytest.raises(EOFError, match="ended at byte 3000"):
            for batch in read_lines(part):
                pass
    # Read in one partition to the size planned, the file is whole.
    assert [line for b in read_lines(parts[0]) for _, line in b][-1] == b"line 0199"
    # Its last byte lost: the last line, without a newline, reached the
    # planned end as if one followed.
    path.write_bytes(b"abc\nbad word")
    part = plan(expand([path]))[0]
    path.write_bytes(b"abc\nbad wor")
    with pytest.raises(EOFError, match="ended at byte 11, before byte 12"):
        for batch in read_lines(part):
            pass
    path.write_bytes(b"abc\nbad word")
    assert [line for b in read_lines(part) for _, line in b] == [b"abc", b"bad word"]


def test_gzip_is_known_by_its_first_bytes_as_the_cli(tmp_path: Path) -> None:
    (tmp_path / "packed.txt").write_bytes(gzip.compress(b"a\nb\n"))
    (tmp_path / "plain.txt.gz").write_bytes(b"not gzip\n")
    files = expand([tmp_path / "packed.txt", tmp_path / "plain.txt.gz"])
    assert [f.gzip for f in files] == [True, False]
    assert [[line for b in read_lines(p) for _, line in b] for p in plan(files)] == \
        [[b"a", b"b"], [b"not gzip"]]


def test_lines_read_before_a_gzip_error_stand(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt.gz"
    data = gzip.compress(b"".join(b"line %d\n" % i for i in range(100000)))
    path.write_bytes(data[: len(data) // 2])
    lines = read_lines(plan(expand([path]))[0])
    got: List[Any] = []
    with pytest.raises(EOFError):
        for batch in lines:
            got.extend(batch)
    assert got and [line for _, line in got] == [b"line %d" % i for i in range(len(got))]
    assert lines.offset == got[-1][0] + len(got[-1][1]) + 1


@pytest.mark.parametrize("lines_in_file", [2000, 20000])
def test_every_whole_line_before_a_gzip_cut_is_read(tmp_path: Path, lines_in_file: int) -> None:
    # As lexgate-filter reads it: every line that the data before the cut
    # holds whole. (gzip.GzipFile dropped what it had decompressed in the
    # read that met the cut: all 2,000 lines of a small file.)
    path = tmp_path / "cut.txt.gz"
    data = gzip.compress(b"".join(b"line %d\n" % i for i in range(lines_in_file)))
    path.write_bytes(data[: len(data) // 2])
    readable = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[: len(data) // 2])
    lines = read_lines(plan(expand([path]))[0])
    got: List[Any] = []
    with pytest.raises(EOFError):
        for batch in lines:
            got.extend(batch)
    assert len(got) == readable.count(b"\n") > 0
    assert [line for _, line in got] == readable.split(b"\n")[:len(got)]


def test_gzip_members_padding_and_trailing_data(tmp_path: Path) -> None:
    path = tmp_path / "x.gz"
    path.write_bytes(gzip.compress(b"a\n") + gzip.compress(b"b\n") + b"\0" * 10)
    assert [line for b in read_lines(plan(expand([path]))[0]) for _, line in b] == [b"a", b"b"]
    path.write_bytes(gzip.compress(b"a\n") + b"not gzip\n")
    got: List[Any] = []
    with pytest.raises(OSError, match="data after the gzip data at byte 23"):
        for batch in read_lines(plan(expand([path]))[0]):
            got.extend(batch)
    assert [line for _, line in got] == [b"a"]


class _SmallSteps(GzipStream):
    """Tiny reads and output steps, so that every boundary is crossed."""

    def __init__(self, raw: Any, chunk: int, out: int) -> None:
        super().__init__(raw)
        self._CHUNK, self._OUT = chunk, out


@pytest.mark.parametrize("seed", range(40))
def test_gzip_stream_reads_as_zlib_whatever_the_steps(seed: int) -> None:
    # Differential: members, zero padding and damaged tails, read in random
    # read and output steps, give what one zlib pass over the whole gives.
    rng = random.Random(seed)
    members = [gzip.compress(rng.choice([b"", b"\0" * rng.randrange(5000),
                                         rng.randbytes(rng.randrange(3000)),
                                         b"line\n" * rng.randrange(2000)]))
               for _ in range(rng.randrange(1, 4))]
    data = b""
    spans = []  # where each member lies in the file
    for m in members:
        spans.append((len(data), len(data) + len(m)))
        data += m + b"\0" * rng.choice([0, 0, 1, 7])
    cut = rng.choice([len(data), len(data), rng.randrange(len(data))])
    whole = [m for m, (_, end) in zip(members, spans) if end <= cut]
    cut_in_member = any(start < cut < end for start, end in spans)
    stream = _SmallSteps(io.BytesIO(data[:cut]), rng.choice([1, 2, 7, 100, 65536]),
                         rng.choice([1, 3, 64, 4096]))
    got = bytearray()
    try:
        while True:
            block = stream.read(rng.choice([1, 10, 1000])) if rng.random() < 0.7 \
                else stream.readline()
            if not block:
                break
            got += block
    except EOFError:
        assert cut_in_member
        if stream._buffer:  # readline keeps a line cut short; read hands it out
            got += stream.read()
        # everything before the cut that zlib can give, no more
        readable = b"".join(gzip.decompress(m) for m in whole)
        assert bytes(got).startswith(readable)
        full = readable + gzip.decompress(members[len(whole)])
        assert full.startswith(bytes(got))
    else:
        assert not cut_in_member
        assert bytes(got) == b"".join(gzip.decompress(m) for m in whole)


def test_a_gzip_bomb_is_decompressed_a_step_at_a_time() -> None:
    # 64 KB of compressed zeros inflate to 64 MB: one read of a few KB must
    # not hold them all (the last step adds at most _OUT bytes).
    bomb = gzip.compress(b"\0" * (64 << 20) + b"\n", compresslevel=9)
    stream = GzipStream(io.BytesIO(bomb))
    total = 0
    largest = 0
    while block := stream.read(4096):
        total += len(block)
        largest = max(largest, len(stream._buffer))
    assert total == (64 << 20) + 1
    assert largest <= GzipStream._OUT


_LINE_BEYOND_MEMORY = r"""
import errno, resource, sys
from lexgate._lines import Lines
with open("/proc/self/status") as f:
    vm = next(int(l.split()[1]) for l in f if l.startswith("VmSize:")) * 1024
resource.setrlimit(resource.RLIMIT_AS, (vm + (200 << 20), vm + (200 << 20)))
lines = Lines(sys.argv[1], gzip=True)
got = []
try:
    for batch in lines:
        got.extend(line for _, line in batch)
except OSError as error:
    assert error.errno == errno.ENOMEM, error
    print(repr(got), error.strerror)
    sys.exit(0)
sys.exit("no error: " + repr(got[:3]))
"""


def test_a_line_beyond_memory_is_an_input_error(tmp_path: Path) -> None:
    # A gzip bomb without a newline: the line cannot be held, and reading
    # stops with an OSError (ENOMEM) after the lines before it, as
    # lexgate-filter's "does not fit in memory" -- not a MemoryError out of
    # lexgate.report or a Dask task. The address space of a child process
    # is capped so that "beyond memory" is 200 MB here.
    deflate = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [deflate.compress(b"a\nb\n")]
    zeros = b"\0" * (1 << 20)
    parts += [deflate.compress(zeros) for _ in range(600)]
    parts += [deflate.compress(b"\nafter\n"), deflate.flush()]
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(b"".join(parts))
    package_root = Path(lexgate.__file__).parent.parent
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    child = subprocess.run([sys.executable, "-c", _LINE_BEYOND_MEMORY, str(bomb)],
                           capture_output=True, text=True, timeout=120, env=env)
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == \
        "[b'a', b'b'] out of memory: a line does not fit in memory"


def test_expand_keeps_what_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.jsonl.gz").write_bytes(gzip.compress(b""))
    (tmp_path / "d" / ".hidden").write_bytes(b"")
    (tmp_path / "a.txt").write_bytes(b"a\n")
    files = expand([tmp_path / "d", str(tmp_path / "*.txt"), tmp_path / "a.txt",
                    tmp_path / "nope.txt"])
    assert [(Path(f.path).name, f.jsonl, f.gzip, f.error) for f in files] == [
        (".hidden", False, False, None), ("x.jsonl.gz", True, True, None),
        ("a.txt", False, False, None), ("nope.txt", False, False, "no such file or directory")]
    assert plan(files)[1].end == -1  # a gzip'd file is one partition


def test_a_fifo_is_a_failure_not_a_wait(tmp_path: Path) -> None:
    """A FIFO below a directory (or named) is reported, never opened: the
    open would wait for a writer forever."""
    (tmp_path / "chat.txt").write_bytes(b"hello\n")
    os.mkfifo(tmp_path / "pipe")
    errors = {Path(f.path).name: f.error for f in expand([str(tmp_path)])}
    assert errors == {"chat.txt": None,
                      "pipe": "not a regular file (a FIFO, socket or device): not screened"}
    assert [f.error for f in expand([str(tmp_path / "pipe")])] == [errors["pipe"]]


def test_a_directory_hides_nothing(tmp_path: Path) -> None:
    """Every file below a directory is screened, hidden ones and those
    behind links included; a directory holding no file is a failure, as a
    pattern matching nothing is, never an empty clean run."""
    hidden = tmp_path / "hidden"
    (hidden / ".git").mkdir(parents=True)
    (hidden / ".chat-2024.txt").write_bytes(b"fuck you\n")
    (hidden / ".git" / "log").write_bytes(b"x\n")
    (tmp_path / "empty").mkdir()
    (tmp_path / "nested" / "a" / "b").mkdir(parents=True)
    linked = tmp_path / "linked"
    (linked / "sub").mkdir(parents=True)
    (linked / "sub" / "up").symlink_to("..")  # a cycle, walked once
    (linked / "other").symlink_to(tmp_path / "hidden")
    (linked / "loop").symlink_to("loop")

    def found(*paths: Any) -> List[Any]:
        return [(Path(f.path).relative_to(tmp_path).as_posix(), f.error)
                for f in expand([str(p) for p in paths])]

    assert found(hidden) == [("hidden/.chat-2024.txt", None), ("hidden/.git/log", None)]
    empty = "no file to screen in this directory"
    assert found(tmp_path / "empty") == [("empty", empty)]
    assert found(tmp_path / "nested") == [("nested", empty)]
    assert found(tmp_path / "nomatch*") == [("nomatch*", "no file matches this pattern")]
    assert found(linked) == [("linked/loop", "Too many levels of symbolic links"),
                             ("linked/other/.chat-2024.txt", None),
                             ("linked/other/.git/log", None)]
    # A pattern, as in the shell, matches no name starting with a dot; a
    # directory it matches is screened whole, or fails if it holds no file.
    assert found(tmp_path / "[eh]*") == [("empty", empty), ("hidden/.chat-2024.txt", None),
                                         ("hidden/.git/log", None)]
    assert found(hidden / "*") == [(str((hidden / "*").relative_to(tmp_path)),
                                    "no file matches this pattern")]


def test_a_directory_that_cannot_be_listed_is_a_failure(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "d" / "locked"
    locked.mkdir(parents=True)
    (locked / "f.txt").write_bytes(b"fuck\n")
    (tmp_path / "d" / "a.txt").write_bytes(b"a\n")
    scandir = os.scandir

    def refuse(path: Any = ".") -> Any:  # as a directory of mode 0 to all but root
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    files = expand([tmp_path / "d", locked])
    assert [(Path(f.path).name, f.error) for f in files] == [
        ("locked", "cannot list this directory: Permission denied"), ("a.txt", None)]


def test_every_package_file_is_installed() -> None:
    """bindings/python/CMakeLists.txt lists the package's files (the build
    tree's copy and the wheel both come from that list): a module missing
    there, such as a new file of lexgate.dask, would import in the source
    tree and be absent from the installed package."""
    repo = Path(__file__).resolve().parents[2]
    package = repo / "bindings" / "python" / "lexgate"
    cmake = (repo / "bindings" / "python" / "CMakeLists.txt").read_text(encoding="utf-8")
    listed = set(re.search(r"set\(LEXGATE_PYTHON_FILES\n(.*?)\)", cmake, re.S)
                 .group(1).split())  # type: ignore[union-attr]
    present = {p.relative_to(package).as_posix() for p in package.rglob("*")
               if p.suffix in (".py", ".pyi") and "__pycache__" not in p.parts}
    assert present <= listed, sorted(present - listed)
