"""Parameter validation shared by every closed form.

Each helper raises :class:`ValueError` naming the parameter and its allowed range, in the
spirit of ``scipy.stats`` argument checks but strict: nothing silently becomes NaN.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def positive_finite(name: str, value: float) -> float:
    """Return ``value`` as a float if it is finite and > 0, else raise ``ValueError``."""
    x = real_scalar(name, value)
    if not x > 0.0:
        raise ValueError(f"{name} must be a finite number > 0 (allowed range (0, inf)); got {value!r}")
    return x


def real_scalar(name: str, value: float) -> float:
    """Return a finite real scalar as float; reject bools, NaN, inf, complex and non-numbers."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a finite real number; got {value!r}")
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite real number (allowed range (-inf, inf)); got {value!r}")
    return x


def in_open_interval(name: str, value: float, low: float, high: float) -> float:
    """Return ``value`` if ``low < value < high`` (finite), else raise ``ValueError``."""
    x = real_scalar(name, value)
    if not low < x < high:
        raise ValueError(f"{name} must lie in ({low}, {high}); got {value!r}")
    return x


def positive_int(name: str, value: int) -> int:
    """Return ``value`` if it is an integer >= 1 (bools rejected), else raise ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a positive integer (allowed range 1, 2, ...); got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer (allowed range 1, 2, ...); got {value!r}")
    return int(value)


def nonneg_int(name: str, value: int) -> int:
    """Return ``value`` if it is an integer >= 0 (bools rejected), else raise ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ValueError(f"{name} must be an integer >= 0 (allowed range 0, 1, 2, ...); got {value!r}")
    return int(value)


def finite_array(name: str, value: ArrayLike) -> FloatArray:
    """Convert to a float64 array; reject NaN, infinities and non-real input."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be real numbers; got {value!r}") from exc
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
