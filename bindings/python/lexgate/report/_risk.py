"""The risk of GB/T 45654-2025 Appendix A (A.x.n) a category rolls up to.

One function, risk_of(category), so that the roll-up has a single source of
truth, tried in this order:

1. the taxonomy (rules/categories.toml gives every operational category
   an explicit risk), resolved by the library's RuleSet.risk_of(): of the
   rules screened with when they are named (the risks their packs
   override and the categories they declare: a category has one risk per
   rule set), else the shipped one;
2. the inventory's ``categories[].risk`` (``lexgate-filter inventory``),
   which knows the parents of categories that packs declare;
3. the default mapping of issue 17, for rule sets older than both.

An ``A.`` code is its own risk. A category none of them maps gives None
and is reported as unmapped, never folded into some risk by guesswork.
"""

from __future__ import annotations

import re
from typing import Callable, Dict, Mapping, Optional, Tuple

import lexgate

__all__ = ["DEFAULT_RISKS", "RiskMap", "is_risk", "risk_names"]

_RISK = re.compile(r"A\.[1-9][0-9]*(\.[1-9][0-9]*)?")

#: Issue 17's default mapping: exact codes first, then prefixes ("pii" covers
#: "pii" and "pii.*").
DEFAULT_RISKS: Tuple[Tuple[str, str], ...] = (
    ("profanity.sexual", "A.1.6"),
    ("profanity", "A.4.3"),
    ("spam.gambling", "A.1.8"),
    ("spam.fraud", "A.1.7"),
    ("spam.contact", "A.3.2"),
    ("pii", "A.4.6"),
    ("secret", "A.3.3"),
)


def is_risk(code: str) -> bool:
    """True for an Appendix A code: a group (A.1) or a risk (A.1.6)."""
    return _RISK.fullmatch(code) is not None


def _default_risk(category: str) -> Optional[str]:
    for code, risk in DEFAULT_RISKS:
        if category == code:
            return risk
    # Prefixes only after every exact code: "profanity.sexual.x" -> A.1.6.
    for code, risk in DEFAULT_RISKS:
        if category.startswith(code + "."):
            return risk
    return None


# The shipped taxonomy alone (an empty rule set resolves through it).
_SHIPPED = lexgate.RuleSet()


def _taxonomy_risk(category: str) -> Optional[str]:
    """The shipped taxonomy's risk of ``category`` (rules/categories.toml),
    resolved by the library itself (RuleSet.risk_of: a category's own risk,
    else its nearest ancestor code's); None for a code it does not reach."""
    return _SHIPPED.risk_of(category) or None


class RiskMap:
    """risk_of(category) over the three sources above; ``inventory`` is the
    inventory's ``{category: risk}`` (categories[].risk). Results are
    cached: the report asks once per category, not once per match."""

    def __init__(self, inventory: Optional[Mapping[str, Optional[str]]] = None,
                 taxonomy_risk: Callable[[str], Optional[str]] = _taxonomy_risk) -> None:
        self._inventory = dict(inventory or {})
        self._taxonomy_risk = taxonomy_risk
        self._cache: Dict[str, Optional[str]] = {}
        #: which source mapped each category: "taxonomy", "inventory", "default"
        self.sources: Dict[str, str] = {}

    def risk_of(self, category: str) -> Optional[str]:
        """The Appendix A code ``category`` rolls up to, or None."""
        if category in self._cache:
            return self._cache[category]
        risk, source = self._lookup(category)
        self._cache[category] = risk
        if risk is not None:
            self.sources[category] = source
        return risk

    def _lookup(self, category: str) -> Tuple[Optional[str], str]:
        if is_risk(category):
            return category, "taxonomy"
        risk = self._taxonomy_risk(category)
        if risk is not None:
            return risk, "taxonomy"
        risk = self._inventory.get(category)
        if isinstance(risk, str) and is_risk(risk):
            return risk, "inventory"
        return _default_risk(category), "default"

    __call__ = risk_of


def risk_names() -> Dict[str, Tuple[str, str]]:
    """Chinese and English names of every Appendix A code, from the shipped
    taxonomy (rules/categories.toml), in its order (A.1, A.1.1 .. A.5.2)."""
    return {code: (c.zh, c.en) for code, c in lexgate.taxonomy().items() if is_risk(code)}
