"""Argument checks for the torch side (tensors, generators, dtypes, shapes); scalars use :mod:`theory._validate`.

Every helper raises ``ValueError`` (``TypeError`` for a wrong kind of object) naming the parameter.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np
import torch

from theory._validate import positive_int

#: The float dtypes the simulations run in.
FLOAT_DTYPES = (torch.float64, torch.float32)
#: Largest extent of one dimension of a sampled tensor (int32 indexing on every backend).
MAX_DIM = 2**31 - 1
#: Magnitudes outside ``[2^-500, 2^500]`` are rescaled by a power of two before a Gram matrix is formed.
_SCALE_LIMIT = 2.0**500


def tensor(name: str, value: torch.Tensor, ndim: int | None = None, min_ndim: int | None = None) -> torch.Tensor:
    """``value`` if it is a finite floating-point tensor of the given rank, else ``TypeError``/``ValueError``."""
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor; got {type(value).__name__}")
    if not value.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor; got dtype {value.dtype}")
    if ndim is not None and value.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions; got shape {tuple(value.shape)}")
    if min_ndim is not None and value.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimensions; got shape {tuple(value.shape)}")
    if value.numel() == 0:
        raise ValueError(f"{name} must not be empty; got shape {tuple(value.shape)}")
    if not bool(torch.isfinite(value).all()):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    return value


def generator(name: str, value: torch.Generator) -> torch.Generator:
    """``value`` if it is a ``torch.Generator`` (explicit randomness only), else ``TypeError``."""
    if not isinstance(value, torch.Generator):
        raise TypeError(f"{name} must be a torch.Generator (see sim.device.generator); got {value!r}")
    return value


def float_dtype(name: str, value: torch.dtype) -> torch.dtype:
    """``value`` if it is ``torch.float64`` or ``torch.float32``, else ``ValueError``."""
    if not isinstance(value, torch.dtype) or value not in FLOAT_DTYPES:
        raise ValueError(f"{name} must be one of {FLOAT_DTYPES}; got {value!r}")
    return value


def shape(name: str, value: Sequence[int]) -> tuple[int, ...]:
    """A tuple of integers in ``[0, 2^31 - 1]`` (bools refused)."""
    if not isinstance(value, (tuple, list, torch.Size)):
        raise ValueError(f"{name} must be a tuple of integers; got {value!r}")
    out = []
    for extent in value:
        if isinstance(extent, (bool, np.bool_)) or not isinstance(extent, numbers.Integral) \
                or not 0 <= int(extent) <= MAX_DIM:
            raise ValueError(f"{name} must hold integers in [0, {MAX_DIM}]; got {value!r}")
        out.append(int(extent))
    return tuple(out)


def size(name: str, value: int) -> int:
    """A positive integer size (``theory._validate.positive_int``)."""
    return positive_int(name, value)


def power_of_two_scale(x: torch.Tensor) -> float:
    """1, or a power of two ``s`` with ``max |x| / s`` in ``[1, 2)`` when ``max |x|`` lies outside
    ``[2^-500, 2^500]`` (dividing by it is exact; Gram matrices of ``x / s`` neither overflow nor underflow)."""
    top = float(torch.max(torch.abs(x)))
    if top == 0.0 or 1.0 / _SCALE_LIMIT <= top <= _SCALE_LIMIT:
        return 1.0
    return math.ldexp(1.0, math.frexp(top)[1] - 1)
