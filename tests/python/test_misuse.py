"""Callers' mistakes get a clear exception, never a crash and never text
that slips through: a stream used from two threads, a stream fed after its
end, a result applied to the other text type or edited in place, a client
that goes away while a long delta is scanned in a worker thread."""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path
from typing import AsyncIterator, List

import pytest

import lexgate

BIG = "call 13812345678 now, what the fuck. " * 20_000  # 740,000 characters


@pytest.fixture(scope="module")
def engine() -> lexgate.Engine:
    return lexgate.Engine.default()


def test_a_stream_busy_in_another_thread_refuses_calls(engine: lexgate.Engine) -> None:
    # feed() of a long delta runs without the GIL: calls from another thread
    # meanwhile raise instead of touching the stream.
    stream = engine.stream()
    done = threading.Event()
    outcome: List[str] = []

    def feed() -> None:
        try:
            outcome.append(stream.feed(BIG * 4))
        finally:
            done.set()

    worker = threading.Thread(target=feed)
    worker.start()
    refused = 0
    while not done.is_set():
        # (Reads only: a feed() or finish() that won the race with the
        # end of the worker's feed would change the text.)
        for read in (lambda: stream.matches, lambda: stream.verdict,
                     lambda: stream.held_back, lambda: stream.blocked,
                     lambda: stream.error):
            try:
                read()
            except RuntimeError as error:
                assert "busy" in str(error)
                refused += 1
    worker.join()
    assert refused > 0, "the feed ended before any call could overlap it"
    # The stream is intact: the refused calls changed nothing.
    rest = stream.finish()
    assert outcome[0] + rest == engine.redact(BIG * 4)


def test_feed_after_finish_is_an_error(engine: lexgate.Engine) -> None:
    stream = engine.stream()
    assert stream.feed("ok ") + stream.finish() == "ok "
    with pytest.raises(ValueError, match="after finish"):
        stream.feed("what the fuck")
    assert stream.finish() == ""


def test_a_result_of_the_other_text_type_is_refused(engine: lexgate.Engine) -> None:
    text = "😀 fuck 13812345678"
    with pytest.raises(ValueError, match="pass the result of scanning this very text"):
        engine.redact(text.encode(), engine.scan(text))
    with pytest.raises(ValueError, match="pass the result of scanning this very text"):
        engine.redact(text, engine.scan(text.encode()))
    assert engine.redact(text.encode(), engine.scan(text.encode())) == engine.redact(text).encode()


def test_editing_the_matches_list_leaves_the_result_alone(engine: lexgate.Engine) -> None:
    text = "call 13812345678"
    result = engine.scan(text)
    result.matches.clear()
    assert len(result) == 1 and result.matches
    assert engine.redact(text, result) == engine.redact(text)


def test_a_cancelled_async_guard_waits_for_its_worker(engine: lexgate.Engine) -> None:
    # A client that goes away while a long delta is scanned in a worker
    # thread: the cancellation waits for the thread, so that reading the
    # guard afterwards (the README's pattern) finds the stream idle.
    async def deltas() -> AsyncIterator[str]:
        for _ in range(20):
            yield BIG

    async def main(delay: float) -> None:
        guard = engine.aguard(deltas(), offload_chars=1000)

        async def consume() -> None:
            async for _ in guard:
                pass

        task = asyncio.create_task(consume())
        await asyncio.sleep(delay)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert guard.stream.matches is not None  # raised "busy" before
        assert guard.stream.verdict in ("mask", "allow")

    for delay in (0.05, 0.2, 0.35):
        asyncio.run(main(delay))


def test_out_of_range_numbers_are_value_errors(engine: lexgate.Engine) -> None:
    for options in ({"max_hold": 2**64}, {"batch": 2**64}, {"max_hold": -1}):
        with pytest.raises(ValueError, match="non-negative int below 2\\*\\*64"):
            engine.stream(**options)
    # More threads than texts are never started: a huge count is fine.
    results = engine.scan_many(["fuck", "ok"], threads=2**70)
    assert [r.verdict for r in results] == ["mask", "allow"]


def test_malformed_arguments_are_type_or_value_errors(engine: lexgate.Engine,
                                                      tmp_path: Path) -> None:
    # The README promises ValueError / TypeError for bad arguments: never
    # pybind11's RuntimeError or a BufferError.
    with pytest.raises(TypeError, match="contiguous"):
        engine.scan(memoryview(b"f-u-c-k")[::2])
    with pytest.raises(TypeError, match="contiguous"):
        lexgate.Engine.from_bytes(memoryview(engine.to_bytes())[::2])
    match, result = lexgate.Match, lexgate.ScanResult
    with pytest.raises(ValueError, match="Match.end is out of range"):
        engine.redact("hello", result("mask", [match(("r", "c", "mask", 2, 0, 2**70, "h"))]))
    with pytest.raises(TypeError, match="Match.start must be an int, not str"):
        engine.redact("hello", result("mask", [match(("r", "c", "mask", 2, "0", 4, "h"))]))
    with pytest.raises(TypeError, match="Match.action must be a str, not int"):
        engine.redact("hello", result("mask", [match(("r", "c", 3, 2, 0, 4, "h"))]))
    with pytest.raises(ValueError, match="Match.severity is out of range"):
        lexgate.Policy("p").apply(result("mask", [match(("r", "c", "mask", 2**70, 0, 4, "h"))]))
    # A path cut at a null byte would be another file.
    saved = tmp_path / "engine.bin"
    saved.write_bytes(engine.to_bytes())
    assert lexgate.Engine.load(saved).fingerprint == engine.fingerprint
    with pytest.raises(ValueError, match="null byte"):
        lexgate.Engine.load(str(saved) + "\0.anything")


