"""Finds the lexgate package under test.

The suite runs two ways:

1. Against a CMake build tree (how scripts/test runs it, after a build with
   -DLEXGATE_BUILD_PYTHON=ON): the first of
       $LEXGATE_PYTHON_BUILD_DIR                (a directory holding lexgate/)
       $LEXGATE_BUILD_DIR/bindings/python
       <repo>/build/bindings/python
   that holds a built lexgate/_core module is put first on sys.path.
2. Against an installed package (`pip install .` in a venv): set
   LEXGATE_TEST_INSTALLED=1 (or LEXGATE_PYTHON_BUILD_DIR to an empty
   string) and run the venv's python -m pytest.

Without either, the installed package is used if there is one; otherwise the
run stops with a message saying how to build it, rather than skipping
every test.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import pytest

REPO = Path(__file__).resolve().parents[2]


def _has_module(package_parent: Path) -> bool:
    return any((package_parent / "lexgate").glob("_core*.so")) or any(
        (package_parent / "lexgate").glob("_core*.pyd"))


def _build_tree() -> Optional[Path]:
    explicit = os.environ.get("LEXGATE_PYTHON_BUILD_DIR")
    if explicit is not None or os.environ.get("LEXGATE_TEST_INSTALLED") == "1":
        if not explicit:
            return None
        path = Path(explicit).resolve()
        if not _has_module(path):
            raise pytest.UsageError(
                f"LEXGATE_PYTHON_BUILD_DIR={explicit}: no lexgate/_core module there")
        return path
    candidates = []
    if os.environ.get("LEXGATE_BUILD_DIR"):
        candidates.append(Path(os.environ["LEXGATE_BUILD_DIR"]) / "bindings" / "python")
    candidates.append(REPO / "build" / "bindings" / "python")
    for candidate in candidates:
        if _has_module(candidate):
            return candidate.resolve()
    return None


BUILD_TREE = _build_tree()
if BUILD_TREE is not None:
    sys.path.insert(0, str(BUILD_TREE))

try:
    import lexgate  # noqa: E402
except ImportError as error:  # pragma: no cover - depends on the machine
    raise pytest.UsageError(
        f"cannot import lexgate ({error}). Build it with "
        "`cmake -S . -B build -DLEXGATE_BUILD_PYTHON=ON && cmake --build build` "
        "(or set LEXGATE_PYTHON_BUILD_DIR), or install it with `pip install .`"
    ) from error


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "install: builds the package with pip in a scratch venv, installs, "
        "uses and uninstalls it (about a minute; deselect with -m 'not install')")


def pytest_report_header(config: pytest.Config) -> str:
    where = f"build tree {BUILD_TREE}" if BUILD_TREE else "installed package"
    return f"lexgate {lexgate.__version__} from {Path(lexgate.__file__).parent} ({where})"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def default_engine() -> "lexgate.Engine":
    return lexgate.Engine.default()
