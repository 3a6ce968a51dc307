"""The Dask worker plugin of :mod:`sim.engine` (imported only by :class:`sim.engine.DaskEngine`, so
the serial path never imports Dask): every worker, replacements included, discovers the checks
when it starts, before it takes a task, so a claim's wall time holds no import time."""

from __future__ import annotations

from typing import Any

from distributed import WorkerPlugin


class WarmUp(WorkerPlugin):
    """Discover the checks (imports torch and every family) once per worker process."""

    name = "rmtcheck-warm-up"

    def __init__(self, plugins: bool) -> None:
        self.plugins = plugins

    def setup(self, worker: Any) -> None:
        from sim.engine import _discovered

        _discovered(self.plugins)
