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

ufunc/  (section f: every UnaryOp and BinaryOp of ir/src/op.rs)
    types.txt       `<op> <loop> ...`: `np.<op>.types` without loops that involve float16,
                    long double, complex, object, datetime or timedelta (`e g F D G O M m`) or
                    `q`/`Q` (the same types as `l`/`L` here), duplicates removed.
    resolution.txt  The result dtype of every op for every dtype (unary) or every pair of dtypes
                    (binary), and with weak Python scalars True, 1 and 1.0 on either side; `!`
                    for an error (no loop, or NumPy refusing bool negation).
    binary/<t>.npy, binary/<t>_bool.npy, unary/<t>.npy, unary/<t>_bool.npy
                    For each loop dtype <t>: rows of inputs and of outputs (`np.<op>` of the input
                    rows, computed with np.errstate(all='ignore')). Binary inputs are every pair of
                    a list of edge values (0, -0.0, +-1, small and large, the type's min and max,
                    NaN and +-inf, shift counts at and past the width, negative operands); unary
                    inputs are the edge values plus a sweep over the domains of the float
                    functions. `*_bool.npy` holds the outputs of the ops that return bool.
    grid.txt        The index of those files, one line per (op, loop dtype):
                        binary <op> <t> <file> <row a> <row b> <file> <row out>
                        unary <op> <t> <file> <row x> <file> <row out>
                        error <op> <t> <file> <row a> <row b> <exception> <message>
                    The last form records a call that NumPy refuses (integer power with negative
                    exponents); the rows are the inputs it was called with.
    cases.json      Broadcasting ((3,1)x(1,4), (2,3,4)x(4,), zero-length axes, 0-d), non-contiguous
                    inputs (transposed, negative strides, stepped slices), mixed dtypes, weak
                    Python scalars (including NEP 50's "Python integer 300 out of bounds for
                    uint8") and `out=` arguments. One case per line: the op, its arguments (an
                    array as dtype, shape, values and the view ops of reshape.json applied to it,
                    or a weak scalar), an optional `out` (a base array and the slice written
                    through), and the expected result (dtype, shape, strides, values) or error
                    (exception type and message). Values are strings (`repr` of each element:
                    exact, and NaN and infinities survive JSON).
    The float outputs depend on this NumPy build and CPU (NumPy picks SIMD implementations at
    run time); the header of grid.txt records both.
accumulate/cases.json, select/cases.json  (section g)
    One case per line: `func` (cumsum, cumprod, nancumsum, nancumprod, `accumulate` of `op`,
    diff with `n`; where, clip, round with `decimals`), its arguments (an array as dtype, shape,
    values, memory order and the view ops of reshape.json; a weak Python scalar; or null for
    clip's None) and the expected result (dtype, shape, values) or error (exception type and
    message). Values are exact strings (`repr` of each element), so NaN and -0.0 survive JSON.
testing/messages.json, testing/values.json  (section g)
    The AssertionError text of np.testing.assert_allclose, assert_array_equal and
    assert_array_almost_equal for each case (null when the assertion passes), and the results of
    np.isclose, np.allclose and np.array_equal.
reduce/  (section h: reductions, src/ops/reduce)
    inputs/<dtype>_<kind>.npy  Arrays the cases reduce: `basic` (2, 3, 4) values of every dtype;
                    `edge` (1-D extremes: integer sums that wrap in int64/uint64, float sums that
                    overflow to inf, -0.0, subnormals); `special` (floats with NaN and +-inf);
                    `nan` ((4, 5) floats with NaN in places, an all-NaN row and column); `long1`
                    (6, 1500) and `long2` (2, 8500) for float and 64-bit integer dtypes, long
                    enough for NumPy's pairwise tree and its 8192-element buffer; `scalar` (0-d);
                    `ops` ((3, 4) small integers for `ufunc.reduce`).
    <group>.json    {"numpy": version, "cases": [...]}, one case per line: `func` (sum, prod,
                    mean, var, std, min, max, argmin, argmax, any, all, ptp, the nan* forms, or
                    `reduce` with `op`), `input` (an inputs/ file, or {"dtype", "shape"} for an
                    empty array of zeros), `ops` (view ops as in reshape.json: transposed,
                    permuted, stepped and negative-stride views), `axis` (null, an int or a list),
                    `keepdims`, `ddof`, and the expected `dtype`, `shape` and `values` (strings:
                    `repr` of each element in C order, exact for float32 too) or `error`
                    (exception type and message); `"float16": true` marks a result NumPy computes
                    in float16, recorded as computed in float32, numfuse's loop. Groups: sum,
                    prod, mean, var, std, extrema (min, max, ptp), arg (argmin, argmax), logical
                    (any, all), nan (the nan* forms), ufunc (`ufunc.reduce` of every binary op).
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


# ---------------------------------------------------------------- f. ufuncs
#
# This section writes only under tests/data/ufunc/ and changes nothing that sections a-e use,
# so their output stays byte-identical.

# The op names of ir/src/op.rs (UnaryOp::ALL and BinaryOp::ALL, in that order); the Rust test
# checks that the two lists agree.
UFUNC_UNARY = [
    "negative", "positive", "absolute", "sign", "sqrt", "cbrt", "square", "reciprocal",
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p",
    "sin", "cos", "tan", "arcsin", "arccos", "arctan",
    "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh",
    "floor", "ceil", "trunc", "rint", "isnan", "isinf", "isfinite", "logical_not", "invert",
]
UFUNC_BINARY = [
    "add", "subtract", "multiply", "divide", "floor_divide", "remainder", "power",
    "maximum", "minimum", "fmax", "fmin", "arctan2", "hypot", "copysign", "fmod",
    "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
    "logical_and", "logical_or", "logical_xor",
    "bitwise_and", "bitwise_or", "bitwise_xor", "left_shift", "right_shift",
]
# NumPy's type characters of our 11 dtypes, in NumPy's loop order.
TYPE_CHARS = "?bBhHiIlLfd"
# Loops that numfuse does not have: float16, long double, complex, object, datetime, timedelta,
# and long long (`q`/`Q`), which is the same type as `l`/`L` on the platforms we test on.
DROPPED_TYPE_CHARS = set("egFDGOMmqQ")


def ufunc_types(name):
    out = []
    for t in getattr(np, name).types:
        if DROPPED_TYPE_CHARS.isdisjoint(t) and t not in out:
            out.append(t)
    return out


def loop_dtypes(name):
    """The input dtypes of the op's loops, as names, in loop order."""
    return [np.dtype(t[0]).name for t in ufunc_types(name)]


def mixed_long_loops(name):
    """The `q`/`Q` loops that are not duplicates of `l`/`L` loops once `q` reads `l` and `Q`
    reads `L`: NumPy's exact int64-uint64 comparisons (`qQ->?`), as `lL->?`."""
    kept = ufunc_types(name)
    out = []
    for t in getattr(np, name).types:
        if DROPPED_TYPE_CHARS.difference("qQ").isdisjoint(t) and not set("qQ").isdisjoint(t):
            m = t.replace("q", "l").replace("Q", "L")
            if m not in kept and m not in out:
                out.append(m)
    return out


def gen_ufunc_types():
    lines = [
        f"# NumPy {np.__version__}: <op> <np.<op>.types without e g F D G O M m q Q loops>",
        "# mixed <op> <the q/Q loops that are not duplicates of l/L loops, with q as l, Q as L>",
    ]
    for name in UFUNC_UNARY + UFUNC_BINARY:
        lines.append(" ".join([name] + ufunc_types(name)))
    for name in UFUNC_UNARY + UFUNC_BINARY:
        mixed = mixed_long_loops(name)
        if mixed:
            lines.append(" ".join(["mixed", name] + mixed))
    save_text("ufunc/types.txt", "\n".join(lines) + "\n")


def result_char(f):
    """The type character of f()'s result dtype, or `!` if NumPy raises."""
    try:
        with np.errstate(all="ignore"):
            r = f()
    except (TypeError, ValueError, OverflowError):
        return "!"
    return np.asarray(r).dtype.char


WEAK_SCALARS = [True, 1, 1.0]


def gen_ufunc_resolution():
    lines = [
        f"# NumPy {np.__version__}: result dtype (type character; `!` = error) of",
        "#   unary <op> : <op>(x) for x of each dtype ?bBhHiIlLfd | <op>(True) <op>(1) <op>(1.0)",
        "#   binary <op> <a> : <op>(a, b) for b of each dtype ?bBhHiIlLfd"
        " | <op>(a, True) <op>(a, 1) <op>(a, 1.0) | <op>(True, a) <op>(1, a) <op>(1.0, a)",
        "# where a and b are one-element arrays of value 1 (True for bool).",
    ]

    def one(t):
        return np.ones(1, dtype=t)

    for name in UFUNC_UNARY:
        f = getattr(np, name)
        arrays = [result_char(lambda t=t: f(one(t))) for t in TYPE_CHARS]
        weak = [result_char(lambda w=w: f(w)) for w in WEAK_SCALARS]
        lines.append(f"unary {name} : {' '.join(arrays)} | {' '.join(weak)}")
    for name in UFUNC_BINARY:
        f = getattr(np, name)
        for a in TYPE_CHARS:
            pairs = [result_char(lambda b=b: f(one(a), one(b))) for b in TYPE_CHARS]
            right = [result_char(lambda w=w: f(one(a), w)) for w in WEAK_SCALARS]
            left = [result_char(lambda w=w: f(w, one(a))) for w in WEAK_SCALARS]
            lines.append(
                f"binary {name} {a} : {' '.join(pairs)} | {' '.join(right)} | {' '.join(left)}"
            )
    save_text("ufunc/resolution.txt", "\n".join(lines) + "\n")


