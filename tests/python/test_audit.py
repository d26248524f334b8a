"""Audit keys and records, against the test vectors the C++ tests share
(tests/data/audit/vectors.json): the same HMACs and the same JSON lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict

import pytest

import lexgate

AUDIT = Path(__file__).resolve().parents[1] / "data" / "audit"


@pytest.fixture(scope="module")
def vectors() -> Dict[str, Any]:
    data: Dict[str, Any] = json.loads((AUDIT / "vectors.json").read_text(encoding="utf-8"))
    return data


def test_hmac_vectors(vectors: Dict[str, Any]) -> None:
    assert len(vectors["hmac"]) == 6
    for v in vectors["hmac"]:
        key = lexgate.AuditKey.from_hex(v["key_hex"])
        assert key.hmac(bytes.fromhex(v["data_hex"])) == v["hmac"]
    key = lexgate.AuditKey.from_file(AUDIT / vectors["key_file"])
    assert key.hmac("13812345678") == lexgate.AuditKey.from_hex(vectors["key_hex"]).hmac(
        b"13812345678")
    # A str is hashed as UTF-8; a lone surrogate as the U+FFFD the scan saw.
    assert key.hmac("\ud800") == key.hmac("\ufffd".encode())


def test_bad_keys(vectors: Dict[str, Any], tmp_path: Path) -> None:
    for bad in vectors["bad_keys_hex"]:
        with pytest.raises(ValueError):
            lexgate.AuditKey.from_hex(bad)
    with pytest.raises(ValueError, match="at least 16 bytes"):
        lexgate.AuditKey(b"short")
    with pytest.raises(TypeError):
        lexgate.AuditKey("00" * 32)  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        lexgate.AuditKey.from_file(tmp_path / "none")
    (tmp_path / "bad.key").write_text("not hex")
    with pytest.raises(ValueError, match="bad.key"):
        lexgate.AuditKey.from_file(tmp_path / "bad.key")
    with pytest.raises(TypeError, match="AuditKey"):
        lexgate.Auditor(b"k" * 32)  # type: ignore[arg-type]
    assert "secret" in repr(lexgate.AuditKey(b"k" * 32))


def test_record_vectors(vectors: Dict[str, Any]) -> None:
    auditor = lexgate.Auditor(lexgate.AuditKey.from_file(AUDIT / vectors["key_file"]))
    assert len(vectors["records"]) == 4
    for v in vectors["records"]:
        engine = lexgate.Engine.from_paths(AUDIT / v["pack"])
        policy = None
        if v["policy"] is not None:
            p = v["policy"]
            policy = lexgate.Policy(p["name"], disable=p.get("disable", ()),
                                    actions=p.get("actions"))
        result = engine.scan(v["text"], policy=policy)
        lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":"))
                 .replace(engine.fingerprint, "ENGINE")
                 for r in auditor.records(result, engine=engine, policy=policy)]
        assert lines == v["lines"], v["text"]
        for line in lines:
            for m in engine.scan(v["text"]).matches:
                assert m.text not in line


def test_records_of_a_stream_and_context_keys() -> None:
    engine = lexgate.Engine.from_paths(AUDIT / "pack.toml")
    auditor = lexgate.Auditor(lexgate.AuditKey(b"x" * 32))
    s = engine.stream()
    text = "😀 call 13812345678"
    for ch in text:
        s.feed(ch)
    s.finish()
    (record,) = auditor.records(s.matches, engine=engine, request="r-1")
    assert (record["start"], record["end"]) == (7, 18)
    assert record["request"] == "r-1" and record["policy"] is None
    assert list(record)[:3] == ["v", "type", "rule"]
    with pytest.raises(TypeError, match="str scan"):
        auditor.records(engine.scan(text.encode()), engine=engine)
