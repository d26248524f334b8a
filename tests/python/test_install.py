"""`pip install .` and `pip install -e .` for real: a scratch venv (with
--system-site-packages, since there is no PyPI here), an offline build
through the in-tree backend, the package used from outside the repository,
then `pip uninstall`.

Marked `install`: it builds the C++ core from scratch once (a few minutes on
two cores; both tests share the build directory). Deselect with
-m "not install"."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Dict, Tuple

import pytest

pytestmark = pytest.mark.install

REPO = Path(__file__).resolve().parents[2]

USE_PACKAGE = textwrap.dedent("""
    import pathlib, sys
    import lexgate
    package = pathlib.Path(lexgate.__file__).resolve().parent
    assert pathlib.Path(sys.prefix).resolve() in package.parents, package
    assert (package / "py.typed").is_file() and (package / "_core.pyi").is_file()
    from lexgate.openai import ChatGuard  # installed with the package
    from lexgate.report import make_report  # and the audit report (no matplotlib needed)
    assert (package / "report" / "__main__.py").is_file()
    from lexgate.dask import screen  # and lexgate.dask (Debian: python3-distributed)
    assert lexgate.default_rules_path() == package / "rules"
    engine = lexgate.Engine.default()
    text = "电话13812345678, what the ＦＵＣＫ 😀"
    result = engine.scan(text)
    assert result.verdict == "mask", result
    assert [text[m.start:m.end] for m in result] == [m.text for m in result]
    print(engine.redact(text))
""")


def run(command, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        pytest.fail(f"{command} failed ({result.returncode}):\n"
                    f"--- stdout\n{result.stdout[-6000:]}\n--- stderr\n{result.stderr[-6000:]}")
    return result


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build from scratch, shared by the tests of this module."""
    return tmp_path_factory.mktemp("pip-build")


def venv_env(tmp_path: Path, build_dir: Path) -> Tuple[str, Dict[str, str], Path]:
    """(python of a scratch venv, its environment, a directory outside the
    repository)."""
    # Debian's interpreter, whatever runs the tests (it has venv and pip).
    base_python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    venv = tmp_path / "venv"
    run([base_python, "-m", "venv", "--system-site-packages", str(venv)], timeout=300)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(
        PIP_NO_INDEX="1",                    # offline: nothing may be downloaded
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_NO_CACHE_DIR="1",
        LEXGATE_PY_BUILD_DIR=str(build_dir),
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    return str(venv / "bin" / "python"), env, outside


@pytest.mark.skipif(shutil.which("cmake") is None, reason="needs cmake")
def test_pip_install_use_and_uninstall(tmp_path: Path, build_dir: Path) -> None:
    python, env, outside = venv_env(tmp_path, build_dir)

    # The README's command, with pip's default build isolation.
    run([python, "-m", "pip", "install", str(REPO)], env=env, cwd=outside, timeout=900)
    used = run([python, "-c", USE_PACKAGE], env=env, cwd=outside, timeout=300)
    assert used.stdout.strip() == "电话[手机号], what the **** 😀"

    site = Path(run([python, "-c", "import lexgate, os; print(os.path.dirname(lexgate.__file__))"],
                    env=env, cwd=outside).stdout.strip())
    assert site.is_dir()
    run([python, "-m", "pip", "uninstall", "-y", "lexgate"], env=env, cwd=outside, timeout=300)
    assert not site.exists()
    gone = subprocess.run([python, "-c", "import lexgate"], env=env, cwd=outside,
                          capture_output=True, text=True)
    assert gone.returncode != 0 and "No module named 'lexgate'" in gone.stderr
    assert not list(site.parent.glob("lexgate-*.dist-info"))


@pytest.mark.skipif(shutil.which("cmake") is None, reason="needs cmake")
def test_pip_install_editable(tmp_path: Path, build_dir: Path) -> None:
    python, env, outside = venv_env(tmp_path, build_dir)
    run([python, "-m", "pip", "install", "-e", str(REPO)], env=env, cwd=outside, timeout=900)
    where = run([python, "-c", "import lexgate, lexgate._core as c; "
                 "print(lexgate.__file__); print(c.__file__)"], env=env, cwd=outside)
    package, native = where.stdout.split()
    # The Python files are the source tree's, the native module the build's.
    assert Path(package) == REPO / "bindings" / "python" / "lexgate" / "__init__.py"
    assert Path(native).parent == build_dir / "bindings" / "python" / "lexgate"
    used = run([python, "-c", USE_PACKAGE.replace(
        "assert pathlib.Path(sys.prefix).resolve() in package.parents, package\n", "").replace(
        'assert lexgate.default_rules_path() == package / "rules"',
        'assert lexgate.default_rules_path().is_dir()')], env=env, cwd=outside)
    assert used.stdout.strip() == "电话[手机号], what the **** 😀"
    # An edit to a Python file takes effect without reinstalling.
    probe = REPO / "bindings" / "python" / "lexgate" / "_editable_probe.py"
    try:
        probe.write_text("ANSWER = 42\n")
        edited = run([python, "-c", "from lexgate import _editable_probe; "
                      "print(_editable_probe.ANSWER)"], env=env, cwd=outside)
        assert edited.stdout.strip() == "42"
    finally:
        probe.unlink()
    run([python, "-m", "pip", "uninstall", "-y", "lexgate"], env=env, cwd=outside, timeout=300)
    gone = subprocess.run([python, "-c", "import lexgate"], env=env, cwd=outside,
                          capture_output=True, text=True)
    assert gone.returncode != 0 and "No module named 'lexgate'" in gone.stderr
