"""Audit records: which rule decided what, where, under which engine and
policy, for logs that must never hold the matched text.

A record carries a keyed HMAC-SHA256 of the match's original bytes
(UTF-8) instead of the text, so that the same text can be recognised across
records (and checked by whoever holds the key) without being readable:

    {"v": 1, "type": "audit", "rule": "pii.cn.mobile", "category": "pii.phone",
     "action": "mask", "severity": 3, "start": 2, "end": 13,
     "hmac": "<64 hex>", "fingerprint": "<16 hex>", "policy": null}

"rule_action", the rule's own action, is added when a policy changed it;
callers may add context keys (lexgate.openai adds "choice" and "field").
The records are the C++ library's (lexgate/audit.h), byte for byte: the
tests check both against the vectors in tests/data/audit/.
"""

from __future__ import annotations

import hmac
import os
import re
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Union

from lexgate._core import Match, ScanResult

if TYPE_CHECKING:
    from lexgate._engine import Engine
    from lexgate._policy import Policy

__all__ = ["AuditKey", "Auditor"]

_SURROGATES = re.compile("[\ud800-\udfff]")


class AuditKey:
    """The secret key of audit HMACs. It always comes from the caller:
    lexgate has no default key. At least MIN_BYTES bytes; 32 random bytes
    are recommended (``openssl rand -hex 32 > audit.key``)."""

    MIN_BYTES = 16
    __slots__ = ("_key",)

    def __init__(self, key: Union[bytes, bytearray]) -> None:
        if not isinstance(key, (bytes, bytearray)):
            raise TypeError(f"an audit key is bytes, not {type(key).__name__} "
                            "(AuditKey.from_hex() takes hex digits)")
        if len(key) < self.MIN_BYTES:
            raise ValueError(f"an audit key needs at least {self.MIN_BYTES} bytes, got {len(key)}")
        self._key = bytes(key)

    @classmethod
    def from_hex(cls, text: str) -> "AuditKey":
        """The key as hex digits (either case), whitespace around ignored."""
        digits = text.strip()
        if len(digits) % 2:
            raise ValueError("an audit key in hex needs an even number of hex digits")
        try:
            key = bytes.fromhex(digits)
        except ValueError:
            raise ValueError("an audit key in hex may hold only hex digits (0-9, a-f)") from None
        if re.search(r"\s", digits):
            raise ValueError("an audit key in hex may hold only hex digits (0-9, a-f)")
        return cls(key)

    @classmethod
    def from_file(cls, path: Union[str, "os.PathLike[str]"]) -> "AuditKey":
        """A key file holding the key as hex digits (the format lexgate-filter
        --audit-key-file reads, see AuditKey::FromFile in C++)."""
        with open(path, "rb") as f:
            data = f.read()
        try:
            return cls.from_hex(data.decode("ascii"))
        except (UnicodeDecodeError, ValueError) as error:
            raise ValueError(f"audit key file {os.fspath(path)}: {error}") from None

    def hmac(self, data: Union[str, bytes]) -> str:
        """HMAC-SHA256 of ``data`` (a str is taken as UTF-8, lone surrogates
        as U+FFFD as the scan saw them), 64 lowercase hex digits."""
        if isinstance(data, str):
            data = _utf8(data)
        return hmac.new(self._key, data, "sha256").hexdigest()

    def __repr__(self) -> str:
        return "<lexgate.AuditKey (secret)>"


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text).encode("utf-8")


class Auditor:
    """Turns results into audit records under one key.

        auditor = lexgate.Auditor(lexgate.AuditKey.from_file("audit.key"))
        result = engine.scan(reply, policy=tenant)
        for record in auditor.records(result, engine=engine, policy=tenant):
            log.info(json.dumps(record, ensure_ascii=False))

    Thread-safe.
    """

    __slots__ = ("key",)

    def __init__(self, key: AuditKey) -> None:
        if not isinstance(key, AuditKey):
            raise TypeError("Auditor() needs a lexgate.AuditKey (AuditKey(bytes), "
                            f"AuditKey.from_hex(), AuditKey.from_file()), not {type(key).__name__}")
        self.key = key

    def records(self, matches: Union["ScanResult[str]", Iterable["Match[str]"]], *,
                engine: "Engine", policy: Optional["Policy"] = None,
                **context: Any) -> List[Dict[str, Any]]:
        """One record per match of ``matches`` (a ScanResult or matches of
        a str scan or stream by ``engine``, with ``policy`` already applied
        as scan(text, policy=policy) does). ``context`` keys are added to
        every record after the schema's."""
        rule_actions = {r.id: r.action for r in engine.rules}
        fingerprint = engine.fingerprint
        policy_name = policy.name if policy is not None else None
        out = []
        for m in matches:
            if not isinstance(m.text, str):
                raise TypeError("audit records need matches of a str scan "
                                "(their offsets are code points)")
            record: Dict[str, Any] = {
                "v": 1, "type": "audit", "rule": m.rule, "category": m.category,
                "action": m.action,
            }
            rule_action = rule_actions.get(m.rule, m.action)
            if rule_action != m.action:
                record["rule_action"] = rule_action
            record.update(severity=m.severity, start=m.start, end=m.end,
                          hmac=self.key.hmac(m.text), fingerprint=fingerprint,
                          policy=policy_name)
            record.update(context)
            out.append(record)
        return out
