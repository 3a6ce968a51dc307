"""Where verification runs: one small executor interface, in-process or on a Dask cluster.

An :class:`Engine` does two things:

* :meth:`Engine.run_claims` — run :class:`ClaimTask` s (a check, a profile, the root seed, a device)
  and yield each claim's :class:`~rmtcheck.run.ClaimResult` as it completes (in completion order).
  Both engines go through the one run path of :mod:`rmtcheck.run` (draw the examples, run each,
  assemble), so a result is the same whichever engine, worker or order ran it.
* :meth:`Engine.map_grid` — ``[fn(p) for p in points]``, each point a task (the sweeps of the
  report figures); ``fn`` is a module-level function (pickled by reference) returning plain
  numbers or arrays.

Two engines:

* :class:`SerialEngine` (the default) runs everything in this process, in order; it imports no
  Dask.
* :class:`DaskEngine` runs on Dask ``distributed``: a ``LocalCluster`` of ``workers`` processes
  (one task and ``threads_per_worker`` torch threads each), or an existing cluster at
  ``scheduler`` (``rmtcheck verify --scheduler ADDRESS`` or ``RMTCHECK_SCHEDULER``). A claim is split
  into one task per example: the client draws every claim's examples (:func:`rmtcheck.run.draw_examples`,
  cheap and the same as a serial run's), workers run them (:func:`run_example_task`, the check object
  itself shipped with the task: Dask pickles it with cloudpickle, so the client and every worker need
  rmtcheck and the plugin packages importable), and the client assembles the claim's result once all
  its examples are back (:func:`rmtcheck.run.assemble`), so no single long claim holds the end of the
  run. A task whose worker dies is rescheduled by the scheduler (``distributed.scheduler.allowed-failures``
  times) and a task that raises is retried (``retries``); a claim lost on every try becomes an ``error``
  result marked ``engine_error`` (a resume runs it again). Tasks on a CUDA device ask for the worker
  resource ``GPU`` (start such workers with ``--resources GPU=1``, one per device).

Sweep code calls the module-level :func:`map_grid`, which uses the engine made active by
:func:`using` (the serial engine otherwise), so a figure needs no engine argument.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol, TextIO, TypeVar

from rmtcheck.run import (
    ClaimResult,
    Example,
    assemble,
    draw_examples,
    format_error,
    run_example,
    verify_check,
    where,
)

if TYPE_CHECKING:
    from rmtcheck.check import Check
    from rmtcheck.profiles import Profile

__all__ = [
    "SCHEDULER_ENV",
    "ClaimTask",
    "DaskEngine",
    "Engine",
    "ExampleDone",
    "ExampleTask",
    "Observer",
    "Progress",
    "SerialEngine",
    "active",
    "make_engine",
    "map_grid",
    "run_example_task",
    "using",
]

T = TypeVar("T")
R = TypeVar("R")
SCHEDULER_ENV = "RMTCHECK_SCHEDULER"


class Observer(Protocol):
    """What a run tells its caller as it goes (progress, per-example output)."""

    def drawn(self, claim_id: str, count: int) -> None:
        """``count`` examples of ``claim_id`` were drawn and are about to run."""
        ...

    def outcome(self, outcome: Any) -> None:
        """One example finished (an :class:`~rmtcheck.Outcome`)."""
        ...


@dataclass(frozen=True)
class ClaimTask:
    """One claim to verify.

    Attributes:
        check: The check (shipped to workers as an object).
        profile: The profile (its ``cuda`` flag decided once, by the client).
        root_seed: The run's root seed (the claim's seed is derived from it and the id).
        device: The torch device (``None``: the worker's default).
    """

    check: Check[Any]
    profile: Profile
    root_seed: int
    device: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.root_seed, bool) or not isinstance(self.root_seed, int) or self.root_seed < 0:
            raise ValueError(f"root_seed must be an integer >= 0; got {self.root_seed!r}")


@dataclass(frozen=True)
class ExampleTask:
    """One example of a claim: the claim's task, the example's position and the example."""

    claim: ClaimTask
    index: int
    example: Example


@dataclass(frozen=True)
class ExampleDone:
    """What a worker returns for one example: its outcome or the traceback of the check that raised."""

    index: int
    outcome: Any
    error: str | None
    wall_time: float
    worker: str
    torch_threads: int | None


def run_example_task(task: ExampleTask) -> ExampleDone:
    """The task a worker runs for one example (:func:`rmtcheck.run.run_example`)."""
    import torch

    started = time.perf_counter()
    outcome, error = None, None
    try:
        outcome = run_example(task.claim.check, task.example, task.claim.profile, task.claim.device)
    except Exception as exc:  # the check raised: reported as the claim's error, like a serial run
        error = format_error(exc)
    return ExampleDone(task.index, outcome, error, time.perf_counter() - started, where(), torch.get_num_threads())


def _drawn_by_the_client(sizes: Any) -> Any:
    """The draws of a check shipped to a worker: the client drew its examples already."""
    raise RuntimeError("a check shipped to a Dask worker draws nothing: its examples were drawn by the client")


def _for_workers(check: Check[Any]) -> Check[Any]:
    """``check`` without its parameter strategy, which workers never use and which does not pickle
    (Hypothesis strategies hold C functions); the claim, experiment, target and origin travel as they
    are (Dask pickles them with cloudpickle)."""
    return replace(check, draws=_drawn_by_the_client, sizes=None)


@dataclass
class _Split:
    """A claim in flight on the cluster: its examples' results as they come back."""

    task: ClaimTask
    total: int
    draw_time: float
    results: dict[int, ExampleDone]
    lost: str | None = None

    def done(self) -> ClaimResult:
        """The claim's result from its examples in order (:func:`rmtcheck.run.assemble`); an ``error``
        result marked ``engine_error`` if the engine lost an example."""
        outs = [self.results[i] for i in range(self.total)]
        wall = self.draw_time + sum(r.wall_time for r in outs)
        workers = ",".join(sorted({r.worker for r in outs if r.worker}))
        threads = next((r.torch_threads for r in outs if r.torch_threads is not None), None)
        if self.lost is not None:
            return assemble(self.task.check, [f"engine error\n{self.lost}"], root_seed=self.task.root_seed,
                            wall_time=wall, worker=workers, torch_threads=threads, engine_error=True)
        items = [r.outcome if r.error is None else r.error for r in outs]
        return assemble(self.task.check, items, root_seed=self.task.root_seed, wall_time=wall, worker=workers,
                        torch_threads=threads)


class Progress:
    """A one-line progress bar on a terminal (``label [####....] done/total, running, ETA``); silent
    when ``stream`` (default stderr) is not a terminal. The ETA extrapolates the rate of the items
    finished since the bar started."""

    def __init__(self, total: int, *, label: str, done: int = 0, stream: TextIO | None = None,
                 width: int = 24) -> None:
        self.total, self.label, self.width = total, label, width
        self.stream = sys.stderr if stream is None else stream
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)()) and total > 0
        self.first, self.done, self.running = done, done, 0
        self.started = time.monotonic()
        self._shown = 0

    def line(self) -> str:
        """The bar's text for the current counts."""
        filled = round(self.width * self.done / self.total) if self.total else self.width
        new, elapsed = self.done - self.first, time.monotonic() - self.started
        if new > 0 and self.done < self.total:
            seconds = round(elapsed / new * (self.total - self.done))
            eta = f"ETA {seconds // 3600:d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        else:
            eta = "ETA —" if self.done < self.total else f"{elapsed:.0f} s"
        return (f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} done, "
                f"{self.running} running, {eta}")

    def update(self, done: int, running: int) -> None:
        self.done, self.running = done, running
        if self.enabled:
            text = self.line()
            self.stream.write("\r" + text.ljust(self._shown))
            self.stream.flush()
            self._shown = len(text)

    def clear(self) -> None:
        """Erase the bar (before printing a line of output)."""
        if self.enabled and self._shown:
            self.stream.write("\r" + " " * self._shown + "\r")
            self.stream.flush()
            self._shown = 0


