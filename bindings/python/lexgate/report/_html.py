"""The report as one self-contained HTML page: inline CSS, charts as inline
SVG, no script, no external request, so it can be mailed, archived and
opened offline. Headings are bilingual (中文 / English).

Everything that comes from input is escaped (html.escape, quotes too):
sample contexts are untrusted text from the corpus, and file paths, rule
ids and category names come from files the report did not write. Only
the SVG of our own charts is inserted as markup.
"""

from __future__ import annotations

from html import escape
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

__all__ = ["render_html"]

_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans CJK JP","Source Han Sans SC","PingFang SC",
"Microsoft YaHei",system-ui,sans-serif;margin:0;color:#1d232b;background:#f4f6f8}
main{max-width:1100px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 10px;
border-bottom:2px solid #2f6db5;padding-bottom:4px}.meta{color:#5b6570;font-size:13px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0}.card{flex:1 1 150px;
border:1px solid #dfe3e8;border-radius:6px;padding:10px 14px}.card b{display:block;
font-size:24px}.card span{color:#5b6570;font-size:12px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0 12px}
th,td{border-bottom:1px solid #e5e8ec;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f6}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.zero td{color:#9aa3ad}figure{margin:12px 0}figure svg{max-width:100%;height:auto}
figcaption{font-size:12px;color:#5b6570}code,.ctx{font-family:"Noto Sans Mono CJK SC",
monospace;font-size:12px}.ctx{white-space:pre-wrap;word-break:break-all}
.warn{background:#fff4e5;border-left:4px solid #d4a017;padding:8px 12px}
.bad{color:#c0392b;font-weight:bold}.ok{color:#2e7d32;font-weight:bold}
"""


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _n(value: Optional[int]) -> str:
    return "–" if value is None else f"{value:,}"


def _pct(value: Optional[float]) -> str:
    return "–" if value is None else f"{100 * value:.2f}%"


def _table(headers: Sequence[Tuple[str, bool]], rows: Iterable[Tuple[Sequence[str], str]],
           empty: str) -> str:
    """headers: (label, numeric); rows: (cells already escaped, tr class)."""
    head = "".join(f'<th{" class=n" if numeric else ""}>{label}</th>'
                   for label, numeric in headers)
    body = []
    for cells, cls in rows:
        tds = "".join(f'<td{" class=n" if numeric else ""}>{cell}</td>'
                      for cell, (_, numeric) in zip(cells, headers))
        body.append(f'<tr{f" class={cls}" if cls else ""}>{tds}</tr>')
    if not body:
        return f"<p>{empty}</p>"
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _cards(r: Dict[str, Any]) -> str:
    cards = [("文本 / Texts", _n(r["texts"]), "texts"),
             ("命中文本 / Texts hit", _n(r["texts_hit"]), "texts-hit"),
             ("命中占比 / Share hit", _pct(r["share_hit"]), "share-hit"),
             ("命中数 / Matches", _n(r["matches"]), "matches"),
             ("错误 / Errors", _n(r["errors"]), "errors"),
             ("失败 / Failures", _n(r["failures_total"]), "failures")]
    banner = ""
    if not r["complete"]:
        # First thing on the page: these counts understate the corpus.
        unread = sum(1 for f in r["files"] if f.get("error"))
        banner = ('<p class="warn bad" id="incomplete">报告不完整：部分输入未能读取或筛查，'
                  "以下数字偏低。 / Incomplete: some input could not be read or screened; "
                  f"the counts below understate the corpus ({_n(unread)} files unread or "
                  f"cut short, {_n(r['failures_total'])} failures: see Inputs).</p>")
    return banner + '<div class="cards">' + "".join(
        f'<div class="card" id="card-{key}"><b>{value}</b><span>{label}</span></div>'
        for label, value, key in cards) + "</div>"


def _risks(r: Dict[str, Any]) -> str:
    rows = []
    for x in r["by_risk"]:
        texts = _n(x["texts"]) if x["texts"] is not None else \
            f'{_n(x["texts_bounds"][0])}–{_n(x["texts_bounds"][1])}'
        rows.append(([f"<code>{_e(x['risk'])}</code>", _e(x["zh"]), _e(x["en"]),
                      _n(x["matches"]), texts, _pct(x["share"])],
                     "" if x["matches"] else "zero"))
    note = ""
    if not r["risk_texts_exact"]:
        note = ('<p class="warn">摘要只按类别统计文本数，同一风险下的文本数为区间。 / '
                "A summary counts texts per category only: texts per risk are given as a "
                "range.</p>")
    unmapped = r["unmapped"]
    if unmapped["matches"]:
        note += ('<p class="warn">未映射到附录A的类别 / Categories not mapped to Appendix A: '
                 f'{_e(", ".join(unmapped["categories"]))} ({_n(unmapped["matches"])} '
                 "matches)</p>")
    return note + _table(
        [("风险 / Risk", False), ("名称", False), ("Name", False), ("命中 / Matches", True),
         ("文本 / Texts", True), ("占比 / Share", True)], rows, "")


def _categories(r: Dict[str, Any]) -> str:
    rows = [([f"<code>{_e(c['category'])}</code>", _e(c["zh"]), _e(c["en"]),
              f"<code>{_e(c['risk'] or '–')}</code>", _n(c["matches"]), _n(c["texts"]),
              _pct(c["share"])], "") for c in r["by_category"]]
    return _table([("类别 / Category", False), ("名称", False), ("Name", False),
                   ("风险 / Risk", False), ("命中 / Matches", True), ("文本 / Texts", True),
                   ("占比 / Share", True)], rows, "无命中 / No matches.")


def _rules(r: Dict[str, Any]) -> str:
    rows = [([f"<code>{_e(x['rule'])}</code>", f"<code>{_e(x['category'])}</code>",
              _e(x["action"]), f"<code>{_e(x['risk'] or '–')}</code>", _n(x["matches"]),
              _n(x["texts"])], "") for x in r["top_rules"]]
    caption = (f"<p class=meta>前 {r['top_rules_limit']} 条规则（共 {r['rules_hit']} 条命中）/ "
               f"top {r['top_rules_limit']} of {r['rules_hit']} rules hit</p>")
    return caption + _table([("规则 / Rule", False), ("类别 / Category", False),
                             ("动作 / Action", False), ("风险 / Risk", False),
                             ("命中 / Matches", True), ("文本 / Texts", True)], rows,
                            "无命中 / No matches.")


def _samples(r: Dict[str, Any]) -> str:
    if not r["sample_text"]:
        intro = ("<p class=meta>按要求不含样例文本（--no-sample-text）/ "
                 "Sample text left out on request (--no-sample-text).</p>")
    else:
        intro = ("<p class=meta>上下文已用规则的替换文本遮盖，命中内容从不显示 / Contexts are "
                 "masked with the rules' redaction; matched text is never shown.</p>")
    rows = []
    for rule, entries in r["samples"].items():
        for s in entries:
            where = f"{s.get('source', '')}:{s.get('line', '')}"
            rows.append(([f"<code>{_e(rule)}</code>", _e(s.get("category")),
                          f"<code>{_e(where)}</code>",
                          f"<span class=ctx>{_e(s.get('context', '–'))}</span>"], ""))
    return intro + _table([("规则 / Rule", False), ("类别 / Category", False),
                           ("位置 / Where", False), ("上下文 / Context", False)], rows,
                          "无样例 / No samples.")


def _inventory(r: Dict[str, Any]) -> str:
    inv = r["inventory"]
    if not inv.get("supplied"):
        return ('<p class="warn" id="inventory-missing">未提供关键词清单 / The inventory was '
                f"not supplied: {_e(inv.get('reason'))}</p>")
    verdict = ('<span class=ok>达标 / meets the thresholds</span>' if inv["meets"]
               else '<span class=bad>未达标 / below the thresholds</span>')
    lines = [f"<p>关键词 / Terms: <b>{_n(inv['terms'])}</b>，正则 / regexes: "
             f"<b>{_n(inv['regexes'])}</b>；{verdict}；指纹 / fingerprint "
             f"<code>{_e(inv['fingerprint'])}</code>；来源 / source: "
             + ("--inventory" if inv["source"] == "file" else "lexgate.inventory") + "</p>"]
    if not inv["same_rules"]:
        lines.append('<p class="warn">清单的规则指纹与筛查不同 / The inventory describes other '
                     "rules than the screening (fingerprints differ).</p>")
    if inv["uncovered"]:
        lines.append("<p>未覆盖的风险 / Risks without coverage: "
                     f"<code>{_e(', '.join(map(str, inv['uncovered'])))}</code></p>")
    rows = [([f"<code>{_e(x['code'])}</code>", _e(x.get("zh")), _e(x.get("en")),
              _n(x.get("terms")), _n(x.get("regexes")), _n(x.get("threshold")),
              "–" if x.get("meets") is None else ("✔" if x["meets"] else "✘")],
             "" if x.get("terms") or x.get("regexes") else "zero") for x in inv["risks"]]
    lines.append(_table([("风险 / Risk", False), ("名称", False), ("Name", False),
                         ("关键词 / Terms", True), ("正则 / Regexes", True),
                         ("阈值 / Threshold", True), ("达标 / Meets", False)], rows, ""))
    packs = [([_e(p.get("name")), _e(p.get("version")), _e(p.get("updated")),
               _n(p.get("terms")), _n(p.get("regexes"))], "") for p in inv["packs"]]
    lines.append(_table([("规则包 / Pack", False), ("版本 / Version", False),
                         ("更新 / Updated", False), ("关键词 / Terms", True),
                         ("正则 / Regexes", True)], packs, ""))
    return "".join(lines)


def _inputs(r: Dict[str, Any]) -> str:
    rows = [([f"<code>{_e(f['path'])}</code>", _e(f["kind"]) + (
                f" <code>{_e(f['summary'])}</code>" if f.get("summary") else ""),
              _n(f["texts"]), _n(f["bytes"]),
              _n(f["malformed"]), _n(f["errors"]), f"<span class=bad>{_e(f['error'])}</span>"
              if f.get("error") else ""], "") for f in r["files"]]
    out = _table([("文件 / File", False), ("类型 / Kind", False), ("文本 / Texts", True),
                  ("字节 / Bytes", True), ("格式错误 / Malformed", True),
                  ("错误 / Errors", True), ("", False)], rows, "")
    if r["failures"]:
        failures = [([f"<code>{_e(f['path'])}</code>", _e(f.get("line")), _e(f.get("offset")),
                      _e(f["error"])], "") for f in r["failures"]]
        more = r["failures_total"] - len(r["failures"])
        out += (f"<h3>失败记录 / Failures ({_n(r['failures_total'])})</h3>"
                + _table([("文件 / File", False), ("行 / Line", True), ("偏移 / Offset", True),
                          ("原因 / Error", False)], failures, "")
                + (f"<p class=meta>… {more:,} more (counted, not listed)</p>" if more else ""))
    return out


def render_html(report: Dict[str, Any], charts: List[Tuple[str, str]]) -> str:
    """The page for ``report`` (the dict of build_report) and its charts."""
    r = report
    figures = "".join(f"<figure>{svg}<figcaption>{_e(caption)}</figcaption></figure>"
                      for caption, svg in charts)
    meta = (f"生成时间 / Generated {_e(r['generated'])} · lexgate {_e(r['lexgate'])} · "
            f"规则指纹 / rule-set fingerprint <code>{_e(r['fingerprint'] or '–')}</code>")
    if r.get("hyperscan"):
        meta += f" · Hyperscan {_e(r['hyperscan'])} · ICU {_e(r['icu'])}"
    sections = [
        ("overview", "概况 / Overview", _cards(r) + figures),
        ("risks", "按附录A风险 / By Appendix A risk (GB/T 45654-2025)", _risks(r)),
        ("categories", "按类别 / By category", _categories(r)),
        ("rules", "命中最多的规则 / Top rules", _rules(r)),
        ("samples", "样例（已遮盖）/ Samples (masked)", _samples(r)),
        ("inventory", "关键词清单 / Keyword inventory", _inventory(r)),
        ("inputs", "输入 / Inputs", _inputs(r)),
    ]
    body = "".join(f'<section id="{key}"><h2>{title}</h2>{content}</section>'
                   for key, title, content in sections)
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_e(r['title'])}</title><style>{_CSS}</style></head><body><main>"
        f"<h1>{_e(r['title'])}</h1><p class=meta>{meta}</p>{body}</main></body></html>\n")
