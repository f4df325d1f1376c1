#!/usr/bin/env python3
"""NumPy reference for examples/vectorization.rs: the seed's section 3, "Vectorization".

Run from the repository root:

    python3 scripts/seed_ref/vectorization.py

The seed's functions run below verbatim on inputs drawn with fixed seeds and saved, so numfuse
computes on the same numbers. Sizes are smaller than the seed's timing runs (the tests compare
values, not speed). Everything goes to tests/data/seed/vectorization/:

    x.npy            float64 (60, 10)    the points of example 1
    d_loop.npy       float64 (60, 60)    pairwise_distance_loop(x)
    d_vec.npy        float64 (60, 60)    pairwise_distance_vectorized(x)
    d_einsum.npy     float64 (60, 60)    pairwise_distance_einsum(x)
    arr.npy          float64 (2000,)     the input of example 2
    leaky_loop.npy   float64 (2000,)     the seed's loop
    leaky_where.npy  float64 (2000,)     np.where(arr > 0, arr, arr * 0.01)
    leaky_arith.npy  float64 (2000,)     np.maximum(arr, 0) + 0.01 * np.minimum(arr, 0)
    logits.npy       float64 (32, 10)    example 3's input
    probs.npy        float64 (32, 10)    softmax(logits)
    probs_sum.npy    float64 (32,)       probs.sum(axis=1)
    labels.npy       int64   (5,)        example 4's labels
    one_hot.npy      int8    (5, 4)      one_hot(labels, num_classes=4)
"""

import os

import numpy as np

OUT = os.path.join("tests", "data", "seed", "vectorization")


# --- EXAMPLE 1: Distance Matrix ---
# SLOW — Python loop
def pairwise_distance_loop(X):
    n = len(X)
    D = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            D[i, j] = np.sqrt(np.sum((X[i] - X[j]) ** 2))
    return D


# FAST — Vectorized using broadcasting
def pairwise_distance_vectorized(X):
    diff = X[:, np.newaxis, :] - X[np.newaxis, :, :]  # (n, n, d)
    return np.sqrt(np.sum(diff**2, axis=2))  # (n, n)


# FASTEST — Using Einstein summation trick
def pairwise_distance_einsum(X):
    sq_norms = np.sum(X**2, axis=1)  # (n,)
    D_sq = sq_norms[:, np.newaxis] + sq_norms[np.newaxis, :] - 2 * (X @ X.T)
    D_sq = np.maximum(D_sq, 0)  # Numerical stability
    return np.sqrt(D_sq)


# --- EXAMPLE 3: Softmax (no loop!) ---
def softmax(x):
    x_shifted = x - np.max(x, axis=-1, keepdims=True)  # Numerical stability!
    exp_x = np.exp(x_shifted)
    return exp_x / exp_x.sum(axis=-1, keepdims=True)


# --- EXAMPLE 4: One-Hot Encoding (no loop!) ---
def one_hot(labels, num_classes):
    n = len(labels)
    encoded = np.zeros((n, num_classes), dtype=np.int8)
    encoded[np.arange(n), labels] = 1  # Fancy indexing!
    return encoded


def save(name, value):
    np.save(os.path.join(OUT, name + ".npy"), value)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(3)
    X = rng.standard_normal((60, 10))
    save("x", X)
    save("d_loop", pairwise_distance_loop(X))
    save("d_vec", pairwise_distance_vectorized(X))
    save("d_einsum", pairwise_distance_einsum(X))

    # --- EXAMPLE 2: Conditional Assignment (no loop!) ---
    arr = rng.standard_normal(2000)
    save("arr", arr)
    result = np.zeros_like(arr)
    for i, x in enumerate(arr):
        result[i] = x if x > 0 else x * 0.01  # Leaky ReLU
    save("leaky_loop", result)
    save("leaky_where", np.where(arr > 0, arr, arr * 0.01))
    save("leaky_arith", np.maximum(arr, 0) + 0.01 * np.minimum(arr, 0))

    logits = rng.standard_normal((32, 10))  # 32 samples, 10 classes
    save("logits", logits)
    probs = softmax(logits)
    save("probs", probs)
    save("probs_sum", probs.sum(axis=1))

    labels = np.array([0, 2, 1, 3, 2])
    save("labels", labels)
    save("one_hot", one_hot(labels, num_classes=4))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
