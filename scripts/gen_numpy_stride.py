#!/usr/bin/env python3
"""Write the NumPy reference data for stride tricks and broadcasting views (seed section 2).

Run from the repository root:

    python3 scripts/gen_numpy_stride.py

It reuses the case format of scripts/gen_numpy_reference.py (`g_arr`, `g_result`,
`g_save_cases`), so tests/common/cases.rs reads the arrays and results. Everything is
deterministic. The files, all under tests/data/stride/:

cases.json
    {"numpy": version, "cases": [...]}, one case per line, each with a `name`, a `func` and:
      as_strided           `x` (an array: dtype, shape, values, order and view ops), `shape`,
                           `strides` (bytes), `expect` (the result as {"dtype", "shape",
                           "values"}), `shares_memory` (np.shares_memory(x, result)). Layouts
                           that reach outside the buffer, overflow or are misaligned are never
                           given to NumPy (its as_strided would read outside memory): this script
                           decides them with its own arithmetic and records
                           {"error": <numfuse variant>, "condition": <layout condition>,
                           "msg": ...} instead; `condition` is null for ShapeOverflow and Shape.
      sliding_window_view  `x`, `window_shape`, `axis` (null or a list), `expect` (a result or
                           NumPy's {"error", "msg"}), `readonly`, `shares_memory`.
      window_mean          `x`, `window_shape`, `axis`, `mean_axis`: sliding_window_view(x, ...)
                           .mean(axis=mean_axis) (average pooling), `expect`.
      convolve             `x` (an image, already padded with mode='reflect'), `kernel`:
                           np.einsum('ijkl,kl->ij', sliding_window_view(x, kernel.shape), kernel)
                           as `expect`; `exact` says whether every product and partial sum is
                           exact (integer-valued data), else compare with a tolerance.
      broadcast_to         `x`, `shape`, `expect`, `readonly`, `shares_memory`.
      broadcast_arrays     `xs` (a list of arrays), `expect` (a list of results, or one error),
                           `readonly` (NumPy's flags: True today, with a FutureWarning on write;
                           numfuse returns read-only views, as NumPy says it will).
      broadcast_shapes     `shapes`, `expect` ({"shape"} or NumPy's {"error", "msg"}).
"""

import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
from numpy.lib.stride_tricks import as_strided, sliding_window_view  # noqa: E402

import gen_numpy_reference as ref  # noqa: E402
from gen_numpy_reference import S, T, g_arr, g_build, g_result, g_save_cases, sl, tr  # noqa: E402

ISIZE_MAX = 2**63 - 1


def ramp(dt):
    """Values 0, 1, 2, ... (halves for floats, so that float cases are not all integers)."""
    if dt.startswith("f"):
        return lambda n: [i * 0.5 - 1.0 for i in range(n)]
    return lambda n: list(range(n))


def ints(dt):
    return lambda n: list(range(1, n + 1))


def buffer_of(a):
    """The array owning `a`'s memory, and `a`'s byte offset into it."""
    root = a
    while root.base is not None:
        root = root.base
    off = a.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    return root, off


def bounds_verdict(x, shape, strides):
    """What numfuse's `Layout::check_bounds` says about as_strided(x, shape, strides), decided
    here independently: None when the layout is fine, else the expected error."""
    isz = x.itemsize
    if len(shape) != len(strides):
        return {"error": "Shape", "condition": None, "msg": "shape and strides differ in length"}
    # ir::shape::checked_size: the nonzero lengths' product must fit in usize, and without a
    # zero length the byte size must fit in isize.
    count = 1
    for n in shape:
        if n != 0:
            count *= n
    if count > 2**64 - 1 or (0 not in shape and count * isz > ISIZE_MAX):
        return {"error": "ShapeOverflow", "condition": None, "msg": "element count overflows"}
    root, off = buffer_of(x)
    if off % isz or any(s % isz for s in strides):
        return {"error": "StridesOutOfBounds", "condition": 4, "msg": "misaligned"}
    if 0 in shape:
        return None
    lo = hi = 0
    for n, s in zip(shape, strides):
        reach = (n - 1) * s
        if abs(reach) > ISIZE_MAX:
            return {"error": "StridesOutOfBounds", "condition": 2, "msg": "reach overflows"}
        if reach < 0:
            lo += reach
        else:
            hi += reach
        if lo < -ISIZE_MAX - 1 or hi > ISIZE_MAX:
            return {"error": "StridesOutOfBounds", "condition": 2, "msg": "reach overflows"}
    if off + lo < 0 or off + hi + isz > root.nbytes:
        return {"error": "StridesOutOfBounds", "condition": 1,
                "msg": f"reaches bytes {off + lo}..{off + hi + isz} of {root.nbytes}"}
    return None


