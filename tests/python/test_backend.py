"""The in-tree build backend, called directly so that no wheel is built
(test_install.py builds one): the licence in the core metadata (Apache-2.0,
DESIGN.md §10), and `pip install .` of a checkout copied or moved with its
build directory."""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _backend():
    path = ROOT / "bindings/python/build_backend/lexgate_backend.py"
    spec = importlib.util.spec_from_file_location("lexgate_backend_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_metadata_names_the_licence():
    lines = _backend()._metadata().splitlines()
    assert "License: Apache-2.0" in lines
    assert "Classifier: License :: OSI Approved :: Apache Software License" in lines


def test_licence_file_is_apache_2():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0" in text


def _cache(build_dir, home):
    build_dir.mkdir(parents=True)
    (build_dir / "CMakeCache.txt").write_text(
        f"CMAKE_CACHEFILE_DIR:INTERNAL={build_dir}\n"
        f"CMAKE_HOME_DIRECTORY:INTERNAL={home}\n", encoding="utf-8")


def test_build_dir_of_a_moved_checkout_starts_afresh(tmp_path, monkeypatch):
    backend = _backend()
    monkeypatch.setattr(backend, "ROOT", tmp_path / "moved")
    monkeypatch.delenv("LEXGATE_PY_BUILD_DIR", raising=False)
    build_dir = backend._build_dir(None)
    assert build_dir.parent == tmp_path / "moved" / "build"
    build_dir.rmdir()
    # What the checkout's old place left behind.
    _cache(build_dir, tmp_path / "original")
    (build_dir / "stale.o").write_text("x")
    assert backend._stale_cache(build_dir)
    assert backend._build_dir(None) == build_dir
    assert not (build_dir / "CMakeCache.txt").exists()
    assert not (build_dir / "stale.o").exists()


def test_build_dir_of_this_checkout_is_kept(tmp_path, monkeypatch):
    backend = _backend()
    monkeypatch.setattr(backend, "ROOT", tmp_path)
    monkeypatch.delenv("LEXGATE_PY_BUILD_DIR", raising=False)
    build_dir = backend._build_dir(None)
    build_dir.rmdir()
    _cache(build_dir, tmp_path)
    assert not backend._stale_cache(build_dir)
    assert backend._build_dir(None) == build_dir
    assert (build_dir / "CMakeCache.txt").exists()
