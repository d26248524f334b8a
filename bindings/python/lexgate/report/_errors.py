"""The one exception of the report: input that cannot be reported on.

Record-level problems (an unreadable file, a malformed JSONL line, a missing
field) are counted in the report instead, so that nothing is lost silently;
ReportError is for input that would make the whole report wrong (a summary
of another type, a missing required key, rule sets that differ), which is
refused rather than reported on.
"""

from __future__ import annotations

from lexgate._errors import Error

__all__ = ["ReportError"]


class ReportError(Error, ValueError):
    """Input the report refuses; the message says which file and why."""
