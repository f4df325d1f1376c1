//! The take/put family against NumPy: `tests/data/take/cases.json`, written by
//! `scripts/gen_numpy_take.py` (seed section 6's examples, every function, non-contiguous
//! inputs, negative indices, modes, empty and 0-d arrays, several dtypes, and NumPy's errors).
//! Results match exactly (dtype, shape, every element); an error must be the numfuse variant
//! that corresponds to NumPy's exception, with NumPy's text where numfuse uses it. Also:
//! writes never leak into clones (copy-on-write), and `argpartition` keeps its partition
//! property on random data with NaN.

mod common;

use common::cases::{array_from_json, run_case_file};
use common::{Json, load_cases};
use numfuse::prelude::*;
use numfuse::{ClipMode, Element, choose, flatnonzero, ravel_multi_index, unravel_index};

fn mode(j: &Json) -> ClipMode {
    match j.str() {
        "raise" => ClipMode::Raise,
        "wrap" => ClipMode::Wrap,
        "clip" => ClipMode::Clip,
        other => panic!("unknown mode {other}"),
    }
}

fn axis(j: &Json) -> Option<isize> {
    j.opt().map(|a| a.int() as isize)
}

fn order(j: &Json) -> Order {
    if j.str() == "F" { Order::F } else { Order::C }
}

fn dims(j: &Json) -> Vec<usize> {
    j.ints().iter().map(|&d| d as usize).collect()
}

/// Runs a case: the result array (for writing functions, the target after the write).
fn run(c: &Json) -> numfuse::Result<Vec<Array>> {
    let arr = |k: &str| array_from_json(c.get(k));
    let one = |r: numfuse::Result<Array>| r.map(|a| vec![a]);
    match c.get("func").str() {
        "take" => {
            one(arr("a").take_mode(&arr("indices"), axis(c.get("axis")), mode(c.get("mode"))))
        }
        "put" => {
            let mut a = arr("a");
            a.put_mode(&arr("indices"), &arr("values"), mode(c.get("mode")))?;
            Ok(vec![a])
        }
        "putmask" => {
            let mut a = arr("a");
            a.putmask(&arr("mask"), &arr("values"))?;
            Ok(vec![a])
        }
        "place" => {
            let mut a = arr("a");
            a.place(&arr("mask"), &arr("values"))?;
            Ok(vec![a])
        }
        "put_along_axis" => {
            let mut a = arr("a");
            a.put_along_axis(&arr("indices"), &arr("values"), axis(c.get("axis")))?;
            Ok(vec![a])
        }
        "compress" => one(arr("a").compress(&arr("condition"), axis(c.get("axis")))),
        "choose" => {
            let choices: Vec<Array> = c.get("choices").arr().iter().map(array_from_json).collect();
            let refs: Vec<&Array> = choices.iter().collect();
            one(choose(&arr("indices"), &refs, mode(c.get("mode"))))
        }
        "take_along_axis" => one(arr("a").take_along_axis(&arr("indices"), axis(c.get("axis")))),
        "unravel_index" => {
            unravel_index(&arr("indices"), &dims(c.get("dims")), order(c.get("order")))
        }
        "ravel_multi_index" => {
            let multi: Vec<Array> = c.get("multi").arr().iter().map(array_from_json).collect();
            let refs: Vec<&Array> = multi.iter().collect();
            one(ravel_multi_index(
                &refs,
                &dims(c.get("dims")),
                mode(c.get("mode")),
                order(c.get("order")),
            ))
        }
        "flatnonzero" => one(flatnonzero(&arr("a"))),
        other => panic!("unknown func {other}"),
    }
}

/// True when numfuse's error is the variant that stands for NumPy's exception.
fn same_kind(e: &Error, numpy: &str, msg: &str) -> bool {
    if msg.starts_with("invalid entry") {
        // choose / ravel_multi_index: numfuse names the index, axis and length.
        return matches!(e, Error::IndexOutOfBounds { .. });
    }
    match numpy {
        "IndexError" if msg.starts_with("index ") => {
            // NumPy's exact words: "index 10 is out of bounds for axis 0 with size 10".
            matches!(e, Error::IndexOutOfBounds { .. }) && e.to_string() == msg
        }
        "IndexError" if msg.contains("integer array") => matches!(e, Error::DType { .. }),
        "IndexError" if msg.starts_with("shape mismatch") => matches!(e, Error::Shape { .. }),
        "IndexError" => matches!(e, Error::Index { .. } | Error::IndexOutOfBounds { .. }),
        "AxisError" => matches!(e, Error::AxisOutOfRange { .. }) && e.to_string() == msg,
        "TypeError" => matches!(e, Error::DType { .. } | Error::Cast { .. }),
        "ValueError" => matches!(
            e,
            Error::Value { .. } | Error::Shape { .. } | Error::Broadcast { .. }
        ),
        _ => false,
    }
}

