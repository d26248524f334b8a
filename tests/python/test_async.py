"""The async API: engine.aguard() over async iterables, ascan()/aredact(),
and what runs where (on the event loop's thread, or offloaded)."""

from __future__ import annotations

import asyncio
import random
import threading
from typing import Any, AsyncIterator, Dict, List

import pytest

import lexgate


@pytest.fixture(scope="module")
def engine() -> lexgate.Engine:
    return (lexgate.RuleSet.from_paths(lexgate.default_rules_path())
            .add_keywords("bomb", ["炸弹制作"], category="A.1.4", action="block")
            .compile())


class Source:
    """An async generator of deltas that records what was read and whether
    it was closed."""

    def __init__(self, deltas: List[str]) -> None:
        self.deltas = deltas
        self.read: List[str] = []
        self.closed = False

    async def gen(self) -> AsyncIterator[str]:
        try:
            for d in self.deltas:
                self.read.append(d)
                yield d
                await asyncio.sleep(0)
        finally:
            self.closed = True


def collect(guard: "lexgate.AsyncGuard[str]") -> List[str]:
    async def main() -> List[str]:
        return [piece async for piece in guard]
    return asyncio.run(main())


@pytest.mark.parametrize("seed", range(10))
def test_aguard_equals_guard(engine: lexgate.Engine, seed: int) -> None:
    text = "电话13812345678，你是SB吗？ f.u.c.k 😀 ok " * 3
    rng = random.Random(seed)
    deltas, pos = [], 0
    while pos < len(text):
        n = rng.randint(1, 7)
        deltas.append(text[pos:pos + n])
        pos += n
    source = Source(deltas)
    guard = engine.aguard(source.gen())
    assert "".join(collect(guard)) == engine.redact(text) == "".join(engine.guard(deltas))
    assert guard.verdict == "mask" and guard.matches == engine.scan(text).matches
    assert source.closed


def test_aguard_stops_reading_and_closes_on_block(engine: lexgate.Engine) -> None:
    source = Source(["好的，", "下面是", "炸弹", "制作", "步骤：", "第一步"] + ["很长的说明"] * 50)
    guard = engine.aguard(source.gen())
    out = collect(guard)
    assert guard.blocked and guard.verdict == "block"
    assert source.closed and len(source.read) < 10
    assert "炸弹" not in "".join(out)


def test_a_source_that_raises_leaves_the_guard_blocked(engine: lexgate.Engine) -> None:
    # The answer was cut short: the error reaches the caller, and the guard
    # no longer says "allow" (it held back text that never went out).
    async def failing() -> AsyncIterator[str]:
        yield "what the fuck, "
        raise OSError("connection reset by the model")

    guard = engine.aguard(failing())
    with pytest.raises(OSError, match="connection reset"):
        collect(guard)
    assert guard.blocked and guard.verdict == "block"
    assert guard.error is not None and "connection reset" in guard.error

    def failing_sync() -> Any:
        yield "hello "
        raise ValueError("bad chunk")

    sync_guard = engine.guard(failing_sync())
    with pytest.raises(ValueError):
        list(sync_guard)
    assert sync_guard.blocked and sync_guard.verdict == "block"
    # A guard that ends well has no error.
    fine = engine.guard(iter(["hello ", "world"]))
    assert "".join(fine) == "hello world"
    assert fine.verdict == "allow" and fine.error is None and not fine.blocked


