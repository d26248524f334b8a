"""lexgate.RuleSet (rules to compile, from packs or built in code), the
category taxonomy, and what a compiled engine says about its rules."""

from __future__ import annotations

import errno
import os
import sys
from typing import (TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, NamedTuple, Optional,
                    Sequence, Tuple, TypeVar, Union)

from lexgate import _core
from lexgate._errors import RuleError
from lexgate._options import DEFAULT_STREAMING, check_normalize_options
from lexgate._unicode import check_unicode

if TYPE_CHECKING:
    from lexgate._engine import Engine

__all__ = ["Category", "PackInfo", "RuleInfo", "RuleSet", "StrPath", "path_list", "taxonomy"]

StrPath = Union[str, "os.PathLike[str]"]
_R = TypeVar("_R", bound="RuleSet")


class Category(NamedTuple):
    """A category of the taxonomy: the code rules write as ``category``,
    with its Chinese and English names and the GB/T 45654 Appendix A risk it
    rolls up to (``risk``: "A.4.6" for pii; "" on an Appendix A code, which
    is its own risk, and on a code that inherits its ancestor's: see
    RuleSet.risk_of())."""

    code: str
    zh: str
    en: str
    description: str = ""
    risk: str = ""


class PackInfo(NamedTuple):
    """A loaded rule pack's [pack] table (RuleSet.packs): ``version`` and
    ``updated`` (YYYY-MM-DD) are "" when the pack gives none."""

    name: str
    description: str
    version: str
    updated: str
    path: str


class RuleInfo(NamedTuple):
    """One rule of a compiled engine (Engine.rules)."""

    id: str
    category: str
    action: str
    severity: int
    #: keywords compiled for the rule (folded and deduplicated)
    keywords: int
    #: regexes compiled for the rule
    regexes: int


def taxonomy() -> Dict[str, Category]:
    """The shipped category taxonomy (rules/categories.toml, compiled into
    the library), code -> Category, in declaration order: the 31 risks of
    GB/T 45654-2025 Appendix A (A.1 .. A.5.2) and the operational
    categories pii.*, secret.*, profanity*, spam.*.

        lexgate.taxonomy()["pii.phone"].zh    # '电话号码'
    """
    return {code: Category(code, zh, en, description, risk)
            for code, zh, en, description, risk in _core.taxonomy()}


def path_list(paths: Union[StrPath, Iterable[StrPath]], caller: str) -> List[str]:
    """``paths`` (one path or an iterable of them) as a list of existing
    paths. Raises TypeError, FileNotFoundError or ValueError (empty)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    elif isinstance(paths, bytes):
        raise TypeError(f"{caller}(): paths must be str or os.PathLike, not bytes")
    try:
        items = list(paths)
    except TypeError:
        raise TypeError(f"{caller}(): paths must be str, os.PathLike or an iterable of "
                        f"them, not {type(paths).__name__}") from None
    out = [os.fspath(p) if isinstance(p, os.PathLike) else p for p in items]
    for p in out:
        if not isinstance(p, str):
            raise TypeError(f"{caller}(): paths must be str or os.PathLike, not {type(p).__name__}")
        if not os.path.exists(p):
            raise FileNotFoundError(errno.ENOENT, "no such rule pack file or directory", p)
    if not out:
        raise ValueError(f"{caller}() needs at least one path")
    return out


def native_paths(paths: List[str]) -> List[bytes]:
    """Paths as the native layer takes them: os.fsencode()d, so that a file
    name that is not UTF-8 (which Python holds as a str with surrogate
    escapes) reaches its file."""
    return [os.fsencode(p) for p in paths]


def _str_list(value: Union[str, Iterable[str]], what: str) -> List[str]:
    # A single str is one keyword/pattern, never a sequence of characters.
    if isinstance(value, str):
        return [check_unicode(value, what)]
    if isinstance(value, (bytes, bytearray)):
        raise TypeError(f"{what} must be str or an iterable of str, not bytes")
    try:
        out = list(value)
    except TypeError:
        raise TypeError(f"{what} must be str or an iterable of str, "
                        f"not {type(value).__name__}") from None
    for item in out:
        if not isinstance(item, str):
            raise TypeError(f"{what} must hold str, not {type(item).__name__}")
        check_unicode(item, what)
    return out


_T = TypeVar("_T", str, int, bool)
_TYPE_NAMES = {str: "a str", int: "an int", bool: "a bool"}


def _checked(value: Any, kind: type[_T], what: str) -> _T:
    # bool is an int in Python, never one here.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{what} must be {_TYPE_NAMES[kind]}, not {type(value).__name__}")
    if kind is int:
        check_int32(value, what)  # type: ignore[arg-type]
    return value


def check_int32(value: int, what: str) -> None:
    """The rule's checks (and the C++ fields) take 32-bit ints: a larger
    one is a ValueError naming the argument, not pybind11's "incompatible
    function arguments" TypeError. Values inside it are checked there."""
    if not -2**31 <= value < 2**31:
        raise ValueError(f"{what} {value} is out of range")


