#!/usr/bin/env python3
"""Write the NumPy reference cases for numfuse's statistics (tests/statistics.rs).

Run from the repository root:

    python3 scripts/gen_numpy_stats.py

It writes tests/data/stats/cases.json in the format of gen_numpy_take.py (one case per line,
{"name", "func", arguments..., "expect"}; arrays are g_arr's {"dtype", "shape", "values",
"order", "ops"}, so non-contiguous inputs are described by their view ops). The functions:

    median, nanmedian             a, axis, keepdims
    quantile, percentile,         a, q, axis, keepdims, method; q is {"scalar": v} (a Python
    nanquantile, nanpercentile    float, weak) or an array
    histogram                     a, bins (int or array), range (reprs), density, weights;
                                  expect {"arrays": [counts, edges]}
    histogram_bin_edges           a, bins, range
    bincount                      x, weights, minlength
    digitize                      x, bins, right
    cov                           m, y, rowvar, bias, ddof, fweights, aweights
    corrcoef                      x, y, rowvar
    average                       a, axis, weights, returned (expect {"arrays": [avg, sum]})

`expect` is {"dtype", "shape", "values"}, {"arrays": [...]} or {"error", "msg"}; values are
exact strings (NaN survives JSON). Everything is deterministic.
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_numpy_reference as ref  # noqa: E402
from gen_numpy_reference import S, T, g_arr, g_build, sl, tr  # noqa: E402
from gen_numpy_take import ramp, save_cases, t_result  # noqa: E402

METHODS = ["inverted_cdf", "averaged_inverted_cdf", "closest_observation",
           "interpolated_inverted_cdf", "hazen", "weibull", "linear", "median_unbiased",
           "normal_unbiased", "lower", "higher", "midpoint", "nearest"]
NAN = float("nan")
INF = float("inf")


def f64(values, shape=None, ops=(), dt="float64"):
    shape = [len(values)] if shape is None else shape
    return g_arr(dt, shape, values, ops)


def rand(shape, seed, dt="float64", ties=False, ops=()):
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    if ties:
        v = rng.integers(-4, 5, n).astype(float)
    else:
        v = np.round(rng.normal(size=n) * 10, 3)
    return g_arr(dt, shape, [float(x) for x in v], ops)


def q_arg(q):
    if isinstance(q, dict):
        return g_build(q)
    if isinstance(q, list):
        return np.array(q)
    return q


def call(c):
    f = c["func"]
    b = g_build
    if f in ("median", "nanmedian"):
        return getattr(np, f)(b(c["a"]), axis=axis(c), keepdims=c["keepdims"])
    if f in ("quantile", "percentile", "nanquantile", "nanpercentile"):
        q = float(c["q"]["scalar"]) if "scalar" in c["q"] else b(c["q"])
        return getattr(np, f)(b(c["a"]), q, axis=axis(c), keepdims=c["keepdims"],
                              method=c["method"])
    if f == "histogram":
        bins = c["bins"] if isinstance(c["bins"], int) else b(c["bins"])
        rng = tuple(map(float, c["range"])) if c["range"] is not None else None
        return np.histogram(b(c["a"]), bins, range=rng, density=c["density"],
                            weights=b(c["weights"]))
    if f == "histogram_bin_edges":
        bins = c["bins"] if isinstance(c["bins"], int) else b(c["bins"])
        rng = tuple(map(float, c["range"])) if c["range"] is not None else None
        return np.histogram_bin_edges(b(c["a"]), bins, range=rng)
    if f == "bincount":
        return np.bincount(b(c["x"]), weights=b(c["weights"]), minlength=c["minlength"])
    if f == "digitize":
        return np.digitize(b(c["x"]), b(c["bins"]), right=c["right"])
    if f == "cov":
        return np.cov(b(c["m"]), b(c["y"]), rowvar=c["rowvar"], bias=c["bias"], ddof=c["ddof"],
                      fweights=b(c["fweights"]), aweights=b(c["aweights"]))
    if f == "corrcoef":
        return np.corrcoef(b(c["x"]), b(c["y"]), rowvar=c["rowvar"])
    if f == "average":
        r = np.average(b(c["a"]), axis=axis(c), weights=b(c["weights"]), returned=c["returned"])
        return r
    raise ValueError(f)


def axis(c):
    a = c["axis"]
    return tuple(a) if isinstance(a, list) else a


def cases():
    out = []

    def add(name, func, **kw):
        if kw.get("range") is not None:
            kw["range"] = [repr(float(v)) for v in kw["range"]]
        c = {"name": name, "func": func}
        c.update(kw)
        try:
            c["expect"] = t_result(lambda: call(c))
        except ZeroDivisionError as e:
            c["expect"] = {"error": "ZeroDivisionError", "msg": str(e)}
        except RuntimeError as e:
            c["expect"] = {"error": "RuntimeError", "msg": str(e)}
        out.append(c)

    def quant(name, func, a, q=None, axis=None, keepdims=False, method="linear"):
        kw = {"a": a, "axis": axis, "keepdims": keepdims}
        if func not in ("median", "nanmedian"):
            kw["q"] = q if isinstance(q, dict) else {"scalar": repr(float(q))}
            kw["method"] = method
        add(name, func, **kw)

    # --- median: dtypes, axes, keepdims, views, NaN, empty
    for dt in ("bool", "int8", "int64", "uint8", "float32", "float64"):
        x = ramp(dt, [3, 4], start=2)
        quant(f"median_{dt}_all", "median", x)
        quant(f"median_{dt}_ax0", "median", x, axis=0)
        quant(f"median_{dt}_ax1_keep", "median", x, axis=-1, keepdims=True)
    x3 = rand([3, 4, 5], 1)
    quant("median_3d_axes02", "median", x3, axis=[0, 2])
    quant("median_3d_axes12_keep", "median", x3, axis=[1, 2], keepdims=True)
    quant("median_3d_axes_rev", "median", x3, axis=[2, 0])
    quant("median_T", "median", rand([4, 6], 2, ops=[T]), axis=0)
    quant("median_negstep", "median", rand([4, 6], 3, ops=[sl(S(None, None, -1),
                                                              S(None, None, -2))]), axis=1)
    quant("median_perm", "median", rand([2, 3, 4], 4, ops=[tr(2, 0, 1)]), axis=1)
    xn = f64([1.0, NAN, 3.0, 2.0, 5.0, 4.0, NAN, NAN, NAN, 0.5, 0.25, 8.0], [3, 4])
    quant("median_nan", "median", xn, axis=1)
    quant("nanmedian_nan", "nanmedian", xn, axis=1)
    quant("nanmedian_nan_all", "nanmedian", xn)
    quant("nanmedian_nan_ax0", "nanmedian", xn, axis=0)
    quant("nanmedian_int", "nanmedian", ramp("int16", [3, 4]), axis=0)
    quant("median_empty", "median", f64([], [0]))
    quant("median_empty_lanes", "median", f64([], [0, 3]), axis=0)
    quant("median_no_lanes", "median", f64([], [3, 0]), axis=0)
    quant("median_0d", "median", f64([2.5], []))
    quant("median_inf", "median", f64([INF, -INF, 1.0, INF]))
    quant("median_ties", "median", rand([5, 8], 5, ties=True), axis=1)
    quant("median_bad_axis", "median", rand([2, 3], 6), axis=2)
    quant("median_dup_axis", "median", rand([2, 3], 6), axis=[1, -1])

    # --- quantile/percentile: every method, several q
    qs_small = [0.0, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0]
    x = rand([7], 7)
    xt = rand([2, 6], 8, ties=True)
    for m in METHODS:
        quant(f"quantile_{m}_qarr", "quantile", x, q=f64(qs_small), method=m)
        quant(f"quantile_{m}_ties_ax1", "quantile", xt, q=f64([0.0, 0.33, 0.5, 1.0]), axis=1,
              method=m)
        quant(f"quantile_{m}_n1", "quantile", f64([3.5]), q=f64([0.0, 0.5, 1.0]), method=m)
        quant(f"quantile_{m}_n2_scalar", "quantile", f64([1.0, 2.0]), q=0.3, method=m)
        quant(f"percentile_{m}_int", "percentile", ramp("int32", [3, 5], start=1),
              q=f64([0.0, 12.5, 50.0, 87.5, 100.0]), axis=1, method=m)
        quant(f"percentile_{m}_f32", "percentile", ramp("float32", [9], start=4), q=25.0,
              method=m)
        quant(f"nanpercentile_{m}", "nanpercentile", xn, q=f64([0.0, 30.0, 100.0]), axis=1,
              method=m)
        quant(f"quantile_{m}_nan", "quantile", xn, q=0.5, axis=1, method=m)
    for m in ("lower", "higher", "nearest", "inverted_cdf", "closest_observation"):
        quant(f"quantile_{m}_u8", "quantile", ramp("uint8", [2, 5]), q=f64([0.2, 0.7]), axis=1,
              method=m)
        quant(f"quantile_{m}_bool", "quantile", ramp("bool", [6]), q=0.5, method=m)
    for q in (0.0, 0.01, 0.5, 0.99, 1.0):
        quant(f"quantile_long_{q}", "quantile", rand([101], 9), q=q)
    quant("quantile_q2d", "quantile", rand([3, 4], 10), q=f64([0.1, 0.2, 0.8, 0.9], [2, 2]),
          axis=0)
    quant("quantile_q0d_array", "quantile", rand([5], 11), q=f64([0.5], []))
    quant("quantile_f32_qarray", "quantile", ramp("float32", [6]), q=f64([0.25, 0.5]))
    quant("quantile_f32_qarray_f32", "quantile", ramp("float32", [6]),
          q=f64([0.25, 0.5], dt="float32"))
    quant("quantile_keepdims_multi", "quantile", x3, q=f64([0.25, 0.75]), axis=[0, 2],
          keepdims=True)
    quant("quantile_view", "quantile", rand([5, 4], 12, ops=[T]), q=0.3, axis=None)
    quant("percentile_view_neg", "percentile", rand([6, 5], 13,
                                                     ops=[sl(S(None, None, -2), S(1, None))]),
          q=f64([10.0, 90.0]), axis=0, method="hazen")
    quant("quantile_inf", "quantile", f64([1.0, INF, 2.0, -INF]), q=f64([0.0, 0.4, 0.5, 1.0]))
    quant("nanquantile_all_nan_lane", "nanquantile", f64([NAN, NAN, 1.0, 2.0], [2, 2]),
          q=0.5, axis=1)
    quant("nanquantile_lower_all_nan", "nanquantile", f64([NAN, NAN, 1.0, 2.0], [2, 2]),
          q=0.5, axis=1, method="lower")
    quant("percentile_err_101", "percentile", x, q=101.0)
    quant("percentile_err_neg", "percentile", x, q=f64([-1.0, 50.0]))
    quant("quantile_err_big", "quantile", x, q=1.5)
    quant("quantile_err_nan", "quantile", x, q=NAN)
    quant("nanpercentile_err", "nanpercentile", x, q=100.5)
    quant("quantile_bool_linear_err", "quantile", ramp("bool", [6]), q=0.5)

    # --- histogram
    xe = f64([0.0, 1.0, 2.0, 2.5, 3.0, 4.0, -1.0, 5.0, 1.0])
    add("hist_basic", "histogram", a=xe, bins=4, range=None, density=False, weights=None)
    add("hist_range_edges", "histogram", a=xe, bins=4, range=[0.0, 4.0], density=False,
        weights=None)
    add("hist_range_outside", "histogram", a=xe, bins=3, range=[0.5, 2.5], density=False,
        weights=None)
    add("hist_explicit", "histogram", a=xe, bins=f64([0.0, 1.0, 2.5, 4.0]), range=None,
        density=False, weights=None)
    add("hist_explicit_repeat", "histogram", a=xe, bins=f64([0.0, 1.0, 1.0, 3.0, 3.0]),
        range=None, density=False, weights=None)
    add("hist_explicit_int", "histogram", a=g_arr("int64", [6], [0, 1, 2, 3, 4, 5]),
        bins=g_arr("int64", [3], [1, 3, 5]), range=None, density=False, weights=None)
    add("hist_weights", "histogram", a=xe, bins=3, range=None, density=False,
        weights=f64([0.5, 1.0, 2.0, 0.25, 1.0, 1.0, 3.0, 1.0, 0.125]))
    add("hist_weights_int", "histogram", a=xe, bins=3, range=None, density=False,
        weights=g_arr("int64", [9], [1, 2, 3, 4, 5, 6, 7, 8, 9]))
    add("hist_density", "histogram", a=xe, bins=5, range=None, density=True, weights=None)
    add("hist_density_explicit", "histogram", a=xe, bins=f64([-1.0, 0.0, 2.0, 5.0]),
        range=None, density=True, weights=None)
    add("hist_density_weights", "histogram", a=xe, bins=4, range=None, density=True,
        weights=f64([0.5, 1.0, 2.0, 0.25, 1.0, 1.0, 3.0, 1.0, 0.125]))
    add("hist_int", "histogram", a=ramp("int16", [4, 5]), bins=7, range=None, density=False,
        weights=None)
    add("hist_u8_range", "histogram", a=ramp("uint8", [20]), bins=4, range=[2.0, 9.0],
        density=False, weights=None)
    add("hist_bool", "histogram", a=ramp("bool", [7]), bins=2, range=None, density=False,
        weights=None)
    add("hist_f32", "histogram", a=rand([50], 14, dt="float32"), bins=7, range=None,
        density=False, weights=None)
    add("hist_single_value", "histogram", a=f64([2.0, 2.0]), bins=3, range=None,
        density=False, weights=None)
    add("hist_empty", "histogram", a=f64([], [0]), bins=3, range=None, density=False,
        weights=None)
    add("hist_nan_range", "histogram", a=f64([1.0, NAN, 0.5]), bins=2, range=[0.0, 2.0],
        density=False, weights=None)
    add("hist_view", "histogram", a=rand([6, 7], 15, ops=[T, sl(S(None, None, -1))]), bins=5,
        range=None, density=False, weights=None)
    # Values a tenth apart: the (x - first) * norm index lands one ulp off edges.
    tenths = [round(i * 0.1, 10) for i in range(31)]
    add("hist_tenths", "histogram", a=f64(tenths), bins=30, range=None, density=False,
        weights=None)
    add("hist_tenths_range", "histogram", a=f64(tenths), bins=7, range=[0.1, 2.9],
        density=False, weights=None)
    add("hist_thirds", "histogram", a=f64([i / 3 for i in range(40)]), bins=13,
        range=[0.0, 13.0], density=False, weights=None)
    add("hist_err_bins0", "histogram", a=xe, bins=0, range=None, density=False, weights=None)
    add("hist_err_bins_neg", "histogram", a=xe, bins=-2, range=None, density=False,
        weights=None)
    add("hist_err_mono", "histogram", a=xe, bins=f64([0.0, 2.0, 1.0]), range=None,
        density=False, weights=None)
    add("hist_err_2d_bins", "histogram", a=xe, bins=f64([0.0, 1.0], [1, 2]), range=None,
        density=False, weights=None)
    add("hist_err_range", "histogram", a=xe, bins=3, range=[2.0, 1.0], density=False,
        weights=None)
    add("hist_err_range_inf", "histogram", a=xe, bins=3, range=[0.0, INF], density=False,
        weights=None)
    add("hist_err_auto_nan", "histogram", a=f64([1.0, NAN]), bins=3, range=None,
        density=False, weights=None)
    add("hist_err_weights_shape", "histogram", a=xe, bins=3, range=None, density=False,
        weights=f64([1.0, 2.0]))
    add("hist_edges", "histogram_bin_edges", a=xe, bins=6, range=None)
    add("hist_edges_range", "histogram_bin_edges", a=xe, bins=3, range=[-0.5, 0.5])
    add("hist_edges_int", "histogram_bin_edges", a=ramp("int64", [5]), bins=4, range=None)

    # --- bincount, digitize
    ix = g_arr("int64", [8], [0, 1, 1, 3, 2, 1, 7, 0])
    add("bincount", "bincount", x=ix, weights=None, minlength=0)
    add("bincount_minlength", "bincount", x=ix, weights=None, minlength=12)
    add("bincount_weights", "bincount", x=ix,
        weights=f64([0.5, 1.0, 1.5, 2.0, 0.25, -1.0, 3.0, 4.0]), minlength=3)
    add("bincount_u8", "bincount", x=g_arr("uint8", [4], [3, 3, 0, 5]), weights=None,
        minlength=0)
    add("bincount_bool", "bincount", x=ramp("bool", [5]), weights=None, minlength=0)
    add("bincount_empty", "bincount", x=g_arr("int64", [0], []), weights=None, minlength=0)
    add("bincount_empty_min", "bincount", x=g_arr("int32", [0], []), weights=None, minlength=4)
    add("bincount_view", "bincount", x=g_arr("int64", [8], [5, 0, 4, 1, 3, 2, 2, 9],
                                             [sl(S(None, None, -3))]), weights=None,
        minlength=0)
    add("bincount_err_neg", "bincount", x=g_arr("int64", [3], [1, -1, 2]), weights=None,
        minlength=0)
    add("bincount_err_float", "bincount", x=f64([1.0, 2.0]), weights=None, minlength=0)
    add("bincount_err_2d", "bincount", x=g_arr("int64", [1, 2], [1, 2]), weights=None,
        minlength=0)
    add("bincount_err_u64", "bincount", x=g_arr("uint64", [2], [1, 2]), weights=None,
        minlength=0)
    dx = f64([-1.0, 0.0, 0.5, 1.0, 2.5, 3.0, 4.0, 10.0, NAN, 2.0])
    for right in (False, True):
        add(f"digitize_inc_{right}", "digitize", x=dx, bins=f64([0.0, 1.0, 2.5, 4.0]),
            right=right)
        add(f"digitize_dec_{right}", "digitize", x=dx, bins=f64([4.0, 2.5, 1.0, 0.0]),
            right=right)
        add(f"digitize_repeat_{right}", "digitize", x=dx, bins=f64([0.0, 1.0, 1.0, 4.0]),
            right=right)
        add(f"digitize_int_{right}", "digitize", x=ramp("int32", [2, 5]),
            bins=g_arr("int64", [3], [-2, 0, 3]), right=right)
    add("digitize_empty_bins", "digitize", x=dx, bins=f64([], [0]), right=False)
    add("digitize_err", "digitize", x=dx, bins=f64([0.0, 2.0, 1.0]), right=False)

    # --- cov, corrcoef
    m = rand([3, 6], 16)
    fw = g_arr("int64", [6], [1, 2, 1, 3, 1, 2])
    aw = f64([0.5, 1.0, 2.0, 0.25, 1.0, 1.5])

    def cov(name, mm, y=None, rowvar=True, bias=False, ddof=None, fweights=None,
            aweights=None):
        add(name, "cov", m=mm, y=y, rowvar=rowvar, bias=bias, ddof=ddof, fweights=fweights,
            aweights=aweights)
    cov("cov_basic", m)
    cov("cov_bias", m, bias=True)
    cov("cov_ddof0", m, ddof=0)
    cov("cov_ddof2", m, ddof=2)
    cov("cov_rowvar_false", rand([6, 3], 17), rowvar=False)
    cov("cov_1d", rand([6], 18))
    cov("cov_1d_y", rand([6], 18), y=rand([6], 19))
    cov("cov_y_2d", m, y=rand([2, 6], 20))
    cov("cov_y_rowvar_false", rand([6, 2], 21), y=rand([6], 22), rowvar=False)
    cov("cov_fweights", m, fweights=fw)
    cov("cov_aweights", m, aweights=aw)
    cov("cov_both", m, fweights=fw, aweights=aw)
    cov("cov_both_ddof0", m, fweights=fw, aweights=aw, ddof=0)
    cov("cov_both_bias", m, fweights=fw, aweights=aw, bias=True)
    cov("cov_int", ramp("int32", [2, 5]))
    cov("cov_f32", rand([2, 5], 23, dt="float32"))
    cov("cov_view", rand([6, 3], 24, ops=[T]))
    cov("cov_dof_zero", rand([2, 1], 25))
    cov("cov_err_3d", rand([2, 2, 2], 26))
    cov("cov_err_fw_float", m, fweights=f64([1.5, 1, 1, 1, 1, 1]))
    cov("cov_err_fw_neg", m, fweights=g_arr("int64", [6], [1, -1, 1, 1, 1, 1]))
    cov("cov_err_aw_len", m, aweights=f64([1.0, 2.0]))
    cov("cov_err_aw_2d", m, aweights=f64([1.0] * 6, [2, 3]))
    add("corrcoef_basic", "corrcoef", x=m, y=None, rowvar=True)
    add("corrcoef_y", "corrcoef", x=rand([5], 27), y=rand([5], 28), rowvar=True)
    add("corrcoef_rowvar_false", "corrcoef", x=rand([7, 3], 29), y=None, rowvar=False)
    add("corrcoef_perfect", "corrcoef", x=f64([1.0, 2.0, 3.0, 2.0, 4.0, 6.0], [2, 3]), y=None,
        rowvar=True)
    add("corrcoef_1var", "corrcoef", x=rand([5], 30), y=None, rowvar=True)
    add("corrcoef_const", "corrcoef", x=f64([1.0, 1.0, 1.0, 1.0, 2.0, 3.0], [2, 3]), y=None,
        rowvar=True)

    # --- average
    a2 = rand([3, 4], 31)
    add("average_plain", "average", a=a2, axis=None, weights=None, returned=False)
    add("average_axis_returned", "average", a=a2, axis=1, weights=None, returned=True)
    add("average_w_same", "average", a=a2, axis=None, weights=rand([3, 4], 32), returned=True)
    add("average_w_1d", "average", a=a2, axis=1, weights=f64([1.0, 2.0, 3.0, 4.0]),
        returned=True)
    add("average_w_1d_ax0", "average", a=a2, axis=0, weights=f64([1.0, 0.0, 3.0]),
        returned=False)
    add("average_w_multi", "average", a=x3, axis=[0, 2], weights=rand([3, 5], 33),
        returned=True)
    add("average_w_multi_rev", "average", a=x3, axis=[2, 0], weights=rand([5, 3], 34),
        returned=False)
    add("average_int", "average", a=ramp("int32", [2, 3]), axis=0,
        weights=g_arr("int64", [2], [1, 3]), returned=True)
    add("average_f32", "average", a=ramp("float32", [2, 3]), axis=1,
        weights=g_arr("float32", [3], [1.0, 2.0, 0.5]), returned=True)
    add("average_f32_int_w", "average", a=ramp("float32", [4]), axis=None,
        weights=g_arr("int64", [4], [1, 2, 3, 4]), returned=False)
    add("average_int_noweights", "average", a=ramp("int8", [2, 3]), axis=1, weights=None,
        returned=True)
    add("average_err_zero", "average", a=a2, axis=1, weights=f64([1.0, -1.0, 2.0, -2.0]),
        returned=False)
    add("average_err_noaxis", "average", a=a2, axis=None, weights=f64([1.0, 2.0, 3.0, 4.0]),
        returned=False)
    add("average_err_shape", "average", a=a2, axis=0, weights=f64([1.0, 2.0, 3.0, 4.0]),
        returned=False)
    return out


def main():
    ref.require_numpy_2()
    save_cases("stats/cases.json", cases())
    ref.report_written()


if __name__ == "__main__":
    main()
