"""Write the NumPy reference data for numfuse's advanced indexing tests (issue 7).

Run from the repository root:

    python3 scripts/gen_numpy_indexing.py

Deterministic (no random numbers), so a rerun with the same NumPy rewrites identical files.

tests/data/indexing/cases.json
    {"numpy": version, "cases": [...]}, one case per line. Every case has `name`, `kind`, `a`
    (an array argument in the format of gen_numpy_reference.py's `g_arr`: dtype, shape, C-order
    values, memory order and view ops) and `index`, a list of index elements:
        {"int": k}                       an integer
        {"slice": [start, stop, step]}   a slice, null for a missing part
        {"newaxis": true}                np.newaxis
        {"ellipsis": true}               ...
        {"array": <g_arr>}               an integer or boolean index array
    and `expect`: {"dtype", "shape", "values"} or {"error": class, "msg": NumPy's message}.
    kind is
        get    expect = a[index]
        set    `value` (a g_arr or a weak scalar); expect = a after `a[index] = value`
        at     `op` (add, subtract, multiply, maximum, minimum) and `value`; expect = a after
               `np.<op>.at(a, index, value)`
        ix     `arrays`, a list of g_arr; expect = a[np.ix_(*arrays)]
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

import gen_numpy_reference as ref  # noqa: E402

from gen_numpy_reference import (  # noqa: E402
    g_arr, g_build, g_result, g_save_cases, g_values, g_weak, tr, sl,
)


def I(k):  # noqa: E743
    return {"int": k}


def S(start=None, stop=None, step=None):
    return {"slice": [start, stop, step]}


NEW = {"newaxis": True}
ELL = {"ellipsis": True}


def A(values, dt="int64", shape=None, ops=(), order="C"):
    vals = list(np.ravel(np.array(values, dtype=object))) if shape is not None else list(values)
    return {"array": g_arr(dt, [len(vals)] if shape is None else shape, vals, ops, order)}


def B(values, shape=None):
    return A(values, "bool", shape)


def build_index(index):
    out = []
    for e in index:
        if "int" in e:
            out.append(e["int"])
        elif "slice" in e:
            out.append(slice(*e["slice"]))
        elif "newaxis" in e:
            out.append(np.newaxis)
        elif "ellipsis" in e:
            out.append(Ellipsis)
        else:
            out.append(g_build(e["array"]))
    return tuple(out)


def arange(dt, shape, ops=(), order="C"):
    n = int(np.prod(shape))
    return g_arr(dt, shape, g_values(dt, n) if dt == "bool" else list(range(n)), ops, order)


def cases():
    out = []

    def get(name, a, index):
        out.append({"name": name, "kind": "get", "a": a, "index": index,
                    "expect": g_result(lambda: g_build(a)[build_index(index)])})

    def put(name, a, index, value):
        def run():
            x = g_build(a).copy()
            x[build_index(index)] = g_build(value)
            return x
        out.append({"name": name, "kind": "set", "a": a, "index": index, "value": value,
                    "expect": g_result(run)})

    def at(name, op, a, index, value):
        def run():
            x = g_build(a).copy()
            getattr(np, op).at(x, build_index(index), g_build(value))
            return x
        out.append({"name": name, "kind": "at", "op": op, "a": a, "index": index,
                    "value": value, "expect": g_result(run)})

    def ix(name, a, arrays):
        out.append({"name": name, "kind": "ix", "a": a, "index": [], "arrays": arrays,
                    "expect": g_result(lambda: g_build(a)[np.ix_(*[g_build(x) for x in arrays])])})

    m10 = arange("int64", [10, 10])
    a34 = arange("float64", [3, 4])
    a234 = arange("int32", [2, 3, 4])
    a2345 = arange("int16", [2, 3, 4, 5])
    # Seed section 6.
    get("seed_checkerboard", m10, [A([0, 0, 1, 1, 2, 2]), A([0, 2, 1, 3, 0, 4])])
    get("seed_block_slices", m10, [S(2, 5), S(3, 7)])
    get("seed_rows", m10, [A([0, 3, 7])])
    get("seed_cols", m10, [S(), A([1, 4, 8])])
    # One index array, on each axis and with every other kind of element.
    get("one_array_2d", a34, [A([[2, 0], [1, 1]], shape=[2, 2])])
    get("negative_wraps", a34, [A([-1, -3, 0])])
    get("axis1_negative", a34, [S(), A([-1, 0, -4])])
    get("array_then_int", a234, [A([1, 0]), I(2)])
    get("int_then_slice_then_array", a234, [I(1), S(), A([0, 3, 3])])
    get("int_separated_by_slice", a234, [I(0), S(), A([0, 1])])
    get("adjacent_middle", a2345, [S(), A([0, 2]), A([1, 3]), S()])
    get("adjacent_2d_arrays", a2345, [S(), A([[0], [2]], shape=[2, 1]), A([1, 3, 0]), S()])
    get("separated_by_slice", a2345, [A([0, 1]), S(), A([1, 3])])
    get("separated_by_slice_2d", a2345, [S(), A([[0, 1]], shape=[1, 2]), S(1, 3), A([0, 4])])
    get("separated_by_ellipsis", a234, [S(), A([0]), ELL, A([1])])
    get("separated_by_newaxis", a234, [A([0, 1]), NEW, A([2, 1])])
    get("newaxis_before", a234, [NEW, S(), A([2, 0]), S(None, None, -1)])
    get("ellipsis_then_array", a2345, [ELL, A([4, 0, 2])])
    get("array_then_ellipsis", a2345, [A([1, 1]), ELL, I(-1)])
    get("negative_step_view", a234, [S(None, None, -1), A([2, 0]), S(None, None, -2)])
    get("broadcast_three", a234, [A([[0], [1]], shape=[2, 1]), A([0, 2, 1]), A([3])])
    get("zero_d_index_array", a34, [A([2], shape=[])])
    get("zero_d_and_array", a34, [A([2], shape=[]), A([1, 3])])
    get("repeated_indices", arange("float32", [5]), [A([4, 4, 0, 4])])
    get("empty_index", a34, [A([], shape=[0])])
    get("empty_index_2d", a34, [S(), A([], shape=[0, 2])])
    get("empty_axis", arange("float64", [0, 3]), [S(), A([2, 0])])
    get("on_transposed", arange("float64", [3, 4], [tr(1, 0)]), [A([3, 0]), S(0, 2)])
    get("on_f_order", arange("uint8", [3, 4], order="F"), [A([2, 0, 1]), A([3, 3, 0])])
    get("on_sliced_view", arange("int64", [6, 6], [sl([1, None, 2], [None, None, -1])]),
        [A([0, 2]), A([5, 1])])
    get("uint_index", a34, [A([2, 0], dt="uint8"), A([3, 1], dt="uint64")])
    get("int8_index", arange("bool", [5]), [A([-1, 0, 2], dt="int8")])
    get("index_in_view", a234, [S(1, 2), A([0, 0])])
    # Boolean masks.
    get("mask_whole", a34, [B([(i * 7) % 3 == 0 for i in range(12)], [3, 4])])
    get("mask_rows", a34, [B([True, False, True])])
    get("mask_cols", a34, [S(), B([False, True, True, False])])
    get("mask_leading_2of3", a234, [B([True, False, False, True, True, False], [2, 3])])
    get("mask_trailing_2of3", a234, [S(), B([(i % 5) < 2 for i in range(12)], [3, 4])])
    get("mask_and_int_array", a234, [B([True, True]), A([2, 0])])
    get("mask_then_slice_then_int", a234, [B([False, True]), S(), A([1, 3])])
    get("mask_after_int", a234, [I(1), B([True, False, True])])
    get("mask_all_false", a34, [B([False] * 3)])
    get("mask_zero_d_true", a34, [B([True], shape=[])])
    get("mask_zero_d_false", a34, [B([False], shape=[])])
    get("mask_zero_d_with_array", a234, [S(), B([True], shape=[]), A([2, 1])])
    get("mask_on_empty", arange("float64", [0, 3]), [B([], shape=[0])])
    # Refused.
    get("err_out_of_bounds", a34, [A([0, 3])])
    get("err_out_of_bounds_axis1", a34, [S(), A([4])])
    get("err_negative_out_of_bounds", a34, [A([-4])])
    get("err_newaxis_axis_number", a34, [NEW, S(), A([10])])
    get("err_shape_mismatch", a34, [A([0, 1]), A([0, 1, 2])])
    get("err_float_index", a34, [A([1.0], dt="float64")])
    get("err_too_many", a34, [A([0]), A([0]), I(0)])
    get("err_mask_shape", a34, [B([True, False])])
    get("err_mask_axis1", a34, [S(), B([True, False, True])])
    get("err_two_ellipses", a234, [ELL, A([0]), ELL])
    get("err_uint_huge", a34, [A([2**63 + 5], dt="uint64")])
    # Assignment (scatter).
    put("seed_scatter", g_arr("float64", [10], [0] * 10), [A([2, 5, 8])],
        g_arr("int64", [3], [1, 2, 3]))
    put("one_hot", g_arr("float32", [4, 3], [0] * 12), [A([0, 1, 2, 3]), A([2, 0, 1, 1])],
        g_weak(1))
    put("mask_scalar", a34, [B([(i % 3) == 1 for i in range(12)], [3, 4])], g_weak(0))
    put("mask_array_values", a34, [B([True, False, True, False] * 3, [3, 4])],
        g_arr("float64", [6], [10, 20, 30, 40, 50, 60]))
    put("mask_rows_broadcast", a34, [B([True, False, True])],
        g_arr("float64", [4], [-1, -2, -3, -4]))
    put("repeated_last_wins", g_arr("int64", [5], [0] * 5), [A([1, 3, 1, 1])],
        g_arr("int64", [4], [10, 20, 30, 40]))
    put("repeated_2d_last_wins", g_arr("int32", [3, 3], [0] * 9), [A([0, 2, 0]), A([1, 1, 1])],
        g_arr("int32", [3], [7, 8, 9]))
    put("cast_float_to_int", g_arr("int64", [3], [0, 0, 0]), [A([0, 1])],
        g_arr("float64", [2], [1.7, -2.2]))
    put("separated_values", a2345, [A([0, 1]), S(), A([1, 3])],
        g_arr("int16", [2, 1, 5], list(range(100, 110))))
    put("adjacent_values_bcast", a2345, [S(), A([0, 2]), A([1, 3]), S()],
        g_arr("int16", [5], [9, 8, 7, 6, 5]))
    put("leading_ones_stripped", a34, [A([0, 2])], g_arr("float64", [1, 1, 4], [1, 2, 3, 4]))
    put("on_transposed", arange("float64", [3, 4], [tr(1, 0)]), [A([3, 0]), A([2, 2])],
        g_arr("float64", [2], [-1, -2]))
    put("mask_zero_d", a34, [B([True], shape=[])], g_weak(5))
    put("empty_index", a34, [A([], shape=[0])], g_weak(5))
    put("err_value_shape", a34, [A([0, 1])], g_arr("float64", [3], [1, 2, 3]))
    put("err_out_of_bounds", a34, [A([3])], g_weak(1))
    # ufunc.at: repeated indices accumulate.
    src = g_arr("int64", [3], [1, 2, 3])
    at("seed_add_at", "add", g_arr("float64", [10], [0, 0, 1, 0, 0, 2, 0, 0, 3, 0]),
       [A([2, 5, 8])], src)
    at("add_repeats", "add", g_arr("int64", [5], [0] * 5), [A([0, 0, 3, 0, -1])],
       g_arr("int64", [5], [1, 2, 3, 4, 5]))
    at("add_scalar_repeats", "add", g_arr("float32", [4], [0.5] * 4), [A([1, 1, 1, 2])],
       g_weak(0.25))
    at("subtract_repeats", "subtract", g_arr("int32", [3], [10, 10, 10]), [A([2, 2, 0])],
       g_arr("int32", [3], [1, 2, 3]))
    at("multiply_repeats", "multiply", g_arr("float64", [3], [1, 2, 3]), [A([1, 1, 1])],
       g_weak(3.0))
    at("maximum_repeats", "maximum", g_arr("int16", [4], [0, 5, -5, 0]), [A([2, 2, 1, 0])],
       g_arr("int16", [4], [-9, -1, 7, -3]))
    at("minimum_nan", "minimum", g_arr("float64", [3], [1, 2, 3]), [A([0, 0, 2])],
       g_arr("float64", [3], [0.5, float("nan"), 9]))
    at("add_2d_mask", "add", a34, [B([True, False, True])], g_arr("float64", [4], [1, 2, 3, 4]))
    at("add_rows_cols", "add", g_arr("int64", [3, 3], [0] * 9), [A([0, 0, 2]), A([1, 1, 0])],
       g_weak(1))
    at("add_slice_mix", "add", arange("float64", [3, 4]), [S(), A([0, 0, 3])], g_weak(10.0))
    at("add_wraps_int8", "add", g_arr("int8", [2], [120, 0]), [A([0, 0])],
       g_arr("int8", [2], [5, 5]))
    at("err_out_of_bounds", "add", g_arr("float64", [3], [0, 0, 0]), [A([3])], g_weak(1.0))
    # np.ix_.
    ix("seed_ix_ints", m10, [g_arr("int64", [3], [0, 3, 7]), g_arr("int64", [3], [1, 4, 8])])
    ix("seed_ix_masks", arange("float64", [5, 5]),
       [g_arr("bool", [5], [True, False, True, False, True]),
        g_arr("bool", [5], [True, True, False, False, True])])
    ix("ix_three", a234, [g_arr("int64", [1], [1]), g_arr("int64", [2], [2, 0]),
                          g_arr("bool", [4], [False, True, False, True])])
    ix("ix_negative", a34, [g_arr("int64", [2], [-1, 0]), g_arr("int64", [3], [-1, -2, 0])])
    ix("ix_empty", a34, [g_arr("int64", [0], []), g_arr("int64", [2], [0, 1])])
    return out


def main():
    ref.require_numpy_2()
    g_save_cases("indexing/cases.json", cases())
    ref.report_written()

if __name__ == "__main__":
    main()
