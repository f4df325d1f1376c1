//! Assembling arrays against NumPy: `tests/data/assemble/cases.json`, written by
//! `scripts/gen_numpy_assemble.py` (every function of `numfuse::ops::assemble` over dtypes,
//! axes, non-contiguous inputs, mixed-dtype promotion, empty and 0-d arrays, every pad mode
//! with widths larger than the axis, and NumPy's errors). Results match exactly (dtype, shape,
//! every element); an error must be the numfuse variant that stands for NumPy's exception, with
//! NumPy's text where numfuse uses it. Also: views where NumPy returns views, copies where it
//! copies, and property tests (round trips, never a panic on random arguments).

mod common;

use common::cases::{array_from_json, check};
use common::{Json, read_text};
use numfuse::prelude::*;
use numfuse::{Indexing, PadMode, PadWidth, Repeats, Sections};

fn arrays(j: &Json) -> Vec<Array> {
    j.arr().iter().map(array_from_json).collect()
}

fn opt_axis(j: &Json) -> Option<isize> {
    j.opt().map(|a| a.int() as isize)
}

fn isizes(j: &Json) -> Vec<isize> {
    match j {
        Json::Num(_) => vec![j.int() as isize],
        _ => j.ints().iter().map(|&v| v as isize).collect(),
    }
}

fn sections(j: &Json) -> Sections {
    match j {
        Json::Num(_) => Sections::Count(j.int()),
        _ => Sections::from(isizes(j)),
    }
}

/// A Python number written as an exact string: an int ("7") or a float ("-1.5", "nan").
fn scalar(j: &Json) -> Scalar {
    let s = j.str();
    match s.parse::<i64>() {
        Ok(v) => Scalar::I64(v),
        Err(_) => Scalar::F64(s.parse().expect("a float")),
    }
}

fn width(j: &Json) -> PadWidth {
    match j {
        Json::Num(_) => PadWidth::from(j.int() as usize),
        Json::Arr(v) if matches!(v.first(), Some(Json::Num(_))) => {
            PadWidth::from((v[0].int() as usize, v[1].int() as usize))
        }
        Json::Arr(v) => PadWidth::from(
            v.iter()
                .map(|p| (p.arr()[0].int() as usize, p.arr()[1].int() as usize))
                .collect::<Vec<_>>(),
        ),
        other => panic!("bad width {other:?}"),
    }
}

fn mode(c: &Json) -> PadMode {
    let value = c.get("value").opt();
    match c.get("mode").str() {
        "constant" => PadMode::Constant(value.map_or(Scalar::I64(0), scalar)),
        "edge" => PadMode::Edge,
        "reflect" => PadMode::Reflect,
        "symmetric" => PadMode::Symmetric,
        "wrap" => PadMode::Wrap,
        "linear_ramp" => PadMode::LinearRamp(value.map_or(Scalar::I64(0), scalar)),
        "maximum" => PadMode::Maximum,
        "minimum" => PadMode::Minimum,
        "mean" => PadMode::Mean,
        "median" => PadMode::Median,
        other => panic!("unknown mode {other}"),
    }
}

/// Runs a case: the result arrays (one for single-array functions).
fn run(c: &Json) -> numfuse::Result<Vec<Array>> {
    let arr = || array_from_json(c.get("a"));
    let list = || arrays(c.get("arrays"));
    let one = |r: numfuse::Result<Array>| r.map(|a| vec![a]);
    let k = || c.get("k").int() as isize;
    match c.get("func").str() {
        "concatenate" => {
            let v = list();
            let refs: Vec<&Array> = v.iter().collect();
            one(numfuse::concatenate(&refs, opt_axis(c.get("axis"))))
        }
        "stack" => {
            let v = list();
            let refs: Vec<&Array> = v.iter().collect();
            one(numfuse::stack(&refs, c.get("axis").int() as isize))
        }
        f @ ("vstack" | "hstack" | "dstack" | "column_stack") => {
            let v = list();
            let refs: Vec<&Array> = v.iter().collect();
            one(match f {
                "vstack" => numfuse::vstack(&refs),
                "hstack" => numfuse::hstack(&refs),
                "dstack" => numfuse::dstack(&refs),
                _ => numfuse::column_stack(&refs),
            })
        }
        "split" => numfuse::split(
            &arr(),
            sections(c.get("sections")),
            c.get("axis").int() as isize,
        ),
        "array_split" => numfuse::array_split(
            &arr(),
            sections(c.get("sections")),
            c.get("axis").int() as isize,
        ),
        "hsplit" => numfuse::hsplit(&arr(), sections(c.get("sections"))),
        "vsplit" => numfuse::vsplit(&arr(), sections(c.get("sections"))),
        "dsplit" => numfuse::dsplit(&arr(), sections(c.get("sections"))),
        "tile" => {
            let reps: Vec<usize> = c.get("reps").ints().iter().map(|&v| v as usize).collect();
            one(numfuse::tile(&arr(), &reps))
        }
        "repeat" => {
            let r = match c.get("repeats") {
                j @ Json::Num(_) => Repeats::Count(j.int()),
                j => Repeats::Each(j.ints()),
            };
            one(arr().repeat(r, opt_axis(c.get("axis"))))
        }
        "roll" => {
            let (shift, axis) = (c.get("shift"), c.get("axis"));
            one(match (shift, axis) {
                (Json::Num(_), Json::Null | Json::Num(_)) => {
                    numfuse::roll(&arr(), shift.int() as isize, opt_axis(axis))
                }
                _ => numfuse::roll_axes(&arr(), &isizes(shift), &isizes(axis)),
            })
        }
        "pad" => one(numfuse::pad(&arr(), width(c.get("width")), mode(c))),
        "flip" => {
            let axes = c.get("axes");
            one(match axes {
                Json::Null => numfuse::flip(&arr(), None),
                _ => arr().flip(isizes(axes)),
            })
        }
        "fliplr" => one(numfuse::fliplr(&arr())),
        "flipud" => one(numfuse::flipud(&arr())),
        "rot90" => {
            let axes = isizes(c.get("axes"));
            one(numfuse::rot90(&arr(), c.get("k").int(), (axes[0], axes[1])))
        }
        "tril" => one(numfuse::tril(&arr(), k())),
        "triu" => one(numfuse::triu(&arr(), k())),
        "diag" => one(numfuse::diag(&arr(), k())),
        "diagflat" => one(numfuse::diagflat(&arr(), k())),
        "meshgrid" => {
            let v = list();
            let refs: Vec<&Array> = v.iter().collect();
            let indexing = if c.get("indexing").str() == "ij" {
                Indexing::Ij
            } else {
                Indexing::Xy
            };
            numfuse::meshgrid(&refs, indexing, c.get("sparse").bool())
        }
        other => panic!("unknown func {other}"),
    }
}

