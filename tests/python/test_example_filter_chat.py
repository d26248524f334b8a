"""examples/python/filter_chat.py: filtering OpenAI-style chat completions,
whole and streamed."""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

import lexgate

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "python" / "filter_chat.py"


@pytest.fixture(scope="module")
def filter_chat():
    spec = importlib.util.spec_from_file_location("filter_chat", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def completion(*contents: Any) -> Dict[str, Any]:
    return {
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "m",
        "choices": [{"index": i, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": c}}
                    for i, c in enumerate(contents)],
        "usage": {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12},
    }


def chunks(text: str, size: int, index: int = 0) -> List[Dict[str, Any]]:
    base = {"id": "chatcmpl-2", "object": "chat.completion.chunk", "created": 1, "model": "m"}
    out = [dict(base, choices=[{"index": index, "delta": {"role": "assistant"},
                                "finish_reason": None}])]
    for i in range(0, len(text), size):
        out.append(dict(base, choices=[{"index": index, "delta": {"content": text[i:i + size]},
                                        "finish_reason": None}]))
    out.append(dict(base, choices=[{"index": index, "delta": {}, "finish_reason": "stop"}]))
    return out


def streamed_text(stream: List[Dict[str, Any]], index: int = 0) -> str:
    return "".join(c["delta"].get("content", "") for chunk in stream
                   for c in chunk["choices"] if c["index"] == index)


def test_filter_completion(filter_chat) -> None:
    seen = []
    chat_filter = filter_chat.ChatFilter(on_result=lambda i, t, r: seen.append((i, r.verdict)))
    original = completion("电话13812345678, what the ＦＵＣＫ", "今天北京晴。", None)
    before = copy.deepcopy(original)
    filtered = chat_filter.filter_completion(original)
    assert original == before  # not modified in place
    contents = [c["message"]["content"] for c in filtered["choices"]]
    assert contents == ["电话[手机号], what the ****", "今天北京晴。", None]
    assert [c["finish_reason"] for c in filtered["choices"]] == ["stop"] * 3
    assert filtered["usage"] == original["usage"]
    assert seen == [(0, "mask"), (1, "allow")]


def test_blocked_answer_is_refused() -> None:
    spec = importlib.util.spec_from_file_location("filter_chat_b", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    engine = (lexgate.RuleSet.from_paths(lexgate.default_rules_path())
              .add_keywords("violence.weapons", "how to build a bomb", category="violence",
                            action="block", severity=5)
              .compile())
    chat_filter = module.ChatFilter(engine, refusal="[refused]")
    filtered = chat_filter.filter_completion(completion("Here is how to build a bomb: ..."))
    choice = filtered["choices"][0]
    assert choice["message"]["content"] == "[refused]"
    assert choice["finish_reason"] == "content_filter"

    stream = list(chat_filter.filter_stream(chunks("Sure! How to build a BOMB: step 1", 3)))
    # What was decided clean before the blocking phrase may already be out;
    # nothing of the phrase or after it ever is.
    text = streamed_text(stream)
    assert text.endswith("[refused]")
    assert "Sure! How to build a BOMB: step 1".startswith(text[: -len("[refused]")])
    assert "BOMB" not in text and "step" not in text
    assert stream[-1]["choices"][0]["finish_reason"] == "content_filter"


def test_content_parts(filter_chat) -> None:
    original = completion([{"type": "text", "text": "call 13812345678"},
                           {"type": "image_url", "image_url": {"url": "x"}}])
    filtered = filter_chat.ChatFilter().filter_completion(original)
    parts = filtered["choices"][0]["message"]["content"]
    assert parts[0] == {"type": "text", "text": "call [手机号]"}
    assert parts[1] == original["choices"][0]["message"]["content"][1]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 100])
def test_filter_stream_matches_whole_answer(filter_chat, size: int) -> None:
    # Keywords and numbers split over several deltas are still caught.
    text = "您的快递员电话是13812345678，你是SB吗？ f.u.c.k 😀 ok"
    chat_filter = filter_chat.ChatFilter()
    stream = list(chat_filter.filter_stream(chunks(text, size)))
    assert streamed_text(stream) == chat_filter.engine.redact(text)
    assert stream[0]["choices"][0]["delta"] == {"role": "assistant"}
    assert stream[-1]["choices"][0]["finish_reason"] == "stop"
    assert all(chunk["object"] == "chat.completion.chunk" for chunk in stream)


def test_filter_stream_with_two_choices_and_usage(filter_chat) -> None:
    a, b = chunks("fuck this", 2, index=0), chunks("clean text", 4, index=1)
    interleaved = [x for pair in zip(a, b) for x in pair] + a[len(b):] + b[len(a):]
    interleaved.append({"id": "chatcmpl-2", "object": "chat.completion.chunk",
                        "choices": [], "usage": {"total_tokens": 9}})
    stream = list(filter_chat.ChatFilter().filter_stream(interleaved))
    assert streamed_text(stream, 0) == "**** this"
    assert streamed_text(stream, 1) == "clean text"
    assert stream[-1]["usage"] == {"total_tokens": 9}


def test_script_runs(repo: Path) -> None:
    env = dict(os.environ)
    package_parent = str(Path(lexgate.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH")]))
    demo = subprocess.run([sys.executable, str(EXAMPLE), "--demo"], env=env, cwd=repo,
                          capture_output=True, text=True, check=True, timeout=120)
    out = json.loads(demo.stdout)
    assert out["choices"][0]["message"]["content"] == "您的快递员电话是[手机号]，What the ****？"
    assert "choice 0: mask" in demo.stderr
    piped = subprocess.run([sys.executable, str(EXAMPLE)], env=env, cwd=repo,
                           input=json.dumps(completion("kiss my ass")), capture_output=True,
                           text=True, check=True, timeout=120)
    assert json.loads(piped.stdout)["choices"][0]["message"]["content"] == "kiss my ***"
