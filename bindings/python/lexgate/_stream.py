"""lexgate.Stream (the guard of one streamed answer), and Guard / AsyncGuard,
which drive a stream from an iterable or an async iterable of deltas.

What runs where: Stream.feed() runs on the calling thread; a delta longer
than 4 KiB is scanned with the GIL released. AsyncGuard feeds deltas on the
event loop's thread (a delta of a few characters takes microseconds) and
hands a delta of at least ``offload_chars`` characters to a worker thread
with asyncio.to_thread, so that one long delta cannot stall the loop.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import (
    TYPE_CHECKING,
    Any,
    AnyStr,
    AsyncIterable,
    AsyncIterator,
    Callable,
    Generic,
    Iterable,
    Iterator,
    List,
    Optional,
    Tuple,
    TypeVar,
    Union,
)

from lexgate import _core as native
from lexgate._core import Match, ScanResult

if TYPE_CHECKING:
    from lexgate._engine import Engine
    from lexgate._policy import Policy

_T = TypeVar("_T")

__all__ = ["AsyncGuard", "Guard", "Stream"]

_BYTES_TYPES = (bytes, bytearray, memoryview)


class Stream(Generic[AnyStr]):
    """The streaming guard for one answer (not thread-safe: one per answer).

    feed(delta) returns the text that has become safe to show, already
    masked; finish() returns the rest. For every way of splitting a text
    into deltas: no character that engine.scan(text) masks is ever returned
    unmasked; once a block is decided nothing more is returned (``blocked``,
    verdict "block"); and what the stream returns concatenates to
    engine.redact(text) unless the text is blocked or has a run longer than
    ``max_hold``. A stream that cannot finish its work (an internal error,
    or running out of memory handing over text it released, which is then
    lost) raises lexgate.ScanError and is blocked from then on: verdict
    "block", ``error`` set, ``held_back`` 0, nothing more returned.

    Deltas are all str or all bytes; the output has the same type
    (Engine.stream(bytes) for a Stream[bytes]). For str deltas, lone
    surrogates come out as U+FFFD. Keeps no copy of the answer. The stream
    runs on the engine it was opened with (``engine``), also when a
    ReloadingEngine has swapped in another since.
    """

    __slots__ = ("_core", "_engine", "_policy", "_expect")
    _core: native.Stream
    _engine: "Engine"
    _policy: Optional["Policy"]
    _expect: Union[None, type, Tuple[type, ...]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("lexgate.Stream is made by Engine.stream()")

    @classmethod
    def _wrap(cls, core: native.Stream, engine: "Engine", policy: Optional["Policy"],
              text_type: Optional[type]) -> "Stream[Any]":
        stream: Stream[Any] = object.__new__(cls)
        stream._core = core
        stream._engine = engine
        stream._policy = policy
        if text_type is None:
            stream._expect = None
        elif text_type is str:
            stream._expect = str
        elif text_type is bytes:
            stream._expect = _BYTES_TYPES
        else:
            raise TypeError(f"text_type must be str or bytes, not {text_type!r}")
        return stream

    def feed(self, delta: AnyStr) -> AnyStr:
        """Add ``delta`` (any split, even inside a UTF-8 sequence for bytes)
        and return the text now safe to emit ('' when nothing is). Raises
        lexgate.ScanError if the stream fails, TypeError for a delta of the
        other type, ValueError after finish() (a blocked stream takes and
        returns nothing, finished or not)."""
        if self._expect is not None and not isinstance(delta, self._expect):
            raise TypeError(f"this stream takes {self._kind()} deltas, "
                            f"not {type(delta).__name__}")
        out: AnyStr = self._core.feed(delta)
        return out

    def finish(self) -> AnyStr:
        """End the text and return the rest ('' after a block). Raises
        lexgate.ScanError if the stream fails."""
        out: AnyStr = self._core.finish()
        return out

    @property
    def verdict(self) -> str:
        """The strongest action decided so far: allow, flag, mask or block
        (with a policy: by the policy's actions; "block" whenever the stream
        stopped)."""
        return self._core.verdict

    @property
    def blocked(self) -> bool:
        """True once a block was decided (or the stream failed): nothing
        more will be returned; stop the answer and the model."""
        return self._core.blocked

    @property
    def error(self) -> Optional[str]:
        """Why the stream failed, or None."""
        return self._core.error

    @property
    def matches(self) -> List[Match[AnyStr]]:
        """The matches decided so far (after the policy, if any), with
        offsets into the whole text fed (str indices for str deltas, byte
        offsets for bytes)."""
        return self._core.matches

    @property
    def result(self) -> ScanResult[AnyStr]:
        """verdict and matches as a ScanResult (for to_dict() and audits)."""
        return ScanResult(self._core.verdict, self._core.matches)

    @property
    def held_back(self) -> int:
        """Code points fed but not returned yet."""
        return self._core.held_back

    @property
    def finished(self) -> bool:
        return self._core.finished

    @property
    def engine(self) -> "Engine":
        """The engine this stream runs on."""
        return self._engine

    @property
    def policy(self) -> Optional["Policy"]:
        """The lexgate.Policy applied to what this stream reports, or None."""
        return self._policy

    def _kind(self) -> str:
        return "str" if self._expect is str else "bytes"

    def __repr__(self) -> str:
        return (f"<lexgate.Stream verdict={self.verdict!r}, "
                f"{self.held_back} characters held back>")


class _Driver(Generic[AnyStr]):
    """What Guard and AsyncGuard tell about their stream, once (or while)
    iterating."""

    __slots__ = ("_cut_short",)
    stream: Stream[AnyStr]
    # Why the deltas ended early: their source (or a delta) raised, or the
    # iteration was cancelled or interrupted, so the answer was cut short
    # and what the stream held back never went out.
    _cut_short: Optional[str]

    @property
    def verdict(self) -> str:
        """The stream's verdict; "block" when the answer was cut short: the
        deltas ended with an error, or the guard was cancelled or
        interrupted (as lexgate-filter --stream blocks a stream cut
        short)."""
        return "block" if self._cut_short is not None else self.stream.verdict

    @property
    def blocked(self) -> bool:
        return self._cut_short is not None or self.stream.blocked

    @property
    def error(self) -> Optional[str]:
        """Why the guard stopped with an error: the stream's own, the
        deltas' source raising, or a cancellation or interruption; None
        otherwise (also when the consumer stopped early)."""
        return self.stream.error or self._cut_short

    def _fail(self, error: BaseException) -> None:
        self._cut_short = cut_short_reason(error)

    @property
    def matches(self) -> List[Match[AnyStr]]:
        return self.stream.matches

    @property
    def result(self) -> ScanResult[AnyStr]:
        return self.stream.result


class Guard(_Driver[AnyStr]):
    """Iterates over the safe pieces of a stream of deltas (Engine.guard()).

    Empty pieces are skipped. Iteration stops early, without reading further
    deltas, when a block rule fires; the source is then closed (its
    ``close()``, as generators have), as it is when the consumer stops
    early or an error occurs. ``verdict``, ``blocked`` and ``matches`` tell
    what happened once (or while) iterating. Should the deltas raise, the
    error goes on to the caller and the guard is blocked (``error`` says
    why): the answer was cut short, and what it held back never went out.
    So is an iteration cut short by KeyboardInterrupt, SystemExit or
    asyncio.CancelledError (a timeout, a client gone), raised on. A
    consumer that stops early (``break``, ``close()``) is no error: the
    guard then tells what was decided so far.
    """

    __slots__ = ("stream", "_deltas")
    _deltas: Iterable[AnyStr]

    def __init__(self, stream: Stream[AnyStr], deltas: Iterable[AnyStr]) -> None:
        self.stream = stream
        self._deltas = deltas
        self._cut_short = None

    def __iter__(self) -> Iterator[AnyStr]:
        stream = self.stream
        try:
            for delta in self._deltas:
                safe = stream.feed(delta)
                if stream.blocked:
                    return
                if safe:
                    yield safe
            rest = stream.finish()
            if rest:
                yield rest
        except GeneratorExit:
            # The consumer stopped early (close(), or the generator was
            # collected): it chose not to read on, nothing failed.
            raise
        except BaseException as error:
            # Not only Exception: a KeyboardInterrupt, SystemExit or
            # CancelledError cuts the answer short just the same, and the
            # guard must not read as a clean, finished answer then.
            self._fail(error)
            raise
        finally:
            close = getattr(self._deltas, "close", None)
            if callable(close):
                close()


class AsyncGuard(_Driver[AnyStr]):
    """Iterates asynchronously over the safe pieces of an async iterable of
    deltas (Engine.aguard()):

        guard = engine.aguard(model_stream())       # an async generator
        async for safe in guard:
            await send(safe)
        if guard.blocked:
            await send("[refused]")

    As soon as a block is known it stops reading and closes the source
    (``aclose()``, as async generators have, else ``close()``); it closes
    it too when the consumer stops early (``await guard.aclose()``, or the
    async generator's finalisation) or an error occurs. Deltas of at least
    ``offload_chars`` characters are scanned in a worker thread
    (asyncio.to_thread); others on the event loop's thread. Do not read
    the guard's properties from another task while it is iterating.

    As with Guard, deltas that raise leave the guard blocked with
    ``error`` saying why, and so does a cancellation of the iterating task
    (asyncio.CancelledError: a timeout, a client gone) or a
    KeyboardInterrupt or SystemExit that reaches the guard while it waits
    for a delta or scans one: the error goes on, and the held-back text
    never went out. ``aclose()`` (a consumer stopping early) is no error;
    nor is a cancellation that lands in the consumer's code between two
    pieces, which closes the guard the same way (``stream.finished`` stays
    False there).
    """

    __slots__ = ("stream", "_deltas", "_offload", "_iterator")
    _deltas: AsyncIterable[AnyStr]

    def __init__(self, stream: Stream[AnyStr], deltas: AsyncIterable[AnyStr],
                 offload_chars: int) -> None:
        if not hasattr(deltas, "__aiter__"):
            raise TypeError(f"aguard() needs an async iterable, not {type(deltas).__name__}"
                            " (use guard() for a plain iterable)")
        self.stream = stream
        self._deltas = deltas
        self._offload = offload_chars
        self._iterator: Optional[AsyncIterator[AnyStr]] = None
        self._cut_short = None

    def __aiter__(self) -> AsyncIterator[AnyStr]:
        if self._iterator is None:
            self._iterator = self._run()
        return self._iterator

    async def _run(self) -> AsyncIterator[AnyStr]:
        stream = self.stream
        source = self._deltas.__aiter__()
        try:
            async for delta in source:
                if len(delta) >= self._offload:
                    safe = await _in_thread(stream.feed, delta)
                else:
                    safe = stream.feed(delta)
                if stream.blocked:
                    return
                if safe:
                    yield safe
            rest = stream.finish()
            if rest:
                yield rest
        except GeneratorExit:
            raise  # aclose(): the consumer stopped early, nothing failed
        except BaseException as error:
            # CancelledError (a timeout, a client gone) is a BaseException:
            # the answer was cut short as surely as by an error.
            self._fail(error)
            raise
        finally:
            await _close_source(source, self._deltas)

    async def aclose(self) -> None:
        """Stop iterating and close the source (idempotent). Call it from
        the task that iterates, or once it has stopped: while another task
        is inside ``async for``, cancel that task instead (its cleanup
        closes the source and waits for a delta being scanned)."""
        if self._iterator is not None:
            await self._iterator.aclose()  # type: ignore[attr-defined]
        else:
            await _close_source(self._deltas, self._deltas)

    async def __aenter__(self) -> "AsyncGuard[AnyStr]":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def cut_short_reason(error: BaseException, source: str = "the deltas") -> str:
    """What a guard's ``error`` (and a lexgate.openai audit record's
    ``"error"``, with ``source`` "the chunks") says when ``error`` cut the
    answer short: an error of the source (or of the stream), a
    cancellation, or an interruption."""
    detail = f": {error}" if str(error) else ""
    if isinstance(error, asyncio.CancelledError):
        return (f"the guard was cancelled (a timeout, or the client went away), "
                f"the answer cut short: CancelledError{detail}")
    if not isinstance(error, Exception):  # KeyboardInterrupt, SystemExit
        return (f"the guard was interrupted, the answer cut short: "
                f"{type(error).__name__}{detail}")
    return (f"{source} ended with an error, the answer cut short: "
            f"{type(error).__name__}{detail}")


async def _in_thread(func: Callable[..., _T], *args: Any) -> _T:
    """asyncio.to_thread(func, *args) for work on a stream. A thread cannot
    be stopped: when the awaiting task is cancelled (a client went away),
    this still waits for the thread to finish before the cancellation goes
    on, so that the cleanup after it (closing the source, the audit record)
    never reads the stream while the thread scans it."""
    task = asyncio.ensure_future(asyncio.to_thread(func, *args))
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        while not task.done():
            try:
                await asyncio.shield(task)
            except asyncio.CancelledError:
                continue  # cancelled again: still wait
            except Exception:  # the thread's own error: the cancellation wins
                break
        if not task.cancelled():
            task.exception()  # retrieved, so asyncio does not log it
        raise


async def _close_source(iterator: object, source: object) -> None:
    """aclose() (or close()) the iterator, else the iterable it came from."""
    for obj in (iterator, source):
        aclose = getattr(obj, "aclose", None)
        if callable(aclose):
            result = aclose()
            if inspect.isawaitable(result):
                await result
            return
        close = getattr(obj, "close", None)
        if callable(close):
            result = close()
            if inspect.isawaitable(result):
                await result
            return
