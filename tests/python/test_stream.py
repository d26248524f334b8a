"""The streaming guard through Python: engine.stream() and engine.guard()."""

from __future__ import annotations

import random

import pytest

import lexgate

TEXTS = [
    "我说习 近 平是谁？ＦＵＣＫ off, f.u.c.k 和 f u c k。",
    "电话13812345678，卡号4111 1111 1111 1111，在地铁口交易。",
    "你个傻😀逼，kiss my ass, not class. 加微信！👨‍👩‍👧 emoji 𝒜𝓈𝓉𝓇𝒶𝓁",
    "f\u200buck 習近平 fück Ⓕⓤⓒⓚ fu\u0441k 你是SB吗",
    "",
    "clean text only, nothing to see here 干净的文本",
]


@pytest.fixture(scope="module")
def engine() -> lexgate.Engine:
    return (lexgate.RuleSet()
            .add_keywords("en", ["fuck", "ass"], category="profanity")
            .add_keywords("zh", ["习近平", "傻逼", "口交"], category="profanity")
            .add_keywords("ok", ["地铁口交易"], category="profanity", action="allow")
            .add_keywords("sb", ["sb"], category="profanity")
            .add_regex("phone", r"1[3-9]\d{9}", category="pii", boundary="digit",
                       replacement="[手机号]")
            .add_regex("card", r"\d{4}(?:[ -]?\d{4}){3}", category="pii",
                       boundary="digit", validator="luhn")
            .add_keywords("bomb", ["炸弹制作"], category="A.1.6", action="block")
            .compile())


def random_split(text: str, rng: random.Random) -> list[str]:
    out, pos = [], 0
    while pos < len(text):
        n = rng.randint(1, 4)
        out.append(text[pos:pos + n])
        pos += n
    return out


@pytest.mark.parametrize("text", TEXTS)
def test_concatenation_equals_redact_for_every_split(engine, text: str) -> None:
    rng = random.Random(text)
    expected = engine.redact(text)
    whole = engine.scan(text)
    for _ in range(20):
        s = engine.stream()
        emitted = ""
        for delta in random_split(text, rng):
            emitted += s.feed(delta)
            assert expected.startswith(emitted)  # never ahead of the redaction
        emitted += s.finish()
        assert emitted == expected
        assert s.verdict == whole.verdict
        assert s.matches == whole.matches
        for m in s.matches:
            assert text[m.start:m.end] == m.text
        assert s.held_back == 0 and s.finished


def test_bytes_deltas_split_inside_characters(engine) -> None:
    text = "你是SB吗？电话13812345678 😀".encode()
    s = engine.stream()
    out = b"".join(s.feed(text[i:i + 1]) for i in range(len(text))) + s.finish()
    assert out == engine.redact(text)
    assert [(m.start, m.end) for m in s.matches] == \
        [(m.start, m.end) for m in engine.scan(text).matches]


def test_block_stops_output(engine) -> None:
    s = engine.stream()
    pieces = [s.feed(d) for d in ["好的，", "下面是", "炸弹", "制作", "步骤：第一步"]]
    # A match is decided once no longer match could still start before it.
    assert s.finish() == ""
    assert s.verdict == "block" and s.blocked
    assert "炸弹" not in "".join(pieces)
    assert s.feed("more") == ""


def test_guard_wraps_an_iterator_and_stops_on_block(engine) -> None:
    consumed = []

    def deltas():
        for d in ["你是", "S", "B吗？", "炸弹制", "作", "，接下来是很长的一段说明文字。" * 4,
                  "never read"]:
            consumed.append(d)
            yield d

    g = engine.guard(deltas())
    out = list(g)
    assert g.blocked and g.verdict == "block"
    assert "never read" not in consumed
    assert "SB" not in "".join(out)

    g = engine.guard(iter(["call 138", "1234", "5678 now"]))
    assert "".join(g) == "call [手机号] now"
    assert g.verdict == "mask"


class Source:
    """An iterator of deltas with a close(), like a model client's stream."""

    def __init__(self, deltas: list[str]) -> None:
        self.deltas, self.read, self.closes = deltas, 0, 0

    def __iter__(self) -> "Source":
        return self

    def __next__(self) -> str:
        if self.read == len(self.deltas):
            raise StopIteration
        self.read += 1
        return self.deltas[self.read - 1]

    def close(self) -> None:
        self.closes += 1


