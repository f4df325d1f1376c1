#!/usr/bin/env python3
"""Write the NumPy reference cases for numfuse's assembling functions (tests/assemble.rs).

Run from the repository root:

    python3 scripts/gen_numpy_assemble.py

It writes tests/data/assemble/cases.json in the format of gen_numpy_take.py (one case per line:
{"name", "func", arguments..., "expect"}). Arrays are g_arr descriptions ({"dtype", "shape",
"values", "order", "ops"}), so non-contiguous inputs (transposed, negative steps, permuted,
F order) are described exactly. The functions and their arguments:

    concatenate     arrays, axis (null flattens)     np.concatenate(arrays, axis)
    stack           arrays, axis                     np.stack(arrays, axis)
    vstack, hstack, dstack, column_stack   arrays
    split           a, sections, axis                sections: an int or a list of indices;
    array_split     a, sections, axis                expect {"arrays": [...]}
    hsplit, vsplit, dsplit   a, sections
    tile            a, reps
    repeat          a, repeats, axis                 repeats: an int or a list
    roll            a, shift, axis                   shift, axis: ints, lists or null
    pad             a, width, mode, value            width: an int, [before, after] or one pair
                                                     per axis; value: constant_values or
                                                     end_values (a Python int or float, as an
                                                     exact string: "7", "-1.5", "nan") or null
    flip            a, axes                          axes: null, an int or a list
    fliplr, flipud  a
    rot90           a, k, axes
    tril, triu      a, k
    diag, diagflat  a, k
    meshgrid        arrays, indexing, sparse         expect {"arrays": [...]}

`expect` is {"dtype", "shape", "values"}, {"arrays": [...]}, or {"error", "msg"} (the
exception type and message). Everything is deterministic: running the script again rewrites
identical files.
"""

import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_numpy_reference as ref  # noqa: E402
from gen_numpy_reference import S, T, g_arr, g_build, g_str, sl, tr  # noqa: E402
from gen_numpy_take import case_adder, iota, ramp, save_cases  # noqa: E402

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float32", "float64"]
NAN = float("nan")
VIEWS = [
    ("T", [T]),
    ("neg", [sl(S(None, None, -1), S(None, None, -2))]),
    ("perm", [tr(2, 0, 1)]),
    ("step", [sl(S(), S(None, None, 2), S(None, None, -1))]),
]


