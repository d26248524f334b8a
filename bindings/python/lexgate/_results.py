"""Match.to_dict() and ScanResult.to_dict(): the JSON schema (version 1)
shared with lexgate-filter (--jsonl, --json, --stream) and reports.

    {"v": 1, "verdict": "mask", "matches": [
        {"rule": "pii.cn.mobile", "category": "pii.phone", "action": "mask",
         "severity": 3, "start": 2, "end": 13, "text": "13812345678"}]}

Offsets are code points (str indices). A match may also carry "pattern"
and "variant" (why it matched) when the native Match has them.
"""

from __future__ import annotations

from typing import Any, Dict

from lexgate._core import Match, ScanResult

__all__ = ["SCHEMA_VERSION", "install"]

#: The "v" of every record and result.
SCHEMA_VERSION = 1

_OPTIONAL_FIELDS = ("pattern", "variant")


def match_to_dict(match: "Match[Any]") -> Dict[str, Any]:
    """The match as a JSON object of the schema. Only matches of str scans
    have one (its offsets are code points); a bytes scan's match raises
    TypeError."""
    if not isinstance(match.text, str):
        raise TypeError("to_dict() needs a match of a str scan: the schema's offsets are "
                        "code points, a bytes scan's are byte offsets")
    out: Dict[str, Any] = {
        "rule": match.rule,
        "category": match.category,
        "action": match.action,
        "severity": match.severity,
        "start": match.start,
        "end": match.end,
        "text": match.text,
    }
    for name in _OPTIONAL_FIELDS:
        value = getattr(match, name, None)
        if value is not None:
            out[name] = value
    return out


def result_to_dict(result: "ScanResult[Any]") -> Dict[str, Any]:
    """The result as a JSON object of the schema:
    {"v": 1, "verdict": ..., "matches": [...]}."""
    return {"v": SCHEMA_VERSION, "verdict": result.verdict,
            "matches": [match_to_dict(m) for m in result.matches]}


def install() -> None:
    """Adds to_dict() to the native Match and ScanResult types (heap types,
    so they take new attributes like any class)."""
    match_to_dict.__name__ = match_to_dict.__qualname__ = "to_dict"
    result_to_dict.__name__ = result_to_dict.__qualname__ = "to_dict"
    setattr(Match, "to_dict", match_to_dict)
    setattr(ScanResult, "to_dict", result_to_dict)
