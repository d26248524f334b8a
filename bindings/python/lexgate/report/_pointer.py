"""The field of a JSONL record to screen: an RFC 6901 JSON pointer
(``/messages/0/content``) or a bare top-level key (``content``), resolved
exactly as ``lexgate-filter --field`` resolves it, so that the report counts
the same records as the CLI (DESIGN §10, docs/json-schema.md)."""

from __future__ import annotations

from typing import Any, List

from lexgate.report._errors import ReportError

__all__ = ["FieldPointer"]


def _unescape(token: str) -> str:
    # RFC 6901 §4: "~1" is '/', "~0" is '~'; any other '~' is an error.
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
            raise ReportError("--field: '~' in a JSON pointer must be followed by 0 or 1")
        i += 1
    return "".join(out)


def _array_index(token: str) -> int:
    """The index RFC 6901 allows ("0" or digits without a leading 0), or -1."""
    if not token or not token.isascii() or not token.isdigit():
        return -1
    if len(token) > 1 and token[0] == "0":
        return -1
    return int(token)


class FieldPointer:
    """A parsed ``--field``; find() returns the string it points at or
    raises ValueError with the CLI's message (the record is then an error,
    never skipped)."""

    __slots__ = ("spec", "steps")

    def __init__(self, spec: str) -> None:
        if not spec:
            raise ReportError("--field needs a key or a JSON pointer")
        self.spec = spec
        if spec[0] != "/":
            self.steps = [spec]  # a bare name is one top-level key, taken literally
        else:
            self.steps = [_unescape(t) for t in spec[1:].split("/")]

    def find(self, root: Any) -> str:
        missing = ValueError(f'missing field "{self.spec}"')
        parent: Any = None
        value: Any = root
        for step in self.steps:
            parent = value
            if isinstance(value, dict):
                if step not in value:
                    raise missing
                value = value[step]
            elif isinstance(value, list):
                index = _array_index(step)
                if index < 0 or index >= len(value):
                    raise missing
                value = value[index]
            else:
                raise missing
        if not isinstance(parent, dict):
            raise ValueError(f'field "{self.spec}" is not in an object')
        if not isinstance(value, str):
            raise ValueError(f'field "{self.spec}" is not a string')
        return value
