"""Writes vectors.json, the audit test vectors shared by tests/audit_test.cc
and tests/python/test_audit.py (and, later, lexgate-filter
--audit-key-file).

The expected values are computed here independently of lexgate's audit
code: HMACs with Python's hmac module, records field by field from the
matches of a scan (which the other tests cover). Run it only when the pack,
the texts or the record schema change, and review the diff:

    PYTHONPATH=build/bindings/python python3 tests/data/audit/make_vectors.py
"""

import hmac
import json
from pathlib import Path

import lexgate

HERE = Path(__file__).resolve().parent
KEY = bytes.fromhex((HERE / "audit.key").read_text().strip())

TEXTS = [
    "😀 acme: call 13812345678, sb 你这个混蛋",
    "習近平说: 你是SB吗？炸弹制作 then 13912345678",
]
POLICIES = [
    None,
    {"name": "tenant-a", "disable": ["profanity"], "actions": {"pii": "flag"}},
]


def digest(key: bytes, data: bytes) -> str:
    return hmac.new(key, data, "sha256").hexdigest()


def records(engine, text, policy):
    rule_actions = {r.id: r.action for r in engine.rules}
    applied = None
    if policy is not None:
        applied = lexgate.Policy(policy["name"], disable=policy.get("disable", ()),
                                 actions=policy.get("actions"))
    lines = []
    for m in engine.scan(text, policy=applied).matches:
        record = {"v": 1, "type": "audit", "rule": m.rule, "category": m.category,
                  "action": m.action}
        if rule_actions[m.rule] != m.action:
            record["rule_action"] = rule_actions[m.rule]
        record.update(severity=m.severity, start=m.start, end=m.end,
                      hmac=digest(KEY, m.text.encode()), fingerprint="ENGINE",
                      policy=policy["name"] if policy else None)
        lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    return lines


def main() -> None:
    engine = lexgate.Engine.from_paths(HERE / "pack.toml")
    rfc4231_key = "0b" * 20
    vectors = {
        "about": "Shared audit test vectors: see make_vectors.py. Keys are hex; "
                 "\"ENGINE\" stands for the engine's fingerprint.",
        "key_file": "audit.key",
        "key_hex": KEY.hex(),
        "hmac": [
            # RFC 4231, test case 1.
            {"key_hex": rfc4231_key, "data_hex": b"Hi There".hex(),
             "hmac": "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
        ] + [
            {"key_hex": KEY.hex(), "data_hex": data.hex(), "hmac": digest(KEY, data)}
            for data in [b"", "13812345678".encode(), "混蛋".encode(), "😀".encode(),
                         b"\xef\xbf\xbd"]
        ],
        "bad_keys_hex": ["", "00", "0" * 30, "0" * 31, "zz" * 16, "00 " * 16],
        "records": [
            {"pack": "pack.toml", "text": text, "policy": policy,
             "lines": records(engine, text, policy)}
            for text in TEXTS for policy in POLICIES
        ],
    }
    assert vectors["hmac"][0]["hmac"] == digest(bytes.fromhex(rfc4231_key), b"Hi There")
    (HERE / "vectors.json").write_text(
        json.dumps(vectors, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
