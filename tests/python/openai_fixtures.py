"""Shared by the lexgate.openai tests: an engine with block and mask rules,
OpenAI-style chunk and completion builders, random splits, and SDK-like
objects (the OpenAI SDK is not in Debian)."""

from __future__ import annotations

import json
import random
from typing import Any, Dict, List, Optional

import lexgate

SENSITIVE = ["13812345678", "习近平", "SB", "ＦＵＣＫ", "炸弹制作"]


def make_engine() -> lexgate.Engine:
    return (lexgate.RuleSet.from_paths(lexgate.default_rules_path())
            .add_keywords("test.leader", ["习近平"], category="A.1.1", replacement="[X]")
            .add_keywords("test.bomb", ["炸弹制作", "how to build a bomb"], category="A.1.4",
                          action="block", severity=5)
            .compile())


def random_split(text: str, rng: random.Random, largest: int = 6) -> List[str]:
    out, pos = [], 0
    while pos < len(text):
        n = rng.randint(1, largest)
        out.append(text[pos:pos + n])
        pos += n
    return out


BASE = {"id": "chatcmpl-t", "object": "chat.completion.chunk", "created": 1, "model": "m"}


def chunk(index: int = 0, finish_reason: Optional[str] = None, **delta: Any) -> Dict[str, Any]:
    return dict(BASE, choices=[{"index": index, "delta": delta, "logprobs": None,
                                "finish_reason": finish_reason}])


def content_chunks(text: str, rng: random.Random, field: str = "content",
                   index: int = 0) -> List[Dict[str, Any]]:
    out = [chunk(index, role="assistant", content="")]
    out += [chunk(index, **{field: piece}) for piece in random_split(text, rng)]
    out.append(chunk(index, finish_reason="stop"))
    return out


def tool_chunks(arguments: str, rng: random.Random, index: int = 0) -> List[Dict[str, Any]]:
    out = [chunk(index, role="assistant", content=None, tool_calls=[{
        "index": 0, "id": "call_1", "type": "function",
        "function": {"name": "search", "arguments": ""}}])]
    out += [chunk(index, tool_calls=[{"index": 0, "function": {"arguments": piece}}])
            for piece in random_split(arguments, rng)]
    out.append(chunk(index, finish_reason="tool_calls"))
    return out


def joined(chunks: List[Any], field: str = "content", index: int = 0) -> str:
    return "".join(c["choices"][0]["delta"].get(field) or "" for c in chunks
                   if c["choices"] and c["choices"][0]["index"] == index)


def joined_arguments(chunks: List[Dict[str, Any]], index: int = 0) -> str:
    out = []
    for c in chunks:
        for choice in c["choices"]:
            if choice["index"] != index:
                continue
            for call in choice["delta"].get("tool_calls") or []:
                out.append((call.get("function") or {}).get("arguments") or "")
    return "".join(out)


def completion(*messages: Dict[str, Any]) -> Dict[str, Any]:
    return {"id": "chatcmpl-w", "object": "chat.completion", "created": 1, "model": "m",
            "choices": [{"index": i, "finish_reason": "stop", "logprobs": None,
                         "message": dict({"role": "assistant"}, **m)}
                        for i, m in enumerate(messages)],
            "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}}


def assert_clean(event: Any, sensitive: List[str] = SENSITIVE) -> None:
    """No sensitive span in ``event``, raw or JSON-escaped either way."""
    text = event if isinstance(event, str) else json.dumps(event, ensure_ascii=False)
    escaped = json.dumps(event if isinstance(event, str) else text)
    for s in sensitive:
        assert s not in text, (s, text)
        assert json.dumps(s)[1:-1] not in escaped, (s, text)


class SdkModel:
    """Like the OpenAI SDK's pydantic models: attributes, model_dump(),
    model_validate(); nested dicts become SdkModel too."""

    def __init__(self, **fields: Any) -> None:
        for key, value in fields.items():
            setattr(self, key, self._wrap(value))
        self._set = set(fields)

    @classmethod
    def _wrap(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return SdkModel(**value)
        if isinstance(value, list):
            return [cls._wrap(v) for v in value]
        return value

    def model_dump(self, exclude_unset: bool = False) -> Dict[str, Any]:
        def dump(value: Any) -> Any:
            if isinstance(value, SdkModel):
                return value.model_dump(exclude_unset)
            if isinstance(value, list):
                return [dump(v) for v in value]
            return value
        return {k: dump(getattr(self, k)) for k in self._set}

    @classmethod
    def model_validate(cls, data: Dict[str, Any]) -> "SdkModel":
        return cls(**data)
