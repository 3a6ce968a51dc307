"""Side-by-side timings and accuracies of rmtcheck and its installed peers, in one run (issue 29).

Usage: ``python benchmarks/compare_peers.py [--repeats R] [--eigs N] [--output FILE]``
(``nox -s bench`` runs it after installing the ``compare`` and ``peers`` extras).

Every task calls rmtcheck and each peer on the *same* inputs; the calls are interleaved (rmtcheck,
peer, rmtcheck, peer, ... for ``R`` rounds) and each time is the minimum over rounds of the mean of
a batch sized to last at least about 20 ms, so drifts in machine load hit both sides alike. A peer
that is not installed is reported as such, never silently dropped. Accuracies are measured against
references that neither side computes:

* Tracy–Widom CDF (1000 points of [-5, 3], beta 1 and 2; peer ``TracyWidom``): the largest absolute
  error against ``theory.tracy_widom.fredholm_cdf`` with 120 Gauss–Legendre nodes (a float64 Fredholm
  determinant, Bornemann 2010; not the table the fast path uses) at 41 of the points.
* Marchenko–Pastur CDF and PDF (c = 0.5, 1000 points in the support; peer ``scikit-rmt``): the largest
  relative error against mpmath at 30 digits (the closed-form density, and its quadrature for the
  CDF) at 21 of the points.
* Power-law fit with the KS-minimising ``x_min`` (the top of a heavy-tailed Wishart spectrum; peers
  ``weightwatcher`` ``fit_powerlaw`` and ``powerlaw.Fit``): the exponent each returns, compared with
  ``powerlaw``'s (the reference implementation of Clauset, Shalizi & Newman 2009).

The Markdown table (task, rmtcheck time, peer time, ratio, rmtcheck accuracy, peer accuracy) is
printed with the date, the machine and the package versions, and written to ``--output`` if given.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import importlib.metadata
import io
import logging
import os
import platform
import sys
import time
import warnings
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from theory import mp as theory_mp
from theory import tracy_widom as tw
from theory.power_law_fit import alpha_ks

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


@dataclass
class Row:
    task: str
    peer: str
    ours: float | None = None
    theirs: float | None = None
    our_accuracy: str = ""
    their_accuracy: str = ""
    note: str = ""


def _batch(fn: Callable[[], object], target: float = 0.02) -> int:
    """Calls per timed batch so that one batch lasts about ``target`` seconds."""
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-7)
    return max(1, min(10_000, int(target / once)))


def interleaved(calls: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Minimum over ``repeats`` rounds of the per-call time of each entry, the entries taking turns."""
    sizes = {name: _batch(fn) for name, fn in calls.items()}
    best = dict.fromkeys(calls, float("inf"))
    for _ in range(repeats):
        for name, fn in calls.items():
            start = time.perf_counter()
            for _ in range(sizes[name]):
                fn()
            best[name] = min(best[name], (time.perf_counter() - start) / sizes[name])
    return best


def _quiet(fn: Callable[[], Any]) -> Callable[[], Any]:
    """Run a peer with its prints, warnings and log records suppressed (weightwatcher logs per call)."""

    def run() -> Any:
        with warnings.catch_warnings(), redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            logging.disable(logging.CRITICAL)
            try:
                return fn()
            finally:
                logging.disable(logging.NOTSET)

    return run


