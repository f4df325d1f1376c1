#!/usr/bin/env python3
"""Write the NumPy reference cases for numfuse's einsum (tests/einsum.rs).

Run from the repository root:

    python3 scripts/gen_numpy_einsum.py

It writes tests/data/einsum/cases.json:

    {"einsum": [...], "paths": [...]}

`einsum` cases are {"name", "subscripts", "operands", "expect", "view"}: operands are g_arr
arrays (values in C order, laid out in `order`, viewed through `ops`, as gen_numpy_reference.py
describes them) plus an optional "then" list of view ops numfuse's test applies afterwards
({"op": "window", "shape"} for sliding_window_view, {"op": "broadcast_to", "shape"}).
`expect` is {"dtype", "shape", "values"} from np.einsum(..., optimize=True) — numfuse plans
every einsum as NumPy's optimize=True does; `expect_none`, present when it differs beyond the
test's tolerance, is np.einsum(..., optimize=False), which numfuse's Optimize::None follows in
computing in the common dtype from the start — or {"error", "msg", "variant", "fragment"}: the
exception NumPy raises, the numfuse Error variant expected, and a fragment that both messages
contain (case-insensitively; checked here against NumPy's). `view` is np.shares_memory of the
result and the first operand.

`paths` cases are {"name", "subscripts", "shapes", "optimize", "path", "naive", "opt",
"largest", "report"} from np.einsum_path(subscripts, zeros..., optimize=...), for "greedy",
"optimal", and "none" (numfuse's Optimize::None, the pairwise left-to-right path, which NumPy
costs when it is given explicitly); FLOP counts are strings (they can pass 2**53); `report` is
NumPy's printed report for expressions without an ellipsis (NumPy names the ellipsis letters
at random), else null.
Everything is deterministic: running the script again rewrites identical files.
"""

import json
import os
import random
import sys
import warnings

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_numpy_reference as ref  # noqa: E402
from gen_numpy_reference import S, T, g_arr, g_build, g_str, g_values, sl, tr  # noqa: E402,F401


def vals(dt, shape, ops=(), order="C", start=0, then=()):
    a = g_arr(dt, shape, lambda n: g_values(dt, n, start), ops, order)
    if then:
        a["then"] = list(then)
    return a


def f64(shape, **kw):
    return vals("float64", shape, **kw)


def build(a):
    x = g_build(a)
    for op in a.get("then", []):
        if op["op"] == "window":
            x = sliding_window_view(x, op["shape"])
        elif op["op"] == "broadcast_to":
            x = np.broadcast_to(x, op["shape"])
        else:
            raise ValueError(op)
    return x


def einsum(subscripts, arrays, optimize):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        with np.errstate(all="ignore"):
            return np.einsum(subscripts, *arrays, optimize=optimize)


def as_expect(r):
    r = np.asarray(r)
    return {"dtype": r.dtype.name, "shape": list(r.shape),
            "values": [g_str(v) for v in r.ravel()]}


def differs(a, b):
    """Whether NumPy's unplanned result differs from the planned one by more than the test's
    tolerance (1e-12, 1e-5 for float32, of the largest magnitude; exact otherwise)."""
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != b.dtype or a.shape != b.shape:
        return True
    if a.dtype.kind != "f":
        return not np.array_equal(a, b)
    rtol = 1e-5 if a.dtype == np.float32 else 1e-12
    scale = max(np.abs(b).max(initial=0.0), np.finfo(np.float64).tiny)
    return bool((np.abs(a.astype(np.float64) - b) > rtol * scale).any())


def result(subscripts, operands):
    """NumPy's planned result (optimize=True), whether it is a view of the first operand, and
    its unplanned result (optimize=False, numfuse's Optimize::None) when that differs."""
    arrays = [build(a) for a in operands]
    r = einsum(subscripts, arrays, True)
    view = bool(isinstance(r, np.ndarray) and np.shares_memory(r, arrays[0]))
    try:
        plain = einsum(subscripts, arrays, False)
    except ValueError:
        # The C loop refuses a few forms the planned path takes ('...j->j' on 3-d).
        return as_expect(r), view, None
    return as_expect(r), view, (as_expect(plain) if differs(plain, r) else None)


