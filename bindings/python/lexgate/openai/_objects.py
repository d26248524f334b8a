"""Duck typing of OpenAI-style objects: the guards work on plain dicts and
give back the kind they were given.

- a Mapping (a JSON-decoded chunk) comes back as a dict;
- an object with ``model_dump()`` (the OpenAI SDK's pydantic models)
  comes back as ``type(obj).model_validate(data)`` (or ``parse_obj`` /
  ``type(obj)(**data)`` for look-alikes without it);
- any other object with attributes (SimpleNamespace, a dataclass) comes
  back as a copy of the same class with its attributes replaced, nested
  objects likewise; a nested object the guard adds (a tool call entry that
  carries held-back arguments) takes the class of its siblings.

The caller's object is never modified.
"""

from __future__ import annotations

import copy
from types import SimpleNamespace
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

__all__ = ["to_plain", "rebuilder"]

_SCALARS = (str, int, float, bool, type(None))


def to_plain(obj: Any) -> Any:
    """A deep copy of ``obj`` made of dicts, lists and scalars."""
    if isinstance(obj, _SCALARS):
        return obj
    if isinstance(obj, Mapping):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    dump = getattr(obj, "model_dump", None)
    if callable(dump):
        try:
            dumped = dump(exclude_unset=True)
        except TypeError:  # a look-alike without pydantic's keywords
            dumped = dump()
        return to_plain(dumped)
    fields = _public_attributes(obj)
    if fields is not None:
        return {k: to_plain(v) for k, v in fields.items()}
    return obj


def _public_attributes(obj: Any) -> Optional[Dict[str, Any]]:
    """The public attributes of an object (from its ``__dict__`` or, for a
    class with ``__slots__`` such as ``@dataclass(slots=True)``, its
    slots); None for an object that has neither."""
    if hasattr(obj, "__dict__"):
        return {k: v for k, v in vars(obj).items() if not k.startswith("_")}
    names: List[str] = []
    for cls in type(obj).__mro__:
        slots = cls.__dict__.get("__slots__", ())
        names.extend((slots,) if isinstance(slots, str) else slots)
    if not names:
        return None
    return {name: getattr(obj, name) for name in names
            if not name.startswith("_") and hasattr(obj, name)}


def rebuilder(original: Any) -> Callable[[Any], Any]:
    """A function that turns plain data back into the kind of
    ``original``."""
    if isinstance(original, Mapping):
        return _identity
    cls = type(original)
    if callable(getattr(original, "model_dump", None)):
        for name in ("model_validate", "parse_obj"):
            make = getattr(cls, name, None)
            if callable(make):
                return make  # type: ignore[no-any-return]
        return lambda data: cls(**data)
    return lambda data: _attributes(data, original)


def _identity(data: Any) -> Any:
    return data


def _attributes(value: Any, original: Any) -> Any:
    """``value`` (plain) as attribute objects shaped like ``original``."""
    if isinstance(value, dict):
        fields = None if original is None else _public_attributes(original)
        if isinstance(original, Mapping) or fields is None:
            if isinstance(original, Mapping):
                return value
            return SimpleNamespace(**{k: _attributes(v, None) for k, v in value.items()})
        out = copy.copy(original)
        # object.__setattr__: frozen dataclasses are rebuilt too.
        for key in fields:
            if key not in value:
                object.__setattr__(out, key, None)
        for key, item in value.items():
            object.__setattr__(out, key, _attributes(item, getattr(original, key, None)))
        return out
    if isinstance(value, list):
        templates: List[Any] = list(original) if isinstance(original, (list, tuple)) else []
        return [_attributes(item, _template(templates, item)) for item in value]
    return value


def _template(candidates: List[Any], item: Any) -> Optional[Any]:
    """The original element that ``item`` came from: the one with the same
    "index" when elements have one, else the first."""
    if not candidates:
        return None
    index = item.get("index") if isinstance(item, dict) else None
    if index is not None:
        for candidate in candidates:
            if _index_of(candidate) == index:
                return candidate
    return candidates[0]


def _index_of(obj: Any) -> Optional[Any]:
    if isinstance(obj, Mapping):
        return obj.get("index")
    return getattr(obj, "index", None)


def split_kind(obj: Any) -> Tuple[Any, Callable[[Any], Any]]:
    """(plain copy of ``obj``, function that rebuilds its kind)."""
    return to_plain(obj), rebuilder(obj)
