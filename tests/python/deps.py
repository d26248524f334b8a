"""Test dependencies that scripts/setup installs (Debian packages).

A missing one fails the run instead of skipping its tests, so that a CI
machine without it cannot pass by testing less. LEXGATE_SKIP_MISSING_DEPS=1
turns that into a skip, for a developer machine without them.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest

SKIP_ENV = "LEXGATE_SKIP_MISSING_DEPS"


def require(module: str) -> ModuleType:
    """``module``, imported; ImportError (a collection error) or, with
    LEXGATE_SKIP_MISSING_DEPS=1, a skip when it is missing."""
    if os.environ.get(SKIP_ENV) == "1":
        return pytest.importorskip(module)
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(f"test dependency {module!r} is missing: run scripts/setup "
                          f"(or set {SKIP_ENV}=1 to skip the tests that need it)") from error


def require_executable(*candidates: str) -> str:
    """The first of ``candidates`` (command names looked up on PATH, or
    paths) that exists and is executable; like require(), a missing one
    fails the test, or with LEXGATE_SKIP_MISSING_DEPS=1 skips it."""
    import shutil

    for candidate in candidates:
        found = shutil.which(candidate)
        if found:
            return found
    message = (f"test dependency missing: none of {', '.join(candidates)} is installed: "
               f"run scripts/setup (or set {SKIP_ENV}=1 to skip the tests that need it)")
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(message)
    pytest.fail(message, pytrace=False)
