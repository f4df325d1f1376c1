#!/usr/bin/env python3
"""NumPy reference for examples/performance.rs: the seed's section 4, "Performance Optimization".

Run from the repository root:

    python3 scripts/seed_ref/performance.py

The seed's code runs below nearly verbatim, without its timers (timings are not reference data)
and at small sizes so every file stays small (1000 elements instead of 10_000_000 or 1_000_000,
50x40 instead of 1000x1000, TIP 4/5 shapes divided by 5 or 10, TIP 6 with 20 draws of 50, and
`my_function` on 100x20 instead of 10000x100). `np.random.seed(0)` fixes the draws; every input
is saved, so the Rust side loads the same numbers rather than drawing its own. It writes, under
tests/data/seed/performance/:

    TIP 1   x (1000,) f64, x32 = x.astype(float32)
            sum_sq64 = np.sum(x ** 2) f64 (), sum_sq32 = np.sum(x32 ** 2) f32 ()
    TIP 2   arr (50, 40) f64
            times2_plus_times3 = (arr * 2) + (arr * 3)
            out_version = the np.multiply(..., out=) / np.add(..., out=) version
            times5 = arr * 5
    TIP 3   (the same arr) col_sums_c = arr.sum(axis=0), row_sums_c = arr.sum(axis=1),
            arr_f = np.asfortranarray(arr) (saved F-ordered), col_sums_f, row_sums_f
    TIP 4   A (20, 40), B (40, 30), matmul = A @ B, einsum = einsum('ij,jk->ik', optimize=True)
    TIP 5   A5 (4, 10, 6), B5 (4, 6, 8), C5 (4, 8, 5),
            einsum_plain = einsum('bij,bjk,bkl->bil', ...), einsum_optimal = (..., optimize='optimal')
    TIP 6   draws (20, 50): the rows the seed's loop draws one by one (with the legacy
            generator, randn(20, 50) is exactly the 20 successive randn(50) calls, checked below),
            means_bad (list + np.array), means_good (pre-allocated), means_best (mean(axis=1))
    TIP 7   clip_in (1000,), clip = np.clip(clip_in, 0, 1), maximum = np.maximum(clip_in, 0)
    profile prof_in (100, 20), my_function = the seed's row loop of np.sum(arr[i] ** 2),
            my_function_vec = np.sum(prof_in ** 2, axis=1)
"""

import os

import numpy as np

OUT = os.path.join("tests", "data", "seed", "performance")


def my_function(arr):
    """The seed's `my_function`, taking its input instead of drawing it."""
    result = np.zeros(len(arr))
    for i in range(len(arr)):
        result[i] = np.sum(arr[i] ** 2)  # Intentionally slow!
    return result


def main():
    os.makedirs(OUT, exist_ok=True)
    np.random.seed(0)
    out = {}

    # --- TIP 1: Use appropriate dtype ---
    big_float64 = np.random.randn(1000)
    # The seed draws a second array for float32; here it is the float32 copy of the first, so
    # the two sums differ by the dtype alone.
    big_float32 = big_float64.astype(np.float32)
    out["x"], out["x32"] = big_float64, big_float32
    out["sum_sq64"] = np.sum(big_float64 ** 2)
    out["sum_sq32"] = np.sum(big_float32 ** 2)
    assert out["sum_sq32"].dtype == np.float32

    # --- TIP 2: Avoid unnecessary copies ---
    arr = np.random.randn(50, 40)
    out["arr"] = arr
    # BAD — creates 3 temporary arrays
    result = (arr * 2) + (arr * 3)
    out["times2_plus_times3"] = result
    # GOOD — fewer temporaries
    result = np.empty_like(arr)
    np.multiply(arr, 2, out=result)
    np.add(result, arr * 3, out=result)
    out["out_version"] = result
    assert np.array_equal(out["out_version"], out["times2_plus_times3"])
    # BETTER
    result = arr * 5  # arr * 2 + arr * 3 = arr * 5 — simpler!
    out["times5"] = result
    print("TIP 2: a*2 + a*3 differs from a*5 in",
          np.sum(out["times5"] != out["times2_plus_times3"]), "of", arr.size,
          "elements; max relative difference",
          np.max(np.abs(out["times5"] - out["times2_plus_times3"]) / np.abs(out["times5"])))

    # --- TIP 3: Contiguous memory access ---
    out["col_sums_c"] = arr.sum(axis=0)
    out["row_sums_c"] = arr.sum(axis=1)
    arr_f = np.asfortranarray(arr)  # F-contiguous copy
    assert arr_f.flags.f_contiguous and not arr_f.flags.c_contiguous
    out["arr_f"] = arr_f
    out["col_sums_f"] = arr_f.sum(axis=0)
    out["row_sums_f"] = arr_f.sum(axis=1)

    # --- TIP 4: np.einsum for complex ops ---
    A = np.random.randn(20, 40)
    B = np.random.randn(40, 30)
    out["A"], out["B"] = A, B
    out["matmul"] = A @ B
    out["einsum"] = np.einsum('ij,jk->ik', A, B, optimize=True)

    # --- TIP 5: np.einsum optimize parameter ---
    A = np.random.randn(4, 10, 6)
    B = np.random.randn(4, 6, 8)
    C = np.random.randn(4, 8, 5)
    out["A5"], out["B5"], out["C5"] = A, B, C
    result1 = np.einsum('bij,bjk,bkl->bil', A, B, C)
    result2 = np.einsum('bij,bjk,bkl->bil', A, B, C, optimize='optimal')
    print("TIP 5: allclose", np.allclose(result1, result2))
    out["einsum_plain"], out["einsum_optimal"] = result1, result2

    # --- TIP 6: Pre-allocate result arrays ---
    n_iterations = 20
    data_size = 50
    state = np.random.get_state()
    draws = np.random.randn(n_iterations, data_size)
    np.random.set_state(state)
    # BAD — appending to list then converting
    results_bad = []
    for i in range(n_iterations):
        row = np.random.randn(data_size)
        assert np.array_equal(row, draws[i])
        results_bad.append(row.mean())
    results_bad = np.array(results_bad)
    # GOOD — pre-allocate
    results_good = np.empty(n_iterations)
    for i in range(n_iterations):
        results_good[i] = draws[i].mean()
    # BEST — fully vectorized
    results_best = draws.mean(axis=1)
    out["draws"] = draws
    out["means_bad"], out["means_good"], out["means_best"] = results_bad, results_good, results_best

    # --- TIP 7: Use np.maximum/minimum instead of np.clip when possible ---
    arr = np.random.randn(1000)
    out["clip_in"] = arr
    out["clip"] = np.clip(arr, 0, 1)
    out["maximum"] = np.maximum(arr, 0)

    # Profiling NumPy Code: my_function (on 100x20 rather than 10000x100)
    arr = np.random.randn(100, 20)
    out["prof_in"] = arr
    out["my_function"] = my_function(arr)
    out["my_function_vec"] = np.sum(arr ** 2, axis=1)

    for name, a in out.items():
        np.save(os.path.join(OUT, name + ".npy"), a)
        print(f"{name}: {a.dtype} {a.shape}")


if __name__ == "__main__":
    main()