def result(f):
    """`f()` as {"dtype", "shape", "values"}, {"arrays": [...]} for a list or tuple, or
    {"error", "msg"}."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                r = f()
    except (TypeError, ValueError, IndexError, OverflowError, ZeroDivisionError) as e:
        return {"error": type(e).__name__, "msg": str(e)}

    def one(x):
        x = np.asarray(x)
        return {"dtype": x.dtype.name, "shape": list(x.shape),
                "values": [g_str(v) for v in x.ravel()]}
    if isinstance(r, (list, tuple)):
        return {"arrays": [one(x) for x in r]}
    return one(r)


def tup(v):
    return tuple(tup(x) for x in v) if isinstance(v, list) else v


def call(c):
    f = c["func"]
    arrs = lambda: [g_build(x) for x in c["arrays"]]  # noqa: E731
    a = lambda: g_build(c["a"])  # noqa: E731
    if f == "concatenate":
        return np.concatenate(arrs(), axis=c["axis"])
    if f == "stack":
        return np.stack(arrs(), axis=c["axis"])
    if f in ("vstack", "hstack", "dstack", "column_stack"):
        return getattr(np, f)(arrs())
    if f in ("split", "array_split"):
        return getattr(np, f)(a(), tup(c["sections"]), axis=c["axis"])
    if f in ("hsplit", "vsplit", "dsplit"):
        return getattr(np, f)(a(), tup(c["sections"]))
    if f == "tile":
        return np.tile(a(), tuple(c["reps"]))
    if f == "repeat":
        return np.repeat(a(), c["repeats"], axis=c["axis"])
    if f == "roll":
        return np.roll(a(), tup(c["shift"]), axis=tup(c["axis"]))
    if f == "pad":
        kw = {}
        v = c["value"]
        v = None if v is None else float(v) if any(ch in v for ch in ".na") else int(v)
        if c["mode"] == "constant" and c["value"] is not None:
            kw["constant_values"] = v
        if c["mode"] == "linear_ramp" and c["value"] is not None:
            kw["end_values"] = v
        return np.pad(a(), tup(c["width"]), mode=c["mode"], **kw)
    if f == "flip":
        return np.flip(a(), axis=tup(c["axes"]))
    if f in ("fliplr", "flipud"):
        return getattr(np, f)(a())
    if f == "rot90":
        return np.rot90(a(), c["k"], axes=tuple(c["axes"]))
    if f in ("tril", "triu", "diag", "diagflat"):
        return getattr(np, f)(a(), c["k"])
    if f == "meshgrid":
        return np.meshgrid(*arrs(), indexing=c["indexing"], sparse=c["sparse"])
    raise ValueError(f)


def cases():
    out = []

    add = case_adder(out, call, result)

    # --- concatenate: dtypes, axes, layouts, promotion, empty, errors
    for dt in DTYPES:
        add(f"concat_{dt}", "concatenate", arrays=[ramp(dt, [2, 3]), ramp(dt, [1, 3], start=4)],
            axis=0)
    for axis in (0, 1, 2, -1, None):
        add(f"concat_3d_axis{axis}", "concatenate",
            arrays=[ramp("int32", [2, 3, 2]), ramp("int32", [2, 3, 2], start=3)], axis=axis)
    for vname, ops in VIEWS:
        x = ramp("float64", [2, 3, 4], ops, start=1)
        for axis in (0, 1, None):
            add(f"concat_{vname}_{axis}", "concatenate", arrays=[x, x], axis=axis)
    add("concat_fortran", "concatenate",
        arrays=[ramp("int16", [3, 4], order="F"), ramp("int16", [3, 2], start=5)], axis=1)
    add("concat_three", "concatenate",
        arrays=[iota([2, 1]), iota([2, 3]), iota([2, 0]), iota([2, 2])], axis=1)
    mixed = [("int8", "uint8"), ("int64", "float32"), ("bool", "int16"), ("uint64", "int64"),
             ("float32", "float64"), ("bool", "float32"), ("uint32", "int8")]
    for d1, d2 in mixed:
        add(f"concat_mixed_{d1}_{d2}", "concatenate",
            arrays=[ramp(d1, [2, 2]), ramp(d2, [1, 2], start=3)], axis=0)
    add("concat_mixed_flat", "concatenate",
        arrays=[ramp("uint8", [2, 2]), ramp("int8", [3]), g_arr("float32", [], [2.5])],
        axis=None)
    add("concat_empty_all", "concatenate", arrays=[iota([0, 3]), iota([0, 3])], axis=0)
    add("concat_empty_one", "concatenate", arrays=[iota([0, 3]), iota([2, 3])], axis=0)
    add("concat_single", "concatenate", arrays=[ramp("float32", [2, 3], [T])], axis=1)
    add("concat_0d_flat", "concatenate",
        arrays=[g_arr("int64", [], [3]), g_arr("int64", [], [4])], axis=None)
    add("concat_err_dims", "concatenate", arrays=[iota([2, 3]), iota([2, 2])], axis=0)
    add("concat_err_ndim", "concatenate", arrays=[iota([2, 3]), iota([2])], axis=0)
    add("concat_err_0d", "concatenate", arrays=[g_arr("int64", [], [3])] * 2, axis=0)
    add("concat_err_none", "concatenate", arrays=[], axis=0)
    add("concat_err_axis", "concatenate", arrays=[iota([2, 3])], axis=2)
    add("concat_err_axis_neg", "concatenate", arrays=[iota([2, 3])], axis=-3)

    # --- stack family
    for dt in ("bool", "uint16", "float32", "int64"):
        for axis in (0, 1, 2, -1):
            add(f"stack_{dt}_{axis}", "stack",
                arrays=[ramp(dt, [2, 3]), ramp(dt, [3, 2], [T], start=2)], axis=axis)
    add("stack_0d", "stack", arrays=[g_arr("float64", [], [1.5]), g_arr("int8", [], [2])],
        axis=0)
    add("stack_mixed", "stack", arrays=[ramp("int8", [3]), ramp("uint16", [3])], axis=1)
    add("stack_err_shape", "stack", arrays=[iota([2, 3]), iota([3, 2])], axis=0)
    add("stack_err_none", "stack", arrays=[], axis=0)
    add("stack_err_axis", "stack", arrays=[iota([3])], axis=2)
    add("stack_err_axis_neg", "stack", arrays=[iota([3])], axis=-3)
    shapes = [[], [3], [2, 3], [2, 3, 2]]
    for f in ("vstack", "hstack", "dstack", "column_stack"):
        for shp in shapes:
            add(f"{f}_{len(shp)}d", f, arrays=[iota(shp), ramp("float32", shp, start=2)])
        add(f"{f}_views", f, arrays=[ramp("int16", [3, 2], [T]),
                                     ramp("int16", [2, 3], [sl(S(None, None, -1))])])
    add("vstack_err", "vstack", arrays=[iota([3]), iota([4])])
    add("hstack_err", "hstack", arrays=[iota([2, 3]), iota([3, 2])])
    add("column_stack_err", "column_stack", arrays=[iota([3]), iota([4])])
    add("vstack_err_none", "vstack", arrays=[])

    # --- split family (results are views in NumPy; the test checks that separately)
    for dt in ("bool", "int8", "uint64", "float32"):
        add(f"split_{dt}", "split", a=ramp(dt, [6, 2]), sections=3, axis=0)
    x = ramp("int32", [2, 6, 4], start=1)
    for axis in (0, 1, 2, -1):
        add(f"split_axis{axis}", "split", a=x, sections=2, axis=axis)
        add(f"array_split_axis{axis}", "array_split", a=x, sections=4, axis=axis)
    for secs in ([1, 3], [2, -1], [-10, 3, 20], [4, 2], [], [0, 0, 6]):
        add(f"split_indices_{'_'.join(map(str, secs)) or 'none'}", "split", a=x, sections=secs,
            axis=1)
    for vname, ops in VIEWS:
        add(f"split_{vname}", "array_split", a=ramp("float64", [4, 6, 2], ops), sections=3,
            axis=1)
    add("array_split_more_than_len", "array_split", a=iota([3]), sections=5, axis=0)
    add("array_split_empty", "array_split", a=iota([0, 2]), sections=3, axis=0)
    add("split_err_unequal", "split", a=iota([7]), sections=3, axis=0)
    add("split_err_zero", "split", a=iota([6]), sections=0, axis=0)
    add("array_split_err_zero", "array_split", a=iota([6]), sections=0, axis=0)
    add("array_split_err_neg", "array_split", a=iota([6]), sections=-2, axis=0)
    add("split_err_axis", "split", a=iota([6]), sections=2, axis=1)
    for f, shp in (("hsplit", [2, 4]), ("hsplit", [4]), ("vsplit", [4, 2]),
                   ("dsplit", [2, 2, 4])):
        add(f"{f}_{len(shp)}d", f, a=iota(shp), sections=2)
        add(f"{f}_{len(shp)}d_idx", f, a=iota(shp), sections=[1, 3])
    add("hsplit_err", "hsplit", a=g_arr("int64", [], [1]), sections=1)
    add("vsplit_err", "vsplit", a=iota([4]), sections=2)
    add("dsplit_err", "dsplit", a=iota([2, 4]), sections=2)

    # --- tile
    for dt in ("bool", "int8", "uint32", "float32", "float64"):
        add(f"tile_{dt}", "tile", a=ramp(dt, [3]), reps=[2])
    for reps in ([2, 3], [1, 1], [2, 1, 2], [0, 2], [3], []):
        add(f"tile_2d_{'_'.join(map(str, reps)) or 'none'}", "tile", a=ramp("int16", [2, 3]),
            reps=reps)
    for vname, ops in VIEWS:
        add(f"tile_{vname}", "tile", a=ramp("int32", [2, 3, 4], ops), reps=[1, 2, 2])
    add("tile_0d", "tile", a=g_arr("float64", [], [1.5]), reps=[2, 2])
    add("tile_fortran", "tile", a=ramp("uint8", [2, 3], order="F"), reps=[2, 2])

    # --- repeat
    for dt in DTYPES:
        add(f"repeat_{dt}", "repeat", a=ramp(dt, [2, 3]), repeats=2, axis=None)
    x = ramp("int64", [2, 3, 2], start=2)
    for axis in (0, 1, 2, -1):
        add(f"repeat_axis{axis}", "repeat", a=x, repeats=3, axis=axis)
    add("repeat_each", "repeat", a=x, repeats=[1, 0, 2], axis=1)
    add("repeat_each_one", "repeat", a=x, repeats=[2], axis=0)
    add("repeat_zero", "repeat", a=x, repeats=0, axis=2)
    axis1 = {"T": [2, 0, 1], "neg": [0, 3], "perm": [1, 2], "step": [3, 1]}
    for vname, ops in VIEWS:
        add(f"repeat_{vname}", "repeat", a=ramp("float32", [2, 3, 4], ops),
            repeats=axis1[vname], axis=1)
    add("repeat_0d", "repeat", a=g_arr("int8", [], [4]), repeats=3, axis=None)
    add("repeat_empty", "repeat", a=iota([0, 2]), repeats=2, axis=0)
    add("repeat_err_neg", "repeat", a=iota([3]), repeats=-1, axis=0)
    add("repeat_err_neg_each", "repeat", a=iota([3]), repeats=[1, -2, 1], axis=0)
    add("repeat_err_len", "repeat", a=iota([3]), repeats=[1, 2], axis=0)
    add("repeat_err_axis", "repeat", a=iota([3]), repeats=2, axis=1)

    # --- roll
    for dt in ("bool", "uint8", "int64", "float32"):
        add(f"roll_{dt}", "roll", a=ramp(dt, [7]), shift=3, axis=0)
    x = ramp("int16", [3, 4], start=3)
    for shift, axis in ((1, None), (-5, None), (2, 0), (-1, 1), (13, -1), ([1, 2], [0, 1]),
                        ([1, 1], [1, 1]), (2, [0, 1]), ([1, -3], 1), (0, 0)):
        add(f"roll_{shift}_{axis}".replace(" ", ""), "roll", a=x, shift=shift, axis=axis)
    for vname, ops in VIEWS:
        add(f"roll_{vname}", "roll", a=ramp("float64", [2, 3, 4], ops), shift=[1, -1],
            axis=[0, 2])
    add("roll_0d", "roll", a=g_arr("float64", [], [1.5]), shift=3, axis=None)
    add("roll_empty", "roll", a=iota([0, 3]), shift=1, axis=0)
    add("roll_err_axis", "roll", a=iota([3, 3]), shift=1, axis=5)
    add("roll_err_broadcast", "roll", a=iota([3, 3]), shift=[1, 2], axis=[0, 1, 0])

    # --- pad: every mode, widths larger than the axis, several dtypes and layouts
    modes = ["constant", "edge", "reflect", "symmetric", "wrap", "linear_ramp", "maximum",
             "minimum", "mean", "median"]
    for mode in modes:
        for dt in ("bool", "int8", "uint16", "float32"):
            add(f"pad_{mode}_{dt}", "pad", a=ramp(dt, [2, 3]), width=[[1, 2], [2, 1]],
                mode=mode, value=None)
        for w in (4, [[0, 0], [7, 9]]):
            add(f"pad_{mode}_wide_{w}".replace(" ", ""), "pad", a=ramp("int32", [2, 3], start=1),
                width=w, mode=mode, value=None)
        add(f"pad_{mode}_1d_long", "pad", a=ramp("float64", [4], start=2), width=[9, 11],
            mode=mode, value=None)
        add(f"pad_{mode}_len1", "pad", a=ramp("int16", [1, 3], start=2), width=[[3, 2], [1, 0]],
            mode=mode, value=None)
        add(f"pad_{mode}_3d_perm", "pad", a=ramp("float32", [2, 3, 4], [tr(2, 0, 1)], start=3),
            width=[[1, 0], [2, 1], [0, 2]], mode=mode, value=None)
        add(f"pad_{mode}_neg", "pad", a=ramp("int64", [3, 4], VIEWS[1][1], start=1),
            width=2, mode=mode, value=None)
        add(f"pad_{mode}_empty", "pad", a=iota([0, 3]), width=[[0, 0], [1, 1]], mode=mode,
            value=None)
        add(f"pad_{mode}_err_empty", "pad", a=iota([2, 0]), width=1, mode=mode, value=None)
        add(f"pad_{mode}_0d", "pad", a=g_arr("float64", [], [2.5]), width=1, mode=mode,
            value=None)
    add("pad_median_nan", "pad", a=g_arr("float64", [4], [1.0, NAN, 2.0, 3.0]), width=2,
        mode="median", value=None)
    add("pad_max_nan", "pad", a=g_arr("float32", [3], [1.0, NAN, 2.0]), width=1,
        mode="maximum", value=None)
    add("pad_mean_round", "pad", a=g_arr("int32", [4], [1, 2, 2, 2]), width=1, mode="mean",
        value=None)
    add("pad_mean_half_even", "pad", a=g_arr("int32", [4], [1, 2, 2, 5]), width=1,
        mode="mean", value=None)
    add("pad_median_even_int", "pad", a=g_arr("int64", [4], [1, 2, 5, 9]), width=1,
        mode="median", value=None)
    for v in (7, -1.5, 300, 2.7, NAN):
        for dt in ("uint8", "int32", "float32", "bool"):
            if isinstance(v, int) and v > 255 and dt == "uint8":
                continue
            add(f"pad_constant_{v}_{dt}", "pad", a=ramp(dt, [2, 2]), width=1, mode="constant",
                value=g_str(v))
    for v in (10, -3, 2.5):
        for dt in ("uint8", "int16", "float32", "float64"):
            add(f"pad_ramp_{v}_{dt}", "pad", a=ramp(dt, [2, 3], start=4), width=[[3, 2], [4, 1]],
                mode="linear_ramp", value=g_str(v))
    add("pad_err_width", "pad", a=iota([3, 3]), width=[[1, 2], [1, 2], [1, 1]],
        mode="constant", value=None)
    return out


def main():
    ref.require_numpy_2()
    c = cases()
    c += more_cases()
    save_cases("assemble/cases.json", c)
    ref.report_written()


def more_cases():
    out = []

    add = case_adder(out, call, result)

    # --- flip, rot90 (views in NumPy)
    x = ramp("int32", [2, 3, 4], start=1)
    for axes in (None, 0, 1, -1, [0, 2], [1, 0, 2]):
        add(f"flip_{axes}".replace(" ", ""), "flip", a=x, axes=axes)
    for dt in ("bool", "uint64", "float32"):
        add(f"flip_{dt}", "flip", a=ramp(dt, [3, 2]), axes=None)
    for vname, ops in VIEWS:
        add(f"flip_{vname}", "flip", a=ramp("float64", [2, 3, 4], ops), axes=[0, 1])
    add("flip_0d", "flip", a=g_arr("float64", [], [1.5]), axes=None)
    add("flip_err_repeat", "flip", a=x, axes=[0, 0])
    add("flip_err_axis", "flip", a=x, axes=3)
    add("fliplr", "fliplr", a=x)
    add("flipud", "flipud", a=x)
    add("fliplr_err", "fliplr", a=iota([3]))
    add("flipud_err", "flipud", a=g_arr("int64", [], [1]))
    for k in (-3, -1, 0, 1, 2, 3, 5):
        add(f"rot90_{k}", "rot90", a=ramp("int16", [2, 3]), k=k, axes=[0, 1])
    for axes in ([1, 0], [0, 2], [2, -3], [-1, 1]):
        add(f"rot90_3d_{axes}".replace(" ", ""), "rot90", a=x, k=1, axes=axes)
    add("rot90_T", "rot90", a=ramp("float64", [3, 4], [T]), k=3, axes=[0, 1])
    add("rot90_err_same", "rot90", a=x, k=1, axes=[1, 1])
    add("rot90_err_same_mod", "rot90", a=x, k=1, axes=[0, -3])
    add("rot90_err_range", "rot90", a=iota([2, 3]), k=1, axes=[0, 2])
    add("rot90_err_1d", "rot90", a=iota([3]), k=1, axes=[0, 1])

    # --- tril, triu, diag
    for f in ("tril", "triu"):
        for dt in ("bool", "int8", "uint32", "float32", "float64"):
            add(f"{f}_{dt}", f, a=ramp(dt, [3, 4]), k=0)
        for k in (-5, -1, 1, 2, 9):
            add(f"{f}_k{k}", f, a=ramp("int64", [4, 3], start=1), k=k)
        add(f"{f}_stack", f, a=ramp("int16", [2, 3, 3]), k=0)
        add(f"{f}_perm", f, a=ramp("float64", [2, 3, 4], [tr(2, 0, 1)]), k=-1)
        add(f"{f}_1d", f, a=ramp("int32", [3]), k=0)
        add(f"{f}_empty", f, a=iota([0, 3]), k=0)
    for dt in ("bool", "uint8", "float32"):
        add(f"diag_{dt}", "diag", a=ramp(dt, [3]), k=0)
    for k in (-2, 1, 3):
        add(f"diag_1d_k{k}", "diag", a=ramp("int64", [3], start=1), k=k)
        add(f"diag_2d_k{k}", "diag", a=ramp("int64", [3, 4], start=1), k=k)
    add("diag_2d_T", "diag", a=ramp("float64", [3, 4], [T]), k=1)
    add("diag_2d_far", "diag", a=iota([3, 4]), k=7)
    add("diag_empty", "diag", a=iota([0]), k=1)
    add("diag_err_3d", "diag", a=iota([2, 2, 2]), k=0)
    add("diag_err_0d", "diag", a=g_arr("int64", [], [1]), k=0)
    add("diagflat_2d", "diagflat", a=ramp("float32", [2, 2]), k=-1)
    add("diagflat_0d", "diagflat", a=g_arr("int64", [], [5]), k=1)

    # --- meshgrid
    xs = [ramp("int32", [3]), ramp("float32", [2], start=3), ramp("uint8", [4], start=1)]
    for n in (1, 2, 3):
        for indexing in ("xy", "ij"):
            for sparse in (False, True):
                add(f"meshgrid_{n}_{indexing}_{sparse}", "meshgrid", arrays=xs[:n],
                    indexing=indexing, sparse=sparse)
    add("meshgrid_2d_input", "meshgrid", arrays=[iota([2, 2]), ramp("bool", [3], [])],
        indexing="xy", sparse=False)
    add("meshgrid_empty", "meshgrid", arrays=[iota([0]), iota([3])], indexing="xy",
        sparse=False)
    return out


if __name__ == "__main__":
    main()
