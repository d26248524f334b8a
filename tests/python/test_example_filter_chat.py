"""examples/python/filter_chat.py: the whole-completion demo, and its
streaming endpoint run for real (uvicorn on 127.0.0.1) and read with httpx."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

import lexgate
from deps import require

httpx = require("httpx")
require("fastapi")
require("uvicorn")

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "python" / "filter_chat.py"


def example_env(**extra: str) -> Dict[str, str]:
    env = dict(os.environ)
    package_parent = str(Path(lexgate.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def test_demo_guards_content_and_tool_arguments(repo: Path, tmp_path: Path) -> None:
    key = tmp_path / "audit.key"
    key.write_text("ab" * 32 + "\n")
    demo = subprocess.run([sys.executable, str(EXAMPLE), "--demo"],
                          env=example_env(LEXGATE_AUDIT_KEY_FILE=str(key)), cwd=repo,
                          capture_output=True, text=True, check=True, timeout=120)
    out = json.loads(demo.stdout)
    first, second = out["choices"]
    assert first["message"]["content"] == "您的快递员电话是[手机号]，What the ****？"
    arguments = json.loads(second["message"]["tool_calls"][0]["function"]["arguments"])
    assert arguments == {"to": "[手机号]", "text": "hi"}
    # One audit record for the response, on stderr, without the texts.
    audit = json.loads(demo.stderr.strip().splitlines()[-1])
    assert audit["type"] == "audit.response" and audit["verdict"] == "mask"
    assert {(r["choice"], r["field"]) for r in audit["records"]} == {
        (0, "content"), (1, "tool_calls[0].function.arguments")}
    assert "13812345678" not in demo.stderr and "ＦＵＣＫ" not in demo.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def example_server() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, str(EXAMPLE), "--serve", "--port", str(port)],
                               env=example_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the example server did not start: {process.stderr}")
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def read_sse(response: Any) -> List[str]:
    """The data of each event (httpx 0.23's iter_lines() keeps line ends)."""
    lines = (line.rstrip("\r\n") for line in response.iter_lines())
    return [line[len("data: "):] for line in lines if line.startswith("data: ")]


def test_served_stream_is_masked(example_server: str) -> None:
    body = {"stream": True, "messages": [{"role": "user", "content": "我的电话 13912345678"}]}
    with httpx.stream("POST", f"{example_server}/v1/chat/completions", json=body,
                      timeout=60) as response:
        assert response.status_code == 200
        events = read_sse(response)
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text == "You said: 我的电话 [手机号]. Call me on [手机号]!"
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    for event in events:
        assert "1391234" not in event and "1381234" not in event