def grid_values(dt):
    """Operands for the binary grid: every pair of these is computed."""
    if dt == "bool":
        return [False, True]
    t = np.dtype(dt)
    if t.kind in "iu":
        info = np.iinfo(dt)
        bits = 8 * t.itemsize
        if t.kind == "i":
            cands = [0, 1, -1, 2, -2, 3, -7, bits - 1, bits, bits + 1, 100,
                     int(info.min), int(info.min) + 1, int(info.max)]
        else:
            cands = [0, 1, 2, 3, 7, bits - 1, bits, bits + 1, 100,
                     int(info.max) // 2, int(info.max) // 2 + 1, int(info.max) - 1, int(info.max)]
        out = []
        for v in cands:
            if v not in out:
                out.append(v)
        return out
    info = np.finfo(dt)
    return [0.0, -0.0, 1.0, -1.0, 0.5, -1.5, 2.5, 3.0, -7.0, 0.1, 1e10,
            float(info.tiny), float(info.smallest_subnormal), float(info.max), -float(info.max),
            float("nan"), float("inf"), float("-inf")]


def unary_values(dt):
    """Inputs for the unary ops: the grid values, and for floats a sweep over the domains of the
    float functions (near 0 and +-1, rounding ties, overflow and underflow thresholds, large
    trigonometric arguments), dropping values that overflow the type and duplicates."""
    base = grid_values(dt)
    if np.dtype(dt).kind != "f":
        return np.array(base, dtype=dt)
    sweep = [k / 4.0 for k in range(-40, 41)]
    sweep += [s * 10.0 ** e for e in range(-40, 41, 4) for s in (1.0, -1.0)]
    sweep += [1e-300, -1e-300, 5e-324, 1e-310, 1e-8, -1e-8, 1e-5, 3e-3,
              0.9999, -0.9999, 0.999999999, 1.0000001, 1.00001, 1.5, -2.5, 3.5, -3.5, 0.75,
              1.5707963267948966, 3.141592653589793, 6.283185307179586, 4.71238898038469,
              1e6, 1e22, 2.0 ** 60, 123456.789,
              88.72, 88.73, 89.0, -87.3, -103.0, -104.0, -150.0,
              709.78, 709.79, 710.0, -708.4, -745.0, -746.0,
              18.0, 20.0, 30.0, 40.0, 1000.0, -1000.0,
              8388607.5, 4503599627370495.5, 2.0 ** 53, 2.0 ** 24 + 2,
              # Where NumPy 2.4 (AVX2) and numfuse differed most in a sweep of 500 000 inputs
              # (3 ulps): float64 cbrt and tanh, float32 log, tanh and exp.
              2.0968674821341714e11, -0.52545, 0.77920001745224, 0.5391824245452881,
              4.783822059631348]
    out = []
    with np.errstate(over="ignore"):
        for v in base + sweep:
            x = np.array(v, dtype=np.float64).astype(dt)
            if np.isinf(x) and not np.isinf(v):
                continue
            if any(x.tobytes() == y.tobytes() for y in out):
                continue
            out.append(x)
    return np.array(out, dtype=dt)


def call(name, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        with np.errstate(all="ignore"):
            return getattr(np, name)(*args)


def gen_ufunc_grids():
    import platform
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as feats
        cpu = " ".join(k for k in ("AVX2", "FMA3", "AVX512F", "AVX512_SKX") if feats.get(k))
    except ImportError:
        cpu = "?"
    index = [
        f"# NumPy {np.__version__} on {platform.machine()} (CPU features used: {cpu or 'none'})",
        "# binary <op> <loop dtype> <file> <row a> <row b> <file> <row out>",
        "# unary <op> <loop dtype> <file> <row x> <file> <row out>",
        "# error <op> <loop dtype> <file> <row a> <row b> <exception> <message>",
    ]
    for dt in DTYPES:
        # Binary: every pair of grid values.
        g = grid_values(dt)
        a = np.array([x for x in g for _ in g], dtype=dt)
        b = np.array([y for _ in g for y in g], dtype=dt)
        same, preds = [a, b], []
        f_same, f_pred = f"ufunc/binary/{dt}.npy", f"ufunc/binary/{dt}_bool.npy"
        for name in UFUNC_BINARY:
            if dt not in loop_dtypes(name):
                continue
            x, y = a, b
            if name == "power" and np.dtype(dt).kind == "i":
                # NumPy refuses negative integer exponents for the whole call; record that, then
                # compute the pairs with non-negative exponents.
                try:
                    call(name, a, b)
                    raise AssertionError("power with negative exponents did not raise")
                except ValueError as e:
                    index.append(f"error {name} {dt} {f_same} 0 1 {type(e).__name__} {e}")
                keep = b >= 0
                x, y = a[keep], b[keep]
                rows = [x, y, call(name, x, y)]
                rel = f"ufunc/binary/{dt}_power.npy"
                save_npy(rel, np.stack(rows))
                index.append(f"binary {name} {dt} {rel} 0 1 {rel} 2")
                continue
            r = call(name, x, y)
            if r.dtype == np.bool_ and dt != "bool":
                preds.append(r)
                index.append(f"binary {name} {dt} {f_same} 0 1 {f_pred} {len(preds) - 1}")
            else:
                assert r.dtype == np.dtype(dt), (name, dt, r.dtype)
                same.append(r)
                index.append(f"binary {name} {dt} {f_same} 0 1 {f_same} {len(same) - 1}")
        save_npy(f_same, np.stack(same))
        if preds:
            save_npy(f_pred, np.stack(preds))
        # Unary.
        x = unary_values(dt)
        same, preds = [x], []
        f_same, f_pred = f"ufunc/unary/{dt}.npy", f"ufunc/unary/{dt}_bool.npy"
        for name in UFUNC_UNARY:
            if dt not in loop_dtypes(name):
                continue
            r = call(name, x)
            if r.dtype == np.bool_ and dt != "bool":
                preds.append(r)
                index.append(f"unary {name} {dt} {f_same} 0 {f_pred} {len(preds) - 1}")
            else:
                assert r.dtype == np.dtype(dt), (name, dt, r.dtype)
                same.append(r)
                index.append(f"unary {name} {dt} {f_same} 0 {f_same} {len(same) - 1}")
        save_npy(f_same, np.stack(same))
        if preds:
            save_npy(f_pred, np.stack(preds))
    save_text("ufunc/grid.txt", "\n".join(index) + "\n")


# --- broadcasting, strides, mixed dtypes, weak scalars, out= (cases.json)


def val_str(v):
    """An element as an exact string: `True`, `-3`, `nan`, `-0.0`, `3.4028234663852886e+38`."""
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (np.integer, int)):
        return str(int(v))
    return repr(float(v))


def arr(dt, shape, values, ops=()):
    """An array argument: `values` (a list, or a callable of the element count) reshaped to
    `shape` and cast to `dt`, then the view `ops` (as in reshape.json)."""
    n = int(np.prod(shape, dtype=np.int64))
    vals = values(n) if callable(values) else values
    assert len(vals) == n, (shape, len(vals))
    # Stored after the cast, so each string is exactly an element of the array.
    cast = np.array(vals, dtype=dt)
    return {"dtype": dt, "shape": list(shape), "values": [val_str(v) for v in cast],
            "ops": list(ops)}


def weak(v):
    kind = "bool" if isinstance(v, bool) else "int" if isinstance(v, int) else "float"
    return {"weak": kind, "value": val_str(v)}


def build(a):
    if "weak" in a:
        return {"bool": lambda s: s == "True", "int": int, "float": float}[a["weak"]](a["value"])
    parse = (lambda s: s == "True") if a["dtype"] == "bool" else \
        (int if np.dtype(a["dtype"]).kind in "iu" else float)
    base = np.array([parse(v) for v in a["values"]], dtype=a["dtype"]).reshape(a["shape"])
    return apply_ops(base, a["ops"])


def ramp(start, step):
    return lambda n: [start + step * i for i in range(n)]


def wrap8(n):
    return [((37 * i + 11) % 256) - 128 for i in range(n)]


F = ramp(-3.0, 0.7)


def ufunc_cases():
    """(name, op, args, out) with args built by `arr`/`weak` and out None or (base arr, index)."""
    neg = sl(S(None, None, -1))
    c = [
        # Broadcasting.
        ("bcast_col_row", "add", [
            arr("float64", [3, 1], F),
            arr("float64", [1, 4], ramp(10.0, 0.25)),
        ]),
        ("bcast_3d_1d", "multiply", [
            arr("int32", [2, 3, 4], ramp(-11, 1)),
            arr("int32", [4], [3, -1, 0, 1000000007]),
        ]),
        ("bcast_1d_3d", "subtract", [
            arr("float32", [4], [0.5, -0.0, 1e30, float("nan")]),
            arr("float32", [2, 3, 4], F),
        ]),
        ("bcast_middle", "greater", [
            arr("int16", [2, 1, 3], ramp(-3, 1)),
            arr("int16", [4, 1], [-1, 0, 1, 2]),
        ]),
        ("bcast_0d", "maximum", [
            arr("float64", [], [0.5]),
            arr("float64", [2, 3], [float("nan"), -1.0, 0.5, 2.0, -0.0, 0.0]),
        ]),
        ("bcast_zero_len", "add", [
            arr("float64", [0, 3], []),
            arr("float64", [3], [1.0, 2.0, 3.0]),
        ]),
        ("bcast_zero_len_one", "multiply", [arr("int64", [0], []), arr("int64", [1], [5])]),
        ("bcast_zero_len_mid", "less", [arr("uint8", [2, 0, 1], []), arr("uint8", [3], [0, 1, 2])]),
        ("bcast_mismatch", "add", [arr("float64", [3], F), arr("float64", [4], F)]),
        ("bcast_mismatch_2d", "add", [
            arr("int32", [2, 3], ramp(0, 1)),
            arr("int32", [3, 2], ramp(0, 1)),
        ]),
        # Non-contiguous inputs.
        ("transposed_plus_c", "add", [
            arr("float64", [3, 4], F, [T]),
            arr("float64", [4, 3], ramp(100.0, 1.0)),
        ]),
        ("transposed_both", "subtract", [
            arr("int64", [3, 4], ramp(-5, 3), [T]),
            arr("int64", [3, 4], ramp(7, -2), [T]),
        ]),
        ("transposed_3d", "multiply", [
            arr("float32", [2, 3, 4], F, [tr(1, 0, 2)]),
            arr("float32", [3, 2, 4], ramp(1.0, 0.5)),
        ]),
        ("negative_stride", "floor_divide", [
            arr("int8", [10], wrap8, [neg]),
            arr("int8", [10], [3, -3, 0, 7, -1, 2, -2, 5, -128, 1]),
        ]),
        ("negative_stride_2d", "remainder", [
            arr("float64", [3, 4], F, [sl(S(None, None, -1), S(None, None, -1))]),
            arr("float64", [4], [1.5, -2.0, 0.0, 0.7]),
        ]),
        ("stepped_slices", "multiply", [
            arr("int16", [6, 8], ramp(-20, 3), [sl(S(None, None, 2), S(1, None, 3))]),
            arr("int16", [4, 6], ramp(300, 17), [sl(S(1, None), S(None, None, 2))]),
        ]),
        ("stepped_negative", "fmod", [
            arr("float32", [12], F, [sl(S(10, 0, -3))]),
            arr("float32", [4], [2.0, -2.0, 0.3, float("inf")]),
        ]),
        ("same_view_twice", "add", [arr("float64", [3, 3], F), arr("float64", [3, 3], F, [T])]),
        ("bcast_transposed_mixed", "add", [
            arr("int8", [4, 3], wrap8, [T]),
            arr("uint8", [3, 1], [0, 200, 255]),
        ]),
        ("bcast_permuted_mixed", "divide", [
            arr("int64", [2, 3, 4], ramp(-12, 1), [tr(2, 0, 1)]),
            arr("float32", [4, 1, 1], [3.0, -0.0, 0.5, 7.0]),
        ]),
        ("shift_strided", "left_shift", [
            arr("uint16", [8], ramp(1, 1), [sl(S(None, None, 2))]),
            arr("uint16", [4], [0, 15, 16, 17]),
        ]),
        ("unary_transposed", "sqrt", [arr("float64", [3, 4], ramp(-1.0, 1.5), [T])]),
        ("unary_negative_stride", "negative", [arr("int32", [7], ramp(-3, 1), [neg])]),
        ("unary_stepped_3d", "exp", [
            arr("float32", [2, 3, 4], F, [sl(S(), S(None, None, 2), S(None, None, -2))]),
        ]),
        ("unary_int_to_float", "sqrt", [arr("int16", [2, 3], [0, 1, 4, -1, 32767, -32768], [T])]),
        ("unary_0d", "rint", [arr("float64", [], [2.5])]),
        ("unary_zero_len", "log", [arr("float32", [3, 0], [])]),
        # Mixed dtypes.
        ("mixed_i8_u8", "add", [
            arr("int8", [4], [-128, -1, 0, 127]),
            arr("uint8", [4], [255, 1, 0, 200]),
        ]),
        ("mixed_i64_u64", "multiply", [
            arr("int64", [3], [-3, 2 ** 53, 7]),
            arr("uint64", [3], [5, 3, 2 ** 63]),
        ]),
        ("mixed_i32_f32", "true_div", [
            arr("int32", [3], [2 ** 31 - 1, -7, 0]),
            arr("float32", [3], [3.0, 0.0, 0.0]),
        ]),
        ("mixed_bool_i16", "subtract", [
            arr("bool", [3], [True, False, True]),
            arr("int16", [3], [-32768, 5, 1]),
        ]),
        ("mixed_u32_i8_cmp", "less", [
            arr("uint32", [3], [0, 4294967295, 5]),
            arr("int8", [3], [-1, 127, 5]),
        ]),
        ("mixed_u64_i64_cmp", "equal", [
            arr("uint64", [3], [2 ** 64 - 1, 0, 2 ** 53 + 1]),
            arr("int64", [3], [-1, 0, 2 ** 53]),
        ]),
        # Weak Python scalars (NEP 50).
        ("weak_u8_plus_1", "add", [arr("uint8", [4], [0, 200, 255, 7]), weak(1)]),
        ("weak_u8_plus_255", "add", [arr("uint8", [3], [0, 1, 2]), weak(255)]),
        ("weak_u8_plus_300", "add", [arr("uint8", [3], [0, 200, 255]), weak(300)]),
        ("weak_u8_plus_minus1", "add", [arr("uint8", [3], [0, 200, 255]), weak(-1)]),
        ("weak_i8_minus_128", "subtract", [arr("int8", [3], [0, 1, -1]), weak(-128)]),
        ("weak_i8_plus_128", "add", [arr("int8", [3], [0, 1, -1]), weak(128)]),
        ("weak_300_plus_u8", "add", [weak(300), arr("uint8", [3], [0, 200, 255])]),
        ("weak_i64_big", "add", [arr("int64", [2], [0, -1]), weak(2 ** 63)]),
        ("weak_u64_max", "subtract", [arr("uint64", [2], [0, 2 ** 64 - 1]), weak(2 ** 64 - 1)]),
        ("weak_u64_minus1", "add", [arr("uint64", [2], [0, 5]), weak(-1)]),
        ("weak_f32_times_tenth", "multiply", [
            arr("float32", [4], [1.0, 3.0, -7.0, 1e-3]),
            weak(0.1),
        ]),
        ("weak_f32_plus_huge", "add", [arr("float32", [2], [1.0, -1.0]), weak(1e300)]),
        ("weak_f32_plus_int", "add", [arr("float32", [2], [0.5, 16777216.0]), weak(2 ** 24 + 1)]),
        ("weak_i8_plus_float", "add", [arr("int8", [3], [-128, 0, 127]), weak(1.5)]),
        ("weak_i16_div_int", "divide", [arr("int16", [3], [1, -7, 0]), weak(3)]),
        ("weak_u8_plus_true", "add", [arr("uint8", [2], [255, 1]), weak(True)]),
        ("weak_bool_plus_1", "add", [arr("bool", [2], [True, False]), weak(1)]),
        ("weak_bool_plus_float", "multiply", [arr("bool", [2], [True, False]), weak(2.5)]),
        ("weak_bool_and_true", "logical_and", [arr("bool", [2], [True, False]), weak(True)]),
        ("weak_u8_floordiv_0", "floor_divide", [arr("uint8", [2], [7, 0]), weak(0)]),
        ("weak_i32_power_2", "power", [arr("int32", [3], [-3, 46341, 7]), weak(2)]),
        ("weak_i32_power_minus1", "power", [arr("int32", [3], [-3, 1, 7]), weak(-1)]),
        ("weak_u8_shift_300", "left_shift", [arr("uint8", [2], [1, 2]), weak(300)]),
        ("weak_u8_shift_8", "left_shift", [arr("uint8", [2], [1, 2]), weak(8)]),
        ("weak_u8_max_300", "maximum", [arr("uint8", [2], [1, 2]), weak(300)]),
        ("weak_u8_less_300", "less", [arr("uint8", [3], [0, 200, 255]), weak(300)]),
        ("weak_u8_less_minus1", "less", [arr("uint8", [3], [0, 200, 255]), weak(-1)]),
        ("weak_u8_equal_minus1", "equal", [arr("uint8", [3], [0, 200, 255]), weak(-1)]),
        ("weak_i8_greater_1000", "greater", [arr("int8", [2], [-128, 127]), weak(1000)]),
        ("weak_u8_logical_and_300", "logical_and", [arr("uint8", [3], [0, 200, 255]), weak(300)]),
        ("weak_bool_plus_big", "add", [arr("bool", [2], [True, False]), weak(2 ** 63)]),
        ("weak_f64_pow_half", "power", [arr("float64", [3], [4.0, -1.0, 0.0]), weak(0.5)]),
        ("weak_scalar_only", "add", [weak(1), weak(2.5)]),
        ("weak_unary_int", "sqrt", [weak(2)]),
        ("weak_unary_float", "exp", [weak(1.0)]),
        # Errors without a loop.
        ("no_loop_shift_float", "left_shift", [
            arr("float64", [2], [1.0, 2.0]),
            arr("int64", [2], [1, 2]),
        ]),
        ("no_loop_bool_subtract", "subtract", [
            arr("bool", [2], [True, False]),
            arr("bool", [2], [True, True]),
        ]),
        ("no_loop_bool_negative", "negative", [arr("bool", [2], [True, False])]),
        ("no_loop_bitwise_float", "bitwise_and", [
            arr("float32", [2], [1.0, 2.0]),
            arr("float32", [2], [1.0, 2.0]),
        ]),
        ("no_loop_shift_i64_u64", "right_shift", [
            arr("int64", [2], [8, 16]),
            arr("uint64", [2], [1, 2]),
        ]),
    ]
    cases = [(name, op, args, None) for name, op, args in c]
    # out= arguments: the expected values are the whole base array afterwards.
    cases += [
        ("out_slice", "add",
         [arr("float64", [3], [1.0, 2.0, 3.0]), arr("float64", [2, 1], [10.0, 20.0])],
         (arr("float64", [4, 3], [-1.0] * 12), [S(None, None, 2)])),
        ("out_negative_step", "multiply", [arr("int32", [5], ramp(1, 2)), weak(3)],
         (arr("int32", [5], [0] * 5), [S(None, None, -1)])),
        ("out_cast_to_float", "add",
         [arr("int8", [3], [127, -128, 5]), arr("int8", [3], [1, -1, 5])],
         (arr("float64", [3], [0.0] * 3), [])),
        ("out_cast_refused", "divide", [arr("int32", [2], [1, 2]), arr("int32", [2], [2, 2])],
         (arr("int32", [2], [0, 0]), [])),
        ("out_wrong_shape", "add", [arr("float64", [2, 3], F), arr("float64", [3], F)],
         (arr("float64", [3], [0.0] * 3), [])),
        ("out_broadcast_inputs", "subtract", [arr("float32", [3, 1], F), arr("float32", [4], F)],
         (arr("float32", [3, 4, 2], [9.0] * 24), [S(), S(), 1])),
        ("out_unary_strided", "negative", [arr("float64", [3], [1.0, -0.0, float("nan")])],
         (arr("float64", [6], [5.0] * 6), [S(1, None, 2)])),
        ("out_unary_cast", "sqrt", [arr("float32", [2], [2.0, 9.0])],
         (arr("float64", [2], [0.0, 0.0]), [])),
    ]
    return cases


def run_case(op, args, out):
    vals = [build(a) for a in args]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        with np.errstate(all="ignore"):
            if out is None:
                return np.asarray(getattr(np, op)(*vals)), None
            base = build(out[0])
            view = base[tuple(e if isinstance(e, int) else slice(*e) for e in out[1])]
            getattr(np, op)(*vals, out=view)
            return base, base


def gen_ufunc_cases():
    lines = []
    for name, op, args, out in ufunc_cases():
        op = {"true_div": "divide"}.get(op, op)
        case = {"name": name, "op": op, "args": args}
        if out is not None:
            case["out"] = {"base": out[0], "index": out[1]}
        try:
            r, _ = run_case(op, args, out)
            case["expect"] = {"dtype": r.dtype.name, "shape": list(r.shape),
                              "strides": list(r.strides),
                              "values": [val_str(v) for v in r.ravel()]}
        except (TypeError, ValueError, OverflowError) as e:
            case["expect"] = {"error": type(e).__name__, "msg": str(e)}
        lines.append("  " + json.dumps(case, sort_keys=True))
    header = json.dumps(np.__version__)
    save_text("ufunc/cases.json",
              f'{{\n "numpy": {header},\n "cases": [\n' + ",\n".join(lines) + "\n ]\n}\n")


def gen_ufunc_in_process():
    gen_ufunc_types()
    gen_ufunc_resolution()
    gen_ufunc_grids()
    gen_ufunc_cases()
    return written


def gen_ufunc():
    """Runs this section in a fresh interpreter. NumPy caches ufunc type resolution per process
    and the wording of some later errors depends on which signatures were resolved before (this
    section resolves every op over every dtype pair), so sharing the process would change other
    sections' recorded messages, and theirs ours."""
    import multiprocessing
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        written.extend(pool.apply(gen_ufunc_in_process))


# ---------------------------------------------------------------- g. accumulate, select, testing
#
# Everything below writes only under tests/data/accumulate/, tests/data/select/ and
# tests/data/testing/, uses nothing from the sections after (e), and reads nothing that another
# section writes, so their output stays byte-identical.


def g_str(v):
    """An element as an exact string: `True`, `-3`, `nan`, `-0.0`, `1.5`."""
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (np.integer, int)):
        return str(int(v))
    return repr(float(v))


