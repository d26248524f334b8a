"""One guarded response: the chunks of a stream or a whole completion, the
choices' states, and the response's audit record. The sync and async
guards of lexgate.openai drive it."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from lexgate._audit import Auditor
from lexgate._engine import Engine
from lexgate._policy import Policy
from lexgate.openai._choices import (FieldSinks, StreamedChoice, guard_message, stream_index,
                                     strongest)
from lexgate.openai._fields import Finding
from lexgate.openai._sinks import StreamSink, WholeSink

__all__ = ["Run", "Settings", "text_size"]

AUDIT_TYPE = "audit.response"


class Settings:
    """What every response of one ChatGuard shares."""

    def __init__(self, refusal: Optional[str], auditor: Optional[Auditor],
                 on_audit: Optional[Callable[[Dict[str, Any]], None]],
                 max_hold: Optional[int], batch: Optional[int]) -> None:
        self.refusal = refusal
        self.auditor = auditor
        self.on_audit = on_audit
        self.max_hold = max_hold
        self.batch = batch


class Run:
    """The guard of one response, on the engine it started with."""

    def __init__(self, engine: Engine, policy: Optional[Policy], settings: Settings,
                 n: Optional[int] = None) -> None:
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
            raise (ValueError if isinstance(n, int) and not isinstance(n, bool)
                   else TypeError)(f"n (the request's number of choices) must be an int "
                                   f"of at least 1 or None, not {n!r}")
        self.engine = engine
        self.policy = policy
        self.settings = settings
        self.n = n
        self.choices: Dict[Any, StreamedChoice] = {}
        self._last: Dict[str, Any] = {}
        self._whole: List[Dict[str, Any]] = []  # choices of a whole response
        self._audited = False
        # Why the response was cut short (fail()), or None.
        self.error: Optional[str] = None
        whole = lambda: WholeSink(engine, policy)  # noqa: E731
        self.stream_sinks = FieldSinks(
            lambda: StreamSink(engine.stream(str, max_hold=settings.max_hold,
                                             batch=settings.batch, policy=policy)),
            whole)
        self.whole_sinks = FieldSinks(whole, whole)

    # --- streams ----------------------------------------------------------

    def chunk(self, chunk: Any) -> Any:
        """The chunk to send for ``chunk`` (plain data), or None to send
        nothing."""
        if not isinstance(chunk, dict):
            # Not readable as a chunk (to_plain() found no fields): it may
            # hold text, so it is refused rather than passed on unread.
            raise TypeError(f"lexgate.openai cannot read a chunk of type {type(chunk).__name__}")
        self._last = chunk
        choices = _choices(chunk)
        if not choices:
            return chunk  # e.g. the usage chunk
        out = []
        for choice in choices:
            if not isinstance(choice, dict):
                raise TypeError(f"lexgate.openai cannot read a choice of type {type(choice).__name__}")
            index = choice.get("index")
            if index is None:
                if len(choices) > 1:
                    # Each would be taken for choice 0: one's text lost.
                    raise ValueError("lexgate.openai cannot tell apart the choices of a chunk "
                                     "that has several without an 'index'")
                index = 0
            index = stream_index(index, "a choice")
            state = self.choices.get(index)
            if state is None:
                state = self.choices[index] = StreamedChoice(index, self.stream_sinks,
                                                             self.settings.refusal)
            guarded = state.process(choice)
            if guarded is not None:
                out.append(guarded)
        if not out and not chunk.get("usage"):
            return None
        return dict(chunk, choices=out)

    @property
    def done(self) -> bool:
        """True when the upstream need not be read any further: a block
        ended a choice and every choice has ended (``n`` of them when the
        request's n is known, else every choice seen)."""
        states = list(self.choices.values())
        if not any(s.blocked for s in states):
            return False
        ended = sum(1 for s in states if s.ended)
        if self.n is not None:
            return ended >= self.n
        return ended == len(states)

    def tail(self) -> List[Dict[str, Any]]:
        """Chunks for the choices the upstream left without a
        finish_reason: their held-back rests."""
        base = {k: v for k, v in self._last.items() if k not in ("choices", "usage")}
        out = []
        for state in self.choices.values():
            choice = state.close()
            if choice is not None:
                out.append(dict(base, choices=[choice]))
        return out

    # --- whole responses ------------------------------------------------------

    def response(self, response: Any) -> Any:
        """The guarded copy of a whole chat.completion (plain data)."""
        if not isinstance(response, dict):
            raise TypeError(f"lexgate.openai cannot read a response of type {type(response).__name__}")
        choices = _choices(response)
        if choices is None:
            return response  # no choices (an error object): no text to guard
        self._last = response
        out = []
        for position, choice in enumerate(choices):
            if not isinstance(choice, dict):
                raise TypeError(f"lexgate.openai cannot read a choice of type {type(choice).__name__}")
            guarded, verdict, findings = guard_message(choice, self.whole_sinks,
                                                       self.settings.refusal)
            index = choice.get("index", position)
            self._whole.append({"index": index, "verdict": verdict,
                                "finish_reason": guarded.get("finish_reason"),
                                "findings": findings})
            out.append(guarded)
        return dict(response, choices=out)

    # --- the audit record -------------------------------------------------

    def fail(self, reason: str) -> None:
        """Record that the response was cut short (the upstream raised, the
        task was cancelled or interrupted): what the choices held back
        never went out, so the audit record says "block", and ``reason`` as
        its "error". The first reason stays."""
        if self.error is None:
            self.error = reason

    def audit(self) -> Optional[Dict[str, Any]]:
        """The response's audit record, once (None without an auditor, or
        the second time). A response cut short (fail()) has "verdict"
        "block", whatever its choices decided, and an "error"; others have
        no "error"."""
        auditor = self.settings.auditor
        if auditor is None or self._audited:
            return None
        self._audited = True
        choices = self._whole or [
            {"index": s.index, "verdict": s.verdict, "finish_reason": s.finish_reason,
             "findings": s.findings()} for s in self.choices.values()]
        records = []
        for choice in choices:
            finding: Finding
            for finding in choice["findings"]:
                context: Dict[str, Any] = {"choice": choice["index"], "field": finding.field}
                if finding.path is not None:
                    context["path"] = finding.path
                records += auditor.records(finding.matches, engine=self.engine,
                                           policy=self.policy, **context)
        record = {
            "v": 1, "type": AUDIT_TYPE,
            "id": self._last.get("id"), "model": self._last.get("model"),
            "fingerprint": self.engine.fingerprint,
            "policy": self.policy.name if self.policy is not None else None,
            "verdict": strongest([c["verdict"] for c in choices]),
            "choices": [{k: c[k] for k in ("index", "verdict", "finish_reason")}
                        for c in choices],
            "records": records,
        }
        if self.error is not None:
            # Not "allow": the answer did not arrive whole, and a reader of
            # the record must not take it for a clean response.
            record["verdict"] = "block"
            record["error"] = self.error
        if self.settings.on_audit is not None:
            self.settings.on_audit(record)
        return record


def _choices(data: Dict[str, Any]) -> Optional[List[Any]]:
    """The ``choices`` of a chunk or response (None when it has none); a
    TypeError when they are not a list."""
    choices = data.get("choices")
    if choices is not None and not isinstance(choices, list):
        raise TypeError(f"lexgate.openai cannot read 'choices' given as "
                        f"{type(choices).__name__} (a list)")
    return choices


def text_size(data: Any) -> int:
    """Characters of text in plain data (to decide on offloading)."""
    if isinstance(data, str):
        return len(data)
    if isinstance(data, dict):
        return sum(text_size(v) for v in data.values())
    if isinstance(data, list):
        return sum(text_size(v) for v in data)
    return 0
