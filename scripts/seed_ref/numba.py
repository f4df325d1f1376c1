#!/usr/bin/env python3
"""NumPy reference for examples/numba.rs: the seed's section 5, "NumPy + Numba — JIT Compilation".

Run from the repository root:

    python3 scripts/seed_ref/numba.py

Numba is not needed (and not installed here): `numba_loop` is `python_loop` with `prange`, so
the seed's own `python_loop` and `numpy_vectorized` are the reference, and `leaky_relu` is run
as the plain Python function it decorates, element by element. The input is 1000 draws of
`np.random.randn` (seed 0) instead of 10_000_000, plus a few exact values (0, -0, 1, -1, tiny
and huge magnitudes) at the front. It writes, under tests/data/seed/numba/:

    arr                 float64 (1000,)  the input
    arr32               float32 (1000,)  arr.astype(float32), the input of the float32 ufunc
    python_loop         float64 (1000,)  the seed's python_loop(arr)
    numpy_vectorized    float64 (1000,)  the seed's numpy_vectorized(arr)
    leaky_relu          float64 (1000,)  leaky_relu(arr) (the 'float64(float64)' signature)
    leaky_relu_f32      float32 (1000,)  leaky_relu(arr32) under Numba's typing of the
                                         'float32(float32)' signature: `0.01` is a float64
                                         literal, so `0.01 * x` is computed in float64 and
                                         rounded to float32 on return
    leaky_relu_f32_weak float32 (1000,)  the same function applied by NumPy 2 to float32
                                         scalars: `0.01` is a weak Python float, so the product
                                         is a float32 multiply by float32(0.01) (NEP 50). The two
                                         differ in the last bit for some elements.
"""

import os

import numpy as np

OUT = os.path.join("tests", "data", "seed", "numba")


# Scenario: Complex logic that can't easily be vectorized
def python_loop(arr):
    result = np.empty_like(arr)
    for i in range(len(arr)):
        if arr[i] > 0:
            result[i] = np.sqrt(arr[i]) * np.log(arr[i] + 1)
        else:
            result[i] = arr[i] ** 2
    return result


# Vectorized NumPy (for comparison)
def numpy_vectorized(arr):
    result = np.where(arr > 0,
                      np.sqrt(np.abs(arr)) * np.log(np.abs(arr) + 1),
                      arr ** 2)
    return result


# The body of the seed's @nb.vectorize(['float64(float64)', 'float32(float32)']) ufunc.
def leaky_relu(x):
    return x if x > 0 else 0.01 * x


def main():
    os.makedirs(OUT, exist_ok=True)
    np.random.seed(0)
    arr = np.random.randn(1000)
    arr[:8] = [0.0, -0.0, 1.0, -1.0, 1e-300, -1e-300, 1e300, -1e150]
    # 1e300 and -1e150 overflow float32 (to +-inf), and `arr ** 2` of 1e300 overflows in the
    # branch `np.where` discards: expected, so not warned about.
    with np.errstate(over="ignore"):
        out = {"arr": arr, "arr32": arr.astype(np.float32)}
        out["python_loop"] = python_loop(arr)
        out["numpy_vectorized"] = numpy_vectorized(arr)
    diff = out["python_loop"] != out["numpy_vectorized"]
    print("python_loop vs numpy_vectorized: bit-different elements:", np.sum(diff))
    out["leaky_relu"] = np.array([leaky_relu(float(x)) for x in arr])
    out["leaky_relu_f32"] = np.array(
        [np.float32(leaky_relu(float(x))) for x in out["arr32"]], dtype=np.float32)
    out["leaky_relu_f32_weak"] = np.array(
        [leaky_relu(x) for x in out["arr32"]], dtype=np.float32)
    assert all(type(leaky_relu(x)) is np.float32 for x in out["arr32"][:10])
    diff = out["leaky_relu_f32"] != out["leaky_relu_f32_weak"]
    print("leaky_relu float32, Numba's typing vs NumPy 2's weak scalar: bit-different elements:",
          np.sum(diff))
    for name, a in out.items():
        np.save(os.path.join(OUT, name + ".npy"), a)
        print(f"{name}: {a.dtype} {a.shape}")


if __name__ == "__main__":
    main()
