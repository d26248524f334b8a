"""`mypy --strict` over the lexgate package, the READMEs' Python examples
(self-contained in typed/readme_examples.py) and examples/python/."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

import lexgate
from deps import require

REPO = Path(__file__).resolve().parents[2]
TYPED = Path(__file__).resolve().parent / "typed"


def code_lines(text: str) -> List[str]:
    """Lines of code, stripped, without trailing comments or comment lines."""
    out = []
    for line in text.splitlines():
        code = re.split(r"\s{2,}#|^\s*#", line)[0].strip()
        if code:
            out.append(code)
    return out


@pytest.mark.parametrize("readme", ["README.md", "README.zh-CN.md"])
def test_typed_examples_hold_every_readme_line(readme: str) -> None:
    blocks = re.findall(r"```python\n(.*?)```", (REPO / readme).read_text(encoding="utf-8"),
                        re.S)
    assert len(blocks) >= 4
    typed = set(code_lines((TYPED / "readme_examples.py").read_text(encoding="utf-8")))
    missing = [line for block in blocks for line in code_lines(block) if line not in typed]
    assert not missing, f"{readme} lines not in typed/readme_examples.py: {missing}"


def test_mypy_strict(tmp_path: Path) -> None:
    require("mypy")
    package_parent = Path(lexgate.__file__).resolve().parent.parent
    env = dict(os.environ, MYPYPATH=str(package_parent))
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path),
               str(package_parent / "lexgate"), str(TYPED), str(REPO / "examples" / "python")]
    result = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
