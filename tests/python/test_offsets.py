"""Offsets are Python indices: text[m.start:m.end] == m.text for any str
(emoji, astral-plane characters, lone surrogates, combining marks), and
byte offsets for bytes input."""

from __future__ import annotations

import random

import pytest

import lexgate


@pytest.fixture(scope="module")
def engine() -> lexgate.Engine:
    return (lexgate.RuleSet()
            .add_keywords("en", ["fuck", "ass"], category="profanity")
            .add_keywords("zh", ["傻逼", "习近平"], category="profanity")
            .add_keywords("emoji", ["💣"], category="profanity", action="flag")
            .add_regex("phone", r"1[3-9]\d{9}", category="pii", boundary="digit",
                       replacement="[手机号]")
            .compile())


def spans(result: lexgate.ScanResult) -> list:
    return [(m.rule, m.start, m.end, m.text) for m in result]


def test_ascii(engine: lexgate.Engine) -> None:
    text = "what the fuck, call 13812345678"
    assert spans(engine.scan(text)) == [
        ("en", 9, 13, "fuck"), ("phone", 20, 31, "13812345678")]


def test_emoji_and_astral_characters_before_a_match(engine: lexgate.Engine) -> None:
    text = "😀🎉 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠀀 傻逼 and fuck 😀"
    result = engine.scan(text)
    assert [(m.rule, m.text) for m in result] == [("zh", "傻逼"), ("en", "fuck")]
    for m in result:
        assert text[m.start:m.end] == m.text
    assert result.matches[0].start == text.index("傻逼")
    assert result.matches[1].start == text.index("fuck")


def test_astral_keyword_and_noise(engine: lexgate.Engine) -> None:
    text = "a 💣 b 傻😀逼 c"
    result = engine.scan(text)
    assert spans(result) == [("emoji", 2, 3, "💣"), ("zh", 6, 9, "傻😀逼")]
    assert result.verdict == "mask"
    assert engine.redact(text) == "a 💣 b *** c"


def test_full_width_and_combining_marks(engine: lexgate.Engine) -> None:
    text = "ＦＵＣＫ, fu\u0308ck, 电话１３８１２３４５６７８"
    result = engine.scan(text)
    assert [m.text for m in result] == ["ＦＵＣＫ", "fu\u0308ck", "１３８１２３４５６７８"]
    for m in result:
        assert text[m.start:m.end] == m.text
    assert engine.redact(text) == "****, *****, 电话[手机号]"


@pytest.mark.parametrize("text", [
    "\ud800 fuck",
    "fuck \udfff",
    "\ud83d傻逼\ud83d",        # half of an emoji pair on each side
    "\udc00\ud800fuck\ud800",
    "😀\ud800😀 傻逼 \udbff",
])
def test_lone_surrogates_are_scanned_not_rejected(engine: lexgate.Engine, text: str) -> None:
    result = engine.scan(text)
    assert result, text
    for m in result:
        assert text[m.start:m.end] == m.text
    redacted = engine.redact(text)
    # Surrogates outside the masked spans survive redaction unchanged.
    kept = [c for c in text if "\ud800" <= c <= "\udfff"]
    masked = {i for m in result for i in range(m.start, m.end)}
    outside = [c for i, c in enumerate(text) if "\ud800" <= c <= "\udfff" and i not in masked]
    assert [c for c in redacted if "\ud800" <= c <= "\udfff"] == outside
    assert len(kept) >= len(outside)


def test_surrogate_redaction_exact(engine: lexgate.Engine) -> None:
    assert engine.redact("\ud800 fuck \udfff 13812345678 \ud800") == \
        "\ud800 **** \udfff [手机号] \ud800"
    assert engine.redact("\ud83d傻逼!\ude00") == "\ud83d**!\ude00"


def test_bytes_input_gives_byte_offsets(engine: lexgate.Engine) -> None:
    text = "😀 傻逼 fuck"
    data = text.encode()
    result = engine.scan(data)
    assert [(m.start, m.end, m.text) for m in result] == [
        (5, 11, "傻逼".encode()), (12, 16, b"fuck")]
    for m in result:
        assert data[m.start:m.end] == m.text
    assert engine.redact(data) == "😀 ** ****".encode()
    assert isinstance(engine.redact(data), bytes)


def test_invalid_utf8_bytes(engine: lexgate.Engine) -> None:
    data = b"\xff\xfe fuck \xc3( \xed\xa0\x80 13812345678 \xf0\x9f"
    result = engine.scan(data)
    assert [m.text for m in result] == [b"fuck", b"13812345678"]
    for m in result:
        assert data[m.start:m.end] == m.text
    assert engine.redact(data) == b"\xff\xfe **** \xc3( \xed\xa0\x80 [\xe6\x89\x8b\xe6\x9c\xba\xe5\x8f\xb7] \xf0\x9f"


@pytest.mark.parametrize("kind", [bytearray, memoryview])
def test_other_bytes_like_objects(engine: lexgate.Engine, kind: type) -> None:
    data = kind("傻逼 fuck".encode())
    result = engine.scan(data)
    assert [m.text for m in result] == ["傻逼".encode(), b"fuck"]
    assert engine.redact(data) == "** ****".encode()


def test_str_and_bytes_agree(engine: lexgate.Engine) -> None:
    text = "é😀 fuck 傻 逼 𝔘 13812345678 ass"
    from_str = engine.scan(text)
    from_bytes = engine.scan(text.encode())
    assert len(from_str) == len(from_bytes) == 4
    for s, b in zip(from_str, from_bytes):
        assert (s.rule, s.category, s.action, s.severity) == (b.rule, b.category, b.action, b.severity)
        assert len(text[:s.start].encode()) == b.start
        assert len(text[:s.end].encode()) == b.end
        assert s.text.encode() == b.text
    assert engine.redact(text).encode() == engine.redact(text.encode())


# Random texts built from keywords, evasions, emoji, CJK, surrogates and
# plain letters: every match must slice back exactly, and the str and bytes
# scans must agree wherever the text is valid UTF-8.
PIECES = [
    "fuck", "ＦＵＣＫ", "f.u.c.k", "ass", "class", "傻逼", "傻 逼", "習近平", "习 近 平",
    "13812345678", "113812345678901", "💣", "😀", "👨‍👩‍👧", "🇨🇳", "𝔘", "𠀀", "é", "e\u0301",
    " ", "，", "。", "\u200b", "abc", "中文", "\n", "\t",
]


@pytest.mark.parametrize("seed", range(40))
def test_random_texts_slice_back(engine: lexgate.Engine, seed: int) -> None:
    rng = random.Random(seed)
    parts = [rng.choice(PIECES) for _ in range(rng.randint(1, 40))]
    with_surrogates = seed % 4 == 0
    if with_surrogates:
        for _ in range(rng.randint(1, 3)):
            parts.insert(rng.randrange(len(parts) + 1), chr(rng.randint(0xD800, 0xDFFF)))
    text = "".join(parts)
    result = engine.scan(text)
    previous = -1
    for m in result:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.start >= previous
        previous = m.start
    redacted = engine.redact(text)
    assert engine.redact(text, result) == redacted
    if not with_surrogates:
        data = text.encode()
        assert [(m.rule, m.text.encode()) for m in result] == \
            [(m.rule, m.text) for m in engine.scan(data)]
        assert redacted.encode() == engine.redact(data)
