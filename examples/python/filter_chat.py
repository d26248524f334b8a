"""Filter chatbot answers in OpenAI chat-completion format with lexgate.

The work is done by lexgate.openai (installed with the package); this
example shows the two ways a service uses it:

    python3 examples/python/filter_chat.py --demo            # a whole completion
    python3 examples/python/filter_chat.py < completion.json
    python3 examples/python/filter_chat.py --serve [--port 8000]
        # an OpenAI-compatible streaming endpoint (FastAPI + uvicorn) in
        # front of a fake model, on 127.0.0.1:
        #   curl -N localhost:8000/v1/chat/completions \\
        #        -d '{"stream": true, "messages": [{"role": "user", "content": "hi"}]}'

A "block" verdict ends a choice with the refusal and finish_reason
"content_filter" (as OpenAI reports its own filter); "mask" verdicts mask
the offending spans (phone numbers, ID and card numbers, e-mail addresses,
profanity …) in content, reasoning_content, refusal and tool-call
arguments; "flag" matches pass unchanged. With LEXGATE_AUDIT_KEY_FILE set,
one audit record per response (never the matched text) goes to stderr.
"""

# No `from __future__ import annotations`: FastAPI reads the endpoint's
# annotations, and Request is imported inside serve().
import argparse
import asyncio
import json
import logging
import os
import random
import sys
from typing import Any, AsyncIterator, Dict, List, Optional

import lexgate
from lexgate.openai import SSE_DONE, ChatGuard, sse_event

REFUSAL = "抱歉，这个回答无法显示。Sorry, this answer cannot be shown."


def make_guard(engine: Optional[lexgate.Engine] = None) -> ChatGuard:
    """A ChatGuard with the shipped packs, auditing when a key is given."""
    auditor = None
    key_file = os.environ.get("LEXGATE_AUDIT_KEY_FILE")
    if key_file:
        auditor = lexgate.Auditor(lexgate.AuditKey.from_file(key_file))
    return ChatGuard(engine or lexgate.Engine.default(), refusal=REFUSAL, auditor=auditor)


def demo_completion() -> Dict[str, Any]:
    return {
        "id": "chatcmpl-demo",
        "object": "chat.completion",
        "model": "demo",
        "choices": [
            {"index": 0, "finish_reason": "stop",
             "message": {"role": "assistant",
                         "content": "您的快递员电话是13812345678，What the ＦＵＣＫ？"}},
            {"index": 1, "finish_reason": "tool_calls",
             "message": {"role": "assistant", "content": None,
                         "tool_calls": [{"id": "call_1", "type": "function", "function": {
                             "name": "send_sms",
                             "arguments": '{"to": "138\\u00a01234\\u00a05678", "text": "hi"}'}}]}},
        ],
    }


async def fake_model(answer: str, seed: int) -> AsyncIterator[Dict[str, Any]]:
    """An OpenAI-style chunk stream of ``answer``, split at random."""
    rng = random.Random(seed)
    base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0,
            "model": "fake"}
    yield dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "content": ""},
                               "finish_reason": None}])
    pos = 0
    while pos < len(answer):
        size = rng.randint(1, 6)
        yield dict(base, choices=[{"index": 0, "delta": {"content": answer[pos:pos + size]},
                                   "finish_reason": None}])
        pos += size
        await asyncio.sleep(0)
    yield dict(base, choices=[{"index": 0, "delta": {}, "finish_reason": "stop"}])


def serve(port: int) -> None:  # pragma: no cover - interactive
    import uvicorn  # type: ignore[import]  # uvicorn 0.17 ships no type information
    from fastapi import FastAPI, Request
    from fastapi.responses import StreamingResponse

    app = FastAPI()
    guard = make_guard()

    @app.post("/v1/chat/completions")
    async def completions(request: Request) -> StreamingResponse:
        body = await request.json()
        prompt = str(body.get("messages", [{}])[-1].get("content", ""))
        answer = f"You said: {prompt}. Call me on 13812345678!"

        async def events() -> AsyncIterator[str]:
            async for chunk in guard.astream(fake_model(answer, seed=len(prompt))):
                yield sse_event(chunk)
            yield SSE_DONE

        return StreamingResponse(events(), media_type="text/event-stream")

    uvicorn.run(app, host="127.0.0.1", port=port)


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--demo", action="store_true", help="filter a built-in completion")
    parser.add_argument("--serve", action="store_true", help="run the streaming endpoint")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
    if args.serve:
        serve(args.port)
        return 0
    data = "" if args.demo or sys.stdin.isatty() else sys.stdin.read()
    completion = json.loads(data) if data.strip() else demo_completion()
    json.dump(make_guard().completion(completion), sys.stdout, ensure_ascii=False, indent=2)
    print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
