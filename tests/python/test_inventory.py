"""lexgate.inventory: the dict equals lexgate-filter's JSON, the filing form
round-trips through XLSX (openpyxl) and CSV, and bad forms fail with their
location."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

import lexgate
from lexgate import _inventory
from deps import require

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "rules"


def _filter_binary() -> Path:
    build = Path(os.environ.get("LEXGATE_BUILD_DIR", REPO / "build"))
    binary = build / "examples" / "lexgate-filter"
    if not binary.exists():
        pytest.skip(f"no lexgate-filter in {build} (set LEXGATE_BUILD_DIR)")
    return binary


def _counts(inv: Dict[str, Any]) -> List[Any]:
    return [(r["code"], r["terms"]) for r in inv["risks"]] + [inv["terms"]]


def test_inventory_equals_the_cli_json() -> None:
    run = subprocess.run([str(_filter_binary()), "inventory", "--rules", str(RULES),
                          "--format", "json"], capture_output=True, text=True, check=False)
    assert run.returncode == 1, run.stderr  # the shipped packs have no A.1 lists
    assert lexgate.inventory(RULES) == json.loads(run.stdout)


def test_shipped_inventory_misses_the_a1_risks() -> None:
    inv = lexgate.inventory()
    assert inv["type"] == "inventory" and inv["v"] == 1
    assert inv["meets"] is False
    assert inv["thresholds"] == {"total": 10000, "A.1": 200, "A.2": 100}
    assert {"A.1.1", "A.1.2", "A.1.3", "A.1.4", "A.1.5"} <= set(inv["uncovered"])
    assert len([r for r in inv["risks"] if r["threshold"] is not None]) == 17
    assert all(p["version"] and p["updated"] for p in inv["packs"])
    by_code = {r["code"]: r for r in inv["risks"]}
    assert by_code["A.4.3"]["terms"] > 100 and by_code["A.4.6"]["regexes"] > 10
    low = lexgate.inventory(min_total=0, min_a1=0, min_a2=0)
    assert low["meets"] is True and low["thresholds"]["total"] == 0


def test_thresholds_must_be_counts() -> None:
    with pytest.raises(ValueError, match="min_a1"):
        lexgate.inventory(min_a1=-1)


def test_taxonomy_and_rule_sets_expose_risks_and_packs() -> None:
    assert lexgate.taxonomy()["pii"].risk == "A.4.6"
    assert lexgate.taxonomy()["profanity.sexual"].risk == "A.1.6"
    rules = lexgate.RuleSet.from_paths(RULES)
    assert rules.risk_of("pii.phone") == "A.4.6"
    assert rules.risk_of("A.2.4") == "A.2.4"
    assert {p.name for p in rules.packs} >= {"pii-cn", "profanity-zh"}
    assert all(len(p.updated) == 10 and p.version for p in rules.packs)


def test_a_category_without_a_risk_fails_the_inventory() -> None:
    rules = (lexgate.RuleSet().add_category("acme.x", zh="甲", en="Acme")
             .add_keywords("acme.r", ["x"], category="acme.x"))
    with pytest.raises(lexgate.RuleError, match="rolls up to no GB/T 45654"):
        lexgate.inventory(rules)
    rules = (lexgate.RuleSet().add_category("acme.y", zh="乙", en="Acme Y", risk="A.3.3")
             .add_keywords("acme.s", ["y", "Ｙ"], category="acme.y"))
    by_code = {r["code"]: r for r in lexgate.inventory(rules)["risks"]}
    assert by_code["A.3.3"]["terms"] == 1


def test_xlsx_export_import_round_trip(tmp_path: Path) -> None:
    openpyxl = require("openpyxl")
    form = tmp_path / "form.xlsx"
    rows = _inventory.export_xlsx(form, RULES)
    sheet = openpyxl.load_workbook(form).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("关键词", "一级分类", "二级分类")
    assert len(values) == rows + 1
    assert any(v[2] == "侵害他人名誉权" for v in values[1:])
    pack = tmp_path / "imported.toml"
    _inventory.import_pack(form, name="imported", version="1", updated="2025-06-01",
                           output=pack)
    before, after = lexgate.inventory(RULES), lexgate.inventory(pack)
    assert _counts(after) == _counts(before)
    assert after["packs"][0]["version"] == "1"
    assert lexgate.inventory_diff(RULES, pack)["added"] == 0


def test_xlsx_keywords_on_a_second_sheet_are_an_error(tmp_path: Path) -> None:
    # The form is the first sheet: rows on a second one were dropped
    # without a word. An empty second sheet (a spreadsheet's "Sheet2") is
    # fine.
    openpyxl = require("openpyxl")
    form = tmp_path / "form.xlsx"
    _inventory.export_xlsx(form, RULES)
    book = openpyxl.load_workbook(form)
    book.create_sheet("Sheet2")
    book.save(form)
    assert len(_inventory.read_filing_form(form)) > 0
    book["Sheet2"].append(["第二页关键词", "A.1", "A.1.1"])
    book.save(form)
    with pytest.raises(lexgate.RuleError, match="Sheet2: the filing form is the first sheet"):
        _inventory.read_filing_form(form)


# Keywords a spreadsheet would take for a formula or an error value.
FORMULA_LIKE = ['=HYPERLINK("http://x.example/","click")', "=1+1", "+SUM(1,2)", "-2+3",
                "@SUM(1)", "#N/A", "#REF!", "=", "plain"]


def test_xlsx_keeps_formula_like_keywords_verbatim(tmp_path: Path) -> None:
    openpyxl = require("openpyxl")
    pack = tmp_path / "formulas.toml"
    pack.write_text('[pack]\nname = "formulas"\n\n[[rule]]\nid = "formulas.a18"\n'
                    'category = "A.1.8"\naction = "block"\nkeywords = ' +
                    json.dumps(FORMULA_LIKE) + "\n", encoding="utf-8")
    rows = _inventory.filing_rows(pack)
    assert sorted(r[0] for r in rows) == sorted(FORMULA_LIKE)
    form = tmp_path / "form.xlsx"
    assert _inventory.export_xlsx(form, pack) == len(rows)
    sheet = openpyxl.load_workbook(form).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert len(cells) == 3 * (len(rows) + 1)
    # Text cells, never formulas ('f') or error values ('e'), kept text on edit.
    assert {c.data_type for c in cells} == {"s"}
    assert all(c.quotePrefix for c in cells)
    assert [tuple(c.value for c in row) for row in sheet.iter_rows()][1:] == rows
    # The cached values an import reads are the keywords: they round-trip.
    assert [r[:3] for r in _inventory.read_filing_form(form)] == rows
    imported = tmp_path / "imported.toml"
    _inventory.import_pack(form, name="imported", output=imported)
    assert _inventory.filing_rows(imported) == rows


def test_csv_export_matches_the_cli_and_round_trips(tmp_path: Path) -> None:
    form = tmp_path / "form.csv"
    _inventory.export_csv(form, RULES)
    run = subprocess.run([str(_filter_binary()), "inventory", "--rules", str(RULES),
                          "--format", "csv"], capture_output=True, check=True)
    assert form.read_bytes() == run.stdout
    assert run.stdout.startswith(b"\xef\xbb\xbf")
    toml = _inventory.import_pack(form, name="imported")
    pack = tmp_path / "imported.toml"
    pack.write_text(toml, encoding="utf-8")
    assert _counts(lexgate.inventory(pack)) == _counts(lexgate.inventory(RULES))


def test_bad_forms_fail_with_their_location(tmp_path: Path) -> None:
    openpyxl = require("openpyxl")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(lexgate.RuleError, match="broken.xlsx: cannot read as XLSX"):
        _inventory.import_pack(broken, name="p")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["关键词", "一级分类", "二级分类"])
    sheet.append(["词", "包含歧视性内容", "地域歧视内容"])
    sheet.append([None, "包含歧视性内容", "地域歧视内容"])
    form = tmp_path / "form.xlsx"
    book.save(form)
    with pytest.raises(lexgate.RuleError, match=r"form.xlsx:Sheet:3: row has no keyword") as e:
        _inventory.import_pack(form, name="p")
    assert e.value.line == 3
    book = openpyxl.Workbook()
    book.active.append(["keyword", "level1", "level2"])
    book.save(form)
    with pytest.raises(lexgate.RuleError, match="form.xlsx:Sheet:1: not the filing form"):
        _inventory.import_pack(form, name="p")
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("关键词,一级分类,二级分类\n你好,,\n".encode("gbk"))
    with pytest.raises(lexgate.RuleError, match="gbk.csv:1: not UTF-8"):
        _inventory.import_pack(gbk, name="p")


def test_module_command(tmp_path: Path) -> None:
    require("openpyxl")
    env = dict(os.environ, PYTHONPATH=str(Path(lexgate.__file__).resolve().parent.parent))
    form = tmp_path / "f.xlsx"
    run = subprocess.run([sys.executable, "-m", "lexgate.inventory", "export", "--xlsx",
                          str(form), "--rules", str(RULES)],
                         capture_output=True, text=True, env=env, check=False)
    assert run.returncode == 0, run.stderr
    run = subprocess.run([sys.executable, "-m", "lexgate.inventory", "import", str(form),
                          "--name", "p"], capture_output=True, text=True, env=env, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("# A keyword pack imported")
    run = subprocess.run([sys.executable, "-m", "lexgate.inventory", "json"],
                         capture_output=True, text=True, env=env, check=False)
    assert run.returncode == 1 and json.loads(run.stdout)["meets"] is False
    run = subprocess.run([sys.executable, "-m", "lexgate.inventory", "import",
                          str(tmp_path / "missing.csv"), "--name", "p"],
                         capture_output=True, text=True, env=env, check=False)
    assert run.returncode == 2 and "missing.csv: cannot read" in run.stderr
    # Importing the module (which rebinds lexgate.inventory to it) keeps
    # lexgate.inventory callable.
    module = importlib.import_module("lexgate.inventory")
    assert callable(module) and callable(lexgate.inventory)
    assert module(min_total=0, min_a1=0, min_a2=0, rules=RULES)["meets"] is True
