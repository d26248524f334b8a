"""The streaming guard through Python on matches longer than any window
(a 500-character JWT, an e-mail address with a 400-character local part)
and on runs past the max_hold cap (a 3,000-character base64 blob, a 100 KB
line without spaces), in 1-byte, 1-4 character and random splits, as
tests/stream_long_match_test.cc does in C++: never an unmasked character
of a span the whole-text scan masks (stream.h, contract 3), and exactly the
whole-text redaction when no run passed the cap."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest

import lexgate

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def base64(n: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(ALPHABET) for _ in range(n))


JWT = "eyJ" + base64(240, 1) + ".eyJ" + base64(200, 2) + "." + base64(54, 3)
LONG_JWT = "eyJ" + base64(10, 6) + ".eyJ" + base64(10, 7) + "." + base64(1100, 8)

# (name, text, whether a run passes the default max_hold)
CASES: List[Tuple[str, str, bool]] = [
    ("jwt_500", f"Here is the token: {JWT} — keep it secret.", False),
    ("email_local_part_400", f"Write to {base64(400, 4)}@example.com today, 谢谢。", False),
    ("base64_blob_3000", f"data:image/png;base64,{base64(3000, 5)} end of image", True),
    ("line_100kb_without_spaces", "x " + "abcdefghij" * 10_000 + " y", True),
    ("jwt_after_chinese", f"这是令牌：{JWT}，请勿泄露。电话13812345678。", False),
    # ½ folds to 1⁄2: the match ends inside it; past the cap the overflow's
    # end must be rounded up to the end of ½.
    ("jwt_before_a_fraction", f"token {JWT}½ ok", False),
    ("jwt_past_the_cap_before_a_fraction", f"token {LONG_JWT}½ ok", True),
]


@pytest.fixture(scope="module")
def stars(tmp_path_factory: pytest.TempPathFactory) -> lexgate.Engine:
    """The shipped packs without replacements: a masked character is one
    '*', so the stream's output lines up with the text character by
    character."""
    packs = tmp_path_factory.mktemp("stars")
    for pack in Path(lexgate.default_rules_path()).iterdir():
        text = pack.read_text(encoding="utf-8")
        if pack.suffix == ".toml":
            text = re.sub(r'(?m)^replacement = ".*"\n', "", text)
            assert "replacement" not in text, pack  # every one removed
        (packs / pack.name).write_text(text, encoding="utf-8")
    return lexgate.RuleSet.from_paths(str(packs)).compile()


def splits(text: str, mode: str, rng: random.Random) -> Iterator[str]:
    if mode == "bytes":  # fed as bytes, one byte at a time
        raise AssertionError("bytes are split by the caller")
    pos = 0
    while pos < len(text):
        n = rng.randint(1, 4) if mode == "chars" else rng.randint(1, 9)
        yield text[pos:pos + n]
        pos += n


@pytest.mark.parametrize("mode", ["bytes", "chars", "random"])
@pytest.mark.parametrize("name,text,passes_cap", CASES, ids=[c[0] for c in CASES])
def test_long_matches_never_leak(stars: lexgate.Engine, name: str, text: str,
                                 passes_cap: bool, mode: str) -> None:
    rng = random.Random(f"{name}/{mode}")
    if mode == "bytes":
        data = text.encode()
        byte_stream = stars.stream(bytes)
        out = b"".join(byte_stream.feed(data[i:i + 1]) for i in range(len(data)))
        out += byte_stream.finish()
        streamed, matches = out.decode(), byte_stream.matches
    else:
        stream = stars.stream()
        streamed = "".join(stream.feed(d) for d in splits(text, mode, rng)) + stream.finish()
        matches = stream.matches
    whole = stars.redact(text)
    assert len(streamed) == len(text) == len(whole)
    for i, (original, got, redacted) in enumerate(zip(text, streamed, whole)):
        assert got in (original, "*"), i
        if redacted == "*" and original != "*":
            assert got == "*", f"character {i} ({original!r}) leaked"
    overflowed = any(m.rule == "lexgate.stream_overflow" for m in matches)
    assert overflowed == passes_cap
    if not overflowed:
        assert streamed == whole


@pytest.mark.parametrize("step", [1, 3, 1000])
def test_a_block_rule_run_past_the_cap_blocks(step: int) -> None:
    # A run that could still be a block match (an IBAN, which this policy
    # blocks) passes a tiny max_hold: the stream cannot find the match
    # whole any more, so it blocks, as the whole-text scan does.
    engine = lexgate.Engine.default()
    policy = lexgate.Policy("p3", actions={"pii": "block"})
    text = "IBAN GB82 WEST 1234 5698 7654 32 thanks"
    assert engine.scan(text, policy=policy).verdict == "block"
    stream = engine.stream(max_hold=24, policy=policy)
    out = "".join(stream.feed(text[i:i + step]) for i in range(0, len(text), step))
    out += stream.finish()
    assert stream.blocked and stream.verdict == "block"
    assert "1234" not in out
    assert any(m.action == "block" for m in stream.matches)
