"""``python -m lexgate.inventory``: the keyword inventory per GB/T 45654-2025
Appendix A risk, and the filing form (关键词 / 一级分类 / 二级分类) as XLSX or
CSV, out and in. The functions are lexgate.inventory(), lexgate.inventory_diff()
and the rest of lexgate._inventory; this module is their command line.

    python -m lexgate.inventory json [--rules PATH]...
    python -m lexgate.inventory export --xlsx FORM.xlsx [--rules PATH]...
    python -m lexgate.inventory export --csv FORM.csv [--rules PATH]...
    python -m lexgate.inventory import FORM.xlsx --name NAME [--version V]
                                      [--updated YYYY-MM-DD] [-o PACK.toml]
    python -m lexgate.inventory diff OLD_PATH NEW_PATH

Exit status: 0 done (json: every threshold met; diff: no change), 1 json: a
threshold missed (diff: keywords added or removed), 2 an error.
"""

from __future__ import annotations

import argparse
import json
import sys
import types
from typing import Any, List, Optional

from lexgate._errors import Error
from lexgate._inventory import (
    MIN_A1,
    MIN_A2,
    MIN_TOTAL,
    export_csv,
    export_xlsx,
    import_pack,
    inventory,
    inventory_diff,
)

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lexgate.inventory",
        description="The keyword inventory of rule packs per GB/T 45654-2025 Appendix A risk "
        "(thresholds of the published test requirements, TC260-003: 10,000 keywords in all, "
        "200 per A.1 risk, 100 per A.2 risk), and the filing form 关键词 / 一级分类 / 二级分类 "
        "as XLSX or CSV, out and in.")
    sub = parser.add_subparsers(dest="command", required=True)
    show = sub.add_parser("json", help="the inventory as JSON (exit 1 when a threshold is missed)")
    show.add_argument("--rules", action="append", default=[], metavar="PATH",
                      help="a pack file or directory (repeatable; default: the shipped packs)")
    show.add_argument("--min-total", type=int, default=MIN_TOTAL, metavar="N")
    show.add_argument("--min-a1", type=int, default=MIN_A1, metavar="N")
    show.add_argument("--min-a2", type=int, default=MIN_A2, metavar="N")
    export = sub.add_parser("export", help="write the filing form")
    export.add_argument("--rules", action="append", default=[], metavar="PATH")
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--xlsx", metavar="FILE", help="an Excel workbook (openpyxl)")
    target.add_argument("--csv", metavar="FILE", help="CSV, UTF-8 with a byte order mark")
    imp = sub.add_parser("import", help="a filing form (.xlsx or CSV) into a rule pack")
    imp.add_argument("form", metavar="FORM")
    imp.add_argument("--name", required=True, help="the new pack's name")
    imp.add_argument("--version", default="")
    imp.add_argument("--updated", default="", metavar="YYYY-MM-DD")
    imp.add_argument("--description", default="")
    imp.add_argument("-o", "--output", metavar="PACK.toml", help="default: standard output")
    diff = sub.add_parser("diff", help="keywords added and removed per risk (JSON)")
    diff.add_argument("old", metavar="OLD_PATH")
    diff.add_argument("new", metavar="NEW_PATH")
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "json":
            result: Any = inventory(args.rules or None, min_total=args.min_total,
                                    min_a1=args.min_a1, min_a2=args.min_a2)
            print(json.dumps(result, ensure_ascii=False))
            return 0 if result["meets"] else 1
        if args.command == "export":
            rules = args.rules or None
            if args.xlsx is not None:
                rows = export_xlsx(args.xlsx, rules)
                path = args.xlsx
            else:
                rows = export_csv(args.csv, rules)
                path = args.csv
            print(f"lexgate.inventory: wrote {path}: {rows} keyword rows", file=sys.stderr)
            return 0
        if args.command == "import":
            toml = import_pack(args.form, name=args.name, version=args.version,
                               updated=args.updated, description=args.description,
                               output=args.output)
            if args.output is None:
                sys.stdout.write(toml)
            else:
                print(f"lexgate.inventory: wrote {args.output}", file=sys.stderr)
            return 0
        result = inventory_diff(args.old, args.new)
        print(json.dumps(result, ensure_ascii=False))
        return 0 if result["added"] + result["removed"] == 0 else 1
    except (Error, OSError, ValueError) as e:
        print(f"lexgate.inventory: {e}", file=sys.stderr)
        return 2


class _CallableModule(types.ModuleType):
    """Importing this module replaces the attribute lexgate.inventory (the
    function) with the module: calling the module calls the function."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return inventory(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

if __name__ == "__main__":
    sys.exit(main())
