"""One choice of a chat completion, guarded field by field: streamed
(StreamedChoice, one per choice index of a chunk stream) or whole
(guard_message, for a non-streamed response's message)."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from lexgate.openai._fields import Finding, JsonField, SinkFactory, TextField

__all__ = ["FieldSinks", "StreamedChoice", "guard_message"]

#: Plain-text fields of a delta or message, each guarded as its own text.
TEXT_FIELDS = ("content", "reasoning_content", "refusal")
#: The finish_reason of a choice that a block ended.
CONTENT_FILTER = "content_filter"
_ORDER = ("allow", "flag", "mask", "block")

Field = Union[TextField, JsonField]


class FieldSinks:
    """Makes the fields of one response: ``text`` the sink of a plain-text
    field or a JSON string, ``whole`` the one that scans a text at once."""

    def __init__(self, text: SinkFactory, whole: SinkFactory) -> None:
        self.text = text
        self.whole = whole

    def text_field(self, name: str) -> TextField:
        return TextField(name, self.text())

    def json_field(self, name: str) -> JsonField:
        return JsonField(name, self.text, self.whole)


def strongest(verdicts: List[str]) -> str:
    return max(verdicts, key=_ORDER.index, default="allow")


class StreamedChoice:
    """The state of one choice across the chunks of a stream."""

    def __init__(self, index: Any, sinks: FieldSinks, refusal: Optional[str]) -> None:
        self.index = index
        self.ended = False
        self.blocked = False
        self.finish_reason: Optional[str] = None
        self._sinks = sinks
        self._refusal = refusal
        # name -> (field, where its text goes: ("text", key) | ("tool", index)
        # | ("function_call", None)), in the order the fields appeared.
        self._fields: Dict[str, Tuple[Field, Tuple[str, Any]]] = {}

    def process(self, choice: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """The choice to send for this chunk's ``choice``, or None to send
        nothing."""
        if self.ended:
            return None
        if choice.get("message") is not None:
            raise TypeError("lexgate.openai cannot guard a streamed choice that carries a "
                            "whole 'message' (only a 'delta')")
        delta = choice.get("delta")
        out_delta: Dict[str, Any] = {}
        meaningful = False
        if isinstance(delta, dict):
            for key, value in delta.items():
                if key in TEXT_FIELDS and isinstance(value, str):
                    out_delta[key] = self._field(key, ("text", key)).feed(value)
                    meaningful = meaningful or bool(out_delta[key])
                elif key in TEXT_FIELDS and isinstance(value, list):  # content parts
                    field = self._field(key, ("text", key))
                    out_delta[key] = [_feed_part(field.feed, part) for part in value]
                    meaningful = meaningful or any(_part_meaningful(p) for p in out_delta[key])
                elif key in TEXT_FIELDS and value is not None:
                    raise TypeError(f"lexgate.openai cannot guard a delta's {key!r} given as "
                                    f"{type(value).__name__} (str or a list of content parts)")
                elif key == "tool_calls" and isinstance(value, list):
                    calls = [self._tool_call(position, call) for position, call in enumerate(value)]
                    calls = [c for c in calls if _call_meaningful(c)]
                    if calls:
                        out_delta[key], meaningful = calls, True
                elif key == "function_call" and isinstance(value, dict):
                    call = self._function_call(value)
                    if _call_meaningful(call):
                        out_delta[key], meaningful = call, True
                elif key in ("tool_calls", "function_call") and value is not None:
                    raise TypeError(f"lexgate.openai cannot guard a delta's {key!r} given as "
                                    f"{type(value).__name__}")
                else:
                    out_delta[key] = value
                    meaningful = meaningful or value is not None
            if self._any_blocked():
                return self.end_blocked(choice)
        finish_reason = choice.get("finish_reason")
        if finish_reason is not None:
            self._finish_into(out_delta)
            if self._any_blocked():
                return self.end_blocked(choice)
            self.ended, self.finish_reason, meaningful = True, finish_reason, True
        if not meaningful:
            return None
        out = dict(choice)
        out["delta"] = out_delta
        if out.get("logprobs") is not None:
            # Its tokens repeat the text as the model wrote it, before the
            # guard masked (or held back) any of it.
            out["logprobs"] = None
        return out

    def close(self) -> Optional[Dict[str, Any]]:
        """The upstream ended without this choice's finish_reason: the
        held-back rest (or the block) as a last choice, if any."""
        if self.ended:
            return None
        out_delta: Dict[str, Any] = {}
        self._finish_into(out_delta)
        if self._any_blocked():
            return self.end_blocked({"index": self.index})
        self.ended = True
        if not out_delta:
            return None
        return {"index": self.index, "delta": out_delta, "finish_reason": None}

    def end_blocked(self, choice: Dict[str, Any]) -> Dict[str, Any]:
        """The last choice of a blocked answer: the refusal text (if any)
        and finish_reason "content_filter"."""
        self.ended = self.blocked = True
        self.finish_reason = CONTENT_FILTER
        out = {k: v for k, v in choice.items() if k not in ("delta", "finish_reason")}
        out["index"] = self.index
        out["delta"] = {"content": self._refusal} if self._refusal is not None else {}
        if "logprobs" in out:
            out["logprobs"] = None
        out["finish_reason"] = CONTENT_FILTER
        return out

    @property
    def verdict(self) -> str:
        if self.blocked:
            return "block"
        return strongest([field.verdict for field, _ in self._fields.values()])

    def findings(self) -> List[Finding]:
        return [f for field, _ in self._fields.values() for f in field.findings()]

    # --- internals ----------------------------------------------------------

    def _field(self, name: str, where: Tuple[str, Any], json: bool = False) -> Field:
        entry = self._fields.get(name)
        if entry is None:
            field: Field = (self._sinks.json_field(name) if json
                            else self._sinks.text_field(name))
            entry = self._fields[name] = (field, where)
        return entry[0]

    def _any_blocked(self) -> bool:
        return any(field.blocked for field, _ in self._fields.values())

    def _tool_call(self, position: int, call: Any) -> Any:
        _check_call(call, "tool_calls[]")
        index = call.get("index", position)
        function = call.get("function")
        if isinstance(function, dict) and function.get("arguments") is not None:
            name = f"tool_calls[{index}].function.arguments"
            field = self._field(name, ("tool", index), json=True)
            arguments = field.feed(_arguments_text(function["arguments"], name))
            call = dict(call, function=dict(function, arguments=arguments))
        return call

    def _function_call(self, call: Dict[str, Any]) -> Dict[str, Any]:
        if call.get("arguments") is not None:
            name = "function_call.arguments"
            field = self._field(name, ("function_call", None), json=True)
            call = dict(call, arguments=field.feed(_arguments_text(call["arguments"], name)))
        return call

    def _finish_into(self, out_delta: Dict[str, Any]) -> None:
        """Finishes every field; their held-back rests go into ``out_delta``."""
        for field, (kind, key) in self._fields.values():
            rest = field.finish()
            if field.blocked:
                return
            if not rest:
                continue
            if kind == "text":
                sent = out_delta.get(key)
                if isinstance(sent, list):  # content parts: the rest as one more
                    sent.append({"type": "text", "text": rest})
                else:
                    out_delta[key] = (sent or "") + rest
            elif kind == "tool":
                calls = out_delta.setdefault("tool_calls", [])
                entry = next((c for c in calls if isinstance(c, dict) and c.get("index") == key),
                             None)
                if entry is None:
                    entry = {"index": key, "function": {"arguments": ""}}
                    calls.append(entry)
                function = dict(entry.get("function") or {})
                function["arguments"] = (function.get("arguments") or "") + rest
                entry["function"] = function
            else:
                call = dict(out_delta.get("function_call") or {})
                call["arguments"] = (call.get("arguments") or "") + rest
                out_delta["function_call"] = call


#: The content part types that carry text, and the key that holds it.
TEXT_PARTS = {"text": "text", "output_text": "text", "input_text": "text",
              "refusal": "refusal"}


def _feed_part(feed: Callable[[str], str], part: Any) -> Any:
    """A content part: the text of a part that carries text goes through
    ``feed`` (a stream's: what comes out is what it releases); other parts
    (an image, audio) are passed on."""
    key = _text_key(part)
    if key is None:
        return part
    text = part.get(key)
    if isinstance(text, str):
        return dict(part, **{key: feed(text)})
    if text is not None:
        raise TypeError(f"lexgate.openai cannot guard a {part.get('type')!r} part whose "
                        f"{key} is {type(text).__name__}")
    return part


def _part_meaningful(part: Any) -> bool:
    key = _text_key(part)
    return key is None or bool(part.get(key))


def _text_key(part: Any) -> Optional[str]:
    """The key of a content part's text; None for a part without text."""
    kind = part.get("type") if isinstance(part, dict) else None
    return TEXT_PARTS.get(kind) if isinstance(kind, str) else None


def _arguments_text(arguments: Any, name: str) -> str:
    """Call arguments as the JSON text they stand for: a string as it is,
    arguments given decoded (a dict, a list) as JSON, so that their strings
    are guarded too instead of passing unread."""
    if isinstance(arguments, str):
        return arguments
    if isinstance(arguments, (dict, list)):
        return json.dumps(arguments, ensure_ascii=False)
    raise TypeError(f"lexgate.openai cannot guard {name} given as {type(arguments).__name__}")


def _check_call(call: Any, name: str) -> None:
    """A TypeError for a tool call of a shape the guard cannot read."""
    if not isinstance(call, dict):
        raise TypeError(f"lexgate.openai cannot guard a {name} entry given as "
                        f"{type(call).__name__}")
    function = call.get("function")
    if function is not None and not isinstance(function, dict):
        raise TypeError(f"lexgate.openai cannot guard a {name} function given as "
                        f"{type(function).__name__}")


def _call_meaningful(call: Any) -> bool:
    """False for a tool/function call entry that carries nothing (its
    arguments were all held back)."""
    if not isinstance(call, dict):
        return True
    if call.get("id") or call.get("type") or call.get("name"):
        return True
    function = call.get("function")
    if isinstance(function, dict):
        return bool(function.get("name") or function.get("arguments"))
    return bool(call.get("arguments"))


def guard_message(choice: Dict[str, Any], sinks: FieldSinks,
                  refusal: Optional[str]) -> Tuple[Dict[str, Any], str, List[Finding]]:
    """A non-streamed choice guarded: (the choice to send, its verdict, its
    findings). Every text of its message is guarded on its own."""
    message = choice.get("message")
    if message is None:
        return choice, "allow", []
    if not isinstance(message, dict):
        raise TypeError(f"lexgate.openai cannot read a message of type {type(message).__name__}")
    fields: List[Field] = []

    def guard(name: str, text: str, json: bool = False) -> str:
        field: Field = sinks.json_field(name) if json else sinks.text_field(name)
        fields.append(field)
        return field.feed(text) + field.finish()

    out = dict(message)
    for key in TEXT_FIELDS:
        value = message.get(key)
        if isinstance(value, str):
            out[key] = guard(key, value)
        elif isinstance(value, list):  # content parts
            out[key] = [_guard_part(f"{key}[{i}].text", part, guard)
                        for i, part in enumerate(value)]
        elif value is not None:
            raise TypeError(f"lexgate.openai cannot guard a message's {key!r} given as "
                            f"{type(value).__name__} (str or a list of content parts)")
    calls = message.get("tool_calls")
    if isinstance(calls, list):
        out["tool_calls"] = [_guard_call(f"tool_calls[{i}].function", call, guard)
                             for i, call in enumerate(calls)]
    elif calls is not None:
        raise TypeError(f"lexgate.openai cannot guard a message's 'tool_calls' given as "
                        f"{type(calls).__name__}")
    function_call = message.get("function_call")
    if isinstance(function_call, dict):
        out["function_call"] = _guard_call("function_call", {"function": function_call},
                                           guard)["function"]
    elif function_call is not None:
        raise TypeError(f"lexgate.openai cannot guard a message's 'function_call' given as "
                        f"{type(function_call).__name__}")
    findings = [f for field in fields for f in field.findings()]
    if any(field.blocked for field in fields):
        blocked = {k: v for k, v in choice.items() if k != "message"}
        blocked["message"] = {"role": message.get("role", "assistant"), "content": refusal}
        blocked["finish_reason"] = CONTENT_FILTER
        if blocked.get("logprobs") is not None:
            blocked["logprobs"] = None
        return blocked, "block", findings
    verdict = strongest([f.verdict for f in fields])
    guarded = dict(choice, message=out)
    if verdict == "mask" and guarded.get("logprobs") is not None:
        # Its tokens repeat the text as the model wrote it, unmasked.
        guarded["logprobs"] = None
    return guarded, verdict, findings


def _guard_part(name: str, part: Any, guard: Callable[[str, str], str]) -> Any:
    return _feed_part(lambda text: guard(name, text), part)


def _guard_call(name: str, call: Any, guard: Callable[..., str]) -> Any:
    _check_call(call, name)
    function = call.get("function")
    if isinstance(function, dict) and function.get("arguments") is not None:
        given = function["arguments"]
        arguments: Any = guard(f"{name}.arguments",
                               _arguments_text(given, f"{name}.arguments"), json=True)
        if not isinstance(given, str):
            # Given decoded, given back decoded: masking keeps JSON valid
            # (a blocked field's text is not JSON, but its choice is
            # replaced by the refusal anyway).
            try:
                arguments = json.loads(arguments)
            except ValueError:
                pass
        return dict(call, function=dict(function, arguments=arguments))
    return call
