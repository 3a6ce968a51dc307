"""Right or refused over the whole domain (issue 18): every public function of ``theory`` and of the
shared ``sim`` blocks, called with arguments drawn over its documented domain and beyond it.

Each call must either return finite values that satisfy the function's known properties (CDFs in
[0, 1] and monotone, densities >= 0, limits, exact identities) or raise ``ValueError`` / ``TypeError``
whose message names one of the function's parameters. NaN, inf and any other exception fail.

The functions are enumerated from the modules (``__all__`` plus every public function defined in
the module): a public function without an entry in ``SPECS`` (or ``EXEMPT``, with a reason) fails
``test_every_public_function_has_a_domain_spec``, so new functions must be covered.

Arguments are passed by keyword (robust to parameters becoming keyword-only). For each example
Hypothesis replaces a random subset of a valid base call's arguments by draws from per-argument
strategies that mix the documented domain with extremes (0, +-tiny, +-huge, NaN, inf), wrong types
(bools, strings, None, complex) and wrong ranks.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import inspect
import math
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

NAN, INF = math.nan, math.inf
BIG = 1.7976931348623157e308

# ----------------------------------------------------------------------------- value pools

FLOAT_EXTREMES = [0.0, -0.0, 5e-324, 1e-300, 1e-155, 1e-16, 1e-8, 0.3, 0.5, 1.0, 1.5, 2.0, 7.0, 1e8, 1e16,
                  1e78, 1e155, 1e300, BIG, -5e-324, -1e-300, -0.5, -1.0, -1e16, -1e300, -BIG, NAN, INF, -INF]
BAD_SCALARS = [True, False, np.bool_(True), "1.0", None, 1j, complex(1.0, 0.0), [1.0], np.array([1.0, 2.0]),
               np.array([[0.5]]), object()]
INT_EXTREMES = [0, 1, 2, 3, 5, -1, -7, 2**31, 2**63, 10**20, 10**400, -(10**400), 2.5, 3.0, NAN, INF,
                np.int64(4), np.float64(4.0)]


def reals(low: float = -BIG, high: float = BIG) -> st.SearchStrategy[Any]:
    """Floats over ``[low, high]``, the extreme pool (in and out of range) and wrong types."""
    return st.one_of(st.floats(low, high), st.sampled_from(FLOAT_EXTREMES), st.floats(),
                     st.sampled_from(BAD_SCALARS))


def ints(low: int = 1, high: int = 10**6) -> st.SearchStrategy[Any]:
    """Integers in ``[low, high]``, the integer extreme pool and wrong types."""
    return st.one_of(st.integers(low, high), st.sampled_from(INT_EXTREMES), st.sampled_from(BAD_SCALARS))


def small_ints(low: int, high: int) -> st.SearchStrategy[Any]:
    """Sizes for simulations: small valid values plus invalid ones that must be refused cheaply."""
    bad = [0, -1, -(10**400), 2.5, 3.0, NAN, True, "4", None, np.array([4])]
    return st.one_of(st.integers(low, high), st.sampled_from(bad))


def _array_extremes(shape: tuple[int, ...]) -> st.SearchStrategy[Any]:
    elements = st.one_of(st.floats(-1e300, 1e300), st.sampled_from(FLOAT_EXTREMES))
    return st.builds(np.asarray, st.lists(elements, min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))
                     ).map(lambda a: a.reshape(shape))


def arrays(low: float = -BIG, high: float = BIG, rank: int = 1, min_size: int = 1,
           max_size: int = 6) -> st.SearchStrategy[Any]:
    """Arrays of the documented rank with entries in ``[low, high]``, plus extremes, bools, scalars,
    empty arrays and arrays of the wrong rank."""
    good = st.lists(st.floats(low, high), min_size=min_size, max_size=max_size)
    if rank == 2:
        good_arr: st.SearchStrategy[Any] = st.integers(1, 4).flatmap(
            lambda cols: st.lists(st.lists(st.floats(low, high), min_size=cols, max_size=cols),
                                  min_size=min_size, max_size=max_size))
    else:
        good_arr = good
    wrong = [[], [[]], [True, False], np.array([True, True]), [[1.0, 2.0], [3.0, 4.0]], [[[1.0]]], 1e155,
             [1e155, 1.0], [1e300, 1e-300, 2.0], [NAN, 1.0], [INF], "abc", None, [1.0, "x"], [1j, 2.0], True]
    return st.one_of(good_arr, st.sampled_from(wrong), _array_extremes((3,)), _array_extremes((2, 2)),
                     reals(low, high))


def choices(*options: Any) -> st.SearchStrategy[Any]:
    """A string (or other) option: the allowed values, near misses and wrong types."""
    bad = ["", "abc", "ADAM", "gpu", "cuda:99", None, 0, 1.5, True, np.array(["adam"]), np.array([1, 2]),
           ["adam"]]
    return st.one_of(st.sampled_from(list(options)), st.sampled_from(bad))


FLAGS = st.sampled_from([True, False, np.bool_(True), "False", "no", 0, 1, None, 0.0, np.array([True])])


# ----------------------------------------------------------------------------- property checks


def _floats(value: Any) -> Iterator[float]:
    """Every number inside a result (tuples, dataclasses, arrays, tensors)."""
    if isinstance(value, torch.Tensor):
        yield from (float(v) for v in value.detach().cpu().double().reshape(-1).tolist())
    elif isinstance(value, np.ndarray):
        if value.dtype.kind in "fiuc":
            yield from (complex(v).real for v in value.reshape(-1).tolist())
            if value.dtype.kind == "c":
                yield from (complex(v).imag for v in value.reshape(-1).tolist())
    elif isinstance(value, (bool, str, type(None), torch.device, torch.Generator)):
        return
    elif isinstance(value, complex):
        yield value.real
        yield value.imag
    elif isinstance(value, (int, float, np.number)):
        yield float(value)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _floats(getattr(value, f.name))
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _floats(v)


def _arr(value: Any) -> np.ndarray:
    return np.asarray(value, dtype=np.float64)


def nothing(kw: dict[str, Any], out: Any) -> None:
    """Only finiteness (checked for every function)."""


def in_unit(kw: dict[str, Any], out: Any) -> None:
    vals = _arr(out)
    assert np.all((vals >= 0.0) & (vals <= 1.0)), out


def nonneg(kw: dict[str, Any], out: Any) -> None:
    assert np.all(_arr(out) >= 0.0), out


def _eig_parts(out: Any) -> list[np.ndarray]:
    parts = out if isinstance(out, tuple) else (out,)
    return [np.asarray(p.detach().cpu().double() if isinstance(p, torch.Tensor) else p) for p in parts]


def _rounding(out: Any) -> float:
    """Relative rounding allowance of a result: 1e-12 in float64, 100 ulp in float32."""
    parts = out if isinstance(out, tuple) else (out,)
    single = any(isinstance(p, torch.Tensor) and p.dtype == torch.float32 for p in parts)
    return 100.0 * float(torch.finfo(torch.float32).eps) if single else 1e-12


def psd_values(kw: dict[str, Any], out: Any) -> None:
    """Eigenvalues / singular values of a PSD matrix: >= 0 up to eigensolver rounding (1e-12 of the largest in
    float64, 100 ulp in float32)."""
    parts = _eig_parts(out)
    top = max(float(np.max(np.abs(p))) if p.size else 0.0 for p in parts)
    for part in parts:
        assert np.all(part >= -_rounding(out) * top), part


def positive(kw: dict[str, Any], out: Any) -> None:
    assert np.all(_arr(out) > 0.0), out


def nonpositive(kw: dict[str, Any], out: Any) -> None:
    assert np.all(_arr(out) <= 0.0), out


def monotone_in(name: str, increasing: bool = True) -> Callable[[dict[str, Any], Any], None]:
    """Sorted inputs ``kw[name]`` give sorted outputs (when the input is an array)."""

    def check(kw: dict[str, Any], out: Any) -> None:
        x = np.asarray(kw[name], dtype=np.float64).reshape(-1)
        y = np.asarray(out, dtype=np.float64).reshape(-1)
        if x.size != y.size or x.size < 2:
            return
        ys = y[np.argsort(x, kind="stable")] * (1.0 if increasing else -1.0)
        finite = np.abs(ys[np.isfinite(ys)])
        slack = 1e-12 * (float(np.max(finite)) if finite.size else 0.0)
        assert np.all(ys[1:] >= ys[:-1] - slack), (x, y)

    return check


def all_of(*checks: Callable[[dict[str, Any], Any], None]) -> Callable[[dict[str, Any], Any], None]:
    def check(kw: dict[str, Any], out: Any) -> None:
        for c in checks:
            c(kw, out)

    return check


@dataclass(frozen=True)
class Spec:
    """A valid base call (keyword arguments) and a strategy for each argument that may be replaced."""

    base: dict[str, Any]
    draws: dict[str, st.SearchStrategy[Any]]
    check: Callable[[dict[str, Any], Any], None] = nothing
    examples: int = 50
    extra_names: tuple[str, ...] = ()  # further words an error may name (e.g. "alpha - 1")
    infinite_ok: bool = False  # documented infinite limits (TW logs at +-inf, quantiles at 0 and 1): the check
    #                            must then rule out NaN and any other infinity itself
    build: dict[str, Callable[[dict[str, Any]], Any]] = field(default_factory=dict)  # derived arguments
    seconds: float = 20.0  # time bound per call: a call that runs longer is a hang, and fails


# Specs are filled in below (theory) and in the sim section.
SPECS: dict[str, Spec] = {}


# ----------------------------------------------------------------------------- theory specs


def _edges_ok(kw: dict[str, Any], out: Any) -> None:
    lo, hi = out
    assert 0.0 <= lo <= hi


def _atom_ok(kw: dict[str, Any], out: Any) -> None:
    assert 0.0 <= out <= 1.0


def _mp_cdf_ok(kw: dict[str, Any], out: Any) -> None:
    """In [0, 1], monotone, exactly 0 below 0 and 1 from the upper edge on."""
    from theory import mp

    in_unit(kw, out)
    monotone_in("x")(kw, out)
    x, y = _arr(kw["x"]).reshape(-1), _arr(out).reshape(-1)
    with np.errstate(over="ignore"):
        hi = mp.edges(kw["c"])[1] * np.float64(kw["sigma2"])  # inf where the edge itself overflows
    assert np.all(y[x < 0.0] == 0.0)
    assert np.all(y[x > hi * (1.0 + 1e-15)] == 1.0)  # the computed edge is within 2 ulp of the true one


def _mp_pdf_ok(kw: dict[str, Any], out: Any) -> None:
    """>= 0 and exactly 0 off the support."""
    from theory import mp

    x, y = _arr(kw["x"]).reshape(-1), _arr(out).reshape(-1)
    with np.errstate(over="ignore"):
        lo, hi = (np.float64(e) * np.float64(kw["sigma2"]) for e in mp.edges(kw["c"]))
    assert np.all(y >= 0.0)
    assert np.all(y[(x < lo * (1.0 - 1e-15)) | (x > hi * (1.0 + 1e-15))] == 0.0)


def _below_threshold(name: str, threshold: Callable[[float], float], value: Callable[[float], float],
                     ) -> Callable[[dict[str, Any], Any], None]:
    """At or below the threshold the result is exactly ``value(c)`` (the edge, or 0 for overlaps)."""

    def check(kw: dict[str, Any], out: Any) -> None:
        x = _arr(kw[name]).reshape(-1)
        parts = out if isinstance(out, tuple) else (out,)
        for part in parts:
            y = _arr(part).reshape(-1)
            assert np.all(y[x <= threshold(kw["c"])] == value(kw["c"]))

    return check


def _edge(c: float) -> float:
    return 1.0 + math.sqrt(c)


def _stieltjes_ok(kw: dict[str, Any], out: Any) -> None:
    """Exact properties of a Stieltjes transform of a law on ``[0, lambda_+]``: ``conj m(z) = m(conj z)``
    (checked by a second call), ``Im m Im z >= 0``, ``|m| <= 1 / dist(z, support)``, the sign on the real
    axis outside the support, and ``|z m + 1| <= lambda_+ / (|z| - lambda_+)`` (``z m + 1 = -int x / (x - z)``)."""
    from theory import mp

    z = np.asarray(kw["z"], dtype=np.complex128).reshape(-1)
    m = np.asarray(out, dtype=np.complex128).reshape(-1)
    lo, hi = mp.edges(kw["c"], kw["sigma2"])
    mirrored = np.asarray(mp.stieltjes(np.conj(z), kw["c"], kw["sigma2"])).reshape(-1)
    assert np.allclose(mirrored, np.conj(m), rtol=1e-12, atol=0.0)
    assert np.all(m.imag * z.imag >= 0.0)
    # distance to [lo, hi] union {0}
    dist = np.minimum(np.abs(z), np.where(z.real < lo, np.abs(z - lo), np.where(z.real > hi, np.abs(z - hi),
                                                                              np.abs(z.imag))))
    assert np.all(np.abs(m) * dist <= 1.0 + 1e-12)
    real = z.imag == 0.0
    assert np.all(m[real & (z.real < 0.0)].real > 0.0)
    assert np.all(m[real & (z.real > hi)].real < 0.0)
    far = np.abs(z) > 4.0 * hi
    if np.any(far):
        zf, mf = z[far], m[far]
        # z m + 1 computed as z (m + 1/z) to avoid forming z m when |z m| overflows
        assert np.all(np.abs(zf * (mf + 1.0 / zf)) <= hi / (np.abs(zf) - hi) * (1.0 + 1e-9) + 1e-13)


def _sv_floor(kw: dict[str, Any], out: Any) -> None:
    assert np.all(_arr(out) >= (1.0 + math.sqrt(kw["c"])) * (1.0 - 1e-15))


def _outlier_floor(kw: dict[str, Any], out: Any) -> None:
    assert np.all(_arr(out) >= (1.0 + math.sqrt(kw["c"])) ** 2 * (1.0 - 1e-15))


def _pair_in_unit(kw: dict[str, Any], out: Any) -> None:
    for part in out:
        in_unit(kw, part)
        monotone_in("theta")(kw, part)


def _rel_error_ok(kw: dict[str, Any], out: Any) -> None:
    vals = _arr(out)
    assert np.all((vals > 0.0) & (vals <= 1.0 + 1e-15))


def _tw_cdf_ok(kw: dict[str, Any], out: Any) -> None:
    in_unit(kw, out)
    monotone_in("x")(kw, out)


def _tw_sf_ok(kw: dict[str, Any], out: Any) -> None:
    """In [0, 1], decreasing, and ``F + (1 - F) = 1`` with the independently joined ``cdf`` (1e-13)."""
    from theory import tracy_widom

    in_unit(kw, out)
    monotone_in("x", increasing=False)(kw, out)
    total = _arr(out) + _arr(tracy_widom.cdf(kw["x"], kw["beta"]))
    assert np.all(np.abs(total - 1.0) <= 1e-13)


def _tw_log_ok(kw: dict[str, Any], out: Any) -> None:
    """log F, log(1 - F), log f: <= 0 wherever finite (f <= 0.5 < 1), -inf only at the documented overflow
    (|x| beyond 1e103 on the left, 2.6e205 on the right) or at +-inf."""
    x = np.asarray(kw["x"], dtype=np.float64).reshape(-1)
    y = _arr(out).reshape(-1)
    assert np.all(y <= 0.0)
    assert np.all(np.isfinite(y) | (np.abs(x) > 1e103))


def _tw_quantile_ok(kw: dict[str, Any], out: Any) -> None:
    q = np.asarray(kw["q"], dtype=np.float64).reshape(-1)
    y = _arr(out).reshape(-1)
    assert np.all(np.isfinite(y) | (q == 0.0) | (q == 1.0))
    assert np.all(y[q == 0.0] == -INF)
    assert np.all(y[q == 1.0] == INF)
    monotone_in("q")(kw, out)


def _fredholm_ok(kw: dict[str, Any], out: Any) -> None:
    """Two independent methods (float64 determinant vs Painlevé table / tail expansions)."""
    from theory import tracy_widom

    in_unit(kw, out)
    if kw["nodes"] >= 60 and np.size(out):
        ref = tracy_widom.cdf(kw["s"], kw["beta"])
        assert np.max(np.abs(_arr(out) - _arr(ref))) < 1e-12


def _mp_bulk_ok(kw: dict[str, Any], out: Any) -> None:
    assert out.sigma2 > 0
    assert 0 < out.edge <= out.tw_edge
    assert out.spikes >= 0


def _fit_ok(kw: dict[str, Any], out: Any) -> None:
    assert out.alpha > 1.0
    assert 0.0 <= out.D <= 1.0
    assert out.x_min <= out.x_max
    assert out.k >= 2


def _stable_rank_ok(kw: dict[str, Any], out: Any) -> None:
    n = np.asarray(kw["eigs"]).size
    assert 1.0 - 1e-12 <= out <= n * (1.0 + 1e-12)


def _rff_mse_ok(kw: dict[str, Any], out: Any) -> None:
    assert all(v >= -1e-12 for v in _floats(out) if not isinstance(v, int))


def _phase_ok(kw: dict[str, Any], out: Any) -> None:
    from theory.phases import PHASES

    assert out.label in PHASES
    assert 0.0 <= out.zero_fraction <= 1.0


def _lognormal_moment(m: float, s: float) -> Callable[[float], float]:
    return lambda alpha: alpha * m + 0.5 * alpha * alpha * s * s


LOG_MOMENTS = st.sampled_from([_lognormal_moment(-0.5, 1.0), _lognormal_moment(-1e-3, 1e3),
                               _lognormal_moment(-1e3, 1e-3), lambda a: -a, lambda a: math.nan,
                               lambda a: a * a - a, None, 3.0])
DENSITIES = st.sampled_from([lambda t: 0.5 if 0.0 <= t <= 2.0 else 0.0,
                             lambda t: math.exp(-abs(t)) / 2.0, lambda t: -1.0, None, "uniform"])
X_DATA = np.array([[0.1, -0.3], [0.4, 0.2], [-0.5, 0.1], [0.3, 0.3], [-0.2, -0.4], [0.0, 0.25]])
Y_DATA = np.array([0.5, -0.1, 0.3, 0.2, -0.4, 0.1])
XT_DATA = np.array([[0.2, 0.1], [-0.1, 0.3], [0.3, -0.2]])
YT_DATA = np.array([0.2, 0.0, -0.3])
EIGS = np.sort(np.random.default_rng(0).chisquare(3.0, 20) + 0.05)
EIGS_MP = np.sort(np.random.default_rng(1).uniform(0.1, 2.9, 20))
SAMPLES_2D = np.random.default_rng(2).pareto(2.0, (3, 12)) + 1.0
SINGLE = dict(examples=60)

SPECS.update({
    # ---------------------------------------------------------------- mp
    "theory.mp.edges": Spec({"c": 0.5, "sigma2": 1.0}, {"c": reals(0), "sigma2": reals(0)}, _edges_ok),
    "theory.mp.atom": Spec({"c": 0.5}, {"c": reals(0)}, _atom_ok),
    "theory.mp.pdf": Spec({"x": [0.5, 1.0], "c": 0.5, "sigma2": 1.0},
                          {"x": arrays(), "c": reals(0), "sigma2": reals(0)}, _mp_pdf_ok),
    "theory.mp.cdf": Spec({"x": [0.5, 1.0], "c": 0.5, "sigma2": 1.0},
                          {"x": arrays(), "c": reals(0), "sigma2": reals(0)}, _mp_cdf_ok),
    "theory.mp.quantile": Spec({"q": [0.1, 0.9], "c": 0.5, "sigma2": 1.0},
                               {"q": arrays(0, 1), "c": reals(0), "sigma2": reals(0)},
                               all_of(nonneg, monotone_in("q")), examples=30),
    "theory.mp.moment": Spec({"k": 3, "c": 0.5, "sigma2": 1.0},
                             {"k": ints(0, 300), "c": reals(0), "sigma2": reals(0)}, nonneg),
    "theory.mp.stieltjes": Spec({"z": [-1.0, 1j, 10.0], "c": 0.5, "sigma2": 1.0},
                                {"z": st.one_of(arrays(), st.complex_numbers(max_magnitude=1e300),
                                                st.lists(st.complex_numbers(max_magnitude=1e300), min_size=1,
                                                         max_size=4)),
                                 "c": reals(0), "sigma2": reals(0)}, _stieltjes_ok, examples=80),
    "theory.mp.htsr_to_c": Spec({"Q": 2.0}, {"Q": reals(0)}, in_unit),
    "theory.mp.htsr_edges": Spec({"Q": 2.0, "sigma2": 1.0}, {"Q": reals(0), "sigma2": reals(0)}, _edges_ok),
    "theory.mp.htsr_pdf": Spec({"x": [0.5, 1.0], "Q": 2.0, "sigma2": 1.0},
                               {"x": arrays(), "Q": reals(0), "sigma2": reals(0)}, nonneg),
    # ---------------------------------------------------------------- tracy_widom
    "theory.tracy_widom.cdf": Spec({"x": [-3.0, 0.0], "beta": 1}, {"x": arrays(), "beta": ints(0, 4)}, _tw_cdf_ok),
    "theory.tracy_widom.sf": Spec({"x": [-3.0, 0.0], "beta": 1}, {"x": arrays(), "beta": ints(0, 4)}, _tw_sf_ok),
    "theory.tracy_widom.pdf": Spec({"x": [-3.0, 0.0], "beta": 1}, {"x": arrays(), "beta": ints(0, 4)}, nonneg),
    "theory.tracy_widom.logcdf": Spec({"x": [-3.0, 0.0], "beta": 1}, {"x": arrays(), "beta": ints(0, 4)},
                                      all_of(_tw_log_ok, monotone_in("x")), infinite_ok=True),
    "theory.tracy_widom.logsf": Spec({"x": [-3.0, 0.0], "beta": 1}, {"x": arrays(), "beta": ints(0, 4)},
                                     all_of(_tw_log_ok, monotone_in("x", increasing=False)), infinite_ok=True),
    "theory.tracy_widom.logpdf": Spec({"x": [-3.0, 0.0], "beta": 1}, {"x": arrays(), "beta": ints(0, 4)},
                                      _tw_log_ok, infinite_ok=True),
    "theory.tracy_widom.quantile": Spec({"q": [0.1, 0.9], "beta": 1}, {"q": arrays(0, 1), "beta": ints(0, 4)},
                                        _tw_quantile_ok, examples=20, infinite_ok=True),
    "theory.tracy_widom.mean": Spec({"beta": 1}, {"beta": ints(0, 4)}),
    "theory.tracy_widom.variance": Spec({"beta": 1}, {"beta": ints(0, 4)}, positive),
    "theory.tracy_widom.skewness": Spec({"beta": 1}, {"beta": ints(0, 4)}, positive),
    "theory.tracy_widom.kurtosis": Spec({"beta": 1}, {"beta": ints(0, 4)}, positive),
    "theory.tracy_widom.fredholm_cdf": Spec({"s": [-3.0, 0.0], "beta": 1, "nodes": 80},
                                            {"s": arrays(), "beta": ints(0, 4), "nodes": ints(1, 200)},
                                            _fredholm_ok, examples=20),
    "theory.tracy_widom.wishart_lmax_scaling": Spec({"n": 100, "p": 50}, {"n": ints(), "p": ints()}, positive),
    "theory.tracy_widom.load_table": Spec({"beta": 1}, {"beta": ints(0, 4)}, examples=10),
    # ---------------------------------------------------------------- spiked
    "theory.spiked.bbp_threshold": Spec({"c": 0.5}, {"c": reals(0)}, positive),
    "theory.spiked.additive_threshold": Spec({"c": 0.5}, {"c": reals(0)}, positive),
    "theory.spiked.rect_threshold": Spec({"c": 0.5}, {"c": reals(0)}, positive),
    "theory.spiked.outlier": Spec({"ell": [0.5, 2.0], "c": 0.5}, {"ell": arrays(0), "c": reals(0)},
                                  all_of(_outlier_floor, monotone_in("ell"),
                                         _below_threshold("ell", math.sqrt, lambda c: _edge(c) ** 2))),
    "theory.spiked.overlap": Spec({"ell": [0.5, 2.0], "c": 0.5}, {"ell": arrays(0), "c": reals(0)},
                                  all_of(in_unit, monotone_in("ell"),
                                         _below_threshold("ell", math.sqrt, lambda c: 0.0))),
    "theory.spiked.outlier_variance": Spec({"ell": [2.0, 3.0], "c": 0.5}, {"ell": arrays(0), "c": reals(0)},
                                           positive),
    "theory.spiked.outlier_std": Spec({"ell": [2.0, 3.0], "c": 0.5, "n": 100},
                                      {"ell": arrays(0), "c": reals(0), "n": ints()}, positive),
    "theory.spiked.additive_outlier": Spec({"ell": [0.5, 2.0], "c": 0.5}, {"ell": arrays(0), "c": reals(0)},
                                           _outlier_floor),
    "theory.spiked.rect_singular_value": Spec({"theta": [0.5, 2.0], "c": 0.5}, {"theta": arrays(0), "c": reals(0)},
                                              all_of(_sv_floor, monotone_in("theta"),
                                                     _below_threshold("theta", lambda c: c**0.25, _edge))),
    "theory.spiked.rect_overlaps": Spec({"theta": [0.5, 2.0], "c": 0.5}, {"theta": arrays(0), "c": reals(0)},
                                        all_of(_pair_in_unit, _below_threshold("theta", lambda c: c**0.25,
                                                                               lambda c: 0.0))),
    # ---------------------------------------------------------------- lowrank
    "theory.lowrank.relative_error": Spec({"ell": [0.5, 3.0], "c": 0.5}, {"ell": arrays(0), "c": reals(0)},
                                          all_of(_rel_error_ok, monotone_in("ell", increasing=False))),
    "theory.lowrank.relative_error_fixed_dim": Spec({"ell": [0.5, 3.0]}, {"ell": arrays(0)},
                                                    all_of(_rel_error_ok, monotone_in("ell", increasing=False))),
    # ---------------------------------------------------------------- kesten
    "theory.kesten.tail_index_lognormal": Spec({"m": -0.5, "s": 1.0}, {"m": reals(high=0), "s": reals(0)}, nonneg),
    "theory.kesten.tail_index_signed_lognormal": Spec({"m": -0.5, "s": 1.0, "q": 0.5},
                                                      {"m": reals(high=0), "s": reals(0), "q": reals(0, 1)},
                                                      nonneg),
    "theory.kesten.tail_index_from_moment": Spec({"log_moment": _lognormal_moment(-0.5, 1.0), "log_mean": -0.5},
                                                 {"log_moment": LOG_MOMENTS, "log_mean": reals(high=0)}, positive),
    "theory.kesten.tail_index_from_samples": Spec({"a": [0.5, 1.5, 0.2, 2.0]}, {"a": arrays()}, positive),
    "theory.kesten.tail_index_from_density": Spec({"density": lambda t: 0.5 if 0.0 <= t <= 2.0 else 0.0,
                                                   "lower": 0.0, "upper": 2.0},
                                                  {"density": DENSITIES, "lower": reals(-3, 3),
                                                   "upper": reals(-3, 3)},
                                                  positive, examples=15),
    "theory.kesten.sgd_log_contraction": Spec({"eta": 0.5, "batch": 2}, {"eta": reals(0), "batch": ints(1, 10**4)},
                                              examples=15),
    "theory.kesten.sgd_tail_index": Spec({"eta": 0.5, "batch": 2}, {"eta": reals(0, 3), "batch": ints(1, 64)},
                                         positive, examples=6),
    "theory.kesten.sgd_tail_index_trend": Spec({}, {}),
    # ---------------------------------------------------------------- heavy_tails / power_law_fit / phases
    "theory.heavy_tails.alpha_hat": Spec({"eigs": EIGS, "fit": None},
                                         {"eigs": arrays(0),
                                          "fit": st.sampled_from([None, 1.5, "ks", np.array([1.0])])},
                                         examples=30),
    "theory.heavy_tails.log_spectral_norm": Spec({"eigs": EIGS}, {"eigs": arrays(0)}),
    "theory.heavy_tails.log_frobenius_norm": Spec({"eigs": EIGS}, {"eigs": arrays(0)}),
    "theory.heavy_tails.stable_rank": Spec({"eigs": EIGS}, {"eigs": arrays(0)}, _stable_rank_ok),
    "theory.heavy_tails.mp_bulk_fit": Spec({"eigs": EIGS_MP, "p": 20, "n": 40},
                                           {"eigs": arrays(0, min_size=1, max_size=4), "p": ints(1, 40),
                                            "n": ints(1, 80)}, _mp_bulk_ok, examples=30),
    "theory.heavy_tails.tail_exponent_from_entries": Spec({"mu": [0.5, 1.5]}, {"mu": arrays()},
                                                          all_of(positive, monotone_in("mu"))),
    "theory.heavy_tails.moderate_tail_trend": Spec({}, {}),
    "theory.power_law_fit.positive_eigenvalues": Spec({"eigs": EIGS, "threshold": 1e-5},
                                                      {"eigs": arrays(), "threshold": reals(0)}),
    "theory.power_law_fit.alpha_hill": Spec({"eigs": EIGS, "k": None},
                                            {"eigs": arrays(0), "k": st.one_of(st.none(), ints(1, 30))}, _fit_ok),
    "theory.power_law_fit.alpha_hill_batch": Spec({"samples": SAMPLES_2D, "k": 5},
                                                  {"samples": arrays(0, rank=2), "k": ints(1, 20)},
                                                  lambda kw, out: positive(kw, _arr(out) - 1.0)),
    "theory.power_law_fit.hill_mean": Spec({"alpha": 2.5, "k": 10}, {"alpha": reals(), "k": ints()}, positive),
    "theory.power_law_fit.ks_distance": Spec({"tail": EIGS, "alpha": 2.5}, {"tail": arrays(0), "alpha": reals()},
                                             in_unit, extra_names=("alpha - 1",)),
    "theory.power_law_fit.alpha_ks": Spec({"eigs": EIGS, "xmin": None, "xmax": None},
                                          {"eigs": arrays(0), "xmin": st.one_of(st.none(), reals(0)),
                                           "xmax": st.one_of(st.none(), reals(0))}, _fit_ok),
    "theory.phases.phase": Spec({"eigs": EIGS_MP, "N": 20, "M": 40},
                                {"eigs": arrays(0, max_size=4), "N": ints(1, 40), "M": ints(1, 80)}, _phase_ok,
                                examples=20),
    # ---------------------------------------------------------------- rff
    "theory.rff.kernels": Spec({"X": X_DATA, "Y": None},
                               {"X": arrays(rank=2), "Y": st.one_of(st.none(), arrays(rank=2))},
                               lambda kw, out: in_unit(kw, np.abs(out[0]))),
    "theory.rff.fixed_point": Spec({"X": X_DATA, "N": 4, "lam": 0.1},
                                   {"X": arrays(rank=2), "N": ints(1, 10**6), "lam": reals(0)},
                                   lambda kw, out: nonneg(kw, [out.delta_cos, out.delta_sin]), examples=40),
    "theory.rff.top_energy_share": Spec({"X": X_DATA}, {"X": arrays(rank=2)},
                                        lambda kw, out: None if 0.0 <= out <= 1.0 + 1e-12
                                        else pytest.fail("share")),
    "theory.rff.train_mse": Spec({"X": X_DATA, "y": Y_DATA, "N": 4, "lam": 0.1},
                                 {"X": arrays(rank=2), "y": arrays(), "N": ints(1, 10**6), "lam": reals(0)},
                                 _rff_mse_ok, examples=30),
    "theory.rff.test_mse": Spec({"X": X_DATA, "y": Y_DATA, "X_test": XT_DATA, "y_test": YT_DATA, "N": 4,
                                 "lam": 0.1},
                                {"y": arrays(), "X_test": arrays(rank=2), "y_test": arrays(), "N": ints(1, 10**6),
                                 "lam": reals(0)}, _rff_mse_ok, examples=30),
    "theory.rff.errors": Spec({"X": X_DATA, "y": Y_DATA, "X_test": XT_DATA, "y_test": YT_DATA, "N": 4, "lam": 0.1},
                              {"X": arrays(rank=2), "y_test": arrays(), "N": ints(1, 10**6), "lam": reals(0)},
                              _rff_mse_ok, examples=30),
    "theory.rff.first_order_errors": Spec({"X": X_DATA, "y": Y_DATA, "X_test": XT_DATA, "y_test": YT_DATA, "N": 4,
                                           "lam": 0.1}, {"N": ints(1, 10**6), "lam": reals(0)}, _rff_mse_ok,
                                          examples=20),
    "theory.rff.misplaced_errors": Spec({"X": X_DATA, "y": Y_DATA, "X_test": XT_DATA, "y_test": YT_DATA, "N": 4,
                                         "lam": 0.1}, {"N": ints(1, 10**6), "lam": reals(0)}, examples=20),
    "theory.rff.double_descent_curve": Spec({"X": X_DATA, "y": Y_DATA, "X_test": XT_DATA, "y_test": YT_DATA,
                                             "ratios": [0.25, 1.0], "lam": 0.1},
                                            {"ratios": arrays(0, max_size=3), "lam": reals(0)}, _rff_mse_ok,
                                            examples=20),
    "theory.rff.gaussian_kernel_limit": Spec({"X": X_DATA, "y": Y_DATA, "X_test": XT_DATA, "y_test": YT_DATA,
                                              "N": 4, "lam": 0.1},
                                             {"X": arrays(rank=2), "N": ints(1, 10**6), "lam": reals(0)},
                                             _rff_mse_ok, examples=20),
    "theory.rff.ridgeless_peak_ratio": Spec({"n": 10, "p": 5}, {"n": ints(), "p": ints()}, positive),
    "theory.rff.large_delta_fixed_point": Spec({"X": X_DATA, "N": 4, "lam": 0.1},
                                               {"N": ints(1, 10**6), "lam": reals(0)}, examples=20),
    "theory.rff.shared_fixed_point": Spec({"X": X_DATA, "N": 4, "lam": 0.1},
                                          {"X": arrays(rank=2), "N": ints(1, 10**6), "lam": reals(0)},
                                          examples=20),
})


def _finite(values: list[float]) -> None:
    assert all(math.isfinite(v) for v in values), values


def _residual_moments_ok(kw: dict[str, Any], out: Any) -> None:
    """Finite moments; the second moment and the variances positive."""
    _finite(list(_floats(out)))
    positive(kw, [out.e2, out.var_se, out.var_we, out.var_e2])


def _gd_row_norm_ok(kw: dict[str, Any], out: Any) -> None:
    """Finite mean and threshold ``1 + sqrt(h/d) > 1``; variance >= 0."""
    _finite([out.mean, out.variance, out.threshold])
    assert out.variance >= 0.0
    assert out.threshold > 1.0


def _left_from_row_ok(kw: dict[str, Any], out: Any) -> None:
    """An overlap in [0, 1], exactly 0 at and below the threshold ``1 + sqrt c``."""
    in_unit(kw, out)
    if kw["r2"] <= 1.0 + math.sqrt(kw["c"]):
        assert out == 0.0


def _rank_one_update() -> Any:
    from theory import adam_step

    return adam_step.rank_one_update("adam", 40, 30, 20)


OPT = choices("adam", "gd")
GRAD = np.array([[0.3, -0.2], [1e-3, 0.5]])

SPECS.update({
    # ---------------------------------------------------------------- adam_step
    "theory.adam_step.gaussian_moments": Spec({}, {}, lambda kw, out: positive(kw, list(_floats(out)))),
    "theory.adam_step.residual_second_moment": Spec({"noise_std": 0.3}, {"noise_std": reals(0)}, positive),
    "theory.adam_step.update_frobenius_norm": Spec({"eta": 0.1, "h": 30, "d": 20},
                                                   {"eta": reals(0), "h": ints(), "d": ints()}, positive),
    "theory.adam_step.adam_update_frobenius": Spec({"eta": 0.1, "grad": GRAD, "eps": 1e-8},
                                                   {"eta": reals(0), "grad": arrays(rank=2), "eps": reals(0)},
                                                   nonneg),
    "theory.adam_step.sign_gradient_model": Spec({"n": 40, "d": 20, "noise_std": 0.3},
                                                 {"n": ints(), "d": ints(), "noise_std": reals(0)},
                                                 lambda kw, out: in_unit(kw, [out.rho, out.alpha])),
    "theory.adam_step.spectral_ratio": Spec({"n": 40, "d": 20, "noise_std": 0.3},
                                            {"n": ints(), "d": ints(), "noise_std": reals(0)}, in_unit),
    "theory.adam_step.update_spectral_norm": Spec({"eta": 0.1, "n": 40, "h": 30, "d": 20, "noise_std": 0.3},
                                                  {"eta": reals(0), "n": ints(), "h": ints(), "d": ints(),
                                                   "noise_std": reals(0)}, positive),
    "theory.adam_step.spike_threshold": Spec({"h": 30, "d": 20, "rho": 0.5},
                                             {"h": ints(), "d": ints(), "rho": reals(0, 1)}, positive),
    "theory.adam_step.correlated_outlier": Spec({"theta": 2.0, "c": 1.5, "alpha": 0.3, "gamma": 0.5,
                                                 "aligned_quadratic": True},
                                                {"theta": reals(0), "c": reals(0), "alpha": reals(0, 1),
                                                 "gamma": reals(0, 1), "aligned_quadratic": FLAGS},
                                                _sv_floor, examples=60),
    "theory.adam_step.outlier_strength": Spec({"z": 3.0, "c": 1.5, "alpha": 0.3, "gamma": 0.5,
                                               "aligned_quadratic": True},
                                              {"z": reals(0), "c": reals(0), "alpha": reals(0, 1),
                                               "gamma": reals(0, 1), "aligned_quadratic": FLAGS}, positive),
    "theory.adam_step.correlated_threshold": Spec({"c": 1.5, "alpha": 0.3, "gamma": 0.5,
                                                   "aligned_quadratic": True},
                                                  {"c": reals(0), "alpha": reals(0, 1), "gamma": reals(0, 1),
                                                   "aligned_quadratic": FLAGS}, positive),
    "theory.adam_step.rank_one_update": Spec({"optimizer": "adam", "n": 40, "h": 30, "d": 20, "noise_std": 0.3,
                                              "correlated": True},
                                             {"optimizer": OPT, "n": ints(), "h": ints(), "d": ints(),
                                              "noise_std": reals(0), "correlated": FLAGS}),
    "theory.adam_step.top_singular_value": Spec({"eta": 0.1, "optimizer": "adam", "n": 40, "h": 30, "d": 20,
                                                 "noise_std": 0.3, "correlated": True, "aligned_quadratic": True},
                                                {"eta": reals(0), "optimizer": OPT, "n": ints(), "h": ints(),
                                                 "d": ints(), "noise_std": reals(0), "correlated": FLAGS,
                                                 "aligned_quadratic": FLAGS}, positive),
    "theory.adam_step.learning_rate_threshold": Spec({"optimizer": "adam", "n": 40, "h": 30, "d": 20,
                                                      "noise_std": 0.3, "correlated": True,
                                                      "aligned_quadratic": True},
                                                     {"optimizer": OPT, "n": ints(), "h": ints(), "d": ints(),
                                                      "noise_std": reals(0), "correlated": FLAGS,
                                                      "aligned_quadratic": FLAGS}, positive, examples=30),
    "theory.adam_step.threshold_from_strength": Spec({"upd": _rank_one_update(), "c": 1.5, "theta_per_eta": 2.0,
                                                      "aligned_quadratic": True},
                                                     {"upd": st.sampled_from([_rank_one_update(), None, 1.0,
                                                                              "adam"]),
                                                      "c": reals(0), "theta_per_eta": reals(0),
                                                      "aligned_quadratic": FLAGS}, positive, examples=30),
    "theory.adam_step.adam_spike_threshold": Spec({"n": 40, "h": 30, "d": 20, "noise_std": 0.3},
                                                  {"n": ints(), "h": ints(), "d": ints(), "noise_std": reals(0)},
                                                  positive, examples=20),
    "theory.adam_step.gd_spike_threshold": Spec({"n": 40, "h": 30, "d": 20, "noise_std": 0.3},
                                                {"n": ints(), "h": ints(), "d": ints(), "noise_std": reals(0)},
                                                positive, examples=20),
    "theory.adam_step.residual_moments": Spec({"noise_std": 0.3}, {"noise_std": reals(0)}, _residual_moments_ok),
    "theory.adam_step.gd_row_norm": Spec({"eta": 30.0, "n": 40, "h": 30, "d": 20, "noise_std": 0.3},
                                         {"eta": reals(0), "n": ints(), "h": ints(), "d": ints(),
                                          "noise_std": reals(0)}, _gd_row_norm_ok, examples=40),
    "theory.adam_step.rho_trend": Spec({}, {}),
    "theory.adam_step.adam_multistep_trend": Spec({}, {}),
    "theory.adam_step.gd_subthreshold_trend": Spec({}, {}),
})


# ----------------------------------------------------------------------------- adam_alignment, adam_trends,
#                                                                                scaling


def _spike_vectors_ok(kw: dict[str, Any], out: Any) -> None:
    """``z`` at or above the edge and equal to :func:`correlated_outlier`; squared overlaps in [0, 1] (0 at and
    below the threshold); a positive teacher factor, exactly 1 at ``alpha gamma = 0`` only through the overlap;
    at ``alpha = gamma = 0`` the rectangular BGN overlaps of :mod:`theory.spiked` (a separate closed form)."""
    from theory import adam_step, spiked

    _sv_floor(kw, out.z)
    in_unit(kw, [out.right_overlap_sq, out.left_overlap_sq])
    assert out.teacher_factor > 0.0
    z = adam_step.correlated_outlier(kw["theta"], kw["c"], kw["alpha"], kw["gamma"], kw["aligned_quadratic"])
    assert out.z == z
    if z == 1.0 + math.sqrt(kw["c"]):
        assert out.right_overlap_sq == out.left_overlap_sq == 0.0
    if kw["alpha"] == 0.0 and kw["gamma"] == 0.0 and kw["theta"] > 0.0:
        left, right = spiked.rect_overlaps(kw["theta"], kw["c"])
        assert out.teacher_factor == pytest.approx(1.0, rel=1e-12)
        assert out.right_overlap_sq == pytest.approx(right, rel=1e-9, abs=1e-12)
        assert out.left_overlap_sq == pytest.approx(left, rel=1e-9, abs=1e-12)


def _teacher_alignment_ok(kw: dict[str, Any], out: Any) -> None:
    """A cosine in [0, 1]; ``overlap=False`` is the update's own cosine, an upper bound when ``teacher_factor``
    is dropped (``|p| <= 1``)."""
    from theory import adam_alignment

    in_unit(kw, out)
    if kw["optimizer"] == "adam":
        cos_v = adam_alignment.update_teacher_cosine(kw["n"], kw["d"], kw["noise_std"])
        if not kw["overlap"]:
            assert out == cos_v
        elif not kw["teacher_factor"]:
            assert out <= cos_v * (1.0 + 1e-12)


def _haar_bound_ok(kw: dict[str, Any], out: Any) -> None:
    """In (0, 1], solves ``k^2 P(|<u, u'>| > t) = level`` (forward incomplete beta against the inverse used by
    the code), decreasing in ``dim`` and in ``level``."""
    from scipy import special

    from theory import adam_alignment

    assert 0.0 < out <= 1.0
    k, dim, level = kw["k"], kw["dim"], kw["level"]
    def pairs_tail(t: float) -> float:
        return float(special.betaincc(0.5, (dim - 1) / 2.0, t * t)) * k * k

    # bracketed within 4 ulp of t (the tail's slope is infinite at t = 1: dim = 2, level 6e-8 has t = 1 - 4e-15)
    ulp = 4.0 * math.ulp(out)
    assert pairs_tail(max(out - ulp, 0.0)) >= level * (1.0 - 1e-6)
    assert pairs_tail(min(out + ulp, 1.0)) <= level * (1.0 + 1e-6)
    if dim < 10**15:
        assert adam_alignment.haar_overlap_bound(k, dim + 1, level) <= out * (1.0 + 1e-12)
    if level > 1e-300:
        assert adam_alignment.haar_overlap_bound(k, dim, level / 2.0) >= out * (1.0 - 1e-12)


def _haar_mean_ok(kw: dict[str, Any], out: Any) -> None:
    """In (0, 1), decreasing in ``dim``, and at least the mean of one entry, ``E |<u, u'>| =
    Gamma(dim/2) / (sqrt(pi) Gamma((dim + 1)/2))`` (equality at ``k = 1``; Pochhammer symbol, not quadrature)."""
    from scipy import special

    from theory import adam_alignment

    k, dim = kw["k"], kw["dim"]
    assert 0.0 < out < 1.0
    single = 1.0 / (float(special.poch(dim / 2.0, 0.5)) * math.sqrt(math.pi))  # (a difference of gammaln's loses
    #                                                                       1e-6 relative at dim = 2**31)
    assert out >= single * (1.0 - 1e-7)
    if k == 1:
        assert out == pytest.approx(single, rel=1e-7)
    if dim < 10**15:
        assert adam_alignment.haar_overlap_max_mean(k, dim + 1) <= out * (1.0 + 1e-9)


def _overlap_top_ok(kw: dict[str, Any], out: Any) -> None:
    """A cosine in (0, 1], at least the Haar mean of ``k x k`` independent entries."""
    from theory import adam_alignment

    assert 0.0 < out <= 1.0
    assert out >= adam_alignment.haar_overlap_max_mean(kw["k"], kw["h"])


def _gd_loss_ok(kw: dict[str, Any], out: Any) -> None:
    """``0 <= L(t) <= L(0) = (1/2) sum lambda c^2`` (exact), non-increasing in ``t``."""
    nonneg(kw, out)
    monotone_in("t", increasing=False)(kw, out)
    lam, c2 = _arr(kw["eigs"]), _arr(kw["coef2"])
    start = 0.5 * float(np.sum(lam * c2))
    assert np.all(_arr(out) <= start * (1.0 + 1e-12))


def _spectrum_ok(kw: dict[str, Any], out: Any) -> None:
    """``K`` eigenvalues, positive, decreasing, the first one ``Lambda``; ``lambda c^2 = C k^{-kappa-1}``."""
    eigs, coef2 = out
    assert eigs.shape == coef2.shape == (kw["K"],)
    assert np.all(eigs > 0.0)
    assert np.all(coef2 >= 0.0)
    assert np.all(np.diff(eigs) <= 0.0)
    assert eigs[0] == pytest.approx(kw["Lambda"], rel=1e-15)
    assert coef2[0] == pytest.approx(kw["C"] / kw["Lambda"], rel=1e-12)


def _asymptote_ok(kw: dict[str, Any], out: Any) -> None:
    nonneg(kw, out)
    monotone_in("t", increasing=False)(kw, out)


def _expansion_ok(kw: dict[str, Any], out: Any) -> None:
    """Order 0 is the asymptote; the corrections are bounded by the first two terms' stated sizes,
    ``|L_order - L_0| <= L_0 (a (a + 1) / (4t) + |a (a + 1) (a + 2) ((a + 3)/32 - 1/12)| / t^2)``."""
    from theory import scaling

    args = {k: kw[k] for k in ("t", "eta", "Lambda", "nu", "C", "kappa")}
    lead = _arr(scaling.gd_power_law_asymptote(**args))
    got = _arr(out)
    if kw["order"] == 0:
        assert np.allclose(got, lead, rtol=1e-12, atol=0.0)
        return
    a = kw["kappa"] / kw["nu"]
    t = _arr(kw["t"])
    bound = a * (a + 1.0) / 4.0 / t  # not / (4 t): 4 t overflows at t ~ 1e308
    if kw["order"] == 2:
        bound = bound + abs(a * (a + 1.0) * (a + 2.0) * ((a + 3.0) / 32.0 - 1.0 / 12.0)) / t / t
    with np.errstate(over="ignore", invalid="ignore"):
        slack = lead * bound * (1.0 + 1e-9) + 1e-12 * np.abs(lead)
    assert np.all(~np.isfinite(slack) | (np.abs(got - lead) <= slack))


def _kappa_ok(kw: dict[str, Any], out: Any) -> None:
    """``lam <= kappa <= lam + tr(Sigma)/n``, increasing in ``lam`` (a second call at ``2 lam``)."""
    from theory import scaling

    eigs = _arr(kw["eigs"])
    lam, n = float(kw["lam"]), kw["n"]
    assert out >= lam
    with np.errstate(over="ignore"):
        assert out <= (lam + float(np.sum(eigs / n))) * (1.0 + 1e-12)
    if 0.0 < lam < 1e300:
        # the root is found in log kappa to 1e-15 + 4 eps |log kappa|: <= 6e-13 relative in kappa
        assert scaling.effective_ridge(kw["eigs"], n, 2.0 * lam) >= out * (1.0 - 2e-12)


def _ridge_risk_ok(kw: dict[str, Any], out: Any) -> None:
    """``R >= 0`` and ``R`` is linear in ``(beta2, sigma2)`` jointly: doubling both doubles it (exactly up to
    rounding)."""
    from theory import scaling

    assert out >= 0.0
    if out < 1e300 and float(kw["sigma2"]) < 1e300 and float(np.max(_arr(kw["beta2"]))) < 1e300:
        double = scaling.ridge_risk(kw["eigs"], 2.0 * _arr(kw["beta2"]), 2.0 * float(kw["sigma2"]), kw["n"],
                                    kw["lam"])
        assert double == pytest.approx(2.0 * out, rel=1e-12, abs=1e-300)


def _exponent_ok(kw: dict[str, Any], out: Any) -> None:
    """Exponents: ``0 <= e = min(bias, variance)``; with noise ``e <= e* = 2 alpha s/(2 alpha s + 1) < 1`` and
    the optimum attained at ``ell = None``; without noise ``e = bias = 2 s min(ell, alpha)``. Infinite only
    where documented (the absent variance term, and ``ell`` when there is no noise and no ``ell``)."""
    alpha, r, noise = float(kw["alpha"]), float(kw["r"]), bool(kw["noise"])
    s = min(r, 1.0)
    assert math.isfinite(out.exponent)
    assert math.isfinite(out.bias)
    assert math.isfinite(out.variance) == noise
    assert math.isfinite(out.ell) == (noise or kw["ell"] is not None)
    assert 0.0 <= out.exponent == min(out.bias, out.variance)
    assert out.phase == ("bias" if out.bias <= out.variance else "variance")
    if noise:
        best = 1.0 / (1.0 + 1.0 / (2.0 * alpha * s)) if alpha * s < 1e300 else 1.0
        assert out.exponent <= best * (1.0 + 1e-12)
        assert out.exponent <= 1.0  # < 1 exactly; rounds to 1 once 1/(2 alpha s) < eps
        assert 0.0 <= out.variance <= 1.0
        if kw["ell"] is None:
            assert out.exponent == pytest.approx(best, rel=1e-12)
    else:
        assert out.exponent == out.bias
        if kw["ell"] is None:
            assert out.exponent == pytest.approx(2.0 * s * alpha, rel=1e-12)


def _ridgeless_ok(kw: dict[str, Any], out: Any) -> None:
    """``R >= 0``; the finite-size mean exceeds the deterministic equivalent (``1/(|n - p| - 1)`` against
    ``1/|n - p|``) where both are defined."""
    from theory import scaling

    assert out >= 0.0
    if kw["exact"] is True and abs(kw["p"] - kw["n"]) > 1:
        approx = scaling.isotropic_ridgeless_risk(p=kw["p"], n=kw["n"], beta_norm2=kw["beta_norm2"],
                                                  sigma2=kw["sigma2"], exact=False)
        assert out >= approx * (1.0 - 1e-12)


def _log_det_ok(kw: dict[str, Any], out: Any) -> None:
    """``log(lam_max) - 1/(a + 1)``: below ``log(lam_max)`` and increasing in ``a`` (a second call)."""
    from theory import scaling

    top = math.log(float(kw["lam_max"]))
    assert out <= top
    a = float(kw["a"])
    if a < 1e300:
        assert scaling.log_det_power_law(a + abs(a) + 1.0, kw["lam_max"]) >= out


FLOAT_T = st.one_of(arrays(0), st.sampled_from([[1.0, 10.0, 1e3, 1e6], [1e-300, 1e-8, 1.0, 1e300]]))
SPEC_EIGS = np.array([1.0, 0.5, 0.25, 0.125])


def _learned_edges_ok(kw: dict[str, Any], out: Any) -> None:
    """``0 < s_minus < s_plus``: the non-zero spectrum of ``S`` is bounded away from its atom at 0 (``p > n``)."""
    lo, hi = out
    assert 0.0 < lo < hi < math.inf


def _learned_floor_ok(kw: dict[str, Any], out: Any) -> None:
    """The floor is ``ridge_risk`` at ``lam = 0`` (the same number) and ``>= 0``."""
    from theory import scaling

    assert out >= 0.0
    assert out == scaling.ridge_risk(kw["eigs"], kw["beta2"], kw["sigma2"], kw["n"], 0.0)


def _learned_risk_ok(kw: dict[str, Any], out: Any) -> None:
    """``R >= 0`` finite; ``R(0) = beta^T Sigma beta`` (the contour formula's residue bookkeeping)."""
    values = np.atleast_1d(np.asarray(out, dtype=np.float64))
    assert np.all(np.isfinite(values))
    if values.size:
        assert np.all(values >= -1e-12 * float(np.max(np.abs(values))))


def _learned_crossover_ok(kw: dict[str, Any], out: Any) -> None:
    """``t_x >= 0`` finite."""
    assert 0.0 <= out < math.inf
ORDERS = st.sampled_from([0, 1, 2, 3, -1, True, 1.0, None, "1", np.int64(2)])

SPECS.update({
    # ---------------------------------------------------------------- adam_alignment
    "theory.adam_alignment.spike_vectors": Spec({"theta": 2.0, "c": 1.5, "alpha": 0.3, "gamma": 0.5,
                                                 "aligned_quadratic": True},
                                                {"theta": reals(0), "c": reals(0), "alpha": reals(0, 1),
                                                 "gamma": reals(0, 1), "aligned_quadratic": FLAGS},
                                                _spike_vectors_ok, examples=80),
    "theory.adam_alignment.update_teacher_cosine": Spec({"n": 40, "d": 20, "noise_std": 0.3},
                                                        {"n": ints(), "d": ints(), "noise_std": reals(0)},
                                                        lambda kw, out: (positive(kw, out), in_unit(kw, out))),
    "theory.adam_alignment.teacher_alignment": Spec({"eta": 0.5, "optimizer": "adam", "n": 40, "h": 30, "d": 20,
                                                     "noise_std": 0.3, "correlated": True, "overlap": True,
                                                     "teacher_factor": True, "aligned_quadratic": True},
                                                    {"eta": reals(0), "optimizer": OPT, "n": ints(), "h": ints(),
                                                     "d": ints(), "noise_std": reals(0), "correlated": FLAGS,
                                                     "overlap": FLAGS, "teacher_factor": FLAGS,
                                                     "aligned_quadratic": FLAGS}, _teacher_alignment_ok,
                                                    examples=80),
    "theory.adam_alignment.left_overlap_from_row_norm": Spec({"r2": 4.0, "c": 1.5},
                                                             {"r2": reals(0), "c": reals(0)},
                                                             _left_from_row_ok, examples=60),
    "theory.adam_alignment.gd_left_overlap": Spec({"eta": 30.0, "n": 40, "h": 30, "d": 20, "noise_std": 0.3,
                                                   "spread": True},
                                                  {"eta": reals(0), "n": ints(), "h": ints(), "d": ints(),
                                                   "noise_std": reals(0), "spread": FLAGS}, in_unit, examples=40),
    "theory.adam_alignment.haar_overlap_bound": Spec({"k": 10, "dim": 225, "level": 1e-3},
                                                     {"k": ints(1, 300), "dim": ints(1, 10**6),
                                                      "level": reals(0, 1)}, _haar_bound_ok, examples=60),
    "theory.adam_alignment.haar_overlap_max_mean": Spec({"k": 10, "dim": 225},
                                                        {"k": ints(1, 300), "dim": ints(1, 10**6)}, _haar_mean_ok,
                                                        examples=40),
    "theory.adam_alignment.overlap_top_entry": Spec({"eta": 0.5, "n": 40, "h": 30, "d": 20, "k": 10,
                                                     "noise_std": 0.3, "correlated": True,
                                                     "aligned_quadratic": True},
                                                    {"eta": reals(0), "n": ints(), "h": ints(1, 10**4),
                                                     "d": ints(), "k": ints(1, 40), "noise_std": reals(0),
                                                     "correlated": FLAGS, "aligned_quadratic": FLAGS},
                                                    _overlap_top_ok, examples=50),
    # ---------------------------------------------------------------- adam_trends (fixed measured directions)
    "theory.adam_trends.test_loss_trend": Spec({}, {}, lambda kw, out: _atom_ok(kw, abs(out))),
    "theory.adam_trends.weight_norm_trend": Spec({}, {}, lambda kw, out: _atom_ok(kw, abs(out))),
    "theory.adam_trends.steplr_trend": Spec({}, {}, lambda kw, out: _atom_ok(kw, abs(out))),
    # ---------------------------------------------------------------- scaling
    "theory.scaling.gd_quadratic_loss": Spec({"t": [0.0, 1.0, 10.0], "eta": 1.0, "eigs": SPEC_EIGS,
                                              "coef2": [1.0, 2.0, 0.5, 0.0]},
                                             {"t": st.one_of(arrays(0), FLOAT_T), "eta": reals(0),
                                              "eigs": arrays(0, max_size=4), "coef2": arrays(0, max_size=4)},
                                             _gd_loss_ok, examples=60),
    "theory.scaling.gd_power_law_spectrum": Spec({"K": 5, "Lambda": 1.0, "nu": 1.5, "C": 1.0, "kappa": 0.5},
                                                 {"K": ints(1, 10**4), "Lambda": reals(0), "nu": reals(1),
                                                  "C": reals(0), "kappa": reals(0)}, _spectrum_ok, examples=60),
    "theory.scaling.gd_power_law_asymptote": Spec({"t": [1.0, 10.0], "eta": 0.5, "Lambda": 1.0, "nu": 1.5,
                                                   "C": 1.0, "kappa": 0.5},
                                                  {"t": FLOAT_T, "eta": reals(0), "Lambda": reals(0),
                                                   "nu": reals(1), "C": reals(0), "kappa": reals(0)},
                                                  _asymptote_ok, examples=60),
    "theory.scaling.gd_power_law_expansion": Spec({"t": [1.0, 10.0], "eta": 0.5, "Lambda": 1.0, "nu": 1.5,
                                                   "C": 1.0, "kappa": 0.5, "order": 2},
                                                  {"t": FLOAT_T, "eta": reals(0), "Lambda": reals(0),
                                                   "nu": reals(1), "C": reals(0), "kappa": reals(0),
                                                   "order": ORDERS}, _expansion_ok, examples=60),
    "theory.scaling.effective_ridge": Spec({"eigs": SPEC_EIGS, "n": 3, "lam": 0.1},
                                           {"eigs": arrays(0), "n": ints(), "lam": reals(0)}, _kappa_ok,
                                           examples=60),
    "theory.scaling.ridge_risk": Spec({"eigs": SPEC_EIGS, "beta2": [1.0, 0.5, 0.0, 2.0], "sigma2": 0.5, "n": 3,
                                       "lam": 0.1},
                                      {"eigs": arrays(0, max_size=4), "beta2": arrays(0, max_size=4),
                                       "sigma2": reals(0), "n": ints(), "lam": reals(0)}, _ridge_risk_ok,
                                      examples=60),
    "theory.scaling.ridge_risk_exponent": Spec({"alpha": 2.0, "r": 0.5, "ell": None, "noise": True},
                                               {"alpha": reals(1), "r": reals(0),
                                                "ell": st.one_of(st.none(), reals(0)), "noise": FLAGS},
                                               _exponent_ok, infinite_ok=True, examples=60),
    "theory.scaling.isotropic_ridgeless_risk": Spec({"p": 50, "n": 100, "beta_norm2": 1.0, "sigma2": 0.5,
                                                     "exact": True},
                                                    {"p": ints(), "n": ints(), "beta_norm2": reals(0),
                                                     "sigma2": reals(0), "exact": FLAGS}, _ridgeless_ok,
                                                    examples=60),
    "theory.scaling.log_det_power_law": Spec({"a": 0.5, "lam_max": 1.0}, {"a": reals(-1), "lam_max": reals(0)},
                                             _log_det_ok),
    "theory.scaling.de_spectrum_edges": Spec({"eigs": SPEC_EIGS, "n": 2}, {"eigs": arrays(0, max_size=4),
                                                                           "n": ints()},
                                             _learned_edges_ok, examples=40),
    "theory.scaling.gd_learned_floor": Spec({"eigs": SPEC_EIGS, "beta2": [1.0, 0.5, 0.0, 2.0], "sigma2": 0.5,
                                             "n": 2},
                                            {"eigs": arrays(0, max_size=4), "beta2": arrays(0, max_size=4),
                                             "sigma2": reals(0), "n": ints()}, _learned_floor_ok, examples=40),
    "theory.scaling.gd_learned_risk": Spec({"t": [0.0, 1.0, 10.0, math.inf], "eta": 0.2, "eigs": SPEC_EIGS,
                                            "beta2": [1.0, 0.5, 0.0, 2.0], "sigma2": 0.5, "n": 2},
                                           {"t": st.one_of(arrays(0), FLOAT_T), "eta": reals(0),
                                            "sigma2": reals(0), "n": ints(1, 3)}, _learned_risk_ok, examples=40),
    "theory.scaling.gd_learned_crossover": Spec({"eta": 0.2, "eigs": SPEC_EIGS, "beta2": [1.0, 0.5, 0.0, 2.0],
                                                 "sigma2": 0.5, "n": 2, "factor": 2.0},
                                                {"eta": reals(0), "sigma2": reals(0), "factor": reals(1)},
                                                _learned_crossover_ok, examples=30),
})


# ----------------------------------------------------------------------------- sim specs


def _gen(kw: dict[str, Any]) -> torch.Generator:
    from sim.device import generator

    return generator(0, "cpu")


def _tensors(shape: tuple[int, ...]) -> st.SearchStrategy[Any]:
    """Valid float64 tensors of ``shape`` with entries over many magnitudes, and wrong inputs."""
    good = st.builds(lambda scale, seed: scale * torch.randn(shape, generator=torch.Generator().manual_seed(seed),
                                                           dtype=torch.float64),
                     st.sampled_from([1.0, 1e-150, 1e150, 1e300, 0.0]), st.integers(0, 100))
    wrong = [torch.full(shape, NAN, dtype=torch.float64), torch.full(shape, INF, dtype=torch.float64),
             torch.ones(shape[-2:], dtype=torch.float64), torch.ones((1,) * (len(shape) + 1), dtype=torch.float64),
             torch.ones(shape, dtype=torch.bool), torch.ones(shape, dtype=torch.int64), torch.ones(shape).numpy(),
             None, 1.0, "x", torch.ones((0, *shape[1:]), dtype=torch.float64),
             # dtype and device checks: half precisions, complex, float32 (allowed alone, not mixed), meta device
             torch.ones(shape, dtype=torch.float16), torch.ones(shape, dtype=torch.bfloat16),
             torch.ones(shape, dtype=torch.complex128), torch.ones(shape, dtype=torch.float32),
             torch.empty(shape, dtype=torch.float64, device="meta")]
    return st.one_of(good, st.sampled_from(wrong))


def _config(**kw: Any) -> Any:
    from sim.two_layer import TwoLayerConfig

    return TwoLayerConfig(**{"n": 12, "h": 6, "d": 4, "steps": 2, "n_test": 5, **kw})


DEVICES = choices(None, "cpu", torch.device("cpu"))
SIM_REALS = st.one_of(st.floats(1e-6, 10.0), st.sampled_from(FLOAT_EXTREMES), st.sampled_from(BAD_SCALARS))
LAWS = choices("gaussian", "rademacher", "student_t")
GENS = st.one_of(st.just(None).map(lambda _: _gen({})), st.sampled_from([None, 0, "cpu", torch.device("cpu")]))
# bisection step counts: valid ones, the cap (200) and beyond it (2**63 - 1 once hung)
ITERATIONS = st.one_of(small_ints(1, 60), st.sampled_from([200, 201, 2**63 - 1]))
DTYPES = st.sampled_from([torch.float64, torch.float32, torch.int64, torch.bool, "float64", None])


def _one_step_ok(kw: dict[str, Any], out: Any) -> None:
    if kw["optimizer"] == "adam" and kw["eps"] == 0.0:
        # a sign step: |lr sign(G)|_F = lr sqrt(hd) exactly (no zero gradient entry almost surely)
        expected = kw["lr"] * math.sqrt(kw["h"] * kw["d"])
        assert np.allclose(out.update_frobenius, expected, rtol=1e-12)
    assert np.all(out.update_frobenius >= 0.0)


def _overlaps_ok(kw: dict[str, Any], out: Any) -> None:
    """Absolute cosines between unit vectors: in [0, 1 + rounding]."""
    for part in out:
        assert np.all((part >= 0.0) & (part <= 1.0 + 1e-12))


def _adam_direction_ok(kw: dict[str, Any], out: Any) -> None:
    """First step: ``|G| / (|G| + eps) <= 1`` entrywise, with the sign of ``G``. The direction follows
    torch.optim.Adam's arithmetic bit for bit (``(m / (1 - b1)) / (sqrt(v) / sqrt(1 - b2) + eps)``), whose
    rounded ratio can exceed 1 by a few ulp at ``eps = 0``; 4 ulp of the dtype are allowed for that."""
    direction = out[0]
    if kw["state"] is None:
        assert bool(torch.all(torch.abs(direction) <= 1.0 + 4 * torch.finfo(direction.dtype).eps))
        assert bool(torch.all(direction * kw["G"] >= 0.0))


SPECS.update({
    "sim.two_layer.adam_direction": Spec({"G": torch.ones(3, 4, dtype=torch.float64), "state": None,
                                          "betas": (0.9, 0.999), "eps": 1e-8},
                                         {"G": _tensors((3, 4)), "state": st.sampled_from([None, 0, "state"]),
                                          "betas": st.one_of(st.tuples(reals(0, 1), reals(0, 1)),
                                                             st.sampled_from([0.9, (0.9,), None])),
                                          "eps": reals(0)}, _adam_direction_ok),
    "sim.two_layer.singular_overlaps": Spec({"W": torch.eye(5, 4, dtype=torch.float64) + 0.1,
                                             "update": torch.ones(5, 4, dtype=torch.float64), "k": 3},
                                            {"W": _tensors((5, 4)), "update": _tensors((5, 4)),
                                             "k": small_ints(1, 6)}, _overlaps_ok),
    "sim.device.default_device": Spec({}, {}),
    "sim.device.resolve_device": Spec({"device": None}, {"device": DEVICES}),
    "sim.device.generator": Spec({"seed": 0, "device": "cpu"}, {"seed": ints(0, 2**64 - 1), "device": DEVICES}),
    "sim.device.describe": Spec({"device": torch.device("cpu")}, {"device": DEVICES}),
    "sim.laws.fourth_moment": Spec({"law": "gaussian"}, {"law": LAWS}, positive),
    "sim.ensembles.entries": Spec({"shape": (2, 3), "law": "gaussian", "dtype": torch.float64},
                                  {"shape": st.sampled_from([(2, 3), (0, 3), (-1, 2), (2.5,), "ab", None, 3,
                                                             (True,),
                                                             (10**20, 10**20)]),
                                   "law": LAWS, "generator": GENS, "dtype": DTYPES},
                                  build={"generator": _gen}),
    "sim.ensembles.data_matrix": Spec({"p": 3, "n": 4, "sigma2": 1.0, "law": "gaussian", "batch": 2,
                                       "dtype": torch.float64},
                                      {"p": small_ints(1, 6), "n": small_ints(1, 6), "sigma2": reals(0),
                                       "law": LAWS, "generator": GENS, "batch": small_ints(1, 3), "dtype": DTYPES},
                                      build={"generator": _gen}),
    "sim.spectra.covariance_eigenvalues": Spec({"x": torch.ones(2, 3, 4, dtype=torch.float64), "full": False},
                                               {"x": _tensors((2, 3, 4)), "full": FLAGS}, psd_values),
    "sim.spectra.nonzero_extremes": Spec({"x": torch.ones(2, 3, 4, dtype=torch.float64)},
                                         {"x": _tensors((2, 4, 3))}, psd_values),
    "sim.spectra.wishart_lmax": Spec({"x": torch.ones(2, 3, 4, dtype=torch.float64)}, {"x": _tensors((2, 4, 3))},
                                     psd_values),
    "sim.spectra.wishart_lmax_tridiagonal": Spec({"n": 5, "p": 3, "count": 4, "iterations": 52},
                                                 {"n": small_ints(1, 8), "p": small_ints(1, 8),
                                                  "count": small_ints(1, 4), "generator": GENS,
                                                  "iterations": st.one_of(small_ints(1, 60), st.sampled_from(
                                                      [200, 201, 2**63 - 1]))}, positive,
                                                 build={"generator": _gen}),
    "sim.spectra.wishart_bidiagonal": Spec({"n": 5, "p": 3, "count": 4},
                                           {"n": small_ints(1, 8), "p": small_ints(1, 8),
                                            "count": small_ints(1, 4),
                                            "generator": GENS}, psd_values, build={"generator": _gen}),
    "sim.spectra.bidiagonal_top_eigenvalue": Spec({"d": torch.ones(2, 3, dtype=torch.float64),
                                                   "e": torch.ones(2, 2, dtype=torch.float64), "iterations": 52},
                                                  {"d": _tensors((2, 3)), "e": _tensors((2, 2)),
                                                   "iterations": ITERATIONS}, psd_values),
    "sim.spectra.tridiagonal_top_eigenvalue": Spec({"a": torch.ones(2, 3, dtype=torch.float64),
                                                    "b2": torch.ones(2, 2, dtype=torch.float64), "iterations": 52},
                                                   {"a": _tensors((2, 3)), "b2": _tensors((2, 2)),
                                                    "iterations": ITERATIONS}),
    "sim.spectra.chi_square": Spec({"dof": torch.full((3,), 4.0, dtype=torch.float64), "generator": _gen({})},
                                   {"dof": _tensors((3,)), "generator": GENS}, positive,
                                   build={"generator": _gen}),
    "sim.linalg.top_singular_values": Spec({"M": torch.ones(2, 5, 4, dtype=torch.float64), "k": 2,
                                            "exact_max_side": 1024},
                                           {"M": _tensors((2, 5, 4)), "k": small_ints(1, 5),
                                            "exact_max_side": small_ints(1, 2000)},
                                           all_of(psd_values, lambda kw, out: _spectral_below_frobenius(kw, out))),
    "sim.two_layer.check_optimizer": Spec({"optimizer": "adam"}, {"optimizer": OPT}),
    "sim.two_layer.draw_problem": Spec({"n": 6, "d": 3, "n_test": 4, "noise_std": 0.3, "replicates": 2},
                                       {"n": small_ints(1, 8), "d": small_ints(1, 5), "n_test": small_ints(1, 5),
                                        "noise_std": reals(0), "gen": GENS, "replicates": small_ints(1, 3)},
                                       build={"gen": _gen}),
    "sim.two_layer.init_student": Spec({"h": 4, "d": 3, "init": "ntk", "replicates": 2},
                                       {"h": small_ints(1, 6), "d": small_ints(1, 5), "gen": GENS,
                                        "init": choices("ntk", "mean_field"), "replicates": small_ints(1, 3)},
                                       build={"gen": _gen}),
    "sim.two_layer.first_step": Spec({"n": 12, "h": 6, "d": 4, "optimizer": "adam", "replicates": 2,
                                      "noise_std": 0.3, "init": "ntk", "eps": 1e-8},
                                     {"n": small_ints(1, 16), "h": small_ints(1, 8), "d": small_ints(1, 6),
                                      "optimizer": OPT, "gen": GENS, "replicates": small_ints(1, 3),
                                      "noise_std": reals(0), "init": choices("ntk", "mean_field"),
                                      "eps": reals(0)},
                                     build={"gen": _gen}),
    "sim.two_layer.one_step": Spec({"n": 12, "h": 6, "d": 4, "optimizer": "adam", "lr": 0.1, "seed": 0,
                                    "replicates": 2, "noise_std": 0.3, "init": "ntk", "eps": 1e-8,
                                    "device": "cpu"},
                                   {"n": small_ints(1, 16), "h": small_ints(1, 8), "d": small_ints(1, 6),
                                    "optimizer": OPT, "lr": reals(0), "seed": ints(0, 2**64 - 1),
                                    "replicates": small_ints(1, 3), "noise_std": reals(0),
                                    "init": choices("ntk", "mean_field"), "eps": reals(0), "device": DEVICES},
                                   _one_step_ok, examples=60),
    "sim.two_layer.train": Spec({"config": _config(), "seed": 0, "probe_steps": None, "device": "cpu"},
                                {"config": st.sampled_from([_config(), _config(optimizer="gd", weight_norm=True),
                                                            _config(weight_norm=True,
                                                                    weight_norm_kind="frobenius_before",
                                                                    readout_features="code"),
                                                            _config(lr=1e6, lr_decay=0.5),
                                                            _config(noise_std=1e300),
                                                            None, "config"]),
                                 "seed": ints(0, 2**64 - 1),
                                 "probe_steps": st.sampled_from([None, (0, 2), (5,), (-1,), "1", (1.5,), (True,)]),
                                 "device": DEVICES}, examples=25),
    "sim.two_layer.TwoLayerConfig": Spec({"n": 12, "h": 6, "d": 4, "optimizer": "adam", "lr": 0.1, "steps": 1,
                                          "noise_std": 0.3, "init": "ntk", "ridge": 0.01, "n_test": 5,
                                          "weight_norm": False, "lr_decay": 1.0, "eps": 1e-8,
                                          "betas": (0.9, 0.999), "readout_features": "paper",
                                          "weight_norm_kind": "rows_after"},
                                         {"n": ints(), "h": ints(), "d": ints(), "optimizer": OPT, "lr": reals(0),
                                          "steps": ints(), "noise_std": reals(0),
                                          "init": choices("ntk", "mean_field"), "ridge": reals(0),
                                          "n_test": ints(),
                                          "weight_norm": FLAGS, "lr_decay": reals(0, 1), "eps": reals(0),
                                          "betas": st.one_of(st.tuples(reals(0, 1), reals(0, 1)),
                                                             st.sampled_from([0.9, (0.9,), (0.9, 0.99, 0.5), "ab",
                                                                              None, np.array([0.9, 0.999]),
                                                                              [0.9, 0.999]])),
                                          "readout_features": choices("paper", "code"),
                                          "weight_norm_kind": choices("rows_after", "frobenius_before")}),
})

def _student(kw: dict[str, Any]) -> Any:
    from sim.two_layer import init_student

    return init_student(4, 3, _gen({}), replicates=1)


def _problem(kw: dict[str, Any]) -> Any:
    from sim.two_layer import draw_problem

    return draw_problem(8, 3, 5, 0.3, _gen({}), replicates=1)


def _first(kw: dict[str, Any]) -> Any:
    from sim.two_layer import first_step

    return first_step(12, 6, 4, "adam", _gen({}), replicates=2)


def _data() -> Any:
    from sim.rff import gaussian_mixture

    return gaussian_mixture(n=6, n_test=3, p=2, separation=1.0, gen=_gen({}))


def _ortho(dim: int, k: int) -> torch.Tensor:
    from sim.spiked import orthonormal

    return orthonormal(dim, k, _gen({}), 2)


def _rows_normalised(kw: dict[str, Any], out: Any) -> None:
    """Every row has the student's row norm (to 1e-12), and the direction of the input row."""
    norms = torch.linalg.vector_norm(out, dim=-1)
    assert torch.allclose(norms, torch.full_like(norms, kw["student"].row_norm), rtol=1e-12, atol=0.0)
    assert bool(torch.all((out * kw["W"]).sum(-1) > 0))


def _frobenius_normalised(kw: dict[str, Any], out: Any) -> None:
    """The matrix has Frobenius norm row_norm sqrt(h) (to 1e-12) and is a positive multiple of the input."""
    norm = torch.linalg.matrix_norm(out)
    target = kw["student"].row_norm * math.sqrt(out.shape[-2])
    assert torch.allclose(norm, torch.full_like(norm, target), rtol=1e-12, atol=0.0)
    assert bool(torch.all((out * kw["W"]).sum(dim=(-2, -1)) > 0))


def _readout_scaled(kw: dict[str, Any], out: Any) -> None:
    """"code" divides the input scale by sqrt(d) once more; "paper" keeps the student."""
    student = kw["student"]
    factor = math.sqrt(student.W.shape[-1]) if kw["readout_features"] == "code" else 1.0
    assert out.in_scale == pytest.approx(student.in_scale / factor, rel=1e-15)
    assert out.out_scale == student.out_scale
    assert out.W is student.W


def _samples_at_least_one(kw: dict[str, Any], out: Any) -> None:
    assert bool(torch.all(out >= 1.0))


def _spectral_below_frobenius(kw: dict[str, Any], out: Any) -> None:
    """Singular values: >= 0, descending, and the top one at most the Frobenius norm."""
    values = out.values if hasattr(out, "values") and not isinstance(out, torch.Tensor) else out
    tol = _rounding(values)
    values = values.double()
    assert bool(torch.all(values >= 0.0))
    assert bool(torch.all(values[..., :-1] >= values[..., 1:] * (1.0 - tol)))
    M = kw["a"] if "a" in kw else kw["M"]
    frob = torch.linalg.vector_norm(M.double(), dim=(-2, -1))
    assert bool(torch.all(values[..., 0] <= frob * (1.0 + tol)))


def _orthonormal_ok(kw: dict[str, Any], out: Any) -> None:
    gram = out.transpose(-1, -2) @ out
    assert torch.allclose(gram, torch.eye(out.shape[-1], dtype=out.dtype).expand_as(gram), atol=1e-12)


def _triplets_ok(kw: dict[str, Any], out: Any) -> None:
    """Top singular triplets: ``a v = s u`` for each pair, singular values below the Frobenius norm."""
    _spectral_below_frobenius(kw, out)
    a = kw["a"]
    lhs = a @ out.right
    rhs = out.left * out.values.unsqueeze(1)
    scale = float(out.values.max())
    assert float((lhs - rhs).abs().max()) <= (1e-9 if a.dtype == torch.float64 else 1e-3) * scale


def _kolmogorov_ok(kw: dict[str, Any], out: Any) -> None:
    assert 0.0 <= out <= 1.0


def _dkw_ok(kw: dict[str, Any], out: Any) -> None:
    """Positive, and decreasing in the sample count (checked with a second call at twice the samples)."""
    from sim.statistics import dkw_radius

    assert out > 0.0
    assert dkw_radius(2 * kw["samples"], kw["alpha"]) < out


def _mse_pair_ok(kw: dict[str, Any], out: Any) -> None:
    for part in out:
        assert np.all(part >= -1e-12)


def _spike_top_ok(kw: dict[str, Any], out: Any) -> None:
    top = out[0] if isinstance(out, tuple) else out
    assert bool(torch.all(top >= 0.0))


def _control_moments_ok(kw: dict[str, Any], out: Any) -> None:
    """A covariance matrix: symmetric with a non-negative diagonal."""
    _, cov = out
    assert np.allclose(cov, cov.T)
    assert np.all(np.diag(cov) >= 0.0)


def _adam_state(kind: str) -> Any:
    from sim.two_layer import AdamState

    ones = torch.ones(3, 4, dtype=torch.float64)
    return {"ok": AdamState(ones, ones, 1), "neg": AdamState(ones, -ones, 1),
            "nan": AdamState(ones, torch.full((3, 4), NAN, dtype=torch.float64), 1),
            "f16": AdamState(ones.half(), ones.half(), 1), "shape": AdamState(ones[:2], ones[:2], 1)}[kind]


PROBLEMS = st.sampled_from(["problem", None, 1.0, "x"]).map(lambda v: _problem({}) if v == "problem" else v)
STUDENTS = st.sampled_from(["student", None, 1.0]).map(lambda v: _student({}) if v == "student" else v)
SHAPES = st.sampled_from([(2, 3), (0, 3), (-1, 2), (2.5,), "ab", None, 3, (True,), (10**20, 10**20), (2**31, 2)])
STEPS_INTS = st.one_of(st.integers(0, 4), st.sampled_from([-1, 2**63 - 1, 10**30, 2.5, NAN, True, None, "3"]))

SPECS.update({
    "sim.two_layer.teacher_labels": Spec({"X": torch.ones(1, 6, 3, dtype=torch.float64),
                                          "beta": torch.ones(1, 3, dtype=torch.float64), "noise_std": 0.3},
                                         {"X": _tensors((1, 6, 3)), "beta": _tensors((1, 3)),
                                          "noise_std": reals(0), "gen": GENS}, build={"gen": _gen}),
    "sim.two_layer.features": Spec({"W": torch.ones(1, 4, 3, dtype=torch.float64),
                                    "X": torch.ones(1, 6, 3, dtype=torch.float64)},
                                   {"student": STUDENTS, "W": _tensors((1, 4, 3)), "X": _tensors((1, 6, 3))},
                                   build={"student": _student}),
    "sim.two_layer.loss_and_gradient": Spec({"W": torch.ones(1, 4, 3, dtype=torch.float64),
                                             "X": torch.ones(1, 6, 3, dtype=torch.float64),
                                             "y": torch.ones(1, 6, dtype=torch.float64)},
                                            {"student": STUDENTS, "W": _tensors((1, 4, 3)),
                                             "X": _tensors((1, 6, 3)), "y": _tensors((1, 6))},
                                            build={"student": _student}),
    "sim.two_layer.normalise_rows": Spec({"W": torch.ones(1, 4, 3, dtype=torch.float64)},
                                         {"student": STUDENTS, "W": _tensors((1, 4, 3))}, _rows_normalised,
                                         build={"student": _student}),
    "sim.two_layer.normalise_frobenius": Spec({"W": torch.ones(1, 4, 3, dtype=torch.float64)},
                                              {"student": STUDENTS, "W": _tensors((1, 4, 3))},
                                              _frobenius_normalised, build={"student": _student}),
    "sim.two_layer.readout_student": Spec({"readout_features": "code"},
                                          {"student": STUDENTS, "readout_features": choices("paper", "code")},
                                          _readout_scaled, build={"student": _student}),
    "sim.two_layer.ridge_readout": Spec({"W": torch.ones(1, 4, 3, dtype=torch.float64),
                                         "X": torch.ones(1, 6, 3, dtype=torch.float64),
                                         "y": torch.ones(1, 6, dtype=torch.float64), "ridge": 0.01},
                                        {"student": STUDENTS, "W": _tensors((1, 4, 3)), "X": _tensors((1, 6, 3)),
                                         "y": _tensors((1, 6)), "ridge": reals(0)}, build={"student": _student}),
    "sim.two_layer.metrics": Spec({"step": 0, "W": torch.eye(4, 3, dtype=torch.float64)[None] + 0.1,
                                   "ridge": 0.01, "readout_features": "paper"},
                                  {"step": ints(0), "student": STUDENTS, "W": _tensors((1, 4, 3)),
                                   "problem": PROBLEMS, "ridge": reals(0),
                                   "readout_features": choices("paper", "code")},
                                  build={"student": _student, "problem": _problem}, examples=40),
    "sim.two_layer.one_step_from": Spec({"n": 12, "optimizer": "adam", "lr": 0.1},
                                        {"step": st.sampled_from([None, 1.0, "step"]), "n": ints(),
                                         "optimizer": OPT, "lr": reals(0)}, build={"step": _first}),
    "sim.heavy_tails.pareto": Spec({"alpha": 2.5, "shape": (3, 4)}, {"alpha": reals(), "shape": SHAPES,
                                                                    "gen": GENS},
                                   _samples_at_least_one, build={"gen": _gen}),
    "sim.heavy_tails.student_t": Spec({"df": 3.0, "shape": (3, 4)}, {"df": reals(), "shape": SHAPES, "gen": GENS},
                                      build={"gen": _gen}),
    "sim.heavy_tails.heavy_entries": Spec({"mu": 2.0, "law": "pareto", "shape": (3, 4)},
                                          {"mu": reals(), "law": choices("pareto", "student_t"), "shape": SHAPES,
                                           "gen": GENS}, build={"gen": _gen}),
    "sim.heavy_tails.top_eigenvalues": Spec({"x": torch.ones(2, 3, 5, dtype=torch.float64), "k": 2},
                                            {"x": _tensors((2, 3, 5)), "k": small_ints(1, 4)}, psd_values),
    "sim.heavy_tails.kesten_chains": Spec({"m": -0.5, "s": 1.0, "q": 0.3, "chains": 10, "steps": 5},
                                          {"m": reals(), "s": reals(), "q": reals(), "chains": small_ints(1, 20),
                                           "steps": STEPS_INTS, "gen": GENS}, nonneg, build={"gen": _gen}),
    "sim.heavy_tails.sgd_chains": Spec({"eta": 0.1, "batch": 2, "dim": 2, "chains": 10, "steps": 5},
                                       {"eta": reals(), "batch": small_ints(1, 4), "dim": small_ints(1, 3),
                                        "chains": small_ints(1, 20), "steps": STEPS_INTS, "gen": GENS}, nonneg,
                                       build={"gen": _gen}),
    "sim.heavy_tails.kesten_step": Spec({"m": -0.5, "s": 1.0, "q": 0.3}, {"m": reals(), "s": reals(),
                                                                          "q": reals()}),
    "sim.heavy_tails.sgd_step": Spec({"eta": 0.1, "batch": 2}, {"eta": reals(), "batch": small_ints(1, 4)}),
    "sim.heavy_tails.split_tail": Spec({"w": torch.zeros(20, dtype=torch.float64), "steps": 3, "base": 1.0,
                                        "per_level": 1.0, "levels": 4, "groups": 2},
                                       {"step": st.sampled_from([None, "step", 1.0]), "w": _tensors((20,)),
                                        "steps": STEPS_INTS, "base": reals(), "per_level": reals(),
                                        "levels": st.one_of(st.integers(0, 8), st.sampled_from(INT_EXTREMES)),
                                        "groups": small_ints(1, 4), "gen": GENS},
                                       build={"gen": _gen, "step": lambda kw: __import__(
                                           "sim.heavy_tails", fromlist=["x"]).kesten_step(-0.5, 1.0, 0.3)}),
    "sim.rff.gaussian_mixture": Spec({"n": 6, "n_test": 3, "p": 2, "separation": 1.0, "extra_labels": 0},
                                     {"n": small_ints(1, 8), "n_test": small_ints(1, 4), "p": small_ints(1, 4),
                                      "separation": reals(), "gen": GENS,
                                      "extra_labels": st.one_of(st.integers(0, 2), st.sampled_from(INT_EXTREMES))},
                                     build={"gen": _gen}),
    "sim.rff.digits": Spec({"n": 20, "n_test": 10}, {"n": small_ints(1, 40), "n_test": st.one_of(
        small_ints(1, 20), st.sampled_from([2000, 2**40])), "gen": GENS}, build={"gen": _gen}, examples=20),
    "sim.rff.rff_mse": Spec({"data": _data(), "N": 4, "lam": 0.1, "draws": 2},
                            {"data": st.sampled_from([None, "data", 1.0]), "N": small_ints(1, 6), "lam": reals(),
                             "draws": small_ints(1, 3), "gen": GENS}, _mse_pair_ok, build={"gen": _gen}),
    "sim.rff.fresh_feature_forms": Spec({"data": _data(), "N": 4, "lam": 0.1, "draws": 2, "fresh": 2},
                                        {"data": st.sampled_from([None, "data"]), "N": small_ints(1, 6),
                                         "lam": reals(), "draws": small_ints(1, 3), "gen": GENS,
                                         "fresh": small_ints(1, 3)}, _mse_pair_ok, build={"gen": _gen}),
    "sim.rff.conditional_forms": Spec({"data": _data(), "N": 4, "lam": 0.1, "draws": 2},
                                      {"data": st.sampled_from([None, "data"]), "N": small_ints(1, 6),
                                       "lam": reals(), "draws": small_ints(1, 3), "gen": GENS}, _mse_pair_ok,
                                      build={"gen": _gen}),
    "sim.spiked.top_singular": Spec({"a": torch.eye(3, 5, dtype=torch.float64).expand(2, 3, 5) + 0.1, "k": 2},
                                    {"a": _tensors((2, 3, 5)), "k": small_ints(1, 4)}, _triplets_ok),
    "sim.spiked.orthonormal": Spec({"dim": 5, "k": 2, "batch": 2},
                                   {"dim": small_ints(1, 6), "k": small_ints(1, 6), "gen": GENS,
                                    "batch": small_ints(1, 3)}, _orthonormal_ok, build={"gen": _gen}),
    "sim.spiked.multiplicative_factor": Spec({"z": torch.ones(2, 5, 4, dtype=torch.float64), "u": _ortho(5, 2),
                                              "ells": [1.0, 2.0]},
                                             {"z": _tensors((2, 5, 4)), "u": _tensors((2, 5, 2)),
                                              "ells": arrays(0, max_size=3)}),
    "sim.spiked.additive_factor": Spec({"z": torch.ones(2, 5, 4, dtype=torch.float64), "u": _ortho(5, 1),
                                        "ell": 2.0},
                                       {"z": _tensors((2, 5, 4)), "u": _tensors((2, 5, 1)), "ell": reals()}),
    "sim.spiked.rectangular": Spec({"g": torch.ones(2, 5, 4, dtype=torch.float64), "a": _ortho(5, 1),
                                    "b": _ortho(4, 1), "theta": 1.5},
                                   {"g": _tensors((2, 5, 4)), "a": _tensors((2, 5, 1)), "b": _tensors((2, 4, 1)),
                                    "theta": reals()}),
    "sim.spiked.noise": Spec({"p": 3, "n": 4, "law": "gaussian", "batch": 2},
                             {"p": small_ints(1, 5), "n": small_ints(1, 5), "law": LAWS, "gen": GENS,
                              "batch": small_ints(1, 3)}, build={"gen": _gen}),
    "sim.spiked.gaussian_spike_top": Spec({"p": 5, "n": 4, "ell": 2.0, "count": 3},
                                          {"p": small_ints(1, 8), "n": small_ints(1, 8), "ell": reals(),
                                           "gen": GENS, "count": small_ints(1, 4)}, _spike_top_ok,
                                          build={"gen": _gen}),
    "sim.spiked.spike_control_moments": Spec({"p": 5, "n": 4}, {"p": ints(), "n": ints()}, _control_moments_ok),
    "sim.spiked.chunk_sizes": Spec({"total": 10, "chunk": 4}, {"total": ints(), "chunk": ints()},
                                   lambda kw, out: None if sum(out) == kw["total"] else pytest.fail("sizes")),
    "sim.spiked.top_eigenvalues": Spec({"factor": torch.eye(3, 5, dtype=torch.float64).expand(2, 3, 5) + 0.1,
                                        "k": 2},
                                       {"factor": _tensors((2, 3, 5)), "k": ints()}),
    "sim.spiked.simulate_additive": Spec({"p": 4, "n": 5, "ell": 2.0, "law": "gaussian", "replicates": 3,
                                          "gen": torch.Generator().manual_seed(0)},
                                         {"p": ints(1, 40), "n": ints(1, 40), "ell": reals(),
                                          "replicates": ints(1, 40),
                                          "law": st.sampled_from(["gaussian", "x", None])}),
    "sim.spiked.gaussian_spike_top_with_controls": Spec(
        {"p": 5, "n": 4, "ell": 2.0, "count": 3, "iterations": 44},
        {"p": small_ints(1, 8), "n": small_ints(1, 8), "ell": reals(), "gen": GENS, "count": small_ints(1, 4),
         "iterations": ITERATIONS}, _spike_top_ok,
        build={"gen": _gen}),
    "sim.statistics.kolmogorov_distance": Spec(
        {"sample": [0.1, 0.5, 0.7], "cdf": lambda x: np.clip(x, 0.0, 1.0), "cdf_left": None},
        {"sample": arrays(), "cdf": st.sampled_from([lambda x: np.clip(x, 0.0, 1.0), lambda x: 2.0 * x,
                                                     lambda x: 0.5, None, "cdf"]),
         "cdf_left": st.sampled_from([None, lambda x: np.clip(x, 0.0, 1.0), 3.0])}, _kolmogorov_ok),
    "sim.statistics.dkw_radius": Spec({"samples": 100, "alpha": 0.05}, {"samples": ints(), "alpha": reals()},
                                      _dkw_ok),
})
SPECS["sim.two_layer.adam_direction"] = dataclasses.replace(
    SPECS["sim.two_layer.adam_direction"],
    draws={**SPECS["sim.two_layer.adam_direction"].draws,
           "state": st.one_of(st.sampled_from([None, 0, "state"]),
                              st.sampled_from(["ok", "neg", "nan", "f16", "shape"]).map(_adam_state))})

# Public functions with no domain spec, and why.
EXEMPT: dict[str, str] = {
    "theory.tracy_widom.painleve_values": "table generator: a 50-digit Painlevé integration (seconds per call); "
                                          "its output is checked against mpmath determinants in test_tracy_widom",
    "theory.tracy_widom.build_tables": "table generator (calls painleve_values; ~10 s)",
    "theory.tracy_widom.save_tables": "maintenance entry point that writes the shipped table file",
}

# Modules whose public functions must all be covered, and modules left out (with the reason).
COVERED_MODULES = ("theory.mp", "theory.tracy_widom", "theory.spiked", "theory.lowrank", "theory.kesten",
                   "theory.rff", "theory.heavy_tails", "theory.power_law_fit", "theory.phases", "theory.adam_step",
                   "theory.adam_alignment", "theory.adam_trends", "theory.scaling", "sim.two_layer",
                   "sim.ensembles", "sim.spectra", "sim.linalg", "sim.device", "sim.heavy_tails", "sim.rff",
                   "sim.spiked", "sim.statistics", "sim.laws")
#: The simulator modules of ``sim`` (the rest of ``sim`` is the verification framework and the claim families).
SIM_MODULES = ("sim.two_layer", "sim.ensembles", "sim.spectra", "sim.linalg", "sim.device", "sim.heavy_tails",
               "sim.rff", "sim.spiked", "sim.statistics", "sim.laws")
EXCLUDED_MODULES = {
    "theory.__main__": "command-line entry point",
    "theory._validate": "private helpers (exercised through every function)",
    "theory._data": "data package",
    "theory.claim": "deprecated alias of rmtcheck.claim (claim records, not closed forms; removed in 0.3)",
    "theory._warnings": "the RegimeWarning class (no function)",
}


def _public(module: ModuleType) -> dict[str, Any]:
    """``__all__`` plus every public function defined in the module, and validating classes
    (those with ``__post_init__``); result records and constants are not entry points."""
    names = set(getattr(module, "__all__", ())) | {
        k for k, v in vars(module).items()
        if not k.startswith("_") and (inspect.isroutine(v) or hasattr(v, "__wrapped__"))
        and getattr(v, "__module__", None) == module.__name__}
    out = {}
    for name in names:
        obj = getattr(module, name)
        if inspect.isclass(obj):
            if "__post_init__" not in vars(obj):
                continue
        elif not (inspect.isroutine(obj) or hasattr(obj, "__wrapped__")):  # functions, lru_cache wrappers
            continue
        owner = getattr(obj, "__module__", module.__name__)
        out[f"{owner}.{name}"] = obj
    for k, v in vars(module).items():
        if not k.startswith("_") and inspect.isclass(v) and v.__module__ == module.__name__ \
                and "__post_init__" in vars(v):
            out[f"{module.__name__}.{k}"] = v
    return out


def _all_public() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in COVERED_MODULES:
        found.update(_public(importlib.import_module(name)))
    return found


def test_every_public_function_has_a_domain_spec() -> None:
    import pkgutil

    import theory

    modules = {f"theory.{m.name}" for m in pkgutil.iter_modules(theory.__path__)}
    unlisted = {m for m in modules if m not in COVERED_MODULES and m not in EXCLUDED_MODULES
                and not m.endswith("_claims")}  # *_claims: claim adapters (being moved)
    assert not unlisted, f"new theory modules without a domain decision: {sorted(unlisted)}"
    assert set(SIM_MODULES) <= set(COVERED_MODULES)
    assert all(EXEMPT.values()), "every exemption needs a written reason"
    public = _all_public()
    missing = sorted(set(public) - set(SPECS) - set(EXEMPT))
    assert not missing, f"public functions without a domain spec in tests/test_domain.py: {missing}"
    stale = sorted((set(SPECS) | set(EXEMPT)) - set(public))
    assert not stale, f"specs for functions that no longer exist: {stale}"
    for key, spec in SPECS.items():
        params = inspect.signature(public[key]).parameters
        unknown = (set(spec.base) | set(spec.draws) | set(spec.build)) - set(params)
        assert not unknown, f"{key}: spec names unknown parameters {sorted(unknown)}"


def _names_pattern(fn: Any, extra: tuple[str, ...]) -> re.Pattern[str]:
    params = list(inspect.signature(fn).parameters)
    words = [re.escape(p) for p in params + list(extra)]
    return re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(words) + r")(?![A-Za-z0-9_])")


