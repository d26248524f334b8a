"""The keyword inventory of rule packs per GB/T 45654-2025 Appendix A risk,
and the filing form (关键词 / 一级分类 / 二级分类) as CSV or XLSX, out and in.

Counting, the JSON, the CSV and the rows-to-pack step are the C++ library's
(lexgate/inventory.h, lexgate/filing_form.h), the same code as
``lexgate-filter inventory``; this module adds XLSX (openpyxl) and Python
conveniences.

The default thresholds are those of the test requirements published with
GB/T 45654-2025 (TC260-003, keyword library): at least 10,000 keywords in
all, 200 for each of the 8 risks of A.1 and 100 for each of the 9 risks of
A.2.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from lexgate import _core
from lexgate._errors import RuleError
from lexgate._paths import default_rules_path
from lexgate._rules import RuleSet, StrPath, path_list

__all__ = [
    "FILING_COLUMNS",
    "MIN_A1",
    "MIN_A2",
    "MIN_TOTAL",
    "export_csv",
    "export_xlsx",
    "filing_rows",
    "import_pack",
    "inventory",
    "inventory_diff",
    "read_filing_form",
]

#: The default thresholds (the C++ InventoryThresholds).
MIN_TOTAL: int = _core.INVENTORY_MIN_TOTAL
MIN_A1: int = _core.INVENTORY_MIN_A1
MIN_A2: int = _core.INVENTORY_MIN_A2
#: The header row of the filing form.
FILING_COLUMNS: Tuple[str, str, str] = ("关键词", "一级分类", "二级分类")

Rules = Union[None, RuleSet, StrPath, Iterable[StrPath]]
#: A row read from a form: keyword, level-1, level-2, file, line (or row).
FormRow = Tuple[str, str, str, str, int]


def _rule_set(rules: Rules, caller: str) -> RuleSet:
    if rules is None:
        return RuleSet.from_paths(default_rules_path())
    if isinstance(rules, RuleSet):
        return rules
    return RuleSet.from_paths(path_list(rules, caller))


def inventory(
    rules: Rules = None,
    *,
    min_total: int = MIN_TOTAL,
    min_a1: int = MIN_A1,
    min_a2: int = MIN_A2,
) -> Dict[str, Any]:
    """The keyword inventory of ``rules`` (the shipped packs when None; a
    path, paths or a RuleSet) as the dict of ``lexgate-filter inventory
    --format json`` (docs/json-schema.md, "type": "inventory").

        inv = lexgate.inventory()
        inv["meets"], inv["uncovered"][:2]      # False, ['A.1.1', 'A.1.2']

    Raises RuleError when the rules do not load or compile, or a category
    rolls up to no Appendix A risk.
    """
    for name, value in (("min_total", min_total), ("min_a1", min_a1), ("min_a2", min_a2)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a count (an int >= 0), not {value!r}")
    core = _rule_set(rules, "inventory")._core
    result: Dict[str, Any] = json.loads(_core.inventory_json(core, min_total, min_a1, min_a2))
    return result


def inventory_diff(before: Rules, after: Rules) -> Dict[str, Any]:
    """Keywords added and removed per risk from ``before`` to ``after``, as
    the dict of ``lexgate-filter inventory --diff OLD NEW --format json``."""
    result: Dict[str, Any] = json.loads(_core.inventory_diff_json(
        _rule_set(before, "inventory_diff")._core, _rule_set(after, "inventory_diff")._core))
    return result


def filing_rows(rules: Rules = None) -> List[Tuple[str, str, str]]:
    """The keywords of ``rules`` in the filing form: (关键词, 一级分类, 二级分类),
    one row per distinct folded keyword and risk, risk names in Chinese."""
    return _core.filing_rows(_rule_set(rules, "filing_rows")._core)


def export_csv(path: StrPath, rules: Rules = None) -> int:
    """Write the filing form of ``rules`` as CSV (UTF-8 with a byte order
    mark, as ``lexgate-filter inventory --format csv``); return the rows."""
    data = _core.filing_csv(_rule_set(rules, "export_csv")._core)
    Path(path).write_bytes(data)
    return data.count(b"\r\n") - 1


def export_xlsx(path: StrPath, rules: Rules = None) -> int:
    """Write the filing form of ``rules`` as an XLSX workbook (one sheet,
    the header row first); return the rows. Needs openpyxl (Debian:
    python3-openpyxl).

    Every cell is a text cell holding the keyword verbatim: a keyword such
    as ``=1+1`` or ``#N/A`` is not written as a formula or an error value
    (as openpyxl would write it from a plain string), and it is marked to
    stay text when edited in a spreadsheet; the form reads back with the
    same keywords (import_pack)."""
    from openpyxl import Workbook  # type: ignore[import]
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import]

    rows = filing_rows(rules)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("关键词")

    def text_cell(value: str) -> Any:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # never a formula ('f') or an error value ('e')
        cell.quotePrefix = True  # and Excel keeps it text when it is edited
        return cell

    sheet.append([text_cell(c) for c in FILING_COLUMNS])
    for row in rows:
        sheet.append([text_cell(c) for c in row])
    book.save(os.fspath(path))
    return len(rows)


def _read_xlsx(path: str) -> List[FormRow]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # zipfile.BadZipFile, InvalidFileException, KeyError …
        raise RuleError(f"{path}: cannot read as XLSX: {e}", path=path) from e
    try:
        sheet = book.worksheets[0]
        where = f"{path}:{sheet.title}"
        # The form is the first sheet: keywords on another would be left
        # out without a word.
        for other in book.worksheets[1:]:
            if any(v is not None and str(v).strip()
                   for row in other.iter_rows(values_only=True) for v in row):
                raise RuleError(f"{path}:{other.title}: the filing form is the first sheet "
                                f"({sheet.title}), and this sheet is not empty: move its rows "
                                f"onto the first sheet, or remove it", path=path)
        rows: List[FormRow] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = ["" if v is None else str(v) for v in values]
            while cells and not cells[-1].strip():
                cells.pop()
            if number == 1:
                if tuple(c.strip() for c in cells) != FILING_COLUMNS:
                    raise RuleError(
                        f"{where}:1: not the filing form: the first row must be "
                        f"{','.join(FILING_COLUMNS)}", path=where, line=1)
                continue
            if not cells:
                continue  # a blank row, as in CSV
            if len(cells) > 3:
                raise RuleError(f"{where}:{number}: a row has {len(cells)} cells, not 3 "
                                f"({','.join(FILING_COLUMNS)})", path=where, line=number)
            cells += [""] * (3 - len(cells))
            rows.append((cells[0], cells[1], cells[2], where, number))
        return rows
    finally:
        book.close()


def read_filing_form(path: StrPath) -> List[FormRow]:
    """The rows of a filing form, ``.xlsx`` (first sheet) or CSV (anything
    else): (keyword, level1, level2, file, line). Raises RuleError naming
    the file and line on a form that is not one (a wrong header, a row of
    more than three cells, text that is not UTF-8, a damaged workbook)."""
    name = os.fspath(path)
    if name.lower().endswith(".xlsx"):
        return _read_xlsx(name)
    try:
        data = Path(name).read_bytes()
    except OSError as e:
        raise RuleError(f"{name}: cannot read: {e.strerror}", path=name) from e
    return _core.parse_filing_csv(data, name)


def import_pack(
    form: StrPath,
    *,
    name: str,
    version: str = "",
    updated: str = "",
    description: str = "",
    output: Optional[StrPath] = None,
) -> str:
    """A rule pack (TOML) from a filing form (CSV or XLSX): one rule per
    level-2 risk, category = its Appendix A code. Written to ``output``
    when given; returned either way. Raises RuleError naming the row on a
    row without a keyword or with a risk name that is none of Appendix A."""
    rows: Sequence[FormRow] = read_filing_form(form)
    toml: str = _core.filing_pack_toml(list(rows), name, version, updated, description)
    if output is not None:
        Path(output).write_text(toml, encoding="utf-8")
    return toml
