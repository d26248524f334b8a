"""lexgate.openai behind a real server: FastAPI + uvicorn on 127.0.0.1 in
front of a fake model that streams OpenAI-style chunks split at random,
read by a real HTTP client (httpx) event by event.

Every server-sent event is checked: no sensitive span ever appears in one,
raw or JSON-escaped; a block ends the answer with finish_reason
"content_filter"; the fake model's stream is closed as soon as the answer
is blocked."""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time
from typing import Any, AsyncIterator, Dict, Iterator, List

import pytest

import lexgate
from deps import require
from lexgate.openai import SSE_DONE, ChatGuard, sse_event
from openai_fixtures import SENSITIVE, assert_clean, content_chunks, make_engine, tool_chunks

httpx = require("httpx")
fastapi = require("fastapi")
uvicorn = require("uvicorn")
from fastapi.responses import JSONResponse, StreamingResponse  # noqa: E402

ANSWERS = {
    "clean": "今天北京晴，适合户外活动。Have a nice day!",
    "mask": "您的快递员电话是13812345678，你是SB吗？what the ＦＵＣＫ 主席习 近 平。",
    "block": "好的。下面是炸弹制作的详细步骤：第一步，准备材料。" + "接下来是很长的说明。" * 30,
}
REDACTED_MASK = "您的快递员电话是[手机号]，你是**吗？what the **** 主席[X]。"
TOOL_ARGUMENTS = json.dumps({"query": "习近平 13812345678", "page": 2})


class Upstream:
    """The fake model: chunks of a scripted answer, split by a seed; it
    records how much was read and whether its stream was closed."""

    def __init__(self) -> None:
        self.closed: Dict[str, bool] = {}
        self.pulled: Dict[str, int] = {}

    def chunks(self, body: Dict[str, Any]) -> List[Dict[str, Any]]:
        rng = random.Random(body["seed"])
        if body["answer"] == "tool":
            return tool_chunks(TOOL_ARGUMENTS, rng)
        return content_chunks(ANSWERS[body["answer"]], rng)

    async def astream(self, body: Dict[str, Any]) -> AsyncIterator[Dict[str, Any]]:
        run = body["run"]
        self.closed[run], self.pulled[run] = False, 0
        try:
            for c in self.chunks(body):
                self.pulled[run] += 1
                yield c
                await asyncio.sleep(0)
        finally:
            self.closed[run] = True

    def stream(self, body: Dict[str, Any]) -> Iterator[Dict[str, Any]]:
        run = body["run"]
        self.closed[run], self.pulled[run] = False, 0
        try:
            for c in self.chunks(body):
                self.pulled[run] += 1
                yield c
        finally:
            self.closed[run] = True


def make_app(guard: ChatGuard, upstream: Upstream) -> Any:
    app = fastapi.FastAPI()

    @app.post("/v1/chat/completions")
    async def completions(request: fastapi.Request) -> Any:
        body = await request.json()
        if not body.get("stream"):
            whole = {"id": "w", "object": "chat.completion", "model": "m", "choices": [{
                "index": 0, "finish_reason": "stop",
                "message": {"role": "assistant", "content": ANSWERS[body["answer"]]}}]}
            return JSONResponse(await guard.acompletion(whole))

        async def events() -> AsyncIterator[str]:
            async for c in guard.astream(upstream.astream(body)):
                yield sse_event(c)
            yield SSE_DONE

        return StreamingResponse(events(), media_type="text/event-stream")

    @app.post("/sync/chat/completions")
    def sync_completions(body: Dict[str, Any]) -> Any:
        def events() -> Iterator[str]:  # Starlette iterates it in a thread
            for c in guard.stream(upstream.stream(body)):
                yield sse_event(c)
            yield SSE_DONE

        return StreamingResponse(events(), media_type="text/event-stream")

    return app


@pytest.fixture(scope="module")
def served() -> Iterator[Dict[str, Any]]:
    audits: List[Dict[str, Any]] = []
    guard = ChatGuard(make_engine(), refusal="[refused]",
                      auditor=lexgate.Auditor(lexgate.AuditKey(b"s" * 32)),
                      on_audit=audits.append)
    upstream = Upstream()
    config = uvicorn.Config(make_app(guard, upstream), host="127.0.0.1", port=0,
                            log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield {"url": f"http://127.0.0.1:{port}", "upstream": upstream, "audits": audits}
    server.should_exit = True
    thread.join(timeout=30)


def read_events(url: str, body: Dict[str, Any]) -> List[str]:
    """The data of every server-sent event, checked one by one."""
    events = []
    with httpx.stream("POST", url, json=body, timeout=60) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            line = line.rstrip("\r\n")
            if line.startswith("data: "):
                data = line[len("data: "):]
                assert_clean(data, SENSITIVE)
                events.append(data)
    assert events[-1] == "[DONE]"
    return events[:-1]


def content(events: List[str]) -> str:
    chunks = [json.loads(e) for e in events]
    return "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("path", ["/v1/chat/completions", "/sync/chat/completions"])
def test_streamed_answers(served: Dict[str, Any], path: str, seed: int) -> None:
    url = served["url"] + path
    upstream: Upstream = served["upstream"]
    expected = {"clean": ANSWERS["clean"], "mask": REDACTED_MASK}
    for answer, text in expected.items():
        run = f"{path}-{answer}-{seed}"
        events = read_events(url, {"stream": True, "answer": answer, "seed": seed, "run": run})
        assert content(events) == text
        assert json.loads(events[-1])["choices"][0]["finish_reason"] == "stop"
        assert upstream.closed[run]

    run = f"{path}-block-{seed}"
    events = read_events(url, {"stream": True, "answer": "block", "seed": seed, "run": run})
    last = json.loads(events[-1])["choices"][0]
    assert last["finish_reason"] == "content_filter"
    assert last["delta"] == {"content": "[refused]"}
    released = content(events)[:-len("[refused]")]
    assert ANSWERS["block"].startswith(released) and "炸弹" not in released
    # The model was stopped: closed long before its last chunk was read.
    total = len(upstream.chunks({"answer": "block", "seed": seed}))
    assert upstream.closed[run] and upstream.pulled[run] < total // 2


@pytest.mark.parametrize("seed", range(4))
def test_streamed_tool_arguments(served: Dict[str, Any], seed: int) -> None:
    events = read_events(served["url"] + "/v1/chat/completions",
                         {"stream": True, "answer": "tool", "seed": seed, "run": f"tool-{seed}"})
    arguments = "".join(
        call["function"].get("arguments") or ""
        for e in events for c in json.loads(e)["choices"]
        for call in c["delta"].get("tool_calls") or [])
    assert json.loads(arguments) == {"query": "[X] [手机号]", "page": 2}
    assert json.loads(events[-1])["choices"][0]["finish_reason"] == "tool_calls"


def test_whole_completion_and_audit(served: Dict[str, Any]) -> None:
    audits: List[Dict[str, Any]] = served["audits"]
    before = len(audits)
    response = httpx.post(served["url"] + "/v1/chat/completions",
                          json={"answer": "block"}, timeout=60).json()
    assert response["choices"][0]["finish_reason"] == "content_filter"
    assert response["choices"][0]["message"] == {"role": "assistant", "content": "[refused]"}
    response = httpx.post(served["url"] + "/v1/chat/completions",
                          json={"answer": "mask"}, timeout=60).json()
    assert response["choices"][0]["message"]["content"] == REDACTED_MASK
    new = audits[before:]
    assert [a["verdict"] for a in new] == ["block", "mask"]
    for record in audits:
        assert_clean(record, SENSITIVE)