class Engine(Protocol):
    """Runs claim tasks and task grids."""

    name: str

    def slots(self) -> int:
        """How many tasks can run at once."""
        ...

    def run_claims(self, tasks: Sequence[ClaimTask], observer: Observer | None = None) -> Iterator[ClaimResult]:
        """Run ``tasks``; yield each claim's result as it completes; tell ``observer`` as examples
        are drawn and finish."""
        ...

    def map_grid(self, fn: Callable[[T], R], points: Sequence[T], *, label: str = "grid") -> list[R]:
        """``[fn(p) for p in points]``, each point a task; results in the order of ``points``."""
        ...

    def close(self) -> None:
        ...


class SerialEngine:
    """Everything in this process, one task after another (no Dask import)."""

    name = "serial"

    def slots(self) -> int:
        return 1

    def run_claims(self, tasks: Sequence[ClaimTask], observer: Observer | None = None) -> Iterator[ClaimResult]:
        for task in tasks:
            yield verify_check(task.check, task.profile, root_seed=task.root_seed, device=task.device,
                               on_drawn=None if observer is None else observer.drawn,
                               on_outcome=None if observer is None else observer.outcome)

    def map_grid(self, fn: Callable[[T], R], points: Sequence[T], *, label: str = "grid") -> list[R]:
        bar = Progress(len(points), label=label)
        out: list[R] = []
        for point in points:
            bar.update(len(out), 1)
            out.append(fn(point))
        bar.update(len(out), 0)
        bar.clear()
        return out

    def close(self) -> None:
        pass

    def __enter__(self) -> SerialEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _distributed() -> Any:
    """The ``distributed`` module (imported here only: the serial path never imports Dask)."""
    import importlib

    return importlib.import_module("distributed")


