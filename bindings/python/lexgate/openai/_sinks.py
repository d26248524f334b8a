"""The two ways a field's text is guarded: a lexgate.Stream while it
streams, scan + redact when it is whole."""

from __future__ import annotations

from typing import List, Optional

from lexgate._core import Match, ScanResult
from lexgate._engine import Engine
from lexgate._policy import Policy
from lexgate._stream import Stream

__all__ = ["StreamSink", "WholeSink"]


class StreamSink:
    """A streamed text: what a lexgate.Stream releases."""

    __slots__ = ("_stream",)

    def __init__(self, stream: Stream[str]) -> None:
        self._stream = stream

    def feed(self, text: str) -> str:
        return self._stream.feed(text)

    def finish(self) -> str:
        return self._stream.finish()

    @property
    def blocked(self) -> bool:
        return self._stream.blocked

    @property
    def verdict(self) -> str:
        return self._stream.verdict

    @property
    def matches(self) -> List["Match[str]"]:
        return self._stream.matches


class WholeSink:
    """A whole text: gathered, then scanned (with the policy) and redacted
    by finish(). A policy decides here what is masked and blocked."""

    __slots__ = ("_engine", "_policy", "_parts", "_result")

    def __init__(self, engine: Engine, policy: Optional[Policy]) -> None:
        self._engine = engine
        self._policy = policy
        self._parts: List[str] = []
        self._result: Optional[ScanResult[str]] = None

    def feed(self, text: str) -> str:
        self._parts.append(text)
        return ""

    def finish(self) -> str:
        text = "".join(self._parts)
        self._parts = []
        result = self._engine.scan(text, policy=self._policy)
        self._result = result
        if result.blocked:
            return ""
        return self._engine.redact(text, result) if result else text

    @property
    def blocked(self) -> bool:
        return self._result is not None and self._result.blocked

    @property
    def verdict(self) -> str:
        return self._result.verdict if self._result is not None else "allow"

    @property
    def matches(self) -> List["Match[str]"]:
        return self._result.matches if self._result is not None else []
