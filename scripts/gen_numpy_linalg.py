#!/usr/bin/env python3
"""Write the NumPy reference cases for numfuse's numpy.linalg functions (tests/linalg.rs).

Run from the repository root:

    python3 scripts/gen_numpy_linalg.py

It writes tests/data/linalg/cases.json: {"numpy": version, "cases": [...]}, one case per line,
{"name", "func", arguments..., "expect"}. Arrays are {"dtype", "shape", "values", "order",
"ops"} (gen_numpy_reference.g_arr: values in C order, laid out in `order`, then viewed through
the view ops of reshape.json), so transposed, sliced and negative-stride inputs are described
exactly. Matrix entries are multiples of 1/4 so that every input is exact in float32 too.
The functions and their arguments:

    solve         a, b                 np.linalg.solve(a, b)
    inv, det, cholesky, pinv(a, rcond), matrix_power(a, n), svdvals(a)
    slogdet       a                    expect {"arrays": [sign, logabsdet]}
    qr            a, mode              expect {"arrays": [q, r]} (mode "r": [r])
    eigh          a, uplo              expect {"arrays": [w, v]}
    eigvalsh      a, uplo
    eig, eigvals  a                    expect {"arrays": [re, im], "real": bool}: the
                                       eigenvalues of each matrix sorted by (re, im)
                                       (np.sort_complex), and whether NumPy returned a real
                                       dtype; eigenvectors are checked by A v = v w in the test
    svd           a, full_matrices     expect {"arrays": [u, s, vh]}
    lstsq         a, b, rcond          expect {"arrays": [x, residuals, s], "rank": int}
    matrix_rank   a, tol
    norm          x, ord, axis, keepdims   ord: null, "fro", "nuc", "inf", "-inf" or a number;
                                       axis: null, an int or a pair
    cond          x, p                 p as norm's ord
    pca           x, n_components      the seed's pca_numpy: expect {"arrays": [X_projected,
                                       explained_var_ratio, components]}

`expect` is {"dtype", "shape", "values"}, {"arrays": [...]} or {"error", "msg"} (the exception
type and message). Floats are exact strings (repr), so NaN and inf survive JSON; the test
compares them within a relative tolerance (rtol 1e-9 for float64, 1e-4 for float32, relative
to the largest magnitude in the expected array) and integers exactly. Factors defined up to
sign (Q/R rows, eigenvectors, singular vectors) are compared up to the sign of each column.
Everything is deterministic: running the script again rewrites identical files.
"""

import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_numpy_reference as ref  # noqa: E402
from gen_numpy_reference import S, T, g_arr, g_build, g_str, sl, tr  # noqa: E402
from gen_numpy_take import save_cases  # noqa: E402

L = np.linalg
INF = float("inf")
NAN = float("nan")


def one(x):
    x = np.asarray(x)
    return {"dtype": x.dtype.name, "shape": list(x.shape),
            "values": [g_str(v) for v in x.ravel()]}


def quarters(n, seed):
    """n deterministic multiples of 1/4 in [-3, 3]."""
    return [((7 * i + 3 * seed) * 13 % 25 - 12) / 4 for i in range(n)]


