//! Reading the JSON test cases that `scripts/gen_numpy_reference.py` writes for the
//! accumulate, select and testing-helper tests: NumPy element strings, arrays described as
//! `{"dtype", "shape", "values", "order", "ops"}`, and the comparison of a result (or an
//! error) with the expected one.

use super::{Json, dtype, same_element};
use numfuse::prelude::*;
use numfuse::{Element, SliceElem};

/// Parses one element string (`repr` of the NumPy value) as `t`.
pub fn parse_scalar(s: &str, t: DType) -> Scalar {
    fn num<N: std::str::FromStr>(s: &str, t: DType) -> N {
        s.parse().unwrap_or_else(|_| panic!("bad {t} value {s:?}"))
    }
    match t {
        DType::Bool => Scalar::Bool(s == "True"),
        DType::F32 | DType::F64 => Scalar::F64(num(s, t)).cast(t),
        t if t.is_signed() => Scalar::I64(num(s, t)).cast(t),
        t => Scalar::U64(num(s, t)).cast(t),
    }
}

/// An array from `{"dtype", "shape", "values", "order", "ops"}`: the values in C order, laid
/// out in `order`, then viewed through `ops` (the vocabulary of `reshape.json`).
pub fn array_from_json(j: &Json) -> Array {
    let t = dtype(j.get("dtype").str());
    let shape: Vec<isize> = j.get("shape").ints().iter().map(|&v| v as isize).collect();
    let values = j.get("values").arr();
    let mut a = Array::zeros(&[values.len()], t);
    for (i, v) in values.iter().enumerate() {
        a.set(&[i as isize], parse_scalar(v.str(), t)).unwrap();
    }
    let mut a = a.reshape(&shape).unwrap();
    if j.get("order").str() == "F" {
        a = a.asfortranarray();
    }
    for op in j.get("ops").arr() {
        a = apply_op(&a, op);
    }
    a
}

pub fn slice_elem(e: &Json) -> SliceElem {
    match e {
        Json::Num(_) => SliceElem::Index(e.int() as isize),
        Json::Arr(v) => SliceElem::Slice {
            start: v[0].opt().map(|x| x.int() as isize),
            stop: v[1].opt().map(|x| x.int() as isize),
            step: v[2].opt().map_or(1, |x| x.int() as isize),
        },
        other => panic!("bad index entry {other:?}"),
    }
}

pub fn apply_op(a: &Array, op: &Json) -> Array {
    match op.get("op").str() {
        "T" => a.t(),
        "transpose" => {
            let axes: Vec<isize> = op.get("axes").ints().iter().map(|&v| v as isize).collect();
            a.permute_axes(&axes).unwrap()
        }
        "slice" => {
            let index: Vec<SliceElem> = op.get("index").arr().iter().map(slice_elem).collect();
            a.slice(&index).unwrap()
        }
        other => panic!("unknown op {other}"),
    }
}

/// Compares a result with `{"dtype", "shape", "values"}` or `{"error", "msg"}`; `None` when
/// they agree, else what differs.
/// The dtype and shape of an expected `{"dtype", "shape", "values"}`.
pub fn expected_header(expect: &Json) -> (DType, Vec<usize>) {
    let t = dtype(expect.get("dtype").str());
    let shape = expect
        .get("shape")
        .ints()
        .iter()
        .map(|&v| v as usize)
        .collect();
    (t, shape)
}

/// A failure line when `a`'s dtype or shape is not NumPy's (`what` prefixes it: "q ", "r ").
pub fn header_mismatch(what: &str, a: &Array, t: DType, shape: &[usize]) -> Option<String> {
    (a.dtype() != t || a.shape() != shape).then(|| {
        format!(
            "{what}dtype/shape {} {:?}, numpy {t} {shape:?}",
            a.dtype(),
            a.shape()
        )
    })
}

