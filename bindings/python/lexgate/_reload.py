"""lexgate.ReloadingEngine: a service's current engine, replaced while the
service runs (the Python twin of lexgate/reloading_engine.h)."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
import weakref
from typing import (
    Any,
    AnyStr,
    AsyncIterable,
    Callable,
    Iterable,
    List,
    NamedTuple,
    Optional,
    Tuple,
    Union,
)

from lexgate._core import ScanResult
from lexgate._engine import Detail, Engine
from lexgate._errors import RuleError
from lexgate._policy import Policy
from lexgate._rules import RuleSet, StrPath, native_paths, path_list
from lexgate._stream import AsyncGuard, Guard, Stream

__all__ = ["ReloadingEngine"]

logger = logging.getLogger("lexgate.reload")

#: on_reload(error, engine): error is None after a swap (engine is the new
#: one), else the exception of the failed build (engine is the one kept).
OnReload = Callable[[Optional[BaseException], Engine], None]


class _FileState(NamedTuple):
    path: str
    exists: bool
    mtime_ns: int
    size: int
    inode: int


class _KeywordFiles:
    """The keyword files of the packs from_paths() read last, watched beside
    ``watch``: a keywords_file may lie outside every watched path. The
    builder records them as it read them, right after loading the packs
    and before the compile, so that a change made while the compile runs
    is seen, and a change of the list alone is no change of the files (as
    lib/service/reloading_engine.cc does)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.files: List[str] = []
        self.states: List[_FileState] = []
        self.version = 0

    def record(self, files: List[str]) -> None:
        states = snapshot_files(files)
        with self._lock:
            self.files, self.states = list(files), states
            self.version += 1

    def record_failure(self, path: Optional[str]) -> None:
        """The packs failed to load at ``path`` (a keyword file a changed
        pack names, say): watched too, so that fixing it reloads."""
        with self._lock:
            if not path or path in self.files:
                return
            self.files = self.files + [path]
            self.states = snapshot_files(self.files)
            self.version += 1

    def read(self) -> Tuple[List[str], List[_FileState], int]:
        with self._lock:
            return self.files, self.states, self.version


def snapshot_files(paths: Iterable[str]) -> List[_FileState]:
    """What a poll sees: each path, and for a directory every regular file
    in it (not hidden ones, not recursively), as lexgate/reloading_engine.h
    describes."""
    out: List[_FileState] = []

    def stat(path: str) -> Tuple[_FileState, Optional[os.stat_result]]:
        try:
            st = os.stat(path)
        except OSError:
            return _FileState(path, False, 0, 0, 0), None
        return _FileState(path, True, st.st_mtime_ns, st.st_size, st.st_ino), st

    for path in paths:
        state, st = stat(path)
        out.append(state)
        if st is None or not os.path.isdir(path):
            continue
        try:
            names = sorted(n for n in os.listdir(path) if not n.startswith("."))
        except OSError:
            continue
        for name in names:
            file_state, file_st = stat(os.path.join(path, name))
            if file_st is not None and os.path.isfile(file_state.path):
                out.append(file_state)
    return out


