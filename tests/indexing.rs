//! Advanced indexing against NumPy: gather (`a[index]`), scatter (`a[index] = v`), `ufunc.at`
//! and `ix_`, from `tests/data/indexing/cases.json` (`scripts/gen_numpy_indexing.py`). Every
//! case runs on the input as NumPy built it and again on a Fortran-ordered and a reversed-view
//! copy of it, since a plan must not depend on the layout. Errors must match NumPy's message.

mod common;

use common::cases::{array_from_json, check};
use common::{Json, read_text};
use numfuse::SliceElem;
use numfuse::index::{IndexElem, ix_, ufunc_at};
use numfuse::ir::BinaryOp;
use numfuse::ops::Input;
use numfuse::prelude::*;

fn weak(j: &Json) -> Option<Scalar> {
    let Json::Obj(m) = j else { return None };
    if !m.iter().any(|(k, _)| k == "weak") {
        return None;
    }
    let v = j.get("value").str();
    Some(match j.get("weak").str() {
        "bool" => Scalar::Bool(v == "True"),
        "int" => Scalar::I64(v.parse().unwrap()),
        "float" => Scalar::F64(v.parse().unwrap()),
        other => panic!("unknown weak kind {other}"),
    })
}

fn index_from_json(j: &Json) -> Vec<IndexElem> {
    j.arr()
        .iter()
        .map(|e| {
            let Json::Obj(m) = e else {
                panic!("bad index element {e:?}")
            };
            match m[0].0.as_str() {
                "int" => IndexElem::from(e.get("int").int() as isize),
                "slice" => {
                    let v = e.get("slice").arr();
                    IndexElem::from(SliceElem::Slice {
                        start: v[0].opt().map(|x| x.int() as isize),
                        stop: v[1].opt().map(|x| x.int() as isize),
                        step: v[2].opt().map_or(1, |x| x.int() as isize),
                    })
                }
                "newaxis" => IndexElem::from(NewAxis),
                "ellipsis" => IndexElem::from(Ellipsis),
                "array" => IndexElem::from(array_from_json(e.get("array"))),
                other => panic!("unknown index element {other}"),
            }
        })
        .collect()
}

fn at_op(name: &str) -> BinaryOp {
    match name {
        "add" => BinaryOp::Add,
        "subtract" => BinaryOp::Subtract,
        "multiply" => BinaryOp::Multiply,
        "maximum" => BinaryOp::Maximum,
        "minimum" => BinaryOp::Minimum,
        other => panic!("unknown op {other}"),
    }
}

/// The same values in other layouts: C as built, Fortran order, and a view that walks a
/// reversed copy backwards (negative strides, non-zero offset).
fn layouts(a: &Array) -> Vec<(&'static str, Array)> {
    let mut out = vec![("as built", a.clone()), ("F", a.copy_order(Order::F))];
    if a.ndim() > 0 {
        let reversed = a.slice(s![..;-1]).unwrap().copy();
        out.push(("reversed view", reversed.slice(s![..;-1]).unwrap()));
    }
    out
}

fn run(case: &Json, a: Array) -> numfuse::Result<Array> {
    let index = index_from_json(case.get("index"));
    match case.get("kind").str() {
        "get" => a.index(&index),
        "set" => {
            let mut a = a;
            let value = case.get("value");
            match weak(value) {
                Some(s) => a.index_fill(&index, s)?,
                None => a.index_assign(&index, &array_from_json(value))?,
            }
            Ok(a)
        }
        "at" => {
            let mut a = a;
            let value = case.get("value");
            let op = at_op(case.get("op").str());
            match weak(value) {
                Some(s) => ufunc_at(op, &mut a, &index, Input::Weak(s))?,
                None => ufunc_at(op, &mut a, &index, &array_from_json(value))?,
            }
            Ok(a)
        }
        "ix" => {
            let arrays: Vec<Array> = case
                .get("arrays")
                .arr()
                .iter()
                .map(array_from_json)
                .collect();
            let refs: Vec<&Array> = arrays.iter().collect();
            a.index(ix_(&refs)?)
        }
        other => panic!("unknown kind {other}"),
    }
}

