"""The RuleSet builder: rules built in code, alone or on top of packs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import lexgate


def test_builder_chains_and_compiles() -> None:
    rules = (lexgate.RuleSet()
             .add_category("brand", zh="品牌", en="Brands")
             .add_category("pii.ticket", zh="工单号", en="Ticket number")
             .add_category("confidential", zh="机密", en="Confidential")
             .add_keywords("brand.rivals", ["Globex", "Initech"], category="brand",
                           action="flag", severity=1)
             .add_regex("pii.ticket", r"tck-\d{6}", category="pii.ticket",
                        boundary="digit", replacement="[ticket]")
             .add_rule("mixed", keywords="secret", regexes=[r"top-\d+"],
                       category="confidential", action="block", severity=5))
    assert len(rules) == 3
    assert rules.ids == ["brand.rivals", "pii.ticket", "mixed"]
    assert "pii.ticket" in rules and "nope" not in rules and 3 not in rules
    assert repr(rules) == "<lexgate.RuleSet with 3 rules>"
    engine = rules.compile()
    result = engine.scan("GLOBEX asked about TCK-123456")
    assert [(m.rule, m.category, m.action, m.severity, m.text) for m in result] == [
        ("brand.rivals", "brand", "flag", 1, "GLOBEX"),
        ("pii.ticket", "pii.ticket", "mask", 3, "TCK-123456"),
    ]
    assert result.verdict == "mask"
    assert engine.redact("GLOBEX asked about TCK-123456") == "GLOBEX asked about [ticket]"
    assert engine.scan("the secret is top-7").blocked
    assert engine.redact("the secret is top-7") == "the ****** is *****"


def test_a_single_string_is_one_keyword() -> None:
    engine = lexgate.RuleSet().add_keywords("kw", "abc", category="profanity").compile()
    assert [m.text for m in engine.scan("abc")] == ["abc"]
    assert not engine.scan("a b c x")  # not three one-letter keywords


def test_keywords_from_any_iterable() -> None:
    words = (w for w in ["alpha", "beta"])
    engine = lexgate.RuleSet().add_keywords("kw", words, category="profanity").compile()
    assert [m.text for m in engine.scan("alpha beta gamma")] == ["alpha", "beta"]


def test_normalize_false_matches_the_raw_text() -> None:
    engine = (lexgate.RuleSet()
              .add_keywords("raw", "ＦＵＣＫ", category="profanity", normalize=False, boundary="none")
              .compile())
    assert engine.scan("ＦＵＣＫ")
    assert not engine.scan("fuck")


def test_boundaries() -> None:
    def texts(boundary: str) -> list:
        engine = lexgate.RuleSet().add_keywords("kw", "ass", category="profanity",
                                                boundary=boundary).compile()
        return [t for t in ["ass", "class", "ass1", "12ass"] if engine.scan(t)]

    assert texts("auto") == ["ass"]
    assert texts("word") == ["ass"]
    assert texts("none") == ["ass", "class", "ass1", "12ass"]
    assert texts("digit") == ["ass", "class"]


def test_rules_on_top_of_the_shipped_packs() -> None:
    rules = lexgate.RuleSet.from_paths(lexgate.default_rules_path())
    shipped = len(rules)
    rules.add_keywords("acme.codename", "Project Falcon", category="A.1.8",
                       action="block")
    engine = rules.compile()
    assert engine.rule_count == shipped + 1
    result = engine.scan("project falcon ships to 13812345678")
    assert result.blocked
    assert [m.rule for m in result] == ["acme.codename", "pii.cn.mobile"]


def test_changing_a_rule_set_after_compile() -> None:
    rules = lexgate.RuleSet().add_keywords("a", "alpha", category="profanity")
    first = rules.compile()
    rules.add_keywords("b", "beta", category="profanity")
    second = rules.compile()
    assert [m.rule for m in first.scan("alpha beta")] == ["a"]
    assert [m.rule for m in second.scan("alpha beta")] == ["a", "b"]


def test_an_empty_rule_set_compiles_to_an_engine_that_finds_nothing() -> None:
    engine = lexgate.RuleSet().compile()
    assert engine.rule_count == 0
    assert not engine.scan("fuck 13812345678")
    assert engine.scan_many(["a", "b"]) == [lexgate.ScanResult("allow")] * 2


def test_subclasses_are_kept() -> None:
    class MyRules(lexgate.RuleSet):
        pass

    class MyEngine(lexgate.Engine):
        pass

    assert isinstance(MyRules.from_paths(lexgate.default_rules_path()), MyRules)
    engine = MyEngine.from_paths(lexgate.default_rules_path())
    assert type(engine) is MyEngine
    assert type(MyEngine.from_bytes(engine.to_bytes())) is MyEngine


def test_from_paths_accepts_str_pathlike_and_lists(tmp_path: Path) -> None:
    rules_dir = lexgate.default_rules_path()
    packs = sorted(rules_dir.glob("*.toml"))
    a = lexgate.Engine.from_paths(rules_dir)
    b = lexgate.Engine.from_paths(str(rules_dir))
    c = lexgate.Engine.from_paths(packs)
    d = lexgate.Engine.from_paths(tuple(str(p) for p in packs))
    assert a.rule_count == b.rule_count == c.rule_count == d.rule_count > 5


# The keys of a pack's [[rule]] that shape spellings and masks, from Python:
# each gives what the same rule in a pack gives.
def test_replacement_options() -> None:
    engine = (lexgate.RuleSet()
              .add_regex("phone", r"1[3-9]\d{9}", category="pii.phone", boundary="digit",
                         mask_keep=(3, 4))
              .add_keywords("gone", "secret", category="profanity", replacement="")
              .add_keywords("hash", "darn", category="profanity", mask_char="#")
              .compile())
    assert engine.redact("call 13812345678 now") == "call 138****5678 now"
    assert engine.redact("a secret word") == "a  word"  # "" deletes the span
    assert engine.redact("darn it") == "#### it"


def test_variants_and_leet() -> None:
    plain = lexgate.RuleSet().add_keywords("p", "shit", category="profanity").compile()
    spelled = (lexgate.RuleSet()
               .add_keywords("p", "shit", category="profanity",
                             variants=["leet", "wildcards", "repeats"], leet={"h": ["#"]})
               .compile())
    for text in ("sh1t", "sh*t", "shiiit", "s#it"):
        assert not plain.scan(text).matches, text
        assert [m.text for m in spelled.scan(text).matches] == [text], text
    assert spelled.scan("sh1t").matches[0].variant == "leet"


def test_pinyin_homophones_and_readings() -> None:
    engine = (lexgate.RuleSet()
              .add_keywords("p", "习近平", category="A.1.1", pinyin="initials",
                            homophones=True)
              .add_keywords("bank", "银行", category="spam", pinyin="full",
                            readings={"银行": "yin hang"})
              .compile())
    assert [m.variant for m in engine.scan("xi jin ping").matches] == ["pinyin"]
    assert [m.variant for m in engine.scan("xjp").matches] == ["initials"]
    assert [m.variant for m in engine.scan("习进平").matches] == ["homophone"]
    assert engine.scan("yin hang").matches
    assert not engine.scan("yin xing").matches


def test_bad_spelling_options_are_errors() -> None:
    def add(**options: object) -> None:
        lexgate.RuleSet().add_keywords("r", "word", category="profanity", **options)

    with pytest.raises(ValueError, match="unknown variant 'leetspeak'"):
        add(variants=["leetspeak"])
    with pytest.raises(ValueError, match="unknown pinyin 'yes'"):
        add(pinyin="yes")
    with pytest.raises(lexgate.RuleError, match="mask_char must be exactly one"):
        add(mask_char="**")
    with pytest.raises(lexgate.RuleError, match="leet keys are lower-case letters"):
        add(leet={"F": ["ph"]})
    with pytest.raises(lexgate.RuleError, match="mask_keep counts"):
        add(mask_keep=(-1, 0))
    with pytest.raises(TypeError, match="mask_keep must be a pair"):
        add(mask_keep=3)
    with pytest.raises(TypeError, match="homophones must be a bool"):
        add(homophones="yes")
    with pytest.raises(TypeError):
        add(no_such_option=1)


def test_cooccurrence_rules() -> None:
    engine = (lexgate.RuleSet()
              .add_rule("sale.guns", category="spam.fraud", action="block",
                        all_of=[["出售", "售卖"], "枪支"], none_of="水枪", within=10)
              .compile())
    result = engine.scan("本店出售仿真枪支")
    assert [(m.rule, m.text, m.start, m.end) for m in result] == [
        ("sale.guns", "出售", 2, 4), ("sale.guns", "枪支", 6, 8)]
    assert result.blocked
    assert engine.redact("枪支售卖") == "****"
    assert not engine.scan("本店出售二手书")
    assert not engine.scan("出售水枪和枪支")
    # A stream holds a part back only until its window is decided: twice
    # `within` here (exclusions may follow the window), plus a batch.
    s = engine.stream()
    emitted = s.feed("出售二手书") + "".join(s.feed("好") for _ in range(60))
    assert emitted.startswith("出售二手书")
    assert emitted + s.finish() == "出售二手书" + "好" * 60
    assert not s.blocked


def test_cooccurrence_errors() -> None:
    def add(**options: object) -> lexgate.RuleSet:
        return lexgate.RuleSet().add_rule("r", category="spam.fraud", **options)

    with pytest.raises(lexgate.RuleError, match="at least two parts"):
        add(all_of=["出售"], within=10)
    with pytest.raises(lexgate.RuleError, match="none_of needs all_of"):
        add(keywords="x", none_of="y")
    with pytest.raises(lexgate.RuleError, match="within must be 0..1000"):
        add(all_of=["a", "b"], within=5000)
    with pytest.raises(TypeError, match="all_of must be an iterable of parts"):
        add(all_of="出售")
    with pytest.raises(TypeError, match="within must be an int"):
        add(all_of=["a", "b"], within="10")
    # Beyond 32 bits: named, not pybind11's "incompatible function arguments".
    with pytest.raises(ValueError, match="within 1099511627776 is out of range"):
        add(all_of=["a", "b"], within=2**40)
    with pytest.raises(ValueError, match="severity -2147483649 is out of range"):
        add(keywords="x", severity=-2**31 - 1)
    with pytest.raises(ValueError, match=r"mask_keep\[1\] 2147483648 is out of range"):
        add(keywords="x", mask_keep=(0, 2**31))
    # Without a window a streaming engine cannot decide a part early.
    whole_text = add(all_of=["出售", "枪支"])
    with pytest.raises(lexgate.RuleError, match="needs 'within'"):
        whole_text.compile()
    assert whole_text.compile(streaming=False).redact("出售。……。枪支") == "**。……。**"


@pytest.mark.parametrize("keyword,why", [
    (" ", "is only whitespace"), ("\u3000", "is only whitespace"),
    ("\t", "U+0009"), ("fuck\u00a0", "begins or ends with whitespace"),
    ("\u3000傻逼", "begins or ends with whitespace"), ("a\x00b", "U+0000")])
def test_a_keyword_that_could_never_match_as_written_is_an_error(keyword: str, why: str) -> None:
    # The builder passes the same gate as a pack: " " masked every space.
    with pytest.raises(lexgate.RuleError, match=re.escape(why)):
        lexgate.RuleSet().add_keywords("x", [keyword], category="profanity")


def test_a_regex_with_a_nul_is_an_error() -> None:
    with pytest.raises(lexgate.RuleError, match="NUL byte"):
        lexgate.RuleSet().add_regex("x", "fuck\x00yes", category="profanity")
