"""The inventory section: how many terms and regexes the rule set holds per
Appendix A risk, against the thresholds (``lexgate-filter inventory
--format json``, or ``lexgate.inventory`` in Python).

The inventory is computed by one implementation (the inventory's); the
report only reads it: from ``--inventory FILE``, or, when that is not
given, from lexgate.inventory() for the rule paths in use. Without rule
paths (a saved engine) the section says the inventory was not supplied,
rather than inventing numbers.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional, Sequence

from lexgate._inventory import inventory
from lexgate.report._errors import ReportError
from lexgate.report._json_checks import (
    BOOL,
    INT,
    OBJECT,
    STR,
    Keys,
    check_kind,
    optional,
)

__all__ = ["category_names", "category_risks", "compute_inventory", "inventory_summary",
           "not_supplied", "read_inventory"]

_RISK = (("code", STR), ("zh", STR), ("en", STR), ("terms", INT), ("regexes", INT),
         ("threshold", INT), ("meets", BOOL))
_CATEGORY = (("category", STR), ("zh", STR), ("en", STR), ("risk", STR), ("terms", INT),
             ("regexes", INT))
_PACK = (("name", STR), ("version", STR), ("updated", STR), ("terms", INT), ("regexes", INT))
_REQUIRED = ("fingerprint", "packs", "terms", "regexes", "thresholds", "risks",
             "categories", "uncovered", "meets")


def _check(path: str, data: Any) -> Dict[str, Any]:
    if not isinstance(data, dict) or data.get("type") != "inventory":
        kind = data.get("type") if isinstance(data, dict) else None
        raise ReportError(f'{path}: not an inventory ("type": "inventory")'
                          + (f", but {kind!r}" if kind else ""))
    if data.get("v") != 1:
        raise ReportError(f"{path}: inventory schema version {data.get('v')!r} is not supported")
    for key in _REQUIRED:
        if key not in data:
            raise ReportError(f"{path}: inventory: missing required key {key!r}")
    for key in ("packs", "risks", "categories", "uncovered"):
        if not isinstance(data[key], list):
            raise ReportError(f"{path}: inventory: {key!r} must be an array")
    where = f"{path}: inventory"
    for key, kind in (("fingerprint", STR), ("terms", INT), ("regexes", INT),
                      ("thresholds", OBJECT), ("meets", BOOL)):
        check_kind(where, repr(key), data[key], kind)
    for i, code in enumerate(data["uncovered"]):
        check_kind(where, f"uncovered[{i}]", code, STR)
    for i, risk in enumerate(data["risks"]):
        if not isinstance(risk, dict) or "code" not in risk or "terms" not in risk:
            raise ReportError(f"{where}: risks[{i}] needs 'code' and 'terms'")
        _optional_fields(f"{where}: risks[{i}]", risk, _RISK)
    for i, category in enumerate(data["categories"]):
        if not isinstance(category, dict) or "category" not in category:
            raise ReportError(f"{where}: categories[{i}] needs 'category'")
        _optional_fields(f"{where}: categories[{i}]", category, _CATEGORY)
    for i, pack in enumerate(data["packs"]):
        if not isinstance(pack, dict):
            raise ReportError(f"{where}: packs[{i}] must be an object")
        _optional_fields(f"{where}: packs[{i}]", pack, _PACK)
    return data


def _optional_fields(where: str, obj: Mapping[str, Any], keys: Keys) -> None:
    for key, kind in keys:
        optional(where, obj, key, kind)


def read_inventory(path: str) -> Dict[str, Any]:
    """The inventory JSON at ``path``, checked; ReportError if it is not one."""
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ReportError(f"{path}: cannot read the inventory: {error}") from error
    return _check(path, data)


def compute_inventory(rule_paths: Sequence[str]) -> "tuple[Optional[Dict[str, Any]], str]":
    """(the inventory JSON of ``rule_paths`` from lexgate.inventory(), ""),
    or (None, why not) when the rules came from a saved engine."""
    if not rule_paths:
        return None, "the rules came from a saved engine (--engine); pass --inventory FILE"
    return _check("lexgate.inventory", inventory(list(rule_paths))), ""


def not_supplied(reason: str) -> Dict[str, Any]:
    """The inventory section when there is no inventory."""
    return {"supplied": False, "reason": reason}


def inventory_summary(data: Mapping[str, Any], source: str,
                      screening_fingerprint: Optional[str]) -> Dict[str, Any]:
    """The inventory section of the report: totals, thresholds, per-risk
    counts and uncovered risks, and whether it describes the rules that
    screened (same fingerprint)."""
    risks: List[Dict[str, Any]] = [
        {k: r.get(k) for k in ("code", "zh", "en", "terms", "regexes", "threshold", "meets")}
        for r in data["risks"]]
    return {
        "supplied": True,
        "source": source,
        "fingerprint": data["fingerprint"],
        "same_rules": screening_fingerprint is None
        or data["fingerprint"] == screening_fingerprint,
        "terms": data["terms"],
        "regexes": data["regexes"],
        "thresholds": data["thresholds"],
        "meets": data["meets"],
        "uncovered": list(data["uncovered"]),
        "packs": [{k: p.get(k) for k in ("name", "version", "updated", "terms", "regexes")}
                  for p in data["packs"] if isinstance(p, dict)],
        "risks": risks,
    }


def category_risks(data: Optional[Mapping[str, Any]]) -> Dict[str, Optional[str]]:
    """{category: risk} from the inventory's categories (for risk_of)."""
    if data is None:
        return {}
    return {c["category"]: c.get("risk") for c in data["categories"]}


def category_names(data: Optional[Mapping[str, Any]]) -> Dict[str, "tuple[str, str]"]:
    """{category: (zh, en)} from the inventory (names of pack categories)."""
    if data is None:
        return {}
    return {c["category"]: (c.get("zh") or "", c.get("en") or "") for c in data["categories"]}