def _dask_config() -> Any:
    """``dask.config`` (imported here only)."""
    import importlib

    return importlib.import_module("dask.config")


class DaskEngine:
    """Tasks on Dask ``distributed``: a new ``LocalCluster`` of ``workers`` processes, or the
    cluster at ``scheduler``.

    Args:
        workers: Worker processes of a new local cluster (one task at a time each).
        scheduler: Address of an existing scheduler (``tcp://host:port``) instead.
        threads_per_worker: torch / BLAS threads per local worker process (default 1).
        gpu: Annotate tasks with ``resources={"GPU": 1}`` (tasks on a CUDA device); local workers
            then declare one ``GPU`` each.
        retries: Retries of a task that raises (Dask ``retries=``); a task whose worker dies is
            rescheduled up to ``distributed.scheduler.allowed-failures`` times by the scheduler.
    """

    name = "dask"

    def __init__(self, *, workers: int | None = None, scheduler: str | None = None,
                 threads_per_worker: int | None = None, gpu: bool = False, retries: int = 2) -> None:
        dd = _distributed()
        if (workers is None) == (scheduler is None):
            raise ValueError("give exactly one of workers= (a new local cluster) and scheduler= (an address)")
        if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
            raise ValueError(f"workers must be an integer >= 1; got {workers!r}")
        threads = 1 if threads_per_worker is None else threads_per_worker
        if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
            raise ValueError(f"threads_per_worker must be an integer >= 1; got {threads_per_worker!r}")
        if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
            raise ValueError(f"retries must be an integer >= 0; got {retries!r}")
        self.gpu, self.retries = gpu, retries
        self.cluster: Any = None
        if workers is not None:
            count = str(threads)
            env = {"OMP_NUM_THREADS": count, "MKL_NUM_THREADS": count, "OPENBLAS_NUM_THREADS": count}
            # Dask sets MALLOC_TRIM_THRESHOLD_=65536 in its workers: every large torch temporary is then
            # mmap-ed and zeroed afresh (rff figure grid, serial: 0.46 s of system time without it, 3.5 s
            # with it). Leave glibc's adaptive default unless the user's environment sets it.
            spawn_env: dict[str, str | None] = {"MALLOC_TRIM_THRESHOLD_": None, **env}
            with _dask_config().set({f"distributed.nanny.pre-spawn-environ.{k}": v for k, v in spawn_env.items()}):
                self.cluster = dd.LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address=None, silence_logs=logging.ERROR, env=env,
                    resources={"GPU": 1} if gpu else None)
            self.client: Any = dd.Client(self.cluster)
            self.address = str(self.cluster.scheduler_address)
        else:
            self.address = str(scheduler)
            self.client = dd.Client(self.address, timeout="30s")
        if gpu:
            self._check_gpu_workers()

    def warm_up(self, *, plugins: bool) -> None:
        """Have every worker (and every later one) import the checks' modules before its first task."""
        from rmtcheck._dask_plugin import WarmUp

        self.client.register_plugin(WarmUp(plugins))

    def _check_gpu_workers(self) -> None:
        workers = self.client.scheduler_info().get("workers", {})
        if workers and not any(w.get("resources", {}).get("GPU") for w in workers.values()):
            print(f"rmtcheck: tasks on CUDA ask for the resource GPU, and no worker of {self.address} declares "
                  "one: they wait for such a worker (dask worker --resources GPU=1)", file=sys.stderr)

    def slots(self) -> int:
        return max(1, int(sum(self.client.nthreads().values())))

    def _options(self, label: str) -> dict[str, Any]:
        return {"retries": self.retries, "pure": False, "key": f"rmtcheck-{label}-{uuid.uuid4().hex[:10]}",
                **({"resources": {"GPU": 1}} if self.gpu else {})}

    def run_claims(self, tasks: Sequence[ClaimTask], observer: Observer | None = None) -> Iterator[ClaimResult]:
        """Draw each claim's examples here, submit one task per example (claims in order, so the scheduler
        starts them in order), and yield a claim as soon as all its examples are back."""
        futures: dict[Any, tuple[_Split, int]] = {}
        try:
            for task in tasks:
                started = time.perf_counter()
                try:
                    examples = draw_examples(task.check, task.profile, root_seed=task.root_seed)
                except KeyboardInterrupt:
                    raise
                except Exception as exc:  # drawing raised: the claim's error, as in a serial run
                    yield assemble(task.check, [exc], root_seed=task.root_seed,
                                   wall_time=time.perf_counter() - started, worker=where())
                    continue
                split = _Split(task, len(examples), time.perf_counter() - started, {})
                if observer is not None:
                    observer.drawn(task.check.id, len(examples))
                if not examples:
                    yield split.done()
                options = self._options(task.check.id)
                key = options.pop("key")
                shipped = replace(task, check=_for_workers(task.check))
                for index, example in enumerate(examples):
                    item = ExampleTask(shipped, index, example)
                    futures[self.client.submit(run_example_task, item, key=f"{key}-{index}", **options)] = \
                        (split, index)
            # as_completed: O(1) client work per finished example (a wait() over every pending future per
            # completion cost the client a quarter of a core with ~900 example tasks).
            for future in _distributed().as_completed(list(futures)):
                split, index = futures[future]
                try:
                    split.results[index] = future.result()
                    if observer is not None and split.results[index].outcome is not None:
                        observer.outcome(split.results[index].outcome)
                except Exception as exc:  # the worker died on every try, or unpickling failed there
                    text = format_error(exc)
                    split.lost = split.lost or text
                    split.results[index] = ExampleDone(index, None, text, 0.0, "", None)
                if len(split.results) == split.total:
                    yield split.done()
        finally:
            left = [future for future in futures if not future.done()]
            if left:
                self.client.cancel(left)

    def map_grid(self, fn: Callable[[T], R], points: Sequence[T], *, label: str = "grid") -> list[R]:
        wait = _distributed().wait
        options = self._options(label)
        key = options.pop("key")
        futures = [self.client.submit(fn, point, key=f"{key}-{i}", **options) for i, point in enumerate(points)]
        bar = Progress(len(points), label=label)
        pending = set(futures)
        try:
            while pending:
                bar.update(len(points) - len(pending), min(self.slots(), len(pending)))
                _, pending = wait(list(pending), timeout=None, return_when="FIRST_COMPLETED")
            bar.update(len(points), 0)
            results: list[R] = self.client.gather(futures)
            return results
        finally:
            bar.clear()
            if pending:
                self.client.cancel(list(pending))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close()
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_engine(*, workers: int | None = None, scheduler: str | None = None, threads_per_worker: int | None = None,
                gpu: bool = False) -> Engine:
    """The engine asked for: a ``LocalCluster`` (``workers``), the cluster at ``scheduler`` (else
    the ``RMTCHECK_SCHEDULER`` environment variable), or the serial engine when neither is given.
    ``ValueError`` for both at once or a bad count; ``ImportError`` naming the extra when Dask
    ``distributed`` is missing."""
    if scheduler is None and workers is None:
        scheduler = os.environ.get(SCHEDULER_ENV) or None
    if workers is not None and scheduler is not None:
        raise ValueError("give --workers (a new local cluster) or --scheduler/RMTCHECK_SCHEDULER, not both")
    if workers is None and threads_per_worker is not None:
        raise ValueError("--threads-per-worker applies to --workers only (an existing cluster's workers "
                         "set their own threads)")
    if workers is None and scheduler is None:
        return SerialEngine()
    try:
        _distributed()
    except ImportError as error:
        raise ImportError("--workers/--scheduler need Dask distributed: pip install 'rmtcheck[dask]'") from error
    return DaskEngine(workers=workers, scheduler=scheduler, threads_per_worker=threads_per_worker, gpu=gpu)


_ACTIVE: ContextVar[Engine | None] = ContextVar("rmtcheck_engine", default=None)


def active() -> Engine:
    """The engine made active by :func:`using`, else a serial one."""
    engine = _ACTIVE.get()
    return SerialEngine() if engine is None else engine


@contextlib.contextmanager
def using(engine: Engine) -> Iterator[Engine]:
    """Make ``engine`` the one :func:`map_grid` uses inside the ``with`` block."""
    token = _ACTIVE.set(engine)
    try:
        yield engine
    finally:
        _ACTIVE.reset(token)


def map_grid(fn: Callable[[T], R], points: Sequence[T], *, label: str = "grid") -> list[R]:
    """``[fn(p) for p in points]`` on the active engine (:func:`using`), each point a task;
    ``fn`` must be a module-level function and return plain values (numbers, arrays, tuples)."""
    return active().map_grid(fn, list(points), label=label)