def _check_str(value: Any, what: str) -> str:
    return check_unicode(_checked(value, str, what), what)


def _caller_location(depth: int = 2) -> Tuple[str, int]:
    """File and line of the code that called the public method."""
    try:
        frame = sys._getframe(depth)
    except (AttributeError, ValueError):  # pragma: no cover - other Pythons
        return "", 0
    return frame.f_code.co_filename, frame.f_lineno


def _rule_spec(path: str, line: int, *, id: Any, category: Any,
               keywords: Sequence[str] = (), regexes: Sequence[str] = (),
               action: Any = "mask", severity: Any = 3, boundary: Any = "auto",
               validator: Any = None, replacement: Any = None, normalize: Any = True,
               mask_char: Any = "*", mask_keep: Any = (0, 0), variants: Any = (),
               leet: Any = None, pinyin: Any = "off", homophones: Any = False,
               readings: Any = None, max_expansions: Any = 4096,
               all_of: Any = (), none_of: Any = (), within: Any = None) -> Any:
    """The native RuleSpec of a rule added in code, every argument checked;
    the one place the arguments of add_rule() and its shorthands meet."""
    spec = _core.RuleSpec()
    spec.id = _check_str(id, "id")
    spec.category = _check_str(category, "category")
    spec.keywords = list(keywords)
    spec.regexes = list(regexes)
    spec.action = _check_str(action, "action")
    spec.severity = _checked(severity, int, "severity")
    spec.boundary = _check_str(boundary, "boundary")
    spec.validator = "none" if validator is None else _check_str(validator, "validator")
    spec.replacement = None if replacement is None else _check_str(replacement, "replacement")
    spec.normalize = _checked(normalize, bool, "normalize")
    spec.mask_char = _check_str(mask_char, "mask_char")
    if not isinstance(mask_keep, (tuple, list)) or len(mask_keep) != 2:
        raise TypeError("mask_keep must be a pair (first, last) of ints")
    spec.mask_keep_first = _checked(mask_keep[0], int, "mask_keep[0]")
    spec.mask_keep_last = _checked(mask_keep[1], int, "mask_keep[1]")
    spec.variants = _str_list(variants, "variants")
    if leet is not None and not isinstance(leet, Mapping):
        raise TypeError(f"leet must be a mapping, not {type(leet).__name__}")
    spec.leet = {_check_str(letter, "a leet letter"): _str_list(subs, "leet substitutes")
                 for letter, subs in (leet or {}).items()}
    spec.pinyin = _check_str(pinyin, "pinyin")
    spec.homophones = _checked(homophones, bool, "homophones")
    if readings is not None and not isinstance(readings, Mapping):
        raise TypeError(f"readings must be a mapping, not {type(readings).__name__}")
    spec.readings = {_check_str(k, "a readings keyword"): _check_str(v, "a reading")
                     for k, v in (readings or {}).items()}
    spec.max_expansions = _checked(max_expansions, int, "max_expansions")
    if isinstance(all_of, (str, bytes, bytearray)):
        raise TypeError("all_of must be an iterable of parts (a str, or an "
                        "iterable of alternative str), not a single str")
    spec.all_of = [_str_list(part, "a part of all_of") for part in all_of]
    spec.none_of = _str_list(none_of, "none_of")
    spec.within = 0 if within is None else _checked(within, int, "within")
    spec.path = os.fsencode(path)  # a script whose name is not UTF-8
    spec.line = line
    return spec


