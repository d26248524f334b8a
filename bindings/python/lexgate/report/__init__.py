"""lexgate.report: the audit report of a screening (GB/T 45654-2025), as one
self-contained HTML page with charts and as JSON.

    python -m lexgate.report --html report.html --json report.json corpus.txt
    python -m lexgate.report --jsonl --field /messages/0/content --html r.html chat.jsonl
    python -m lexgate.report --html r.html --json r.json summary.json  # from lexgate.dask

Hits per Appendix A risk (with Chinese and English names), share of texts
hit, per category, top rules, masked sample contexts, the rule-set
fingerprint and the keyword inventory. In Python:

    run = lexgate.report.make_report(["corpus.txt"])
    run.report["by_risk"]         # the JSON's numbers; run.ok: no input failed

Module by module (one concern each):

    _inputs     reading corpora and JSONL as lexgate-filter frames them (the
                framing and the --field pointer: lexgate._lines, lexgate._jsonl)
    _summary    the summary JSON of python -m lexgate.dask, checked
    _screen     screening in this process with Engine.scan_many
    _context    masked context windows of the samples
    _tally      the counters, from texts or summaries
    _risk       risk_of(category): the Appendix A risk a category rolls up to
    _inventory  the keyword inventory section (file, or lexgate.inventory)
    _rollup     the report's numbers (the JSON) from a tally
    _charts     matplotlib charts as inline SVG, with a CJK font
    _html       the HTML page
    _output     writing files atomically
    _run        one run: engine, inputs, inventory, numbers
    _command    the command line
"""

from __future__ import annotations

from lexgate.report._errors import ReportError
from lexgate.report._risk import DEFAULT_RISKS, RiskMap
from lexgate.report._run import ReportRun, make_report

__all__ = ["DEFAULT_RISKS", "ReportError", "ReportRun", "RiskMap", "make_report"]
