#!/usr/bin/env python3
"""Write the NumPy reference data that numfuse's integration tests compare against.

Run from the repository root:

    python3 scripts/gen_numpy_reference.py

Everything is deterministic (no random numbers, sorted JSON keys), so running the script again
with the same NumPy version rewrites identical files; `git diff tests/data` after a NumPy upgrade
shows exactly what changed. The files, all under tests/data/:

promotion.txt
    Plain text, one fact per line, whitespace-separated, dtype names as `np.dtype(t).name`:
        promote_types <a> <b> <result>              np.promote_types(a, b), all 11 x 11 pairs
        can_cast <rule> <from> <to> <0|1>           np.can_cast(from, to, casting=rule), 5 rules
        result_type <a|-> <weak> <result>           np.result_type(a, weak) with weak one of
                                                    bool (True), int (1), float (1.0); `-` means
                                                    the weak scalar alone (NEP 50)
    Lines starting with `#` are comments.

astype/<src>.npy, astype/<src>_to_<dst>.npy
    For each of the 11 dtypes an input of edge values representable in it (zeros, ones, extremes,
    fractions, values just outside the narrower types, NaN and infinities for floats), and for each
    of the 11 targets `x.astype(dst)`. Float-to-integer casts of NaN, infinities and out-of-range
    values are undefined in C (NumPy warns); they are generated anyway, and the Rust test states
    which of them it does not compare and why.

reshape.json
    {"cases": [...]}; each case builds `base = np.arange(n, dtype=float64).reshape(base_shape)`,
    applies `ops` in order (`{"op": "T"}`; `{"op": "transpose", "axes": [...]}`;
    `{"op": "slice", "index": [...]}` where each index entry is an integer or
    `[start, stop, step]` with null for a missing bound), then
    `.reshape(newshape, order=order)`, and records the result's `shape`, `strides` (bytes),
    `shares_memory` (`np.shares_memory(base, result)`) and `values` (`result.ravel()` in C order).

repr/<name>.npy, repr.json
    About seventy-five arrays and {"<name>": {"repr": repr(a), "str": str(a)}} for each.

npy/
    Files in the corners of the .npy format that np.save does not produce for native arrays:
    be_<dtype>.npy (the astype/<dtype>.npy values stored big-endian), v2_f64.npy and
    v3_f64.npy (arange(12.).reshape(3, 4) in format versions 2.0 and 3.0), and
    fortran_3d_i16.npy (an F-ordered 2x3x4 int16 array: arange(24) in C order).
"""

import json
import os
import sys
import warnings

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "data")

DTYPES = [
    "bool", "int8", "int16", "int32", "int64",
    "uint8", "uint16", "uint32", "uint64", "float32", "float64",
]
CASTING = ["no", "equiv", "safe", "same_kind", "unsafe"]

written = []


