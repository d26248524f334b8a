"""In-tree PEP 517 build backend for the lexgate Python package.

`pip install .` works offline with nothing but the standard library, CMake
and the C++ dependencies (scripts/setup installs them from Debian): this
backend configures the CMake project with -DLEXGATE_BUILD_PYTHON=ON, builds
the native module lexgate._core (lexgate linked statically into it), stages
the package with `cmake --install --component python` and zips it into a
wheel. pyproject.toml names it with `build-backend` + `backend-path` and
`requires = []`, so pip's build isolation has nothing to download.

Knobs (pip: `--config-settings KEY=VALUE`, or the environment):
    build-dir   / LEXGATE_PY_BUILD_DIR   CMake build directory; default
                build/pip-<interpreter>-<platform> in the source tree (kept,
                so that a second install is incremental), or a temporary
                directory when the source tree is read-only.
    build-type  / LEXGATE_PY_BUILD_TYPE  CMAKE_BUILD_TYPE, default Release.
    cmake-args  / CMAKE_ARGS             extra configure arguments (split
                like a shell command line).
    CMAKE_BUILD_PARALLEL_LEVEL           build jobs (default: CPU count).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Dict, Iterator, List, Mapping, Optional, Tuple

__all__ = [
    "build_editable",
    "build_sdist",
    "build_wheel",
    "get_requires_for_build_editable",
    "get_requires_for_build_sdist",
    "get_requires_for_build_wheel",
    "prepare_metadata_for_build_editable",
    "prepare_metadata_for_build_wheel",
]

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = "lexgate"
CMAKE_TARGET = "lexgate_python"  # bindings/python/CMakeLists.txt
WHEEL_GENERATOR = "lexgate_backend"

ConfigSettings = Optional[Mapping[str, object]]


# --- project metadata -------------------------------------------------------

def _version() -> str:
    """project(lexgate VERSION x.y.z) in the top-level CMakeLists.txt."""
    text = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    match = re.search(r"project\(\s*lexgate\s+VERSION\s+([0-9][0-9A-Za-z.+-]*)", text)
    if not match:
        raise RuntimeError("no `project(lexgate VERSION ...)` in CMakeLists.txt")
    return match.group(1)


def _load_pyproject() -> Dict[str, object]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    try:
        import tomllib  # Python 3.11+
    except ImportError:  # pragma: no cover - older Pythons
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError:
            return _parse_simple_toml(text)
    return tomllib.loads(text)


def _parse_simple_toml(text: str) -> Dict[str, object]:  # pragma: no cover
    """Enough TOML for this project's pyproject.toml: tables, strings, arrays
    of strings and inline tables of strings."""
    data: Dict[str, object] = {}
    table: Dict[str, object] = data
    lines = iter(text.splitlines())
    for line in lines:
        line = line.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            table = data
            for part in line.strip("[]").split("."):
                table = table.setdefault(part.strip(), {})  # type: ignore[assignment]
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        while value.startswith("[") and not value.rstrip(",").endswith("]"):
            value += next(lines).split(" #")[0].strip()
        table[key.strip().strip('"')] = _simple_value(value)
    return data


def _simple_value(value: str) -> object:  # pragma: no cover
    if value.startswith("["):
        return [v for v in re.findall(r'"((?:[^"\\]|\\.)*)"', value)]
    if value.startswith("{"):
        return dict(re.findall(r'(\w+)\s*=\s*"((?:[^"\\]|\\.)*)"', value))
    if value.startswith('"'):
        return value[1:-1]
    return value


def _metadata() -> str:
    """Core metadata 2.1 (METADATA / PKG-INFO) from pyproject.toml [project]."""
    project = _load_pyproject()["project"]
    assert isinstance(project, dict)
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {_version()}",
    ]
    if "description" in project:
        lines.append(f"Summary: {project['description']}")
    for url_name, url in dict(project.get("urls", {})).items():
        lines.append(f"Project-URL: {url_name}, {url}")
    license_ = project.get("license")
    if isinstance(license_, dict) and "text" in license_:
        lines.append(f"License: {license_['text']}")
    if project.get("keywords"):
        lines.append("Keywords: " + ",".join(project["keywords"]))
    for classifier in project.get("classifiers", []):
        lines.append(f"Classifier: {classifier}")
    if "requires-python" in project:
        lines.append(f"Requires-Python: {project['requires-python']}")
    for requirement in project.get("dependencies", []):
        lines.append(f"Requires-Dist: {requirement}")
    body = ""
    readme = project.get("readme")
    if isinstance(readme, str) and (ROOT / readme).is_file():
        content_type = "text/markdown" if readme.endswith(".md") else "text/plain"
        lines.append(f"Description-Content-Type: {content_type}")
        body = "\n" + (ROOT / readme).read_text(encoding="utf-8")
    return "\n".join(lines) + "\n" + body


def _dist_info_name() -> str:
    return f"{PACKAGE}-{_version()}.dist-info"


# --- wheel tags --------------------------------------------------------------

def _wheel_tag() -> str:
    """interpreter-abi-platform of the running interpreter, e.g.
    cp311-cp311-linux_x86_64 (the native module is built for it)."""
    version = f"{sys.version_info[0]}{sys.version_info[1]}"
    if sys.implementation.name == "cpython":
        interpreter = f"cp{version}"
        abi = interpreter
        if sysconfig.get_config_var("Py_GIL_DISABLED"):
            abi += "t"
        if sysconfig.get_config_var("Py_DEBUG"):
            abi += "d"
    else:  # pragma: no cover - e.g. PyPy: pp310-pypy310_pp73
        interpreter = f"{sys.implementation.name[:2]}{version}"
        soabi = sysconfig.get_config_var("SOABI") or "none"
        abi = "_".join(soabi.split("-")[:2]).replace(".", "_")
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"{interpreter}-{abi}-{platform}"


# --- the CMake build -------------------------------------------------------------

def _setting(config: ConfigSettings, key: str, env: str) -> Optional[str]:
    if config and config.get(key) not in (None, ""):
        value = config[key]
        return " ".join(value) if isinstance(value, list) else str(value)
    return os.environ.get(env) or None


def _stale_cache(build_dir: Path) -> bool:
    """Whether build_dir holds a CMake cache made for another source or
    build directory (so that CMake would refuse to use it)."""
    cache = build_dir / "CMakeCache.txt"
    try:
        lines = cache.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    expected = {"CMAKE_HOME_DIRECTORY": ROOT.resolve(),
                "CMAKE_CACHEFILE_DIR": build_dir.resolve()}
    for line in lines:
        key, _, value = line.partition(":INTERNAL=")
        if key in expected and value and Path(value).resolve() != expected[key]:
            return True
    return False


def _build_dir(config: ConfigSettings) -> Path:
    explicit = _setting(config, "build-dir", "LEXGATE_PY_BUILD_DIR")
    if explicit:
        return Path(explicit).resolve()
    name = f"pip-{sys.implementation.cache_tag}-{sysconfig.get_platform()}"
    default = ROOT / "build" / name
    if _stale_cache(default):
        # A checkout copied or moved with its build/ directory: CMake refuses
        # a cache made for another source or build directory, and this
        # directory is the backend's own, so it starts afresh.
        print(f"lexgate build: removing {default}, configured for another "
              "checkout", flush=True)
        shutil.rmtree(default, ignore_errors=True)
    try:
        default.mkdir(parents=True, exist_ok=True)
        probe = default / ".writable"
        probe.touch()
        probe.unlink()
        return default
    except OSError:
        return Path(tempfile.mkdtemp(prefix="lexgate-build-"))


def _run(command: List[str]) -> None:
    print("lexgate build:", " ".join(shlex.quote(c) for c in command), flush=True)
    try:
        subprocess.run(command, check=True)
    except FileNotFoundError as error:
        raise RuntimeError(
            f"{command[0]} not found: building lexgate needs CMake and a C++20 "
            "compiler (run scripts/setup on Debian)") from error


def _generator(build_dir: Path) -> List[str]:
    cache = build_dir / "CMakeCache.txt"
    if cache.is_file():  # an existing tree keeps its generator
        match = re.search(r"^CMAKE_GENERATOR:INTERNAL=(.*)$",
                          cache.read_text(encoding="utf-8", errors="replace"), re.M)
        return ["-G", match.group(1)] if match else []
    return ["-G", "Ninja"] if shutil.which("ninja") else []


def _cmake_build(config: ConfigSettings, staging: Path) -> None:
    """Builds the native module and installs the package into `staging`."""
    cmake = shutil.which("cmake") or "cmake"
    build_dir = _build_dir(config)
    build_type = _build_native(config, build_dir)
    install = [cmake, "--install", str(build_dir), "--component", "python",
               "--prefix", str(staging)]
    if build_type in ("Release", "MinSizeRel"):
        install.append("--strip")
    _run(install)


def _build_native(config: ConfigSettings, build_dir: Path) -> str:
    """Configures `build_dir` and builds the native module in it; returns
    the build type."""
    cmake = shutil.which("cmake") or "cmake"
    build_type = _setting(config, "build-type", "LEXGATE_PY_BUILD_TYPE") or "Release"
    extra = shlex.split(_setting(config, "cmake-args", "CMAKE_ARGS") or "")
    _run([cmake, "-S", str(ROOT), "-B", str(build_dir), *_generator(build_dir),
          f"-DCMAKE_BUILD_TYPE={build_type}",
          "-DLEXGATE_BUILD_PYTHON=ON",
          "-DLEXGATE_BUILD_TESTS=OFF",
          "-DLEXGATE_BUILD_EXAMPLES=OFF",
          "-DLEXGATE_BUILD_BENCH=OFF",
          f"-DPython3_EXECUTABLE={sys.executable}",
          *extra])
    jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
    _run([cmake, "--build", str(build_dir), "--target", CMAKE_TARGET,
          "--parallel", jobs])
    return build_type


# --- writing archives -----------------------------------------------------

def _zip_time() -> Tuple[int, int, int, int, int, int]:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))  # 1980-01-01
    return time.gmtime(max(epoch, 315532800))[:6]


def _record_hash(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class _WheelWriter:
    def __init__(self, path: Path) -> None:
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        self._records: List[str] = []
        self._time = _zip_time()

    def add(self, name: str, data: bytes, mode: int = 0o644) -> None:
        info = zipfile.ZipInfo(name, date_time=self._time)
        info.external_attr = (0o100000 | mode) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        self._zip.writestr(info, data)
        self._records.append(f"{name},{_record_hash(data)},{len(data)}")

    def close(self, record_name: str) -> None:
        self._records.append(f"{record_name},,")
        self.add_unrecorded(record_name, ("\n".join(self._records) + "\n").encode())
        self._zip.close()

    def add_unrecorded(self, name: str, data: bytes) -> None:
        info = zipfile.ZipInfo(name, date_time=self._time)
        info.external_attr = (0o100644) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        self._zip.writestr(info, data)


def _finish_wheel(writer: _WheelWriter, tag: str) -> None:
    """Writes the .dist-info files and closes the wheel."""
    dist_info = _dist_info_name()
    writer.add(f"{dist_info}/METADATA", _metadata().encode("utf-8"))
    writer.add(f"{dist_info}/WHEEL", (
        "Wheel-Version: 1.0\n"
        f"Generator: {WHEEL_GENERATOR}\n"
        "Root-Is-Purelib: false\n"
        f"Tag: {tag}\n").encode())
    writer.add(f"{dist_info}/top_level.txt", f"{PACKAGE}\n".encode())
    # The licence text travels with the wheel, as Apache-2.0 asks.
    writer.add(f"{dist_info}/LICENSE", (ROOT / "LICENSE").read_bytes())
    writer.close(f"{dist_info}/RECORD")


def _staged_files(staging: Path) -> Iterator[Tuple[str, Path]]:
    for path in sorted((staging / PACKAGE).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path.relative_to(staging).as_posix(), path


# --- PEP 517 hooks ------------------------------------------------------------

def get_requires_for_build_wheel(config_settings: ConfigSettings = None) -> List[str]:
    return []


def get_requires_for_build_sdist(config_settings: ConfigSettings = None) -> List[str]:
    return []


def prepare_metadata_for_build_wheel(metadata_directory: str,
                                     config_settings: ConfigSettings = None) -> str:
    dist_info = Path(metadata_directory) / _dist_info_name()
    dist_info.mkdir(parents=True, exist_ok=True)
    (dist_info / "METADATA").write_text(_metadata(), encoding="utf-8")
    return dist_info.name


def build_wheel(wheel_directory: str, config_settings: ConfigSettings = None,
                metadata_directory: Optional[str] = None) -> str:
    with tempfile.TemporaryDirectory(prefix="lexgate-wheel-") as tmp:
        staging = Path(tmp)
        _cmake_build(config_settings, staging)
        files = list(_staged_files(staging))
        if not any(n.startswith(f"{PACKAGE}/_core") for n, _ in files):
            raise RuntimeError("the CMake install staged no lexgate/_core module")
        return _write_wheel(wheel_directory, [
            (arcname, path.read_bytes(), 0o755 if os.access(path, os.X_OK) else 0o644)
            for arcname, path in files])


def _write_wheel(wheel_directory: str, entries: List[Tuple[str, bytes, int]]) -> str:
    """Writes a wheel of `entries` (name, data, mode) and its .dist-info;
    returns its file name."""
    tag = _wheel_tag()
    name = f"{PACKAGE}-{_version()}-{tag}.whl"
    Path(wheel_directory).mkdir(parents=True, exist_ok=True)
    target = Path(wheel_directory) / name
    writer = _WheelWriter(target)
    try:
        for arcname, data, mode in entries:
            writer.add(arcname, data, mode)
        _finish_wheel(writer, tag)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    print(f"lexgate build: wrote {target}", flush=True)
    return name


# --- editable installs (PEP 660): `pip install -e .` ----------------------------

EDITABLE_MODULE = "_lexgate_editable"

# The import hook an editable install puts on sys.meta_path: `lexgate` is
# the source package (bindings/python/lexgate), with the build directory's
# package as a second search location for the native module lexgate._core.
# Edits to the Python files take effect at once; a change to the C++ needs
# `pip install -e .` again (or a build of the lexgate_python target).
_EDITABLE_FINDER = """\
# Generated by lexgate's build backend for `pip install -e`: see
# bindings/python/build_backend/lexgate_backend.py.
import importlib.abc
import importlib.machinery
import sys

