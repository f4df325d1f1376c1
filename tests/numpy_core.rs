//! numfuse against NumPy: dtype promotion and casting rules, `astype`, `reshape` (view or copy,
//! strides, values), `repr`/`str`, and `.npy` files byte for byte. The reference data under
//! `tests/data` come from `scripts/gen_numpy_reference.py`.

mod common;

use common::{Json, assert_array_eq, data_files, dtype, load_npy, read_text};
use numfuse::ir::{Kind, Operand};
use numfuse::prelude::*;
use numfuse::{SliceElem, can_cast, promote_types};

/// Fails with every mismatch listed, so one run shows the whole disagreement.
fn report(what: &str, checked: usize, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{what}: {} of {checked} cases disagree with NumPy:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The lines of `promotion.txt` starting with `kind`, split into words (without `kind`).
fn promotion_lines(kind: &str) -> Vec<Vec<String>> {
    read_text("promotion.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .filter(|w| w.first().is_some_and(|k| k == kind))
        .map(|w| w[1..].to_vec())
        .collect()
}

#[test]
fn promote_types_table() {
    let lines = promotion_lines("promote_types");
    assert_eq!(lines.len(), 121);
    let failures: Vec<String> = lines
        .iter()
        .filter_map(|w| {
            let (a, b, want) = (dtype(&w[0]), dtype(&w[1]), dtype(&w[2]));
            let got = promote_types(a, b);
            (got != want).then(|| format!("  promote_types({a}, {b}) = {got}, numpy {want}"))
        })
        .collect();
    report("promote_types", lines.len(), &failures);
}

#[test]
fn can_cast_table() {
    let lines = promotion_lines("can_cast");
    assert_eq!(lines.len(), 5 * 121);
    let failures: Vec<String> = lines
        .iter()
        .filter_map(|w| {
            let rule = match w[0].as_str() {
                "no" => Casting::No,
                "equiv" => Casting::Equiv,
                "safe" => Casting::Safe,
                "same_kind" => Casting::SameKind,
                "unsafe" => Casting::Unsafe,
                other => panic!("unknown casting rule {other}"),
            };
            let (from, to, want) = (dtype(&w[1]), dtype(&w[2]), w[3] == "1");
            let got = can_cast(from, to, rule);
            (got != want).then(|| format!("  can_cast({from}, {to}, {}) = {got}", w[0]))
        })
        .collect();
    report("can_cast", lines.len(), &failures);
}

#[test]
fn result_type_with_weak_scalars() {
    let lines = promotion_lines("result_type");
    assert_eq!(lines.len(), 3 + 11 * 3);
    let failures: Vec<String> = lines
        .iter()
        .filter_map(|w| {
            let weak = Operand::Weak(match w[1].as_str() {
                "bool" => Kind::Bool,
                "int" => Kind::Signed,
                "float" => Kind::Float,
                other => panic!("unknown weak scalar {other}"),
            });
            let mut ops = vec![weak];
            if w[0] != "-" {
                ops.insert(0, Operand::Strong(dtype(&w[0])));
            }
            let got = numfuse::ir::result_type(&ops).expect("operands given");
            let want = dtype(&w[2]);
            (got != want)
                .then(|| format!("  result_type({}, {}) = {got}, numpy {want}", w[0], w[1]))
        })
        .collect();
    report("result_type", lines.len(), &failures);
}

/// Float-to-integer casts whose result C leaves undefined (NaN, or a value whose truncation is
/// outside the target's range) and where numfuse's documented x86-64 semantics
/// (`src/array/element.rs`: truncate to 64 bits with `cvttsd2si`, out of range gives `i64::MIN`,
/// narrower types keep the low bits) differ from this NumPy build: (source, target, input).
///
/// All of them are float -> uint32, and NumPy's answers there depend on where the value sits in
/// the array (its cast loop has a vector body and a scalar remainder that disagree). Alone in a
/// one-element array, NaN, -inf and -1e10 give 2147483648 (and 1e10 gives 0); NaN at index 55 of
/// `astype/float64.npy` also gives 2147483648, but -inf at index 57 of that file and NaN at index
/// 48 of `astype/float32.npy` give 0, numfuse's answer. No per-element rule reproduces that, so numfuse
/// keeps its documented semantics and these pairs are not compared. `astype_table` checks that
/// every pair listed here really is undefined in C.
const ASTYPE_UNDEFINED_EXCLUDED: &[(&str, &str, f64)] = &[
    ("float32", "uint32", 1e10),
    ("float32", "uint32", -1e10),
    ("float32", "uint32", -9223372036854775808.0),
    ("float32", "uint32", -1e20f32 as f64),
    ("float32", "uint32", f32::MIN as f64),
    ("float64", "uint32", -2147483649.0),
    ("float64", "uint32", 1e10),
    ("float64", "uint32", -1e10),
    ("float64", "uint32", 9007199254740994.0),
    ("float64", "uint32", -9223372036854775808.0),
    ("float64", "uint32", -1e20),
    ("float64", "uint32", -1e300),
    ("float64", "uint32", f64::MIN),
    ("float64", "uint32", f64::NAN),
];

/// True when C leaves the conversion of `v` to the integer type `to` undefined.
fn undefined_in_c(v: f64, to: DType) -> bool {
    let (lo, hi) = match to {
        DType::I8 => (i8::MIN as f64, i8::MAX as f64),
        DType::I16 => (i16::MIN as f64, i16::MAX as f64),
        DType::I32 => (i32::MIN as f64, i32::MAX as f64),
        DType::I64 => (-(2f64.powi(63)), 2f64.powi(63)),
        DType::U8 => (0.0, u8::MAX as f64),
        DType::U16 => (0.0, u16::MAX as f64),
        DType::U32 => (0.0, u32::MAX as f64),
        DType::U64 => (0.0, 2f64.powi(64)),
        _ => return false,
    };
    let t = v.trunc();
    v.is_nan() || t < lo || t > hi || (matches!(to, DType::I64 | DType::U64) && t == hi)
}

#[test]
fn astype_table() {
    for &(src, dst, v) in ASTYPE_UNDEFINED_EXCLUDED {
        assert!(
            src.starts_with("float"),
            "{src}: only float sources can be undefined"
        );
        assert!(
            undefined_in_c(v, dtype(dst)),
            "{src}({v:e}) -> {dst} is defined in C"
        );
    }
    let mut failures = Vec::new();
    let mut checked = 0;
    for src in DType::ALL {
        let x = load_npy(&format!("astype/{}.npy", src.name()));
        assert_eq!(x.dtype(), src);
        let inputs: Vec<f64> = x.astype(DType::F64).to_vec::<f64>().unwrap();
        for dst in DType::ALL {
            let want = load_npy(&format!("astype/{}_to_{}.npy", src.name(), dst.name()));
            let got = x.astype(dst);
            assert_eq!((got.dtype(), got.shape()), (dst, want.shape()));
            for (i, &input) in inputs.iter().enumerate() {
                checked += 1;
                let (g, w) = (
                    got.get(&[i as isize]).unwrap(),
                    want.get(&[i as isize]).unwrap(),
                );
                let same = match (g, w) {
                    (Scalar::F32(a), Scalar::F32(b)) => common::same_element(a, b),
                    (Scalar::F64(a), Scalar::F64(b)) => common::same_element(a, b),
                    _ => g == w,
                };
                if same {
                    continue;
                }
                let excluded = ASTYPE_UNDEFINED_EXCLUDED.iter().any(|&(s, d, v)| {
                    s == src.name()
                        && d == dst.name()
                        && (v.to_bits() == input.to_bits() || v.is_nan() && input.is_nan())
                });
                if !excluded {
                    failures.push(format!(
                        "  {}({input:e}) -> {}: numfuse {g}, numpy {w}",
                        src.name(),
                        dst.name()
                    ));
                }
            }
        }
    }
    report("astype", checked, &failures);
}

/// Applies one recorded view operation to `a`.
fn apply_op(a: &Array, op: &Json) -> Array {
    match op.get("op").str() {
        "T" => a.t(),
        "transpose" => {
            let axes: Vec<isize> = op.get("axes").ints().iter().map(|&v| v as isize).collect();
            a.permute_axes(&axes).unwrap()
        }
        "slice" => {
            let index: Vec<SliceElem> = op
                .get("index")
                .arr()
                .iter()
                .map(|e| match e {
                    Json::Num(_) => SliceElem::Index(e.int() as isize),
                    Json::Arr(v) => SliceElem::Slice {
                        start: v[0].opt().map(|x| x.int() as isize),
                        stop: v[1].opt().map(|x| x.int() as isize),
                        step: v[2].opt().map_or(1, |x| x.int() as isize),
                    },
                    other => panic!("bad index entry {other:?}"),
                })
                .collect();
            a.slice(&index).unwrap()
        }
        other => panic!("unknown op {other}"),
    }
}

#[test]
fn reshape_cases() {
    let doc = Json::parse(&read_text("reshape.json"));
    let cases = doc.get("cases").arr();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case.get("name").str();
        let base_shape: Vec<isize> = case
            .get("base_shape")
            .ints()
            .iter()
            .map(|&v| v as isize)
            .collect();
        let n = case.get("n").int() as f64;
        let base = Array::arange(n, DType::F64).reshape(&base_shape).unwrap();
        let mut a = base.clone();
        for op in case.get("ops").arr() {
            a = apply_op(&a, op);
        }
        let order = match case.get("order").str() {
            "C" => Order::C,
            "F" => Order::F,
            other => panic!("unknown order {other}"),
        };
        let newshape: Vec<isize> = case
            .get("newshape")
            .ints()
            .iter()
            .map(|&v| v as isize)
            .collect();
        let r = match a.reshape_order(&newshape, order) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("  {name}: numfuse error {e}"));
                continue;
            }
        };
        let want_shape: Vec<usize> = case
            .get("shape")
            .ints()
            .iter()
            .map(|&v| v as usize)
            .collect();
        let want_strides: Vec<isize> = case
            .get("strides")
            .ints()
            .iter()
            .map(|&v| v as isize)
            .collect();
        let want_shares = case.get("shares_memory").bool();
        let want_values: Vec<f64> = case.get("values").arr().iter().map(Json::num).collect();
        let mut problems = Vec::new();
        if r.shape() != want_shape {
            problems.push(format!("shape {:?}, numpy {want_shape:?}", r.shape()));
        }
        if base.shares_memory(&r) != want_shares {
            problems.push(format!(
                "shares_memory {}, numpy {want_shares}",
                !want_shares
            ));
        }
        // Strides are only meaningful to compare for views: a copy's are its new layout's.
        if want_shares && r.strides() != want_strides {
            problems.push(format!("strides {:?}, numpy {want_strides:?}", r.strides()));
        }
        let values = r.to_vec::<f64>().unwrap();
        if values != want_values {
            problems.push(format!("values {values:?}, numpy {want_values:?}"));
        }
        if !problems.is_empty() {
            failures.push(format!("  {name}: {}", problems.join("; ")));
        }
    }
    report("reshape", cases.len(), &failures);
}

