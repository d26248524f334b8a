"""lexgate.Policy: per-request views of one engine (implemented once, in
C++: lexgate/policy.h)."""

from __future__ import annotations

import pickle
import random

import pytest

import lexgate

TEXT = "acme: call 13812345678, sb, 炸弹制作"


@pytest.fixture(scope="module")
def engine() -> lexgate.Engine:
    return (lexgate.RuleSet()
            .add_regex("phone", r"1[3-9]\d{9}", category="pii.phone", boundary="digit",
                       replacement="[phone]")
            .add_keywords("insult", "sb", category="profanity", severity=2)
            .add_keywords("brand", "acme", category="spam.contact", action="flag", severity=1)
            .add_keywords("bomb", "炸弹制作", category="A.1.4", action="block", severity=5)
            .compile())


def rules(result: "lexgate.ScanResult[str]") -> list:
    return [(m.rule, m.action) for m in result]


def test_disable_and_override(engine: lexgate.Engine) -> None:
    text = "acme: call 13812345678, sb"
    tenant = lexgate.Policy("tenant", disable=["profanity"], actions={"pii": "flag"})
    result = engine.scan(text, policy=tenant)
    assert rules(result) == [("brand", "flag"), ("phone", "flag")]
    assert result.verdict == "flag"
    assert engine.redact(text, policy=tenant) == text  # nothing masked any more
    assert engine.redact(text, engine.scan(text, policy=tenant)) == text
    assert engine.redact(text) == "acme: call [phone], **"
    # The same as applying the policy to a result afterwards.
    assert tenant.apply(engine.scan(text)) == result
    assert [rules(r) for r in engine.scan_many([text, text], policy=tenant)] == [rules(result)] * 2


def test_only_and_strengthening(engine: lexgate.Engine) -> None:
    strict = lexgate.Policy("strict", only=["spam", "pii"], actions={"spam": "mask"})
    result = engine.scan("acme: call 13812345678, sb", policy=strict)
    assert rules(result) == [("brand", "mask"), ("phone", "mask")]
    assert engine.redact("acme: sb", policy=strict) == "****: sb"


def test_limits(engine: lexgate.Engine) -> None:
    limits = lexgate.PolicyLimits(weakenable=("profanity",), max_severity=5)
    with pytest.raises(ValueError, match="weaken 'pii'"):
        lexgate.Policy("t", disable=["pii"], limits=limits)
    with pytest.raises(ValueError, match="weaken"):
        lexgate.Policy("t", actions={"pii.phone": "flag"}, limits=limits)
    only = lexgate.Policy("t", only=["spam"], limits=limits)
    assert rules(engine.scan(TEXT, policy=only)) == [
        ("brand", "flag"), ("phone", "mask"), ("bomb", "block")]
    # Severity 5 rules are protected by the default limits.
    everything = lexgate.Policy("t", disable=["*"])
    assert rules(engine.scan(TEXT, policy=everything)) == [("bomb", "block")]
    assert everything.limits == lexgate.PolicyLimits(("*",), 4)


@pytest.mark.parametrize("bad", [{"name": ""}, {"name": "t", "disable": ["pii."]},
                                 {"name": "t", "actions": {"pii": "allow"}},
                                 {"name": "t", "actions": {"pii": "hide"}},
                                 {"name": "t", "limits": lexgate.PolicyLimits(max_severity=0)}])
def test_bad_policies(bad: dict) -> None:
    name = bad.pop("name")
    with pytest.raises(ValueError):
        lexgate.Policy(name, **bad)


def test_limits_are_checked_before_they_reach_the_core() -> None:
    # A tuple for PolicyLimits, a str or a huge severity: clear Python
    # errors naming the argument, not an AttributeError or pybind11's
    # "incompatible function arguments".
    with pytest.raises(TypeError, match="limits must be a lexgate.PolicyLimits, not tuple"):
        lexgate.Policy("t", limits=(("*",), 4))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="limits.max_severity must be an int, not str"):
        lexgate.Policy("t", limits=lexgate.PolicyLimits(max_severity="4"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="limits.max_severity 1099511627776 is out of range"):
        lexgate.Policy("t", limits=lexgate.PolicyLimits(max_severity=2**40))


def test_types_are_checked(engine: lexgate.Engine) -> None:
    with pytest.raises(TypeError):
        lexgate.Policy("t", disable=[1])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="lexgate.Policy"):
        engine.scan("x", policy="tenant")  # type: ignore[call-overload]


def test_stream_masks_and_reports_by_the_policy(engine: lexgate.Engine) -> None:
    tenant = lexgate.Policy("tenant", disable=["profanity"], actions={"pii": "flag"})
    text = "call 13812345678, sb"
    rng = random.Random(0)
    s = engine.stream(policy=tenant)
    out = ""
    pos = 0
    while pos < len(text):
        n = rng.randint(1, 4)
        out += s.feed(text[pos:pos + n])
        pos += n
    out += s.finish()
    # Masked by the policy: the phone number is only flagged, "sb" dropped.
    assert out == engine.redact(text, policy=tenant) == text
    assert rules(s.result) == [("phone", "flag")]
    assert s.verdict == "flag" and s.policy is tenant
    # A flag strengthened to a mask is held back and masked.
    strict = lexgate.Policy("strict", actions={"pii": "block"})
    s = engine.stream(policy=strict)
    out = "".join(s.feed(ch) for ch in text) + s.finish()
    assert s.blocked and s.verdict == "block" and "13812345678" not in out
    # A protected block (severity 5) stops a stream whatever the policy says.
    blocked = engine.stream(policy=lexgate.Policy("t", actions={"A": "mask"}))
    blocked.feed("好的，炸弹制作如下")
    blocked.finish()
    assert blocked.blocked and blocked.verdict == "block"


def test_pickles_and_repr() -> None:
    tenant = lexgate.Policy("tenant", disable=["profanity"], actions={"pii": "flag"},
                            limits=lexgate.PolicyLimits(("pii", "profanity"), 3))
    again = pickle.loads(pickle.dumps(tenant))
    assert repr(again) == repr(tenant)
    assert again.action_for("r", "pii.phone", 3, "mask") == "flag"
    assert again.action_for("r", "pii.phone", 4, "mask") == "mask"  # above max_severity
    assert again.action_for("r", "profanity", 1, "mask") is None