def einsum_cases():
    cases = []

    def add(name, subscripts, *operands):
        expect, view, plain = result(subscripts, operands)
        case = {"name": name, "subscripts": subscripts, "operands": list(operands),
                "expect": expect, "view": view}
        if plain is not None:
            case["expect_none"] = plain
        cases.append(case)

    def err(name, subscripts, variant, fragment, *operands):
        arrays = [build(a) for a in operands]
        try:
            np.einsum(subscripts, *arrays, optimize=True)
        except ValueError as e:
            msg = str(e)
            assert fragment.lower() in msg.lower(), (name, msg, fragment)
            cases.append({"name": name, "subscripts": subscripts, "operands": list(operands),
                          "expect": {"error": "ValueError", "msg": msg, "variant": variant,
                                     "fragment": fragment}, "view": False})
            return
        raise AssertionError(f"{name}: NumPy did not raise")

    # The seed's three cases.
    add("seed_batched_chain", "bij,bjk,bkl->bil", f64([2, 3, 4]), f64([2, 4, 5], start=3),
        f64([2, 5, 2], start=7))
    add("seed_portfolio_vol", "ij,jk,ik->i", f64([4, 3]), f64([3, 3], start=2),
        f64([4, 3]))
    sobel = g_arr("float64", [3, 3], [-1, 0, 1, -2, 0, 2, -1, 0, 1])
    image = g_arr("float64", [7, 8], lambda n: [((7 * i) % 13) * 0.5 - 2.0 for i in range(n)])
    image["then"] = [{"op": "window", "shape": [3, 3]}]
    add("seed_sobel_windows", "ijkl,kl->ij", image, sobel)

    # Every form of the language.
    add("matmul", "ij,jk->ik", f64([3, 4]), f64([4, 2], start=1))
    add("matmul_implicit", "ij,jk", f64([3, 4]), f64([4, 2], start=1))
    add("implicit_reorders", "ij,jh", f64([3, 4]), f64([4, 2], start=1))
    add("transpose_explicit", "ij->ji", f64([2, 3]))
    add("transpose_implicit", "ji", f64([2, 3]))
    add("identity", "ij", f64([2, 3]))
    add("permute_3d", "ijk->kij", f64([2, 3, 4]))
    add("diagonal", "ii->i", f64([4, 4]))
    add("trace", "ii", f64([4, 4]))
    add("trace_explicit", "ii->", f64([3, 3]))
    add("diag_then_sum", "iij->j", f64([3, 3, 2]))
    add("diag_split", "iji->ij", f64([3, 2, 3]))
    add("diag_keep", "ijj->ij", f64([2, 3, 3]))
    add("triple_diag", "iii->i", f64([3, 3, 3]))
    add("sum_all", "ij->", f64([3, 4]))
    add("sum_rows", "ij->j", f64([3, 4]))
    add("sum_cols", "ij->i", f64([3, 4]))
    add("inner", "i,i", f64([5]), f64([5], start=2))
    add("inner_explicit", "i,i->", f64([5]), f64([5], start=2))
    add("hadamard", "i,i->i", f64([5]), f64([5], start=2))
    add("outer", "i,j", f64([3]), f64([4], start=2))
    add("outer_explicit", "i,j->ji", f64([3]), f64([4], start=2))
    add("matvec", "ij,j->i", f64([3, 4]), f64([4], start=1))
    add("vecmat", "i,ij->j", f64([3]), f64([3, 4], start=1))
    add("frobenius", "ij,ij->", f64([3, 4]), f64([3, 4], start=5))
    add("bilinear", "i,ij,j->", f64([3]), f64([3, 4], start=1), f64([4], start=2))
    add("matmul_bt", "ij,kj->ik", f64([3, 4]), f64([2, 4], start=1))
    add("tensordot", "ijk,jkl->il", f64([2, 3, 4]), f64([3, 4, 2], start=1))
    add("batch_matmul", "bij,bjk->bik", f64([3, 2, 4]), f64([3, 4, 5], start=1))
    add("batch_outer", "bi,bj->bij", f64([3, 2]), f64([3, 4], start=1))
    add("diag_and_contract", "ii,ij->j", f64([3, 3]), f64([3, 4], start=1))
    add("diag_in_pair", "iij,jk->ik", f64([3, 3, 2]), f64([2, 4], start=1))
    add("unique_summed_first", "ijk,jl->il", f64([2, 3, 4]), f64([3, 5], start=1))
    add("chain4", "ij,jk,kl,lm->im", f64([2, 3]), f64([3, 4], start=1), f64([4, 2], start=2),
        f64([2, 3], start=3))
    add("triangle", "ab,bc,ca->", f64([3, 4]), f64([4, 2], start=1), f64([2, 3], start=2))
    add("transform5", "ea,fb,abcd,gc,hd->efgh", f64([2, 2]), f64([2, 2], start=1),
        f64([2, 2, 2, 2], start=2), f64([2, 2], start=3), f64([2, 2], start=4))
    add("hadamard3", "i,i,i->i", f64([4]), f64([4], start=1), f64([4], start=2))
    add("outer3", "i,j,k->ijk", f64([2]), f64([3], start=1), f64([2], start=2))
    add("outer3_implicit", "k,i,j", f64([2]), f64([3], start=1), f64([2], start=2))
    add("mixed_kary", "ij,ij,ij->ij", f64([2, 3]), f64([2, 3], start=1), f64([2, 3], start=2))
    add("uppercase", "Ab,bA", f64([2, 3]), f64([3, 2], start=1))
    add("uppercase_order", "aB,Ba->Ba", f64([2, 3]), f64([3, 2], start=1))
    add("spaces", " ij , jk -> ik ", f64([2, 3]), f64([3, 2], start=1))
    add("repeated_over_operands", "ij,jk,jl->ikl", f64([2, 3]), f64([3, 2], start=1),
        f64([3, 2], start=2))

    # Ellipsis and broadcasting.
    add("ellipsis_sum_last", "...i->...", f64([2, 3, 4]))
    add("ellipsis_batched_dot", "...i,...i->...", f64([5, 1, 3]), f64([4, 3], start=1))
    add("ellipsis_implicit", "...i,...i", f64([2, 3]), f64([1, 3], start=1))
    add("ellipsis_matmul", "...ij,...jk->...ik", f64([2, 1, 2, 3]), f64([3, 3, 4], start=1))
    add("ellipsis_trace", "i...i", f64([3, 2, 3]))
    add("ellipsis_batched_diag", "...ii->...i", f64([2, 3, 3]))
    add("ellipsis_middle", "ij...,jk...->ik...", f64([2, 3, 4]), f64([3, 2, 4], start=1))
    add("ellipsis_summed_away", "...j->j", f64([2, 3, 4]))
    add("ellipsis_transpose", "...ij->...ji", f64([2, 3, 4]))
    add("ellipsis_empty", "...i,i->...", f64([3]), f64([3], start=1))
    add("ellipsis_output_only", "ij->...ji", f64([2, 3]))
    add("broadcast_letter", "ij,jk", f64([2, 1]), f64([3, 4], start=1))
    add("broadcast_hadamard", "ij,ij->ij", f64([1, 3]), f64([2, 1], start=1))
    add("broadcast_view_input", "ij,jk->ik",
        vals("float64", [3], then=[{"op": "broadcast_to", "shape": [2, 3]}]),
        f64([3, 2], start=1))

    # 0-d and empty operands.
    add("scalar", "...", f64([]))
    add("scalar_times_scalar", ",", f64([]), f64([], start=1))
    add("vector_times_scalar", "i,", f64([3]), f64([], start=1))
    add("scalar_outer", ",ij->ji", f64([], start=1), f64([2, 3]))
    add("empty_contracted", "ij,jk->ik", f64([2, 0]), f64([0, 3]))
    add("empty_kept", "ij,jk->ik", f64([0, 3]), f64([3, 2]))
    add("empty_sum", "ij->", f64([0, 3]))
    add("empty_inner", "i,i", f64([0]), f64([0]))
    add("empty_chain", "ij,jk,kl->il", f64([2, 0]), f64([0, 3]), f64([3, 2]))

    # Non-contiguous inputs.
    add("transposed_input", "ij,jk->ik", f64([4, 3], ops=[T]), f64([4, 2], start=1))
    add("fortran_input", "ij,jk->ik", f64([3, 4], order="F"), f64([4, 2], start=1, order="F"))
    add("sliced_input", "ij,jk->ik", f64([6, 4], ops=[sl(S(None, None, 2))]),
        f64([4, 5], start=1, ops=[sl(S(), S(1, None, 2))]))
    add("negative_strides", "ij,jk->ik", f64([3, 4], ops=[sl(S(None, None, -1), S(None, None, -1))]),
        f64([4, 2], start=1, ops=[sl(S(None, None, -1))]))
    add("negative_diag", "ii->i", f64([4, 4], ops=[sl(S(None, None, -1))]))
    add("permuted_3d_chain", "ijk,kl,lm->ijm", f64([4, 2, 3], ops=[tr(1, 2, 0)]),
        f64([4, 2], start=1), f64([2, 3], start=2, ops=[sl(S(), S(None, None, -1))]))
    add("transposed_trace", "ij,ji->", f64([3, 4], ops=[T]), f64([3, 4], start=2))

    # Dtypes: promotion, exact integers (wrapping), bool.
    for dt in ["float32", "int64", "int32", "uint8", "int8", "bool", "uint64", "int16"]:
        add(f"matmul_{dt}", "ij,jk->ik", vals(dt, [3, 5]), vals(dt, [5, 2], start=2))
        add(f"sum_{dt}", "ij->j", vals(dt, [4, 3]))
    for dt in ["float32", "int64", "uint8", "bool"]:
        add(f"chain_{dt}", "ij,jk,kl->il", vals(dt, [2, 3]), vals(dt, [3, 4], start=1),
            vals(dt, [4, 2], start=2))
        add(f"trace_{dt}", "ii", vals(dt, [4, 4]))
        add(f"hadamard3_{dt}", "i,i,i->i", vals(dt, [4]), vals(dt, [4], start=1),
            vals(dt, [4], start=2))
        add(f"outer_{dt}", "i,j->ij", vals(dt, [3]), vals(dt, [2], start=1))
    big8 = g_arr("uint8", [3, 4], [200 + i for i in range(12)])
    add("uint8_wraps", "ij,jk->ik", big8, g_arr("uint8", [4, 2], [250, 3, 7, 255, 9, 128, 2, 1]))
    add("int8_wraps_sum", "ij->", g_arr("int8", [3, 3], [100] * 9))
    add("int64_wraps", "i,i", g_arr("int64", [2], [2**62, 3]), g_arr("int64", [2], [4, 5]))
    add("mixed_u8_i8", "i,i", vals("uint8", [4]), vals("int8", [4], start=1))
    add("mixed_i32_f32", "ij,jk", vals("int32", [2, 3]), vals("float32", [3, 2], start=1))
    add("mixed_bool_i32", "ij,j->i", vals("bool", [3, 4]), vals("int32", [4], start=1))
    add("mixed_i64_f64_chain", "ij,jk,kl->il", vals("int64", [2, 3]),
        vals("float64", [3, 4], start=1), vals("int16", [4, 2], start=2))
    add("mixed_u64_i64", "i,i->i", vals("uint64", [3]), vals("int64", [3], start=1))
    add("mixed_i8_sum_then_i64", "ij,k->ik", g_arr("int8", [2, 3], [100] * 6),
        vals("int64", [2]))

    i8 = g_arr("int8", [3], [100, -100, 50])
    add("kary_casts_first", "i,i,i->i", i8, g_arr("int8", [3], [3, 3, 3]),
        g_arr("int64", [3], [1, 2, 3]))
    add("pairwise_wraps_first", "i,i,i->", i8, g_arr("int8", [3], [3, 3, 3]),
        g_arr("int64", [3], [1, 2, 3]))
    add("f32_f64_chain", "ij,jk,k->i", vals("float32", [2, 3]), vals("float32", [3, 4], start=1),
        vals("float64", [4], start=2))

    # Errors (NumPy's optimize=True messages).
    err("bad_character", "i!j,jk", "Parse", "is not a valid symbol", f64([2, 2]), f64([2, 2]))
    err("too_few_operands", "ij,jk", "Value",
        "number of einsum subscripts must be equal to the number of operands", f64([2, 3]))
    err("too_many_operands", "ij", "Value",
        "number of einsum subscripts must be equal to the number of operands", f64([2, 3]),
        f64([2, 3]))
    err("ndim_mismatch", "ijk", "Shape",
        "does not contain the correct number of indices for operand 0", f64([2, 3]))
    err("ndim_mismatch_second", "ij,j", "Shape",
        "does not contain the correct number of indices for operand 1", f64([2, 3]), f64([3, 1]))
    err("output_repeated", "ij->ii", "Parse", "appeared more than once in the output",
        f64([2, 3]))
    err("output_not_in_input", "ij->k", "Parse", "did not appear in the input", f64([2, 3]))
    err("two_arrows", "i->i->i", "Parse", "can only contain one '->'", f64([2]))
    err("lone_dash", "i-i", "Parse", "can only contain one '->'", f64([2]))
    err("reversed_arrow", "i>-i", "Parse", "can only contain one '->'", f64([2]))
    err("two_dots", "..i", "Parse", "invalid ellipses", f64([2]))
    err("four_dots", "....i", "Parse", "invalid ellipses", f64([2]))
    err("two_ellipses", "...i...", "Parse", "invalid ellipses", f64([2, 2]))
    err("ellipsis_too_long", "...ij", "Shape", "ellipses lengths do not match", f64([3]))
    err("size_mismatch", "ij,jk", "Shape", "does not match previous terms", f64([2, 3]),
        f64([4, 5]))
    err("size_mismatch_ellipsis", "...i,...i", "Shape", "does not match previous terms",
        f64([2, 3]), f64([4, 3]))
    err("diag_size_mismatch", "ii", "Shape", "does not match previous terms", f64([3, 4]))
    err("diag_broadcast_refused", "ii->i", "Shape", "for collapsing index 'i' don't match (1 != 3)",
        f64([1, 3]))
    return cases


