"""Where the shipped rule packs are."""

from __future__ import annotations

from pathlib import Path

__all__ = ["default_rules_path"]


def default_rules_path() -> Path:
    """Return the directory of the shipped rule packs (the default rule set).

    An installed package carries them as package data in ``lexgate/rules``;
    a CMake build tree links that name to the source tree's ``rules/``. As a
    last resort the directories above this file are searched for a lexgate
    source tree. Raises FileNotFoundError when there is none.
    """
    here = Path(__file__).parent
    packaged = here / "rules"
    if packaged.is_dir():
        return packaged
    for parent in here.resolve().parents:
        if (parent / "rules").is_dir() and (parent / "include" / "lexgate").is_dir():
            return parent / "rules"
    raise FileNotFoundError(
        f"lexgate's rule packs are missing: neither {packaged} nor a source "
        "tree's rules/ directory was found (reinstall lexgate, or use "
        "Engine.from_paths() with your own packs)"
    )
