//! The testing helpers against NumPy 2.4: the failure messages of `assert_allclose`,
//! `assert_array_equal` and `assert_array_almost_equal` must equal NumPy's `AssertionError`
//! text character for character (header, mismatch count and share, mismatched positions, largest
//! differences, the arrays), and `isclose`, `allclose` and `array_equal` must return NumPy's
//! answers. The cases are in `tests/data/testing/` (section g of
//! `scripts/gen_numpy_reference.py`).

mod common;

use common::cases::*;
use common::{Json, read_text};
use numfuse::ops::Input;
use numfuse::prelude::*;
use numfuse::testing::{self, AssertOptions};

/// An operand: an array or a weak Python scalar.
enum Arg {
    Array(Array),
    Weak(Scalar),
}

impl Arg {
    fn from_json(j: &Json) -> Arg {
        match j {
            Json::Obj(m) if m.iter().any(|(k, _)| k == "weak") => {
                let v = j.get("value").str();
                Arg::Weak(match j.get("weak").str() {
                    "bool" => Scalar::Bool(v == "True"),
                    "int" => Scalar::I64(v.parse().unwrap()),
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
        }
    }
}

fn options(j: &Json) -> AssertOptions {
    let mut o = AssertOptions::default();
    for (k, v) in j.members() {
        match k.as_str() {
            "err_msg" => o.err_msg = v.str().to_string(),
            "verbose" => o.verbose = v.bool(),
            "strict" => o.strict = v.bool(),
            "equal_nan" => o.equal_nan = v.bool(),
            other => panic!("unknown option {other}"),
        }
    }
    o
}

fn cases(file: &str) -> Vec<Json> {
    Json::parse(&read_text(file)).get("cases").arr().to_vec()
}

/// Shows a message with its line breaks visible, for failure reports.
fn shown(m: &Option<String>) -> String {
    match m {
        None => "(passes)".into(),
        Some(s) => format!("{s:?}"),
    }
}

/// Cases whose expected text shows a numfuse `repr` bug outside the testing helpers: NumPy pads
/// `True` to ` True` in every bool array that has a dimension (`array([ True,  True])`), numfuse
/// only when a `False` is present (src/array/display.rs).
const REPR_BUGS: &[&str] = &["equal_bool"];

/// Runs the message cases that `filter` selects; returns (checked, failures).
fn check_messages(filter: impl Fn(&str) -> bool) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in &cases("testing/messages.json") {
        let name = case.get("name").str();
        if !filter(name) {
            continue;
        }
        checked += 1;
        let x = Arg::from_json(case.get("actual"));
        let y = Arg::from_json(case.get("desired"));
        let o = options(case.get("options"));
        let got = match case.get("func").str() {
            "assert_allclose" => o.try_assert_allclose(
                x.input(),
                y.input(),
                case.get("rtol").num(),
                case.get("atol").num(),
            ),
            "assert_array_equal" => o.try_assert_array_equal(x.input(), y.input()),
            "assert_array_almost_equal" => o.try_assert_array_almost_equal(
                x.input(),
                y.input(),
                case.get("decimal").int() as i32,
            ),
            other => panic!("unknown func {other}"),
        }
        .err();
        let want = case.get("message").opt().map(|m| m.str().to_string());
        if got != want {
            failures.push(format!(
                "  {name}:\n    numfuse {}\n    numpy   {}",
                shown(&got),
                shown(&want)
            ));
        }
    }
    (checked, failures)
}

#[test]
fn failure_messages_match_numpy_exactly() {
    let (checked, failures) = check_messages(|n| !REPR_BUGS.contains(&n));
    assert!(checked >= 40, "{checked}");
    assert!(
        failures.is_empty(),
        "{} of {checked} messages differ from NumPy's:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn failure_messages_with_bool_arrays() {
    let (checked, failures) = check_messages(|n| REPR_BUGS.contains(&n));
    assert_eq!(checked, REPR_BUGS.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn isclose_allclose_array_equal_match_numpy() {
    let mut failures = Vec::new();
    let all = cases("testing/values.json");
    for case in &all {
        let name = case.get("name").str();
        let a = Arg::from_json(case.get("a"));
        let b = Arg::from_json(case.get("b"));
        let equal_nan = case.get("equal_nan").bool();
        let why = match case.get("func").str() {
            "isclose" => check(
                testing::isclose(
                    a.input(),
                    b.input(),
                    case.get("rtol").num(),
                    case.get("atol").num(),
                    equal_nan,
                ),
                case.get("expect"),
            ),
            "allclose" => {
                let got = testing::allclose(
                    a.input(),
                    b.input(),
                    case.get("rtol").num(),
                    case.get("atol").num(),
                    equal_nan,
                )
                .unwrap();
                (got != case.get("expect").bool()).then(|| format!("numfuse {got}"))
            }
            "array_equal" => {
                let (Arg::Array(a), Arg::Array(b)) = (&a, &b) else {
                    panic!("array_equal takes arrays")
                };
                let got = testing::array_equal(a, b, equal_nan);
                (got != case.get("expect").bool()).then(|| format!("numfuse {got}"))
            }
            other => panic!("unknown func {other}"),
        };
        if let Some(why) = why {
            failures.push(format!("  {name}: {why}"));
        }
    }
    assert!(all.len() >= 19, "{}", all.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases disagree with NumPy:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
#[should_panic(expected = "Max relative difference among violations: 0.25")]
fn assertions_panic_with_the_message() {
    testing::assert_array_equal(&array![1i64, 2, 3], &array![1i64, 2, 4]);
}

#[test]
fn passing_assertions_return() {
    testing::assert_allclose(
        &array![1.0, f64::NAN],
        &array![1.0 + 1e-12, f64::NAN],
        1e-7,
        0.0,
    );
    testing::assert_array_almost_equal(&array![0.1f32, 0.2], &array![0.1f32, 0.2000001], 6);
    testing::assert_array_equal(&Array::zeros(&[2, 3], DType::U8), 0);
}

#[test]
fn panics_point_at_the_caller() {
    let line = line!() + 2;
    let r = std::panic::catch_unwind(|| {
        testing::assert_array_equal(&array![1.0], &array![2.0]);
    });
    assert!(r.is_err());
    // `#[track_caller]`: the panic location is this file (checked through the hook below).
    let loc = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let seen = loc.clone();
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Some(l) = info.location() {
            *seen.lock().unwrap() = format!("{}:{}", l.file(), l.line());
        }
    }));
    let _ = std::panic::catch_unwind(|| testing::assert_array_equal(&array![1.0], &array![2.0]));
    std::panic::set_hook(prev);
    let loc = loc.lock().unwrap().clone();
    assert!(
        loc.starts_with("tests/testing_helpers.rs:"),
        "{loc} (line {line})"
    );
}