def test_guard_closes_its_source(engine) -> None:
    # On a block: closed as soon as it is known (here once the character
    # after the keyword shows that it ends there), nothing more read.
    source = Source(["你是", "炸弹制", "作", "，", "never read", "never read"])
    g = engine.guard(source, batch=0)  # scanned at every delta
    assert "炸" not in "".join(g)
    assert g.blocked and source.closes == 1 and source.read == 4

    # At the end, and when the consumer stops early.
    source = Source(["a clean ", "answer."])
    assert "".join(engine.guard(source)) == "a clean answer."
    assert source.closes == 1
    source = Source(["x. " * 50] * 10)
    it = iter(engine.guard(source))
    next(it)
    it.close()  # what a web framework does when the client goes away
    assert source.closes == 1 and source.read < 10

    # A plain iterator without close() is fine.
    assert "".join(engine.guard(iter(["ok"]))) == "ok"


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, SystemExit])
def test_guard_cut_short_by_an_interruption_is_blocked(engine,
                                                       interruption: type) -> None:
    # KeyboardInterrupt and SystemExit are no Exception, yet they cut the
    # answer short as surely: "138 1234" was held back and never went out,
    # so the guard must not read as a clean answer ("allow", no error).
    def deltas():
        yield "call me on 138 1234"
        raise interruption()

    g = engine.guard(deltas())
    with pytest.raises(interruption):
        for _ in g:
            pass
    assert g.blocked and g.verdict == "block"
    assert g.error is not None and "interrupted" in g.error
    assert interruption.__name__ in g.error and "cut short" in g.error

    # A consumer that stops early (GeneratorExit) is no error.
    g = engine.guard(Source(["a clean answer. " * 20] * 5), batch=0)
    it = iter(g)
    next(it)
    it.close()
    assert not g.blocked and g.verdict == "allow" and g.error is None


def test_lost_output_raises_scan_error_and_blocks(engine) -> None:
    # Building the str (or bytes) of released text can run out of memory:
    # that text is lost, so the stream must fail closed as a ScanError and
    # stay blocked, not raise MemoryError and go on saying "allow". The
    # test hook makes the next output fail as if out of memory.
    core = lexgate._core
    for kind, clean, more in [(str, "a clean answer, nothing to see. ", "more text "),
                              (bytes, "a clean answer, nothing to see. ".encode(),
                               b"more text ")]:
        s = engine.stream(kind, batch=0)
        core._fail_stream_output_for_testing(1)
        try:
            with pytest.raises(lexgate.ScanError,
                               match=r"out of memory handing over \d+ bytes of screened text"):
                for _ in range(20):
                    s.feed(clean)
        finally:
            core._fail_stream_output_for_testing(0)
        assert isinstance(s, lexgate.Stream)  # the Python wrapper tells the state
        assert s.blocked and s.verdict == "block" and s.result.verdict == "block"
        assert s.error is not None and "is lost" in s.error
        assert s.held_back == 0
        assert s.feed(more) == kind() and s.finish() == kind()
        assert s.feed(more) == kind()  # finished and blocked: takes nothing

    # Text held back until finish(): its output fails there.
    s = engine.stream()
    s.feed("call me on 138 1234")
    assert s.held_back > 0
    core._fail_stream_output_for_testing(1)
    try:
        with pytest.raises(lexgate.ScanError, match="bytes of screened text"):
            s.finish()
    finally:
        core._fail_stream_output_for_testing(0)
    assert s.blocked and s.verdict == "block" and s.held_back == 0 and s.error

    # A guard over such a stream raises the ScanError and is blocked.
    core._fail_stream_output_for_testing(1)
    try:
        g = engine.guard(iter(["hello there. ", "call 138", "1234", "5678 now"]), batch=0)
        with pytest.raises(lexgate.ScanError):
            list(g)
    finally:
        core._fail_stream_output_for_testing(0)
    assert g.blocked and g.verdict == "block" and g.error is not None

    # With the hook off, streams are left alone.
    s = engine.stream()
    assert s.feed("ok") + s.finish() == "ok" and s.error is None


def test_mixed_delta_types_are_refused(engine) -> None:
    s = engine.stream()
    s.feed("text")
    with pytest.raises(TypeError):
        s.feed(b"bytes")


def test_engine_without_streaming_refuses(engine) -> None:
    plain = lexgate.RuleSet().add_keywords("k", ["x"], category="profanity").compile(streaming=False)
    with pytest.raises(ValueError, match="streaming"):
        plain.stream()
    with pytest.raises(ValueError, match="max_hold"):
        engine.stream(max_hold=0)
    with pytest.raises(ValueError):
        engine.stream(batch=-1)


def test_unbounded_regex_streams() -> None:
    eng = lexgate.RuleSet().add_regex("u", "ab+c", category="profanity").compile()
    s = eng.stream()
    assert s.feed("xx abbbbc yy") + s.finish() == "xx ****** yy"


def test_default_engine_streams() -> None:
    s = lexgate.Engine.default().stream()
    out = s.feed("请拨打 138 1234 5678 联系") + s.finish()
    assert out == "请拨打 [手机号] 联系"


def test_stream_survives_pickled_engine(engine) -> None:
    import pickle
    restored = pickle.loads(pickle.dumps(engine))
    s = restored.stream()
    assert s.feed("ＦＵＣＫ you") + s.finish() == "**** you"