def g_arr(dt, shape, values, ops=(), order="C"):
    """An array argument: `values` (a list, or a callable of the element count) as an array of
    `shape` and `dt` in memory order `order`, then the view `ops` (as in reshape.json)."""
    n = int(np.prod(shape, dtype=np.int64))
    vals = values(n) if callable(values) else values
    assert len(vals) == n, (shape, len(vals))
    with np.errstate(over="ignore"):
        cast = np.array(vals, dtype=dt)
    return {"dtype": dt, "shape": list(shape), "values": [g_str(v) for v in cast],
            "order": order, "ops": list(ops)}


def g_weak(v):
    """A Python scalar argument (weak under NEP 50)."""
    kind = "bool" if isinstance(v, bool) else "int" if isinstance(v, int) else "float"
    return {"weak": kind, "value": g_str(v)}


def g_build(a):
    if a is None:
        return None
    if "weak" in a:
        return {"bool": lambda s: s == "True", "int": int, "float": float}[a["weak"]](a["value"])
    parse = (lambda s: s == "True") if a["dtype"] == "bool" else \
        (int if np.dtype(a["dtype"]).kind in "iu" else float)
    base = np.array([parse(v) for v in a["values"]], dtype=a["dtype"]).reshape(a["shape"])
    if a["order"] == "F":
        base = np.asfortranarray(base)
    return apply_ops(base, a["ops"])


