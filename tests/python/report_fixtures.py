"""Inputs of the audit report in the shapes other parts of issue 17 write:
the summary of `python -m lexgate.dask` ("type": "screen") and the inventory
of `lexgate-filter inventory --format json` ("type": "inventory"), plus the
lexgate-filter binary whose --stats=json the report must agree with."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional

import lexgate

from deps import require_executable

REPO = Path(__file__).resolve().parents[2]


def lexgate_filter() -> str:
    """The lexgate-filter of the build the Python module comes from."""
    candidates: List[str] = []
    if os.environ.get("LEXGATE_FILTER"):
        candidates.append(os.environ["LEXGATE_FILTER"])
    core = next(Path(lexgate.__file__).parent.glob("_core*.so"), None)
    if core is not None:  # <build>/bindings/python/lexgate/_core*.so
        candidates.append(str(core.resolve().parents[3] / "examples" / "lexgate-filter"))
    if os.environ.get("LEXGATE_BUILD_DIR"):
        candidates.append(str(Path(os.environ["LEXGATE_BUILD_DIR"]) / "examples"
                              / "lexgate-filter"))
    candidates += [str(REPO / "build" / "examples" / "lexgate-filter"), "lexgate-filter"]
    return require_executable(*candidates)


_compiled: List[str] = []


def _shipped_engine() -> str:
    """The shipped packs compiled once by lexgate-filter (each run would
    otherwise compile them again: seconds on a shared CI machine)."""
    if not _compiled:
        path = os.path.join(tempfile.mkdtemp(prefix="lexgate-report-test-"), "shipped.engine")
        subprocess.run([lexgate_filter(), "compile", "--no-streaming", "--rules",
                        str(REPO / "rules"), "-o", path], check=True, timeout=300)
        _compiled.append(path)
    return _compiled[0]


def cli_stats(*args: str) -> Dict[str, Any]:
    """`lexgate-filter --stats=json ARGS` with the shipped packs (the stats
    record from stderr)."""
    run = subprocess.run([lexgate_filter(), "--engine", _shipped_engine(), "--count",
                          "--stats=json", *args], capture_output=True, text=True, timeout=120)
    lines = [line for line in run.stderr.splitlines() if line.startswith("{")]
    assert lines, run.stderr
    stats: Dict[str, Any] = json.loads(lines[-1])
    return stats


def screen_summary(fingerprint: str = "0123456789abcdef",
                   with_context: bool = True) -> Dict[str, Any]:
    """A summary of python -m lexgate.dask over two files, in the shape
    lexgate.dask.ScreenSummary.to_dict() writes (test_dask checks a real
    one against the report), with keys the report does not know (it must
    ignore them)."""
    def sample(rule: str, category: str, action: str, line: int,
               context: str) -> Dict[str, Any]:
        out: Dict[str, Any] = {"file": "corpus/a.txt", "offset": 100 * line, "line": line,
                               "rule": rule, "category": category, "action": action,
                               "severity": 3, "start": 2, "end": 13,
                               "fingerprint": fingerprint}
        if with_context:
            out["context"] = context
            out["at"] = [2, 13]
        return out

    return {
        "v": 1, "type": "screen", "lexgate": "0.2.0", "hyperscan": "5.4.0 2021-01-26",
        "icu": "72.1", "fingerprint": fingerprint,
        "texts": 1000, "texts_hit": 130, "matches": 175, "errors": 3, "bytes": 64000,
        "seconds": 2.5, "workers": 2, "scheduler": "tcp://127.0.0.1:8786",
        "by_action": {"block": 0, "mask": 160, "flag": 15},
        "by_category": [
            {"category": "pii.phone", "zh": "电话号码", "en": "Phone number",
             "matches": 80, "texts": 60},
            {"category": "pii.email", "zh": "电子邮件地址", "en": "E-mail address",
             "matches": 50, "texts": 40},
            {"category": "profanity", "zh": "脏话与辱骂", "en": "Profanity and insults",
             "matches": 30, "texts": 25},
            {"category": "spam.contact", "zh": "引流联系方式",
             "en": "Solicitation to move to a private contact", "matches": 15, "texts": 12},
        ],
        "by_rule": [
            {"rule": "pii.cn.mobile", "category": "pii.phone", "action": "mask",
             "matches": 80, "texts": 60},
            {"rule": "pii.email", "category": "pii.email", "action": "mask",
             "matches": 50, "texts": 40},
            {"rule": "profanity.zh", "category": "profanity", "action": "mask",
             "matches": 30, "texts": 25},
            {"rule": "spam.contact.solicit", "category": "spam.contact", "action": "flag",
             "matches": 15, "texts": 12},
        ],
        "field": "/text", "partitions": 4, "partitions_failed": 0, "files_failed": 0,
        "malformed": 2,
        "files": [
            {"file": "corpus/a.txt", "format": "text", "gzip": False, "size": 40000,
             "partitions": 3, "texts": 600, "bytes": 40000, "lines": 600, "malformed": 0,
             "errors": 0},
            {"file": "corpus/b.jsonl", "format": "jsonl", "gzip": False, "size": 26000,
             "partitions": 1, "texts": 400, "bytes": 24000, "lines": 403, "malformed": 2,
             "errors": 1},
        ],
        "failures_total": 3,
        "failures": [
            {"file": "corpus/b.jsonl", "offset": 10, "line": 2, "message": "invalid JSON"},
            {"file": "corpus/b.jsonl", "offset": 20, "line": 3, "message": "invalid JSON"},
            {"file": "corpus/b.jsonl", "offset": 30, "line": 4,
             "message": 'missing field "text"'},
        ],
        "samples": [sample("pii.cn.mobile", "pii.phone", "mask", i,
                           f"电话[手机号] <b>#{i}</b>") for i in range(1, 6)] +
                   [sample("profanity.zh", "profanity", "mask", 7, "你是**吗")],
    }


def inventory(fingerprint: str = "0123456789abcdef",
              extra_categories: Optional[List[Dict[str, Any]]] = None) -> Dict[str, Any]:
    """An inventory in the shape of lexgate-filter inventory --format json."""
    risks = [
        {"code": "A.1.1", "zh": "煽动颠覆国家政权、推翻社会主义制度",
         "en": "Inciting subversion", "terms": 0, "regexes": 0, "threshold": 200,
         "meets": False},
        {"code": "A.2.1", "zh": "民族歧视内容", "en": "Ethnic discrimination", "terms": 57,
         "regexes": 0, "threshold": 100, "meets": False},
        {"code": "A.4.6", "zh": "侵害他人个人信息权益",
         "en": "Infringing others' personal information rights", "terms": 12,
         "regexes": 31, "threshold": None, "meets": None},
    ]
    categories = [
        {"category": "pii.phone", "zh": "电话号码", "en": "Phone number", "risk": "A.4.6",
         "terms": 0, "regexes": 9},
        {"category": "profanity", "zh": "脏话与辱骂", "en": "Profanity and insults",
         "risk": "A.4.3", "terms": 900, "regexes": 2},
    ] + (extra_categories or [])
    return {
        "v": 1, "type": "inventory", "lexgate": "0.2.0", "fingerprint": fingerprint,
        "packs": [{"name": "pii-cn", "version": "1.2.0", "updated": "2026-11-01",
                   "path": "rules/pii-cn.toml", "terms": 12, "regexes": 20}],
        "terms": 1969, "regexes": 64,
        "thresholds": {"total": 10000, "A.1": 200, "A.2": 100},
        "risks": risks, "categories": categories,
        "uncovered": ["A.1.1", "A.1.2"], "meets": False,
    }


def write_json(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path
