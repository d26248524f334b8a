"""One choice of a chat completion, guarded field by field: streamed
(StreamedChoice, one per choice index of a chunk stream) or whole
(guard_message, for a non-streamed response's choice).

Both read a choice with the same walk (_Walk), which knows every field it
lets through:

- texts: ``content``, ``reasoning_content``, ``reasoning`` and ``refusal``
  (a string or content parts) of a delta or message, ``audio.transcript``,
  a legacy choice's ``text`` and a custom tool call's ``custom.input`` are
  screened as plain text; tool-call arguments (``function.arguments``,
  ``arguments`` of the call itself, the legacy ``function_call.arguments``)
  as JSON text;
- labels: ``name`` (of a delta or message, a tool call, its function or
  custom tool, a function_call) and the ``title`` and ``url`` of an
  annotation's ``url_citation`` are screened whole where they come (they
  come whole, in one chunk). A streamed ``name`` given again in a later
  chunk continues the one before (clients join the pieces), so each piece
  is screened together with the pieces before it (_JoinedLabel);
- metadata passes as it is: ``index`` (in a stream, an int: it tells whose
  text a chunk continues), ``finish_reason``, ``stop_reason``,
  ``content_filter_results``, ``content_filter_offsets`` of a choice,
  ``role`` of a delta or message, ``id`` and ``type`` of a tool call,
  ``id``, ``data`` and ``expires_at`` of audio, ``type``, ``start_index``
  and ``end_index`` of an annotation, and content parts that carry no text
  ("image_url", "input_audio", "file");
- any other field passes only when it holds no text: a string anywhere in
  it (or a value that is not JSON data) is a TypeError, never passed on
  unread.
"""

from __future__ import annotations

import functools
import json
from typing import AbstractSet, Any, Callable, Dict, List, Mapping, Optional, Tuple, Union

from lexgate.openai._fields import Finding, JsonField, SinkFactory, TextField

__all__ = ["FieldSinks", "StreamedChoice", "guard_message"]

#: Plain-text fields of a delta or message, each guarded as its own text
#: (a string, or content parts).
TEXT_FIELDS = ("content", "reasoning_content", "reasoning", "refusal")
#: The finish_reason of a choice that a block ended.
CONTENT_FILTER = "content_filter"
_ORDER = ("allow", "flag", "mask", "block")

#: Fields that carry no text of the model's, passed as they are.
CHOICE_META = frozenset({"index", "finish_reason", "stop_reason", "content_filter_results",
                         "content_filter_offsets"})
MESSAGE_META = frozenset({"role"})
CALL_META = frozenset({"index", "id", "type"})
AUDIO_META = frozenset({"id", "data", "expires_at"})
ANNOTATION_META = frozenset({"type"})
CITATION_META = frozenset({"start_index", "end_index"})
#: The content part types that carry text, and the key that holds it.
TEXT_PARTS = {"text": "text", "output_text": "text", "input_text": "text",
              "refusal": "refusal"}
#: Content part types without text: their payload (the field of the
#: type's name: a URL, audio or file data) passes as it is; any other field
#: must hold no text.
OTHER_PARTS = frozenset({"image_url", "input_audio", "file"})


def _text_key(part: Dict[str, Any]) -> Optional[str]:
    """The key of a content part's text ("text" without a type), or None
    for a part of another type."""
    kind = part.get("type")
    if kind is None:
        return "text"
    return TEXT_PARTS.get(kind) if isinstance(kind, str) else None

Field = Union[TextField, JsonField]
#: Reads one field's value and returns it guarded (_Walk._each_field).
Reader = Callable[[Any], Any]
#: Where a streamed field's held-back rest goes in a choice: keys, and
#: _At(index) for the entry of a list (tool_calls) with that "index".
Where = Tuple[Any, ...]


class _At:
    """A step of a Where: the list entry whose "index" is ``index``."""

    __slots__ = ("index",)

    def __init__(self, index: Any) -> None:
        self.index = index


class FieldSinks:
    """Makes the fields of one response: ``text`` the sink of a plain-text
    field or a JSON string, ``whole`` the one that scans a text at once."""

    def __init__(self, text: SinkFactory, whole: SinkFactory) -> None:
        self.text = text
        self.whole = whole

    def text_field(self, name: str) -> TextField:
        return TextField(name, self.text())

    def whole_field(self, name: str) -> TextField:
        return TextField(name, self.whole())

    def json_field(self, name: str) -> JsonField:
        return JsonField(name, self.text, self.whole)


