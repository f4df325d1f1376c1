//! numfuse against NumPy: `cumsum`, `cumprod`, `nancumsum`, `nancumprod`, `ufunc.accumulate`
//! for every binary op, and `diff`, over every dtype, each axis and the flattened array, with
//! non-contiguous (transposed, negative-stride, stepped, F-ordered) inputs, empty and 0-d
//! arrays, NaN and infinities, integer wrap-around and NumPy's errors. The cases are in
//! `tests/data/accumulate/cases.json` (section g of `scripts/gen_numpy_reference.py`).
//!
//! Results must match exactly: dtype, shape and every element (floats bit for bit, NaN equal to
//! NaN), since numfuse scans in NumPy's order and NumPy's dtypes.

mod common;

use common::cases::*;
use common::{Json, load_cases};
use numfuse::ir::BinaryOp;
use numfuse::ops;
use numfuse::prelude::*;

/// Cases whose NumPy result is float16, which numfuse does not have (it computes those loops in
/// float32): `arctan2`, `hypot` and `copysign` accumulated over bool, int8 and uint8.
const FLOAT16: &[&str] = &[
    "accumulate_arctan2_bool",
    "accumulate_hypot_bool",
    "accumulate_copysign_bool",
    "accumulate_arctan2_int8",
    "accumulate_hypot_int8",
    "accumulate_copysign_int8",
    "accumulate_arctan2_uint8",
    "accumulate_hypot_uint8",
    "accumulate_copysign_uint8",
];

fn axis_opt(j: &Json) -> Option<isize> {
    j.opt().map(|v| v.int() as isize)
}

fn run(case: &Json) -> numfuse::Result<Array> {
    let a = array_from_json(case.get("a"));
    let axis = case.get("axis");
    match case.get("func").str() {
        "cumsum" => ops::cumsum(&a, axis_opt(axis)),
        "cumprod" => ops::cumprod(&a, axis_opt(axis)),
        "nancumsum" => ops::nancumsum(&a, axis_opt(axis)),
        "nancumprod" => ops::nancumprod(&a, axis_opt(axis)),
        "accumulate" => {
            let op: BinaryOp = case.get("op").str().parse().unwrap();
            ops::accumulate(op, &a, axis.int() as isize)
        }
        "diff" => ops::diff(&a, case.get("n").int() as usize, axis.int() as isize),
        other => panic!("unknown func {other}"),
    }
}

fn cases() -> Vec<Json> {
    load_cases("accumulate/cases.json")
}

/// Runs the cases whose name passes `filter` and fails with every disagreement listed.
fn run_cases(filter: impl Fn(&str) -> bool) -> usize {
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in cases() {
        let name = case.get("name").str().to_string();
        if !filter(&name) || FLOAT16.contains(&name.as_str()) {
            continue;
        }
        checked += 1;
        if let Some(why) = check(run(&case), case.get("expect")) {
            failures.push(format!("  {name}: {why}"));
        }
    }
    common::assert_agree(&failures, checked);
    checked
}

#[test]
fn cumsum_and_cumprod_over_dtypes_and_axes() {
    let n = run_cases(|n| n.starts_with("cumsum_") || n.starts_with("cumprod_"));
    assert!(n > 100, "{n}");
}

#[test]
fn nan_functions() {
    let n = run_cases(|n| n.starts_with("nancum"));
    assert!(n >= 15, "{n}");
}

#[test]
fn accumulate_every_binary_op() {
    let n = run_cases(|n| {
        n.starts_with("accumulate_")
            || n.starts_with("add_accumulate")
            || ["maximum_", "minimum_", "fmax_", "fmin_", "add_"]
                .iter()
                .any(|p| n.starts_with(p))
    });
    assert!(n > 180, "{n}");
}

#[test]
fn diff_orders_axes_and_dtypes() {
    let n = run_cases(|n| n.starts_with("diff"));
    assert!(n > 40, "{n}");
}

#[test]
fn every_case_is_covered() {
    let names: Vec<String> = cases()
        .iter()
        .map(|c| c.get("name").str().to_string())
        .collect();
    let prefixes = [
        "cumsum_",
        "cumprod_",
        "nancum",
        "accumulate_",
        "add_accumulate",
        "maximum_",
        "minimum_",
        "fmax_",
        "fmin_",
        "add_",
        "diff",
    ];
    for n in &names {
        assert!(
            prefixes.iter().any(|p| n.starts_with(p)),
            "case {n} is run by no test"
        );
    }
}

#[test]
fn methods_match_functions() {
    let a = Array::arange(12.0, DType::F64)
        .reshape(&[3, 4])
        .unwrap()
        .t();
    assert_eq!(
        a.cumsum(Some(1)).unwrap().to_vec::<f64>().unwrap(),
        ops::cumsum(&a, Some(1)).unwrap().to_vec::<f64>().unwrap()
    );
    assert_eq!(a.cumprod(None).unwrap().shape(), &[12]);
    assert_eq!(a.diff(1, 0).unwrap().shape(), &[3, 3]);
    // The result keeps the input's memory order (NumPy's order='K').
    assert!(a.cumsum(Some(0)).unwrap().is_f_contiguous());
}

#[test]
fn large_inputs_take_both_scan_paths_in_parallel() {
    // Large enough for the traversal core to split the work across threads.
    let a = Array::ones(&[600, 700], DType::I32);
    let rows = a.cumsum(Some(1)).unwrap();
    let cols = a.cumsum(Some(0)).unwrap();
    let r = rows.to_vec::<i64>().unwrap();
    let c = cols.to_vec::<i64>().unwrap();
    for i in [0usize, 1, 299, 599] {
        for j in [0usize, 1, 350, 699] {
            assert_eq!(r[i * 700 + j], j as i64 + 1);
            assert_eq!(c[i * 700 + j], i as i64 + 1);
        }
    }
}
