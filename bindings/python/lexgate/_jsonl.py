"""JSON Lines input as lexgate-filter --jsonl reads it: the field pointer
(DESIGN §10: an RFC 6901 JSON pointer such as ``/messages/0/content``, or a
bare name for one top-level key) and the rules for one line.

The C++ CLI (examples/lexgate-filter/json_pointer.cc and jsonl.cc) is the
reference; this module follows it rule for rule, so that a Python tool
screening the same file counts the same texts and the same errors:

- a line of only spaces and tabs is blank: skipped, neither a text nor an
  error;
- a line that is not valid UTF-8, not valid JSON, nested deeper than
  MAX_DEPTH containers, holding a number beyond a double's range (or NaN,
  Infinity, a lone surrogate escape), or not an object is *malformed*;
- a well-formed object without the field (or whose field is not a string,
  or not held by an object) is a *record error*.

Both kinds are errors of one record: counted, reported, never screened as
clean.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, NamedTuple, Optional, Tuple

__all__ = ["FieldError", "JsonPointer", "MAX_DEPTH", "MalformedLine", "Record", "is_blank",
           "parse_line"]

#: Containers (objects and arrays) nested deeper than this make a line malformed.
MAX_DEPTH = 64


class MalformedLine(ValueError):
    """A line that is not one JSON object lexgate can read."""


class FieldError(ValueError):
    """A JSON object without the screened field (or whose field is not a
    string held by an object)."""


class JsonPointer:
    """The field to screen: ``/a/0/b`` (RFC 6901: ``~1`` is ``/``, ``~0`` is
    ``~``, array indexes without leading zeros) or a bare top-level key
    (``content``, taken literally, slashes and tildes included).

        JsonPointer.parse("/messages/0/content").find(obj)
        # (obj["messages"][0], "content", "the text")
    """

    __slots__ = ("spec", "steps")

    def __init__(self, spec: str, steps: Tuple[str, ...]) -> None:
        self.spec = spec
        self.steps = steps

    @classmethod
    def parse(cls, spec: str) -> "JsonPointer":
        """Raises ValueError for an empty spec or a ``~`` not followed by 0
        or 1 (the CLI's messages)."""
        if not isinstance(spec, str):
            raise TypeError(f"a field pointer is a str, not {type(spec).__name__}")
        if not spec:
            raise ValueError("the field needs a key or a JSON pointer")
        if not spec.startswith("/"):
            return cls(spec, (spec,))
        return cls(spec, tuple(_unescape(token) for token in spec[1:].split("/")))

    def find(self, root: Any) -> Tuple[Dict[str, Any], str, str]:
        """(the object holding the field, its key, the text). Raises
        FieldError when the field is missing, not a string or not held by
        an object."""
        parent: Any = None
        value = root
        for step in self.steps:
            parent = value
            if isinstance(value, dict):
                if step not in value:
                    raise self._missing()
                value = value[step]
            elif isinstance(value, list):
                index = _array_index(step)
                if index is None or index >= len(value):
                    raise self._missing()
                value = value[index]
            else:
                raise self._missing()
        if not isinstance(parent, dict):
            raise FieldError(f'field "{self.spec}" is not in an object')
        if not isinstance(value, str):
            raise FieldError(f'field "{self.spec}" is not a string')
        return parent, self.steps[-1], value

    def _missing(self) -> FieldError:
        return FieldError(f'missing field "{self.spec}"')

    def __repr__(self) -> str:
        return f"JsonPointer({self.spec!r})"


def _unescape(token: str) -> str:
    out: List[str] = []
    i = 0
    while i < len(token):
        c = token[i]
        if c != "~":
            out.append(c)
        elif i + 1 < len(token) and token[i + 1] in "01":
            i += 1
            out.append("~" if token[i] == "0" else "/")
        else:
            raise ValueError("'~' in a JSON pointer must be followed by 0 or 1")
        i += 1
    return "".join(out)


def _array_index(token: str) -> Optional[int]:
    if not token or (len(token) > 1 and token[0] == "0"):
        return None
    if not all("0" <= c <= "9" for c in token):
        return None
    return int(token)


def is_blank(line: bytes) -> bool:
    """Only spaces and tabs (or nothing): skipped, as lexgate-filter does."""
    return not line.strip(b" \t")


def _reject_constant(name: str) -> Any:
    raise MalformedLine(f"invalid JSON ({name} is not JSON)")


def _checked_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise MalformedLine("invalid JSON (number out of range)")
    return value


#: Digits of the largest integer a double holds (DBL_MAX is about 1.8e308).
_DOUBLE_DIGITS = 309


def _checked_int(text: str) -> int:
    # lexgate-filter keeps an integer beyond 64 bits as a double: one beyond
    # a double's range too is an error, as 1e400 is.
    digits = len(text) - text.startswith("-")
    if digits < _DOUBLE_DIGITS:
        return int(text)
    if digits == _DOUBLE_DIGITS:
        value = int(text)
        try:
            float(value)
            return value
        except OverflowError:
            pass
    raise MalformedLine("invalid JSON (number out of range)")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_checked_float,
                            parse_int=_checked_int)


class Record(NamedTuple):
    """One parsed line: the object, and the holder, key and text of the field."""

    obj: Dict[str, Any]
    holder: Dict[str, Any]
    key: str
    text: str


def parse_line(line: bytes, pointer: JsonPointer) -> Record:
    """Parse one non-blank line (without its newline). Raises MalformedLine
    or FieldError with the reason."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        # 1-based, as lexgate-filter counts it
        raise MalformedLine(f"invalid UTF-8 at byte {error.start + 1}") from None
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte order mark, as nlohmann's parser allows
    try:
        obj = _DECODER.decode(text)
    except MalformedLine:
        raise
    except json.JSONDecodeError as error:
        raise MalformedLine(f"invalid JSON ({error.msg} at character {error.pos})") from None
    except RecursionError:
        raise MalformedLine(f"invalid JSON (nested deeper than {MAX_DEPTH} levels)") from None
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        raise MalformedLine(f"invalid JSON ({error})") from None
    # Cheap guards first: only lines that could hold the rare cases are walked.
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(obj) > MAX_DEPTH:
        raise MalformedLine(f"invalid JSON (nested deeper than {MAX_DEPTH} levels)")
    if ("\\ud" in text or "\\uD" in text) and _has_lone_surrogate(obj):
        raise MalformedLine("invalid JSON (a lone surrogate escape)")
    if not isinstance(obj, dict):
        raise MalformedLine("not a JSON object")
    holder, key, value = pointer.find(obj)
    return Record(obj, holder, key, value)


def _depth(value: Any) -> int:
    """Containers nested in ``value``, itself included (iterative: a deep
    value must not exhaust the stack)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            strings = [item]
        elif isinstance(item, dict):
            strings = list(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
            continue
        else:
            continue
        for s in strings:
            try:
                s.encode("utf-8")
            except UnicodeEncodeError:
                return True
    return False
