"""The audit report, python -m lexgate.report (issue 17, part 2): its
aggregation and Appendix A roll-up, agreement with lexgate-filter --stats,
the summary and inventory inputs, bad input, and HTML escaping. The page in
a real browser: test_report_chromium.py."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

import lexgate
from deps import require
from report_fixtures import cli_stats, inventory, screen_summary, write_json
from lexgate.report import ReportError, RiskMap, make_report
from lexgate.report._command import main
from lexgate.report._context import masked_context
from lexgate._jsonl import JsonPointer
from lexgate.report._inputs import Record
from lexgate.report._tally import Tally

require("matplotlib")

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "examples" / "sample" / "sample.txt"
CHAT = REPO / "examples" / "sample" / "chat.jsonl"


def run_report(tmp_path: Path, *args: str, html: bool = True) -> "tuple[int, Dict[str, Any], str]":
    """main() in this process (the engine stays cached between tests):
    (exit status, the JSON report or {}, the HTML or "")."""
    out_json, out_html = tmp_path / "report.json", tmp_path / "report.html"
    for stale in (out_json, out_html):
        if stale.exists():
            stale.unlink()
    argv = ["--json", str(out_json)] + (["--html", str(out_html)] if html else []) + list(args)
    status = main(argv)
    report = json.loads(out_json.read_text(encoding="utf-8")) if out_json.exists() else {}
    page = out_html.read_text(encoding="utf-8") if out_html.exists() else ""
    return status, report, page


# --- the risk roll-up ---------------------------------------------------------

def test_default_mapping_of_issue_17() -> None:
    risks = RiskMap(taxonomy_risk=lambda category: None)
    assert risks.risk_of("pii.phone") == "A.4.6"
    assert risks.risk_of("pii") == "A.4.6"
    assert risks.risk_of("secret.api_key") == "A.3.3"
    assert risks.risk_of("profanity") == "A.4.3"
    assert risks.risk_of("profanity.sexual") == "A.1.6"
    assert risks.risk_of("spam.gambling") == "A.1.8"
    assert risks.risk_of("spam.fraud") == "A.1.7"
    assert risks.risk_of("spam.contact") == "A.3.2"
    assert risks.risk_of("A.2.1") == "A.2.1"  # slurs keep their A.2.x codes
    assert risks.risk_of("spam") is None  # no guesswork: reported as unmapped
    assert risks.risk_of("acme.ticket") is None
    assert risks.sources["pii.phone"] == "default"


def test_taxonomy_then_inventory_then_default() -> None:
    taxonomy = {"pii.phone": "A.4.5"}
    risks = RiskMap({"pii.phone": "A.4.7", "acme.x": "A.1.2", "pii.email": None},
                    taxonomy_risk=taxonomy.get)
    assert risks.risk_of("pii.phone") == "A.4.5"
    assert risks.sources["pii.phone"] == "taxonomy"
    assert risks.risk_of("acme.x") == "A.1.2"
    assert risks.sources["acme.x"] == "inventory"
    assert risks.risk_of("pii.email") == "A.4.6"  # the inventory knows no risk
    assert risks.sources["pii.email"] == "default"


def test_shipped_taxonomy_maps_every_shipped_category() -> None:
    risks = RiskMap()
    engine = lexgate.Engine.default(streaming=False)
    unmapped = {r.category for r in engine.rules if risks.risk_of(r.category) is None}
    assert not unmapped


# --- aggregation ------------------------------------------------------------

def scan_records(engine: lexgate.Engine, texts: List[str], tally: Tally,
                 risks: RiskMap) -> None:
    for i, text in enumerate(texts):
        tally.add_text(Record("t.txt", i * 10, i + 1, text, len(text.encode())),
                       engine.scan(text).matches,
                       risks, None)


def test_tally_counts_texts_once_per_rule_category_and_risk() -> None:
    engine = lexgate.Engine.default(streaming=False)
    risks = RiskMap(taxonomy_risk=lambda category: None)
    tally = Tally(samples_per_rule=1)
    # pii.phone and pii.email are two categories of one risk (A.4.6).
    scan_records(engine, ["电话13812345678 或 13912345678, mail a@example.com",
                          "nothing here", "13700001111"], tally, risks)
    assert tally.texts == 3 and tally.texts_hit == 2
    assert tally.rule_matches["pii.cn.mobile"] == 3
    assert tally.rule_texts["pii.cn.mobile"] == 2
    assert tally.category_texts["pii.phone"] == 2
    assert tally.risk_texts["A.4.6"] == 2  # not 3: one text, one count per risk
    assert len(tally.samples["pii.cn.mobile"]) == 1
    assert "context" not in tally.samples["pii.cn.mobile"][0]
    assert tally.bytes == sum(len(t.encode()) for t in
                              ["电话13812345678 或 13912345678, mail a@example.com",
                               "nothing here", "13700001111"])


def test_masked_context_never_shows_matched_text() -> None:
    engine = lexgate.Engine.default(streaming=False)
    text = "x" * 60 + "加我微信 13812345678, what the fuck" + "y" * 60
    matches = engine.scan(text).matches
    assert {m.action for m in matches} >= {"flag", "mask"}
    for i, m in enumerate(matches):
        context = masked_context(engine, text, matches, i, chars=10)
        for other in matches:
            assert other.text not in context  # flag matches are masked too
        assert context.startswith("…") and context.endswith("…")


def test_masked_context_hides_what_mask_keep_shows() -> None:
    # mask_keep = (6, 4) redacts "topsecretcodename" as "topsec*******name":
    # a sample must not show those ends.
    engine = (lexgate.RuleSet()
              .add_keywords("code", ["topsecretcodename"], category="secret",
                            mask_keep=(6, 4))
              .add_keywords("phone", ["13812345678"], category="pii.phone",
                            replacement="[手机号]")
              .compile(streaming=False))
    text = "the name topsecretcodename, call 13812345678 now"
    matches = engine.scan(text).matches
    assert engine.redact(text).count("topsec") == 1  # the engine's own output keeps them
    for i in range(len(matches)):
        context = masked_context(engine, text, matches, i)
        assert "topsec" not in context and "name," not in context.replace("the name", "")
        assert "*" * len("topsecretcodename") in context and "13812345678" not in context


def test_field_pointer_as_lexgate_filter() -> None:
    # --field is lexgate._jsonl's pointer (tested against the CLI in
    # test_dask_inputs.py); a bad one is the report's error.
    record = {"messages": [{"content": "hi"}, {"content": 3}], "a/b": {"~": "x"}}
    assert JsonPointer.parse("/messages/0/content").find(record)[2] == "hi"
    assert JsonPointer.parse("/a~1b/~0").find(record)[2] == "x"
    with pytest.raises(ValueError, match='missing field "/messages/2/content"'):
        JsonPointer.parse("/messages/2/content").find(record)
    with pytest.raises(ValueError, match="is not a string"):
        JsonPointer.parse("/messages/1/content").find(record)
    with pytest.raises(ValueError, match="missing field"):
        JsonPointer.parse("/messages/01/content").find(record)
    with pytest.raises(ReportError, match="--field: '~' in a JSON pointer"):
        make_report([str(SAMPLE)], field="/a~2")
    with pytest.raises(ReportError, match="--field: .*needs a key"):
        make_report([str(SAMPLE)], jsonl=True, field="")


# --- a corpus, screened here: the numbers of lexgate-filter --stats ------------

def assert_same_as_cli(report: Dict[str, Any], stats: Dict[str, Any]) -> None:
    for key in ("fingerprint", "texts", "texts_hit", "matches", "errors", "bytes",
                "by_action"):
        assert report[key] == stats[key], key
    assert {c["category"]: c["matches"] for c in report["by_category"]} == \
        {c["category"]: c["matches"] for c in stats["by_category"]}
    assert [c["category"] for c in report["by_category"]] == \
        [c["category"] for c in stats["by_category"]]
    assert {(c["category"], c["zh"], c["en"]) for c in report["by_category"]} == \
        {(c["category"], c["zh"], c["en"]) for c in stats["by_category"]}
    assert {r["rule"]: r["matches"] for r in report["top_rules"]} == \
        {r["rule"]: r["matches"] for r in stats["by_rule"]}


def test_corpus_numbers_equal_lexgate_filter_stats(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.txt"
    # Blank and whitespace lines and CRLF are texts, as lexgate-filter frames them.
    corpus.write_bytes(SAMPLE.read_bytes() + b"\n  \r\nfuck you\r\n\xff\xfe bad utf-8 13812345678\n")
    status, report, page = run_report(tmp_path, "--top", "100", str(corpus))
    assert status == 0
    assert_same_as_cli(report, cli_stats(str(corpus)))
    assert report["texts"] == 34 and report["share_hit"] == pytest.approx(20 / 34, abs=1e-6)
    a46 = next(r for r in report["by_risk"] if r["risk"] == "A.4.6")
    assert a46["zh"] == "侵害他人个人信息权益"
    assert a46["matches"] == sum(c["matches"] for c in report["by_category"]
                                 if c["category"].startswith("pii"))
    assert 0 < a46["texts"] <= a46["matches"] and a46["texts_bounds"] == [a46["texts"]] * 2
    assert len([r for r in report["by_risk"] if r["risk"].count(".") == 2]) == 31
    assert report["files"] == [{"path": str(corpus), "kind": "text", "texts": 34,
                                "bytes": report["bytes"], "malformed": 0, "errors": 0}]
    assert "侵害他人个人信息权益" in page and "<svg" in page


def test_gzip_corpus_and_jsonl_with_pointer_equal_the_cli(tmp_path: Path) -> None:
    plain = tmp_path / "sample.txt.gz"
    plain.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    status, report, _ = run_report(tmp_path, str(plain), html=False)
    assert status == 0
    assert_same_as_cli(report, cli_stats(str(plain)))
    chat = tmp_path / "chat.jsonl"
    lines = [json.dumps({"id": i, "messages": [{"role": "user", "content": text}]},
                        ensure_ascii=False) for i, text in
             enumerate(SAMPLE.read_text(encoding="utf-8").splitlines())]
    chat.write_text("\n".join(lines[:10]) + "\n\n  \n" + "\n".join(lines[10:]) + "\n",
                    encoding="utf-8")
    status, report, _ = run_report(tmp_path, "--jsonl", "--field", "/messages/0/content",
                                   str(chat), html=False)
    assert status == 0
    assert_same_as_cli(report, cli_stats("--jsonl", "--field", "/messages/0/content",
                                         str(chat)))
    assert report["texts"] == 30  # the blank lines are skipped in JSONL


def test_jsonl_edge_cases_and_gzip_by_content_equal_the_cli(tmp_path: Path) -> None:
    # The line rules and framing are lexgate._jsonl and lexgate._lines (shared
    # with lexgate.dask): a byte order mark is allowed; numbers beyond a
    # double, deep nesting and a top-level non-object are errors.
    chat = tmp_path / "edge.jsonl"
    chat.write_bytes(b"\n".join([
        b'\xef\xbb\xbf{"text":"fuck"}', b'{"text":"fuck","n":1e400}',
        b'{"text":"fuck","n":' + b"1" * 320 + b"}", b'{"text":"fuck","n":' + b"1" * 30 + b"}",
        b'["text"]', b'{"text":"a","x":' + b"[" * 65 + b"]" * 65 + b"}",
        b'{"text":"a","x":' + b"[" * 1500 + b"]" * 1500 + b"}", b'{"text":"caf\xc3"}',
    ]) + b"\n")
    status, report, _ = run_report(tmp_path, "--jsonl", str(chat), html=False)
    assert status == 2
    assert_same_as_cli(report, cli_stats("--jsonl", str(chat)))
    assert report["texts"] == 2 and report["files"][0]["malformed"] == 6
    errors = {f["line"]: f["error"] for f in report["failures"]}
    assert errors[5] == "not a JSON object" and errors[8] == "invalid UTF-8 at byte 13"
    packed = tmp_path / "packed.txt"  # gzip'd, whatever its name
    packed.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    status, report, _ = run_report(tmp_path, str(packed), html=False)
    assert status == 0
    assert_same_as_cli(report, cli_stats(str(packed)))


# --- bad input: counted, listed, exit status 2 ----------------------------------

def test_bad_records_and_unreadable_files_are_counted(tmp_path: Path, capsys: Any) -> None:
    chat = tmp_path / "chat.jsonl"
    chat.write_bytes(CHAT.read_bytes() + b'{"id": 9, "text": \n'  # malformed
                     b'{"id": 10, "content": "no text field 13812345678"}\n'  # missing field
                     b'{"id": 11, "text": 42}\n'  # not a string
                     b'\xff{"id": 12}\n'  # invalid UTF-8
                     b'{"id": 13, "text": "fuck", "x": NaN}\n')  # not JSON
    missing = tmp_path / "missing.txt"
    a_directory = tmp_path / "dir"
    a_directory.mkdir()
    status, report, page = run_report(tmp_path, "--jsonl", str(chat), str(missing),
                                      str(a_directory))
    assert status == 2
    stats = cli_stats("--jsonl", str(chat))
    assert report["texts"] == stats["texts"] and report["errors"] == stats["errors"] == 5
    files = {f["path"]: f for f in report["files"]}
    assert files[str(chat)]["malformed"] == 3 and files[str(chat)]["errors"] == 2
    assert "cannot open" in files[str(missing)]["error"]
    assert "cannot open" in files[str(a_directory)]["error"]
    assert report["failures_total"] == 7
    errors = {(f["path"], f["line"]): f["error"] for f in report["failures"]}
    assert errors[(str(chat), 6)] == 'missing field "text"'
    assert errors[(str(chat), 7)] == 'field "text" is not a string'
    assert errors[(str(chat), 8)].startswith("invalid UTF-8")
    assert "missing.txt" in capsys.readouterr().err
    assert "missing.txt" in page


def test_refused_inputs_write_nothing(tmp_path: Path, capsys: Any) -> None:
    stats = write_json(tmp_path / "stats.json", cli_stats(str(SAMPLE)))
    status, report, page = run_report(tmp_path, str(stats))
    assert status == 2 and report == {} and page == ""
    assert "a lexgate 'stats' document, not a screening summary" in capsys.readouterr().err
    broken = screen_summary()
    del broken["by_rule"]
    status, report, _ = run_report(tmp_path, str(write_json(tmp_path / "s.json", broken)))
    assert status == 2 and report == {}
    assert "missing required key 'by_rule'" in capsys.readouterr().err
    broken = screen_summary()
    broken["by_category"][1]["texts"] = "40"
    status, _, _ = run_report(tmp_path, str(write_json(tmp_path / "s.json", broken)))
    assert status == 2
    assert "by_category[1]: 'texts' must be an integer" in capsys.readouterr().err
    status, _, _ = run_report(tmp_path, "--inventory", str(stats), str(SAMPLE))
    assert status == 2 and "not an inventory" in capsys.readouterr().err
    # Summaries of one rule set, corpora screened with another: refused.
    summary = write_json(tmp_path / "summary.json", screen_summary())
    status, _, _ = run_report(tmp_path, str(summary), str(SAMPLE))
    assert status == 2 and "different rule sets" in capsys.readouterr().err
    assert main(["--html", str(tmp_path / "x.html")]) == 2
    assert "no INPUT given" in capsys.readouterr().err


# --- the summary of python -m lexgate.dask -----------------------------------------

def test_summary_input(tmp_path: Path) -> None:
    summary = write_json(tmp_path / "summary.json", screen_summary())
    status, report, page = run_report(tmp_path, "--samples", "2", str(summary))
    assert status == 2  # the summary lists failed records
    assert report["texts"] == 1000 and report["texts_hit"] == 130
    assert report["share_hit"] == 0.13 and report["errors"] == 3
    assert report["hyperscan"] == "5.4.0 2021-01-26"
    assert report["fingerprint"] == "0123456789abcdef"
    a46 = next(r for r in report["by_risk"] if r["risk"] == "A.4.6")
    # pii.phone (60 texts) and pii.email (40) may share texts: a range.
    assert a46["matches"] == 130 and a46["texts"] is None
    assert a46["texts_bounds"] == [60, 100] and not report["risk_texts_exact"]
    a43 = next(r for r in report["by_risk"] if r["risk"] == "A.4.3")
    assert a43["texts"] == 25 and a43["share"] == 0.025
    assert [len(v) for v in report["samples"].values()] == [2, 1]
    assert [f["path"] for f in report["files"]] == ["corpus/a.txt", "corpus/b.jsonl"]
    assert report["files"][0]["summary"] == str(summary)
    assert report["failures_total"] == 3
    assert "&lt;b&gt;#1&lt;/b&gt;" in page and "<b>#1</b>" not in page
    assert "60–100" in page
    status, report, _ = run_report(tmp_path, "--no-sample-text", str(summary), html=False)
    assert all("context" not in s for v in report["samples"].values() for s in v)
    assert report["sample_text"] is False


def test_a_summary_of_many_files_is_read_whole(tmp_path: Path, monkeypatch: Any,
                                               capsys: Any) -> None:
    # A summary has one entry per input file: one of 370,000 files passed
    # 64 MiB and was refused as "damaged". Summaries are read up to 1 GiB
    # (other JSON files, which may be corpora, still only up to 64 MiB);
    # beyond, the error says why. Here with both limits made small.
    from lexgate.report import _inputs

    data = screen_summary()
    data["files"] = [dict(data["files"][0], file=f"corpus/f{i:06d}.txt", texts=0, bytes=0,
                          lines=0) for i in range(400)] + data["files"]
    summary = write_json(tmp_path / "summary.json", data)
    size = summary.stat().st_size
    monkeypatch.setattr(_inputs, "OTHER_JSON_MAX_BYTES", size // 4)
    monkeypatch.setattr(_inputs, "SUMMARY_MAX_BYTES", size + 1)
    status, report, _ = run_report(tmp_path, str(summary), html=False)
    assert report["texts"] == 1000 and status == 2  # as test_summary_input
    monkeypatch.setattr(_inputs, "SUMMARY_MAX_BYTES", size - 1)
    status, report, _ = run_report(tmp_path, str(summary), html=False)
    assert status == 2 and not report
    assert "larger than" in capsys.readouterr().err


def test_two_summaries_add_up(tmp_path: Path) -> None:
    one = write_json(tmp_path / "one.json", screen_summary())
    two = write_json(tmp_path / "two.json", screen_summary(with_context=False))
    _, report, _ = run_report(tmp_path, str(one), str(two), html=False)
    assert report["texts"] == 2000 and report["matches"] == 350
    assert report["by_action"] == {"block": 0, "mask": 320, "flag": 30}
    assert report["top_rules"][0] == {"rule": "pii.cn.mobile", "category": "pii.phone",
                                      "action": "mask", "risk": "A.4.6", "matches": 160,
                                      "texts": 120}


# --- the inventory -------------------------------------------------------------

def test_inventory_section_from_file(tmp_path: Path) -> None:
    data = inventory(extra_categories=[
        {"category": "acme.rumour", "zh": "谣言", "en": "Rumour", "risk": "A.1.7",
         "terms": 3, "regexes": 0}])
    pack = tmp_path / "acme.toml"
    pack.write_text('[pack]\nname = "acme"\n\n[[category]]\ncode = "acme.rumour"\n'
                    'zh = "谣言"\nen = "Rumour"\nrisk = "A.1.7"\n\n[[rule]]\nid = "acme.rumour"\n'
                    'category = "acme.rumour"\naction = "flag"\n'
                    'keywords = ["量子速读"]\n', encoding="utf-8")
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("学会量子速读，一天读完一百本书\n普通的一句话\n", encoding="utf-8")
    inv = write_json(tmp_path / "inventory.json", data)
    status, report, page = run_report(tmp_path, "--rules", str(pack), "--inventory", str(inv),
                                      str(corpus))
    assert status == 0
    section = report["inventory"]
    assert section["supplied"] and section["source"] == "file"
    assert section["terms"] == 1969 and section["meets"] is False
    assert section["uncovered"] == ["A.1.1", "A.1.2"]
    assert section["same_rules"] is False  # the fixture's fingerprint is not the pack's
    assert section["packs"][0]["version"] == "1.2.0"
    category = report["by_category"][0]
    # The rules screened with declare the category and its risk: theirs is
    # the taxonomy (the inventory file given may be another rule set's).
    assert (category["category"], category["risk"], category["risk_source"]) == \
        ("acme.rumour", "A.1.7", "taxonomy")
    assert (category["zh"], category["en"]) == ("谣言", "Rumour")
    a17 = next(r for r in report["by_risk"] if r["risk"] == "A.1.7")
    assert (a17["matches"], a17["texts"], a17["share"]) == (1, 1, 0.5)
    assert "未达标 / below the thresholds" in page and "A.1.1, A.1.2" in page


@pytest.mark.parametrize("damage,where", [
    (lambda d: d["risks"][0].update(terms="many"), "risks[0]: 'terms' must be an integer"),
    (lambda d: d["categories"][0].update(category=["x"]),
     "categories[0]: 'category' must be a string"),
    (lambda d: d.update(terms=-1), "'terms'"),
    (lambda d: d.update(meets="yes"), "'meets'"),
    (lambda d: d["uncovered"].append(7), "uncovered[2]"),
    (lambda d: d["packs"].append("acme"), "packs[1] must be an object"),
])
def test_a_damaged_inventory_is_refused_with_its_key(tmp_path: Path, capsys: Any,
                                                     damage: Any, where: str) -> None:
    # It raised out of the HTML rendering (a traceback, exit 1) instead.
    data = inventory()
    damage(data)
    inv = write_json(tmp_path / "inventory.json", data)
    status, report, page = run_report(tmp_path, "--inventory", str(inv), str(SAMPLE))
    assert status == 2 and report == {} and page == ""
    assert where in capsys.readouterr().err


def test_inventory_computed_for_the_rules_in_use(tmp_path: Path) -> None:
    _, report, _ = run_report(tmp_path, str(SAMPLE), html=False)
    section = report["inventory"]
    assert section["supplied"] and section["source"] == "computed"
    assert section["same_rules"] is True
    assert section["terms"] == lexgate.inventory()["terms"]


def test_inventory_not_supplied_for_a_saved_engine(tmp_path: Path) -> None:
    from report_fixtures import _shipped_engine

    _, report, page = run_report(tmp_path, "--engine", _shipped_engine(), str(SAMPLE))
    assert report["inventory"] == {
        "supplied": False,
        "reason": "the rules came from a saved engine (--engine); pass --inventory FILE"}
    assert 'id="inventory-missing"' in page


# --- HTML ----------------------------------------------------------------------

def test_untrusted_text_is_escaped(tmp_path: Path) -> None:
    corpus = tmp_path / "evil&<x>.txt"
    corpus.write_text('<script>alert("fuck")</script><img src=x onerror=alert(1)> 13812345678\n'
                      "</td></table><h1>what the fuck</h1>\n", encoding="utf-8")
    status, report, page = run_report(tmp_path, str(corpus))
    assert status == 0 and report["matches"] == 3
    contexts = [s["context"] for v in report["samples"].values() for s in v]
    assert any("<script>" in c for c in contexts)  # the JSON keeps the text as it is
    assert "<script" not in page.lower() and "<img" not in page and "<h1>what" not in page
    assert "&lt;script&gt;alert(&quot;****&quot;)&lt;/script&gt;" in page
    assert "evil&amp;&lt;x&gt;.txt" in page
    assert "fuck" not in page and "13812345678" not in page
    assert "http://" not in page.replace("http://www.w3.org/", "")  # no external request


def test_help_says_html_and_json_and_dask() -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(lexgate.__file__).parent.parent))
    run = subprocess.run([sys.executable, "-m", "lexgate.report", "--help"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0
    assert "HTML" in run.stdout and "JSON" in run.stdout
    assert "python -m lexgate.dask" in run.stdout and "--no-sample-text" in run.stdout


def test_command_writes_both_files(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(lexgate.__file__).parent.parent))
    run = subprocess.run([sys.executable, "-m", "lexgate.report", "--html",
                          str(tmp_path / "r.html"), "--json", str(tmp_path / "r.json"),
                          str(SAMPLE)], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "30 texts, 18 hit, 24 matches, 0 errors" in run.stderr
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["type"] == "report"
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_piped_corpus_is_screened_not_eaten(tmp_path: Path) -> None:
    # A pipe cannot be peeked at for a summary: it is read as a corpus, all
    # of it (it was read away looking for a summary and reported as 0 texts
    # with exit status 0).
    env = dict(os.environ, PYTHONPATH=str(Path(lexgate.__file__).parent.parent))
    with open(SAMPLE, "rb") as corpus:
        run = subprocess.run([sys.executable, "-m", "lexgate.report", "--json",
                              str(tmp_path / "r.json"), "/dev/stdin"], stdin=corpus, env=env,
                             capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert (report["texts"], report["matches"], report["complete"]) == (30, 24, True)


def test_reports_go_where_they_are_told(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(lexgate.__file__).parent.parent))
    # "-": standard output.
    run = subprocess.run([sys.executable, "-m", "lexgate.report", "--json", "-", str(SAMPLE)],
                         env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["texts"] == 30 and not (tmp_path / "-").exists()
    # /dev/stdout on a pipe, and on a file the shell appends to.
    run = subprocess.run([sys.executable, "-m", "lexgate.report", "--json", "/dev/stdout",
                          str(SAMPLE)], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["texts"] == 30
    log = tmp_path / "log.txt"
    log.write_text("earlier line\n", encoding="utf-8")
    with open(log, "a", encoding="utf-8") as appended:
        run = subprocess.run([sys.executable, "-m", "lexgate.report", "--json", "/dev/stdout",
                              str(SAMPLE)], env=env, stdout=appended, stderr=subprocess.PIPE,
                             text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    first, rest = log.read_text(encoding="utf-8").split("\n", 1)
    assert first == "earlier line" and json.loads(rest)["texts"] == 30
    # A symbolic link: its target is written, the link stays a link.
    target = tmp_path / "reports" / "r.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    assert main(["--json", str(link), str(SAMPLE)]) == 0
    assert link.is_symlink() and json.loads(target.read_text(encoding="utf-8"))["texts"] == 30


def test_a_partial_screening_is_never_reported_complete(tmp_path: Path) -> None:
    # Failures past the listed ones, and a file that failed, count.
    partial = screen_summary()
    partial["errors"] = 0
    partial["files"][1]["malformed"] = partial["files"][1]["errors"] = 0
    partial["failures"] = []
    partial["failures_total"] = 7
    partial["partitions_failed"] = 3
    partial["files_failed"] = 1
    partial["files"][0]["failed"] = "partition 2: KilledWorker: gave up"
    status, report, page = run_report(tmp_path, str(write_json(tmp_path / "p.json", partial)))
    assert status == 2 and report["complete"] is False
    assert report["failures_total"] == 7
    assert report["files"][0]["error"] == "partition 2: KilledWorker: gave up"
    assert page.index('id="incomplete"') < page.index('id="card-texts"')
    # A summary that contradicts itself is refused.
    partial["failures_total"] = 0
    status, report, _ = run_report(tmp_path, str(write_json(tmp_path / "p.json", partial)))
    assert status == 2 and report == {}
    # NaN is not JSON.
    nan = tmp_path / "nan.json"
    nan.write_text(json.dumps(screen_summary()).replace('"seconds": 2.5', '"seconds": NaN'),
                   encoding="utf-8")
    status, report, _ = run_report(tmp_path, str(nan))
    assert status == 2 and report == {}
    # A complete one says so; a gzip'd one reads as the plain one.
    whole = screen_summary()
    whole["errors"] = whole["failures_total"] = 0
    whole["files"][1]["malformed"] = whole["files"][1]["errors"] = 0
    whole["failures"] = []
    packed = tmp_path / "whole.json.gz"
    packed.write_bytes(gzip.compress(json.dumps(whole).encode()))
    status, report, page = run_report(tmp_path, str(packed))
    assert status == 0 and report["complete"] is True and 'id="incomplete"' not in page
    assert report["texts"] == 1000


def test_make_report_in_python() -> None:
    # One path, str or PathLike, is one input (a str was taken for a list
    # of one-character paths).
    assert make_report(str(SAMPLE)).report["texts"] == 30
    assert make_report(SAMPLE).report["texts"] == 30
    run = make_report([str(SAMPLE)], top=3, samples=1)
    assert run.ok and len(run.report["top_rules"]) == 3
    assert all(len(v) == 1 for v in run.report["samples"].values())
    with pytest.raises(ReportError):
        make_report([])


def test_import_is_light() -> None:
    # lexgate.report imports nothing heavy until the HTML is rendered.
    code = "import sys, lexgate.report; print('matplotlib' in sys.modules)"
    env = dict(os.environ, PYTHONPATH=str(Path(lexgate.__file__).parent.parent))
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=60)
    assert run.stdout.strip() == "False", run.stderr




# --- the CJK font of the charts ----------------------------------------------------

def test_missing_cjk_font_is_a_clear_error(tmp_path: Path, monkeypatch: Any,
                                           capsys: Any) -> None:
    monkeypatch.setenv("LEXGATE_CJK_FONT", str(tmp_path / "nope.ttc"))
    status, report, page = run_report(tmp_path, str(SAMPLE))
    assert status == 2 and page == ""
    assert "LEXGATE_CJK_FONT" in capsys.readouterr().err


def test_a_font_without_chinese_glyphs_is_refused(tmp_path: Path, monkeypatch: Any,
                                                  capsys: Any) -> None:
    matplotlib = require("matplotlib")
    latin = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    assert latin.is_file()
    monkeypatch.setenv("LEXGATE_CJK_FONT", str(latin))
    status, _, page = run_report(tmp_path, str(SAMPLE))
    assert status == 2 and page == ""
    assert "cannot draw a label" in capsys.readouterr().err


def test_lone_surrogates_as_lexgate_filter(tmp_path: Path) -> None:
    chat = tmp_path / "chat.jsonl"
    chat.write_text('{"text":"a\\ud800 fuck"}\n{"text":"\\ud83d\\ude00 fuck"}\n'
                    '{"text":"\\\\ud800 is no escape: fuck"}\n', encoding="utf-8")
    status, report, _ = run_report(tmp_path, "--jsonl", str(chat), html=False)
    assert status == 2
    assert_same_as_cli(report, cli_stats("--jsonl", str(chat)))
    assert report["texts"] == 2 and report["files"][0]["malformed"] == 1
    odd = tmp_path / "odd-\udcff.txt"  # a file name that is not UTF-8
    odd.write_bytes(b"fuck\n")
    status, report, page = run_report(tmp_path, str(odd))
    assert status == 0 and report["files"][0]["path"].endswith("odd-\ufffd.txt")
    assert "odd-\ufffd.txt" in page


def test_saved_engine_and_rule_paths(tmp_path: Path, capsys: Any) -> None:
    from report_fixtures import _shipped_engine

    status, report, _ = run_report(tmp_path, "--engine", _shipped_engine(), str(SAMPLE),
                                   html=False)
    assert status == 0
    assert report["fingerprint"] == lexgate.Engine.default(streaming=False).fingerprint
    assert report["matches"] == 24
    status, _, _ = run_report(tmp_path, "--engine", str(SAMPLE), str(SAMPLE), html=False)
    assert status == 2 and "cannot load the engine" in capsys.readouterr().err
    status, _, _ = run_report(tmp_path, "--rules", str(tmp_path / "none.toml"), str(SAMPLE),
                              html=False)
    assert status == 2 and "cannot load the rules" in capsys.readouterr().err


def test_rules_that_screen_nothing_are_refused(tmp_path: Path, capsys: Any) -> None:
    # The taxonomy file given as the rules (or a pack without a rule): every
    # text would be counted clean, and the report called complete.
    taxonomy = lexgate.default_rules_path() / "categories.toml"
    empty = tmp_path / "empty.toml"
    empty.write_text('[pack]\nname = "x"\n', encoding="utf-8")
    for rules in (taxonomy, empty):
        status, report, page = run_report(tmp_path, "--rules", str(rules), str(SAMPLE))
        assert status == 2 and not report and not page
        assert "nothing would be screened" in capsys.readouterr().err


def test_a_pack_s_risk_override_holds_in_the_roll_up(tmp_path: Path) -> None:
    # rules/README.md: "a category has one risk per rule set, so that every
    # report of it agrees". The roll-up took the shipped taxonomy's risk,
    # while the report's own inventory section took the override.
    override = tmp_path / "override.toml"
    override.write_text('[pack]\nname = "override"\n[[category]]\ncode = "profanity"\n'
                        'zh = "脏话与辱骂"\nen = "Profanity and insults"\nrisk = "A.4.1"\n',
                        encoding="utf-8")
    corpus = tmp_path / "c.txt"
    corpus.write_text("what the fuck\nclean\n", encoding="utf-8")
    status, report, _ = run_report(tmp_path, "--rules", str(lexgate.default_rules_path()),
                                   "--rules", str(override), str(corpus), html=False)
    assert status == 0
    assert [(c["category"], c["risk"]) for c in report["by_category"]] == [("profanity", "A.4.1")]
    assert [r["risk"] for r in report["by_risk"] if r["matches"]] == ["A.4.1"]
    assert "A.4.1" not in report["inventory"]["uncovered"]
    # Without the override, the shipped risk.
    status, report, _ = run_report(tmp_path, str(corpus), html=False)
    assert [(c["category"], c["risk"]) for c in report["by_category"]] == [("profanity", "A.4.3")]


def test_dollar_signs_in_names_are_drawn_as_text(tmp_path: Path) -> None:
    # Matplotlib reads text between two "$" as a formula: "$x^$" raised a
    # parse error, and "充值$100送$50" was drawn as boxes in a math font.
    pack = tmp_path / "dollars.toml"
    pack.write_text('[pack]\nname = "dollars"\n'
                    '[[category]]\ncode = "acme.promo"\nzh = "充值$100送$50_bonus"\n'
                    'en = "Promo"\nrisk = "A.1.7"\n'
                    '[[category]]\ncode = "acme.price"\nzh = "$x^$ 价格"\n'
                    'en = "Price"\nrisk = "A.1.7"\n'
                    '[[rule]]\nid = "acme.promo"\ncategory = "acme.promo"\n'
                    'keywords = ["送彩金"]\n'
                    '[[rule]]\nid = "acme.price"\ncategory = "acme.price"\n'
                    'keywords = ["特价"]\n', encoding="utf-8")
    corpus = tmp_path / "c.txt"
    corpus.write_text("首充送彩金\n今日特价\n", encoding="utf-8")
    status, report, page = run_report(tmp_path, "--rules", str(pack), str(corpus))
    assert status == 0 and report["matches"] == 2
    assert page.count("<svg") >= 3


def test_a_damaged_summary_is_refused_never_read_as_a_corpus(tmp_path: Path) -> None:
    # A summary cut short (a full disk, an interrupted copy) begins as one
    # but does not read as one: read as a corpus of one line, it would give
    # a "complete" report of one clean text and lose its failures.
    whole = json.dumps(screen_summary(), ensure_ascii=False)
    assert whole.startswith('{"v": 1, "type": "screen"')
    cut = tmp_path / "cut.json"
    cut.write_text(whole[:len(whole) // 2], encoding="utf-8")
    status, report, _ = run_report(tmp_path, str(cut), html=False)
    assert status == 2 and report == {}
    gz = tmp_path / "cut.json.gz"
    gz.write_bytes(gzip.compress(whole[:300].encode("utf-8")))
    assert run_report(tmp_path, str(gz), html=False)[0] == 2
    # One saved by an editor that adds a byte order mark is still a summary.
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + whole.encode("utf-8"))
    status, report, _ = run_report(tmp_path, str(bom), html=False)
    assert report["texts"] == 1000 and report["failures_total"] == 3


def test_an_inconsistent_summary_is_refused(tmp_path: Path, capsys: Any) -> None:
    # A version given as true (true == 1 in Python), more texts hit than
    # texts: a report on it would print a share above 100%.
    for change, message in (({"v": True}, "schema version True"),
                            ({"v": 2}, "schema version 2"),
                            ({"texts_hit": 1001}, "'texts_hit' (1001) is more than")):
        summary = write_json(tmp_path / "summary.json", dict(screen_summary(), **change))
        status, report, _ = run_report(tmp_path, str(summary), html=False)
        assert status == 2 and report == {}
        assert message in capsys.readouterr().err


def test_a_chat_record_shaped_as_a_summary_is_screened(tmp_path: Path) -> None:
    # With --jsonl/--field, an object that holds the field is a record of
    # a chat log, whatever else it holds: its text is screened.
    record = dict(screen_summary(), text="fuck you, call 13812345678")
    chat = tmp_path / "chat.jsonl"
    chat.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    status, report, _ = run_report(tmp_path, "--jsonl", str(chat), html=False)
    assert status == 0 and report["texts"] == 1 and report["texts_hit"] == 1
    assert report["matches"] == 2


def test_invalid_utf8_counts_as_lexgate_filter_counts_it(tmp_path: Path) -> None:
    # One U+FFFD per invalid byte, as the CLI and Dask scan it: Python's
    # "replace" made one of each cut sequence, and the fold then joined the
    # spaced letters around them into a match the CLI does not find.
    corpus = tmp_path / "bad.txt"
    corpus.write_bytes(b"f \xe4\xbd u \xe4\xbd c \xe4\xbd k\nf u c k\n")
    status, report, _ = run_report(tmp_path, str(corpus), html=False)
    assert status == 0 and report["texts"] == 2
    assert report["texts_hit"] == 1 and report["matches"] == 1
