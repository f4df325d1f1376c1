#!/usr/bin/env python3
"""The compare showcase's workloads in NumPy, numexpr and Numba, for side-by-side numbers.

    python3 benches/numpy_compare.py [--quick] [--runs N] [--out target/compare/python.csv]

Writes one CSV row per (workload, tool): the workload id and shape exactly as
`cargo run --release --example compare` names them, the tool, the median and minimum wall time
in milliseconds over `--runs` timed runs (after one warm-up run, which also pays Numba's
compilation), and the threads the tool used. `compare --with-python` merges the file into its
table. numexpr and Numba rows appear only where those packages are installed
(`python3 -m pip install numexpr numba`); NumPy is required.

Every tool computes the same result as NumPy; the script checks that (allclose) before timing,
so a wrong kernel is never timed. Inputs come from a seeded generator, the same shapes as the
Rust example's (`--quick` uses its reduced sizes).
"""

import argparse
import csv
import os
import platform
import sys
import time

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

try:
    import numexpr as ne
except ImportError:
    ne = None
try:
    import numba
    from numba import njit, prange
except ImportError:
    numba = None

THREADS = os.cpu_count() or 1


# ----------------------------------------------------------------------------- workloads
# Each workload: id, shape label, a setup(rng, quick) returning the inputs, and per tool a
# function of those inputs. Ids and shapes must match examples/compare.rs.


def n_elems(quick):
    return 1_000_000 if quick else 10_000_000


def vec_inputs(k, dtype=np.float64):
    def setup(rng, quick):
        return [rng.standard_normal(n_elems(quick)).astype(dtype) for _ in range(k)]

    return setup


def mat_setup(rows, cols, quick_rows):
    def setup(rng, quick):
        return [rng.standard_normal((quick_rows if quick else rows, cols))]

    return setup


def numpy_softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def numpy_pairwise_broadcast(x):
    d = x[:, None, :] - x[None, :, :]
    return np.sqrt((d**2).sum(axis=-1))


def numpy_pairwise_gram(x):
    sq = (x**2).sum(axis=1)
    d2 = sq[:, None] + sq[None, :] - 2.0 * (x @ x.T)
    return np.sqrt(np.maximum(d2, 0.0))


def numpy_standardize(x):
    return (x - x.mean(axis=1, keepdims=True)) / x.std(axis=1, keepdims=True)


def batch_norm_setup(rng, quick):
    x = rng.standard_normal((512 if quick else 4096, 1024))
    gamma = rng.uniform(0.5, 1.5, 1024)
    beta = rng.standard_normal(1024)
    return [x, gamma, beta]


def numpy_batch_norm(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=0)
    var = x.var(axis=0)
    return gamma * ((x - mean) / np.sqrt(var + eps)) + beta


def portfolio_setup(rng, quick):
    n_assets = 5
    returns = rng.normal(0.0005, 0.01, (252, n_assets))
    cov = np.cov(returns.T) * 252
    w = rng.dirichlet(np.ones(n_assets), 10_000 if quick else 1_000_000)
    return [w, cov]


def numpy_portfolio(w, cov):
    return np.sqrt(np.einsum("ij,jk,ik->i", w, cov, w))


def gbm_setup(rng, quick):
    z = rng.standard_normal((1_000 if quick else 10_000, 252))
    return [z]


GBM_S0, GBM_MU, GBM_SIGMA = 100.0, 0.10 / 252, 0.20 / np.sqrt(252)


def numpy_gbm(z):
    steps = (GBM_MU - 0.5 * GBM_SIGMA**2) + GBM_SIGMA * z
    return GBM_S0 * np.exp(np.cumsum(steps, axis=1))


SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
SOBEL_Y = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=float)


def sobel_setup(rng, quick):
    side = 512 if quick else 2048
    return [rng.integers(0, 256, (side, side)).astype(np.float64)]


def numpy_sobel(img):
    padded = np.pad(img, 1, mode="reflect")
    windows = sliding_window_view(padded, (3, 3))
    ex = np.einsum("ijkl,kl->ij", windows, SOBEL_X)
    ey = np.einsum("ijkl,kl->ij", windows, SOBEL_Y)
    return np.sqrt(ex**2 + ey**2)


def nn_setup(rng, quick):
    n, d, h = (512 if quick else 4096), 784, 128
    x = rng.standard_normal((n, d))
    w1 = rng.normal(0, np.sqrt(2.0 / d), (d, h))
    b1 = np.zeros((1, h))
    w2 = rng.normal(0, np.sqrt(2.0 / h), (h, 1))
    b2 = np.zeros((1, 1))
    return [x, w1, b1, w2, b2]


def numpy_nn(x, w1, b1, w2, b2):
    a1 = np.maximum(x @ w1 + b1, 0)
    z2 = a1 @ w2 + b2
    return 1 / (1 + np.exp(-np.clip(z2, -500, 500)))