#[test]
fn indexing_matches_numpy() {
    let data = Json::parse(&read_text("indexing/cases.json"));
    let cases = data.get("cases").arr();
    assert!(cases.len() >= 90, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = format!("{} {}", case.get("kind").str(), case.get("name").str());
        let a = array_from_json(case.get("a"));
        let expect = case.get("expect");
        for (layout, input) in layouts(&a) {
            let got = run(case, input);
            if let (Err(e), Json::Obj(m)) = (&got, expect)
                && m.iter().any(|(k, _)| k == "error")
            {
                let want = expect.get("msg").str();
                if !e.to_string().contains(want.trim_end()) {
                    failures.push(format!("{name} ({layout}): error {e:?}, numpy {want:?}"));
                }
                continue;
            }
            if let Some(diff) = check(got, expect) {
                failures.push(format!("{name} ({layout}): {diff}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn basic_index_gives_a_view_and_arrays_a_copy() {
    let a = Array::arange(12.0, DType::F64).reshape(&[3, 4]).unwrap();
    let view = a.index(idx![1.., ..;2]).unwrap();
    assert!(view.shares_memory(&a));
    let copy = a.index(idx![[2, 1], ..;2]).unwrap();
    assert!(!copy.shares_memory(&a));
    assert!(copy.is_c_contiguous());
    assert_eq!(copy.to_vec::<f64>().unwrap(), vec![8.0, 10.0, 4.0, 6.0]);
}

#[test]
fn writes_copy_a_shared_buffer_first() {
    let mut a = Array::arange(6.0, DType::F64);
    let before = a.clone();
    a.index_fill(idx![[0, 5]], -1.0).unwrap();
    a.index_assign(
        idx![&array![true, false, true, false, false, false]],
        &array![7.0],
    )
    .unwrap();
    ufunc_at(BinaryOp::Add, &mut a, idx![[1, 1]], 10.0).unwrap();
    assert_eq!(
        before.to_vec::<f64>().unwrap(),
        vec![0., 1., 2., 3., 4., 5.]
    );
    assert_eq!(a.to_vec::<f64>().unwrap(), vec![7., 21., 7., 3., 4., -1.]);
}

#[test]
fn writes_through_basic_indices_and_read_only_views() {
    let mut a = Array::zeros(&[2, 3], DType::I32);
    a.index_fill(idx![.., 1], 5).unwrap();
    a.index_assign(idx![0], &array![1, 2, 3]).unwrap();
    assert_eq!(a.to_vec::<i32>().unwrap(), vec![1, 2, 3, 0, 5, 0]);
    ufunc_at(BinaryOp::Multiply, &mut a, idx![.., 1..], 2).unwrap();
    assert_eq!(a.to_vec::<i32>().unwrap(), vec![1, 4, 6, 0, 10, 0]);
    // Through a borrowed view (reversed rows): the writes land in the parent.
    let keep = a.clone();
    let mut view = a.slice_mut(s![..;-1, ..]).unwrap();
    view.index_fill(idx![[0], [2]], -1).unwrap();
    view.index_assign(idx![1, [true, false, true]], &array![8, 9])
        .unwrap();
    assert_eq!(a.to_vec::<i32>().unwrap(), vec![8, 4, 9, 0, 10, -1]);
    assert_eq!(keep.to_vec::<i32>().unwrap(), vec![1, 4, 6, 0, 10, 0]);
    let mut ro = a.broadcast_to(&[4, 2, 3]).unwrap();
    let err = ro.index_fill(idx![[0]], 1).unwrap_err();
    assert!(matches!(err, Error::ReadOnly { .. }), "{err}");
}

#[test]
fn ufunc_at_refuses_what_numpy_refuses() {
    let mut ints = Array::zeros(&[3], DType::I64);
    let err = ufunc_at(BinaryOp::Add, &mut ints, idx![[0]], 1.5).unwrap_err();
    assert!(err.to_string().contains("same_kind"), "{err}");
    let mut bools = Array::zeros(&[3], DType::Bool);
    let err = ufunc_at(BinaryOp::Subtract, &mut bools, idx![[0]], true).unwrap_err();
    assert!(err.to_string().contains("subtract"), "{err}");
    let err = ufunc_at(BinaryOp::Power, &mut ints, idx![[0]], 2).unwrap_err();
    assert!(err.to_string().contains("not supported"), "{err}");
    assert_eq!(ints.to_vec::<i64>().unwrap(), vec![0, 0, 0]);
}

#[test]
fn ix_refuses_what_numpy_refuses() {
    let two_d = Array::zeros(&[2, 2], DType::I64);
    let err = ix_(&[&two_d]).unwrap_err();
    assert!(err.to_string().contains("1 dimensional"), "{err}");
    let floats = array![1.0, 2.0];
    let err = ix_(&[&floats]).unwrap_err();
    assert!(err.to_string().contains("integer (or boolean)"), "{err}");
}

#[test]
fn list_forms_build_index_arrays() {
    let a = Array::arange(10.0, DType::F64);
    let from_vec = a.index(idx![vec![9usize, 0]]).unwrap();
    let from_slice = a.index(idx![&[9i64, 0][..]]).unwrap();
    let from_mask = a.index(idx![[
        true, false, true, false, false, false, false, false, false, false
    ]]);
    assert_eq!(from_vec.to_vec::<f64>().unwrap(), vec![9.0, 0.0]);
    assert_eq!(from_slice.to_vec::<f64>().unwrap(), vec![9.0, 0.0]);
    assert_eq!(from_mask.unwrap().to_vec::<f64>().unwrap(), vec![0.0, 2.0]);
}

#[test]
fn large_gathers_split_across_threads_agree_with_a_loop() {
    // Above the parallel threshold: pieces of rows (2-D) and of the index list (1-D).
    let (rows, cols) = (1000usize, 300usize);
    let a = Array::arange((rows * cols) as f64, DType::F64)
        .reshape(&[rows as isize, cols as isize])
        .unwrap();
    let pick: Vec<i64> = (0..rows as i64)
        .map(|i| (i * 7919) % rows as i64 - 500)
        .collect();
    let got = a
        .index(idx![&Array::from_slice(&pick)])
        .unwrap()
        .to_vec::<f64>()
        .unwrap();
    let want: Vec<f64> = pick
        .iter()
        .flat_map(|&r| {
            let r = r.rem_euclid(rows as i64) as usize;
            (0..cols).map(move |c| (r * cols + c) as f64)
        })
        .collect();
    assert_eq!(got, want);
    let flat = a.ravel();
    let many: Vec<i64> = (0..400_000i64)
        .map(|i| (i * 104_729) % (rows * cols) as i64)
        .collect();
    let got = flat
        .index(idx![many.clone()])
        .unwrap()
        .to_vec::<f64>()
        .unwrap();
    let want: Vec<f64> = many.iter().map(|&i| i as f64).collect();
    assert_eq!(got, want);
}

mod random_indices {
    //! Gathers and scatters against an element-by-element reference built from `Array::get`:
    //! random shapes (empty axes included), layouts (C, transposed, reversed views), index
    //! arrays on a random set of axes (adjacent or not, negative entries) and the other axes
    //! taken whole.
    use super::*;
    use proptest::prelude::*;

    /// C-order multi-indices of `shape`.
    fn positions(shape: &[usize]) -> Vec<Vec<usize>> {
        let mut out = vec![vec![]];
        for &n in shape {
            out = out
                .into_iter()
                .flat_map(|p| {
                    (0..n).map(move |i| {
                        let mut q = p.clone();
                        q.push(i);
                        q
                    })
                })
                .collect();
        }
        out
    }

    fn layout(a: Array, how: u8) -> Array {
        match how % 3 {
            0 => a,
            1 => a.t().copy().t(),
            _ => a.slice(s![..;-1]).unwrap().copy().slice(s![..;-1]).unwrap(),
        }
    }

    /// Shape, layout, the axes that get index arrays (a bit mask), their common length and
    /// raw index values (reduced into range per axis, some made negative).
    fn case() -> impl Strategy<Value = (Vec<usize>, u8, u8, usize, Vec<i64>)> {
        (
            proptest::collection::vec(0usize..4, 1..5),
            any::<u8>(),
            1u8..16,
            0usize..4,
        )
            .prop_flat_map(|(shape, how, axes, len)| {
                let raw = proptest::collection::vec(any::<i64>(), len * shape.len());
                (Just(shape), Just(how), Just(axes), Just(len), raw)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn gather_and_scatter_match_get((shape, how, mask, len, raw) in case()) {
            let ndim = shape.len();
            let adv: Vec<usize> = (0..ndim).filter(|ax| mask >> ax & 1 == 1).collect();
            prop_assume!(!adv.is_empty());
            let size: usize = shape.iter().product();
            let a = Array::arange(size as f64, DType::F64)
                .reshape(&shape.iter().map(|&n| n as isize).collect::<Vec<_>>())
                .unwrap();
            let a = layout(a, how);
            // An axis of length 0 can only take an empty index list.
            let len = if adv.iter().any(|&ax| shape[ax] == 0) { 0 } else { len };
            let lists: Vec<Vec<i64>> = adv
                .iter()
                .enumerate()
                .map(|(k, &ax)| {
                    (0..len)
                        .map(|l| {
                            let n = shape[ax] as i64;
                            let v = raw[k * len + l].rem_euclid(n.max(1));
                            if raw[k * len + l] % 2 == 0 { v - n } else { v }
                        })
                        .collect()
                })
                .collect();
            let index: Vec<IndexElem> = (0..ndim)
                .map(|ax| match adv.iter().position(|&x| x == ax) {
                    Some(k) => IndexElem::from(lists[k].clone()),
                    None => IndexElem::from(..),
                })
                .collect();
            let got = a.index(&index).unwrap();
            let adjacent = adv.windows(2).all(|w| w[1] == w[0] + 1);
            let rest: Vec<usize> = (0..ndim).filter(|ax| !adv.contains(ax)).collect();
            let first = adv[0];
            let before = rest.iter().filter(|&&ax| ax < first).count();
            let mut want_shape: Vec<usize> = rest.iter().map(|&ax| shape[ax]).collect();
            want_shape.insert(if adjacent { before } else { 0 }, len);
            prop_assert_eq!(got.shape(), want_shape.as_slice());
            // Where each result position reads from.
            let source = |out: &[usize]| -> Vec<isize> {
                let at = if adjacent { before } else { 0 };
                let l = out[at];
                let mut others = out[..at].iter().chain(&out[at + 1..]);
                (0..ndim)
                    .map(|ax| match adv.iter().position(|&x| x == ax) {
                        Some(k) => {
                            let v = lists[k][l];
                            if v < 0 { v + shape[ax] as i64 } else { v }
                        }
                        None => *others.next().unwrap() as i64,
                    } as isize)
                    .collect()
            };
            for out in positions(&want_shape) {
                let o: Vec<isize> = out.iter().map(|&i| i as isize).collect();
                prop_assert_eq!(got.get(&o).unwrap(), a.get(&source(&out)).unwrap());
            }
            // Scatter the result negated back: every selected element is negated, and
            // nothing else changes (repeated positions get the same value either way).
            let mut b = a.clone();
            b.index_assign(&index, &got.negative().unwrap()).unwrap();
            let touched: Vec<Vec<isize>> = positions(&want_shape).iter().map(|o| source(o)).collect();
            for p in positions(&shape) {
                let q: Vec<isize> = p.iter().map(|&i| i as isize).collect();
                let old = a.get(&q).unwrap().to_f64();
                let want = if touched.contains(&q) { -old } else { old };
                prop_assert_eq!(b.get(&q).unwrap().to_f64(), want);
            }
            prop_assert_eq!(a.to_vec::<f64>().unwrap(), Array::arange(size as f64, DType::F64)
                .reshape(&shape.iter().map(|&n| n as isize).collect::<Vec<_>>()).unwrap()
                .to_vec::<f64>().unwrap());
        }
    }
}

mod against_take {
    //! Two independent implementations agree: fancy indexing (`index`, `ix_`) and the take
    //! family (`take` along an axis), on random index lists and layouts.
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn ix_is_take_along_each_axis(
            rows in proptest::collection::vec(-4i64..4, 0..6),
            cols in proptest::collection::vec(-5i64..5, 0..6),
            transposed in any::<bool>(),
        ) {
            let a = Array::arange(20.0, DType::I32).reshape(&[4, 5]).unwrap();
            let a = if transposed { a.t().copy().t() } else { a };
            let (r, c) = (Array::from_slice(&rows), Array::from_slice(&cols));
            let by_ix = a.index(ix_(&[&r, &c]).unwrap()).unwrap();
            let by_take = a.take(&r, Some(0)).unwrap().take(&c, Some(1)).unwrap();
            prop_assert_eq!(by_ix.shape(), by_take.shape());
            prop_assert_eq!(by_ix.to_vec::<i32>().unwrap(), by_take.to_vec::<i32>().unwrap());
            let on_cols = a.index(idx![.., &c]).unwrap();
            let taken = a.take(&c, Some(1)).unwrap();
            prop_assert_eq!(on_cols.to_vec::<i32>().unwrap(), taken.to_vec::<i32>().unwrap());
        }
    }
}