def path_cases():
    exprs = [
        ("chain3_doc", "ij,jk,kl->il", [[2, 2], [2, 5], [5, 2]]),
        ("transform_doc", "ea,fb,abcd,gc,hd->efgh", [[10, 10], [10, 10], [10] * 4, [10, 10],
                                                      [10, 10]]),
        ("batched_chain", "bij,bjk,bkl->bil", [[8, 3, 40], [8, 40, 5], [8, 5, 30]]),
        ("portfolio", "ij,jk,ik->i", [[50, 20], [20, 20], [50, 20]]),
        ("chain5", "ab,bc,cd,de,ef->af", [[30, 2], [2, 40], [40, 3], [3, 50], [50, 4]]),
        ("chain6", "ab,bc,cd,de,ef,fg->ag", [[4, 30], [30, 5], [5, 60], [60, 2], [2, 40],
                                             [40, 3]]),
        ("star", "ab,ac,ad,ae->a", [[10, 20], [10, 5], [10, 30], [10, 2]]),
        ("diag_terms", "ii,ij,jk,kl->l", [[6, 6], [6, 7], [7, 8], [8, 9]]),
        ("hadamard_only", "ij,ij,ij->ij", [[3, 4], [3, 4], [3, 4]]),
        ("outer_then_sum", "i,j,k,ijk->", [[3], [4], [5], [3, 4, 5]]),
        ("ellipsis", "...ij,...jk,...kl->...il", [[2, 3, 4], [2, 4, 5], [1, 5, 6]]),
        ("memory_bound", "ab,cd,ef->abcdef", [[3, 3], [3, 3], [3, 3]]),
        ("outer_forced", "ab,cd,bd->ac", [[20, 2], [30, 3], [2, 3]]),
    ]
    rng = random.Random(8)
    letters = "abcdefghij"
    for k in range(14):
        n = rng.randint(3, 6)
        used = letters[:rng.randint(3, 7)]
        sizes = {c: rng.randint(2, 9) for c in used}
        terms = []
        for _ in range(n):
            t = "".join(rng.sample(used, rng.randint(1, 3)))
            terms.append(t)
        counts = {c: "".join(terms).count(c) for c in used}
        present = [c for c in used if counts[c] > 0]
        out = "".join(c for c in present if counts[c] == 1 or rng.random() < 0.2)
        subs = ",".join(terms) + "->" + out
        exprs.append((f"random{k}", subs, [[sizes[c] for c in t] for t in terms]))
    cases = []
    for name, subs, shapes in exprs:
        arrays = [np.zeros(s) for s in shapes]
        n = len(shapes)
        none = ["einsum_path"] + ([(0,)] if n == 1 else
                                  [(0, 1)] + [(0, n - 1 - s) for s in range(1, n - 1)])
        for mode, opt in [("greedy", "greedy"), ("optimal", "optimal"), ("none", none)]:
            path, report = np.einsum_path(subs, *arrays, optimize=opt)
            info = {}
            for line in report.splitlines():
                if ":" in line:
                    key, val = line.split(":", 1)
                    info[key.strip()] = val.strip()
            naive, opt_cost, largest = naive_opt_largest(subs, arrays, path)
            assert info["Naive FLOP count"] == f"{naive:.3e}", (name, info, naive)
            assert info["Optimized FLOP count"] == f"{opt_cost:.3e}", (name, info)
            assert info["Largest intermediate"] == f"{largest:.3e} elements", (name, info)
            cases.append({"name": f"{name}_{mode}", "subscripts": subs, "shapes": shapes,
                          "optimize": mode, "path": [list(p) for p in path[1:]],
                          "naive": str(naive), "opt": str(opt_cost), "largest": str(largest),
                          "report": None if "." in subs else report})
    return cases


