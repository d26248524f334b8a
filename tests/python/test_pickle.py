"""Serialization: to_bytes()/from_bytes(), pickling, worker processes."""

from __future__ import annotations

import multiprocessing
import pathlib
import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

import lexgate

TEXT = "电话13812345678, what the ＦＵＣＫ 😀, 你是SB吗"


def test_round_trip(default_engine: lexgate.Engine) -> None:
    blob = default_engine.to_bytes()
    assert isinstance(blob, bytes) and len(blob) > 1000
    restored = lexgate.Engine.from_bytes(blob)
    assert isinstance(restored, lexgate.Engine)
    assert restored.scan(TEXT) == default_engine.scan(TEXT)
    assert restored.redact(TEXT) == default_engine.redact(TEXT)
    assert restored.rule_count == default_engine.rule_count
    assert restored.options == default_engine.options
    assert lexgate.Engine.from_bytes(bytearray(blob)).scan(TEXT) == default_engine.scan(TEXT)
    assert lexgate.Engine.from_bytes(memoryview(blob)).rule_count == default_engine.rule_count


def test_load_from_a_file(default_engine: lexgate.Engine, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "engine.bin"
    path.write_bytes(default_engine.to_bytes())
    for where in (path, str(path)):
        loaded = lexgate.Engine.load(where)
        assert type(loaded) is lexgate.Engine
        assert loaded.fingerprint == default_engine.fingerprint
        assert loaded.scan(TEXT) == default_engine.scan(TEXT)
        # The stream database is read back from the file by the first stream.
        guard, expected = loaded.stream(), default_engine.stream()
        assert guard.feed(TEXT) + guard.finish() == expected.feed(TEXT) + expected.finish()
        assert loaded.to_bytes() == default_engine.to_bytes()


def test_load_errors(default_engine: lexgate.Engine, tmp_path: pathlib.Path) -> None:
    with pytest.raises(FileNotFoundError, match="missing.bin"):
        lexgate.Engine.load(tmp_path / "missing.bin")
    foreign = tmp_path / "foreign.bin"
    foreign.write_bytes(b"this is not an engine")
    with pytest.raises(ValueError, match="not a serialized lexgate engine"):
        lexgate.Engine.load(foreign)
    blob = bytearray(default_engine.to_bytes())
    blob[len(blob) * 3 // 4] ^= 0x10  # inside the Hyperscan databases
    damaged = tmp_path / "damaged.bin"
    damaged.write_bytes(bytes(blob))
    with pytest.raises(ValueError, match="corrupted"):
        lexgate.Engine.load(damaged)


def test_declared_categories_survive_serialization(tmp_path: pathlib.Path) -> None:
    # A saved engine keeps the names of the categories its packs declared,
    # so that what a loaded engine reports is named as the packs name it.
    engine = (lexgate.RuleSet()
              .add_category("acme.codename", zh="项目代号", en="Project codename",
                            description="internal names", risk="A.4.6")
              .add_keywords("codename", "bluebird", category="acme.codename")
              .compile())
    expected = {"acme.codename": lexgate.Category(
        "acme.codename", "项目代号", "Project codename", "internal names", "A.4.6")}
    assert engine.declared_categories == expected
    path = tmp_path / "engine.bin"
    path.write_bytes(engine.to_bytes())
    assert lexgate.Engine.load(path).declared_categories == expected
    assert pickle.loads(pickle.dumps(engine)).declared_categories == expected
    assert lexgate.Engine.default(streaming=False).declared_categories == {}


def test_options_survive_serialization() -> None:
    engine = lexgate.RuleSet().add_keywords("en", "fuck", category="profanity").compile(nfkc_casefold=False)
    restored = lexgate.Engine.from_bytes(engine.to_bytes())
    assert restored.options["nfkc_casefold"] is False
    assert not restored.scan("ＦＵＣＫ") and restored.scan("fuck")


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_engine(default_engine: lexgate.Engine, protocol: int) -> None:
    restored = pickle.loads(pickle.dumps(default_engine, protocol=protocol))
    assert type(restored) is lexgate.Engine
    assert restored.scan(TEXT) == default_engine.scan(TEXT)


def test_pickle_results_and_errors(default_engine: lexgate.Engine) -> None:
    for value in [default_engine.scan(TEXT), default_engine.scan(TEXT.encode()),
                  default_engine.scan("clean"), default_engine.scan(TEXT).matches[0]]:
        assert pickle.loads(pickle.dumps(value)) == value
    error = lexgate.RuleError("p.toml:3: rule 'x': bad", "p.toml", 3, "x")
    restored = pickle.loads(pickle.dumps(error))
    assert (str(restored), restored.path, restored.line, restored.rule_id) == \
        ("p.toml:3: rule 'x': bad", "p.toml", 3, "x")


def _redact_in_worker(engine: lexgate.Engine, text: str) -> str:
    return engine.redact(text)


def test_engine_shipped_to_worker_processes(default_engine: lexgate.Engine) -> None:
    context = multiprocessing.get_context("spawn")  # a fresh interpreter
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        got = list(pool.map(_redact_in_worker, [default_engine] * 2, [TEXT, "clean"]))
    assert got == [default_engine.redact(TEXT), "clean"]


@pytest.mark.parametrize("blob", [
    b"",
    b"garbage",
    b"\x00" * 4096,
    bytes(range(256)) * 20,
])
def test_from_bytes_refuses_garbage(blob: bytes) -> None:
    with pytest.raises(ValueError) as info:
        lexgate.Engine.from_bytes(blob)
    assert str(info.value)  # the C++ message


def test_from_bytes_refuses_damaged_blobs(default_engine: lexgate.Engine) -> None:
    blob = default_engine.to_bytes()
    truncated = blob[: len(blob) // 2]
    flipped = bytearray(blob)
    flipped[len(blob) // 2] ^= 0xFF
    for damaged in [truncated, bytes(flipped), blob[:16], blob + b"extra"]:
        with pytest.raises(ValueError):
            lexgate.Engine.from_bytes(damaged)


def test_from_bytes_type_errors() -> None:
    with pytest.raises(TypeError):
        lexgate.Engine.from_bytes("not bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        lexgate.Engine.from_bytes(None)  # type: ignore[arg-type]
