#!/usr/bin/env python3
"""NumPy reference for examples/stride_tricks.rs: the seed's section 2, "Stride Tricks".

Run from the repository root:

    python3 scripts/seed_ref/stride_tricks.py

The seed's code runs below; each result it prints is kept under the name
`examples/seed_lib/stride_tricks.rs` keeps it, in tests/data/seed/stride_tricks/results.npz.
`as_strided` results are writeable in NumPy (the seed says to treat them as read-only; numfuse
makes them so), so only sliding_window_view's read-only flag is compared.
"""

import os

import numpy as np
from numpy.lib.stride_tricks import as_strided, sliding_window_view

OUT = os.path.join("tests", "data", "seed", "stride_tricks")


def main():
    os.makedirs(OUT, exist_ok=True)
    kept = {}
    # --- ROLLING WINDOW (most common use case) ---
    arr = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    window_size = 3
    shape = (len(arr) - window_size + 1, window_size)
    strides = (arr.strides[0], arr.strides[0])  # Step by 1 element in both dims
    windows = as_strided(arr, shape=shape, strides=strides)
    kept["windows"] = windows
    windows2 = sliding_window_view(arr, window_shape=3)
    kept["sliding_windows"] = windows2
    kept["sliding_writeable"] = np.bool_(windows2.flags.writeable)
    # 2D sliding windows (for image convolution)
    image = np.arange(25).reshape(5, 5)
    patches = sliding_window_view(image, window_shape=(3, 3))
    kept["patches"] = patches
    kept["patch_means"] = patches.mean(axis=(-2, -1))
    # --- USING AS_STRIDED FOR MATRIX MULTIPLICATION VIEW ---
    arr7 = np.array([1, 2, 3, 4, 5, 6, 7])
    n = 4  # window size
    m = len(arr7) - n + 1
    T = as_strided(arr7, shape=(m, n), strides=(arr7.strides[0], arr7.strides[0]))
    kept["toeplitz"] = T
    # All of this shares memory with original arr!
    kept["windows_shares"] = np.bool_(np.shares_memory(windows, arr))
    kept["sliding_shares"] = np.bool_(np.shares_memory(windows2, arr))
    kept["patches_shares"] = np.bool_(np.shares_memory(patches, image))
    kept["toeplitz_shares"] = np.bool_(np.shares_memory(T, arr7))
    np.savez(os.path.join(OUT, "results.npz"), **kept)
    print(f"wrote {OUT}: {len(kept)} results")


if __name__ == "__main__":
    main()
