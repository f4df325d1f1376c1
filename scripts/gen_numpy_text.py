#!/usr/bin/env python3
"""Write the NumPy reference data for numfuse's text I/O tests (tests/io_text.rs).

Run from the repository root:

    python3 scripts/gen_numpy_text.py

Deterministic: running it again with the same NumPy rewrites identical files. Under
tests/data/text/:

read/<name>.txt     The input of a reading case, written byte for byte (CRLF kept).
read/<name>.npy     `np.loadtxt` / `np.genfromtxt` of it, when NumPy returns an array.
read.json           {"cases": [{"name", "func", "opts", "result"}]} where `opts` holds the
                    keyword arguments as passed to NumPy (`dtype` as a name, `comments` null or a
                    list) and `result` is {"npy": "read/<name>.npy"} or {"error": {"numpy": the
                    message, "line": the 1-based line of the input NumPy's message points at,
                    "field": NumPy's 1-based column or null}}. NumPy's loadtxt names a 0-based
                    data row for conversion errors and a 1-based one for column-count errors;
                    the line is found by counting data lines of the input as loadtxt does.
save/<name>.npy     The array of a `np.savetxt` case.
save/<name>.txt     What `np.savetxt` wrote, byte for byte.
save.json           {"cases": [{"name", "opts", "result"}]} with `result` {"txt": ...} or
                    {"error": message}.
"""

import io
import json
import os
import re
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_numpy_reference as ref  # noqa: E402

OUT = "text"


def write_bytes(rel, data):
    with open(ref.path(OUT, rel), "wb") as f:
        f.write(data)


def data_lines(text, skip, comments):
    """1-based line numbers of the lines loadtxt treats as data rows."""
    out = []
    for i, line in enumerate(text.splitlines(), start=1):
        if i <= skip:
            continue
        for c in comments or []:
            line = line.split(c, 1)[0]
        if line.strip():
            out.append(i)
    return out


def numpy_kwargs(opts):
    kw = dict(opts)
    if "dtype" in kw:
        kw["dtype"] = np.dtype(kw["dtype"])
    if "usecols" in kw:
        kw["usecols"] = tuple(kw["usecols"])
    return kw


def read_case(cases, name, func, text, **opts):
    write_bytes(f"read/{name}.txt", text.encode())
    fn = {"loadtxt": np.loadtxt, "genfromtxt": np.genfromtxt}[func]
    case = {"name": name, "func": func, "opts": opts}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = fn(io.StringIO(text, newline=""), **numpy_kwargs(opts))
        ref.save_npy(f"{OUT}/read/{name}.npy", arr)
        case["result"] = {"npy": f"{OUT}/read/{name}.npy"}
    except OverflowError as e:
        # genfromtxt's default filling value -1 in an unsigned column; NumPy names no line.
        case["result"] = {"error": {"numpy": str(e), "line": None, "field": None}}
    except ValueError as e:
        msg = str(e)
        skip = opts.get("skiprows", opts.get("skip_header", 0))
        comments = opts.get("comments", ["#"])
        comments = [comments] if isinstance(comments, str) else comments
        rows = data_lines(text, skip, comments)
        line, field = None, None
        if m := re.search(r"Line #(\d+)", msg):
            line = int(m.group(1))
        elif m := re.search(r"at row (\d+), column (\d+)", msg):
            line, field = rows[int(m.group(1))], int(m.group(2))
        elif m := re.search(r"changed from \d+ to \d+ at row (\d+)", msg):
            line = rows[int(m.group(1)) - 1]
        elif m := re.search(r"invalid column index -?\d+ at row (\d+)", msg):
            line = rows[int(m.group(1)) - 1]
        assert line is not None, msg
        case["result"] = {"error": {"numpy": msg, "line": line, "field": field}}
    cases.append(case)