SOURCE = {source!r}
NATIVE = {native!r}


class LexgateEditableFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name != "lexgate":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, [SOURCE.rsplit("/", 1)[0]])
        if spec is not None:
            spec.submodule_search_locations = [SOURCE, NATIVE]
        return spec


if not any(isinstance(f, LexgateEditableFinder) for f in sys.meta_path):
    sys.meta_path.append(LexgateEditableFinder())
"""


def get_requires_for_build_editable(config_settings: ConfigSettings = None) -> List[str]:
    return []


def prepare_metadata_for_build_editable(metadata_directory: str,
                                        config_settings: ConfigSettings = None) -> str:
    return prepare_metadata_for_build_wheel(metadata_directory, config_settings)


def build_editable(wheel_directory: str, config_settings: ConfigSettings = None,
                   metadata_directory: Optional[str] = None) -> str:
    """A wheel that points at this source tree: the native module is built
    in the build directory (kept), the Python files are used where they
    are."""
    build_dir = _build_dir(config_settings)
    _build_native(config_settings, build_dir)
    native = build_dir / "bindings" / "python" / PACKAGE
    if not any(p.suffix != ".pyi" for p in native.glob("_core*")):
        raise RuntimeError(f"the CMake build left no lexgate/_core module in {native}")
    source = ROOT / "bindings" / "python" / PACKAGE
    finder = _EDITABLE_FINDER.format(source=source.as_posix(), native=native.as_posix())
    return _write_wheel(wheel_directory, [
        (f"{EDITABLE_MODULE}.py", finder.encode(), 0o644),
        (f"{EDITABLE_MODULE}.pth", f"import {EDITABLE_MODULE}\n".encode(), 0o644)])


# Source distribution: what a build needs, never build trees or caches.
_SDIST_EXCLUDED_DIRS = {".git", ".cache", "__pycache__", ".pytest_cache", "venv", ".venv"}


def _sdist_files() -> List[str]:
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others",
             "--exclude-standard"],
            check=True, capture_output=True).stdout
        names = [n for n in out.decode("utf-8", "surrogateescape").split("\0") if n]
        return sorted(n for n in names if (ROOT / n).is_file())
    except (OSError, subprocess.CalledProcessError):
        names = []
        for dirpath, dirnames, filenames in os.walk(ROOT):
            rel = Path(dirpath).relative_to(ROOT)
            dirnames[:] = sorted(
                d for d in dirnames
                if d not in _SDIST_EXCLUDED_DIRS
                and not (rel == Path(".") and (d == "build" or d.startswith("build-"))))
            names.extend((rel / f).as_posix() for f in sorted(filenames))
        return names


def build_sdist(sdist_directory: str, config_settings: ConfigSettings = None) -> str:
    base = f"{PACKAGE}-{_version()}"
    name = f"{base}.tar.gz"
    Path(sdist_directory).mkdir(parents=True, exist_ok=True)
    mtime = time.mktime(_zip_time() + (0, 0, -1))

    def add(tar: tarfile.TarFile, arcname: str, data: bytes, mode: int) -> None:
        info = tarfile.TarInfo(f"{base}/{arcname}")
        info.size, info.mode, info.mtime = len(data), mode, int(mtime)
        tar.addfile(info, io.BytesIO(data))

    with tarfile.open(Path(sdist_directory) / name, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for rel in _sdist_files():
            path = ROOT / rel
            add(tar, rel, path.read_bytes(), 0o755 if os.access(path, os.X_OK) else 0o644)
        add(tar, "PKG-INFO", _metadata().encode("utf-8"), 0o644)
    return name
