#!/usr/bin/env python3
"""Write the NumPy reference cases for numfuse's products (tests/products.rs).

Run from the repository root:

    python3 scripts/gen_numpy_products.py

It writes tests/data/products/cases.json in gen_numpy_take.py's format: one case per line,
{"name", "func", arguments..., "expect"}, arrays as g_arr describes them (values in C order,
laid out in `order`, then viewed through reshape.json's view ops, so transposed, sliced and
reversed inputs are described exactly). The functions:

    matmul, dot, vdot, inner, outer, kron   a, b
    tensordot                               a, b, axes (an int or [a_axes, b_axes])
    diagonal, trace                         a, offset, axis1, axis2

Float inputs are multiples of 0.5 in [-2.5, 2.5], so every product and partial sum is exact in
float32 and float64 whatever the summation order: the test compares every result exactly, and
any difference is a wrong element, not rounding. Deterministic: rerunning rewrites identical
files.
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_numpy_reference as ref  # noqa: E402
from gen_numpy_reference import S, g_build, sl, tr  # noqa: E402
from gen_numpy_take import ramp, save_cases, t_result  # noqa: E402


def call(c):
    f = c["func"]
    if f in ("diagonal", "trace"):
        fn = np.diagonal if f == "diagonal" else np.trace
        return fn(g_build(c["a"]), c["offset"], c["axis1"], c["axis2"])
    a, b = g_build(c["a"]), g_build(c["b"])
    if f == "tensordot":
        axes = c["axes"]
        return np.tensordot(a, b, axes if isinstance(axes, int) else (axes[0], axes[1]))
    return {"matmul": np.matmul, "dot": np.dot, "vdot": np.vdot, "inner": np.inner,
            "outer": np.outer, "kron": np.kron}[f](a, b)


def cases():
    out = []

    def add(name, func, **kw):
        c = {"name": name, "func": func, **kw}
        c["expect"] = t_result(lambda: call(c))
        out.append(c)

    rev = [sl(S(None, None, -1))]
    for dt in ["float64", "float32", "int64", "int32", "int8", "uint8", "bool"]:
        add(f"matmul_{dt}", "matmul", a=ramp(dt, [3, 4]), b=ramp(dt, [4, 5], start=3))
        add(f"dot_mat_vec_{dt}", "dot", a=ramp(dt, [3, 4]), b=ramp(dt, [4], start=1))
        add(f"dot_nd_{dt}", "dot", a=ramp(dt, [2, 3, 4]), b=ramp(dt, [3, 4, 2], start=2))
        add(f"vdot_{dt}", "vdot", a=ramp(dt, [2, 3]), b=ramp(dt, [6], start=1))
        add(f"inner_{dt}", "inner", a=ramp(dt, [2, 3]), b=ramp(dt, [4, 3], start=1))
        add(f"outer_{dt}", "outer", a=ramp(dt, [2, 2]), b=ramp(dt, [3], start=1))
        add(f"kron_{dt}", "kron", a=ramp(dt, [2, 3]), b=ramp(dt, [2, 2], start=1))
        add(f"trace_{dt}", "trace", a=ramp(dt, [3, 4]), offset=0, axis1=0, axis2=1)
    # Mixed dtypes promote as NumPy does.
    add("matmul_i32_f32", "matmul", a=ramp("int32", [2, 3]), b=ramp("float32", [3, 2]))
    add("dot_u8_i8", "dot", a=ramp("uint8", [2, 3]), b=ramp("int8", [3]))
    add("kron_i8_i16", "kron", a=ramp("int8", [2, 3]), b=ramp("int16", [4]))
    add("outer_bool_f64", "outer", a=ramp("bool", [3]), b=ramp("float64", [2]))
    # matmul: 1-D promotion, batches, broadcasting, strided operands, empty axes.
    add("matmul_vec_vec", "matmul", a=ramp("float64", [4]), b=ramp("float64", [4], start=2))
    add("matmul_vec_mat", "matmul", a=ramp("float64", [3]), b=ramp("float64", [2, 3, 4]))
    add("matmul_batch_bcast", "matmul", a=ramp("float64", [2, 1, 3, 4]),
        b=ramp("float64", [3, 4, 2], start=1))
    add("matmul_T", "matmul", a=ramp("float64", [4, 3], [tr(1, 0)]),
        b=ramp("float32", [5, 4], [tr(1, 0)]))
    add("matmul_reversed", "matmul", a=ramp("float64", [3, 4], [sl(S(None, None, -1))]),
        b=ramp("int64", [4, 6], [sl(S(None), S(None, None, -2))]))
    add("matmul_k0", "matmul", a=ramp("float64", [3, 0]), b=ramp("float64", [0, 2]))
    add("matmul_n0", "matmul", a=ramp("float64", [0, 3]), b=ramp("float64", [3, 2]))
    add("matmul_bad_core", "matmul", a=ramp("float64", [2, 3]), b=ramp("float64", [4, 2]))
    add("matmul_bad_batch", "matmul", a=ramp("float64", [2, 2, 2]),
        b=ramp("float64", [3, 2, 2]))
    add("matmul_big_f64", "matmul", a=ramp("float64", [33, 47]),
        b=ramp("float64", [29, 47], [tr(1, 0)], start=4))
    add("matmul_big_int", "matmul", a=ramp("int16", [40, 50]), b=ramp("int16", [50, 30]))
    add("matmul_int8_wraps", "matmul", a=ramp("int8", [3, 40]) | {"values": ["100"] * 120},
        b=ramp("int8", [40, 2]) | {"values": ["7"] * 80})
    # dot: every rank pairing and NumPy's misalignment message.
    add("dot_0d", "dot", a=ramp("float64", []), b=ramp("int64", [2, 3]))
    add("dot_vec_vec", "dot", a=ramp("int64", [5]), b=ramp("int64", [5], start=3))
    add("dot_vec_mat", "dot", a=ramp("float64", [3]), b=ramp("float64", [3, 2]))
    add("dot_vec_3d", "dot", a=ramp("float64", [3]), b=ramp("float64", [2, 3, 4]))
    add("dot_3d_vec", "dot", a=ramp("float64", [2, 3, 4]), b=ramp("float64", [4], start=1))
    add("dot_strided", "dot", a=ramp("float64", [4, 6], [sl(S(None, None, 2), S(1, None, 2))]),
        b=ramp("float64", [3, 5], [tr(0, 1)]))
    add("dot_bad", "dot", a=ramp("float64", [2, 3]), b=ramp("float64", [4]))
    add("dot_bad_nd", "dot", a=ramp("float64", [2, 3]), b=ramp("float64", [2, 4, 5]))
    add("dot_empty", "dot", a=ramp("float64", [0, 3]), b=ramp("float64", [3]))
    add("vdot_0d", "vdot", a=ramp("int32", []), b=ramp("int32", [], start=3))
    add("vdot_T", "vdot", a=ramp("float64", [2, 3], [tr(1, 0)]), b=ramp("float64", [3, 2]))
    add("inner_0d", "inner", a=ramp("float64", [2, 2]), b=ramp("float64", []))
    add("inner_3d", "inner", a=ramp("float64", [2, 2, 3]), b=ramp("float64", [3], start=2))
    add("inner_rev", "inner", a=ramp("int64", [5], rev), b=ramp("int64", [2, 5]))
    add("inner_bad", "inner", a=ramp("float64", [2, 3]), b=ramp("float64", [4]))
    add("outer_2d", "outer", a=ramp("int64", [2, 2]), b=ramp("int64", [2, 3], [tr(1, 0)]))
    add("outer_empty", "outer", a=ramp("float64", [0]), b=ramp("float64", [3]))
    # tensordot: integer axes (default 2, 0 = outer), explicit pairs, negative axes, errors.
    a3 = ramp("float64", [2, 3, 4])
    add("tensordot_2", "tensordot", a=a3, b=ramp("float64", [3, 4, 5], start=1), axes=2)
    add("tensordot_1", "tensordot", a=a3, b=ramp("float64", [4, 2], start=1), axes=1)
    add("tensordot_0", "tensordot", a=ramp("int64", [2, 2]), b=ramp("int64", [3]), axes=0)
    add("tensordot_pairs", "tensordot", a=a3, b=ramp("float64", [4, 3, 5], start=1),
        axes=[[1, 2], [1, 0]])
    add("tensordot_neg", "tensordot", a=a3, b=ramp("float64", [4, 2], start=1),
        axes=[[-1, 0], [0, 1]])
    add("tensordot_T", "tensordot", a=ramp("float64", [4, 3, 2], [tr(2, 1, 0)]),
        b=ramp("float32", [3, 4], [sl(S(None, None, -1))]), axes=[[1, 2], [0, 1]])
    add("tensordot_all", "tensordot", a=ramp("int32", [2, 3]), b=ramp("int32", [2, 3]),
        axes=2)
    add("tensordot_mismatch", "tensordot", a=ramp("float64", [2, 3]),
        b=ramp("float64", [4, 5]), axes=1)
    add("tensordot_pair_mismatch", "tensordot", a=ramp("float64", [2, 3]),
        b=ramp("float64", [3, 5]), axes=[[0], [0]])
    # kron: rank padding, strided, 0-d and empty operands.
    add("kron_1d", "kron", a=ramp("int64", [3]), b=ramp("int64", [2], start=1))
    add("kron_pad", "kron", a=ramp("float64", [2, 2, 2]), b=ramp("float64", [3], start=1))
    add("kron_T", "kron", a=ramp("int32", [3, 2], [tr(1, 0)]), b=ramp("int32", [2, 2], rev))
    add("kron_0d", "kron", a=ramp("float64", []), b=ramp("float64", [2, 3]))
    add("kron_empty", "kron", a=ramp("float64", [0, 2]), b=ramp("float64", [2, 2]))
    # diagonal and trace: offsets past both edges, axis choice, 3-D, views, errors.
    a34 = ramp("int64", [3, 4])
    for off in [-4, -2, -1, 0, 1, 3, 4, 5]:
        add(f"diagonal_off{off}", "diagonal", a=a34, offset=off, axis1=0, axis2=1)
        add(f"trace_off{off}", "trace", a=a34, offset=off, axis1=0, axis2=1)
    a234 = ramp("float64", [2, 3, 4])
    for ax1, ax2 in [(0, 1), (1, 0), (0, 2), (2, 0), (1, 2), (-1, -2)]:
        for off in [-1, 0, 1]:
            add(f"diagonal_3d_{ax1}_{ax2}_{off}", "diagonal", a=a234, offset=off, axis1=ax1,
                axis2=ax2)
            add(f"trace_3d_{ax1}_{ax2}_{off}", "trace", a=a234, offset=off, axis1=ax1,
                axis2=ax2)
    add("diagonal_T", "diagonal", a=ramp("int64", [4, 3], [tr(1, 0)]), offset=1, axis1=0,
        axis2=1)
    add("diagonal_rev", "diagonal", a=ramp("int64", [4, 4], [sl(S(None, None, -1))]),
        offset=-1, axis1=0, axis2=1)
    add("trace_bool", "trace", a=ramp("bool", [3, 3]), offset=0, axis1=0, axis2=1)
    add("trace_u8", "trace", a=ramp("uint8", [3, 3]), offset=0, axis1=0, axis2=1)
    add("trace_f32", "trace", a=ramp("float32", [3, 3]), offset=0, axis1=0, axis2=1)
    add("diagonal_1d", "diagonal", a=ramp("int64", [3]), offset=0, axis1=0, axis2=1)
    add("diagonal_same_axis", "diagonal", a=a34, offset=0, axis1=1, axis2=-1)
    add("diagonal_axis_oob", "diagonal", a=a34, offset=0, axis1=0, axis2=2)
    add("trace_1d", "trace", a=ramp("int64", [3]), offset=0, axis1=0, axis2=1)
    return out


def main():
    ref.require_numpy_2()
    save_cases("products/cases.json", cases())
    ref.report_written()


if __name__ == "__main__":
    main()