/// Checks every case of the given functions; returns how many ran.
fn run_cases(funcs: &[&str]) -> usize {
    run_case_file("take/cases.json", funcs, run, same_kind)
}

#[test]
fn take_and_compress_match_numpy() {
    assert!(run_cases(&["take", "compress"]) >= 60);
}

#[test]
fn put_putmask_place_match_numpy() {
    assert!(run_cases(&["put", "putmask", "place"]) >= 60);
}

#[test]
fn choose_and_along_axis_match_numpy() {
    assert!(run_cases(&["choose", "take_along_axis", "put_along_axis"]) >= 40);
}

#[test]
fn index_conversions_match_numpy() {
    assert!(run_cases(&["unravel_index", "ravel_multi_index", "flatnonzero"]) >= 40);
}

/// NumPy's sort order on f64: NaN last.
fn le(a: f64, b: f64) -> bool {
    b.is_nan() || (!a.is_nan() && a <= b)
}

/// Checks that `p` (int64, same shape as `a`, along `axis` of `a`'s lanes) partitions `a` around
/// `kth`, and that the `kth` element equals `sorted_kth`.
fn check_partition(a: &Array, p: &Array, kth: usize, axis: usize, sorted: Option<&[f64]>) {
    let lanes = a.astype(DType::F64).moveaxis(axis as isize, -1).unwrap();
    let n = lanes.shape()[lanes.ndim() - 1];
    let vals = lanes.to_vec::<f64>().unwrap();
    let idx = p
        .moveaxis(axis as isize, -1)
        .unwrap()
        .to_vec::<i64>()
        .unwrap();
    for (lane, (v, ix)) in vals.chunks(n).zip(idx.chunks(n)).enumerate() {
        let mut seen = vec![false; n];
        for &i in ix {
            assert!(
                (0..n as i64).contains(&i) && !seen[i as usize],
                "not a permutation: {ix:?}"
            );
            seen[i as usize] = true;
        }
        let pivot = v[ix[kth] as usize];
        if let Some(s) = sorted {
            let want = s[lane * n + kth];
            assert!(
                pivot == want || (pivot.is_nan() && want.is_nan()),
                "kth {pivot} vs {want}"
            );
        }
        for (j, &i) in ix.iter().enumerate() {
            let x = v[i as usize];
            if j < kth {
                assert!(le(x, pivot), "lane {lane}: {x} before pivot {pivot}");
            } else if j > kth {
                assert!(le(pivot, x), "lane {lane}: {x} after pivot {pivot}");
            }
        }
    }
}

#[test]
fn argpartition_matches_numpys_sorted_lanes() {
    let mut checked = 0;
    for case in load_cases("take/cases.json") {
        if case.get("func").str() != "argpartition" {
            continue;
        }
        checked += 1;
        let name = case.get("name").str();
        let a = array_from_json(case.get("a"));
        let kth = case.get("kth").int() as isize;
        let ax = axis(case.get("axis"));
        let got = a.argpartition(kth, ax);
        let expect = case.get("expect");
        if let Json::Obj(m) = expect
            && m.iter().any(|(k, _)| k == "error")
        {
            let e = got.expect_err(name);
            assert!(
                same_kind(&e, expect.get("error").str(), expect.get("msg").str()),
                "{name}: {e}"
            );
            continue;
        }
        let p = got.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(p.dtype(), DType::I64, "{name}");
        let (src, axis) = match ax {
            None => (a.reshape(&[-1]).unwrap(), 0),
            Some(_) if a.ndim() == 0 => (a.reshape(&[1]).unwrap(), 0),
            Some(x) => (a.clone(), x.rem_euclid(a.ndim() as isize) as usize),
        };
        assert_eq!(p.shape(), src.shape(), "{name}");
        let sorted: Vec<f64> = {
            let s = array_from_json(&Json::Obj(vec![
                ("dtype".into(), expect.get("dtype").clone()),
                ("shape".into(), expect.get("shape").clone()),
                ("values".into(), expect.get("values").clone()),
                ("order".into(), Json::Str("C".into())),
                ("ops".into(), Json::Arr(vec![])),
            ]));
            s.astype(DType::F64)
                .moveaxis(axis as isize, -1)
                .unwrap()
                .to_vec()
                .unwrap()
        };
        let n = src.shape().get(axis).copied().unwrap_or(1);
        if n > 0 {
            let k = if kth < 0 { kth + n as isize } else { kth } as usize;
            check_partition(&src, &p, k, axis, Some(&sorted));
        }
    }
    assert!(checked >= 15, "{checked}");
}

