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

The package, module by module:

    Engine            (_engine)   scan, redact, scan_many, fold; ascan/aredact;
                                  stream/guard/aguard; rules, fingerprint
    RuleSet, taxonomy (_rules)    rules from packs or code, the category taxonomy
    inventory,        (_inventory) keyword counts per GB/T 45654 Appendix A risk;
    inventory_diff                 the filing form as CSV/XLSX (python -m
                                   lexgate.inventory)
    Stream, Guard,    (_stream)   the streaming guard of one answer, driven by
    AsyncGuard                    an iterable or an async iterable of deltas
    Policy            (_policy)   per-request views: categories off, actions overridden
    AuditKey, Auditor (_audit)    audit records with an HMAC instead of the text
    ReloadingEngine   (_reload)   swap in new rules while serving
    Error, RuleError, (_errors)   what lexgate raises
    ScanError
    options           (_options)  every option and default, in one place
    lexgate.openai                guards for OpenAI-style chat completions

Engines pickle (through Engine.to_bytes()) for worker processes;
Match/ScanResult .to_dict() give the JSON schema of lexgate-filter.
"""

from lexgate._core import Match, ScanResult, __version__
from lexgate._audit import AuditKey, Auditor
from lexgate._engine import Engine
from lexgate._errors import Error, RuleError, ScanError
from lexgate._options import (
    ASYNC_OFFLOAD_CHARS,
    DEFAULT_MAX_HOLD,
    NORMALIZE_OPTION_DOCS,
    NORMALIZE_OPTIONS,
)
from lexgate._paths import default_rules_path
from lexgate._policy import Policy, PolicyLimits
from lexgate._reload import ReloadingEngine
from lexgate._results import SCHEMA_VERSION
from lexgate._results import install as _install_results
from lexgate._inventory import inventory, inventory_diff
from lexgate._rules import Category, PackInfo, RuleInfo, RuleSet, taxonomy
from lexgate._stream import AsyncGuard, Guard, Stream


def _add_generic_alias() -> None:
    # ScanResult[str] / Match[bytes] in annotations, as in the type stubs.
    import types

    for cls in (Match, ScanResult):
        setattr(cls, "__class_getitem__", classmethod(types.GenericAlias))


_add_generic_alias()
_install_results()

__all__ = [
    "ASYNC_OFFLOAD_CHARS",
    "AsyncGuard",
    "AuditKey",
    "Auditor",
    "Category",
    "DEFAULT_MAX_HOLD",
    "Engine",
    "Error",
    "Guard",
    "Match",
    "NORMALIZE_OPTIONS",
    "NORMALIZE_OPTION_DOCS",
    "PackInfo",
    "Policy",
    "PolicyLimits",
    "ReloadingEngine",
    "RuleError",
    "RuleInfo",
    "RuleSet",
    "SCHEMA_VERSION",
    "ScanError",
    "ScanResult",
    "Stream",
    "default_rules_path",
    "inventory",
    "inventory_diff",
    "taxonomy",
    "__version__",
]
