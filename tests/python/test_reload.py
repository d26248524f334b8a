"""lexgate.ReloadingEngine: swaps, failed builds reported, open streams on
their engine, watched files, and scans from several threads during
repeated reloads."""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import pytest

import lexgate


def write_pack(path: Path, word: str) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(f'[pack]\nname = "p"\n[[rule]]\nid = "w"\ncategory = "profanity"\n'
                   f'keywords = ["{word}"]\n')
    os.replace(tmp, path)  # as deployments do


def wait_for(done: Callable[[], bool], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def keyword_engine(word: str, filler: int = 0) -> lexgate.Engine:
    words = [word] + [f"filler{i}zq" for i in range(filler)]
    return lexgate.RuleSet().add_keywords(f"rule.{word}", words, category="profanity").compile()


def test_reload_swaps_and_streams_keep_their_engine(tmp_path: Path) -> None:
    pack = tmp_path / "p.toml"
    write_pack(pack, "alpha")
    with lexgate.ReloadingEngine.from_paths(pack) as holder:
        first = holder.engine
        stream = holder.stream()
        out = stream.feed("say al")
        write_pack(pack, "beta")
        assert holder.reload() is holder.engine is not first
        assert holder.generation == 1 and holder.last_error is None
        assert [m.text for m in holder.scan("alpha beta")] == ["beta"]
        out += stream.feed("pha and beta") + stream.finish()
        assert out == "say ***** and beta" and stream.engine is first


def test_failed_build_keeps_the_engine_and_is_reported(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    pack = tmp_path / "p.toml"
    write_pack(pack, "alpha")
    reports: List[Any] = []
    holder = lexgate.ReloadingEngine.from_paths(
        pack, on_reload=lambda error, engine: reports.append((error, engine)))
    kept = holder.engine
    pack.write_text("[pack\n")
    with caplog.at_level(logging.ERROR, logger="lexgate.reload"):
        holder.request_reload()
        assert holder.wait_idle(30)
    assert holder.engine is kept and holder.generation == 0
    assert isinstance(holder.last_error, lexgate.RuleError)
    assert reports == [(holder.last_error, kept)]
    assert "reload failed" in caplog.text and "p.toml" in caplog.text
    with pytest.raises(lexgate.RuleError):
        holder.reload()
    write_pack(pack, "beta")
    holder.reload()
    assert holder.last_error is None and reports[-1] == (None, holder.engine)
    holder.close()


def test_a_build_raising_a_base_exception_does_not_end_background_reloads() -> None:
    # A builder that calls sys.exit() (or a test framework's outcome, a
    # BaseException) is a failed build on the background thread, reported
    # like any other; the thread serves later requests. On the caller's
    # thread, reload() lets it through (Ctrl-C is the caller's).
    calls: List[int] = []
    reports: List[Any] = []

    def build() -> lexgate.Engine:
        calls.append(1)
        if len(calls) in (2, 4):
            raise SystemExit("builder bailed")
        return keyword_engine("alpha")

    with lexgate.ReloadingEngine(
            build, on_reload=lambda error, engine: reports.append(error)) as holder:
        kept = holder.engine
        holder.request_reload()
        assert holder.wait_idle(30)
        assert isinstance(holder.last_error, SystemExit) and holder.engine is kept
        assert reports == [holder.last_error]
        holder.request_reload()
        assert holder.wait_idle(30), "the reload thread is gone"
        assert holder.generation == 1 and holder.last_error is None
        with pytest.raises(SystemExit):
            holder.reload()
        assert holder.engine is not kept


def test_packs_that_lost_their_rules_are_a_failed_build(tmp_path: Path) -> None:
    # A deployment that left only a pack without rules (or the taxonomy
    # file): the build compiled, and the engine swapped in screened nothing.
    pack = tmp_path / "p.toml"
    write_pack(pack, "alpha")
    with lexgate.ReloadingEngine.from_paths(pack) as holder:
        pack.write_text('[pack]\nname = "p"\n')
        with pytest.raises(lexgate.RuleError, match="nothing would be screened"):
            holder.reload()
        assert holder.generation == 0 and len(holder.scan("alpha")) == 1
    with pytest.raises(lexgate.RuleError, match="nothing would be screened"):
        lexgate.Engine.from_paths(pack)
    taxonomy = lexgate.default_rules_path() / "categories.toml"
    with pytest.raises(lexgate.RuleError, match="categories.toml: no rules"):
        lexgate.Engine.from_paths(taxonomy)
    # A RuleSet built in code may still start empty.
    assert lexgate.RuleSet().compile().rule_count == 0


def test_first_build_must_succeed(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        lexgate.ReloadingEngine.from_paths(tmp_path / "none.toml")
    with pytest.raises(TypeError, match="not an Engine"):
        lexgate.ReloadingEngine(lambda: "engine")  # type: ignore[arg-type, return-value]


def test_watched_files_reload_once_after_the_debounce(tmp_path: Path) -> None:
    pack = tmp_path / "p.toml"
    write_pack(pack, "alpha")
    reloads: List[Optional[BaseException]] = []
    holder = lexgate.ReloadingEngine.from_paths(
        tmp_path, watch=True, poll_interval=0.01, debounce=0.15,
        on_reload=lambda error, engine: reloads.append(error))
    for word in ["beta", "gamma", "delta"]:
        write_pack(pack, word)
        time.sleep(0.03)
    assert wait_for(lambda: holder.generation == 1)
    time.sleep(0.4)
    assert reloads == [None]
    assert [m.text for m in holder.scan("alpha delta")] == ["delta"]
    holder.close()


def test_keyword_files_of_watched_packs_are_watched(tmp_path: Path) -> None:
    # A pack file watched on its own: its keywords_file elsewhere is watched
    # too (an edit to it never reloaded), and so is the file a changed pack
    # names instead; nothing reloads while nothing changes.
    (tmp_path / "packs").mkdir()
    (tmp_path / "lists").mkdir()
    pack = tmp_path / "packs" / "p.toml"

    def write(path: Path, text: str) -> None:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)

    def naming(file: str) -> str:
        return (f'[pack]\nname = "p"\n[[rule]]\nid = "w"\ncategory = "profanity"\n'
                f'keywords_file = "{file}"\n')

    write(tmp_path / "lists" / "words.txt", "alpha\n")
    write(pack, naming("../lists/words.txt"))
    holder = lexgate.ReloadingEngine.from_paths(pack, watch=True, poll_interval=0.01,
                                                debounce=0.05)
    assert lexgate.RuleSet.from_paths(pack).keyword_files == [
        str(pack.parent / "../lists/words.txt")]

    def settled() -> int:  # longer than a poll and the debounce
        time.sleep(0.3)
        return holder.generation

    assert settled() == 0  # no reload without a change
    write(tmp_path / "lists" / "words.txt", "beta\n")
    assert wait_for(lambda: holder.generation == 1)
    assert [m.text for m in holder.scan("alpha beta")] == ["beta"]
    assert settled() == 1  # one build per change
    # The pack names another file, broken (old Mac line ends): the reload
    # fails, and fixing that file reloads.
    write(tmp_path / "packs" / "more.txt", "gamma\rdelta\r")
    write(pack, naming("more.txt"))
    assert wait_for(lambda: holder.last_error is not None)
    assert "more.txt" in str(holder.last_error)
    write(tmp_path / "packs" / "more.txt", "gamma\n")
    assert wait_for(lambda: holder.generation == 2)
    assert [m.text for m in holder.scan("beta gamma")] == ["gamma"]
    assert settled() == 2  # the new list alone is no change
    write(tmp_path / "packs" / "more.txt", "delta\n")
    assert wait_for(lambda: holder.generation == 3)
    assert [m.text for m in holder.scan("gamma delta")] == ["delta"]
    # The pack names a file that does not exist yet (deployed after it): the
    # reload fails, the error names the file, and creating it reloads.
    write(pack, naming("../lists/later.txt"))
    assert wait_for(lambda: "later.txt" in str(holder.last_error))
    error = holder.last_error
    assert isinstance(error, lexgate.RuleError)
    assert error.path == str(pack)
    assert error.unread_file == str(pack.parent / "../lists/later.txt")
    write(tmp_path / "lists" / "later.txt", "epsilon\n")
    assert wait_for(lambda: holder.generation == 4)
    assert [m.text for m in holder.scan("delta epsilon")] == ["epsilon"]
    holder.close()


def test_a_keyword_file_changed_during_the_first_build_is_reloaded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The keyword files are recorded as the build read them, before its
    # compile (which takes seconds for large packs): an edit meanwhile is
    # seen.
    words = tmp_path / "words.txt"
    words.write_text("alpha\n", encoding="utf-8")
    pack = tmp_path / "p.toml"
    pack.write_text('[pack]\nname = "p"\n[[rule]]\nid = "w"\ncategory = "profanity"\n'
                    'keywords_file = "words.txt"\n', encoding="utf-8")
    compile = lexgate.RuleSet.compile
    compiles: List[int] = []

    def compile_and_edit(self: lexgate.RuleSet, **options: Any) -> lexgate.Engine:
        if not compiles:
            tmp = tmp_path / "words.tmp"
            tmp.write_text("omega\n", encoding="utf-8")
            os.replace(tmp, words)
        compiles.append(1)
        return compile(self, **options)

    monkeypatch.setattr(lexgate.RuleSet, "compile", compile_and_edit)
    # The pack's directory is not watched, only the pack file.
    holder = lexgate.ReloadingEngine.from_paths(pack, watch=True, poll_interval=0.01,
                                                debounce=0.05)
    assert [m.text for m in holder.scan("alpha omega")] == ["alpha"]
    assert wait_for(lambda: holder.generation == 1)
    assert [m.text for m in holder.scan("alpha omega")] == ["omega"]
    holder.close()


def test_a_change_during_the_first_build_is_reloaded(tmp_path: Path) -> None:
    # A first compile of large packs takes seconds: an edit made meanwhile
    # must not be missed (the files are looked at before that build).
    pack = tmp_path / "p.toml"
    write_pack(pack, "alpha")
    builds: List[int] = []

    def build() -> lexgate.Engine:
        engine = lexgate.RuleSet.from_paths(tmp_path).compile()
        if not builds:
            write_pack(pack, "omega")  # after the rules were read
        builds.append(1)
        return engine

    holder = lexgate.ReloadingEngine(build, watch=[tmp_path], poll_interval=0.01,
                                     debounce=0.05)
    assert [m.text for m in holder.scan("alpha omega")] == ["alpha"]
    assert wait_for(lambda: holder.generation == 1)
    assert [m.text for m in holder.scan("alpha omega")] == ["omega"]
    holder.close()


def scan_while(holder: lexgate.ReloadingEngine, expected: Dict[str, List[str]],
               meanwhile: Callable[[], None], threads: int = 3) -> Dict[str, Any]:
    """Scans from ``threads`` threads while ``meanwhile`` runs: failures,
    results inconsistent with the engine used, and the scan times."""
    stop = threading.Event()
    stats: Dict[str, Any] = {"times": [], "failures": [], "inconsistent": 0}
    lock = threading.Lock()

    def scanner() -> None:
        times, inconsistent = [], 0
        while not stop.is_set():
            begin = time.perf_counter()
            engine = holder.engine
            try:
                result = engine.scan("one alpha, one beta")
            except Exception as error:  # noqa: BLE001 - counted, asserted by the caller
                with lock:
                    stats["failures"].append(error)
                continue
            times.append(time.perf_counter() - begin)
            inconsistent += [m.rule for m in result] != expected[engine.fingerprint]
        with lock:
            stats["times"] += times
            stats["inconsistent"] += inconsistent

    pool = [threading.Thread(target=scanner) for _ in range(threads)]
    for t in pool:
        t.start()
    meanwhile()
    stop.set()
    for t in pool:
        t.join()
    stats["times"].sort()
    return stats


def describe(times: List[float]) -> str:
    def q(f: float) -> float:
        return times[int(f * (len(times) - 1))] * 1e6
    return (f"p50 {q(0.5):.0f} us, p99 {q(0.99):.0f} us, p99.9 {q(0.999):.0f} us, "
            f"max {times[-1] * 1e3:.1f} ms ({len(times)} scans)")


def test_scans_from_threads_during_repeated_reloads() -> None:
    expected = {keyword_engine("alpha", 2000).fingerprint: ["rule.alpha"],
                keyword_engine("beta", 2000).fingerprint: ["rule.beta"]}
    builds = [0]

    def build() -> lexgate.Engine:
        builds[0] += 1
        # A real compile each time (same rules, so the same fingerprints).
        return keyword_engine("beta" if builds[0] % 2 == 0 else "alpha", 2000)

    holder = lexgate.ReloadingEngine(build)
    quiet = scan_while(holder, expected, lambda: time.sleep(1.0))
    reloads = 6

    def reload_repeatedly() -> None:
        for _ in range(reloads):
            holder.request_reload()
            assert holder.wait_idle(120)

    begin = time.perf_counter()
    loaded = scan_while(holder, expected, reload_repeatedly)
    elapsed = time.perf_counter() - begin
    holder.close()
    assert holder.generation == reloads and holder.last_error is None
    assert loaded["failures"] == [] and loaded["inconsistent"] == 0
    assert len(loaded["times"]) > 100
    print(f"\n[measure] Python, 3 threads; {elapsed / reloads * 1000:.0f} ms per build\n"
          f"[measure]   without reloads: {describe(quiet['times'])}\n"
          f"[measure]   during reloads:  {describe(loaded['times'])}")


def test_on_reload_may_reload_again(tmp_path: Path) -> None:
    pack = tmp_path / "p.toml"
    write_pack(pack, "alpha")
    calls: List[Optional[BaseException]] = []

    def on_reload(error: Optional[BaseException], engine: lexgate.Engine) -> None:
        calls.append(error)
        if len(calls) == 1:
            holder.reload()  # on the reload thread, with the build lock held

    holder = lexgate.ReloadingEngine.from_paths(pack, on_reload=on_reload)
    holder.request_reload()
    assert holder.wait_idle(10)
    assert calls == [None, None] and holder.generation == 2
    holder.close()


def test_request_after_close_does_nothing(tmp_path: Path) -> None:
    pack = tmp_path / "p.toml"
    write_pack(pack, "alpha")
    holder = lexgate.ReloadingEngine.from_paths(pack)
    holder.close()
    holder.request_reload()
    assert holder.wait_idle(2)
    assert holder.generation == 0


def test_a_dropped_holder_is_collected_with_its_thread(tmp_path: Path) -> None:
    import gc
    import weakref

    pack = tmp_path / "p.toml"
    write_pack(pack, "alpha")

    def reload_threads() -> int:
        return sum(1 for t in threading.enumerate() if t.name == "lexgate-reload")

    before = reload_threads()
    holders = [weakref.ref(lexgate.ReloadingEngine.from_paths(pack)) for _ in range(5)]
    gc.collect()
    assert all(h() is None for h in holders)
    assert wait_for(lambda: reload_threads() == before)
