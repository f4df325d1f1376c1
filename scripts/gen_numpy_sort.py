#!/usr/bin/env python3
"""Write the NumPy reference cases for numfuse's sorting and searching (tests/sorting.rs).

Run from the repository root:

    python3 scripts/gen_numpy_sort.py

It writes tests/data/sort/cases.json in the format of gen_numpy_take.py (one case per line,
{"name", "func", arguments..., "expect"}; arrays are g_arr's {"dtype", "shape", "values",
"order", "ops"}, so non-contiguous inputs are described exactly). The functions:

    sort            a, axis                   np.sort(a, axis)
    argsort         a, axis                   np.argsort(a, axis, kind="stable") (exact, ties too)
    partition       a, kth (int or list), axis
                                              expect is np.sort of the lanes (flattened for axis
                                              None): the order within each side is
                                              implementation-defined, so the test checks the
                                              partition property against it
    argpartition    a, kth, axis              as partition
    searchsorted    a, v, side, sorter        np.searchsorted(a, v, side, sorter)
    unique          a, equal_nan, [axis]      expect {"arrays": [values, index, inverse, counts]}
    lexsort         keys (a list), axis       np.lexsort(keys, axis)
    argwhere        a                         np.argwhere(a)
    count_nonzero   a, axis, keepdims         np.count_nonzero(a, axis, keepdims=keepdims)

`expect` is {"dtype", "shape", "values"}, {"arrays": [...]} or {"error", "msg"}. Values are
exact strings, so NaN and -0.0 survive JSON. Everything is deterministic.
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_numpy_reference as ref  # noqa: E402
from gen_numpy_reference import S, T, g_arr, g_build, sl, tr  # noqa: E402
from gen_numpy_take import DTYPES, case_adder, idx, ramp, save_cases  # noqa: E402

NAN = float("nan")
INF = float("inf")
SPECIAL = [3.0, NAN, -0.0, INF, 0.0, -INF, 1.5, NAN, -2.0, 0.0, 1.5, -0.0]


def call(c):
    f = c["func"]
    if f == "sort":
        return np.sort(g_build(c["a"]), axis=c["axis"])
    if f == "argsort":
        return np.argsort(g_build(c["a"]), axis=c["axis"], kind="stable")
    if f in ("partition", "argpartition"):
        a = g_build(c["a"])
        getattr(np, f)(a, c["kth"], axis=c["axis"])
        flat = c["axis"] is None or (f == "argpartition" and a.ndim == 0)
        return np.sort(a.ravel()) if flat else np.sort(a, axis=c["axis"])
    if f == "searchsorted":
        sorter = g_build(c["sorter"]) if c["sorter"] is not None else None
        return np.searchsorted(g_build(c["a"]), g_build(c["v"]), side=c["side"], sorter=sorter)
    if f == "unique":
        return np.unique(g_build(c["a"]), return_index=True, return_inverse=True,
                         return_counts=True, equal_nan=c["equal_nan"], axis=c.get("axis"))
    if f == "lexsort":
        return np.lexsort([g_build(k) for k in c["keys"]], axis=c["axis"])
    if f == "argwhere":
        return np.argwhere(g_build(c["a"]))
    if f == "count_nonzero":
        ax = c["axis"]
        ax = tuple(ax) if isinstance(ax, list) else ax
        return np.asarray(np.count_nonzero(g_build(c["a"]), axis=ax, keepdims=c["keepdims"]))
    raise ValueError(f)


VIEWS = [
    ("T", [T]),
    ("neg", [sl(S(None, None, -1), S(None, None, -2))]),
    ("perm", [tr(2, 0, 1)]),
    ("step", [sl(S(), S(None, None, 2), S(None, None, -1))]),
]


def cases():
    out = []

    add = case_adder(out, call)

    special = g_arr("float64", [12], SPECIAL)
    special2 = g_arr("float64", [3, 4], SPECIAL)
    special32 = g_arr("float32", [2, 6], SPECIAL)

    # --- sort / argsort: every dtype and axis, views, specials, ties, empties, 0-d, errors
    for func in ("sort", "argsort"):
        for dt in DTYPES:
            x = ramp(dt, [3, 5], start=2)
            for axis in (None, 0, 1, -1):
                add(f"{func}_{dt}_{axis}", func, a=x, axis=axis)
        for vname, ops in VIEWS:
            x = ramp("int16", [3, 4, 5], ops, start=1)
            for axis in (None, 0, 1, -1):
                add(f"{func}_{vname}_{axis}", func, a=x, axis=axis)
        add(f"{func}_fortran", func, a=ramp("float32", [4, 3], order="F", start=3), axis=-1)
        add(f"{func}_fortran_0", func, a=ramp("uint8", [4, 3], order="F", start=3), axis=0)
        for axis in (None, 0, 1):
            add(f"{func}_special_{axis}", func, a=special2, axis=axis)
        add(f"{func}_special_1d", func, a=special, axis=-1)
        add(f"{func}_special_f32", func, a=special32, axis=1)
        add(f"{func}_ties", func, a=g_arr("int64", [20], [i % 3 for i in range(20)]), axis=0)
        add(f"{func}_bool_ties", func,
            a=g_arr("bool", [2, 9], [i % 4 == 1 for i in range(18)]), axis=-1)
        add(f"{func}_extremes_i64", func,
            a=g_arr("int64", [5], [2**63 - 1, -2**63, 0, -1, 1]), axis=0)
        add(f"{func}_extremes_u64", func, a=g_arr("uint64", [4], [2**64 - 1, 0, 2**63, 1]),
            axis=0)
        add(f"{func}_empty", func, a=g_arr("float64", [0], []), axis=-1)
        add(f"{func}_empty_lanes", func, a=g_arr("int32", [3, 0], []), axis=1)
        add(f"{func}_empty_other", func, a=g_arr("int32", [0, 3], []), axis=1)
        add(f"{func}_0d_none", func, a=g_arr("float64", [], [2.5]), axis=None)
        add(f"{func}_0d_axis", func, a=g_arr("float64", [], [2.5]), axis=-1)
        add(f"{func}_bad_axis", func, a=ramp("float64", [2, 3]), axis=2)
        add(f"{func}_bad_axis_neg", func, a=ramp("float64", [2, 3]), axis=-3)
    add("argsort_long_ties", "argsort",
        a=g_arr("float64", [200], [float((i * 7) % 13 // 3) for i in range(200)]), axis=0)

    # --- partition / argpartition
    for func in ("partition", "argpartition"):
        for dt in DTYPES:
            add(f"{func}_{dt}", func, a=ramp(dt, [2, 6]), kth=3, axis=-1)
        for kth in (0, 3, 11, -1, [1, 5], [-2, 0, 7], [4, 4]):
            add(f"{func}_special_{kth}", func, a=special, kth=kth, axis=0)
        add(f"{func}_axis0", func, a=ramp("int32", [5, 3]), kth=2, axis=0)
        add(f"{func}_flat", func, a=ramp("float32", [3, 4]), kth=-2, axis=None)
        add(f"{func}_perm", func, a=ramp("int16", [2, 3, 4], [tr(2, 0, 1)]), kth=1, axis=1)
        add(f"{func}_neg", func,
            a=ramp("float64", [4, 6], [sl(S(None, None, -1), S(None, None, -2))]), kth=[0, 2],
            axis=-1)
        add(f"{func}_empty", func, a=g_arr("float64", [0], []), kth=0, axis=0)
        add(f"{func}_0d", func, a=g_arr("float64", [], [1.0]), kth=0, axis=-1)
        add(f"{func}_kth_oob", func, a=ramp("int64", [10]), kth=10, axis=0)
        add(f"{func}_kth_oob_neg", func, a=ramp("int64", [10]), kth=-11, axis=0)
        add(f"{func}_kth_oob_list", func, a=ramp("int64", [10]), kth=[1, 12], axis=0)
        add(f"{func}_bad_axis", func, a=ramp("int64", [10]), kth=1, axis=1)

    # --- searchsorted
    sa = g_arr("float64", [7], [-INF, -1.0, 0.0, 0.0, 2.5, INF, NAN])
    sv = g_arr("float64", [2, 5], [NAN, INF, -0.0, 0.0, 2.5, -5.0, 3.0, -INF, 2.0, 100.0])
    for side in ("left", "right"):
        add(f"searchsorted_special_{side}", "searchsorted", a=sa, v=sv, side=side, sorter=None)
        for dt in DTYPES:
            a = g_arr(dt, [6], sorted(ref.g_values(dt, 6, 3)))
            add(f"searchsorted_{dt}_{side}", "searchsorted", a=a, v=ramp(dt, [2, 4], start=1),
                side=side, sorter=None)
        ties = g_arr("int32", [8], [1, 2, 2, 2, 5, 5, 9, 9])
        add(f"searchsorted_ties_{side}", "searchsorted", a=ties,
            v=g_arr("int32", [6], [0, 2, 5, 9, 10, 3]), side=side, sorter=None)
        uns = g_arr("float64", [6], [3.0, NAN, -1.0, 2.0, 0.0, 2.0])
        add(f"searchsorted_sorter_{side}", "searchsorted", a=uns,
            v=g_arr("float64", [4], [2.0, NAN, -3.0, 0.5]), side=side,
            sorter=idx([2, 4, 3, 5, 0, 1]))
        add(f"searchsorted_mixed_{side}", "searchsorted", a=g_arr("int8", [4], [1, 2, 3, 4]),
            v=g_arr("float64", [3], [2.5, 2.0, -1.0]), side=side, sorter=None)
        add(f"searchsorted_u64_i64_{side}", "searchsorted",
            a=g_arr("uint64", [3], [0, 5, 2**63]), v=g_arr("int64", [3], [-1, 5, 6]), side=side,
            sorter=None)
    add("searchsorted_view_a", "searchsorted",
        a=g_arr("int64", [8], list(range(8)), [sl(S(None, None, -2))], ),
        v=idx([3]), side="left", sorter=None)
    add("searchsorted_view_a_fwd", "searchsorted",
        a=g_arr("int64", [8], list(range(8)), [sl(S(1, None, 2))]),
        v=idx([0, 3, 4, 9], [2, 2], ops=[T]), side="right", sorter=None)
    add("searchsorted_0d_v", "searchsorted", a=g_arr("int64", [3], [1, 2, 3]), v=idx([2], []),
        side="left", sorter=None)
    add("searchsorted_empty_a", "searchsorted", a=g_arr("float64", [0], []),
        v=g_arr("float64", [2], [1.0, NAN]), side="left", sorter=None)
    add("searchsorted_empty_v", "searchsorted", a=g_arr("float64", [3], [1.0, 2.0, 3.0]),
        v=g_arr("float64", [0, 2], []), side="left", sorter=None)
    add("searchsorted_2d_a", "searchsorted", a=g_arr("float64", [2, 2], [1.0, 2.0, 3.0, 4.0]),
        v=g_arr("float64", [1], [1.0]), side="left", sorter=None)
    add("searchsorted_0d_a", "searchsorted", a=g_arr("float64", [], [1.0]),
        v=g_arr("float64", [1], [1.0]), side="left", sorter=None)
    add("searchsorted_sorter_len", "searchsorted", a=g_arr("int64", [3], [1, 2, 3]),
        v=idx([1]), side="left", sorter=idx([0, 1]))
    add("searchsorted_sorter_float", "searchsorted", a=g_arr("int64", [3], [1, 2, 3]),
        v=idx([1]), side="left", sorter=g_arr("float64", [3], [0.0, 1.0, 2.0]))

    # --- unique (flattened; all four outputs)
    for dt in DTYPES:
        add(f"unique_{dt}", "unique", a=ramp(dt, [3, 5], start=4), equal_nan=True)
    add("unique_special", "unique", a=special2, equal_nan=True)
    add("unique_special_f32", "unique", a=special32, equal_nan=True)
    add("unique_nan_apart", "unique", a=special, equal_nan=False)
    add("unique_view", "unique", a=ramp("int16", [3, 4, 5], VIEWS[1][1], start=2),
        equal_nan=True)
    add("unique_T", "unique", a=ramp("uint8", [4, 3], [T]), equal_nan=True)
    add("unique_empty", "unique", a=g_arr("int8", [0], []), equal_nan=True)
    add("unique_empty_2d", "unique", a=g_arr("float32", [2, 0], []), equal_nan=True)
    add("unique_0d", "unique", a=g_arr("float64", [], [3.0]), equal_nan=True)
    add("unique_all_nan", "unique", a=g_arr("float64", [3], [NAN] * 3), equal_nan=True)
    rows = g_arr("int16", [5, 3], [1, 2, 3, 0, 5, 1, 1, 2, 3, -4, 0, 0, 0, 5, 1])
    for axis in (0, 1, -1):
        add(f"unique_rows_{axis}", "unique", a=rows, equal_nan=True, axis=axis)
    add("unique_rows_special", "unique",
        a=g_arr("float64", [4, 2], [NAN, 1.0, NAN, 1.0, 0.0, 2.0, -0.0, 2.0]), equal_nan=True,
        axis=0)
    add("unique_rows_3d", "unique", a=ramp("uint8", [3, 2, 4], [tr(1, 0, 2)], start=1),
        equal_nan=True, axis=1)
    add("unique_rows_3d_view", "unique",
        a=g_arr("int32", [4, 2, 2], [i % 3 for i in range(16)], [sl(S(None, None, -1))]),
        equal_nan=True, axis=0)
    add("unique_rows_empty", "unique", a=g_arr("float64", [0, 3], []), equal_nan=True, axis=0)
    add("unique_rows_empty_cols", "unique", a=g_arr("float64", [2, 0], []), equal_nan=True,
        axis=0)
    add("unique_rows_bad_axis", "unique", a=rows, equal_nan=True, axis=2)

    # --- lexsort
    k1 = g_arr("int64", [7], [1, 5, 1, 4, 3, 4, 4])
    k2 = g_arr("int64", [7], [9, 4, 0, 4, 0, 2, 1])
    add("lexsort_doc", "lexsort", keys=[k1, k2], axis=-1)
    add("lexsort_one", "lexsort", keys=[k2], axis=-1)
    add("lexsort_mixed", "lexsort",
        keys=[g_arr("float64", [7], [NAN, 1.0, -0.0, 0.0, NAN, 2.0, 1.0]), k1,
              g_arr("bool", [7], [True, False, True, True, False, True, True])], axis=0)
    a2 = ramp("int8", [3, 4], start=1)
    b2 = ramp("uint16", [3, 4], [T], start=2)
    b2 = g_arr("uint16", [3, 4], [v % 2 for v in range(12)])
    for axis in (0, 1, -1):
        add(f"lexsort_2d_{axis}", "lexsort", keys=[a2, b2], axis=axis)
    add("lexsort_view", "lexsort", keys=[ramp("float32", [4, 3], [T]), ramp("int32", [3, 4])],
        axis=0)
    add("lexsort_empty", "lexsort", keys=[g_arr("int64", [0], [])], axis=-1)
    add("lexsort_0d", "lexsort", keys=[g_arr("int64", [], [3])], axis=-1)
    add("lexsort_no_keys", "lexsort", keys=[], axis=-1)
    add("lexsort_shapes", "lexsort", keys=[g_arr("int64", [3], [1, 2, 3]),
                                           g_arr("int64", [4], [1, 2, 3, 4])], axis=-1)
    add("lexsort_bad_axis", "lexsort", keys=[a2], axis=2)

    # --- argwhere
    for dt in ("bool", "int8", "uint64", "float32", "float64"):
        add(f"argwhere_{dt}", "argwhere", a=ramp(dt, [3, 4]))
    add("argwhere_special", "argwhere", a=special2)
    add("argwhere_1d", "argwhere", a=ramp("int32", [7]))
    add("argwhere_3d_view", "argwhere", a=ramp("int16", [2, 3, 4], [tr(2, 0, 1)]))
    add("argwhere_0d", "argwhere", a=g_arr("int32", [], [3]))
    add("argwhere_0d_zero", "argwhere", a=g_arr("int32", [], [0]))
    add("argwhere_empty", "argwhere", a=g_arr("float64", [0, 3], []))

    # --- count_nonzero
    x = ramp("float64", [2, 3, 4], start=1)
    for axis in (None, 0, 1, -1, [0, 2]):
        for keepdims in (False, True):
            add(f"count_nonzero_{axis}_{keepdims}", "count_nonzero", a=x, axis=axis,
                keepdims=keepdims)
    for dt in ("bool", "int8", "uint32", "float32"):
        add(f"count_nonzero_{dt}", "count_nonzero", a=ramp(dt, [3, 4]), axis=1, keepdims=False)
    add("count_nonzero_special", "count_nonzero", a=special2, axis=None, keepdims=False)
    add("count_nonzero_view", "count_nonzero", a=ramp("int16", [3, 4, 5], VIEWS[3][1]), axis=1,
        keepdims=False)
    add("count_nonzero_empty", "count_nonzero", a=g_arr("int8", [0, 3], []), axis=0,
        keepdims=False)
    add("count_nonzero_0d", "count_nonzero", a=g_arr("int8", [], [4]), axis=None,
        keepdims=False)
    add("count_nonzero_bad_axis", "count_nonzero", a=x, axis=3, keepdims=False)
    add("count_nonzero_dup_axis", "count_nonzero", a=x, axis=[1, 1], keepdims=False)
    return out


def main():
    ref.require_numpy_2()
    save_cases("sort/cases.json", cases())
    ref.report_written()


if __name__ == "__main__":
    main()
