#!/usr/bin/env python3
"""NumPy reference for examples/anti_patterns.rs: the seed's section 14, "Common Anti-Patterns".

Run from the repository root:

    python3 scripts/seed_ref/anti_patterns.py

Each anti-pattern and its fix runs below as the seed writes it, with smaller sizes (1,000
elements instead of 10,000 / 100,000, to keep the data small). Saved under
tests/data/seed/anti_patterns/:

    ap1_append.npy       float64 (1000,)  the np.append loop: float64, since np.array([]) is
    ap1_listcomp.npy     int64   (1000,)  np.array([i**2 for i in range(n)])
    ap1_arange.npy       int64   (1000,)  np.arange(n) ** 2
    ap2_data.npy         float64 (1000,)  input: default_rng(0).standard_normal(1000)
    ap2_outliers.npy     float64 (k,)     data[np.abs(data) > 2.0] (the loop gives the same)
    ap3_view.npy         int64   (5,)     original after `modified = original[2:5]; modified[:] = 99`
    ap3_copy.npy         int64   (5,)     original after the same through `.copy()`
    ap4_bad_len.npy      int64   ()       len([x for x in arr if x != np.nan]): 4, NaN kept
    ap4_good.npy         float64 (3,)     arr[~np.isnan(arr)]
    ap5_uint8.npy        uint8   (1,)     [200] += 100 wraps to [44]
    ap5_int32.npy        int32   (1,)     [200] += 100 is [300]
    ap6_vectorize.npy    float64 (4,)     np.vectorize(lambda x: x**2)(arr)
    ap6_power.npy        float64 (4,)     arr ** 2
    ap7_flat.npy         int64   (12,)    np.arange(12).reshape(3, 4).T.reshape(-1)
"""

import os

import numpy as np

OUT = os.path.join("tests", "data", "seed", "anti_patterns")
N = 1000


def main():
    os.makedirs(OUT, exist_ok=True)
    out = {}
    # ANTI-PATTERN 1: Growing arrays with np.append in loops
    result = np.array([])
    for i in range(N):
        result = np.append(result, i**2)
    out["ap1_append"] = result
    out["ap1_listcomp"] = np.array([i**2 for i in range(N)])
    out["ap1_arange"] = np.arange(N) ** 2

    # ANTI-PATTERN 2: Not using vectorization
    data = np.random.default_rng(0).standard_normal(N)
    threshold = 2.0
    outliers = []
    for x in data:
        if abs(x) > threshold:
            outliers.append(x)
    good = data[np.abs(data) > threshold]
    assert np.array_equal(np.array(outliers), good)
    out.update(ap2_data=data, ap2_outliers=good)

    # ANTI-PATTERN 3: Accidental view modification
    original = np.array([1, 2, 3, 4, 5])
    modified = original[2:5]  # View!
    modified[:] = 99  # Modifies original!
    print(original)  # [1 2 99 99 99] — surprise!
    out["ap3_view"] = original.copy()
    original = np.array([1, 2, 3, 4, 5])
    modified = original[2:5].copy()  # Explicit copy
    modified[:] = 99
    out["ap3_copy"] = original

    # ANTI-PATTERN 4: Using Python comparison instead of np.isnan
    arr = np.array([1, 2, np.nan, 4])
    bad = [x for x in arr if x != np.nan]  # Never works! nan != nan
    out["ap4_bad_len"] = np.array(len(bad))
    out["ap4_good"] = arr[~np.isnan(arr)]

    # ANTI-PATTERN 5: Forgetting that int arrays can overflow silently
    age = np.array([200], dtype=np.uint8)
    age += 100  # Silently wraps around!
    print(age)  # [44] — wrong!
    out["ap5_uint8"] = age
    age = np.array([200], dtype=np.int32)
    age += 100
    out["ap5_int32"] = age

    # ANTI-PATTERN 6: Using np.vectorize thinking it's fast
    out["ap6_vectorize"] = np.vectorize(lambda x: x**2)(arr)
    out["ap6_power"] = arr**2

    # ANTI-PATTERN 7: Reshape without checking contiguity
    arr = np.arange(12).reshape(3, 4).T
    try:
        arr.shape = (12,)
    except AttributeError as e:
        print("AttributeError:", e)
    flat = arr.reshape(-1)
    assert not np.shares_memory(flat, arr)
    assert np.array_equal(np.ascontiguousarray(arr).reshape(-1), flat)
    out["ap7_flat"] = flat

    for name, a in out.items():
        np.save(os.path.join(OUT, name + ".npy"), a)
        print(f"{name}: {a.dtype} {a.shape}")


if __name__ == "__main__":
    main()
