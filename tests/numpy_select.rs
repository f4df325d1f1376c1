//! numfuse against NumPy: `where_` (`np.where(cond, x, y)`), `clip` and `round` with NumPy 2's
//! dtype rules (NEP 50 weak scalars, NumPy's integer-bound shortcut in `clip`), broadcasting,
//! non-contiguous and F-ordered inputs, empty and 0-d arrays, NaN and signed zeros in `clip`,
//! half-to-even and negative decimals in `round`, and NumPy's errors. The cases are in
//! `tests/data/select/cases.json` (section g of `scripts/gen_numpy_reference.py`).
//!
//! Results must match exactly: dtype, shape and every element (floats bit for bit, so `-0.0`
//! differs from `0.0`; NaN equals NaN).

mod common;

use common::cases::*;
use common::{Json, load_cases};
use numfuse::ops::{self, ClipBound, Input};
use numfuse::prelude::*;

/// An argument: an array, a weak Python scalar, or `None` (a missing `clip` bound).
enum Arg {
    Array(Array),
    Weak(Scalar),
    None,
}

impl Arg {
    fn from_json(j: &Json) -> Arg {
        match j {
            Json::Null => Arg::None,
            Json::Obj(m) if m.iter().any(|(k, _)| k == "weak") => {
                let v = j.get("value").str();
                Arg::Weak(match j.get("weak").str() {
                    "bool" => Scalar::Bool(v == "True"),
                    "int" => v.parse::<i64>().map(Scalar::I64).unwrap_or_else(|_| {
                        Scalar::U64(v.parse().unwrap_or_else(|_| panic!("bad int {v}")))
                    }),
                    "float" => Scalar::F64(v.parse().unwrap()),
                    other => panic!("unknown weak kind {other}"),
                })
            }
            _ => Arg::Array(array_from_json(j)),
        }
    }

    fn input(&self) -> Input<'_> {
        match self {
            Arg::Array(a) => Input::Array(a),
            Arg::Weak(s) => Input::Weak(*s),
            Arg::None => panic!("None where an operand is needed"),
        }
    }

    fn bound(&self) -> ClipBound<'_> {
        match self {
            Arg::None => ClipBound::Unbounded,
            other => ClipBound::Value(other.input()),
        }
    }
}

fn run(case: &Json) -> numfuse::Result<Array> {
    let args: Vec<Arg> = case.get("args").arr().iter().map(Arg::from_json).collect();
    match case.get("func").str() {
        "where" => ops::where_(args[0].input(), args[1].input(), args[2].input()),
        "clip" => {
            let Arg::Array(a) = &args[0] else {
                panic!("clip of a scalar")
            };
            ops::clip(a, args[1].bound(), args[2].bound())
        }
        "round" => {
            let Arg::Array(a) = &args[0] else {
                panic!("round of a scalar")
            };
            ops::round(a, case.get("decimals").int() as i32)
        }
        other => panic!("unknown func {other}"),
    }
}

fn cases() -> Vec<Json> {
    load_cases("select/cases.json")
}

/// Runs the cases of `func` and fails with every disagreement listed.
fn run_cases(func: &str, skip: &[&str]) -> usize {
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in cases() {
        let name = case.get("name").str().to_string();
        if case.get("func").str() != func || skip.contains(&name.as_str()) {
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
fn where_three_args() {
    assert!(run_cases("where", &[]) >= 25);
}

#[test]
fn clip_bounds_nan_and_dtypes() {
    assert!(run_cases("clip", &[]) >= 50);
}

#[test]
fn round_half_even_and_decimals() {
    // NumPy rounds bool to float16, which numfuse does not have (see below).
    assert!(run_cases("round", &["round_bool_0"]) >= 60);
}

#[test]
fn round_bool_is_rint_in_float32() {
    let r = ops::round(&array![true, false, true], 0).unwrap();
    assert_eq!(r.dtype(), DType::F32, "NumPy: float16, which numfuse lacks");
    assert_eq!(r.to_vec::<f32>().unwrap(), vec![1.0, 0.0, 1.0]);
}

#[test]
fn clip_none_literal_and_methods() {
    let a = array![0.0, 1.5, 3.0];
    assert_eq!(
        a.clip(None, 1.0).unwrap().to_vec::<f64>().unwrap(),
        vec![0.0, 1.0, 1.0]
    );
    assert_eq!(
        a.clip(1.0, None).unwrap().to_vec::<f64>().unwrap(),
        vec![1.0, 1.5, 3.0]
    );
    let lo = array![1.0, 1.0, 1.0];
    assert_eq!(
        a.clip(&lo, 2.0).unwrap().to_vec::<f64>().unwrap(),
        vec![1.0, 1.5, 2.0]
    );
    assert_eq!(
        a.round(0).unwrap().to_vec::<f64>().unwrap(),
        vec![0.0, 2.0, 3.0]
    );
    let both = ops::clip(&a, Some(0.5), Some(2.0)).unwrap();
    assert_eq!(both.to_vec::<f64>().unwrap(), vec![0.5, 1.5, 2.0]);
}

#[test]
fn where_error_names_every_shape() {
    let e = ops::where_(&array![true, false], &array![1.0, 2.0, 3.0], 0.0).unwrap_err();
    assert_eq!(
        e.to_string(),
        "operands could not be broadcast together with shapes (2,) (3,) ()"
    );
}