class RuleSet:
    """Rules to compile into an Engine: packs loaded from files, rules built
    in code, or both.

        rules = (lexgate.RuleSet()
                 .load(lexgate.default_rules_path())        # the shipped packs
                 .add_keywords("acme.competitors", ["Globex", "Initech"],
                               category="spam.contact", action="flag")
                 .add_category("acme.ticket", zh="工单号", en="Ticket number")
                 .add_regex("acme.ticket", r"tck-\\d{6}",   # folded: lower case
                            category="acme.ticket", replacement="[ticket]"))
        engine = rules.compile()

    Every add_* / load call returns the RuleSet itself, so calls chain.
    A rule's category must be in the taxonomy (lexgate.taxonomy()) or
    declared by a loaded pack or add_category(); a misspelt one raises
    RuleError with a "did you mean" hint, as a pack would. Errors in a rule
    raise RuleError; for rules added in code its path and line are those of
    the add_* call. A RuleSet is not thread-safe; the Engine it compiles is.
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
        rules._core.load(native_paths(path_list(paths, "from_paths")))
        return rules

    def load(self: _R, paths: Union[StrPath, Iterable[StrPath]]) -> _R:
        """Add the packs in ``paths`` (see from_paths()); return self.

        On error (RuleError, e.g. a rule id that is already in this set)
        the RuleSet is left unchanged.
        """
        self._core.load(native_paths(path_list(paths, "load")))
        return self

    def add_category(self: _R, code: str, *, zh: str, en: str, description: str = "",
                     risk: str = "") -> _R:
        """Declare a category of your own for the rules added after it;
        return self. Codes are dotted ("acme.ticket"); redeclaring a code
        with the same names changes nothing, with other names raises
        RuleError. ``risk`` is the GB/T 45654 Appendix A risk it rolls up
        to ("A.3.3"); without one it inherits its ancestor code's, and
        lexgate.inventory() refuses a category that reaches none."""
        path, line = _caller_location()
        self._core.add_category(_check_str(code, "code"), _check_str(zh, "zh"),
                                _check_str(en, "en"), _check_str(description, "description"),
                                _check_str(risk, "risk"), os.fsencode(path), line)
        return self

    @property
    def packs(self) -> List[PackInfo]:
        """The loaded packs, in load order, with their version and date."""
        return [PackInfo(*pack) for pack in _core.packs(self._core)]

    def risk_of(self, code: str) -> str:
        """The GB/T 45654 Appendix A code that category ``code`` rolls up to
        in this set ("A.4.6" for "pii.phone", "A.2.4" for "A.2.4"); "" when
        none."""
        return str(_core.risk_of(self._core, _check_str(code, "code")))

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
        mask_char: str = "*",
        mask_keep: Tuple[int, int] = (0, 0),
        variants: Union[str, Iterable[str]] = (),
        leet: Optional[Mapping[str, Union[str, Iterable[str]]]] = None,
        pinyin: str = "off",
        homophones: bool = False,
        readings: Optional[Mapping[str, str]] = None,
        max_expansions: int = 4096,
        all_of: Iterable[Union[str, Iterable[str]]] = (),
        none_of: Union[str, Iterable[str]] = (),
        within: Optional[int] = None,
    ) -> _R:
        """Add one rule with keywords, regexes or both, or a co-occurrence
        rule (all_of); return self. The arguments are the keys of a pack's
        [[rule]] (rules/README.md).

        id:           unique rule id, e.g. "acme.competitors".
        category:     a category code of the taxonomy (lexgate.taxonomy())
                      or declared with add_category(), e.g. "profanity".
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
                      and registered length) | "cn_credit_code" | "hk_id" |
                      "tw_id": drops matches that fail it.
        replacement:  text that replaces a masked match; "" deletes it;
                      None (the default) masks each character.
        normalize:    False to match the raw text instead of the folded text.
        mask_char:    the one character a mask is written with.
        mask_keep:    (first, last): characters kept at each end of a masked
                      span longer than both together ((3, 4): 138****5678).
        variants:     spellings of the Latin keywords compiled in: "leet"
                      (sh1t, a$$), "wildcards" (f*ck), "repeats" (fuuuck).
        leet:         letters (a-z) and what may stand for them, added to the
                      built-in leet table ({"f": ["ph"]}).
        pinyin:       "off" | "full" (xi jin ping, 习jin平) | "initials" (and
                      xjp) for the Chinese keywords.
        homophones:   also characters of the same toneless reading (习进平).
        readings:     keyword -> its reading, one syllable per character
                      ({"银行": "yin hang"}), instead of the built-in one.
        max_expansions: the most spellings pinyin and homophones may add.
        all_of:       a co-occurrence rule instead of keywords and regexes:
                      two or more parts, each a keyword or an iterable of
                      alternative keywords; it matches where one occurrence
                      of every part lies within ``within`` characters of the
                      original text, in any order, and each such occurrence
                      is a match ([["出售", "售卖"], ["枪支", "手枪"]]).
        none_of:      keywords that rule a window out when one lies within
                      ``within`` characters of it ("水枪").
        within:       the window in characters, 1 .. 1000; None: the whole
                      text (only for engines compiled with streaming=False).

        Raises ValueError for an unknown action, boundary, validator,
        variant or pinyin name, TypeError for arguments of the wrong type and
        RuleError for a rule the set refuses (unknown category, duplicate
        id, no keyword and no regex, severity outside 1..5, a mask_char that
        is not one character, a bad leet entry or reading). Empty keywords
        and bad regexes are reported by compile().
        """
        path, line = _caller_location()
        return self._add(
            path, line, id=id, category=category, keywords=_str_list(keywords, "keywords"),
            regexes=_str_list(regexes, "regexes"), action=action, severity=severity,
            boundary=boundary, validator=validator, replacement=replacement,
            normalize=normalize, mask_char=mask_char, mask_keep=mask_keep,
            variants=variants, leet=leet, pinyin=pinyin, homophones=homophones,
            readings=readings, max_expansions=max_expansions, all_of=all_of,
            none_of=none_of, within=within)

    def add_keywords(self: _R, id: str, words: Union[str, Iterable[str]], *,
                     category: str, **options: Any) -> _R:
        """Add a keyword rule; return self. ``words`` is a str (one keyword)
        or an iterable of str; ``options`` are the other keyword arguments
        of add_rule() (action, severity, boundary, variants, ...).

            rules.add_keywords("brand.rivals", ["Globex", "Initech"],
                               category="spam.contact", action="flag")
        """
        path, line = _caller_location()
        return self._add(path, line, id=id, category=category,
                         keywords=_str_list(words, "words"), **options)

    def add_regex(self: _R, id: str, patterns: Union[str, Iterable[str]], *,
                  category: str, **options: Any) -> _R:
        """Add a regex rule; return self. ``patterns`` is one pattern or an
        iterable of them (Hyperscan syntax, matched on the folded text);
        ``options`` are the other keyword arguments of add_rule().

            rules.add_regex("pii.ticket", r"tck-\\d{6}", category="pii",
                            boundary="digit", replacement="[ticket]")
        """
        path, line = _caller_location()
        return self._add(path, line, id=id, category=category,
                         regexes=_str_list(patterns, "patterns"), **options)

    def _add(self: _R, path: str, line: int, **fields: Any) -> _R:
        spec = _rule_spec(path, line, **fields)
        try:
            self._core.add(spec)
        except RuleError as error:
            if "unknown category" not in str(error):
                raise
            raise RuleError(f"{error}; in Python: RuleSet.add_category(code, zh=..., en=...)",
                            error.path, error.line, error.rule_id) from None
        return self

    def compile(self, *, streaming: bool = DEFAULT_STREAMING, **options: bool) -> "Engine":
        """Compile the rules into an Engine (the GIL is released meanwhile).

        ``options`` are the normalization switches, all True by default as
        in C++, applied alike to the text and to the keywords; see
        lexgate.NORMALIZE_OPTION_DOCS for what each does:
        nfkc_casefold, drop_ignorables, traditional_to_simplified,
        lookalikes, strip_diacritics, drop_cjk_noise, join_spaced_letters.

        ``streaming`` also compiles the stream-mode database that
        Engine.stream() needs (on by default; off saves compile time and
        memory for very large keyword lists that are never streamed).

        Raises RuleError for a rule the matcher refuses: an empty keyword
        (also one that folds to nothing) or a regex Hyperscan rejects, with
        Hyperscan's message; TypeError for an unknown switch. The RuleSet
        may be changed and compiled again afterwards; engines already
        compiled are unaffected.
        """
        from lexgate._engine import Engine

        checked = check_normalize_options(options, "compile")
        return Engine._wrap(self._core.compile(checked, bool(streaming)))

    @property
    def ids(self) -> List[str]:
        """Ids of the rules, in the order they were added."""
        return self._core.ids()

    @property
    def keyword_files(self) -> List[str]:
        """The keyword files (``keywords_file``) the rules were read from,
        each once: what a change of the rules can be in besides the packs
        (ReloadingEngine.from_paths(watch=True) watches them)."""
        return self._core.keyword_files()

    def __len__(self) -> int:
        return len(self._core)

    def __contains__(self, rule_id: object) -> bool:
        return isinstance(rule_id, str) and rule_id in self._core

    def __repr__(self) -> str:
        return f"<lexgate.RuleSet with {len(self)} rules>"
