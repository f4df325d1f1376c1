//! numfuse's reductions against NumPy: every function of `numfuse::ops::reduce` over every
//! dtype, C-ordered, transposed, permuted, stepped and negative-stride views, full, single-axis,
//! multi-axis and `keepdims` reductions, empty and 0-d arrays, NaN and infinities, integer
//! overflow, and `ufunc.reduce` of every binary op. The cases and inputs under
//! `tests/data/reduce` come from `scripts/gen_numpy_reference.py` (section g).
//!
//! Comparison: dtypes, shapes and integer/bool values exactly; float values **bit for bit**
//! (NaN equals NaN, `-0.0` differs from `0.0`). numfuse reproduces NumPy's summation order
//! (pairwise trees, the iterator's axis order and its 8192-element buffer), so no tolerance is
//! needed: a float that differs in its last bit is a failure. Errors: NumPy's `ValueError`s and
//! `AxisError`s must come back with NumPy's message inside numfuse's; for NumPy's type errors
//! (no loop for a dtype, a tuple of axes for `argmax`), any error is accepted, since their
//! wording comes from Python's argument handling and NumPy's dtype classes.
//!
//! Where NumPy computes in float16, which numfuse does not have, the generator records the
//! float32 computation (`"float16": true`), numfuse's loop.

mod common;

use common::cases::apply_op;
use common::{Json, data_path, load_npy, read_text};
use numfuse::ir::BinaryOp;
use numfuse::prelude::*;
use numfuse::{Axes, Element};

/// The `long` inputs, by the generator's formula (`reduce_long`).
fn long_input(dtype: DType, shape: &[usize]) -> Array {
    let n: usize = shape.iter().product();
    let m = |i: i64| (i * 7919 + 13) % 100003;
    let arr = match dtype {
        DType::I64 => {
            let v: Vec<i64> = (0..n as i64)
                .map(|i| (m(i) - 50000) * (1 << 43) + i)
                .collect();
            Array::from_vec(v, shape)
        }
        DType::U64 => {
            let v: Vec<u64> = (0..n as i64)
                .map(|i| m(i) as u64 * (1 << 46) + (2 * i + 1) as u64)
                .collect();
            Array::from_vec(v, shape)
        }
        _ => {
            let v: Vec<f64> = (0..n as i64)
                .map(|i| (m(i) - 50000) as f64 * 2f64.powi(((i * 31) % 17) as i32 - 8))
                .collect();
            Ok(Array::from_vec(v, shape).unwrap().astype(dtype))
        }
    };
    arr.unwrap()
}

/// The input array of a case, with its view ops applied.
fn input(case: &Json) -> Array {
    let inp = case.get("input");
    let base = match inp {
        Json::Str(name) => load_npy(&format!("reduce/inputs/{name}.npy")),
        Json::Obj(_) => {
            let dtype: DType = inp.get("dtype").str().parse().unwrap();
            let shape: Vec<usize> = inp
                .get("shape")
                .ints()
                .iter()
                .map(|&v| v as usize)
                .collect();
            let fill = inp.members().iter().any(|(k, _)| k == "fill");
            if fill {
                long_input(dtype, &shape)
            } else {
                Array::zeros(&shape, dtype)
            }
        }
        other => panic!("bad input {other:?}"),
    };
    case.get("ops")
        .arr()
        .iter()
        .fold(base, |a, op| apply_op(&a, op))
}

fn axes(case: &Json) -> Axes {
    let axes = match case.get("axis") {
        Json::Null => Axes::all(),
        Json::Num(_) => Axes::from(case.get("axis").int()),
        Json::Arr(_) => Axes::from(case.get("axis").ints()),
        other => panic!("bad axis {other:?}"),
    };
    axes.with_keepdims(case.get("keepdims").bool())
}

/// Calls the numfuse function named by the case.
fn call(case: &Json, a: &Array) -> numfuse::Result<Array> {
    let ax = axes(case);
    let ddof = || case.get("ddof").int() as usize;
    match case.get("func").str() {
        "sum" => a.sum(ax),
        "prod" => a.prod(ax),
        "mean" => a.mean(ax),
        "var" => a.var(ax, ddof()),
        "std" => a.std(ax, ddof()),
        "min" => a.min(ax),
        "max" => a.max(ax),
        "ptp" => a.ptp(ax),
        "argmin" => a.argmin(ax),
        "argmax" => a.argmax(ax),
        "any" => a.any(ax),
        "all" => a.all(ax),
        "nansum" => a.nansum(ax),
        "nanmean" => a.nanmean(ax),
        "nanmin" => a.nanmin(ax),
        "nanmax" => a.nanmax(ax),
        "nanvar" => a.nanvar(ax, ddof()),
        "nanstd" => a.nanstd(ax, ddof()),
        "nanargmin" => a.nanargmin(ax),
        "nanargmax" => a.nanargmax(ax),
        "reduce" => {
            let op: BinaryOp = case.get("op").str().parse().unwrap();
            numfuse::ops::reduce(op, a, ax)
        }
        other => panic!("unknown function {other}"),
    }
}