def test_a_cancelled_aguard_is_blocked(engine: lexgate.Engine) -> None:
    # A timeout (or a client gone) cancels the task inside the guard:
    # CancelledError is a BaseException, not an Exception, yet the answer
    # was cut short and "138 1234", held back, never went out.
    async def stalling() -> AsyncIterator[str]:
        yield "call me on 138 1234"
        await asyncio.sleep(10)
        yield " 5678"

    async def consume(guard: "lexgate.AsyncGuard[str]", sent: List[str]) -> None:
        async for piece in guard:
            sent.append(piece)

    async def timed_out() -> "lexgate.AsyncGuard[str]":
        guard = engine.aguard(stalling())
        sent: List[str] = []
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(consume(guard, sent), 0.2)
        assert "1234" not in "".join(sent)
        return guard

    guard = asyncio.run(timed_out())
    assert guard.blocked and guard.verdict == "block"
    assert guard.error is not None and "cancelled" in guard.error
    assert "cut short" in guard.error

    async def interrupted() -> AsyncIterator[str]:
        yield "call me on 138 1234"
        raise KeyboardInterrupt

    interrupted_guard = engine.aguard(interrupted())
    with pytest.raises(KeyboardInterrupt):
        collect(interrupted_guard)
    assert interrupted_guard.blocked and interrupted_guard.verdict == "block"
    assert interrupted_guard.error is not None and "KeyboardInterrupt" in interrupted_guard.error

    # aclose() (a consumer that stops early) is no error.
    async def stopped() -> "lexgate.AsyncGuard[str]":
        early = engine.aguard(Source(["一段很长的话。"] * 100).gen(), batch=0)
        async for _ in early:
            break
        await early.aclose()
        return early

    early = asyncio.run(stopped())
    assert not early.blocked and early.verdict == "allow" and early.error is None


def test_aguard_closes_when_the_consumer_stops(engine: lexgate.Engine) -> None:
    source = Source(["一段很长的话。"] * 100)

    async def main() -> None:
        guard = engine.aguard(source.gen(), batch=0)
        async for _ in guard:
            break
        await guard.aclose()

    asyncio.run(main())
    assert source.closed and len(source.read) < 100


def test_aguard_takes_any_async_iterable_and_refuses_plain_ones(engine: lexgate.Engine) -> None:
    closed: List[bool] = []

    class Deltas:  # an async iterator with an async close(), like the SDK's AsyncStream
        def __init__(self) -> None:
            self.items = iter(["call 138 ", "1234 5678"])

        def __aiter__(self) -> "Deltas":
            return self

        async def __anext__(self) -> str:
            try:
                return next(self.items)
            except StopIteration:
                raise StopAsyncIteration from None

        async def close(self) -> None:
            closed.append(True)

    assert "".join(collect(engine.aguard(Deltas()))) == "call [手机号]"
    assert closed == [True]
    with pytest.raises(TypeError, match="async iterable"):
        engine.aguard(["a", "b"])  # type: ignore[arg-type]


def test_what_runs_where(engine: lexgate.Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: Dict[str, Any] = {}
    to_thread = asyncio.to_thread

    async def recording(func: Any, *args: Any, **kwargs: Any) -> Any:
        def run() -> Any:
            threads.setdefault("offloaded", set()).add(threading.get_ident())
            return func(*args, **kwargs)
        return await to_thread(run)

    monkeypatch.setattr(asyncio, "to_thread", recording)

    async def main() -> None:
        loop_thread = threading.get_ident()
        small = "电话13812345678"
        assert (await engine.ascan(small)).verdict == "mask"
        assert await engine.aredact(small) == "电话[手机号]"
        assert "offloaded" not in threads  # short texts stay on the loop
        big = small + "。" * lexgate.ASYNC_OFFLOAD_CHARS
        assert (await engine.ascan(big)).matches == engine.scan(big).matches
        assert (await engine.aredact(big)).startswith("电话[手机号]")
        assert threads["offloaded"] and loop_thread not in threads["offloaded"]
        # A long delta of a stream is fed in a worker thread too.
        threads.clear()

        async def one_long_delta() -> AsyncIterator[str]:
            yield "x" * 50 + small

        out = [p async for p in engine.aguard(one_long_delta(), offload_chars=40)]
        assert "".join(out) == "x" * 50 + "电话[手机号]" and threads["offloaded"]

    asyncio.run(main())


def test_offload_chars_is_checked(engine: lexgate.Engine) -> None:
    with pytest.raises(ValueError, match="offload_chars"):
        asyncio.run(engine.ascan("x", offload_chars=-1))