def strongest(verdicts: List[str]) -> str:
    return max(verdicts, key=_ORDER.index, default="allow")


def _reject_text(value: Any, name: str) -> None:
    """A TypeError when ``value``, the value of a field the guard does not
    know, holds text (a non-empty string anywhere in it, keys of nested
    objects too) or anything that is not JSON data."""
    if isinstance(value, str):
        if value:
            raise TypeError(f"lexgate.openai cannot guard {name}: a field it does not know "
                            f"that holds text (it is never passed on unread)")
    elif isinstance(value, dict):
        for key, item in value.items():
            _reject_text(key, name)
            _reject_text(item, f"{name}.{key}")
    elif isinstance(value, list):
        for position, item in enumerate(value):
            _reject_text(item, f"{name}[{position}]")
    elif value is not None and not isinstance(value, (bool, int, float)):
        raise TypeError(f"lexgate.openai cannot read {name} given as {type(value).__name__}")


def _kind_error(name: str, value: Any, expected: str) -> TypeError:
    return TypeError(f"lexgate.openai cannot guard {name} given as {type(value).__name__} "
                     f"({expected})")


def stream_index(value: Any, what: str) -> int:
    """The ``index`` of a streamed choice or tool call, which tells whose text
    a chunk continues: an int, or a TypeError. (``"0"`` and ``0`` would be two
    texts, each screened alone, and a phrase split between them would pass.)"""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"lexgate.openai cannot guard {what} whose 'index' is "
                        f"{value!r}: an integer is needed to tell whose text it continues")
    return value


def _arguments_text(arguments: Any, name: str) -> str:
    """Call arguments as the JSON text they stand for: a string as it is,
    arguments given decoded (a dict, a list) as JSON, so that their strings
    are guarded too instead of passing unread."""
    if isinstance(arguments, str):
        return arguments
    if isinstance(arguments, (dict, list)):
        return json.dumps(arguments, ensure_ascii=False)
    raise TypeError(f"lexgate.openai cannot guard {name} given as {type(arguments).__name__}")


