"""lexgate.Policy: per-request (per-tenant) views of one engine's results.

One engine serves every tenant; a Policy says, per call, which categories a
caller sees and how strongly each is acted on, as a post-processing of the
scan (lexgate/policy.h in C++, where it is implemented once for both).
"""

from __future__ import annotations

from typing import Any, AnyStr, Iterable, Mapping, NamedTuple, Optional, Tuple

from lexgate import _core
from lexgate._core import ScanResult
from lexgate._rules import check_int32
from lexgate._unicode import check_unicode

__all__ = ["Policy", "PolicyLimits", "core_policy"]


class PolicyLimits(NamedTuple):
    """What the operator lets policies weaken (drop, or lower block > mask
    > flag). Tenants' policies are checked against these.

    weakenable:    category selectors whose matches a policy may drop or
                   weaken; "*" (the default) is every category. A selector
                   is a code and selects itself and every code below it
                   ("pii" selects "pii.phone").
    max_severity:  matches of rules with a higher severity (1 .. 5) are
                   never dropped or weakened, whatever a policy says;
                   default 4, so severity-5 rules always act.
    """

    weakenable: Tuple[str, ...] = ("*",)
    max_severity: int = 4


class Policy:
    """A named view of an engine's results for one request or tenant.

        tenant = lexgate.Policy("tenant-a",
                                disable=["profanity"],          # not reported
                                actions={"pii.email": "flag"})  # flag, not mask
        result = engine.scan(text, policy=tenant)
        engine.redact(text, policy=tenant)      # masks what the policy masks

    disable:  category selectors whose matches are dropped.
    only:     if given, only matches of these categories are kept.
    actions:  selector -> "flag" | "mask" | "block", the action its matches
              get instead of their rule's; the most specific selector
              (the longest) wins, "*" is the least specific.
    limits:   what this policy may weaken (PolicyLimits()). A change that
              weakens a protected match (a category outside
              limits.weakenable, a severity above limits.max_severity, the
              stream's own "lexgate.stream_overflow" matches) is not
              applied: the match keeps its rule's action. Strengthening
              (flag -> mask -> block) is always applied.

    Raises ValueError for an empty name, a malformed selector, an override
    to "allow" (use disable), or a ``disable``/``actions`` entry below
    "block" for a category that ``limits`` does not let it weaken.

    In scan(), redact(), scan_many(), the guards and streams (Engine.stream(),
    guard(), aguard(), lexgate.openai's stream guards) a policy decides what
    is reported, what is masked and what blocks: a stream masks, releases
    and stops by the policy's actions as it releases text, the same
    decisions redact(text, policy=p) makes on the whole text.

    Immutable and thread-safe; make one per tenant and reuse it.
    """

    __slots__ = ("_core", "_disable", "_only", "_actions", "_limits")

    def __init__(self, name: str, *, disable: Iterable[str] = (), only: Iterable[str] = (),
                 actions: Optional[Mapping[str, str]] = None,
                 limits: PolicyLimits = PolicyLimits()) -> None:
        self._disable = _selectors(disable, "disable")
        self._only = _selectors(only, "only")
        self._actions = dict(actions or {})
        for selector, action in self._actions.items():
            for value, what in ((selector, "an actions selector"), (action, "an action")):
                if isinstance(value, str):
                    check_unicode(value, what)
        if not isinstance(limits, PolicyLimits):
            raise TypeError(f"limits must be a lexgate.PolicyLimits, not "
                            f"{type(limits).__name__}")
        if not isinstance(limits.max_severity, int) or isinstance(limits.max_severity, bool):
            raise TypeError(f"limits.max_severity must be an int, not "
                            f"{type(limits.max_severity).__name__}")
        check_int32(limits.max_severity, "limits.max_severity")
        self._limits = PolicyLimits(_selectors(limits.weakenable, "limits.weakenable"),
                                    limits.max_severity)
        if not isinstance(name, str):
            raise TypeError(f"name must be a str, not {type(name).__name__}")
        check_unicode(name, "name")
        self._core = _core.Policy(name, list(self._disable), list(self._only),
                                  list(self._actions.items()),
                                  list(self._limits.weakenable), self._limits.max_severity)

    @property
    def name(self) -> str:
        """The name audit records report ("policy")."""
        return self._core.name

    @property
    def disable(self) -> Tuple[str, ...]:
        return self._disable

    @property
    def only(self) -> Tuple[str, ...]:
        return self._only

    @property
    def actions(self) -> Mapping[str, str]:
        return dict(self._actions)

    @property
    def limits(self) -> PolicyLimits:
        return self._limits

    def action_for(self, rule: str, category: str, severity: int, action: str) -> Optional[str]:
        """The action a match of this rule gets under the policy, or None
        when it is dropped."""
        return self._core.action_for(rule, category, severity, action)

    def apply(self, result: ScanResult[AnyStr]) -> ScanResult[AnyStr]:
        """``result`` with this policy applied: a new ScanResult, the
        verdict recomputed (scan(text, policy=p) does this itself)."""
        return self._core.apply(result)

    def __repr__(self) -> str:
        return (f"Policy({self.name!r}, disable={list(self._disable)!r}, "
                f"only={list(self._only)!r}, actions={self._actions!r}, "
                f"limits={self._limits!r})")

    def __reduce__(self) -> Tuple[Any, ...]:
        return (_make_policy, (self.name, self._disable, self._only, self._actions,
                               tuple(self._limits)))


def _make_policy(name: str, disable: Tuple[str, ...], only: Tuple[str, ...],
                 actions: Mapping[str, str], limits: Tuple[Tuple[str, ...], int]) -> Policy:
    return Policy(name, disable=disable, only=only, actions=actions,
                  limits=PolicyLimits(*limits))


def _selectors(value: Iterable[str], what: str) -> Tuple[str, ...]:
    if isinstance(value, str):
        return (check_unicode(value, what),)
    try:
        out = tuple(value)
    except TypeError:
        raise TypeError(f"{what} must be str or an iterable of str, "
                        f"not {type(value).__name__}") from None
    for item in out:
        if not isinstance(item, str):
            raise TypeError(f"{what} must hold str, not {type(item).__name__}")
        check_unicode(item, what)
    return out


def core_policy(policy: Optional[Policy]) -> Any:
    """The native policy of ``policy`` (None for None), for the engine's
    calls; TypeError for anything else."""
    if policy is None:
        return None
    if not isinstance(policy, Policy):
        raise TypeError(f"policy must be a lexgate.Policy, not {type(policy).__name__}")
    return policy._core
