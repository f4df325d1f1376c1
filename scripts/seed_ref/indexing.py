#!/usr/bin/env python3
"""NumPy reference for examples/indexing.rs: the seed's section 6, "Advanced Indexing Patterns".

Run from the repository root:

    python3 scripts/seed_ref/indexing.py

The seed's code runs below verbatim; each result it prints (or builds) is kept under a name in
tests/data/seed/indexing/results.npz, the names `examples/seed_lib/indexing.rs` keeps. The
seed's `np.random.randn(5, 5)` is drawn with np.random.seed(42) and saved as randn.npy, the
input of the Rust side. `np.argpartition` leaves the top 3 in no specified order, so they are
kept sorted.
"""

import os

import numpy as np

OUT = os.path.join("tests", "data", "seed", "indexing")


def main():
    os.makedirs(OUT, exist_ok=True)
    kept = {}
    # --- MULTI-DIMENSIONAL FANCY INDEXING ---
    arr = np.arange(100).reshape(10, 10)
    # Select a checkerboard pattern
    rows = np.array([0, 0, 1, 1, 2, 2])
    cols = np.array([0, 2, 1, 3, 0, 4])
    kept["checkerboard"] = arr[rows, cols]
    # Select block submatrix (not fancy indexing — this is two slices)
    block = arr[2:5, 3:7]
    kept["block"] = block
    kept["block_shares_memory"] = np.shares_memory(block, arr)
    # Select specific rows AND specific columns (fancy + slice mix)
    kept["selected_rows"] = arr[[0, 3, 7]]
    kept["selected_cols"] = arr[:, [1, 4, 8]]
    kept["submatrix"] = arr[np.ix_([0, 3, 7], [1, 4, 8])]
    # --- ADVANCED BOOLEAN OPERATIONS ---
    np.random.seed(42)
    arr = np.random.randn(5, 5)
    np.save(os.path.join(OUT, "randn.npy"), arr)
    mask_rows = np.array([True, False, True, False, True])
    mask_cols = np.array([True, True, False, False, True])
    kept["bool_rows"] = arr[mask_rows]
    kept["bool_cols"] = arr[:, mask_cols]
    kept["bool_ix"] = arr[np.ix_(mask_rows, mask_cols)]
    # --- SCATTER OPERATION (inverse of gather) ---
    source = np.array([1, 2, 3])
    target = np.zeros(10)
    indices = np.array([2, 5, 8])
    target[indices] = source
    kept["scatter"] = target.copy()
    np.add.at(target, indices, source)
    kept["scatter_add"] = target.copy()
    counts = np.zeros(3, dtype=np.int64)
    np.add.at(counts, [0, 2, 2, 2], 1)  # repeats accumulate
    kept["add_at_repeats"] = counts
    # --- MULTI-DIMENSIONAL TAKE AND PUT ---
    arr = np.arange(20).reshape(4, 5)
    kept["take_rows"] = np.take(arr, [0, 2], axis=0)
    kept["take_cols"] = np.take(arr, [1, 3, 4], axis=1)
    arr = np.arange(20)
    np.put(arr, [0, 5, 10, 15], [99, 88, 77, 66])
    kept["put"] = arr
    arr = np.arange(10, dtype=float)
    np.putmask(arr, arr > 5, arr**2)
    kept["putmask"] = arr
    # --- UNRAVEL AND RAVEL INDEX ---
    arr = np.arange(24).reshape(4, 6)
    flat_idx = np.argmax(arr)
    kept["flat_idx"] = np.asarray(flat_idx)
    row, col = np.unravel_index(flat_idx, arr.shape)
    kept["row"] = np.asarray(row)
    kept["col"] = np.asarray(col)
    kept["flat"] = np.asarray(np.ravel_multi_index((row, col), arr.shape))
    top3_flat = np.argpartition(arr.flat, -3)[-3:]
    kept["top3_flat_sorted"] = np.sort(top3_flat)
    np.savez(os.path.join(OUT, "results.npz"), **kept)
    print(f"wrote {OUT}: {len(kept)} results")


if __name__ == "__main__":
    main()
