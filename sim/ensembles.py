"""Samplers for iid random matrices with prescribed entry laws (unit variance before scaling).

Entry laws (all mean 0, variance 1):

* ``gaussian`` — N(0, 1);
* ``rademacher`` — ±1 with probability 1/2 (fourth moment 1, the lightest possible);
* ``student_t`` — Student-t with ``STUDENT_T_DF`` = 8 degrees of freedom scaled by
  ``sqrt((df - 2) / df)``: finite moments up to order 7 (so a finite fourth moment), the
  heaviest-tailed law in the universality checks.

The laws themselves (``EntryLaw``, ``ENTRY_LAWS``, ``STUDENT_T_DF``, ``fourth_moment``) live in the
torch-free :mod:`sim.laws` and are re-exported here.
"""

from __future__ import annotations

import math

import torch

from sim import _validate as check
from sim.device import DEFAULT_DTYPE
from sim.laws import ENTRY_LAWS as ENTRY_LAWS
from sim.laws import STUDENT_T_DF as STUDENT_T_DF
from sim.laws import EntryLaw as EntryLaw
from sim.laws import fourth_moment as fourth_moment
from theory._validate import option, positive_finite


def entries(
    shape: tuple[int, ...],
    law: EntryLaw,
    generator: torch.Generator,
    dtype: torch.dtype = DEFAULT_DTYPE,
) -> torch.Tensor:
    """Iid unit-variance entries of the given law on the generator's device."""
    shape = check.shape("shape", shape)
    option("law", law, ENTRY_LAWS)
    check.generator("generator", generator)
    check.float_dtype("dtype", dtype)
    device = generator.device
    if law == "gaussian":
        return torch.randn(shape, generator=generator, device=device, dtype=dtype)
    if law == "rademacher":
        bits = torch.randint(0, 2, shape, generator=generator, device=device)
        return (2 * bits - 1).to(dtype)
    if law == "student_t":
        # chi^2 with an even number df of degrees of freedom is 2 Gamma(df/2) = -2 log of a
        # product of df/2 uniforms on (0, 1]: df/2 uniforms per entry instead of df normals and
        # no (df, *shape) intermediate (that tensor cost 8 GB and a minute at 64 x 464 x 4294).
        df = STUDENT_T_DF
        z = torch.randn(shape, generator=generator, device=device, dtype=dtype)
        product = 1.0 - torch.rand(shape, generator=generator, device=device, dtype=dtype)
        for _ in range(df // 2 - 1):
            product *= 1.0 - torch.rand(shape, generator=generator, device=device, dtype=dtype)
        chi2 = -2.0 * torch.log(product)
        return z * torch.rsqrt(chi2 / df) * math.sqrt((df - 2) / df)
    raise ValueError(f"law must be one of {ENTRY_LAWS}; got {law!r}")


def data_matrix(
    *,
    p: int,
    n: int,
    sigma2: float,
    law: EntryLaw,
    generator: torch.Generator,
    batch: int = 1,
    dtype: torch.dtype = DEFAULT_DTYPE,
) -> torch.Tensor:
    """``batch`` independent ``p x n`` matrices with iid entries of variance ``sigma2`` (finite, > 0); positive
    sizes with ``batch * p * n <= 2^31 - 1``. ``ValueError`` naming ``sigma2`` where the entries overflow."""
    sizes = check.sizes(("batch", batch), ("p", p), ("n", n))
    scale = math.sqrt(positive_finite("sigma2", sigma2))
    out = scale * entries(sizes, law, generator, dtype)
    if scale > 1.0 and not bool(torch.isfinite(out).all()):
        raise ValueError(f"sigma2={sigma2!r} is too large: the entries overflow {dtype}")
    return out
