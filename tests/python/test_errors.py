"""Every error path: bad packs and rules raise RuleError (a ValueError) with
the C++ message and its location, bad arguments ValueError, wrong types
TypeError, missing files FileNotFoundError."""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

import pytest

import lexgate


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


GOOD = """
    [pack]
    name = "good"

    [defaults]
    category = "profanity"

    [[rule]]
    id = "t.good"
    keywords = ["fine"]
"""


def test_rule_error_is_a_value_error() -> None:
    assert issubclass(lexgate.RuleError, ValueError)


def test_unknown_key_names_file_line_and_rule(tmp_path: Path) -> None:
    pack = write(tmp_path, "broken.toml", """
        [pack]
        name = "broken"

        [defaults]
        category = "profanity"

        [[rule]]
        id = "t.ok"
        keywords = ["fine"]

        [[rule]]
        id = "t.typo"
        keyword = ["oops"]
    """)
    with pytest.raises(lexgate.RuleError) as info:
        lexgate.Engine.from_paths(pack)
    error = info.value
    assert (error.path, error.line, error.rule_id) == (str(pack), 13, "t.typo")
    assert str(error).startswith(f"{pack}:13: rule 't.typo': unknown key 'keyword'")


def test_toml_syntax_error(tmp_path: Path) -> None:
    pack = write(tmp_path, "syntax.toml", """
        [pack]
        name = "syntax"
        [[rule]]
        id = "t.x"
        keywords = ["unterminated
    """)
    with pytest.raises(lexgate.RuleError) as info:
        lexgate.RuleSet.from_paths(pack)
    assert info.value.path == str(pack)
    assert info.value.line == 5


def test_bad_regex_is_reported_by_compile_with_hyperscans_message(tmp_path: Path) -> None:
    pack = write(tmp_path, "bad_regex.toml", """
        [pack]
        name = "bad-regex"

        [[rule]]
        id = "t.bad.regex"
        category = "profanity"
        regex = '(unclosed'
    """)
    rules = lexgate.RuleSet.from_paths(pack)  # loading knows nothing of Hyperscan
    assert "t.bad.regex" in rules
    with pytest.raises(lexgate.RuleError) as info:
        rules.compile()
    error = info.value
    # The regex's own line (the rule's is 4).
    assert (error.path, error.line, error.rule_id) == (str(pack), 7, "t.bad.regex")
    assert "rejected by Hyperscan" in str(error)
    assert "parenthesis" in str(error)


def test_a_keyword_hyperscan_refuses_is_named() -> None:
    # In a long inline array only its start and length can find it.
    rules = lexgate.RuleSet().add_keywords("t.long", ["ok", "长" * 10000],
                                           category="profanity")
    with pytest.raises(lexgate.RuleError) as info:
        rules.compile()
    assert f'keyword "{"长" * 20}…" (30000 bytes) rejected by Hyperscan' in str(info.value)


def test_bad_regex_built_in_code_points_at_the_python_line() -> None:
    rules = lexgate.RuleSet()
    line = inspect.currentframe().f_lineno + 1  # type: ignore[union-attr]
    rules.add_regex("t.code.regex", "a(b", category="profanity")
    with pytest.raises(lexgate.RuleError) as info:
        rules.compile()
    error = info.value
    assert (error.path, error.line, error.rule_id) == (__file__, line, "t.code.regex")
    assert str(error).startswith(f"{__file__}:{line}: rule 't.code.regex': ")


def test_empty_keyword() -> None:
    with pytest.raises(lexgate.RuleError, match="empty keyword") as info:
        lexgate.RuleSet().add_keywords("t.empty", ["ok", ""], category="profanity").compile()
    assert info.value.rule_id == "t.empty"
    with pytest.raises(lexgate.RuleError, match="t.zw"):
        # folds to nothing: a zero-width space only
        lexgate.RuleSet().add_keywords("t.zw", "\u200b", category="profanity").compile()