#[test]
fn seed_top3_of_a_2d_array() {
    // top3_flat = argpartition(arr.flat, -3)[-3:]; top3_2d = array(unravel_index(...)).T
    let arr = Array::arange(24.0, DType::I64).reshape(&[4, 6]).unwrap();
    let top3_flat = arr.argpartition(-3, None).unwrap().slice(s![-3..]).unwrap();
    let rc = unravel_index(&top3_flat, arr.shape(), Order::C).unwrap();
    let (r, c) = (
        rc[0].to_vec::<i64>().unwrap(),
        rc[1].to_vec::<i64>().unwrap(),
    );
    let mut pairs: Vec<(i64, i64)> = r.into_iter().zip(c).collect();
    pairs.sort();
    assert_eq!(pairs, [(3, 3), (3, 4), (3, 5)]);
}

/// A small deterministic generator (xorshift), so the test needs no seed plumbing.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn argpartition_property_on_random_data_with_nan() {
    let mut s = 0x9e37_79b9_7f4a_7c15u64;
    for round in 0..200 {
        let rows = 1 + (next(&mut s) % 4) as usize;
        let n = 1 + (next(&mut s) % 17) as usize;
        let vals: Vec<f64> = (0..rows * n)
            .map(|_| match next(&mut s) % 8 {
                0 => f64::NAN,
                1 => -0.0,
                k => (k as f64 - 4.0) * (next(&mut s) % 5) as f64,
            })
            .collect();
        let a = Array::from_vec(vals, &[rows, n]).unwrap();
        let kth = (next(&mut s) % n as u64) as isize - if round % 2 == 0 { 0 } else { n as isize };
        let k = kth.rem_euclid(n as isize) as usize;
        let p = a.argpartition(kth, Some(-1)).unwrap();
        check_partition(&a, &p, k, 1, None);
        // The same along axis 0 of the transposed (non-contiguous) array.
        let t = a.t();
        let pt = t.argpartition(kth, Some(0)).unwrap();
        check_partition(&t, &pt, k, 0, None);
        // Integers and f32 too.
        let ints = a.astype(DType::I16);
        check_partition(&ints, &ints.argpartition(kth, Some(1)).unwrap(), k, 1, None);
        let f = a.astype(DType::F32);
        check_partition(&f, &f.argpartition(kth, Some(1)).unwrap(), k, 1, None);
    }
}

fn vec_of<T: Element>(a: &Array) -> Vec<T> {
    a.to_vec::<T>().unwrap()
}

#[test]
fn writes_do_not_leak_into_clones() {
    let base = Array::arange(12.0, DType::F64).reshape(&[3, 4]).unwrap();
    let before = vec_of::<f64>(&base);
    let idx = array![0i64, 5, -1];

    let mut a = base.clone();
    a.put(&idx, &array![-1.0]).unwrap();
    assert_eq!(vec_of::<f64>(&base), before);
    assert_eq!(vec_of::<f64>(&a)[..6], [-1.0, 1.0, 2.0, 3.0, 4.0, -1.0]);

    let mut a = base.clone();
    let mask = base.greater(5.0).unwrap();
    a.putmask(&mask, &base.power(2.0).unwrap()).unwrap();
    assert_eq!(vec_of::<f64>(&base), before);
    assert_eq!(vec_of::<f64>(&a)[6], 36.0);

    let mut a = base.clone();
    a.place(&mask, &array![7.0]).unwrap();
    assert_eq!(vec_of::<f64>(&base), before);

    let mut a = base.clone();
    a.put_along_axis(&array![[0i64], [1], [2]], &Array::scalar(0.0), Some(1))
        .unwrap();
    assert_eq!(vec_of::<f64>(&base), before);
    assert_eq!(vec_of::<f64>(&a)[..6], [0.0, 1.0, 2.0, 3.0, 4.0, 0.0]);

    // A view (transposed, sharing the buffer) as the target: copies, the base is unchanged.
    let mut t = base.t();
    t.put(&array![1i64], &array![100.0]).unwrap();
    assert_eq!(vec_of::<f64>(&base), before);
    assert_eq!(t.get(&[0, 1]).unwrap(), Scalar::F64(100.0));

    // Values taken from the target itself.
    let mut a = base.clone();
    let src = a.clone();
    a.putmask(&mask, &src.slice(s![..;-1]).unwrap()).unwrap();
    assert_eq!(vec_of::<f64>(&src), before);
    assert_eq!(vec_of::<f64>(&a)[11], 3.0); // row 0 of the reversed rows
}

