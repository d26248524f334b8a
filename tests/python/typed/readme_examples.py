"""The Python examples of README.md and README.zh-CN.md, made
self-contained: every code line of their ```python blocks stands here
verbatim (test_typing.py checks that), with the definitions they assume
around them, so that `mypy --strict` checks what the READMEs show."""

from __future__ import annotations

import json
from typing import Any, AsyncIterator, Dict, Iterator

import lexgate
import lexgate.report

# What the examples assume: the model's deltas, a way to send an event, a
# non-streamed response.
model_deltas: Iterator[str] = iter(["电话138", "12345678"])
response: Dict[str, Any] = {"id": "chatcmpl-1", "object": "chat.completion", "choices": []}


def send_sse(event: str) -> None:
    print(event)


def streaming_section() -> None:
    engine = lexgate.Engine.default()                  # compiled with streaming=True

    def sse(model_deltas: Iterator[str]) -> Iterator[str]:  # one answer
        guard = engine.guard(model_deltas)              # stops reading (and closes it) on a block
        for safe in guard:
            yield f"data: {json.dumps({'content': safe}, ensure_ascii=False)}\n\n"
        if guard.blocked:
            yield 'data: {"content": "[refused]"}\n\n'

    async def asse(model_deltas: AsyncIterator[str]) -> AsyncIterator[str]:  # FastAPI, Starlette
        guard = engine.aguard(model_deltas)             # aclose()s the model's stream on a block
        async for safe in guard:
            yield f"data: {json.dumps({'content': safe}, ensure_ascii=False)}\n\n"
        if guard.blocked:
            yield 'data: {"content": "[refused]"}\n\n'


def python_section() -> None:
    import lexgate

    engine = lexgate.Engine.default()        # the shipped packs: compiled once, cached, thread-safe
    text = "电话13812345678, what the ＦＵＣＫ"
    result = engine.scan(text)
    result.verdict                           # 'mask'  ("allow" | "flag" | "mask" | "block")
    [(m.rule, m.start, m.end, m.text) for m in result.matches]
    engine.redact(text, result)              # '电话[手机号], what the ****'
    json.dumps(result.to_dict(), ensure_ascii=False)  # {"v": 1, "verdict": "mask", ...}

    for safe in engine.guard(model_deltas):  # a streamed answer, delta by delta
        send_sse(safe)                       # masked; stops early on a block verdict


def openai_section(engine: lexgate.Engine) -> None:
    from lexgate.openai import SSE_DONE, ChatGuard, sse_event

    chat_guard = ChatGuard(engine, refusal="抱歉，无法显示。")

    async def chat_events(upstream: AsyncIterator[Any]) -> AsyncIterator[str]:  # the chunks
        async for chunk in chat_guard.astream(upstream):
            yield sse_event(chunk)
        yield SSE_DONE

    completion = chat_guard.completion(response)   # a non-streamed chat.completion
    print(completion["choices"])


def services_section(text: str) -> None:
    rules = lexgate.ReloadingEngine.from_paths("rules/", watch=True)  # reload on change
    tenant = lexgate.Policy("tenant-a", disable=["profanity"], actions={"pii.email": "flag"})
    auditor = lexgate.Auditor(lexgate.AuditKey.from_file("audit.key"))  # openssl rand -hex 32

    result = rules.scan(text, policy=tenant)
    for record in auditor.records(result, engine=rules.engine, policy=tenant):
        print(json.dumps(record))            # rule, category, action, span, HMAC: never the text


def typed_streams() -> None:
    """Generic streams: the types follow the deltas."""
    engine = lexgate.Engine.default()
    text_stream: lexgate.Stream[str] = engine.stream()
    safe_text: str = text_stream.feed("电话") + text_stream.finish()
    byte_stream: lexgate.Stream[bytes] = engine.stream(bytes)
    safe_bytes: bytes = byte_stream.feed(b"abc") + byte_stream.finish()
    guard: lexgate.Guard[bytes] = engine.guard([b"a", b"b"])
    matches: list[lexgate.Match[bytes]] = guard.matches
    print(safe_text, safe_bytes, matches, [r.keywords for r in engine.rules],
          lexgate.taxonomy()["pii.phone"].zh)


def report_section() -> None:
    run = lexgate.report.make_report(["corpus.txt"], top=10)
    print(run.ok, run.report["share_hit"], run.report["by_risk"][0]["zh"])


def dask_section() -> None:
    import lexgate.dask

    summary = lexgate.dask.screen(["corpus/", "logs/*.jsonl.gz"], field="/messages/0/content")
    report = summary.to_dict()               # {"type": "screen", ...}
    print(report["by_category"], summary.exit_status)


def inventory_section() -> None:
    inv = lexgate.inventory(["rules"])       # the dict of --format json
    inv["meets"], inv["uncovered"][:3]       # (False, ['A.1.1', 'A.1.2', 'A.1.3'])
