"""The shape of the Python API: ScanResult, Match, redact(), fold(),
scan_many(), options, docstrings and type information."""

from __future__ import annotations

import asyncio
import pydoc
from pathlib import Path

import pytest

import lexgate
from lexgate import _core


@pytest.fixture(scope="module")
def engine() -> lexgate.Engine:
    return (lexgate.RuleSet()
            .add_keywords("en", ["fuck"], category="profanity", severity=2)
            .add_keywords("bomb", ["how to build a bomb"], category="A.1.6",
                          action="block", severity=5)
            .add_keywords("ad", ["加我微信"], category="spam", action="flag", severity=1)
            .add_regex("phone", r"1[3-9]\d{9}", category="pii", boundary="digit",
                       replacement="[手机号]")
            .compile())


def test_scan_result_and_match(engine: lexgate.Engine) -> None:
    text = "fuck, 加我微信 13812345678"
    result = engine.scan(text)
    assert isinstance(result, lexgate.ScanResult)
    assert result.verdict == "mask"
    assert result and len(result) == 3 and not result.blocked
    first = result.matches[0]
    assert isinstance(first, lexgate.Match)
    assert first == ("en", "profanity", "mask", 2, 0, 4, "fuck")
    assert (first.rule, first.category, first.action, first.severity,
            first.start, first.end, first.text) == tuple(first)
    assert [m.action for m in result] == ["mask", "flag", "mask"]
    assert list(result) == result.matches
    assert repr(first).startswith("lexgate.Match(rule='en', category='profanity'")
    assert repr(result).startswith("ScanResult(verdict='mask', matches=[lexgate.Match(")
    with pytest.raises(AttributeError):
        first.start = 3  # type: ignore[misc]


def test_verdicts(engine: lexgate.Engine) -> None:
    clean = engine.scan("hello there")
    assert clean.verdict == "allow" and not clean and len(clean) == 0
    assert clean.matches == []
    assert engine.scan("加我微信").verdict == "flag"
    blocked = engine.scan("fuck: how to build a bomb")
    assert blocked.verdict == "block" and blocked.blocked
    assert engine.scan("").verdict == "allow"
    assert engine.scan(b"").verdict == "allow"


def test_scan_result_equality_and_construction(engine: lexgate.Engine) -> None:
    a = engine.scan("fuck fuck")
    assert a == engine.scan("fuck fuck")
    assert a != engine.scan("fuck")
    assert a != "not a result"
    with pytest.raises(TypeError):
        hash(a)
    built = lexgate.ScanResult("mask", [lexgate.Match(("en", "profanity", "mask", 2, 0, 4, "fuck")),
                                        lexgate.Match(("en", "profanity", "mask", 2, 5, 9, "fuck"))])
    assert built == a
    assert lexgate.ScanResult("allow") == engine.scan("clean")
    with pytest.raises(ValueError, match="unknown action 'maybe'"):
        lexgate.ScanResult("maybe", [])
    with pytest.raises(TypeError):
        lexgate.ScanResult("mask", [("en", "profanity", "mask", 2, 0, 4, "fuck")])


def test_redact(engine: lexgate.Engine) -> None:
    text = "fuck, 加我微信 13812345678"
    assert engine.redact(text) == "****, 加我微信 [手机号]"  # flag is not masked
    clean = "nothing to see here"
    assert engine.redact(clean) is clean
    flagged = "加我微信"
    assert engine.redact(flagged) is flagged
    assert engine.redact("fuck: how to build a bomb") == "****: *******************"


def test_redact_with_a_result(engine: lexgate.Engine) -> None:
    text = "😀 fuck 13812345678"
    result = engine.scan(text)
    assert engine.redact(text, result) == engine.redact(text) == "😀 **** [手机号]"
    # Only mask/block matches of the given result are applied.
    only_phone = lexgate.ScanResult("mask", [m for m in result if m.rule == "phone"])
    assert engine.redact(text, only_phone) == "😀 fuck [手机号]"
    assert engine.redact(text, lexgate.ScanResult("allow")) is text
    data = text.encode()
    assert engine.redact(data, engine.scan(data)) == "😀 **** [手机号]".encode()
    with pytest.raises(ValueError, match="does not fit"):
        engine.redact("short", result)
    with pytest.raises(TypeError, match="lexgate.ScanResult"):
        engine.redact(text, [("en", "profanity", "mask", 2, 0, 4, "fuck")])  # type: ignore[arg-type]