class CallTimeout(BaseException):
    """A call ran past its time bound (a BaseException, so the function under test cannot swallow it)."""


@contextlib.contextmanager
def _time_bound(key: str, seconds: float) -> Iterator[None]:
    """Fail the call if it runs longer than ``seconds`` (SIGALRM interrupts Python-level loops; a long C call is
    caught when it returns, by the elapsed time)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        start = time.monotonic()
        yield
        assert time.monotonic() - start <= seconds, f"{key}: call ran past its {seconds} s bound (a hang)"
        return

    def expire(signum: int, frame: Any) -> None:
        raise CallTimeout(f"{key}: call ran past its {seconds} s bound (a hang)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0.0)
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.monotonic() - start
    assert elapsed <= seconds, f"{key}: call took {elapsed:.1f} s, past its {seconds} s bound (a hang)"


def call_once(key: str, fn: Any, spec: Spec, kw: dict[str, Any]) -> None:
    """One call: finite values with the spec's properties, or a ValueError/TypeError naming a parameter."""
    import warnings

    args = dict(spec.base)
    args.update(kw)
    for name, make in spec.build.items():
        if name not in kw:
            args[name] = make(args)
    try:
        with warnings.catch_warnings(), _time_bound(key, spec.seconds):
            warnings.simplefilter("ignore")
            out = fn(**args)
    except (ValueError, TypeError) as exc:
        named = _names_pattern(fn, spec.extra_names).search(str(exc))
        described = f"{type(exc).__name__}: {exc}"
    else:
        bad = [v for v in _floats(out) if not (math.isfinite(v) or (spec.infinite_ok and not math.isnan(v)))]
        assert not bad, f"{key}({args!r}) returned non-finite values: {out!r}"
        spec.check(args, out)
        return
    assert named, f"{key}({args!r}) raised an error that names no parameter: {described}"


