"""Device and generator selection: CUDA when present, CPU otherwise; explicit seeds only."""

from __future__ import annotations

import torch

DEFAULT_DTYPE = torch.float64


def default_device() -> torch.device:
    """``cuda`` if a CUDA device is available, else ``cpu``."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


#: Device types the simulations run on.
DEVICE_TYPES = ("cpu", "cuda")
#: Largest seed ``torch.Generator.manual_seed`` accepts.
MAX_SEED = 2**64 - 1


def resolve_device(device: torch.device | str | None) -> torch.device:
    """``None`` means :func:`default_device`; strings are parsed by ``torch.device``.

    Allowed: ``None``, ``'cpu'``, ``'cuda'`` or ``'cuda:N'`` (a present CUDA device), or such a
    ``torch.device``; anything else is a ``ValueError`` naming ``device`` and the allowed values."""
    if device is None:
        return default_device()
    allowed = "None, 'cpu', 'cuda', 'cuda:N' or a torch.device of those types"
    if not isinstance(device, (str, torch.device)):
        raise ValueError(f"device must be one of {allowed}; got {device!r}")
    try:
        parsed = torch.device(device)
    except (RuntimeError, ValueError) as exc:
        raise ValueError(f"device must be one of {allowed}; got {device!r}") from exc
    if parsed.type not in DEVICE_TYPES:
        raise ValueError(f"device must be one of {allowed}; got {device!r}")
    if parsed.type == "cuda":
        count = torch.cuda.device_count() if torch.cuda.is_available() else 0
        if count == 0 or (parsed.index is not None and parsed.index >= count):
            raise ValueError(f"device {device!r} is not available ({count} CUDA device(s) present); "
                             f"allowed: {allowed}")
    return parsed


def generator(seed: int, device: torch.device | str | None = None) -> torch.Generator:
    """A fresh ``torch.Generator`` on ``device`` seeded with ``seed`` (no global RNG state)."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be an integer in [0, 2**64 - 1]; got {seed!r}")
    gen = torch.Generator(device=resolve_device(device))
    gen.manual_seed(seed)
    return gen


def describe(device: torch.device | str | None) -> str:
    """Human-readable device name for reports (``device`` as for :func:`resolve_device`)."""
    device = resolve_device(device)
    if device.type == "cuda":
        return f"cuda:{torch.cuda.get_device_name(device)}"
    return "cpu"
