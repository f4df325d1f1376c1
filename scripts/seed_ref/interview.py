#!/usr/bin/env python3
"""NumPy reference for examples/interview.rs: the seed's section 15, "Interview Question Bank".

Run from the repository root:

    python3 scripts/seed_ref/interview.py

Each answer's code runs below on small fixed inputs (smaller than the seed's 1000x100 and
1000x128 where it names sizes, to keep the data small). Saved under tests/data/seed/interview/:

    q2.npy          int64   (3, 4)   np.arange(12).reshape(-1, 4)
    q3.npy          float64 (3,)     np.array([1, 2.0, True])
    q6.npy          int64   (4,)     strides of a (3, 4) float64 array, then of its transpose
    q8_a, q8_b      int64   (3,)     [1, 2, 3], [4, 5, 6]
    q8_m, q8_n      int64   (2, 3), (4, 3)
    q8_dot1 ()      q8_dot2 (2, 4)   np.dot(a, b), np.dot(M, N.T)
    q8_inner1 ()    q8_inner2 (2, 4) np.inner(a, b), np.inner(M, N)
    q8_outer        int64   (3, 3)   np.outer(a, b)
    q9.npy          bool    (2,)     shares_memory(arr, arr.ravel()) for arr C-contiguous, arr.T
    q10_arr.npy     float64 (20,)    input; q10.npy float64 (16,) window-5 means
    q11_a, q11_b    float64 (5, 5), (5,)  q11_solve, q11_inv float64 (5,)
    q16_in.npy      float64 (20, 10) q16.npy the row-normalised array (ddof=1)
    q17_x.npy       float64 (50, 8)  q17.npy float64 (50, 50) pairwise distances
    q18_in.npy      float64 (6, 7)   q18.npy int64 (2, 5) row and column indices of the top 5
    q19.csv         text             q19.npy float64 (4, 3) genfromtxt(usecols=(1, 2, 4))
    q20_x, q20_gamma, q20_beta  float64 (16, 6), (6,), (6,)   q20.npy batch_norm output
"""

import os

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

OUT = os.path.join("tests", "data", "seed", "interview")

CSV = """name,height,weight,city,score
ann,1.62,55.5,Oslo,7.5
bob,,80.25,Rome,8
cy,1.80,,Paris,
dee,1.55,49.0,Lima,9.25
"""


def batch_norm(X, gamma, beta, eps=1e-5):
    # X: (batch_size, features)
    mean = X.mean(axis=0)  # (features,)
    var = X.var(axis=0)  # (features,)
    X_norm = (X - mean) / np.sqrt(var + eps)  # (batch, features)
    return gamma * X_norm + beta  # Scale and shift


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(2024)
    out = {}

    # Q2
    out["q2"] = np.arange(12).reshape(-1, 4)
    # Q3
    out["q3"] = np.array([1, 2.0, True])
    # Q6
    a = np.zeros((3, 4))
    out["q6"] = np.array(a.strides + a.T.strides)
    # Q8
    va, vb = np.array([1, 2, 3]), np.array([4, 5, 6])
    M = np.arange(6).reshape(2, 3)
    N = np.arange(12).reshape(4, 3)
    out.update(
        q8_a=va, q8_b=vb, q8_m=M, q8_n=N,
        q8_dot1=np.array(np.dot(va, vb)), q8_dot2=np.dot(M, N.T),
        q8_inner1=np.array(np.inner(va, vb)), q8_inner2=np.inner(M, N),
        q8_outer=np.outer(va, vb),
    )
    # Q9
    arr = np.arange(12.0).reshape(3, 4)
    out["q9"] = np.array([np.shares_memory(arr, arr.ravel()), np.shares_memory(arr.T, arr.T.ravel())])
    # Q10
    arr = rng.standard_normal(20)
    windows = sliding_window_view(arr, window_shape=5)
    out.update(q10_arr=arr, q10=windows.mean(axis=-1))
    # Q11
    A = rng.standard_normal((5, 5)) + 5 * np.eye(5)
    b = rng.standard_normal(5)
    out.update(q11_a=A, q11_b=b, q11_solve=np.linalg.solve(A, b), q11_inv=np.linalg.inv(A) @ b)
    # Q16
    arr = rng.standard_normal((20, 10)) * 3 + 1
    mean = arr.mean(axis=1, keepdims=True)
    std = arr.std(axis=1, keepdims=True, ddof=1)
    out.update(q16_in=arr, q16=(arr - mean) / (std + 1e-8))
    # Q17
    X = rng.standard_normal((50, 8))
    sq_norms = np.sum(X**2, axis=1)
    D_sq = sq_norms[:, None] + sq_norms[None, :] - 2 * (X @ X.T)
    out.update(q17_x=X, q17=np.sqrt(np.maximum(D_sq, 0)))
    # Q18
    arr = rng.standard_normal((6, 7))
    flat_indices = np.argpartition(arr.flat, -5)[-5:]
    sorted_flat = flat_indices[np.argsort(arr.flat[flat_indices])[::-1]]
    row_indices, col_indices = np.unravel_index(sorted_flat, arr.shape)
    out.update(q18_in=arr, q18=np.stack([row_indices, col_indices]))
    # Q19
    with open(os.path.join(OUT, "q19.csv"), "w") as f:
        f.write(CSV)
    data = np.genfromtxt(os.path.join(OUT, "q19.csv"), delimiter=",", skip_header=1,
                         usecols=(1, 2, 4), dtype=np.float64, filling_values=np.nan)
    out["q19"] = data
    # Q20
    X = rng.standard_normal((16, 6)) * 2 + 0.5
    gamma = rng.standard_normal(6)
    beta = rng.standard_normal(6)
    out.update(q20_x=X, q20_gamma=gamma, q20_beta=beta, q20=batch_norm(X, gamma, beta))

    for name, v in out.items():
        np.save(os.path.join(OUT, name + ".npy"), v)
        print(f"{name}: {v.dtype} {v.shape}")
    print(out["q19"])


if __name__ == "__main__":
    main()
