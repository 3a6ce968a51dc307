"""Device and generator selection: CUDA when present, CPU otherwise; explicit seeds only."""

from __future__ import annotations

import torch

DEFAULT_DTYPE = torch.float64


def default_device() -> torch.device:
    """``cuda`` if a CUDA device is available, else ``cpu``."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def resolve_device(device: torch.device | str | None) -> torch.device:
    """``None`` means :func:`default_device`; strings are parsed by ``torch.device``."""
    return default_device() if device is None else torch.device(device)


def generator(seed: int, device: torch.device | str | None = None) -> torch.Generator:
    """A fresh ``torch.Generator`` on ``device`` seeded with ``seed`` (no global RNG state)."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0; got {seed!r}")
    gen = torch.Generator(device=resolve_device(device))
    gen.manual_seed(seed)
    return gen


def describe(device: torch.device) -> str:
    """Human-readable device name for reports."""
    if device.type == "cuda":
        return f"cuda:{torch.cuda.get_device_name(device)}"
    return "cpu"