def as_strided_case(name, x, shape, strides):
    a = g_build(x)
    verdict = bounds_verdict(a, shape, strides)
    case = {"name": name, "func": "as_strided", "x": x, "shape": list(shape),
            "strides": list(strides)}
    if verdict is not None:
        case["expect"] = verdict
        return case
    r = as_strided(a, shape=shape, strides=strides)
    case["expect"] = g_result(lambda: r)
    case["shares_memory"] = bool(np.shares_memory(a, r))
    return case


def swv_case(name, x, window_shape, axis=None):
    a = g_build(x)
    case = {"name": name, "func": "sliding_window_view", "x": x,
            "window_shape": list(window_shape), "axis": None if axis is None else list(axis)}
    case["expect"] = g_result(lambda: sliding_window_view(a, window_shape, axis=axis))
    if "error" not in case["expect"]:
        r = sliding_window_view(a, window_shape, axis=axis)
        case["readonly"] = not r.flags.writeable
        case["shares_memory"] = bool(np.shares_memory(a, r))
    return case


def window_mean_case(name, x, window_shape, axis, mean_axis):
    a = g_build(x)
    return {"name": name, "func": "window_mean", "x": x, "window_shape": list(window_shape),
            "axis": None if axis is None else list(axis), "mean_axis": list(mean_axis),
            "expect": g_result(lambda: sliding_window_view(a, window_shape, axis=axis)
                               .mean(axis=tuple(mean_axis)))}


