//! Assembling arrays against NumPy: `tests/data/assemble/cases.json`, written by
//! `scripts/gen_numpy_assemble.py` (every function of `numfuse::ops::assemble` over dtypes,
//! axes, non-contiguous inputs, mixed-dtype promotion, empty and 0-d arrays, every pad mode
//! with widths larger than the axis, and NumPy's errors). Results match exactly (dtype, shape,
//! every element); an error must be the numfuse variant that stands for NumPy's exception, with
//! NumPy's text where numfuse uses it. Also: views where NumPy returns views, copies where it
//! copies, and property tests (round trips, never a panic on random arguments).

mod common;

use common::Json;
use common::cases::{array_from_json, run_case_file};
use numfuse::prelude::*;
use numfuse::{Indexing, PadMode, PadWidth, Repeats, Sections, SliceElem};

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
            matches!(e, Error::Value { .. })
                && text.ends_with("number sections must be larger than 0.")
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

/// Checks every case of the given functions; returns how many ran.
fn run_cases(funcs: &[&str]) -> usize {
    run_case_file("assemble/cases.json", funcs, run, same_kind)
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

#[test]
fn views_where_numpy_returns_views() {
    let a = Array::arange(24.0, DType::F64).reshape(&[2, 3, 4]).unwrap();
    for p in numfuse::split(&a, 2, 2).unwrap() {
        assert!(p.shares_memory(&a) && !p.flags().owndata);
    }
    for p in numfuse::array_split(&a, [1, 2], 1).unwrap() {
        assert!(p.shares_memory(&a));
    }
    assert!(numfuse::hsplit(&a, 3).unwrap()[2].shares_memory(&a));
    assert!(numfuse::vsplit(&a, 2).unwrap()[1].shares_memory(&a));
    assert!(numfuse::dsplit(&a, 2).unwrap()[0].shares_memory(&a));
    let f = numfuse::flip(&a, [0, 2]).unwrap();
    assert!(f.shares_memory(&a));
    assert!(f.strides()[0] < 0 && f.strides()[2] < 0);
    assert!(numfuse::fliplr(&a).unwrap().shares_memory(&a));
    assert!(numfuse::flipud(&a).unwrap().shares_memory(&a));
    for k in -2..=4 {
        assert!(
            numfuse::rot90(&a, k, (1, 2)).unwrap().shares_memory(&a),
            "k={k}"
        );
    }
    assert!(numfuse::atleast_3d(&a.slice(s![0, 0]).unwrap()).shares_memory(&a));
    let x = array![1.0, 2.0];
    let g = numfuse::meshgrid_views(&[&x, &x], Indexing::Xy, false).unwrap();
    assert!(g[0].shares_memory(&x) && !g[0].flags().writeable);
}

#[test]
fn copies_where_numpy_copies() {
    let a = Array::arange(12.0, DType::I32).reshape(&[3, 4]).unwrap();
    // A fresh buffer, writeable; `owndata` too except where NumPy's result is itself a view
    // of its fresh buffer (tile's final reshape, as in NumPy).
    let fresh = |r: &Array| !r.shares_memory(&a) && r.flags().writeable;
    let owned = |r: Array| assert!(fresh(&r) && r.flags().owndata, "{r:?}");
    // Where NumPy's result is a view of its own fresh buffer (owndata False in NumPy too).
    let fresh_view = |r: Array| assert!(fresh(&r), "{r:?}");
    owned(numfuse::concatenate(&[&a], Some(0)).unwrap());
    owned(numfuse::concatenate(&[&a], None).unwrap());
    owned(numfuse::stack(&[&a], 0).unwrap());
    fresh_view(numfuse::tile(&a, &[2, 1]).unwrap());
    owned(a.repeat(1, Some(0)).unwrap());
    fresh_view(numfuse::roll(&a, 0, None).unwrap());
    owned(numfuse::roll(&a, 4, Some(1)).unwrap());
    owned(numfuse::pad(&a, 0, PadMode::Edge).unwrap());
    owned(numfuse::tril(&a, 5).unwrap());
    owned(numfuse::triu(&a, -5).unwrap());
    fresh_view(numfuse::diag(&a, 0).unwrap());
    for g in numfuse::meshgrid(&[&a, &a], Indexing::Ij, true).unwrap() {
        owned(g);
    }
}

#[test]
fn concatenate_fast_path_and_strided_path_agree() {
    // C-contiguous same-dtype inputs take the block copy; the transposed one the strided copy.
    let a = Array::arange(60.0, DType::I64).reshape(&[3, 4, 5]).unwrap();
    let b = Array::arange(60.0, DType::I64)
        .reshape(&[5, 4, 3])
        .unwrap()
        .t();
    for axis in 0..3 {
        let fast = numfuse::concatenate(&[&a, &a.copy()], Some(axis)).unwrap();
        let slow = numfuse::concatenate(&[&b.copy(), &b], Some(axis)).unwrap();
        let both = numfuse::concatenate(&[&a, &b], Some(axis)).unwrap();
        assert_eq!(fast.shape(), slow.shape());
        let n = a.shape()[axis as usize] as isize;
        let mut idx = vec![
            SliceElem::Slice {
                start: None,
                stop: None,
                step: 1
            };
            3
        ];
        idx[axis as usize] = SliceElem::Slice {
            start: Some(0),
            stop: Some(n),
            step: 1,
        };
        assert_eq!(
            both.slice(&idx).unwrap().to_vec::<i64>().unwrap(),
            a.to_vec::<i64>().unwrap()
        );
        idx[axis as usize] = SliceElem::Slice {
            start: Some(n),
            stop: None,
            step: 1,
        };
        assert_eq!(
            both.slice(&idx).unwrap().to_vec::<i64>().unwrap(),
            b.to_vec::<i64>().unwrap()
        );
    }
}

#[test]
fn errors_carry_numpys_words() {
    let a = Array::zeros(&[2, 3], DType::F64);
    let b = Array::zeros(&[2, 2], DType::F64);
    let msg = |r: numfuse::Result<Array>| r.unwrap_err().to_string();
    assert_eq!(
        msg(numfuse::concatenate(&[&a, &b], Some(0))),
        "concatenate: all the input array dimensions except for the concatenation axis must \
         match exactly, but along dimension 1, the array at index 0 has size 3 and the array at \
         index 1 has size 2"
    );
    assert_eq!(
        msg(numfuse::concatenate(&[], Some(0))),
        "concatenate: need at least one array to concatenate"
    );
    assert_eq!(
        msg(numfuse::pad(
            &Array::zeros(&[0], DType::F64),
            1,
            PadMode::Wrap
        )),
        "pad: can't extend empty axis 0 using modes other than 'constant' or 'empty'"
    );
    assert_eq!(
        numfuse::split(&a, 2, 1).unwrap_err().to_string(),
        "split: array split does not result in an equal division"
    );
    assert!(matches!(
        numfuse::repeat(&a, -1, None),
        Err(Error::Value { .. })
    ));
    assert!(matches!(
        numfuse::flip(&a, 2),
        Err(Error::AxisOutOfRange { axis: 2, ndim: 2 })
    ));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    /// A small array of `dtype`, shape `shape`, holding 0, 1, 2, ... cast to the dtype, viewed
    /// transposed when `t` (so layouts vary).
    fn make(shape: &[usize], dtype: DType, t: bool) -> Array {
        let n: usize = shape.iter().product();
        let a = Array::arange(n as f64, DType::F64)
            .astype(dtype)
            .reshape(&shape.iter().map(|&d| d as isize).collect::<Vec<_>>())
            .unwrap();
        if t { a.t() } else { a }
    }

    fn dtypes() -> impl Strategy<Value = DType> {
        prop::sample::select(vec![
            DType::Bool,
            DType::I8,
            DType::U16,
            DType::I64,
            DType::F32,
        ])
    }

    fn shapes() -> impl Strategy<Value = Vec<usize>> {
        prop::collection::vec(0usize..4, 1..4)
    }

    fn same(a: &Array, b: &Array) -> bool {
        a.dtype() == b.dtype()
            && a.shape() == b.shape()
            && a.astype(DType::F64).to_vec::<f64>().unwrap()
                == b.astype(DType::F64).to_vec::<f64>().unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn split_then_concatenate_round_trips(
            shape in shapes(), dt in dtypes(), t in any::<bool>(),
            axis in 0usize..3, cuts in prop::collection::vec(-5isize..6, 0..4),
        ) {
            let a = make(&shape, dt, t);
            let axis = (axis % a.ndim()) as isize;
            let mut cuts = cuts;
            let len = a.shape()[axis as usize] as isize;
            // Increasing, non-negative cuts make pieces that tile the axis exactly.
            cuts.iter_mut().for_each(|c| *c = c.rem_euclid(len + 1));
            cuts.sort_unstable();
            let parts = numfuse::array_split(&a, cuts.clone(), axis).unwrap();
            prop_assert_eq!(parts.len(), cuts.len() + 1);
            let refs: Vec<&Array> = parts.iter().collect();
            let back = numfuse::concatenate(&refs, Some(axis)).unwrap();
            prop_assert!(same(&back, &a));
        }

        #[test]
        fn stack_then_index_gives_each_input(
            shape in shapes(), dt in dtypes(), n in 1usize..4, axis in 0usize..4,
        ) {
            let inputs: Vec<Array> = (0..n).map(|i| make(&shape, dt, i % 2 == 1)).collect();
            let refs: Vec<&Array> = inputs.iter().collect();
            let axis = axis % (shape.len() + 1);
            let s = numfuse::stack(&refs, axis as isize);
            // Transposed inputs have another shape unless square: then stack must refuse.
            if inputs.iter().any(|x| x.shape() != inputs[0].shape()) {
                prop_assert!(s.is_err());
                return Ok(());
            }
            let s = s.unwrap();
            for (i, x) in inputs.iter().enumerate() {
                let mut idx = vec![SliceElem::Slice { start: None, stop: None, step: 1 }; s.ndim()];
                idx[axis] = SliceElem::Index(i as isize);
                prop_assert!(same(&s.slice(&idx).unwrap(), x));
            }
        }

        #[test]
        fn roll_back_is_identity(
            shape in shapes(), dt in dtypes(), t in any::<bool>(),
            shift in -20isize..20, axis in prop::option::of(0usize..3),
        ) {
            let a = make(&shape, dt, t);
            let axis = axis.map(|ax| (ax % a.ndim()) as isize);
            let r = numfuse::roll(&a, shift, axis).unwrap();
            let back = numfuse::roll(&r, -shift, axis).unwrap();
            prop_assert!(same(&back, &a));
        }

        #[test]
        fn pad_interior_is_the_input(
            shape in prop::collection::vec(1usize..4, 1..4), dt in dtypes(), t in any::<bool>(),
            widths in prop::collection::vec((0usize..6, 0usize..6), 3), m in 0usize..10,
        ) {
            let a = make(&shape, dt, t);
            let widths = widths[..a.ndim()].to_vec();
            let mode = [
                PadMode::Constant(Scalar::I64(3)), PadMode::Edge, PadMode::Reflect,
                PadMode::Symmetric, PadMode::Wrap, PadMode::LinearRamp(Scalar::F64(-2.5)),
                PadMode::Maximum, PadMode::Minimum, PadMode::Mean, PadMode::Median,
            ][m];
            let p = numfuse::pad(&a, widths.clone(), mode).unwrap();
            let idx: Vec<SliceElem> = widths
                .iter()
                .zip(a.shape())
                .map(|(&(b, _), &n)| SliceElem::Slice {
                    start: Some(b as isize), stop: Some((b + n) as isize), step: 1,
                })
                .collect();
            prop_assert!(same(&p.slice(&idx).unwrap(), &a));
        }

        #[test]
        fn never_panics_on_random_arguments(
            shape in prop::collection::vec(0usize..4, 0..4), dt in dtypes(),
            axis in -5isize..5, k in -6isize..6, n in -3i64..6,
            list in prop::collection::vec(-6isize..8, 0..4),
            widths in prop::collection::vec((0usize..4, 0usize..4), 0..4), m in 0usize..10,
        ) {
            let a = make(&shape, dt, false);
            let b = make(&shape, DType::F64, true);
            let mode = [
                PadMode::Constant(Scalar::F64(f64::NAN)), PadMode::Edge, PadMode::Reflect,
                PadMode::Symmetric, PadMode::Wrap, PadMode::LinearRamp(Scalar::I64(7)),
                PadMode::Maximum, PadMode::Minimum, PadMode::Mean, PadMode::Median,
            ][m];
            let reps: Vec<usize> = list.iter().map(|&r| r.unsigned_abs() % 3).collect();
            let counts: Vec<i64> = list.iter().map(|&r| r as i64).collect();
            let _ = numfuse::concatenate(&[&a, &b], Some(axis));
            let _ = numfuse::concatenate(&[&a, &b], None);
            let _ = numfuse::stack(&[&a, &b], axis);
            let _ = numfuse::vstack(&[&a, &b]);
            let _ = numfuse::hstack(&[&a, &b]);
            let _ = numfuse::dstack(&[&a, &b]);
            let _ = numfuse::column_stack(&[&a, &b]);
            let _ = numfuse::split(&a, Sections::Count(n), axis);
            let _ = numfuse::array_split(&a, Sections::Count(n), axis);
            let _ = numfuse::array_split(&a, list.clone(), axis);
            let _ = numfuse::hsplit(&a, list.clone());
            let _ = numfuse::tile(&a, &reps);
            let _ = numfuse::repeat(&a, n, Some(axis));
            let _ = numfuse::repeat(&a, counts, Some(axis));
            let _ = numfuse::roll_axes(&a, &list, &[axis]);
            let _ = numfuse::pad(&a, widths.clone(), mode);
            let _ = numfuse::pad(&b, widths, mode);
            let _ = numfuse::flip(&a, list.clone());
            let _ = numfuse::rot90(&a, n, (axis, k));
            let _ = numfuse::tril(&a, k);
            let _ = numfuse::triu(&b, k);
            let _ = numfuse::diag(&a, k);
            let _ = numfuse::diagflat(&b, k);
            let _ = numfuse::meshgrid(&[&a, &b], Indexing::Xy, n > 2);
        }
    }
}

#[test]
fn extreme_arguments_are_errors_not_panics() {
    let a = Array::arange(6.0, DType::F32).reshape(&[2, 3]).unwrap();
    assert!(matches!(
        numfuse::pad(&a, usize::MAX, PadMode::Edge),
        Err(Error::ShapeOverflow { .. })
    ));
    assert!(numfuse::pad(&a, (1 << 40, 1 << 40), PadMode::Wrap).is_err());
    assert!(numfuse::tile(&a, &[usize::MAX, 2]).is_err());
    assert!(numfuse::tile(&a, &[1 << 40, 1 << 40]).is_err());
    assert!(numfuse::repeat(&a, i64::MAX, None).is_err());
    assert!(numfuse::repeat(&a, [i64::MAX, i64::MAX, 1], Some(1)).is_err());
    assert!(numfuse::array_split(&a, i64::MAX, 0).is_err());
    assert!(numfuse::diag(&array![1.0, 2.0], isize::MIN).is_err());
    assert_eq!(numfuse::tril(&a, isize::MIN).unwrap().shape(), &[2, 3]);
    assert_eq!(numfuse::triu(&a, isize::MAX).unwrap().shape(), &[2, 3]);
    assert!(numfuse::rot90(&a, i64::MIN, (isize::MIN, isize::MAX)).is_err());
    assert!(numfuse::roll(&a, isize::MIN, Some(1)).is_ok());
    assert!(numfuse::roll_axes(&a, &[isize::MAX, isize::MAX], &[1, 1]).is_ok());
    assert!(numfuse::flip(&a, isize::MIN).is_err());
    assert!(numfuse::split(&a, vec![isize::MIN, isize::MAX], 1).is_ok());
    let big = Array::scalar(1.0).broadcast_to(&[1 << 30]).unwrap();
    assert!(numfuse::meshgrid(&[&big, &big], Indexing::Xy, false).is_err());
}
