"""The evasion cases of the core engine, through Python: the data-driven
cases of tests/data/evasion_cases.tsv (each keyword compiled alone, as
tests/evasion_test.cc does) and the shipped packs on the same tricks."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import List, NamedTuple

import pytest

import lexgate

CASES_FILE = Path(__file__).resolve().parents[1] / "data" / "evasion_cases.tsv"


class Case(NamedTuple):
    name: str  # what the case tests
    keyword: str
    text: str
    expectation: str  # "match", "none" or "=REDACTED"


def _decode_escapes(text: str) -> str:
    return text.encode("ascii", "backslashreplace").decode("unicode_escape") \
        if "\\u" in text else text


def _load_cases() -> List[Case]:
    cases = []
    for line in CASES_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, keyword, text, expectation = line.split("\t")
        cases.append(Case(name, keyword, _decode_escapes(text), expectation))
    return cases


@functools.lru_cache(maxsize=None)
def keyword_engine(keyword: str) -> lexgate.Engine:
    return lexgate.RuleSet().add_keywords("kw", [keyword], category="profanity").compile()


CASES = _load_cases()


def test_the_case_file_is_not_empty() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_keyword_meets_disguised_text(case: Case) -> None:
    engine = keyword_engine(case.keyword)
    result = engine.scan(case.text)
    if case.expectation == "none":
        assert not result, f"{case.keyword!r} must not match {case.text!r}: {result}"
        assert result.verdict == "allow"
        return
    assert len(result.matches) == 1, f"{case.keyword!r} must match {case.text!r} once"
    m = result.matches[0]
    assert case.text[m.start:m.end] == m.text
    assert (m.rule, m.category, m.action) == ("kw", "profanity", "mask")
    if case.expectation != "match":
        assert case.expectation.startswith("=")
        assert engine.redact(case.text) == case.expectation[1:]


# --- the same tricks against the shipped packs -------------------------------

@pytest.mark.parametrize("text, rule, span_text", [
    ("ＦＵＣＫ off", "profanity.en", "ＦＵＣＫ"),
    ("he said f.u.c.k you", "profanity.en", "f.u.c.k"),
    ("f u c k", "profanity.en", "f u c k"),
    ("fück you", "profanity.en", "fück"),
    ("fu\u0441k", "profanity.en", "fu\u0441k"),          # Cyrillic с
    ("f\u200buck", "profanity.en", "f\u200buck"),         # zero-width space
    ("kiss my ass", "profanity.en", "ass"),
    ("ASS!", "profanity.en", "ASS"),
    ("你是SB吗", "profanity.zh", "SB"),
    ("你是ｓｂ吗", "profanity.zh", "ｓｂ"),
    ("傻 逼", "profanity.zh", "傻 逼"),
    ("傻😀逼", "profanity.zh", "傻😀逼"),
    ("他要求口交", "profanity.zh.sexual", "口交"),
])
def test_shipped_packs_catch_evasions(default_engine: lexgate.Engine, text: str,
                                      rule: str, span_text: str) -> None:
    result = default_engine.scan(text)
    assert [(m.rule, m.text) for m in result] == [(rule, span_text)]
    m = result.matches[0]
    assert text[m.start:m.end] == span_text


@pytest.mark.parametrize("text", [
    "class", "assassin", "Scunthorpe", "Middlesex", "a bass guitar in the grass",
    "Disburse the funds", "sbc", "SB1047 bill", "fuckle",
    "地铁口交易", "出口交易额增长", "请在窗口交费",
])
def test_shipped_packs_leave_innocent_words_alone(default_engine: lexgate.Engine,
                                                 text: str) -> None:
    result = default_engine.scan(text)
    assert not result, result
    assert default_engine.redact(text) is text


def test_traditional_and_spaced_chinese() -> None:
    engine = keyword_engine("习近平")
    for text in ["習近平", "习 近 平", "习*近*平", "习\u200d近平"]:
        result = engine.scan(text)
        assert [m.text for m in result] == [text], text
    assert engine.redact("我说习 近 平") == "我说*****"
    for text in ["习，近，平", "习。近平"]:  # sentence punctuation is never noise
        assert not engine.scan(text), text


def test_allow_rule_cancels_a_match_inside_it() -> None:
    engine = (lexgate.RuleSet()
              .add_keywords("deny", "口交", category="profanity")
              .add_keywords("ok", ["地铁口交易"], category="profanity", action="allow")
              .compile())
    assert not engine.scan("地铁口交易的书")
    assert engine.scan("地铁口交易的书").verdict == "allow"
    result = engine.scan("他要求口交")
    assert [(m.rule, m.start, m.end) for m in result] == [("deny", 3, 5)]
    # The allow match only covers its own span.
    result = engine.scan("地铁口交易，口交")
    assert [(m.rule, m.text, m.start) for m in result] == [("deny", "口交", 6)]


@pytest.mark.parametrize("text, found", [
    ("电话13812345678", "13812345678"),
    ("请拨打 138 1234 5678 联系我", "138 1234 5678"),
    ("手机：１５９１２３４５６７８", "１５９１２３４５６７８"),
    ("订单号113812345678901", None),   # digit boundary: inside a longer number
    ("13812345678901234", None),
    ("电话12812345678", None),
])
def test_phone_numbers_respect_the_digit_boundary(default_engine: lexgate.Engine,
                                                  text: str, found: str) -> None:
    result = default_engine.scan(text)
    phones = [m.text for m in result if m.rule == "pii.cn.mobile"]
    assert phones == ([found] if found else [])


def test_digit_boundary_in_code() -> None:
    engine = lexgate.RuleSet().add_regex(
        "phone", r"1[3-9]\d{9}", category="pii", boundary="digit").compile()
    assert [m.text for m in engine.scan("tel:13812345678.")] == ["13812345678"]
    assert not engine.scan("113812345678901")
    # boundary "none" finds it inside the longer number
    loose = lexgate.RuleSet().add_regex(
        "phone", r"1[3-9]\d{9}", category="pii", boundary="none").compile()
    assert loose.scan("113812345678901")


@pytest.mark.parametrize("text, valid", [
    ("card 4111 1111 1111 1111 exp", True),
    ("卡号5555-5555-5555-4444", True),
    ("amex 3782 822463 10005", True),
    ("card 4111 1111 1111 1112 exp", False),   # fails the Luhn check
    ("order 1234 5678 9012 3456", False),
])
def test_luhn_validator(default_engine: lexgate.Engine, text: str, valid: bool) -> None:
    cards = [m for m in default_engine.scan(text) if m.rule == "pii.payment_card"]
    assert bool(cards) == valid
    if valid:
        assert default_engine.redact(text).count("[card]") == 1


@pytest.mark.parametrize("text, valid", [
    ("身份证号11010519491231002X", True),
    ("my ID is 11010519491231002x", True),
    ("证件号码：440306199003071232。", True),
    ("110105194912310021", False),            # wrong check digit
    ("440306199003071231", False),
    ("11010519491331002X", False),            # month 13
])
def test_cn_resident_id_validator(default_engine: lexgate.Engine, text: str,
                                  valid: bool) -> None:
    ids = [m for m in default_engine.scan(text) if m.rule == "pii.cn.resident_id"]
    assert bool(ids) == valid


def test_validators_in_code() -> None:
    pattern = r"[2-6]\d{3}(?:[ -]?\d{4}){3}"
    checked = lexgate.RuleSet().add_regex(
        "card", pattern, category="pii", boundary="digit", validator="luhn").compile()
    unchecked = lexgate.RuleSet().add_regex(
        "card", pattern, category="pii", boundary="digit").compile()
    assert checked.scan("4111 1111 1111 1111")
    assert not checked.scan("4111 1111 1111 1112")
    assert unchecked.scan("4111 1111 1111 1112")
    ids = lexgate.RuleSet().add_regex(
        "id", r"\d{17}[\dx]", category="pii", boundary="digit",
        validator="cn_resident_id").compile()
    assert ids.scan("11010519491231002X")
    assert not ids.scan("110105194912310021")


@pytest.mark.parametrize("text, pattern, variant", [
    ("what a sh1t day", "shit", "leet"),
    ("f**k this", "fuck", "wildcard"),
    ("FUUUUCK", "fuck", "repeat"),
    ("what the fuck", "fuck", "none"),
])
def test_match_says_why_it_happened(default_engine: lexgate.Engine, text: str,
                                    pattern: str, variant: str) -> None:
    matches = [m for m in default_engine.scan(text).matches
               if m.rule.startswith("profanity.en")]
    assert matches, text
    assert (matches[0].pattern, matches[0].variant) == (pattern, variant)
    # Outside the tuple: a Match still unpacks into its seven fields.
    rule, _category, _action, _severity, start, end, span = matches[0]
    assert text[start:end] == span and rule == matches[0].rule