def gen_read():
    cases = []
    r = lambda *a, **k: read_case(cases, *a, **k)  # noqa: E731
    grid = "1 2 3\n4 5 6\n7 8 9\n"
    r("ws_default", "loadtxt", grid)
    r("ws_tabs_spaces", "loadtxt", "  1\t2   3\n\t4 5 6  \n")
    r("csv", "loadtxt", "1,2,3\n4,5,6\n", delimiter=",")
    r("csv_spaces", "loadtxt", " 1 , 2 \n3 ,4\n", delimiter=",", dtype="int64")
    r("semicolon_multi", "genfromtxt", "1;;2\n3;;4\n", delimiter=";;")
    r("tab_missing", "genfromtxt", "1\t\t3\n4\t5\t6\n", delimiter="\t")
    r("tab_empty_err", "loadtxt", "1\t2\t3\n4\t\t6\n", delimiter="\t")
    r("crlf", "loadtxt", "1,2\r\n3,4\r\n", delimiter=",")
    r("crlf_gen", "genfromtxt", "1,2\r\n3,\r\n", delimiter=",")
    r("comments_default", "loadtxt", "# head\n1 2 # tail\n\n3 4\n")
    r("comments_multi", "loadtxt", "1 2 // x\n% y\n3 4\n", comments=["//", "%"])
    r("comments_none", "loadtxt", "1 2\n3 4\n", comments=None)
    r("comments_none_hash_err", "loadtxt", "1 2\n3 #\n", comments=None)
    r("blank_lines", "loadtxt", "\n\n1 2\n   \n3 4\n\n")
    r("skiprows", "loadtxt", "a b\n# c\n1 2\n3 4\n", skiprows=1)
    r("skiprows_counts_lines", "loadtxt", "# c\n\nx y\n1 2\n", skiprows=3)
    r("skip_header", "genfromtxt", "a,b\n1,2\n3,4\n", delimiter=",", skip_header=1)
    r("skip_footer", "genfromtxt", "1 2\n3 4\n5 6\ntotal 12 x\n", skip_footer=1)
    r("skip_both", "genfromtxt", "h\n1 2\n3 4\n5 6\n", skip_header=1, skip_footer=2)
    r("usecols", "loadtxt", grid, usecols=[0, 2])
    r("usecols_neg", "loadtxt", grid, usecols=[-1, 0])
    r("usecols_one", "loadtxt", grid, usecols=[1])
    r("usecols_gen", "genfromtxt", "1,,3\n4,5,\n", delimiter=",", usecols=[1, 2])
    r("usecols_ragged_ok", "loadtxt", "1 2 3\n4 5\n", usecols=[0, 1])
    r("usecols_bad", "loadtxt", "1 2 3\n4 5\n", usecols=[2])
    r("max_rows", "loadtxt", grid, max_rows=2)
    r("max_rows_comments", "loadtxt", "1 2\n# c\n\n3 4\n5 6\n", max_rows=2)
    r("max_rows_gen", "genfromtxt", grid, max_rows=1)
    for dt in ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
               "float32", "float64"]:
        r(f"dtype_{dt}", "loadtxt", "1 0\n2 3\n", dtype=dt)
        r(f"dtype_gen_{dt}", "genfromtxt", "1,\n,3\n", delimiter=",", dtype=dt)
    r("int_extremes", "loadtxt", "-9223372036854775808 9223372036854775807\n", dtype="int64")
    r("uint64_max", "loadtxt", "18446744073709551615 0\n", dtype="uint64")
    r("int8_overflow", "loadtxt", "1 2\n3 300\n", dtype="int8")
    r("uint_negative", "loadtxt", "1\n-1\n", dtype="uint16")
    r("int_rejects_float", "loadtxt", "1 2\n3 1.5\n", dtype="int64")
    r("int_rejects_exp", "loadtxt", "1e3\n", dtype="int32")
    r("int_signs", "loadtxt", "+1 -2\n", dtype="int64")
    r("bool_ints", "loadtxt", "2 -1 0\n", dtype="bool")
    r("bool_word_err", "loadtxt", "1\nTrue\n", dtype="bool")
    r("bool_gen_words", "genfromtxt", "TRUE false\nTrue 1\n", dtype="bool")
    r("float_spellings", "loadtxt",
      "nan NaN -nan +nan inf -inf +Inf INFINITY -Infinity\n1e5 1E-3 .5 5. -0.0 1e400 -1e400 "
      "1e-400 +3\n")
    r("float_spellings_f32", "loadtxt", "nan inf -Infinity 1e39 3.4028235e38 1e-46\n",
      dtype="float32")
    r("float_hex_err", "loadtxt", "1 0x10\n")
    r("float_underscore_err", "loadtxt", "1_000\n")
    r("float_garbage_err", "loadtxt", "1,2,3\n4,5,abc\n", delimiter=",")
    r("float_garbage_after_comment_err", "loadtxt", "# a\n\n1 2\n# b\n3 y\n")
    r("empty_field_err", "loadtxt", "1,,3\n", delimiter=",")
    r("trailing_delim_err", "loadtxt", "1,2,\n3,4,\n", delimiter=",")
    r("trailing_delim_gen", "genfromtxt", "1,2,\n3,4,\n", delimiter=",")
    r("columns_changed_err", "loadtxt", "1,2\n0,3\n0,4,5\n", delimiter=",")
    r("columns_fewer_err", "loadtxt", "1 2 3\n\n4 5\n")
    r("gen_columns_err", "genfromtxt", "1 2\n# c\n3 4 5\n")
    r("gen_columns_skip", "genfromtxt", "1 2\n3\n5 6\n", invalid_raise=False)
    r("gen_missing_default", "genfromtxt", "1,NA,3\n,5,N/A\n", delimiter=",",
      missing_values=["NA", "N/A"])
    r("gen_missing_int", "genfromtxt", "1,NA\n,5\n", delimiter=",", missing_values=["NA"],
      dtype="int64")
    r("gen_filling_one", "genfromtxt", "1,NA\n,5\n", delimiter=",", missing_values=["NA"],
      filling_values=0)
    r("gen_filling_cols", "genfromtxt", "1,NA,\n,5,6\n", delimiter=",", missing_values=["NA"],
      filling_values=[-1, -2, -3])
    r("gen_filling_cols_int", "genfromtxt", "1,,\n,5,6\n", delimiter=",", dtype="int32",
      filling_values=[7, 8, 9])
    r("gen_loose_garbage", "genfromtxt", "1 x\n2 3\n")
    r("gen_ws_missing", "genfromtxt", "1 NA 3\n4 5 6\n", missing_values=["NA"])
    r("ndmin0_scalar", "loadtxt", "5\n")
    r("ndmin1_scalar", "loadtxt", "5\n", ndmin=1)
    r("ndmin2_scalar", "loadtxt", "5\n", ndmin=2)
    r("ndmin0_row", "loadtxt", "1 2 3\n")
    r("ndmin2_row", "loadtxt", "1 2 3\n", ndmin=2)
    r("ndmin2_col", "loadtxt", "1\n2\n3\n", ndmin=2)
    r("ndmin1_col", "loadtxt", "1\n2\n3\n", ndmin=1)
    r("gen_ndmin2_row", "genfromtxt", "1 2 3\n", ndmin=2)
    r("gen_scalar", "genfromtxt", "5\n")
    r("unpack", "loadtxt", "1 2 3\n4 5 6\n", unpack=True)
    r("unpack_row_ndmin2", "loadtxt", "1 2 3\n", ndmin=2, unpack=True)
    r("unpack_gen", "genfromtxt", "1 2\n3 4\n5 6\n", unpack=True)
    r("empty", "loadtxt", "")
    r("empty_comments_only", "loadtxt", "# nothing\n\n")
    r("empty_gen", "genfromtxt", "")
    r("empty_usecols", "loadtxt", "", usecols=[0, 1])
    r("quotechar", "loadtxt", '"1","2"\n"3",4\n', delimiter=",", quotechar='"')
    r("quotechar_delim_inside", "loadtxt", '"1,5"\n', delimiter=",", quotechar='"')
    r("combined", "loadtxt",
      "name,a,b,c\n# comment\n x,1,2,3 # t\r\ny,4,5,6\nz,7,8,9\n",
      delimiter=",", skiprows=1, usecols=[3, 1], max_rows=2, dtype="int16")
    r("combined_gen", "genfromtxt",
      "h1\nh2\n1;NA;3\n4;5;\n# c\n7;8;9\nfooter\n",
      delimiter=";", skip_header=2, skip_footer=1, usecols=[-1, 1], missing_values=["NA"],
      filling_values=0, dtype="float32")
    ref.save_json(f"{OUT}/read.json", {"cases": cases})