class _Walk:
    """Reads a delta or message (and a legacy choice's text) field by field
    and returns the guarded copy; see the module comment. Subclasses say
    how a text is guarded: streamed (a field per name, across chunks) or
    whole."""

    #: True: content parts of one field are one text (streamed); False:
    #: each part is a text of its own.
    streamed = False
    _prefix = "choices[]"

    def text(self, name: str, where: Where, value: str) -> str:
        raise NotImplementedError

    def json(self, name: str, where: Where, value: Any) -> Any:
        raise NotImplementedError

    def label(self, name: str, value: str, joined: bool) -> str:
        """``value`` guarded as the label ``name``; ``joined``: in a stream, a
        later chunk's value for the same ``name`` continues it (a name, not
        an annotation's title)."""
        raise NotImplementedError

    # --- the walk -----------------------------------------------------------

    def message(self, message: Dict[str, Any], where: Where, what: str) -> Dict[str, Any]:
        """A delta or message guarded (``what`` names it in errors)."""
        def tool_calls(value: Any) -> Any:
            if not isinstance(value, list):
                raise _kind_error(f"{what}'s 'tool_calls'", value, "a list")
            return [self._call(position, call, where + ("tool_calls",))
                    for position, call in enumerate(value)]

        readers: Dict[str, Reader] = {
            key: functools.partial(self._text_or_parts, key, where + (key,),
                                   what=f"{what}'s {key!r}")
            for key in TEXT_FIELDS}
        readers.update({
            "tool_calls": tool_calls,
            "function_call": self._object(self._function, "function_call",
                                          where + ("function_call",),
                                          shown=f"{what}'s 'function_call'"),
            "name": functools.partial(self._label, "name"),
            "audio": lambda value: self._audio(value, where + ("audio",), what),
            "annotations": functools.partial(self._annotations, "annotations"),
        })
        return self._each_field(message, what, MESSAGE_META, readers)

    def _each_field(self, fields: Dict[str, Any], name: str, meta: AbstractSet[str],
                    readers: Mapping[str, Reader]) -> Dict[str, Any]:
        """``fields`` guarded one by one: None and the keys of ``meta`` pass
        as they are, a key of ``readers`` is read by its reader, any other
        must hold no text (``name`` says where, in errors)."""
        out: Dict[str, Any] = {}
        for key, value in fields.items():
            if value is None or key in meta:
                out[key] = value
            elif key in readers:
                out[key] = readers[key](value)
            else:
                _reject_text(value, f"{self._prefix}.{name}.{key}")
                out[key] = value
        return out

    def _text_or_parts(self, key: str, where: Where, value: Any, *, what: str) -> Any:
        if isinstance(value, str):
            return self.text(key, where, value)
        if isinstance(value, list):  # content parts
            return [self._part(key, where, position, part)
                    for position, part in enumerate(value)]
        raise _kind_error(what, value, "str or a list of content parts")

    def _part(self, key: str, where: Where, position: int, part: Any) -> Any:
        """A content part: a string is text; a dict's text (of type "text",
        "output_text", "input_text", "refusal", or without a type) is
        guarded; parts without text (an image) pass; any other part is a
        TypeError."""
        name = key if self.streamed else f"{key}[{position}].text"
        if isinstance(part, str):
            return self.text(name, where, part)
        if not isinstance(part, dict):
            raise TypeError(f"lexgate.openai cannot guard a {key!r} part given as "
                            f"{type(part).__name__}")
        kind = part.get("type")
        if isinstance(kind, str) and kind in OTHER_PARTS:
            for other, value in part.items():
                if other not in ("type", kind):
                    _reject_text(value, f"{self._prefix}.{key}[{position}].{other}")
            return part
        text_key = _text_key(part)
        if text_key is None:
            raise TypeError(f"lexgate.openai cannot guard a {key!r} part of type {kind!r} "
                            f"(it may hold text)")
        field: str = text_key

        def text(value: Any) -> Any:
            if not isinstance(value, str):
                raise TypeError(f"lexgate.openai cannot guard a {kind!r} part whose "
                                f"{field} is {type(value).__name__}")
            return self.text(name, where, value)

        here = f"{key}[{position}]"
        return self._each_field(part, here, {"type"}, {
            field: text,
            "annotations": functools.partial(self._annotations, f"{here}.annotations")})

    def _label(self, name: str, value: Any, *, joined: bool = True) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):
            raise _kind_error(name, value, "str")
        return self.label(name, value, joined)

    def _call(self, position: int, call: Any, where: Where) -> Any:
        if not isinstance(call, dict):
            raise TypeError(f"lexgate.openai cannot guard a tool_calls[] entry given as "
                            f"{type(call).__name__}")
        index = (stream_index(call.get("index", position), "a tool_calls[] entry")
                 if self.streamed else position)
        name = f"tool_calls[{index}]"
        where = where + (_At(index),)

        return self._each_field(call, name, CALL_META, {
            "function": self._object(self._function, f"{name}.function", where + ("function",)),
            "custom": self._object(self._custom, f"{name}.custom", where + ("custom",)),
            "arguments": functools.partial(self.json, f"{name}.arguments",
                                           where + ("arguments",)),
            "name": functools.partial(self._label, f"{name}.name")})

    def _object(self, read: Callable[[Dict[str, Any], str, Where], Dict[str, Any]],
                name: str, where: Where, shown: Optional[str] = None) -> Reader:
        """The reader of a field that must be an object (a function, a custom
        tool): ``read`` guards it as ``name`` at ``where``; ``shown`` names it
        in the error, when not ``name``."""
        def reader(value: Any) -> Any:
            if not isinstance(value, dict):
                raise _kind_error(shown or name, value, "an object")
            return read(value, name, where)
        return reader

    def _function(self, function: Dict[str, Any], name: str, where: Where) -> Dict[str, Any]:
        return self._named_call(function, name, where, "arguments", self.json)

    def _custom(self, custom: Dict[str, Any], name: str, where: Where) -> Dict[str, Any]:
        def free_text(label: str, at: Where, value: Any) -> Any:  # not JSON
            if not isinstance(value, str):
                raise _kind_error(label, value, "str")
            return self.text(label, at, value)
        return self._named_call(custom, name, where, "input", free_text)

    def _named_call(self, call: Dict[str, Any], name: str, where: Where, body: str,
                    read: Callable[[str, Where, Any], Any]) -> Dict[str, Any]:
        """A function or custom tool: its ``name`` a label, its ``body``
        (arguments, input) read by ``read``, anything else without text."""
        return self._each_field(call, name, frozenset(), {
            body: functools.partial(read, f"{name}.{body}", where + (body,)),
            "name": functools.partial(self._label, f"{name}.name")})

    def _audio(self, audio: Any, where: Where, what: str) -> Dict[str, Any]:
        if not isinstance(audio, dict):
            raise _kind_error(f"{what}'s 'audio'", audio, "an object")

        def transcript(value: Any) -> Any:
            if not isinstance(value, str):
                raise _kind_error("audio.transcript", value, "str")
            return self.text("audio.transcript", where + ("transcript",), value)

        readers: Dict[str, Reader] = {"transcript": transcript}
        if self.streamed:
            # The spoken words, which no one can screen: in a stream they
            # would go out before the transcript is decided.
            readers["data"] = lambda value: None
        return self._each_field(audio, f"{what}.audio", AUDIO_META - readers.keys(), readers)

    def _annotations(self, name: str, annotations: Any) -> Any:
        if annotations is None:
            return None
        if not isinstance(annotations, list):
            raise _kind_error(name, annotations, "a list")
        out: List[Any] = []
        for position, annotation in enumerate(annotations):
            here = f"{name}[{position}]"
            if not isinstance(annotation, dict):
                raise _kind_error(here, annotation, "an object")
            # An annotation with an "index" is joined by clients with the
            # one of the same index in later chunks (as a tool call is): in
            # a stream its title and URL continue across chunks. Without
            # one, each comes whole.
            joined = self.streamed and "index" in annotation
            if joined:
                here = f"{name}[index {stream_index(annotation['index'], 'an annotation')}]"

            def citation(value: Any, here: str = here, joined: bool = joined) -> Any:
                if not isinstance(value, dict):  # a shape the guard cannot read
                    _reject_text(value, f"{self._prefix}.{here}.url_citation")
                    return value
                return self._citation(value, f"{here}.url_citation", joined)

            out.append(self._each_field(annotation, here, ANNOTATION_META,
                                        {"url_citation": citation}))
        return out

    def _citation(self, citation: Dict[str, Any], name: str,
                  joined: bool) -> Dict[str, Any]:
        return self._each_field(citation, name, CITATION_META, {
            key: functools.partial(self._label, f"{name}.{key}", joined=joined)
            for key in ("title", "url")})


