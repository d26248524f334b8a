"""Checks of the JSON documents the report reads (the summary of
lexgate.dask, an inventory): every key it uses of the kind its schema says,
else a ReportError naming the file and the key, so that a damaged document
is refused before any of it is counted or rendered."""

from __future__ import annotations

from typing import Any, Mapping, Sequence, Tuple

from lexgate.report._errors import ReportError

__all__ = ["BOOL", "INT", "NUMBER", "OBJECT", "STR", "check_kind", "is_kind", "optional",
           "required"]

STR = "a string"
INT = "an integer"  # not negative, not a bool
NUMBER = "a number"
BOOL = "true or false"
OBJECT = "an object"

Keys = Sequence[Tuple[str, str]]


def is_kind(value: Any, kind: str) -> bool:
    if kind == STR:
        return isinstance(value, str)
    if kind == BOOL:
        return isinstance(value, bool)
    if kind == OBJECT:
        return isinstance(value, dict)
    if isinstance(value, bool):
        return False
    if kind == INT:
        return isinstance(value, int) and value >= 0
    return isinstance(value, (int, float))


def check_kind(where: str, label: str, value: Any, kind: str) -> None:
    """A ReportError "<where>: <label> must be <kind>" unless ``value`` is one."""
    if not is_kind(value, kind):
        raise ReportError(f"{where}: {label} must be {kind}, not {value!r}")


def required(where: str, obj: Any, keys: Keys) -> Mapping[str, Any]:
    """``obj``, an object holding every key of ``keys`` with its kind."""
    if not isinstance(obj, dict):
        raise ReportError(f"{where}: expected an object")
    for key, kind in keys:
        if key not in obj:
            raise ReportError(f"{where}: missing required key {key!r}")
        check_kind(where, repr(key), obj[key], kind)
    return obj


def optional(where: str, obj: Mapping[str, Any], key: str, kind: str) -> Any:
    """``obj[key]`` when it is there and not null (of its kind), else None."""
    value = obj.get(key)
    if value is not None:
        check_kind(where, repr(key), value, kind)
    return value
