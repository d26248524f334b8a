"""The report's numbers (its JSON, docs/json-schema.md "Audit report"), made
from a Tally: totals and shares, hits per Appendix A risk via each
category's parent risk, per category, the top rules, bounded samples, the
inventory section and the inputs. HTML and JSON are both rendered from
this one dict, so the page can never show other numbers than the JSON.
"""

from __future__ import annotations

import datetime
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

import lexgate
from lexgate.report._risk import RiskMap, risk_names
from lexgate.report._tally import ACTIONS, Tally

__all__ = ["build_report"]


def _share(part: Optional[int], whole: int) -> Optional[float]:
    if part is None:
        return None
    return round(part / whole, 6) if whole else 0.0


def _ranked(counts: Mapping[str, int]) -> List[Tuple[str, int]]:
    # Largest first, ties by name: the same order from run to run (as the CLI).
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _names(tally: Tally, extra: Mapping[str, Tuple[str, str]]) -> Callable[[str], Tuple[str, str]]:
    shipped = lexgate.taxonomy()

    def names(code: str) -> Tuple[str, str]:
        if code in tally.category_names:
            return tally.category_names[code]
        if code in shipped:
            return shipped[code].zh, shipped[code].en
        return extra.get(code, ("", ""))
    return names


def _by_risk(tally: Tally, risks: RiskMap) -> Tuple[List[Dict[str, Any]], Dict[str, Any]]:
    matches: Dict[str, int] = {}
    bounds: Dict[str, List[int]] = {}
    unmapped: Dict[str, Any] = {"matches": 0, "categories": []}
    for category, count in _ranked(tally.category_matches):
        risk = risks.risk_of(category)
        if risk is None:
            unmapped["matches"] += count
            unmapped["categories"].append(category)
            continue
        matches[risk] = matches.get(risk, 0) + count
        in_category = tally.category_texts[category]
        low, high = bounds.setdefault(risk, [0, 0])
        bounds[risk] = [max(low, in_category), high + in_category]
    names = risk_names()
    order = [code for code in names if code.count(".") == 2]
    order += sorted(set(matches) - set(order))
    out = []
    for code in order:
        zh, en = names.get(code, ("", ""))
        low, high = bounds.get(code, [0, 0])
        high = min(high, tally.texts_hit)
        exact = tally.risk_texts_exact or low == high
        texts: Optional[int] = (tally.risk_texts[code] if tally.risk_texts_exact
                                else (low if exact else None))
        out.append({
            "risk": code, "group": code.rsplit(".", 1)[0] if code.count(".") == 2 else code,
            "zh": zh, "en": en, "matches": matches.get(code, 0), "texts": texts,
            "texts_bounds": [texts, texts] if texts is not None else [low, high],
            "share": _share(texts, tally.texts),
        })
    return out, unmapped


def build_report(tally: Tally, risks: RiskMap, inventory: Dict[str, Any], *,
                 title: str, top: int, sample_text: bool, samples_per_rule: int,
                 inventory_names: Optional[Mapping[str, Tuple[str, str]]] = None,
                 now: Optional[datetime.datetime] = None) -> Dict[str, Any]:
    """The report as a JSON-ready dict (schema: docs/json-schema.md)."""
    names = _names(tally, inventory_names or {})
    by_risk, unmapped = _by_risk(tally, risks)
    categories = []
    for code, count in _ranked(tally.category_matches):
        zh, en = names(code)
        categories.append({
            "category": code, "zh": zh, "en": en, "risk": risks.risk_of(code),
            "risk_source": risks.sources.get(code), "matches": count,
            "texts": tally.category_texts[code],
            "share": _share(tally.category_texts[code], tally.texts)})
    rules = []
    for rule, count in _ranked(tally.rule_matches)[:max(0, top)]:
        category, action = tally.rule_meta.get(rule, ("", ""))
        rules.append({"rule": rule, "category": category, "action": action,
                      "risk": risks.risk_of(category) if category else None,
                      "matches": count, "texts": tally.rule_texts[rule]})
    samples: Dict[str, List[Dict[str, Any]]] = {}
    for rule in sorted(tally.samples):
        kept = []
        for entry in tally.samples[rule][:samples_per_rule]:
            entry = dict(entry)
            if not sample_text:
                entry.pop("context", None)
            kept.append(entry)
        samples[rule] = kept
    generated = (now or datetime.datetime.now(datetime.timezone.utc)).replace(microsecond=0)
    return {
        "v": 1,
        "type": "report",
        "title": title,
        "generated": generated.isoformat(),
        "lexgate": lexgate.__version__,
        "hyperscan": tally.versions.get("hyperscan"),
        "icu": tally.versions.get("icu"),
        "fingerprint": tally.fingerprint,
        "complete": tally.complete(),
        "texts": tally.texts,
        "texts_hit": tally.texts_hit,
        "share_hit": _share(tally.texts_hit, tally.texts),
        "matches": tally.matches,
        "errors": tally.errors,
        "bytes": tally.bytes,
        "seconds": round(tally.seconds, 6),
        "by_action": {a: int(tally.by_action[a]) for a in ACTIONS},
        "risk_texts_exact": tally.risk_texts_exact,
        "by_risk": by_risk,
        "unmapped": unmapped,
        "by_category": categories,
        "top_rules": rules,
        "top_rules_limit": top,
        "rules_hit": len(tally.rule_matches),
        "sample_text": sample_text,
        "samples_per_rule": samples_per_rule,
        "samples": samples,
        "inventory": inventory,
        "files": [f.to_dict() for f in tally.files],
        "failures": [f.to_dict() for f in tally.failures],
        "failures_total": tally.failures_total,
    }