def test_brief_detail_is_the_full_result_without_its_explanation(
        engine: lexgate.Engine) -> None:
    texts = ["fuck, 加我微信 13812345678", "fu\u0441k", "ｆｕｃｋ f.u.c.k", "", "clean",
             "how to build a bomb", b"bytes fuck", "😀 13812345678"]
    for text in texts:
        full = engine.scan(text)
        brief = engine.scan(text, detail="brief")
        # Match equality covers rule, category, action, severity, span, text.
        assert brief == full and brief.verdict == full.verdict, text
        assert all(m.pattern == "" and m.variant == "none" for m in brief), text
        assert engine.redact(text, brief) == engine.redact(text, full)
    # What brief leaves out is there in full (or the test could not fail).
    full = engine.scan("fu\u0441k 13812345678")
    assert [m.pattern for m in full] == ["fuck", r"1[3-9]\d{9}"]
    assert [m.variant for m in full] == ["lookalike", "none"]
    briefs = engine.scan_many(texts, detail="brief", threads=2)
    assert briefs == engine.scan_many(texts)
    assert all(m.pattern == "" for r in briefs for m in r)
    assert engine.scan("fuck", detail="full").matches[0].pattern == "fuck"
    brief_async = asyncio.run(engine.ascan("fu\u0441k", detail="brief", offload_chars=0))
    assert [(m.text, m.pattern, m.variant) for m in brief_async] == [("fu\u0441k", "", "none")]
    for bad, error in (("short", ValueError), ("FULL", ValueError), (True, TypeError),
                       (None, TypeError)):
        with pytest.raises(error, match="detail must be 'full' or 'brief'"):
            engine.scan("fuck", detail=bad)  # type: ignore[arg-type]
        with pytest.raises(error, match="detail must be 'full' or 'brief'"):
            engine.scan_many(["fuck"], detail=bad)  # type: ignore[arg-type]


def test_overlapping_masks_merge() -> None:
    engine = (lexgate.RuleSet()
              .add_keywords("a", "abcd", category="profanity", boundary="none", replacement="[A]")
              .add_keywords("b", "cdef", category="profanity", boundary="none", replacement="[B]")
              .compile())
    text = "😀abcdef😀"
    result = engine.scan(text)
    assert [(m.rule, m.start, m.end) for m in result] == [("a", 1, 5), ("b", 3, 7)]
    assert engine.redact(text) == "😀******😀"  # merged span: one '*' per character
    assert engine.redact("abcd cdef") == "[A] [B]"


def test_fold(engine: lexgate.Engine) -> None:
    assert engine.fold("ＦＵＣＫ") == "fuck"
    assert engine.fold("習 近 平") == "习近平"
    assert engine.fold("f.u.c.k") == "fuck"
    assert engine.fold("ＦＵＣＫ".encode()) == b"fuck"


def test_scan_many_equals_scan(engine: lexgate.Engine) -> None:
    texts = ["fuck", "", "clean", "😀 13812345678", b"bytes fuck", "how to build a bomb"] * 50
    expected = [engine.scan(t) for t in texts]
    assert engine.scan_many(texts) == expected
    assert engine.scan_many(texts, threads=1) == expected
    assert engine.scan_many(texts, threads=3) == expected
    assert engine.scan_many(iter(texts)) == expected       # any iterable
    assert engine.scan_many(t for t in texts[:5]) == expected[:5]
    assert engine.scan_many([]) == []


def test_scan_many_large_batches_on_threads(engine: lexgate.Engine) -> None:
    # Hundreds of chunks: the calling thread makes the objects of each chunk
    # while the others scan, and every result lands in its own slot.
    texts = [f"{i} fuck 1381234{i % 10000:04d}" if i % 3 else f"clean {i}"
             for i in range(20_000)]
    expected = [engine.scan(t) for t in texts]
    for threads in (1, 2, 4):
        assert engine.scan_many(texts, threads=threads) == expected


def test_scan_many_fails_closed_on_any_text(engine: lexgate.Engine) -> None:
    # A text that cannot be scanned (it folds to more than three times its
    # size) fails the whole batch, named by its index (the first such one),
    # wherever it lies among the chunks.
    bad = "\uFDFA" * 50_000
    for at in (0, 7_000, 19_999):
        texts = ["fuck"] * 20_000
        texts[at] = bad
        if at == 7_000:
            texts[15_000] = bad
        for threads in (1, 2):
            with pytest.raises(lexgate.ScanError, match=rf"^texts\[{at}\]: "):
                engine.scan_many(texts, threads=threads)


