"""Masked context windows for the report's samples.

A sample shows a match in context without showing what matched: the window
is cut from the text and redacted with the engine's own redaction (each
rule's replacement, e.g. "[手机号]", or one '*' per character), with every
match in the window masked, flag matches included (they are not masked in
the engine's output, but the report is read by people who must not see
the flagged text either). Where a rule's redaction keeps the ends of its
matches (mask_keep), the window masks every match with one '*' per
character instead. A window never cuts a match in two: it grows until
every match it touches lies wholly inside.
"""

from __future__ import annotations

from typing import Any, List, Sequence

import lexgate

__all__ = ["CONTEXT_CHARS", "masked_context"]

#: Code points of context kept on each side of the match.
CONTEXT_CHARS = 40


def _masked(match: "lexgate.Match[str]", shift: int) -> "lexgate.Match[Any]":
    action = match.action if match.action == "block" else "mask"
    return lexgate.Match((match.rule, match.category, action, match.severity,
                          match.start - shift, match.end - shift, match.text))


def _keeps_text(engine: lexgate.Engine, match: "lexgate.Match[Any]") -> bool:
    """Whether the engine's redaction of ``match`` alone keeps any of its
    characters in place (mask_keep = [first, last] does)."""
    alone = lexgate.Match((match.rule, match.category, "mask", match.severity, 0,
                           len(match.text), match.text))
    masked = engine.redact(match.text, lexgate.ScanResult("mask", [alone]))
    return len(masked) == len(match.text) and any(
        a == b and a != "*" for a, b in zip(masked, match.text))


def masked_context(engine: lexgate.Engine, text: str, matches: Sequence["lexgate.Match[str]"],
                   index: int, chars: int = CONTEXT_CHARS) -> str:
    """The text around ``matches[index]``, at most ``chars`` code points each
    side (more when a match straddles the edge), every match in it masked;
    "…" marks a cut."""
    target = matches[index]
    begin = max(0, target.start - chars)
    end = min(len(text), target.end + chars)
    grown = True
    while grown:
        grown = False
        for m in matches:
            if m.start < end and m.end > begin and (m.start < begin or m.end > end):
                begin, end = min(begin, m.start), max(end, m.end)
                grown = True
    inside: List["lexgate.Match[Any]"] = [
        _masked(m, begin) for m in matches if m.start >= begin and m.end <= end]
    window = text[begin:end]
    redacted = engine.redact(window, lexgate.ScanResult("mask", inside)) if inside else window
    if any(_keeps_text(engine, m) for m in inside):
        # A rule's mask_keep shows the ends of its matches: here every
        # match is one '*' per character instead.
        cells = list(window)
        for m in inside:
            cells[m.start:m.end] = "*" * (m.end - m.start)
        redacted = "".join(cells)
    return ("…" if begin > 0 else "") + redacted + ("…" if end < len(text) else "")
