"""The Dask worker plugin of :mod:`rmtcheck.engine` (imported only by :class:`rmtcheck.engine.DaskEngine`,
so the serial path never imports Dask): every worker, replacements included, discovers the checks
when it starts, before it takes a task, so a claim's wall time holds no import time."""

from __future__ import annotations

from typing import Any

from distributed import WorkerPlugin

from rmtcheck.plugins import discover_cached


class WarmUp(WorkerPlugin):
    """Discover the checks (imports torch and every family) once per worker process."""

    name = "rmtcheck-warm-up"

    def __init__(self, plugins: bool) -> None:
        self.plugins = plugins

    def setup(self, worker: Any) -> None:
        discover_cached(self.plugins)