def _meaningful(value: Any) -> bool:
    """False for a value that carries nothing to send (an empty string, an
    entry holding only its "index" and "type" and such)."""
    if isinstance(value, str):
        return bool(value)
    if isinstance(value, dict):
        return any(_meaningful(v) for k, v in value.items() if k not in ("index", "type"))
    if isinstance(value, list):
        return any(_meaningful(v) for v in value)
    return value is not None


def _carries_text(choice: Dict[str, Any]) -> bool:
    """True when a streamed choice holds more than metadata (text, a tool
    call): what must not come after its finish_reason."""
    for key, value in choice.items():
        if key in CHOICE_META or key == "logprobs":
            continue
        if key == "delta" and isinstance(value, dict):
            if any(_meaningful(v) for k, v in value.items() if k not in MESSAGE_META):
                return True
        elif _meaningful(value):
            return True
    return False


class StreamedChoice(_Walk):
    """The state of one choice across the chunks of a stream."""

    streamed = True

    def __init__(self, index: Any, sinks: FieldSinks, refusal: Optional[str]) -> None:
        self.index = index
        self.ended = False
        self.blocked = False
        self.finish_reason: Optional[str] = None
        self._sinks = sinks
        self._refusal = refusal
        self._legacy = False  # a legacy choice: "text", no "delta"
        # name -> (field, where its held-back rest goes), in the order the
        # fields appeared.
        self._fields: Dict[str, Tuple[Field, Where]] = {}
        # Labels: names by name (joined across chunks), and annotations'.
        self._names: Dict[str, _JoinedLabel] = {}
        self._labels: List[TextField] = []

    def process(self, choice: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """The choice to send for this chunk's ``choice``, or None to send
        nothing."""
        if self.blocked:
            return None  # the guard ended it: the upstream does not know
        if self.ended:
            if _carries_text(choice):
                raise ValueError(f"lexgate.openai: choice {self.index!r} of the stream went on "
                                 f"after its finish_reason {self.finish_reason!r}")
            return None
        if choice.get("message") is not None:
            raise TypeError("lexgate.openai cannot guard a streamed choice that carries a "
                            "whole 'message' (only a 'delta')")
        out: Dict[str, Any] = {}
        meaningful = False
        for key, value in choice.items():
            if key == "delta":
                if value is not None and not isinstance(value, dict):
                    raise _kind_error("a choice's 'delta'", value, "an object")
                if isinstance(value, dict):
                    delta = self.message(value, ("delta",), "delta")
                    for call_key in ("tool_calls", "function_call"):
                        if call_key not in delta:
                            continue
                        kept = delta[call_key]
                        if isinstance(kept, list):
                            kept = [c for c in kept if _meaningful(c)]
                        if _meaningful(kept):
                            delta[call_key] = kept
                        else:
                            del delta[call_key]
                    meaningful = meaningful or any(_meaningful(v) for v in delta.values())
                    out[key] = delta
                else:
                    out[key] = value
            elif key == "text" and value is not None:  # a legacy completion's
                if not isinstance(value, str):
                    raise _kind_error("a choice's 'text'", value, "str")
                if "delta" not in choice:
                    self._legacy = True
                out[key] = self.text("text", ("text",), value)
                meaningful = meaningful or bool(out[key])
            elif key == "logprobs":
                # Its tokens repeat the text as the model wrote it, before
                # the guard masked (or held back) any of it.
                out[key] = None
            elif key in CHOICE_META or key in ("message", "text"):
                out[key] = value
            else:
                _reject_text(value, f"choices[].{key}")
                out[key] = value
        if self._any_blocked():
            return self.end_blocked(choice)
        finish_reason = choice.get("finish_reason")
        if finish_reason is not None:
            self._finish_into(out)
            if self._any_blocked():
                return self.end_blocked(choice)
            self.ended, self.finish_reason, meaningful = True, finish_reason, True
        if not meaningful:
            return None
        if "delta" not in out and not self._legacy:
            out["delta"] = {}
        return out

    def close(self) -> Optional[Dict[str, Any]]:
        """The upstream ended without this choice's finish_reason: the
        held-back rest (or the block) as a last choice, if any."""
        if self.ended:
            return None
        out: Dict[str, Any] = {"index": self.index}
        self._finish_into(out)
        if self._any_blocked():
            return self.end_blocked({"index": self.index})
        self.ended = True
        if len(out) == 1:
            return None
        if "delta" not in out and not self._legacy:
            out["delta"] = {}
        out["finish_reason"] = None
        return out

    def end_blocked(self, choice: Dict[str, Any]) -> Dict[str, Any]:
        """The last choice of a blocked answer: the refusal text (if any)
        and finish_reason "content_filter"; of the choice only its metadata
        is kept."""
        self.ended = self.blocked = True
        self.finish_reason = CONTENT_FILTER
        out = {k: v for k, v in choice.items() if k in CHOICE_META}
        out["index"] = self.index
        if self._legacy:
            out["text"] = self._refusal if self._refusal is not None else ""
        else:
            out["delta"] = {"content": self._refusal} if self._refusal is not None else {}
        if "logprobs" in choice:
            out["logprobs"] = None
        out["finish_reason"] = CONTENT_FILTER
        return out

    @property
    def verdict(self) -> str:
        if self.blocked:
            return "block"
        return strongest([field.verdict for field, _ in self._fields.values()]
                         + [label.verdict for label in self._all_labels()])

    def findings(self) -> List[Finding]:
        return ([f for field, _ in self._fields.values() for f in field.findings()]
                + [f for label in self._all_labels() for f in label.findings()])

    # --- how a text is guarded ------------------------------------------------

    def text(self, name: str, where: Where, value: str) -> str:
        return self._field(name, where).feed(value)

    def json(self, name: str, where: Where, value: Any) -> Any:
        return self._field(name, where, json=True).feed(_arguments_text(value, name))

    def label(self, name: str, value: str, joined: bool) -> str:
        if joined:
            label = self._names.get(name)
            if label is None:
                label = self._names[name] = _JoinedLabel(name, self._sinks, self.index)
            return label.feed(value)
        field = self._sinks.whole_field(name)
        self._labels.append(field)
        return field.feed(value) + field.finish()

    # --- internals ----------------------------------------------------------

    def _all_labels(self) -> List[Union[TextField, "_JoinedLabel"]]:
        return [*self._names.values(), *self._labels]

    def _field(self, name: str, where: Where, json: bool = False) -> Field:
        entry = self._fields.get(name)
        if entry is None:
            field: Field = (self._sinks.json_field(name) if json
                            else self._sinks.text_field(name))
            entry = self._fields[name] = (field, where)
        return entry[0]

    def _any_blocked(self) -> bool:
        return (any(field.blocked for field, _ in self._fields.values())
                or any(label.blocked for label in self._all_labels()))

    def _finish_into(self, out: Dict[str, Any]) -> None:
        """Finishes every field; their held-back rests go into the choice
        ``out``."""
        for field, where in self._fields.values():
            rest = field.finish()
            if field.blocked:
                return
            if rest:
                _put(out, where, rest)


class _JoinedLabel:
    """A streamed label (a tool call's function name) given in one chunk or
    in pieces over several: a client joins the pieces (as it joins the
    content's), so a keyword split between two chunks must not pass. Each
    piece is screened whole together with the pieces before it, and what
    goes out is the redaction of the joined text less what went out before.
    When the joined text masks something that already went out (a keyword
    that the last piece completed), that cannot be taken back: the label
    blocks its choice."""

    #: Every piece rescans the label joined so far, so its length is capped:
    #: a name is an identifier (OpenAI allows 64 characters).
    MAX_JOINED = 4096

    def __init__(self, name: str, sinks: FieldSinks, choice: Any) -> None:
        self._name = name
        self._sinks = sinks
        self._choice = choice
        self._text = ""  # the pieces so far, as the model wrote them
        self._sent = ""  # their redaction, as it went out
        self._field: Optional[TextField] = None  # the joined text's scan
        self._retracts = False  # the joined text masks what went out

    def feed(self, piece: str) -> str:
        if self.blocked or (not piece and self._field is not None):
            return ""  # nothing new to screen
        text = self._text + piece
        if self._text and len(text) > self.MAX_JOINED:
            raise ValueError(f"lexgate.openai: {self._name} of choice {self._choice!r} grew "
                             f"past {self.MAX_JOINED} characters over several chunks (a "
                             f"label is screened whole with every piece)")
        field = self._sinks.whole_field(self._name)
        out = field.feed(text) + field.finish()
        self._text, self._field = text, field
        if field.blocked:
            return ""
        if not out.startswith(self._sent):
            self._retracts = True
            return ""
        piece_out, self._sent = out[len(self._sent):], out
        return piece_out

    @property
    def blocked(self) -> bool:
        return self._retracts or (self._field is not None and self._field.blocked)

    @property
    def verdict(self) -> str:
        if self.blocked:
            return "block"
        return self._field.verdict if self._field is not None else "allow"

    def findings(self) -> List[Finding]:
        return self._field.findings() if self._field is not None else []


def _put(node: Dict[str, Any], where: Where, rest: str) -> None:
    """Appends ``rest`` to the text at ``where`` in ``node`` (made where
    missing; to content parts as one more text part)."""
    steps = list(where)
    last = steps.pop()
    position = 0
    while position < len(steps):
        key = steps[position]
        following = steps[position + 1] if position + 1 < len(steps) else None
        if isinstance(following, _At):
            entries = node.get(key)
            if not isinstance(entries, list):
                entries = node[key] = []
            entry = next((e for e in entries
                          if isinstance(e, dict) and e.get("index") == following.index), None)
            if entry is None:
                entry = {"index": following.index}
                entries.append(entry)
            node = entry
            position += 2
        else:
            child = node.get(key)
            child = node[key] = dict(child) if isinstance(child, dict) else {}
            node = child
            position += 1
    sent = node.get(last)
    if isinstance(sent, list):  # content parts: the rest as one more
        sent.append(rest if sent and isinstance(sent[-1], str) else {"type": "text", "text": rest})
    else:
        node[last] = (sent or "") + rest


class _WholeWalk(_Walk):
    """The walk of a whole response's choice: every text on its own, the
    content parts of one field as one text (a client shows them joined, as
    a stream's choice screens them)."""

    def __init__(self, sinks: FieldSinks) -> None:
        self._sinks = sinks
        self.fields: List[Field] = []
        self._parts_field: Optional[Field] = None  # the parts being read

    def _guard(self, field: Field, text: str) -> str:
        self.fields.append(field)
        return field.feed(text) + field.finish()

    def text(self, name: str, where: Where, value: str) -> str:
        if self._parts_field is not None:
            return self._parts_field.feed(value)
        return self._guard(self._sinks.text_field(name), value)

    def _text_or_parts(self, key: str, where: Where, value: Any, *, what: str) -> Any:
        if not isinstance(value, list):
            return super()._text_or_parts(key, where, value, what=what)
        # One text, fed part by part: each part holds what its text
        # released, and the last part with text the rest. ("出售" and
        # "枪支" in two parts are one phrase to the reader.)
        field = self._sinks.text_field(key)
        self.fields.append(field)
        self._parts_field = field
        try:
            parts = super()._text_or_parts(key, where, value, what=what)
        finally:
            self._parts_field = None
        rest = field.finish()
        for position in range(len(parts) - 1, -1, -1):
            part = parts[position]
            if isinstance(part, str):
                parts[position] = part + rest
                break
            text_key = _text_key(part)
            if text_key is not None and isinstance(part.get(text_key), str):
                part[text_key] += rest
                break
        return parts

    def label(self, name: str, value: str, joined: bool) -> str:
        return self._guard(self._sinks.whole_field(name), value)

    def json(self, name: str, where: Where, value: Any) -> Any:
        arguments: Any = self._guard(self._sinks.json_field(name), _arguments_text(value, name))
        if not isinstance(value, str):
            # Given decoded, given back decoded: masking keeps JSON valid
            # (a blocked field's text is not JSON, but its choice is
            # replaced by the refusal anyway).
            try:
                arguments = json.loads(arguments)
            except ValueError:
                pass
        return arguments


def guard_message(choice: Dict[str, Any], sinks: FieldSinks,
                  refusal: Optional[str]) -> Tuple[Dict[str, Any], str, List[Finding]]:
    """A non-streamed choice guarded: (the choice to send, its verdict, its
    findings). Every text of its message (and a legacy choice's text) is
    guarded on its own."""
    walk = _WholeWalk(sinks)
    out: Dict[str, Any] = {}
    for key, value in choice.items():
        if key == "message" and value is not None:
            if not isinstance(value, dict):
                raise TypeError(f"lexgate.openai cannot read a message of type "
                                f"{type(value).__name__}")
            out[key] = walk.message(value, ("message",), "message")
        elif key == "text" and value is not None:  # a legacy completion's
            if not isinstance(value, str):
                raise _kind_error("a choice's 'text'", value, "str")
            out[key] = walk.text("text", ("text",), value)
        elif key in CHOICE_META or key in ("logprobs", "message", "text"):
            out[key] = value
        else:
            _reject_text(value, f"choices[].{key}")
            out[key] = value
    fields = walk.fields
    findings = [f for field in fields for f in field.findings()]
    if any(field.blocked for field in fields):
        blocked = {k: v for k, v in out.items() if k in CHOICE_META or k == "logprobs"}
        message = choice.get("message")
        if isinstance(message, dict) or "text" not in choice:
            role = message.get("role") if isinstance(message, dict) else None
            blocked["message"] = {"role": role if isinstance(role, str) else "assistant",
                                  "content": refusal}
        if "text" in choice:
            blocked["text"] = refusal if refusal is not None else ""
        blocked["finish_reason"] = CONTENT_FILTER
        if blocked.get("logprobs") is not None:
            blocked["logprobs"] = None
        return blocked, "block", findings
    verdict = strongest([f.verdict for f in fields])
    if verdict == "mask" and out.get("logprobs") is not None:
        # Its tokens repeat the text as the model wrote it, unmasked.
        out["logprobs"] = None
    audio = out.get("message", {}).get("audio") if isinstance(out.get("message"), dict) else None
    if verdict == "mask" and isinstance(audio, dict) and audio.get("data") is not None:
        # The audio says the words the transcript masks.
        out["message"] = {**out["message"], "audio": {**audio, "data": None}}
    return out, verdict, findings

