#!/usr/bin/env python3
"""NumPy reference for examples/best_practices.rs: the seed's section 13, "Best Practices".

Run from the repository root:

    python3 scripts/seed_ref/best_practices.py

The seed's functions run below verbatim on small fixed inputs drawn from a seeded generator
(smaller than anything the seed implies; the seed gives no sizes). Inputs and outputs are saved
under tests/data/seed/best_practices/ with NumPy's dtypes, so the Rust test loads the same
inputs rather than re-drawing them:

    mm_a.npy, mm_b.npy     float64 (3, 4), (4, 2)  matrix_multiply inputs
    mm_out.npy             float64 (3, 2)          matrix_multiply(A, B)
    norm_in.npy            float64 (3, 4)          safe_normalize input; column 2 is all zeros
    norm_axis0.npy         float64 (3, 4)          safe_normalize(x, axis=0): NaN in column 2
    norm_axis1.npy         float64 (3, 4)          safe_normalize(x, axis=1): no zero rows
    q.npy, k.npy, v.npy    float64 (2, 4, 3), (2, 4, 3), (2, 4, 5)
    mask.npy               bool    (2, 4, 4)       causal (lower-triangular) mask, batch-wide
    attn.npy               float64 (2, 4, 5)       attention_scores(Q, K, V, mask)
    attn_nomask.npy        float64 (2, 4, 5)       attention_scores(Q, K, V)
    log_in.npy             int64   (4,)            [0, 1, 2, -1]
    log_out.npy            float64 (4,)            np.log under errstate: [-inf, 0, log 2, nan]
    minmax.npy             int64   (2,)            arr.min(), arr.max() of [3, 1, 4, 1, 5, 9]
"""

import os
import warnings

import numpy as np

OUT = os.path.join("tests", "data", "seed", "best_practices")


# --- BEST PRACTICE 2: Use assertions to validate shapes ---
def matrix_multiply(A, B):
    assert A.ndim == 2, f"A must be 2D, got {A.ndim}D"
    assert B.ndim == 2, f"B must be 2D, got {B.ndim}D"
    assert A.shape[1] == B.shape[0], f"Shape mismatch: {A.shape} vs {B.shape}"
    return A @ B


# --- BEST PRACTICE 4: Validate inputs defensively ---
def safe_normalize(arr: np.ndarray, axis: int = 0) -> np.ndarray:
    arr = np.asarray(arr, dtype=np.float64)  # Ensure correct type
    if arr.ndim < 1:
        raise ValueError("Input must be at least 1D")
    norms = np.linalg.norm(arr, axis=axis, keepdims=True)
    zero_norms = norms == 0
    if np.any(zero_norms):
        warnings.warn("Zero-norm vectors detected; will produce NaN")
    return arr / norms


# --- BEST PRACTICE 5: Document array shapes with comments ---
def attention_scores(Q, K, V, mask=None):
    d_k = Q.shape[-1]
    # (batch, seq_len, seq_len)
    scores = Q @ K.transpose(0, 2, 1) / np.sqrt(d_k)
    if mask is not None:
        scores = np.where(mask, scores, -1e9)
    # (batch, seq_len, seq_len)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights = weights / weights.sum(axis=-1, keepdims=True)
    # (batch, seq_len, d_v)
    return weights @ V


def main():
    os.makedirs(OUT, exist_ok=True)
    out = {}
    # --- BEST PRACTICE 1: Always set random seed for reproducibility ---
    rng = np.random.default_rng(seed=42)

    A = rng.standard_normal((3, 4))
    B = rng.standard_normal((4, 2))
    out.update(mm_a=A, mm_b=B, mm_out=matrix_multiply(A, B))
    try:
        matrix_multiply(A, A)
    except AssertionError as e:
        print("AssertionError:", e)

    # --- BEST PRACTICE 3: Use np.testing for unit tests ---
    actual = np.array([1.0, 2.0, 3.0])
    expected = np.array([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(actual, expected)
    np.testing.assert_array_almost_equal(actual, expected, decimal=5)
    np.testing.assert_allclose(actual, expected, rtol=1e-5)

    x = rng.standard_normal((3, 4))
    x[:, 2] = 0.0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(invalid="ignore"):
            n0 = safe_normalize(x, axis=0)
        print("warnings:", [str(w.message) for w in caught])
    out.update(norm_in=x, norm_axis0=n0, norm_axis1=safe_normalize(x, axis=1))

    Q = rng.standard_normal((2, 4, 3))
    K = rng.standard_normal((2, 4, 3))
    V = rng.standard_normal((2, 4, 5))
    mask = np.broadcast_to(np.tril(np.ones((4, 4), dtype=bool)), (2, 4, 4)).copy()
    out.update(
        q=Q, k=K, v=V, mask=mask,
        attn=attention_scores(Q, K, V, mask),
        attn_nomask=attention_scores(Q, K, V),
    )

    # --- BEST PRACTICE 6: Use context managers for precision control ---
    log_in = np.array([0, 1, 2, -1])
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        result = np.log(log_in)
    print("log:", result)
    out.update(log_in=log_in, log_out=result)

    # --- BEST PRACTICE 8: Prefer NumPy functions over Python equivalents ---
    arr = np.array([3, 1, 4, 1, 5, 9])
    out["minmax"] = np.array([arr.min(), arr.max()])

    # --- BEST PRACTICE 10: Memory — float32 for large ML arrays ---
    large_ml_array = np.zeros((10000, 512), dtype=np.float32)
    print("nbytes:", large_ml_array.nbytes, "vs float64", large_ml_array.nbytes * 2)

    for name, a in out.items():
        np.save(os.path.join(OUT, name + ".npy"), a)
        print(f"{name}: {a.dtype} {a.shape}")


if __name__ == "__main__":
    main()
