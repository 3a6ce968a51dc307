"""Parameter validation shared by every closed form.

Each helper raises :class:`ValueError` naming the parameter and its allowed range, in the
spirit of ``scipy.stats`` argument checks but strict: nothing silently becomes NaN.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
T = TypeVar("T")

#: Largest size accepted by :func:`positive_int` / :func:`nonneg_int` (int64): larger sizes cannot
#: index an array, and their float conversions overflow in the formulas (``sqrt(10**400)``).
MAX_INT = 2**63 - 1
#: ``sqrt`` of the largest float: a square of a larger number overflows.
SQRT_MAX = math.sqrt(np.finfo(np.float64).max)


def positive_finite(name: str, value: float) -> float:
    """Return ``value`` as a float if it is finite and > 0, else raise ``ValueError``."""
    x = real_scalar(name, value, "(0, inf)")
    if not x > 0.0:
        raise ValueError(f"{name} must be a finite number > 0 (allowed range (0, inf)); got {value!r}")
    return x


def real_scalar(name: str, value: float, allowed: str = "(-inf, inf)") -> float:
    """Return a finite real scalar as float; reject bools, NaN, inf, complex and non-numbers.

    ``allowed`` is the parameter's real allowed range, quoted in the message (callers that check a narrower
    range afterwards pass it, so a NaN for a positive parameter is not told "(-inf, inf)")."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a finite real number (allowed range {allowed}); got {value!r}")
    try:
        x = float(value)
    except OverflowError:  # an integer beyond the float range
        x = math.inf
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite real number (allowed range {allowed}); got {value!r}")
    return x


def in_open_interval(name: str, value: float, low: float, high: float) -> float:
    """Return ``value`` if ``low < value < high`` (finite), else raise ``ValueError``."""
    x = real_scalar(name, value, f"({low}, {high})")
    if not low < x < high:
        raise ValueError(f"{name} must lie in ({low}, {high}); got {value!r}")
    return x


def positive_int(name: str, value: int) -> int:
    """Return ``value`` if it is an integer in ``[1, 2**63 - 1]`` (bools rejected), else raise ``ValueError``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or not 1 <= value <= MAX_INT:
        raise ValueError(f"{name} must be a positive integer (allowed range 1, 2, ..., 2**63 - 1); got {value!r}")
    return int(value)


def nonneg_int(name: str, value: int) -> int:
    """Return ``value`` if it is an integer in ``[0, 2**63 - 1]`` (bools rejected), else raise ``ValueError``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or not 0 <= value <= MAX_INT:
        raise ValueError(f"{name} must be an integer >= 0 (allowed range 0, 1, ..., 2**63 - 1); got {value!r}")
    return int(value)


def flag(name: str, value: bool) -> bool:
    """Return ``value`` if it is a real bool (``True``/``False``, numpy bools included), else ``ValueError``.

    Strings such as ``'False'`` and numbers such as 0 are refused: their truth value is not what
    the caller meant."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False; got {value!r}")
    return bool(value)


def option(name: str, value: str, allowed: Sequence[str]) -> str:
    """Return ``value`` if it is one of the strings ``allowed``, else raise ``ValueError`` listing them."""
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name} must be one of {tuple(allowed)}; got {value!r}")
    return value


def function(name: str, value: Callable[..., T]) -> Callable[..., T]:
    """Return ``value`` if it is callable, else raise ``TypeError`` naming the parameter."""
    if not callable(value):
        raise TypeError(f"{name} must be a callable; got {value!r}")
    return value


def square(name: str, value: float) -> float:
    """``value**2`` as a float, or ``ValueError`` when it exceeds the float64 range (a plain-float
    power would raise ``OverflowError`` instead)."""
    if abs(value) > SQRT_MAX:
        raise ValueError(f"{name} must be at most {SQRT_MAX:.4g} in magnitude here (its square overflows "
                         f"float64); got {value!r}")
    return value * value


def finite_result(value: T, names: str) -> T:
    """Return ``value`` if every number in it is finite; otherwise the true result does not fit in
    float64 and ``ValueError`` names the parameters ``names`` responsible."""
    parts: Any = value if isinstance(value, tuple) else (value,)
    for part in parts:
        arr = np.asarray(part)
        if arr.dtype.kind in "fc" and not np.all(np.isfinite(arr)):
            raise ValueError(f"the result overflows float64 for these arguments: {names} out of range "
                             "(the true value is larger than 1.8e308)")
    return value


def _holds_bool(value: object) -> bool:
    """Whether a (nested) list or tuple holds a bool: numpy would silently read ``[True, 2.0]`` as ``[1, 2]``."""
    if isinstance(value, (list, tuple)):
        return any(isinstance(v, (bool, np.bool_)) or _holds_bool(v) for v in value)
    return False


def finite_array(name: str, value: ArrayLike, ndim: int | tuple[int, ...] | None = None) -> FloatArray:
    """Convert to a float64 array; reject NaN, infinities, booleans and non-real input, and (when
    ``ndim`` is given) arrays of another rank."""
    if isinstance(value, (bool, np.bool_, str, bytes)) or _holds_bool(value):
        raise ValueError(f"{name} must be real numbers (no booleans or strings); got {value!r}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be real numbers; got {value!r}") from exc
    if raw.dtype.kind not in "iuf":
        raise ValueError(f"{name} must be real numbers (no booleans, strings, complex or missing values); "
                         f"got dtype {raw.dtype}")
    arr = raw.astype(np.float64)
    if ndim is not None:
        ranks = (ndim,) if isinstance(ndim, int) else ndim
        if arr.ndim not in ranks:
            raise ValueError(f"{name} must be an array with {' or '.join(map(str, ranks))} dimension(s); "
                             f"got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf) real numbers")
    return arr


def nonneg_array(name: str, value: ArrayLike) -> FloatArray:
    """Convert to a float64 array of finite values >= 0 (e.g. spike strengths)."""
    arr = finite_array(name, value)
    if np.any(arr < 0.0):
        raise ValueError(f"{name} must be finite and >= 0 (allowed range [0, inf))")
    return arr


def probability_array(name: str, value: ArrayLike) -> FloatArray:
    """Convert to a float64 array of probabilities in [0, 1]."""
    arr = finite_array(name, value)
    if np.any((arr < 0.0) | (arr > 1.0)):
        raise ValueError(f"{name} must lie in [0, 1]")
    return arr


def as_output(result: FloatArray, template: ArrayLike) -> float | FloatArray:
    """Return a Python float when the input was a scalar, else an array of the input's shape."""
    if np.ndim(template) == 0:
        return float(result.reshape(()))
    return result.reshape(np.shape(template))
