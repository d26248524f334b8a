"""Counters of a screening, from texts scanned here or from the summaries of
``python -m lexgate.dask``, merged into one Tally.

Counted as ``lexgate-filter --stats`` counts: ``texts`` screened (records
in error are not texts), ``texts_hit`` with at least one match (allow
matches are never matches), ``matches``, ``bytes`` of the screened texts
(UTF-8, without line ends), per action, category and rule; and, beyond the
CLI, texts per category, rule and Appendix A risk, so that shares of texts
can be given. Texts per risk are exact for texts scanned here; a summary
counts texts per category only, and a text may hit two categories of one
risk, so after a summary they are known only within bounds
(``risk_texts_exact`` is then False).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple

import lexgate
from lexgate.report._inputs import Failure, FileCounts, Record
from lexgate.report._summary import Summary

__all__ = ["ACTIONS", "Tally"]

ACTIONS = ("block", "mask", "flag")

#: Failures listed in the report (all are counted; the list is bounded so
#: that a corpus of bad lines cannot make the report unreadable).
MAX_FAILURES = 1000

SampleMaker = Callable[[str, List["lexgate.Match[str]"], int], str]


@dataclass
class Tally:
    """Everything the report counts; see the module docstring."""

    samples_per_rule: int = 3
    texts: int = 0
    texts_hit: int = 0
    matches: int = 0
    errors: int = 0
    bytes: int = 0
    seconds: float = 0.0
    by_action: Counter[str] = field(default_factory=Counter)
    category_matches: Counter[str] = field(default_factory=Counter)
    category_texts: Counter[str] = field(default_factory=Counter)
    category_names: Dict[str, Tuple[str, str]] = field(default_factory=dict)
    rule_matches: Counter[str] = field(default_factory=Counter)
    rule_texts: Counter[str] = field(default_factory=Counter)
    rule_meta: Dict[str, Tuple[str, str]] = field(default_factory=dict)
    risk_texts: Counter[str] = field(default_factory=Counter)
    risk_texts_exact: bool = True
    samples: Dict[str, List[Dict[str, Any]]] = field(default_factory=dict)
    files: List[FileCounts] = field(default_factory=list)
    failures: List[Failure] = field(default_factory=list)
    failures_total: int = 0
    fingerprint: Optional[str] = None
    versions: Dict[str, Optional[str]] = field(default_factory=dict)

    # --- texts scanned here -------------------------------------------------

    def add_text(self, record: Record, matches: List["lexgate.Match[str]"],
                 risk_of: Callable[[str], Optional[str]],
                 sample: Optional[SampleMaker]) -> None:
        """Count one screened text and its matches; keep the first
        ``samples_per_rule`` samples of each rule (with a masked context
        from ``sample``, or none when sample text is off)."""
        self.texts += 1
        self.bytes += record.size
        if not matches:
            return
        self.texts_hit += 1
        self.matches += len(matches)
        categories: Set[str] = set()
        rules: Set[str] = set()
        for i, m in enumerate(matches):
            self.by_action[m.action] += 1
            self.category_matches[m.category] += 1
            self.rule_matches[m.rule] += 1
            self.rule_meta.setdefault(m.rule, (m.category, m.action))
            categories.add(m.category)
            if m.rule not in rules:
                rules.add(m.rule)
                self._sample(record, m, i, matches, sample)
        self.category_texts.update(categories)
        self.rule_texts.update(rules)
        self.risk_texts.update({r for r in map(risk_of, categories) if r is not None})

    def _sample(self, record: Record, match: "lexgate.Match[str]", index: int,
                matches: List["lexgate.Match[str]"], sample: Optional[SampleMaker]) -> None:
        kept = self.samples.setdefault(match.rule, [])
        if len(kept) >= self.samples_per_rule:
            return
        entry: Dict[str, Any] = {
            "source": record.source, "offset": record.offset, "line": record.line,
            "rule": match.rule, "category": match.category, "action": match.action,
            "fingerprint": self.fingerprint}
        if sample is not None:
            entry["context"] = sample(record.text, matches, index)
        kept.append(entry)

    def add_file(self, counts: FileCounts) -> None:
        """Count an input's errors and keep its failures (bounded)."""
        self.files.append(counts)
        self.errors += counts.malformed + counts.errors
        self.add_failures(counts.failures)
        counts.failures = []

    def add_failures(self, failures: Sequence[Failure]) -> None:
        self.failures_total += len(failures)
        room = MAX_FAILURES - len(self.failures)
        if room > 0:
            self.failures.extend(failures[:room])

    def complete(self) -> bool:
        """True when every input was read to its end and every record
        screened: no error, no failure, no file cut short."""
        return self.errors == 0 and self.failures_total == 0 and all(
            f.error is None for f in self.files)

    # --- a summary of python -m lexgate.dask ---------------------------------

    def add_summary(self, summary: Summary) -> None:
        """Merge a validated summary (see lexgate.report._summary)."""
        s = summary.data
        self.texts += s["texts"]
        self.texts_hit += s["texts_hit"]
        self.matches += s["matches"]
        self.errors += s["errors"]
        self.bytes += s["bytes"]
        self.seconds += float(s["seconds"])
        for action in ACTIONS:
            self.by_action[action] += int(s["by_action"].get(action, 0))
        for c in s["by_category"]:
            self.category_matches[c["category"]] += c["matches"]
            self.category_texts[c["category"]] += c["texts"]
            if c.get("zh") or c.get("en"):
                self.category_names[c["category"]] = (c.get("zh", ""), c.get("en", ""))
        for r in s["by_rule"]:
            self.rule_matches[r["rule"]] += r["matches"]
            self.rule_texts[r["rule"]] += r["texts"]
            self.rule_meta.setdefault(r["rule"], (r["category"], r["action"]))
        for entry in s["samples"]:
            kept = self.samples.setdefault(entry["rule"], [])
            if len(kept) < self.samples_per_rule:
                kept.append(_summary_sample(entry))
        self.risk_texts_exact = False
        self.files.extend(summary.files)
        self.add_failures(summary.failures)
        # The summary lists its first failures; failures_total counts all
        # (files, partitions and records that failed).
        self.failures_total += s["failures_total"] - len(summary.failures)


def _summary_sample(entry: Dict[str, Any]) -> Dict[str, Any]:
    """A sample of a summary (lexgate.dask's shape) in the report's shape."""
    out: Dict[str, Any] = {
        "source": entry.get("file"), "offset": entry.get("offset"), "line": entry.get("line"),
        "rule": entry["rule"], "category": entry["category"], "action": entry["action"],
        "fingerprint": entry.get("fingerprint")}
    if "context" in entry:
        out["context"] = entry["context"]
    return out
