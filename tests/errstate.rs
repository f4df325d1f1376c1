//! `np.errstate` semantics: which conditions each op raises, and the three modes.

use numfuse::ops::errstate::{ErrMode, ErrState, errstate, geterr, seterr};
use numfuse::prelude::*;

fn raise<R>(f: impl FnOnce() -> R) -> R {
    errstate(ErrState::all(ErrMode::Raise), f)
}

fn message(r: Result<Array>) -> String {
    r.expect_err("the op should raise").to_string()
}

#[test]
fn each_condition_is_reported_by_name() {
    let a = array![1.0, -1.0, 0.0];
    assert_eq!(
        message(raise(|| a.try_div(0.0))),
        "divide by zero encountered in divide"
    );
    assert_eq!(
        message(raise(|| array![0.0].try_div(0.0))),
        "invalid value encountered in divide"
    );
    assert_eq!(
        message(raise(|| array![-1.0].sqrt())),
        "invalid value encountered in sqrt"
    );
    assert_eq!(
        message(raise(|| array![1000.0].exp())),
        "overflow encountered in exp"
    );
    assert_eq!(
        message(raise(|| array![0.0].log())),
        "divide by zero encountered in log"
    );
    assert_eq!(
        message(raise(|| array![1e-300].try_mul(1e-300))),
        "underflow encountered in multiply"
    );
}

#[test]
fn integer_division_by_zero_counts_as_divide() {
    let a = array![7i64, 8];
    assert_eq!(
        message(raise(|| a.floor_divide(0))),
        "divide by zero encountered in floor_divide"
    );
    assert_eq!(
        message(raise(|| a.try_rem(&array![1i64, 0]))),
        "divide by zero encountered in remainder"
    );
    // NumPy's result under ignore: 0.
    let q = errstate(ErrState::all(ErrMode::Ignore), || a.floor_divide(0)).unwrap();
    assert_eq!(q.to_vec::<i64>().unwrap(), vec![0, 0]);
}

#[test]
fn ignore_and_warn_return_the_ieee_result() {
    let a = array![1.0, 0.0];
    let r = errstate(ErrState::all(ErrMode::Ignore), || a.try_div(0.0)).unwrap();
    let v = r.to_vec::<f64>().unwrap();
    assert!(v[0].is_infinite() && v[1].is_nan());
    let r = errstate(ErrState::all(ErrMode::Warn), || a.try_div(0.0)).unwrap();
    assert!(r.to_vec::<f64>().unwrap()[0].is_infinite());
}

#[test]
fn defaults_are_numpys_and_modes_combine() {
    let d = geterr();
    assert_eq!(d, ErrState::default());
    assert_eq!(
        (d.divide, d.over, d.under, d.invalid),
        (ErrMode::Warn, ErrMode::Warn, ErrMode::Ignore, ErrMode::Warn)
    );
    // Underflow is ignored by default even when everything else raises.
    let st = ErrState::all(ErrMode::Raise).under(ErrMode::Ignore);
    assert!(errstate(st, || array![1e-300].try_mul(1e-300)).is_ok());
    // Only divide raises: invalid passes.
    let st = ErrState::all(ErrMode::Ignore).divide(ErrMode::Raise);
    assert!(errstate(st, || array![0.0].try_div(0.0)).is_ok());
    assert!(errstate(st, || array![1.0].try_div(0.0)).is_err());
    let old = seterr(ErrState::all(ErrMode::Raise));
    assert!(array![1.0].try_div(0.0).is_err());
    seterr(old);
    assert_eq!(geterr(), d);
}

#[test]
fn large_parallel_inputs_collect_flags_from_every_thread() {
    let n = 1 << 20;
    let mut a = Array::ones(&[n], DType::F64);
    a.set(&[(n - 1) as isize], 0.0).unwrap();
    let zero = Array::zeros(&[n], DType::F64);
    let r = raise(|| zero.try_div(&a));
    assert_eq!(message(r), "invalid value encountered in divide");
    let clean = raise(|| a.try_mul(2.0));
    assert!(clean.is_ok());
}