def convolve_case(name, image, kernel, exact):
    """Seed section 4's convolve2d: pad with mode='reflect', then the einsum of the windows."""
    img = np.array(image, dtype=np.float64)
    k = np.array(kernel, dtype=np.float64)
    kh, kw = k.shape
    padded = np.pad(img, ((kh // 2, kh // 2), (kw // 2, kw // 2)), mode="reflect")
    x = g_arr("float64", padded.shape, padded.ravel().tolist())
    kj = g_arr("float64", k.shape, k.ravel().tolist())
    windows = sliding_window_view(padded, window_shape=(kh, kw))
    return {"name": name, "func": "convolve", "x": x, "kernel": kj, "exact": exact,
            "expect": g_result(lambda: np.einsum("ijkl,kl->ij", windows, k))}


def broadcast_to_case(name, x, shape):
    a = g_build(x)
    case = {"name": name, "func": "broadcast_to", "x": x, "shape": list(shape)}
    case["expect"] = g_result(lambda: np.broadcast_to(a, shape))
    if "error" not in case["expect"]:
        r = np.broadcast_to(a, shape)
        case["readonly"] = not r.flags.writeable
        case["shares_memory"] = bool(np.shares_memory(a, r)) if r.size else False
    return case


def broadcast_arrays_case(name, xs):
    arrays = [g_build(x) for x in xs]
    case = {"name": name, "func": "broadcast_arrays", "xs": xs}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rs = np.broadcast_arrays(*arrays)
            case["readonly"] = [not r.flags.writeable for r in rs]
        case["expect"] = [g_result(lambda r=r: r) for r in rs]
    except ValueError as e:
        case["expect"] = {"error": type(e).__name__, "msg": str(e)}
    return case


def broadcast_shapes_case(name, shapes):
    try:
        expect = {"shape": list(np.broadcast_shapes(*[tuple(s) for s in shapes]))}
    except ValueError as e:
        expect = {"error": type(e).__name__, "msg": str(e)}
    return {"name": name, "func": "broadcast_shapes", "shapes": shapes, "expect": expect}


def cases():
    out = []
    seed = list(range(1, 11))
    # ---- seed section 2: the rolling window, both ways
    arr = g_arr("int64", [10], seed)
    out.append(as_strided_case("seed rolling window", arr, (8, 3), (8, 8)))
    out.append(swv_case("seed sliding_window_view", arr, (3,)))
    # ---- seed: 2-D patches of a 5x5 image and their means (average pooling)
    image = g_arr("int64", [5, 5], ramp("int64"))
    out.append(swv_case("seed 2-D patches", image, (3, 3)))
    out.append(window_mean_case("seed patch means", image, (3, 3), None, (-2, -1)))
    # ---- seed: the Toeplitz view
    out.append(as_strided_case("seed toeplitz", g_arr("int64", [7], seed[:7]), (4, 4), (8, 8)))

    # ---- dtypes: the seed's cases in every dtype
    for dt in ["int64", "float64", "float32", "uint8"]:
        isz = np.dtype(dt).itemsize
        a = g_arr(dt, [10], ramp(dt))
        out.append(as_strided_case(f"rolling {dt}", a, (8, 3), (isz, isz)))
        out.append(swv_case(f"rolling {dt}", a, (4,)))
        img = g_arr(dt, [5, 5], ramp(dt))
        out.append(swv_case(f"patches {dt}", img, (3, 3)))
        out.append(window_mean_case(f"patch means {dt}", img, (3, 3), None, (-2, -1)))
        out.append(window_mean_case(f"patch means 2x2 {dt}", img, (2, 2), None, (-1, -2)))
        out.append(as_strided_case(f"toeplitz {dt}", g_arr(dt, [7], ints(dt)), (4, 4),
                                   (isz, isz)))
        out.append(as_strided_case(f"zero strides {dt}", g_arr(dt, [4], ramp(dt)), (3, 4),
                                   (0, isz)))

    # ---- axis lists
    m = g_arr("float64", [4, 5], ramp("float64"))
    out.append(swv_case("axis 0", m, (2,), (0,)))
    out.append(swv_case("axis -1", m, (3,), (-1,)))
    out.append(swv_case("axes 1, 0", m, (2, 3), (1, 0)))
    out.append(swv_case("repeated axis", m, (2, 2), (0, 0)))
    out.append(swv_case("repeated axis -1, 1", m, (2, 3), (-1, 1)))
    cube = g_arr("int64", [2, 3, 4], ramp("int64"))
    out.append(swv_case("3-D axes 2, 0", cube, (2, 2), (2, 0)))
    out.append(swv_case("3-D all axes", cube, (1, 2, 3)))
    out.append(window_mean_case("3-D mean over window", cube, (2, 3), (1, 2), (-2, -1)))
    out.append(swv_case("0-d", g_arr("int64", [], [7]), ()))

    # ---- non-contiguous inputs
    out.append(swv_case("transposed", g_arr("int64", [4, 5], ramp("int64"), [T]), (2, 3)))
    out.append(swv_case("negative steps",
                        g_arr("int64", [5, 6], ramp("int64"), [sl(S(None, None, -1),
                                                                  S(None, None, -2))]),
                        (2, 2)))
    out.append(swv_case("offset slice",
                        g_arr("float32", [6, 5], ramp("float32"), [sl(S(1, None), S(None, 4))]),
                        (3,), (0,)))
    out.append(swv_case("F order", g_arr("float64", [4, 5], ramp("float64"), order="F"),
                        (3, 2)))
    out.append(swv_case("permuted 3-D",
                        g_arr("uint8", [2, 3, 4], ramp("uint8"), [tr(2, 0, 1)]), (2,), (0,)))
    out.append(window_mean_case("patch means of a transposed image",
                                g_arr("float64", [5, 6], ramp("float64"), [T]), (3, 3), None,
                                (-2, -1)))

    # ---- zero-size results
    out.append(swv_case("empty input, empty window", g_arr("int64", [0], []), (0,)))
    out.append(swv_case("empty window", g_arr("int64", [3], ramp("int64")), (0,)))
    out.append(swv_case("empty axis", g_arr("float64", [2, 0], []), (2,), (0,)))
    out.append(swv_case("whole axis", g_arr("int64", [4], ramp("int64")), (4,)))

    # ---- sliding_window_view errors (NumPy's messages)
    out.append(swv_case("window too large", m, (5, 2)))
    out.append(swv_case("too few windows for axis=None", m, (2,)))
    out.append(swv_case("window and axis lengths differ", m, (2, 2), (0,)))
    out.append(swv_case("axis out of range", m, (2,), (2,)))
    out.append(swv_case("negative axis out of range", m, (2,), (-3,)))
    out.append(swv_case("repeated axis too large", m, (3, 3), (0, 0)))

    # ---- as_strided: non-contiguous inputs, zero and negative strides
    x10 = g_arr("int64", [10], ramp("int64"))
    tail = g_arr("int64", [10], ramp("int64"), [sl(S(5, None))])
    out.append(as_strided_case("negative stride from an offset", tail, (6,), (-8,)))
    out.append(as_strided_case("negative and positive strides", tail, (3, 3), (-8, 16)))
    out.append(as_strided_case("reversed view, positive stride",
                               g_arr("int64", [10], ramp("int64"), [sl(S(None, None, -1))]),
                               (4,), (8,)))
    out.append(as_strided_case("transposed input",
                               g_arr("int64", [3, 4], ramp("int64"), [T]), (2, 2), (8, 32)))
    out.append(as_strided_case("F-order input",
                               g_arr("float32", [3, 4], ramp("float32"), order="F"),
                               (4, 3), (12, 4)))
    out.append(as_strided_case("all strides zero", x10, (2, 3), (0, 0)))
    out.append(as_strided_case("0-d", x10, (), ()))
    out.append(as_strided_case("whole buffer", x10, (10,), (8,)))
    out.append(as_strided_case("empty with huge strides", x10, (0, 3), (2**40, -(2**40))))
    out.append(as_strided_case("empty with 0 length", x10, (3, 0), (8, 8)))
    out.append(as_strided_case("u8 odd strides", g_arr("uint8", [9], ramp("uint8")),
                               (3, 3), (3, 1)))

    # ---- as_strided refused (decided by bounds_verdict, never run by NumPy)
    out.append(as_strided_case("one window too many", x10, (9, 3), (8, 8)))
    out.append(as_strided_case("past the end", x10, (11,), (8,)))
    out.append(as_strided_case("before the start", g_arr("int64", [10], ramp("int64"),
                                                           [sl(S(2, None))]), (4,), (-8,)))
    out.append(as_strided_case("misaligned stride", x10, (3,), (4,)))
    out.append(as_strided_case("huge stride overflows", x10, (3, 3), (2**62, 2**62)))
    out.append(as_strided_case("huge shape", x10, (2**62, 2**62), (0, 0)))
    out.append(as_strided_case("huge empty shape", x10, (2**62, 2**62, 0), (0, 0, 0)))
    out.append(as_strided_case("shape and strides differ", x10, (3, 3), (8,)))
    out.append(as_strided_case("empty input", g_arr("int64", [10], ramp("int64"),
                                                     [sl(S(10, None))]), (1,), (8,)))

    # ---- convolution (seed section 4) with Sobel and Gaussian kernels
    img = [[(3 * i + 5 * j) % 7 for j in range(7)] for i in range(6)]
    sobel_x = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
    sobel_y = [[-1, -2, -1], [0, 0, 0], [1, 2, 1]]
    ax = np.linspace(-1, 1, 3)
    gauss = np.exp(-ax**2 / 2)
    gk = np.outer(gauss, gauss)
    gk = (gk / gk.sum()).tolist()
    out.append(convolve_case("sobel x", img, sobel_x, True))
    out.append(convolve_case("sobel y", img, sobel_y, True))
    out.append(convolve_case("gaussian 3x3", img, gk, False))

    # ---- broadcasting views
    v3 = g_arr("float64", [3], ramp("float64"))
    out.append(broadcast_to_case("to 2-D", v3, (4, 3)))
    out.append(broadcast_to_case("column to 2-D", g_arr("int64", [3, 1], ramp("int64")),
                                 (3, 4)))
    out.append(broadcast_to_case("0-d to 2-D", g_arr("uint8", [], [7]), (2, 3)))
    out.append(broadcast_to_case("to empty", g_arr("float32", [1], [2.5]), (0, 4)))
    out.append(broadcast_to_case("strided", g_arr("int64", [6], ramp("int64"),
                                                   [sl(S(None, None, -2))]), (2, 3)))
    out.append(broadcast_to_case("mismatch", v3, (4, 2)))
    out.append(broadcast_to_case("fewer dims", v3, ()))
    out.append(broadcast_arrays_case("column and row", [
        g_arr("int64", [3, 1], ramp("int64")), g_arr("int64", [4], ramp("int64"))]))
    out.append(broadcast_arrays_case("three", [
        g_arr("float64", [2, 1, 3], ramp("float64")), g_arr("float64", [4, 1], ramp("float64")),
        g_arr("float64", [], [1.5])]))
    out.append(broadcast_arrays_case("mismatch", [
        g_arr("float64", [2, 1], ramp("float64")), g_arr("float64", [3], ramp("float64")),
        g_arr("float64", [4], ramp("float64"))]))
    out.append(broadcast_arrays_case("mismatch on the left", [
        g_arr("float64", [2, 1], ramp("float64")), g_arr("float64", [3], ramp("float64")),
        g_arr("float64", [4, 3, 1], ramp("float64"))]))
    for name, shapes in [("two", [[8, 1, 6, 1], [7, 1, 5]]), ("with zero", [[0, 1], [1, 3]]),
                         ("none", []), ("scalar", [[], [2, 3]]), ("mismatch", [[3], [4]]),
                         ("mismatch of three", [[2, 1], [3], [4, 2, 1]])]:
        out.append(broadcast_shapes_case(name, shapes))
    return out


def main():
    ref.require_numpy_2()
    g_save_cases("stride/cases.json", cases())
    ref.report_written()

if __name__ == "__main__":
    main()
