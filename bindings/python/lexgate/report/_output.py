"""Writing the report's files: whole or not at all (a temporary file in the
same directory, renamed over the target), so that a reader never finds
half a report, and a failed run leaves an older report as it was."""

from __future__ import annotations

import json
import os
import re
import stat
import sys
import tempfile
from typing import Any, Dict

__all__ = ["report_json", "write_text"]


def report_json(report: Dict[str, Any]) -> str:
    """The report as JSON text: UTF-8, Chinese as is, keys in schema order."""
    return json.dumps(report, ensure_ascii=False, indent=1) + "\n"


def _written_in_place(path: str) -> bool:
    """True for what cannot be replaced by a rename: a device, a pipe or a
    socket (/dev/stdout on a terminal or a pipe), and a process's file
    descriptor (/dev/stdout, /dev/fd/N, /proc/self/fd/N: it may be a
    regular file a shell opened, and replacing that file would lose what
    the shell appends to it). As root, the rename would replace the
    device node itself."""
    try:
        st = os.stat(path)  # follows links
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return True
    chain = os.path.abspath(path)
    for _ in range(40):  # the links on the way, one by one
        if chain.startswith(("/dev/", "/proc/")):
            return True
        if not os.path.islink(chain):
            return False
        chain = os.path.join(os.path.dirname(chain), os.readlink(chain))
    return True


def write_text(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``: a regular file atomically, a
    device, pipe or file descriptor (/dev/stdout) in place; "-" is standard
    output. A lone surrogate (from a file name that is not UTF-8) is
    written as U+FFFD, as the JSON schema writes invalid bytes."""
    text = re.sub("[\ud800-\udfff]", "\ufffd", text)
    if path == "-":
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    if _written_in_place(path):
        # Appended: what a shell's ">>" (or ">") file already holds stays.
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)
        return
    # Through a symbolic link to its target: replacing the link itself
    # would cut it.
    path = os.path.realpath(path)
    directory = os.path.dirname(path)
    fd, temporary = tempfile.mkstemp(prefix=".lexgate-report-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
