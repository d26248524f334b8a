"""lexgate.Engine: a compiled rule set, immutable and thread-safe."""

from __future__ import annotations

import asyncio
import os
import threading
from typing import (
    Any,
    AnyStr,
    AsyncIterable,
    Dict,
    Iterable,
    List,
    Literal,
    Optional,
    Tuple,
    TypeVar,
    Union,
    overload,
)

from lexgate import _core as native
from lexgate import _options
from lexgate._core import ScanResult
from lexgate._paths import default_rules_path
from lexgate._policy import Policy, core_policy
from lexgate._rules import Category, RuleInfo, RuleSet, StrPath, native_paths, path_list
from lexgate._stream import AsyncGuard, Guard, Stream

__all__ = ["Engine"]

Buffer = Union[bytes, bytearray, memoryview]
Text = Union[str, Buffer]
#: How much of each match a scan fills in: "full", or "brief" (no pattern,
#: variant "none").
Detail = Literal["full", "brief"]
_E = TypeVar("_E", bound="Engine")


def _engine_from_bytes(blob: bytes) -> "Engine":
    # Module-level so that pickle can name it.
    return Engine.from_bytes(blob)


class Engine:
    """A compiled rule set: immutable, thread-safe, picklable.

    Make one with Engine.default() (the shipped packs),
    Engine.from_paths(paths) (your packs), RuleSet.compile() (rules built in
    code) or Engine.from_bytes() (a serialized engine), once, and share it:

        engine = lexgate.Engine.default()
        result = engine.scan("电话13812345678, what the ＦＵＣＫ")
        result.verdict        # 'mask'
        [(m.rule, m.start, m.end, m.text) for m in result.matches]
        # [('pii.cn.mobile', 2, 13, '13812345678'), ('profanity.en', 24, 28, 'ＦＵＣＫ')]
        engine.redact("电话13812345678, what the ＦＵＣＫ")
        # '电话[手机号], what the ****'

    Text is str or bytes. For str, offsets are str indices (code points) and
    ``text[m.start:m.end] == m.text`` always holds, emoji and other
    astral-plane characters included; lone surrogates are scanned as U+FFFD.
    bytes (or bytearray/memoryview) are taken as UTF-8 (invalid bytes never
    match a keyword); offsets are then byte offsets and Match.text is bytes.

    What runs where: scan(), redact(), scan_many() and fold() run on the
    calling thread with the GIL released, so threads sharing one engine
    scan in parallel (scan_many() spreads a batch over every core). Async
    code calls ascan()/aredact()/aguard(): texts of at least
    lexgate.ASYNC_OFFLOAD_CHARS characters go to a worker thread
    (asyncio.to_thread), shorter ones are scanned on the event loop's thread
    because the hand-over would cost more than the scan.

    ``policy=`` (lexgate.Policy) gives a per-request view of the results:
    categories disabled, actions overridden, within the policy's limits.
    """

    __slots__ = ("_core", "_rules", "__weakref__")
    _core: native.Engine
    _rules: Optional[List[RuleInfo]]

    _default_cache: Dict[Any, "Engine"] = {}
    _default_lock = threading.Lock()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError(
            "lexgate.Engine cannot be created directly: use Engine.default(), "
            "Engine.from_paths(), Engine.from_bytes() or RuleSet.compile()"
        )

    @classmethod
    def _wrap(cls: type[_E], core: native.Engine) -> _E:
        engine = object.__new__(cls)
        engine._core = core
        engine._rules = None
        return engine

    # --- construction -----------------------------------------------------

    @classmethod
    def from_paths(cls: type[_E], paths: Union[StrPath, Iterable[StrPath]],
                   *, streaming: bool = _options.DEFAULT_STREAMING, **options: bool) -> _E:
        """Load the packs in ``paths`` and compile them.

        ``paths`` is a pack file, a directory (every ``*.toml`` in it) or an
        iterable of them; ``options`` are the normalization switches of
        RuleSet.compile(), all True by default; ``streaming`` as in
        RuleSet.compile().

        Raises FileNotFoundError for a missing path and RuleError (a
        ValueError, with .path, .line and .rule_id) for a pack that does not
        load or compile, and for packs that declare no rule (the taxonomy
        file categories.toml alone): such an engine would screen nothing,
        every text passing as clean. (An empty RuleSet still compiles.)
        """
        checked = _options.check_normalize_options(options, "from_paths")
        files = path_list(paths, "from_paths")
        rules = RuleSet.from_paths(files)
        rules._core.require_rules(native_paths(files))
        return cls._wrap(rules._core.compile(checked, bool(streaming)))

    @classmethod
    def default(cls: type[_E], *, streaming: bool = _options.DEFAULT_STREAMING,
                **options: bool) -> _E:
        """The engine of the shipped rule packs (see default_rules_path()).

        Compiled on first use and cached: every call with the same options
        returns the same (immutable, thread-safe) engine. ``options`` are the
        normalization switches of RuleSet.compile().
        """
        checked = _options.check_normalize_options(options, "default")
        key = (cls, bool(streaming), tuple(sorted(checked.items())))
        with cls._default_lock:
            engine = cls._default_cache.get(key)
            if engine is None:
                engine = cls.from_paths(default_rules_path(), streaming=streaming, **checked)
                cls._default_cache[key] = engine
        return engine  # type: ignore[return-value]

    @classmethod
    def from_bytes(cls: type[_E], data: Buffer) -> _E:
        """Restore an engine written by to_bytes(), without recompiling.

        Raises ValueError (with the reason) for data that is not a lexgate
        engine, is corrupted, or comes from another lexgate format version,
        Hyperscan version or platform; TypeError for a str.
        """
        return cls._wrap(native.Engine.from_bytes(data))

    @classmethod
    def load(cls: type[_E], path: StrPath) -> _E:
        """Load an engine saved with to_bytes() (or `lexgate-filter compile`)
        from its file, faster than from_bytes(): the file is mapped, and its
        stream database is read only by the first stream (Engine::Load).

        The file stays open while the engine lives: replace it by renaming
        another file over it, not by rewriting it in place. Raises
        FileNotFoundError / PermissionError / OSError when the file cannot
        be read, ValueError (with the reason) when it is not a usable
        engine.
        """
        # os.fsencode: a file name that is not UTF-8 reaches its file.
        return cls._wrap(native.Engine.from_file(os.fsencode(path)))

    def to_bytes(self) -> bytes:
        """Serialize the compiled engine (databases, rule table, options).

        The blob loads with Engine.from_bytes() on the same platform and
        lexgate/Hyperscan versions; this is also how an Engine pickles, so
        it can be shipped to worker processes without recompiling.
        """
        return self._core.to_bytes()

    def __reduce__(self) -> Tuple[Any, Tuple[bytes]]:
        return (_engine_from_bytes, (self.to_bytes(),))

    def __copy__(self: _E) -> _E:
        return self  # immutable

    def __deepcopy__(self: _E, memo: Dict[int, Any]) -> _E:
        return self  # immutable

    # --- scanning ---------------------------------------------------------

    @overload
    def scan(self, text: str, *, policy: Optional[Policy] = None,
             detail: Detail = "full") -> ScanResult[str]: ...
    @overload
    def scan(self, text: Buffer, *, policy: Optional[Policy] = None,
             detail: Detail = "full") -> ScanResult[bytes]: ...

    def scan(self, text: Text, *, policy: Optional[Policy] = None,
             detail: Detail = "full") -> ScanResult[Any]:
        """Find every occurrence of every rule in ``text``.

        Returns a ScanResult: ``verdict`` ("allow" | "flag" | "mask" |
        "block", the strongest action found; "allow" when nothing matched)
        and ``matches``, a list of Match(rule, category, action, severity,
        start, end, text) ordered by start. ``bool(result)`` is True when
        something matched; ``result.to_dict()`` is its JSON form.

        For str input start/end are str indices and
        ``text[m.start:m.end] == m.text``; for bytes input they are byte
        offsets and m.text is bytes. Matches inside an allow rule's match
        are dropped; allow matches themselves are not listed. With a
        ``policy``, the result is the policy's view (see lexgate.Policy).

        ``detail="brief"``: the same verdict and matches (rule, category,
        action, severity, span and text) without ``pattern`` (``""``) and
        ``variant`` (``"none"``), which the engine then does not work out:
        for callers that count, redact or decide, not explain (C++
        ``MatchDetail::kBrief``).

        The GIL is released while scanning. Raises TypeError for anything
        but str or a bytes-like object, lexgate.ScanError when the scan
        cannot be completed (never a clean result).
        """
        return self._core.scan(text, core_policy(policy), _brief(detail))

    @overload
    def redact(self, text: str, result: Optional[ScanResult[Any]] = None, *,
               policy: Optional[Policy] = None) -> str: ...
    @overload
    def redact(self, text: Buffer, result: Optional[ScanResult[Any]] = None, *,
               policy: Optional[Policy] = None) -> bytes: ...

    def redact(self, text: Text, result: Optional[ScanResult[Any]] = None, *,
               policy: Optional[Policy] = None) -> Union[str, bytes]:
        """Return ``text`` with every "mask" and "block" match replaced.

        A match becomes its rule's replacement (e.g. "[手机号]") or one '*'
        per character; overlapping matches are merged; nothing outside them
        changes (a str with no such match is returned as is). str in, str
        out; bytes-like in, bytes out.

        ``result``: the ScanResult of scan(text) (with the same policy), to
        redact without scanning again:

            result = engine.scan(reply)
            if result.blocked:
                reply = REFUSAL
            elif result:
                reply = engine.redact(reply, result)

        ``policy`` (without ``result``): mask what the policy's view masks.
        Raises ValueError when ``result`` has a match outside ``text``.
        """
        if result is None and policy is not None:
            result = self.scan(text, policy=policy)
        return self._core.redact(text, result)

    def scan_many(self, texts: Iterable[Text], *, threads: Optional[int] = None,
                  policy: Optional[Policy] = None,
                  detail: Detail = "full") -> List[ScanResult[Any]]:
        """Scan a batch: ``[engine.scan(t, detail=detail) for t in texts]``,
        but in one call that releases the GIL and spreads the texts over
        ``threads`` threads (default: one per hardware thread; small batches
        stay on the calling thread). ``texts`` is any iterable of str/bytes.
        """
        brief = _brief(detail)
        if isinstance(texts, (str, bytes, bytearray, memoryview)):
            raise TypeError("scan_many() takes an iterable of texts, not a single "
                            f"{type(texts).__name__}: use scan() for one text")
        try:
            texts = iter(texts)
        except TypeError:
            raise TypeError("scan_many() takes an iterable of texts, "
                            f"not {type(texts).__name__}") from None
        if threads is None:
            n = 0
        elif isinstance(threads, bool) or not isinstance(threads, int):
            raise TypeError(f"threads must be an int or None, not {type(threads).__name__}")
        elif threads < 1:
            raise ValueError(f"threads must be at least 1, not {threads}")
        else:
            # No more threads start than there are texts: a huge count is
            # clamped rather than refused by the native size type.
            n = min(threads, 2**32)
        return self._core.scan_many(texts, n, core_policy(policy), brief)

    @overload
    def fold(self, text: str) -> str: ...
    @overload
    def fold(self, text: Buffer) -> bytes: ...

    def fold(self, text: Text) -> Union[str, bytes]:
        """Return ``text`` as the keyword rules see it, after normalization
        (full-width -> ASCII, case folding, traditional -> simplified,
        look-alikes, diacritics, noise between characters …), to see why a
        rule does or does not match:

            engine.fold("習 近 平 ＦＵＣＫ")   # '习近平 fuck'
        """
        return self._core.fold(text)

    # --- async --------------------------------------------------------------

    @overload
    async def ascan(self, text: str, *, policy: Optional[Policy] = None,
                    offload_chars: Optional[int] = None,
                    detail: Detail = "full") -> ScanResult[str]: ...
    @overload
    async def ascan(self, text: Buffer, *, policy: Optional[Policy] = None,
                    offload_chars: Optional[int] = None,
                    detail: Detail = "full") -> ScanResult[bytes]: ...

    async def ascan(self, text: Text, *, policy: Optional[Policy] = None,
                    offload_chars: Optional[int] = None,
                    detail: Detail = "full") -> ScanResult[Any]:
        """scan() for async code: a text of at least ``offload_chars``
        characters (default lexgate.ASYNC_OFFLOAD_CHARS) is scanned in a
        worker thread with asyncio.to_thread, so that the event loop goes
        on; a shorter one on the loop's own thread."""
        brief = _brief(detail)
        if len(text) >= _offload(offload_chars):
            return await asyncio.to_thread(self._core.scan, text, core_policy(policy),
                                           brief)
        return self._core.scan(text, core_policy(policy), brief)

    @overload
    async def aredact(self, text: str, result: Optional[ScanResult[Any]] = None, *,
                      policy: Optional[Policy] = None,
                      offload_chars: Optional[int] = None) -> str: ...
    @overload
    async def aredact(self, text: Buffer, result: Optional[ScanResult[Any]] = None, *,
                      policy: Optional[Policy] = None,
                      offload_chars: Optional[int] = None) -> bytes: ...

    async def aredact(self, text: Text, result: Optional[ScanResult[Any]] = None, *,
                      policy: Optional[Policy] = None,
                      offload_chars: Optional[int] = None) -> Union[str, bytes]:
        """redact() for async code, offloaded as ascan() is."""
        if len(text) >= _offload(offload_chars):
            return await asyncio.to_thread(self.redact, text, result,  # type: ignore[arg-type]
                                           policy=policy)
        return self.redact(text, result, policy=policy)

    # --- streaming ------------------------------------------------------

    @overload
    def stream(self, text_type: type[str] = ..., *, max_hold: Optional[int] = None,
               batch: Optional[int] = None, policy: Optional[Policy] = None) -> Stream[str]: ...
    @overload
    def stream(self, text_type: type[bytes], *, max_hold: Optional[int] = None,
               batch: Optional[int] = None, policy: Optional[Policy] = None) -> Stream[bytes]: ...

    def stream(self, text_type: Optional[type] = None, *, max_hold: Optional[int] = None,
               batch: Optional[int] = None, policy: Optional[Policy] = None) -> Stream[Any]:
        """Open a guard for one streamed answer: feed it the model's deltas
        and emit what it returns.

            s = engine.stream()
            for delta in deltas:
                send(s.feed(delta))       # masked, safe to show
                if s.blocked:             # stop the answer (and the model)
                    break
            else:
                send(s.finish())          # the held-back tail
            if s.blocked:
                send("[refused]")

        ``text_type``: str or bytes, the type of the deltas (for type
        checkers; checked at run time when given). Without it the first
        delta fixes the type, typed as str.

        The stream holds back only what a match can still cover, a few
        characters of ordinary prose. ``max_hold`` caps, in code points, the
        text held back for one run that could still be a single match (a
        100 KB line without spaces): past it the run is masked and reported
        as a match of rule ``lexgate.stream_overflow``. ``batch``: characters
        gathered before they are scanned together (0: every delta at once).
        None means the library's defaults. ``policy``: the stream masks,
        releases, stops and reports by its actions (see lexgate.Policy). Raises
        ValueError when the engine cannot stream (compiled with
        streaming=False, or a rule that matches unfolded text,
        normalize=False) or an option is out of range.
        """
        hold, size = _options.check_stream_options(max_hold, batch)
        core = self._core.stream(hold, size, core_policy(policy))
        return Stream._wrap(core, self, policy, text_type)

    @overload
    def guard(self, deltas: Iterable[str], *, max_hold: Optional[int] = None,
              batch: Optional[int] = None, policy: Optional[Policy] = None) -> Guard[str]: ...
    @overload
    def guard(self, deltas: Iterable[bytes], *, max_hold: Optional[int] = None,
              batch: Optional[int] = None, policy: Optional[Policy] = None) -> Guard[bytes]: ...

    def guard(self, deltas: Iterable[Any], *, max_hold: Optional[int] = None,
              batch: Optional[int] = None, policy: Optional[Policy] = None) -> Guard[Any]:
        """Wrap an iterable of deltas: iterating yields the safe, masked text
        as it becomes available, and stops (closing ``deltas`` if it has a
        ``close()``, as generators do) as soon as a block is known.

            g = engine.guard(openai_deltas)
            for safe in g:
                send(safe)
            if g.blocked:
                send("[refused]")
        """
        if hasattr(deltas, "__aiter__") and not hasattr(deltas, "__iter__"):
            raise TypeError("guard() needs a plain iterable; use aguard() for an "
                            f"async one ({type(deltas).__name__})")
        return Guard(self.stream(max_hold=max_hold, batch=batch, policy=policy), deltas)

    @overload
    def aguard(self, deltas: AsyncIterable[str], *, max_hold: Optional[int] = None,
               batch: Optional[int] = None, policy: Optional[Policy] = None,
               offload_chars: Optional[int] = None) -> AsyncGuard[str]: ...
    @overload
    def aguard(self, deltas: AsyncIterable[bytes], *, max_hold: Optional[int] = None,
               batch: Optional[int] = None, policy: Optional[Policy] = None,
               offload_chars: Optional[int] = None) -> AsyncGuard[bytes]: ...

    def aguard(self, deltas: AsyncIterable[Any], *, max_hold: Optional[int] = None,
               batch: Optional[int] = None, policy: Optional[Policy] = None,
               offload_chars: Optional[int] = None) -> AsyncGuard[Any]:
        """guard() for an async iterable of deltas (an async generator, an
        httpx/OpenAI async stream): an async iterator of the safe, masked
        text that stops reading and closes the source (``aclose()``) as
        soon as a block is known.

            guard = engine.aguard(model_deltas())
            async for safe in guard:
                await send(safe)
            if guard.blocked:
                await send("[refused]")

        Deltas of at least ``offload_chars`` characters (default
        lexgate.ASYNC_OFFLOAD_CHARS) are scanned in a worker thread.
        """
        return AsyncGuard(self.stream(max_hold=max_hold, batch=batch, policy=policy),
                          deltas, _offload(offload_chars))

    # --- introspection ----------------------------------------------------

    @property
    def fingerprint(self) -> str:
        """16 hex digits identifying the compiled rules (ids, categories,
        actions, keywords, regexes, options, fold data; not paths or load
        order): the same after pickling, on every platform. Logs and audit
        records carry it to say which rules decided."""
        return self._core.fingerprint

    @property
    def declared_categories(self) -> Dict[str, Category]:
        """The categories the packs declared beyond the shipped taxonomy
        (lexgate.taxonomy()), code -> Category, in declaration order: kept
        in a saved engine, so that what a loaded engine reports is named as
        the packs name it."""
        return {code: Category(code, zh, en, description, risk)
                for code, zh, en, description, risk
                in self._core.declared_categories()}

    @property
    def rules(self) -> List[RuleInfo]:
        """The compiled rules, in rule order: RuleInfo(id, category, action,
        severity, keywords, regexes) with the number of keywords (folded,
        deduplicated) and regexes each compiled to."""
        if self._rules is None:
            self._rules = [RuleInfo(*r) for r in self._core.rules()]
        return list(self._rules)

    @property
    def options(self) -> Dict[str, bool]:
        """The normalization switches the engine was compiled with."""
        return self._core.options

    @property
    def rule_count(self) -> int:
        """Number of rules compiled into the engine."""
        return self._core.rule_count

    @property
    def streaming(self) -> bool:
        """Whether the engine was compiled to stream (``streaming=True``,
        the default): stream(), guard() and aguard() need it."""
        return self._core.streaming

    @property
    def database_bytes(self) -> int:
        """Total size of the compiled matching tables, in bytes: the
        Hyperscan databases and the letter-variant automata."""
        return self._core.database_bytes

    def __repr__(self) -> str:
        return (f"<lexgate.Engine {self.fingerprint}: {self.rule_count} rules, "
                f"{self.database_bytes} bytes of databases>")


def _brief(detail: Any) -> bool:
    """Whether ``detail`` ("full" | "brief") asks for brief matches."""
    if not isinstance(detail, str):
        raise TypeError(f"detail must be 'full' or 'brief', not {type(detail).__name__}")
    if detail not in ("full", "brief"):
        raise ValueError(f"detail must be 'full' or 'brief', not {detail!r}")
    return detail == "brief"


def _offload(offload_chars: Optional[int]) -> int:
    if offload_chars is None:
        return _options.ASYNC_OFFLOAD_CHARS
    if isinstance(offload_chars, bool) or not isinstance(offload_chars, int) or offload_chars < 0:
        raise ValueError(f"offload_chars must be a non-negative int, got {offload_chars!r}")
    return offload_chars
