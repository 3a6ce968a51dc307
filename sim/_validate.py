"""Argument checks for the torch side (tensors, generators, dtypes, shapes); scalars use :mod:`theory._validate`.

Every helper raises ``ValueError`` (``TypeError`` for a wrong kind of object) naming the parameter.
Tensor checks look at the dtype, device and shape (O(1)) and, unless told otherwise, make one pass
over the entries for finiteness; the simulators' inner loops call unchecked private helpers instead.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np
import torch

from theory._validate import positive_int, real_scalar

#: The float dtypes the simulations run in (float16/bfloat16 lack the CPU linear algebra and the range).
FLOAT_DTYPES = (torch.float64, torch.float32)
#: Device types a tensor may live on.
DEVICE_TYPES = ("cpu", "cuda")
#: Largest extent of one dimension of a sampled tensor (int32 indexing on every backend).
MAX_DIM = 2**31 - 1
#: Largest number of entries of one sampled tensor (16 GiB in float64): larger requests are refused up
#: front instead of failing in the allocator (or paging for hours).
MAX_ELEMENTS = 2**31 - 1
#: Magnitudes outside ``[2^-500, 2^500]`` are rescaled by a power of two before a Gram matrix is formed.
_SCALE_LIMIT = 2.0**500


def tensor(name: str, value: torch.Tensor, ndim: int | None = None, min_ndim: int | None = None, *,
           device: torch.device | None = None, dtype: torch.dtype | None = None, empty: bool = False,
           finite: bool = True, like: str = "the other arguments") -> torch.Tensor:
    """``value`` if it is a float64 or float32 tensor on a CPU or CUDA device, of the given rank, non-empty
    (unless ``empty``), finite (unless ``finite=False``), on ``device`` and of ``dtype`` when these are given;
    else ``TypeError`` (not a tensor, another dtype) or ``ValueError``."""
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor; got {type(value).__name__}")
    if value.dtype not in FLOAT_DTYPES:
        raise TypeError(f"{name} must be a float64 or float32 tensor; got dtype {value.dtype}")
    if dtype is not None and value.dtype != dtype:
        raise TypeError(f"{name} must have dtype {dtype} (that of {like}); got {value.dtype}")
    if value.device.type not in DEVICE_TYPES:
        raise ValueError(f"{name} must live on a CPU or CUDA device; got device {value.device}")
    if device is not None and not same_device(value.device, device):
        raise ValueError(f"{name} must live on device {device} (that of {like}); "
                         f"got device {value.device}")
    if ndim is not None and value.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions; got shape {tuple(value.shape)}")
    if min_ndim is not None and value.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimensions; got shape {tuple(value.shape)}")
    if value.numel() == 0:
        if not empty:
            raise ValueError(f"{name} must not be empty; got shape {tuple(value.shape)}")
        return value
    if finite and not bool(torch.isfinite(value).all()):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    return value


def same_device(a: torch.device, b: torch.device) -> bool:
    """Whether two devices are the same (``cuda`` and ``cuda:0`` are, when 0 is the current device)."""
    if a.type != b.type:
        return False
    if a.type != "cuda" or a.index == b.index:
        return True
    current = torch.cuda.current_device() if torch.cuda.is_available() else 0
    return (current if a.index is None else a.index) == (current if b.index is None else b.index)


def sizes(*named: tuple[str, int]) -> tuple[int, ...]:
    """Positive integer sizes, each at most ``MAX_DIM`` and with a product (the entries of the tensor they
    shape) at most ``MAX_ELEMENTS``; ``ValueError`` naming the offending size(s) otherwise."""
    out = []
    for name, value in named:
        positive_int(name, value)
        if value > MAX_DIM:
            raise ValueError(f"{name} must be a positive integer <= {MAX_DIM} "
                             f"(allowed range 1, 2, ..., 2**31 - 1); "
                             f"got {value!r}")
        out.append(int(value))
    total = math.prod(out)
    if total > MAX_ELEMENTS:
        names = " * ".join(name for name, _ in named)
        raise ValueError(f"{names} = {total} entries is too many: at most {MAX_ELEMENTS} (2**31 - 1) per tensor")
    return tuple(out)


def generator(name: str, value: torch.Generator) -> torch.Generator:
    """``value`` if it is a ``torch.Generator`` (explicit randomness only) on a CPU or CUDA device, else
    ``TypeError`` / ``ValueError``."""
    if not isinstance(value, torch.Generator):
        raise TypeError(f"{name} must be a torch.Generator (see sim.device.generator); got {value!r}")
    if value.device.type not in DEVICE_TYPES:
        raise ValueError(f"{name} must live on a CPU or CUDA device; got device {value.device}")
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
    if math.prod(out) > MAX_ELEMENTS:
        raise ValueError(f"{name} asks for {math.prod(out)} entries: at most {MAX_ELEMENTS} "
                         f"(2**31 - 1) per tensor; "
                         f"got {value!r}")
    return tuple(out)


def size(name: str, value: int) -> int:
    """A positive integer size at most ``MAX_DIM`` (see :func:`sizes`)."""
    return sizes((name, value))[0]


def nonneg(name: str, value: float) -> float:
    """A finite real number ``>= 0``."""
    x = real_scalar(name, value)
    if x < 0.0:
        raise ValueError(f"{name} must be a finite number >= 0 (allowed range [0, inf)); got {value!r}")
    return x


def power_of_two_scale(x: torch.Tensor) -> float:
    """1, or a power of two ``s`` with ``max |x| / s`` in ``[1, 2)`` when ``max |x|`` lies outside
    ``[2^-500, 2^500]`` (dividing by it is exact; Gram matrices of ``x / s`` neither overflow nor underflow)."""
    top = float(torch.max(torch.abs(x)))
    if top == 0.0 or 1.0 / _SCALE_LIMIT <= top <= _SCALE_LIMIT:
        return 1.0
    return math.ldexp(1.0, math.frexp(top)[1] - 1)
