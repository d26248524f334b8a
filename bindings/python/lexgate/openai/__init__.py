"""Guards for OpenAI-style chat completions, streamed and whole, sync and
async.

    from lexgate.openai import ChatGuard

    guard = ChatGuard(engine, refusal="抱歉，无法显示。")
    completion = guard.completion(client.chat.completions.create(...))
    for chunk in guard.stream(client.chat.completions.create(..., stream=True)):
        send(chunk)
    async for chunk in guard.astream(await aclient.chat.completions.create(..., stream=True)):
        await send(chunk)

What is guarded: every choice separately, and in each every field the
guard knows (the rule is in lexgate.openai._choices):

- texts, each screened as its own text: ``content``, ``reasoning_content``,
  ``reasoning`` and ``refusal`` of a delta or message (a string or content
  parts: a string in the list, and the text of parts of type "text",
  "output_text", "input_text", "refusal" or of a part without a type, the
  parts of one field one text, as a client shows them; the payload of parts
  of type "image_url", "input_audio" and "file" passes as it is),
  ``audio.transcript`` (audio output: its ``data``, the spoken words,
  cannot be screened: a stream drops it from every chunk, a whole response
  keeps it only when the guard changed nothing), a legacy choice's ``text``, and the ``input`` of a custom tool
  call (free text);
- JSON texts: ``tool_calls[i].function.arguments``, ``arguments`` given on
  the tool call itself, and the legacy ``function_call.arguments`` (a
  string, or arguments given decoded);
- labels, each screened whole where it comes (a stream does not hold them
  back: they come whole, in one chunk): ``name`` (of the delta or message,
  a tool call, its function or custom tool, function_call) and the
  ``title`` and ``url`` of an annotation's ``url_citation``. A ``name``
  streamed in pieces over several chunks is screened joined, as clients
  join it: each piece with the pieces before it; a piece that completes a
  match in text already sent blocks its choice (that text cannot be masked
  any more), and a name joined past 4096 characters is a ValueError; so
  are the title and URL of a streamed annotation that carries an
  ``index`` (clients join such entries by it);
- metadata, passed as it is: a choice's ``index``, ``finish_reason``,
  ``stop_reason``, ``content_filter_results`` and
  ``content_filter_offsets``, ``role``, a tool call's ``id`` and ``type``,
  audio's ``id`` and ``expires_at``, an annotation's ``type``,
  ``start_index`` and ``end_index``.

A chunk's or response's own fields beside ``choices`` (``id``, ``model``,
``usage``, ``system_fingerprint``, a provider's additions) are not read:
they are the provider's record of the call, not the model's words, and
pass as they are.

Any other field of a choice, delta, message, tool call, function, audio,
annotation or content part passes only when it holds no text: a string
anywhere in it (or a value that is not JSON data), a content part of
another type, ``choices`` that are not a list, and a known field of
another shape (a streamed choice carrying a whole ``message`` too) are a
TypeError, never passed on unread. So are SDK-like objects whose state the
guard cannot read as public attributes (a private attribute, a property).

Tool arguments are decoded as they stream, so escapes (``\\u4e60``) cannot
hide a keyword, and come out as valid JSON; text in them that is not JSON
(bare tokens separated by whitespace only: "138 1234 5678", a phrase) is
screened as one text up to the next JSON structure character or quote
(past MAX_BARE_TOKEN characters as a stream, never cut). Each JSON string
is a text of its own, so words in two strings do not meet a phrase or a
co-occurrence rule; nesting deeper than MAX_DEPTH arrays or objects is a
ValueError. In a stream, each text is released as soon as no rule can
still cover it, already masked.

A stream's chunk with several choices must give each its ``index``, and a
choice must not go on after its finish_reason: either is a ValueError
(text would be lost: taken for another choice, or dropped). A choice
ended by a block may go on upstream: that is dropped.

``logprobs`` repeat the model's text as it wrote it: a stream drops them
from every chunk (they come with text not decided yet), and a whole
response keeps them only when no text of it was masked or blocked.

A block ends that choice: its last chunk (or its message) carries the
refusal text, if one is set, as ``content`` (``text``, for a legacy
choice) and finish_reason "content_filter", and of the choice only its
metadata; what a stream already released stays released (it was decided
clean). The other choices go on. The upstream is closed (``close()``
or ``aclose()``) as soon as every choice has ended and one of them by a
block (``n``, the request's number of choices, makes this exact; without it
the choices seen so far count), and when the consumer stops early.

Chunks and completions may be dicts or SDK objects (attribute access,
``model_dump()``); each comes back as the kind it came in, never modified
in place.

With an ``auditor`` (lexgate.Auditor), one audit record per response goes
to ``on_audit`` (default: the "lexgate.audit" logger, as JSON):
{"v": 1, "type": "audit.response", "id", "model", "fingerprint", "policy",
"verdict", "choices": [{"index", "verdict", "finish_reason"}], "records":
[audit records with "choice", "field" and, inside JSON, "path"]} — never
the matched text. A stream cut short (the upstream raised, the guard
refused a chunk, the task was cancelled: a timeout, a client gone; or a
KeyboardInterrupt) has ``"verdict": "block"``, whatever its choices
decided, and one more field, ``"error"``: why, as a string (what the
choices held back never went out); the error goes on to the caller. A
consumer that stops early (``close()``, ``aclose()``) is no error: its
record, like any other, has no ``"error"``.

What runs where: stream chunks are guarded on the caller's thread (the
event loop's, for astream()), except a chunk holding at least
``offload_chars`` characters of text, which goes to a worker thread
(asyncio.to_thread), as does a whole completion that large in
acompletion().
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import (
    Any,
    AsyncIterable,
    AsyncIterator,
    Callable,
    Dict,
    Iterable,
    Iterator,
    Optional,
    TypeVar,
    Union,
)

from lexgate import _options
from lexgate._audit import Auditor
from lexgate._engine import Engine, _offload
from lexgate._policy import Policy
from lexgate._reload import ReloadingEngine
from lexgate._stream import _close_source, _in_thread, cut_short_reason
from lexgate.openai._choices import CONTENT_FILTER
from lexgate.openai._objects import rebuilder, split_kind, to_plain
from lexgate.openai._run import AUDIT_TYPE, Run, Settings, text_size

__all__ = [
    "AUDIT_TYPE",
    "CONTENT_FILTER",
    "ChatGuard",
    "SSE_DONE",
    "sse_event",
]

T = TypeVar("T")
audit_logger = logging.getLogger("lexgate.audit")

#: The last event of an OpenAI stream.
SSE_DONE = "data: [DONE]\n\n"


def sse_event(chunk: Any) -> str:
    """One server-sent event for ``chunk`` (a dict or an SDK object):
    ``data: {json}\\n\\n``."""
    return f"data: {json.dumps(to_plain(chunk), ensure_ascii=False)}\n\n"


def _log_audit(record: Dict[str, Any]) -> None:
    audit_logger.info("%s", json.dumps(record, ensure_ascii=False))


class ChatGuard:
    """Guards chat completions with one engine (or a ReloadingEngine: each
    response runs on the engine current when it starts).

    engine:         a lexgate.Engine or ReloadingEngine; default
                    Engine.default().
    refusal:        text that ends a blocked choice (as its content), or
                    None for none.
    policy:         the lexgate.Policy of every response (a tenant's); a
                    call's own ``policy=`` replaces it.
    auditor:        a lexgate.Auditor: one audit record per response.
    on_audit:       where the records go; default the "lexgate.audit"
                    logger. Needs an auditor (there is no default key).
    max_hold, batch: stream options (Engine.stream()).
    offload_chars:  see the module comment; default
                    lexgate.ASYNC_OFFLOAD_CHARS.

    Thread-safe: each call has its own state.
    """

    def __init__(self, engine: Union[Engine, ReloadingEngine, None] = None, *,
                 refusal: Optional[str] = None, policy: Optional[Policy] = None,
                 auditor: Optional[Auditor] = None,
                 on_audit: Optional[Callable[[Dict[str, Any]], None]] = None,
                 max_hold: Optional[int] = None, batch: Optional[int] = None,
                 offload_chars: Optional[int] = None) -> None:
        if on_audit is not None and auditor is None:
            raise ValueError("on_audit needs an auditor: audit records are keyed "
                             "(auditor=lexgate.Auditor(lexgate.AuditKey.from_file(...)))")
        if refusal is not None and not isinstance(refusal, str):
            raise TypeError(f"refusal must be a str or None, not {type(refusal).__name__}")
        self._engine = engine if engine is not None else Engine.default()
        self._policy = policy
        self._offload = _offload(offload_chars)
        self._settings = Settings(refusal, auditor,
                                  on_audit or (_log_audit if auditor is not None else None),
                                  max_hold, batch)
        if self.engine.streaming:
            self.engine.stream(str, max_hold=max_hold, batch=batch)  # options checked now
        else:
            # Whole completions need no stream; stream() says why it fails.
            _options.check_stream_options(max_hold, batch)

    @property
    def engine(self) -> Engine:
        """The engine a response starting now runs on."""
        if isinstance(self._engine, ReloadingEngine):
            return self._engine.engine
        return self._engine

    def _run(self, policy: Optional[Policy], n: Optional[int] = None) -> Run:
        return Run(self.engine, policy if policy is not None else self._policy,
                   self._settings, n)

    # --- whole completions ------------------------------------------------

    def completion(self, response: T, *, policy: Optional[Policy] = None) -> T:
        """A guarded copy of a chat.completion (dict or SDK object)."""
        plain, rebuild = split_kind(response)
        run = self._run(policy)
        out = run.response(plain)
        run.audit()
        return rebuild(out)  # type: ignore[no-any-return]

    async def acompletion(self, response: T, *, policy: Optional[Policy] = None) -> T:
        """completion() for async code; a response with at least
        ``offload_chars`` characters of text is guarded in a worker thread."""
        def work() -> T:
            return self.completion(response, policy=policy)

        if text_size(to_plain(response)) >= self._offload:
            return await asyncio.to_thread(work)
        return work()

    # --- streams --------------------------------------------------------------

    def stream(self, chunks: Iterable[T], *, n: Optional[int] = None,
               policy: Optional[Policy] = None) -> Iterator[T]:
        """Guard a stream of chat.completion.chunk objects (dicts or SDK
        objects): an iterator of the chunks to send. ``n``: the request's
        number of choices. Closes ``chunks`` (its ``close()``) when done.
        Should ``chunks`` raise (or the iteration be interrupted), the error
        goes on and the audit record says "block" with an "error"."""
        run = self._run(policy, n)
        rebuild: Callable[[Any], Any] = rebuilder({})
        try:
            for chunk in chunks:
                plain, rebuild = split_kind(chunk)
                out = run.chunk(plain)
                if out is not None:
                    yield rebuild(out)
                if run.done:
                    break
            for tail in run.tail():
                yield rebuild(tail)
        except GeneratorExit:
            raise  # the consumer stopped early: nothing failed
        except BaseException as error:
            # Also KeyboardInterrupt and the like: the response was cut
            # short, and its audit record must not read as a clean one.
            run.fail(cut_short_reason(error, "the chunks"))
            raise
        finally:
            close = getattr(chunks, "close", None)
            if callable(close):
                close()
            run.audit()

    async def astream(self, chunks: AsyncIterable[T], *, n: Optional[int] = None,
                      policy: Optional[Policy] = None) -> AsyncIterator[T]:
        """stream() for an async iterable of chunks (an async generator, the
        SDK's AsyncStream): stops reading and closes it (``aclose()``, or
        an async ``close()``) as soon as every choice has ended after a
        block, or when the consumer stops. Should ``chunks`` raise, or the
        task be cancelled, the error goes on and the audit record says
        "block" with an "error"."""
        if not hasattr(chunks, "__aiter__"):
            raise TypeError(f"astream() takes an async iterable of chunks, not "
                            f"{type(chunks).__name__}: use stream() for a plain iterable")
        run = self._run(policy, n)
        rebuild: Callable[[Any], Any] = rebuilder({})
        source = chunks.__aiter__()
        try:
            async for chunk in source:
                plain, rebuild = split_kind(chunk)
                if text_size(plain) >= self._offload:
                    out = await _in_thread(run.chunk, plain)
                else:
                    out = run.chunk(plain)
                if out is not None:
                    yield rebuild(out)
                if run.done:
                    break
            for tail in run.tail():
                yield rebuild(tail)
        except GeneratorExit:
            raise  # aclose(): the consumer stopped early, nothing failed
        except BaseException as error:
            # CancelledError too (a timeout, a client gone): the response
            # was cut short, and its audit record says so.
            run.fail(cut_short_reason(error, "the chunks"))
            raise
        finally:
            await _close_source(source, chunks)
            run.audit()
