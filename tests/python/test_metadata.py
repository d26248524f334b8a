"""What Python can read about rules and results: the taxonomy, an engine's
rules and fingerprint, categories checked for rules built in code, and the
JSON schema of Match/ScanResult.to_dict()."""

from __future__ import annotations

import json
import pickle

import pytest

import lexgate


def test_taxonomy() -> None:
    taxonomy = lexgate.taxonomy()
    phone = taxonomy["pii.phone"]
    assert phone == lexgate.Category("pii.phone", phone.zh, phone.en, phone.description,
                                     risk="A.4.6")
    assert phone.zh and phone.en
    risks = [code for code in taxonomy if code.count(".") == 2 and code.startswith("A.")]
    assert len(risks) == 31  # GB/T 45654-2025 Appendix A
    assert list(taxonomy)[0] == "A.1"


def test_engine_rules_and_fingerprint() -> None:
    engine = (lexgate.RuleSet()
              .add_keywords("kw", ["Globex", "GLOBEX", "initech"], category="spam.contact",
                            action="flag", severity=1)
              .add_rule("mixed", keywords="secret", regexes=[r"top-\d+", r"tk-\d+"],
                        category="secret.token", action="block", severity=5)
              .compile())
    assert engine.rules == [
        lexgate.RuleInfo("kw", "spam.contact", "flag", 1, keywords=2, regexes=0),
        lexgate.RuleInfo("mixed", "secret.token", "block", 5, keywords=1, regexes=2),
    ]
    assert len(engine.fingerprint) == 16
    int(engine.fingerprint, 16)
    restored = pickle.loads(pickle.dumps(engine))
    assert restored.fingerprint == engine.fingerprint and restored.rules == engine.rules
    shipped = lexgate.Engine.default()
    assert len(shipped.rules) == shipped.rule_count
    assert shipped.fingerprint != engine.fingerprint
    assert engine.fingerprint in repr(engine)


def test_misspelt_category_is_refused_with_a_hint() -> None:
    rules = lexgate.RuleSet()
    with pytest.raises(lexgate.RuleError, match="did you mean pii.phone") as error:
        rules.add_keywords("mine", "x", category="pii.phnoe")
    assert error.value.rule_id == "mine" and error.value.line
    assert error.value.path == __file__
    assert "add_category" in str(error.value)
    assert len(rules) == 0
    rules.add_category("acme.ticket", zh="工单号", en="Ticket number")
    rules.add_regex("ticket", r"tck-\d{6}", category="acme.ticket")
    with pytest.raises(lexgate.RuleError):
        rules.add_category("acme.ticket", zh="别的", en="Other")
    assert rules.compile().scan("TCK-123456").matches[0].category == "acme.ticket"


def test_to_dict_is_the_json_schema() -> None:
    engine = lexgate.Engine.default()
    text = "😀 电话13812345678"
    result = engine.scan(text)
    data = result.to_dict()
    assert data == {"v": 1, "verdict": "mask", "matches": [{
        "rule": "pii.cn.mobile", "category": "pii.phone", "action": "mask", "severity": 3,
        "start": 4, "end": 15, "text": "13812345678",
        # Why it matched: the regex as written, and no spelling variant.
        "pattern": result.matches[0].pattern, "variant": "none"}]}
    assert "1[3-9]" in data["matches"][0]["pattern"]
    assert json.loads(json.dumps(result.matches[0].to_dict())) == data["matches"][0]
    assert text[data["matches"][0]["start"]:data["matches"][0]["end"]] == "13812345678"
    with pytest.raises(TypeError, match="str scan"):
        engine.scan(text.encode()).to_dict()
    assert lexgate.SCHEMA_VERSION == 1
