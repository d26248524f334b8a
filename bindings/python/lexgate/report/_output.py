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


def write_text(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (a regular file; "-"
    is standard output, and a device or pipe is written as it is). A lone surrogate (from
    a file name that is not UTF-8) is written as U+FFFD, as the JSON schema
    writes invalid bytes."""
    text = re.sub("[\ud800-\udfff]", "\ufffd", text)
    if path == "-":
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    # Through a symbolic link to its target (replacing the link itself would
    # cut the link); a device or a pipe (/dev/stdout) is written to as it is:
    # it cannot be replaced, and as root the rename would replace the node.
    path = os.path.realpath(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return
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
