"""The summary JSON of ``python -m lexgate.dask`` (``"type": "screen"``),
read and checked before any of it is counted.

Its shape is that of ``lexgate-filter --stats=json`` plus texts per
category and rule, the rule's category and action, files, failures and
samples, as lexgate.dask writes it (docs/json-schema.md, "Corpus
screening"): files that failed and failures past the listed ones count,
so that a report on a partial screening is never called complete. Keys the report does not know are ignored,
as the schema asks of readers; a missing required key, a value of the
wrong type or another schema version is refused with the file and the key
in the message, because a report built on half a summary would understate
what was found.
"""

from __future__ import annotations

import gzip
import json
import zlib
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Tuple

from lexgate.report._errors import ReportError
from lexgate._lines import is_gzip
from lexgate.report._inputs import Failure, FileCounts
from lexgate.report._json_checks import INT, NUMBER, STR, is_kind, optional, required

__all__ = ["Summary", "read_summary"]

_TOP: Tuple[Tuple[str, str], ...] = (
    ("fingerprint", STR), ("texts", INT), ("texts_hit", INT), ("matches", INT),
    ("errors", INT), ("bytes", INT), ("seconds", NUMBER))
_CATEGORY = (("category", STR), ("matches", INT), ("texts", INT))
_RULE = (("rule", STR), ("category", STR), ("action", STR), ("matches", INT),
         ("texts", INT))
_FILE = (("file", STR), ("texts", INT), ("bytes", INT), ("malformed", INT),
         ("errors", INT))
_FAILURE = (("file", STR), ("message", STR))
_SAMPLE = (("rule", STR), ("category", STR), ("action", STR))
_COUNTS = (("partitions_failed", INT), ("files_failed", INT), ("failures_total", INT))


@dataclass
class Summary:
    """A checked summary: its data, files and failures."""

    path: str
    data: Dict[str, Any]
    files: List[FileCounts] = field(default_factory=list)
    failures: List[Failure] = field(default_factory=list)


def _list(path: str, data: Mapping[str, Any], key: str) -> List[Any]:
    if key not in data:
        raise ReportError(f"{path}: missing required key {key!r}")
    value = data[key]
    if not isinstance(value, list):
        raise ReportError(f"{path}: {key!r} must be an array")
    return value


def read_summary(path: str) -> Summary:
    """Read and check the summary at ``path`` (gzip'd or not); raise
    ReportError if it is not one the report can use."""
    try:
        with (gzip.open(path, "rb") if is_gzip(path) else open(path, "rb")) as handle:
            raw = handle.read()
            if raw.startswith(b"\xef\xbb\xbf"):  # saved by an editor that adds a BOM
                raw = raw[3:]
            data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as error:
        raise ReportError(f"{path}: cannot read the summary: {error}") from error
    if not isinstance(data, dict) or data.get("type") != "screen":
        raise ReportError(f'{path}: not a screening summary ("type": "screen")')
    if not is_kind(data.get("v"), INT) or data["v"] != 1:  # true == 1 in Python
        raise ReportError(f"{path}: schema version {data.get('v')!r} is not supported"
                          " (this report reads version 1)")
    required(path, data, _TOP + _COUNTS)
    if data["texts_hit"] > data["texts"]:
        raise ReportError(f"{path}: 'texts_hit' ({data['texts_hit']}) is more than "
                          f"'texts' ({data['texts']})")
    actions = data.get("by_action")
    if not isinstance(actions, dict):
        raise ReportError(f"{path}: missing required key 'by_action'")
    for action in ("block", "mask", "flag"):
        required(f"{path}: by_action", actions, ((action, INT),))
    for i, c in enumerate(_list(path, data, "by_category")):
        required(f"{path}: by_category[{i}]", c, _CATEGORY)
    for i, r in enumerate(_list(path, data, "by_rule")):
        required(f"{path}: by_rule[{i}]", r, _RULE)
    summary = Summary(path, data)
    for i, f in enumerate(_list(path, data, "files")):
        where = f"{path}: files[{i}]"
        required(where, f, _FILE)
        failed = optional(where, f, "failed", STR)
        summary.files.append(FileCounts(f["file"], "summary", f["texts"], f["bytes"],
                                        f["malformed"], f["errors"], failed, summary=path))
    failures = _list(path, data, "failures")
    for i, f in enumerate(failures):
        where = f"{path}: failures[{i}]"
        required(where, f, _FAILURE)
        summary.failures.append(Failure(f["file"], optional(where, f, "offset", INT),
                                        optional(where, f, "line", INT), f["message"]))
    if data["failures_total"] < len(failures):
        raise ReportError(f"{path}: 'failures_total' ({data['failures_total']}) is less than"
                          f" the {len(failures)} failures listed")
    if data["failures_total"] == 0 and (data["partitions_failed"] or data["files_failed"]):
        raise ReportError(f"{path}: 'failures_total' is 0, but partitions or files failed")
    for i, s in enumerate(_list(path, data, "samples")):
        where = f"{path}: samples[{i}]"
        required(where, s, _SAMPLE)
        for key, kind in (("file", STR), ("context", STR), ("offset", INT), ("line", INT)):
            optional(where, s, key, kind)
    return summary


def _no_constant(name: str) -> Any:
    """NaN and Infinity are not JSON (Python's reader takes them)."""
    raise ValueError(f"{name} is not a JSON value")