def test_duplicate_ids(tmp_path: Path) -> None:
    rules = lexgate.RuleSet().add_keywords("t.dup", "a", category="profanity")
    with pytest.raises(lexgate.RuleError, match="duplicate rule id") as info:
        rules.add_keywords("t.dup", "b", category="profanity")
    assert info.value.rule_id == "t.dup"
    assert len(rules) == 1

    good = write(tmp_path, "good.toml", GOOD)
    rules = lexgate.RuleSet.from_paths(good)
    with pytest.raises(lexgate.RuleError, match="duplicate rule id"):
        rules.load(good)
    assert rules.ids == ["t.good"]  # a failed load leaves the set unchanged
    with pytest.raises(lexgate.RuleError, match="duplicate"):
        lexgate.Engine.from_paths([good, good])


def test_rules_the_set_refuses() -> None:
    with pytest.raises(lexgate.RuleError, match="severity 9 is outside 1..5"):
        lexgate.RuleSet().add_keywords("t.sev", "a", category="profanity", severity=9)
    with pytest.raises(lexgate.RuleError, match="no keywords and no regex"):
        lexgate.RuleSet().add_keywords("t.none", [], category="profanity")
    with pytest.raises(lexgate.RuleError, match="empty id"):
        lexgate.RuleSet().add_keywords("", "a", category="profanity")


@pytest.mark.parametrize("kwargs, message", [
    ({"action": "blok"}, "unknown action 'blok' (expected one of: allow, flag, mask, block)"),
    ({"action": "Mask"}, "unknown action 'Mask'"),
    ({"boundary": "words"}, "unknown boundary 'words'"),
    ({"validator": "crc32"}, "unknown validator 'crc32'"),
])
def test_unknown_names_are_value_errors(kwargs: dict, message: str) -> None:
    rules = lexgate.RuleSet()
    with pytest.raises(ValueError) as info:
        rules.add_keywords("t.x", "a", category="profanity", **kwargs)
    assert not isinstance(info.value, lexgate.RuleError)
    assert message in str(info.value)
    assert len(rules) == 0


@pytest.mark.parametrize("call", [
    lambda r: r.add_keywords(1, "a", category="profanity"),
    lambda r: r.add_keywords("t", b"a", category="profanity"),
    lambda r: r.add_keywords("t", ["a", 2], category="profanity"),
    lambda r: r.add_keywords("t", "a", category=None),
    lambda r: r.add_keywords("t", "a", category="profanity", severity="3"),
    lambda r: r.add_keywords("t", "a", category="profanity", severity=True),
    lambda r: r.add_keywords("t", "a", category="profanity", action=2),
    lambda r: r.add_keywords("t", "a", category="profanity", normalize="yes"),
    lambda r: r.add_regex("t", 42, category="profanity"),
    lambda r: r.add_keywords("t", "a"),                      # category is required
    lambda r: r.add_keywords("t", "a", "test"),              # and keyword-only
    lambda r: r.load(b"rules"),
])
def test_wrong_types_are_type_errors(call) -> None:
    with pytest.raises(TypeError):
        call(lexgate.RuleSet())


def test_missing_paths(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(FileNotFoundError) as info:
        lexgate.Engine.from_paths([missing])
    assert info.value.filename == str(missing)
    with pytest.raises(FileNotFoundError):
        lexgate.RuleSet().load(str(missing))
    with pytest.raises(ValueError, match="at least one path"):
        lexgate.Engine.from_paths([])


def test_unreadable_keyword_file(tmp_path: Path) -> None:
    pack = write(tmp_path, "kw.toml", """
        [pack]
        name = "kw"

        [[rule]]
        id = "t.file"
        category = "profanity"
        keywords_file = "missing.txt"
    """)
    with pytest.raises(lexgate.RuleError, match="missing.txt") as info:
        lexgate.Engine.from_paths(pack)
    assert (info.value.path, info.value.rule_id) == (str(pack), "t.file")


def test_directory_of_packs(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", GOOD)
    write(tmp_path, "b.toml", GOOD.replace("t.good", "t.other").replace('"good"', '"other"'))
    engine = lexgate.Engine.from_paths(tmp_path)
    assert engine.rule_count == 2
    assert [m.rule for m in engine.scan("fine")] == ["t.good", "t.other"]
