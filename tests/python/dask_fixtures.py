"""Shared by the lexgate.dask tests: the lexgate-filter binary (the
reference counts) and a small corpus with every kind of input."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
from pathlib import Path
from typing import Any, Dict, List, Optional

import conftest

REPO = Path(__file__).resolve().parents[2]


def filter_binary() -> Path:
    """lexgate-filter: $LEXGATE_FILTER, else examples/lexgate-filter of
    $LEXGATE_BUILD_DIR, of the build tree the package came from, or of
    <repo>/build. Missing is a failure, not a skip: the counts have no
    reference without it."""
    candidates: List[Path] = []
    if os.environ.get("LEXGATE_FILTER"):
        candidates.append(Path(os.environ["LEXGATE_FILTER"]))
    if os.environ.get("LEXGATE_BUILD_DIR"):
        candidates.append(Path(os.environ["LEXGATE_BUILD_DIR"]) / "examples" / "lexgate-filter")
    if conftest.BUILD_TREE is not None:
        candidates.append(conftest.BUILD_TREE.parent.parent / "examples" / "lexgate-filter")
    candidates.append(REPO / "build" / "examples" / "lexgate-filter")
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise FileNotFoundError(
        "lexgate-filter not found (tried " + ", ".join(map(str, candidates)) +
        "): build it, or set LEXGATE_FILTER or LEXGATE_BUILD_DIR")


def cli_stats(files: List[Path], field: Optional[str] = None,
              rules: Optional[Path] = None) -> Dict[str, Any]:
    """lexgate-filter --stats=json on ``files`` (with --jsonl --field
    ``field`` when given, with the packs ``rules`` instead of the shipped
    ones): the stats record."""
    command = [str(filter_binary()), "--stats=json"]
    if rules is not None:
        command += ["--rules", str(rules)]
    if field is not None:
        command += ["--jsonl", "--field", field]
    result = subprocess.run(command + [str(f) for f in files], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, timeout=120)
    stats = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert stats and stats[-1]["type"] == "stats", result.stderr
    return stats[-1]


def cli_view(stats: Dict[str, Any]) -> Dict[str, Any]:
    """The keys a screening summary shares with the CLI's stats record."""
    return {
        "texts": stats["texts"], "texts_hit": stats["texts_hit"], "matches": stats["matches"],
        "errors": stats["errors"], "bytes": stats["bytes"], "by_action": stats["by_action"],
        "fingerprint": stats["fingerprint"],
        "by_category": [{k: c[k] for k in ("category", "zh", "en", "matches")}
                        for c in stats["by_category"]],
        "by_rule": [{k: r[k] for k in ("rule", "matches")} for r in stats["by_rule"]],
    }


# Lines with hits of several rules, clean lines, blank ones, CRLF, a tab
# line, invalid UTF-8 and a long line.
TEXT_LINES = [
    "电话13812345678，请联系",
    "what the ＦＵＣＫ is this",
    "",
    "a clean line about the weather",
    "   ",
    "\t",
    "習 近 平 and f.u.c.k again 13912345678",
    "身份证 11010519491231002X",
    "nothing to see here\r",
    "shit happens, 操你妈",
    "x" * 700 + " fuck " + "y" * 300,
]


def write_text(path: Path, repeat: int, *, invalid_utf8: bool = True) -> None:
    lines = [line.encode("utf-8") for line in TEXT_LINES]
    if invalid_utf8:
        lines.append(b"bad \xff\xfe bytes fuck \xe4\xb8")
    data = b"\n".join(lines * repeat)
    path.write_bytes(data)  # no newline at the very end: a last line without one


def chat(content: Any) -> Dict[str, Any]:
    return {"id": 1, "messages": [{"role": "user", "content": content}]}


JSONL_LINES = [
    json.dumps(chat("电话13812345678"), ensure_ascii=False),
    json.dumps(chat("what the fuck")),
    "",
    "   ",
    "{not json",
    "[1, 2]",
    json.dumps({"id": 2, "messages": []}),  # missing field
    json.dumps(chat(42)),  # not a string
    json.dumps(chat("clean text")),
    '{"messages":[{"content":"NaN is not JSON","n":NaN}]}',
    '{"messages":[{"content":"fuck","n":1e400}]}',
    json.dumps(chat("操你妈 and 13912345678")),
]


def write_jsonl(path: Path, repeat: int) -> None:
    data = ("\n".join(JSONL_LINES * repeat) + "\n").encode("utf-8")
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)


def write_gzip_text(path: Path, repeat: int) -> None:
    plain = path.with_suffix("")
    write_text(plain, repeat)
    path.write_bytes(gzip.compress(plain.read_bytes()))
    plain.unlink()
