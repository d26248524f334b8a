"""The audit report's page in a real browser: Debian's chromium, headless,
renders it with its numbers and charts (issue 17: "A test opens the page in
headless Chromium and checks that it renders with its numbers")."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

from deps import require, require_executable
from lexgate.report._command import main

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "examples" / "sample" / "sample.txt"

# Written into the page by a copy of it (the report itself carries no script
# and forbids them by its Content-Security-Policy): the laid-out size of
# every chart, measured by the browser.
MEASURE = """<script>
const boxes = [...document.querySelectorAll('figure svg, figure img')].map(e => {
  const r = e.getBoundingClientRect(); return [e.tagName, r.width, r.height]; });
const out = document.createElement('pre'); out.id = 'measured';
out.textContent = JSON.stringify(boxes); document.body.appendChild(out);
</script>"""


def chromium(*args: str, tmp_path: Path) -> "subprocess.CompletedProcess[str]":
    binary = require_executable("chromium", "/usr/bin/chromium", "chromium-browser")
    command = [binary, "--headless", "--disable-gpu", "--no-sandbox",
               "--no-first-run", "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}",
               *args]
    run = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    return run


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Any]:
    tmp = tmp_path_factory.mktemp("report")
    corpus = tmp / "corpus.txt"
    corpus.write_bytes(SAMPLE.read_bytes() + b'<script>alert("x")</script> 13812345678\n')
    assert main(["--html", str(tmp / "report.html"), "--json", str(tmp / "report.json"),
                 str(corpus)]) == 0
    report = json.loads((tmp / "report.json").read_text(encoding="utf-8"))
    return {"dir": tmp, "html": tmp / "report.html", "report": report}


def text_of(dom: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</div>', dom, re.S)
    assert found, element_id
    return re.sub(r"<[^>]+>", " ", found.group(1))


def test_rendered_dom_holds_the_numbers(page: Dict[str, Any], tmp_path: Path) -> None:
    dom = chromium("--dump-dom", page["html"].as_uri(), tmp_path=tmp_path).stdout
    report = page["report"]
    assert report["texts"] == 31
    assert str(report["texts"]) in text_of(dom, "card-texts").split()
    assert str(report["texts_hit"]) in text_of(dom, "card-texts-hit").split()
    assert str(report["matches"]) in text_of(dom, "card-matches").split()
    risk = next(r for r in report["by_risk"] if r["risk"] == "A.4.6")
    row = re.search(r"<tr>\s*<td><code>A\.4\.6</code></td>(.*?)</tr>", dom, re.S)
    assert row, "no A.4.6 row"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))
    assert cells[0] == "侵害他人个人信息权益"
    assert cells[2] == str(risk["matches"]) and cells[3] == str(risk["texts"])
    assert report["fingerprint"] in dom
    # The corpus line's <script> is text in the DOM, not an element.
    assert "&lt;script&gt;alert" in dom
    assert not re.search(r"<script\b", dom)


def test_charts_have_a_rendered_size(page: Dict[str, Any], tmp_path: Path) -> None:
    html = page["html"].read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probe = page["dir"] / "probe.html"
    probe.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = chromium("--dump-dom", probe.as_uri(), tmp_path=tmp_path).stdout
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert found, "the probe did not run"
    boxes: List[List[Any]] = json.loads(found.group(1))
    assert len(boxes) == 3  # overview, per risk, per category
    for tag, width, height in boxes:
        assert tag.lower() in ("svg", "img") and width > 200 and height > 100


def test_screenshot_is_not_blank(page: Dict[str, Any], tmp_path: Path) -> None:
    image = require("matplotlib.image")
    shot = tmp_path / "shot.png"
    chromium(f"--screenshot={shot}", "--window-size=1200,1600", page["html"].as_uri(),
             tmp_path=tmp_path)
    pixels = image.imread(str(shot))
    assert pixels.shape[:2] == (1600, 1200)
    # Text, tables and coloured bars: far from one flat colour.
    assert float(pixels[..., :3].std()) > 0.05
    red = ((pixels[..., 0] > 0.6) & (pixels[..., 1] < 0.35) & (pixels[..., 2] < 0.35)).sum()
    assert red > 1000, "the red bars of the charts are not on the page"
