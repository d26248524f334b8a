"""lexgate: fast bilingual (Chinese + English) content-compliance filtering
for chatbot output.

Rule packs (keyword lists and regular expressions, each with a category, an
action and a severity) are compiled into Hyperscan databases; text is folded
so that evasive spellings meet the same keywords (ＦＵＣＫ, f.u.c.k, 習近平,
习 近 平, zero-width joiners, Cyrillic look-alikes …), and every match is
mapped back to the exact span of the original text.

    import lexgate

    engine = lexgate.Engine.default()          # the shipped rule packs
    result = engine.scan("电话13812345678, what the ＦＵＣＫ")
    result.verdict                             # 'mask'
    for m in result.matches:                   # text[m.start:m.end] == m.text
        print(m.rule, m.category, m.action, m.start, m.end, m.text)
    engine.redact("电话13812345678, what the ＦＵＣＫ")
    # '电话[手机号], what the ****'

Engine.from_paths(paths) compiles your own packs, RuleSet builds rules in
code, engine.scan_many(texts) scans a batch on every core,
engine.stream() / engine.guard(deltas) guard a streamed answer delta by
delta without ever showing a masked span, and engines
pickle (through Engine.to_bytes()) for worker processes. Errors in rules
raise RuleError (a ValueError) with .path, .line and .rule_id.
"""

import types as _types

from lexgate._core import Match, ScanResult, __version__
from lexgate._engine import Engine, Guard, RuleSet, Stream
from lexgate._errors import Error, RuleError, ScanError
from lexgate._paths import default_rules_path

# ScanResult[str] / Match[bytes] in annotations, as in the type stubs.
for _cls in (Match, ScanResult):
    _cls.__class_getitem__ = classmethod(_types.GenericAlias)  # type: ignore[attr-defined]
del _cls

__all__ = [
    "Engine",
    "Error",
    "Guard",
    "Match",
    "RuleError",
    "RuleSet",
    "ScanError",
    "ScanResult",
    "Stream",
    "default_rules_path",
    "__version__",
]