def numpy_numba_fn(x):
    # The seed's function vectorised as a NumPy user writes it: np.where evaluates both
    # branches everywhere, so sqrt/log of the negative half make NaNs that where discards
    # (the errstate keeps NumPy's invalid-value warnings quiet).
    with np.errstate(invalid="ignore"):
        return np.where(x > 0, np.sqrt(x) * np.log(x + 1), x**2)


def numexpr_tools():
    if ne is None:
        return {}
    return {
        "a*2 + a*3": lambda a: ne.evaluate("a*2 + a*3"),
        "2*a + 3*b - 0.5*c": lambda a, b, c: ne.evaluate("2*a + 3*b - 0.5*c"),
        "leaky_relu where": lambda a: ne.evaluate("where(a > 0, a, a*0.01)"),
        "numba fn": lambda x: ne.evaluate("where(x > 0, sqrt(x)*log(x+1), x**2)"),
        "sum(a**2) f64": lambda a: ne.evaluate("sum(a**2)"),
        "sum(a**2) f32": lambda a: ne.evaluate("sum(a**2)"),
    }


def numba_tools():
    if numba is None:
        return {}

    @njit(parallel=True, fastmath=False, cache=False)
    def scale_add(a):
        out = np.empty_like(a)
        for i in prange(a.size):
            out[i] = a[i] * 2 + a[i] * 3
        return out

    @njit(parallel=True)
    def lincomb(a, b, c):
        out = np.empty_like(a)
        for i in prange(a.size):
            out[i] = 2 * a[i] + 3 * b[i] - 0.5 * c[i]
        return out

    @njit(parallel=True)
    def leaky(a):
        out = np.empty_like(a)
        for i in prange(a.size):
            out[i] = a[i] if a[i] > 0 else a[i] * 0.01
        return out

    @njit(parallel=True)
    def numba_fn(x):
        out = np.empty_like(x)
        for i in prange(x.size):
            v = x[i]
            out[i] = np.sqrt(v) * np.log(v + 1) if v > 0 else v**2
        return out

    @njit(parallel=True)
    def sum_sq(a):
        s = 0.0
        for i in prange(a.size):
            s += a[i] * a[i]
        return s

    @njit(parallel=True)
    def softmax(x):
        out = np.empty_like(x)
        for r in prange(x.shape[0]):
            m = x[r].max()
            e = np.exp(x[r] - m)
            out[r] = e / e.sum()
        return out

    @njit(parallel=True)
    def pairwise(x):
        n, d = x.shape
        out = np.empty((n, n))
        for i in prange(n):
            for j in range(n):
                s = 0.0
                for k in range(d):
                    t = x[i, k] - x[j, k]
                    s += t * t
                out[i, j] = np.sqrt(s)
        return out

    @njit(parallel=True)
    def standardize(x):
        out = np.empty_like(x)
        for r in prange(x.shape[0]):
            row = x[r]
            out[r] = (row - row.mean()) / row.std()
        return out

    @njit(parallel=True)
    def portfolio(w, cov):
        n, k = w.shape
        out = np.empty(n)
        for i in prange(n):
            s = 0.0
            for j in range(k):
                for m in range(k):
                    s += w[i, j] * cov[j, m] * w[i, m]
            out[i] = np.sqrt(s)
        return out

    @njit(parallel=True)
    def gbm(z):
        n, t = z.shape
        out = np.empty_like(z)
        drift = GBM_MU - 0.5 * GBM_SIGMA**2
        for i in prange(n):
            acc = 0.0
            for j in range(t):
                acc += drift + GBM_SIGMA * z[i, j]
                out[i, j] = GBM_S0 * np.exp(acc)
        return out

    @njit(parallel=True)
    def sobel(img):
        h, w = img.shape
        padded = np.empty((h + 2, w + 2))
        padded[1:-1, 1:-1] = img
        padded[0, 1:-1] = img[1]
        padded[-1, 1:-1] = img[-2]
        padded[:, 0] = padded[:, 2]
        padded[:, -1] = padded[:, -3]
        out = np.empty((h, w))
        for i in prange(h):
            for j in range(w):
                ex = 0.0
                ey = 0.0
                for k in range(3):
                    for m in range(3):
                        p = padded[i + k, j + m]
                        ex += p * SOBEL_X[k, m]
                        ey += p * SOBEL_Y[k, m]
                out[i, j] = np.sqrt(ex * ex + ey * ey)
        return out

    return {
        "a*2 + a*3": scale_add,
        "2*a + 3*b - 0.5*c": lincomb,
        "leaky_relu where": leaky,
        "numba fn": numba_fn,
        "sum(a**2) f64": sum_sq,
        "sum(a**2) f32": sum_sq,
        "softmax rows": softmax,
        "pairwise broadcast": pairwise,
        "standardize rows": standardize,
        "portfolio vol einsum": portfolio,
        "gbm paths": gbm,
        "sobel edges": sobel,
    }


