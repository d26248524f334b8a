"""Duck typing of OpenAI-style objects: the guards work on plain dicts and
give back the kind they were given.

- a Mapping (a JSON-decoded chunk) comes back as a dict;
- an object with ``model_dump()`` (the OpenAI SDK's pydantic models)
  comes back as ``type(obj).model_validate(data)`` (or ``parse_obj`` /
  ``type(obj)(**data)`` for look-alikes without it). It is read by alias
  (the keys it is rebuilt from) and sparse, as the SDK sends it: the
  fields that were set, and of those never set
  only the ones whose value holds text (a default such as
  ``content: str = "..."``, in nested models and lists too), which the
  rebuilt model would otherwise get back unscreened. A never-set field
  holding no text (the SDK's many None defaults) stays out, so it stays
  unset in the copy;
- any other object with attributes (SimpleNamespace, a dataclass) comes
  back as a copy of the same class with its attributes replaced, nested
  objects likewise; a nested object the guard adds (a tool call entry that
  carries held-back arguments) takes the class of its siblings. Its whole
  instance state must be public attributes (``__dict__`` and the slots of
  its classes): an object with a private attribute or a public property
  (``content`` over ``_content``) is a TypeError, as the guard could not
  screen what the copy would keep.

The caller's object is never modified.
"""

from __future__ import annotations

import copy
import enum
import functools
import types
from types import SimpleNamespace
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

__all__ = ["to_plain", "rebuilder"]

_SCALARS = (str, int, float, bool, type(None))


def to_plain(obj: Any) -> Any:
    """A deep copy of ``obj`` made of dicts, lists and scalars."""
    if isinstance(obj, _SCALARS):
        return obj
    if isinstance(obj, enum.Enum):  # e.g. a finish_reason
        return to_plain(obj.value)
    if isinstance(obj, Mapping):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    dump = _dumper(obj)
    if dump is not None:
        try:
            # By alias: the keys the model is built from (parse_obj and
            # model_validate take aliases), and the wire names (``content``)
            # the guard knows; by field name, an aliased field would be
            # screened under a key the rebuilt model ignores, keeping its
            # text as it was.
            dumped = dump(exclude_unset=True, by_alias=True)
        except TypeError:  # a look-alike without pydantic's keywords: all fields
            return to_plain(dump())
        plain = to_plain(dumped)
        if isinstance(plain, dict):
            _add_unset_text(obj, plain)
        return plain
    fields = _public_attributes(obj)
    if fields is not None:
        return {k: to_plain(v) for k, v in fields.items()}
    return obj


def _add_unset_text(model: Any, plain: Dict[str, Any]) -> None:
    """Adds to ``plain`` (``model`` dumped with exclude_unset) every field
    never set whose value holds text, at any depth: the rebuilt model
    would get such a default back, so the guard must screen it. Fields
    without text stay out (the copy keeps them unset, as the SDK sent
    them)."""
    for name, key in _field_keys(model):
        try:
            value = getattr(model, name)
        except AttributeError:
            continue
        if key in plain:
            plain[key] = _with_unset_text(value, plain[key])
        else:
            # to_plain(): a nested model comes sparse, with its own text
            # defaults added, so its text is all there to be seen.
            unset = to_plain(value)
            if _holds_text(unset):
                plain[key] = unset


def _with_unset_text(value: Any, plain: Any) -> Any:
    """``plain`` (what the dump made of ``value``) with the unset text
    fields of the models inside ``value`` added; as it is where the two
    do not have the same shape (a custom serializer)."""
    if isinstance(plain, dict):
        if isinstance(value, Mapping):
            for key, item in value.items():
                if str(key) in plain:
                    plain[str(key)] = _with_unset_text(item, plain[str(key)])
        elif _dumper(value) is not None:
            _add_unset_text(value, plain)
        return plain
    if (isinstance(plain, list) and isinstance(value, (list, tuple))
            and len(plain) == len(value)):
        return [_with_unset_text(v, p) for v, p in zip(value, plain)]
    return plain


