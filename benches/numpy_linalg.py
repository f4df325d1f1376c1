#!/usr/bin/env python3
"""NumPy's side of `cargo bench --bench linalg`: the same workloads, shapes and dtypes, timed
the same way (after one warm-up, the median and minimum of --runs calls), for ratios taken in
one sitting.

    python3 benches/numpy_linalg.py [--runs N] [--quick]

Prints one line per workload: the criterion id it matches, median and minimum in ms, and
GFLOP/s for the matrix products (2 n^3 flops). The header names NumPy's BLAS (from
np.show_config) and its thread count, which is what the Rust numbers are compared with.
Inputs are seeded; the same well-conditioned matrices as the Rust bench (a random matrix plus
n on the diagonal, and A^T A + n I where symmetric positive definite input is needed).
"""

import argparse
import os
import time

import numpy as np


def blas_name():
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        return f'{blas.get("name")} {blas.get("version")}'
    except Exception:  # noqa: BLE001 - only for the header
        return "unknown"


def timeit(f, runs):
    f()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2] * 1e3, times[0] * 1e3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--quick", action="store_true", help="smaller shapes (smoke run)")
    args = ap.parse_args()
    rng = np.random.default_rng(7)
    n_mm, n_solve, n_dec = (128, 100, 64) if args.quick else (1024, 1000, 500)

    def well(n, dt=np.float64):
        return (rng.standard_normal((n, n)) + n * np.eye(n)).astype(dt)

    def spd(n):
        x = rng.standard_normal((n, n))
        return x.T @ x + n * np.eye(n)

    print(f"# NumPy {np.__version__}, BLAS {blas_name()}, {os.cpu_count()} CPUs")
    rows = []
    for dt, name in [(np.float64, "f64"), (np.float32, "f32")]:
        a, b = well(n_mm, dt), well(n_mm, dt)
        med, best = timeit(lambda: a @ b, args.runs)
        rows.append((f"matmul/{name}_{n_mm}", med, best, 2 * n_mm**3 / (best * 1e-3) / 1e9))
    a, bvec = well(n_solve), rng.standard_normal(n_solve)
    rows.append((f"solve/f64_{n_solve}", *timeit(lambda: np.linalg.solve(a, bvec), args.runs),
                 None))
    rows.append((f"solve/inv_then_matmul_{n_solve}",
                 *timeit(lambda: np.linalg.inv(a) @ bvec, args.runs), None))
    d, s = well(n_dec), spd(n_dec)
    for label, f in [
        ("inv", lambda: np.linalg.inv(d)),
        ("det", lambda: np.linalg.det(d)),
        ("cholesky", lambda: np.linalg.cholesky(s)),
        ("qr", lambda: np.linalg.qr(d)),
        ("eigh", lambda: np.linalg.eigh(s)),
        ("svd", lambda: np.linalg.svd(d)),
    ]:
        rows.append((f"decomp/{label}_{n_dec}", *timeit(f, args.runs), None))
    bt, m = (8, 32) if args.quick else (64, 128)
    x, y, z = (rng.standard_normal((bt, m, m)) for _ in range(3))
    rows.append((f"einsum/chain_b{bt}_{m}",
                 *timeit(lambda: np.einsum("bij,bjk,bkl->bil", x, y, z, optimize=True),
                         args.runs), None))
    w = rng.standard_normal((10_000 if not args.quick else 500, 50))
    cov = rng.standard_normal((50, 50))
    rows.append(("einsum/portfolio_ij_jk_ik",
                 *timeit(lambda: np.einsum("ij,jk,ik->i", w, cov, w, optimize=True), args.runs),
                 None))
    for name, med, best, gf in rows:
        extra = f"  {gf:.1f} GFLOP/s" if gf else ""
        print(f"{name:32s} median {med:9.3f} ms  min {best:9.3f} ms{extra}")


if __name__ == "__main__":
    main()