def test_scan_many_argument_errors(engine: lexgate.Engine) -> None:
    with pytest.raises(TypeError, match=r"texts\[2\] must be str or bytes, not int"):
        engine.scan_many(["a", "b", 3])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="at least 1"):
        engine.scan_many(["a"], threads=0)
    with pytest.raises(TypeError):
        engine.scan_many(["a"], threads=1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        engine.scan_many(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="use scan"):
        engine.scan_many("one text, not many")


@pytest.mark.parametrize("bad", [None, 42, 4.2, ["fuck"], object()])
def test_wrong_text_types(engine: lexgate.Engine, bad: object) -> None:
    with pytest.raises(TypeError, match="text must be str or bytes"):
        engine.scan(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="text must be str or bytes"):
        engine.redact(bad)  # type: ignore[arg-type]


def test_str_subclass(engine: lexgate.Engine) -> None:
    class Reply(str):
        pass

    text = Reply("what the fuck 😀")
    result = engine.scan(text)
    assert [m.text for m in result] == ["fuck"]
    assert type(result.matches[0].text) is str
    assert engine.redact(text) == "what the **** 😀"


def test_engine_properties(engine: lexgate.Engine) -> None:
    assert engine.rule_count == 4
    assert engine.database_bytes > 0
    assert engine.options == lexgate.NORMALIZE_OPTIONS
    assert "4 rules" in repr(engine)
    with pytest.raises(TypeError, match="cannot be created directly"):
        lexgate.Engine()
    import copy
    assert copy.copy(engine) is engine and copy.deepcopy(engine) is engine


def test_python_defaults_mirror_the_cpp_defaults() -> None:
    # The option list is in one place (lexgate._options), taken from C++.
    assert _core.default_normalize_options() == lexgate.NORMALIZE_OPTIONS
    assert set(lexgate.NORMALIZE_OPTION_DOCS) == set(lexgate.NORMALIZE_OPTIONS)
    rules = lexgate.RuleSet().add_keywords("en", "fuck", category="profanity")
    for name, default in lexgate.NORMALIZE_OPTIONS.items():
        assert rules.compile(**{name: default}).options == lexgate.NORMALIZE_OPTIONS
        assert name in (lexgate.RuleSet.compile.__doc__ or "")
    assert lexgate.DEFAULT_MAX_HOLD == _core.DEFAULT_MAX_HOLD


def test_normalize_options(engine: lexgate.Engine) -> None:
    rules = lexgate.RuleSet().add_keywords("en", "fuck", category="profanity")
    strict = rules.compile(nfkc_casefold=False, join_spaced_letters=False)
    assert strict.options["nfkc_casefold"] is False
    assert strict.options["drop_ignorables"] is True
    assert not strict.scan("ＦＵＣＫ")
    assert not strict.scan("f.u.c.k")
    assert strict.scan("fuck")
    assert rules.compile().scan("ＦＵＣＫ")
    with pytest.raises(TypeError, match="unexpected keyword argument 'casefold'"):
        lexgate.Engine.default(casefold=False)
    with pytest.raises(TypeError, match="must be a bool"):
        rules.compile(nfkc_casefold="no")  # type: ignore[arg-type]


def test_docstrings_are_real() -> None:
    for obj in [lexgate, lexgate.Engine, lexgate.Engine.scan, lexgate.Engine.redact,
                lexgate.Engine.scan_many, lexgate.Engine.from_paths, lexgate.Engine.default,
                lexgate.Engine.from_bytes, lexgate.Engine.load, lexgate.Engine.to_bytes,
                lexgate.Engine.fold,
                lexgate.RuleSet, lexgate.RuleSet.add_keywords, lexgate.RuleSet.add_regex,
                lexgate.RuleSet.add_rule, lexgate.RuleSet.compile, lexgate.ScanResult,
                lexgate.Match, lexgate.RuleError, lexgate.default_rules_path]:
        assert obj.__doc__ and len(obj.__doc__) > 40, obj
    page = pydoc.render_doc(lexgate.Engine.scan, renderer=pydoc.plaintext)
    assert "text[m.start:m.end] == m.text" in page
    assert "scan(self, text" in page
    assert "str index" in pydoc.render_doc(lexgate.Match, renderer=pydoc.plaintext)


def test_type_information_ships_with_the_package() -> None:
    package = Path(lexgate.__file__).parent
    assert (package / "py.typed").is_file()
    stub = (package / "_core.pyi").read_text(encoding="utf-8")
    for name in ["class Match", "class ScanResult", "class Engine", "class RuleSet"]:
        assert name in stub
    assert lexgate.ScanResult[str] is not None and lexgate.Match[bytes] is not None
    assert set(lexgate.__all__) >= {"Engine", "RuleSet", "ScanResult", "Match", "RuleError"}
    assert lexgate.__version__.count(".") == 2


def test_scan_many_short_texts_from_a_generator(engine: lexgate.Engine) -> None:
    # Many short non-ASCII and copied (bytearray) texts, from an iterator of
    # unknown length: the batch grows while it is collected.
    texts = [("é fuck", "傻逼 fuck", bytearray(b"fuck"), memoryview(b"x fuck"), "😀fuck")[i % 5]
             for i in range(5000)]
    expected = [engine.scan(t) for t in texts]
    assert engine.scan_many(t for t in texts) == expected
    assert engine.scan_many((t for t in texts), threads=2) == expected


def test_results_take_part_in_garbage_collection(engine: lexgate.Engine) -> None:
    import gc
    import weakref

    class Holder:
        pass

    result = engine.scan("fuck")
    holder = Holder()
    holder.result = result
    result.matches.append(holder)  # a cycle through the mutable list
    ref = weakref.ref(holder)
    del result, holder
    gc.collect()
    assert ref() is None


def test_scan_many_leaves_the_collector_as_it_was(engine: lexgate.Engine) -> None:
    import gc

    assert gc.isenabled()
    engine.scan_many(["fuck"] * 3000)
    assert gc.isenabled()
    gc.disable()
    try:
        engine.scan_many(["fuck"] * 3000)
        assert not gc.isenabled()
    finally:
        gc.enable()