def _field_keys(model: Any) -> List[Tuple[str, str]]:
    """The declared fields of a pydantic model, as (attribute name, key in
    a dump by alias): ``model_fields`` (pydantic 2), ``__fields__``
    (pydantic 1); none for a look-alike."""
    cls = type(model)
    fields = getattr(cls, "model_fields", None)
    if not isinstance(fields, dict):
        fields = getattr(cls, "__fields__", None)
    if not isinstance(fields, dict):
        return []
    keys = []
    for name, info in fields.items():
        alias = getattr(info, "alias", None)
        keys.append((str(name), alias if isinstance(alias, str) and alias else str(name)))
    return keys


def _holds_text(plain: Any) -> bool:
    """True when plain data has a non-empty string anywhere (a value, a
    list item or a key)."""
    if isinstance(plain, str):
        return bool(plain)
    if isinstance(plain, dict):
        return any(_holds_text(k) or _holds_text(v) for k, v in plain.items())
    if isinstance(plain, list):
        return any(_holds_text(v) for v in plain)
    return False


def _dumper(obj: Any) -> Optional[Callable[..., Any]]:
    """How a model gives its fields as plain data: pydantic 2's (and the
    OpenAI SDK's) ``model_dump``, pydantic 1's ``dict`` (Debian 12 ships
    pydantic 1); None for any other object."""
    dump = getattr(obj, "model_dump", None)
    if callable(dump):
        return dump  # type: ignore[no-any-return]
    dump = getattr(obj, "dict", None)
    if callable(dump) and isinstance(getattr(type(obj), "__fields__", None), dict):
        return dump  # type: ignore[no-any-return]
    return None


def _public_attributes(obj: Any) -> Optional[Dict[str, Any]]:
    """The attributes of an object: its whole instance state, from its
    ``__dict__`` and the ``__slots__`` of every class of its MRO (such as
    ``@dataclass(slots=True)``); None for an object that has neither.

    The guard must see all of it: the copy it gives back keeps nothing
    else. An object with state it cannot read as fields (a private
    attribute, such as the ``_content`` behind a ``content`` property) or
    with a public property is a TypeError."""
    cls = type(obj)
    has_dict = hasattr(obj, "__dict__")
    names: List[str] = list(vars(obj)) if has_dict else []
    for klass in cls.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        for name in (slots,) if isinstance(slots, str) else slots:
            if name not in ("__dict__", "__weakref__") and name not in names:
                names.append(name)
    for klass in cls.__mro__:
        if klass is object:
            continue
        for name, attribute in klass.__dict__.items():
            if not name.startswith("_") and _is_property(attribute):
                raise TypeError(f"lexgate.openai cannot read a {cls.__name__} object: its "
                                f"{name!r} is a property (the guard reads attributes only)")
    fields: Dict[str, Any] = {}
    for name in names:
        if not hasattr(obj, name):  # an empty slot
            continue
        if name.startswith("_"):
            raise TypeError(f"lexgate.openai cannot read a {cls.__name__} object: its "
                            f"attribute {name!r} is private (it may hold text the guard "
                            f"cannot screen)")
        fields[name] = getattr(obj, name)
    if not names and not has_dict:
        return None
    return fields


def _is_property(attribute: Any) -> bool:
    """True for a property or another descriptor that computes a value
    (not a method, not a slot)."""
    if isinstance(attribute, (property, functools.cached_property)):
        return True
    if isinstance(attribute, (types.FunctionType, types.MemberDescriptorType,
                              types.GetSetDescriptorType, staticmethod, classmethod)):
        return False
    kind = type(attribute)
    return hasattr(kind, "__get__") and (hasattr(kind, "__set__") or hasattr(kind, "__delete__"))


def rebuilder(original: Any) -> Callable[[Any], Any]:
    """A function that turns plain data back into the kind of
    ``original``."""
    if isinstance(original, Mapping):
        return _identity
    cls = type(original)
    if _dumper(original) is not None:
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
