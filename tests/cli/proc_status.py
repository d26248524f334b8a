"""A running process's memory as /proc/PID/status reports it, for the
lexgate-filter soak tests (stream_soak.py, stream_dense.py)."""


def status_kb(pid: int, field: str) -> int:
    """The kB value of `field` (VmRSS: resident now; VmHWM: the peak)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/{pid}/status")
