#!/usr/bin/env python3
"""NumPy's side of `cargo bench --bench sorting`: the same workloads on the same sizes, timed
the same way (after one warm-up, the median and minimum of --runs calls), for ratios taken in
one sitting.

    python3 benches/numpy_sorting.py [--runs N] [--quick]

Prints one line per workload: the criterion id it matches, then median and minimum in ms.
The input is 10M standard normal f64 (--quick: 100k), the integers 10M draws from 0..1000.
NumPy's sorts are single-threaded (AVX-512/AVX2 SIMD sorts from x86-simd-sort where the CPU
has them); numfuse's run on every core.
"""

import argparse
import os
import time

import numpy as np

# Same timing as the linalg side (warm-up, then median and minimum of --runs calls).
from numpy_linalg import timeit


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--quick", action="store_true", help="smaller inputs (smoke run)")
    args = ap.parse_args()
    n = 100_000 if args.quick else 10_000_000
    rng = np.random.default_rng(7)
    x = rng.standard_normal(n)
    k = rng.integers(0, 1000, n)
    print(f"# NumPy {np.__version__}, {os.cpu_count()} CPUs, n = {n}")
    work = [
        ("sort/f64", lambda: np.sort(x)),
        ("sort/i64", lambda: np.sort(k)),
        ("argsort/f64", lambda: np.argsort(x)),
        ("argsort_stable/f64", lambda: np.argsort(x, kind="stable")),
        ("argpartition/f64", lambda: np.argpartition(x, n // 2)),
        ("percentile_5_50_95/f64", lambda: np.percentile(x, [5, 50, 95])),
        ("median/f64", lambda: np.median(x)),
        ("histogram_100/f64", lambda: np.histogram(x, bins=100)),
        ("unique_counts/i64", lambda: np.unique(k, return_counts=True)),
    ]
    for name, f in work:
        med, best = timeit(f, args.runs)
        print(f"{name:28s} median {med:9.2f} ms   min {best:9.2f} ms")


if __name__ == "__main__":
    main()
