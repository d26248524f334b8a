"""Filter chatbot answers in OpenAI chat-completion format with lexgate.

A service sits between the model and the user and calls one of:

    filter_completion(completion)   # a chat.completion dict
    filter_stream(chunks)           # chat.completion.chunk dicts, as streamed

Each assistant answer is scanned once: a "block" verdict replaces the whole
answer by a refusal (finish_reason "content_filter", as OpenAI reports its
own filter); "mask" verdicts mask the offending spans (phone numbers, ID and
card numbers, e-mail addresses, profanity …); "flag" matches pass unchanged
but are reported to `on_result` (for logs and metrics).

filter_stream() guards each streamed answer with engine.stream(): content
is released as soon as no rule can still match it, already masked, so a
phrase split across deltas is never shown; a block verdict ends the
answer with the refusal.

Run it:  python3 examples/python/filter_chat.py --demo
         python3 examples/python/filter_chat.py < completion.json
"""

from __future__ import annotations

import copy
import json
import sys
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Tuple

import lexgate

REFUSAL = "抱歉，这个回答无法显示。Sorry, this answer cannot be shown."

# Called with (choice index, the answer's text, its ScanResult).
OnResult = Callable[[int, str, lexgate.ScanResult], None]


class ChatFilter:
    """Filters assistant messages. One instance (and one engine) serves every
    request and thread: the engine is immutable and scans without the GIL."""

    def __init__(self, engine: Optional[lexgate.Engine] = None,
                 refusal: str = REFUSAL,
                 on_result: Optional[OnResult] = None) -> None:
        self.engine = engine if engine is not None else lexgate.Engine.default()
        self.refusal = refusal
        self.on_result = on_result

    def filter_text(self, text: str, index: int = 0) -> Tuple[str, bool]:
        """(text to show, blocked?) for one answer."""
        result = self.engine.scan(text)
        if self.on_result is not None:
            self.on_result(index, text, result)
        if result.blocked:
            return self.refusal, True
        if result:
            return self.engine.redact(text, result), False  # no second scan
        return text, False

    def filter_completion(self, completion: Dict[str, Any]) -> Dict[str, Any]:
        """A copy of a chat.completion dict with every choice's message
        content filtered. The input is left untouched."""
        out = copy.deepcopy(completion)
        for choice in out.get("choices", []):
            message = choice.get("message") or {}
            content = message.get("content")
            index = choice.get("index", 0)
            if isinstance(content, str):
                message["content"], blocked = self.filter_text(content, index)
            elif isinstance(content, list):  # content parts
                blocked = False
                for part in content:
                    if part.get("type") == "text" and isinstance(part.get("text"), str):
                        part["text"], part_blocked = self.filter_text(part["text"], index)
                        blocked = blocked or part_blocked
                if blocked:
                    message["content"] = self.refusal
            else:
                continue  # e.g. tool calls only
            if blocked:
                choice["finish_reason"] = "content_filter"
        return out

    def filter_stream(self, chunks: Iterable[Dict[str, Any]]) -> Iterator[Dict[str, Any]]:
        """Filter a streamed answer (chat.completion.chunk dicts) as it
        streams.

        Each choice gets a lexgate stream guard. A content delta is replaced
        by what the guard releases (a chunk left with nothing to say is
        dropped); the chunk carrying a choice's finish_reason also carries
        the held-back rest. Once a block rule fires, the choice gets the
        refusal, its further content is dropped and its finish_reason
        becomes "content_filter". Text released before the block stays
        released: the guard only ever released text no rule could still
        cover.
        """
        guards: Dict[int, lexgate.Stream] = {}
        last: Dict[str, Any] = {"object": "chat.completion.chunk"}
        texts: Dict[int, List[str]] = {}  # for on_result
        refused: Dict[int, bool] = {}

        def guard(index: int) -> lexgate.Stream:
            if index not in guards:
                guards[index] = self.engine.stream()
                texts[index] = []
                refused[index] = False
            return guards[index]

        def report(index: int) -> None:
            if self.on_result is not None:
                stream = guards[index]
                self.on_result(index, "".join(texts[index]),
                               lexgate.ScanResult(stream.verdict, stream.matches))

        for chunk in chunks:
            chunk = copy.deepcopy(chunk)
            choices = []
            for choice in chunk.get("choices", []):
                index = choice.get("index", 0)
                delta = choice.get("delta") or {}
                content = delta.get("content")
                released = ""
                if isinstance(content, str):
                    stream = guard(index)
                    texts[index].append(content)
                    released = stream.feed(content)
                if choice.get("finish_reason") and index in guards:
                    released += guards[index].finish()
                stream = guards.get(index)
                if stream is not None and stream.blocked and not refused[index]:
                    refused[index] = True
                    released = self.refusal
                    report(index)
                elif stream is not None and stream.blocked:
                    released = ""
                if "content" in delta or released:
                    if released:
                        delta["content"] = released
                    else:
                        delta.pop("content", None)
                    choice["delta"] = delta
                if choice.get("finish_reason") and index in guards:
                    if refused[index]:
                        choice["finish_reason"] = "content_filter"
                    else:
                        report(index)
                if delta or choice.get("finish_reason") or choice.get("logprobs"):
                    choices.append(choice)
            if choices or not chunk.get("choices"):  # keep usage-only chunks
                chunk["choices"] = choices
                yield chunk
            last = chunk

        # A choice that never got a finish_reason still gets its rest.
        for index, stream in guards.items():
            if stream.finished or stream.blocked:
                continue
            rest = stream.finish()
            report(index)
            if rest:
                tail = {k: v for k, v in last.items() if k not in ("choices", "usage")}
                tail["choices"] = [{"index": index, "delta": {"content": rest},
                                    "finish_reason": None}]
                yield tail


def _demo() -> Dict[str, Any]:
    return {
        "id": "chatcmpl-demo",
        "object": "chat.completion",
        "model": "demo",
        "choices": [
            {"index": 0, "finish_reason": "stop",
             "message": {"role": "assistant",
                         "content": "您的快递员电话是13812345678，What the ＦＵＣＫ？"}},
            {"index": 1, "finish_reason": "stop",
             "message": {"role": "assistant", "content": "今天北京晴，适合户外活动。"}},
        ],
    }


def main(argv: List[str]) -> int:
    data = "" if "--demo" in argv or sys.stdin.isatty() else sys.stdin.read()
    completion = json.loads(data) if data.strip() else _demo()
    verdicts = []
    chat_filter = ChatFilter(on_result=lambda i, _t, r: verdicts.append((i, r.verdict)))
    json.dump(chat_filter.filter_completion(completion), sys.stdout, ensure_ascii=False, indent=2)
    print(flush=True)
    for index, verdict in verdicts:
        print(f"choice {index}: {verdict}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
