"""The guarded fields of a chat completion: plain text (content,
reasoning_content, refusal) and JSON text (tool-call arguments).

A field is fed the pieces of its text as they stream (or the whole text at
once) and returns what is safe to emit. Plain text goes through a
lexgate.Stream (streamed) or scan + redact (whole). JSON text is decoded as
it arrives: each string (key or value) is decoded (escapes included, so
``\\u4e60`` cannot evade) and guarded as its own text, then encoded again;
numbers and literals are scanned whole, and so is text that is not JSON:
bare tokens separated only by whitespace (which valid JSON never has:
"138 1234 5678", a phrase) are one text up to the next structure character
or quote, so that nothing can be split; the structure passes through. The
output is valid JSON whenever the input is (a number that must be masked
becomes a JSON string).
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, List, NamedTuple, Optional, Protocol

from lexgate._core import Match

__all__ = ["Finding", "JsonField", "Sink", "SinkFactory", "TextField"]


class Finding(NamedTuple):
    """The matches of one guarded text, for audit records: ``field`` names
    it ("content", "tool_calls[0].function.arguments"), ``path`` is the JSON
    pointer of the string inside JSON text (None for plain text), and the
    matches' offsets are code points of that (decoded) text."""

    field: str
    path: Optional[str]
    matches: List["Match[str]"]


class Sink(Protocol):
    """One guarded text."""

    def feed(self, text: str) -> str: ...
    def finish(self) -> str: ...
    @property
    def blocked(self) -> bool: ...
    @property
    def verdict(self) -> str: ...
    @property
    def matches(self) -> List["Match[str]"]: ...


SinkFactory = Callable[[], Sink]


class TextField:
    """Plain text: one sink."""

    def __init__(self, name: str, sink: Sink) -> None:
        self.name = name
        self._sink = sink
        self._finished = False

    def feed(self, text: str) -> str:
        return self._sink.feed(text)

    def finish(self) -> str:
        if self._finished:
            return ""
        self._finished = True
        return self._sink.finish()

    @property
    def blocked(self) -> bool:
        return self._sink.blocked

    @property
    def verdict(self) -> str:
        return self._sink.verdict

    def findings(self) -> List[Finding]:
        matches = self._sink.matches
        return [Finding(self.name, None, matches)] if matches else []


# Tokenizer states.
_OUT, _STRING, _ESCAPE, _UNICODE = range(4)
_STRUCTURE = set("{}[]:,")
_WHITESPACE = set(" \t\r\n")
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f",
                   "n": "\n", "r": "\r", "t": "\t"}
_JSON_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")
#: A bare run (a number, a literal, or text that is not JSON) is screened
#: whole up to this many characters; a longer one goes on as a stream (what
#: is safe is released, what a match may still cover is held): never cut,
#: so that no match across a cut passes.
MAX_BARE_TOKEN = 64 * 1024
#: Arrays and objects may nest this deep: deeper is a ValueError (each
#: string's JSON pointer is read from the nesting, and a model could open
#: brackets without end).
MAX_DEPTH = 512


