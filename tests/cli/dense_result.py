"""What the dense-output tests (stream_dense.py, json_dense.py) check of
one text of `count` copies of "fuck ": the exit status, every match
reported (the last at its place), the text masked whole, and the peak
memory within its bound."""

from typing import Any, Dict


def dense_result_ok(status: int, result: Dict[str, Any], text: str, count: int,
                    peak_kb: int, bound_kb: int, check_rss: bool) -> bool:
    """`result` holds "verdict" and "matches" (a done event or a record),
    `text` is what was written for the text (released or redacted)."""
    matches = result.get("matches", [])
    ok = True
    if status != 0:
        print(f"FAIL: exit status {status}")
        ok = False
    if result.get("verdict") != "mask" or len(matches) != count:
        print(f"FAIL: result {str(result)[:300]}")
        ok = False
    elif (matches[-1]["start"], matches[-1]["end"]) != (5 * (count - 1),
                                                        5 * count - 1):
        print(f"FAIL: last match {matches[-1]}")
        ok = False
    if "fuck" in text or len(text) != 5 * count:
        print(f"FAIL: text written {text[:80]!r}… ({len(text)} characters)")
        ok = False
    if check_rss and peak_kb > bound_kb:
        print(f"FAIL: peak RSS {peak_kb} kB over {bound_kb} kB")
        ok = False
    return ok