#[test]
fn read_only_targets_are_refused() {
    let mut b = Array::arange(3.0, DType::F64)
        .broadcast_to(&[2, 3])
        .unwrap();
    let err = b.put(&array![0i64], &array![1.0]).unwrap_err();
    assert!(matches!(err, Error::ReadOnly { .. }), "{err}");
    assert!(
        b.putmask(&Array::ones(&[2, 3], DType::Bool), &array![1.0])
            .is_err()
    );
}

#[test]
fn failed_put_writes_nothing() {
    // NumPy writes the 5 before refusing index 20; numfuse checks every index first.
    let mut a = Array::arange(10.0, DType::I64);
    let err = a.put(&array![0i64, 20], &array![5i64, 6]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "index 20 is out of bounds for axis 0 with size 10"
    );
    assert_eq!(vec_of::<i64>(&a), (0..10).collect::<Vec<i64>>());
}

#[test]
fn float_indices_are_refused_everywhere() {
    let a = Array::arange(4.0, DType::F64);
    let f = array![1.0];
    assert!(matches!(a.take(&f, None), Err(Error::DType { .. })));
    // NumPy's put truncates float indices; numfuse refuses them like every other function.
    assert!(matches!(a.clone().put(&f, &f), Err(Error::DType { .. })));
    assert!(matches!(
        choose(&f, &[&a, &a], ClipMode::Raise),
        Err(Error::DType { .. })
    ));
    assert!(matches!(
        unravel_index(&f, &[4], Order::C),
        Err(Error::DType { .. })
    ));
}

#[test]
fn uint64_indices_are_accepted() {
    // NumPy's put and choose refuse uint64 indices under the safe rule; numfuse takes any
    // integer index, as NumPy's take does.
    let mut a = Array::arange(4.0, DType::I64);
    a.put(&Array::from_slice(&[3u64]), &array![9i64]).unwrap();
    assert_eq!(vec_of::<i64>(&a), [0, 1, 2, 9]);
    let c = choose(
        &Array::from_slice(&[1u64, 0]),
        &[&array![1, 2], &array![3, 4]],
        ClipMode::Raise,
    )
    .unwrap();
    assert_eq!(vec_of::<i32>(&c), [3, 2]);
}

#[test]
fn errors_name_what_was_wrong() {
    let a = Array::arange(6.0, DType::F64).reshape(&[2, 3]).unwrap();
    let e = a
        .take_along_axis(&array![[0i64], [1], [0]], Some(1))
        .unwrap_err()
        .to_string();
    assert!(e.contains("(3, 1)") && e.contains("(2, 3)"), "{e}");
    let e = a
        .clone()
        .putmask(&array![true], &array![1.0])
        .unwrap_err()
        .to_string();
    assert!(e.contains("(1,)") && e.contains("(2, 3)"), "{e}");
    let e = ravel_multi_index(
        &[&array![1i64], &array![4i64]],
        &[2, 3],
        ClipMode::Raise,
        Order::C,
    )
    .unwrap_err()
    .to_string();
    assert_eq!(e, "index 4 is out of bounds for axis 1 with size 3");
    let e = choose(&array![2i64], &[&a, &a], ClipMode::Raise)
        .unwrap_err()
        .to_string();
    assert_eq!(e, "index 2 is out of bounds for axis 0 with size 2");
}
