"""lexgate.Engine and lexgate.RuleSet: thin, documented wrappers over the
native classes of lexgate._core."""

from __future__ import annotations

import errno
import os
import sys
import threading
from typing import (
    Any,
    Dict,
    Iterable,
    Iterator,
    List,
    Optional,
    Tuple,
    TypeVar,
    Union,
    overload,
)

from lexgate import _core
from lexgate._core import Match, ScanResult
from lexgate._paths import default_rules_path

__all__ = ["Engine", "RuleSet"]

StrPath = Union[str, "os.PathLike[str]"]
Text = Union[str, bytes, bytearray, memoryview]
_E = TypeVar("_E", bound="Engine")
_R = TypeVar("_R", bound="RuleSet")

# The normalization switches and their defaults, as the C++ library defines
# them (NormalizeOptions in include/lexgate/normalize.h).
NORMALIZE_OPTIONS: Dict[str, bool] = _core.default_normalize_options()



def _check_options(options: Dict[str, Any], caller: str) -> Dict[str, bool]:
    for name, value in options.items():
        if name not in NORMALIZE_OPTIONS:
            raise TypeError(f"{caller}() got an unexpected keyword argument {name!r}")
        if not isinstance(value, bool):
            raise TypeError(f"{caller}(): {name} must be a bool, not {type(value).__name__}")
    return dict(options)


def _path_list(paths: Union[StrPath, Iterable[StrPath]], caller: str) -> List[str]:
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    elif isinstance(paths, bytes):
        raise TypeError(f"{caller}(): paths must be str or os.PathLike, not bytes")
    out = [os.fspath(p) for p in paths]
    for p in out:
        if not isinstance(p, str):
            raise TypeError(f"{caller}(): paths must be str or os.PathLike, not {type(p).__name__}")
        if not os.path.exists(p):
            raise FileNotFoundError(errno.ENOENT, "no such rule pack file or directory", p)
    if not out:
        raise ValueError(f"{caller}() needs at least one path")
    return out


def _str_list(value: Union[str, Iterable[str]], what: str) -> List[str]:
    # A single str is one keyword/pattern, never a sequence of characters.
    if isinstance(value, str):
        return [value]
    if isinstance(value, (bytes, bytearray)):
        raise TypeError(f"{what} must be str or an iterable of str, not bytes")
    out = list(value)
    for item in out:
        if not isinstance(item, str):
            raise TypeError(f"{what} must hold str, not {type(item).__name__}")
    return out


