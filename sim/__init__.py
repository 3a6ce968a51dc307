"""rmtcheck.sim: torch simulations matching each registered claim (float64, seeded)."""

__all__: list[str] = []