def _encode(text: str) -> str:
    """``text`` as the inside of a JSON string."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def _pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class _Frame:
    __slots__ = ("is_object", "expect_key", "key", "index")

    def __init__(self, is_object: bool) -> None:
        self.is_object = is_object
        self.expect_key = is_object
        self.key: Optional[str] = None  # as emitted (already guarded)
        self.index = 0


class JsonField:
    """JSON text (tool-call arguments), streamed or whole; see the module
    comment. ``new_sink`` makes the sink of one string, ``whole_sink`` the
    one that scans a bare token at once."""

    def __init__(self, name: str, new_sink: SinkFactory, whole_sink: SinkFactory) -> None:
        self.name = name
        self._new_sink = new_sink
        self._whole_sink = whole_sink
        self._state = _OUT
        self._stack: List[_Frame] = []
        self._sink: Optional[Sink] = None      # the open string's
        self._sink_path = ""
        self._is_key = False
        self._key_out: List[str] = []           # the open key's output
        self._decoded: List[str] = []           # decoded, not yet fed
        self._hex = ""
        self._high: Optional[int] = None        # a pending high surrogate
        self._bare: List[str] = []              # a bare token, and whitespace after it
        self._bare_sink: Optional[Sink] = None  # a bare run past MAX_BARE_TOKEN
        self._out: List[str] = []
        self._findings: List[Finding] = []
        self.blocked = False
        self._finished = False

    # --- public -------------------------------------------------------------

    def feed(self, text: str) -> str:
        if self.blocked or self._finished:
            return ""
        for char in text:
            self._char(char)
            if self.blocked:
                return ""
        if self._state != _OUT:
            self._flush_decoded()
        return self._take()

    def finish(self) -> str:
        if self.blocked or self._finished:
            return ""
        self._finished = True
        if self._state != _OUT:  # unterminated string: not JSON anyway
            self._close_string(closing_quote=False)
        else:
            self._end_bare()
        return "" if self.blocked else self._take()

    @property
    def verdict(self) -> str:
        order = ("allow", "flag", "mask", "block")
        best = 0
        for finding in self._findings:
            for m in finding.matches:
                best = max(best, order.index(m.action))
        return "block" if self.blocked else order[best]

    def findings(self) -> List[Finding]:
        return list(self._findings)

    # --- the tokenizer ----------------------------------------------------

    def _take(self) -> str:
        out = "".join(self._out)
        self._out.clear()
        return out

    def _emit(self, text: str) -> None:
        if self._is_key and self._state != _OUT:
            self._key_out.append(text)
        self._out.append(text)

    def _char(self, char: str) -> None:
        state = self._state
        if state == _OUT:
            self._outside(char)
        elif state == _STRING:
            if char == "\\":
                self._state = _ESCAPE
            elif char == '"':
                self._close_string(closing_quote=True)
            else:
                self._decode(char)
        elif state == _ESCAPE:
            if char == "u":
                self._state, self._hex = _UNICODE, ""
            else:
                self._state = _STRING
                self._decode(_SIMPLE_ESCAPES.get(char, char))
        else:  # _UNICODE
            self._hex += char
            if len(self._hex) == 4:
                self._state = _STRING
                try:
                    self._unit(int(self._hex, 16))
                except ValueError:
                    self._decode("\ufffd")

    def _outside(self, char: str) -> None:
        if char in _WHITESPACE:
            if self._bare:
                # Held with the bare token: bare text after it (text that
                # is not JSON: "138 1234 5678", a phrase, letters spaced
                # out) joins it as one text; a structure character or a
                # quote ends it.
                self._bare.append(char)
                if len(self._bare) >= MAX_BARE_TOKEN:
                    self._spill_bare()
            else:
                self._out.append(char)
            return
        if char == '"' or char in _STRUCTURE:
            self._end_bare()
            if self.blocked:
                return
        else:
            self._bare.append(char)
            if len(self._bare) >= MAX_BARE_TOKEN:
                self._spill_bare()
            return
        top = self._stack[-1] if self._stack else None
        if char == '"':
            self._is_key = top is not None and top.is_object and top.expect_key
            self._sink_path = self._path(top, for_key=self._is_key)
            self._sink = self._new_sink()
            self._key_out = []
            self._out.append('"')
            self._state = _STRING
            return
        if char in "{[":
            if len(self._stack) >= MAX_DEPTH:
                raise ValueError(f"lexgate.openai: {self.name} nests arrays and objects "
                                 f"deeper than {MAX_DEPTH} levels")
            self._stack.append(_Frame(char == "{"))
        elif char in "}]":
            if self._stack:
                self._stack.pop()
        elif char == ":" and top is not None and top.is_object:
            top.expect_key = False
        elif char == "," and top is not None:
            if top.is_object:
                top.expect_key, top.key = True, None
            else:
                top.index += 1
        self._out.append(char)

    def _unit(self, unit: int) -> None:
        if 0xD800 <= unit <= 0xDBFF:
            if self._high is not None:
                self._decoded.append("\ufffd")
            self._high = unit
        elif 0xDC00 <= unit <= 0xDFFF:
            if self._high is None:
                self._decoded.append("\ufffd")
            else:
                self._decoded.append(chr(0x10000 + ((self._high - 0xD800) << 10) + (unit - 0xDC00)))
                self._high = None
        else:
            self._decode(chr(unit))

    def _decode(self, char: str) -> None:
        if self._high is not None:
            self._decoded.append("\ufffd")
            self._high = None
        self._decoded.append(char)

    def _flush_decoded(self) -> None:
        if not self._decoded or self._sink is None:
            return
        text = "".join(self._decoded)
        self._decoded.clear()
        released = self._sink.feed(text)
        if self._sink.blocked:
            self.blocked = True
        elif released:
            self._emit(_encode(released))

    def _close_string(self, closing_quote: bool) -> None:
        if self._high is not None:
            self._decoded.append("\ufffd")
            self._high = None
        self._flush_decoded()
        sink = self._sink
        if sink is None or self.blocked:
            return
        rest = sink.finish()
        if sink.blocked:
            self.blocked = True
            return
        if rest:
            self._emit(_encode(rest))
        self._state = _OUT
        top = self._stack[-1] if self._stack else None
        path = self._sink_path
        if self._is_key and top is not None:
            top.key = "".join(self._key_out)
            path = self._path(top, for_key=False)
        if sink.matches:
            self._findings.append(Finding(self.name, path, sink.matches))
        self._sink, self._is_key = None, False
        if closing_quote:
            self._out.append('"')

    def _spill_bare(self) -> None:
        """The bare run reached MAX_BARE_TOKEN characters: it goes on as a
        stream, fed what is held."""
        if self._bare_sink is None:
            self._bare_sink = self._new_sink()
        released = self._bare_sink.feed("".join(self._bare))
        self._bare.clear()
        if self._bare_sink.blocked:
            self.blocked = True
        elif released:
            self._out.append(released)

    def _end_bare(self) -> None:
        spilled = self._bare_sink
        if not self._bare and spilled is None:
            return
        held = "".join(self._bare)
        self._bare.clear()
        token = held.rstrip("".join(_WHITESPACE))
        space = held[len(token):]  # the whitespace after it, passed through
        if not token and spilled is None:
            self._out.append(space)
            return
        if spilled is not None:
            # Past MAX_BARE_TOKEN: the stream ends here (no JSON scalar is
            # that long, so nothing is to be quoted).
            self._bare_sink = None
            sink = spilled
            released = sink.feed(token)
            if not sink.blocked:
                self._out.append(released)
            out = "" if sink.blocked else sink.finish()
            token = ""
        else:
            sink = self._whole_sink()
            sink.feed(token)
            out = sink.finish()
        if sink.blocked:
            self.blocked = True
            return
        if sink.matches:
            top = self._stack[-1] if self._stack else None
            self._findings.append(Finding(self.name, self._path(top, for_key=False),
                                          sink.matches))
        if out != token and _JSON_SCALAR.fullmatch(token):
            out = json.dumps(out, ensure_ascii=False)  # stays valid JSON
        self._out.append(out + space)

    def _path(self, top: Optional[_Frame], for_key: bool) -> str:
        """JSON pointer of the value being read (of the object, for a key)."""
        parts = []
        for frame in self._stack:
            if frame is top and for_key:
                break
            if frame.is_object:
                parts.append(_pointer_token(frame.key or ""))
            else:
                parts.append(str(frame.index))
        return "".join("/" + p for p in parts)