def _check_str(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    return value


def _caller_location(depth: int = 2) -> Tuple[str, int]:
    """File and line of the code that called the public method."""
    try:
        frame = sys._getframe(depth)
    except (AttributeError, ValueError):  # pragma: no cover - other Pythons
        return "", 0
    return frame.f_code.co_filename, frame.f_lineno


class RuleSet:
    """Rules to compile into an Engine: packs loaded from files, rules built
    in code, or both.

        rules = (lexgate.RuleSet()
                 .load(lexgate.default_rules_path())        # the shipped packs
                 .add_keywords("acme.competitors", ["Globex", "Initech"],
                               category="brand", action="flag")
                 .add_regex("acme.ticket", r"tck-\\d{6}",   # folded: lower case
                            category="pii.ticket", replacement="[ticket]"))
        engine = rules.compile()

    Every add_* / load call returns the RuleSet itself, so calls chain.
    Errors in a rule raise RuleError; for rules added in code its path and
    line are those of the add_* call. A RuleSet is not thread-safe; the
    Engine it compiles is.
    """

    __slots__ = ("_core",)

    def __init__(self) -> None:
        self._core = _core.RuleSet()

    @classmethod
    def from_paths(cls: type[_R], paths: Union[StrPath, Iterable[StrPath]]) -> _R:
        """Return a RuleSet holding the packs in ``paths``.

        ``paths`` is a file or directory (every ``*.toml`` in it, in sorted
        order), or an iterable of them. Raises FileNotFoundError for a path
        that does not exist and RuleError for a pack that does not load.
        """
        rules = cls()
        rules._core.load(_path_list(paths, "from_paths"))
        return rules

    def load(self: _R, paths: Union[StrPath, Iterable[StrPath]]) -> _R:
        """Add the packs in ``paths`` (see from_paths()); return self.

        On error (RuleError, e.g. a rule id that is already in this set)
        the RuleSet is left unchanged.
        """
        self._core.load(_path_list(paths, "load"))
        return self

    def add_rule(
        self: _R,
        id: str,
        *,
        category: str,
        keywords: Union[str, Iterable[str]] = (),
        regexes: Union[str, Iterable[str]] = (),
        action: str = "mask",
        severity: int = 3,
        boundary: str = "auto",
        validator: Optional[str] = None,
        replacement: Optional[str] = None,
        normalize: bool = True,
    ) -> _R:
        """Add one rule with keywords, regexes or both; return self.

        id:           unique rule id, e.g. "acme.competitors".
        category:     category reported with each match, e.g. "profanity".
        keywords:     a str (one keyword) or an iterable of str. Keywords are
                      folded like the text (see Engine.fold()), so one
                      spelling catches its evasive variants.
        regexes:      a str (one pattern) or an iterable of patterns in
                      Hyperscan (PCRE subset) syntax, matched against the
                      folded text: lower case, ASCII digits, simplified
                      Chinese.
        action:       "block" | "mask" | "flag" | "allow". An allow rule
                      cancels every other match lying inside its match.
        severity:     1 (low) .. 5 (critical).
        boundary:     "auto" (whole words for Latin letters and digits,
                      anywhere for CJK) | "word" | "digit" (may not touch
                      another digit: phone and ID numbers) | "none".
        validator:    None | "luhn" (payment cards) | "cn_resident_id"
                      (GB 11643 check digit) | "iban" (ISO 13616 mod 97
                      and registered length): drops matches that fail it.
        replacement:  text that replaces a masked match; default one '*' per
                      character.
        normalize:    False to match the raw text instead of the folded text.

        Raises ValueError for an unknown action, boundary or validator name,
        TypeError for arguments of the wrong type and RuleError for a rule
        the set refuses (duplicate id, no keyword and no regex, severity
        outside 1..5). Empty keywords and bad regexes are reported by
        compile().
        """
        path, line = _caller_location()
        return self._add(
            id, category, _str_list(keywords, "keywords"), _str_list(regexes, "regexes"),
            action, severity, boundary, validator, replacement, normalize, path, line)

    def add_keywords(
        self: _R,
        id: str,
        words: Union[str, Iterable[str]],
        *,
        category: str,
        action: str = "mask",
        severity: int = 3,
        boundary: str = "auto",
        validator: Optional[str] = None,
        replacement: Optional[str] = None,
        normalize: bool = True,
    ) -> _R:
        """Add a keyword rule; return self. ``words`` is a str (one keyword)
        or an iterable of str; the other arguments are those of add_rule().

            rules.add_keywords("brand.rivals", ["Globex", "Initech"],
                               category="brand", action="flag")
        """
        path, line = _caller_location()
        return self._add(
            id, category, _str_list(words, "words"), [], action, severity,
            boundary, validator, replacement, normalize, path, line)

    def add_regex(
        self: _R,
        id: str,
        patterns: Union[str, Iterable[str]],
        *,
        category: str,
        action: str = "mask",
        severity: int = 3,
        boundary: str = "auto",
        validator: Optional[str] = None,
        replacement: Optional[str] = None,
        normalize: bool = True,
    ) -> _R:
        """Add a regex rule; return self. ``patterns`` is one pattern or an
        iterable of them (Hyperscan syntax, matched on the folded text); the
        other arguments are those of add_rule().

            rules.add_regex("pii.ticket", r"tck-\\d{6}", category="pii",
                            boundary="digit", replacement="[ticket]")
        """
        path, line = _caller_location()
        return self._add(
            id, category, [], _str_list(patterns, "patterns"), action, severity,
            boundary, validator, replacement, normalize, path, line)

    def _add(self: _R, id: Any, category: Any, keywords: List[str], regexes: List[str],
             action: Any, severity: Any, boundary: Any, validator: Any,
             replacement: Any, normalize: Any, path: str, line: int) -> _R:
        if not isinstance(severity, int) or isinstance(severity, bool):
            raise TypeError(f"severity must be an int, not {type(severity).__name__}")
        if not isinstance(normalize, bool):
            raise TypeError(f"normalize must be a bool, not {type(normalize).__name__}")
        self._core.add(
            id=_check_str(id, "id"),
            category=_check_str(category, "category"),
            action=_check_str(action, "action"),
            severity=severity,
            keywords=keywords,
            regexes=regexes,
            boundary=_check_str(boundary, "boundary"),
            validator="none" if validator is None else _check_str(validator, "validator"),
            replacement="" if replacement is None else _check_str(replacement, "replacement"),
            normalize=normalize,
            path=path,
            line=line,
        )
        return self

    def compile(
        self,
        *,
        nfkc_casefold: bool = True,
        drop_ignorables: bool = True,
        traditional_to_simplified: bool = True,
        lookalikes: bool = True,
        strip_diacritics: bool = True,
        drop_cjk_noise: bool = True,
        join_spaced_letters: bool = True,
        streaming: bool = True,
    ) -> "Engine":
        """Compile the rules into an Engine (the GIL is released meanwhile).

        Raises RuleError for a rule the matcher refuses: an empty keyword
        (also one that folds to nothing) or a regex Hyperscan rejects, with
        Hyperscan's message. The RuleSet may be changed and compiled again
        afterwards; engines already compiled are unaffected.

        Normalization switches (all True by default, as in C++), applied
        alike to the text and to the keywords:
            nfkc_casefold              ＦＵＣＫ -> fuck, ① -> 1, ﬁ -> fi
            drop_ignorables            zero-width spaces and joiners, soft
                                       hyphens, bidi controls, variation
                                       selectors
            traditional_to_simplified  習近平 -> 习近平
            lookalikes                 Cyrillic а -> a
            strip_diacritics           fück -> fuck
            drop_cjk_noise             习 近 平, 习*近*平 -> 习近平
            join_spaced_letters        f u c k, f.u.c.k -> fuck

        ``streaming`` also compiles the stream-mode database that
        Engine.stream() needs (on by default; off saves compile time and
        memory for very large keyword lists that are never streamed).
        """
        options = _check_options(dict(
            nfkc_casefold=nfkc_casefold,
            drop_ignorables=drop_ignorables,
            traditional_to_simplified=traditional_to_simplified,
            lookalikes=lookalikes,
            strip_diacritics=strip_diacritics,
            drop_cjk_noise=drop_cjk_noise,
            join_spaced_letters=join_spaced_letters,
        ), "compile")
        return Engine._wrap(self._core.compile(options, bool(streaming)))

    @property
    def ids(self) -> List[str]:
        """Ids of the rules, in the order they were added."""
        return self._core.ids()

    def __len__(self) -> int:
        return len(self._core)

    def __contains__(self, rule_id: object) -> bool:
        return isinstance(rule_id, str) and rule_id in self._core

    def __repr__(self) -> str:
        return f"<lexgate.RuleSet with {len(self)} rules>"


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

    Scanning releases the GIL, so threads sharing one engine scan in
    parallel; scan_many() spreads a batch over every core in one call.
    """

    __slots__ = ("_core", "__weakref__")

    _default_cache: Dict[Any, "Engine"] = {}
    _default_lock = threading.Lock()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError(
            "lexgate.Engine cannot be created directly: use Engine.default(), "
            "Engine.from_paths(), Engine.from_bytes() or RuleSet.compile()"
        )

    @classmethod
    def _wrap(cls: type[_E], core: _core.Engine) -> _E:
        engine = object.__new__(cls)
        engine._core = core
        return engine

    # --- construction -----------------------------------------------------

    @classmethod
    def from_paths(cls: type[_E], paths: Union[StrPath, Iterable[StrPath]],
                   *, streaming: bool = True, **options: bool) -> _E:
        """Load the packs in ``paths`` and compile them.

        ``paths`` is a pack file, a directory (every ``*.toml`` in it, in
        sorted order) or an iterable of them. ``options`` are the
        normalization switches of RuleSet.compile(), all True by default;
        ``streaming`` as in RuleSet.compile().

        Raises FileNotFoundError for a missing path and RuleError (a
        ValueError, with .path, .line and .rule_id) for a pack that does not
        load or compile.
        """
        options = _check_options(options, "from_paths")
        rules = RuleSet.from_paths(paths)
        return cls._wrap(rules._core.compile(options, bool(streaming)))

    @classmethod
    def default(cls: type[_E], *, streaming: bool = True, **options: bool) -> _E:
        """The engine of the shipped rule packs (see default_rules_path()).

        Compiled on first use and cached: every call with the same options
        returns the same (immutable, thread-safe) engine. ``options`` are the
        normalization switches of RuleSet.compile().
        """
        options = _check_options(options, "default")
        key = (cls, bool(streaming), tuple(sorted(options.items())))
        with cls._default_lock:
            engine = cls._default_cache.get(key)
            if engine is None:
                engine = cls.from_paths(default_rules_path(),
                                        streaming=streaming, **options)
                cls._default_cache[key] = engine
        return engine  # type: ignore[return-value]

    @classmethod
    def from_bytes(cls: type[_E], data: Union[bytes, bytearray, memoryview]) -> _E:
        """Restore an engine written by to_bytes(), without recompiling.

        Raises ValueError (with the reason) for data that is not a lexgate
        engine, is corrupted, or comes from another lexgate format version,
        Hyperscan version or platform; TypeError for a str.
        """
        return cls._wrap(_core.Engine.from_bytes(data))

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
    def scan(self, text: str) -> ScanResult[str]: ...
    @overload
    def scan(self, text: Union[bytes, bytearray, memoryview]) -> ScanResult[bytes]: ...

    def scan(self, text: Text) -> ScanResult[Any]:
        """Find every occurrence of every rule in ``text``.

        Returns a ScanResult: ``verdict`` ("allow" | "flag" | "mask" |
        "block", the strongest action found; "allow" when nothing matched)
        and ``matches``, a list of Match(rule, category, action, severity,
        start, end, text) ordered by start. ``bool(result)`` is True when
        something matched.

        For str input start/end are str indices and
        ``text[m.start:m.end] == m.text``; for bytes input they are byte
        offsets and m.text is bytes. Matches inside an allow rule's match
        are dropped; allow matches themselves are not listed.

        The GIL is released while scanning. Raises TypeError for anything
        but str or a bytes-like object.
        """
        return self._core.scan(text)

    @overload
    def redact(self, text: str, result: Optional[ScanResult[Any]] = None) -> str: ...
    @overload
    def redact(self, text: Union[bytes, bytearray, memoryview],
               result: Optional[ScanResult[Any]] = None) -> bytes: ...

    def redact(self, text: Text, result: Optional[ScanResult[Any]] = None) -> Union[str, bytes]:
        """Return ``text`` with every "mask" and "block" match replaced.

        A match becomes its rule's replacement (e.g. "[手机号]") or one '*'
        per character; overlapping matches are merged; nothing outside them
        changes (a str with no such match is returned as is). str in, str
        out; bytes-like in, bytes out.

        ``result``: the ScanResult of scan(text), to redact without scanning
        again:

            result = engine.scan(reply)
            if result.blocked:
                reply = REFUSAL
            elif result:
                reply = engine.redact(reply, result)

        Raises ValueError when ``result`` has a match outside ``text``.
        """
        return self._core.redact(text, result)

    def scan_many(self, texts: Iterable[Text], *, threads: Optional[int] = None
                  ) -> List[ScanResult[Any]]:
        """Scan a batch: ``[engine.scan(t) for t in texts]``, but in one call
        that releases the GIL and spreads the texts over ``threads`` threads
        (default: one per hardware thread; small batches stay on the calling
        thread). ``texts`` is any iterable of str/bytes.
        """
        if isinstance(texts, (str, bytes, bytearray, memoryview)):
            raise TypeError("scan_many() takes an iterable of texts, not a single "
                            f"{type(texts).__name__}: use scan() for one text")
        if threads is None:
            n = 0
        elif isinstance(threads, bool) or not isinstance(threads, int):
            raise TypeError(f"threads must be an int or None, not {type(threads).__name__}")
        elif threads < 1:
            raise ValueError(f"threads must be at least 1, not {threads}")
        else:
            n = threads
        return self._core.scan_many(texts, n)

    @overload
    def fold(self, text: str) -> str: ...
    @overload
    def fold(self, text: Union[bytes, bytearray, memoryview]) -> bytes: ...

    def fold(self, text: Text) -> Union[str, bytes]:
        """Return ``text`` as the keyword rules see it, after normalization
        (full-width -> ASCII, case folding, traditional -> simplified,
        look-alikes, diacritics, noise between characters …), to see why a
        rule does or does not match:

            engine.fold("習 近 平 ＦＵＣＫ")   # '习近平 fuck'
        """
        return self._core.fold(text)

    # --- streaming ------------------------------------------------------

    def stream(self, *, max_hold: Optional[int] = None,
               batch: Optional[int] = None) -> "Stream":
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

        The stream holds back only what a match can still cover, a few
        characters of ordinary prose. ``max_hold`` caps, in code points, the
        text held back for one run that could still be a single match (a
        100 KB line without spaces): past it the run is masked and reported
        as a match of rule ``lexgate.stream_overflow``. ``batch``: characters
        gathered before they are scanned together (0: every delta at once).
        None means the library's defaults (1024 and 12). Raises ValueError
        when the engine cannot stream (compiled with streaming=False, or a
        rule that matches unfolded text, normalize=False) or an option is
        out of range.
        """
        max_hold = _core.DEFAULT_MAX_HOLD if max_hold is None else max_hold
        batch = _core.AUTO_BATCH if batch is None else batch
        for name, value in (("max_hold", max_hold), ("batch", batch)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a non-negative int, got {value!r}")
        return Stream._wrap(self._core.stream(max_hold, batch))

    def guard(self, deltas: Iterable[Text], *, max_hold: Optional[int] = None,
              batch: Optional[int] = None) -> "Guard":
        """Wrap an iterable of deltas: iterating yields the safe, masked text
        as it becomes available, and stops (closing ``deltas`` if it has a
        ``close()``, as generators do) as soon as a block is known.

            g = engine.guard(openai_deltas)
            for safe in g:
                send(safe)
            if g.blocked:
                send("[refused]")
        """
        return Guard(self.stream(max_hold=max_hold, batch=batch), deltas)

    # --- introspection ----------------------------------------------------

    @property
    def options(self) -> Dict[str, bool]:
        """The normalization switches the engine was compiled with."""
        return self._core.options

    @property
    def rule_count(self) -> int:
        """Number of rules compiled into the engine."""
        return self._core.rule_count

    @property
    def database_bytes(self) -> int:
        """Total size of the compiled Hyperscan databases, in bytes."""
        return self._core.database_bytes

    def __repr__(self) -> str:
        return (f"<lexgate.Engine: {self.rule_count} rules, "
                f"{self.database_bytes} bytes of databases>")



class Stream:
    """The streaming guard for one answer (not thread-safe: one per answer).

    feed(delta) returns the text that has become safe to show, already
    masked; finish() returns the rest. For every way of splitting a text
    into deltas: no character that engine.scan(text) masks is ever returned
    unmasked; once a block is decided nothing more is returned (``blocked``,
    verdict "block"); and what the stream returns concatenates to
    engine.redact(text) unless the text is blocked or has a run longer than
    ``max_hold``. A stream that cannot finish its work (an internal error)
    raises lexgate.ScanError and is blocked from then on. Deltas are all str
    or all bytes; the output has the same type. For str deltas, lone
    surrogates come out as U+FFFD. Keeps no copy of the answer.
    """

    __slots__ = ("_core",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("lexgate.Stream is made by Engine.stream()")

    @classmethod
    def _wrap(cls, core: Any) -> "Stream":
        stream = object.__new__(cls)
        stream._core = core
        return stream

    def feed(self, delta: Text) -> Union[str, bytes]:
        """Add ``delta`` (any split, even inside a UTF-8 sequence for bytes)
        and return the text now safe to emit ('' when nothing is). Raises
        lexgate.ScanError if the stream fails."""
        return self._core.feed(delta)

    def finish(self) -> Union[str, bytes]:
        """End the text and return the rest ('' after a block). Raises
        lexgate.ScanError if the stream fails."""
        return self._core.finish()

    @property
    def verdict(self) -> str:
        """The strongest action decided so far: allow, flag, mask or block."""
        return self._core.verdict

    @property
    def blocked(self) -> bool:
        """True once a block was decided (or the stream failed): nothing
        more will be returned; stop the answer and the model."""
        return self._core.blocked

    @property
    def error(self) -> Optional[str]:
        """Why the stream failed, or None."""
        return self._core.error

    @property
    def matches(self) -> "List[Match[Any]]":
        """The matches decided so far, with offsets into the whole text fed
        (str indices for str deltas, byte offsets for bytes)."""
        return self._core.matches

    @property
    def held_back(self) -> int:
        """Code points fed but not returned yet."""
        return self._core.held_back

    @property
    def finished(self) -> bool:
        return self._core.finished

    def __repr__(self) -> str:
        return (f"<lexgate.Stream verdict={self.verdict!r}, "
                f"{self.held_back} characters held back>")


class Guard:
    """Iterates over the safe pieces of a stream of deltas (Engine.guard()).

    Empty pieces are skipped. Iteration stops early, without reading further
    deltas, when a block rule fires; ``verdict``, ``blocked`` and ``matches``
    tell what happened once (or while) iterating.
    """

    __slots__ = ("stream", "_deltas")

    def __init__(self, stream: Stream, deltas: Iterable[Text]) -> None:
        self.stream = stream
        self._deltas = deltas

    def __iter__(self) -> "Iterator[Union[str, bytes]]":
        stream = self.stream
        try:
            for delta in self._deltas:
                safe = stream.feed(delta)
                if stream.blocked:
                    return
                if safe:
                    yield safe
            rest = stream.finish()
            if rest:
                yield rest
        finally:
            # Stop the source (a model's generator) on a block, an error or
            # when the consumer stops early.
            close = getattr(self._deltas, "close", None)
            if callable(close):
                close()

    @property
    def verdict(self) -> str:
        return self.stream.verdict

    @property
    def blocked(self) -> bool:
        return self.stream.blocked

    @property
    def matches(self) -> "List[Match[Any]]":
        return self.stream.matches