class ReloadingEngine:
    """Holds a service's current engine and replaces it when asked, or when
    watched rule files change:

        rules = lexgate.ReloadingEngine.from_paths(["rules/", "acme.toml"], watch=True)
        rules.scan(text)                 # the current engine's scan
        with_stream = rules.stream()     # finishes on the engine it started with
        rules.request_reload()           # e.g. from a SIGHUP handler

    - scans go to the current engine while a new one is built on a
      background thread (compiling releases the GIL, so scanning threads do
      not wait), and the new engine replaces it in one assignment: no
      caller ever sees a half-built engine;
    - open streams, and callers that kept ``.engine``, go on with the
      engine they had;
    - a build that fails keeps the old engine and is reported to
      ``on_reload(error, engine)`` and to the "lexgate.reload" logger;
    - ``watch`` polls the given files and directories (a directory: the
      files in it) every ``poll_interval`` seconds and reloads once they
      have stayed unchanged for ``debounce`` seconds after a change.

    ``build`` makes a new Engine (from_paths() passes one that loads and
    compiles the packs). Thread-safe. close() (or ``with``) stops the
    background thread; it is a daemon thread, so it never keeps a process
    alive.
    """

    def __init__(self, build: Callable[[], Engine], *,
                 watch: Iterable[StrPath] = (), poll_interval: float = 1.0,
                 debounce: float = 0.5, on_reload: Optional[OnReload] = None) -> None:
        if not callable(build):
            raise TypeError("ReloadingEngine() needs a callable that returns an Engine")
        self._build = build
        self._on_reload = on_reload
        self._watch = [os.fspath(p) for p in ([watch] if isinstance(watch, (str, os.PathLike))
                                              else watch)]
        self._poll = float(poll_interval)
        self._debounce = float(debounce)
        # Looked at before the first build reads them: a change made while
        # it runs (a first compile takes seconds) is then seen and reloaded.
        self._seen = snapshot_files(self._watch) if self._watch else []
        # from_paths(watch=True): the keyword files its builder read.
        self._keyword_files: Optional[_KeywordFiles] = None
        self._seen_keywords: List[_FileState] = []
        self._keyword_version = 0
        self._engine = self._checked(build())  # the first build must succeed
        self._generation = 0
        self._last_error: Optional[BaseException] = None
        # Reentrant: on_reload runs with it held and may call reload().
        self._build_lock = threading.RLock()
        self._cond = threading.Condition()
        self._requested = False
        self._building = False
        self._closed = False
        self._changed_at: Optional[float] = None
        # The thread holds the holder only weakly (never while it waits): a
        # holder dropped without close() is collected, and its thread ends.
        self._thread = threading.Thread(target=_run_reloads,
                                        args=(weakref.ref(self), self._cond),
                                        name="lexgate-reload", daemon=True)
        self._thread.start()
        weakref.finalize(self, _wake, self._cond)

    @classmethod
    def from_paths(cls, paths: Union[StrPath, Iterable[StrPath]], *, watch: bool = False,
                   poll_interval: float = 1.0, debounce: float = 0.5,
                   on_reload: Optional[OnReload] = None, streaming: bool = True,
                   **options: bool) -> "ReloadingEngine":
        """Reload Engine.from_paths(paths, streaming=..., **options);
        ``watch=True`` watches ``paths`` and the keyword files
        (``keywords_file``) of the packs last built, wherever they are."""
        checked = path_list(paths, "from_paths")
        keyword_files = _KeywordFiles() if watch else None

        def build() -> Engine:
            try:
                rules = RuleSet.from_paths(checked)
            except RuleError as error:
                if keyword_files is not None:
                    keyword_files.record_failure(error.path)
                    # A keywords_file that is missing: creating it reloads.
                    keyword_files.record_failure(error.unread_file)
                raise
            if keyword_files is not None:
                keyword_files.record(rules.keyword_files)
            # Packs that lost their rules (only categories.toml left) would
            # swap in an engine that screens nothing: a failed build.
            rules._core.require_rules(native_paths(checked))
            return rules.compile(streaming=streaming, **options)

        holder = cls(build, watch=checked if watch else (), poll_interval=poll_interval,
                     debounce=debounce, on_reload=on_reload)
        holder._keyword_files = keyword_files
        return holder

    # --- the current engine ----------------------------------------------

    @property
    def engine(self) -> Engine:
        """The current engine (keep it for as long as one task needs the
        same rules)."""
        return self._engine

    @property
    def fingerprint(self) -> str:
        return self._engine.fingerprint

    @property
    def generation(self) -> int:
        """Number of successful reloads so far."""
        return self._generation

    @property
    def last_error(self) -> Optional[BaseException]:
        """The error of the last reload attempt; None after a good one."""
        return self._last_error

    def scan(self, text: Any, *, policy: Optional[Policy] = None,
             detail: Detail = "full") -> ScanResult[Any]:
        """engine.scan() on the current engine."""
        return self._engine.scan(text, policy=policy, detail=detail)

    def redact(self, text: Any, result: Optional[ScanResult[Any]] = None, *,
               policy: Optional[Policy] = None) -> Any:
        """engine.redact() on the current engine (pass the ``result`` of
        this holder's scan only if no reload came in between, or redact with
        the engine you scanned with)."""
        return self._engine.redact(text, result, policy=policy)

    async def ascan(self, text: Any, *, policy: Optional[Policy] = None,
                    offload_chars: Optional[int] = None,
                    detail: Detail = "full") -> ScanResult[Any]:
        result: ScanResult[Any] = await self._engine.ascan(text, policy=policy,
                                                           offload_chars=offload_chars,
                                                           detail=detail)
        return result

    def stream(self, text_type: Any = None, **kwargs: Any) -> Stream[Any]:
        """engine.stream() on the current engine; the stream keeps it."""
        return self._engine.stream(text_type, **kwargs)

    def guard(self, deltas: Iterable[AnyStr], **kwargs: Any) -> Guard[AnyStr]:
        return self._engine.guard(deltas, **kwargs)

    def aguard(self, deltas: AsyncIterable[AnyStr], **kwargs: Any) -> AsyncGuard[AnyStr]:
        return self._engine.aguard(deltas, **kwargs)

    # --- reloading --------------------------------------------------------

    def request_reload(self) -> None:
        """Ask the background thread for a reload and return at once.
        Requests made while a build runs make one more build after it.
        After close() there is no thread to ask: it does nothing."""
        with self._cond:
            if self._closed:
                return
            self._requested = True
            self._cond.notify_all()

    def reload(self) -> Engine:
        """Build on the calling thread and swap; returns the new engine. A
        failed build is reported (on_reload, logging), keeps the old engine
        and is raised."""
        with self._build_lock:
            error = self._build_and_swap()
        if error is not None:
            raise error
        return self._engine

    async def areload(self) -> Engine:
        """reload() in a worker thread."""
        return await asyncio.to_thread(self.reload)

    def wait_idle(self, timeout: Optional[float] = None) -> bool:
        """Wait until no reload is pending or running; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._requested and not self._building,
                                       timeout)

    def close(self) -> None:
        """Stop the background thread (waits for a build in progress)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._thread is not threading.current_thread():
            self._thread.join()

    def __enter__(self) -> "ReloadingEngine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (f"<lexgate.ReloadingEngine generation {self._generation}: {self._engine!r}>")

    # --- internals ----------------------------------------------------------

    @staticmethod
    def _checked(engine: object) -> Engine:
        if not isinstance(engine, Engine):
            raise TypeError(f"the build function returned {type(engine).__name__}, not an Engine")
        return engine

    def _build_and_swap(self, background: bool = False) -> Optional[BaseException]:
        """One build; the caller holds _build_lock. Returns its error. On
        the background thread every error is a failed build, also a
        BaseException (a builder calling sys.exit(), a test framework's
        outcome), which would otherwise end the thread and every later
        reload with it; on the caller's thread (reload()), only an
        Exception is: Ctrl-C is the caller's."""
        try:
            new = self._checked(self._build())
        except BaseException as error:  # reported, never raised into the thread
            if not background and not isinstance(error, Exception):
                raise
            self._last_error = error
            logger.error("lexgate: reload failed, keeping engine %s: %s",
                         self._engine.fingerprint, error)
            self._report(error, self._engine)
            return error
        self._engine = new
        self._generation += 1
        self._last_error = None
        logger.info("lexgate: reloaded, engine %s (generation %d)",
                    new.fingerprint, self._generation)
        self._report(None, new)
        return None

    def _report(self, error: Optional[BaseException], engine: Engine) -> None:
        if self._on_reload is None:
            return
        try:
            self._on_reload(error, engine)
        except Exception:  # a broken callback must not stop reloading
            logger.exception("lexgate: on_reload callback failed")

    def _poll_files(self, now: float) -> bool:
        snapshot = snapshot_files(self._watch)
        keywords: List[_FileState] = []
        if self._keyword_files is not None:
            files, states, version = self._keyword_files.read()
            if version != self._keyword_version:
                # A build read a new list: compare with the files as it read them.
                self._keyword_version, self._seen_keywords = version, states
            keywords = snapshot_files(files)
        if snapshot != self._seen or keywords != self._seen_keywords:
            self._seen, self._seen_keywords = snapshot, keywords
            self._changed_at = now
            return False
        if self._changed_at is not None and now - self._changed_at >= self._debounce:
            self._changed_at = None
            return True
        return False

    def _wait_time(self, now: float) -> float:
        wait = self._poll
        if self._changed_at is not None:
            wait = min(wait, max(0.0, self._changed_at + self._debounce - now))
        return max(wait, 0.001)

    def _next_wait(self) -> Optional[float]:
        """With _cond held: 0 when a build is due now (it is then marked as
        running), else how long to wait (None: until notified)."""
        watching = bool(self._watch) and self._poll > 0
        if watching and self._poll_files(time.monotonic()):
            self._requested = True
        if self._requested:
            self._requested = False
            self._building = True
            return 0.0
        return self._wait_time(time.monotonic()) if watching else None


def _wake(cond: threading.Condition) -> None:
    with cond:
        cond.notify_all()


def _run_reloads(ref: "weakref.ReferenceType[ReloadingEngine]",
                 cond: threading.Condition) -> None:
    """The background thread of a ReloadingEngine: builds on request (and
    on file changes when watching) until it is closed or collected."""
    with cond:
        while True:
            owner = ref()
            if owner is None:
                return
            if owner._closed:
                owner._requested = owner._building = False
                cond.notify_all()
                return
            wait = owner._next_wait()
            if wait != 0.0:
                del owner  # not held while waiting
                cond.wait(wait)
                continue
            cond.release()
            try:
                with owner._build_lock:
                    owner._build_and_swap(background=True)
            except BaseException:  # from on_reload or the logger: reported
                # Nothing may end this thread: later reloads must still run.
                logger.exception("lexgate: reload thread: unexpected error")
            finally:
                cond.acquire()
                owner._building = False
                cond.notify_all()
            del owner