def _peer(module: str) -> Any:
    """The peer module, or None where it is not installed (imported by name: no stubs, no hard dependency)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        return None


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


# --------------------------------------------------------------------------- Tracy–Widom


def tracy_widom_rows(repeats: int) -> list[Row]:
    x = np.linspace(-5.0, 3.0, 1000)
    probe = x[::25]
    rows = []
    module = _peer("TracyWidom")
    for beta in (1, 2):
        row = Row(f"TW{beta} cdf, 1000 points of [-5, 3]", "TracyWidom")
        reference = np.asarray(tw.fredholm_cdf(probe, beta, nodes=120))
        ours = np.asarray(tw.cdf(probe, beta))
        row.our_accuracy = f"{np.max(np.abs(ours - reference)):.1e} abs"
        calls: dict[str, Callable[[], object]] = {"ours": partial(tw.cdf, x, beta)}
        if module is None:
            row.note = "TracyWidom not installed"
        else:
            peer = _quiet(partial(module.TracyWidom, beta=beta))()
            theirs = np.asarray(_quiet(partial(peer.cdf, probe))())
            row.their_accuracy = f"{np.max(np.abs(theirs - reference)):.1e} abs"
            calls["theirs"] = _quiet(partial(peer.cdf, x))
        times = interleaved(calls, repeats)
        row.ours, row.theirs = times["ours"], times.get("theirs")
        rows.append(row)
    return rows


# --------------------------------------------------------------------------- Marchenko–Pastur


def _mp_reference(points: FloatArray, c: float) -> tuple[list[float], list[float]]:
    import mpmath

    with mpmath.workdps(30):
        lo, hi = (1 - mpmath.sqrt(c)) ** 2, (1 + mpmath.sqrt(c)) ** 2

        def density(t: Any) -> Any:
            return mpmath.sqrt((hi - t) * (t - lo)) / (2 * mpmath.pi * c * t)

        pdf = [float(density(mpmath.mpf(p))) for p in points]
        cdf = [float(mpmath.quad(density, [lo, mpmath.mpf(p)])) for p in points]
    return cdf, pdf


def _relative(got: FloatArray, want: list[float]) -> str:
    ref = np.asarray(want)
    return f"{np.max(np.abs(got - ref) / np.abs(ref)):.1e} rel"


def mp_rows(repeats: int) -> list[Row]:
    c = 0.5
    lo, hi = theory_mp.edges(c)
    x = np.linspace(lo, hi, 1002)[1:-1]
    probe = x[::50]
    ref_cdf, ref_pdf = _mp_reference(probe, c)
    shimmed = False
    try:
        law = _peer("skrmt.ensemble.spectral_law")
    except ImportError as exc:  # depends on the installed SciPy
        if "derivative" not in str(exc):
            raise
        # scikit-rmt 2.1.1 imports scipy.misc.derivative, removed in SciPy 1.12; its MP law does not use it,
        # so a stand-in lets the comparison run (stated in the table)
        misc: Any = importlib.import_module("scipy.misc")
        misc.derivative = lambda f, x0, dx=1e-6, n=1, args=(), order=3: (f(x0 + dx, *args) - f(x0 - dx, *args)) / (
            2 * dx)
        law = _peer("skrmt.ensemble.spectral_law")
        shimmed = True
    peer = None if law is None else _quiet(partial(law.MarchenkoPasturDistribution, ratio=c, beta=1, sigma=1.0))()
    rows = []
    for name, ours_fn, reference in (("cdf", theory_mp.cdf, ref_cdf), ("pdf", theory_mp.pdf, ref_pdf)):
        row = Row(f"MP {name}, 1000 points (c = 0.5)", "scikit-rmt")
        row.our_accuracy = _relative(np.asarray(ours_fn(probe, c)), reference)
        calls: dict[str, Callable[[], object]] = {"ours": partial(ours_fn, x, c)}
        if peer is None:
            row.note = "scikit-rmt not installed"
        else:
            row.note = "scipy.misc.derivative stand-in" if shimmed else ""
            method = getattr(peer, name)
            row.their_accuracy = _relative(np.asarray(_quiet(partial(method, probe))()), reference)
            calls["theirs"] = _quiet(partial(method, x))
        times = interleaved(calls, repeats)
        row.ours, row.theirs = times["ours"], times.get("theirs")
        rows.append(row)
    return rows


# --------------------------------------------------------------------------- power-law fit


def heavy_spectrum(size: int) -> FloatArray:
    """Eigenvalues of ``X^T X / (2 size)``, ``X`` of shape ``(2 size, size)`` with Student-t(2.5) entries."""
    rng = np.random.default_rng(size)
    x = rng.standard_t(2.5, (2 * size, size))
    values: FloatArray = np.asarray(np.linalg.eigvalsh(x.T @ x / (2 * size)), dtype=np.float64)
    return values


def power_law_rows(repeats: int, size: int) -> list[Row]:
    eigs = heavy_spectrum(size)
    ours = alpha_ks(eigs).alpha
    powerlaw = _peer("powerlaw")
    weightwatcher = _peer("weightwatcher")
    reference = None
    if powerlaw is not None:
        reference = float(_quiet(lambda: powerlaw.Fit(eigs, verbose=False).power_law.alpha)())

    def describe(alpha: float) -> str:
        return f"alpha {alpha:.4f}" + ("" if reference is None else f" (powerlaw {alpha - reference:+.1e})")

    rows = []
    peers: list[tuple[str, Callable[[], float] | None]] = [
        ("weightwatcher", None if weightwatcher is None else _quiet(
            lambda: float(weightwatcher.WeightWatcher().fit_powerlaw(eigs, plot=False)[0]))),
        ("powerlaw", None if powerlaw is None else _quiet(
            lambda: float(powerlaw.Fit(eigs, verbose=False).power_law.alpha))),
    ]
    for peer_name, peer_fn in peers:
        row = Row(f"KS power-law fit, {size} eigenvalues", peer_name, our_accuracy=describe(ours))
        calls: dict[str, Callable[[], object]] = {"ours": lambda: alpha_ks(eigs)}
        if peer_fn is None:
            row.note = f"{peer_name} not installed"
        else:
            row.their_accuracy = describe(peer_fn())
            calls["theirs"] = peer_fn
        # powerlaw takes seconds per fit: fewer rounds keep the run short
        times = interleaved(calls, repeats if peer_name != "powerlaw" else min(repeats, 2))
        row.ours, row.theirs = times["ours"], times.get("theirs")
        rows.append(row)
    return rows


# --------------------------------------------------------------------------- report


def _ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1e3:.3g} ms"


def table(rows: list[Row], repeats: int, elapsed: float) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = ", ".join(f"{d} {_version(d)}" for d in ("numpy", "scipy", "TracyWidom", "scikit-rmt",
                                                       "weightwatcher", "powerlaw"))
    threads = os.environ.get("OMP_NUM_THREADS", "unset")
    lines = [
        f"Generated {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC by benchmarks/compare_peers.py "
        f"({repeats} interleaved rounds, {elapsed:.0f} s) on {cpu}, {os.cpu_count()} cores, "
        f"OMP_NUM_THREADS={threads}, Python {platform.python_version()}; {versions}.",
        "",
        "| task | peer | rmtcheck time | peer time | ratio (rmtcheck / peer) | rmtcheck accuracy "
        "| peer accuracy |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        ratio = "—" if row.ours is None or row.theirs is None else f"{row.ours / row.theirs:.2f}×"
        peer = row.peer if not row.note else f"{row.peer} ({row.note})"
        lines.append(f"| {row.task} | {peer} | {_ms(row.ours)} | {_ms(row.theirs)} | {ratio} | "
                     f"{row.our_accuracy} | {row.their_accuracy or '—'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="interleaved rounds (default 7)")
    parser.add_argument("--eigs", type=int, default=2048, help="eigenvalues in the power-law task (default 2048)")
    parser.add_argument("--output", type=Path, default=None, help="also write the Markdown table here")
    parser.add_argument("--readme", type=Path, default=None,
                        help="also put the table into this README between its peers-table markers")
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.eigs < 16:
        parser.error("--repeats must be >= 1 and --eigs >= 16")
    started = time.perf_counter()
    rows = tracy_widom_rows(args.repeats) + mp_rows(args.repeats) + power_law_rows(args.repeats, args.eigs)
    text = table(rows, args.repeats, time.perf_counter() - started)
    print(text)
    if args.output is not None:
        args.output.write_text(text)
    if args.readme is not None:
        rewrite_readme(args.readme, text)
    return 0


START = "<!-- peers-table:start (generated by benchmarks/compare_peers.py --readme; do not edit) -->"
END = "<!-- peers-table:end -->"


def rewrite_readme(readme: Path, text: str) -> None:
    """Replace what stands between the markers of ``readme`` with ``text`` (``ValueError`` without them)."""
    old = readme.read_text(encoding="utf-8")
    if START not in old or END not in old:
        raise ValueError(f"readme {readme} lacks the peers-table markers")
    head, rest = old.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{START}\n{text.strip()}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