def save_case(cases, name, arr, **opts):
    ref.save_npy(f"{OUT}/save/{name}.npy", arr)
    case = {"name": name, "opts": opts}
    buf = io.BytesIO()
    try:
        np.savetxt(buf, arr, **opts)
        write_bytes(f"save/{name}.txt", buf.getvalue())
        case["result"] = {"txt": f"{OUT}/save/{name}.txt"}
    except (ValueError, TypeError, AttributeError, OverflowError) as e:
        case["result"] = {"error": str(e)}
    cases.append(case)


def gen_save():
    cases = []
    s = lambda *a, **k: save_case(cases, *a, **k)  # noqa: E731
    f = np.array([[0.0, -0.0, 1.0, -1.5], [1e-5, 123456789.0, 1e300, -2.5e-300],
                  [np.nan, np.inf, -np.inf, 0.1]])
    g = np.array([[1e-4, 1e-5, 1.5e16, 123456.5], [999999.5, 0.5, 2.5, 1e100],
                  [3.14159265358979, -2.0, 100.0, 1e21]])
    i = np.array([[0, -1, 255, 4096], [-9223372036854775808, 9223372036854775807, 7, -42]],
                 dtype=np.int64)
    s("default_f64", f)
    s("default_1d", np.array([1.0, 2.5, -3.0]))
    with np.errstate(over="ignore"):
        s("default_f32", g.astype(np.float32))  # 1e100 becomes inf
    s("fixed3", f, fmt="%.3f")
    s("fixed0", f, fmt="%.0f")
    s("fixed_alt0", f, fmt="%#.0f")
    s("width_e", f, fmt="%10.4e")
    s("upper_E", f, fmt="%E")
    s("left", f, fmt="%-12.2f|")
    s("zero_pad", f, fmt="%012.3f")
    s("plus", f, fmt="%+.2e")
    s("space", f, fmt="% .2f")
    s("g_default", g, fmt="%g")
    s("g_f", f, fmt="%g")
    s("g_prec", g, fmt="%.3g")
    s("g_prec0", g, fmt="%.0g")
    s("g_alt", g, fmt="%#g")
    s("G_upper", f, fmt="%G")
    s("g_width", g, fmt="%15.10g")
    s("d_int", i, fmt="%d")
    s("i_width", i, fmt="%8i")
    s("d_zero", i, fmt="%08d")
    s("d_prec", i, fmt="%.5d")
    s("x_int", np.array([[0, 255, -255, 4096]], dtype=np.int32), fmt="%x")
    s("X_alt", np.array([[0, 255, -255, 4096]], dtype=np.int32), fmt="%#X")
    s("x_width", np.array([[10, 255]], dtype=np.uint8), fmt="%04x")
    s("o_int", np.array([[8, 64]], dtype=np.int16), fmt="%o")
    s("uint64", np.array([[18446744073709551615, 0]], dtype=np.uint64), fmt="%d")
    s("d_of_float", np.array([[1.9, -1.9, 1e20]]), fmt="%d")
    s("d_of_nan", np.array([[np.nan]]), fmt="%d")
    s("x_of_float", np.array([[1.5]]), fmt="%x")
    s("e_of_int", i, fmt="%.2e")
    s("s_float", np.array([[0.1, 1e16, 1e-5, 100.0, -2.5, 123456789012345.0]]), fmt="%s")
    s("s_f32", np.array([[0.1, 1e16, 3.4e38]], dtype=np.float32), fmt="%s")
    s("s_int", i, fmt="%s")
    s("s_bool", np.array([[True, False]]), fmt="%s")
    s("d_bool", np.array([[True, False]]), fmt="%d")
    s("default_bool", np.array([True, False]))
    s("default_int", i)
    s("per_column", g, fmt=["%d", "%.2f", "%g", "%10.3e"])
    s("row_template", f, fmt="%.1f | %.2f | %g & %e")
    s("percent_literal", np.array([[50.0]]), fmt="%.0f%%")
    s("delim", f, delimiter=",", fmt="%.2f")
    s("newline_crlf", f, newline="\r\n", fmt="%.1f")
    s("header_footer", f, fmt="%.1f", header="a b c d\nsecond line", footer="end")
    s("header_comments", f, fmt="%.1f", header="x", comments="// ")
    s("wrong_count", f, fmt="%d %d")
    s("wrong_list", f, fmt=["%d", "%d"])
    s("empty_rows", np.zeros((0, 3)))
    s("three_d", np.zeros((2, 2, 2)))
    ref.save_json(f"{OUT}/save.json", {"cases": cases})


def main():
    ref.require_numpy_2()
    gen_read()
    gen_save()
    print(f"wrote {len(ref.written)} files under tests/data/{OUT}/ (plus the .txt inputs)")


if __name__ == "__main__":
    main()
