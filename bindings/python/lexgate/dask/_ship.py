"""Shipping the engine to the workers: once per worker process, never per
task, and again to a worker that replaces a dead one or joins late.

A scattered future (``client.scatter(engine, broadcast=True)``) is not
enough on its own: Dask's active memory manager (on by default) drops the
extra replicas of data no waiting task needs, so after a few seconds one
worker may hold the only copy, and when that worker dies the engine is lost
and every partition still to run is cancelled. A worker plugin is kept by
the scheduler and set up on every worker that registers, restarted ones
included: it carries the serialized engine (Engine.to_bytes(), what an
engine pickles to) and deserializes it once in each worker process, where
the tasks of the run find it by its name.
"""

from __future__ import annotations

import threading
from typing import Any, Dict

from lexgate._engine import Engine

__all__ = ["EnginePlugin", "engine_for"]

_engines: Dict[str, Engine] = {}
_lock = threading.Lock()

from distributed import WorkerPlugin


class EnginePlugin(WorkerPlugin):
    """Registered under ``name`` for one run; ``blob`` is Engine.to_bytes()."""

    def __init__(self, name: str, blob: bytes) -> None:
        self.name = name
        self.blob = blob

    def setup(self, worker: Any) -> None:
        engine = Engine.from_bytes(self.blob)
        with _lock:
            _engines[self.name] = engine

    def teardown(self, worker: Any) -> None:
        with _lock:
            _engines.pop(self.name, None)


def engine_for(name: str) -> Engine:
    """The engine the plugin ``name`` set up in this worker process."""
    with _lock:
        engine = _engines.get(name)
    if engine is None:
        raise RuntimeError(f"no lexgate engine {name!r} in this worker: its plugin was "
                           "not set up (was the worker started after the run ended?)")
    return engine
