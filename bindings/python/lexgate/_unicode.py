"""The check that a str the native layer takes is Unicode text."""

from __future__ import annotations

__all__ = ["check_unicode"]


def check_unicode(value: str, what: str) -> str:
    """``value`` if it is Unicode text; ValueError naming ``what`` for a
    lone surrogate (a str decoded with surrogateescape or built from a
    broken UTF-16 pair), which no rule file could hold and UTF-8 cannot
    carry to the native layer (pybind11 would refuse the whole call with a
    dump of its overloads)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as why:
        raise ValueError(f"{what} holds a lone surrogate (U+{ord(value[why.start]):04X} at "
                         f"index {why.start}): not Unicode text") from None
    return value
