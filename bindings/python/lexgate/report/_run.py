"""One report run: choose the engine, read every input (screening corpora
and chat logs here, merging summaries of ``python -m lexgate.dask``), find
the inventory, and build the report's numbers.

Kept apart from the command line so that Python code can make a report
too (``lexgate.report.make_report``). Refused (ReportError, nothing
written): inputs of another type, summaries with a missing key, summaries
and screenings of different rule sets. Counted, and the run's ``ok`` is
then False (exit status 2): unreadable files, malformed lines, records
without the field, texts that failed to scan.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

import lexgate
from lexgate._jsonl import JsonPointer
from lexgate._rules import StrPath
from lexgate.report._errors import ReportError
from lexgate.report._inputs import is_summary
from lexgate.report._inventory import (
    category_names,
    category_risks,
    compute_inventory,
    inventory_summary,
    not_supplied,
    read_inventory,
)
from lexgate.report._risk import RiskMap
from lexgate.report._rollup import build_report
from lexgate.report._screen import screen_file
from lexgate.report._summary import Summary, read_summary
from lexgate.report._tally import Tally

__all__ = ["DEFAULT_TITLE", "ReportRun", "describe", "make_report"]

DEFAULT_TITLE = "内容合规审计报告 / Content compliance audit report"


@dataclass
class ReportRun:
    """A finished run: the report's dict and whether every input was read
    and screened without error."""

    report: Dict[str, Any]
    ok: bool


def _engine(rules: Sequence[str], engine_file: Optional[str]) -> lexgate.Engine:
    if rules and engine_file:
        raise ReportError("--rules and --engine exclude each other")
    if engine_file:
        try:
            with open(engine_file, "rb") as handle:
                engine = lexgate.Engine.from_bytes(handle.read())
        except (OSError, ValueError) as error:
            raise ReportError(f"{engine_file}: cannot load the engine: {error}") from error
        source = engine_file
    else:
        try:
            engine = (lexgate.Engine.from_paths(list(rules), streaming=False) if rules
                      else lexgate.Engine.default(streaming=False))
        except (OSError, ValueError) as error:
            raise ReportError(f"cannot load the rules: {error}") from error
        source = ", ".join(rules) or "the shipped packs"
    if engine.rule_count == 0:
        # Packs that declare no rule (the taxonomy file, a pack being
        # written) would screen nothing: every text would pass as clean.
        raise ReportError(f"{source}: no rules (a taxonomy file such as categories.toml "
                          f"holds categories only), so nothing would be screened")
    return engine


def _same_rules(summaries: List[Summary], engine: Optional[lexgate.Engine]) -> Optional[str]:
    prints = {s.data["fingerprint"]: s.path for s in summaries}
    if engine is not None:
        prints.setdefault(engine.fingerprint, "the rules of this run")
    if len(prints) > 1:
        listed = ", ".join(f"{fp} ({where})" for fp, where in prints.items())
        raise ReportError("the inputs were screened with different rule sets "
                          f"(fingerprints {listed}); report on one rule set at a time")
    return next(iter(prints), None)


def _inventory(path: Optional[str], rule_paths: Sequence[str],
               engine_file: Optional[str]) -> "tuple[Optional[Dict[str, Any]], str, str]":
    """(inventory JSON or None, source, reason when None)."""
    if path is not None:
        return read_inventory(path), "file", ""
    if engine_file:
        paths: List[str] = []
    else:
        paths = list(rule_paths) or [str(lexgate.default_rules_path())]
    try:
        data, reason = compute_inventory(paths)
    except ReportError as error:
        return None, "", f"lexgate.inventory gave no usable inventory: {error}"
    except Exception as error:  # noqa: BLE001 - another module's failure is reported, not fatal
        return None, "", f"lexgate.inventory failed: {type(error).__name__}: {error}"
    return data, "computed", reason


def _taxonomy_of(rule_paths: Sequence[str]) -> Dict[str, Any]:
    """RiskMap's taxonomy for the rules screened with: theirs, with the
    risks their packs override and the categories they declare (a category
    has one risk per rule set, so that every report of it agrees:
    rules/README.md); the shipped taxonomy when no rules are named."""
    if not rule_paths:
        return {}
    try:
        rule_set = lexgate.RuleSet.from_paths(list(rule_paths))
    except (OSError, ValueError) as error:
        raise ReportError(f"cannot load the rules: {error}") from error
    return {"taxonomy_risk": lambda category: rule_set.risk_of(category) or None}


def _field_pointer(spec: str) -> JsonPointer:
    """--field, resolved as lexgate-filter resolves it (lexgate._jsonl)."""
    try:
        return JsonPointer.parse(spec)
    except ValueError as error:
        raise ReportError(f"--field: {error}") from None


def _paths(value: Union[StrPath, Iterable[StrPath]]) -> List[str]:
    """One path or an iterable of them (a str is one path, not its
    characters)."""
    if isinstance(value, (str, os.PathLike)):
        return [os.fspath(value)]
    return [os.fspath(p) for p in value]


def make_report(inputs: Union[StrPath, Iterable[StrPath]], *,
                rules: Union[StrPath, Iterable[StrPath]] = (),
                engine_file: Optional[str] = None, field: Optional[str] = None,
                jsonl: bool = False, inventory: Optional[str] = None,
                title: str = DEFAULT_TITLE, top: int = 20, samples: int = 3,
                sample_text: bool = True, threads: Optional[int] = None) -> ReportRun:
    """Screen or merge ``inputs`` and build the report (see the module
    docstring and ``python -m lexgate.report --help`` for the arguments)."""
    inputs, rules = _paths(inputs), _paths(rules)
    if not inputs:
        raise ReportError("no INPUT given: name a corpus, a JSONL chat log or a summary JSON")
    if top < 0 or samples < 0:
        raise ReportError("--top and --samples must not be negative")
    pointer = _field_pointer(field if field is not None else "text") if (jsonl or field) else None
    summaries: List[Summary] = []
    texts: List[str] = []
    for path in inputs:
        if is_summary(path, pointer):
            summaries.append(read_summary(path))
        else:
            texts.append(path)
    engine = _engine(rules, engine_file) if (texts or rules or engine_file) else None
    fingerprint = _same_rules(summaries, engine)
    inventory_data, source, reason = _inventory(inventory, rules, engine_file)
    risks = RiskMap(category_risks(inventory_data), **_taxonomy_of(rules))
    tally = Tally(samples_per_rule=samples, fingerprint=fingerprint)
    for summary in summaries:
        for key in ("hyperscan", "icu"):
            if isinstance(summary.data.get(key), str):
                tally.versions[key] = summary.data[key]
        tally.add_summary(summary)
    for path in texts:
        assert engine is not None
        screen_file(engine, path, pointer, tally, risks, sample_text=sample_text,
                    threads=threads)
    section = (inventory_summary(inventory_data, source, fingerprint) if inventory_data
               else not_supplied(reason))
    report = build_report(tally, risks, section, title=title, top=top,
                          sample_text=sample_text, samples_per_rule=samples,
                          inventory_names=category_names(inventory_data))
    return ReportRun(report, tally.complete())


def describe(run: ReportRun) -> str:
    """One line for stderr: what was counted."""
    r = run.report
    return (f"{r['texts']:,} texts, {r['texts_hit']:,} hit, {r['matches']:,} matches, "
            f"{r['errors']:,} errors" + ("" if run.ok else " (some input failed: see the report)"))
