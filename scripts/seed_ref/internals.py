#!/usr/bin/env python3
"""NumPy reference for examples/internals.rs: the seed's section 1, "NumPy Internals".

Run from the repository root:

    python3 scripts/seed_ref/internals.py

The seed's code runs below; each fact it prints is kept under the name
`examples/seed_lib/internals.rs` keeps it, in tests/data/seed/internals/results.npz. Tuples
(shape, strides, byte offsets) are kept as int64 vectors; `arr.flags` as the bool vector
[C_CONTIGUOUS, F_CONTIGUOUS, OWNDATA, WRITEABLE, ALIGNED]; a dtype as a 0-d zero of that dtype.
The seed's frompyfunc returns an object array; its values are kept as int64 (numfuse has no
object dtype, and the Rust closure returns int64).
"""

import os

import numpy as np

OUT = os.path.join("tests", "data", "seed", "internals")


def flags(a):
    f = a.flags
    return np.array([f.c_contiguous, f.f_contiguous, f.owndata, f.writeable, f.aligned])


def main():
    os.makedirs(OUT, exist_ok=True)
    kept = {}
    arr = np.arange(12, dtype=np.float64).reshape(3, 4)
    kept["arr"] = arr
    kept["shape"] = np.array(arr.shape, dtype=np.int64)
    kept["strides"] = np.array(arr.strides, dtype=np.int64)
    kept["flags"] = flags(arr)
    kept["zeros_owndata"] = np.bool_(np.zeros((3, 4)).flags.owndata)
    # arr[2, 3] = data_ptr + 2*32 + 3*8 = data_ptr + 88
    kept["offset_2_3"] = np.array([2 * arr.strides[0] + 3 * arr.strides[1]], dtype=np.int64)
    kept["arr_2_3"] = np.asarray(arr[2, 3])
    arr_T = arr.T
    kept["t_strides"] = np.array(arr_T.strides, dtype=np.int64)
    kept["t_flags"] = flags(arr_T)
    reshaped = arr.reshape(2, 6)
    kept["reshape_shares"] = np.bool_(np.shares_memory(arr, reshaped))
    arr_T_reshaped = arr.T.reshape(2, 6)
    kept["t_reshape_shares"] = np.bool_(np.shares_memory(arr.T, arr_T_reshaped))
    kept["t_reshaped"] = arr_T_reshaped
    # The ufunc pipeline: type resolution, then the loop.
    a = np.array([1, 2, 3], dtype=np.int8)
    b = np.array([10, 20, 30], dtype=np.uint8)
    kept["result_type"] = np.zeros((), np.result_type(a, b))
    kept["promote_i64_f32"] = np.zeros((), np.promote_types(np.int64, np.float32))
    kept["a_plus_b"] = a + b
    kept["nin_nout"] = np.array([np.add.nin, np.add.nout], dtype=np.int64)

    def my_add(x, y):
        return x + y

    my_ufunc = np.frompyfunc(my_add, nin=2, nout=1)
    arr = np.array([1, 2, 3, 4, 5])
    kept["my_add"] = my_ufunc(arr, arr).astype(np.int64)
    vectorized_fn = np.vectorize(lambda x: x**2 + 2 * x + 1)
    kept["vectorized"] = vectorized_fn(arr)
    np.savez(os.path.join(OUT, "results.npz"), **kept)
    print(f"wrote {OUT}: {len(kept)} results")


if __name__ == "__main__":
    main()
