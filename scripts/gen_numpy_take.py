#!/usr/bin/env python3
"""Write the NumPy reference cases for numfuse's take/put family (tests/take_put.rs).

Run from the repository root:

    python3 scripts/gen_numpy_take.py

It writes tests/data/take/cases.json in the format of gen_numpy_reference.py's g_save_cases
(without the optional spaces, to keep it under 100 KB): one case per line, {"name", "func", arguments..., "expect"}. Arrays are {"dtype", "shape", "values",
"order", "ops"} (g_arr: values in C order, laid out in `order`, then viewed through the view ops
of reshape.json), so non-contiguous inputs are described exactly. The functions and their
arguments:

    take                a, indices, axis, mode            np.take(a, indices, axis, mode=mode)
    put                 a, indices, values, mode          np.put(a, ...); expect is `a` after it
    putmask             a, mask, values                   np.putmask(a, mask, values); `a` after
    place               a, mask, values                   np.place(a, mask, values); `a` after
    compress            a, condition, axis                np.compress(condition, a, axis)
    choose              indices, choices, mode            np.choose(indices, choices, mode=mode)
    take_along_axis     a, indices, axis                  np.take_along_axis(a, indices, axis)
    put_along_axis      a, indices, values, axis          np.put_along_axis(...); `a` after
    unravel_index       indices, dims, order              expect {"arrays": [...]}: one per axis
    ravel_multi_index   multi (a list of arrays), dims, mode, order
    flatnonzero         a
    argpartition        a, kth, axis                      NumPy's order within each side of kth
                                                          is implementation-defined, so expect is
                                                          np.sort of the lanes (flattened for
                                                          axis None), against which the test
                                                          checks the partition property

`expect` is {"dtype", "shape", "values"} or {"error", "msg"} (the exception type and message,
for errors NumPy raises); values are exact strings, so NaN survives JSON. Writing functions run
on the array as built, so a view writes through its strides, as NumPy writes through a view.
Everything is deterministic: running the script again rewrites identical files.
"""

import json
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_numpy_reference as ref  # noqa: E402
from gen_numpy_reference import (  # noqa: E402
    S, T, g_arr, g_build, g_str, g_values, save_text, sl, tr,
)

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float32", "float64"]
NAN = float("nan")
# The shape behind the views of the writing functions (small: every case stores it twice).
W3 = [2, 2, 3]


def case_adder(out, call, result=None):
    """An `add(name, func, **args)` that appends {"name", "func", args..., "expect"} to `out`,
    with `expect = result(lambda: call(case))` (`t_result` unless given)."""
    result = result or t_result

    def add(name, func, **kw):
        c = {"name": name, "func": func}
        c.update(kw)
        c["expect"] = result(lambda: call(c))
        out.append(c)
    return add