def naive_opt_largest(subs, arrays, path):
    """The exact integers behind NumPy's printed figures (it prints them as %.3e), from the
    contraction list NumPy builds for `path` (einsum_call=True), with NumPy's definitions."""
    from numpy._core import einsumfunc as ef
    _, contractions = np.einsum_path(subs, *arrays, optimize=path, einsum_call=True)
    ins, out, _ = ef._parse_einsum_input((subs, *arrays))
    terms = ins.split(",")
    dims = {}
    for t, a in zip(terms, arrays):
        for c, d in zip(t, a.shape):
            dims[c] = d if dims.get(c, 1) == 1 else dims[c]
    sets = [set(t) for t in terms]
    cost, largest = 0, 0
    for inds, _, _ in contractions:
        new, sets, removed, contract = ef._find_contraction(inds, sets, set(out))
        cost += ef._flop_count(contract, removed, len(inds), dims)
        largest = max(largest, ef._compute_size_by_dict(new, dims))
    indices = set(ins.replace(",", ""))
    inner = sum(len(set(t)) for t in terms) - len(indices) > 0
    naive = ef._flop_count(indices, inner, len(terms), dims)
    return naive, cost + 1, largest


def main():
    ref.require_numpy_2()
    os.makedirs(ref.path("einsum"), exist_ok=True)
    ein = einsum_cases()
    paths = path_cases()
    # One case per line, without optional spaces, to keep the file small and diffs readable.
    def block(cases):
        return ",\n".join(json.dumps(c, sort_keys=True, separators=(",", ":")) for c in cases)
    ref.save_text("einsum/cases.json",
                  '{"einsum":[\n' + block(ein) + '\n],\n"paths":[\n' + block(paths) + "\n]}\n")
    print(f"{len(ein)} einsum cases, {len(paths)} path cases")
    ref.report_written()


if __name__ == "__main__":
    main()
