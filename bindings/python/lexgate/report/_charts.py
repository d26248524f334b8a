"""The report's charts, drawn with matplotlib's Agg backend into inline SVG
(glyphs as paths, so the page needs no font and makes no request).

Chinese labels need a CJK font: Debian's fonts-noto-cjk
(/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc), found through
matplotlib's font manager, or the file named by $LEXGATE_CJK_FONT. Without
one the report stops with an error that says what to install: a chart of
empty boxes where the risk names should be would pass for a report.
"""

from __future__ import annotations

import importlib
import io
import os
import re
import warnings
from typing import Any, Dict, List, Sequence, Tuple

from lexgate.report._errors import ReportError

# Debian's matplotlib (3.6) has no type stubs: its modules are imported as
# Any, which keeps `mypy --strict` meaningful for the rest without ignores
# that a newer, typed matplotlib would flag as unused.
_matplotlib: Any = importlib.import_module("matplotlib")
_matplotlib.use("Agg")
font_manager: Any = importlib.import_module("matplotlib.font_manager")
Figure: Any = importlib.import_module("matplotlib.figure").Figure
MaxNLocator: Any = importlib.import_module("matplotlib.ticker").MaxNLocator

__all__ = ["CJK_FONT_ENV", "cjk_font", "render_charts"]

CJK_FONT_ENV = "LEXGATE_CJK_FONT"
_DEBIAN_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC")
_BLUE, _RED, _AMBER, _GREY = "#2f6db5", "#c0392b", "#d4a017", "#c8ccd2"


def cjk_font() -> str:
    """Path of the CJK font the charts use; ReportError if there is none."""
    explicit = os.environ.get(CJK_FONT_ENV)
    if explicit:
        if not os.path.isfile(explicit):
            raise ReportError(f"${CJK_FONT_ENV}={explicit}: no such font file")
        return explicit
    for family in _FAMILIES:
        try:
            found = font_manager.findfont(font_manager.FontProperties(family=family),
                                          fallback_to_default=False)
        except ValueError:
            continue
        if found and os.path.isfile(found):
            return str(found)
    if os.path.isfile(_DEBIAN_FONT):
        return _DEBIAN_FONT
    raise ReportError("no CJK font for the charts' Chinese labels: install Debian's "
                      f"fonts-noto-cjk (apt-get install fonts-noto-cjk) or set ${CJK_FONT_ENV} "
                      "to a .ttf/.otf/.ttc font with Chinese glyphs")


def _font_family(path: str) -> str:
    font_manager.fontManager.addfont(path)
    return str(font_manager.FontProperties(fname=path).get_name())


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    with warnings.catch_warnings():
        # A glyph missing from the font would be drawn as a box: refuse it.
        warnings.filterwarnings("error", message=".*missing from (current )?font.*")
        try:
            figure.savefig(buffer, format="svg", bbox_inches="tight",
                           metadata={"Date": None, "Creator": None})
        except UserWarning as warning:
            raise ReportError(f"chart font cannot draw a label: {warning}") from warning
    svg = buffer.getvalue()
    # Inline in HTML: no XML declaration or DOCTYPE, a role and a size that scales.
    svg = re.sub(r"^.*?(<svg\b)", r"\1", svg, count=1, flags=re.S)
    # The RDF metadata names vocabularies by http:// URL: harmless, but the
    # page should mention no address it does not need.
    return re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)


def _bars(title: str, labels: Sequence[str], values: Sequence[int], color: str,
          family: str) -> str:
    height = 1.1 + 0.34 * max(1, len(labels))
    figure = Figure(figsize=(7.5, height), dpi=100)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    axes.barh(positions, values, color=color)
    # parse_math=False: labels are names from the packs ("充值$100送$50"),
    # which mathtext would read as formulas between the dollar signs.
    axes.set_yticks(positions, labels=list(labels), fontfamily=family, fontsize=9,
                    parse_math=False)
    axes.invert_yaxis()
    axes.set_title(title, fontfamily=family, fontsize=11, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="x", labelsize=8)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    top = max(values) if values else 1
    for y, value in zip(positions, values):
        axes.text(value + top * 0.01, y, f"{value:,}", va="center", fontsize=8,
                  fontfamily=family)
    axes.set_xlim(0, top * 1.15 or 1)
    return _svg(figure)


def _hit_share(report: Dict[str, Any], family: str) -> str:
    figure = Figure(figsize=(7.5, 2.6), dpi=100)
    left, right = figure.subplots(1, 2)
    hit, texts = report["texts_hit"], report["texts"]
    left.pie([hit, max(0, texts - hit)] if texts else [0, 1], colors=[_RED, _GREY],
             startangle=90, counterclock=False, wedgeprops={"width": 0.38})
    share = f"{100 * (report['share_hit'] or 0):.1f}%"
    left.text(0, 0, share, ha="center", va="center", fontsize=13, fontfamily=family)
    left.set_title("命中文本占比 / Share of texts hit", fontfamily=family, fontsize=10)
    actions = report["by_action"]
    names = ["block 拦截", "mask 遮盖", "flag 标记"]
    values = [actions["block"], actions["mask"], actions["flag"]]
    right.bar(names, values, color=[_RED, _BLUE, _AMBER])
    right.set_title("按处置动作 / By action", fontfamily=family, fontsize=10)
    right.tick_params(labelsize=8)
    right.yaxis.set_major_locator(MaxNLocator(integer=True))
    for label in right.get_xticklabels():
        label.set_fontfamily(family)
    right.spines[["top", "right"]].set_visible(False)
    for x, value in enumerate(values):
        right.text(x, value, f"{value:,}", ha="center", va="bottom", fontsize=8)
    return _svg(figure)


def render_charts(report: Dict[str, Any], *, max_bars: int = 15) -> List[Tuple[str, str]]:
    """[(caption, inline SVG)] for the report: share of texts hit and
    actions, matches per risk, matches per category."""
    family = _font_family(cjk_font())
    charts = [("命中概况 / Overview", _hit_share(report, family))]
    risks = sorted((r for r in report["by_risk"] if r["matches"]),
                   key=lambda r: -int(r["matches"]))[:max_bars]
    if risks:
        charts.append(("按风险 / Matches per risk", _bars(
            "附录A风险命中数 / Matches per Appendix A risk",
            [f"{r['risk']} {_short(r['zh'], 16)}" for r in risks],
            [r["matches"] for r in risks], _RED, family)))
    categories = report["by_category"][:max_bars]
    if categories:
        charts.append(("按类别 / Matches per category", _bars(
            "类别命中数 / Matches per category",
            [f"{_short(c['zh'] or c['category'], 12)} ({c['category']})" for c in categories],
            [c["matches"] for c in categories], _BLUE, family)))
    return charts