def path(*parts):
    p = os.path.join(DATA, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def save_npy(rel, arr):
    np.save(path(rel), arr)
    written.append(rel)


def save_text(rel, text):
    with open(path(rel), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    written.append(rel)


def save_json(rel, obj):
    save_text(rel, json.dumps(obj, indent=1, sort_keys=True, ensure_ascii=True) + "\n")


# ---------------------------------------------------------------- a. promotion and casting


def gen_promotion():
    lines = [
        f"# NumPy {np.__version__}: promote_types, can_cast and NEP 50 result_type",
        "# promote_types <a> <b> <result>",
        "# can_cast <rule> <from> <to> <0|1>",
        "# result_type <a|-> <bool|int|float> <result>",
    ]
    for a in DTYPES:
        for b in DTYPES:
            lines.append(f"promote_types {a} {b} {np.promote_types(a, b).name}")
    for rule in CASTING:
        for a in DTYPES:
            for b in DTYPES:
                ok = int(bool(np.can_cast(np.dtype(a), np.dtype(b), casting=rule)))
                lines.append(f"can_cast {rule} {a} {b} {ok}")
    weak = [("bool", True), ("int", 1), ("float", 1.0)]
    for name, value in weak:
        lines.append(f"result_type - {name} {np.result_type(value).name}")
    for a in DTYPES:
        for name, value in weak:
            lines.append(f"result_type {a} {name} {np.result_type(np.dtype(a), value).name}")
    save_text("promotion.txt", "\n".join(lines) + "\n")


# ---------------------------------------------------------------- b. astype


def edge_values(dt):
    """Edge values representable in `dt`, in a fixed order."""
    if dt == "bool":
        return np.array([False, True, True, False], dtype=bool)
    info_t = np.dtype(dt)
    if info_t.kind in "iu":
        info = np.iinfo(dt)
        cands = [0, 1, -1, 2, -2, 7, 100, -100, 127, -128, 128, -129, 255, 256, -256, 300,
                 32767, -32768, 32768, 65535, 65536, 2**31 - 1, -(2**31), 2**31, 2**32 - 1,
                 2**32, 2**53, 2**53 + 1, -(2**53) - 1, 2**63 - 1, -(2**63), 2**63, 2**64 - 1,
                 int(info.max), int(info.min), int(info.max) - 1, int(info.min) + 1]
        seen = []
        for v in cands:
            if info.min <= v <= info.max and v not in seen:
                seen.append(v)
        return np.array(seen, dtype=dt)
    info = np.finfo(dt)
    cands = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 0.9999, -0.9999, 1.5, -2.7, 2.5, 7.99,
             127.5, 127.9, -128.9, -129.5, 128.0, 255.9, 256.0, 300.7, -300.7,
             32767.9, -32768.9, 32768.5, 65535.9, 65536.0, 1e5, -1e5,
             2147483647.0, 2147483648.0, -2147483648.0, -2147483649.0,
             4294967295.0, 4294967296.0, 1e10, -1e10, 2.0**53, 2.0**53 + 2,
             2.0**63, -(2.0**63), 2.0**64, 1e19, 1.8e19, 1e20, -1e20, 1e30,
             3.4e38, 1e300, -1e300, float(info.max), float(info.min), float(info.tiny),
             1e-310, 1.0 / 3.0, 0.1, float("nan"), float("inf"), float("-inf")]
    out = []
    with np.errstate(over="ignore"):
        for v in cands:
            x = np.array(v, dtype=np.float64).astype(dt)
            # Keep only values representable without overflowing to infinity (the explicit
            # infinities stay), and drop duplicates by bit pattern.
            if np.isinf(x) and not np.isinf(v):
                continue
            if any(x.tobytes() == y.tobytes() for y in out):
                continue
            out.append(x)
    return np.array(out, dtype=dt)


def gen_astype():
    for src in DTYPES:
        x = edge_values(src)
        save_npy(f"astype/{src}.npy", x)
        for dst in DTYPES:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                with np.errstate(all="ignore"):
                    y = x.astype(dst)
            save_npy(f"astype/{src}_to_{dst}.npy", y)


# ---------------------------------------------------------------- c. reshape


def S(start=None, stop=None, step=None):
    return [start, stop, step]


def apply_ops(base, ops):
    a = base
    for op in ops:
        if op["op"] == "T":
            a = a.T
        elif op["op"] == "transpose":
            a = a.transpose(op["axes"])
        elif op["op"] == "slice":
            idx = tuple(e if isinstance(e, int) else slice(*e) for e in op["index"])
            a = a[idx]
        else:
            raise ValueError(op)
    return a


T = {"op": "T"}


def sl(*index):
    return {"op": "slice", "index": list(index)}


def tr(*axes):
    return {"op": "transpose", "axes": list(axes)}


# (name, n, base_shape, ops, newshape, order)
RESHAPE_CASES = [
    ("seed_view", 12, [3, 4], [], [2, 6], "C"),
    ("seed_transpose_copy", 12, [3, 4], [T], [2, 6], "C"),
    ("flatten_c", 12, [3, 4], [], [-1], "C"),
    ("flatten_f_of_c", 12, [3, 4], [], [-1], "F"),
    ("transpose_flatten_f", 12, [3, 4], [T], [-1], "F"),
    ("transpose_reshape_f_view", 12, [3, 4], [T], [2, 6], "F"),
    ("infer_first", 24, [2, 3, 4], [], [-1, 4], "C"),
    ("infer_middle", 24, [2, 3, 4], [], [2, -1, 3], "C"),
    ("split_axis", 24, [6, 4], [], [2, 3, 4], "C"),
    ("merge_leading", 24, [2, 3, 4], [], [6, 4], "C"),
    ("merge_trailing", 24, [2, 3, 4], [], [2, 12], "C"),
    ("insert_unit_axes", 12, [3, 4], [], [1, 3, 1, 4, 1], "C"),
    ("drop_unit_axes", 12, [1, 3, 1, 4, 1], [], [3, 4], "C"),
    ("unit_axes_f", 12, [3, 4], [], [3, 1, 4], "F"),
    ("all_unit", 1, [1, 1, 1], [], [1], "C"),
    ("to_0d", 1, [1], [], [], "C"),
    ("from_0d", 1, [], [], [1, 1], "C"),
    ("empty_1d", 0, [0], [], [0, 5], "C"),
    ("empty_2d", 0, [0, 3], [], [3, 0], "C"),
    ("empty_infer", 0, [2, 0], [], [-1, 4], "C"),
    ("empty_f", 0, [0, 3], [], [3, 0, 2], "F"),
    ("step2_cols_view", 24, [2, 3, 4], [sl(S(), S(), S(None, None, 2))], [6, 2], "C"),
    ("step2_cols_flat", 24, [2, 3, 4], [sl(S(), S(), S(None, None, 2))], [12], "C"),
    ("prefix_cols_copy", 24, [2, 3, 4], [sl(S(), S(), S(None, 2))], [12], "C"),
    ("prefix_cols_merge_leading", 24, [2, 3, 4], [sl(S(), S(), S(None, 2))], [6, 2], "C"),
    ("rows_step", 20, [5, 4], [sl(S(None, None, 2))], [12], "C"),
    ("rows_step_split", 20, [5, 4], [sl(S(None, None, 2))], [3, 2, 2], "C"),
    ("neg_step_1d", 10, [10], [sl(S(None, None, -1))], [2, 5], "C"),
    ("neg_step_1d_f", 10, [10], [sl(S(None, None, -1))], [2, 5], "F"),
    ("neg_step_rows", 12, [3, 4], [sl(S(None, None, -1))], [12], "C"),
    ("neg_step_rows_split", 12, [3, 4], [sl(S(None, None, -1))], [3, 2, 2], "C"),
    ("neg_step_cols", 12, [3, 4], [sl(S(), S(None, None, -1))], [6, 2], "C"),
    ("neg_step2", 24, [24], [sl(S(None, None, -2))], [3, 4], "C"),
    ("neg_step3_range", 30, [30], [sl(S(25, 2, -3))], [2, 4], "C"),
    ("column", 12, [3, 4], [sl(S(), 1)], [1, 3], "C"),
    ("column_f", 12, [3, 4], [sl(S(), 1)], [3, 1], "F"),
    ("row", 12, [3, 4], [sl(1)], [2, 2], "C"),
    ("transpose3d_view", 24, [2, 3, 4], [tr(1, 0, 2)], [3, 2, 4], "C"),
    ("transpose3d_merge_copy", 24, [2, 3, 4], [tr(1, 0, 2)], [6, 4], "C"),
    ("transpose3d_merge_last", 24, [2, 3, 4], [tr(0, 2, 1)], [2, 12], "C"),
    ("transpose3d_f_view", 24, [2, 3, 4], [tr(2, 1, 0)], [24], "F"),
    ("transpose3d_f_split", 24, [2, 3, 4], [tr(2, 1, 0)], [2, 2, 6], "F"),
    ("sliced_transposed", 24, [4, 6], [sl(S(None, None, 2), S(1, 5)), T], [2, 4], "C"),
    ("sliced_transposed_f", 24, [4, 6], [sl(S(None, None, 2), S(1, 5)), T], [2, 4], "F"),
    ("sub_block_view", 24, [4, 6], [sl(S(1, 3))], [3, 4], "C"),
    ("sub_block_inner", 24, [4, 6], [sl(S(1, 3), S(2, 5))], [6], "C"),
    ("strided_both", 48, [6, 8], [sl(S(None, None, 2), S(None, None, 2))], [12], "C"),
    ("strided_both_split", 48, [6, 8], [sl(S(None, None, 2), S(None, None, 2))], [3, 2, 2], "C"),
    ("negative_both", 12, [3, 4], [sl(S(None, None, -1), S(None, None, -1))], [12], "C"),
    ("unit_axis_strided", 12, [3, 1, 4], [sl(S(), S(), S(None, None, 2))], [3, 2], "C"),
    ("f_of_f_layout", 24, [2, 3, 4], [T], [4, 6], "F"),
    ("c_of_f_layout", 24, [2, 3, 4], [T], [4, 6], "C"),
    ("length1_slice", 12, [3, 4], [sl(S(1, 2))], [4], "C"),
    ("length1_slice_split", 12, [3, 4], [sl(S(1, 2), S(None, None, 2))], [2, 1], "C"),
]


def gen_reshape():
    cases = []
    for name, n, base_shape, ops, newshape, order in RESHAPE_CASES:
        base = np.arange(n, dtype=np.float64).reshape(base_shape)
        a = apply_ops(base, ops)
        r = a.reshape(newshape, order=order)
        cases.append({
            "name": name,
            "n": n,
            "base_shape": base_shape,
            "ops": ops,
            "newshape": newshape,
            "order": order,
            "shape": list(r.shape),
            "strides": list(r.strides),
            "shares_memory": bool(np.shares_memory(base, r)),
            "values": [float(v) for v in r.ravel()],
        })
    # One case per line, so a NumPy upgrade shows up as a readable diff.
    body = ",\n".join("  " + json.dumps(c, sort_keys=True) for c in cases)
    header = json.dumps(np.__version__)
    save_text("reshape.json", f'{{\n "numpy": {header},\n "cases": [\n{body}\n ]\n}}\n')


# ---------------------------------------------------------------- d. repr / str


def repr_cases():
    f32, f64 = np.float32, np.float64
    return {
        "seed_matrix": np.arange(12, dtype=f64).reshape(3, 4),
        "int64_range": np.arange(10),
        "scalar_f64": np.array(3.0),
        "scalar_f64_frac": np.array(-2.5),
        "scalar_i32": np.array(7, dtype=np.int32),
        "scalar_bool": np.array(True),
        "scalar_nan": np.array(np.nan),
        "scalar_f32_third": np.array(1 / 3, dtype=f32),
        "scalar_u8": np.array(200, dtype=np.uint8),
        "scalar_i64_neg": np.array(-42),
        "scalar_f64_big": np.array(1e20),
        "scalar_f64_tiny": np.array(1e-5),
        "scalar_f64_neg_zero": np.array(-0.0),
        "scalar_f64_inf": np.array(-np.inf),
        "scalar_f64_digits": np.array(0.1 + 0.2),
        "scalar_f32_tiny": np.array(1e-5, dtype=f32),
        "scalar_f32_big": np.array(1e10, dtype=f32),
        "scalar_f32_below_cutoff": np.array(999999.0, dtype=f32),
        "scalar_f32_huge": np.array(3e38, dtype=f32),
        "empty_f64": np.zeros(0),
        "empty_i32": np.zeros(0, dtype=np.int32),
        "empty_0x3": np.zeros((0, 3)),
        "empty_2x0_i64": np.zeros((2, 0), dtype=np.int64),
        "empty_2x0x3_f32": np.zeros((2, 0, 3), dtype=f32),
        "empty_bool": np.zeros(0, dtype=bool),
        "int16_3d": np.arange(24, dtype=np.int16).reshape(2, 3, 4),
        "int8_zeros_3d": np.zeros((2, 2, 2), dtype=np.int8),
        "unit_3d": np.ones((1, 1, 1)),
        "column_3x1": np.arange(3.0).reshape(3, 1),
        "summary_i64": np.arange(2000),
        "summary_f64": np.linspace(0, 1, 2001),
        "summary_2d": np.arange(1200, dtype=f64).reshape(30, 40),
        "summary_3d": np.arange(2000).reshape(10, 10, 20),
        "summary_f32": np.arange(1500, dtype=f32),
        "summary_bool": np.zeros(1001, dtype=bool),
        "summary_short_axis": np.arange(3003).reshape(3, 1001),
        "wrap_f64": np.arange(30.0),
        "wrap_i64": np.arange(100),
        "wrap_u8_dtype": np.arange(40, dtype=np.uint8),
        "wrap_linspace": np.linspace(-1, 1, 20),
        "wrap_2d": np.arange(60.0).reshape(2, 30) / 7,
        "sci_small": np.array([1e-5, 1.0]),
        "sci_large": np.array([1e10, 1.0]),
        "sci_1e8": np.array([1e8]),
        "sci_just_below": np.array([99999999.0]),
        "sci_mixed": np.array([1.5e-10, 2e-3, -3.25e5]),
        "sci_ratio": np.array([0.001, 10.0]),
        "sci_big_int_float": np.array([123456789.0, 1.0]),
        "sci_with_nan": np.array([np.nan, 1e-5, np.inf]),
        "sci_f32": np.array([1e-6, 1.0], dtype=f32),
        "nan_inf": np.array([1.5, np.nan, np.inf, -np.inf]),
        "all_nan": np.array([np.nan, np.nan]),
        "only_inf": np.array([np.inf, -np.inf]),
        "negatives": np.array([-1.0, 2.0, -3.5]),
        "neg_zero": np.array([-0.0, 0.0]),
        "tenths": np.array([0.1, 0.2, 0.1 + 0.2]),
        "pi_e_third": np.array([np.pi, np.e, 1 / 3]),
        "precision_round": np.array([1.123456789, 2.0]),
        "precision_round_neg": np.array([-1.123456785, 1e-3]),
        "large_positional": np.array([100000.5, 1.25]),
        "f32_thirds": np.array([1 / 3, 2 / 3], dtype=f32),
        "f32_sevenths": np.arange(5, dtype=f32) / f32(7),
        "f32_2d": (np.arange(6, dtype=f32) / f32(3)).reshape(2, 3),
        "bools": np.array([True, False, True]),
        "bools_2d": np.array([[True, False], [False, True]]),
        "uint8": np.array([0, 255, 128], dtype=np.uint8),
        "uint16_2d": np.array([[0, 65535], [1, 300]], dtype=np.uint16),
        "uint32": np.array([0, 4294967295], dtype=np.uint32),
        "uint64_max": np.array([0, 2**64 - 1], dtype=np.uint64),
        "int64_extremes": np.array([-(2**63), 2**63 - 1]),
        "int8_extremes": np.array([-128, 127], dtype=np.int8),
        "int16_neg_2d": np.array([[-1, 20], [300, -4000]], dtype=np.int16),
        "int32_range": np.arange(-5, 5, dtype=np.int32),
        "fortran": np.asfortranarray(np.arange(6, dtype=f64).reshape(2, 3)),
    }


def gen_repr():
    table = {}
    for name, a in repr_cases().items():
        save_npy(f"repr/{name}.npy", a)
        table[name] = {"repr": repr(a), "str": str(a)}
    save_json("repr.json", table)


# ---------------------------------------------------------------- e. .npy format corners


def gen_npy_format():
    for dt in DTYPES:
        x = edge_values(dt)
        save_npy(f"npy/be_{dt}.npy", x.astype(x.dtype.newbyteorder(">")))
    a = np.arange(12, dtype=np.float64).reshape(3, 4)
    for major in (2, 3):
        rel = f"npy/v{major}_f64.npy"
        with open(path(rel), "wb") as f:
            np.lib.format.write_array(f, a, version=(major, 0))
        written.append(rel)
    save_npy("npy/fortran_3d_i16.npy", np.asfortranarray(np.arange(24, dtype=np.int16).reshape(2, 3, 4)))


def main():
    if np.__version__.split(".")[0] != "2":
        sys.exit(f"NumPy 2.x is required (found {np.__version__})")
    gen_promotion()
    gen_astype()
    gen_reshape()
    gen_repr()
    gen_npy_format()
    total = 0
    for rel in written:
        size = os.path.getsize(os.path.join(DATA, rel))
        total += size
        print(f"wrote tests/data/{rel} ({size} bytes)")
    print(f"{len(written)} files, {total} bytes, NumPy {np.__version__}")


if __name__ == "__main__":
    main()
