"""Every option of lexgate's Python API, in one place: the normalization
switches, the stream options, the async offload size. The defaults are the
C++ library's (lexgate._core exports them); nothing here invents its own.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Tuple

from lexgate import _core

__all__ = [
    "ASYNC_OFFLOAD_CHARS",
    "DEFAULT_MAX_HOLD",
    "DEFAULT_STREAMING",
    "NORMALIZE_OPTIONS",
    "NORMALIZE_OPTION_DOCS",
    "check_normalize_options",
    "check_stream_options",
]

#: The normalization switches and their defaults (NormalizeOptions in
#: include/lexgate/normalize.h), applied alike to texts and keywords.
NORMALIZE_OPTIONS: Dict[str, bool] = _core.default_normalize_options()

#: What each switch does, for documentation and error messages.
NORMALIZE_OPTION_DOCS: Dict[str, str] = {
    "nfkc_casefold": "ＦＵＣＫ -> fuck, ① -> 1, ﬁ -> fi, a<TAB>  b -> a b",
    "drop_ignorables": "zero-width spaces and joiners, soft hyphens, bidi "
                       "controls, variation selectors are dropped",
    "traditional_to_simplified": "習近平 -> 习近平",
    "lookalikes": "Cyrillic а -> a",
    "strip_diacritics": "fück -> fuck",
    "drop_cjk_noise": "习 近 平, 习*近*平 -> 习近平",
    "join_spaced_letters": "f u c k, f.u.c.k -> fuck",
}
if set(NORMALIZE_OPTION_DOCS) != set(NORMALIZE_OPTIONS):  # pragma: no cover
    raise ImportError("lexgate._options is out of date with the native module: "
                      f"{sorted(set(NORMALIZE_OPTIONS) ^ set(NORMALIZE_OPTION_DOCS))}")

#: Engines compile the stream-mode database unless told otherwise.
DEFAULT_STREAMING: bool = _core.DEFAULT_STREAMING
#: Code points a stream holds back at most for one run that could still be
#: a single match (StreamOptions::max_hold).
DEFAULT_MAX_HOLD: int = _core.DEFAULT_MAX_HOLD

#: The async API (Engine.ascan/aredact/aguard, lexgate.openai) scans a text
#: of at least this many characters in a worker thread (asyncio.to_thread);
#: shorter texts are scanned on the event loop's thread. Measured with the
#: shipped packs on a 2-core machine: 8192 characters of mixed Chinese and
#: English take about 0.2 ms to scan, a hand-over to a thread and back about
#: 0.1 ms; below this size the hand-over would cost more than it frees the
#: loop for. The async calls take ``offload_chars=`` to change it.
ASYNC_OFFLOAD_CHARS: int = 8192


def check_normalize_options(options: Mapping[str, Any], caller: str) -> Dict[str, bool]:
    """The normalization switches in ``options``, checked: known names,
    bool values. Raises TypeError naming ``caller`` otherwise."""
    for name, value in options.items():
        if name not in NORMALIZE_OPTIONS:
            raise TypeError(f"{caller}() got an unexpected keyword argument {name!r} "
                            f"(normalization switches: {', '.join(NORMALIZE_OPTIONS)})")
        if not isinstance(value, bool):
            raise TypeError(f"{caller}(): {name} must be a bool, not {type(value).__name__}")
    return dict(options)


def check_stream_options(max_hold: Optional[int], batch: Optional[int]) -> Tuple[int, int]:
    """(max_hold, batch) with None replaced by the library's defaults.
    Raises ValueError for anything but a non-negative int that fits the
    native size type (the native side checks the ranges)."""
    hold = _core.DEFAULT_MAX_HOLD if max_hold is None else max_hold
    size = _core.AUTO_BATCH if batch is None else batch
    for name, value in (("max_hold", hold), ("batch", size)):
        if (isinstance(value, bool) or not isinstance(value, int) or value < 0
                or value >= 2**64):
            raise ValueError(f"{name} must be a non-negative int below 2**64, got {value!r}")
    return hold, size