pub fn check(got: numfuse::Result<Array>, expect: &Json) -> Option<String> {
    if let Json::Obj(m) = expect
        && m.iter().any(|(k, _)| k == "error")
    {
        return match got {
            Err(_) => None,
            Ok(a) => Some(format!(
                "numpy raised {}: {}, numfuse returned {a}",
                expect.get("error").str(),
                expect.get("msg").str()
            )),
        };
    }
    let a = match got {
        Ok(a) => a,
        Err(e) => return Some(format!("numfuse failed: {e}")),
    };
    let (t, shape) = expected_header(expect);
    if let Some(m) = header_mismatch("", &a, t, &shape) {
        return Some(m);
    }
    let want: Vec<Scalar> = expect
        .get("values")
        .arr()
        .iter()
        .map(|v| parse_scalar(v.str(), t))
        .collect();
    let got: Vec<Scalar> = numfuse::dispatch!(t, T => a
        .to_vec::<T>()
        .unwrap()
        .into_iter()
        .map(Element::into_scalar)
        .collect());
    let same =
        |x: Scalar, y: Scalar| numfuse::dispatch!(t, T => same_element(x.to::<T>(), y.to::<T>()));
    let bad: Vec<String> = got
        .iter()
        .zip(&want)
        .enumerate()
        .filter(|&(_, (&g, &w))| !same(g, w))
        .take(5)
        .map(|(i, (g, w))| format!("[{i}] {g} vs numpy {w}"))
        .collect();
    (!bad.is_empty()).then(|| format!("values differ: {}", bad.join(", ")))
}

/// Judges one case's outcome against NumPy's `expect`: `{"error", "msg"}` (then `same_kind`
/// decides whether numfuse's error is NumPy's), `{"arrays": [...]}` for several results, or one
/// array. `None` when they agree, else what differs.
pub fn judge(
    got: numfuse::Result<Vec<Array>>,
    expect: &Json,
    same_kind: impl Fn(&Error, &str, &str) -> bool,
) -> Option<String> {
    let has = |key: &str| matches!(expect, Json::Obj(m) if m.iter().any(|(k, _)| k == key));
    if has("error") {
        let (kind, msg) = (expect.get("error").str(), expect.get("msg").str());
        match &got {
            Err(e) if same_kind(e, kind, msg) => None,
            Err(e) => Some(format!("numpy {kind}: {msg}, numfuse {e:?}: {e}")),
            Ok(v) => Some(format!("numpy {kind}: {msg}, numfuse returned {v:?}")),
        }
    } else if has("arrays") {
        let want = expect.get("arrays").arr();
        match got {
            Err(e) => Some(format!("numfuse failed: {e}")),
            Ok(v) if v.len() != want.len() => {
                Some(format!("{} arrays, numpy {}", v.len(), want.len()))
            }
            Ok(v) => v
                .into_iter()
                .zip(want)
                .enumerate()
                .find_map(|(i, (a, w))| check(Ok(a), w).map(|m| format!("[{i}] {m}"))),
        }
    } else {
        check(got.map(|mut v| v.remove(0)), expect)
    }
}

/// Runs every case of the functions `funcs` in the reference file `rel` through `run` and
/// [`judge`], and fails with every disagreement (a panic counts as one); returns how many ran.
pub fn run_case_file(
    rel: &str,
    funcs: &[&str],
    run: impl Fn(&Json) -> numfuse::Result<Vec<Array>>,
    same_kind: impl Fn(&Error, &str, &str) -> bool,
) -> usize {
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in super::load_cases(rel) {
        if !funcs.contains(&case.get("func").str()) {
            continue;
        }
        checked += 1;
        let name = case.get("name").str();
        let got = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&case)));
        let why = match got {
            Err(_) => Some("panicked".to_string()),
            Ok(got) => judge(got, case.get("expect"), &same_kind),
        };
        if let Some(why) = why {
            failures.push(format!("  {name}: {why}"));
        }
    }
    super::assert_agree(&failures, checked);
    checked
}