/// Parses NumPy's string for an element of `T`.
fn parse<T: Element>(s: &str) -> T {
    let v = match s {
        "True" => return T::from_u64(1),
        "False" => return T::from_u64(0),
        "nan" => f64::NAN,
        "inf" => f64::INFINITY,
        "-inf" => f64::NEG_INFINITY,
        _ if T::DTYPE.is_float() => s.parse::<f64>().unwrap(),
        _ if T::DTYPE.is_signed() => return T::from_i64(s.parse().unwrap()),
        _ => return T::from_u64(s.parse().unwrap()),
    };
    T::from_f64(v)
}

/// Bit-exact equality; every NaN equals every NaN.
fn same<T: Element>(a: T, b: T) -> bool {
    common::same_element(a, b)
}

/// `None` when `got` has NumPy's values, else a description of the first differences.
fn compare_values<T: Element>(got: &Array, want: &[Json]) -> Option<String> {
    let g = got.to_vec::<T>().unwrap();
    let w: Vec<T> = want.iter().map(|v| parse::<T>(v.str())).collect();
    let diffs: Vec<String> = g
        .iter()
        .zip(&w)
        .enumerate()
        .filter(|(_, (a, b))| !same(**a, **b))
        .take(3)
        .map(|(i, (a, b))| format!("[{i}] numfuse {a:?}, numpy {b:?}"))
        .collect();
    (!diffs.is_empty()).then(|| diffs.join("; "))
}

/// `None` when the case passes, else why not.
fn check(case: &Json) -> Option<String> {
    let a = input(case);
    let got = call(case, &a);
    let error = case.members().iter().find(|(k, _)| k == "error");
    match (got, error) {
        (Err(e), Some((_, kind))) => {
            let msg = case.get("msg").str();
            let text = e.to_string();
            (matches!(kind.str(), "ValueError" | "AxisError") && !text.contains(msg))
                .then(|| format!("error {text:?} lacks NumPy's {msg:?}"))
        }
        (Err(e), None) => Some(format!("unexpected error: {e}")),
        (Ok(r), Some((_, kind))) => Some(format!(
            "numpy raises {}({:?}), numfuse returned {r:?}",
            kind.str(),
            case.get("msg").str()
        )),
        (Ok(r), None) => {
            let dtype: DType = case.get("dtype").str().parse().unwrap();
            if r.dtype() != dtype {
                return Some(format!("dtype {}, numpy {}", r.dtype(), dtype));
            }
            let shape: Vec<usize> = case
                .get("shape")
                .ints()
                .iter()
                .map(|&v| v as usize)
                .collect();
            if r.shape() != shape.as_slice() {
                return Some(format!("shape {:?}, numpy {shape:?}", r.shape()));
            }
            numfuse::dispatch!(dtype, T => compare_values::<T>(&r, case.get("values").arr()))
        }
    }
}

/// Runs every case of `tests/data/reduce/<group>.json`, reporting all failures at once.
fn run_group(group: &str, min_cases: usize) {
    let doc = Json::parse(&read_text(&format!("reduce/{group}.json")));
    let cases = doc.get("cases").arr();
    assert!(
        cases.len() >= min_cases,
        "{group}: only {} cases",
        cases.len()
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            check(c).map(|why| {
                let mut c = c.clone();
                if let Json::Obj(m) = &mut c {
                    m.retain(|(k, _)| k != "values");
                }
                format!("  {why}\n    case {c:?}")
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{group}: {} of {} cases disagree with NumPy {}:\n{}",
        failures.len(),
        cases.len(),
        doc.get("numpy").str(),
        failures
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn sum() {
    run_group("sum", 500);
}

#[test]
fn prod() {
    run_group("prod", 500);
}

#[test]
fn mean() {
    run_group("mean", 500);
}

#[test]
fn var() {
    run_group("var", 1000);
}

#[test]
fn std() {
    run_group("std", 1000);
}

#[test]
fn min_max_ptp() {
    run_group("extrema", 1400);
}

#[test]
fn argmin_argmax() {
    run_group("arg", 900);
}

#[test]
fn any_all() {
    run_group("logical", 900);
}

#[test]
fn nan_functions() {
    run_group("nan", 1800);
}

#[test]
fn ufunc_reduce() {
    run_group("ufunc", 1600);
}

#[test]
fn data_is_present() {
    assert!(data_path("reduce/inputs/float64_basic.npy").exists());
}