def t_result(f):
    """`f()` as {"dtype", "shape", "values"}, {"arrays": [...]} for a tuple, or {"error", "msg"}
    (g_result, also catching IndexError, which includes AxisError)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            with np.errstate(all="ignore"):
                r = f()
    except (TypeError, ValueError, IndexError, OverflowError) as e:
        return {"error": type(e).__name__, "msg": str(e)}

    def one(x):
        x = np.asarray(x)
        return {"dtype": x.dtype.name, "shape": list(x.shape),
                "values": [g_str(v) for v in x.ravel()]}
    if isinstance(r, tuple):
        return {"arrays": [one(x) for x in r]}
    return one(r)


def idx(values, shape=None, dt="int64", ops=()):
    shape = [len(values)] if shape is None else shape
    return g_arr(dt, shape, values, ops)


def small_values(dt, n, start=0):
    """g_values, with floats in halves so that their strings stay short (-2.5, 0.0, 1.5)."""
    if np.dtype(dt).kind == "f":
        return [((5 * i + start) % 11 - 5) * 0.5 for i in range(n)]
    return g_values(dt, n, start)


def ramp(dt, shape, ops=(), order="C", start=0):
    return g_arr(dt, shape, lambda n: small_values(dt, n, start), ops, order)


def iota(shape, dt="int64", ops=(), order="C"):
    return g_arr(dt, shape, lambda n: list(range(n)), ops, order)


def call(c):
    f = c["func"]
    if f == "take":
        return np.take(g_build(c["a"]), g_build(c["indices"]), axis=c["axis"], mode=c["mode"])
    if f in ("put", "putmask", "place", "put_along_axis"):
        a = g_build(c["a"])
        if f == "put":
            np.put(a, g_build(c["indices"]), g_build(c["values"]), mode=c["mode"])
        elif f == "putmask":
            np.putmask(a, g_build(c["mask"]), g_build(c["values"]))
        elif f == "place":
            np.place(a, g_build(c["mask"]), g_build(c["values"]))
        else:
            np.put_along_axis(a, g_build(c["indices"]), g_build(c["values"]), c["axis"])
        return a
    if f == "compress":
        return np.compress(g_build(c["condition"]), g_build(c["a"]), axis=c["axis"])
    if f == "choose":
        return np.choose(g_build(c["indices"]), [g_build(x) for x in c["choices"]],
                         mode=c["mode"])
    if f == "take_along_axis":
        return np.take_along_axis(g_build(c["a"]), g_build(c["indices"]), c["axis"])
    if f == "unravel_index":
        return np.unravel_index(g_build(c["indices"]), tuple(c["dims"]), order=c["order"])
    if f == "ravel_multi_index":
        return np.ravel_multi_index(tuple(g_build(x) for x in c["multi"]), tuple(c["dims"]),
                                    mode=c["mode"], order=c["order"])
    if f == "flatnonzero":
        return np.flatnonzero(g_build(c["a"]))
    if f == "argpartition":
        a = g_build(c["a"])
        np.argpartition(a, c["kth"], axis=c["axis"])
        flat = c["axis"] is None or a.ndim == 0
        return np.sort(a.ravel()) if flat else np.sort(a, axis=c["axis"])
    raise ValueError(f)


def cases():
    out = []

    add = case_adder(out, call)

    # --- seed section 6, exactly
    seed = iota([4, 5])
    add("seed_take_rows", "take", a=seed, indices=idx([0, 2]), axis=0, mode="raise")
    add("seed_take_cols", "take", a=seed, indices=idx([1, 3, 4]), axis=1, mode="raise")
    add("seed_put", "put", a=iota([20]), indices=idx([0, 5, 10, 15]),
        values=idx([99, 88, 77, 66]), mode="raise")
    f10 = [float(i) for i in range(10)]
    add("seed_putmask", "putmask", a=g_arr("float64", [10], f10),
        mask=g_arr("bool", [10], [v > 5 for v in f10]),
        values=g_arr("float64", [10], [v ** 2 for v in f10]))
    add("seed_unravel_23", "unravel_index", indices=idx([23], []), dims=[4, 6], order="C")
    add("seed_ravel_3_5", "ravel_multi_index", multi=[idx([3], []), idx([5], [])], dims=[4, 6],
        mode="raise", order="C")
    add("seed_top3", "argpartition", a=iota([4, 6]), kth=-3, axis=None)

    # --- take: every dtype, axes, negative indices, modes, layouts, shapes of indices
    for dt in DTYPES:
        add(f"take_{dt}", "take", a=ramp(dt, [2, 4]), indices=idx([3, -4, 1]), axis=1,
            mode="raise")
    for dt in ("bool", "uint8", "float32"):
        add(f"take_{dt}_flat", "take", a=ramp(dt, [2, 4]), indices=idx([0, 7, -1, 5, 5]),
            axis=None, mode="raise")
    x = ramp("float64", [2, 3, 4], start=2)
    for axis in (0, 1, -1):
        add(f"take_3d_axis{axis}", "take", a=x, indices=idx([0, -1, 1, 0], [2, 2]), axis=axis,
            mode="raise")
    views = [
        ("T", [T]),
        ("neg", [sl(S(None, None, -1), S(None, None, -2))]),
        ("perm", [tr(2, 0, 1)]),
        ("step", [sl(S(), S(None, None, 2), S(None, None, -1))]),
    ]
    for vname, ops in views:
        x = ramp("int32", [2, 3, 4], ops, start=1)
        for axis in (None, 1):
            add(f"take_{vname}_{axis}", "take", a=x, indices=idx([1, -1, 0]), axis=axis,
                mode="raise")
    xf = ramp("float32", [3, 5], order="F", start=3)
    add("take_fortran_axis0", "take", a=xf, indices=idx([2, 0]), axis=0, mode="raise")
    add("take_fortran_flat", "take", a=xf, indices=idx([1, 7, 14]), axis=None, mode="raise")
    add("take_noncontig_indices", "take", a=iota([10]),
        indices=idx([0, 1, 2, 3, 4, 5, 6, 7], [2, 4], ops=[T]), axis=0, mode="raise")
    add("take_neg_step_indices", "take", a=iota([10]),
        indices=idx([1, 2, 3, 4, 5], ops=[sl(S(None, None, -2))]), axis=None, mode="raise")
    for mode in ("wrap", "clip"):
        add(f"take_{mode}", "take", a=iota([3, 4]), indices=idx([-13, -1, 4, 9, 2]), axis=1,
            mode=mode)
        add(f"take_{mode}_flat", "take", a=iota([3, 4]), indices=idx([-13, 12, 30]),
            axis=None, mode=mode)
        add(f"take_{mode}_empty_axis", "take", a=g_arr("float64", [0, 3], []),
            indices=idx([0]), axis=0, mode=mode)
        add(f"take_{mode}_empty_axis_no_indices", "take", a=g_arr("float64", [0, 3], []),
            indices=idx([]), axis=0, mode=mode)
    add("take_empty_indices", "take", a=iota([3, 4]), indices=idx([]), axis=1, mode="raise")
    add("take_empty_indices_2d", "take", a=iota([3, 4]), indices=idx([], [2, 0]), axis=0,
        mode="raise")
    add("take_from_empty", "take", a=g_arr("int16", [2, 0], []), indices=idx([1, 0]), axis=0,
        mode="raise")
    add("take_0d_index", "take", a=iota([3, 4]), indices=idx([-1], []), axis=0, mode="raise")
    add("take_0d_index_flat", "take", a=iota([3, 4]), indices=idx([7], []), axis=None,
        mode="raise")
    add("take_from_0d", "take", a=g_arr("float64", [], [2.5]), indices=idx([0, -1, 0]),
        axis=None, mode="raise")
    add("take_from_0d_axis0", "take", a=g_arr("float64", [], [2.5]), indices=idx([0]), axis=0,
        mode="raise")
    add("take_bool_indices", "take", a=iota([5]), indices=g_arr("bool", [3], [True, False, True]),
        axis=0, mode="raise")
    for dt in ("int8", "uint8", "int16", "uint32", "uint64"):
        add(f"take_{dt}_indices", "take", a=iota([6]), indices=idx([5, 0, 3], dt=dt), axis=0,
            mode="raise")
    add("take_nan", "take", a=g_arr("float64", [3], [NAN, -0.0, 1.5]), indices=idx([1, 0]),
        axis=0, mode="raise")
    # errors
    add("take_oob", "take", a=iota([10]), indices=idx([10]), axis=None, mode="raise")
    add("take_oob_neg", "take", a=iota([10]), indices=idx([-11]), axis=0, mode="raise")
    add("take_oob_axis1", "take", a=iota([2, 5]), indices=idx([0, 5]), axis=1, mode="raise")
    add("take_oob_empty_axis", "take", a=g_arr("float64", [0], []), indices=idx([0]), axis=0,
        mode="raise")
    add("take_bad_axis", "take", a=iota([2, 5]), indices=idx([0]), axis=2, mode="raise")
    add("take_bad_axis_0d", "take", a=g_arr("float64", [], [1.0]), indices=idx([0]), axis=1,
        mode="raise")
    add("take_float_indices", "take", a=iota([4]), indices=g_arr("float64", [1], [1.0]),
        axis=0, mode="raise")

    # --- put
    for dt in ("bool", "uint16", "float32", "int64"):
        add(f"put_{dt}", "put", a=ramp(dt, [2, 3]), indices=idx([0, -1, 2]),
            values=ramp(dt, [3], start=7), mode="raise")
    add("put_cyclic", "put", a=iota([10]), indices=idx([0, 1, 2, 3, 4]), values=idx([7, 8]),
        mode="raise")
    add("put_extra_values", "put", a=iota([10]), indices=idx([0, 1]), values=idx([5, 6, 7]),
        mode="raise")
    add("put_repeated", "put", a=iota([10]), indices=idx([1, 1, 1]), values=idx([5, 6, 7]),
        mode="raise")
    add("put_wrap", "put", a=iota([10]), indices=idx([12, -1, -23]), values=idx([5, 6, 7]),
        mode="wrap")
    add("put_clip", "put", a=iota([10]), indices=idx([12, -1]), values=idx([5, 6]), mode="clip")
    add("put_float_into_int", "put", a=iota([4]),
        values=g_arr("float64", [3], [1.7, -2.9, 1e3]), indices=idx([0, 1, 2]), mode="raise")
    add("put_int_into_uint8", "put", a=iota([3], dt="uint8"), values=idx([300, -1]),
        indices=idx([0, 1]), mode="raise")
    add("put_float_into_bool", "put", a=g_arr("bool", [3], [False] * 3),
        values=g_arr("float64", [3], [0.5, 0.0, NAN]), indices=idx([0, 1, 2]), mode="raise")
    add("put_nan_into_float32", "put", a=g_arr("float32", [2], [1.0, 2.0]),
        values=g_arr("float64", [1], [NAN]), indices=idx([1]), mode="raise")
    add("put_2d_values", "put", a=iota([3, 3]), indices=idx([8, 0, 4], [3]),
        values=idx([1, 2, 3, 4], [2, 2]), mode="raise")
    add("put_2d_indices", "put", a=iota([3, 3]), indices=idx([8, 0, 4, 5], [2, 2]),
        values=idx([1, 2, 3, 4]), mode="raise")
    add("put_0d_value", "put", a=iota([5]), indices=idx([0, 2, 4]), values=idx([9], []),
        mode="raise")
    add("put_empty_values", "put", a=iota([5]), indices=idx([0, 2]), values=idx([]),
        mode="raise")
    add("put_empty_indices", "put", a=iota([5]), indices=idx([]), values=idx([1]),
        mode="raise")
    add("put_0d_target", "put", a=g_arr("int64", [], [3]), indices=idx([0]), values=idx([9]),
        mode="raise")
    for vname, ops in views:
        add(f"put_{vname}", "put", a=ramp("float64", W3, ops), indices=idx([0, 4, -1, 5]),
            values=g_arr("float64", [2], [100.5, -200.25]), mode="raise")
    add("put_fortran", "put", a=ramp("int16", [3, 4], order="F"), indices=idx([1, 4, 11]),
        values=idx([-1, -2, -3], dt="int16"), mode="raise")
    add("put_oob", "put", a=iota([10]), indices=idx([0, 20]), values=idx([5, 6]), mode="raise")
    add("put_oob_neg", "put", a=iota([10]), indices=idx([-11]), values=idx([5]), mode="raise")
    add("put_into_empty", "put", a=g_arr("float64", [0], []), indices=idx([0]),
        values=g_arr("float64", [1], [1.0]), mode="raise")

    # --- putmask (values repeat by position; NumPy casts them safely)
    for dt in ("bool", "int16", "float32", "uint64"):
        x = ramp(dt, [2, 3])
        m = g_arr("bool", [2, 3], [True, False, True, False, True, True])
        add(f"putmask_{dt}", "putmask", a=x, mask=m, values=ramp(dt, [2, 3], start=4))
    add("putmask_cyclic", "putmask", a=iota([6]),
        mask=g_arr("bool", [6], [False, False, False, True, True, True]),
        values=idx([10, 20, 30, 40]))
    add("putmask_2d_values_flat", "putmask", a=iota([6]),
        mask=g_arr("bool", [6], [False, True, False, True, True, True]),
        values=idx([10, 20, 30, 40], [2, 2]))
    add("putmask_int_mask", "putmask", a=iota([6]), mask=idx([0, 1, 0, 2, 0, -3]),
        values=idx([9], []))
    add("putmask_float_mask", "putmask", a=iota([6]),
        mask=g_arr("float64", [6], [0.0, 1.5, -0.0, NAN, 0.0, 0.0]), values=idx([9], []))
    add("putmask_same_size_other_shape", "putmask", a=iota([6]),
        mask=g_arr("bool", [2, 3], [True, False] * 3), values=idx([7, 8, 9]))
    add("putmask_empty_values", "putmask", a=iota([6]),
        mask=g_arr("bool", [6], [True] * 6), values=idx([]))
    add("putmask_safe_upcast", "putmask", a=g_arr("float64", [3], [1.0, 2.0, 3.0]),
        mask=g_arr("bool", [3], [True, False, True]), values=idx([7, 8, 9], dt="int32"))
    add("putmask_uint8_into_int16", "putmask", a=iota([3], dt="int16"),
        mask=g_arr("bool", [3], [True, True, False]), values=idx([200, 255], dt="uint8"))
    for vname, ops in views:
        x = ramp("float64", W3, ops)
        m = g_arr("bool", W3, lambda n: [i % 3 == 0 for i in range(n)], ops)
        add(f"putmask_{vname}", "putmask", a=x, mask=m, values=ramp("float64", W3, ops, start=5))
    add("putmask_fortran", "putmask", a=ramp("int32", [3, 4], order="F"),
        mask=g_arr("bool", [3, 4], lambda n: [i % 2 == 0 for i in range(n)], order="F"),
        values=idx([-7, -8, -9], dt="int32"))
    add("putmask_0d", "putmask", a=g_arr("int64", [], [3]), mask=g_arr("bool", [], [True]),
        values=idx([5]))
    add("putmask_empty", "putmask", a=g_arr("int64", [0, 2], []), mask=g_arr("bool", [0], []),
        values=idx([5]))
    add("putmask_size_mismatch", "putmask", a=iota([6]), mask=g_arr("bool", [2], [True, False]),
        values=idx([9]))
    add("putmask_float_into_int", "putmask", a=iota([6]),
        mask=g_arr("bool", [6], [True] * 6), values=g_arr("float64", [1], [1.5]))
    add("putmask_int64_into_uint8", "putmask", a=iota([3], dt="uint8"),
        mask=g_arr("bool", [3], [True] * 3), values=idx([1]))

    # --- place (values in order of the true positions, repeating; unsafe casting)
    for dt in ("bool", "uint16", "float32", "int64"):
        add(f"place_{dt}", "place", a=ramp(dt, [2, 3]),
            mask=g_arr("bool", [2, 3], [False, True, True, False, True, True]),
            values=ramp(dt, [3], start=6))
    add("place_cyclic", "place", a=iota([6]), mask=g_arr("bool", [6], [v > 2 for v in range(6)]),
        values=idx([10, 20]))
    add("place_more_values", "place", a=iota([6]),
        mask=g_arr("bool", [6], [v > 3 for v in range(6)]), values=idx([7, 8, 9, 10]))
    add("place_float_into_int", "place", a=iota([6]),
        mask=g_arr("bool", [6], [v > 2 for v in range(6)]),
        values=g_arr("float64", [2], [1.7, -2.5]))
    add("place_int_mask", "place", a=iota([6]), mask=idx([0, 1, 0, 2, 0, 0]),
        values=idx([7, 8]))
    add("place_same_size_other_shape", "place", a=iota([6]),
        mask=g_arr("bool", [2, 3], [True] * 6), values=idx([1, 2]))
    for vname, ops in views:
        x = ramp("int32", W3, ops)
        m = g_arr("bool", W3, lambda n: [i % 4 == 1 for i in range(n)], ops)
        add(f"place_{vname}", "place", a=x, mask=m, values=idx([-1, -2, -3], dt="int32"))
    add("place_empty_values_no_true", "place", a=iota([6]),
        mask=g_arr("bool", [6], [False] * 6), values=idx([]))
    add("place_empty_values", "place", a=iota([6]), mask=g_arr("bool", [6], [True] * 6),
        values=idx([]))
    add("place_size_mismatch", "place", a=iota([6]), mask=g_arr("bool", [1], [True]),
        values=idx([1]))

    # --- compress
    x = iota([3, 4])
    add("compress_axis0", "compress", a=x, condition=g_arr("bool", [3], [True, False, True]),
        axis=0)
    add("compress_axis1_short", "compress", a=x, condition=g_arr("bool", [2], [False, True]),
        axis=1)
    add("compress_axis1_long_false", "compress", a=x,
        condition=g_arr("bool", [6], [False, True, False, False, False, False]), axis=-1)
    add("compress_flat", "compress", a=x,
        condition=g_arr("bool", [5], [False, True, False, False, True]), axis=None)
    add("compress_int_condition", "compress", a=x, condition=idx([0, 2, -1]), axis=0)
    add("compress_float_condition", "compress", a=x,
        condition=g_arr("float64", [3], [0.0, NAN, -0.0]), axis=0)
    add("compress_empty_condition", "compress", a=x, condition=g_arr("bool", [0], []), axis=1)
    add("compress_noncontig", "compress", a=ramp("float32", [4, 6], [sl(S(None, None, -1)), T]),
        condition=g_arr("bool", [4], [True, False, True, True]), axis=1)
    add("compress_0d", "compress", a=g_arr("float64", [], [1.5]),
        condition=g_arr("bool", [1], [True]), axis=None)
    add("compress_long_true", "compress", a=x,
        condition=g_arr("bool", [5], [False, True, False, False, True]), axis=1)
    add("compress_2d_condition", "compress", a=x, condition=g_arr("bool", [1, 1], [True]),
        axis=0)
    add("compress_0d_condition", "compress", a=x, condition=g_arr("bool", [], [True]), axis=0)
    add("compress_bad_axis", "compress", a=x, condition=g_arr("bool", [1], [True]), axis=2)

    # --- choose (broadcasting; dtype of the choices' promotion)
    c3 = [idx([0, 1, 2, 3]), idx([10, 11, 12, 13]), g_arr("float64", [4], [20.5, 21, 22, 23])]
    add("choose_basic", "choose", indices=idx([0, 1, 2, 1]), choices=c3, mode="raise")
    add("choose_wrap", "choose", indices=idx([0, -1, 5, 1]), choices=c3, mode="wrap")
    add("choose_clip", "choose", indices=idx([0, -1, 5, 1]), choices=c3, mode="clip")
    add("choose_bcast", "choose", indices=idx([0, 1], [2, 1]),
        choices=[idx([1, 2, 3]), idx([9], [])], mode="raise")
    add("choose_bcast_index", "choose", indices=idx([1], []),
        choices=[idx([1, 2, 3]), idx([4, 5, 6], [3, 1])], mode="raise")
    add("choose_u8_i8", "choose", indices=idx([0, 1]),
        choices=[idx([200, 2], dt="uint8"), idx([-3, 4], dt="int8")], mode="raise")
    add("choose_bool_index", "choose", indices=g_arr("bool", [2], [False, True]),
        choices=[idx([1, 2]), idx([3, 4])], mode="raise")
    add("choose_noncontig", "choose", indices=g_arr("int64", [3, 2], [0, 1, 1, 0, 2, 2], [T]),
        choices=[ramp("float32", [3, 2], [T]), ramp("float32", [4, 6], [sl(S(None, 2), S(None, None, -2))]),
                 g_arr("float32", [3], [NAN, -0.0, 7.5])], mode="raise")
    add("choose_0d", "choose", indices=idx([1], []), choices=[idx([5], []), idx([7], [])],
        mode="raise")
    add("choose_empty", "choose", indices=idx([], [0, 2]), choices=[idx([1, 2]), idx([3, 4])],
        mode="raise")
    add("choose_oob", "choose", indices=idx([0, 1, 3, 1]), choices=c3, mode="raise")
    add("choose_negative", "choose", indices=idx([0, -1, 1, 0]), choices=c3[:2], mode="raise")
    add("choose_bad_bcast", "choose", indices=idx([0, 1]), choices=[idx([1, 2, 3]), idx([3, 4])],
        mode="raise")
    add("choose_float_index", "choose", indices=g_arr("float64", [2], [0.0, 1.0]),
        choices=[idx([1, 2]), idx([3, 4])], mode="raise")

    # --- take_along_axis / put_along_axis
    a = g_arr("int64", [2, 3], [10, 30, 20, 60, 40, 50])
    add("tal_axis1", "take_along_axis", a=a, indices=idx([0, 1], [2, 1]), axis=1)
    add("tal_negative", "take_along_axis", a=a, indices=idx([-1, 1], [2, 1]), axis=1)
    add("tal_sort_order", "take_along_axis", a=a, indices=idx([0, 2, 1, 1, 2, 0], [2, 3]),
        axis=-1)
    add("tal_axis0", "take_along_axis", a=a, indices=idx([1, 0, 1, 0, 0, 1], [2, 3]), axis=0)
    add("tal_bcast_rows", "take_along_axis", a=a, indices=idx([2, 0], [1, 2]), axis=1)
    add("tal_bcast_arr", "take_along_axis", a=g_arr("int64", [1, 3], [7, 8, 9]),
        indices=idx([2, 0, 1, 1, 0, 2, 2, 2], [4, 2]), axis=1)
    add("tal_none", "take_along_axis", a=a, indices=idx([5, 0, -2]), axis=None)
    add("tal_empty", "take_along_axis", a=a, indices=idx([], [2, 0]), axis=1)
    add("tal_uint64_indices", "take_along_axis", a=a, indices=idx([1, 2], [2, 1], dt="uint64"),
        axis=1)
    for vname, ops in views:
        x = ramp("float64", W3, ops, start=3)
        shape = np.asarray(g_build(x)).shape
        n = shape[1]
        ind = idx([(3 * i + 1) % n for i in range(shape[0] * 2 * shape[2])],
                  [shape[0], 2, shape[2]])
        add(f"tal_{vname}", "take_along_axis", a=x, indices=ind, axis=1)
        add(f"pal_{vname}", "put_along_axis", a=x, indices=ind,
            values=g_arr("float64", [shape[2]], lambda k: [100.0 + i for i in range(k)]),
            axis=1)
    add("tal_oob", "take_along_axis", a=a, indices=idx([0, 3], [2, 1]), axis=1)
    add("tal_ndim", "take_along_axis", a=a, indices=idx([0]), axis=1)
    add("tal_none_2d", "take_along_axis", a=a, indices=idx([5, 0], [1, 2]), axis=None)
    add("tal_bad_bcast", "take_along_axis", a=a, indices=idx([0, 1, 0], [3, 1]), axis=1)
    add("tal_float", "take_along_axis", a=a, indices=g_arr("float64", [2, 1], [0.0, 1.0]), axis=1)
    add("tal_bool", "take_along_axis", a=a, indices=g_arr("bool", [2, 1], [False, True]), axis=1)
    add("tal_bad_axis", "take_along_axis", a=a, indices=idx([0, 1], [2, 1]), axis=2)
    add("pal_scalar", "put_along_axis", a=a, indices=idx([0, 1], [2, 1]), values=idx([99], []),
        axis=1)
    add("pal_values_bcast", "put_along_axis", a=a, indices=idx([0, 1], [1, 2]),
        values=idx([7, 8], [2, 1]), axis=1)
    add("pal_float_into_int", "put_along_axis", a=a, indices=idx([0, 1], [2, 1]),
        values=g_arr("float64", [2, 1], [1.7, -2.5]), axis=1)
    add("pal_int_into_uint8", "put_along_axis", a=g_arr("uint8", [2, 2], [0] * 4),
        indices=idx([0, 1], [2, 1]), values=idx([300, -1], [2, 1]), axis=1)
    add("pal_none", "put_along_axis", a=a, indices=idx([5, 0]), values=idx([1, 2]), axis=None)
    add("pal_repeated", "put_along_axis", a=a, indices=idx([0, 0], [1, 2]),
        values=idx([1, 2], [1, 2]), axis=1)
    add("pal_axis0_negative", "put_along_axis", a=a, indices=idx([-1, 0, -2], [1, 3]),
        values=idx([-5], []), axis=0)
    add("pal_bad_values", "put_along_axis", a=a, indices=idx([0, 1], [2, 1]),
        values=idx([1, 2, 3]), axis=1)
    add("pal_oob", "put_along_axis", a=a, indices=idx([0, 3], [2, 1]), values=idx([1], []),
        axis=1)

    # --- unravel_index / ravel_multi_index
    add("unravel_array", "unravel_index", indices=idx([22, 41, 37]), dims=[7, 6], order="C")
    add("unravel_array_f", "unravel_index", indices=idx([22, 41, 37]), dims=[7, 6], order="F")
    add("unravel_2d", "unravel_index", indices=idx([1, 2, 3, 4], [2, 2]), dims=[2, 3], order="C")
    add("unravel_3d_f", "unravel_index", indices=idx([0, 5, 23, 17]), dims=[2, 3, 4], order="F")
    add("unravel_empty", "unravel_index", indices=idx([]), dims=[2, 3], order="C")
    add("unravel_no_dims", "unravel_index", indices=idx([0], []), dims=[], order="C")
    add("unravel_uint8", "unravel_index", indices=idx([5, 7], dt="uint8"), dims=[4, 6],
        order="C")
    add("unravel_bool", "unravel_index", indices=g_arr("bool", [], [True]), dims=[4, 6],
        order="C")
    add("unravel_noncontig", "unravel_index", indices=idx(list(range(6)), [2, 3], ops=[T]),
        dims=[3, 2], order="C")
    add("unravel_oob", "unravel_index", indices=idx([24], []), dims=[4, 6], order="C")
    add("unravel_negative", "unravel_index", indices=idx([-1]), dims=[4, 6], order="C")
    add("unravel_zero_dim", "unravel_index", indices=idx([0]), dims=[0, 3], order="C")
    add("unravel_float", "unravel_index", indices=g_arr("float64", [1], [1.0]), dims=[4, 6],
        order="C")
    rows, cols = idx([3, 6, 6]), idx([4, 5, 1])
    add("ravel_array", "ravel_multi_index", multi=[rows, cols], dims=[7, 6], mode="raise",
        order="C")
    add("ravel_array_f", "ravel_multi_index", multi=[rows, cols], dims=[7, 6], mode="raise",
        order="F")
    wild = [idx([3, -1, 9]), idx([4, 5, 1])]
    add("ravel_wrap", "ravel_multi_index", multi=wild, dims=[7, 6], mode="wrap", order="C")
    add("ravel_clip", "ravel_multi_index", multi=wild, dims=[7, 6], mode="clip", order="C")
    add("ravel_bcast", "ravel_multi_index", multi=[idx([1, 2], [2, 1]), idx([0, 1, 2])],
        dims=[3, 4], mode="raise", order="C")
    add("ravel_3d_f", "ravel_multi_index", multi=[idx([1, 0]), idx([2, 1]), idx([3, 0])],
        dims=[2, 3, 4], mode="raise", order="F")
    add("ravel_mixed_dtypes", "ravel_multi_index",
        multi=[idx([1], dt="int8"), idx([2], dt="uint8")], dims=[3, 4], mode="raise", order="C")
    add("ravel_bool", "ravel_multi_index", multi=[g_arr("bool", [1], [True]), idx([1])],
        dims=[3, 4], mode="raise", order="C")
    add("ravel_empty", "ravel_multi_index", multi=[idx([]), idx([])], dims=[3, 4],
        mode="raise", order="C")
    add("ravel_no_dims", "ravel_multi_index", multi=[], dims=[], mode="raise", order="C")
    add("ravel_oob", "ravel_multi_index", multi=[idx([3, 7, 6]), cols], dims=[7, 6],
        mode="raise", order="C")
    add("ravel_negative", "ravel_multi_index", multi=[idx([3, -1, 6]), cols], dims=[7, 6],
        mode="raise", order="C")
    add("ravel_bad_bcast", "ravel_multi_index", multi=[idx([1, 2]), idx([0, 1, 2])],
        dims=[3, 4], mode="raise", order="C")
    add("ravel_wrong_length", "ravel_multi_index", multi=[idx([1, 2])], dims=[3, 4],
        mode="raise", order="C")
    add("ravel_zero_dim", "ravel_multi_index", multi=[idx([0]), idx([0])], dims=[0, 4],
        mode="wrap", order="C")
    add("ravel_float", "ravel_multi_index", multi=[g_arr("float64", [1], [1.0]), idx([1])],
        dims=[3, 4], mode="raise", order="C")
    add("ravel_huge_dims", "ravel_multi_index", multi=[idx([1]), idx([1])], dims=[2 ** 62, 4],
        mode="raise", order="C")

    # --- flatnonzero
    for dt in ("bool", "int8", "uint64", "float32", "float64"):
        add(f"flatnonzero_{dt}", "flatnonzero", a=ramp(dt, [3, 4]))
    add("flatnonzero_nan", "flatnonzero", a=g_arr("float64", [4], [0.0, NAN, -0.0, 2.0]))
    add("flatnonzero_T", "flatnonzero", a=ramp("int16", [3, 4], [T]))
    add("flatnonzero_0d", "flatnonzero", a=g_arr("int32", [], [3]))
    add("flatnonzero_0d_zero", "flatnonzero", a=g_arr("int32", [], [0]))
    add("flatnonzero_empty", "flatnonzero", a=g_arr("float64", [0, 3], []))

    # --- argpartition (expect: the sorted lanes; see the module doc)
    for dt in ("bool", "int8", "uint64", "float32", "float64"):
        add(f"argpartition_{dt}", "argpartition", a=ramp(dt, [2, 6]), kth=3, axis=-1)
    x = g_arr("float64", [2, 6], [3.0, NAN, 1.0, -0.0, 0.0, NAN, 2.0, 2.0, NAN, -1.0, 5.0, 2.0])
    for kth in (0, 2, 4, 5, -1, -6):
        add(f"argpartition_nan_{kth}", "argpartition", a=x, kth=kth, axis=1)
    add("argpartition_axis0", "argpartition", a=ramp("int32", [5, 3]), kth=2, axis=0)
    add("argpartition_flat", "argpartition", a=ramp("float32", [3, 4]), kth=-2, axis=None)
    add("argpartition_3d_T", "argpartition", a=ramp("int16", [2, 3, 4], [tr(2, 0, 1)]), kth=1,
        axis=1)
    add("argpartition_neg_step", "argpartition",
        a=ramp("float64", [4, 6], [sl(S(None, None, -1), S(None, None, -2))]), kth=2, axis=-1)
    add("argpartition_0d", "argpartition", a=g_arr("float64", [], [1.0]), kth=0, axis=-1)
    add("argpartition_empty", "argpartition", a=g_arr("float64", [2, 0], []), kth=0, axis=1)
    add("argpartition_kth_oob", "argpartition", a=iota([10]), kth=10, axis=0)
    add("argpartition_kth_oob_neg", "argpartition", a=iota([10]), kth=-11, axis=0)
    add("argpartition_bad_axis", "argpartition", a=iota([10]), kth=1, axis=1)
    return out


def save_cases(rel, cases):
    """g_save_cases (one case per line, sorted keys) without the spaces after `,` and `:`,
    which would be a tenth of the file."""
    body = ",\n".join("  " + json.dumps(c, sort_keys=True, separators=(",", ":")) for c in cases)
    header = json.dumps(np.__version__)
    save_text(rel, f'{{\n "numpy": {header},\n "cases": [\n{body}\n ]\n}}\n')


def main():
    ref.require_numpy_2()
    save_cases("take/cases.json", cases())
    ref.report_written()

if __name__ == "__main__":
    main()
