"""Writes eval_table.txt: NumPy's results for every ufunc loop of numfuse-ir on edge values.

Run from this directory with NumPy 2: `python3 gen_eval_table.py > eval_table.txt`.

Each line is `u OP DT X -> R FLAGS`, `b OP DTA DTB X Y -> R FLAGS` or `c FROM TO X -> R FLAGS`:
the ufunc (or `astype`) applied to 0-d arrays of the given dtypes, the result (`raise` when NumPy raised), and the floating-point
conditions NumPy reported under `np.errstate(all="call")` (`-` for none). Floats print with
`repr` of their float64 value, so `nan`, `inf`, `-0.0` and every bit survive.
"""
import numpy as np

DT = {
    "bool": np.bool_, "i8": np.int8, "i16": np.int16, "i32": np.int32, "i64": np.int64,
    "u8": np.uint8, "u16": np.uint16, "u32": np.uint32, "u64": np.uint64,
    "f32": np.float32, "f64": np.float64,
}

def int_values(dt):
    info = np.iinfo(DT[dt])
    bits = info.bits
    vs = [0, 1, 2, -1, -7, info.min, info.max, bits - 1, bits]
    return sorted({v for v in vs if info.min <= v <= info.max})

FLOATS = {
    "f64": [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, -7.0, 1e300, 5e-324, float("inf"), float("-inf"), float("nan")],
    "f32": [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 1e38, 1e-45, float("inf"), float("nan")],
}

def values(dt):
    if dt == "bool":
        return [False, True]
    if dt in FLOATS:
        return FLOATS[dt]
    return int_values(dt)

def fmt(v):
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    if isinstance(v, (np.floating, float)):
        return repr(float(v))
    return str(int(v))

UNARY = ["negative", "positive", "absolute", "sign", "sqrt", "cbrt", "square", "reciprocal", "exp",
         "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "arcsin", "arccos",
         "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "floor", "ceil",
         "trunc", "rint", "isnan", "isinf", "isfinite", "logical_not", "invert"]
BINARY = ["add", "subtract", "multiply", "divide", "floor_divide", "remainder", "power", "maximum",
          "minimum", "fmax", "fmin", "arctan2", "hypot", "copysign", "fmod", "equal", "not_equal",
          "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or",
          "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor", "left_shift", "right_shift"]

def run(f, *args):
    flags = []
    def call(kind, _flag):
        flags.append(kind.split()[0])
    old = np.seterrcall(call)
    try:
        with np.errstate(all="call", under="ignore"):
            try:
                r = f(*args)
            except Exception:
                return "raise", "-"
    finally:
        np.seterrcall(old)
    kinds = sorted({ {"divide": "divide", "overflow": "over", "invalid": "invalid"}.get(k, k) for k in flags })
    return fmt(r[()]), (",".join(kinds) if kinds else "-")

def has_loop(f, dts):
    sig = "".join(np.dtype(DT[d]).char for d in dts)
    return any(t.split("->")[0] == sig for t in f.types)

def main():
    # Smaller integer types get fewer binary pairs: the same code handles every width.
    dense = ["bool", "i8", "u8", "i64", "u64", "f32", "f64"]
    sparse = ["i16", "u16", "i32", "u32"]
    for name in UNARY:
        f = getattr(np, name)
        for dt in dense + sparse:
            if not has_loop(f, [dt]):
                continue
            for x in values(dt):
                a = np.array(x, dtype=DT[dt])
                r, fl = run(f, a)
                print(f"u {name} {dt} {fmt(a[()])} -> {r} {fl}")
    for name in BINARY:
        f = getattr(np, name)
        for dt in dense + sparse:
            if not has_loop(f, [dt, dt]):
                continue
            vs = values(dt)
            if dt in FLOATS:
                # Binary float pairs: the edge values without their duplicates in kind.
                vs = [v for v in vs if repr(v) not in ("0.5", "-1.0", "1e-45")]
            if dt in sparse:
                vs = [v for v in vs if v in (0, -1, -7, np.iinfo(DT[dt]).min, np.iinfo(DT[dt]).max, np.iinfo(DT[dt]).bits)]
            for x in vs:
                for y in vs:
                    a, b = np.array(x, dtype=DT[dt]), np.array(y, dtype=DT[dt])
                    r, fl = run(f, a, b)
                    print(f"b {name} {dt} {dt} {fmt(a[()])} {fmt(b[()])} -> {r} {fl}")
    # Mixed dtypes: the loop NumPy resolves (int64 against uint64 compares exactly).
    mixed = [("i64", "u64"), ("u64", "i64"), ("i8", "u8"), ("i32", "f32"), ("u8", "f32"), ("bool", "i8"), ("i64", "f64"), ("i16", "u64")]
    for name in ["add", "multiply", "less", "equal", "greater_equal", "floor_divide", "divide", "maximum"]:
        f = getattr(np, name)
        for da, db in mixed:
            for x in values(da)[:2] + values(da)[-2:]:
                for y in values(db)[:2] + values(db)[-2:]:
                    a, b = np.array(x, dtype=DT[da]), np.array(y, dtype=DT[db])
                    r, fl = run(f, a, b)
                    print(f"b {name} {da} {db} {fmt(a[()])} {fmt(b[()])} -> {r} {fl}")

def casts():
    extra = {
        "f64": [0.5, -0.5, 1.5, -2.7, 127.9, 128.0, 255.0, 256.0, 300.0, -129.0, 3e9, -3e9,
                2.0**31, -2.0**31 - 1, 2.0**63, -2.0**63, 2.0**64, 1e19, 2e19, -1.5,
                9007199791611905.0, 1e300, 3.4e38, 3.5e38],
        "i64": [2**53 + 2**29 + 1, 2**62 + 1, -(2**53) - 3, 300, -129, 65536 + 7],
        "u64": [2**63 + 2**39 + 1, 2**64 - 1],
    }
    for src in DT:
        for dst in DT:
            vs = values(src) + extra.get(src, [])
            for x in vs:
                a = np.array(x, dtype=DT[src])
                r, fl = run(lambda v: v.astype(DT[dst]), a)
                print(f"c {src} {dst} {fmt(a[()])} -> {r} {fl}")

main()
casts()