def general(n, seed=0, batch=(), dt="float64", ops=(), order="C"):
    """Well-conditioned (..., n, n) matrices: quarters plus a dominant diagonal."""
    shape = list(batch) + [n, n]
    count = int(np.prod(shape))
    v = np.array(quarters(count, seed)).reshape(shape)
    v = v + 2.5 * n * np.eye(n) * np.where(np.arange(count // (n * n)) % 2 == 0, 1, -1).reshape(
        list(batch) + [1, 1])
    return g_arr(dt, shape, list(v.ravel()), ops, order)


def spd(n, seed=0, batch=(), dt="float64", ops=()):
    """Symmetric positive definite (..., n, n): B Bᵀ + n I with B of quarters (exact)."""
    shape = list(batch) + [n, n]
    b = np.array(quarters(int(np.prod(shape)), seed)).reshape(shape)
    a = b @ np.swapaxes(b, -1, -2) + n * np.eye(n)
    return g_arr(dt, shape, list(a.ravel()), ops)


def rect(m, n, seed=0, batch=(), dt="float64", ops=()):
    shape = list(batch) + [m, n]
    return g_arr(dt, shape, quarters(int(np.prod(shape)), seed), ops)


def ints(shape, values, dt="int64", ops=()):
    return g_arr(dt, shape, values, ops)


def vec(values, dt="float64"):
    return g_arr(dt, [len(values)], values)


def parse_ord(o):
    if o == "inf":
        return INF
    if o == "-inf":
        return -INF
    return o


def sort_eig(w):
    """Eigenvalues of each matrix sorted by (re, im) as two real arrays."""
    w = np.asarray(w)
    s = np.sort_complex(w) if w.ndim == 1 else np.stack(
        [np.sort_complex(r) for r in w.reshape(-1, w.shape[-1])]).reshape(w.shape)
    s = s.astype(np.complex128 if w.dtype in (np.float64, np.complex128) else np.complex64)
    return [one(s.real), one(s.imag)]


def call(c):
    f = c["func"]
    a = g_build(c["a"]) if "a" in c else None
    if f == "solve":
        return L.solve(a, g_build(c["b"]))
    if f in ("inv", "det", "cholesky", "svdvals"):
        return getattr(L, f)(a)
    if f == "slogdet":
        return tuple(L.slogdet(a))
    if f == "qr":
        r = L.qr(a, mode=c["mode"])
        return (r,) if c["mode"] == "r" else tuple(r)
    if f == "eigh":
        return tuple(L.eigh(a, UPLO=c["uplo"]))
    if f == "eigvalsh":
        return L.eigvalsh(a, UPLO=c["uplo"])
    if f in ("eig", "eigvals"):
        w = L.eig(a).eigenvalues if f == "eig" else L.eigvals(a)
        return {"arrays": sort_eig(w), "real": not np.iscomplexobj(w)}
    if f == "svd":
        return tuple(L.svd(a, full_matrices=c["full_matrices"]))
    if f == "lstsq":
        x, res, rank, s = L.lstsq(a, g_build(c["b"]), rcond=c["rcond"])
        return {"arrays": [one(x), one(res), one(s)], "rank": int(rank)}
    if f == "pinv":
        return L.pinv(a) if c["rcond"] is None else L.pinv(a, rcond=c["rcond"])
    if f == "matrix_rank":
        return L.matrix_rank(a, tol=c["tol"])
    if f == "matrix_power":
        return L.matrix_power(a, c["n"])
    if f == "norm":
        ax = c["axis"]
        ax = tuple(ax) if isinstance(ax, list) else ax
        return L.norm(g_build(c["x"]), ord=parse_ord(c["ord"]), axis=ax, keepdims=c["keepdims"])
    if f == "cond":
        return L.cond(g_build(c["x"]), p=parse_ord(c["p"]))
    if f == "pca":
        # Seed section "PCA from scratch", exactly.
        X = g_build(c["x"])
        X_centered = X - X.mean(axis=0)
        cov = X_centered.T @ X_centered / (len(X) - 1)
        eigenvalues, eigenvectors = np.linalg.eigh(cov)
        idx = np.argsort(eigenvalues)[::-1]
        eigenvalues = eigenvalues[idx]
        eigenvectors = eigenvectors[:, idx]
        explained_var_ratio = eigenvalues / eigenvalues.sum()
        components = eigenvectors[:, :c["n_components"]]
        X_projected = X_centered @ components
        return (X_projected, explained_var_ratio[:c["n_components"]], components)
    raise ValueError(f)


def result(c):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            with np.errstate(all="ignore"):
                r = call(c)
    except (L.LinAlgError, TypeError, ValueError, IndexError) as e:
        return {"error": type(e).__name__, "msg": str(e)}
    if isinstance(r, dict):
        return r
    if isinstance(r, tuple):
        return {"arrays": [one(x) for x in r]}
    return one(r)


def cases():
    out = []

    def add(name, func, **kw):
        c = {"name": name, "func": func}
        c.update(kw)
        c["expect"] = result(c)
        out.append(c)

    views = [("T", [T]), ("neg", [sl(S(None, None, -1), S(None, None, -1))]),
             ("step", [sl(S(None, None, 2), S(None, None, 2))])]

    # --- solve / inv / det / slogdet: dtypes, sizes, stacks, layouts, empties, errors
    for dt in ("float64", "float32", "int64", "int32", "bool", "uint8"):
        a = general(4, 1, dt=dt) if dt not in ("bool", "uint8") else \
            ints([3, 3], [1, 1, 0, 0, 1, 1, 1, 0, 1], dt)
        n = a["shape"][-1]
        add(f"solve_{dt}", "solve", a=a, b=rect(n, 1, 2, dt="float64")
            if dt != "float32" else rect(n, 1, 2, dt="float32"))
        add(f"solve_vec_{dt}", "solve", a=a, b=g_arr(dt if dt != "bool" else "int64", [n],
                                                      list(range(1, n + 1))))
        add(f"inv_{dt}", "inv", a=a)
        add(f"det_{dt}", "det", a=a)
        add(f"slogdet_{dt}", "slogdet", a=a)
    add("det_int_2x2", "det", a=ints([2, 2], [1, 2, 3, 4]))
    for n in (1, 2, 5, 8, 16):
        add(f"solve_n{n}", "solve", a=general(n, n), b=rect(n, 3, n + 1))
        add(f"inv_n{n}", "inv", a=general(n, n + 2))
        add(f"det_n{n}", "det", a=general(n, n + 3))
    for vname, ops in views:
        b = rect(2, 6, 5, ops=ops) if vname == "T" else rect(6, 2, 5, ops=ops)
        add(f"solve_{vname}", "solve", a=general(6, 4, ops=ops), b=b)
        add(f"inv_{vname}", "inv", a=general(6, 5, ops=ops))
        add(f"det_{vname}", "det", a=general(6, 6, ops=ops))
        add(f"slogdet_{vname}", "slogdet", a=general(6, 7, ops=ops))
    add("inv_fortran", "inv", a=general(5, 8, order="F"))
    add("solve_stack", "solve", a=general(3, 9, batch=[2]), b=rect(3, 2, 10, batch=[2]))
    add("solve_stack_bcast", "solve", a=general(3, 9, batch=[2, 1]), b=rect(3, 2, 11, batch=[3]))
    add("solve_stack_vec", "solve", a=general(3, 9, batch=[2]), b=vec([1.0, -2.0, 0.5]))
    add("solve_stack_b_batch", "solve", a=general(3, 12), b=rect(3, 1, 13, batch=[4]))
    add("inv_stack", "inv", a=general(3, 14, batch=[2, 2]))
    add("det_stack", "det", a=general(4, 15, batch=[3]))
    add("slogdet_stack", "slogdet", a=general(2, 16, batch=[2, 3]))
    add("det_stack_T", "det", a=general(3, 17, batch=[2], ops=[tr(0, 2, 1)]))
    add("det_stack_perm", "det", a=general(3, 18, batch=[3], ops=[tr(1, 2, 0)]))
    for name, shape in (("0x0", [0, 0]), ("2x0x0", [2, 0, 0]), ("0x3x3", [0, 3, 3])):
        e = g_arr("float64", shape, [])
        add(f"inv_empty_{name}", "inv", a=e)
        add(f"det_empty_{name}", "det", a=e)
        add(f"slogdet_empty_{name}", "slogdet", a=e)
    add("solve_empty", "solve", a=g_arr("float64", [0, 0], []), b=g_arr("float64", [0], []))
    add("solve_empty_k", "solve", a=general(2, 1), b=g_arr("float64", [2, 0], []))
    sing = ints([3, 3], [1, 2, 3, 2, 4, 6, 1, 0, 1], "float64")
    add("solve_singular", "solve", a=sing, b=vec([1.0, 2.0, 3.0]))
    add("inv_singular", "inv", a=sing)
    add("inv_singular_zero_col", "inv", a=ints([2, 2], [0, 1, 0, 2], "float64"))
    add("det_singular", "det", a=sing)
    add("slogdet_singular", "slogdet", a=sing)
    add("slogdet_neg", "slogdet", a=ints([2, 2], [0, 2, 3, 0], "float64"))
    add("inv_not_square", "inv", a=rect(2, 3))
    add("det_not_square", "det", a=rect(3, 2))
    add("inv_1d", "inv", a=vec([1.0, 2.0]))
    add("det_0d", "det", a=g_arr("float64", [], [1.0]))
    add("solve_mismatch", "solve", a=general(2, 1), b=vec([1.0, 2.0, 3.0]))
    add("solve_mismatch_2d", "solve", a=general(2, 1), b=rect(3, 1))
    add("solve_bad_batch", "solve", a=general(2, 1, batch=[2]), b=rect(2, 1, 0, batch=[3]))
    add("solve_1d_a", "solve", a=vec([1.0, 2.0]), b=vec([1.0, 2.0]))

    # --- cholesky
    for dt in ("float64", "float32", "int64"):
        add(f"cholesky_{dt}", "cholesky", a=spd(4, 1, dt=dt))
    add("cholesky_stack", "cholesky", a=spd(3, 2, batch=[2]))
    add("cholesky_T", "cholesky", a=spd(5, 3, ops=[T]))
    add("cholesky_upper_ignored", "cholesky",
        a=g_arr("float64", [2, 2], [4.0, 99.0, 2.0, 2.0]))
    add("cholesky_empty", "cholesky", a=g_arr("float64", [0, 0], []))
    add("cholesky_not_pd", "cholesky", a=ints([2, 2], [1, 2, 2, 1], "float64"))
    add("cholesky_neg", "cholesky", a=ints([2, 2], [-1, 0, 0, 1], "float64"))
    add("cholesky_not_square", "cholesky", a=rect(2, 3))

    # --- qr
    for mode in ("reduced", "complete", "r"):
        for m, n in ((4, 4), (5, 3), (3, 5)):
            add(f"qr_{mode}_{m}x{n}", "qr", a=rect(m, n, m * n), mode=mode)
    add("qr_f32", "qr", a=rect(4, 3, 1, dt="float32"), mode="reduced")
    add("qr_int", "qr", a=ints([3, 2], [1, 2, 3, 4, 5, 7]), mode="reduced")
    add("qr_stack", "qr", a=rect(4, 3, 2, batch=[2]), mode="reduced")
    add("qr_T", "qr", a=rect(3, 5, 3, ops=[T]), mode="complete")
    add("qr_empty", "qr", a=g_arr("float64", [2, 0, 3], []), mode="reduced")
    add("qr_empty_complete", "qr", a=g_arr("float64", [3, 0], []), mode="complete")
    add("qr_1d", "qr", a=vec([1.0, 2.0]), mode="reduced")

    # --- eigh / eigvalsh
    for dt in ("float64", "float32", "int64"):
        for uplo in ("L", "U"):
            add(f"eigh_{dt}_{uplo}", "eigh", a=spd(4, 4, dt=dt), uplo=uplo)
            add(f"eigvalsh_{dt}_{uplo}", "eigvalsh", a=spd(4, 4, dt=dt), uplo=uplo)
    nonsym = g_arr("float64", [3, 3], [2.0, 100.0, -50.0, 1.0, 3.0, 7.0, 0.5, -1.0, 4.0])
    add("eigvalsh_reads_lower", "eigvalsh", a=nonsym, uplo="L")
    add("eigvalsh_reads_upper", "eigvalsh", a=nonsym, uplo="U")
    add("eigh_stack", "eigh", a=spd(3, 5, batch=[2]), uplo="L")
    add("eigh_T", "eigh", a=spd(6, 6, ops=[sl(S(None, None, -1), S(None, None, -1))]),
        uplo="L")
    add("eigh_indefinite", "eigh", a=g_arr("float64", [3, 3],
                                           [1.0, 2.0, 0.0, 2.0, -3.0, 0.5, 0.0, 0.5, 0.25]),
        uplo="L")
    add("eigh_empty", "eigh", a=g_arr("float64", [0, 0], []), uplo="L")
    add("eigh_not_square", "eigh", a=rect(2, 3), uplo="L")

    # --- eig / eigvals (eigenvalues sorted; vectors checked by identity)
    add("eig_real", "eig", a=g_arr("float64", [2, 2], [2.0, 1.0, 1.0, 2.0]))
    add("eig_rotation", "eig", a=g_arr("float64", [2, 2], [0.0, -1.0, 1.0, 0.0]))
    add("eig_general", "eig", a=rect(5, 5, 3))
    add("eig_general_f32", "eig", a=rect(4, 4, 5, dt="float32"))
    add("eig_int", "eig", a=ints([3, 3], [1, 2, 0, 0, 3, 1, 1, 0, 2]))
    add("eig_stack", "eig", a=rect(3, 3, 6, batch=[2]))
    add("eig_T", "eig", a=rect(4, 4, 7, ops=[T]))
    add("eigvals_general", "eigvals", a=rect(6, 6, 8))
    add("eigvals_triangular", "eigvals", a=g_arr("float64", [3, 3],
                                                 [1.0, 5.0, 2.0, 0.0, -2.0, 3.0, 0.0, 0.0, 4.0]))
    add("eig_empty", "eig", a=g_arr("float64", [0, 0], []))
    add("eig_nan", "eig", a=g_arr("float64", [2, 2], [NAN, 0.0, 0.0, 1.0]))
    add("eig_not_square", "eig", a=rect(3, 2))

    # --- svd / svdvals
    for full in (True, False):
        for m, n in ((4, 4), (5, 3), (3, 5)):
            add(f"svd_{m}x{n}_{'full' if full else 'thin'}", "svd", a=rect(m, n, m + n),
                full_matrices=full)
    add("svd_f32", "svd", a=rect(4, 3, 2, dt="float32"), full_matrices=False)
    add("svd_int", "svd", a=ints([2, 3], [1, 0, 2, -1, 3, 1]), full_matrices=False)
    add("svd_stack", "svd", a=rect(3, 2, 4, batch=[2, 2]), full_matrices=False)
    add("svd_neg", "svd", a=rect(4, 5, 5, ops=[sl(S(None, None, -1), S(None, None, -2))]),
        full_matrices=True)
    add("svd_empty_full", "svd", a=g_arr("float64", [2, 0, 3], []), full_matrices=True)
    add("svd_empty_thin", "svd", a=g_arr("float64", [3, 0], []), full_matrices=False)
    add("svd_nan", "svd", a=g_arr("float64", [2, 2], [NAN, 0.0, 0.0, 1.0]), full_matrices=True)
    add("svd_1d", "svd", a=vec([1.0, 2.0]), full_matrices=True)
    add("svdvals_rank1", "svdvals", a=ints([3, 3], [1, 2, 3, 2, 4, 6, 3, 6, 9], "float64"))
    add("svdvals_stack_T", "svdvals", a=rect(4, 2, 9, batch=[3], ops=[tr(0, 2, 1)]))
    add("svdvals_f32", "svdvals", a=rect(3, 3, 10, dt="float32"))

    # --- lstsq
    add("lstsq_over", "lstsq", a=rect(6, 3, 1), b=vec(quarters(6, 2)), rcond=None)
    add("lstsq_over_2d", "lstsq", a=rect(6, 3, 3), b=rect(6, 2, 4), rcond=None)
    add("lstsq_square", "lstsq", a=general(4, 5), b=vec(quarters(4, 6)), rcond=None)
    add("lstsq_under", "lstsq", a=rect(3, 5, 7), b=vec(quarters(3, 8)), rcond=None)
    add("lstsq_rank_def", "lstsq", a=ints([4, 3], [1, 2, 3, 2, 4, 6, 1, 0, 1, 3, 4, 7],
                                          "float64"), b=vec([1.0, 2.0, 3.0, 4.0]), rcond=None)
    add("lstsq_rcond", "lstsq", a=g_arr("float64", [3, 2], [1.0, 0.0, 0.0, 1e-8, 0.0, 0.0]),
        b=vec([1.0, 1.0, 1.0]), rcond=1e-6)
    add("lstsq_f32", "lstsq", a=rect(5, 2, 9, dt="float32"), b=rect(5, 1, 10, dt="float32"),
        rcond=None)
    add("lstsq_int", "lstsq", a=ints([3, 2], [1, 0, 1, 1, 1, 2]), b=ints([3], [1, 3, 5]),
        rcond=None)
    add("lstsq_T", "lstsq", a=rect(3, 5, 11, ops=[T]), b=vec(quarters(5, 12)), rcond=None)
    add("lstsq_empty_m", "lstsq", a=g_arr("float64", [0, 3], []), b=g_arr("float64", [0], []),
        rcond=None)
    add("lstsq_empty_n", "lstsq", a=g_arr("float64", [3, 0], []),
        b=vec([1.0, 2.0, 2.0]), rcond=None)
    add("lstsq_mismatch", "lstsq", a=rect(3, 2), b=vec([1.0, 2.0]), rcond=None)
    add("lstsq_3d", "lstsq", a=rect(3, 2, 0, batch=[2]), b=rect(3, 1), rcond=None)

    # --- pinv / matrix_rank
    add("pinv_over", "pinv", a=rect(5, 3, 1), rcond=None)
    add("pinv_under_f32", "pinv", a=rect(2, 4, 2, dt="float32"), rcond=None)
    add("pinv_rank_def", "pinv", a=ints([3, 3], [1, 2, 3, 2, 4, 6, 1, 0, 1], "float64"),
        rcond=None)
    add("pinv_stack_T", "pinv", a=rect(3, 2, 3, batch=[2], ops=[tr(0, 2, 1)]), rcond=None)
    add("pinv_rcond", "pinv", a=g_arr("float64", [2, 2], [1.0, 0.0, 0.0, 1e-3]), rcond=1e-2)
    add("pinv_int", "pinv", a=ints([2, 2], [1, 2, 2, 4]), rcond=None)
    add("pinv_empty", "pinv", a=g_arr("float64", [2, 0, 3], []), rcond=None)
    add("rank_full", "matrix_rank", a=general(4, 1), tol=None)
    add("rank_def", "matrix_rank", a=ints([3, 3], [1, 2, 3, 2, 4, 6, 1, 0, 1], "float64"),
        tol=None)
    add("rank_stack", "matrix_rank", a=g_arr("float64", [2, 2, 2], [1.0, 2.0, 2.0, 4.0,
                                                                     1.0, 0.0, 0.0, 1.0]),
        tol=None)
    add("rank_tol", "matrix_rank", a=g_arr("float64", [2, 2], [1.0, 0.0, 0.0, 1e-3]), tol=1e-2)
    add("rank_f32", "matrix_rank", a=rect(3, 4, 5, dt="float32"), tol=None)
    add("rank_int", "matrix_rank", a=ints([2, 3], [1, 2, 3, 2, 4, 6]), tol=None)
    add("rank_1d", "matrix_rank", a=vec([0.0, 1.0]), tol=None)
    add("rank_1d_zero", "matrix_rank", a=vec([0.0, 0.0]), tol=None)
    add("rank_empty", "matrix_rank", a=g_arr("float64", [0, 0], []), tol=None)

    # --- matrix_power: integer exactness, negative powers, stacks, bool
    m2 = ints([2, 2], [1, 2, 3, 4])
    for n in (0, 1, 2, 3, 5, 13, -1, -2):
        add(f"matrix_power_int_{n}", "matrix_power", a=m2, n=n)
    add("matrix_power_int8_wrap", "matrix_power", a=ints([2, 2], [1, 2, 3, 4], "int8"), n=5)
    add("matrix_power_uint64", "matrix_power", a=ints([2, 2], [1, 1, 1, 0], "uint64"), n=90)
    add("matrix_power_bool", "matrix_power", a=ints([3, 3], [0, 1, 0, 0, 0, 1, 0, 0, 0], "bool"),
        n=2)
    add("matrix_power_f32_neg", "matrix_power", a=general(3, 2, dt="float32"), n=-3)
    add("matrix_power_f64", "matrix_power", a=rect(3, 3, 4), n=6)
    add("matrix_power_stack", "matrix_power", a=ints([2, 2, 2], [1, 1, 0, 1, 2, 0, 0, 3]), n=4)
    add("matrix_power_T", "matrix_power", a=ints([3, 3], list(range(9)), ops=[T]), n=3)
    add("matrix_power_empty", "matrix_power", a=g_arr("int32", [0, 0], []), n=3)
    add("matrix_power_zero_stack", "matrix_power", a=ints([2, 2, 2], list(range(8))), n=0)
    add("matrix_power_singular_neg", "matrix_power", a=ints([2, 2], [1, 2, 2, 4]), n=-1)
    add("matrix_power_not_square", "matrix_power", a=rect(2, 3), n=2)
    add("matrix_power_1d", "matrix_power", a=vec([1.0, 2.0]), n=2)

    # --- norm: every order x axis x keepdims on a 3-D array, plus 1-D/2-D defaults
    x3 = g_arr("float64", [2, 2, 3], quarters(12, 3))
    vec_ords = [None, 2, "inf", "-inf", 0, 1, -1, 3, 0.5, -2, "fro"]
    mat_ords = [None, "fro", "nuc", 1, -1, 2, -2, "inf", "-inf", 3]
    for o in vec_ords:
        for ax in (0, -1):
            for kd in (False, True):
                add(f"norm_vec_{o}_{ax}_{kd}", "norm", x=x3, ord=o, axis=ax, keepdims=kd)
    for o in mat_ords:
        for ax in ([0, 1], [2, 0], [-1, -2]):
            for kd in (False, True):
                add(f"norm_mat_{o}_{ax[0]}{ax[1]}_{kd}", "norm", x=x3, ord=o, axis=ax,
                    keepdims=kd)
    v1 = vec([3.0, -4.0, 0.0, 1.5])
    for o in vec_ords:
        add(f"norm_1d_{o}", "norm", x=v1, ord=o, axis=None, keepdims=False)
    m2f = g_arr("float64", [3, 2], [1.0, -2.0, 3.5, 0.0, -1.0, 4.0])
    for o in mat_ords:
        add(f"norm_2d_{o}", "norm", x=m2f, ord=o, axis=None, keepdims=False)
    add("norm_default_3d", "norm", x=x3, ord=None, axis=None, keepdims=False)
    add("norm_default_3d_keep", "norm", x=x3, ord=None, axis=None, keepdims=True)
    add("norm_3d_ord_no_axis", "norm", x=x3, ord=1, axis=None, keepdims=False)
    add("norm_seed_rows", "norm", x=rect(5, 3, 6), ord=None, axis=1, keepdims=True)
    add("norm_int", "norm", x=ints([2, 3], [1, -2, 3, 4, 0, -6]), ord=None, axis=1,
        keepdims=False)
    add("norm_int_inf", "norm", x=ints([2, 3], [1, -2, 3, 4, 0, -6], "int8"), ord="inf",
        axis=None, keepdims=False)
    add("norm_f32", "norm", x=rect(3, 3, 7, dt="float32"), ord="nuc", axis=None,
        keepdims=False)
    add("norm_f32_vec", "norm", x=rect(3, 3, 7, dt="float32"), ord=3, axis=0, keepdims=True)
    add("norm_T", "norm", x=rect(3, 4, 8, ops=[T]), ord=2, axis=None, keepdims=False)
    add("norm_neg", "norm", x=rect(4, 4, 9, ops=[sl(S(None, None, -1), S(None, None, -2))]),
        ord=1, axis=[1, 0], keepdims=True)
    add("norm_empty", "norm", x=g_arr("float64", [0, 0], []), ord=None, axis=None,
        keepdims=False)
    add("norm_empty_inf", "norm", x=g_arr("float64", [2, 0], []), ord="inf", axis=1,
        keepdims=False)
    add("norm_dup_axes", "norm", x=x3, ord=None, axis=[1, 1], keepdims=False)
    add("norm_three_axes", "norm", x=x3, ord=None, axis=[0, 1, 2], keepdims=False)
    add("norm_bad_axis", "norm", x=x3, ord=None, axis=3, keepdims=False)
    add("norm_nuc_vector", "norm", x=v1, ord="nuc", axis=None, keepdims=False)

    # --- cond
    c3 = general(3, 4)
    for p in (None, "fro", "nuc", 1, -1, 2, -2, "inf", "-inf"):
        add(f"cond_{p}", "cond", x=c3, p=p)
        if p not in (None, 2, -2):
            # Through the inverse: singular gives inf. (Through the SVD, NumPy's answer for an
            # exactly singular matrix is rounding noise, s_min = 2e-16 rather than 0.)
            add(f"cond_singular_{p}", "cond", x=ints([2, 2], [1, 2, 2, 4], "float64"), p=p)
    add("cond_rect", "cond", x=rect(4, 2, 5), p=None)
    add("cond_f32", "cond", x=general(3, 6, dt="float32"), p=1)
    add("cond_stack", "cond", x=general(3, 7, batch=[2]), p="fro")
    add("cond_int", "cond", x=ints([2, 2], [1, 2, 3, 4]), p=None)
    add("cond_empty", "cond", x=g_arr("float64", [0, 0], []), p=None)
    add("cond_rect_fro", "cond", x=rect(4, 2, 5), p="fro")

    # --- the seed's PCA: 30 samples of 4 correlated features
    base = np.array(quarters(30 * 4, 11)).reshape(30, 4)
    feats = base @ np.array([[2.0, 0.5, 0.0, 0.25], [0.0, 1.5, 0.5, 0.0],
                             [0.0, 0.0, 1.0, 0.75], [0.0, 0.0, 0.0, 0.5]])
    add("pca_seed", "pca", x=g_arr("float64", [30, 4], list(feats.ravel())), n_components=2)
    return out


def main():
    ref.require_numpy_2()
    save_cases("linalg/cases.json", cases())
    ref.report_written()


if __name__ == "__main__":
    main()