WORKLOADS = [
    # id, shape(quick), setup, numpy function
    ("a*2 + a*3", lambda q: f"({n_elems(q)},) f64", vec_inputs(1), lambda a: a * 2 + a * 3),
    ("2*a + 3*b - 0.5*c", lambda q: f"({n_elems(q)},) f64 x3", vec_inputs(3),
     lambda a, b, c: 2 * a + 3 * b - 0.5 * c),
    ("leaky_relu where", lambda q: f"({n_elems(q)},) f64", vec_inputs(1),
     lambda a: np.where(a > 0, a, a * 0.01)),
    ("leaky_relu maximum", lambda q: f"({n_elems(q)},) f64", vec_inputs(1),
     lambda a: np.maximum(a, a * 0.01)),
    ("numba fn", lambda q: f"({n_elems(q)},) f64", vec_inputs(1), numpy_numba_fn),
    ("sum(a**2) f64", lambda q: f"({n_elems(q)},) f64", vec_inputs(1), lambda a: np.sum(a**2)),
    ("sum(a**2) f32", lambda q: f"({n_elems(q)},) f32", vec_inputs(1, np.float32),
     lambda a: np.sum(a**2)),
    ("softmax rows", lambda q: f"({512 if q else 4096}, 1024) f64", mat_setup(4096, 1024, 512),
     numpy_softmax),
    ("pairwise broadcast", lambda q: f"({200 if q else 1000}, 64) f64", mat_setup(1000, 64, 200),
     numpy_pairwise_broadcast),
    ("pairwise gram", lambda q: f"({200 if q else 1000}, 64) f64", mat_setup(1000, 64, 200),
     numpy_pairwise_gram),
    ("standardize rows", lambda q: f"({512 if q else 4096}, 1024) f64",
     mat_setup(4096, 1024, 512), numpy_standardize),
    ("batch norm forward", lambda q: f"({512 if q else 4096}, 1024) f64", batch_norm_setup,
     numpy_batch_norm),
    ("portfolio vol einsum", lambda q: f"({10_000 if q else 1_000_000}, 5) f64", portfolio_setup,
     numpy_portfolio),
    ("gbm paths", lambda q: f"({1_000 if q else 10_000}, 252) f64", gbm_setup, numpy_gbm),
    ("sobel edges", lambda q: f"({512 if q else 2048}, {512 if q else 2048}) f64", sobel_setup,
     numpy_sobel),
    ("nn forward", lambda q: f"({512 if q else 4096}, 784) f64", nn_setup, numpy_nn),
]


# ----------------------------------------------------------------------------- timing


def time_it(f, args, runs):
    f(*args)  # warm-up (and Numba's compilation)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        f(*args)
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    return times[len(times) // 2], times[0]


def same(got, want):
    """allclose with a tolerance for the dtype: tools sum in different orders (and Numba sums
    float32 in float64)."""
    rtol = 1e-4 if np.asarray(want).dtype == np.float32 else 1e-7
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    scale = float(np.max(np.abs(want))) if want.size else 1.0
    return got.shape == want.shape and np.allclose(got, want, rtol=rtol, atol=1e-12 * scale,
                                                   equal_nan=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="the reduced sizes of compare --quick")
    ap.add_argument("--runs", type=int, default=7, help="timed runs per tool (median reported)")
    ap.add_argument("--out", default="target/compare/python.csv")
    ap.add_argument("--only", default="", help="run only workloads whose id contains this")
    args = ap.parse_args()

    tools = {"numexpr": numexpr_tools(), "numba": numba_tools()}
    versions = f"numpy {np.__version__}"
    if ne is not None:
        versions += f", numexpr {ne.__version__}"
    if numba is not None:
        versions += f", numba {numba.__version__}"
    print(f"{versions}; python {platform.python_version()}; {THREADS} threads", file=sys.stderr)

    rng = np.random.default_rng(20261127)
    rows = []
    for wid, shape, setup, numpy_f in WORKLOADS:
        if args.only and args.only not in wid:
            continue
        inputs = setup(rng, args.quick)
        want = numpy_f(*inputs)
        candidates = [("numpy", numpy_f, 1)]
        for tool, table in tools.items():
            if wid in table:
                candidates.append((tool, table[wid], THREADS))
        for tool, f, threads in candidates:
            got = f(*inputs)
            if not same(got, want):
                g = np.asarray(got, dtype=np.float64)
                w = np.asarray(want, dtype=np.float64)
                rel = np.max(np.abs(g - w)) / max(np.max(np.abs(w)), 1e-300) if g.shape == \
                    w.shape else float("nan")
                print(f"  {wid} [{tool}]: differs from NumPy (max rel {rel:.2e}); not timed",
                      file=sys.stderr)
                continue
            med, best = time_it(f, inputs, args.runs)
            rows.append([wid, shape(args.quick), tool, f"{med:.4f}", f"{best:.4f}", args.runs,
                         threads])
            print(f"  {wid:<22} {tool:<8} median {med:9.3f} ms  min {best:9.3f} ms",
                  file=sys.stderr)

    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["workload", "shape", "tool", "median_ms", "min_ms", "runs", "threads",
                    "versions"])
        for r in rows:
            w.writerow(r + [versions])
    print(f"wrote {args.out} ({len(rows)} rows)", file=sys.stderr)



if __name__ == "__main__":
    main()