def g_result(f):
    """`f()` as {"dtype", "shape", "values"} or {"error", "msg"}."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            with np.errstate(all="ignore"):
                r = np.asarray(f())
        return {"dtype": r.dtype.name, "shape": list(r.shape),
                "values": [g_str(v) for v in r.ravel()]}
    except (IndexError, TypeError, ValueError, OverflowError) as e:
        return {"error": type(e).__name__, "msg": str(e)}


def g_save_cases(rel, cases):
    # One case per line, so a NumPy upgrade shows up as a readable diff.
    body = ",\n".join("  " + json.dumps(c, sort_keys=True) for c in cases)
    header = json.dumps(np.__version__)
    save_text(rel, f'{{\n "numpy": {header},\n "cases": [\n{body}\n ]\n}}\n')


def g_values(dt, n, start=0):
    """Small deterministic values of `dt`: bools, -5..5 (1..11 unsigned), quarter-ish floats."""
    k = [(5 * i + start) % 11 for i in range(n)]
    if dt == "bool":
        return [v % 3 != 0 for v in k]
    if dt.startswith("u"):
        return [v + 1 for v in k]
    if dt.startswith("i"):
        return [v - 5 for v in k]
    return [(v - 5) * 0.75 + 0.1 for v in k]


G_ACC_OPS = [
    "add", "subtract", "multiply", "divide", "floor_divide", "remainder", "fmod", "power",
    "maximum", "minimum", "fmax", "fmin", "arctan2", "hypot", "copysign",
    "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
    "logical_and", "logical_or", "logical_xor",
    "bitwise_and", "bitwise_or", "bitwise_xor", "left_shift", "right_shift",
]


def g_acc_call(c):
    a = g_build(c["a"])
    f = c["func"]
    if f == "accumulate":
        return getattr(np, c["op"]).accumulate(a, axis=c["axis"])
    if f == "diff":
        return np.diff(a, n=c["n"], axis=c["axis"])
    return getattr(np, f)(a, axis=c["axis"])


def accumulate_cases():
    cases = []

    def add(name, func, a, axis, **kw):
        c = {"name": name, "func": func, "a": a, "axis": axis}
        c.update(kw)
        c["expect"] = g_result(lambda: g_acc_call(c))
        cases.append(c)

    # Every dtype: cumsum/cumprod over each axis and flattened, diff, max/min accumulate.
    for dt in DTYPES:
        x = g_arr(dt, [3, 4], lambda n, dt=dt: g_values(dt, n))
        for axis in (None, 0, 1, -1):
            add(f"cumsum_{dt}_{axis}", "cumsum", x, axis)
        for axis in (None, 0, 1):
            add(f"cumprod_{dt}_{axis}", "cumprod", x, axis)
        add(f"diff_{dt}", "diff", x, -1, n=1)
        add(f"diff2_{dt}_axis0", "diff", x, 0, n=2)
        add(f"maximum_{dt}_0", "accumulate", x, 0, op="maximum")
        add(f"maximum_{dt}_1", "accumulate", x, 1, op="maximum")
        add(f"minimum_{dt}_1", "accumulate", x, 1, op="minimum")
    # Every binary op accumulated over a few dtypes (errors where NumPy has no loop).
    for dt in ("bool", "int8", "uint8", "int64", "float32", "float64"):
        x = g_arr(dt, [3, 4], lambda n, dt=dt: g_values(dt, n, 3))
        for op in G_ACC_OPS:
            add(f"accumulate_{op}_{dt}", "accumulate", x, 1, op=op)
    small = g_arr("int64", [2, 4], [2, 3, 1, 2, 1, 0, 3, 2])
    add("accumulate_power_int64_small", "accumulate", small, 1, op="power")
    add("accumulate_power_int64_axis0", "accumulate", small, 0, op="power")
    # Integer wrap-around.
    add("cumsum_int64_wrap", "cumsum", g_arr("int64", [4], [2**62] * 4), None)
    add("cumsum_uint64_wrap", "cumsum", g_arr("uint64", [3], [2**63, 2**63, 1]), None)
    add("cumprod_int64_wrap", "cumprod", g_arr("int64", [3], [2**32, 2**32, 3]), None)
    add("cumsum_int8_no_wrap", "cumsum", g_arr("int8", [3], [127, 127, 127]), None)
    add("add_accumulate_int8_upcast", "accumulate", g_arr("int8", [3], [127, 127, 127]), 0, op="add")
    add("diff_uint8_wrap", "diff", g_arr("uint8", [3], [1, 5, 2]), -1, n=1)
    add("diff_int8_wrap", "diff", g_arr("int8", [3], [-128, 127, -128]), -1, n=1)
    # Non-contiguous inputs: transposed, negative steps, stepped slices, permuted 3-d, F order.
    neg = sl(S(None, None, -1), S(None, None, 2))
    views = [
        ("T", [T]),
        ("neg_step", [neg]),
        ("neg3", [sl(S(1, None), S(None, None, -3))]),
    ]
    for dt in ("int32", "float64"):
        for vname, ops in views:
            x = g_arr(dt, [4, 6], lambda n, dt=dt: g_values(dt, n, 1), ops)
            for axis in (None, 0, 1):
                add(f"cumsum_{dt}_{vname}_{axis}", "cumsum", x, axis)
            add(f"maximum_{dt}_{vname}", "accumulate", x, 0, op="maximum")
            add(f"diff_{dt}_{vname}", "diff", x, 0, n=1)
        x3 = g_arr(dt, [2, 3, 4], lambda n, dt=dt: g_values(dt, n, 2), [tr(2, 0, 1)])
        for axis in (0, 1, 2):
            add(f"cumprod_{dt}_3d_{axis}", "cumprod", x3, axis)
            add(f"diff_{dt}_3d_{axis}", "diff", x3, axis, n=1)
        xf = g_arr(dt, [3, 5], lambda n, dt=dt: g_values(dt, n, 4), order="F")
        for axis in (None, 0, 1):
            add(f"cumsum_{dt}_fortran_{axis}", "cumsum", xf, axis)
    # Empty arrays.
    for shape in ([0], [2, 0], [0, 3]):
        x = g_arr("float64", shape, [])
        tag = "x".join(map(str, shape))
        for axis in (None, 0, -1):
            add(f"cumsum_empty_{tag}_{axis}", "cumsum", x, axis)
        add(f"add_accumulate_empty_{tag}", "accumulate", x, 0, op="add")
        add(f"diff_empty_{tag}", "diff", x, -1, n=1)
    add("cumsum_empty_int8", "cumsum", g_arr("int8", [0], []), None)
    # 0-d arrays.
    s = g_arr("int32", [], [7])
    add("cumsum_0d", "cumsum", s, None)
    add("cumsum_0d_axis0", "cumsum", s, 0)
    add("cumprod_0d", "cumprod", s, None)
    add("nancumsum_0d_nan", "nancumsum", g_arr("float64", [], [float("nan")]), None)
    add("accumulate_0d", "accumulate", s, 0, op="add")
    add("diff_0d", "diff", s, -1, n=1)
    add("diff_0d_n0", "diff", s, -1, n=0)
    # NaN and infinities.
    nan, inf = float("nan"), float("inf")
    for dt in ("float32", "float64"):
        x = g_arr(dt, [2, 4], [1.5, nan, 2.0, -1.0, nan, nan, inf, 3.0])
        for func in ("cumsum", "cumprod", "nancumsum", "nancumprod"):
            for axis in (None, 0, 1):
                add(f"{func}_{dt}_nan_{axis}", func, x, axis)
        for op in ("maximum", "minimum", "fmax", "fmin", "add"):
            add(f"{op}_{dt}_nan", "accumulate", x, 1, op=op)
        add(f"diff_{dt}_inf", "diff", g_arr(dt, [4], [inf, inf, 1.0, -inf]), -1, n=1)
    add("nancumsum_int", "nancumsum", g_arr("int16", [4], [1, 2, 3, 4]), None)
    add("nancumprod_bool", "nancumprod", g_arr("bool", [3], [True, False, True]), None)
    # diff: orders, bool, long n.
    x = g_arr("int64", [2, 5], [1, 4, 9, 16, 25, 3, 1, 4, 1, 5])
    for n in (0, 1, 2, 3, 4, 5, 7):
        add(f"diff_n{n}", "diff", x, -1, n=n)
    add("diff_axis0_n2", "diff", x, 0, n=2)
    add("diff_bool", "diff", g_arr("bool", [5], [True, False, False, True, True]), -1, n=1)
    add("diff_bool_n2", "diff", g_arr("bool", [5], [True, False, False, True, True]), -1, n=2)
    add("diff_float32_3d", "diff", g_arr("float32", [2, 3, 2], lambda n: g_values("float32", n)), 1, n=1)
    # Errors.
    add("cumsum_axis_out_of_range", "cumsum", g_arr("float64", [2, 2], [1, 2, 3, 4]), 2)
    add("diff_axis_out_of_range", "diff", g_arr("float64", [2, 2], [1, 2, 3, 4]), -3, n=1)
    add("accumulate_axis_out_of_range", "accumulate", g_arr("int64", [3], [1, 2, 3]), 1, op="add")
    return cases


def g_sel_call(c):
    args = [g_build(a) for a in c["args"]]
    f = c["func"]
    if f == "where":
        return np.where(*args)
    if f == "clip":
        return np.clip(*args)
    return np.round(args[0], c["decimals"])


def select_cases():
    cases = []

    def add(name, func, args, **kw):
        c = {"name": name, "func": func, "args": args}
        c.update(kw)
        c["expect"] = g_result(lambda: g_sel_call(c))
        cases.append(c)

    nan, inf = float("nan"), float("inf")
    mask = g_arr("bool", [2, 3], [True, False, True, False, False, True])
    f64 = g_arr("float64", [2, 3], [1.5, -2.0, nan, 0.25, inf, -0.0])
    u8 = g_arr("uint8", [3], [0, 100, 255])
    i8 = g_arr("int8", [3], [-5, 0, 5])
    f32 = g_arr("float32", [3], [-1.5, 0.5, 2.5])
    c3 = g_arr("bool", [3], [True, False, True])
    # where
    add("where_basic", "where", [mask, f64, g_arr("float64", [2, 3], [10, 20, 30, 40, 50, 60])])
    add("where_bcast", "where", [g_arr("bool", [2, 1], [True, False]),
                                 g_arr("int64", [3], [0, 1, 2]), g_weak(10)])
    add("where_bcast_3", "where", [g_arr("bool", [2, 1, 1], [False, True]),
                                   g_arr("int16", [3, 1], [1, 2, 3]), g_arr("int16", [4], [7, 8, 9, 10])])
    add("where_weak_int_float", "where", [c3, g_weak(1), g_weak(2.0)])
    add("where_weak_int_int", "where", [c3, g_weak(1), g_weak(2)])
    add("where_weak_bool_int", "where", [c3, g_weak(True), g_weak(2)])
    add("where_weak_bools", "where", [c3, g_weak(True), g_weak(False)])
    add("where_u8_300", "where", [c3, u8, g_weak(300)])
    add("where_u8_minus1", "where", [c3, u8, g_weak(-1)])
    add("where_u8_float", "where", [c3, u8, g_weak(1.5)])
    add("where_f32_float", "where", [c3, f32, g_weak(1.5)])
    add("where_f32_int", "where", [c3, g_weak(7), f32])
    add("where_i8_u8", "where", [c3, i8, u8])
    add("where_i64_u64", "where", [c3, g_arr("int64", [3], [-1, 2, 3]), g_arr("uint64", [3], [4, 5, 2**63])])
    add("where_i32_f32", "where", [c3, g_arr("int32", [3], [1, 2, 3]), f32])
    add("where_cond_float", "where", [g_arr("float64", [3], [nan, 0.0, -0.0]), g_weak(1), g_weak(2)])
    add("where_cond_int", "where", [g_arr("int32", [3], [0, 3, -1]), i8, g_weak(9)])
    add("where_cond_scalar", "where", [g_weak(True), u8, g_weak(7)])
    add("where_cond_scalar_false", "where", [g_weak(False), u8, g_weak(7)])
    add("where_noncontig", "where", [
        g_arr("bool", [4, 3], lambda n: [i % 3 == 1 for i in range(n)], [T]),
        g_arr("float32", [3, 8], lambda n: g_values("float32", n), [sl(S(), S(None, None, -2))]),
        g_arr("float32", [4], [0.5, 1.5, 2.5, 3.5])])
    add("where_fortran", "where", [
        g_arr("bool", [2, 3], [True, False, True, True, False, False], order="F"),
        g_arr("int64", [2, 3], [1, 2, 3, 4, 5, 6], order="F"), g_weak(-1)])
    add("where_empty", "where", [g_arr("bool", [0, 3], []), g_arr("float64", [3], [1, 2, 3]), g_weak(0.0)])
    add("where_0d", "where", [g_arr("bool", [], [False]), g_arr("int8", [], [3]), g_arr("int8", [], [4])])
    add("where_bool_arrays", "where", [c3, g_arr("bool", [3], [False] * 3), g_arr("bool", [3], [True] * 3)])
    add("where_bad_shapes", "where", [g_arr("bool", [2], [True, False]),
                                      g_arr("int64", [3], [1, 2, 3]), g_arr("int64", [4], [1, 2, 3, 4])])
    # clip
    x = g_arr("float64", [6], [-0.0, 0.0, nan, 1.0, -1.0, 5.0])
    for lo, hi in [(0.0, 1.0), (-0.0, 1.0), (-1.0, 0.0), (-1.0, -0.0), (nan, 1.0), (0.0, nan),
                   (2.0, 1.0), (0.0, 0.0), (-0.0, -0.0), (0.0, -0.0), (-0.0, 0.0), (-inf, inf)]:
        tag = f"{g_str(lo)}_{g_str(hi)}"
        add(f"clip_scalar_{tag}", "clip", [x, g_weak(lo), g_weak(hi)])
        add(f"clip_array_{tag}", "clip", [x, g_arr("float64", [6], [lo] * 6), g_arr("float64", [6], [hi] * 6)])
    add("clip_array_min_scalar_max", "clip", [x, g_arr("float64", [6], [0.0] * 6), g_weak(1.0)])
    add("clip_mixed_bounds", "clip", [x, g_arr("float64", [6], [nan, 0.0, 0.0, 2.0, -2.0, 6.0]), g_weak(3.0)])
    add("clip_none_max", "clip", [g_arr("float64", [4], [0.0, 1.0, 2.5, nan]), None, g_weak(2.0)])
    add("clip_none_min", "clip", [g_arr("float64", [4], [0.0, 1.0, 2.5, nan]), g_weak(1.0), None])
    add("clip_none_none", "clip", [g_arr("float64", [3], [0.0, 1.0, 2.5]), None, None])
    add("clip_none_none_bool", "clip", [c3, None, None])
    add("clip_min_gt_max_int", "clip", [g_arr("int64", [5], [0, 1, 2, 3, 4]), g_weak(3), g_weak(1)])
    add("clip_u8_beyond_both", "clip", [u8, g_weak(-5), g_weak(300)])
    add("clip_u8_beyond_max", "clip", [u8, g_weak(10), g_weak(300)])
    add("clip_u8_beyond_min_none", "clip", [u8, g_weak(-5), None])
    add("clip_u8_in_range", "clip", [u8, g_weak(10), g_weak(200)])
    add("clip_i8_range_edges", "clip", [i8, g_weak(-128), g_weak(127)])
    add("clip_i8_min_beyond", "clip", [i8, g_weak(-200), None])
    add("clip_i8_max_beyond", "clip", [i8, g_weak(0), g_weak(200)])
    add("clip_i8_overflow", "clip", [i8, g_weak(1000), g_weak(2000)])
    add("clip_i8_weak_float", "clip", [i8, g_weak(1.5), g_weak(3)])
    add("clip_i8_weak_bool", "clip", [i8, g_weak(True), g_weak(3)])
    add("clip_u8_weak_float", "clip", [u8, g_weak(0.0), g_weak(300)])
    add("clip_u8_i8_array", "clip", [u8, g_arr("int8", [], [1]), g_weak(200)])
    add("clip_f32_weak", "clip", [f32, g_weak(0), g_weak(1)])
    add("clip_f32_f64_array", "clip", [f32, g_arr("float64", [], [0.0]), g_weak(1)])
    add("clip_bool", "clip", [c3, g_weak(False), g_weak(True)])
    add("clip_bool_none_false", "clip", [c3, None, g_weak(False)])
    add("clip_bool_ints", "clip", [c3, g_weak(0), g_weak(5)])
    add("clip_u64_minus1", "clip", [g_arr("uint64", [3], [0, 1, 2]), g_weak(-1), g_weak(1)])
    add("clip_bcast", "clip", [g_arr("int32", [3, 4], lambda n: g_values("int32", n)),
                               g_arr("int32", [4], [-3, -1, 0, 2]), g_arr("int32", [3, 1], [4, 1, 0])])
    add("clip_bcast_out", "clip", [g_arr("float64", [4], [0.5, 1.5, 2.5, 3.5]),
                                   g_arr("float64", [3, 1], [1.0, 2.0, 3.0]), g_weak(3.0)])
    add("clip_noncontig", "clip", [g_arr("float32", [4, 6], lambda n: g_values("float32", n), [sl(S(None, None, -1), S(None, None, 2)), T]),
                                   g_weak(-1.0), g_weak(1.0)])
    add("clip_empty", "clip", [g_arr("int16", [0, 2], []), g_weak(0), g_weak(1)])
    add("clip_0d", "clip", [g_arr("float64", [], [7.5]), g_weak(0), g_weak(5)])
    add("clip_bad_shapes", "clip", [g_arr("float64", [3], [1, 2, 3]), g_arr("float64", [2], [0, 0]), g_weak(1.0)])
    # round
    fvals = [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 0.125, 0.375, 2.675, 1.005, 1234.5678,
             -1234.5678, 1e300, -1e300, 1e-300, 5e-324, 123456789012.345, 0.1, -0.0, 0.0, nan,
             inf, -inf, 15.0, 25.0, -35.0, 1e16 + 2]
    for dt, decimals in [("float64", [-400, -20, -5, -3, -2, -1, 0, 1, 2, 3, 5, 10, 20, 400]),
                         ("float32", [-40, -2, -1, 0, 1, 2, 3, 7, 40])]:
        for d in decimals:
            add(f"round_{dt}_{d}", "round", [g_arr(dt, [len(fvals)], fvals)], decimals=d)
    for dt in [d for d in DTYPES if np.dtype(d).kind in "iu"]:
        info = np.iinfo(dt)
        ivals = [v for v in [0, 1, -1, 5, 15, 25, -15, -25, 45, 55, 123, 125, -125, 127, 250, 1234,
                             -1234, 99999, 2**31 - 1, 2**53 + 1] if info.min <= v <= info.max]
        ivals += [int(info.min), int(info.max)]
        for d in (-3, -2, -1, 0, 2):
            # Values whose rounded float64 falls outside the dtype are cast back with undefined
            # behaviour (NumPy warns, and its scalar and SIMD casts disagree): left out.
            f = 10.0 ** -d if d < 0 else 1.0
            vals = [v for v in ivals if d >= 0 or info.min <= np.rint(v / f) * f <= info.max]
            add(f"round_{dt}_{d}", "round", [g_arr(dt, [len(vals)], vals)], decimals=d)
    add("round_bool_0", "round", [c3], decimals=0)
    add("round_bool_1", "round", [c3], decimals=1)
    add("round_bool_minus1", "round", [c3], decimals=-1)
    add("round_noncontig", "round", [g_arr("float64", [3, 4], lambda n: [0.25 * i - 1.0 for i in range(n)],
                                           [T, sl(S(None, None, -1))])], decimals=1)
    add("round_0d", "round", [g_arr("float64", [], [2.5])], decimals=0)
    add("round_empty", "round", [g_arr("float32", [0], [])], decimals=2)
    return cases


def g_msg(f):
    """The AssertionError message of `f()`, or None when it passes."""
    try:
        f()
    except AssertionError as e:
        return str(e)
    return None


def testing_cases():
    cases = []
    t = np.testing

    def add(name, func, actual, desired, opts=None, **kw):
        c = {"name": name, "func": func, "actual": actual, "desired": desired,
             "options": opts or {}}
        c.update(kw)
        x, y = g_build(actual), g_build(desired)
        o = dict(opts or {})
        if func == "assert_allclose":
            m = g_msg(lambda: t.assert_allclose(x, y, rtol=c["rtol"], atol=c["atol"], **o))
        elif func == "assert_array_almost_equal":
            m = g_msg(lambda: t.assert_array_almost_equal(x, y, decimal=c["decimal"], **o))
        else:
            m = g_msg(lambda: t.assert_array_equal(x, y, **o))
        c["message"] = m
        cases.append(c)

    nan, inf = float("nan"), float("inf")
    f = lambda *v: g_arr("float64", [len(v)], list(v))
    i = lambda *v: g_arr("int64", [len(v)], list(v))
    ac = "assert_allclose"
    add("allclose_int", ac, i(1, 2, 4), i(1, 2, 3), rtol=1e-7, atol=0.0)
    add("allclose_float", ac, f(1, 2, 4), f(1, 2, 3), rtol=1e-7, atol=0.0)
    add("allclose_pass", ac, f(1, 2, 3), f(1, 2, 3 + 1e-9), rtol=1e-7, atol=0.0)
    add("allclose_pass_nan", ac, f(1, nan, inf), f(1, nan, inf), rtol=1e-7, atol=0.0)
    add("allclose_shapes", ac, f(1, 2, 4), f(1, 2, 3, 4), rtol=1e-7, atol=0.0)
    add("allclose_nan_location", ac, f(1, nan), f(1, 2), rtol=1e-7, atol=0.0)
    add("allclose_inf_location", ac, f(1, inf), f(1, 2), rtol=1e-7, atol=0.0)
    add("allclose_inf_sign", ac, f(1, inf), f(1, -inf), rtol=1e-7, atol=0.0)
    add("allclose_equal_nan_false", ac, f(1, nan), f(1, nan), {"equal_nan": False}, rtol=1e-7, atol=0.0)
    add("allclose_many", ac, g_arr("float64", [10], lambda n: [float(k) for k in range(n)]),
        g_arr("float64", [10], lambda n: [k + 0.5 for k in range(n)]), rtol=1e-3, atol=0.1)
    add("allclose_2d_truncated", ac, g_arr("float64", [10, 100], lambda n: [float(k) for k in range(n)]),
        g_arr("float64", [10, 100], lambda n: [k * 1.0001 for k in range(n)]), rtol=1e-7, atol=0.0)
    add("allclose_uint8", ac, g_arr("uint8", [2], [1, 2]), g_arr("uint8", [2], [3, 0]), rtol=1e-7, atol=0.0)
    add("allclose_int8_wrap", ac, g_arr("int8", [3], [1, 2, 3]), g_arr("int8", [3], [-128, 2, 3]), rtol=1e-7, atol=0.0)
    add("allclose_float32", ac, g_arr("float32", [2], [1.0, 2.0]), g_arr("float32", [2], [1.5, 2.0]), rtol=1e-7, atol=0.0)
    add("allclose_zero_desired", ac, f(0, 1), f(1e-10, 1), rtol=1e-7, atol=0.0)
    add("allclose_all_zero_desired", ac, f(1e-10, 1), f(0, 1), rtol=1e-7, atol=0.0)
    add("allclose_scalar_desired", ac, f(1, 1), g_weak(2.0), rtol=1e-7, atol=0.0)
    add("allclose_0d", ac, g_arr("float64", [], [1.0]), g_weak(2.0), rtol=1e-7, atol=0.0)
    add("allclose_scalar_pass", ac, f(0, 1e-16), g_weak(0), rtol=1e-7, atol=1e-15)
    add("allclose_strict_shape", ac, f(0, 0), g_weak(0), {"strict": True}, rtol=1e-7, atol=1e-15)
    add("allclose_strict_dtype", ac, f(0, 0), g_arr("float32", [2], [0, 0]), {"strict": True}, rtol=1e-7, atol=0.0)
    add("allclose_tolerances", ac, f(1, 2), f(1.1, 2), rtol=1e-3, atol=1e-5)
    add("allclose_err_msg", ac, f(1, 2), f(1, 3), {"err_msg": "step 3"}, rtol=1e-7, atol=0.0)
    add("allclose_long_err_msg", ac, f(1, 2), f(1, 3), {"err_msg": "x" * 60}, rtol=1e-7, atol=0.0)
    add("allclose_multiline_err_msg", ac, f(1, 2), f(1, 3), {"err_msg": "a\nb"}, rtol=1e-7, atol=0.0)
    add("allclose_not_verbose", ac, f(1, 2), f(1, 3), {"verbose": False}, rtol=1e-7, atol=0.0)
    add("allclose_2d_nan_filtered", ac, g_arr("float64", [2, 3], [nan, 1, 2, 3, nan, 5]),
        g_arr("float64", [2, 3], [nan, 1, 2.5, 3, nan, 6]), rtol=1e-7, atol=0.0)
    add("allclose_precision6", ac, f(1 / 3, 2 / 3), f(0.3, 2 / 3), rtol=1e-7, atol=0.0)
    add("allclose_sci", ac, f(1e-9, 2e-9), f(1.5e-9, 2e-9), rtol=1e-7, atol=0.0)
    add("allclose_int_vs_float", ac, i(1, 2), f(1.5, 2), rtol=1e-7, atol=0.0)
    ae = "assert_array_equal"
    add("equal_bool", ae, g_arr("bool", [2], [True, False]), g_arr("bool", [2], [True, True]))
    add("equal_int_float", ae, i(1, 2), f(1.5, 2))
    add("equal_int", ae, i(1, 2, 3), i(1, 2, 4))
    add("equal_pass_nan", ae, f(1, nan), f(1, nan))
    add("equal_scalar", ae, g_arr("int32", [2, 2], [0, 0, 0, 1]), g_weak(0))
    add("equal_2d", ae, g_arr("int64", [3, 4], lambda n: list(range(n))),
        g_arr("int64", [3, 4], lambda n: [k if k % 2 else -k for k in range(n)]))
    add("equal_uint_both_ways", ae, g_arr("uint16", [3], [10, 200, 7]), g_arr("uint16", [3], [200, 10, 7]))
    add("equal_shapes_2d", ae, g_arr("int64", [2, 3], [0] * 6), g_arr("int64", [3, 2], [0] * 6))
    add("equal_empty", ae, g_arr("float64", [0], []), g_arr("float64", [0], []))
    aa = "assert_array_almost_equal"
    add("almost_6", aa, f(1.0, 2.33333333), f(1.0, 2.34), decimal=6)
    add("almost_2_pass", aa, f(1.0, 2.33333333), f(1.0, 2.34), decimal=2)
    add("almost_2", aa, f(1.0, 2.33333333), f(1.0, 2.4), decimal=2)
    add("almost_0", aa, f(1.0, 2.5), f(1.0, 4.0), decimal=0)
    add("almost_int", aa, i(1, 20), i(1, 21), decimal=6)
    add("almost_nan_location", aa, f(1, nan), f(nan, 1), decimal=6)
    add("almost_float32", aa, g_arr("float32", [3], [0.1, 0.2, 0.3]), g_arr("float32", [3], [0.1, 0.2, 0.31]), decimal=3)
    return cases


def g_value_cases():
    """isclose / allclose / array_equal results."""
    cases = []
    nan, inf = float("nan"), float("inf")
    f = lambda *v: g_arr("float64", [len(v)], list(v))

    def add(name, func, a, b, **kw):
        c = {"name": name, "func": func, "a": a, "b": b}
        c.update(kw)
        x, y = g_build(a), g_build(b)
        if func == "isclose":
            c["expect"] = g_result(lambda: np.isclose(x, y, rtol=c["rtol"], atol=c["atol"], equal_nan=c["equal_nan"]))
        elif func == "allclose":
            c["expect"] = bool(np.allclose(x, y, rtol=c["rtol"], atol=c["atol"], equal_nan=c["equal_nan"]))
        else:
            c["expect"] = bool(np.array_equal(x, y, equal_nan=c["equal_nan"]))
        cases.append(c)

    a = f(1.0, 1.1, nan, inf, -inf, 1e10, 0.0, 1e-9)
    b = f(1.0 + 1e-9, 1.0, nan, inf, inf, 1.00001e10, 1e-8, 0.0)
    for en in (False, True):
        add(f"isclose_f64_{en}", "isclose", a, b, rtol=1e-5, atol=1e-8, equal_nan=en)
        add(f"allclose_f64_{en}", "allclose", a, a, rtol=1e-5, atol=1e-8, equal_nan=en)
    add("isclose_f32_weak", "isclose", g_arr("float32", [3], [0.1, 0.2, 1.0]), g_weak(0.1), rtol=1e-5, atol=1e-8, equal_nan=False)
    add("isclose_f32_boundary", "isclose", g_arr("float32", [3], [1.0, 1.0000001, 1.00001]), g_arr("float32", [3], [1.00001, 1.0, 1.0]), rtol=1e-5, atol=0.0, equal_nan=False)
    add("isclose_int", "isclose", g_arr("int64", [3], [1, 2, -9223372036854775808]), g_arr("int64", [3], [1, 3, -9223372036854775808]), rtol=0.0, atol=0.0, equal_nan=False)
    add("isclose_int_weak_int", "isclose", g_arr("int8", [3], [-128, 0, 127]), g_weak(127), rtol=1e-5, atol=1.0, equal_nan=False)
    add("isclose_bcast", "isclose", g_arr("float64", [2, 1], [1.0, 2.0]), f(1.0, 2.0, 2.0000001), rtol=1e-5, atol=1e-8, equal_nan=False)
    add("isclose_bool", "isclose", g_arr("bool", [2], [True, False]), g_arr("bool", [2], [True, True]), rtol=1e-5, atol=1e-8, equal_nan=False)
    add("allclose_false", "allclose", f(1e-8, 1e-7), f(1e-8, 1e-9), rtol=1e-5, atol=1e-8, equal_nan=False)
    add("allclose_true", "allclose", f(1e10, 1e-7), f(1.00001e10, 1e-8), rtol=1e-5, atol=1e-8, equal_nan=False)
    add("allclose_nan", "allclose", f(1.0, nan), f(1.0, nan), rtol=1e-5, atol=1e-8, equal_nan=True)
    add("array_equal_same", "array_equal", g_arr("int64", [2], [1, 2]), f(1.0, 2.0), equal_nan=False)
    add("array_equal_shape", "array_equal", g_arr("int64", [2], [1, 2]), g_arr("int64", [1, 2], [1, 2]), equal_nan=False)
    add("array_equal_nan", "array_equal", f(1.0, nan), f(1.0, nan), equal_nan=False)
    add("array_equal_nan_eq", "array_equal", f(1.0, nan), f(1.0, nan), equal_nan=True)
    add("array_equal_nan_pos", "array_equal", f(1.0, nan), f(nan, 1.0), equal_nan=True)
    add("array_equal_empty", "array_equal", f(), f(), equal_nan=False)
    return cases


def gen_accumulate_select_testing():
    g_save_cases("accumulate/cases.json", accumulate_cases())
    g_save_cases("select/cases.json", select_cases())
    g_save_cases("testing/messages.json", testing_cases())
    g_save_cases("testing/values.json", g_value_cases())


# ---------------------------------------------------------------- h. reductions
#
# Everything below writes only under tests/data/reduce/ and reads nothing that the sections
# above write, so their output stays byte-identical.

REDUCE_VIEWS_3D = [
    ("c", []),
    ("T", [T]),
    ("perm", [tr(1, 0, 2)]),
    ("step", [sl(S(), S(None, None, 2), S(1, None, 2))]),
    ("neg", [sl(S(None, None, -1), S(), S(None, None, -1))]),
    ("mixed", [sl(S(), S(None, None, -1), S(1, None)), T]),
]
REDUCE_VIEWS_LONG = [
    ("c", []),
    ("T", [T]),
    ("cols", [sl(S(), S(None, -100))]),
    ("step", [sl(S(), S(None, None, 3))]),
    ("neg", [sl(S(None, None, -1), S(None, None, -1))]),
]
REDUCE_VIEWS_2D = [("c", []), ("T", [T]), ("neg", [sl(S(None, None, -1), S())])]
# (axis, keepdims) for (2, 3, 4) inputs: C order gets all, the other views three of them.
REDUCE_AXES_3D = [(None, False), (0, False), (-1, False), ([0, 2], False),
                  (None, True), (1, True), ([0, 2], True)]
REDUCE_AXES_ARG = [(None, False), (0, False), (-1, False), (1, True), (None, True)]
REDUCE_FUNCS = {
    "sum": ["sum"], "prod": ["prod"], "mean": ["mean"], "var": ["var"], "std": ["std"],
    "extrema": ["min", "max", "ptp"], "arg": ["argmin", "argmax"], "logical": ["any", "all"],
    "nan": ["nansum", "nanmean", "nanmin", "nanmax", "nanvar", "nanstd", "nanargmin",
            "nanargmax"],
}
REDUCE_ARG_FUNCS = {"argmin", "argmax", "nanargmin", "nanargmax"}
REDUCE_DDOF_FUNCS = {"var", "std", "nanvar", "nanstd"}
REDUCE_UFUNC_DTYPES = ("bool", "int8", "uint8", "int64", "uint64", "float32", "float64")
REDUCE_LONG_SHAPES = {"long1": [6, 1500], "long2": [2, 8500]}
REDUCE_LONG_DTYPES = ("float32", "float64", "int64", "uint64")
# Functions whose float results depend on the order of operations: long inputs test them along
# every path of NumPy's iterator (pairwise tree, 8192-element buffer, non-contiguous runs).
REDUCE_ORDERED = {"sum", "prod", "mean", "var", "std", "nansum", "nanmean", "nanvar", "nanstd",
                  "min", "max", "argmin", "argmax"}


def reduce_long(dt, shape):
    """The `long` inputs, defined by a formula (tests/numpy_reduce.rs computes the same values)
    instead of stored: element i is exact in every listed dtype, and the float values mix
    magnitudes over 2^-8..2^8 so that the order of additions shows in the last bits; the
    integers exceed 2^53 so that their float64 sums round."""
    i = np.arange(shape[0] * shape[1], dtype=np.int64)
    m = (i * 7919 + 13) % 100003
    if dt == "int64":
        v = (m - 50000) * (1 << 43) + i
    elif dt == "uint64":
        v = m.astype(np.uint64) * np.uint64(1 << 46) + (2 * i + 1).astype(np.uint64)
    else:
        v = (m - 50000).astype(np.float64) * np.exp2(((i * 31) % 17) - 8.0)
    return v.astype(dt).reshape(shape)


def reduce_inputs():
    """name -> array, the stored inputs (deterministic values from a private generator)."""
    rng = np.random.default_rng(20260301)
    out = {}
    for dt in DTYPES:
        kind = np.dtype(dt).kind
        if kind == "b":
            basic = rng.integers(0, 2, 24).astype(bool)
        elif kind == "i":
            basic = rng.integers(-100, 101, 24).astype(dt)
        elif kind == "u":
            basic = rng.integers(0, 201, 24).astype(dt)
        else:
            basic = (rng.standard_normal(24) * 10).astype(dt)
        out[f"{dt}_basic"] = basic.reshape(2, 3, 4)
        info = np.finfo(dt) if kind == "f" else np.iinfo(dt) if kind in "iu" else None
        if kind == "b":
            edge = np.array([True, True, False, True])
        elif kind in "iu":
            lo, hi = int(info.min), int(info.max)
            edge = np.array([hi, hi, 1, lo, hi - 1, lo + 1 if lo else 0, 0, 2], dtype=dt)
        else:
            big = float(info.max) * 0.75
            edge = np.array([big, big, -0.0, float(info.smallest_subnormal), 0.0, -2.5, -big,
                             3.0], dtype=dt)
        out[f"{dt}_edge"] = edge
        if kind == "f":
            out[f"{dt}_special"] = np.array([1.0, np.inf, -np.inf, 2.0, np.nan, -1.0, np.nan],
                                            dtype=dt)
            nan = (rng.standard_normal(20) * 5).astype(dt).reshape(4, 5)
            nan[0, 1] = nan[1, 3] = nan[3, 0] = np.nan
            nan[2, :] = np.nan
            nan[1, 4] = np.inf
            out[f"{dt}_nan"] = nan
            out[f"{dt}_nancol"] = np.where(np.arange(20).reshape(4, 5) % 5 == 2, np.nan,
                                           np.arange(20.0).reshape(4, 5)).astype(dt)
        scalar = {"b": True, "i": -7, "u": 7, "f": 2.5}[kind]
        out[f"{dt}_scalar"] = np.array(scalar, dtype=dt)
        ops = np.array([[3, 1, 4, 1], [5, 2, 6, 2], [1, 3, 2, 2]])
        if kind == "b":
            ops = ops % 2 == 1
        elif kind == "i":
            ops = ops * np.array([1, -1, 1, 1])
        out[f"{dt}_ops"] = ops.astype(dt)
    return out


def reduce_call(func, a, axis, keepdims, ddof, op=None):
    if func == "reduce":
        return getattr(np, op).reduce(a, axis=axis, keepdims=keepdims)
    kw = {"axis": axis, "keepdims": keepdims}
    if func in REDUCE_DDOF_FUNCS:
        kw["ddof"] = ddof
    return getattr(np, func)(a, **kw)


def reduce_quiet(func, a, axis, keepdims, ddof, op):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        with np.errstate(all="ignore"):
            return np.asarray(reduce_call(func, a, axis, keepdims, ddof, op))


def reduce_case(func, input_ref, base, ops, axis, keepdims, ddof=None, op=None):
    a = apply_ops(base, ops)
    ax = tuple(axis) if isinstance(axis, list) else axis
    case = {"func": func, "input": input_ref, "ops": ops, "axis": axis, "keepdims": keepdims}
    if ddof is not None:
        case["ddof"] = ddof
    if op is not None:
        case["op"] = op
    try:
        r = reduce_quiet(func, a, ax, keepdims, ddof, op)
        if r.dtype == np.float16:
            # numfuse has no float16: where NumPy's loop is `e`, numfuse's is `f`, so the
            # expected values are NumPy's with the input cast to float32 first.
            case["float16"] = True
            r = reduce_quiet(func, a.astype(np.float32), ax, keepdims, ddof, op)
        case.update({"dtype": r.dtype.name, "shape": list(r.shape),
                     "values": [val_str(v) for v in r.ravel()]})
    except (ValueError, TypeError) as e:
        case.update({"error": type(e).__name__, "msg": str(e)})
    return case


def reduce_cases(inputs):
    """group -> list of cases."""
    groups = {g: [] for g in list(REDUCE_FUNCS) + ["ufunc"]}
    for group, funcs in REDUCE_FUNCS.items():
        for func in funcs:
            arg = func in REDUCE_ARG_FUNCS
            ddofs = [0, 1] if func in REDUCE_DDOF_FUNCS else [None]
            for dt in DTYPES:
                if func.startswith("nan") and np.dtype(dt).kind != "f" and dt != "int8":
                    continue  # integer nan* forms are the plain forms; one dtype suffices
                for ddof in ddofs:
                    add = groups[group].append
                    name = f"{dt}_basic"
                    for vname, ops in REDUCE_VIEWS_3D:
                        axes = REDUCE_AXES_ARG if arg else REDUCE_AXES_3D
                        if vname != "c":
                            axes = axes[:3] if arg else [axes[0], axes[2], axes[3]]
                        for axis, keep in axes:
                            add(reduce_case(func, name, inputs[name], ops, axis, keep, ddof))
                    for kind in ("edge", "special", "nan", "nancol"):
                        name = f"{dt}_{kind}"
                        if name not in inputs:
                            continue
                        views = REDUCE_VIEWS_2D if inputs[name].ndim == 2 else [("c", [])]
                        axes = [(None, False), (0, False)] + (
                            [(1, False), (-1, True)] if inputs[name].ndim == 2 else [])
                        for vname, ops in views:
                            for axis, keep in axes:
                                add(reduce_case(func, name, inputs[name], ops, axis, keep, ddof))
                    if dt in REDUCE_LONG_DTYPES:
                        for kind, shape in REDUCE_LONG_SHAPES.items():
                            ref = {"dtype": dt, "shape": shape, "fill": "long"}
                            base = reduce_long(dt, shape)
                            for vname, ops in REDUCE_VIEWS_LONG:
                                # The long axis: a handful of results, each a long reduction.
                                long_axis = int(np.argmax(apply_ops(base, ops).shape))
                                axes = (None, long_axis) if func in REDUCE_ORDERED else (None,)
                                for axis in axes:
                                    add(reduce_case(func, ref, base, ops, axis, False, ddof))
                    name = f"{dt}_scalar"
                    for axis, keep in ((None, False), (0, False), (None, True)):
                        add(reduce_case(func, name, inputs[name], [], axis, keep, ddof))
                    for shape in ([0], [2, 0, 3]):
                        ref = {"dtype": dt, "shape": shape}
                        zeros = np.zeros(shape, dtype=dt)
                        axes = [(None, False), (0, False)] + (
                            [(1, False), (-1, True)] + ([] if arg else [([0, 2], False)])
                            if len(shape) == 3 else [])
                        for axis, keep in axes:
                            add(reduce_case(func, ref, zeros, [], axis, keep, ddof))
            # Errors: duplicate and out-of-range axes, several axes for arg functions.
            base = inputs["float64_basic"]
            bad = [[0, -3], 3] + ([[0, 1]] if arg else [])
            for axis in bad:
                groups[group].append(reduce_case(func, "float64_basic", base, [], axis, False,
                                                 0 if func in REDUCE_DDOF_FUNCS else None))
    for op in UFUNC_BINARY:
        for dt in REDUCE_UFUNC_DTYPES:
            name = f"{dt}_ops"
            for vname, ops in REDUCE_VIEWS_2D[:2]:
                axes = ((None, False), (0, False), (1, False), ([0, 1], False), (0, True))
                for axis, keep in axes if vname == "c" else axes[1:2]:
                    groups["ufunc"].append(reduce_case("reduce", name, inputs[name], ops, axis,
                                                       keep, op=op))
            ref = {"dtype": dt, "shape": [0, 3]}
            for axis in (0, 1):
                groups["ufunc"].append(reduce_case("reduce", ref, np.zeros((0, 3), dtype=dt), [],
                                                   axis, False, op=op))
    return groups


def gen_reduce():
    inputs = reduce_inputs()
    for name, a in inputs.items():
        save_npy(f"reduce/inputs/{name}.npy", a)
    header = json.dumps(np.__version__)
    for group, cases in reduce_cases(inputs).items():
        body = ",\n".join("  " + json.dumps(c, sort_keys=True) for c in cases)
        save_text(f"reduce/{group}.json", f'{{\n "numpy": {header},\n "cases": [\n{body}\n ]\n}}\n')


def gen_mask():
    """Boolean-mask selection (`a[mask]`) and `nonzero`: inputs, masks and NumPy's results as
    .npy files, and NumPy's error messages for the refused shapes."""
    rng = np.random.default_rng(7)
    cases = [
        ("f64_1d", rng.standard_normal(11), None),
        ("i32_2d", rng.integers(-5, 5, (4, 5)).astype(np.int32), None),
        ("u8_3d_leading", rng.integers(0, 255, (3, 4, 2)).astype(np.uint8), 2),
        ("f32_rows", rng.standard_normal((5, 3)).astype(np.float32), 1),
        ("bool_all_false", rng.integers(0, 2, (2, 3)).astype(bool), "none"),
        ("f32_transposed", rng.standard_normal((3, 4)).astype(np.float32).T, None),
        ("i64_reversed", np.arange(12, dtype=np.int64).reshape(3, 4)[::-1, ::2], None),
        ("f64_0d_true", np.array(2.5), "true"),
        ("f64_empty", np.zeros((0, 3)), None),
    ]
    for name, a, how in cases:
        if how == "none":
            mask = np.zeros(a.shape, dtype=bool)
        elif how == "true":
            mask = np.array(True)
        elif isinstance(how, int):
            mask = rng.integers(0, 2, a.shape[:how]).astype(bool)
        else:
            mask = rng.integers(0, 2, a.shape).astype(bool)
        save_npy(f"mask/{name}_a.npy", np.array(a, order="C"))
        save_npy(f"mask/{name}_mask.npy", mask)
        save_npy(f"mask/{name}_select.npy", a[mask])
        if a.ndim > 0:
            for k, idx in enumerate(np.nonzero(a)):
                save_npy(f"mask/{name}_nonzero{k}.npy", idx)
    errors = {}
    for label, shape, mshape in [("axis1", (3, 4), (3, 5)), ("too_many", (3,), (3, 1)),
                                 ("axis0", (4, 2), (3,))]:
        try:
            np.zeros(shape)[np.zeros(mshape, dtype=bool)]
        except IndexError as e:
            errors[label] = {"shape": shape, "mask": mshape, "error": str(e)}
    save_json("mask/errors.json", errors)


def require_numpy_2():
    if np.__version__.split(".")[0] != "2":
        sys.exit(f"NumPy 2.x is required (found {np.__version__})")


def report_written():
    """Prints every file written, its size, and the total."""
    total = 0
    for rel in written:
        size = os.path.getsize(os.path.join(DATA, rel))
        total += size
        print(f"wrote tests/data/{rel} ({size} bytes)")
    print(f"{len(written)} files, {total} bytes, NumPy {np.__version__}")


def main():
    require_numpy_2()
    gen_promotion()
    gen_astype()
    gen_reshape()
    gen_repr()
    gen_npy_format()
    gen_ufunc()
    gen_accumulate_select_testing()
    gen_reduce()
    gen_mask()
    report_written()


if __name__ == "__main__":
    main()
