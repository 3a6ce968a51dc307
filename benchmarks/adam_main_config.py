"""Time 10 full-batch FB-Adam steps at the source's main configuration (n, h, d) = (2000, 1500, 1000).

Usage: ``python benchmarks/adam_main_config.py [--repeats R] [--steps T]``. Prints the best and median wall time of
``sim.two_layer.train`` (metrics probed at steps 0, 1 and the last, as the claims do) on this machine's CPU, with
the torch thread count. To compare two versions of the code, run this script from each checkout alternately on an
otherwise idle machine (the README quotes such a side-by-side run).
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch

from sim.two_layer import TwoLayerConfig, train


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed runs (default 3)")
    parser.add_argument("--steps", type=int, default=10, help="FB-Adam steps (default 10)")
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.steps < 1:
        parser.error("--repeats and --steps must be >= 1")
    config = TwoLayerConfig(n=2000, h=1500, d=1000, optimizer="adam", lr=0.1, steps=args.steps)
    train(config, 0)  # warm-up (allocator, BLAS)
    times = []
    for seed in range(args.repeats):
        started = time.perf_counter()
        train(config, seed)
        times.append(time.perf_counter() - started)
    print(f"(2000, 1500, 1000), {args.steps} FB-Adam steps, {torch.get_num_threads()} torch threads: "
          f"best {min(times):.2f} s, median {statistics.median(times):.2f} s over {args.repeats} runs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
