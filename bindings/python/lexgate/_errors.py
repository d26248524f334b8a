"""Exceptions raised by lexgate."""

from __future__ import annotations

from typing import Any, Optional, Tuple

__all__ = ["Error", "RuleError", "ScanError"]


class Error(Exception):
    """Base class of every exception lexgate raises on its own account.

    ``except lexgate.Error`` catches rule errors and scan errors alike;
    argument errors stay TypeError/ValueError as usual in Python.
    """


class ScanError(Error, RuntimeError):
    """A scan (or a streamed answer) that could not be completed: Hyperscan
    failed, memory ran out, a text was too large. Never a clean result:
    treat the text as refused."""


class RuleError(Error, ValueError):
    """A rule pack or a rule that cannot be loaded or compiled.

    The message is the C++ library's, ``"path:line: rule 'id': what"``; the
    same location is available as attributes:

    path:     the pack file (for a rule built with RuleSet.add_*(): the
              Python file that added it), or None when unknown.
    line:     1-based line in that file, or None when unknown.
    rule_id:  id of the offending rule, or None (e.g. a TOML syntax error
              outside any rule).
    unread_file: a file the rule names that could not be read (a missing
              ``keywords_file``), as the loader resolved it; else None.

    RuleError is a ValueError, so ``except ValueError`` catches it too.
    """

    def __init__(
        self,
        message: str,
        path: Optional[str] = None,
        line: Optional[int] = None,
        rule_id: Optional[str] = None,
        unread_file: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.rule_id = rule_id
        self.unread_file = unread_file

    def __reduce__(self) -> Tuple[Any, ...]:  # keep the fields across pickling
        return (type(self), (str(self), self.path, self.line, self.rule_id,
                             self.unread_file))