def test_file_names_that_are_not_utf8_load(engine: lexgate.Engine, tmp_path: Path) -> None:
    # Linux allows any bytes in a file name; Python holds such a name as a
    # str with surrogate escapes (os.fsdecode, os.listdir). It must reach
    # its file, and come back in errors and metadata as the same str.
    raw = os.fsencode(tmp_path)
    saved = os.fsdecode(os.path.join(raw, b"engine\xff.bin"))
    Path(saved).write_bytes(engine.to_bytes())
    assert lexgate.Engine.load(saved).fingerprint == engine.fingerprint
    assert lexgate.Engine.load(Path(saved)).fingerprint == engine.fingerprint
    missing = os.fsdecode(os.path.join(raw, b"missing\xfe.bin"))
    with pytest.raises(FileNotFoundError, match=r"missing\\xfe\.bin"):
        lexgate.Engine.load(missing)
    pack = os.fsdecode(os.path.join(raw, b"pack\xff.toml"))
    Path(pack).write_text('[pack]\nname = "p"\n\n[[rule]]\nid = "p.word"\n'
                          'category = "profanity"\nkeywords = ["badword"]\n')
    assert lexgate.Engine.from_paths(pack).scan("a badword").verdict == "mask"
    assert [p.path for p in lexgate.RuleSet.from_paths(pack).packs] == [pack]
    assert lexgate.ReloadingEngine.from_paths(pack).engine.rule_count == 1
    broken = os.fsdecode(os.path.join(raw, b"broken\xfe.toml"))
    Path(broken).write_text('[pack]\nname = "p"\n\n[[rule]]\nid = "p.x"\n'
                            'category = "profanity"\nkeywords = ["a"\n')
    with pytest.raises(lexgate.RuleError) as error:
        lexgate.Engine.from_paths(broken)
    assert error.value.path == broken
    assert r"broken\xfe.toml" in str(error.value)  # printable on any terminal


def test_lone_surrogates_in_rule_and_policy_fields_are_value_errors() -> None:
    # pybind11 would refuse the whole call with a dump of its overloads.
    rules = lexgate.RuleSet
    with pytest.raises(ValueError, match=r"words holds a lone surrogate \(U\+D800 at index 1\)"):
        rules().add_keywords("k", ["a\ud800b"], category="pii")
    with pytest.raises(ValueError, match="patterns holds a lone surrogate"):
        rules().add_regex("r", "a\ud800", category="pii")
    with pytest.raises(ValueError, match="category holds a lone surrogate"):
        rules().add_keywords("k", ["abc"], category="pii\ud800")
    with pytest.raises(ValueError, match="id holds a lone surrogate"):
        rules().add_keywords("k\udcff", ["abc"], category="pii")
    with pytest.raises(ValueError, match="replacement holds a lone surrogate"):
        rules().add_keywords("k", ["abcdef"], category="pii", replacement="\ud800")
    with pytest.raises(ValueError, match="zh holds a lone surrogate"):
        rules().add_category("x.y", zh="\ud800", en="x")
    with pytest.raises(ValueError, match="name holds a lone surrogate"):
        lexgate.Policy("t\ud800")
    with pytest.raises(ValueError, match="disable holds a lone surrogate"):
        lexgate.Policy("t", disable=["pii\ud800"])
    with pytest.raises(ValueError, match="an actions selector holds a lone surrogate"):
        lexgate.Policy("t", actions={"pii\ud800": "flag"})
    with pytest.raises(TypeError, match="words must be str or an iterable of str, not NoneType"):
        rules().add_keywords("k", None, category="pii")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="disable must be str or an iterable of str, not int"):
        lexgate.Policy("t", disable=5)  # type: ignore[arg-type]


def test_scan_many_of_a_non_iterable_is_a_type_error(engine: lexgate.Engine) -> None:
    for texts in (None, 5):
        with pytest.raises(TypeError, match="scan_many\\(\\) takes an iterable of texts, not "):
            engine.scan_many(texts)  # type: ignore[arg-type]
    # An iterator is taken as it is, once.
    assert [r.verdict for r in engine.scan_many(iter(["fuck", "ok"]))] == ["mask", "allow"]