#[test]
fn repr_and_str() {
    let doc = Json::parse(&read_text("repr.json"));
    let mut failures = Vec::new();
    for (name, want) in doc.members() {
        let a = load_npy(&format!("repr/{name}.npy"));
        let repr = format!("{a}");
        let str_ = format!("{a:#}");
        for (kind, got, want) in [
            ("repr", repr, want.get("repr").str()),
            ("str", str_, want.get("str").str()),
        ] {
            if got != want {
                failures.push(format!(
                    "  {name} {kind}:\nnumfuse:\n{got}\nnumpy:\n{want}\n"
                ));
            }
        }
    }
    report("repr/str", 2 * doc.members().len(), &failures);
}

/// Every reference `.npy` file that `np.save` wrote from a native array loads, and writing it back
/// gives NumPy's bytes exactly.
#[test]
fn npy_files_round_trip_byte_for_byte() {
    let files: Vec<String> = data_files("", ".npy")
        .into_iter()
        .filter(|f| !f.starts_with("npy/v"))
        .collect();
    assert!(files.len() > 150, "{} files", files.len());
    for rel in files {
        let bytes = std::fs::read(common::data_path(&rel)).unwrap();
        let header = numfuse::io::read_header(&bytes).unwrap();
        if header.big_endian && header.dtype.itemsize() > 1 {
            // Not a native array: numfuse writes little-endian (see npy_format_corners).
            continue;
        }
        let a = numfuse::io::read_npy(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let back = numfuse::io::write_npy(&a);
        assert!(back == bytes, "{rel}: write_npy differs from np.save");
        assert_array_eq(&numfuse::io::read_npy(&back).unwrap(), &a, &rel);
    }
}

/// Big-endian data, format versions 2.0 and 3.0, and Fortran order, as NumPy writes them.
#[test]
fn npy_format_corners() {
    for t in DType::ALL {
        let name = t.name();
        let be = load_npy(&format!("npy/be_{name}.npy"));
        let native = load_npy(&format!("astype/{name}.npy"));
        assert_array_eq(&be, &native, &format!("npy/be_{name}.npy"));
        let h = numfuse::io::read_header(
            &std::fs::read(common::data_path(&format!("npy/be_{name}.npy"))).unwrap(),
        )
        .unwrap();
        assert_eq!(h.big_endian, t.itemsize() > 1, "{name}");
    }
    let want = Array::arange(12.0, DType::F64).reshape(&[3, 4]).unwrap();
    for v in [2u8, 3] {
        let rel = format!("npy/v{v}_f64.npy");
        let bytes = std::fs::read(common::data_path(&rel)).unwrap();
        assert_eq!(numfuse::io::read_header(&bytes).unwrap().version, (v, 0));
        assert_array_eq(&load_npy(&rel), &want, &rel);
    }
    let f = load_npy("npy/fortran_3d_i16.npy");
    assert!(f.is_f_contiguous() && !f.is_c_contiguous());
    let want = Array::arange(24.0, DType::I16).reshape(&[2, 3, 4]).unwrap();
    assert_array_eq(&f, &want, "npy/fortran_3d_i16.npy");
}

#[test]
fn json_reader() {
    let j = Json::parse(r#" {"a": [1, -2.5e3, true, null], "b": "x\n\"y\u0041", "c": {}} "#);
    assert_eq!(j.get("a").arr()[1].num(), -2500.0);
    assert_eq!(j.get("b").str(), "x\n\"yA");
    assert!(j.get("a").arr()[3].opt().is_none());
    assert!(j.get("c").members().is_empty());
}