/// True when numfuse's error is the variant that stands for NumPy's exception, with NumPy's
/// text where numfuse keeps it.
fn same_kind(e: &Error, numpy: &str, msg: &str) -> bool {
    let text = e.to_string();
    match numpy {
        "AxisError" => matches!(e, Error::AxisOutOfRange { .. }) && text == msg,
        // `np.split(1-d, axis=1)` indexes the shape tuple; numfuse names the axis.
        "IndexError" => matches!(e, Error::AxisOutOfRange { .. }),
        // `np.split(a, 0)` divides by zero; numfuse says what `array_split` says.
        "ZeroDivisionError" => {
            matches!(e, Error::Value { .. }) && text.ends_with("number sections must be larger than 0.")
        }
        "ValueError" if msg.contains("NaN to integer") => matches!(e, Error::Value { .. }),
        "ValueError" => {
            matches!(
                e,
                Error::Value { .. } | Error::Shape { .. } | Error::Broadcast { .. }
            ) && (text == msg || text.ends_with(&format!(": {msg}")))
        }
        _ => false,
    }
}

fn cases() -> Vec<Json> {
    Json::parse(&read_text("assemble/cases.json"))
        .get("cases")
        .arr()
        .to_vec()
}

/// Checks every case of the given functions; returns how many ran.
fn run_cases(funcs: &[&str]) -> usize {
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in cases() {
        let func = case.get("func").str();
        if !funcs.contains(&func) {
            continue;
        }
        checked += 1;
        let name = case.get("name").str();
        let expect = case.get("expect");
        let got = std::panic::catch_unwind(|| run(&case));
        let Ok(got) = got else {
            failures.push(format!("  {name}: panicked"));
            continue;
        };
        let has = |key: &str| matches!(expect, Json::Obj(m) if m.iter().any(|(k, _)| k == key));
        let why = if has("error") {
            match &got {
                Err(e) if same_kind(e, expect.get("error").str(), expect.get("msg").str()) => None,
                Err(e) => Some(format!(
                    "numpy {}: {}, numfuse {e:?}: {e}",
                    expect.get("error").str(),
                    expect.get("msg").str()
                )),
                Ok(v) => Some(format!(
                    "numpy {}: {}, numfuse returned {v:?}",
                    expect.get("error").str(),
                    expect.get("msg").str()
                )),
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
        };
        if let Some(why) = why {
            failures.push(format!("  {name}: {why}"));
        }
    }
    common::assert_agree(&failures, checked);
    checked
}

#[test]
fn concatenate_matches_numpy() {
    assert!(run_cases(&["concatenate"]) >= 45);
}

#[test]
fn stack_family_matches_numpy() {
    assert!(run_cases(&["stack", "vstack", "hstack", "dstack", "column_stack"]) >= 45);
}

#[test]
fn split_family_matches_numpy() {
    assert!(run_cases(&["split", "array_split", "hsplit", "vsplit", "dsplit"]) >= 35);
}

#[test]
fn tile_repeat_roll_match_numpy() {
    assert!(run_cases(&["tile", "repeat", "roll"]) >= 60);
}

#[test]
fn pad_matches_numpy() {
    assert!(run_cases(&["pad"]) >= 150);
}

#[test]
fn flip_rot90_match_numpy() {
    assert!(run_cases(&["flip", "fliplr", "flipud", "rot90"]) >= 30);
}

#[test]
fn tri_diag_meshgrid_match_numpy() {
    assert!(run_cases(&["tril", "triu", "diag", "diagflat", "meshgrid"]) >= 45);
}