def test_a_hang_is_a_failure() -> None:
    """The time bound turns an endless call into a failure (here a sleep loop past a 0.2 s bound)."""

    def endless() -> None:
        while True:
            time.sleep(0.01)

    with pytest.raises(CallTimeout):
        call_once("endless", endless, Spec({}, {}, seconds=0.2), {})


def _replacements(spec: Spec) -> st.SearchStrategy[dict[str, Any]]:
    if not spec.draws:
        return st.just({})
    return st.fixed_dictionaries({}, optional=dict(spec.draws))


_KEYS = sorted(SPECS)


@pytest.mark.parametrize("key", _KEYS)
def test_right_or_refused(key: str) -> None:
    fn = _all_public()[key]
    spec = SPECS[key]

    @settings(max_examples=spec.examples if spec.draws else 1, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(_replacements(spec))
    def run(kw: dict[str, Any]) -> None:
        call_once(key, fn, spec, kw)

    run()


# ----------------------------------------------------------------------------- the cases of issue 18
# References: mpmath at high precision on the textbook forms (which cancel or overflow in float64), or
# quadrature of the density: computations independent of the rewritten float64 code.


def _mp_stieltjes_quad(z: complex, c: float, sigma2: float) -> complex:
    """``int rho(dx) / (x - z)`` by mpmath quadrature of the MP density (plus the atom at 0 for c > 1)."""
    import mpmath

    with mpmath.workdps(40):
        cc, s2, zz = mpmath.mpf(c), mpmath.mpf(sigma2), mpmath.mpc(z)
        lo, hi = s2 * (1 - mpmath.sqrt(cc)) ** 2, s2 * (1 + mpmath.sqrt(cc)) ** 2

        def density(x: Any) -> Any:
            return mpmath.sqrt((hi - x) * (x - lo)) / (2 * mpmath.pi * s2 * cc * x)

        value = mpmath.quad(lambda x: density(x) / (x - zz), [lo, (lo + hi) / 2, hi])
        if c > 1:
            value += (1 - 1 / cc) / (0 - zz)
        return complex(value)


def _mp_stieltjes_exact(z: complex, c: float, sigma2: float) -> complex:
    """The closed form ``(1 - c - w + sqrt(w - a) sqrt(w - b)) / (2 c w) / sigma2`` at 1000 digits."""
    import mpmath

    with mpmath.workdps(1000):
        cc, s2, zz = mpmath.mpf(c), mpmath.mpf(sigma2), mpmath.mpc(z)
        w = zz / s2
        a, b = (1 - mpmath.sqrt(cc)) ** 2, (1 + mpmath.sqrt(cc)) ** 2
        return complex((1 - cc - w + mpmath.sqrt(w - a) * mpmath.sqrt(w - b)) / (2 * cc * w) / s2)


@pytest.mark.parametrize(("z", "c", "sigma2"), [
    (1e16, 0.5, 1.0), (-1.0, 0.5, 1e300), (1e300, 2.0, 1.0), (-1e-300, 0.5, 1.0), (3e-5 + 1e-3j, 0.3, 1.0),
    (1e200j, 0.5, 1e-100), (-7.0, 4.0, 1e-300), (2.5 + 1e-9j, 0.5, 1.0), (1e-300, 3.0, 1.0), (1e308, 1e-3, 1.0),
])
def test_mp_stieltjes_far_and_near(z: complex, c: float, sigma2: float) -> None:
    from theory import mp

    ref = _mp_stieltjes_exact(z, c, sigma2)
    got = complex(mp.stieltjes(z, c, sigma2))
    assert abs(got - ref) <= 1e-13 * abs(ref)


@pytest.mark.parametrize(("z", "c"), [(-1.0, 0.5), (5.0, 0.5), (1.0 + 1.0j, 2.0), (-0.1, 3.0), (20.0, 0.1)])
def test_mp_stieltjes_matches_quadrature(z: complex, c: float) -> None:
    from theory import mp

    ref = _mp_stieltjes_quad(z, c, 1.0)
    assert abs(complex(mp.stieltjes(z, c)) - ref) <= 1e-12 * abs(ref)


def _secular_mp(z: Any, theta: float, c: float, alpha: float, gamma: float) -> Any:
    """The secular function in its textbook form (``g1 = (b - sqrt(b^2 - 4cx)) / (2cx)``)."""
    import mpmath

    x = z * z
    b = x + c - 1
    g1 = (b - mpmath.sqrt(b * b - 4 * c * x)) / (2 * c * x)
    g2 = c * g1 + (1 - c) / x
    cross = x * g1 - 1
    quad = (1 - alpha**2) * g2 + alpha**2 * cross
    return theta * (mpmath.sqrt(z * g1 * z * quad) - alpha * gamma * cross) - 1


@pytest.mark.parametrize(("theta", "c", "alpha", "gamma"), [
    (1e8, 0.5, 0.2, 0.0), (1e8, 0.5, 0.2, 0.8), (3.0, 1.5, 0.3, 0.5), (1e150, 2.0, 0.5, 0.7),
    (1.2, 1e-6, 0.9, 0.9),
    (150.0, 1e8, 0.1, 0.1), (1e300, 1.0, 0.0, 0.0),
])
def test_correlated_outlier_matches_high_precision_root(theta: float, c: float, alpha: float,
                                                        gamma: float) -> None:
    import mpmath

    from theory import adam_step

    got = adam_step.correlated_outlier(theta, c, alpha, gamma)
    with mpmath.workdps(700):
        args = (mpmath.mpf(theta), mpmath.mpf(c), mpmath.mpf(alpha), mpmath.mpf(gamma))
        ref = mpmath.findroot(lambda z: _secular_mp(z, *args), mpmath.mpf(got), tol=mpmath.mpf(10) ** -600)
        assert abs(_secular_mp(ref, *args)) < 1e-100
    assert got == pytest.approx(float(ref), rel=1e-12)


def test_spiked_huge_spikes_against_high_precision() -> None:
    import mpmath

    from theory import mp, spiked

    with mpmath.workdps(800):
        for theta, c in ((1e155, 0.5), (1e78, 0.5), (2.0, 0.5), (1e300, 3.0), (1e-70, 1e-300)):
            t, cc = mpmath.mpf(theta), mpmath.mpf(c)
            left = 1 - cc * (1 + t**2) / (t**2 * (t**2 + cc))
            right = 1 - (cc + t**2) / (t**2 * (t**2 + 1))
            value = mpmath.sqrt((1 + t**2) * (cc + t**2)) / t
            got_left, got_right = spiked.rect_overlaps(theta, c)
            assert got_left == pytest.approx(float(left), rel=1e-14, abs=1e-300)
            assert got_right == pytest.approx(float(right), rel=1e-14, abs=1e-300)
            assert spiked.rect_singular_value(theta, c) == pytest.approx(float(value), rel=1e-14)
        ell = mpmath.mpf(1e154)
        std = mpmath.sqrt(2 * (1 + ell) ** 2 * (1 - mpmath.mpf(0.5) / ell**2) / 100)
        assert float(np.asarray(spiked.outlier_std([1e154], 0.5, 100))[0]) == pytest.approx(float(std), rel=1e-14)
    with pytest.raises(ValueError, match="ell"):
        spiked.outlier_variance(1e155, 0.5)  # 2e310: does not fit
    with pytest.raises(ValueError, match="z"):
        mp.stieltjes(1e-310, 3.0)  # -atom / z = -6.7e309: does not fit


def test_overflowing_powers_are_rewritten_or_refused() -> None:
    import mpmath

    from theory import adam_step, kesten, mp, rff, tracy_widom

    # true E[lambda^3] at c = 1e155 is about c^2 = 1e310: refused
    with mpmath.workdps(50):
        assert sum(mpmath.binomial(3, r) * mpmath.binomial(2, r) * mpmath.mpf(1e155) ** r / (r + 1)
                   for r in range(3)) > mpmath.mpf(np.finfo(float).max)
    with pytest.raises(ValueError, match=r"\bk\b"):
        mp.moment(3, 1e155)
    assert mp.moment(3, 1e100) == pytest.approx(1e200 / 3 * 3, rel=1e-12)  # c^2 (k=3, r=2: C(3,2) C(2,2)/3 = 1)
    assert kesten.tail_index_lognormal(-0.5, 1e155) == pytest.approx(1e-310, rel=1e-12, abs=0)
    with pytest.raises(ValueError, match="noise_std"):
        adam_step.residual_second_moment(1e155)
    with pytest.raises(ValueError, match="n"):
        tracy_widom.wishart_lmax_scaling(n=10**400, p=5)
    train = rff.train_mse(X_DATA, Y_DATA, 4, 1e200)  # lam^2 = 1e400 cancels: the MSE tends to mean y^2
    assert train == pytest.approx(float(np.mean(Y_DATA**2)), rel=1e-9)


def test_rff_kernels_with_huge_entries_match_the_definition() -> None:
    import mpmath

    from theory import rff

    X = np.array([[1e155, 1.0], [1e155 + 2.0**460, -1.0], [0.5, 0.25]])
    kc, ks = rff.kernels(X)
    with mpmath.workdps(400):  # a - |t| ~ 1 next to a ~ 1e310
        rows = [[mpmath.mpf(v) for v in row] for row in X]
        for i, x in enumerate(rows):
            for j, y in enumerate(rows):
                a = (sum(v * v for v in x) + sum(v * v for v in y)) / 2
                t = sum(u * v for u, v in zip(x, y, strict=True))
                assert kc[i, j] == pytest.approx(float(mpmath.exp(-a) * mpmath.cosh(t)), rel=1e-12, abs=1e-300)
                assert ks[i, j] == pytest.approx(float(mpmath.exp(-a) * mpmath.sinh(t)), rel=1e-12, abs=1e-300)
    point = rff.fixed_point(X, 4, 0.1)  # was LinAlgError
    assert math.isfinite(point.delta_cos)
    assert math.isfinite(point.delta_sin)


def test_one_step_with_overflowing_gradient_square_is_a_sign_step() -> None:
    from sim import two_layer

    result = two_layer.one_step(40, 20, 10, "adam", 0.1, 0, noise_std=1e300)
    assert float(result.update_frobenius[0]) == pytest.approx(0.1 * math.sqrt(20 * 10), rel=1e-12)




def _validation_cases() -> list[tuple[str, Callable[[], Any], str]]:
    from sim import two_layer
    from theory import adam_step, heavy_tails, mp, power_law_fit, spiked
    from theory import tracy_widom as tw

    config = {"n": 10, "h": 10, "d": 10}
    return [
        ("bool in array", lambda: spiked.outlier([True, 2.0], 0.5), "ell"),
        ("bool array", lambda: mp.pdf(np.array([True, False]), 0.5), "x"),
        ("correlated='False'", lambda: adam_step.rank_one_update("adam", 10, 10, 10, correlated="False"),
         "correlated"),
        ("aligned_quadratic=1", lambda: adam_step.correlated_outlier(2.0, 1.5, aligned_quadratic=1),
         "aligned_quadratic"),
        ("weight_norm='no'", lambda: two_layer.TwoLayerConfig(**config, weight_norm="no"), "weight_norm"),
        ("lr_decay=True", lambda: two_layer.TwoLayerConfig(**config, lr_decay=True), "lr_decay"),
        ("betas=0.9", lambda: two_layer.TwoLayerConfig(**config, betas=0.9), "betas"),
        ("2-D eigs", lambda: heavy_tails.stable_rank([[1.0, 2.0], [3.0, 4.0]]), "eigs"),
        ("2-D eigs (hill)", lambda: power_law_fit.alpha_hill([[1.0, 2.0], [3.0, 4.0]]), "eigs"),
        ("array beta", lambda: tw.cdf(0.0, np.array([1, 2])), "beta"),
        ("array optimizer", lambda: adam_step.learning_rate_threshold(np.array(["adam"]), 10, 10, 10),
         "optimizer"),
        ("array init", lambda: two_layer.one_step(10, 10, 10, "adam", 0.1, 0, init=np.array(["ntk"])), "init"),
        ("fit='abc'", lambda: heavy_tails.alpha_hat([1.0, 2.0, 3.0, 5.0], fit="abc"), "fit"),
        ("device='gpu'", lambda: two_layer.one_step(10, 10, 10, "adam", 0.1, 0, device="gpu"), "device"),
    ]


@pytest.mark.parametrize("case", range(14))
def test_issue_18_validation_cases(case: int) -> None:
    _, call, name = _validation_cases()[case]
    with pytest.raises((ValueError, TypeError), match=rf"\b{name}\b"):
        call()


def test_device_error_lists_allowed_values() -> None:
    from sim.device import resolve_device

    with pytest.raises(ValueError, match=r"device.*'cpu'.*'cuda'"):
        resolve_device("gpu")


@pytest.mark.parametrize("c", [1e-30, 1e-12, 1e-6, 9e-3, 2e-2])
def test_mp_cdf_and_pdf_small_c_match_quadrature(c: float) -> None:
    """Small c: the closed form's terms cancel (2e-10 relative at c = 1e-6 before issue 18); the angle
    integral is checked against 40-digit quadrature of the density between the exact edges."""
    import mpmath

    from theory import mp

    with mpmath.workdps(40):
        cc = mpmath.mpf(c)
        lo, hi = (1 - mpmath.sqrt(cc)) ** 2, (1 + mpmath.sqrt(cc)) ** 2

        def density(t: Any) -> Any:
            return mpmath.sqrt((hi - t) * (t - lo)) / (2 * mpmath.pi * cc * t)

        for fraction in (0.05, 0.3, 0.5, 0.7, 0.95):
            x = float(lo + (hi - lo) * fraction)
            ref = mpmath.quad(density, [lo, mpmath.mpf(x)])
            assert mp.cdf(x, c) == pytest.approx(float(ref), rel=1e-12)
            assert mp.pdf(x, c) == pytest.approx(float(density(mpmath.mpf(x))), rel=1e-9)


# ----------------------------------------------------------------------------- issue 18 follow-up: adam_alignment
# and scaling against references computed in mpmath from the textbook forms (which cancel or overflow in float64)


def _spike_vectors_mp(theta: float, c: float, alpha: float, gamma: float, z: float) -> tuple[float, float, float]:
    """Squared right/left overlaps and teacher factor from the module docstring's unscaled forms, 300 digits."""
    import mpmath

    with mpmath.workdps(60 + 5 * int(math.log10(z))):  # x^2 F' cancels ~4 log10(z) digits
        t, cc, a, g, zz = (mpmath.mpf(v) for v in (theta, c, alpha, gamma, z))
        x = zz * zz
        b = x + cc - 1
        root = mpmath.sqrt(b * b - 4 * cc * x)
        big_f, d_big_f = (b - root) / (2 * cc), (1 - (b - 2 * cc) / root) / (2 * cc)
        g1 = big_f / x
        d_g1 = (d_big_f - g1) / x
        g2, d_g2 = cc * g1 + (1 - cc) / x, cc * d_g1 - (1 - cc) / (x * x)
        quad, d_quad = (1 - a * a) * g2 + a * a * (big_f - 1), (1 - a * a) * d_g2 + a * a * d_big_f
        psi = a * g * (big_f - 1)
        r = -(1 + t * psi) / (t * zz * quad)
        norm = -d_big_f - 2 * zz * r * a * g * d_big_f - zz * zz * r * r * d_quad
        left = -(quad + x * d_quad) - 2 * zz * a * g * d_big_f / r - zz * zz * d_g1 / (r * r)
        return (float(min(1, 1 / (t * t * norm))), float(min(1, 1 / (t * t * left))),
                float((1 + t * psi) * g2 / quad))


@pytest.mark.parametrize(("theta", "c", "alpha", "gamma"), [
    (2.0, 1.5, 0.3, 0.5), (300.0, 0.01, 0.9, 0.5), (1e4, 0.5, 0.3, 0.5), (1.33e8, 1.5, 0.3, 0.5),
    (1e30, 4.0, 0.9, 1.0), (1e100, 0.5, 0.3, 0.5),
])
def test_spike_vectors_large_theta_against_high_precision(theta: float, c: float, alpha: float,
                                                          gamma: float) -> None:
    """Before issue 18's follow-up x^2 F' cancelled (right overlap 0.982 for 1.0 at theta = 1e4, -2.03 at
    1.33e8) and x = z^2 overflowed (teacher factor NaN from theta ~ 1e154)."""
    from theory import adam_alignment

    vec = adam_alignment.spike_vectors(theta, c, alpha, gamma)
    right, left, factor = _spike_vectors_mp(theta, c, alpha, gamma, vec.z)
    assert vec.right_overlap_sq == pytest.approx(right, rel=1e-12)
    assert vec.left_overlap_sq == pytest.approx(left, rel=1e-12)
    assert vec.teacher_factor == pytest.approx(factor, rel=1e-12)


def test_haar_overlap_tails_against_high_precision() -> None:
    """``betaincinv(.., 1 - tail)`` returned 1 for tails below 1.1e-16; quad over [0, 1] returned 0 for the
    mean at dim = 1e12 (the integrand's step sits at 3e-6)."""
    import mpmath

    from theory import adam_alignment

    k, dim, level = 10, 1000, 1e-20
    got = adam_alignment.haar_overlap_bound(k, dim, level)
    with mpmath.workdps(50):
        def excess(t: Any) -> Any:
            return k * k * mpmath.betainc((dim - 1) / mpmath.mpf(2), mpmath.mpf(0.5), 0, 1 - t * t,
                                          regularized=True) - level
        ref = mpmath.findroot(lambda t: mpmath.log(excess(t) + level) - mpmath.log(level),
                              (mpmath.mpf(0.2), mpmath.mpf(0.5)), solver="illinois")
    assert got == pytest.approx(float(ref), rel=1e-10)
    # dim = 1e12: an entry is N(0, 1/dim) up to O(1/dim); E max of k^2 independent |N(0, 1)| by quadrature
    with mpmath.workdps(30):
        gauss = mpmath.quad(lambda u: 1 - mpmath.erf(u / mpmath.sqrt(2)) ** (k * k), [0, 2, 4, 8, mpmath.inf])
    assert adam_alignment.haar_overlap_max_mean(k, 10**12) == pytest.approx(float(gauss) / 1e6, rel=1e-9)
    with pytest.raises(ValueError, match="level"):
        adam_alignment.haar_overlap_bound(10, 225, 5e-324)  # level / k^2 underflows: was 1.0


def _kappa_mp(eigs: list[Any], n: int, lam: float, bracket: tuple[float, float]) -> Any:
    """The textbook fixed point ``lam/kappa + (1/n) sum lambda/(lambda + kappa) = 1``, in log kappa (mpmath)."""
    import mpmath

    def phi(u: Any) -> Any:
        k = mpmath.exp(u)
        return lam / k + sum(v / (v + k) for v in eigs) / n - 1

    return mpmath.exp(mpmath.findroot(phi, tuple(mpmath.log(b) for b in bracket), solver="illinois"))


def test_effective_ridge_and_risk_against_high_precision() -> None:
    """Eigenvalues spread over 200 decades (``lambda/(lambda + kappa)`` rounds to 1: kappa was 1.67e19 for
    1.846e19) and a ridge of 1e200 (``kappa^2`` overflowed: the risk was NaN)."""
    import mpmath

    from theory import scaling

    eigs, n, lam = [1.0, 2.6212057023968867e38, 8.96923575928545e153, 5.209795415377299e200], 3, 0.1
    with mpmath.workdps(400):
        e = [mpmath.mpf(v) for v in eigs]
        kappa = _kappa_mp(e, n, lam, (1e19, 3e19))
    assert scaling.effective_ridge(eigs, n, lam) == pytest.approx(float(kappa), rel=1e-12)
    eigs2, beta2, sigma2, n2, lam2 = [1.0, 2.0], [1.0, 3.0], 0.5, 3, 1e200
    with mpmath.workdps(100):
        e = [mpmath.mpf(v) for v in eigs2]
        k = _kappa_mp(e, n2, lam2, (lam2, 2 * lam2))
        df2 = sum((v / (v + k)) ** 2 for v in e)
        bias = k * k * sum(v * b / (v + k) ** 2 for v, b in zip(e, beta2, strict=True))
        risk = (bias + sigma2 * df2 / n2) / (1 - df2 / n2)
    assert scaling.ridge_risk(eigs2, beta2, sigma2, n2, lam2) == pytest.approx(float(risk), rel=1e-12)


def test_gd_power_law_large_exponent_against_high_precision() -> None:
    """``a = kappa/nu`` beyond 171.6: Gamma(a) overflowed (inf, and inf * 0 = NaN where the power underflows)."""
    import mpmath

    from theory import scaling

    t, eta, big_lambda, nu, big_c, kappa = 10.0, 0.5, 1.0, 1.01, 1.0, 200.0
    with mpmath.workdps(50):
        a = mpmath.mpf(kappa) / nu
        lead = big_c / (2 * mpmath.mpf(nu)) * mpmath.gamma(a) * (2 * mpmath.mpf(eta) * big_lambda * t) ** (-a)
        second = (mpmath.gamma(a + 4) / 32 - mpmath.gamma(a + 3) / 12) / mpmath.gamma(a)
        expansion = lead * (1 - mpmath.gamma(a + 2) / mpmath.gamma(a) / (4 * t) + second / t**2)
    assert scaling.gd_power_law_asymptote(t, eta, big_lambda, nu, big_c, kappa) == pytest.approx(float(lead),
                                                                                                   rel=1e-12)
    got = scaling.gd_power_law_expansion(t, eta, big_lambda, nu, big_c, kappa, order=2)
    assert got == pytest.approx(float(expansion), rel=1e-12)
    assert scaling.gd_power_law_asymptote(1e6, eta, big_lambda, nu, big_c, kappa) == 0.0  # 1e-2000: was NaN
